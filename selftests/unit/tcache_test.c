// SPDX-License-Identifier: GPL-2.0
/*
 * tcache_test: the translation cache's bookkeeping, on the host.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "tcache.h"

static int allocs, fail_after = -1;

static void *test_alloc(unsigned long size)
{
	if (fail_after >= 0 && allocs >= fail_after)
		return NULL;
	allocs++;
	return calloc(1, size);
}

static void test_free(void *p)
{
	free(p);
}

static const struct kvmppc_bt_tc_ops ops = { test_alloc, test_free };

FIXTURE(tc) {
	struct kvmppc_bt_tcache tc;
};

FIXTURE_SETUP(tc)
{
	allocs = 0;
	fail_after = -1;
	ASSERT_EQ(0, kvmppc_bt_tc_init(&self->tc, &ops, 200));
}

FIXTURE_TEARDOWN(tc)
{
	kvmppc_bt_tc_destroy(&self->tc);
}

TEST_F(tc, insert_and_find)
{
	struct kvmppc_bt_site *a, *b, *c;
	int err = 0;

	a = kvmppc_bt_tc_insert(&self->tc, 0xc0001000, 0x7c0000a6, &err);
	b = kvmppc_bt_tc_insert(&self->tc, 0xc0001004, 0x7c0000a6, &err);
	/* The same EA with another word (code rewritten) is another site. */
	c = kvmppc_bt_tc_insert(&self->tc, 0xc0001000, 0x7c1042a6, &err);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(3, self->tc.nr_sites);
	ASSERT_EQ(a, kvmppc_bt_tc_find(&self->tc, 0xc0001000, 0x7c0000a6));
	ASSERT_EQ(b, kvmppc_bt_tc_find(&self->tc, 0xc0001004, 0x7c0000a6));
	ASSERT_EQ(c, kvmppc_bt_tc_find(&self->tc, 0xc0001000, 0x7c1042a6));
	ASSERT_EQ(NULL, kvmppc_bt_tc_find(&self->tc, 0xc0001008, 0x7c0000a6));
	ASSERT_EQ(KVMPPC_BT_SITE_COUNTING, a->state);
	ASSERT_EQ(0, a->hits);
	ASSERT_EQ(0, kvmppc_bt_tc_index(&self->tc, a));
	ASSERT_EQ(2, kvmppc_bt_tc_index(&self->tc, c));
}

/* Many sites in one bucket, across chunk boundaries. */
TEST_F(tc, collisions_and_chunks)
{
	int err = 0;
	u32 i;

	for (i = 0; i < 200; i++)
		ASSERT_NE(NULL, kvmppc_bt_tc_insert(&self->tc, 0x1000 + 4 * (u64)i * 256, i, &err));
	for (i = 0; i < 200; i++) {
		struct kvmppc_bt_site *s = kvmppc_bt_tc_find(&self->tc, 0x1000 + 4 * (u64)i * 256, i);

		ASSERT_NE(NULL, s);
		ASSERT_EQ(i, kvmppc_bt_tc_index(&self->tc, s));
	}
}

TEST_F(tc, bounded)
{
	int err = 0;
	u32 i;

	for (i = 0; i < 200; i++)
		ASSERT_NE(NULL, kvmppc_bt_tc_insert(&self->tc, 4 * (u64)i, 1, &err));
	ASSERT_EQ(NULL, kvmppc_bt_tc_insert(&self->tc, 0x10000, 1, &err));
	ASSERT_EQ(-ENOSPC, err);
	ASSERT_EQ(200, self->tc.nr_sites);
	/* Two pointer arrays plus ceil(200 / 64) site chunks. */
	ASSERT_EQ(2 + 4, allocs);
}

