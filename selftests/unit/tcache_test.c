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

/* Lookup by host frame: only records in use, only frames set; reuse clears it. */
TEST_F(tc, page_by_pfn)
{
	struct kvmppc_bt_site *s[2];
	int err = 0;

	s[0] = kvmppc_bt_tc_insert(&self->tc, 0x100, 1, &err);
	s[1] = kvmppc_bt_tc_insert(&self->tc, 0x104, 1, &err);
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[0], 0x3000, 0, 2, 0));
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[1], 0x5000, 0, 2, 0));
	ASSERT_EQ(NULL, kvmppc_bt_tc_page_by_pfn(&self->tc, 0x777));
	kvmppc_bt_tc_page(&self->tc, 5)->pfn = 0x777;
	ASSERT_EQ(kvmppc_bt_tc_page(&self->tc, 5), kvmppc_bt_tc_page_by_pfn(&self->tc, 0x777));
	kvmppc_bt_tc_unpatch(&self->tc, s[1], KVMPPC_BT_SITE_RESTORED);
	ASSERT_EQ(NULL, kvmppc_bt_tc_page_by_pfn(&self->tc, 0x777));
	/* The freed record comes back for another page, without the old frame. */
	ASSERT_EQ(0, kvmppc_bt_tc_mark_patched(&self->tc, s[1], 0x9000, 0, 2, 0));
	ASSERT_EQ(0, kvmppc_bt_tc_page(&self->tc, 9)->pfn);
	ASSERT_EQ(NULL, kvmppc_bt_tc_page_by_pfn(&self->tc, 0x777));
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
