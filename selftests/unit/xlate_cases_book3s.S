/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expected Book3S (KVM-PR, 64-bit mode) rewrites, assembled by
 * powerpc64le-linux-gnu-as (-mpower8): each pair is the trapping
 * instruction and what kvmppc-bt must write instead.
 */
#include "xlate_cases.h"
	.text
	/* header: the number of exact pairs, then of reject pairs */
	.long	(exact_end - exact_start) / 8
	.long	(reject_end - reject_start) / 8
exact_start:
	mfmsr	5;		ld	5, SH(0x58)(0)
	mfmsr	0;		ld	0, SH(0x58)(0)
	mfspr	3, 272;		ld	3, SH(0x20)(0)
	mfspr	4, 273;		ld	4, SH(0x28)(0)
	mfspr	0, 274;		ld	0, SH(0x30)(0)
	mfspr	31, 275;	ld	31, SH(0x38)(0)
	mtspr	272, 9;		std	9, SH(0x20)(0)
	mtspr	273, 10;	std	10, SH(0x28)(0)
	mtspr	274, 11;	std	11, SH(0x30)(0)
	mfspr	7, 26;		ld	7, SH(0x40)(0)
	mfspr	8, 27;		ld	8, SH(0x48)(0)
	mtspr	26, 13;		std	13, SH(0x40)(0)
	mtspr	27, 14;		std	14, SH(0x48)(0)
	mfspr	15, 19;		ld	15, SH(0x50)(0)
	mfspr	16, 18;		lwz	16, SH(0x60)(0)
	mtspr	19, 17;		std	17, SH(0x50)(0)
	mtspr	18, 18;		stw	18, SH(0x60)(0)
	tlbsync;		stw	0, SH(0xf20)(0)	/* the sink */
	mfspr	3, 17;		ld	3, SH(0xf28)(0)	/* the zero doubleword */
	mfspr	10, 28;		ld	10, SH(0xf28)(0)
	mfspr	31, 17;		ld	31, SH(0xf28)(0)
	mfspr	9, 153;		ld	9, SH(0xf00)(0)
	mfspr	9, 804;		ld	9, SH(0xf08)(0)
	mfspr	10, 805;	ld	10, SH(0xf10)(0)
	mfspr	11, 806;	ld	11, SH(0xf18)(0)
exact_end:

reject_start:
	.long R_NOT_EXACT;	mtspr	275, 3
	.long R_NOT_EXACT;	mfspr	3, 1023
	.long R_NO_REWRITE;	mfspr	3, 276
	.long R_NO_REWRITE;	mtspr	276, 3
	/* mtmsrd rS,1: a translated block (block_test); not canonical: */
	.long R_NO_REWRITE;	.long	0x7c610165	/* mtmsrd 3,1 with Rc */
	.long R_NO_REWRITE;	mtmsrd	3, 0
	.long R_NO_REWRITE;	mtmsr	3
	.long R_NO_REWRITE;	rfid
	.long R_NO_REWRITE;	mfspr	3, 624
	.long R_NO_REWRITE;	mtspr	624, 3
	.long R_NO_REWRITE;	mfspr	3, 61
	.long R_NO_REWRITE;	mfspr	3, 62
	.long R_NO_REWRITE;	mfspr	3, 286
	.long R_NO_REWRITE;	slbmte	3, 4
	.long R_NO_REWRITE;	tlbie	3, 4
	.long R_NO_REWRITE;	mtspr	22, 3
	.long R_NO_REWRITE;	mfspr	3, 22
	.long R_NO_REWRITE;	mtspr	153, 3
	.long R_NO_REWRITE;	mtspr	804, 3
	.long R_NO_REWRITE;	mtspr	17, 3
	.long R_NO_REWRITE;	mtspr	28, 3
	.long R_NO_REWRITE;	mfspr	3, 3
	.long R_NO_REWRITE;	mfspr	3, 807
	.long R_NO_REWRITE;	ld	3, 0(4)
	.long R_NO_REWRITE;	.long 0x00dddd00
	.long R_HCALL;		.long 0x7c000268
reject_end:
