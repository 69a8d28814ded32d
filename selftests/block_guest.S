/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for block_test: the instructions served by translated blocks, e500
 * wrtee and wrteei, Book3S mtmsrd rS,1 (the same phases below, with
 * mtmsrd rS,1 for each wrtee(i), in 64-bit real mode).  Each entry point is
 * one run of the vcpu; r3 = N.
 *
 * QUIET (GUEST_ENTRY): N iterations of wrteei 0, wrteei 1 and wrtee of a
 *   pseudo-random value, each followed by mfmsr; no interrupt source is on.
 *   Stock: 6N + 1 exits.  Reports the checksum of the MSRs read, and the
 *   final MSR.
 * PENDING (+0x400): N iterations of: wrteei 0, the VMM raises an external
 *   interrupt (pending: EE is off), then wrteei 1 (even iterations) or
 *   wrtee of a value with EE set (odd).  The interrupt must be taken right
 *   after that instruction: the handler counts entries and the ones whose
 *   SRR0 is not the instruction's successor.  Stock: 4N exits.  Reports
 *   entries, mismatches.
 * ASYNC (+0x800): the guest decrementer fires DEC_PERIOD ticks after each
 *   entry to its handler (which re-arms it), while N iterations toggle EE
 *   (wrteei 0, wrteei 1, wrtee random, wrteei 1) around arithmetic, so that interrupts and host exits land anywhere,
 *   translated blocks included.  The handler counts entries, and "bad"
 *   ones: SRR0 outside the loop, or r30/r31 (which the loop keeps constant,
 *   and which blocks use as scratch) changed.  Reports the checksum (the
 *   same whatever the interrupts), entries, bad entries.
 * USER (+0xc00): N calls of a subroutine whose first word is wrteei 0, then
 *   the same subroutine entered in user mode (rfi with MSR[PR]): it must
 *   raise a privileged-instruction program check at the same SRR0 with the
 *   same ESR as on stock (reported), then N calls again.  Stock: 2N + 6.
 * PRIV7 (+0x1000): exits_test's loop of the seven trapping instructions
 *   (mfmsr, mfspr SPRG0, mtspr SPRG1, mfspr SPRG2, mtspr SPRG3, wrteei 0,
 *   wrteei 1); stock: 7N + 5.  Reports MSR, SPRG1, SPRG3.
 */
#include "guest.h"

#ifdef LAB_E500

#define SPRN_DEC	22
#define SPRN_DECAR	54
#define SPRN_ESR	62
#define SPRN_TSR	336
#define SPRN_TCR	340
#define TCR_DIE		0x0400		/* upper half */
#define TSR_DIS		0x0800		/* upper half */
#define MSR_PR		0x4000
#define DEC_PERIOD	97
#define R30_VALUE	0x3030
#define R31_VALUE	0x3131

/* r6 = next pseudo-random value (r6 * 25173 + 13849). */
#define NEXT_RANDOM			\
	mulli	r6, r6, 25173;		\
	addi	r6, r6, 13849

	GUEST_HANDLER(4, ext_handler)
	GUEST_HANDLER(6, prog_handler)
	GUEST_HANDLER(10, dec_handler)
	GUEST_IMAGE_START

quiet:
	mtctr	r3
	li	r10, 0
	lis	r6, 0x1234
1:	wrteei	0
	mfmsr	r4
	add	r10, r10, r4
	wrteei	1
	mfmsr	r4
	rotlwi	r10, r10, 1
	xor	r10, r10, r4
	NEXT_RANDOM
	wrtee	r6
	mfmsr	r4
	add	r10, r10, r4
	bdnz	1b
	mfmsr	r4
	GUEST_REPORT(r10)
	GUEST_REPORT(r4)
	li	r3, 0
	GUEST_DONE(r3)

	.org	GUEST_ENTRY + 0x400
pending:
	mtctr	r3
	li	r11, 0			/* handler entries */
	li	r12, 0			/* SRR0 mismatches */
	li	r14, 0			/* iteration parity */
	li	r7, 0x1234
	ori	r7, r7, 0x8000		/* EE set, other bits noise */
2:	wrteei	0
	GUEST_RAISE_IRQ
	andi.	r0, r14, 1
	xori	r14, r14, 1
	bne	3f
	lis	r15, p1_next@h
	ori	r15, r15, p1_next@l
	wrteei	1
p1_next:
	b	4f
3:	lis	r15, p2_next@h
	ori	r15, r15, p2_next@l
	wrtee	r7