TEST_F(tc, alloc_failure)
{
	int err = 0;
	u32 i;

	fail_after = allocs;	/* no new chunk */
	ASSERT_EQ(NULL, kvmppc_bt_tc_insert(&self->tc, 0x100, 1, &err));
	ASSERT_EQ(-ENOMEM, err);
	ASSERT_EQ(0, self->tc.nr_sites);
	fail_after = -1;
	for (i = 0; i < KVMPPC_BT_TC_CHUNK; i++)
		ASSERT_NE(NULL, kvmppc_bt_tc_insert(&self->tc, 4 * (u64)i, 1, &err));
	fail_after = allocs;
	ASSERT_EQ(NULL, kvmppc_bt_tc_insert(&self->tc, 0x10000, 1, &err));
	ASSERT_EQ(-ENOMEM, err);
	/* No page record either: patching fails without a trace. */
	ASSERT_EQ(-ENOMEM, kvmppc_bt_tc_mark_patched(&self->tc, kvmppc_bt_tc_site(&self->tc, 0),
						     0x5000, 0x7f0000005000, 0x80a0f05c, 0));
	ASSERT_EQ(KVMPPC_BT_SITE_COUNTING, kvmppc_bt_tc_site(&self->tc, 0)->state);
	ASSERT_EQ(0, self->tc.nr_patched);
	ASSERT_EQ(0, self->tc.nr_pages);
}

TEST_F(tc, init_rejects_bad_bounds)
{
	struct kvmppc_bt_tcache t;

	ASSERT_EQ(-EINVAL, kvmppc_bt_tc_init(&t, &ops, 0));
	ASSERT_EQ(-EINVAL, kvmppc_bt_tc_init(&t, &ops, (1u << 24) + 1));
	fail_after = allocs;
	ASSERT_EQ(-ENOMEM, kvmppc_bt_tc_init(&t, &ops, 10));
}

/* One walk finds our word at a patched site, the original, or nothing. */
TEST_F(tc, lookup)
{
	struct kvmppc_bt_site *s[4], *other;
	bool ours;
	int err = 0, i;

	for (i = 0; i < 4; i++)
		s[i] = kvmppc_bt_tc_insert(&self->tc, 0xc0000100 + 4 * i, 0x7c0000a6, &err);
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[1], 0x3104, 0x10003104, 0x80a0f05c, 0));
	ASSERT_EQ(s[1], kvmppc_bt_tc_lookup(&self->tc, 0xc0000104, 0x80a0f05c, &ours));
	ASSERT_TRUE(ours);
	ASSERT_EQ(s[1], kvmppc_bt_tc_lookup(&self->tc, 0xc0000104, 0x7c0000a6, &ours));
	ASSERT_FALSE(ours);
	ASSERT_EQ(s[3], kvmppc_bt_tc_lookup(&self->tc, 0xc000010c, 0x7c0000a6, &ours));
	ASSERT_FALSE(ours);
	ASSERT_EQ(NULL, kvmppc_bt_tc_lookup(&self->tc, 0xc000010c, 0x80a0f05c, &ours));
	ASSERT_FALSE(ours);
	/* A site whose original is our word: the patched site still wins. */
	other = kvmppc_bt_tc_insert(&self->tc, 0xc0000104, 0x80a0f05c, &err);
	ASSERT_NE(NULL, other);
	ASSERT_EQ(s[1], kvmppc_bt_tc_lookup(&self->tc, 0xc0000104, 0x80a0f05c, &ours));
	ASSERT_TRUE(ours);
	/* Unpatched, the other site is the one. */
	kvmppc_bt_tc_unpatch(&self->tc, s[1], KVMPPC_BT_SITE_COUNTING);
	ASSERT_EQ(other, kvmppc_bt_tc_lookup(&self->tc, 0xc0000104, 0x80a0f05c, &ours));
	ASSERT_FALSE(ours);
}

/*
 * The unlocked walk finds only sites unpatchable for good, never our word
 * at a patched site, and gives up rather than walk a long chain.
 */
TEST_F(tc, settled)
{
	struct kvmppc_bt_site *s[3], *other;
	int err = 0, i;
	u64 ea;

	for (i = 0; i < 3; i++)
		s[i] = kvmppc_bt_tc_insert(&self->tc, 0xc0000100 + 4 * i, 0x7c0000a6, &err);
	/* Counting, pending: a trap there may decide; not settled. */
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, 0xc0000100, 0x7c0000a6));
	s[0]->state = KVMPPC_BT_SITE_PENDING;
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, 0xc0000100, 0x7c0000a6));
	s[0]->state = KVMPPC_BT_SITE_UNPATCHABLE;
	s[0]->reason = KVMPPC_BT_REASON_NO_REWRITE;
	ASSERT_EQ(s[0], kvmppc_bt_tc_settled(&self->tc, 0xc0000100, 0x7c0000a6));
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, 0xc0000100, 0x7c0000a7));
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, 0xc0000104, 0x7c0000a6));
	/* A class turned off may be on again at the next trap. */
	s[0]->reason = KVMPPC_BT_REASON_CLASS_OFF;
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, 0xc0000100, 0x7c0000a6));
	s[0]->reason = KVMPPC_BT_REASON_HCALL;
	/* Our word at a patched site there wins, as in kvmppc_bt_tc_lookup(). */
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[1], 0x3104, 0x10003104, 0x80a0f05c, 0));
	other = kvmppc_bt_tc_insert(&self->tc, 0xc0000104, 0x80a0f05c, &err);
	other->state = KVMPPC_BT_SITE_UNPATCHABLE;
	other->reason = KVMPPC_BT_REASON_NO_REWRITE;
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, 0xc0000104, 0x80a0f05c));
	kvmppc_bt_tc_unpatch(&self->tc, s[1], KVMPPC_BT_SITE_COUNTING);
	ASSERT_EQ(other, kvmppc_bt_tc_settled(&self->tc, 0xc0000104, 0x80a0f05c));
	/* Gone with a reset, although the record is still there. */
	kvmppc_bt_tc_reset(&self->tc);
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, 0xc0000100, 0x7c0000a6));
	/*
	 * Chains in one bucket (EA k << 34 | k << 2 hashes as 0 for every k):
	 * eight sites are walked to the end; with a ninth it gives up (a
	 * patched site further on could win), and the lock takes over.
	 */
	for (i = 1; i <= 9; i++) {
		ea = (u64)i << 34 | (u64)i << 2;
		if (i == 9) {
			ASSERT_EQ(s[0], kvmppc_bt_tc_settled(&self->tc, s[0]->ea, 1));
			ASSERT_EQ(s[2], kvmppc_bt_tc_settled(&self->tc, s[2]->ea, 1));
		}
		s[0] = kvmppc_bt_tc_insert(&self->tc, ea, 1, &err);
		ASSERT_NE(NULL, s[0]);
		s[0]->state = KVMPPC_BT_SITE_UNPATCHABLE;
		s[0]->reason = KVMPPC_BT_REASON_FAR;
		if (i == 1)
			s[2] = s[0];	/* the oldest: last in the chain */
	}
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, s[0]->ea, 1));
	ASSERT_EQ(NULL, kvmppc_bt_tc_settled(&self->tc, s[2]->ea, 1));
	ASSERT_EQ(s[2], kvmppc_bt_tc_find(&self->tc, s[2]->ea, 1));
}

