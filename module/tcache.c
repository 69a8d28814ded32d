// SPDX-License-Identifier: GPL-2.0
/*
 * The per-VM translation cache (see tcache.h).
 *
 * Sites live in an array of fixed-size chunks, so that an index names a
 * site for good and no pointer ever moves.  Two hash tables of indices
 * chain them: by guest EA (every site) and by guest frame (page records,
 * each listing its patched sites).  The host frames of write-protected
 * page records, and the frames the guest accessed as data near them, are
 * also kept in sorted arrays, for page resizing.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <stddef.h>
#include <string.h>
#endif

#include "tcache.h"

#define CHUNK	KVMPPC_BT_TC_CHUNK
#define NONE	KVMPPC_BT_TC_NONE

/* 32-bit arithmetic only: this runs on every trap, on ppc32 too. */
static u32 ea_bucket(u64 ea)
{
	u32 x = (u32)(ea >> 2) ^ (u32)(ea >> 34);

	return (x * 0x9e3779b9u) >> 24;
}

static u32 gfn_bucket(u64 gfn)
{
	return (u32)((gfn * 0x9e3779b97f4a7c15ull) >> 58) % KVMPPC_BT_TC_PBUCKETS;
}

static u32 nr_chunks(u32 n)
{
	return (n + CHUNK - 1) / CHUNK;
}

static void clear_heads(struct kvmppc_bt_tcache *tc)
{
	u32 i;

	for (i = 0; i < KVMPPC_BT_TC_BUCKETS; i++)
		tc->buckets[i] = NONE;
	for (i = 0; i < KVMPPC_BT_TC_PBUCKETS; i++)
		tc->pbuckets[i] = NONE;
	tc->free_page = NONE;
	tc->nr_sites = 0;
	tc->nr_pages = 0;
	tc->nr_patched = 0;
	tc->pages_alloc = 0;
	tc->wp.nr = 0;
	tc->data.nr = 0;
}

/**
 * kvmppc_bt_tc_init() - set up an empty cache
 * @tc: the cache
 * @ops: allocator; alloc() returns zeroed memory
 * @max_sites: bound on sites, at least 1
 *
 * Return: 0, or -ENOMEM / -EINVAL.
 */
int kvmppc_bt_tc_init(struct kvmppc_bt_tcache *tc, const struct kvmppc_bt_tc_ops *ops,
		      u32 max_sites)
{
	if (!max_sites || max_sites > (1u << 24))
		return -EINVAL;
	tc->ops = ops;
	tc->max_sites = max_sites;
	tc->wp = (struct kvmppc_bt_frames){ NULL, 0, 0 };
	tc->data = tc->wp;
	tc->sites = ops->alloc(nr_chunks(max_sites) * sizeof(*tc->sites));
	tc->pages = ops->alloc(nr_chunks(max_sites) * sizeof(*tc->pages));
	if (!tc->sites || !tc->pages) {
		kvmppc_bt_tc_destroy(tc);
		return -ENOMEM;
	}
	clear_heads(tc);
	return 0;
}

void kvmppc_bt_tc_destroy(struct kvmppc_bt_tcache *tc)
{
	u32 i;

	for (i = 0; tc->sites && i < nr_chunks(tc->max_sites); i++)
		tc->ops->free(tc->sites[i]);
	for (i = 0; tc->pages && i < nr_chunks(tc->max_sites); i++)
		tc->ops->free(tc->pages[i]);
	tc->ops->free(tc->sites);
	tc->ops->free(tc->pages);
	tc->ops->free(tc->wp.f);
	tc->ops->free(tc->data.f);
	tc->wp = (struct kvmppc_bt_frames){ NULL, 0, 0 };
	tc->data = tc->wp;
	tc->sites = NULL;
	tc->pages = NULL;
}

/* Forget every site and page; the chunks stay allocated for reuse. */
void kvmppc_bt_tc_reset(struct kvmppc_bt_tcache *tc)
{
	clear_heads(tc);
}

struct kvmppc_bt_site *kvmppc_bt_tc_site(const struct kvmppc_bt_tcache *tc, u32 idx)
{
	if (idx >= tc->nr_sites)
		return NULL;
	return &tc->sites[idx / CHUNK][idx % CHUNK];
}

static struct kvmppc_bt_page *page_at(const struct kvmppc_bt_tcache *tc, u32 idx)
{
	return &tc->pages[idx / CHUNK][idx % CHUNK];
}