p2_next:
4:	bdnz	2b
	GUEST_REPORT(r11)
	GUEST_REPORT(r12)
	li	r3, 0
	GUEST_DONE(r3)

ext_handler:
	addi	r11, r11, 1
	mfspr	r16, SPRN_SRR0
	cmpw	r16, r15
	beq	1f
	addi	r12, r12, 1
1:	rfi

	.org	GUEST_ENTRY + 0x800
async:
	li	r30, R30_VALUE
	li	r31, R31_VALUE
	li	r10, 0
	li	r11, 0			/* handler entries */
	li	r12, 0			/* bad entries */
	lis	r6, 0x4321
	lis	r5, TCR_DIE
	mtspr	SPRN_TCR, r5
	li	r5, DEC_PERIOD
	mtspr	SPRN_DEC, r5
	mtctr	r3
async_loop:
	wrteei	0
	addi	r10, r10, 3
	rotlwi	r10, r10, 5
	wrteei	1
	addi	r10, r10, 7
	NEXT_RANDOM
	wrtee	r6
	xor	r10, r10, r6
	wrteei	1
	bdnz	async_loop
async_end:
	wrteei	0
	li	r5, 0
	mtspr	SPRN_TCR, r5
	lis	r5, TSR_DIS
	mtspr	SPRN_TSR, r5
	GUEST_REPORT(r10)
	GUEST_REPORT(r11)
	GUEST_REPORT(r12)
	li	r3, 0
	GUEST_DONE(r3)

dec_handler:
	addi	r11, r11, 1
	mfspr	r16, SPRN_SRR0
	lis	r17, async_loop@h
	ori	r17, r17, async_loop@l
	cmplw	r16, r17
	blt	1f
	lis	r17, async_end@h
	ori	r17, r17, async_end@l
	cmplw	r16, r17
	bgt	1f
	cmpwi	r30, R30_VALUE
	bne	1f
	cmpwi	r31, R31_VALUE
	beq	2f
1:	addi	r12, r12, 1
2:	lis	r16, TSR_DIS
	mtspr	SPRN_TSR, r16
	li	r16, DEC_PERIOD
	mtspr	SPRN_DEC, r16
	rfi

	.org	GUEST_ENTRY + 0xc00
user:
	mr	r19, r3
	mtctr	r19
5:	bl	usite
	bdnz	5b
	lis	r20, cont@h
	ori	r20, r20, cont@l
	lis	r5, usite@h
	ori	r5, r5, usite@l
	mtspr	SPRN_SRR0, r5
	mfmsr	r5
	ori	r5, r5, MSR_PR
	mtspr	SPRN_SRR1, r5
	rfi
cont:
	GUEST_REPORT(r17)
	GUEST_REPORT(r18)
	mtctr	r19
6:	bl	usite
	bdnz	6b
	li	r3, 0
	GUEST_DONE(r3)

usite:
	wrteei	0
	blr

prog_handler:
	mfspr	r17, SPRN_SRR0
	mfspr	r18, SPRN_ESR
	mtctr	r20
	bctr

	.org	GUEST_ENTRY + 0x1000
priv7:
	li	r5, 0x1234
	mtspr	SPRN_SPRG0, r5
	li	r6, 0x5678
	mtspr	SPRN_SPRG2, r6
	li	r5, 0
	li	r6, 0
	mtctr	r3
7:	mfmsr	r4
	mfspr	r5, SPRN_SPRG0
	mtspr	SPRN_SPRG1, r5
	mfspr	r6, SPRN_SPRG2
	mtspr	SPRN_SPRG3, r6
	wrteei	0
	wrteei	1
	bdnz	7b
	wrteei	0
	mfspr	r7, SPRN_SPRG1
	mfspr	r8, SPRN_SPRG3
	GUEST_REPORT(r4)
	GUEST_REPORT(r7)
	GUEST_REPORT(r8)
	li	r3, 0
	GUEST_DONE(r3)

#else /* Book3S PR, 64-bit real mode: mtmsrd rS,1 (EE and RI) */

#define SPRN_DEC	22
#define MSR_EE_RI	0x8002
#define MSR_PR		0x4000
#define DEC_PERIOD	97
#define R30_VALUE	0x3030
#define R31_VALUE	0x3131

#define NEXT_RANDOM			\
	mulli	r6, r6, 25173;		\
	addi	r6, r6, 13849

/* The decrementer far away: it must not fire where no handler expects it. */
#define DEC_FAR				\
	lis	r5, 0x7fff;		\
	mtspr	SPRN_DEC, r5

	GUEST_HANDLER(0x500, ext_handler)
	GUEST_HANDLER(0x700, prog_handler)
	GUEST_HANDLER(0x900, dec_handler)
	GUEST_IMAGE_START

