/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for remap_test (Book3S PR, little-endian, 64-bit, virtual mode
 * through the VMM's hashed page table: EA 0-64K identity, and WINDOW, a 4K
 * page whose entry the VMM put at HPTE, mapped to page A).
 *
 * At the start the guest copies a small loop ("mfmsr r5", summed N times,
 * r3 = N) to two physical pages, A (0x200000) and B (0x201000), turns
 * translation on and runs the loop at WINDOW.  Each run of the vcpu is one
 * phase, reporting the loop's sum:
 *  0, 1: WINDOW -> A
 *  2, 3: WINDOW -> B (the HPTE's second doubleword rewritten, tlbie)
 *  4:    the HPTE invalidated (tlbie), then a call to WINDOW: the
 *        instruction storage interrupt (0x400) reports SRR0 instead.
 */
#include "guest.h"

#define PAGE_A		0x200000
#define PAGE_B		0x201000
#define WINDOW		0x30000
#define HPTE		(0x400000 + ((0x123 ^ (WINDOW >> 12)) & 2047) * 128)
#define MSR_IR_DR	0x30

	GUEST_HANDLER(0x400, isi)
	GUEST_IMAGE_START

	mr	r29, r3
	lis	r4, PAGE_A@h
	bl	copy
	lis	r4, PAGE_B@h
	ori	r4, r4, PAGE_B@l
	bl	copy
	mfmsr	r6
	ori	r6, r6, MSR_IR_DR
	mtmsrd	r6			/* translation on: EA 0-64K is identity */
	lis	r6, HPTE@h
	ori	r6, r6, HPTE@l
	lis	r7, 0x123		/* tlbie's RB: the VPN (VSID 0x123) << 12 */
	ori	r7, r7, WINDOW >> 12
	sldi	r7, r7, 12
	li	r30, 0			/* phase */
phase:
	cmpdi	r30, 2
	bne	1f
	lis	r5, PAGE_B@h		/* phase 2: WINDOW -> B (R C M, PP 10) */
	ori	r5, r5, 0x1000 | 0x192	/* PAGE_B's low half */
	addi	r8, r6, 8
	stdbrx	r5, 0, r8		/* the table is big-endian */
	bl	flush
	b	run
1:	cmpdi	r30, 4
	bne	run
	li	r5, 0			/* phase 4: the entry invalid */
	std	r5, 0(r6)
	bl	flush
run:	lis	r12, WINDOW@h
	mtctr	r12
	bctrl
	GUEST_REPORT(r31)
	addi	r30, r30, 1
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	phase

isi:	mfspr	r10, SPRN_SRR0
	GUEST_REPORT(r10)
	GUEST_DONE(r10)

/* The architected sequence after changing a page table entry. */
flush:	ptesync
	tlbie	r7, r0
	eieio
	tlbsync
	ptesync
	blr

#include "remap_guest.h"
