/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-VM translation cache: every guest instruction site kvmppc-bt has
 * seen trap, keyed by (guest EA, instruction word), and every patched site
 * grouped by the guest page that holds it.
 *
 * Pure data structure: no locking (the caller holds the VM's lock), no
 * kernel headers beyond fixed-size types, memory from the caller's
 * allocator.  Memory is bounded: at most max_sites sites, allocated in
 * chunks as sites appear, and at most max_sites page records.  The module
 * and the host unit tests (make check) compile the same file.
 */
#ifndef KVMPPC_BT_TCACHE_H
#define KVMPPC_BT_TCACHE_H

#include "xlate.h"

#define KVMPPC_BT_TC_CHUNK	64	/* sites (and pages) per allocation */
#define KVMPPC_BT_TC_BUCKETS	256	/* EA hash buckets */
#define KVMPPC_BT_TC_PBUCKETS	64	/* gfn hash buckets */
#define KVMPPC_BT_TC_NONE	0xffffffffu

/**
 * struct kvmppc_bt_site - one guest instruction site
 * @ea: guest effective address of the instruction
 * @gpa: guest physical address, once translated (patched sites)
 * @hva: host virtual address of the word in the VMM, once translated
 * @orig: the instruction word, as the guest sees it
 * @repl: the replacement word (patched sites)
 * @hits: traps counted at this site
 * @class: enum kvmppc_bt_class of the rewrite, if any
 * @state: enum kvmppc_bt_site_state
 * @reason: enum kvmppc_bt_reason, for unpatchable sites
 * @le: the guest ran little-endian at the trap (byte order of the word)
 * @retries: transient failures (translation) before giving up
 * @next: next site in the same EA hash bucket
 * @page: index of the page record (patched sites), or KVMPPC_BT_TC_NONE
 * @page_next: next patched site of the same page
 */
struct kvmppc_bt_site {
	u64 ea;
	u64 gpa;
	u64 hva;
	u32 orig;
	u32 repl;
	u32 hits;
	u8 class;
	u8 state;
	u8 reason;
	u8 le : 1;
	u8 retries : 7;
	u32 next;
	u32 page;
	u32 page_next;
};

/**
 * struct kvmppc_bt_page - a guest page holding patched sites
 * @gfn: guest frame number (4K)
 * @first: first patched site in it
 * @nr: number of patched sites in it
 * @next: next page record in the same gfn hash bucket, or free list
 * @pfn: the host page frame behind it, when the module write-protects it
 *	(e500 write tracing), else 0; set by kvmppc_bt_tc_protect() only
 * @stale: its frame was taken away (the host's MMU notifier) and is not
 *	known again yet
 */
struct kvmppc_bt_page {
	u64 gfn;
	u64 pfn;
	u32 first;
	u32 nr;
	u32 next;
	bool stale;
};

/**
 * struct kvmppc_bt_frames - a sorted array of host frames
 * @f: the frames, ascending
 * @nr: frames in @f
 * @cap: room in @f (grows by doubling, up to max_sites)
 */
struct kvmppc_bt_frames {
	u64 *f;
	u32 nr;
	u32 cap;
};

struct kvmppc_bt_tc_ops {
	void *(*alloc)(unsigned long size);	/* zeroed; may fail */
	void (*free)(void *p);
};

/**
 * struct kvmppc_bt_tcache - a VM's sites and pages
 * @ops: allocator
 * @max_sites: bound on sites (and page records)
 * @nr_sites: sites in use, indices 0 .. nr_sites - 1
 * @nr_pages: page records in use
 * @nr_patched: sites in the PATCHED state
 * @sites: chunk pointers, max_sites / KVMPPC_BT_TC_CHUNK of them
 * @pages: chunk pointers for page records
 * @pages_alloc: page records ever allocated
 * @free_page: head of the free list of page records
 * @buckets: EA hash heads
 * @pbuckets: gfn hash heads
 * @wp: the host frames of the page records that have one
 * @data: host frames the guest accessed as data, in large mappings that
 *	hold protected frames (never one of @wp)
 */
struct kvmppc_bt_tcache {
	const struct kvmppc_bt_tc_ops *ops;
	u32 max_sites;
	u32 nr_sites;
	u32 nr_pages;
	u32 nr_patched;
	struct kvmppc_bt_site **sites;
	struct kvmppc_bt_page **pages;
	u32 pages_alloc;
	u32 free_page;
	u32 buckets[KVMPPC_BT_TC_BUCKETS];
	u32 pbuckets[KVMPPC_BT_TC_PBUCKETS];
	struct kvmppc_bt_frames wp;
	struct kvmppc_bt_frames data;
};

int kvmppc_bt_tc_init(struct kvmppc_bt_tcache *tc, const struct kvmppc_bt_tc_ops *ops,
		      u32 max_sites);
void kvmppc_bt_tc_destroy(struct kvmppc_bt_tcache *tc);
void kvmppc_bt_tc_reset(struct kvmppc_bt_tcache *tc);
struct kvmppc_bt_site *kvmppc_bt_tc_site(const struct kvmppc_bt_tcache *tc, u32 idx);
struct kvmppc_bt_site *kvmppc_bt_tc_find(const struct kvmppc_bt_tcache *tc, u64 ea, u32 insn);
struct kvmppc_bt_site *kvmppc_bt_tc_lookup(const struct kvmppc_bt_tcache *tc, u64 ea, u32 insn,
					   bool *ours);
struct kvmppc_bt_site *kvmppc_bt_tc_settled(const struct kvmppc_bt_tcache *tc, u64 ea, u32 insn);

/*
 * Is @s unpatchable for a reason no later trap revisits (all but "class
 * off")?  Read without the owner's lock too.
 */
static inline bool kvmppc_bt_site_settled(const struct kvmppc_bt_site *s)
{
	return READ_ONCE(s->state) == KVMPPC_BT_SITE_UNPATCHABLE &&
	       READ_ONCE(s->reason) != KVMPPC_BT_REASON_CLASS_OFF;
}

struct kvmppc_bt_site *kvmppc_bt_tc_find_patched(const struct kvmppc_bt_tcache *tc,
						 u64 ea, u32 insn);
struct kvmppc_bt_site *kvmppc_bt_tc_insert(struct kvmppc_bt_tcache *tc, u64 ea, u32 insn,
					   int *err);
int kvmppc_bt_tc_mark_patched(struct kvmppc_bt_tcache *tc, struct kvmppc_bt_site *site,
			      u64 gpa, u64 hva, u32 repl, u8 class);
void kvmppc_bt_tc_unpatch(struct kvmppc_bt_tcache *tc, struct kvmppc_bt_site *site, u8 state);
struct kvmppc_bt_page *kvmppc_bt_tc_page(const struct kvmppc_bt_tcache *tc, u64 gfn);
int kvmppc_bt_tc_protect(struct kvmppc_bt_tcache *tc, struct kvmppc_bt_page *page, u64 pfn);
void kvmppc_bt_tc_unprotect(struct kvmppc_bt_tcache *tc, struct kvmppc_bt_page *page);
void kvmppc_bt_tc_each_page(const struct kvmppc_bt_tcache *tc,
			    void (*fn)(struct kvmppc_bt_page *page, void *arg), void *arg);
struct kvmppc_bt_page *kvmppc_bt_tc_page_in(const struct kvmppc_bt_tcache *tc, u64 pfn, u64 n);
int kvmppc_bt_tc_data(struct kvmppc_bt_tcache *tc, u64 pfn);
bool kvmppc_bt_tc_is_data(const struct kvmppc_bt_tcache *tc, u64 pfn);
u32 kvmppc_bt_tc_piece(const struct kvmppc_bt_tcache *tc, u64 pfn, u32 order, u64 at,
		       bool mixed, bool *xonly);
u32 kvmppc_bt_tc_index(const struct kvmppc_bt_tcache *tc, const struct kvmppc_bt_site *site);

#endif
