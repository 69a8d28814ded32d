/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for selfmod_test: a loop of N (r3) iterations of one patchable
 * trap, "site: mfmsr r5", summing r5; each phase reports the sum and stops
 * (DONE); running the vcpu again starts the next phase.  Before its loop,
 * phase k >= 1 rewrites the site itself (store, dcbst, sync, icbi, isync):
 * odd phases write "li r5,7", even ones the original word, read at the
 * very start, before anything could be patched; phase 5 instead stores
 * one byte, the word's low one, which makes the original "mfcr r5";
 * phase 7 writes nothing but reads its text (the 64 words from the entry
 * point, the site among them) and reports their checksum instead of the
 * sum.
 */
#include "guest.h"

#ifdef LAB_E500
#define LOW_BYTE	3		/* big-endian */
#else
#define LOW_BYTE	0		/* little-endian */
#endif

	GUEST_IMAGE_START

	mr	r29, r3
	li	r20, site
	lwz	r21, 0(r20)		/* the original word */
	lis	r22, 0x38a0
	ori	r22, r22, 7		/* li r5,7 */
	li	r24, 0			/* phase */
phase:
	cmpwi	r24, 0
	beq	run
	cmpwi	r24, 5
	beq	4f
	cmpwi	r24, 7
	beq	5f
	andi.	r0, r24, 1
	beq	2f
	stw	r22, 0(r20)
	b	3f
2:	stw	r21, 0(r20)
	b	3f
4:	li	r25, 0x26		/* XO 19: mfcr */
	stb	r25, LOW_BYTE(r20)
	b	3f
5:	li	r26, GUEST_ENTRY	/* phase 7: a checksum of the text */
	li	r27, 64
	mtctr	r27
	li	r28, 0
6:	lwz	r25, 0(r26)
	rotlwi	r28, r28, 1
	xor	r28, r28, r25
	addi	r26, r26, 4
	bdnz	6b
	b	run
3:	GUEST_SYNC_ICACHE(r20)
run:
	li	r31, 0
	mtctr	r29
site:	mfmsr	r5
	add	r31, r31, r5
	bdnz	site
	cmpwi	r24, 7
	bne	7f
	mr	r31, r28
7:	addi	r24, r24, 1
	GUEST_REPORT(r31)
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	phase
