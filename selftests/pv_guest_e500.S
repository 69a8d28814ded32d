/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for pv_test (e500v2): a paravirtual guest that maps the magic page
 * itself (KVM_HC_PPC_MAP_MAGIC_PAGE) and reads SPRG1 from it with its own
 * load, the way Linux's CONFIG_KVM_GUEST patches itself.  It leaves mtspr
 * SPRG1 and mfmsr trapping: kvmppc-bt may patch those, and nothing else.
 *
 * PV_OK (GUEST_ENTRY): magic page at -4096, where kvmppc-bt's rewrites
 *	point; per iteration 2 traps (stock).
 * PV_ELSEWHERE (GUEST_ENTRY + 0x800): magic page at -8192; kvmppc-bt must
 *	leave everything trapping; per iteration 3 traps.
 */
#include "guest.h"

#define KVM_SC_MAGIC_R0		0x4b564d21
#define HC_MAP_MAGIC_PAGE	0x002a0004	/* KVM_HCALL_TOKEN(KVM_HC_PPC_MAP_MAGIC_PAGE) */

#define MAP_MAGIC(ea)					\
	lis	r0, KVM_SC_MAGIC_R0@h;			\
	ori	r0, r0, KVM_SC_MAGIC_R0@l;		\
	lis	r11, HC_MAP_MAGIC_PAGE@h;		\
	ori	r11, r11, HC_MAP_MAGIC_PAGE@l;		\
	li	r3, ea;					\
	li	r4, ea;					\
	ori	r4, r4, 1;	/* NOT_MAPPED_NX */	\
	sc

	GUEST_IMAGE_START

	mr	r20, r3
	MAP_MAGIC(-4096)
	mtctr	r20
	li	r30, 0
	li	r31, 0
1:	addi	r30, r30, 3
	mtspr	SPRN_SPRG1, r30		/* traps */
	lwz	r5, -4096 + 0x28 + 4(0)	/* the guest's own PV read */
	mfmsr	r4			/* traps */
	rotlwi	r31, r31, 1
	xor	r31, r31, r5
	xor	r31, r31, r4
	bdnz	1b
	GUEST_REPORT(r31)
	li	r3, 0
	GUEST_DONE(r3)

	.org	GUEST_ENTRY + 0x800
	mr	r20, r3
	MAP_MAGIC(-8192)
	mtctr	r20
	li	r30, 0
	li	r31, 0
1:	addi	r30, r30, 3
	mtspr	SPRN_SPRG1, r30
	mfspr	r5, SPRN_SPRG1
	mfmsr	r4
	rotlwi	r31, r31, 1
	xor	r31, r31, r5
	xor	r31, r31, r4
	bdnz	1b
	GUEST_REPORT(r31)
	li	r3, 0
	GUEST_DONE(r3)
