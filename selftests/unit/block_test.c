// SPDX-License-Identifier: GPL-2.0
/*
 * block_test: translated blocks (module/block.c) against blocks assembled
 * by the cross assemblers (block_cases_{e500,book3s}.S), the branch reach rules,
 * and the exit fix-up table.  What the blocks do in a guest is tested in
 * the lab (selftests/block_test.c).
 */
#include <stdint.h>
#include <string.h>

#include "kselftest_harness.h"
#include "blob.h"
#include "block.h"
#include "xlate.h"

BLOB(blocks_e500, CASES_DIR "/block_cases_e500.bin");
BLOB(blocks_book3s, CASES_DIR "/block_cases_book3s.bin");

#define SLOT	0xfffff100ull
#define SLOT64	0xfffffffffffff100ull
#define SITE	0x4000ull
#define BOOKE	KVMPPC_BT_BOOKE
#define BOOK3S	KVMPPC_BT_BOOK3S

/* Word @i of an assembled file: e500 big-endian, Book3S little-endian. */
static uint32_t word(const unsigned char *p, size_t i, int book3s)
{
	const unsigned char *b = p + 4 * i;

	if (book3s)
		return (uint32_t)b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0];
	return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

/* Block @i of the assembled file equals what block.c builds for @insn. */
static void check_case(struct __test_metadata *_metadata, int flavour, unsigned int i,
		       uint32_t insn, unsigned int nwords)
{
	const unsigned char *p = flavour == BOOK3S ? blocks_book3s : blocks_e500;
	size_t len = flavour == BOOK3S ? blocks_book3s_end - blocks_book3s :
					 blocks_e500_end - blocks_e500;
	struct kvmppc_bt_block b;
	unsigned int w;

	ASSERT_GE(len, (i + 1) * KVMPPC_BT_BLOCK_BYTES);
	ASSERT_EQ(KVMPPC_BT_REASON_NONE,
		  kvmppc_bt_block_gen(flavour, insn, flavour == BOOK3S ? SLOT64 : SLOT, SITE, &b));
	ASSERT_EQ(nwords, b.nwords);
	for (w = 0; w < KVMPPC_BT_BLOCK_WORDS; w++) {
		uint32_t want = word(p, i * KVMPPC_BT_BLOCK_WORDS + w, flavour == BOOK3S);

		if (w < b.nwords) {
			ASSERT_EQ(want, b.code[w]);
		} else {
			ASSERT_EQ(0, want);	/* the assembler's padding */
		}
	}
}

TEST(assembled)
{
	check_case(_metadata, BOOKE, 0, 0x7c000146, 6);	/* wrteei 0 */
	check_case(_metadata, BOOKE, 1, 0x7c008146, 8);	/* wrteei 1 */
	check_case(_metadata, BOOKE, 2, 0x7ca00106, 12);	/* wrtee r5 */
	check_case(_metadata, BOOKE, 3, 0x7fe00106, 12);	/* wrtee r31 */
	check_case(_metadata, BOOK3S, 0, 0x7ca10164, 13);	/* mtmsrd r5,1 */
	check_case(_metadata, BOOK3S, 1, 0x7fc10164, 13);	/* mtmsrd r30,1 */
}

/* Scratch registers are never the source register. */
TEST(scratch_not_rs)
{
	unsigned int rs;

	for (rs = 0; rs < 32; rs++) {
		struct kvmppc_bt_block b;

		ASSERT_EQ(0, kvmppc_bt_block_gen(BOOKE, KVMPPC_BT_INSN_WRTEE | rs << 21, SLOT,
						 SITE, &b));
		ASSERT_NE(rs, b.regs[0]);
		ASSERT_NE(rs, b.regs[1]);
		ASSERT_NE(b.regs[0], b.regs[1]);
		ASSERT_EQ(0, kvmppc_bt_block_gen(BOOK3S, KVMPPC_BT_INSN_MTMSRD1 | rs << 21, SLOT64,
						 SITE, &b));
		ASSERT_NE(rs, b.regs[0]);
		ASSERT_NE(rs, b.regs[1]);
		ASSERT_NE(b.regs[0], b.regs[1]);
	}
}

/* The way back: absolute near 0 and near -1, relative, else "far". */
TEST(reach)
{
	struct kvmppc_bt_block b;
	uint32_t last, pc;

	ASSERT_EQ(0, kvmppc_bt_block_gen(BOOKE, 0x7c000146, SLOT, 0x01fffff8, &b));
	ASSERT_EQ(0x48000002u | 0x01fffffc, b.code[b.nwords - 1]);
	ASSERT_EQ(0, kvmppc_bt_block_gen(BOOKE, 0x7c000146, SLOT, 0xfe000000, &b));
	ASSERT_EQ(0x48000002u | (0xfe000004u & 0x03fffffc), b.code[b.nwords - 1]);
	/* Just below the top 32 MiB: a relative branch from the slot. */
	ASSERT_EQ(0, kvmppc_bt_block_gen(BOOKE, 0x7c000146, SLOT, 0xfdfffff0, &b));
	last = b.code[b.nwords - 1];
	pc = (uint32_t)SLOT + 4 * (b.nwords - 1);
	ASSERT_EQ(0x48000000u, last & 0xfc000003u);
	ASSERT_EQ(0xfdfffff4u, pc + (uint32_t)((int32_t)(last << 6) >> 6));
	/* A Linux kernel at 0xc0000000: out of reach. */
	ASSERT_EQ(KVMPPC_BT_REASON_FAR, kvmppc_bt_block_gen(BOOKE, 0x7c000146, SLOT, 0xc0001000, &b));
	ASSERT_EQ(KVMPPC_BT_REASON_FAR, kvmppc_bt_block_gen(BOOKE, 0x7c000146, SLOT, 0x02000000, &b));
	/* Not a block instruction. */
	ASSERT_EQ(KVMPPC_BT_REASON_NO_REWRITE, kvmppc_bt_block_gen(BOOKE, 0x7c0000a6, SLOT, SITE, &b));
	/* The entering branch: "ba slot" from anywhere. */
	ASSERT_EQ(0, kvmppc_bt_block_branch(0xc0001000, SLOT, false, &last));
	ASSERT_EQ(0x4bfff102u, last);
	ASSERT_EQ(0, kvmppc_bt_block_branch(0xc000000000001000ull, SLOT64, true, &last));
	ASSERT_EQ(0x4bfff102u, last);
	/* 64-bit: the way back to the top 32 MiB or a relative branch. */
	ASSERT_EQ(0, kvmppc_bt_block_gen(BOOK3S, 0x7c010164, SLOT64, 0xfffffffffe000000ull, &b));
	ASSERT_EQ(0x48000002u | (0xfe000004u & 0x03fffffc), b.code[b.nwords - 1]);
	ASSERT_EQ(KVMPPC_BT_REASON_FAR,
		  kvmppc_bt_block_gen(BOOK3S, 0x7c010164, SLOT64, 0xc000000000001000ull, &b));
	ASSERT_EQ(KVMPPC_BT_REASON_FAR,
		  kvmppc_bt_block_gen(BOOK3S, 0x7c010164, SLOT64, 0x00000000fffff000ull, &b));
	ASSERT_EQ(KVMPPC_BT_REASON_NO_REWRITE,
		  kvmppc_bt_block_gen(BOOK3S, 0x7c000146, SLOT64, SITE, &b));	/* wrteei */
}

/*
 * The kernel window, 4 KiB below 0xc000_0000_0000_0000: relative branches
 * both ways, for kernel text within 32 MiB of it; from a site's real-mode
 * alias (EA - 0xc000_0000_0000_0000) the same words land in the magic page
 * and come back to the alias.
 */
TEST(kernel_window)
{
	const uint64_t kslot = KVMPPC_BT_KWINDOW_EA + 0x100 + 3 * 64;
	const uint64_t site = 0xc000000000f00010ull, alias = site - 0xc000000000000000ull;
	struct kvmppc_bt_block b;
	uint64_t pc, target;
	uint32_t word;

	ASSERT_EQ(0xbffffffffffff000ull, KVMPPC_BT_KWINDOW_EA);
	ASSERT_EQ(0, kvmppc_bt_block_gen(BOOK3S, 0x7d210164, kslot, site, &b));
	word = b.code[b.nwords - 1];
	ASSERT_EQ(0x48000000u, word & 0xfc000003u);	/* b, relative */
	pc = kslot + 4 * (b.nwords - 1);
	ASSERT_EQ(site + 4, pc + (int64_t)((int32_t)(word << 6) >> 6));
	/* From the magic page (the alias's run): back to the alias. */
	pc = pc - KVMPPC_BT_KWINDOW_EA + (uint64_t)KVMPPC_BT_MAGIC_EA;
	ASSERT_EQ(alias + 4, pc + (int64_t)((int32_t)(word << 6) >> 6));
	/* The entering branch: relative, and from the alias into the magic page. */
	ASSERT_EQ(0, kvmppc_bt_block_branch(site, kslot, true, &word));
	ASSERT_EQ(0x48000000u, word & 0xfc000003u);
	target = site + (int64_t)((int32_t)(word << 6) >> 6);
	ASSERT_EQ(kslot, target);
	target = alias + (int64_t)((int32_t)(word << 6) >> 6);
	ASSERT_EQ(kslot - KVMPPC_BT_KWINDOW_EA + (uint64_t)KVMPPC_BT_MAGIC_EA, target);
	/* 32 MiB into the kernel: out of reach both ways. */
	ASSERT_EQ(KVMPPC_BT_REASON_FAR,
		  kvmppc_bt_block_gen(BOOK3S, 0x7d210164, kslot, 0xc000000002000000ull, &b));
	ASSERT_EQ(-1, kvmppc_bt_block_branch(0xc000000002000000ull, kslot, true, &word));
}

/*
 * The e500 kernel window at 0xbf00_0000: relative branches both ways for
 * sites in the kernel's first 16 MiB (0xc000_0000 up), none beyond.
 */
TEST(e500_kernel_window)
{
	const uint32_t kslot = KVMPPC_BT_E500_KWINDOW_EA + 0x100 + 5 * 64;
	const uint32_t sites[] = { 0xc0000000, 0xc01ce64c, 0xc0fffffc };
	struct kvmppc_bt_block b;
	uint32_t word, pc;
	unsigned int i;

	ASSERT_EQ(0xbf000000u, KVMPPC_BT_E500_KWINDOW_EA);
	for (i = 0; i < sizeof(sites) / sizeof(sites[0]); i++) {
		ASSERT_EQ(0, kvmppc_bt_block_gen(BOOKE, 0x7c000146, kslot, sites[i], &b));
		word = b.code[b.nwords - 1];
		ASSERT_EQ(0x48000000u, word & 0xfc000003u);	/* b, relative */
		pc = kslot + 4 * (b.nwords - 1);
		ASSERT_EQ(sites[i] + 4, pc + (uint32_t)((int32_t)(word << 6) >> 6));
		ASSERT_EQ(0, kvmppc_bt_block_branch(sites[i], kslot, false, &word));
		ASSERT_EQ(0x48000000u, word & 0xfc000003u);
		ASSERT_EQ(kslot, sites[i] + (uint32_t)((int32_t)(word << 6) >> 6));
	}
	/* Past the first 16 MiB (and a page): out of reach both ways. */
	ASSERT_EQ(KVMPPC_BT_REASON_FAR, kvmppc_bt_block_gen(BOOKE, 0x7c000146, kslot, 0xc1001000, &b));
	ASSERT_EQ(-1, kvmppc_bt_block_branch(0xc1001000, kslot, false, &word));
}

