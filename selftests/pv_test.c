// SPDX-License-Identifier: GPL-2.0
/*
 * pv_test: a guest that maps the magic page itself (guest paravirt).
 *  - At -4096: kvmppc-bt shares the page, never maps it again (no
 *    magic_enabled), patches only what the guest left trapping, and the
 *    guest's own loads see the values our rewrites store.
 *  - Elsewhere: our rewrites could not reach it; nothing is patched.
 */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(pv_guest, GUEST_BIN);

#define PV_OK		GUEST_ENTRY
#define PV_ELSEWHERE	(GUEST_ENTRY + 0x800)
#define N		1000
#define T		10

struct result {
	uint64_t exits, checksum;
	int64_t patched, magic, pv, conflict, unpatchable_conflict;
};

static void run(uint64_t entry, bool module, struct result *r)
{
	struct vm *vm = vm_create(0);
	struct vcpu *vcpu;

	vm_load(vm, 0, pv_guest, GUEST_CODE_SIZE(pv_guest));
	vcpu = vm_vcpu_add(vm, entry);
	vcpu_set_pc(vcpu, entry, N);
	vcpu_run_done(vcpu);
	r->exits = vcpu_stat_get(vcpu, "emulated_inst_exits");
	VMM_ASSERT(vcpu->nr_reports == 1, "%u reports", vcpu->nr_reports);
	r->checksum = vcpu->reports[0];
	if (module) {
		VMM_ASSERT(bt_wait_vm(vm->id), "no debugfs directory for %s", vm->id);
		r->patched = bt_stat(vm->id, "patched");
		r->magic = bt_stat(vm->id, "magic_enabled");
		r->pv = bt_stat(vm->id, "guest_pv");
		r->conflict = bt_stat(vm->id, "magic_conflict");
		r->unpatchable_conflict = bt_stat(vm->id, "unpatchable_magic_conflict");
	}
	vm_free(vm);
}

TEST(pv_guest_at_minus_4096)
{
	struct result stock, bt;

	ASSERT_EQ(0, bt_unload());
	run(PV_OK, false, &stock);
	ASSERT_EQ(2 * N, stock.exits);
	ASSERT_EQ(0, bt_load("threshold=10"));
	run(PV_OK, true, &bt);
	ASSERT_EQ(2 * T, bt.exits);
	ASSERT_EQ(2, bt.patched);
	ASSERT_EQ(0, bt.magic);		/* the guest mapped it, not us */
	ASSERT_EQ(1, bt.pv);
	ASSERT_EQ(0, bt.conflict);
	ASSERT_EQ(stock.checksum, bt.checksum);
	ASSERT_EQ(0, bt_unload());
}

TEST(pv_guest_elsewhere)
{
	struct result stock, bt;

	ASSERT_EQ(0, bt_unload());
	run(PV_ELSEWHERE, false, &stock);
	ASSERT_EQ(3 * N, stock.exits);
	ASSERT_EQ(0, bt_load("threshold=10"));
	run(PV_ELSEWHERE, true, &bt);
	ASSERT_EQ(3 * N, bt.exits);
	ASSERT_EQ(0, bt.patched);
	ASSERT_EQ(1, bt.conflict);
	ASSERT_EQ(3, bt.unpatchable_conflict);
	ASSERT_EQ(stock.checksum, bt.checksum);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
