/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for user_test (e500v2): supervisor code run again in user mode,
 * as a hostile guest kernel could arrange (TLB1[0] is user-executable).
 *
 * Each run of the vcpu is one phase; r3 = N.
 *  - phases 0 and 2 (supervisor): N iterations of the body, K = 10
 *    patchable instructions; reports their checksum.
 *  - phase 1 (user): 80 steps.  Each enters one instruction with rfi and
 *    MSR[PR] set: steps 0-9 the body's ten, steps 10-19 the same again,
 *    then 60 steps over five privileged instructions that are never
 *    patched (mtmsr, wrtee, wrteei 1, mtspr SPRG0, rfi) with a
 *    pseudo-random r5 (and r7), e.g. an MSR with PR clear.  Each must raise
 *    a program interrupt (IVOR6), whose SRR0, SRR1 and ESR are reported;
 *    then the supervisor's MSR and SPRG0-3 are reported: 245 reports.
 * Anything else (a DTLB miss on the magic page, an instruction that runs
 * through) shows as an unexpected exception or a different SRR0.
 */
#include "guest.h"

#define SPRN_ESR	62
#define SPRN_MAS6	630
#define MSR_PR		0x4000
#define K		10
#define HAMMER		5
#define STEPS		(2 * K + 12 * HAMMER)

	GUEST_HANDLER(6, user_trap)
	GUEST_IMAGE_START

	mr	r29, r3
	li	r30, 0			/* phase */
	lis	r21, 0x1234		/* pseudo-random state */
	ori	r21, r21, 0x5678
phase:
	cmpwi	r30, 1
	beq	user_phase

	li	r31, 0
	li	r7, 0
	mtctr	r29
sloop:	addi	r7, r7, 0x101
body:	mfmsr	r5
	mtspr	SPRN_SPRG1, r7
	mfspr	r6, SPRN_SPRG1
	mtspr	SPRN_SRR1, r7
	mfspr	r8, SPRN_SRR1
	mtspr	SPRN_ESR, r7
	mfspr	r10, SPRN_ESR
	mtspr	SPRN_MAS6, r7
	mfspr	r11, SPRN_MAS6
	tlbsync
	add	r31, r31, r5
	add	r31, r31, r6
	add	r31, r31, r8
	add	r31, r31, r10
	add	r31, r31, r11
	bdnz	sloop
	GUEST_REPORT(r31)
	b	phase_done

user_phase:
	li	r20, 0
next:	cmpwi	r20, STEPS
	bge	user_done
	li	r23, body
	cmpwi	r20, K
	blt	1f
	cmpwi	r20, 2 * K
	bge	2f
	addi	r24, r20, -K		/* the body again */
	slwi	r24, r24, 2
	add	r23, r23, r24
	b	3f
1:	slwi	r24, r20, 2		/* the body */
	add	r23, r23, r24
	b	3f
2:	addi	r24, r20, -2 * K	/* the hammer: site (step - 2K) mod 5 */
	li	r25, HAMMER
	divwu	r26, r24, r25
	mullw	r26, r26, r25
	subf	r24, r26, r24
	slwi	r24, r24, 2
	li	r23, hammer
	add	r23, r23, r24
3:	lis	r22, 0x41c6		/* r21 = r21 * 1103515245 + 12345 */
	ori	r22, r22, 0x4e6d
	mullw	r21, r21, r22
	addi	r21, r21, 12345
	mr	r5, r21
	mr	r7, r21
	mtspr	SPRN_SRR0, r23
	mfmsr	r24
	ori	r24, r24, MSR_PR
	mtspr	SPRN_SRR1, r24
	rfi

user_trap:
	mfspr	r10, SPRN_SRR0
	mfspr	r11, SPRN_SRR1
	mfspr	r12, SPRN_ESR
	GUEST_REPORT(r10)
	GUEST_REPORT(r11)
	GUEST_REPORT(r12)
	addi	r20, r20, 1
	b	next

user_done:
	mfmsr	r5
	GUEST_REPORT(r5)
	mfspr	r5, SPRN_SPRG0
	GUEST_REPORT(r5)
	mfspr	r5, SPRN_SPRG1
	GUEST_REPORT(r5)
	mfspr	r5, SPRN_SPRG2
	GUEST_REPORT(r5)
	mfspr	r5, SPRN_SPRG3
	GUEST_REPORT(r5)

phase_done:
	addi	r30, r30, 1
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	phase

	/* Only ever run in user mode. */
hammer:	mtmsr	r5
	wrtee	r5
	wrteei	1
	mtspr	SPRN_SPRG0, r5
	rfi
