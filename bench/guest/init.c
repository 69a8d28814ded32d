// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the benchmark guests (Linux under KVM inside a lab host).
 *
 * Prints a marker when user space is reached, optionally runs the
 * kernel-heavy workload ("kbt.workload=N" on the kernel command line: N
 * fork+exit+wait, N pipe round trips, N sched_yield switches), prints
 * its results, and ends the guest: reboot on e500 (the VMM treats the GUTS
 * reset as power-off), power-off on ppc64.
 *
 * Output lines, each starting at a line start:
 *   KBT-GUEST-INIT uptime=<s>
 *   KBT-GUEST-PV patching=worked|failed|none   (the kernel's KVM live patching,
 *                                        from its log: the pv guest's check)
 *   KBT-GUEST-WORKLOAD n=<N> fork_ns=<ns> pipe_ns=<ns> yield_ns=<ns>
 *   KBT-GUEST-DONE
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

static unsigned long long do_fork(long n)
{
	unsigned long long t0 = now_ns();
	long i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	return now_ns() - t0;
}

static unsigned long long do_pipe(long n)
{
	int up[2], down[2];
	unsigned long long t0;
	char c = 'x';
	pid_t pid;
	long i;

	if (pipe(up) || pipe(down))
		return 0;
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < n; i++)
			if (read(down[0], &c, 1) != 1 || write(up[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1)
			break;
	t0 = now_ns() - t0;
	waitpid(pid, NULL, 0);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
	return t0;
}

static unsigned long long do_yield(long n)
{
	unsigned long long t0 = now_ns();
	pid_t pid = fork();
	long i;

	for (i = 0; i < n; i++)
		sched_yield();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return now_ns() - t0;
}

/* Did the kernel's KVM paravirt (CONFIG_KVM_GUEST) patch itself? */
static const char *pv_patching(void)
{
	const char *r = "none";
	char rec[1024];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return "unknown";
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0) {
		rec[n] = '\0';
		if (strstr(rec, "Live patching for a fast VM worked"))
			r = "worked";
		else if (strstr(rec, "Live patching for a fast VM failed"))
			r = "failed";
	}
	close(fd);
	return r;
}

int main(void)
{
	char cmdline[1024], up[64], *w;
	long n = 0;

	mount("proc", "/proc", "proc", 0, NULL);
	read_file("/proc/uptime", up, sizeof(up));
	up[strcspn(up, " \n")] = '\0';
	printf("\nKBT-GUEST-INIT uptime=%s\n", up);
	printf("KBT-GUEST-PV patching=%s\n", pv_patching());
	fflush(stdout);
	read_file("/proc/cmdline", cmdline, sizeof(cmdline));
	w = strstr(cmdline, "kbt.workload=");
	if (w)
		n = strtol(w + strlen("kbt.workload="), NULL, 10);
	if (n > 0) {
		unsigned long long f = do_fork(n), p = do_pipe(n), y = do_yield(n);

		printf("KBT-GUEST-WORKLOAD n=%ld fork_ns=%llu pipe_ns=%llu yield_ns=%llu\n",
		       n, f, p, y);
	}
	printf("KBT-GUEST-DONE\n");
	fflush(stdout);
	sync();
#ifdef __powerpc64__
	reboot(RB_POWER_OFF);
#else
	reboot(RB_AUTOBOOT);
#endif
	for (;;)
		pause();
}