/* Patched sites are grouped by guest page and found by their new word. */
TEST_F(tc, pages)
{
	struct kvmppc_bt_site *s[5];
	struct kvmppc_bt_page *p;
	int err = 0, i;

	for (i = 0; i < 5; i++)
		s[i] = kvmppc_bt_tc_insert(&self->tc, 0xc0000100 + 4 * i, 0x7c0000a6, &err);
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[0], 0x3100, 0x10003100, 0x80a0f05c, 0));
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[1], 0x3104, 0x10003104, 0x80a0f05c, 0));
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[2], 0x7108, 0x10007108, 0x80a0f05c, 0));
	ASSERT_EQ(3, self->tc.nr_patched);
	ASSERT_EQ(2, self->tc.nr_pages);
	p = kvmppc_bt_tc_page(&self->tc, 3);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(2, p->nr);
	ASSERT_EQ(1, kvmppc_bt_tc_page(&self->tc, 7)->nr);
	ASSERT_EQ(NULL, kvmppc_bt_tc_page(&self->tc, 4));
	ASSERT_EQ(KVMPPC_BT_SITE_PATCHED, s[1]->state);
	ASSERT_EQ(s[1], kvmppc_bt_tc_find_patched(&self->tc, 0xc0000104, 0x80a0f05c));
	ASSERT_EQ(NULL, kvmppc_bt_tc_find_patched(&self->tc, 0xc000010c, 0x80a0f05c));
	ASSERT_EQ(NULL, kvmppc_bt_tc_find_patched(&self->tc, 0xc0000104, 0x7c0000a6));

	kvmppc_bt_tc_unpatch(&self->tc, s[0], KVMPPC_BT_SITE_RESTORED);
	ASSERT_EQ(KVMPPC_BT_SITE_RESTORED, s[0]->state);
	ASSERT_EQ(1, kvmppc_bt_tc_page(&self->tc, 3)->nr);
	ASSERT_EQ(NULL, kvmppc_bt_tc_find_patched(&self->tc, 0xc0000100, 0x80a0f05c));
	/* Unpatching a site twice changes nothing. */
	kvmppc_bt_tc_unpatch(&self->tc, s[0], KVMPPC_BT_SITE_COUNTING);
	ASSERT_EQ(KVMPPC_BT_SITE_RESTORED, s[0]->state);
	kvmppc_bt_tc_unpatch(&self->tc, s[1], KVMPPC_BT_SITE_COUNTING);
	ASSERT_EQ(NULL, kvmppc_bt_tc_page(&self->tc, 3));
	ASSERT_EQ(1, self->tc.nr_pages);
	ASSERT_EQ(1, self->tc.nr_patched);
	/* A freed page record is reused. */
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[3], 0x9000, 0x10009000, 0x80a0f05c, 0));
	ASSERT_EQ(2, self->tc.pages_alloc);
	ASSERT_EQ(2, self->tc.nr_pages);

	kvmppc_bt_tc_reset(&self->tc);
	ASSERT_EQ(0, self->tc.nr_sites);
	ASSERT_EQ(0, self->tc.nr_pages);
	ASSERT_EQ(0, self->tc.nr_patched);
	ASSERT_EQ(NULL, kvmppc_bt_tc_find(&self->tc, 0xc0000100, 0x7c0000a6));
	ASSERT_EQ(NULL, kvmppc_bt_tc_page(&self->tc, 7));
}

/* Pieces by host frame: only records in use, only frames set; reuse clears it. */
TEST_F(tc, piece_records)
{
	struct kvmppc_bt_site *s[2];
	bool prot;
	int err = 0;

	s[0] = kvmppc_bt_tc_insert(&self->tc, 0x100, 1, &err);
	s[1] = kvmppc_bt_tc_insert(&self->tc, 0x104, 1, &err);
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[0], 0x3000, 0, 2, 0));
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[1], 0x5000, 0, 2, 0));
	ASSERT_EQ(0, kvmppc_bt_tc_piece(&self->tc, 0x777, 0, 0x777, false, &prot));
	ASSERT_FALSE(prot);
	ASSERT_EQ(0, kvmppc_bt_tc_protect(&self->tc, kvmppc_bt_tc_page(&self->tc, 5), 0x777));
	ASSERT_EQ(0x777, kvmppc_bt_tc_page(&self->tc, 5)->pfn);
	ASSERT_EQ(0, kvmppc_bt_tc_piece(&self->tc, 0x777, 0, 0x777, false, &prot));
	ASSERT_TRUE(prot);
	kvmppc_bt_tc_unpatch(&self->tc, s[1], KVMPPC_BT_SITE_RESTORED);
	kvmppc_bt_tc_piece(&self->tc, 0x777, 0, 0x777, false, &prot);
	ASSERT_FALSE(prot);
	/* The freed record comes back for another page, without the old frame. */
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[1], 0x9000, 0, 2, 0));
	ASSERT_EQ(0, kvmppc_bt_tc_page(&self->tc, 9)->pfn);
	kvmppc_bt_tc_piece(&self->tc, 0x777, 0, 0x777, false, &prot);
	ASSERT_FALSE(prot);
}

/*
 * A 4M mapping (order 10) at frame 0x400 with frame 0x5a3 protected: the
 * piece around any other frame is the largest aligned power-of-4 block
 * without it; the pieces tile the mapping, 3 per size from 1M down to 4K
 * (15), and the protected frame alone.
 */
