// SPDX-License-Identifier: GPL-2.0
/*
 * selfmod_test: a guest that rewrites a word kvmppc-bt patched (as Linux
 * does for ftrace, jump labels, kprobes) always wins, and its own
 * instruction runs.
 *
 * Guest (selfmod_guest.S): phases of N iterations of "mfmsr r5" at one
 * site; phase 1 overwrites the site with "li r5,7", phase 2 puts the
 * original back, phase 3 writes "li r5,7" again.
 *  - guest_write_wins: the patched site is overwritten by the guest (its
 *    li runs: 0 exits, sum 7N); a flush then leaves the guest's word alone
 *    (restore_skipped); the original put back is counted and patched anew.
 *  - original_put_back: the guest puts the original word back over our
 *    patch without a flush: it traps, kvmppc-bt sees its word is gone,
 *    counts the site anew and patches it again; a flush restores it.
 * Every phase's result is stock KVM's; exact exits per phase.  Writes are
 * traced: the guest's store to the patched page first puts the original
 * back (write_faults, restored), then lands.
 *
 * Every case runs twice: guest RAM anonymous (4K shadow pages), and, on
 * e500, backed by hugetlbfs (4M pages), where KVM shadows the guest's 256M
 * TLB1 entry with 4M host entries: tracing must work there too (page
 * resizing; resize_test counts what it costs).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(selfmod_guest, GUEST_BIN);

#define N		500
#define T		8
#define PHASES		8
#define INSN_MFMSR_R5	0x7ca000a6u
#define INSN_LI_R5_7	0x38a00007u
#define INSN_MFCR_R5	0x7ca00026u
#define WT		1	/* write tracing: both labs */

#define HUGEPAGES	5	/* the VM's 16M in 4M pages, and one more */

struct guest {
	struct vm *vm;
	struct vcpu *vcpu;
	uint32_t *site;		/* the site's word in guest memory */
};

static void guest_new(struct guest *g, bool huge)
{
	size_t off;

	g->vm = vm_create_backed(0, huge);
	vm_load(g->vm, 0, selfmod_guest, GUEST_CODE_SIZE(selfmod_guest));
	g->vcpu = vm_vcpu_add(g->vm, GUEST_ENTRY);
	vcpu_set_pc(g->vcpu, GUEST_ENTRY, N);
	g->site = NULL;
	for (off = GUEST_ENTRY; off + 4 <= GUEST_CODE_SIZE(selfmod_guest); off += 4) {
		uint32_t w;

		memcpy(&w, selfmod_guest + off, 4);
		if (w == INSN_MFMSR_R5)
			g->site = vm_gpa(g->vm, off);
	}
	VMM_ASSERT(g->site, "no mfmsr r5 in the guest image");
}

/* One phase: its emulation exits; its sum in *sum. */
static uint64_t phase(struct guest *g, uint64_t *sum)
{
	uint64_t exits = vcpu_run_phase(g->vcpu, 1);

	*sum = g->vcpu->reports[0];
	return exits;
}

static void flush(struct guest *g)
{
	char path[64];

	snprintf(path, sizeof(path), "vm-%s/flush", g->vm->id);
	VMM_ASSERT(bt_write(path, "1\n") == 0, "flush of %s failed", g->vm->id);
}

/* Phases 0-4 as on stock; the site is patched again in phase 4. */
#define TO_PHASE_5(g) do {						\
	uint64_t _sum;							\
	int _k;								\
									\
	for (_k = 0; _k < 5; _k++) {					\
		ASSERT_EQ(_k % 2 ? 0 : T, phase(g, &_sum));		\
		ASSERT_EQ(self->stock[_k], _sum);			\
	}								\
	ASSERT_NE(INSN_MFMSR_R5, *(g)->site);				\
} while (0)

/* Phase 5's byte store finds the original (write tracing): mfcr r5. */
#define PHASE_5_TRACED(g) do {						\
	uint64_t _sum;							\
									\
	ASSERT_EQ(0, phase(g, &_sum));					\
	ASSERT_EQ(self->stock[5], _sum);				\
	ASSERT_EQ(INSN_MFCR_R5, *(g)->site);				\
	/* phases 1, 3, 5 */						\
	ASSERT_EQ(3, bt_stat((g)->vm->id, "write_faults"));		\
} while (0)

