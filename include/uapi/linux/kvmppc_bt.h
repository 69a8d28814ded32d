/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kvmppc-bt: user-visible constants and the ioctl ABI of /dev/kvmppc-bt.
 *
 * Classes name the groups of trapping guest instructions that kvmppc-bt can
 * rewrite; reasons say why a hot site was not (or is no longer) patched.
 * Both numberings are ABI: new values are only ever appended.
 */
#ifndef _UAPI_LINUX_KVMPPC_BT_H
#define _UAPI_LINUX_KVMPPC_BT_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * enum kvmppc_bt_class - rewrite classes (bit numbers of the class mask)
 * @KVMPPC_BT_CLASS_MFMSR: mfmsr -> load of the magic page's msr
 * @KVMPPC_BT_CLASS_MFSPRG: mfspr SPRG0-3 -> load
 * @KVMPPC_BT_CLASS_MTSPRG: mtspr SPRG0-2 (e500: also SPRG3) -> store
 * @KVMPPC_BT_CLASS_MFSRR: mfspr SRR0/SRR1 -> load
 * @KVMPPC_BT_CLASS_MTSRR: mtspr SRR0/SRR1 -> store
 * @KVMPPC_BT_CLASS_MFFAULT: mfspr DAR/DSISR (Book3S), DEAR/ESR (e500) -> load
 * @KVMPPC_BT_CLASS_MTFAULT: mtspr DAR/DSISR (Book3S), DEAR/ESR (e500) -> store
 * @KVMPPC_BT_CLASS_MFMAS: mfspr MAS0-4, MAS6, MAS7 (e500) -> load
 * @KVMPPC_BT_CLASS_MTMAS: mtspr MAS0-4, MAS6, MAS7 (e500) -> store
 * @KVMPPC_BT_CLASS_MFPIR: mfspr PIR (e500) -> load
 * @KVMPPC_BT_CLASS_TLBSYNC: tlbsync -> nop
 * @KVMPPC_BT_CLASS_MFZERO: mfspr CFAR, DSCR (Book3S PR, which reads both as
 *	zero) -> li rT,0
 * @KVMPPC_BT_CLASS_MFMIRROR: mfspr FSCR, EBBHR, EBBRR, BESCR (Book3S PR) ->
 *	load of a copy the host keeps exact in the magic page's free tail
 * @KVMPPC_BT_CLASS_MSREE: wrtee, wrteei (e500), mtmsrd rS,1 (Book3S) ->
 *	branch to a translated block in the magic page (sites within branch
 *	reach of it)
 * @KVMPPC_BT_NR_CLASSES: number of classes
 */
enum kvmppc_bt_class {
	KVMPPC_BT_CLASS_MFMSR,
	KVMPPC_BT_CLASS_MFSPRG,
	KVMPPC_BT_CLASS_MTSPRG,
	KVMPPC_BT_CLASS_MFSRR,
	KVMPPC_BT_CLASS_MTSRR,
	KVMPPC_BT_CLASS_MFFAULT,
	KVMPPC_BT_CLASS_MTFAULT,
	KVMPPC_BT_CLASS_MFMAS,
	KVMPPC_BT_CLASS_MTMAS,
	KVMPPC_BT_CLASS_MFPIR,
	KVMPPC_BT_CLASS_TLBSYNC,
	KVMPPC_BT_CLASS_MFZERO,
	KVMPPC_BT_CLASS_MFMIRROR,
	KVMPPC_BT_CLASS_MSREE,
	KVMPPC_BT_NR_CLASSES
};

#define KVMPPC_BT_CLASSES_ALL ((1u << KVMPPC_BT_NR_CLASSES) - 1)

