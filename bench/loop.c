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
	unsigned int i;

	if (argc != 3) {
		fprintf(stderr, "usage: bt-loop priv7|sprg|mfmsr|base N\n");
		return 2;
	}
	for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (!strcmp(argv[1], workloads[i].name))
			break;
	n = strtoull(argv[2], NULL, 0);
	if (i == sizeof(workloads) / sizeof(workloads[0]) || !n) {
		fprintf(stderr, "bt-loop: bad workload or count\n");
		return 2;
	}
	vm = vm_create(0);
	vm_load(vm, 0, loop_guest, GUEST_CODE_SIZE(loop_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY + workloads[i].off);
	vcpu_set_pc(vcpu, GUEST_ENTRY + workloads[i].off, n);
	e0 = vcpu_stat_get(vcpu, "emulated_inst_exits");
	t0 = now_ns();
	vcpu_run_done(vcpu);
	t1 = now_ns();
	printf("workload=%s n=%llu traps=%llu guest_ns=%llu\n", workloads[i].name,
	       (unsigned long long)n,
	       (unsigned long long)(vcpu_stat_get(vcpu, "emulated_inst_exits") - e0),
	       (unsigned long long)(t1 - t0));
	vm_free(vm);
	return 0;
}
