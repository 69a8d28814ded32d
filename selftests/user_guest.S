/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for user_test: supervisor code run again in user mode, as a
 * hostile guest kernel could arrange (e500: TLB1[0] is user-executable;
 * ppc64: even steps in real mode, where nothing protects memory and KVM-PR
 * serves the magic page, odd steps in virtual mode through the VMM's
 * identity page table, where the guest has no segment for the magic page).
 *
 * Each run of the vcpu is one phase; r3 = N.
 *  - phases 0 and 2 (supervisor): N iterations of the body, K = 10
 *    patchable instructions; reports their checksum.
 *  - phase 1 (user): 80 steps.  Each enters one instruction with rfi(d)
 *    and MSR[PR] set: steps 0-9 the body's ten, steps 10-19 the same
 *    again, then 60 steps over five privileged instructions that are never
 *    patched (e500: mtmsr, wrtee, wrteei 1, mtspr SPRG0, rfi; ppc64:
 *    mtmsrd, mtmsrd L=1, mtmsr, mtspr SPRG0, rfid) with a pseudo-random r5
 *    (and r7), e.g. an MSR with PR clear.  Each must raise a program
 *    interrupt, whose SRR0, SRR1 and ESR (ppc64: SPRG1) are reported; then
 *    the supervisor's MSR and SPRG0-3 are reported: 245 reports.
 * Anything else (a fault on the magic page, a load of ours that succeeds,
 * an instruction that runs through) shows as an unexpected exception, a
 * different SRR0 or a different SPRG1.
 */
#include "guest.h"

#define MSR_PR		0x4000
#define K		10
#define HAMMER		5
#define STEPS		(2 * K + 12 * HAMMER)

#ifdef LAB_E500
#define SPRN_ESR	62
#define SPRN_MAS6	630
#define VEC_PROGRAM	6
#define CMPI		cmpwi
#define SLI		slwi
#define DIVU		divwu
#define MULL		mullw
#define RFI		rfi
#define SPRN_3RD	SPRN_ESR	/* the third report of a step */
#else
#define SPRN_DSCR	17
#define SPRN_DAR	19
#define SPRN_CFAR	28
#define MSR_IR_DR	0x30
#define VEC_PROGRAM	0x700
#define CMPI		cmpdi
#define SLI		sldi
#define DIVU		divdu
#define MULL		mulld
#define RFI		rfid
#define SPRN_3RD	SPRN_SPRG1
#endif

	GUEST_HANDLER(VEC_PROGRAM, user_trap)
	GUEST_IMAGE_START

	mr	r29, r3
	li	r30, 0			/* phase */
	lis	r21, 0x1234		/* pseudo-random state */
	ori	r21, r21, 0x5678
phase:
	CMPI	r30, 1
	beq	user_phase

	li	r31, 0
#ifdef LAB_E500
	li	r7, 0
#else
	lis	r7, 0x7654		/* upper bits, so 64-bit accesses matter */
	sldi	r7, r7, 32
#endif
	mtctr	r29
sloop:	addi	r7, r7, 0x101
body:	mfmsr	r5
	mtspr	SPRN_SPRG1, r7
	mfspr	r6, SPRN_SPRG1
	mtspr	SPRN_SRR1, r7
	mfspr	r8, SPRN_SRR1
#ifdef LAB_E500
	mtspr	SPRN_ESR, r7
	mfspr	r10, SPRN_ESR
	mtspr	SPRN_MAS6, r7
	mfspr	r11, SPRN_MAS6
#else
	mtspr	SPRN_DAR, r7
	mfspr	r10, SPRN_DAR
	mfspr	r11, SPRN_CFAR
	mfspr	r14, SPRN_DSCR
#endif
	tlbsync
	add	r31, r31, r5
	add	r31, r31, r6
	add	r31, r31, r8
	add	r31, r31, r10
	add	r31, r31, r11
#ifndef LAB_E500
	add	r31, r31, r14
#endif
	bdnz	sloop
	GUEST_REPORT(r31)
	b	phase_done

user_phase:
	li	r20, 0
next:	CMPI	r20, STEPS
	bge	user_done
	li	r23, body
	CMPI	r20, K
	blt	1f
	CMPI	r20, 2 * K
	bge	2f
	addi	r24, r20, -K		/* the body again */
	SLI	r24, r24, 2
	add	r23, r23, r24
	b	3f
1:	SLI	r24, r20, 2		/* the body */
	add	r23, r23, r24
	b	3f
2:	addi	r24, r20, -2 * K	/* the hammer: site (step - 2K) mod 5 */
	li	r25, HAMMER
	DIVU	r26, r24, r25
	MULL	r26, r26, r25
	subf	r24, r26, r24
	SLI	r24, r24, 2
	li	r23, hammer
	add	r23, r23, r24
3:	lis	r22, 0x41c6		/* r21 = r21 * 1103515245 + 12345 */
	ori	r22, r22, 0x4e6d
	MULL	r21, r21, r22
	addi	r21, r21, 12345
	mr	r5, r21
	mr	r7, r21
	mtspr	SPRN_SRR0, r23
	mfmsr	r24
	ori	r24, r24, MSR_PR
#ifndef LAB_E500
	andi.	r0, r20, 1
	beq	4f
	ori	r24, r24, MSR_IR_DR	/* odd steps: virtual mode */
4:
#endif
	mtspr	SPRN_SRR1, r24
	RFI

user_trap:
	mfspr	r10, SPRN_SRR0
	mfspr	r11, SPRN_SRR1
	mfspr	r12, SPRN_3RD
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
#ifdef LAB_E500
hammer:	mtmsr	r5
	wrtee	r5
	wrteei	1
#else
hammer:	mtmsrd	r5
	mtmsrd	r5, 1
	mtmsr	r5
#endif
	mtspr	SPRN_SPRG0, r5
	RFI
