/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for selfmod_test: a loop of N (r3) iterations of one patchable
 * trap, "site: mfmsr r5", summing r5; each phase reports the sum and stops
 * (DONE); running the vcpu again starts the next phase.  Before its loop,
 * phase k >= 1 rewrites the site itself (store, dcbst, sync, icbi, isync):
 * odd phases write "li r5,7", even ones the original word, read at the
 * very start, before anything could be patched; phase 5 instead stores
 * one byte, the word's low one, which makes the original "mfcr r5".
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
	andi.	r0, r24, 1
	beq	2f
	stw	r22, 0(r20)
	b	3f
2:	stw	r21, 0(r20)
	b	3f
4:	li	r25, 0x26		/* XO 19: mfcr */
	stb	r25, LOW_BYTE(r20)
3:	dcbst	0, r20
	sync
	icbi	0, r20
	isync
run:
	li	r31, 0
	mtctr	r29
site:	mfmsr	r5
	add	r31, r31, r5
	bdnz	site
	addi	r24, r24, 1
	GUEST_REPORT(r31)
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	phase