TEST_F(tc, piece_split)
{
	struct kvmppc_bt_site *s;
	unsigned int n = 0, seen[11] = { 0 };
	bool prot;
	u64 f;
	int err = 0;

	s = kvmppc_bt_tc_insert(&self->tc, 0x100, 1, &err);
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s, 0x3000, 0, 2, 0));
	ASSERT_EQ(10, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x400, false, &prot));
	ASSERT_EQ(0, kvmppc_bt_tc_protect(&self->tc, kvmppc_bt_tc_page(&self->tc, 3), 0x5a3));
	/* Outside the mapping: the mapping stays whole. */
	ASSERT_EQ(10, kvmppc_bt_tc_piece(&self->tc, 0x800, 10, 0x9ff, false, &prot));
	ASSERT_EQ(10, kvmppc_bt_tc_piece(&self->tc, 0x000, 10, 0x000, false, &prot));
	ASSERT_EQ(8, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x400, false, &prot));
	ASSERT_FALSE(prot);
	ASSERT_EQ(6, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x500, false, &prot));
	ASSERT_EQ(0, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x5a2, false, &prot));
	ASSERT_FALSE(prot);
	ASSERT_EQ(0, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x5a3, false, &prot));
	ASSERT_TRUE(prot);
	/* Walk the mapping piece by piece. */
	for (f = 0x400; f < 0x800; n++) {
		u32 o = kvmppc_bt_tc_piece(&self->tc, 0x400, 10, f, false, &prot);

		ASSERT_EQ(0, f & ((1ULL << o) - 1));	/* aligned */
		ASSERT_EQ(prot, f == 0x5a3);
		seen[o]++;
		f += 1ULL << o;
	}
	ASSERT_EQ(16, n);
	ASSERT_EQ(3, seen[8]);
	ASSERT_EQ(3, seen[6]);
	ASSERT_EQ(3, seen[4]);
	ASSERT_EQ(3, seen[2]);
	ASSERT_EQ(4, seen[0]);
}

/*
 * Many protected frames, in random order: every piece equals the one a
 * walk over all frames gives; unpatching takes a frame out; a reset, all.
 */
TEST_F(tc, piece_many)
{
	u64 frames[200], f, at;
	unsigned int i, k, seed = 12345;
	bool prot;
	struct kvmppc_bt_site *s;
	int err = 0;

	for (i = 0; i < 200; i++) {
		seed = seed * 1103515245u + 12345u;
		frames[i] = 0x10000 + (seed >> 8) % 0x1000;	/* duplicates too */
		s = kvmppc_bt_tc_insert(&self->tc, 0x1000 + 4 * i, 1, &err);
		ASSERT_NE(NULL, s);
		ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s, (0x100ull + i) << 12, 0, 2, 0));
		ASSERT_EQ(0, kvmppc_bt_tc_protect(&self->tc,
						  kvmppc_bt_tc_page(&self->tc, 0x100 + i), frames[i]));
	}
	for (k = 0; k < 2; k++) {
		for (at = 0x10000; at < 0x11000; at += 7) {
			u32 want = 12, got;
			bool want_prot = false;

			for (i = 0; i < 200; i++) {
				if (k && i % 2)
					continue;	/* unpatched below */
				f = frames[i];
				if (f == at) {
					want_prot = true;
					want = 0;
					break;
				}
				while (want && (f >> want) == (at >> want))
					want -= 2;
			}
			got = kvmppc_bt_tc_piece(&self->tc, 0x10000, 12, at, false, &prot);
			ASSERT_EQ(want, got) TH_LOG("k %u at %llx", k, (unsigned long long)at);
			ASSERT_EQ(want_prot, prot);
		}
		for (i = 1; i < 200 && !k; i += 2)
			kvmppc_bt_tc_unpatch(&self->tc, kvmppc_bt_tc_find(&self->tc, 0x1000 + 4 * i, 1),
					     KVMPPC_BT_SITE_RESTORED);
	}
	kvmppc_bt_tc_reset(&self->tc);
	ASSERT_EQ(12, kvmppc_bt_tc_piece(&self->tc, 0x10000, 12, frames[0], false, &prot));
	ASSERT_FALSE(prot);
}

/*
 * Mixed pieces: with no data frame known, the whole mapping is one piece,
 * execute-only because it holds a protected frame.  Data frames then part
 * it into blocks that hold protected frames (execute-only) or data frames
 * (as KVM maps them), never both; a frame protected again is no data frame.
 */
TEST_F(tc, piece_mixed)
{
	struct kvmppc_bt_site *s;
	bool x;
	int err = 0;

	s = kvmppc_bt_tc_insert(&self->tc, 0x100, 1, &err);
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s, 0x3000, 0, 2, 0));
	ASSERT_EQ(10, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x7ff, true, &x));
	ASSERT_FALSE(x);				/* nothing protected yet */
	ASSERT_EQ(0, kvmppc_bt_tc_protect(&self->tc, kvmppc_bt_tc_page(&self->tc, 3), 0x5a3));
	ASSERT_EQ(10, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x7ff, true, &x));
	ASSERT_TRUE(x);
	ASSERT_EQ(10, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x5a3, true, &x));
	ASSERT_TRUE(x);
	/* A data frame at 0x5b0: 0x5a3's side of it stays execute-only. */
	ASSERT_EQ(0, kvmppc_bt_tc_data(&self->tc, 0x5b0));
	ASSERT_EQ(0, kvmppc_bt_tc_data(&self->tc, 0x5b0));	/* once */
	ASSERT_TRUE(kvmppc_bt_tc_is_data(&self->tc, 0x5b0));
	ASSERT_EQ(8, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x7ff, true, &x));
	ASSERT_FALSE(x);				/* 0x700-0x7ff: neither */
	ASSERT_EQ(4, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x5a3, true, &x));
	ASSERT_TRUE(x);					/* 0x5a0-0x5af */
	ASSERT_EQ(4, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x5b0, true, &x));
	ASSERT_FALSE(x);				/* 0x5b0-0x5bf */
	ASSERT_EQ(4, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x580, true, &x));
	ASSERT_FALSE(x);				/* 0x580-0x58f */
	/* Without mixed pieces: the old partition around 0x5a3 alone. */
	ASSERT_EQ(0, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x5a3, false, &x));
	ASSERT_TRUE(x);
	/* Protected now, a data frame is no longer one. */
	s = kvmppc_bt_tc_insert(&self->tc, 0x104, 1, &err);
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s, 0x4000, 0, 2, 0));
	ASSERT_EQ(0, kvmppc_bt_tc_protect(&self->tc, kvmppc_bt_tc_page(&self->tc, 4), 0x5b0));
	ASSERT_FALSE(kvmppc_bt_tc_is_data(&self->tc, 0x5b0));
	kvmppc_bt_tc_reset(&self->tc);
	ASSERT_EQ(10, kvmppc_bt_tc_piece(&self->tc, 0x400, 10, 0x5a3, true, &x));
	ASSERT_FALSE(x);
}

/* Unpatching from the middle and the head of a page's list keeps it intact. */
TEST_F(tc, page_list_order)
{
	struct kvmppc_bt_site *s[4];
	struct kvmppc_bt_page *p;
	int err = 0, i;
	u32 n, j;

	for (i = 0; i < 4; i++) {
		s[i] = kvmppc_bt_tc_insert(&self->tc, 0x100 + 4 * i, 1, &err);
		ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[i], 0x2000 + 4 * i, 0, 2, 0));
	}
	kvmppc_bt_tc_unpatch(&self->tc, s[2], KVMPPC_BT_SITE_RESTORED);
	kvmppc_bt_tc_unpatch(&self->tc, s[3], KVMPPC_BT_SITE_RESTORED);
	p = kvmppc_bt_tc_page(&self->tc, 2);
	ASSERT_EQ(2, p->nr);
	for (n = 0, j = p->first; j != KVMPPC_BT_TC_NONE; j = kvmppc_bt_tc_site(&self->tc, j)->page_next)
		n++;
	ASSERT_EQ(2, n);
}

TEST_HARNESS_MAIN
