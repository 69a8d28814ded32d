/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expected translated blocks (module/block.c), assembled by
 * powerpc-linux-gnu-as (-me500): for slot 0xfffff100 and the site at
 * 0x4000, each block padded to 16 words.  Magic-page fields: scratch1 and
 * scratch2 (low words at 0x04, 0x0c), msr (low word at 0x5c), int_pending
 * (0x64).
 */
#include "xlate_cases.h"
	.text
	/* wrteei 0 */
	stw	31, SH(0x04)(0)
	lwz	31, SH(0x5c)(0)
	rlwinm	31, 31, 0, 17, 15
	stw	31, SH(0x5c)(0)
	lwz	31, SH(0x04)(0)
	ba	0x4004
	.org	1 * 64
	/* wrteei 1 */
	stw	31, SH(0x04)(0)
	lwz	31, SH(0x64)(0)
	twnei	31, 0
	lwz	31, SH(0x5c)(0)
	ori	31, 31, 0x8000
	stw	31, SH(0x5c)(0)
	lwz	31, SH(0x04)(0)
	ba	0x4004
	.org	2 * 64
	/* wrtee 5 */
	stw	31, SH(0x04)(0)
	stw	30, SH(0x0c)(0)
	rlwinm	30, 5, 17, 31, 31
	lwz	31, SH(0x64)(0)
	and	31, 31, 30
	twnei	31, 0
	lwz	31, SH(0x5c)(0)
	rlwimi	31, 5, 0, 16, 16
	stw	31, SH(0x5c)(0)
	lwz	31, SH(0x04)(0)
	lwz	30, SH(0x0c)(0)
	ba	0x4004
	.org	3 * 64
	/* wrtee 31: scratch r29 and r30 */
	stw	29, SH(0x04)(0)
	stw	30, SH(0x0c)(0)
	rlwinm	30, 31, 17, 31, 31
	lwz	29, SH(0x64)(0)
	and	29, 29, 30
	twnei	29, 0
	lwz	29, SH(0x5c)(0)
	rlwimi	29, 31, 0, 16, 16
	stw	29, SH(0x5c)(0)
	lwz	29, SH(0x04)(0)
	lwz	30, SH(0x0c)(0)
	ba	0x4004
	.org	4 * 64