/**
 * enum kvmppc_bt_reason - why a hot site is not patched
 * @KVMPPC_BT_REASON_NONE: it is (or will be) patched
 * @KVMPPC_BT_REASON_NO_REWRITE: no exact rewrite exists for this instruction
 * @KVMPPC_BT_REASON_NOT_EXACT: a rewrite exists but is not exactly
 *	equivalent on this flavour (mtspr SPRG3 on Book3S, mtspr SPRG4-7 on
 *	e500, mfspr PIR on Book3S)
 * @KVMPPC_BT_REASON_HCALL: the fake "sc 1" hypercall word, never rewritten
 * @KVMPPC_BT_REASON_CLASS_OFF: the instruction's class is disabled
 * @KVMPPC_BT_REASON_MODE: the guest was in a mode kvmppc-bt does not patch
 *	(Book3S 32-bit mode, split real mode, endianness different from the
 *	magic page's)
 * @KVMPPC_BT_REASON_MAGIC_CONFLICT: the guest mapped the magic page at an
 *	address the rewrites cannot reach
 * @KVMPPC_BT_REASON_XLATE: the guest PC could not be translated
 * @KVMPPC_BT_REASON_NOT_RAM: the PC's guest physical page is not guest RAM
 * @KVMPPC_BT_REASON_CHANGED: the word in guest memory no longer held the
 *	trapping instruction
 * @KVMPPC_BT_REASON_WRITE_FAIL: guest memory could not be written
 * @KVMPPC_BT_REASON_NOMEM: an allocation failed
 * @KVMPPC_BT_REASON_SMP: the VM has several vcpus, and the emulation hook
 *	is the tracepoint (KVMPPC_BT_FEAT_HOOK_TRACEPOINT), which cannot see
 *	the in-flight trap race
 * @KVMPPC_BT_REASON_USER: the patched word ran in guest user mode, where
 *	the original raises a program check: the original was put back
 * @KVMPPC_BT_REASON_FAR: a translated block cannot branch back to the
 *	site's successor (more than 32 MiB from the magic page)
 * @KVMPPC_BT_REASON_WINDOW: no translated block: the window is full, the
 *	guest maps code at its address, or the site ran where the window is
 *	not mapped (another address space)
 * @KVMPPC_BT_REASON_RESIZE: the site's page lies in a large shadow mapping
 *	(e500, hugetlbfs-backed guest RAM) whose split around patched pages
 *	cost more TLB misses than the split_budget: its patches were put back
 *	and the mapping stays whole
 * @KVMPPC_BT_NR_REASONS: number of reasons
 */
enum kvmppc_bt_reason {
	KVMPPC_BT_REASON_NONE,
	KVMPPC_BT_REASON_NO_REWRITE,
	KVMPPC_BT_REASON_NOT_EXACT,
	KVMPPC_BT_REASON_HCALL,
	KVMPPC_BT_REASON_CLASS_OFF,
	KVMPPC_BT_REASON_MODE,
	KVMPPC_BT_REASON_MAGIC_CONFLICT,
	KVMPPC_BT_REASON_XLATE,
	KVMPPC_BT_REASON_NOT_RAM,
	KVMPPC_BT_REASON_CHANGED,
	KVMPPC_BT_REASON_WRITE_FAIL,
	KVMPPC_BT_REASON_NOMEM,
	KVMPPC_BT_REASON_SMP,
	KVMPPC_BT_REASON_USER,
	KVMPPC_BT_REASON_FAR,
	KVMPPC_BT_REASON_WINDOW,
	KVMPPC_BT_REASON_RESIZE,
	KVMPPC_BT_NR_REASONS
};

/**
 * enum kvmppc_bt_site_state - life of a guest instruction site
 * @KVMPPC_BT_SITE_COUNTING: trapping, below the threshold
 * @KVMPPC_BT_SITE_PENDING: hot; waiting for every vcpu to have the magic page
 * @KVMPPC_BT_SITE_PATCHED: rewritten in guest memory
 * @KVMPPC_BT_SITE_UNPATCHABLE: hot, but cannot be rewritten (see reason)
 * @KVMPPC_BT_SITE_RESTORED: was patched; the original word is back
 */
enum kvmppc_bt_site_state {
	KVMPPC_BT_SITE_COUNTING,
	KVMPPC_BT_SITE_PENDING,
	KVMPPC_BT_SITE_PATCHED,
	KVMPPC_BT_SITE_UNPATCHABLE,
	KVMPPC_BT_SITE_RESTORED,
	KVMPPC_BT_NR_SITE_STATES
};

/*
 * The ioctl ABI of /dev/kvmppc-bt.
 *
 * Every structure has a fixed size, explicit padding and 8-byte aligned
 * 64-bit fields, so 32-bit and 64-bit user space see the same layout; user
 * addresses travel as __u64.  Padding and reserved fields must be zero on
 * input and are zero on output.  Reading needs the device's permissions
 * (0600 by default); changing anything needs CAP_SYS_ADMIN.
 *
 * Errors: unknown VM -ENOENT; bad sizes, flags or values -EINVAL; a buffer
 * too small -ENOSPC with the needed count written back; missing privilege
 * -EPERM.
 */

