/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reason codes for the assembler case files (the enum in
 * include/uapi/linux/kvmppc_bt.h; xlate_test.c asserts they agree), and the
 * layout the case files share:
 *   EXACT(orig, expected) pairs between exact_start and exact_end,
 *   REJECT(reason, insn) pairs between reject_start and reject_end.
 */
#define R_NO_REWRITE	1
#define R_NOT_EXACT	2
#define R_HCALL		3

#define SH(off)		(-4096 + (off))
/* The low word of a u64 magic-page field, big-endian 32-bit guest. */
#define SH_LO(off)	(-4096 + (off) + 4)
