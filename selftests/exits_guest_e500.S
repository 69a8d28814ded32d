/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for exits_test (e500v2): loops of privileged instructions whose
 * emulation exits the test counts exactly.
 *
 * PRIV_LOOP (r3 = N >= 1): 2 setup traps, 7 per iteration, 3 after the
 * loop, so emulated_inst_exits = 7N + 5.  Reports MSR as read by the last
 * mfmsr, SPRG1 and SPRG3.
 * PLAIN_LOOP (r3 = N): the same shape with unprivileged instructions only.
 */
#include "guest.h"

	GUEST_IMAGE_START

priv_loop:
	li	r5, 0x1234
	mtspr	SPRN_SPRG0, r5
	li	r6, 0x5678
	mtspr	SPRN_SPRG2, r6
	li	r5, 0
	li	r6, 0
	mtctr	r3
1:	mfmsr	r4
	mfspr	r5, SPRN_SPRG0
	mtspr	SPRN_SPRG1, r5
	mfspr	r6, SPRN_SPRG2
	mtspr	SPRN_SPRG3, r6
	wrteei	0
	wrteei	1
	bdnz	1b
	wrteei	0
	mfspr	r7, SPRN_SPRG1
	mfspr	r8, SPRN_SPRG3
	GUEST_REPORT(r4)
	GUEST_REPORT(r7)
	GUEST_REPORT(r8)
	li	r3, 0
	GUEST_DONE(r3)

	.org	GUEST_ENTRY + 0x800
plain_loop:
	mtctr	r3
1:	addi	r4, r4, 1
	addi	r5, r5, 1
	addi	r6, r6, 1
	addi	r7, r7, 1
	addi	r8, r8, 1
	addi	r10, r10, 1
	addi	r11, r11, 1
	bdnz	1b
	li	r3, 0
	GUEST_DONE(r3)