#define KVMPPC_BT_DEVICE	"/dev/kvmppc-bt"
#define KVMPPC_BT_ABI_VERSION	1

/* Feature bits of struct kvmppc_bt_version. */
#define KVMPPC_BT_FEAT_E500		(1u << 0)	/* Book E e500v2 KVM */
#define KVMPPC_BT_FEAT_BOOK3S_PR	(1u << 1)	/* Book3S KVM-PR */
#define KVMPPC_BT_FEAT_PROFILE		(1u << 2)	/* warm-start profiles */
#define KVMPPC_BT_FEAT_TRACEPOINTS	(1u << 3)	/* TRACE_SYSTEM kvmppc_bt */
/* Emulation exits are seen through KVM's kvm_ppc_instr tracepoint, not a kprobe. */
#define KVMPPC_BT_FEAT_HOOK_TRACEPOINT	(1u << 4)

#define KVMPPC_BT_MAX_REASONS	16	/* room in the stats for reasons */

/**
 * struct kvmppc_bt_version - KVMPPC_BT_IOC_VERSION
 * @abi_version: KVMPPC_BT_ABI_VERSION of the module
 * @features: KVMPPC_BT_FEAT_*
 * @module_version: the module's version string, NUL-terminated
 */
struct kvmppc_bt_version {
	__u32 abi_version;
	__u32 features;
	char module_version[32];
};

/**
 * struct kvmppc_bt_vm_id - a VM, named like KVM's debugfs directory
 * @pid: the pid of the process that created it
 * @vmfd: its VM file descriptor in that process
 */
struct kvmppc_bt_vm_id {
	__s32 pid;
	__s32 vmfd;
};

/**
 * struct kvmppc_bt_stats - counters (see docs/operations.md)
 * @traps: emulation exits seen
 * @fetch_failed: exits whose instruction KVM had not fetched
 * @sites: distinct (guest PC, word) sites seen
 * @hot: sites that reached the threshold
 * @patched: words rewritten
 * @pending: hot sites that waited for the magic page on every vcpu
 * @unpatchable: hot sites not rewritten, by enum kvmppc_bt_reason (those
 *	of reason 16 and up in @unpatchable_resize: kvmppc_bt_unpatchable())
 * @restored: patched words put back
 * @restore_skipped: words not put back because they had changed
 * @races: traps on our own replacement word, re-executed as the original
 * @table_full: traps not counted because the VM reached max_sites
 * @magic_enabled: vcpus on which kvmppc-bt enabled the magic page
 * @resets: VMM resets detected
 * @flushes: flushes (operator, dirty logging, reset)
 * @warm_patched: sites patched from an imported profile, before any trap
 * @warm_rejected: profile entries dropped: their page's content differed,
 *	or they could not be patched
 * @order_flips: byte-order changes of the magic page (Book3S: firmware
 *	big-endian, then a little-endian kernel), each restoring every patch
 * @write_faults: guest stores to a page holding patched words (write
 *	tracing), each of which put that page's original words back
 * @read_faults: guest data reads of a page holding patched words (e500
 *	read tracing), each of which put that page's original words back
 * @split_maps: e500 shadow TLB entries of hugetlbfs-backed guest RAM
 *	written smaller than KVM's mapping, around pages with patched words
 *	(adaptive page resizing); each is one guest TLB miss more than
 *	without patches
 * @resize_faults: guest data accesses to an execute-only piece of such a
 *	large mapping, outside pages with patched words: each made its frame
 *	a data frame (the pieces around it are mapped as KVM maps them) and
 *	was run again
 * @unpatchable_resize: hot sites not rewritten for KVMPPC_BT_REASON_RESIZE
 */
struct kvmppc_bt_stats {
	__u64 traps;
	__u64 fetch_failed;
	__u64 sites;
	__u64 hot;
	__u64 patched;
	__u64 pending;
	__u64 unpatchable[KVMPPC_BT_MAX_REASONS];
	__u64 restored;
	__u64 restore_skipped;
	__u64 races;
	__u64 table_full;
	__u64 magic_enabled;
	__u64 resets;
	__u64 flushes;
	__u64 warm_patched;
	__u64 warm_rejected;
	__u64 order_flips;
	__u64 write_faults;
	__u64 read_faults;
	__u64 block_exits;
	__u64 split_maps;
	__u64 resize_faults;
	__u64 unpatchable_resize;
};

