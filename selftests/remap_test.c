// SPDX-License-Identifier: GPL-2.0
/*
 * remap_test: the guest maps a patched page away from its EA, and unmaps
 * it.  Patches belong to guest physical pages; the site follows the EA.
 *
 * Guest (remap_guest_<lab>.S): a loop of N "mfmsr r5" copied to pages A
 * and B, run at one EA through the guest's own translation (e500: its TLB1
 * entry 1; ppc64: a hashed page table entry, in virtual mode): twice
 * through A, twice through B (tlbwe; ppc64: the entry rewritten, tlbie),
 * then once with the entry invalid.
 *  - follows_the_page: A's word is patched after T traps; after the remap
 *    B's original traps T times (A's original is put back: restored 1) and
 *    is patched in turn; each phase's sum and exits equal stock's but for
 *    the traps saved; with the entry gone the guest takes the same
 *    instruction TLB miss (ppc64: instruction storage interrupt) at the
 *    same SRR0 as on stock; a flush restores B.
 */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(remap_guest, GUEST_BIN);

#define N		300
#define T		8
#define PHASES		5
#define PAGE_A		0x200000
#define PAGE_B		0x201000
#ifdef LAB_E500
#define WINDOW		0x20000000
#else
#define WINDOW		0x30000
#define HTAB		0x400000
#define HPTE		(HTAB + ((0x123 ^ (WINDOW >> 12)) & 2047) * 128)
#endif
#define INSN_MFMSR_R5	0x7ca000a6u
#define INSN_LI_R31_0	0x3be00000u

/* The site's offset in the copied loop: from "li r31,0", the loop's first word. */
static uint32_t site_off(void)
{
	uint32_t m, w;

	for (m = GUEST_ENTRY; m + 4 <= GUEST_CODE_SIZE(remap_guest); m += 4) {
		memcpy(&w, remap_guest + m, 4);
		if (w == INSN_MFMSR_R5)
			break;
	}
	VMM_ASSERT(m + 4 <= GUEST_CODE_SIZE(remap_guest), "no mfmsr r5 in the image");
	memcpy(&w, remap_guest + m - 8, 4);
	VMM_ASSERT(w == INSN_LI_R31_0, "the loop does not start 8 bytes before its mfmsr");
	return 8;
}

static uint32_t word(struct vm *vm, uint64_t gpa)
{
	uint32_t w;

	memcpy(&w, vm_gpa(vm, gpa), 4);
	return w;
}

static struct vcpu *guest_new(struct vm *vm)
{
	struct vcpu *vcpu;

	vm_load(vm, 0, remap_guest, GUEST_CODE_SIZE(remap_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, N);
#ifdef LAB_PPC64
	vcpu_ppc64_identity_map(vcpu, HTAB, 0x10000);
	vcpu_ppc64_map_page(vcpu, HTAB, UCALL_BASE, UCALL_BASE);	/* reports */
	vcpu_ppc64_map_page(vcpu, HTAB, HPTE & ~0xfffULL, HPTE & ~0xfffULL);
	VMM_ASSERT(vcpu_ppc64_map_page(vcpu, HTAB, WINDOW, PAGE_A) == HPTE,
		   "the window's page table entry is not where the guest expects it");
#endif
	return vcpu;
}

FIXTURE(remap) {
	uint64_t exits[PHASES];
	uint64_t sum[PHASES];
};

FIXTURE_SETUP(remap)
{
	struct vm *vm;
	struct vcpu *vcpu;
	int k;

	ASSERT_EQ(0, bt_unload());
	vm = vm_create(0);
	vcpu = guest_new(vm);
	for (k = 0; k < PHASES; k++) {
		self->exits[k] = vcpu_run_phase(vcpu, 1);
		self->sum[k] = vcpu->reports[0];
	}
	vm_free(vm);
	/* Phases 1 and 3 are the loop alone; 0, 2 and 4 also (re)map. */
	ASSERT_EQ(N, self->exits[1]);
	ASSERT_EQ(N, self->exits[3]);
	ASSERT_LE(N, self->exits[0]);
	ASSERT_LE(N, self->exits[2]);
	ASSERT_EQ(self->sum[0], self->sum[1]);
	ASSERT_EQ(self->sum[2], self->sum[3]);
	ASSERT_EQ(WINDOW, self->sum[4]);		/* the fault's SRR0 */
	ASSERT_EQ(0, bt_load("threshold=8"));
}

FIXTURE_TEARDOWN(remap)
{
	bt_unload();
}

TEST_F(remap, follows_the_page)
{
	struct vm *vm = vm_create(0);
	struct vcpu *vcpu = guest_new(vm);
	uint32_t off = site_off();
	uint64_t exits;
	char path[64];
	int k;

	for (k = 0; k < PHASES; k++) {
		exits = vcpu_run_phase(vcpu, 1);
		ASSERT_EQ(self->sum[k], vcpu->reports[0]);
		if (k == 0 || k == 2) {
			ASSERT_EQ(self->exits[k] - (N - T), exits);
		} else if (k == 4) {
			ASSERT_EQ(self->exits[k], exits);
		} else {
			ASSERT_EQ(0, exits);
		}
		if (k == 1) {
			ASSERT_NE(INSN_MFMSR_R5, word(vm, PAGE_A + off));
			ASSERT_EQ(INSN_MFMSR_R5, word(vm, PAGE_B + off));
		}
		if (k == 3) {
			ASSERT_EQ(INSN_MFMSR_R5, word(vm, PAGE_A + off));
			ASSERT_NE(INSN_MFMSR_R5, word(vm, PAGE_B + off));
			ASSERT_EQ(1, bt_stat(vm->id, "restored"));
			ASSERT_EQ(2, bt_stat(vm->id, "patched"));
		}
	}
	snprintf(path, sizeof(path), "vm-%s/flush", vm->id);
	ASSERT_EQ(0, bt_write(path, "1\n"));
	ASSERT_EQ(INSN_MFMSR_R5, word(vm, PAGE_B + off));
	ASSERT_EQ(2, bt_stat(vm->id, "restored"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
