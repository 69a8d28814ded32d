/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for remap_test (e500v2): a patched page mapped away from its EA,
 * and unmapped.
 *
 * At the start the guest copies a small loop ("mfmsr r5", summed N times,
 * r3 = N) to two physical pages, A (0x200000) and B (0x201000), and runs
 * it at EA 0x20000000 through its own 4K TLB1 entry (entry 1).  Each run of
 * the vcpu is one phase, reporting the loop's sum:
 *  0, 1: EA -> A
 *  2, 3: EA -> B (tlbwe of entry 1 with B)
 *  4:    entry 1 invalidated, then a call to the EA: the instruction TLB
 *        miss (IVOR14) reports SRR0 instead of a sum.
 */
#include "guest.h"

#define SPRN_MAS0	624
#define SPRN_MAS1	625
#define SPRN_MAS2	626
#define SPRN_MAS3	627
#define SPRN_MAS7	944
#define PAGE_A		0x200000
#define PAGE_B		0x201000
#define WINDOW		0x20000000

	GUEST_HANDLER(14, itlb_miss)
	GUEST_IMAGE_START

	mr	r29, r3
	lis	r4, PAGE_A@h
	ori	r4, r4, PAGE_A@l
	bl	copy
	lis	r4, PAGE_B@h
	ori	r4, r4, PAGE_B@l
	bl	copy
	li	r30, 0			/* phase */
phase:
	cmpwi	r30, 0
	bne	1f
	lis	r4, PAGE_A@h		/* phase 0: EA -> A */
	ori	r4, r4, PAGE_A@l
	lis	r6, 0x8000		/* MAS1[V] */
	bl	map
	b	run
1:	cmpwi	r30, 2
	bne	2f
	lis	r4, PAGE_B@h		/* phase 2: EA -> B */
	ori	r4, r4, PAGE_B@l
	lis	r6, 0x8000
	bl	map
	b	run
2:	cmpwi	r30, 4
	bne	run
	li	r6, 0			/* phase 4: entry 1 invalid */
	bl	map
run:	lis	r12, WINDOW@h
	mtctr	r12
	bctrl
	GUEST_REPORT(r31)
	addi	r30, r30, 1
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	phase

itlb_miss:
	mfspr	r10, SPRN_SRR0
	GUEST_REPORT(r10)
	GUEST_DONE(r10)

/* TLB1 entry 1: EA WINDOW -> r4, 4K, supervisor RWX, valid if r6 = V. */
map:	lis	r5, 0x1001		/* TLBSEL 1, ESEL 1 */
	mtspr	SPRN_MAS0, r5
	ori	r5, r6, 0x100		/* TSIZE 4K */
	mtspr	SPRN_MAS1, r5
	lis	r5, WINDOW@h
	mtspr	SPRN_MAS2, r5
	ori	r5, r4, 0x15		/* SX SW SR */
	mtspr	SPRN_MAS3, r5
	li	r5, 0
	mtspr	SPRN_MAS7, r5
	isync
	tlbwe
	isync
	blr

#include "remap_guest.h"