/* Hot sites not rewritten for reason @r, wherever @s counts them. */
static inline __u64 kvmppc_bt_unpatchable(const struct kvmppc_bt_stats *s, unsigned int r)
{
	if (r < KVMPPC_BT_MAX_REASONS)
		return s->unpatchable[r];
	return r == KVMPPC_BT_REASON_RESIZE ? s->unpatchable_resize : 0;
}

/* struct kvmppc_bt_vm_info.flags */
#define KVMPPC_BT_VM_GUEST_PV		(1u << 0)	/* the guest mapped the magic page */
#define KVMPPC_BT_VM_MAGIC_CONFLICT	(1u << 1)	/* ...where our rewrites cannot reach */
#define KVMPPC_BT_VM_LOGGING		(1u << 2)	/* dirty logging on: nothing patched */

/**
 * struct kvmppc_bt_vm_info - one VM
 * @id: the VM
 * @nr_vcpus: its vcpus
 * @enabled: patching is enabled for it (its own switch)
 * @threshold: its effective threshold
 * @classes: its class mask (ANDed with the global one)
 * @flags: KVMPPC_BT_VM_*
 * @nr_sites: sites in its translation cache
 * @nr_patched: of which patched
 * @nr_pages: guest pages holding patched sites
 * @magic_vcpus: vcpus that have the magic page
 * @stats: its counters
 */
struct kvmppc_bt_vm_info {
	struct kvmppc_bt_vm_id id;
	__u32 nr_vcpus;
	__u32 enabled;
	__u32 threshold;
	__u32 classes;
	__u32 flags;
	__u32 nr_sites;
	__u32 nr_patched;
	__u32 nr_pages;
	__u32 magic_vcpus;
	__u32 pad;
	struct kvmppc_bt_stats stats;
};

/**
 * struct kvmppc_bt_list_vms - KVMPPC_BT_IOC_LIST_VMS
 * @buf: user address of an array of struct kvmppc_bt_vm_info
 * @count: in: its capacity; out: VMs written, or needed (-ENOSPC)
 * @flags: zero
 */
struct kvmppc_bt_list_vms {
	__u64 buf;
	__u32 count;
	__u32 flags;
};

/* Flags selecting the target of an operation. */
#define KVMPPC_BT_GLOBAL	(1u << 0)	/* the module, not one VM */

/**
 * struct kvmppc_bt_get_stats - KVMPPC_BT_IOC_GET_STATS
 * @vm: the VM (ignored with KVMPPC_BT_GLOBAL)
 * @flags: 0 or KVMPPC_BT_GLOBAL
 * @nr_vms: out: live VMs (global)
 * @stats: out: the VM's counters, or the sum since load (global)
 */
struct kvmppc_bt_get_stats {
	struct kvmppc_bt_vm_id vm;
	__u32 flags;
	__u32 nr_vms;
	struct kvmppc_bt_stats stats;
};

/**
 * struct kvmppc_bt_site_info - one site of a VM's translation cache
 * @ea: guest effective address
 * @gpa: guest physical address (patched sites), else 0
 * @orig: the trapping instruction
 * @repl: the replacement (patched sites), else 0
 * @hits: traps counted
 * @class: enum kvmppc_bt_class of the instruction, or 0xff (none)
 * @state: enum kvmppc_bt_site_state
 * @reason: enum kvmppc_bt_reason (unpatchable sites)
 * @pad: zero
 */
struct kvmppc_bt_site_info {
	__u64 ea;
	__u64 gpa;
	__u32 orig;
	__u32 repl;
	__u32 hits;
	__u8 class;
	__u8 state;
	__u8 reason;
	__u8 pad;
};

/**
 * struct kvmppc_bt_list_sites - KVMPPC_BT_IOC_LIST_SITES (paged)
 * @vm: the VM
 * @flags: zero
 * @count: in: capacity of @buf; out: entries written, or, with -ENOSPC
 *	(capacity 0 while sites remain), the number still to read
 * @cursor: in: index of the first site to return (0 to start);
 *	out: index to pass next; equal to @total when done
 * @buf: user address of an array of struct kvmppc_bt_site_info
 * @total: out: sites in the VM's cache
 * @pad: zero
 */
