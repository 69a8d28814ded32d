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

	.text
	.globl	_start
_start:
	GUEST_VECTOR(0x100); GUEST_VECTOR(0x200); GUEST_VECTOR(0x300)
	GUEST_VECTOR(0x380)
	.org	0x400
	b	isi
	GUEST_VECTOR(0x480)
	GUEST_VECTOR(0x500); GUEST_VECTOR(0x600); GUEST_VECTOR(0x700)
	GUEST_VECTOR(0x800); GUEST_VECTOR(0x900); GUEST_VECTOR(0x980)
	GUEST_VECTOR(0xa00); GUEST_VECTOR(0xb00); GUEST_VECTOR(0xc00)
	GUEST_VECTOR(0xd00); GUEST_VECTOR(0xe00); GUEST_VECTOR(0xe20)
	GUEST_VECTOR(0xe40); GUEST_VECTOR(0xe60); GUEST_VECTOR(0xe80)
	GUEST_VECTOR(0xf00); GUEST_VECTOR(0xf20); GUEST_VECTOR(0xf40)
	GUEST_VECTOR(0xf60); GUEST_VECTOR(0x1300); GUEST_VECTOR(0x1500)
	GUEST_VECTOR(0x1700)
	.org	GUEST_ENTRY

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

/* Copy the loop to the page at r4, made executable. */
copy:	li	r5, snip
	li	r7, (snip_end - snip) / 4
	mtctr	r7
1:	lwz	r8, 0(r5)
	stw	r8, 0(r4)
	dcbst	0, r4
	sync
	icbi	0, r4
	addi	r5, r5, 4
	addi	r4, r4, 4
	bdnz	1b
	isync
	blr

/* Position-independent: runs at WINDOW, from A or from B. */
snip:	li	r31, 0
	mtctr	r29
1:	mfmsr	r5
	add	r31, r31, r5
	addi	r31, r31, 1
	bdnz	1b
	blr
snip_end:
