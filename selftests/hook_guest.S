/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for hook_test: phases of N iterations (r3) of two patchable traps,
 * mfmsr and mfspr SPRG1.  Each phase reports the sum of what they read and
 * stops (DONE); running the vcpu again starts the next phase.  Stock: 2N
 * exits per phase.
 */
#include "guest.h"

	GUEST_IMAGE_START

phase:
	li	r31, 0
	mtctr	r3
1:	mfmsr	r4
	mfspr	r5, SPRN_SPRG1
	add	r31, r31, r4
	add	r31, r31, r5
	bdnz	1b
	GUEST_REPORT(r31)
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	phase
