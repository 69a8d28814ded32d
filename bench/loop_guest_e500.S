/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Benchmark guest loops (e500v2), r3 = iterations.
 *  PRIV7   (GUEST_ENTRY):         mfmsr, mfspr SPRG0, mtspr SPRG1,
 *                                 mfspr SPRG2, mtspr SPRG3, wrteei 0,
 *                                 wrteei 1: 7 traps per iteration stock
 *  SPRG    (GUEST_ENTRY + 0x400): the same without wrteei: 5
 *  MFMSR   (GUEST_ENTRY + 0x800): mfmsr only: 1
 *  BASE    (GUEST_ENTRY + 0xc00): 5 plain instructions: 0
 *  SLOT    (GUEST_ENTRY + 0x1000): one instruction bt-loop writes at
 *                                 GUEST_ENTRY + 0x1004 (a rewrite class)
 */
#include "guest.h"

	GUEST_IMAGE_START

	mtctr	r3
1:	mfmsr	r4
	mfspr	r5, SPRN_SPRG0
	mtspr	SPRN_SPRG1, r5
	mfspr	r6, SPRN_SPRG2
	mtspr	SPRN_SPRG3, r6
	wrteei	0
	wrteei	1
	bdnz	1b
	li	r3, 0
	GUEST_DONE(r3)

	.org	GUEST_ENTRY + 0x400
	mtctr	r3
1:	mfmsr	r4
	mfspr	r5, SPRN_SPRG0
	mtspr	SPRN_SPRG1, r5
	mfspr	r6, SPRN_SPRG2
	mtspr	SPRN_SPRG3, r6
	bdnz	1b
	li	r3, 0
	GUEST_DONE(r3)

	.org	GUEST_ENTRY + 0x800
	mtctr	r3
1:	mfmsr	r4
	bdnz	1b
	li	r3, 0
	GUEST_DONE(r3)

	.org	GUEST_ENTRY + 0xc00
	mtctr	r3
1:	addi	r4, r4, 1
	addi	r5, r5, 1
	addi	r6, r6, 1
	addi	r7, r7, 1
	addi	r8, r8, 1
	bdnz	1b
	li	r3, 0
	GUEST_DONE(r3)

	/* SLOT (GUEST_ENTRY + 0x1000): one instruction, written by bt-loop. */
	.org	GUEST_ENTRY + 0x1000
	mtctr	r3
1:	nop
	bdnz	1b
	li	r3, 0
	GUEST_DONE(r3)
