// SPDX-License-Identifier: GPL-2.0
/*
 * patch_test: the microbenchmark of every rewrite class, stock KVM against
 * kvmppc-bt, with exact trap counts and identical guest-visible state.
 *
 * A guest loop (patch_guest_<lab>.S) runs N times: once with the module
 * unloaded, once with it loaded at threshold T, each in a fresh VM.
 *  - stock: every privileged instruction traps every time;
 *  - module: each patchable site traps exactly T times, then never again;
 *    the unpatchable ones keep trapping N times;
 *  - the final registers and SPRs (KVM_GET_REGS) and the guest's checksum
 *    of every value it read are identical.
 * Then (Book3S) one class alone, mfzero: only its sites are patched, into
 * loads of the zero doubleword of the magic page, which the host enables
 * for them.
 */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(patch_guest, GUEST_BIN);

#ifdef LAB_E500
#define PATCHABLE	34	/* wrteei 0 included: a translated block */
#define UNPATCHABLE	1
#define SETUP		3
#define MFZERO		0
#else
#define PATCHABLE	19
#define UNPATCHABLE	2
#define SETUP		0
#define MFZERO		2	/* mfspr CFAR, DSCR */
#endif

#define N		10000
#define T		10

struct run {
	uint64_t exits;
	uint64_t checksum;
	struct kvm_regs regs;
	char vm_id[32];
	int64_t patched, hot, unpatchable, magic, races, sites;
};

static void run_guest(struct run *r, bool module)
{
	struct vm *vm = vm_create(0);
	struct vcpu *vcpu;

	vm_load(vm, 0, patch_guest, GUEST_CODE_SIZE(patch_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, N);
	vcpu_run_done(vcpu);
	r->exits = vcpu_stat_get(vcpu, "emulated_inst_exits");
	VMM_ASSERT(vcpu->nr_reports == 1, "%u reports", vcpu->nr_reports);
	r->checksum = vcpu->reports[0];
	vcpu_get_regs(vcpu, &r->regs);
	strcpy(r->vm_id, vm->id);
	if (module) {
		VMM_ASSERT(bt_wait_vm(vm->id), "no debugfs directory for VM %s", vm->id);
		r->patched = bt_stat(vm->id, "patched");
		r->hot = bt_stat(vm->id, "hot");
		r->unpatchable = bt_stat(vm->id, "unpatchable");
		r->magic = bt_stat(vm->id, "magic_enabled");
		r->races = bt_stat(vm->id, "races");
		r->sites = bt_stat(vm->id, "sites");
	}
	vm_free(vm);
}

TEST(every_class_exact)
{
	struct run stock, bt;
	char t[16];

	ASSERT_EQ(0, bt_unload());
	run_guest(&stock, false);
	TH_LOG("stock: %llu exits", (unsigned long long)stock.exits);
	ASSERT_EQ((PATCHABLE + UNPATCHABLE) * N + SETUP, stock.exits);

	ASSERT_EQ(0, bt_load("blocks=on"));
	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
	run_guest(&bt, true);
	TH_LOG("kvmppc-bt: %llu exits, %lld sites, %lld hot, %lld patched, %lld unpatchable",
	       (unsigned long long)bt.exits, (long long)bt.sites, (long long)bt.hot,
	       (long long)bt.patched, (long long)bt.unpatchable);
	ASSERT_EQ(PATCHABLE * T + UNPATCHABLE * N + SETUP, bt.exits);
	ASSERT_EQ(PATCHABLE, bt.patched);
	ASSERT_EQ(UNPATCHABLE, bt.unpatchable);
	ASSERT_EQ(PATCHABLE + UNPATCHABLE, bt.hot);
	ASSERT_EQ(PATCHABLE + UNPATCHABLE + SETUP, bt.sites);
	ASSERT_EQ(1, bt.magic);
	ASSERT_EQ(0, bt.races);

	/* What the guest saw is what it sees on stock KVM. */
	ASSERT_EQ(stock.checksum, bt.checksum);
	ASSERT_EQ(0, memcmp(&stock.regs, &bt.regs, sizeof(stock.regs)));
	ASSERT_EQ(0, bt_unload());
}

/* Only mfzero on: those sites are patched, with the magic page enabled for them. */
TEST(mfzero_alone)
{
	struct run bt;
	char t[16];

	if (!MFZERO)
		SKIP(return, "mfspr CFAR/DSCR read as zero only under Book3S PR");
	ASSERT_EQ(0, bt_load("blocks=on"));
	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
	ASSERT_EQ(0, bt_write("classes", "mfzero\n"));
	run_guest(&bt, true);
	TH_LOG("kvmppc-bt: %llu exits, %lld patched, %lld unpatchable, magic %lld",
	       (unsigned long long)bt.exits, (long long)bt.patched,
	       (long long)bt.unpatchable, (long long)bt.magic);
	ASSERT_EQ(MFZERO * T + (PATCHABLE - MFZERO + UNPATCHABLE) * N + SETUP, bt.exits);
	ASSERT_EQ(MFZERO, bt.patched);
	ASSERT_EQ(PATCHABLE - MFZERO + UNPATCHABLE, bt.unpatchable);
	ASSERT_EQ(1, bt.magic);
	ASSERT_EQ(0, bt.races);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