quiet:
	DEC_FAR
	mtctr	r3
	li	r10, 0
	lis	r6, 0x1234
	li	r7, 0
	li	r8, 0
	ori	r8, r8, MSR_EE_RI
1:	mtmsrd	r7, 1
	mfmsr	r4
	add	r10, r10, r4
	mtmsrd	r8, 1
	mfmsr	r4
	rotlwi	r10, r10, 1
	xor	r10, r10, r4
	NEXT_RANDOM
	mtmsrd	r6, 1
	mfmsr	r4
	add	r10, r10, r4
	bdnz	1b
	mfmsr	r4
	GUEST_REPORT(r10)
	GUEST_REPORT(r4)
	li	r3, 0
	GUEST_DONE(r3)

	.org	GUEST_ENTRY + 0x400
pending:
	DEC_FAR
	mtctr	r3
	li	r11, 0			/* handler entries */
	li	r12, 0			/* SRR0 mismatches */
	li	r14, 0			/* iteration parity */
	li	r7, 0
	li	r8, 0
	ori	r8, r8, MSR_EE_RI
	li	r10, 0x1234
	ori	r10, r10, MSR_EE_RI	/* EE and RI set, other bits noise */
2:	mtmsrd	r7, 1
	GUEST_RAISE_IRQ
	andi.	r0, r14, 1
	xori	r14, r14, 1
	bne	3f
	li	r15, p1_next
	mtmsrd	r8, 1
p1_next:
	b	4f
3:	li	r15, p2_next
	mtmsrd	r10, 1
p2_next:
4:	bdnz	2b
	GUEST_REPORT(r11)
	GUEST_REPORT(r12)
	li	r3, 0
	GUEST_DONE(r3)

ext_handler:
	addi	r11, r11, 1
	mfspr	r16, SPRN_SRR0
	cmpd	r16, r15
	beq	1f
	addi	r12, r12, 1
1:	rfid

	.org	GUEST_ENTRY + 0x800
async:
	li	r30, R30_VALUE
	li	r31, R31_VALUE
	li	r10, 0
	li	r11, 0			/* handler entries */
	li	r12, 0			/* bad entries */
	lis	r6, 0x4321
	li	r7, 0
	li	r8, 0
	ori	r8, r8, MSR_EE_RI
	li	r5, DEC_PERIOD
	mtspr	SPRN_DEC, r5
	mtctr	r3
async_loop:
	mtmsrd	r7, 1
	addi	r10, r10, 3
	rotlwi	r10, r10, 5
	mtmsrd	r8, 1
	addi	r10, r10, 7
	NEXT_RANDOM
	mtmsrd	r6, 1
	xor	r10, r10, r6
	mtmsrd	r8, 1
	bdnz	async_loop
async_end:
	mtmsrd	r7, 1
	DEC_FAR
	GUEST_REPORT(r10)
	GUEST_REPORT(r11)
	GUEST_REPORT(r12)
	li	r3, 0
	GUEST_DONE(r3)

dec_handler:
	addi	r11, r11, 1
	mfspr	r16, SPRN_SRR0
	li	r17, async_loop
	cmpld	r16, r17
	blt	1f
	li	r17, async_end
	cmpld	r16, r17
	bgt	1f
	cmpdi	r30, R30_VALUE
	bne	1f
	cmpdi	r31, R31_VALUE
	beq	2f
1:	addi	r12, r12, 1
2:	li	r16, DEC_PERIOD
	mtspr	SPRN_DEC, r16
	rfid

	.org	GUEST_ENTRY + 0xc00
user:
	DEC_FAR
	li	r8, 0
	mr	r19, r3
	mtctr	r19
5:	bl	usite
	bdnz	5b
	li	r20, cont
	li	r5, usite
	mtspr	SPRN_SRR0, r5
	mfmsr	r5
	ori	r5, r5, MSR_PR
	mtspr	SPRN_SRR1, r5
	rfid
cont:
	GUEST_REPORT(r17)
	GUEST_REPORT(r18)
	mtctr	r19
6:	bl	usite
	bdnz	6b
	li	r3, 0
	GUEST_DONE(r3)

usite:
	mtmsrd	r8, 1
	blr

prog_handler:
	mfspr	r17, SPRN_SRR0
	mfspr	r18, SPRN_SRR1
	mtctr	r20
	bctr

#endif
