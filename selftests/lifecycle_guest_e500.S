/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for lifecycle_test (e500v2).  Each run ("phase") does r3 = N
 * iterations of 5 patchable and 1 unpatchable privileged instructions,
 * reports a running checksum, stops at a ucall and, when run again,
 * starts the next phase without any register change by the VMM.
 *
 * Per phase: stock 6N exits; with the module at threshold T, 5T + N the
 * first time (or after a flush), N once patched.
 */
#include "guest.h"

#define SPRN_SPRG4	276

	GUEST_IMAGE_START

	li	r31, 0
	li	r30, 0
phase:
	mtctr	r3
1:	addi	r30, r30, 7
	mfmsr	r4
	mtspr	SPRN_SPRG1, r30
	mfspr	r5, SPRN_SPRG1
	mtspr	SPRN_SRR0, r5
	mfspr	r6, SPRN_SRR0
	mtspr	SPRN_SPRG4, r30		/* stays trapping: not exact */
	rotlwi	r31, r31, 5
	xor	r31, r31, r6
	xor	r31, r31, r4
	bdnz	1b
	GUEST_REPORT(r31)
	lis	r9, UCALL_BASE@h
	stw	r31, UCALL_OFF_DONE(r9)
	b	phase
