// SPDX-License-Identifier: GPL-2.0
/*
 * remap_test: the guest maps a patched page away from its EA, and unmaps
 * it.  Patches belong to guest physical pages; the site follows the EA.
 *
 * Guest (remap_guest_e500.S): a loop of N "mfmsr r5" copied to pages A and
 * B, run at one EA through the guest's own TLB1 entry: twice through A,
 * twice through B (after a tlbwe), then once with the entry invalid.
 *  - follows_the_page: A's word is patched after T traps; after the remap
 *    B's original traps T times (A's original is put back: restored 1) and
 *    is patched in turn; each phase's sum and exits equal stock's but for
 *    the traps saved; with the entry gone the guest takes the same
 *    instruction TLB miss (SRR0) as on stock; a flush restores B.
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
#define WINDOW		0x20000000
#define INSN_MFMSR_R5	0x7ca000a6u
#define INSN_LI_R31_0	0x3be00000u

struct run {
	uint64_t exits[PHASES];
	uint64_t sum[PHASES];
};

#ifdef LAB_E500
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

#endif

FIXTURE(remap) {
	struct run stock;
};

FIXTURE_SETUP(remap)
{
#ifdef LAB_E500
	struct vm *vm;
	struct vcpu *vcpu;
	int k;

	ASSERT_EQ(0, bt_unload());
	vm = vm_create(0);
	vm_load(vm, 0, remap_guest, GUEST_CODE_SIZE(remap_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, N);
	for (k = 0; k < PHASES; k++) {
		self->stock.exits[k] = vcpu_run_phase(vcpu, 1);
		self->stock.sum[k] = vcpu->reports[0];
	}
	vm_free(vm);
	ASSERT_EQ(N, self->stock.exits[1]);
	ASSERT_EQ(N, self->stock.exits[3]);
	/* tlbwe and the MAS writes; phase 4 also the handler's mfspr SRR0 */
	ASSERT_EQ(N + self->stock.exits[4] - 1, self->stock.exits[0]);
	ASSERT_EQ(self->stock.exits[0], self->stock.exits[2]);
	ASSERT_EQ(N, self->stock.sum[0]);
	ASSERT_EQ(WINDOW, self->stock.sum[4]);		/* the ITLB miss's SRR0 */
	ASSERT_EQ(0, bt_load("threshold=8"));
#endif
}

FIXTURE_TEARDOWN(remap)
{
	bt_unload();
}

TEST_F(remap, follows_the_page)
{
#ifdef LAB_E500
	struct vm *vm = vm_create(0);
	struct vcpu *vcpu;
	uint64_t exits, map = self->stock.exits[0] - N;
	char path[64];
	int k;

	vm_load(vm, 0, remap_guest, GUEST_CODE_SIZE(remap_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, N);
	for (k = 0; k < PHASES; k++) {
		exits = vcpu_run_phase(vcpu, 1);
		ASSERT_EQ(self->stock.sum[k], vcpu->reports[0]);
		switch (k) {
		case 0:
		case 2:
			ASSERT_EQ(T + map, exits);
			break;
		case 4:
			ASSERT_EQ(self->stock.exits[4], exits);
			break;
		default:
			ASSERT_EQ(0, exits);
		}
		if (k == 1) {
			ASSERT_NE(INSN_MFMSR_R5, word(vm, PAGE_A + site_off()));
			ASSERT_EQ(INSN_MFMSR_R5, word(vm, PAGE_B + site_off()));
		}
		if (k == 3) {
			ASSERT_EQ(INSN_MFMSR_R5, word(vm, PAGE_A + site_off()));
			ASSERT_NE(INSN_MFMSR_R5, word(vm, PAGE_B + site_off()));
			ASSERT_EQ(1, bt_stat(vm->id, "restored"));
			ASSERT_EQ(2, bt_stat(vm->id, "patched"));
		}
	}
	snprintf(path, sizeof(path), "vm-%s/flush", vm->id);
	ASSERT_EQ(0, bt_write(path, "1\n"));
	ASSERT_EQ(INSN_MFMSR_R5, word(vm, PAGE_B + site_off()));
	ASSERT_EQ(2, bt_stat(vm->id, "restored"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
#else
	SKIP(return, "the ppc64 lab's guests run in real mode");
#endif
}

TEST_HARNESS_MAIN
