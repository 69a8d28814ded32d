/* SPDX-License-Identifier: GPL-2.0 */
/*
 * remap_test's guests, both labs: the loop they copy to pages A and B and
 * run at the window (sum in r31, N in r29), and the copy itself.
 */
/* Copy the loop to the page at r4, made executable. */
copy:	li	r5, snip
	li	r7, (snip_end - snip) / 4
	mtctr	r7
1:	lwz	r8, 0(r5)
	stw	r8, 0(r4)
	dcbst	0, r4
	sync
	icbi	0, r4
	addi	r5, r5, 4
	addi	r4, r4, 4
	bdnz	1b
	isync
	blr

/* Position-independent: runs at WINDOW, from A or from B. */
snip:	li	r31, 0
	mtctr	r29
1:	mfmsr	r5
	add	r31, r31, r5
	addi	r31, r31, 1
	bdnz	1b
	blr
snip_end:
