// SPDX-License-Identifier: GPL-2.0
/*
 * e500-vmm [options] KERNEL INITRD
 *
 * Boot a Linux guest (ELF vmlinux, CONFIG_PPC_QEMU_E500, uniprocessor) under
 * e500v2 KVM and run it until it resets.  The guest console goes to stdout
 * line by line (with --stamp, each line prefixed with "[<ns>] ", the host's
 * CLOCK_MONOTONIC since the VMM started).  At the end one summary line:
 *
 *   KBT-VMM exit=<reset|timeout|error> ns=<total> emulated_inst_exits=<n>
 *           sum_exits=<n> mmio_exits=<n> dtlb_exits=<n> itlb_exits=<n> dec_exits=<n>
 *
 * read from KVM's binary vcpu stats (-1 for a stat KVM lacks).  Exit status:
 * 0 when the guest resets (GUTS RSTCR), 3 on --timeout, 1 on any error,
 * 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "vmm.h"

#define DEFAULT_MEM_MB		256
#define DEFAULT_CMDLINE		"console=ttyS0"

static struct vmm the_vmm = {
	.kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1, .mpic_fd = -1, .stats_fd = -1,
};

static uint64_t start_ns;
static volatile sig_atomic_t timed_out;

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

uint64_t vmm_now_ns(void)
{
	return mono_ns() - start_ns;
}

static void stat_print(char **p, size_t *left, const char *label, const char *a, const char *b)
{
	struct vmm *vmm = &the_vmm;
	uint64_t va = 0, vb = 0;
	long long v = -1;
	int n;

	if (!kvm_stat(vmm, a, &va) && (!b || !kvm_stat(vmm, b, &vb)))
		v = (long long)(va + vb);
	n = snprintf(*p, *left, " %s=%lld", label, v);
	if (n > 0 && (size_t)n < *left) {
		*p += n;
		*left -= n;
	}
}

/* Print the summary (once the vcpu exists), tear the VM down, exit. */
static void __noreturn finish(const char *reason, int status)
{
	struct vmm *vmm = &the_vmm;
	char buf[512], *p = buf;
	size_t left = sizeof(buf);
	int n;

	console_flush();
	if (vmm->unknown_mmio)
		fprintf(stderr, "e500-vmm: %llu MMIO accesses to unknown addresses\n",
			vmm->unknown_mmio);
	if (vmm->vcpu_fd >= 0) {
		n = snprintf(p, left, "KBT-VMM exit=%s ns=%" PRIu64, reason, vmm_now_ns());
		p += n;
		left -= n;
		stat_print(&p, &left, "emulated_inst_exits", "emulated_inst_exits", NULL);
		stat_print(&p, &left, "sum_exits", "sum_exits", NULL);
		stat_print(&p, &left, "mmio_exits", "mmio_exits", NULL);
		stat_print(&p, &left, "dtlb_exits", "dtlb_real_miss_exits", "dtlb_virt_miss_exits");
		stat_print(&p, &left, "itlb_exits", "itlb_real_miss_exits", "itlb_virt_miss_exits");
		stat_print(&p, &left, "dec_exits", "dec_exits", NULL);
		dprintf(STDOUT_FILENO, "%s\n", buf);
	}
	/* --hold: the VM stays (its debugfs counters readable) until we are killed. */
	while (vmm->hold)
		pause();
	kvm_destroy(vmm);
	exit(status);
}

static void vdie(int err, const char *fmt, va_list ap)
{
	console_flush();
	fprintf(stderr, "e500-vmm: ");
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fprintf(stderr, "\n");
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(0, fmt, ap);
	va_end(ap);
	finish("error", 1);
}

void die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vdie(err, fmt, ap);
	va_end(ap);
	finish("error", 1);
}

static void __noreturn usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "e500-vmm: %s\n", msg);
	fprintf(stderr,
		"usage: e500-vmm [options] KERNEL INITRD\n"
		"  -m, --mem MB        guest RAM (default %d)\n"
		"      --hugetlb       back guest RAM with huge pages (reserved on demand)\n"
		"      --pv            add the /hypervisor node (KVM paravirt for CONFIG_KVM_GUEST)\n"
		"      --stamp         prefix each console line with [<ns since start>]\n"
		"      --hold          at the end, keep the VM until killed (counters stay readable)\n"
		"      --append ARGS   add ARGS to the kernel command line (\"%s\")\n"
		"      --cmdline ARGS  replace the kernel command line\n"
		"      --timeout S     give up after S seconds (exit status 3)\n"
		"KERNEL is an ELF vmlinux, INITRD a cpio archive.  Exit status: 0 when the\n"
		"guest resets, 3 on timeout, 1 on error.\n",
		DEFAULT_MEM_MB, DEFAULT_CMDLINE);
	exit(2);
}

