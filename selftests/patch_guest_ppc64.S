/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for patch_test (Book3S PR, little-endian, real mode, 64-bit): every
 * rewrite class in one loop, plus two instructions kvmppc-bt must leave
 * trapping (mtspr SPRG3 and mfspr PIR: not exact on Book3S).
 *
 * Per iteration: 19 patchable traps, 2 unpatchable.  Stock: 21N emulation
 * exits.  With the module at threshold T: 19T + 2N.  Two of the patchable
 * ones (mfspr CFAR, DSCR: class mfzero) read the magic page's zero word.
 *
 * Every value written is read back and folded into a checksum in r31.
 */
#include "guest.h"

#define SPRN_DSCR	17
#define SPRN_DSISR	18
#define SPRN_DAR	19
#define SPRN_CFAR	28
#define SPRN_PIR	1023

#define PUT(spr, k)	addi r6, r30, k; mtspr spr, r6
#define GET(spr)	mfspr r7, spr; rotldi r31, r31, 3; xor r31, r31, r7

	GUEST_IMAGE_START

	li	r30, 0
	li	r31, 0
	lis	r8, 0x1234		/* upper bits, so 64-bit stores matter */
	sldi	r8, r8, 32
	mtctr	r3
1:	addi	r30, r30, 0x111
	add	r30, r30, r8
	PUT(SPRN_SPRG0, 1)
	PUT(SPRN_SPRG1, 2)
	PUT(SPRN_SPRG2, 3)
	PUT(SPRN_SPRG3, 4)		/* stays trapping */
	PUT(SPRN_SRR0, 6)
	PUT(SPRN_SRR1, 7)
	PUT(SPRN_DAR, 8)
	PUT(SPRN_DSISR, 9)
	GET(SPRN_SPRG0)
	GET(SPRN_SPRG1)
	GET(SPRN_SPRG2)
	GET(SPRN_SPRG3)
	GET(SPRN_SRR0)
	GET(SPRN_SRR1)
	GET(SPRN_DAR)
	GET(SPRN_DSISR)
	GET(SPRN_PIR)			/* stays trapping */
	GET(SPRN_CFAR)			/* KVM-PR reads it as 0 */
	GET(SPRN_DSCR)			/* KVM-PR reads it as 0 */
	mfmsr	r7
	rotldi	r31, r31, 3
	xor	r31, r31, r7
	tlbsync
	bdnz	1b
	GUEST_REPORT(r31)
	li	r3, 0
	GUEST_DONE(r3)