u32 kvmppc_bt_tc_index(const struct kvmppc_bt_tcache *tc, const struct kvmppc_bt_site *site)
{
	u32 c;

	for (c = 0; c < nr_chunks(tc->nr_sites); c++) {
		const struct kvmppc_bt_site *base = tc->sites[c];

		if (base && site >= base && site < base + CHUNK)
			return c * CHUNK + (u32)(site - base);
	}
	return NONE;
}

/* The site at (ea, insn) as it trapped: the original word. */
struct kvmppc_bt_site *kvmppc_bt_tc_find(const struct kvmppc_bt_tcache *tc, u64 ea, u32 insn)
{
	u32 i;

	for (i = tc->buckets[ea_bucket(ea)]; i != NONE;) {
		struct kvmppc_bt_site *s = kvmppc_bt_tc_site(tc, i);

		if (s->ea == ea && s->orig == insn)
			return s;
		i = s->next;
	}
	return NULL;
}

/**
 * kvmppc_bt_tc_lookup() - the site a trap at @ea on @insn belongs to
 * @tc: the cache
 * @ea: guest EA of the trap
 * @insn: the trapping word
 * @ours: set when @insn is the replacement word of a patched site at @ea
 *	(an in-flight trap), which then wins over a site of @insn itself
 *
 * One walk for kvmppc_bt_tc_find_patched() and kvmppc_bt_tc_find().
 * Return: the site, or NULL.
 */
struct kvmppc_bt_site *kvmppc_bt_tc_lookup(const struct kvmppc_bt_tcache *tc, u64 ea, u32 insn,
					   bool *ours)
{
	struct kvmppc_bt_site *found = NULL;
	u32 i;

	*ours = false;
	for (i = tc->buckets[ea_bucket(ea)]; i != NONE;) {
		struct kvmppc_bt_site *s = kvmppc_bt_tc_site(tc, i);

		if (s->ea == ea) {
			if (s->state == KVMPPC_BT_SITE_PATCHED && s->repl == insn) {
				*ours = true;
				return s;
			}
			if (s->orig == insn && !found)
				found = s;
		}
		i = s->next;
	}
	return found;
}

/* Bound of the unlocked walk: chains are one or two sites long. */
#define SETTLED_WALK	8

/**
 * kvmppc_bt_tc_settled() - the site a trap at @ea on @insn belongs to,
 *	found without the owner's lock, if all that trap does is count
 * @tc: the cache, perhaps being changed meanwhile
 * @ea: guest EA of the trap
 * @insn: the trapping word
 *
 * As kvmppc_bt_tc_lookup(), for the one common case: the site is
 * unpatchable for a reason no later trap revisits (all but "class off"),
 * and @insn is not our replacement of a patched site there.  Site records
 * are never freed while the cache lives (a reset reuses them), so a walk
 * that races with a change reads stale but valid memory: it is bounded,
 * and what it returns was checked field by field.
 *
 * Return: the site, or NULL: ask kvmppc_bt_tc_lookup() under the lock.
 */
struct kvmppc_bt_site *kvmppc_bt_tc_settled(const struct kvmppc_bt_tcache *tc, u64 ea, u32 insn)
{
	struct kvmppc_bt_site *found = NULL;
	u32 i = READ_ONCE(tc->buckets[ea_bucket(ea)]);
	unsigned int steps;

	for (steps = 0; i != NONE; steps++) {
		struct kvmppc_bt_site *chunk, *s;

		if (steps == SETTLED_WALK || i >= READ_ONCE(tc->nr_sites))
			return NULL;
		chunk = READ_ONCE(tc->sites[i / CHUNK]);
		if (!chunk)
			return NULL;
		s = &chunk[i % CHUNK];
		if (READ_ONCE(s->ea) == ea) {
			if (READ_ONCE(s->state) == KVMPPC_BT_SITE_PATCHED &&
			    READ_ONCE(s->repl) == insn)
				return NULL;
			if (!found && READ_ONCE(s->orig) == insn)
				found = s;
		}
		i = READ_ONCE(s->next);
	}
	return found && kvmppc_bt_site_settled(found) ? found : NULL;
}

/* The patched site whose replacement word is insn at ea (an in-flight trap). */
struct kvmppc_bt_site *kvmppc_bt_tc_find_patched(const struct kvmppc_bt_tcache *tc,
						 u64 ea, u32 insn)
{
	u32 i;

	for (i = tc->buckets[ea_bucket(ea)]; i != NONE;) {
		struct kvmppc_bt_site *s = kvmppc_bt_tc_site(tc, i);

		if (s->ea == ea && s->state == KVMPPC_BT_SITE_PATCHED && s->repl == insn)
			return s;
		i = s->next;
	}
	return NULL;
}

