/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for patch_test (e500v2): every rewrite class in one loop (wrteei 0
 * through a translated block), plus one instruction kvmppc-bt must leave
 * trapping (mtspr SPRG4: not exact).
 *
 * Per iteration: 34 patchable traps, 1 unpatchable.  Setup: 3 traps.
 * Stock: 35N + 3 emulation exits.  With the module at threshold T:
 * 34T + N + 3.  SPRG4-7 are read through their user-readable aliases,
 * which never trap (KVM does not emulate the supervisor read forms).
 *
 * Every value written is read back and folded into a checksum in r31, so
 * a wrong load or store in any iteration shows.
 */
#include "guest.h"

#define SPRN_SPRG4	276
#define SPRN_SPRG5	277
#define SPRN_SPRG6	278
#define SPRN_SPRG7	279
#define SPRN_SPRG4R	260
#define SPRN_SPRG5R	261
#define SPRN_SPRG6R	262
#define SPRN_SPRG7R	263
#define SPRN_DEAR	61
#define SPRN_ESR	62
#define SPRN_MAS0	624
#define SPRN_MAS1	625
#define SPRN_MAS2	626
#define SPRN_MAS3	627
#define SPRN_MAS4	628
#define SPRN_MAS6	630
#define SPRN_MAS7	944
#define SPRN_PIR	286

/* Store r30 + k into an SPR. */
#define PUT(spr, k)	addi r6, r30, k; mtspr spr, r6
/* Read an SPR and fold it into the checksum. */
#define GET(spr)	mfspr r7, spr; rotlwi r31, r31, 3; xor r31, r31, r7

	GUEST_IMAGE_START

	lis	r5, 0x5555
	mtspr	SPRN_SPRG5, r5
	lis	r5, 0x6666
	mtspr	SPRN_SPRG6, r5
	lis	r5, 0x7777
	mtspr	SPRN_SPRG7, r5
	li	r30, 0
	li	r31, 0
	mtctr	r3
1:	addi	r30, r30, 0x111
	PUT(SPRN_SPRG0, 1)
	PUT(SPRN_SPRG1, 2)
	PUT(SPRN_SPRG2, 3)
	PUT(SPRN_SPRG3, 4)
	PUT(SPRN_SPRG4, 5)		/* stays trapping */
	PUT(SPRN_SRR0, 6)
	PUT(SPRN_SRR1, 7)
	PUT(SPRN_DEAR, 8)
	PUT(SPRN_ESR, 9)
	PUT(SPRN_MAS0, 10)
	PUT(SPRN_MAS1, 11)
	PUT(SPRN_MAS2, 12)
	PUT(SPRN_MAS3, 13)
	PUT(SPRN_MAS4, 14)
	PUT(SPRN_MAS6, 15)
	PUT(SPRN_MAS7, 16)
	GET(SPRN_SPRG0)
	GET(SPRN_SPRG1)
	GET(SPRN_SPRG2)
	GET(SPRN_SPRG3)
	GET(SPRN_SPRG4R)		/* never traps */
	GET(SPRN_SPRG5R)
	GET(SPRN_SPRG6R)
	GET(SPRN_SPRG7R)
	GET(SPRN_SRR0)
	GET(SPRN_SRR1)
	GET(SPRN_DEAR)
	GET(SPRN_ESR)
	GET(SPRN_MAS0)
	GET(SPRN_MAS1)
	GET(SPRN_MAS2)
	GET(SPRN_MAS3)
	GET(SPRN_MAS4)
	GET(SPRN_MAS6)
	GET(SPRN_MAS7)
	GET(SPRN_PIR)
	mfmsr	r7
	rotlwi	r31, r31, 3
	xor	r31, r31, r7
	tlbsync
	wrteei	0			/* a translated block */
	bdnz	1b
	GUEST_REPORT(r31)
	li	r3, 0
	GUEST_DONE(r3)
