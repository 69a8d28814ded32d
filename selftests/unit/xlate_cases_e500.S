/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expected e500v2 rewrites, assembled by powerpc-linux-gnu-as (-me500):
 * each pair is the trapping instruction and what kvmppc-bt must write
 * instead.  Magic-page offsets: struct kvm_vcpu_arch_shared.
 */
#include "xlate_cases.h"
	.text
	/* header: the number of exact pairs, then of reject pairs */
	.long	(exact_end - exact_start) / 8
	.long	(reject_end - reject_start) / 8
exact_start:
	mfmsr	5;		lwz	5, SH_LO(0x58)(0)
	mfmsr	0;		lwz	0, SH_LO(0x58)(0)
	mfspr	3, 272;		lwz	3, SH_LO(0x20)(0)
	mfspr	4, 273;		lwz	4, SH_LO(0x28)(0)
	mfspr	0, 274;		lwz	0, SH_LO(0x30)(0)
	mfspr	31, 275;	lwz	31, SH_LO(0x38)(0)
	mtspr	272, 9;		stw	9, SH_LO(0x20)(0)
	mtspr	273, 10;	stw	10, SH_LO(0x28)(0)
	mtspr	274, 11;	stw	11, SH_LO(0x30)(0)
	mtspr	275, 12;	stw	12, SH_LO(0x38)(0)
	mfspr	7, 26;		lwz	7, SH_LO(0x40)(0)
	mfspr	8, 27;		lwz	8, SH_LO(0x48)(0)
	mtspr	26, 13;		stw	13, SH_LO(0x40)(0)
	mtspr	27, 14;		stw	14, SH_LO(0x48)(0)
	mfspr	15, 61;		lwz	15, SH_LO(0x50)(0)
	mfspr	16, 62;		lwz	16, SH(0xc8)(0)
	mtspr	61, 17;		stw	17, SH_LO(0x50)(0)
	mtspr	62, 18;		stw	18, SH(0xc8)(0)
	mfspr	19, 624;	lwz	19, SH(0xa8)(0)
	mfspr	20, 625;	lwz	20, SH(0xac)(0)
	mfspr	21, 626;	lwz	21, SH_LO(0xb8)(0)
	mfspr	22, 627;	lwz	22, SH(0xb4)(0)
	mfspr	23, 628;	lwz	23, SH(0xc0)(0)
	mfspr	24, 630;	lwz	24, SH(0xc4)(0)
	mfspr	25, 944;	lwz	25, SH(0xb0)(0)
	mtspr	624, 19;	stw	19, SH(0xa8)(0)
	mtspr	625, 20;	stw	20, SH(0xac)(0)
	mtspr	626, 21;	stw	21, SH_LO(0xb8)(0)
	mtspr	627, 22;	stw	22, SH(0xb4)(0)
	mtspr	628, 23;	stw	23, SH(0xc0)(0)
	mtspr	630, 24;	stw	24, SH(0xc4)(0)
	mtspr	944, 25;	stw	25, SH(0xb0)(0)
	mfspr	26, 286;	lwz	26, SH(0xcc)(0)
	tlbsync;		stw	0, SH(0xf20)(0)	/* the sink */
exact_end:

reject_start:
	.long R_NO_REWRITE;	mfspr	3, 17
	.long R_NO_REWRITE;	mfspr	3, 28
	.long R_NO_REWRITE;	mfspr	3, 276	/* KVM does not emulate it */
	.long R_NO_REWRITE;	mfspr	3, 279
	.long R_NO_REWRITE;	mfspr	3, 260	/* user-readable: never traps */
	.long R_NOT_EXACT;	mtspr	276, 3
	.long R_NOT_EXACT;	mtspr	277, 3
	.long R_NOT_EXACT;	mtspr	278, 3
	.long R_NOT_EXACT;	mtspr	279, 3
	.long R_NO_REWRITE;	rfi
	.long R_NO_REWRITE;	rfci
	/* wrtee, wrteei: translated blocks (block_test); not canonical: */
	.long R_NO_REWRITE;	.long	0x7c018146	/* wrteei 1, rA field 1 */
	.long R_NO_REWRITE;	.long	0x7c600107	/* wrtee 3 with Rc */
	.long R_NO_REWRITE;	mtmsr	3
	.long R_NO_REWRITE;	tlbwe
	.long R_NO_REWRITE;	tlbre
	.long R_NO_REWRITE;	tlbsx	0, 3
	.long R_NO_REWRITE;	tlbivax	0, 3
	.long R_NO_REWRITE;	mfspr	3, 22
	.long R_NO_REWRITE;	mtspr	22, 3
	.long R_NO_REWRITE;	mtspr	48, 3
	.long R_NO_REWRITE;	mfspr	3, 48
	.long R_NO_REWRITE;	mfspr	3, 19
	.long R_NO_REWRITE;	mfspr	3, 18
	.long R_NO_REWRITE;	mtspr	19, 3
	.long R_NO_REWRITE;	mfspr	3, 1023
	.long R_NO_REWRITE;	mfspr	3, 287
	.long R_NO_REWRITE;	mtspr	340, 3
	.long R_NO_REWRITE;	mtspr	336, 3
	.long R_NO_REWRITE;	lwz	3, 0(4)
	.long R_NO_REWRITE;	.long 0x7c20046c	/* tlbsync with a reserved bit */
	.long R_NO_REWRITE;	.long 0x7c0002a7	/* mfspr SPRG0 form with Rc=1 */
	.long R_NO_REWRITE;	.long 0x00dddd00	/* the gdbstub breakpoint */
	.long R_HCALL;		.long 0x7c000268	/* fake sc 1 */
reject_end:
