// SPDX-License-Identifier: GPL-2.0
/*
 * xlate_test: the translator against encodings produced by the assembler.
 *
 * xlate_cases_{e500,book3s}.S are assembled by the cross assemblers into
 * raw blobs (big-endian for e500, little-endian for Book3S) that this test
 * embeds: a header with two counts, then (orig, expected) pairs, then
 * (reason, insn) pairs.
 */
#include <stdint.h>
#include <string.h>

#include "kselftest_harness.h"
#include "blob.h"
#include "xlate.h"
#include "xlate_cases.h"

BLOB(cases_e500, CASES_DIR "/xlate_cases_e500.bin");
BLOB(cases_book3s, CASES_DIR "/xlate_cases_book3s.bin");

_Static_assert(R_NO_REWRITE == KVMPPC_BT_REASON_NO_REWRITE, "reason codes");
_Static_assert(R_NOT_EXACT == KVMPPC_BT_REASON_NOT_EXACT, "reason codes");
_Static_assert(R_HCALL == KVMPPC_BT_REASON_HCALL, "reason codes");

struct cases {
	const unsigned char *p;
	size_t len;
	int big_endian;
	uint32_t nr_exact, nr_reject;
};

static uint32_t word(const struct cases *c, size_t i)
{
	const unsigned char *b = c->p + 4 * i;

	if (c->big_endian)
		return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0];
}

static struct cases load(int flavour)
{
	struct cases c;

	if (flavour == KVMPPC_BT_BOOKE) {
		c.p = cases_e500;
		c.len = cases_e500_end - cases_e500;
		c.big_endian = 1;
	} else {
		c.p = cases_book3s;
		c.len = cases_book3s_end - cases_book3s;
		c.big_endian = 0;
	}
	c.nr_exact = word(&c, 0);
	c.nr_reject = word(&c, 1);
	return c;
}

#define EXACT_ORIG(c, i)	word(c, 2 + 2 * (i))
#define EXACT_REPL(c, i)	word(c, 3 + 2 * (i))
#define REJECT_REASON(c, i)	word(c, 2 + 2 * (c)->nr_exact + 2 * (i))
#define REJECT_INSN(c, i)	word(c, 3 + 2 * (c)->nr_exact + 2 * (i))

static const struct kvmppc_bt_xlate_ctx e500_ctx = {
	.flavour = KVMPPC_BT_BOOKE,
	.classes = KVMPPC_BT_CLASSES_ALL,
};

/* A little-endian 64-bit Linux guest: LE magic page (the host's default). */
static const struct kvmppc_bt_xlate_ctx book3s_ctx = {
	.flavour = KVMPPC_BT_BOOK3S,
	.mode64 = true,
	.guest_le = true,
	.shared_be = false,
	.classes = KVMPPC_BT_CLASSES_ALL,
	.mirror = true,
};

static void check_exact(struct __test_metadata *_metadata,
			const struct kvmppc_bt_xlate_ctx *ctx)
{
	struct cases c = load(ctx->flavour);
	uint32_t i;

	ASSERT_EQ(c.len, 8 + 8 * (c.nr_exact + c.nr_reject));
	ASSERT_GT(c.nr_exact, 0);
	for (i = 0; i < c.nr_exact; i++) {
		struct kvmppc_bt_rewrite rw = { 0 };
		uint32_t orig = EXACT_ORIG(&c, i), want = EXACT_REPL(&c, i);
		int r = kvmppc_bt_xlate(ctx, orig, &rw);

		if (r || rw.insn != want)
			TH_LOG("case %u: %08x -> %08x (reason %s), want %08x", i, orig, rw.insn,
			       kvmppc_bt_reason_name(r), want);
		ASSERT_EQ(KVMPPC_BT_REASON_NONE, r);
		ASSERT_EQ(want, rw.insn);
		ASSERT_EQ(kvmppc_bt_insn_class(ctx->flavour, orig), rw.class);
	}
}

static void check_reject(struct __test_metadata *_metadata,
			 const struct kvmppc_bt_xlate_ctx *ctx)
{
	struct cases c = load(ctx->flavour);
	uint32_t i;

	ASSERT_GT(c.nr_reject, 0);
	for (i = 0; i < c.nr_reject; i++) {
		struct kvmppc_bt_rewrite rw = { .insn = 0xdeadbeef };
		uint32_t insn = REJECT_INSN(&c, i);
		int r = kvmppc_bt_xlate(ctx, insn, &rw);

		if (r != (int)REJECT_REASON(&c, i))
			TH_LOG("case %u: %08x gave %s, want %s", i, insn, kvmppc_bt_reason_name(r),
			       kvmppc_bt_reason_name(REJECT_REASON(&c, i)));
		ASSERT_EQ((int)REJECT_REASON(&c, i), r);
		ASSERT_EQ(0xdeadbeef, rw.insn);
	}
}

TEST(e500_exact_rewrites)
{
	check_exact(_metadata, &e500_ctx);
}

TEST(e500_rejects)
{
	check_reject(_metadata, &e500_ctx);
}

TEST(book3s_exact_rewrites)
{
	check_exact(_metadata, &book3s_ctx);
}

TEST(book3s_rejects)
{
	check_reject(_metadata, &book3s_ctx);
}

/* A big-endian 64-bit guest with a big-endian magic page: the same words. */
TEST(book3s_big_endian_guest)
{
	struct kvmppc_bt_xlate_ctx ctx = book3s_ctx;

	ctx.guest_le = false;
	ctx.shared_be = true;
	check_exact(_metadata, &ctx);
}

/*
 * Mode mismatches leave every load/store of a field trapping.  The sink
 * store (tlbsync) and the zero load (mfspr CFAR/DSCR) have no byte order:
 * in 64-bit mode they stay, in 32-bit mode they become nop and li rT,0.
 */
TEST(book3s_mode_mismatch)
{
	struct cases c = load(KVMPPC_BT_BOOK3S);
	struct kvmppc_bt_xlate_ctx ctx[3] = { book3s_ctx, book3s_ctx, book3s_ctx };
	uint32_t i, k;

	ctx[0].mode64 = false;		/* 32-bit mode */
	ctx[1].shared_be = true;	/* LE guest, BE magic page */
	ctx[2].guest_le = false;	/* BE guest, LE magic page */
	for (k = 0; k < 3; k++) {
		for (i = 0; i < c.nr_exact; i++) {
			struct kvmppc_bt_rewrite rw;
			uint32_t orig = EXACT_ORIG(&c, i);
			int r = kvmppc_bt_xlate(&ctx[k], orig, &rw);
			int cl = kvmppc_bt_insn_class(KVMPPC_BT_BOOK3S, orig);

			if (!kvmppc_bt_class_any_order(cl)) {
				ASSERT_EQ(KVMPPC_BT_REASON_MODE, r);
				continue;
			}
			ASSERT_EQ(KVMPPC_BT_REASON_NONE, r);
			if (k > 0) {
				ASSERT_EQ(EXACT_REPL(&c, i), rw.insn);
			} else if (cl == KVMPPC_BT_CLASS_TLBSYNC) {
				ASSERT_EQ(0x60000000, rw.insn);
			} else {
				ASSERT_EQ(0x38000000 | (orig & 0x03e00000), rw.insn);	/* li rT,0 */
			}
			ASSERT_EQ(k > 0, kvmppc_bt_insn_is_mem(rw.insn));
		}
	}
}