FIXTURE(sm) {
	uint64_t stock[PHASES];
	long hugepages;		/* the pool's size before (hugetlb), or -1 */
};

FIXTURE_VARIANT(sm) {
	bool huge;
};

FIXTURE_VARIANT_ADD(sm, anon) {
	.huge = false,
};

FIXTURE_VARIANT_ADD(sm, hugetlb) {
	.huge = true,
};

/* Only e500 KVM shadows hugetlbfs-backed guest RAM with large entries. */
#ifdef LAB_E500
#define HUGE_LAB	1
#else
#define HUGE_LAB	0
#endif
#define NEED_VARIANT()	do {							\
		if (variant->huge && !HUGE_LAB)					\
			SKIP(return, "large shadow pages: e500 only");		\
	} while (0)

FIXTURE_SETUP(sm)
{
	struct guest g;
	int k;

	self->hugepages = -1;
	if (variant->huge && !HUGE_LAB)
		return;
	if (variant->huge) {
		self->hugepages = vmm_hugepages_reserve(HUGEPAGES);
		ASSERT_LE(0, self->hugepages) TH_LOG("cannot reserve %d huge pages", HUGEPAGES);
	}
	ASSERT_EQ(0, bt_unload());
	guest_new(&g, variant->huge);
	for (k = 0; k < PHASES; k++)
		ASSERT_EQ(k % 2 && k != 7 ? 0 : N, phase(&g, &self->stock[k]));
	ASSERT_EQ(7 * N, self->stock[1]);
	ASSERT_NE(7 * N, self->stock[0]);
	ASSERT_NE(self->stock[0], self->stock[5]);	/* mfcr, not mfmsr */
	vm_free(g.vm);
	ASSERT_EQ(0, bt_load("threshold=8"));
}

FIXTURE_TEARDOWN(sm)
{
	bt_unload();
	if (self->hugepages >= 0)
		vmm_hugepages_restore(self->hugepages);
}

TEST_F(sm, guest_write_wins)
{
	struct guest g;
	uint64_t sum;

	NEED_VARIANT();
	guest_new(&g, variant->huge);
	ASSERT_EQ(T, phase(&g, &sum));
	ASSERT_EQ(self->stock[0], sum);
	ASSERT_NE(INSN_MFMSR_R5, *g.site);		/* patched */

	/* Phase 1: the guest's li runs, not our word. */
	ASSERT_EQ(0, phase(&g, &sum));
	ASSERT_EQ(self->stock[1], sum);
	ASSERT_EQ(INSN_LI_R5_7, *g.site);
	ASSERT_EQ(WT, bt_stat(g.vm->id, "write_faults"));
	flush(&g);
	ASSERT_EQ(INSN_LI_R5_7, *g.site);		/* never clobbered */
	ASSERT_EQ(1 - WT, bt_stat(g.vm->id, "restore_skipped"));
	ASSERT_EQ(WT, bt_stat(g.vm->id, "restored"));

	/* Phase 2: the original is back: counted anew, patched again. */
	ASSERT_EQ(T, phase(&g, &sum));
	ASSERT_EQ(self->stock[2], sum);
	ASSERT_EQ(2, bt_stat(g.vm->id, "patched"));

	/* Phase 3: overwritten again; unloading leaves the guest's word. */
	ASSERT_EQ(0, phase(&g, &sum));
	ASSERT_EQ(self->stock[3], sum);
	ASSERT_EQ(2 * WT, bt_stat(g.vm->id, "write_faults"));
	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(INSN_LI_R5_7, *g.site);
	vm_free(g.vm);
}

