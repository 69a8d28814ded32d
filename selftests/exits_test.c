// SPDX-License-Identifier: GPL-2.0
/*
 * exits_test: a guest loop of N privileged instructions costs exactly the
 * emulation exits the instructions imply, as counted by KVM itself
 * (emulated_inst_exits, binary stats and debugfs), on stock KVM; and with
 * kvmppc-bt every one of them traps only T times (issue 6's bar on e500,
 * where wrteei 0 and 1 run as translated blocks).
 *
 * e500:  mfmsr, mfspr SPRG0, mtspr SPRG1, mfspr SPRG2, mtspr SPRG3,
 *        wrteei 0, wrteei 1: 7N + 5 exits; with the module 7T + 5.
 * ppc64: mfmsr, mfspr SPRG0, mtspr SPRG1, mfspr SPRG2, mtspr SPRG3:
 *        5N + 4 exits; with the module 4T + N + 4 (Book3S reloads the
 *        hardware SPRG3 on entry: its mtspr stays trapping, "not_exact").
 */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"
#include "vmm_flavour.h"

GUEST_CODE(exits_guest, GUEST_BIN);

#define PRIV_LOOP	GUEST_ENTRY
#define PLAIN_LOOP	(GUEST_ENTRY + 0x800)

#ifdef LAB_E500
#define PER_ITER	7
#define SETUP		5
#define KEEPS_TRAPPING	0
#define MSR_EE		0x8000ULL
#else
#define PER_ITER	5
#define SETUP		4
#define KEEPS_TRAPPING	1	/* mtspr SPRG3 */
#endif

struct loop_result {
	uint64_t exits;
	uint64_t debugfs_exits;
	uint64_t reports[3];
	unsigned int nr_reports;
};

static uint64_t debugfs_stat(struct vm *vm, const char *name)
{
	char path[128];
	unsigned long long v = ~0ULL;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/kvm/%s/%s", vm->id, name);
	f = fopen(path, "r");
	if (!f)
		return ~0ULL;
	if (fscanf(f, "%llu", &v) != 1)
		v = ~0ULL;
	fclose(f);
	return v;
}

#define T		10

/* With @threshold, kvmppc-bt loaded at that threshold; else stock KVM. */
static void run_loop_bt(uint64_t entry, uint64_t n, unsigned int threshold,
			struct loop_result *res)
{
	struct vm *vm;
	struct vcpu *vcpu;
	uint64_t before;

	VMM_ASSERT(!bt_use(threshold), "cannot %s kvmppc_bt", threshold ? "load" : "unload");
	vm = vm_create(0);
	vm_load(vm, 0, exits_guest, GUEST_CODE_SIZE(exits_guest));
	vcpu = vm_vcpu_add(vm, entry);
	vcpu_set_pc(vcpu, entry, n);
	before = vcpu_stat_get(vcpu, "emulated_inst_exits");
	vcpu_run_done(vcpu);
	res->exits = vcpu_stat_get(vcpu, "emulated_inst_exits") - before;
	res->debugfs_exits = debugfs_stat(vm, "emulated_inst_exits");
	res->nr_reports = vcpu->nr_reports;
	memcpy(res->reports, vcpu->reports, sizeof(res->reports));
	vm_free(vm);
	if (threshold)
		VMM_ASSERT(!bt_unload(), "cannot unload kvmppc_bt");
}

static void run_loop(uint64_t entry, uint64_t n, struct loop_result *res)
{
	run_loop_bt(entry, n, 0, res);
}

static void check_priv(struct __test_metadata *_metadata, uint64_t n)
{
	struct loop_result r;

	run_loop(PRIV_LOOP, n, &r);
	TH_LOG("N=%llu: emulated_inst_exits %llu (debugfs %llu)", (unsigned long long)n,
	       (unsigned long long)r.exits, (unsigned long long)r.debugfs_exits);
	ASSERT_EQ(PER_ITER * n + SETUP, r.exits);
	/* KVM's debugfs view of the same VM agrees with its binary stats. */
	ASSERT_EQ(r.exits, r.debugfs_exits);
	ASSERT_EQ(3, r.nr_reports);
#ifdef LAB_E500
	/* The last mfmsr follows a wrteei 1 unless N == 1. */
	ASSERT_EQ(n > 1 ? MSR_EE : 0, r.reports[0]);
#else
	ASSERT_EQ(flavour_boot_msr(), r.reports[0]);
#endif
	ASSERT_EQ(0x1234, r.reports[1]);
	ASSERT_EQ(0x5678, r.reports[2]);
}

TEST(priv_loop_n1)
{
	check_priv(_metadata, 1);
}

TEST(priv_loop_n1000)
{
	check_priv(_metadata, 1000);
}

TEST(priv_loop_n10000)
{
	check_priv(_metadata, 10000);
}

/* The same loop with kvmppc-bt: T traps per instruction, the same results. */
TEST(priv_loop_n10000_kvmppc_bt)
{
	struct loop_result stock, bt;

	run_loop(PRIV_LOOP, 10000, &stock);
	run_loop_bt(PRIV_LOOP, 10000, T, &bt);
	TH_LOG("N=10000: stock %llu exits, kvmppc-bt %llu", (unsigned long long)stock.exits,
	       (unsigned long long)bt.exits);
	ASSERT_EQ(PER_ITER * 10000 + SETUP, stock.exits);
	ASSERT_EQ((PER_ITER - KEEPS_TRAPPING) * T + KEEPS_TRAPPING * 10000 + SETUP, bt.exits);
	ASSERT_EQ(bt.exits, bt.debugfs_exits);
	ASSERT_EQ(3, bt.nr_reports);
	ASSERT_EQ(0, memcmp(stock.reports, bt.reports, sizeof(bt.reports)));
}

TEST(plain_loop_no_exits)
{
	struct loop_result r;

	run_loop(PLAIN_LOOP, 100000, &r);
	ASSERT_EQ(0, r.exits);
	ASSERT_EQ(0, r.nr_reports);
}

TEST_HARNESS_MAIN
