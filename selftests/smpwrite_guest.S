/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for smpwrite_test (both vcpus run it): each run of a vcpu is one
 * phase.  The word at GUEST_DATA says what the phase does first: 1 stores
 * the low byte of "site: mfmsr r5" to make it "mfcr r5" (store, dcbst,
 * sync, icbi, isync), 0 nothing.  Then N (r3) iterations of the site,
 * whose sum is reported.
 */
#include "guest.h"

#ifdef LAB_E500
#define LOW_BYTE	3		/* big-endian */
#else
#define LOW_BYTE	0		/* little-endian */
#endif

	GUEST_IMAGE_START

	mr	r29, r3
phase:
	lis	r20, GUEST_DATA@h
	lwz	r21, 0(r20)
	cmpwi	r21, 1
	bne	run
	li	r22, site
	li	r25, 0x26		/* XO 19: mfcr */
	stb	r25, LOW_BYTE(r22)
	GUEST_SYNC_ICACHE(r22)
run:	li	r31, 0
	mtctr	r29
site:	mfmsr	r5
	add	r31, r31, r5
	bdnz	site
	GUEST_REPORT(r31)
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	phase
