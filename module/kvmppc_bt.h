/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmppc-bt internals shared by the module's files.
 *
 * Data flows one way: hooks.c (KVM's exits) -> vm.c (count, decide) ->
 * xlate.c (translate) -> plat_*.c (guest address) -> guest_mem.c (write the
 * word) -> tcache.c (remember).  debugfs.c only reads that state or calls
 * vm.c entry points.
 */
#ifndef KVMPPC_BT_H
#define KVMPPC_BT_H

#include <linux/kref.h>
#include <linux/kvm_host.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <asm/kvm_ppc.h>

#include "block.h"
#include "compat.h"
#include "tcache.h"
#include "xlate.h"

#define KVMPPC_BT_THRESHOLD_MAX	1000000
/* Transient translation failures tolerated at a hot site. */
#define KVMPPC_BT_XLATE_RETRIES	8

/*
 * Byte-order changes of the magic page per VM (Book3S: big-endian firmware,
 * then a little-endian kernel).  Each restores every patch; a guest that
 * keeps toggling its interrupt byte order is not followed further.
 */
#define KVMPPC_BT_MAX_FLIPS	8

/*
 * Counters, per VM and global: struct kvmppc_bt_stats of the uapi header,
 * which the ioctls hand out as they are.
 */

/**
 * struct kvmppc_bt_vm - kvmppc-bt's state of one KVM VM
 * @node: in the global VM table, keyed by @kvm
 * @kvm: the VM; only dereferenced while it is alive (see vm.c)
 * @ref: references: the table, works, open files
 * @lock: protects everything below except @flush_lock and @dir
 * @flush_lock: serialises restores (sleeping)
 * @dead: the VM is being destroyed; never touch @kvm again
 * @name: "<pid>-<vmfd>", as KVM's own debugfs directory
 * @id: the same, as numbers (vmfd -1 when KVM has no debugfs name)
 * @threshold: traps before a site is patched; 0 = the global value
 * @enabled: patch this VM
 * @classes: enabled classes (mask)
 * @magic_wanted: the magic page is (being) enabled on every vcpu
 * @magic_be: the byte order of its fields, the same on every vcpu we map
 *	(Book3S; e500 is always big-endian)
 * @magic_done: vcpus (by vcpu_idx) that have it, in @magic_be order
 * @magic_ours: vcpus on which kvmppc-bt mapped it (not the guest)
 * @vcpu_ran: vcpus that entered KVM_RUN at least once
 * @multi_vcpu: a second vcpu was created (the tracepoint hook patches
 *	single-vcpu VMs only)
 * @flipping: @magic_be changed: patch nothing and map nothing until every
 *	patch of the old order is restored
 * @guest_pv: the guest mapped the magic page itself
 * @magic_conflict: the guest mapped it where our rewrites cannot reach
 * @logging: dirty logging is on for some memslot: patch nothing
 * @mirror_on: the SPR mirrors of the magic page are kept on every vcpu
 * @mirror_done: vcpus whose mirrors are exact (refreshed since it began)
 * @mirror_ebb_restore: a deferred restore for EBB mirror sites is queued
 * @mirror_twork: that deferred restore (no allocation where it is needed)
 * @restoring: a restore is in progress: patch nothing
 * @wp_ever: some page was write-protected in the shadow TLB (e500 write
 *	tracing); the VM's vcpus flush their shadow TLB after unprotecting
 * @dsi_taken: vcpus whose queued data storage interrupt was ours (e500
 *	write tracing): dropped before their next entry
 * @wp_pages: its page records with a write-protected frame
 * @xo: execute-only pieces of large shadow mappings written since the
 *	cache was last reset, @nr_xo of them (e500 page resizing: a data
 *	access that faults there is ours)
 * @xo_full: @xo or the cache's data frames ran out: split large mappings
 *	around protected frames only
 * @regions: large shadow mappings split since the cache was last reset,
 *	@nr_regions of them (e500 page resizing)
 * @nr_stale: page records whose protected frame the host took away (e500;
 *	kvmppc_bt_gfn_unmapped())
 * @slots: the window's slots (translated blocks), @nr_slots of them
 * @kslots: the e500 kernel window's slots, @nr_kslots of them, a page of
 *	records per page of code (@kw_pages)
 * @window_conflict: the guest maps code at the window (e500): no blocks
 * @kwindow: some slot is in the kernel window (Book3S PR): the vcpus'
 *	translation callback is ours too
 * @kwindow_conflict: the guest has a segment over the kernel window
 * @kw_preload: vcpus that map the kernel window's segment before their
 *	next entry (PR just mapped the magic page's again)
 * @kw_seg_known: vcpus whose @kw_seg_guest is exact (their SLB callbacks
 *	are ours and they looked since: guest_window())
 * @kw_seg_guest: vcpus whose guest SLB has a segment over the kernel window
 * @fetch_rewind: vcpus left at a slot's first word by a fetch fault that
 *	PR handles (Book3S): back on the site before their next entry
 * @tc: the translation cache
 * @stats: counters
 * @traps_unlocked: traps counted without @lock (kvmppc_bt_vm_fold_stats()
 *	adds them to @stats)
 * @settled: the last site found unpatchable for good, by PC (a hint for
 *	the unlocked count; checked at every use)
 * @dir: debugfs directory
 * @attach_work: creates @dir
 * @warm: an imported profile (warm.c), or NULL
 * @detach_work: removes @dir and drops the table's reference
 * @rcu: frees the structure after lookups under RCU are done
 */
struct kvmppc_bt_warm;

/*
 * A slot of the window (translated blocks): the block, and the site it
 * serves.  Slots are never reused for another site while the VM lives: a
 * vcpu may still be inside one whose site was restored.
 * @kernel: entered through the kernel window (Book3S; relative branches)
 * @enter: the site's replacement, the branch into the slot
 */
struct kvmppc_bt_slot {
	u64 site_ea;
	u32 orig;
	u32 enter;
	bool le;
	bool kernel;
	struct kvmppc_bt_block b;
};

/* Hints of the unlocked trap count, by PC (vm.c: trap_settled()). */
#define KVMPPC_BT_SETTLED	256

/* An execute-only piece of a large shadow mapping: host frames. */
struct kvmppc_bt_xo {
	u64 pfn;
	u32 order;
};

#define KVMPPC_BT_XO	32

/*
 * A large shadow mapping (host frames) that page resizing split: @splits
 * pieces written since the VM had taken @since traps; @off: given up, its
 * pages are not patched.
 */
struct kvmppc_bt_region {
	u64 pfn;
	u64 since;
	u32 order;
	u32 splits;
	bool off;
};

#define KVMPPC_BT_REGIONS	16

/* Bits of the filter of write-protected host frames (vm.c). */
#define KVMPPC_BT_WP_FILTER	4096

struct kvmppc_bt_vm {
	struct hlist_node node;
	struct kvm *kvm;
	struct kref ref;
	spinlock_t lock;		/* see above */
	struct mutex flush_lock;	/* serialises restores */
	bool dead;
	char name[32];
	struct kvmppc_bt_vm_id id;
	u32 threshold;
	bool enabled;
	u32 classes;
	bool magic_wanted;
	bool magic_be;
	DECLARE_BITMAP(magic_done, KVM_MAX_VCPUS);
	DECLARE_BITMAP(magic_ours, KVM_MAX_VCPUS);
	DECLARE_BITMAP(vcpu_ran, KVM_MAX_VCPUS);
	bool flipping;
	bool multi_vcpu;
	bool guest_pv;
	bool magic_conflict;
	bool logging;
	bool mirror_on;
	DECLARE_BITMAP(mirror_done, KVM_MAX_VCPUS);
	bool mirror_ebb_restore;
	struct callback_head mirror_twork;
	bool restoring;
	bool wp_ever;
	DECLARE_BITMAP(dsi_taken, KVM_MAX_VCPUS);
	DECLARE_BITMAP(isi_taken, KVM_MAX_VCPUS);
	unsigned int wp_pages;
	struct kvmppc_bt_xo xo[KVMPPC_BT_XO];
	unsigned int nr_xo;
	bool xo_full;
	struct kvmppc_bt_region regions[KVMPPC_BT_REGIONS];
	unsigned int nr_regions;
	unsigned int nr_stale;
	struct kvmppc_bt_slot *slots;
	unsigned int nr_slots;
	struct kvmppc_bt_slot *kslots[KVMPPC_BT_E500_KW_PAGES];
	struct page *kw_pages[KVMPPC_BT_E500_KW_PAGES];
	unsigned int nr_kslots;
	bool window_conflict;
	bool kwindow;
	bool kwindow_conflict;
	DECLARE_BITMAP(kw_preload, KVM_MAX_VCPUS);
	DECLARE_BITMAP(kw_seg_known, KVM_MAX_VCPUS);
	DECLARE_BITMAP(kw_seg_guest, KVM_MAX_VCPUS);
	DECLARE_BITMAP(fetch_rewind, KVM_MAX_VCPUS);
	struct kvmppc_bt_tcache tc;
	struct kvmppc_bt_stats stats;
	atomic_long_t traps_unlocked;
	struct kvmppc_bt_site *settled[KVMPPC_BT_SETTLED];
	struct dentry *dir;
	struct work_struct attach_work;
	struct work_struct detach_work;
	struct kvmppc_bt_warm *warm;
	struct rcu_head rcu;
};

/**
 * struct kvmppc_bt_plat - what differs between KVM flavours
 * @name: "e500v2" or "book3s-pr"
 * @flavour: enum kvmppc_bt_flavour
 * @init: resolve what the flavour needs; 0 or -errno
 * @xlate_ctx: the translator's view of the vcpu at a trap
 * @insn_le: the guest's instructions are little-endian in memory
 * @pc_to_gpa: guest EA of an instruction the vcpu just fetched -> guest
 *	physical address; must not sleep; 0 or an enum kvmppc_bt_reason
 * @intr_le: the byte order the guest declared for its interrupts (Book3S
 *	MSR_ILE, LPCR_ILE), which KVM gives the magic page when mapping it
 * @set_intr_le: set that order (around our own mapping call only)
 * @mirror_values: the vcpu's values of the mirrored SPRs, by mirror slot
 *	(Book3S PR; NULL where nothing is mirrored)
 * @mirror_ebb: in those values, the guest's FSCR enables EBB
 * @tlb_inval: drop the vcpu's shadow TLB0 entries of a guest EA (e500)
 * @drop_dsi: drop the vcpu's pending data storage interrupt (e500)
 */
struct kvmppc_bt_plat {
	const char *name;
	u8 flavour;
	int (*init)(void);
	void (*xlate_ctx)(struct kvm_vcpu *vcpu, struct kvmppc_bt_xlate_ctx *ctx);
	bool (*insn_le)(struct kvm_vcpu *vcpu);
	int (*pc_to_gpa)(struct kvm_vcpu *vcpu, u64 ea, u64 *gpa);
	bool (*intr_le)(struct kvm_vcpu *vcpu);
	void (*set_intr_le)(struct kvm_vcpu *vcpu, bool le);
	void (*mirror_values)(struct kvm_vcpu *vcpu, u64 *vals);
	bool (*mirror_ebb)(const u64 *vals);
	void (*tlb_inval)(struct kvm_vcpu *vcpu, u64 ea);
	void (*drop_dsi)(struct kvm_vcpu *vcpu);
};

extern const struct kvmppc_bt_plat *kvmppc_bt_plat;
extern const struct kvmppc_bt_plat kvmppc_bt_plat_e500;
extern const struct kvmppc_bt_plat kvmppc_bt_plat_pr;

/* Tunables (main.c, debugfs.c). */
extern u32 kvmppc_bt_threshold;
extern bool kvmppc_bt_enabled;
extern u32 kvmppc_bt_classes;
extern u32 kvmppc_bt_max_sites;
extern u32 kvmppc_bt_split_budget;

/* Global counters: the sum over every VM since load (vm.c). */
extern struct kvmppc_bt_stats kvmppc_bt_global;
extern spinlock_t kvmppc_bt_global_lock;

/* vm.c */
int kvmppc_bt_vm_init(void);
void kvmppc_bt_vm_exit(void);
void kvmppc_bt_vm_quiesce(void);
struct kvmppc_bt_vm *kvmppc_bt_vm_of(struct kvm *kvm, bool create);
void kvmppc_bt_vm_get(struct kvmppc_bt_vm *vm);
void kvmppc_bt_vm_put(struct kvmppc_bt_vm *vm);
void kvmppc_bt_vm_destroyed(struct kvm *kvm);
void kvmppc_bt_trap(struct kvm_vcpu *vcpu);
void kvmppc_bt_trap_post(struct kvm_vcpu *vcpu, u32 insn, unsigned long pc);
bool kvmppc_bt_user_fault(struct kvm_vcpu *vcpu);
enum { KVMPPC_BT_MAP_AS_IS, KVMPPC_BT_MAP_RO, KVMPPC_BT_MAP_NONE };
extern bool kvmppc_bt_e500_wt;
bool kvmppc_bt_shadow_tlbe(struct kvm_vcpu *vcpu, u64 ea, u32 *mas1, u64 *mas2, u64 *mas7_3);
extern unsigned long kvmppc_bt_wp_filter[];
bool kvmppc_bt_wp_maybe_range(u64 pfn, u64 n);
extern atomic_t kvmppc_bt_stale_live;
void kvmppc_bt_gfn_unmapped(struct kvm *kvm, u64 start, u64 end);

/* Might this shadow TLB entry map a write-protected page?  Lock-free. */
static inline bool kvmppc_bt_wp_maybe(u64 mas7_3)
{
	return test_bit((mas7_3 >> PAGE_SHIFT) % KVMPPC_BT_WP_FILTER, kvmppc_bt_wp_filter);
}

void kvmppc_bt_e500_tlbwe(u32 mas0, u32 mas1, u64 mas2, u64 mas7_3);
/* The e500 kernel window in this CPU's TLB (plat_e500.c). */
void kvmppc_bt_e500_kw_map(u32 ea, u32 tid, u64 pa);
bool kvmppc_bt_e500_kw_clear(u32 ea, int keep, u64 pa);
extern bool kvmppc_bt_e500_kw_live;
void kvmppc_bt_kwindow_mapped(struct kvm_vcpu *vcpu, u64 mas7_3);
/*
 * Guest exits seen by kvmppc_bt_block_exit: instruction fetch faults, e500's
 * instruction storage interrupt (which KVM reflects), traps, the rest.
 */
enum { KVMPPC_BT_EXIT_OTHER, KVMPPC_BT_EXIT_FETCH, KVMPPC_BT_EXIT_ISI, KVMPPC_BT_EXIT_PROGRAM };
extern bool kvmppc_bt_blocks_hooked, kvmppc_bt_blocks_live;
extern bool kvmppc_bt_kwindow_hooked;

/* Is @pc in a window page (the magic page, or the kernel window)? */
static inline bool kvmppc_bt_in_window(struct kvm_vcpu *vcpu, unsigned long pc)
{
	unsigned long page = pc & ~0xfffUL;

	if (page == (vcpu->arch.magic_page_ea & ~0xfffUL))
		return true;
#ifdef KVMPPC_BT_HAVE_PR
	return page == KVMPPC_BT_KWINDOW_EA;
#else
	return page - KVMPPC_BT_E500_KWINDOW_EA < KVMPPC_BT_E500_KWINDOW_SIZE;
#endif
}

#ifdef KVMPPC_BT_HAVE_PR
extern int (*kvmppc_bt_pr_xlate)(struct kvm_vcpu *vcpu, gva_t eaddr, struct kvmppc_pte *pte,
				 bool data, bool iswrite);
extern int (*kvmppc_bt_pr_esid_to_vsid)(struct kvm_vcpu *vcpu, ulong esid, u64 *vsid);
extern int (*kvmppc_bt_pr_map_segment)(struct kvm_vcpu *vcpu, ulong eaddr);
extern void (*kvmppc_bt_pr_slbmte)(struct kvm_vcpu *vcpu, u64 rs, u64 rb);
extern void (*kvmppc_bt_pr_slbie)(struct kvm_vcpu *vcpu, u64 ea);
extern void (*kvmppc_bt_pr_slbia)(struct kvm_vcpu *vcpu);
#endif
void kvmppc_bt_blocks_start(void);
void kvmppc_bt_block_exit(struct kvm_vcpu *vcpu, int exit);
bool kvmppc_bt_window_exec(struct kvm_vcpu *vcpu);
void kvmppc_bt_booke_dsi(struct kvm_vcpu *vcpu);
int kvmppc_bt_shadow_map(struct kvm_vcpu *vcpu, u64 gpa, u64 size, bool iswrite,
			 bool may_write);
void kvmppc_bt_vcpu_request(struct kvm_vcpu *vcpu);
void kvmppc_bt_vcpu_run(struct kvm_vcpu *vcpu);
void kvmppc_bt_vcpu_fac_queued(struct kvm_vcpu *vcpu);
void kvmppc_bt_vcpu_created(struct kvm_vcpu *vcpu);
void kvmppc_bt_guest_pv(struct kvm_vcpu *vcpu, unsigned long ea);
void kvmppc_bt_memslot_change(struct kvm *kvm, const struct kvm_memory_slot *new,
			      enum kvm_mr_change change);
void kvmppc_bt_memslot_commit(struct kvm *kvm);
void kvmppc_bt_vcpu_set_regs(struct kvm_vcpu *vcpu, const struct kvm_regs *regs);
int kvmppc_bt_vm_flush(struct kvmppc_bt_vm *vm);
u32 kvmppc_bt_vm_threshold(const struct kvmppc_bt_vm *vm);
void kvmppc_bt_stats_add(struct kvmppc_bt_stats *sum, const struct kvmppc_bt_stats *s);
void kvmppc_bt_vm_fold_stats(struct kvmppc_bt_vm *vm);
void kvmppc_bt_visit_vms(void (*fn)(struct kvmppc_bt_vm *vm, void *arg), void *arg);

void kvmppc_bt_kick_others(struct kvm *kvm);
int kvmppc_bt_warm_patch(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, u64 ea, u32 insn,
			 u64 gpa, bool *kick);

/* warm.c */
struct kvmppc_bt_warm;
int kvmppc_bt_warm_export(struct kvmppc_bt_vm *vm, struct kvmppc_bt_profile_entry *out,
			  u32 cap, u32 *n);
int kvmppc_bt_warm_import(struct kvmppc_bt_vm *vm, const struct kvmppc_bt_profile_entry *in,
			  u32 n);
void kvmppc_bt_warm_map(struct kvm_vcpu *vcpu, u64 ea, u64 gpa, u64 size);
bool kvmppc_bt_warm_trap(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
			 struct kvmppc_bt_site *site, bool *kick);
void kvmppc_bt_warm_free(struct kvmppc_bt_vm *vm);

/* guest_mem.c */
int kvmppc_bt_write_atomic(struct kvm *kvm, u64 gpa, u64 hva, u32 old, u32 new);
u64 kvmppc_bt_hva_pfn(struct kvm *kvm, u64 hva);
int kvmppc_bt_write_remote(struct kvm *kvm, u64 gpa, u64 hva, u32 old, u32 new);
int kvmppc_bt_read_remote(struct kvm *kvm, u64 hva, void *buf, size_t len);
u32 kvmppc_bt_mem_word(u32 insn, bool le);

/* hooks.c */
extern bool kvmppc_bt_hook_tp;
extern bool kvmppc_bt_mirror_hooked;
DECLARE_PER_CPU(bool, kvmppc_bt_self_map);
int kvmppc_bt_hooks_init(void);
int kvmppc_bt_hooks_warm(void);
void kvmppc_bt_hooks_exit(void);
void kvmppc_bt_hooks_exit_final(void);

/* chardev.c */
int kvmppc_bt_chardev_init(void);
void kvmppc_bt_chardev_exit(void);

/* debugfs.c */
int kvmppc_bt_debugfs_init(void);
void kvmppc_bt_debugfs_exit(void);
void kvmppc_bt_debugfs_vm_add(struct kvmppc_bt_vm *vm);
void kvmppc_bt_debugfs_vm_remove(struct kvmppc_bt_vm *vm);

/* symbols.c */
int kvmppc_bt_symbols_init(void);
unsigned long kvmppc_bt_resolve(const char *name);
extern void (*kvmppc_bt_pte_pflush)(struct kvm_vcpu *vcpu, ulong pa_start, ulong pa_end);
extern void (*kvmppc_bt_map_magic)(struct kvm_vcpu *vcpu);
extern int (*kvmppc_bt_itlb_index)(struct kvm_vcpu *vcpu, gva_t eaddr);
extern int (*kvmppc_bt_kvmppc_xlate)(struct kvm_vcpu *vcpu, ulong eaddr,
				     enum xlate_instdata xlid, enum xlate_readwrite xlrw,
				     struct kvmppc_pte *pte);

#endif
