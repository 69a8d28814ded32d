// SPDX-License-Identifier: GPL-2.0
/*
 * hook_test: the two ways kvmppc-bt sees emulation exits (module parameter
 * hook) and what each may patch.
 *  - kprobe: a 2-vcpu VM is patched once the magic page is on both vcpus;
 *  - tracepoint: a 2-vcpu VM is never patched (reason smp); a VM that gets
 *    a second vcpu after patching has its words restored first;
 *  - hook=tracepoint reports the hook_tracepoint feature, hook=kprobe not;
 *    a bad value fails the load.
 * Guest: N iterations of two patchable traps (hook_guest_<lab>.S).
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(hook_guest, GUEST_BIN);

#define N	1000
#define T	8
#define SITES	2

static struct vm *new_vm(void)
{
	struct vm *vm = vm_create(0);

	vm_load(vm, 0, hook_guest, GUEST_CODE_SIZE(hook_guest));
	return vm;
}

/* A vcpu at the guest's entry with r3 = N (it never ran: no VMM reset). */
static struct vcpu *add_vcpu(struct vm *vm)
{
	struct vcpu *vcpu = vm_vcpu_add(vm, GUEST_ENTRY);

	vcpu_set_pc(vcpu, GUEST_ENTRY, N);
	return vcpu;
}

/* A uniprocessor host kernel (the e500 lab) allows one vcpu per VM. */
static bool two_vcpus_possible(void)
{
	struct vm *vm = vm_create(0);
	int n = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);

	vm_free(vm);
	return n >= 2;
}

#define NEED_TWO_VCPUS() do {						\
	if (!two_vcpus_possible())					\
		SKIP(return, "KVM allows one vcpu per VM on this host");	\
} while (0)

static void load(struct __test_metadata *_metadata, const char *hook)
{
	char params[64];

	ASSERT_EQ(0, bt_unload());
	snprintf(params, sizeof(params), "hook=%s threshold=%d", hook, T);
	ASSERT_EQ(0, bt_load(params));
}

TEST(kprobe_patches_two_vcpus)
{
	struct vm *vm;
	struct vcpu *a, *b;

	NEED_TWO_VCPUS();
	load(_metadata, "kprobe");
	vm = new_vm();
	a = add_vcpu(vm);
	b = add_vcpu(vm);
	ASSERT_TRUE(bt_wait_vm(vm->id));
	/* Hot on a, but b has no magic page yet: everything keeps trapping. */
	ASSERT_EQ(SITES * N, vcpu_run_phase(a, 1));
	ASSERT_EQ(SITES, bt_stat(vm->id, "pending"));
	/* b gets the page at its first KVM_RUN; its first trap per site patches. */
	ASSERT_EQ(SITES, vcpu_run_phase(b, 1));
	ASSERT_EQ(0, vcpu_run_phase(a, 1));
	ASSERT_EQ(SITES, bt_stat(vm->id, "patched"));
	ASSERT_EQ(2, bt_stat(vm->id, "magic_enabled"));
	ASSERT_EQ(0, bt_stat(vm->id, "unpatchable_smp"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST(tracepoint_leaves_two_vcpus)
{
	struct vm *vm;
	struct vcpu *a, *b;

	NEED_TWO_VCPUS();
	load(_metadata, "tracepoint");
	vm = new_vm();
	a = add_vcpu(vm);
	b = add_vcpu(vm);
	ASSERT_TRUE(bt_wait_vm(vm->id));
	ASSERT_EQ(SITES * N, vcpu_run_phase(a, 1));
	ASSERT_EQ(SITES * N, vcpu_run_phase(b, 1));
	ASSERT_EQ(0, bt_stat(vm->id, "patched"));
	ASSERT_EQ(SITES, bt_stat(vm->id, "unpatchable_smp"));
	ASSERT_EQ(0, bt_stat(vm->id, "magic_enabled"));
	ASSERT_EQ(2 * SITES * N, bt_stat(vm->id, "traps"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST(tracepoint_second_vcpu_restores)
{
	uint64_t sum;
	struct vm *vm;
	struct vcpu *a, *b;
	uint8_t *text;

	NEED_TWO_VCPUS();
	load(_metadata, "tracepoint");
	vm = new_vm();
	a = add_vcpu(vm);
	ASSERT_TRUE(bt_wait_vm(vm->id));
	ASSERT_EQ(SITES * T, vcpu_run_phase(a, 1));
	sum = a->reports[0];
	ASSERT_EQ(SITES, bt_stat(vm->id, "patched"));
	ASSERT_NE(0, memcmp(vm_gpa(vm, GUEST_ENTRY), hook_guest + GUEST_ENTRY,
			    GUEST_CODE_SIZE(hook_guest) - GUEST_ENTRY));
	/* A second vcpu: the words are back before KVM_CREATE_VCPU returns. */
	b = add_vcpu(vm);
	text = vm_gpa(vm, GUEST_ENTRY);
	ASSERT_EQ(0, memcmp(text, hook_guest + GUEST_ENTRY,
			    GUEST_CODE_SIZE(hook_guest) - GUEST_ENTRY));
	ASSERT_EQ(SITES, bt_stat(vm->id, "restored"));
	ASSERT_EQ(1, bt_stat(vm->id, "flushes"));
	ASSERT_EQ(0, bt_stat(vm->id, "resets"));
	/* From now on nothing is patched; the guest computes the same. */
	ASSERT_EQ(SITES * N, vcpu_run_phase(a, 1));
	ASSERT_EQ(sum, a->reports[0]);
	ASSERT_EQ(SITES * N, vcpu_run_phase(b, 1));
	ASSERT_EQ(SITES, bt_stat(vm->id, "patched"));
	ASSERT_EQ(SITES, bt_stat(vm->id, "unpatchable_smp"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST(features_and_bad_value)
{
	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("hook=tracepoint"));
	ASSERT_EQ(0, bt_run("kvmppc-bt status | grep -q 'hook_tracepoint'"));
	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("hook=kprobe"));
	ASSERT_NE(0, bt_run("kvmppc-bt status | grep -q 'hook_tracepoint'"));
	ASSERT_EQ(0, bt_unload());
	ASSERT_NE(0, bt_load("hook=bogus"));
	ASSERT_FALSE(bt_loaded());
	ASSERT_EQ(0, bt_run("dmesg | grep -q 'hook=bogus: must be auto, kprobe or tracepoint'"));
}

TEST_HARNESS_MAIN
