// SPDX-License-Identifier: GPL-2.0
/*
 * bt-loop WORKLOAD N: run one benchmark guest loop (loop_guest_<lab>.S) in
 * a fresh VM and print, on one line:
 *   workload=W n=N traps=T guest_ns=G
 * traps: KVM's emulated_inst_exits; guest_ns: CLOCK_MONOTONIC around
 * KVM_RUN in the lab host, which under QEMU -icount shift=0 counts emulated
 * instructions of the whole host, exits included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmm.h"

GUEST_CODE(loop_guest, GUEST_BIN);

static const struct {
	const char *name;
	unsigned int off;
} workloads[] = {
	{ "priv7", 0 },
	{ "sprg", 0x400 },
	{ "mfmsr", 0x800 },
	{ "base", 0xc00 },
};

/*
 * One loop per rewrite class (WORKLOAD "class:<name>"): the SLOT loop with
 * one representative instruction of the class, plus an instruction that is
 * never rewritten, for reference.  Names as in the uapi header.
 */
#define SLOT_OFF	0x1000
#define SLOT_INSN	(GUEST_ENTRY + SLOT_OFF + 4)
#define MFSPR(rt, spr)	(0x7c0002a6u | (rt) << 21 | ((spr) & 0x1f) << 16 | ((spr) >> 5) << 11)
#define MTSPR(spr, rs)	(0x7c0003a6u | (rs) << 21 | ((spr) & 0x1f) << 16 | ((spr) >> 5) << 11)

static const struct {
	const char *name;
	uint32_t insn;
} classes[] = {
	{ "mfmsr", 0x7ca000a6u },		/* mfmsr r5 */
	{ "mfsprg", MFSPR(5, 273) },		/* SPRG1 */
	{ "mtsprg", MTSPR(273, 5) },
	{ "mfsrr", MFSPR(5, 26) },		/* SRR0 */
	{ "mtsrr", MTSPR(26, 5) },
#ifdef LAB_E500
	{ "mffault", MFSPR(5, 61) },		/* DEAR */
	{ "mtfault", MTSPR(61, 5) },
	{ "mfmas", MFSPR(5, 625) },		/* MAS1 */
	{ "mtmas", MTSPR(625, 5) },
	{ "mfpir", MFSPR(5, 286) },
	{ "tlbsync", 0x7c00046cu },
	{ "wrteei", 0x7c008146u },		/* wrteei 1: never rewritten */
#else
	{ "mffault", MFSPR(5, 19) },		/* DAR */
	{ "mtfault", MTSPR(19, 5) },
	{ "tlbsync", 0x7c00046cu },
	{ "mfzero", MFSPR(5, 17) },		/* DSCR */
	{ "mfmirror", MFSPR(5, 153) },		/* FSCR */
	{ "mtmsrd", 0x7ca10164u },		/* mtmsrd r5,1: never rewritten */
#endif
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct vcpu *vcpu;
	struct vm *vm;
	uint64_t n, t0, t1, e0;
	unsigned int i, c = 0, off;

	if (argc != 3) {
		fprintf(stderr, "usage: bt-loop priv7|sprg|mfmsr|base|class:<name> N\n");
		return 2;
	}
	n = strtoull(argv[2], NULL, 0);
	if (!strncmp(argv[1], "class:", 6)) {
		for (c = 0; c < sizeof(classes) / sizeof(classes[0]); c++)
			if (!strcmp(argv[1] + 6, classes[c].name))
				break;
		if (c == sizeof(classes) / sizeof(classes[0]) || !n) {
			fprintf(stderr, "bt-loop: bad class or count\n");
			return 2;
		}
		off = SLOT_OFF;
	} else {
		for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
			if (!strcmp(argv[1], workloads[i].name))
				break;
		if (i == sizeof(workloads) / sizeof(workloads[0]) || !n) {
			fprintf(stderr, "bt-loop: bad workload or count\n");
			return 2;
		}
		off = workloads[i].off;
	}
	vm = vm_create(0);
	vm_load(vm, 0, loop_guest, GUEST_CODE_SIZE(loop_guest));
	if (off == SLOT_OFF) {
		/* Guest and lab host have the same byte order in both labs. */
		uint32_t *slot = vm_gpa(vm, SLOT_INSN);

		*slot = classes[c].insn;
	}
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY + off);
	vcpu_set_pc(vcpu, GUEST_ENTRY + off, n);
	e0 = vcpu_stat_get(vcpu, "emulated_inst_exits");
	t0 = now_ns();
	vcpu_run_done(vcpu);
	t1 = now_ns();
	printf("workload=%s n=%llu traps=%llu guest_ns=%llu\n", argv[1],
	       (unsigned long long)n,
	       (unsigned long long)(vcpu_stat_get(vcpu, "emulated_inst_exits") - e0),
	       (unsigned long long)(t1 - t0));
	vm_free(vm);
	return 0;
}