/* Before the commit store: back to the site; after it: to the successor. */
TEST(fixup)
{
	struct kvmppc_bt_fixup f;
	struct kvmppc_bt_block b;
	unsigned int w;

	ASSERT_EQ(0, kvmppc_bt_block_gen(BOOKE, 0x7ca00106, SLOT, SITE, &b));	/* wrtee r5 */
	ASSERT_EQ(8, b.commit);
	ASSERT_EQ(5, b.trap);
	for (w = 0; w < b.nwords; w++) {
		kvmppc_bt_block_fixup(&b, w, &f);
		ASSERT_EQ(w > b.commit, f.forward);
		/* r31 is saved by word 0, r30 by word 1. */
		ASSERT_EQ((w > 0 ? 1 : 0) | (w > 1 ? 2 : 0), f.restore);
	}
	kvmppc_bt_block_fixup(&b, b.nwords, &f);
	ASSERT_FALSE(f.forward);
	ASSERT_EQ(0, f.restore);

	ASSERT_EQ(0, kvmppc_bt_block_gen(BOOKE, 0x7c000146, SLOT, SITE, &b));	/* wrteei 0 */
	ASSERT_EQ(3, b.commit);
	ASSERT_EQ(b.nwords, b.trap);	/* never traps */
	for (w = 0; w < b.nwords; w++) {
		kvmppc_bt_block_fixup(&b, w, &f);
		ASSERT_EQ(w > 3, f.forward);
		ASSERT_EQ(w > 0 ? 1 : 0, f.restore);
	}
}

/* Which words are block instructions, and their class. */
TEST(classify)
{
	struct kvmppc_bt_xlate_ctx ctx = {
		.flavour = KVMPPC_BT_BOOKE,
		.classes = KVMPPC_BT_CLASSES_ALL,
	};
	struct kvmppc_bt_rewrite rw;

	ASSERT_TRUE(kvmppc_bt_block_insn(BOOKE, 0x7c000146));
	ASSERT_TRUE(kvmppc_bt_block_insn(BOOKE, 0x7c008146));
	ASSERT_TRUE(kvmppc_bt_block_insn(BOOKE, 0x7fe00106));
	ASSERT_FALSE(kvmppc_bt_block_insn(BOOKE, 0x7c018146));	/* reserved field set */
	ASSERT_FALSE(kvmppc_bt_block_insn(BOOKE, 0x7c000147));	/* Rc */
	ASSERT_FALSE(kvmppc_bt_block_insn(BOOKE, 0x7c610164));	/* mtmsrd */
	ASSERT_TRUE(kvmppc_bt_block_insn(BOOK3S, 0x7c610164));	/* mtmsrd r3,1 */
	ASSERT_FALSE(kvmppc_bt_block_insn(BOOK3S, 0x7c600164));	/* mtmsrd r3 */
	ASSERT_FALSE(kvmppc_bt_block_insn(BOOK3S, 0x7c008146));	/* wrteei */
	ASSERT_EQ(KVMPPC_BT_REASON_NONE, kvmppc_bt_xlate(&ctx, 0x7c008146, &rw));
	ASSERT_EQ(KVMPPC_BT_CLASS_MSREE, rw.class);
	ASSERT_EQ(KVMPPC_BT_CLASS_MSREE, kvmppc_bt_insn_class(KVMPPC_BT_BOOKE, 0x7c600106));
	ctx.classes &= ~(1u << KVMPPC_BT_CLASS_MSREE);
	ASSERT_EQ(KVMPPC_BT_REASON_CLASS_OFF, kvmppc_bt_xlate(&ctx, 0x7c008146, &rw));
	/* Book3S has no wrtee; its mtmsrd rS,1 needs 64-bit mode and the order. */
	ctx.flavour = KVMPPC_BT_BOOK3S;
	ctx.classes = KVMPPC_BT_CLASSES_ALL;
	ASSERT_EQ(-1, kvmppc_bt_insn_class(KVMPPC_BT_BOOK3S, 0x7c008146));
	ASSERT_EQ(KVMPPC_BT_CLASS_MSREE, kvmppc_bt_insn_class(KVMPPC_BT_BOOK3S, 0x7c610164));
	ASSERT_EQ(KVMPPC_BT_REASON_MODE, kvmppc_bt_xlate(&ctx, 0x7c610164, &rw));
	ctx.mode64 = true;
	ctx.guest_le = true;
	ASSERT_EQ(KVMPPC_BT_REASON_NONE, kvmppc_bt_xlate(&ctx, 0x7c610164, &rw));
	ctx.shared_be = true;
	ASSERT_EQ(KVMPPC_BT_REASON_MODE, kvmppc_bt_xlate(&ctx, 0x7c610164, &rw));
}

TEST_HARNESS_MAIN