TEST_F(sm, original_put_back)
{
	struct guest g;
	uint64_t sum;

	NEED_VARIANT();
	guest_new(&g, variant->huge);
	ASSERT_EQ(T, phase(&g, &sum));
	ASSERT_EQ(self->stock[0], sum);
	ASSERT_EQ(0, phase(&g, &sum));
	ASSERT_EQ(self->stock[1], sum);

	/* The original over our (already overwritten) patch: start over. */
	ASSERT_EQ(T, phase(&g, &sum));
	ASSERT_EQ(self->stock[2], sum);
	ASSERT_EQ(2, bt_stat(g.vm->id, "patched"));
	ASSERT_NE(INSN_MFMSR_R5, *g.site);
	flush(&g);
	ASSERT_EQ(INSN_MFMSR_R5, *g.site);
	ASSERT_EQ(1 + WT, bt_stat(g.vm->id, "restored"));
	ASSERT_EQ(0, bt_stat(g.vm->id, "restore_skipped"));
	vm_free(g.vm);
	ASSERT_EQ(0, bt_unload());
}

/*
 * A byte store into a patched word: the guest's instruction is its
 * original with that byte changed (mfcr r5), never a mix of the byte and
 * our replacement.  Needs write tracing: the store must find the original.
 */
TEST_F(sm, partial_write)
{
	struct guest g;

	NEED_VARIANT();
	guest_new(&g, variant->huge);
	TO_PHASE_5(&g);
	PHASE_5_TRACED(&g);
	vm_free(g.vm);
	ASSERT_EQ(0, bt_unload());
}

/*
 * The guest reads its text, the patched word among it: it must see its own
 * words (a checksum equal to stock's), as if nothing were patched.  Needs
 * read tracing (e500: the page is execute-only for the guest while it
 * holds patched words; the first read puts the originals back).
 */
TEST_F(sm, read_sees_original)
{
	struct guest g;
	uint64_t sum;
	int k;

#ifndef LAB_E500
	SKIP(return, "Book3S PR cannot map a page execute-only: no read tracing");
#endif
	NEED_VARIANT();
	guest_new(&g, variant->huge);
	for (k = 0; k < 7; k++)
		ASSERT_EQ(self->stock[k], (phase(&g, &sum), sum));
	ASSERT_NE(INSN_MFMSR_R5, *g.site);		/* patched again in phase 6 */
	ASSERT_EQ(T, phase(&g, &sum));			/* the read restored it */
	ASSERT_EQ(self->stock[7], sum);
	ASSERT_EQ(1, bt_stat(g.vm->id, "read_faults"));
	ASSERT_NE(INSN_MFMSR_R5, *g.site);		/* and it was patched anew */
	vm_free(g.vm);
	ASSERT_EQ(0, bt_unload());
}

/*
 * The VMM writes the patched page itself: it punches the page out of
 * guest RAM (MADV_REMOVE: KVM's MMU notifier drops its shadow mappings)
 * and writes the same contents back, which land in a new host frame
 * (our word among them: the VMM sees guest memory as it is; another
 * mapping takes the freed frame first).  Write
 * tracing must follow the page there: the guest's byte store afterwards
 * finds the original, which it turns into mfcr as on stock.
 */
TEST_F(sm, vmm_rewrites_page)
{
	size_t len = variant->huge ? 4u << 20 : (size_t)sysconf(_SC_PAGESIZE);
	struct guest g;
	uint8_t *base;
	void *copy, *hold;

	NEED_VARIANT();
	guest_new(&g, variant->huge);
	TO_PHASE_5(&g);
	base = (uint8_t *)((uintptr_t)g.site & ~(uintptr_t)(len - 1));
	copy = malloc(len);
	ASSERT_TRUE(copy != NULL);
	memcpy(copy, base, len);
	ASSERT_EQ(0, madvise(base, len, MADV_REMOVE)) TH_LOG("MADV_REMOVE: %s", strerror(errno));
	/* Another page takes the freed frame first: the copy lands elsewhere. */
	hold = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | (variant->huge ? MAP_HUGETLB : 0), -1, 0);
	ASSERT_TRUE(hold != MAP_FAILED);
	memset(hold, 1, len);
	memcpy(base, copy, len);
	free(copy);
	munmap(hold, len);
	ASSERT_NE(INSN_MFMSR_R5, *g.site);
	PHASE_5_TRACED(&g);
	vm_free(g.vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
