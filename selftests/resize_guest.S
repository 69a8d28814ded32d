/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for resize_test (e500v2 only; assembled for both labs).  The VMM
 * backs its RAM with 4M huge pages,
 * so KVM shadows the guest's 256M TLB1 entry with 4M host entries).
 *
 * Phases of N (r3) iterations of one patchable trap, "site: mfmsr r5",
 * then a load and a store of one word in each of the 16 pages at
 * GUEST_DATA: code and data share the first 4M.  Each phase reports the
 * sum of everything it read and stops; running the vcpu again starts the
 * next phase.  Phase 2 first overwrites the site with "li r5,7" (store,
 * dcbst, sync, icbi, isync), so it and the phases after it never trap.
 */
#include "guest.h"

	GUEST_IMAGE_START

	mr	r29, r3
	li	r24, 0			/* phase */
phase:
	cmpwi	r24, 2
	bne	run
	li	r20, site
	lis	r21, 0x38a0
	ori	r21, r21, 7		/* li r5,7 */
	stw	r21, 0(r20)
	GUEST_SYNC_ICACHE(r20)
run:
	li	r31, 0
	mtctr	r29
loop:
site:	mfmsr	r5
	add	r31, r31, r5
	lis	r20, GUEST_DATA@h
	ori	r20, r20, GUEST_DATA@l
	li	r22, 16
1:	lwz	r23, 0(r20)
	add	r31, r31, r23
	addi	r23, r23, 1
	stw	r23, 0(r20)
	addi	r20, r20, 0x1000
	addic.	r22, r22, -1
	bne	1b
	bdnz	loop
	addi	r24, r24, 1
	GUEST_REPORT(r31)
	lis	r9, UCALL_BASE@h
	GUEST_STORE	r31, UCALL_OFF_DONE(r9)
	b	phase
