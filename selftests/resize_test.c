// SPDX-License-Identifier: GPL-2.0
/*
 * resize_test (e500): adaptive page resizing.  The VMM backs guest RAM
 * with 4M huge pages, so KVM maps the guest's code and data, which share
 * the first 4M, with one 4M shadow TLB1 entry.  A patched page in it must
 * stay execute-only for the guest (write and read tracing), so kvmppc-bt
 * writes that entry as pieces (resize_guest_e500.S has the phases):
 *  - split: the patched page's side of the 4M is execute-only, the data's
 *    side as KVM maps it; one data access faults first (resize_faults),
 *    which parts them.  Results equal stock's, exact exits.
 *  - merged: once the guest overwrote the site (the page's last patch
 *    gone), the 4M entry is whole again: no more pieces.
 *  - given_up: with split_budget=0 the first piece gives the mapping up:
 *    the patch is put back, the site traps as on stock (reason "resize").
 * The guest TLB misses KVM served are logged against stock's: what the
 * pieces cost.
 */
#include <stdio.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(resize_guest, GUEST_BIN);

#define N		300
#define T		8
#define PHASES		4
#define HUGEPAGES	4	/* the VM's 16M in 4M pages */

struct guest {
	struct vm *vm;
	struct vcpu *vcpu;
	uint64_t misses;	/* guest TLB misses KVM served in the last phase */
};

static void guest_new(struct guest *g)
{
	g->vm = vm_create_backed(0, true);
	vm_load(g->vm, 0, resize_guest, GUEST_CODE_SIZE(resize_guest));
	g->vcpu = vm_vcpu_add(g->vm, GUEST_ENTRY);
	vcpu_set_pc(g->vcpu, GUEST_ENTRY, N);
}

static uint64_t tlb_misses(struct vcpu *vcpu)
{
	return vcpu_stat_get(vcpu, "itlb_virt_miss_exits") +
	       vcpu_stat_get(vcpu, "dtlb_virt_miss_exits");
}

/* One phase: its emulation exits; its sum in *sum, its misses in g. */
static uint64_t phase(struct guest *g, uint64_t *sum)
{
	uint64_t m = tlb_misses(g->vcpu), exits = vcpu_run_phase(g->vcpu, 1);

	g->misses = tlb_misses(g->vcpu) - m;
	*sum = g->vcpu->reports[0];
	return exits;
}

FIXTURE(rs) {
	uint64_t stock[PHASES];
	uint64_t stock_misses[PHASES];
	long hugepages;
};

FIXTURE_SETUP(rs)
{
#ifdef LAB_E500
	struct guest g;
	int k;
#endif

	self->hugepages = -1;
#ifdef LAB_E500
	self->hugepages = vmm_hugepages_reserve(HUGEPAGES);
	ASSERT_LE(0, self->hugepages) TH_LOG("cannot reserve %d huge pages", HUGEPAGES);
	ASSERT_EQ(0, bt_unload());
	guest_new(&g);
	for (k = 0; k < PHASES; k++) {
		ASSERT_EQ(k < 2 ? N : 0, phase(&g, &self->stock[k]));
		self->stock_misses[k] = g.misses;
	}
	ASSERT_NE(self->stock[0], self->stock[1]);	/* the data moved on */
	vm_free(g.vm);
#endif
}

FIXTURE_TEARDOWN(rs)
{
	bt_unload();
	if (self->hugepages >= 0)
		vmm_hugepages_restore(self->hugepages);
}

#ifdef LAB_E500
#define NEED_E500()	do { } while (0)
#else
#define NEED_E500()	SKIP(return, "large shadow pages: e500 only")
#endif

static void log_misses(struct __test_metadata *_metadata, int k, const struct guest *g,
		       uint64_t stock, const char *vm)
{
	TH_LOG("phase %d: guest TLB misses %llu (stock %llu), split_maps %lld", k,
	       (unsigned long long)g->misses, (unsigned long long)stock,
	       (long long)bt_stat(vm, "split_maps"));
}

TEST_F(rs, split_and_merged)
{
	uint64_t sum, split[PHASES];
	struct guest g;
	int k;

	NEED_E500();
	ASSERT_EQ(0, bt_load("threshold=8"));
	guest_new(&g);
	for (k = 0; k < PHASES; k++) {
		ASSERT_EQ(k == 0 ? T : 0, phase(&g, &sum));
		ASSERT_EQ(self->stock[k], sum);
		split[k] = bt_stat(g.vm->id, "split_maps");
		log_misses(_metadata, k, &g, self->stock_misses[k], g.vm->id);
		if (k == 1 || k == 3)		/* steady, split or whole: no miss more */
			ASSERT_EQ(self->stock_misses[k], g.misses);
	}
	/*
	 * Patched in phase 0: the 4M entry is first written whole and
	 * execute-only; the first data access faults (resize_faults) and
	 * parts it: 64K of data as KVM maps it, 64K around the code
	 * execute-only.
	 */
	ASSERT_EQ(2, split[0]);
	ASSERT_EQ(1, bt_stat(g.vm->id, "resize_faults"));
	ASSERT_EQ(split[0], split[1]);		/* steady: the pieces stay */
	/* Phase 2's store took the page's patch back: whole from then on. */
	ASSERT_EQ(1, bt_stat(g.vm->id, "write_faults"));
	ASSERT_EQ(split[1], split[2]);
	ASSERT_EQ(split[2], split[3]);
	ASSERT_EQ(0, bt_stat(g.vm->id, "unpatchable_resize"));
	vm_free(g.vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_F(rs, given_up)
{
	uint64_t sum;
	struct guest g;
	int k;

	NEED_E500();
	ASSERT_EQ(0, bt_load("threshold=8 split_budget=0"));
	guest_new(&g);
	for (k = 0; k < PHASES; k++) {
		/* Patched at the 8th trap, put back at the first piece: N. */
		ASSERT_EQ(k < 2 ? N : 0, phase(&g, &sum));
		ASSERT_EQ(self->stock[k], sum);
		log_misses(_metadata, k, &g, self->stock_misses[k], g.vm->id);
	}
	ASSERT_EQ(1, bt_stat(g.vm->id, "patched"));
	ASSERT_EQ(1, bt_stat(g.vm->id, "restored"));
	ASSERT_EQ(1, bt_stat(g.vm->id, "unpatchable_resize"));
	ASSERT_EQ(0, bt_stat(g.vm->id, "split_maps"));
	vm_free(g.vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
