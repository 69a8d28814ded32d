// SPDX-License-Identifier: GPL-2.0
/*
 * smpwrite_test: write tracing in a 2-vcpu VM (hook=kprobe, which patches
 * SMP VMs).  Vcpu 1 maps the site's page first (writable, in its own
 * shadow MMU); vcpu 0 makes the site hot and it is patched, which must
 * take that writable mapping away on every vcpu.  Vcpu 1 then stores one
 * byte into the patched word (making the guest's "mfmsr r5" an
 * "mfcr r5"): the store faults, the original comes back first, and both
 * vcpus then run "mfcr r5", exactly as on stock KVM.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(smpwrite_guest, GUEST_BIN);

#define N		500
#define T		8
#define STEPS		4

struct run {
	uint64_t sum[STEPS];
	uint64_t exits[STEPS];
};

/* (vcpu, mode) of each step: vcpu 1 maps, vcpu 0 patches, vcpu 1 writes. */
static const int step_vcpu[STEPS] = { 1, 0, 1, 0 };
static const uint32_t step_mode[STEPS] = { 0, 0, 1, 0 };

static bool two_vcpus_possible(void)
{
	struct vm *vm = vm_create(0);
	int n = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);

	vm_free(vm);
	return n >= 2;
}

static struct vm *run(struct run *r)
{
	struct vm *vm = vm_create(0);
	struct vcpu *vcpu[2];
	int i;

	vm_load(vm, 0, smpwrite_guest, GUEST_CODE_SIZE(smpwrite_guest));
	for (i = 0; i < 2; i++) {
		vcpu[i] = vm_vcpu_add(vm, GUEST_ENTRY);
		vcpu_set_pc(vcpu[i], GUEST_ENTRY, N);
	}
	for (i = 0; i < STEPS; i++) {
		memcpy(vm_gpa(vm, GUEST_DATA), &step_mode[i], 4);
		r->exits[i] = vcpu_run_phase(vcpu[step_vcpu[i]], 1);
		r->sum[i] = vcpu[step_vcpu[i]]->reports[0];
	}
	return vm;
}

TEST(byte_store_from_another_vcpu)
{
	struct run stock, bt;
	struct vm *vm;
	int i;

	if (!two_vcpus_possible())
		SKIP(return, "KVM allows one vcpu per VM on this host");
	ASSERT_EQ(0, bt_unload());
	vm_free(run(&stock));
	for (i = 0; i < STEPS; i++)
		ASSERT_EQ(i < 2 ? N : 0, stock.exits[i]);	/* mfcr: no exit */
	ASSERT_NE(stock.sum[0], stock.sum[2]);

	ASSERT_EQ(0, bt_load("hook=kprobe threshold=8"));
	vm = run(&bt);
	for (i = 0; i < STEPS; i++) {
		TH_LOG("step %d (vcpu %d): %llu exits", i, step_vcpu[i],
		       (unsigned long long)bt.exits[i]);
		ASSERT_EQ(stock.sum[i], bt.sum[i]);
	}
	ASSERT_LT(bt.exits[1], N);				/* patched */
	ASSERT_EQ(0, bt.exits[2]);
	ASSERT_EQ(0, bt.exits[3]);
	ASSERT_EQ(1, bt_stat(vm->id, "write_faults"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
