// SPDX-License-Identifier: GPL-2.0
/*
 * warm_test: warm start.  A VM's hot-site profile is exported (CLI), and
 * imported into a new VM running the same guest image before it runs: its
 * first run reaches the steady-state trap count with 0 warm-up traps.  A
 * guest page whose content differs gets nothing pre-patched.
 *
 * The guest is the lifecycle guest: 5 patchable sites, 1 unpatchable, all
 * in one 4K page; N iterations cost 5T + N exits cold, N warm.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(warm_guest, GUEST_BIN);

#define N	1000
#define T	10
#define P	5
#define PROFILE	"/tmp/warm.profile"

static int cli(const char *fmt, const char *a, const char *b)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return bt_run(cmd);
}

static struct vm *new_vm(struct vcpu **vcpu)
{
	struct vm *vm = vm_create(0);

	vm_load(vm, 0, warm_guest, GUEST_CODE_SIZE(warm_guest));
	*vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(*vcpu, GUEST_ENTRY, N);
	return vm;
}

static uint64_t run(struct vcpu *vcpu, uint64_t *checksum)
{
	uint64_t exits = vcpu_run_phase(vcpu, 1);

	*checksum = vcpu->reports[0];
	return exits;
}

/* Boot once, export the profile; return the first run's checksum. */
static uint64_t first_boot(struct __test_metadata *_metadata)
{
	struct vcpu *vcpu;
	struct vm *vm = new_vm(&vcpu);
	uint64_t sum;

	ASSERT_EQ(P * T + N, run(vcpu, &sum));
	ASSERT_TRUE(bt_wait_vm(vm->id));
	ASSERT_EQ(0, cli("kvmppc-bt profile export %s %s", vm->id, PROFILE));
	ASSERT_EQ(P + 1, bt_run("grep -c . " PROFILE " >/tmp/warm.count; cat /tmp/warm.count; "
				"exit $(cat /tmp/warm.count)"));
	vm_free(vm);
	return sum;
}

TEST(second_boot_has_no_warmup_traps)
{
	struct vcpu *vcpu;
	uint64_t sum0, sum;
	struct vm *vm;

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("threshold=10"));
	sum0 = first_boot(_metadata);

	/* The next boot of the same image, profile imported before it runs. */
	vm = new_vm(&vcpu);
	ASSERT_TRUE(bt_wait_vm(vm->id));
	ASSERT_EQ(0, cli("kvmppc-bt profile import %s %s", vm->id, PROFILE));
	ASSERT_EQ(N, run(vcpu, &sum));
	ASSERT_EQ(sum0, sum);
	ASSERT_EQ(P, bt_stat(vm->id, "warm_patched"));
	ASSERT_EQ(0, bt_stat(vm->id, "warm_rejected"));
	ASSERT_EQ(P, bt_stat(vm->id, "patched"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST(changed_page_is_not_patched_blindly)
{
	struct vcpu *vcpu;
	uint64_t sum0, sum;
	struct vm *vm;

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("threshold=10"));
	sum0 = first_boot(_metadata);

	/* Same code, one unrelated word of its page changed: no match. */
	vm = new_vm(&vcpu);
	*(uint32_t *)vm_gpa(vm, GUEST_ENTRY + 0xff0) = 0x60000000;
	ASSERT_TRUE(bt_wait_vm(vm->id));
	ASSERT_EQ(0, cli("kvmppc-bt profile import %s %s", vm->id, PROFILE));
	ASSERT_EQ(P * T + N, run(vcpu, &sum));
	ASSERT_EQ(sum0, sum);
	ASSERT_EQ(0, bt_stat(vm->id, "warm_patched"));
	ASSERT_EQ(P, bt_stat(vm->id, "warm_rejected"));
	ASSERT_EQ(P, bt_stat(vm->id, "patched"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST(import_errors)
{
	struct vcpu *vcpu;
	struct vm *vm;

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("threshold=10"));
	first_boot(_metadata);
	vm = new_vm(&vcpu);
	ASSERT_TRUE(bt_wait_vm(vm->id));
	ASSERT_EQ(1, cli("kvmppc-bt profile import %s %s", "99999-99", PROFILE));
	ASSERT_EQ(1, cli("kvmppc-bt profile import %s %s", vm->id, "/nonexistent"));
	ASSERT_EQ(0, bt_run("echo garbage > /tmp/bad.profile"));
	ASSERT_EQ(1, cli("kvmppc-bt profile import %s %s", vm->id, "/tmp/bad.profile"));
	ASSERT_EQ(1, cli("kvmppc-bt profile export %s %s", "99999-99", "/tmp/x"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
