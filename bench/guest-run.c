// SPDX-License-Identifier: GPL-2.0
/*
 * guest-run: run one benchmark guest boot inside a lab host and measure it.
 *
 *   guest-run [--tag T] [--save DIR] [--timeout S] -- VMM [ARGS...]
 *
 * Starts the VMM (Debian's QEMU in the ppc64 lab, bench/e500-vmm in the e500
 * lab) with its console on a pipe, timestamps every console line with the
 * lab host's CLOCK_MONOTONIC (emulated instructions under QEMU -icount), and
 * watches for:
 *   "Booting Linux via __start"  end of the firmware phase (SLOF, ppc64)
 *   "KBT-GUEST-INIT"             the guest's init runs
 *   "KBT-GUEST-WORKLOAD ..."     workload results
 *   "reboot: Power down" or "KBT-GUEST-DONE"   the guest is done
 *   "KBT-VMM exit="              e500-vmm --hold: the guest reset, the VM
 *                                is kept for us
 * KVM's per-VM counters (debugfs kvm/<pid>-<fd>/) are read at the start of
 * the kernel phase and at the end, while the VM still exists (QEMU runs with
 * -no-shutdown); with kvmppc_bt loaded, its per-VM stats and sites are saved
 * to DIR.  Then the VMM is stopped and one line is printed:
 *   KBT-RUN tag=T boot_ns=.. fw_ns=.. kernel_ns=.. init_ns=.. emul=..
 *           emul_fw=.. sum=.. sum_fw=.. [workload fields] [bt fields]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KVM_DEBUGFS	"/sys/kernel/debug/kvm"
#define BT_DEBUGFS	"/sys/kernel/debug/kvmppc_bt"

static unsigned long long t0;
static pid_t child;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec - t0;
}

/* The VM's debugfs directory name, "<pid>-<fd>", or "" while there is none. */
static void vm_dir(pid_t pid, char *name, size_t len)
{
	char prefix[32];
	struct dirent *e;
	DIR *d = opendir(KVM_DEBUGFS);

	name[0] = '\0';
	if (!d)
		return;
	snprintf(prefix, sizeof(prefix), "%d-", (int)pid);
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, prefix, strlen(prefix)) && strlen(e->d_name) < len)
			memcpy(name, e->d_name, strlen(e->d_name) + 1);
	closedir(d);
}

static long long read_ll(const char *path)
{
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static long long kvm_stat(const char *vm, const char *stat)
{
	char path[256];

	if (!vm[0])
		return -1;
	snprintf(path, sizeof(path), KVM_DEBUGFS "/%s/%s", vm, stat);
	return read_ll(path);
}

/* e500: the guest TLB misses KVM served from its own TLB (-1 elsewhere). */
static long long tlb_misses(const char *vm)
{
	long long i = kvm_stat(vm, "itlb_virt_miss_exits");
	long long d = kvm_stat(vm, "dtlb_virt_miss_exits");

	return i < 0 || d < 0 ? -1 : i + d;
}

static void copy_file(const char *from, const char *to)
{
	char buf[8192];
	ssize_t n;
	int in = open(from, O_RDONLY), out;

	if (in < 0)
		return;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out >= 0) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, n) != n)
				break;
		close(out);
	}
	close(in);
}

/* kvmppc_bt's counter of this VM (from its stats file), or -1. */
static long long bt_stat(const char *vm, const char *key)
{
	char path[256], line[256];
	long long v = -1;
	size_t k = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), BT_DEBUGFS "/vm-%s/stats", vm);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, k) && line[k] == ' ')
			v = strtoll(line + k + 1, NULL, 10);
	fclose(f);
	return v;
}

static volatile sig_atomic_t timed_out;

/* Interrupts the console read: the VM's state is still saved. */
static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