/**
 * kvmppc_bt_tc_insert() - add a counting site
 * @tc: the cache
 * @ea: guest EA
 * @insn: the trapping word
 * @err: set to -ENOSPC (max_sites reached) or -ENOMEM on failure
 *
 * Return: the new site, or NULL.
 */
struct kvmppc_bt_site *kvmppc_bt_tc_insert(struct kvmppc_bt_tcache *tc, u64 ea, u32 insn,
					   int *err)
{
	u32 idx = tc->nr_sites, b = ea_bucket(ea);
	struct kvmppc_bt_site *s;

	if (idx >= tc->max_sites) {
		*err = -ENOSPC;
		return NULL;
	}
	if (!tc->sites[idx / CHUNK]) {
		tc->sites[idx / CHUNK] = tc->ops->alloc(CHUNK * sizeof(**tc->sites));
		if (!tc->sites[idx / CHUNK]) {
			*err = -ENOMEM;
			return NULL;
		}
	}
	tc->nr_sites++;
	s = kvmppc_bt_tc_site(tc, idx);
	*s = (struct kvmppc_bt_site){
		.ea = ea,
		.orig = insn,
		.state = KVMPPC_BT_SITE_COUNTING,
		.next = tc->buckets[b],
		.page = NONE,
		.page_next = NONE,
	};
	tc->buckets[b] = idx;
	return s;
}

static u32 page_lookup(const struct kvmppc_bt_tcache *tc, u64 gfn)
{
	u32 i;

	for (i = tc->pbuckets[gfn_bucket(gfn)]; i != NONE; i = page_at(tc, i)->next)
		if (page_at(tc, i)->gfn == gfn)
			return i;
	return NONE;
}

struct kvmppc_bt_page *kvmppc_bt_tc_page(const struct kvmppc_bt_tcache *tc, u64 gfn)
{
	u32 i = page_lookup(tc, gfn);

	return i == NONE ? NULL : page_at(tc, i);
}

static u32 page_get(struct kvmppc_bt_tcache *tc, u64 gfn)
{
	u32 i = page_lookup(tc, gfn), b = gfn_bucket(gfn);
	struct kvmppc_bt_page *p;

	if (i != NONE)
		return i;
	if (tc->free_page != NONE) {
		i = tc->free_page;
		tc->free_page = page_at(tc, i)->next;
	} else {
		if (tc->pages_alloc >= tc->max_sites)
			return NONE;
		i = tc->pages_alloc;
		if (!tc->pages[i / CHUNK]) {
			tc->pages[i / CHUNK] = tc->ops->alloc(CHUNK * sizeof(**tc->pages));
			if (!tc->pages[i / CHUNK])
				return NONE;
		}
		tc->pages_alloc++;
	}
	p = page_at(tc, i);
	p->gfn = gfn;
	p->pfn = 0;
	p->stale = false;
	p->first = NONE;
	p->nr = 0;
	p->next = tc->pbuckets[b];
	tc->pbuckets[b] = i;
	tc->nr_pages++;
	return i;
}

