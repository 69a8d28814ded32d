// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the lab hosts.
 *
 * Mounts the pseudo file systems, runs the one command whose argv lab/run
 * wrote into /lab/argv (NUL-separated), prints a marker line with its exit
 * status and ends the machine: power-off on ppc64, reboot on e500 (the QEMU
 * ppce500 machine cannot power off, so lab/run starts QEMU with -no-reboot).
 *
 * Static C rather than a shell script so that the argv reaches the command
 * byte for byte, whatever it contains.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARGV_FILE	"/lab/argv"
#define MARKER		"KVMPPC_BT_LAB_EXIT"
#define MAX_ARGV	(1 << 20)

static void msg(const char *s)
{
	if (write(2, s, strlen(s)) < 0)
		return;
}

static void do_mount(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY) {
		fprintf(stderr, "lab init: mount %s on %s: %s\n", type, dir, strerror(errno));
	}
}

static void console(void)
{
	int fd = open("/dev/console", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void run_quiet(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* Read the NUL-separated argv; returns the number of arguments, or -1. */
static int read_argv(char ***out)
{
	static char buf[MAX_ARGV];
	char **argv;
	ssize_t len = 0, n;
	int fd, argc = 0, i;
	char *p;

	fd = open(ARGV_FILE, O_RDONLY);
	if (fd < 0)
		return -1;
	while (len < MAX_ARGV - 1 && (n = read(fd, buf + len, MAX_ARGV - 1 - len)) > 0)
		len += n;
	close(fd);
	if (len == 0 || buf[len - 1] != '\0')
		return -1;
	for (i = 0; i < len; i++)
		argc += buf[i] == '\0';
	argv = calloc(argc + 1, sizeof(*argv));
	if (!argv)
		return -1;
	for (i = 0, p = buf; i < argc; i++, p += strlen(p) + 1)
		argv[i] = p;
	*out = argv;
	return argc;
}

static int run(char **argv)
{
	int status = 0;
	pid_t pid, w;

	pid = fork();
	if (pid < 0)
		return 126;
	if (pid == 0) {
		setsid();
		ioctl(0, TIOCSCTTY, 1);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "lab init: %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	/* init reaps every orphan until its own child ends. */
	for (;;) {
		w = wait(&status);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return 126;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int main(void)
{
	char *install[] = { "/bin/busybox", "--install", "-s", NULL };
	char **argv = NULL;
	char line[64];
	int rc;

	do_mount("devtmpfs", "/dev", "devtmpfs");
	console();
	do_mount("proc", "/proc", "proc");
	do_mount("sysfs", "/sys", "sysfs");
	do_mount("debugfs", "/sys/kernel/debug", "debugfs");
	do_mount("tracefs", "/sys/kernel/tracing", "tracefs");
	do_mount("tmpfs", "/tmp", "tmpfs");
	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, NULL);
	mkdir("/bin", 0755);
	mkdir("/sbin", 0755);
	mkdir("/usr/bin", 0755);
	mkdir("/usr/sbin", 0755);
	run_quiet(install);

	setenv("PATH", "/sbin:/usr/sbin:/bin:/usr/bin", 1);
	setenv("HOME", "/root", 1);
	setenv("TERM", "vt100", 1);
	mkdir("/root", 0700);
	if (chdir("/root"))
		msg("lab init: cannot chdir to /root\n");

	if (read_argv(&argv) < 1) {
		msg("lab init: no command in " ARGV_FILE "\n");
		rc = 125;
	} else {
		rc = run(argv);
	}

	/* Nothing of the command may outlive it. */
	kill(-1, SIGKILL);
	while (wait(NULL) > 0)
		;
	snprintf(line, sizeof(line), "\n" MARKER "=%d\n", rc);
	if (write(1, line, strlen(line)) < 0)
		return 1;
	sync();
#ifdef __powerpc64__
	reboot(RB_POWER_OFF);
#else
	reboot(RB_AUTOBOOT);
#endif
	return 0;
}