/* Mirror loads only where the host keeps the mirrors; who writes them. */
TEST(mirror)
{
	struct kvmppc_bt_xlate_ctx ctx = book3s_ctx;
	struct kvmppc_bt_rewrite rw;

	ASSERT_EQ(0, kvmppc_bt_xlate(&ctx, 0x7d3922a6, &rw));	/* mfspr r9,FSCR */
	ASSERT_EQ(0xe920ff00, rw.insn);				/* ld r9,-256(0) */
	ASSERT_EQ(KVMPPC_BT_CLASS_MFMIRROR, rw.class);
	ctx.mirror = false;
	ASSERT_EQ(KVMPPC_BT_REASON_NOT_EXACT, kvmppc_bt_xlate(&ctx, 0x7d3922a6, &rw));
	ASSERT_EQ(KVMPPC_BT_REASON_NO_REWRITE, kvmppc_bt_xlate(&e500_ctx, 0x7d3922a6, &rw));

	ASSERT_EQ(KVMPPC_BT_MIRROR_FSCR, kvmppc_bt_insn_mirror_write(0x7d3923a6));
	ASSERT_EQ(KVMPPC_BT_MIRROR_EBBHR, kvmppc_bt_insn_mirror_write(0x7d24cba6));
	ASSERT_EQ(KVMPPC_BT_MIRROR_EBBRR, kvmppc_bt_insn_mirror_write(0x7d25cba6));
	ASSERT_EQ(KVMPPC_BT_MIRROR_BESCR, kvmppc_bt_insn_mirror_write(0x7d26cba6));
	ASSERT_EQ(-1, kvmppc_bt_insn_mirror_write(0x7d3922a6));	/* the read */
	ASSERT_EQ(-1, kvmppc_bt_insn_mirror_write(0x7d3143a6));	/* mtspr SPRG1 */
	ASSERT_EQ(-1, kvmppc_bt_insn_mirror_write(0x7d27cba6));	/* mtspr 807 */

	ASSERT_TRUE(kvmppc_bt_insn_mirror_ebb(0x7d24caa6));	/* mfspr r9,EBBHR */
	ASSERT_TRUE(kvmppc_bt_insn_mirror_ebb(0x7d26caa6));	/* mfspr r9,BESCR */
	ASSERT_FALSE(kvmppc_bt_insn_mirror_ebb(0x7d3922a6));	/* FSCR */
	ASSERT_FALSE(kvmppc_bt_insn_mirror_ebb(0x7d24cba6));	/* mtspr EBBHR */
}

/* The return-from-interrupt family, and nothing else, moves the PC. */
TEST(insn_sets_pc)
{
	static const uint32_t yes[] = {
		0x4c000064,	/* rfi */
		0x4c000066,	/* rfci */
		0x4c00004c,	/* rfmci */
		0x4c00004e,	/* rfdi */
		0x4c000024,	/* rfid */
		0x4c000224,	/* hrfid */
	};
	static const uint32_t no[] = {
		0x7c0000a6,	/* mfmsr r0 */
		0x4c00012c,	/* isync */
		0x4e800020,	/* blr */
		0x4c000065,	/* rfi with the LK bit: not an rfi */
		0x4c200064,	/* rfi with a nonzero reserved field */
		0x44000002,	/* sc */
		0x7c008146,	/* wrteei 1 */
	};
	unsigned int i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ASSERT_TRUE(kvmppc_bt_insn_sets_pc(yes[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ASSERT_FALSE(kvmppc_bt_insn_sets_pc(no[i]));
}

/* Loads and stores (KVM's MMIO emulation), by words from the assembler. */
TEST(insn_is_mem)
{
	static const uint32_t mem[] = {
		0x7c64282e, 0x7c64292e, 0x7c64282a, 0x7c64292a,	/* lwzx stwx ldx stdx */
		0x7c6428ae, 0x7c642f2c, 0x7c642c2c, 0x7c64292d,	/* lbzx sthbrx lwbrx stwcx. */
		0x7c642828, 0x7c242cae, 0x7c242dae, 0x7c2428ce,	/* lwarx lfdx stfdx lvx */
		0x7c2429ce, 0x7c242e98, 0x7c242f98, 0x7c642a6e,	/* stvx lxvd2x stxvd2x lhzux */
		0x7c6429ee, 0x7c642c28, 0x7c642d28,		/* stbux ldbrx stdbrx */
		0x80640000, 0x90640000, 0xe8640000, 0xf8640000,	/* lwz stw ld std */
		0xc8240000, 0xd8240000, 0xbc640000,		/* lfd stfd stmw */
	};
	static const uint32_t not_mem[] = {
		0x7c042fec, 0x7c6000a6, 0x7c610164, 0x7c008146,	/* dcbz mfmsr mtmsrd wrteei */
		0x7c00046c, 0x7c1042a6, 0x7c1043a6, 0x4c000064,	/* tlbsync mfsprg mtsprg rfi */
		0x7c000268, 0x7c0007a4, 0x7c000106, 0x60000000,	/* fake sc 1, tlbwe wrtee nop */
		0xfc21102a,					/* fadd (opcode 63) */
	};
	unsigned int i;

	for (i = 0; i < sizeof(mem) / sizeof(mem[0]); i++)
		ASSERT_TRUE(kvmppc_bt_insn_is_mem(mem[i]));
	for (i = 0; i < sizeof(not_mem) / sizeof(not_mem[0]); i++)
		ASSERT_FALSE(kvmppc_bt_insn_is_mem(not_mem[i]));
}

/* Turning one class off rejects exactly that class's instructions. */
TEST(class_mask)
{
	int fl;

	for (fl = KVMPPC_BT_BOOKE; fl <= KVMPPC_BT_BOOK3S; fl++) {
		struct cases c = load(fl);
		struct kvmppc_bt_xlate_ctx ctx = fl == KVMPPC_BT_BOOKE ? e500_ctx : book3s_ctx;
		unsigned int cls;
		uint32_t i;

		for (cls = 0; cls < KVMPPC_BT_NR_CLASSES; cls++) {
			ctx.classes = KVMPPC_BT_CLASSES_ALL & ~(1u << cls);
			for (i = 0; i < c.nr_exact; i++) {
				struct kvmppc_bt_rewrite rw;
				uint32_t orig = EXACT_ORIG(&c, i);
				int r = kvmppc_bt_xlate(&ctx, orig, &rw);

				if (kvmppc_bt_insn_class(fl, orig) == (int)cls) {
					ASSERT_EQ(KVMPPC_BT_REASON_CLASS_OFF, r);
				} else {
					ASSERT_EQ(KVMPPC_BT_REASON_NONE, r);
				}
			}
		}
	}
}

/* Every class appears in the exact cases of some flavour. */
TEST(every_class_covered)
{
	uint32_t seen = 0, i;
	int fl;

	for (fl = KVMPPC_BT_BOOKE; fl <= KVMPPC_BT_BOOK3S; fl++) {
		struct cases c = load(fl);

		for (i = 0; i < c.nr_exact; i++)
			seen |= 1u << kvmppc_bt_insn_class(fl, EXACT_ORIG(&c, i));
	}
	/* Translated blocks have their own cases (block_test). */
	seen |= 1u << kvmppc_bt_insn_class(KVMPPC_BT_BOOKE, KVMPPC_BT_INSN_WRTEEI);
	ASSERT_EQ(KVMPPC_BT_CLASSES_ALL, seen);
}

/* The register field of a rewrite is always the original's. */
TEST(register_field_carries_over)
{
	struct kvmppc_bt_rewrite rw;
	uint32_t rt;

	for (rt = 0; rt < 32; rt++) {
		uint32_t mfmsr = 0x7c0000a6 | rt << 21;

		ASSERT_EQ(0, kvmppc_bt_xlate(&e500_ctx, mfmsr, &rw));
		ASSERT_EQ(rt, (rw.insn >> 21) & 31);
		ASSERT_EQ(0, kvmppc_bt_xlate(&book3s_ctx, mfmsr, &rw));
		ASSERT_EQ(rt, (rw.insn >> 21) & 31);
		ASSERT_EQ(0, (rw.insn >> 16) & 31);	/* rA = 0 */
	}
}

/*
 * No opcode-31 word outside the assembled cases gets a rewrite: every
 * register-less key (rT = 0) that translates is one of the exact cases.
 */
static void check_only_table(struct __test_metadata *_metadata,
			     const struct kvmppc_bt_xlate_ctx *ctx)
{
	struct cases c = load(ctx->flavour);
	uint32_t low, i, j, n = 0, keys = 0, found, blocks = 0;

	for (low = 0; low < (1u << 21); low++) {
		struct kvmppc_bt_rewrite rw;
		uint32_t w = 0x7c000000 | low;

		if (kvmppc_bt_xlate(ctx, w, &rw))
			continue;
		/* wrteei 0/1, wrtee; mtmsrd rS,1: translated blocks (block_test). */
		if (rw.class == KVMPPC_BT_CLASS_MSREE) {
			ASSERT_TRUE(kvmppc_bt_block_insn(ctx->flavour, w));
			blocks++;
			continue;
		}
		n++;
		found = 0;
		for (i = 0; i < c.nr_exact; i++)
			found |= (EXACT_ORIG(&c, i) & ~0x03e00000u) == w;
		if (!found)
			TH_LOG("%08x rewrites but is not an assembled case", w);
		ASSERT_TRUE(found);
	}
	/* Some instructions appear with several registers among the cases. */
	for (i = 0; i < c.nr_exact; i++) {
		found = 0;
		for (j = 0; j < i; j++)
			found |= !((EXACT_ORIG(&c, i) ^ EXACT_ORIG(&c, j)) & ~0x03e00000u);
		keys += !found;
	}
	ASSERT_EQ(keys, n);
	ASSERT_EQ(ctx->flavour == KVMPPC_BT_BOOKE ? 3 : 1, blocks);
}

TEST(e500_only_table_words_rewrite)
{
	check_only_table(_metadata, &e500_ctx);
}

TEST(book3s_only_table_words_rewrite)
{
	check_only_table(_metadata, &book3s_ctx);
}

/* Other primary opcodes never rewrite (a sample of every opcode). */
TEST(other_opcodes_never_rewrite)
{
	uint32_t op, low;

	for (op = 0; op < 64; op++) {
		if (op == 31)
			continue;
		for (low = 0; low < (1u << 26); low += 4093) {
			struct kvmppc_bt_rewrite rw;
			uint32_t w = op << 26 | low;

			ASSERT_NE(0, kvmppc_bt_xlate(&e500_ctx, w, &rw));
			ASSERT_NE(0, kvmppc_bt_xlate(&book3s_ctx, w, &rw));
		}
	}
}

TEST(names)
{
	unsigned int i;

	for (i = 0; i < KVMPPC_BT_NR_CLASSES; i++)
		ASSERT_STRNE("?", kvmppc_bt_class_name(i));
	for (i = 0; i < KVMPPC_BT_NR_REASONS; i++)
		ASSERT_STRNE("?", kvmppc_bt_reason_name(i));
	for (i = 0; i < KVMPPC_BT_NR_SITE_STATES; i++)
		ASSERT_STRNE("?", kvmppc_bt_state_name(i));
	ASSERT_STREQ("?", kvmppc_bt_class_name(KVMPPC_BT_NR_CLASSES));
	ASSERT_STREQ("?", kvmppc_bt_reason_name(KVMPPC_BT_NR_REASONS));
}

TEST(parse_classes)
{
	uint32_t m = 0x5a5;

	ASSERT_EQ(0, kvmppc_bt_parse_classes("all", &m));
	ASSERT_EQ(KVMPPC_BT_CLASSES_ALL, m);
	ASSERT_EQ(0, kvmppc_bt_parse_classes("none\n", &m));
	ASSERT_EQ(0, m);
	ASSERT_EQ(0, kvmppc_bt_parse_classes("mfmsr,mfsprg\n", &m));
	ASSERT_EQ(1u << KVMPPC_BT_CLASS_MFMSR | 1u << KVMPPC_BT_CLASS_MFSPRG, m);
	ASSERT_EQ(0, kvmppc_bt_parse_classes("tlbsync mtsrr", &m));
	ASSERT_EQ(1u << KVMPPC_BT_CLASS_TLBSYNC | 1u << KVMPPC_BT_CLASS_MTSRR, m);
	ASSERT_EQ(0, kvmppc_bt_parse_classes("0x3", &m));
	ASSERT_EQ(3, m);
	ASSERT_EQ(0, kvmppc_bt_parse_classes("5\n", &m));
	ASSERT_EQ(5, m);
	m = 0x77;
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("", &m));
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("\n", &m));
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("mfmsr,bogus", &m));
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("0x4000", &m));
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("0x", &m));
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("12abc", &m));
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("3 mfmsr", &m));
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("none,mfmsr", &m));
	ASSERT_EQ(-1, kvmppc_bt_parse_classes("99999999999", &m));
	ASSERT_EQ(0x77, m);
}

TEST_HARNESS_MAIN