/* The index of the first frame of @fs >= @pfn (binary search). */
static u32 frames_lower(const struct kvmppc_bt_frames *fs, u64 pfn)
{
	u32 lo = 0, hi = fs->nr;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (fs->f[mid] < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool frames_has(const struct kvmppc_bt_frames *fs, u64 pfn)
{
	u32 i = frames_lower(fs, pfn);

	return i < fs->nr && fs->f[i] == pfn;
}

/* Add @pfn (again, if @dup); the array grows by doubling up to @max. */
static int frames_add(const struct kvmppc_bt_tcache *tc, struct kvmppc_bt_frames *fs, u64 pfn,
		      bool dup)
{
	u32 i = frames_lower(fs, pfn);

	if (!dup && i < fs->nr && fs->f[i] == pfn)
		return 0;
	if (fs->nr == fs->cap) {
		u32 cap = fs->cap ? 2 * fs->cap : CHUNK;
		u64 *f;

		if (cap > tc->max_sites)
			cap = tc->max_sites;
		if (cap <= fs->nr)
			return -ENOMEM;
		f = tc->ops->alloc(cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		if (fs->nr)
			memcpy(f, fs->f, fs->nr * sizeof(*f));
		tc->ops->free(fs->f);
		fs->f = f;
		fs->cap = cap;
	}
	memmove(&fs->f[i + 1], &fs->f[i], (fs->nr - i) * sizeof(*fs->f));
	fs->f[i] = pfn;
	fs->nr++;
	return 0;
}

static void frames_del(struct kvmppc_bt_frames *fs, u64 pfn)
{
	u32 i = frames_lower(fs, pfn);

	if (i < fs->nr && fs->f[i] == pfn) {
		memmove(&fs->f[i], &fs->f[i + 1], (fs->nr - i - 1) * sizeof(*fs->f));
		fs->nr--;
	}
}

/*
 * The largest order (even, at most @order) of a naturally aligned block
 * around @at, in the mapping [@pfn, @pfn + 2^@order), that holds no frame
 * of @fs; -1 when @at is one.  A block around @at holds some frame only if
 * it holds the nearest one below or above @at: one binary search.
 */
static int frames_clear(const struct kvmppc_bt_frames *fs, u64 pfn, u32 order, u64 at)
{
	u32 i = frames_lower(fs, at), size = order, k;
	u64 near[2];

	if (i < fs->nr && fs->f[i] == at)
		return -1;
	near[0] = i < fs->nr ? fs->f[i] : at;
	near[1] = i > 0 ? fs->f[i - 1] : at;
	for (k = 0; k < 2; k++) {
		u32 hi;

		if (near[k] == at || near[k] - pfn >= 1ULL << size)
			continue;	/* none, or outside the mapping */
		/* The highest bit where the two differ: pieces up to it part them. */
		hi = 63 - __builtin_clzll(near[k] ^ at);
		if ((hi & ~1u) < order)
			order = hi & ~1u;
	}
	return order;
}

/* Does @fs hold a frame in [@pfn, @pfn + @n)? */
static bool frames_any(const struct kvmppc_bt_frames *fs, u64 pfn, u64 n)
{
	u32 i = frames_lower(fs, pfn);

	return i < fs->nr && fs->f[i] - pfn < n;
}

/**
 * kvmppc_bt_tc_protect() - record the host frame behind a page record
 * @tc: the cache
 * @page: a record in use, without a frame yet
 * @pfn: the frame, not 0
 *
 * The cache keeps the frames of its records sorted (kvmppc_bt_tc_piece());
 * a record's frame goes with the record.  A protected frame is no data
 * frame (kvmppc_bt_tc_data()).
 * Return: 0, or -ENOMEM (the record keeps no frame).
 */
int kvmppc_bt_tc_protect(struct kvmppc_bt_tcache *tc, struct kvmppc_bt_page *page, u64 pfn)
{
	if (frames_add(tc, &tc->wp, pfn, true))
		return -ENOMEM;
	frames_del(&tc->data, pfn);
	page->pfn = pfn;
	return 0;
}

/* The record's frame is forgotten (kvmppc_bt_tc_protect() sets a new one). */
void kvmppc_bt_tc_unprotect(struct kvmppc_bt_tcache *tc, struct kvmppc_bt_page *page)
{
	if (page->pfn)
		frames_del(&tc->wp, page->pfn);
	page->pfn = 0;
}

/* Call @fn on every page record in use; @fn must not free or add one. */
void kvmppc_bt_tc_each_page(const struct kvmppc_bt_tcache *tc,
			    void (*fn)(struct kvmppc_bt_page *page, void *arg), void *arg)
{
	u32 b, i;

	for (b = 0; b < KVMPPC_BT_TC_PBUCKETS; b++)
		for (i = tc->pbuckets[b]; i != NONE; i = page_at(tc, i)->next)
			fn(page_at(tc, i), arg);
}

/**
 * kvmppc_bt_tc_data() - record a host frame the guest accesses as data, in
 *	a large mapping that also holds protected frames
 * @tc: the cache
 * @pfn: the frame, not protected
 *
 * Data frames stay until the cache is reset.
 * Return: 0, or -ENOMEM.
 */
int kvmppc_bt_tc_data(struct kvmppc_bt_tcache *tc, u64 pfn)
{
	return frames_add(tc, &tc->data, pfn, false);
}

bool kvmppc_bt_tc_is_data(const struct kvmppc_bt_tcache *tc, u64 pfn)
{
	return frames_has(&tc->data, pfn);
}

static void page_put(struct kvmppc_bt_tcache *tc, u32 i)
{
	struct kvmppc_bt_page *p = page_at(tc, i);
	u32 *link = &tc->pbuckets[gfn_bucket(p->gfn)];

	if (p->pfn)
		frames_del(&tc->wp, p->pfn);

	while (*link != i)
		link = &page_at(tc, *link)->next;
	*link = p->next;
	p->next = tc->free_page;
	tc->free_page = i;
	tc->nr_pages--;
}

/**
 * kvmppc_bt_tc_page_in() - a page record whose host frame is in
 *	[@pfn, @pfn + @n)
 * @tc: the cache
 * @pfn: first frame
 * @n: number of frames
 *
 * A walk of the records in use.  Return: the record, or NULL.
 */
struct kvmppc_bt_page *kvmppc_bt_tc_page_in(const struct kvmppc_bt_tcache *tc, u64 pfn, u64 n)
{
	u32 b, i;

	if (!frames_any(&tc->wp, pfn, n))
		return NULL;
	for (b = 0; b < KVMPPC_BT_TC_PBUCKETS; b++)
		for (i = tc->pbuckets[b]; i != NONE; i = page_at(tc, i)->next)
			if (page_at(tc, i)->pfn && page_at(tc, i)->pfn - pfn < n)
				return page_at(tc, i);
	return NULL;
}

/**
 * kvmppc_bt_tc_piece() - the piece of a large host mapping to map around a
 *	frame (adaptive page resizing)
 * @tc: the cache
 * @pfn: the mapping's first host frame, aligned to its size
 * @order: log2 of the mapping's size in 4K frames, even (e500 page sizes
 *	are powers of 4)
 * @at: the frame the piece must hold, in [@pfn, @pfn + 2^@order)
 * @mixed: pieces may hold protected frames (then execute-only) besides
 *	unprotected ones, as long as they hold no data frame
 * @xonly: set when the piece must be execute-only for the guest
 *
 * A piece is a naturally aligned block that holds no protected frame
 * (mapped as KVM wants it), or, with @mixed, no data frame (execute-only
 * if it holds a protected one): the largest such block around @at.  Such
 * blocks never overlap unless nested, and the largest ones are therefore
 * disjoint: every piece mapped since the frame sets last lost a frame is
 * one of a partition of the mapping.  Without @mixed a protected @at gets
 * its own 4K piece, execute-only.
 * Return: log2 of the piece's size in frames, even, @order when the mapping
 * needs no split.
 */
u32 kvmppc_bt_tc_piece(const struct kvmppc_bt_tcache *tc, u64 pfn, u32 order, u64 at,
		       bool mixed, bool *xonly)
{
	int w = frames_clear(&tc->wp, pfn, order, at), d;

	if (!mixed) {
		*xonly = w < 0;
		return w < 0 ? 0 : w;
	}
	d = frames_clear(&tc->data, pfn, order, at);
	/* @at is never both: a protected frame is no data frame. */
	if (d > w) {
		*xonly = true;
		return d;
	}
	*xonly = false;
	return w;
}

/**
 * kvmppc_bt_tc_mark_patched() - record that a site's word was rewritten
 * @tc: the cache
 * @site: a site of @tc, not patched
 * @gpa: guest physical address of the word
 * @hva: its address in the VMM
 * @repl: the word written
 * @class: its class
 *
 * Return: 0, or -ENOMEM when no page record is available (nothing changed).
 */
int kvmppc_bt_tc_mark_patched(struct kvmppc_bt_tcache *tc, struct kvmppc_bt_site *site,
			      u64 gpa, u64 hva, u32 repl, u8 class)
{
	u32 pi = page_get(tc, gpa >> 12);
	struct kvmppc_bt_page *p;

	if (pi == NONE)
		return -ENOMEM;
	p = page_at(tc, pi);
	site->gpa = gpa;
	site->hva = hva;
	site->repl = repl;
	site->class = class;
	site->state = KVMPPC_BT_SITE_PATCHED;
	site->reason = KVMPPC_BT_REASON_NONE;
	site->page = pi;
	site->page_next = p->first;
	p->first = kvmppc_bt_tc_index(tc, site);
	p->nr++;
	tc->nr_patched++;
	return 0;
}

/**
 * kvmppc_bt_tc_unpatch() - a patched site is no longer patched
 * @tc: the cache
 * @site: a patched site
 * @state: its new state (RESTORED, or COUNTING to let it be patched again)
 */
void kvmppc_bt_tc_unpatch(struct kvmppc_bt_tcache *tc, struct kvmppc_bt_site *site, u8 state)
{
	u32 idx = kvmppc_bt_tc_index(tc, site), pi = site->page;
	struct kvmppc_bt_page *p;
	u32 *link;

	if (site->state != KVMPPC_BT_SITE_PATCHED || pi == NONE)
		return;
	p = page_at(tc, pi);
	for (link = &p->first; *link != idx; link = &kvmppc_bt_tc_site(tc, *link)->page_next)
		;
	*link = site->page_next;
	site->page = NONE;
	site->page_next = NONE;
	site->state = state;
	tc->nr_patched--;
	if (--p->nr == 0)
		page_put(tc, pi);
}
