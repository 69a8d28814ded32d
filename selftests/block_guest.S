/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for block_test: the instructions served by translated blocks, e500
 * wrtee and wrteei, Book3S mtmsrd rS,1 (ppc64: 64-bit real mode).  Below,
 * EE_OFF, EE_ON and EE_SET(r) are wrteei 0, wrteei 1 and wrtee r on e500,
 * and mtmsrd rS,1 with rS = 0, with EE and RI, and r on ppc64.  Each entry
 * point is one run of the vcpu; r3 = N.  ppc64 parks its decrementer first
 * (one mtspr DEC), so that it fires only where a handler expects it.
 *
 * QUIET (GUEST_ENTRY): N iterations of EE_OFF, EE_ON and EE_SET of a
 *   pseudo-random value, each followed by mfmsr; no interrupt source is on.
 *   Stock: 6N + 1 exits.  Reports the checksum of the MSRs read, and the
 *   final MSR.
 * PENDING (+0x400): N iterations of: EE_OFF, the VMM raises an external
 *   interrupt (pending: EE is off), then EE_ON (even iterations) or EE_SET
 *   of a value with EE set (odd).  The interrupt must be taken right after
 *   that instruction: the handler counts entries and the ones whose SRR0 is
 *   not the instruction's successor.  Stock: 4N exits.  Reports entries,
 *   mismatches.
 * ASYNC (+0x800): the guest decrementer fires DEC_PERIOD ticks after each
 *   entry to its handler (which re-arms it), while N iterations toggle EE
 *   (EE_OFF, EE_ON, EE_SET random, EE_ON) around arithmetic, so that
 *   interrupts and host exits land anywhere, translated blocks included.
 *   The handler counts entries, and "bad" ones: SRR0 outside the loop (where
 *   it runs, all 64 bits on ppc64), or
 *   r30/r31 (which the loop keeps constant, and which blocks use as scratch)
 *   changed.  Reports the checksum (the same whatever the interrupts),
 *   entries, bad entries.  ppc64: with r24 set, each iteration first runs
 *   tlbie r24 (the VMM gives the kernel window's page: the next block
 *   then takes a fetch fault there).
 * USER (+0xc00): N calls of a subroutine whose first word is EE_OFF, then
 *   the same subroutine entered in user mode (rfi with MSR[PR]): it must
 *   raise a privileged-instruction program check at the same SRR0 with the
 *   same ESR (ppc64: SRR1) as on stock (reported), then N calls again.
 *   Stock: 2N + 6.
 * KERNEL (+0x1000, ppc64): turn translation on and go to r4 (rfid), where
 *   the VMM mapped the image again, as a Linux kernel at
 *   0xc000_0000_0000_0000: four exits (mtspr SRR0, mfmsr, mtspr SRR1, rfid).
 * ALIAS (+0x1040, ppc64; entered through KERNEL where the VMM mapped the
 *   image again, 0xc000_0000_0000_0000): QUIET's loop (r27 = 0) or ASYNC's
 *   (else), then translation off (four more exits) and the same loop at its
 *   low address, the kernel sites' real-mode alias.  Reports its values
 *   twice.
 * LATE (+0x10c0; ppc64 through KERNEL): QUIET's loop, then slbmte r28, r29
 *   (a segment of the guest's own over the kernel window; e500: tlbwe of
 *   MAS0-MAS3 = r26-r29, MAS7 = 0, a TLB entry of its own there), then the
 *   loop again.  Reports its values twice.
 * KDATA (+0x1140, e500): QUIET's loop, a load from the kernel window's
 *   address (the guest maps nothing there: a data TLB miss, which the
 *   handler counts, notes DEAR of and steps over), the loop again.  Reports
 *   its values twice, misses, DEAR.
 */
#include "guest.h"

#define MSR_PR		0x4000
#define DEC_PERIOD	97
#define R30_VALUE	0x3030
#define R31_VALUE	0x3131
#define SPRN_DEC	22

#ifdef LAB_E500
#define SPRN_ESR	62
#define SPRN_TSR	336
#define SPRN_TCR	340
#define TCR_DIE		0x0400		/* upper half */
#define TSR_DIS		0x0800		/* upper half */
#define SPRN_3RD	SPRN_ESR
#define SPRN_DEAR	61
#define VEC_DTLB	13
#define KWINDOW		0xbf000000
#define SPRN_MAS0	624
#define SPRN_MAS1	625
#define SPRN_MAS2	626
#define SPRN_MAS3	627
#define SPRN_MAS7	944
#define VEC_EXT		4
#define VEC_PROG	6
#define VEC_DEC		10
#define RFI		rfi
#define EE_SETUP
#define CMPL		cmplw
#define EE_OFF		wrteei	0
#define EE_ON		wrteei	1
#define EE_SET(r)	wrtee	r
#define DEC_PARK
/* Clobber r5. */
#define DEC_START			\
	lis	r5, TCR_DIE;		\
	mtspr	SPRN_TCR, r5;		\
	li	r5, DEC_PERIOD;		\
	mtspr	SPRN_DEC, r5
#define DEC_STOP			\
	li	r5, 0;			\
	mtspr	SPRN_TCR, r5;		\
	lis	r5, TSR_DIS;		\
	mtspr	SPRN_TSR, r5
/* Clobber r16. */
#define DEC_ACK				\
	lis	r16, TSR_DIS;		\
	mtspr	SPRN_TSR, r16
#else
#define MSR_EE_RI	0x8002
#define SPRN_3RD	SPRN_SRR1
#define VEC_EXT		0x500
#define VEC_PROG	0x700
#define VEC_DEC		0x900
#define RFI		rfid
/* r7: EE and RI off; r8: EE and RI on. */
#define EE_SETUP			\
	li	r7, 0;			\
	li	r8, 0;			\
	ori	r8, r8, MSR_EE_RI
#define CMPL		cmpld
#define EE_OFF		mtmsrd	r7, 1
#define EE_ON		mtmsrd	r8, 1
#define EE_SET(r)	mtmsrd	r, 1
/* Clobber r5. */
#define DEC_PARK			\
	lis	r5, 0x7fff;		\
	mtspr	SPRN_DEC, r5
#define DEC_START			\
	li	r5, DEC_PERIOD;		\
	mtspr	SPRN_DEC, r5
#define DEC_STOP	DEC_PARK
/* Writing the decrementer is what acknowledges it on Book3S. */
#define DEC_ACK
#endif

/* r6 = next pseudo-random value (r6 * 25173 + 13849). */
#define NEXT_RANDOM			\
	mulli	r6, r6, 25173;		\
	addi	r6, r6, 13849

#define LOAD_ADDR(r, label)		\
	lis	r, label@h;		\
	ori	r, r, label@l

	GUEST_HANDLER(VEC_EXT, ext_handler)
	GUEST_HANDLER(VEC_PROG, prog_handler)
	GUEST_HANDLER(VEC_DEC, dec_handler)
#ifdef LAB_E500
	GUEST_HANDLER(VEC_DTLB, dtlb_handler)
#endif
	GUEST_IMAGE_START

quiet:
	bl	quiet_body
	li	r3, 0
	GUEST_DONE(r3)

/* Keeps r3; clobbers LR, CTR. */
quiet_body:
	DEC_PARK
	EE_SETUP
	mtctr	r3
	li	r10, 0
	lis	r6, 0x1234
1:	EE_OFF
	mfmsr	r4
	add	r10, r10, r4
	EE_ON
	mfmsr	r4
	rotlwi	r10, r10, 1
	xor	r10, r10, r4
	NEXT_RANDOM
	EE_SET(r6)
	mfmsr	r4
	add	r10, r10, r4
	bdnz	1b
	mfmsr	r4
	GUEST_REPORT(r10)
	GUEST_REPORT(r4)
	blr

	.org	GUEST_ENTRY + 0x400
pending:
	bl	1f			/* r13: where the image runs, less where it links */
1:	mflr	r13
	LOAD_ADDR(r5, 1b)
	subf	r13, r5, r13
	DEC_PARK
	EE_SETUP
	mtctr	r3
	li	r11, 0			/* handler entries */
	li	r12, 0			/* SRR0 mismatches */
	li	r14, 0			/* iteration parity */
	li	r10, 0x1234
	ori	r10, r10, 0x8002	/* EE (and RI) set, other bits noise */
2:	EE_OFF
	GUEST_RAISE_IRQ
	andi.	r0, r14, 1
	xori	r14, r14, 1
	bne	3f
	LOAD_ADDR(r15, p1_next)
	add	r15, r15, r13
	EE_ON
p1_next:
	b	4f
3:	LOAD_ADDR(r15, p2_next)
	add	r15, r15, r13
	EE_SET(r10)
p2_next:
4:	bdnz	2b
	GUEST_REPORT(r11)
	GUEST_REPORT(r12)
	li	r3, 0
	GUEST_DONE(r3)

ext_handler:
	addi	r11, r11, 1
	mfspr	r16, SPRN_SRR0
	cmplw	r16, r15
	beq	1f
	addi	r12, r12, 1
1:	RFI

	.org	GUEST_ENTRY + 0x800
async:
	bl	async_body
	li	r3, 0
	GUEST_DONE(r3)

/*
 * Keeps r3; clobbers CTR.  r28, r29: where the loop runs (the handler checks
 * SRR0 against them, all 64 bits on ppc64).
 */
async_body:
	mflr	r25
	bl	1f
1:	mflr	r28
	addi	r29, r28, async_end - 1b
	addi	r28, r28, async_loop - 1b
	EE_SETUP
	li	r30, R30_VALUE
	li	r31, R31_VALUE
	li	r10, 0
	li	r11, 0			/* handler entries */
	li	r12, 0			/* bad entries */
	lis	r6, 0x4321
	DEC_START
	mtctr	r3
async_loop:
#ifndef LAB_E500
	cmpdi	r24, 0			/* REFETCH: tlbie r24 drops the window's page */
	beq	3f
	tlbie	r24, 0
3:
#endif
	EE_OFF
	addi	r10, r10, 3
	rotlwi	r10, r10, 5
	EE_ON
	addi	r10, r10, 7
	NEXT_RANDOM
	EE_SET(r6)
	xor	r10, r10, r6
	EE_ON
	bdnz	async_loop
async_end:
	EE_OFF
	DEC_STOP
	GUEST_REPORT(r10)
	GUEST_REPORT(r11)
	GUEST_REPORT(r12)
	mtlr	r25
	blr

dec_handler:
	addi	r11, r11, 1
	mfspr	r16, SPRN_SRR0
	CMPL	r16, r28
	blt	1f
	CMPL	r16, r29
	bgt	1f
	cmpwi	r30, R30_VALUE
	bne	1f
	cmpwi	r31, R31_VALUE
	beq	2f
1:	addi	r12, r12, 1
2:	DEC_ACK
	li	r16, DEC_PERIOD
	mtspr	SPRN_DEC, r16
	RFI

	.org	GUEST_ENTRY + 0xc00
user:
	DEC_PARK
	EE_SETUP
	mr	r19, r3
	mtctr	r19
5:	bl	usite
	bdnz	5b
	LOAD_ADDR(r20, cont)
	LOAD_ADDR(r5, usite)
	mtspr	SPRN_SRR0, r5
	mfmsr	r5
	ori	r5, r5, MSR_PR
	mtspr	SPRN_SRR1, r5
	RFI
cont:
	GUEST_REPORT(r17)
	GUEST_REPORT(r18)
	mtctr	r19
6:	bl	usite
	bdnz	6b
	li	r3, 0
	GUEST_DONE(r3)

usite:
	EE_OFF
	blr

prog_handler:
	mfspr	r17, SPRN_SRR0
	mfspr	r18, SPRN_3RD
	mtctr	r20
	bctr

#ifndef LAB_E500
	.org	GUEST_ENTRY + 0x1000
kernel:
	mtspr	SPRN_SRR0, r4
	mfmsr	r5
	ori	r5, r5, 0x30		/* IR, DR */
	mtspr	SPRN_SRR1, r5
	rfid

	.org	GUEST_ENTRY + 0x1040
alias:
	bl	alias_body
	LOAD_ADDR(r5, 1f)		/* the low address */
	mtspr	SPRN_SRR0, r5
	mfmsr	r5
	li	r6, 0x30
	andc	r5, r5, r6
	mtspr	SPRN_SRR1, r5
	rfid
1:	bl	alias_body
	li	r3, 0
	GUEST_DONE(r3)

alias_body:
	mflr	r26
	cmpdi	r27, 0
	bne	2f
	bl	quiet_body
	mtlr	r26
	blr
2:	bl	async_body
	mtlr	r26
	blr

	.org	GUEST_ENTRY + 0x10c0
late:
	bl	quiet_body
	slbmte	r28, r29
	bl	quiet_body
	li	r3, 0
	GUEST_DONE(r3)
#else
	.org	GUEST_ENTRY + 0x10c0
late:
	bl	quiet_body
	mtspr	SPRN_MAS0, r26
	mtspr	SPRN_MAS1, r27
	mtspr	SPRN_MAS2, r28
	mtspr	SPRN_MAS3, r29
	li	r5, 0
	mtspr	SPRN_MAS7, r5
	tlbwe
	isync
	bl	quiet_body
	li	r3, 0
	GUEST_DONE(r3)

	.org	GUEST_ENTRY + 0x1140
kdata:
	li	r11, 0
	li	r17, 0
	bl	quiet_body
	lis	r5, KWINDOW@h
	lwz	r6, 0x100(r5)
	bl	quiet_body
	GUEST_REPORT(r11)
	GUEST_REPORT(r17)
	li	r3, 0
	GUEST_DONE(r3)

/* Count the miss, note its address, go on after the access. */
dtlb_handler:
	addi	r11, r11, 1
	mfspr	r17, SPRN_DEAR
	mfspr	r16, SPRN_SRR0
	addi	r16, r16, 4
	mtspr	SPRN_SRR0, r16
	rfi
#endif