static unsigned long parse_uint(const char *s, const char *what, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v == 0 || v > max) {
		char msg[128];

		snprintf(msg, sizeof(msg), "%s must be a number from 1 to %lu", what, max);
		usage(msg);
	}
	return v;
}

static void parse_args(struct vmm *vmm, int argc, char **argv)
{
	enum { OPT_HUGETLB = 256, OPT_PV, OPT_STAMP, OPT_HOLD, OPT_APPEND, OPT_CMDLINE, OPT_TIMEOUT };
	static const struct option opts[] = {
		{ "mem", required_argument, NULL, 'm' },
		{ "hugetlb", no_argument, NULL, OPT_HUGETLB },
		{ "pv", no_argument, NULL, OPT_PV },
		{ "stamp", no_argument, NULL, OPT_STAMP },
		{ "hold", no_argument, NULL, OPT_HOLD },
		{ "append", required_argument, NULL, OPT_APPEND },
		{ "cmdline", required_argument, NULL, OPT_CMDLINE },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *base = DEFAULT_CMDLINE, *append = NULL;
	static char cmdline[2048];
	int c;

	vmm->mem_size = (uint64_t)DEFAULT_MEM_MB * MIB;
	while ((c = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			/* Below 32 MiB nothing fits; above 3 GiB the 32-bit VMM cannot map it. */
			vmm->mem_size = parse_uint(optarg, "-m", 3072) * MIB;
			if (vmm->mem_size < 32 * MIB)
				usage("-m must be at least 32 (MiB)");
			break;
		case OPT_HUGETLB:
			vmm->hugetlb = true;
			break;
		case OPT_PV:
			vmm->pv = true;
			break;
		case OPT_STAMP:
			vmm->stamp = true;
			break;
		case OPT_HOLD:
			vmm->hold = true;
			break;
		case OPT_APPEND:
			append = optarg;
			break;
		case OPT_CMDLINE:
			base = optarg;
			break;
		case OPT_TIMEOUT:
			vmm->timeout = parse_uint(optarg, "--timeout", 86400);
			break;
		case 'h':
			usage(NULL);
		default:
			usage(NULL);
		}
	}
	if (argc - optind != 2)
		usage("need a KERNEL and an INITRD");
	vmm->kernel_path = argv[optind];
	vmm->initrd_path = argv[optind + 1];
	if ((size_t)snprintf(cmdline, sizeof(cmdline), "%s%s%s", base, append ? " " : "",
			     append ? append : "") >= sizeof(cmdline))
		usage("the kernel command line is too long");
	vmm->cmdline = cmdline;
}

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static void __noreturn timeout_exit(struct vmm *vmm)
{
	bool ok;
	uint64_t pc = kvm_guest_pc(vmm, &ok);

	console_flush();
	if (ok)
		dprintf(STDOUT_FILENO, "e500-vmm: timeout after %u s, guest pc 0x%" PRIx64 "\n",
			vmm->timeout, pc);
	else
		dprintf(STDOUT_FILENO, "e500-vmm: timeout after %u s (KVM_GET_REGS: %s)\n",
			vmm->timeout, strerror(errno));
	finish("timeout", 3);
}

static const char *exit_name(uint32_t reason)
{
	static const char *const names[] = {
		[KVM_EXIT_UNKNOWN] = "KVM_EXIT_UNKNOWN",
		[KVM_EXIT_EXCEPTION] = "KVM_EXIT_EXCEPTION",
		[KVM_EXIT_IO] = "KVM_EXIT_IO",
		[KVM_EXIT_HYPERCALL] = "KVM_EXIT_HYPERCALL",
		[KVM_EXIT_DEBUG] = "KVM_EXIT_DEBUG",
		[KVM_EXIT_HLT] = "KVM_EXIT_HLT",
		[KVM_EXIT_MMIO] = "KVM_EXIT_MMIO",
		[KVM_EXIT_SHUTDOWN] = "KVM_EXIT_SHUTDOWN",
		[KVM_EXIT_FAIL_ENTRY] = "KVM_EXIT_FAIL_ENTRY",
		[KVM_EXIT_INTR] = "KVM_EXIT_INTR",
		[KVM_EXIT_DCR] = "KVM_EXIT_DCR",
		[KVM_EXIT_INTERNAL_ERROR] = "KVM_EXIT_INTERNAL_ERROR",
		[KVM_EXIT_OSI] = "KVM_EXIT_OSI",
		[KVM_EXIT_PAPR_HCALL] = "KVM_EXIT_PAPR_HCALL",
		[KVM_EXIT_WATCHDOG] = "KVM_EXIT_WATCHDOG",
		[KVM_EXIT_EPR] = "KVM_EXIT_EPR",
		[KVM_EXIT_SYSTEM_EVENT] = "KVM_EXIT_SYSTEM_EVENT",
	};

	if (reason < ARRAY_SIZE(names) && names[reason])
		return names[reason];
	return "?";
}

static void __noreturn unhandled_exit(struct vmm *vmm)
{
	struct kvm_run *run = vmm->run;
	bool ok;
	uint64_t pc = kvm_guest_pc(vmm, &ok);

	console_flush();
	fprintf(stderr, "e500-vmm: unhandled exit reason %u (%s)", run->exit_reason,
		exit_name(run->exit_reason));
	if (ok)
		fprintf(stderr, " at guest pc 0x%" PRIx64, pc);
	else
		fprintf(stderr, " (KVM_GET_REGS: %s)", strerror(errno));
	if (run->exit_reason == KVM_EXIT_UNKNOWN)
		fprintf(stderr, ", hardware exit reason 0x%llx",
			(unsigned long long)run->hw.hardware_exit_reason);
	else if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		fprintf(stderr, ", suberror %u", run->internal.suberror);
	fprintf(stderr, "\n");
	finish("error", 1);
}

static void __noreturn run_loop(struct vmm *vmm)
{
	for (;;) {
		if (timed_out)
			timeout_exit(vmm);
		if (ioctl(vmm->vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die_errno("KVM_RUN");
		}
		switch (vmm->run->exit_reason) {
		case KVM_EXIT_MMIO:
			mmio_exit(vmm);
			if (vmm->reset_requested) {
				console_flush();
				dprintf(STDOUT_FILENO,
					"e500-vmm: the guest requested a reset (GUTS RSTCR = 0x%x): %s\n",
					vmm->rstcr_value, "power-off");
				finish("reset", 0);
			}
			break;
		case KVM_EXIT_INTR:
			break;
		default:
			unhandled_exit(vmm);
		}
	}
}

int main(int argc, char **argv)
{
	struct vmm *vmm = &the_vmm;
	struct sigaction sa;

	start_ns = mono_ns();
	parse_args(vmm, argc, argv);
	console_init(vmm->stamp);

	read_host_freqs(vmm);
	kvm_open(vmm);
	kvm_create_memory(vmm);
	load_kernel(vmm);
	load_initrd(vmm);
	build_fdt(vmm);
	kvm_create_machine(vmm);
	kvm_set_boot_state(vmm);
	fprintf(stderr, "e500-vmm: %" PRIu64 " MiB%s, entry 0x%" PRIx64 ", initrd 0x%" PRIx64
		"+0x%" PRIx64 ", dtb 0x%" PRIx64 "+0x%" PRIx64 ", initial map %" PRIu64
		" MiB, timebase %u Hz%s, cmdline \"%s\"; set up in %" PRIu64 " ns\n",
		vmm->mem_size / MIB, vmm->hugetlb ? " (hugetlb)" : "", vmm->lay.entry,
		vmm->lay.initrd_base, vmm->lay.initrd_size, vmm->lay.dtb_base,
		vmm->lay.dtb_size, vmm->lay.map_size / MIB, vmm->tb_freq,
		vmm->pv ? ", pv" : "", vmm->cmdline, vmm_now_ns());

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: KVM_RUN returns EINTR */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) < 0)
		die_errno("sigaction(SIGALRM)");
	if (vmm->timeout)
		alarm(vmm->timeout);

	run_loop(vmm);
}