struct kvmppc_bt_list_sites {
	struct kvmppc_bt_vm_id vm;
	__u32 flags;
	__u32 count;
	__u64 cursor;
	__u64 buf;
	__u32 total;
	__u32 pad;
};

/* struct kvmppc_bt_set.param */
#define KVMPPC_BT_PARAM_THRESHOLD	1	/* 1..1000000 */
#define KVMPPC_BT_PARAM_ENABLED		2	/* 0 or 1 */
#define KVMPPC_BT_PARAM_CLASSES		3	/* mask within KVMPPC_BT_CLASSES_ALL */

/**
 * struct kvmppc_bt_set - KVMPPC_BT_IOC_SET (CAP_SYS_ADMIN)
 * @vm: the VM (ignored with KVMPPC_BT_GLOBAL)
 * @flags: 0 or KVMPPC_BT_GLOBAL
 * @param: KVMPPC_BT_PARAM_*
 * @value: the new value
 */
struct kvmppc_bt_set {
	struct kvmppc_bt_vm_id vm;
	__u32 flags;
	__u32 param;
	__u64 value;
};

/**
 * struct kvmppc_bt_flush - KVMPPC_BT_IOC_FLUSH (CAP_SYS_ADMIN)
 * @vm: the VM whose patches are all restored; its cache starts over
 * @flags: zero
 * @restored: out: words restored
 */
struct kvmppc_bt_flush {
	struct kvmppc_bt_vm_id vm;
	__u32 flags;
	__u32 restored;
};

/**
 * struct kvmppc_bt_profile_entry - one hot site of a warm-start profile
 * @ea: guest effective address
 * @page_hash: hash of the 4K guest page holding it, when it was exported
 * @insn: the trapping instruction
 * @class: its enum kvmppc_bt_class
 * @pad: zero
 */
struct kvmppc_bt_profile_entry {
	__u64 ea;
	__u64 page_hash;
	__u32 insn;
	__u8 class;
	__u8 pad[3];
};

/**
 * struct kvmppc_bt_profile - KVMPPC_BT_IOC_PROFILE_EXPORT / _IMPORT
 * @vm: the VM
 * @flags: zero
 * @count: export: in capacity, out entries (or needed, -ENOSPC);
 *	import: entries in @buf
 * @buf: user address of an array of struct kvmppc_bt_profile_entry
 */
struct kvmppc_bt_profile {
	struct kvmppc_bt_vm_id vm;
	__u32 flags;
	__u32 count;
	__u64 buf;
};

#define KVMPPC_BT_IOC_MAGIC	0xb7
#define KVMPPC_BT_IOC_VERSION	_IOR(KVMPPC_BT_IOC_MAGIC, 0x00, struct kvmppc_bt_version)
#define KVMPPC_BT_IOC_LIST_VMS	_IOWR(KVMPPC_BT_IOC_MAGIC, 0x01, struct kvmppc_bt_list_vms)
#define KVMPPC_BT_IOC_GET_STATS	_IOWR(KVMPPC_BT_IOC_MAGIC, 0x02, struct kvmppc_bt_get_stats)
#define KVMPPC_BT_IOC_LIST_SITES _IOWR(KVMPPC_BT_IOC_MAGIC, 0x03, struct kvmppc_bt_list_sites)
#define KVMPPC_BT_IOC_SET	_IOW(KVMPPC_BT_IOC_MAGIC, 0x04, struct kvmppc_bt_set)
#define KVMPPC_BT_IOC_FLUSH	_IOWR(KVMPPC_BT_IOC_MAGIC, 0x05, struct kvmppc_bt_flush)
#define KVMPPC_BT_IOC_PROFILE_EXPORT _IOWR(KVMPPC_BT_IOC_MAGIC, 0x06, struct kvmppc_bt_profile)
#define KVMPPC_BT_IOC_PROFILE_IMPORT _IOW(KVMPPC_BT_IOC_MAGIC, 0x07, struct kvmppc_bt_profile)

#endif /* _UAPI_LINUX_KVMPPC_BT_H */