int main(int argc, char **argv)
{
	const char *tag = "run", *save = NULL;
	long long emul_fw = -1, sum_fw = -1, hc_fw = -1;
	unsigned long long t_fw = 0, t_init = 0, t_down = 0;
	char vm[64] = "", line[4096], workload[512] = "";
	int pfd[2], timeout = 3600, i, st;
	FILE *con;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--tag") && i + 1 < argc)
			tag = argv[++i];
		else if (!strcmp(argv[i], "--save") && i + 1 < argc)
			save = argv[++i];
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = atoi(argv[++i]);
		else
			break;
	}
	if (i >= argc - 1 || strcmp(argv[i], "--")) {
		fprintf(stderr, "usage: guest-run [--tag T] [--save DIR] [--timeout S] -- VMM [ARGS...]\n");
		return 2;
	}
	{
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		t0 = (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	}
	if (pipe(pfd))
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		execvp(argv[i + 1], argv + i + 1);
		_exit(127);
	}
	close(pfd[1]);
	{
		struct sigaction sa = { .sa_handler = on_alarm };

		sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	}
	alarm(timeout);
	con = fdopen(pfd[0], "r");
	while (con && fgets(line, sizeof(line), con)) {
		unsigned long long t = now_ns();

		line[strcspn(line, "\r\n")] = '\0';
		printf("[%llu] %s\n", t, line);
		fflush(stdout);
		if (!vm[0])
			vm_dir(child, vm, sizeof(vm));
		if (!t_fw && strstr(line, "Booting Linux via __start")) {
			t_fw = t;
			emul_fw = kvm_stat(vm, "emulated_inst_exits");
			sum_fw = kvm_stat(vm, "sum_exits");
			hc_fw = bt_stat(vm, "traps");
		} else if (!t_init && strstr(line, "KBT-GUEST-INIT")) {
			t_init = t;
		} else if (strstr(line, "KBT-GUEST-WORKLOAD ")) {
			snprintf(workload, sizeof(workload), "%s",
				 strstr(line, "KBT-GUEST-WORKLOAD ") + 19);
		} else if (strstr(line, "reboot: Power down") || strstr(line, "KBT-GUEST-DONE")) {
			if (!t_down)
				t_down = t;
			if (strstr(line, "reboot: Power down"))
				break;
		} else if (!strncmp(line, "KBT-VMM exit=", 13)) {
			break;
		}
	}
	alarm(0);
	if (timed_out)
		printf("KBT-RUN-TIMEOUT tag=%s after %d s\n", tag, timeout);
	/* The VM is still there (-no-shutdown): its counters, then stop it. */
	if (!vm[0])
		vm_dir(child, vm, sizeof(vm));
	printf("KBT-RUN tag=%s vm=%s boot_ns=%llu fw_ns=%llu kernel_ns=%llu init_ns=%llu "
	       "emul=%lld emul_fw=%lld sum=%lld sum_fw=%lld bt_traps=%lld bt_traps_fw=%lld "
	       "bt_patched=%lld tlb=%lld bt_split=%lld %s\n",
	       tag, vm[0] ? vm : "-", t_down, t_fw, t_fw && t_down ? t_down - t_fw : 0,
	       t_init, kvm_stat(vm, "emulated_inst_exits"), emul_fw, kvm_stat(vm, "sum_exits"),
	       sum_fw, bt_stat(vm, "traps"), hc_fw, bt_stat(vm, "patched"), tlb_misses(vm),
	       bt_stat(vm, "split_maps"), workload);
	if (save && vm[0]) {
		char from[256], to[512];

		snprintf(from, sizeof(from), BT_DEBUGFS "/vm-%s/sites", vm);
		snprintf(to, sizeof(to), "%s/%s.sites", save, tag);
		copy_file(from, to);
		snprintf(from, sizeof(from), BT_DEBUGFS "/vm-%s/stats", vm);
		snprintf(to, sizeof(to), "%s/%s.stats", save, tag);
		copy_file(from, to);
	}
	fflush(stdout);
	kill(child, SIGKILL);
	waitpid(child, &st, 0);
	return timed_out ? 3 : t_down ? 0 : 1;
}
