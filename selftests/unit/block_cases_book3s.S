/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expected Book3S translated blocks (module/block.c), assembled by
 * powerpc64le-linux-gnu-as (-mpower8): mtmsrd rS,1 for slot
 * 0xfffffffffffff100 and the site at 0x4000, each block padded to 16 words.
 * Magic-page fields as whole u64s: scratch1 0x00, scratch2 0x08, msr 0x58;
 * int_pending (u32) 0x64.
 */
#include "xlate_cases.h"
	.text
	/* mtmsrd 5,1 */
	std	31, SH(0x00)(0)
	std	30, SH(0x08)(0)
	rldicl	30, 5, 49, 63
	lwz	31, SH(0x64)(0)
	and	31, 31, 30
	twnei	31, 0
	ld	31, SH(0x58)(0)
	rlwimi	31, 5, 0, 16, 16
	rlwimi	31, 5, 0, 30, 30
	std	31, SH(0x58)(0)
	ld	31, SH(0x00)(0)
	ld	30, SH(0x08)(0)
	ba	0x4004
	.org	1 * 64
	/* mtmsrd 30,1: scratch r31 and r29 */
	std	31, SH(0x00)(0)
	std	29, SH(0x08)(0)
	rldicl	29, 30, 49, 63
	lwz	31, SH(0x64)(0)
	and	31, 31, 29
	twnei	31, 0
	ld	31, SH(0x58)(0)
	rlwimi	31, 30, 0, 16, 16
	rlwimi	31, 30, 0, 30, 30
	std	31, SH(0x58)(0)
	ld	31, SH(0x00)(0)
	ld	29, SH(0x08)(0)
	ba	0x4004
	.org	2 * 64
