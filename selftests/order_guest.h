/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loop both images of order_test run (Book3S, real mode, 64-bit): five
 * SPR writes, five reads and mfmsr per iteration (11 patchable traps), every
 * value read folded into a checksum in r31.  r3 = iterations; r30 and r31
 * carry over from one image to the other.
 */
#ifndef KVMPPC_BT_SELFTEST_ORDER_GUEST_H
#define KVMPPC_BT_SELFTEST_ORDER_GUEST_H

#define SPRN_DSISR	18
#define SPRN_DAR	19

#define ORDER_PUT(spr, k)	addi r6, r30, k; mtspr spr, r6
#define ORDER_GET(spr)	mfspr r7, spr; rotldi r31, r31, 3; xor r31, r31, r7

#define ORDER_LOOP					\
	lis	r8, 0x1234;				\
	sldi	r8, r8, 32;				\
	mtctr	r3;					\
1:	addi	r30, r30, 0x111;			\
	add	r30, r30, r8;				\
	ORDER_PUT(SPRN_SPRG0, 1);			\
	ORDER_PUT(SPRN_SPRG1, 2);			\
	ORDER_PUT(SPRN_SRR0, 3);			\
	ORDER_PUT(SPRN_DAR, 4);				\
	ORDER_PUT(SPRN_DSISR, 5);			\
	ORDER_GET(SPRN_SPRG0);				\
	ORDER_GET(SPRN_SPRG1);				\
	ORDER_GET(SPRN_SRR0);				\
	ORDER_GET(SPRN_DAR);				\
	ORDER_GET(SPRN_DSISR);				\
	mfmsr	r7;					\
	rotldi	r31, r31, 3;				\
	xor	r31, r31, r7;				\
	bdnz	1b

/* Where the big-endian image is loaded and entered. */
#define ORDER_BE_ENTRY	0x8000

#endif
