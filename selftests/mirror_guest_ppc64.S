/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for mirror_test (Book3S PR, little-endian, real mode, 64-bit): the
 * SPRs KVM-PR keeps in vcpu fields, read as Linux's __switch_to reads them.
 *
 * Setup: FSCR |= EBB, EBBHR/EBBRR/BESCR set (5 traps).  Then N (r3)
 * iterations of read_all (mfspr FSCR, EBBHR, EBBRR, BESCR: 4 sites, each
 * folded into a checksum in r31), with a new EBBHR (mtspr, a trap) every 64
 * iterations; report r31.  Then EBB off (read_fscr, mtspr FSCR) and
 * read_all again: the EBBHR read is "facility unavailable" (KVM injects
 * 0xf60), whose handler reads FSCR through read_fscr (the interrupt cause
 * is in it), reports it and SRR0, and stops.
 *
 * At MIRROR_PHASES (entered there instead): FSCR |= EBB, then phases of N
 * (r3) iterations of read_all, each reporting the checksum of the phase
 * and the last EBBHR read, and stopping (DONE); running the vcpu again
 * starts the next phase.  Between phases the VMM sets registers.
 */
#include "guest.h"

#define SPRN_FSCR	153
#define SPRN_EBBHR	804
#define SPRN_EBBRR	805
#define SPRN_BESCR	806
#define FSCR_EBB	0x80
#define MIRROR_PHASES	(GUEST_ENTRY + 0x800)

	.text
	.globl	_start
_start:
	GUEST_VECTOR(0x100); GUEST_VECTOR(0x200); GUEST_VECTOR(0x300)
	GUEST_VECTOR(0x380); GUEST_VECTOR(0x400); GUEST_VECTOR(0x480)
	GUEST_VECTOR(0x500); GUEST_VECTOR(0x600); GUEST_VECTOR(0x700)
	GUEST_VECTOR(0x800); GUEST_VECTOR(0x900); GUEST_VECTOR(0x980)
	GUEST_VECTOR(0xa00); GUEST_VECTOR(0xb00); GUEST_VECTOR(0xc00)
	GUEST_VECTOR(0xd00); GUEST_VECTOR(0xe00); GUEST_VECTOR(0xe20)
	GUEST_VECTOR(0xe40); GUEST_VECTOR(0xe60); GUEST_VECTOR(0xe80)
	GUEST_VECTOR(0xf00); GUEST_VECTOR(0xf20); GUEST_VECTOR(0xf40)

	/* Facility unavailable: what FSCR says, and where it happened. */
	.org	0xf60
	bl	read_fscr
	GUEST_REPORT(r6)
	mfspr	r10, SPRN_SRR0
	GUEST_REPORT(r10)
	li	r3, 0
	GUEST_DONE(r3)

	GUEST_VECTOR(0x1300); GUEST_VECTOR(0x1500); GUEST_VECTOR(0x1700)

	.org	GUEST_ENTRY
	mr	r29, r3
	mfspr	r4, SPRN_FSCR
	ori	r4, r4, FSCR_EBB
	mtspr	SPRN_FSCR, r4
	lis	r5, 0x1234
	ori	r5, r5, 0x5678
	mtspr	SPRN_EBBHR, r5
	addi	r4, r5, 0x100
	mtspr	SPRN_EBBRR, r4
	li	r4, 0x42
	mtspr	SPRN_BESCR, r4
	li	r31, 0
	li	r30, 0
	mtctr	r29
1:	bl	read_all
	addi	r30, r30, 1
	andi.	r0, r30, 63
	bne	2f
	addi	r5, r5, 4		/* a new EBBHR: the mirror must follow */
	mtspr	SPRN_EBBHR, r5
2:	bdnz	1b
	GUEST_REPORT(r31)

	bl	read_fscr		/* EBB off */
	li	r0, FSCR_EBB
	andc	r4, r6, r0
	mtspr	SPRN_FSCR, r4
	bl	read_all		/* its EBBHR read ends in 0xf60 */
	li	r3, 1
	GUEST_DONE(r3)

read_fscr:
	mfspr	r6, SPRN_FSCR
	blr

	.org	MIRROR_PHASES
	mr	r29, r3
	bl	read_fscr
	ori	r4, r6, FSCR_EBB
	mtspr	SPRN_FSCR, r4
3:	li	r31, 0
	mtctr	r29
4:	bl	read_all
	bdnz	4b
	GUEST_REPORT(r31)
	GUEST_REPORT(r7)
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	3b

read_all:
	mflr	r28
	bl	read_fscr
	mfspr	r7, SPRN_EBBHR
	mfspr	r8, SPRN_EBBRR
	mfspr	r9, SPRN_BESCR
	mtlr	r28
	rotldi	r31, r31, 7
	xor	r31, r31, r6
	rotldi	r31, r31, 7
	xor	r31, r31, r7
	rotldi	r31, r31, 7
	xor	r31, r31, r8
	rotldi	r31, r31, 7
	xor	r31, r31, r9
	blr
