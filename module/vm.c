// SPDX-License-Identifier: GPL-2.0
/*
 * Per-VM state and the adaptive policy: count traps per site, decide at the
 * threshold, patch, and restore.
 *
 * Lifetime of a struct kvmppc_bt_vm
 *  - Created at the first emulation exit of a VM that is ours (its kvm_ops
 *    are kvmppc_pr_ops: e500v2, or Book3S PR), in the vcpu thread.
 *  - Published in an RCU hash table keyed by the struct kvm; hooks find it
 *    under rcu_read_lock().
 *  - Dropped when KVM destroys the VM (kvm_arch_destroy_vm), before the VM's
 *    memory goes: marked dead under its lock, unhashed, and never used to
 *    touch the VM or guest memory again.  Memory is freed after an RCU grace
 *    period once the last reference is gone.
 *  - Code outside the VM's own threads reaches the struct kvm only through
 *    kvm_get_kvm_safe(), taken under the lock while the VM is not dead.
 *
 * Patching happens synchronously at the trap, in the vcpu thread, before
 * KVM emulates the (original) instruction: the next execution of the site
 * already runs the replacement, so trap counts are exact.
 *
 * Restoring writes the original words back where they still hold our
 * replacement.  It sleeps, so it runs in process context: the operator's
 * thread (flush), module unload, or the VMM's own thread just before it
 * returns to user space (task_work) when KVM reports dirty logging, a
 * memslot change or a VMM reset.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <asm/kvm_ppc.h>

#include "kvmppc_bt.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

static DEFINE_SPINLOCK(vm_table_lock);
static DEFINE_HASHTABLE(vm_table, 6);
static struct workqueue_struct *kvmppc_bt_wq;
static bool shutting_down;
/* Unloading: nothing more is patched (see kvmppc_bt_vm_quiesce). */
static bool quiescing;

/* Counters of destroyed VMs; the live ones are summed when read. */
struct kvmppc_bt_stats kvmppc_bt_global;
DEFINE_SPINLOCK(kvmppc_bt_global_lock);

static void *tc_alloc(unsigned long size)
{
	return kzalloc(size, GFP_ATOMIC | __GFP_NOWARN);
}

static void tc_free(void *p)
{
	kfree(p);
}

static const struct kvmppc_bt_tc_ops tc_ops = { tc_alloc, tc_free };

static void wp_untrack(struct kvmppc_bt_vm *vm, unsigned int n);

static void vm_free_rcu(struct rcu_head *head)
{
	struct kvmppc_bt_vm *vm = container_of(head, struct kvmppc_bt_vm, rcu);
	unsigned int i;

	wp_untrack(vm, vm->wp_pages);
	atomic_sub(vm->nr_stale, &kvmppc_bt_stale_live);
	kvmppc_bt_tc_destroy(&vm->tc);
	kvmppc_bt_warm_free(vm);
	tc_free(vm->slots);
	for (i = 0; i < KVMPPC_BT_E500_KW_PAGES; i++) {
		tc_free(vm->kslots[i]);
		if (vm->kw_pages[i])
			__free_page(vm->kw_pages[i]);
	}
	kfree(vm);
}

static void vm_release(struct kref *ref)
{
	struct kvmppc_bt_vm *vm = container_of(ref, struct kvmppc_bt_vm, ref);

	call_rcu(&vm->rcu, vm_free_rcu);
}

void kvmppc_bt_vm_get(struct kvmppc_bt_vm *vm)
{
	kref_get(&vm->ref);
}

void kvmppc_bt_vm_put(struct kvmppc_bt_vm *vm)
{
	kref_put(&vm->ref, vm_release);
}

void kvmppc_bt_stats_add(struct kvmppc_bt_stats *sum, const struct kvmppc_bt_stats *s)
{
	const u64 *src = (const u64 *)s;
	u64 *dst = (u64 *)sum;
	size_t i;

	BUILD_BUG_ON(sizeof(*s) % sizeof(u64));
	for (i = 0; i < sizeof(*s) / sizeof(u64); i++)
		dst[i] += src[i];
}

u32 kvmppc_bt_vm_threshold(const struct kvmppc_bt_vm *vm)
{
	u32 t = READ_ONCE(vm->threshold);

	return t ? t : READ_ONCE(kvmppc_bt_threshold);
}

static void attach_work_fn(struct work_struct *work)
{
	struct kvmppc_bt_vm *vm = container_of(work, struct kvmppc_bt_vm, attach_work);

	kvmppc_bt_debugfs_vm_add(vm);
	kvmppc_bt_vm_put(vm);
}

static void detach_work_fn(struct work_struct *work)
{
	struct kvmppc_bt_vm *vm = container_of(work, struct kvmppc_bt_vm, detach_work);

	kvmppc_bt_debugfs_vm_remove(vm);
	kvmppc_bt_vm_put(vm);	/* the table's reference */
}

static struct kvmppc_bt_vm *lookup(struct kvm *kvm)
{
	struct kvmppc_bt_vm *vm;

	hash_for_each_possible_rcu(vm_table, vm, node, (unsigned long)kvm)
		if (vm->kvm == kvm)
			return vm;
	return NULL;
}

/* "<pid>-<vmfd>" -> numbers; vmfd -1 when the name has no fd. */
static void parse_id(const char *name, struct kvmppc_bt_vm_id *id)
{
	char buf[32], *dash;

	strscpy(buf, name, sizeof(buf));
	id->pid = -1;
	id->vmfd = -1;
	dash = strchr(buf, '-');
	if (!dash)
		return;
	*dash = '\0';
	if (kstrtos32(buf, 10, &id->pid))
		id->pid = -1;
	if (kstrtos32(dash + 1, 10, &id->vmfd))
		id->vmfd = -1;
}

static struct kvmppc_bt_vm *create(struct kvm *kvm)
{
	struct kvmppc_bt_vm *vm, *old;
	unsigned long flags;

	vm = kzalloc(sizeof(*vm), GFP_ATOMIC | __GFP_NOWARN);
	if (!vm)
		return NULL;
	if (kvmppc_bt_tc_init(&vm->tc, &tc_ops, READ_ONCE(kvmppc_bt_max_sites))) {
		kfree(vm);
		return NULL;
	}
	vm->kvm = kvm;
	kref_init(&vm->ref);
	spin_lock_init(&vm->lock);
	mutex_init(&vm->flush_lock);
	vm->enabled = true;
	vm->classes = KVMPPC_BT_CLASSES_ALL;
	kvmppc_bt_vm_name(kvm, vm->name, sizeof(vm->name));
	parse_id(vm->name, &vm->id);
	INIT_WORK(&vm->attach_work, attach_work_fn);
	INIT_WORK(&vm->detach_work, detach_work_fn);

	spin_lock_irqsave(&vm_table_lock, flags);
	old = lookup(kvm);
	if (old || shutting_down) {
		spin_unlock_irqrestore(&vm_table_lock, flags);
		kvmppc_bt_tc_destroy(&vm->tc);
		kfree(vm);
		return old;
	}
	hash_add_rcu(vm_table, &vm->node, (unsigned long)kvm);
	kvmppc_bt_vm_get(vm);
	queue_work(kvmppc_bt_wq, &vm->attach_work);
	spin_unlock_irqrestore(&vm_table_lock, flags);
	pr_debug("tracking VM %s\n", vm->name);
	trace_vm_attach(vm->name, vm->id.pid, vm->id.vmfd);
	return vm;
}

/**
 * kvmppc_bt_vm_of() - kvmppc-bt's state of a VM
 * @kvm: the VM
 * @create_it: create it on first sight (a hook in one of the VM's threads)
 *
 * Call under rcu_read_lock(); the result is valid until rcu_read_unlock().
 * Return: the state, or NULL (not ours, not yet seen, or out of memory).
 */
struct kvmppc_bt_vm *kvmppc_bt_vm_of(struct kvm *kvm, bool create_it)
{
	struct kvmppc_bt_vm *vm = lookup(kvm);

	if (vm || !create_it || READ_ONCE(shutting_down))
		return vm;
	/* Only PR VMs trap-and-emulate (kvm-hv VMs have other ops). */
	if (kvm->arch.kvm_ops != READ_ONCE(kvmppc_pr_ops))
		return NULL;
	return create(kvm);
}

void kvmppc_bt_vm_destroyed(struct kvm *kvm)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;

	spin_lock_irqsave(&vm_table_lock, flags);
	vm = lookup(kvm);
	if (vm)
		hash_del_rcu(&vm->node);
	spin_unlock_irqrestore(&vm_table_lock, flags);
	if (!vm)
		return;

	spin_lock_irqsave(&vm->lock, flags);
	vm->dead = true;
	spin_lock(&kvmppc_bt_global_lock);
	kvmppc_bt_vm_fold_stats(vm);
	kvmppc_bt_stats_add(&kvmppc_bt_global, &vm->stats);
	spin_unlock(&kvmppc_bt_global_lock);
	trace_vm_detach(vm->name, vm->tc.nr_sites, vm->tc.nr_patched);
	spin_unlock_irqrestore(&vm->lock, flags);
	queue_work(kvmppc_bt_wq, &vm->detach_work);
}

/* Call fn on every live VM, in process context, holding a reference. */
void kvmppc_bt_visit_vms(void (*fn)(struct kvmppc_bt_vm *vm, void *arg), void *arg)
{
	struct kvmppc_bt_vm *vm, **vms;
	unsigned int n = 0, i, bkt, max = 0;

again:
	rcu_read_lock();
	hash_for_each_rcu(vm_table, bkt, vm, node)
		n++;
	rcu_read_unlock();
	max = n + 8;
	vms = kcalloc(max, sizeof(*vms), GFP_KERNEL);
	if (!vms)
		return;
	n = 0;
	spin_lock_irq(&vm_table_lock);
	hash_for_each(vm_table, bkt, vm, node) {
		if (n == max) {
			spin_unlock_irq(&vm_table_lock);
			for (i = 0; i < n; i++)
				kvmppc_bt_vm_put(vms[i]);
			kfree(vms);
			n = 0;
			goto again;
		}
		kvmppc_bt_vm_get(vm);
		vms[n++] = vm;
	}
	spin_unlock_irq(&vm_table_lock);
	for (i = 0; i < n; i++) {
		fn(vms[i], arg);
		kvmppc_bt_vm_put(vms[i]);
	}
	kfree(vms);
}

/* ---- the magic page -------------------------------------------------- */

static unsigned long magic_ea(void)
{
	return (unsigned long)KVMPPC_BT_MAGIC_EA;
}

/*
 * Map the magic page at EA = PA = -4096 on this vcpu, exactly as the guest's
 * KVM_HC_PPC_MAP_MAGIC_PAGE hypercall would (kvmppc_kvm_pv: the 64K-page
 * window, the byte order of the fields), without the guest's help.  KVM
 * takes the byte order from the guest's interrupt byte order; we give it
 * the VM's order instead, so that every vcpu we map agrees.  Runs in the
 * vcpu's own thread while it is outside the guest.
 */
static void map_magic(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
	unsigned long r3, r4, r11;
	bool intr_le = kvmppc_bt_plat->intr_le(vcpu);

	r3 = kvmppc_get_gpr(vcpu, 3);
	r4 = kvmppc_get_gpr(vcpu, 4);
	r11 = kvmppc_get_gpr(vcpu, 11);
	kvmppc_set_gpr(vcpu, 11, KVM_HCALL_TOKEN(KVM_HC_PPC_MAP_MAGIC_PAGE));
	kvmppc_set_gpr(vcpu, 3, magic_ea());
	kvmppc_set_gpr(vcpu, 4, magic_ea() | MAGIC_PAGE_FLAG_NOT_MAPPED_NX);
	kvmppc_bt_plat->set_intr_le(vcpu, !vm->magic_be);
	this_cpu_write(kvmppc_bt_self_map, true);
	kvmppc_kvm_pv(vcpu);
	this_cpu_write(kvmppc_bt_self_map, false);
	kvmppc_bt_plat->set_intr_le(vcpu, intr_le);
	kvmppc_set_gpr(vcpu, 3, r3);
	kvmppc_set_gpr(vcpu, 4, r4);
	kvmppc_set_gpr(vcpu, 11, r11);
	/* kvmppc_kvm_pv truncates to 32 bits in 32-bit mode; we patch 64-bit code. */
	vcpu->arch.magic_page_pa = magic_ea();
	vcpu->arch.magic_page_ea = magic_ea();
	/* Drop any shadow mapping of the guest's own page at that address. */
	kvm_make_request(KVM_REQ_TLB_FLUSH, vcpu);
}

static void mirror_refresh(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu);

/* The kernel window's page. */
static u64 kwindow_ea(void)
{
#ifdef KVMPPC_BT_HAVE_PR
	return KVMPPC_BT_KWINDOW_EA;
#else
	return KVMPPC_BT_E500_KWINDOW_EA;
#endif
}

/*
 * The guest EA of window slot @n (@kernel: in the kernel window; e500's
 * has pages of its own, whole slots from offset 0).
 */
static u64 slot_ea(unsigned int n, bool kernel)
{
	u64 page = kernel ? kwindow_ea() : (u64)magic_ea();

	if (kernel && kvmppc_bt_plat->flavour == KVMPPC_BT_BOOKE)
		return page + n * KVMPPC_BT_BLOCK_BYTES;
	return page + KVMPPC_BT_WINDOW_OFF + n * KVMPPC_BT_BLOCK_BYTES;
}

/* e500 kernel-window slot @k. */
static struct kvmppc_bt_slot *kslot(struct kvmppc_bt_vm *vm, unsigned int k)
{
	return &vm->kslots[k / KVMPPC_BT_E500_KW_PAGE_SLOTS][k % KVMPPC_BT_E500_KW_PAGE_SLOTS];
}

/* The host page that holds the code of e500 kernel-window slot @k. */
static struct page *kslot_code(const struct kvmppc_bt_vm *vm, unsigned int k)
{
	return vm->kw_pages[k / KVMPPC_BT_E500_KW_PAGE_SLOTS];
}

/* Write the words of block @s at @dst, in its byte order, for instruction fetch. */
static void block_write(unsigned long dst, const struct kvmppc_bt_slot *s)
{
	u32 *w = (u32 *)dst;
	unsigned int i;

	for (i = 0; i < s->b.nwords; i++)
		WRITE_ONCE(w[i], kvmppc_bt_mem_word(s->b.code[i], s->le));
	flush_icache_range(dst, dst + 4 * s->b.nwords);
}

/*
 * Write slot @n into @vcpu's magic page (every vcpu has its own page), in
 * the guest's instruction byte order, for instruction fetch.
 */
static void slot_write(struct kvm_vcpu *vcpu, const struct kvmppc_bt_slot *s, unsigned int n)
{
	block_write((unsigned long)vcpu->arch.shared + KVMPPC_BT_WINDOW_OFF +
		    n * KVMPPC_BT_BLOCK_BYTES, s);
}

/* Every slot, into a vcpu that just got the magic page. */
static void window_fill(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
	unsigned int n;

	for (n = 0; n < vm->nr_slots; n++)
		slot_write(vcpu, &vm->slots[n], n);
}

/* Give this vcpu the magic page in the VM's byte order, unless it has it. */
#ifdef KVMPPC_BT_HAVE_PR
static void seg_wrap(struct kvm_vcpu *vcpu);
#endif

static void enable_magic(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
	int idx = vcpu->vcpu_idx;

	if (test_bit(idx, vm->magic_done) || vm->flipping)
		return;
#ifdef KVMPPC_BT_HAVE_PR
	/* Before any of our words can fault in guest user mode (magic_segment). */
	seg_wrap(vcpu);
#endif
	if (vcpu->arch.magic_page_pa && !test_bit(idx, vm->magic_ours)) {
		/* Mapped by the guest itself (PV): its order, its address. */
		if (vcpu->arch.magic_page_ea != magic_ea()) {
			vm->magic_conflict = true;
			return;
		}
		vm->guest_pv = true;
		if (bitmap_empty(vm->magic_ours, KVM_MAX_VCPUS))
			vm->magic_be = kvmppc_shared_big_endian(vcpu);
		set_bit(idx, vm->magic_done);
		window_fill(vm, vcpu);
		return;
	}
	map_magic(vm, vcpu);
	window_fill(vm, vcpu);
	if (!test_and_set_bit(idx, vm->magic_ours))
		vm->stats.magic_enabled++;
	set_bit(idx, vm->magic_done);
	/* KVM may have swapped the page's byte order. */
	if (vm->mirror_on)
		mirror_refresh(vm, vcpu);
}

/*
 * Every online vcpu is in @done (has the magic page, or exact mirrors);
 * later vcpus get theirs before they first run.
 */
static bool every_vcpu(struct kvmppc_bt_vm *vm, const unsigned long *done)
{
	int i, n = atomic_read(&vm->kvm->online_vcpus);

	for (i = 0; i < n; i++)
		if (!test_bit(i, done))
			return false;
	return true;
}

/*
 * The magic page must be on every vcpu before any can run a patched word.
 * This vcpu gets it now; the others get our request and a kick, and enable
 * it in their own thread before their next entry.  Returns true when every
 * vcpu has it; *kick is set when others must be kicked (after unlocking).
 */
static bool want_magic(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, bool *kick)
{
	bool first = !vm->magic_wanted;

#ifdef KVMPPC_BT_HAVE_PR
	/* PR's segment callback was not found: our words stay out (seg_wrap). */
	if (!READ_ONCE(kvmppc_bt_pr_esid_to_vsid))
		return false;
#endif
	/* From now on, every vcpu gets the page before it next runs. */
	if (first)
		vm->magic_be = !kvmppc_bt_plat->intr_le(vcpu);
	vm->magic_wanted = true;
	enable_magic(vm, vcpu);
	if (vm->magic_conflict)
		return false;
	if (every_vcpu(vm, vm->magic_done))
		return true;
	*kick = first;
	return false;
}

void kvmppc_bt_kick_others(struct kvm *kvm)
{
	struct kvm_vcpu *v;
	unsigned long i;

	kvm_for_each_vcpu(i, v, kvm) {
		kvm_make_request(KVMPPC_BT_REQ, v);
		kvm_vcpu_kick(v);
	}
}

/* ---- SPR mirrors (Book3S PR) ------------------------------------------- */

/*
 * Mirrors of SPRs KVM keeps in vcpu fields (FSCR, EBBHR, EBBRR, BESCR), in
 * the free tail of each vcpu's magic page, so that a guest read of one can
 * be one load.  A mirror must equal KVM's field whenever the vcpu runs.
 * Everything that changes those fields is followed by a refresh before the
 * vcpu next enters the guest, in its own thread:
 *  - an emulated mtspr of one of them: the trap hook asks for our request;
 *  - a "facility unavailable" interrupt for the guest (FSCR's cause byte):
 *    the queue_irqprio hook asks for it;
 *  - KVM_SET_ONE_REG from the VMM: refreshed at KVM_RUN;
 *  - the page's byte order (KVM swaps the shared struct when mapped anew):
 *    refreshed after every mapping, ours or the guest's.
 * A vcpu's mirrors are exact (mirror_done) once refreshed; mirror sites are
 * patched only when every online vcpu's are.  EBB reads are exact only
 * while the guest's FSCR enables EBB: a refresh that finds it disabled
 * puts their original words back before the vcpu runs.
 */
static int restore_all(struct kvmppc_bt_vm *vm, bool forget);
static unsigned int restore_atomic(struct kvmppc_bt_vm *vm, bool ebb_only);
static bool queue_restore(struct kvmppc_bt_vm *vm, struct callback_head *cb,
			  task_work_func_t fn, enum task_work_notify_mode mode);

static bool mirror_possible(void)
{
	return kvmppc_bt_plat->mirror_values && READ_ONCE(kvmppc_bt_mirror_hooked);
}

static void mirror_twork_fn(struct callback_head *cb)
{
	struct kvmppc_bt_vm *vm = container_of(cb, struct kvmppc_bt_vm, mirror_twork);

	restore_all(vm, true);
	spin_lock_irq(&vm->lock);
	vm->mirror_ebb_restore = false;
	spin_unlock_irq(&vm->lock);
	kvmppc_bt_vm_put(vm);
	module_put(THIS_MODULE);
}

/*
 * The guest disabled EBB: put back every patched EBB read, now, in the
 * vcpu's thread before it enters.  A page that is not resident is restored
 * (with everything else) by task work that keeps the vcpu out of the guest
 * until it ran: TWA_SIGNAL ends KVM_RUN with -EINTR first.  VM locked.
 */
static void mirror_ebb_off(struct kvmppc_bt_vm *vm)
{
	if (!restore_atomic(vm, true) || vm->mirror_ebb_restore)
		return;
	if (queue_restore(vm, &vm->mirror_twork, mirror_twork_fn, TWA_SIGNAL))
		vm->mirror_ebb_restore = true;
	else
		pr_warn_ratelimited("VM %s: cannot restore its EBB reads\n", vm->name);
}

/* Write this vcpu's mirrors in its page's byte order.  Its thread, VM locked. */
static void mirror_refresh(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
	u64 vals[KVMPPC_BT_NR_MIRRORS];
	u8 *tail = (u8 *)vcpu->arch.shared + KVMPPC_BT_SH_MIRROR;
	bool be = kvmppc_shared_big_endian(vcpu);
	int i;

	kvmppc_bt_plat->mirror_values(vcpu, vals);
	for (i = 0; i < KVMPPC_BT_NR_MIRRORS; i++) {
		if (be)
			*(__be64 *)(tail + 8 * i) = cpu_to_be64(vals[i]);
		else
			*(__le64 *)(tail + 8 * i) = cpu_to_le64(vals[i]);
	}
	set_bit(vcpu->vcpu_idx, vm->mirror_done);
	if (!kvmppc_bt_plat->mirror_ebb(vals))
		mirror_ebb_off(vm);
}

/* Like want_magic, for the mirrors: true when every vcpu's are exact. */
static bool want_mirror(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, bool *kick)
{
	bool first = !vm->mirror_on;

	vm->mirror_on = true;
	mirror_refresh(vm, vcpu);
	if (every_vcpu(vm, vm->mirror_done))
		return true;
	*kick = first;
	return false;
}

/* ---- patching -------------------------------------------------------- */

static void unpatchable(struct kvmppc_bt_vm *vm, struct kvmppc_bt_site *site, int reason)
{
	site->state = KVMPPC_BT_SITE_UNPATCHABLE;
	site->reason = reason;
	if (reason < KVMPPC_BT_MAX_REASONS)
		vm->stats.unpatchable[reason]++;
	else
		vm->stats.unpatchable_resize++;
	trace_site_unpatchable(vm->name, site->ea, site->orig, reason);
}

/* A failure that may pass (translation, page not resident): retry later. */
static void transient(struct kvmppc_bt_vm *vm, struct kvmppc_bt_site *site, int reason)
{
	if (++site->retries >= KVMPPC_BT_XLATE_RETRIES)
		unpatchable(vm, site, reason);
}

/*
 * Put a patched word's original back from the vcpu's thread, where its page
 * is resident (atomic context).  Counted as restored, or as skipped when
 * the word no longer held our replacement.  Return: 0, or -EFAULT when
 * nothing could be written now (nothing counted).
 */
static int restore_word(struct kvmppc_bt_vm *vm, const struct kvmppc_bt_site *s)
{
	u32 now = kvmppc_bt_mem_word(s->repl, s->le);
	u32 orig = kvmppc_bt_mem_word(s->orig, s->le);
	int r = kvmppc_bt_write_atomic(vm->kvm, s->gpa, s->hva, now, orig);

	if (r == -EFAULT)
		return r;
	if (r) {
		vm->stats.restore_skipped++;
	} else {
		vm->stats.restored++;
		trace_site_restored(vm->name, s->ea, s->gpa, orig, now);
	}
	return 0;
}

/*
 * Write tracing: a guest page holding patched words is write-protected in
 * the shadow MMU, so that the guest's first store to it puts the originals
 * back before it lands.
 *  - Book3S PR: kvmppc_bt_shadow_map() maps it read-only; its first patched
 *    word drops the page's shadow HPTEs on every vcpu (kvmppc_mmu_pte_pflush);
 *    the store's fault comes back to kvmppc_mmu_map_page with iswrite.
 *  - e500: kvmppc_bt_shadow_tlbe() has its 4K shadow TLB entries written
 *    again, execute-only for the guest; its first patched word drops the
 *    site's shadow entry (plat->tlb_inval); the access's data storage
 *    interrupt is taken back (kvmppc_bt_booke_dsi).  A page unprotected
 *    again (its last patch gone) has every vcpu flush its shadow TLB
 *    before it next runs.
 */
bool kvmppc_bt_e500_wt;
/* Some VM has had kernel-window slots (the TLB write hook watches its EA). */
bool kvmppc_bt_e500_kw_live;

/*
 * Host frames (modulo the filter's size) of every write-protected page of
 * every VM: shadow TLB writes of any other frame return at once, without
 * looking for their VM.  Cleared when no protected page is left anywhere.
 */
DECLARE_BITMAP(kvmppc_bt_wp_filter, KVMPPC_BT_WP_FILTER);
static DEFINE_SPINLOCK(wp_lock);

/* Stale page records of all VMs (kvmppc_bt_gfn_unmapped()). */
atomic_t kvmppc_bt_stale_live = ATOMIC_INIT(0);
static unsigned int wp_live;	/* protected page records, all VMs */

static void wp_track(struct kvmppc_bt_vm *vm, u64 pfn)
{
	spin_lock(&wp_lock);
	set_bit(pfn % KVMPPC_BT_WP_FILTER, kvmppc_bt_wp_filter);
	wp_live++;
	vm->wp_pages++;
	spin_unlock(&wp_lock);
}

static void wp_untrack(struct kvmppc_bt_vm *vm, unsigned int n)
{
	unsigned long flags;

	if (!n)
		return;
	spin_lock_irqsave(&wp_lock, flags);
	wp_live -= n;
	vm->wp_pages -= n;
	if (!wp_live)
		bitmap_zero(kvmppc_bt_wp_filter, KVMPPC_BT_WP_FILTER);
	spin_unlock_irqrestore(&wp_lock, flags);
}

static bool write_tracing(void)
{
	if (kvmppc_bt_plat->flavour == KVMPPC_BT_BOOK3S)
		return READ_ONCE(kvmppc_bt_pte_pflush);
	return READ_ONCE(kvmppc_bt_e500_wt);
}

/* The region given up that holds frame @pfn, if any. */
static bool region_off(const struct kvmppc_bt_vm *vm, u64 pfn)
{
	unsigned int i;

	for (i = 0; i < vm->nr_regions; i++)
		if (vm->regions[i].off && pfn - vm->regions[i].pfn < 1ULL << vm->regions[i].order)
			return true;
	return false;
}

/*
 * e500: the host frame of @site's page is recorded (and write-protected)
 * before the page's first patched word is written.  A reason when the site
 * must not be patched: the frame cannot be recorded (no memory), or lies
 * in a large mapping that page resizing gave up.  A frame that cannot be
 * found (not resident) leaves the page unprotected, as before tracing.
 */
static int frame_reserve(struct kvmppc_bt_vm *vm, const struct kvmppc_bt_site *site)
{
	struct kvmppc_bt_page *page = kvmppc_bt_tc_page(&vm->tc, site->gpa >> 12);
	u64 pfn;

	if (kvmppc_bt_plat->flavour != KVMPPC_BT_BOOKE || !write_tracing() || !page ||
	    page->nr != 1)
		return 0;
	pfn = kvmppc_bt_hva_pfn(vm->kvm, site->hva & PAGE_MASK);
	if (!pfn)
		return 0;
	if (region_off(vm, pfn))
		return KVMPPC_BT_REASON_RESIZE;
	if (kvmppc_bt_tc_protect(&vm->tc, page, pfn))
		return KVMPPC_BT_REASON_NOMEM;
	wp_track(vm, pfn);
	vm->wp_ever = true;
	return 0;
}

static void write_protect(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
			  const struct kvmppc_bt_site *site)
{
	void (*pflush)(struct kvm_vcpu *vcpu, ulong pa_start, ulong pa_end);
	struct kvmppc_bt_page *page = kvmppc_bt_tc_page(&vm->tc, site->gpa >> 12);
	struct kvm_vcpu *v;
	unsigned long i;
	u64 gpa;

	if (!write_tracing() || !page || page->nr != 1)
		return;
	if (kvmppc_bt_plat->flavour == KVMPPC_BT_BOOKE) {
		if (page->pfn)
			kvmppc_bt_plat->tlb_inval(vcpu, site->ea);
		return;
	}
	pflush = READ_ONCE(kvmppc_bt_pte_pflush);
	gpa = site->gpa & ~(u64)(SZ_64K - 1);
	kvm_for_each_vcpu(i, v, vm->kvm)
		pflush(v, gpa, gpa + SZ_64K);
}

/* Every vcpu drops its shadow TLB before it next runs (e500). */
static void flush_shadow_tlbs(struct kvmppc_bt_vm *vm)
{
	struct kvm_vcpu *v;
	unsigned long i;

	kvm_for_each_vcpu(i, v, vm->kvm)
		kvm_make_request(KVM_REQ_TLB_FLUSH, v);
}

/*
 * Unpatch @site in the cache.  When that takes the last patch of a page
 * write-protected in e500 shadow TLBs, their read-only entries must go.
 */
static void unpatch(struct kvmppc_bt_vm *vm, struct kvmppc_bt_site *site, u8 state)
{
	const struct kvmppc_bt_page *page = NULL;
	bool wp, stale;

	if (site->state == KVMPPC_BT_SITE_PATCHED)
		page = kvmppc_bt_tc_page(&vm->tc, site->gpa >> 12);
	wp = page && page->pfn;
	stale = page && page->stale;
	kvmppc_bt_tc_unpatch(&vm->tc, site, state);
	if (kvmppc_bt_tc_page(&vm->tc, site->gpa >> 12))
		return;
	if (wp) {
		wp_untrack(vm, 1);
		flush_shadow_tlbs(vm);
	}
	if (stale) {
		vm->nr_stale--;
		atomic_dec(&kvmppc_bt_stale_live);
	}
}

/*
 * Forget every site and page; write-protected pages are unprotected.  The
 * records keep their old contents for reuse: the unlocked count's hints
 * to them go too (trap_settled()).
 */
static void reset_cache(struct kvmppc_bt_vm *vm)
{
	unsigned int i;

	if (vm->wp_ever && vm->tc.nr_pages)
		flush_shadow_tlbs(vm);
	wp_untrack(vm, vm->wp_pages);
	atomic_sub(vm->nr_stale, &kvmppc_bt_stale_live);
	vm->nr_stale = 0;
	for (i = 0; i < KVMPPC_BT_SETTLED; i++)
		WRITE_ONCE(vm->settled[i], NULL);
	kvmppc_bt_tc_reset(&vm->tc);
	vm->nr_xo = 0;
	vm->xo_full = false;
	vm->nr_regions = 0;
}

/*
 * The guest stores to (e500: or reads) a page holding patched words: put
 * every original word of [gpa, gpa + size) back, now, so that the access
 * finds the guest's own instructions.  Its sites are counted anew.  False
 * when a word could not be written here (page not resident): the page
 * stays protected and the access faults again.
 */
static bool unprotect(struct kvmppc_bt_vm *vm, u64 gpa, u64 size)
{
	bool done = true;
	u64 gfn;

	for (gfn = gpa >> 12; gfn < (gpa + size) >> 12; gfn++) {
		struct kvmppc_bt_page *page = kvmppc_bt_tc_page(&vm->tc, gfn);

		while (page && page->nr) {
			struct kvmppc_bt_site *s = kvmppc_bt_tc_site(&vm->tc, page->first);
			bool last = page->nr == 1;

			if (restore_word(vm, s)) {
				done = false;
				break;
			}
			unpatch(vm, s, KVMPPC_BT_SITE_COUNTING);
			s->hits = 0;
			if (last)
				break;		/* the page record is gone */
		}
	}
	return done;
}

#ifdef KVMPPC_BT_HAVE_PR
/**
 * kvmppc_bt_shadow_map() - Book3S PR is about to map a guest page in its
 *	shadow MMU
 * @vcpu: in its thread (atomic context)
 * @gpa: the guest real address
 * @size: the size of the guest page (4K or 64K)
 * @iswrite: the fault is a store
 * @may_write: the guest's own permission to store
 *
 * Return: KVMPPC_BT_MAP_RO to map the page read-only (it holds patched
 * words), KVMPPC_BT_MAP_NONE when KVM must not map it at all: it would
 * serve the magic page to our word run in guest user mode (real mode,
 * where PR does not check MSR[PR]; kvmppc_bt_user_fault() put the original
 * back), else KVMPPC_BT_MAP_AS_IS.
 */
int kvmppc_bt_shadow_map(struct kvm_vcpu *vcpu, u64 gpa, u64 size, bool iswrite,
			 bool may_write)
{
	u64 mp = vcpu->arch.magic_page_pa & KVM_PAM & ~0xfffULL;
	int ret = KVMPPC_BT_MAP_AS_IS;
	struct kvmppc_bt_vm *vm;
	unsigned long flags;
	u64 gfn;

	if (mp && (gpa & KVM_PAM & ~0xfffULL) == mp)
		return kvmppc_bt_user_fault(vcpu) ? KVMPPC_BT_MAP_NONE : KVMPPC_BT_MAP_AS_IS;
	if (!write_tracing() || !may_write)
		return ret;
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (!vm || !READ_ONCE(vm->tc.nr_patched))
		goto out;
	gpa &= ~(size - 1);
	spin_lock_irqsave(&vm->lock, flags);
	for (gfn = gpa >> 12; gfn < (gpa + size) >> 12 && !vm->dead; gfn++) {
		if (!kvmppc_bt_tc_page(&vm->tc, gfn))
			continue;
		if (!iswrite || !unprotect(vm, gpa, size)) {
			ret = KVMPPC_BT_MAP_RO;
			break;
		}
		vm->stats.write_faults++;
		break;
	}
	spin_unlock_irqrestore(&vm->lock, flags);
out:
	rcu_read_unlock();
	return ret;
}
#else
int kvmppc_bt_shadow_map(struct kvm_vcpu *vcpu, u64 gpa, u64 size, bool iswrite,
			 bool may_write)
{
	return KVMPPC_BT_MAP_AS_IS;
}
#endif

#ifdef KVMPPC_BT_HAVE_E500
/**
 * kvmppc_bt_wp_maybe_range() - might frames [@pfn, @pfn + @n) hold a
 *	write-protected page?  Lock-free (the filter).
 * @pfn: first host frame
 * @n: number of frames
 */
bool kvmppc_bt_wp_maybe_range(u64 pfn, u64 n)
{
	unsigned long lo = pfn % KVMPPC_BT_WP_FILTER, hi;

	if (n >= KVMPPC_BT_WP_FILTER)
		return !bitmap_empty(kvmppc_bt_wp_filter, KVMPPC_BT_WP_FILTER);
	hi = lo + n;
	if (hi <= KVMPPC_BT_WP_FILTER)
		return find_next_bit(kvmppc_bt_wp_filter, hi, lo) < hi;
	hi -= KVMPPC_BT_WP_FILTER;
	return find_next_bit(kvmppc_bt_wp_filter, KVMPPC_BT_WP_FILTER, lo) < KVMPPC_BT_WP_FILTER ||
	       find_first_bit(kvmppc_bt_wp_filter, hi) < hi;
}

/*
 * The host can change the frame behind a protected guest page: the VMM
 * punches the page out of guest RAM and writes it again, pages migrate,
 * KSM merges.  KVM's MMU notifier then drops every e500 shadow entry
 * (kvm_unmap_gfn_range(), kvm_set_spte_gfn(); our kprobes run first).  The
 * page's frame is forgotten ("stale") and looked up again (GUP-fast, the
 * VMM's page table) whenever KVM writes a shadow entry for the VM, which
 * it must do before the guest reaches that page again: the new frame is
 * protected before it is mapped.  Until then every shadow entry write
 * passes the probe (kvmppc_bt_stale_live).
 */

struct gfn_range {
	struct kvmppc_bt_vm *vm;
	u64 start, end;
};

static void page_unmapped(struct kvmppc_bt_page *page, void *arg)
{
	struct gfn_range *r = arg;

	if (!page->pfn || page->gfn < r->start || page->gfn >= r->end)
		return;
	kvmppc_bt_tc_unprotect(&r->vm->tc, page);
	wp_untrack(r->vm, 1);
	page->stale = true;
	r->vm->nr_stale++;
	atomic_inc(&kvmppc_bt_stale_live);
}

/**
 * kvmppc_bt_gfn_unmapped() - the host unmaps guest frames [@start, @end)
 *	of @kvm (e500; KVM's MMU notifier, kvm->mmu_lock held)
 * @kvm: the VM
 * @start: first guest frame
 * @end: guest frame after the last
 */
void kvmppc_bt_gfn_unmapped(struct kvm *kvm, u64 start, u64 end)
{
	struct kvmppc_bt_vm *vm;
	struct gfn_range r;
	unsigned long flags;

	rcu_read_lock();
	vm = lookup(kvm);
	if (vm && READ_ONCE(vm->wp_pages)) {
		spin_lock_irqsave(&vm->lock, flags);
		r = (struct gfn_range){ vm, start, end };
		if (!vm->dead)
			kvmppc_bt_tc_each_page(&vm->tc, page_unmapped, &r);
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
}

static void page_rekey(struct kvmppc_bt_page *page, void *arg)
{
	struct kvmppc_bt_vm *vm = arg;
	const struct kvmppc_bt_site *s;
	u64 pfn;

	if (!page->stale)
		return;
	s = kvmppc_bt_tc_site(&vm->tc, page->first);
	pfn = kvmppc_bt_hva_pfn(vm->kvm, s->hva & PAGE_MASK);
	if (!pfn || kvmppc_bt_tc_protect(&vm->tc, page, pfn))
		return;
	page->stale = false;
	vm->nr_stale--;
	atomic_dec(&kvmppc_bt_stale_live);
	wp_track(vm, pfn);
}

/* Note an execute-only piece [@pfn, @pfn + 2^@order); false when full. */
static bool xo_note(struct kvmppc_bt_vm *vm, u64 pfn, u32 order)
{
	unsigned int i;

	for (i = 0; i < vm->nr_xo; i++)
		if (vm->xo[i].pfn == pfn && vm->xo[i].order == order)
			return true;
	if (vm->nr_xo == KVMPPC_BT_XO) {
		vm->xo_full = true;
		return false;
	}
	vm->xo[vm->nr_xo++] = (struct kvmppc_bt_xo){ pfn, order };
	return true;
}

/* Is @pfn in an execute-only piece written since the last reset? */
static bool xo_holds(const struct kvmppc_bt_vm *vm, u64 pfn)
{
	unsigned int i;

	for (i = 0; i < vm->nr_xo; i++)
		if (pfn - vm->xo[i].pfn < 1ULL << vm->xo[i].order)
			return true;
	return false;
}

/*
 * Adaptive page resizing pays with TLB misses: every piece is a TLB1 entry,
 * and e500v2 has 16 of them (the host's own and the magic page's among
 * them).  A large mapping whose pieces keep being written, more than
 * split_budget of them faster than one per SPLIT_TRAPS traps of its VM, is
 * given up: the patches of its pages are put back, their sites stay
 * trapping (reason "resize"), and its pages are not patched again until
 * the cache is reset; the mapping is whole again.
 */
#define SPLIT_TRAPS	64

/*
 * Put back every patch of the pages in region @r; their sites become
 * unpatchable.  False when a word could not be written here (the mapping
 * is split this time and the region tried again at its next piece).
 */
static bool region_give_up(struct kvmppc_bt_vm *vm, struct kvmppc_bt_region *r)
{
	struct kvmppc_bt_page *page;

	while ((page = kvmppc_bt_tc_page_in(&vm->tc, r->pfn, 1ULL << r->order))) {
		struct kvmppc_bt_site *s = kvmppc_bt_tc_site(&vm->tc, page->first);

		if (restore_word(vm, s))
			return false;
		unpatch(vm, s, KVMPPC_BT_SITE_COUNTING);
		unpatchable(vm, s, KVMPPC_BT_REASON_RESIZE);
	}
	r->off = true;
	return true;
}

/*
 * A piece of the large mapping [@pfn, @pfn + 2^@order) is to be written
 * (VM locked): true when the mapping is given up instead (and stays whole).
 */
static bool region_split(struct kvmppc_bt_vm *vm, u64 pfn, u32 order)
{
	u32 budget = READ_ONCE(kvmppc_bt_split_budget);
	struct kvmppc_bt_region *r = NULL;
	unsigned int i;
	u64 now;

	kvmppc_bt_vm_fold_stats(vm);
	now = vm->stats.traps;

	for (i = 0; i < vm->nr_regions && !r; i++)
		if (vm->regions[i].pfn == pfn && vm->regions[i].order == order)
			r = &vm->regions[i];
	if (!r && vm->nr_regions < KVMPPC_BT_REGIONS) {
		r = &vm->regions[vm->nr_regions++];
		*r = (struct kvmppc_bt_region){ .pfn = pfn, .order = order, .since = now };
	}
	if (!r) {
		/* No room to watch it: give its patches up at once. */
		struct kvmppc_bt_region tmp = { .pfn = pfn, .order = order };

		return region_give_up(vm, &tmp);
	}
	if (++r->splits <= budget)
		return false;
	if (now - r->since >= (u64)r->splits * SPLIT_TRAPS) {
		r->splits = 0;		/* slow enough: a new window */
		r->since = now;
		return false;
	}
	return region_give_up(vm, r);
}

/**
 * kvmppc_bt_shadow_tlbe() - e500 KVM just wrote a shadow TLB entry
 * @vcpu: in its thread (atomic context)
 * @ea: the guest EA KVM mapped it for, if known (kvmppc_mmu_map()), else
 *	any address; one outside the entry counts as its first
 * @mas1: the entry's MAS1 (size), rewritten when it must be written again
 * @mas2: its MAS2 (EPN, attributes), likewise
 * @mas7_3: its MAS7||MAS3 (host frame, permissions), likewise
 *
 * The guest runs in host user mode: its permissions are the entry's user
 * ones (the supervisor ones are the host's own, for KVM's exit path).
 *  - A 4K entry of a write-protected page loses the guest's read and write
 *    permissions: the guest may then only execute the page (read and write
 *    tracing).
 *  - A larger entry (guest RAM backed by hugetlbfs; TLB1) that holds a
 *    write-protected frame is resized (adaptive page resizing): it becomes
 *    the piece around @ea that kvmppc_bt_tc_piece() gives, execute-only
 *    when it holds protected frames.  A data access that faults in such a
 *    piece, on a frame not protected, makes that frame a data frame
 *    (kvmppc_bt_booke_dsi()), which parts the pieces further.  The other
 *    pieces fault in later, each into its own TLB1 entry (@split_maps
 *    counts the entries written smaller than KVM's).  Once the region holds
 *    no patched page its entries are flushed (unpatch()), and KVM maps it
 *    whole again.
 * Return: true when the entry must be written again as changed.
 */
bool kvmppc_bt_shadow_tlbe(struct kvm_vcpu *vcpu, u64 ea, u32 *mas1, u64 *mas2, u64 *mas7_3)
{
	u32 tsize = (*mas1 & MAS1_TSIZE_MASK) >> MAS1_TSIZE_SHIFT;
	u64 pfn = *mas7_3 >> PAGE_SHIFT, base = *mas2 & MAS2_EPN, off, at;
	u32 order, piece;
	struct kvmppc_bt_vm *vm;
	unsigned long flags;
	bool xonly = false;

	if (!(*mas7_3 & (MAS3_UW | MAS3_UR)) || !pfn || tsize < BOOK3E_PAGESZ_4K ||
	    tsize > BOOK3E_PAGESZ_4GB || !write_tracing())
		return false;
	order = (tsize - BOOK3E_PAGESZ_4K) & ~1u;
	piece = order;
	if (ea - base >= (u64)SZ_4K << order)
		ea = base;
	off = (ea - base) & PAGE_MASK;
	at = pfn + (off >> PAGE_SHIFT);
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (vm && READ_ONCE(vm->tc.nr_patched)) {
		spin_lock_irqsave(&vm->lock, flags);
		if (!vm->dead) {
			if (vm->nr_stale)
				kvmppc_bt_tc_each_page(&vm->tc, page_rekey, vm);
			piece = kvmppc_bt_tc_piece(&vm->tc, pfn, order, at, !vm->xo_full, &xonly);
			if (xonly && piece &&
			    !xo_note(vm, at & ~((1ULL << piece) - 1), piece))
				piece = kvmppc_bt_tc_piece(&vm->tc, pfn, order, at, false, &xonly);
			if (piece != order && region_split(vm, pfn, order)) {
				piece = order;		/* given up: whole */
				xonly = false;
			}
			if (piece != order)
				vm->stats.split_maps++;
		}
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
	if (piece == order && !xonly)
		return false;
	if (piece != order) {
		off &= ~(((u64)SZ_4K << piece) - 1);
		*mas1 = (*mas1 & ~MAS1_TSIZE_MASK) | MAS1_TSIZE(BOOK3E_PAGESZ_4K + piece);
		*mas2 += off;
		*mas7_3 += off;
	}
	if (xonly)
		*mas7_3 &= ~(u64)(MAS3_UW | MAS3_UR);
	return true;
}

/*
 * A data access faulted on frame @gpa, not protected, in an execute-only
 * piece of a large mapping: it becomes a data frame (the pieces around it
 * hold no protected frame from now on) and every vcpu drops its shadow
 * TLB.  When no more data frames can be kept, the VM's large mappings are
 * split around protected frames only.  Return: the access was ours.
 */
static bool xo_fault(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, u64 gpa)
{
	unsigned long hva;
	u64 pfn;
	int idx;

	if (!vm->nr_xo || kvmppc_bt_tc_page(&vm->tc, gpa >> PAGE_SHIFT))
		return false;
	idx = srcu_read_lock(&vcpu->kvm->srcu);
	hva = kvm_vcpu_gfn_to_hva(vcpu, gpa >> PAGE_SHIFT);
	srcu_read_unlock(&vcpu->kvm->srcu, idx);
	if (kvm_is_error_hva(hva))
		return false;
	pfn = kvmppc_bt_hva_pfn(vm->kvm, hva);
	if (!pfn || !xo_holds(vm, pfn) || kvmppc_bt_tc_is_data(&vm->tc, pfn))
		return false;
	if (kvmppc_bt_tc_data(&vm->tc, pfn))
		vm->xo_full = true;
	vm->stats.resize_faults++;
	flush_shadow_tlbs(vm);
	return true;
}

/*
 * A data access of the guest hit the kernel window (e500), which only
 * executes: the window goes from this CPU's TLB (it was there, so no other
 * entry over its address is), the interrupt KVM queues is dropped, and the
 * access runs again to find what stock KVM gives it (the guest's own
 * mapping, or a miss).  False when no window of this vcpu was there.
 */
static bool kwindow_dsi(struct kvm_vcpu *vcpu)
{
	unsigned long page = vcpu->arch.queued_dear & PAGE_MASK;
	unsigned int p = (page - KVMPPC_BT_E500_KWINDOW_EA) >> PAGE_SHIFT;
	struct kvmppc_bt_vm *vm;
	struct page *code;
	bool ours = false;

	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	code = vm ? READ_ONCE(vm->kw_pages[p]) : NULL;
	if (code && kvmppc_bt_e500_kw_clear(page, -1, page_to_phys(code))) {
		set_bit(vcpu->vcpu_idx, vm->dsi_taken);
		kvm_make_request(KVMPPC_BT_REQ, vcpu);
		ours = true;
	}
	rcu_read_unlock();
	return ours;
}

/**
 * kvmppc_bt_booke_dsi() - e500 KVM queues a data storage interrupt
 * @vcpu: in its thread, before the interrupt is delivered
 *
 * A load or store of a protected page (execute-only for the guest): its
 * originals are put back and the interrupt is dropped before the vcpu's
 * next entry, so the guest re-runs its access, which then reads or writes
 * its own words (the page's protected shadow entries are flushed).  An
 * access to another page in an execute-only piece of a large mapping
 * (page resizing, xo_fault()) is dropped and re-run too, as is one that
 * faulted on a protected entry left from a page unprotected meanwhile (a
 * flush of the vcpu's shadow TLB is pending).  Any other is the guest's
 * own.
 */
void kvmppc_bt_booke_dsi(struct kvm_vcpu *vcpu)
{
	bool store = vcpu->arch.queued_esr & ESR_ST;
	struct kvmppc_bt_vm *vm;
	struct kvmppc_pte pte;
	unsigned long flags;
	bool ours = false;

	if (unlikely(READ_ONCE(kvmppc_bt_e500_kw_live)) &&
	    vcpu->arch.queued_dear - KVMPPC_BT_E500_KWINDOW_EA < KVMPPC_BT_E500_KWINDOW_SIZE &&
	    kwindow_dsi(vcpu))
		return;
	if (!write_tracing())
		return;
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (!vm || !READ_ONCE(vm->wp_ever))
		goto out;
	spin_lock_irqsave(&vm->lock, flags);
	if (vm->dead)
		goto unlock;
	if (!kvmppc_bt_kvmppc_xlate(vcpu, vcpu->arch.queued_dear, XLATE_DATA,
				    store ? XLATE_WRITE : XLATE_READ, &pte)) {
		struct kvmppc_bt_page *page = kvmppc_bt_tc_page(&vm->tc, pte.raddr >> 12);

		if (page && page->pfn && unprotect(vm, pte.raddr & ~0xfffULL, 0x1000)) {
			if (store)
				vm->stats.write_faults++;
			else
				vm->stats.read_faults++;
			ours = true;
		} else if (!page) {
			ours = xo_fault(vm, vcpu, pte.raddr);
		}
	}
	ours = ours || kvm_test_request(KVM_REQ_TLB_FLUSH, vcpu);
	if (ours) {
		set_bit(vcpu->vcpu_idx, vm->dsi_taken);
		kvm_make_request(KVMPPC_BT_REQ, vcpu);
	}
unlock:
	spin_unlock_irqrestore(&vm->lock, flags);
out:
	rcu_read_unlock();
}
#endif

/* ---- translated blocks ------------------------------------------------ */

/*
 * An e500 wrtee/wrteei or a Book3S mtmsrd rS,1 site becomes "ba slot": a
 * branch into the window, slots of host code in the free tail of the magic
 * page (block.c builds them; docs/design.md has the safety argument).  The
 * window is the magic page's own mapping: KVM-PR maps it executable for the
 * guest supervisor; on e500 KVM installs it for supervisor accesses in
 * address space 0 (kvmppc_map_magic) and the hooks add user execute
 * permission to it for VMs that have slots.  Every guest exit taken with
 * the PC in a slot is undone here before KVM handles it
 * (kvmppc_bt_block_exit), so that neither KVM, the VMM nor the guest's
 * interrupt handlers ever see a PC in the window.
 */
bool kvmppc_bt_blocks_hooked;	/* KVM's kvm_exit (and e500's symbols) are there */
/* PR: the delivery hook that takes a PC left in the window back is there. */
/* PR: the callbacks the kernel window wraps, and PR's map_segment, are resolved. */
bool kvmppc_bt_kwindow_hooked;

static void pending(struct kvmppc_bt_vm *vm, struct kvmppc_bt_site *site);

static void kwindow_conflict(struct kvmppc_bt_vm *vm);
#ifdef KVMPPC_BT_HAVE_PR
static void kwindow_wrap(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu);
static void kwindow_preload(struct kvm_vcpu *vcpu);

/* Has the guest a segment (SLB entry) of its own at @ea? */
static bool guest_segment(struct kvm_vcpu *vcpu, u64 ea)
{
	const struct kvmppc_slb *e;
	int i;

	for (i = 0; i < vcpu->arch.slb_nr && i < ARRAY_SIZE(vcpu->arch.slb); i++) {
		e = &vcpu->arch.slb[i];
		if (e->valid && e->esid == (e->tb ? GET_ESID_1T(ea) : GET_ESID(ea)))
			return true;
	}
	return false;
}
#endif

/*
 * May a site out of the magic page's reach get a slot in the kernel window?
 * Not when the guest maps that address itself (Book3S: a segment; e500: a
 * TLB entry where it is now): that takes the window away from the whole VM
 * (reason "window").
 */
static bool kwindow_possible(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
#ifdef KVMPPC_BT_HAVE_E500
	unsigned int p;
#endif
	bool own;

	if (vm->kwindow_conflict)
		return false;
#ifdef KVMPPC_BT_HAVE_PR
	if (!READ_ONCE(kvmppc_bt_kwindow_hooked))
		return false;
	own = guest_segment(vcpu, KVMPPC_BT_KWINDOW_EA);
#else
	if (kvmppc_bt_guest_msr(vcpu) & (MSR_IS | MSR_PR))
		return false;
	for (own = false, p = 0; p < KVMPPC_BT_E500_KW_PAGES && !own; p++)
		own = kvmppc_bt_itlb_index(vcpu, KVMPPC_BT_E500_KWINDOW_EA + p * PAGE_SIZE) >= 0;
#endif
	if (own)
		kwindow_conflict(vm);
	return !own;
}

/*
 * The block for @site in the next free slot, of the magic page's window or
 * the kernel window (*@n: its number there).  A full window: reason
 * "window".  Book3S maps the magic page twice, so both windows share one
 * numbering; e500's kernel window has its own pages and slots.
 */
static int block_new(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
		     const struct kvmppc_bt_site *site, struct kvmppc_bt_slot *s, unsigned int *n)
{
	u8 flavour = kvmppc_bt_plat->flavour;
	bool mode64 = flavour == KVMPPC_BT_BOOK3S;
	unsigned int kn = mode64 ? vm->nr_slots : vm->nr_kslots;
	unsigned int kmax = mode64 ? KVMPPC_BT_WINDOW_SLOTS : KVMPPC_BT_E500_KW_SLOTS;
	int r;

	*s = (struct kvmppc_bt_slot){ .site_ea = site->ea, .orig = site->orig };
	*n = vm->nr_slots;
	r = kvmppc_bt_block_gen(flavour, site->orig,
				slot_ea(min_t(unsigned int, *n, KVMPPC_BT_WINDOW_SLOTS - 1), false),
				site->ea, &s->b);
	if (!r && *n == KVMPPC_BT_WINDOW_SLOTS)
		return KVMPPC_BT_REASON_WINDOW;
	if (r == KVMPPC_BT_REASON_FAR && kwindow_possible(vm, vcpu)) {
		if (kn == kmax)
			return KVMPPC_BT_REASON_WINDOW;
		s->kernel = true;
		*n = kn;
		r = kvmppc_bt_block_gen(flavour, site->orig, slot_ea(kn, true), site->ea, &s->b);
	}
	if (!r && kvmppc_bt_block_branch(site->ea, slot_ea(*n, s->kernel), mode64, &s->enter))
		r = KVMPPC_BT_REASON_FAR;
	if (r == KVMPPC_BT_REASON_FAR && vm->kwindow_conflict)
		r = KVMPPC_BT_REASON_WINDOW;
	return r;
}

/* e500: slot @s of @site is in the kernel window's own pages. */
static bool e500_kslot(const struct kvmppc_bt_slot *s)
{
	return s->kernel && kvmppc_bt_plat->flavour == KVMPPC_BT_BOOKE;
}

/* The slot @site had (its patch was undone since), or NULL; *@n: its number. */
static struct kvmppc_bt_slot *slot_find(struct kvmppc_bt_vm *vm,
					const struct kvmppc_bt_site *site, unsigned int *n)
{
	struct kvmppc_bt_slot *s;

	for (*n = 0; *n < vm->nr_slots; (*n)++)
		if (vm->slots[*n].site_ea == site->ea && vm->slots[*n].orig == site->orig)
			return &vm->slots[*n];
	for (*n = 0; *n < vm->nr_kslots; (*n)++) {
		s = kslot(vm, *n);
		if (s->site_ea == site->ea && s->orig == site->orig)
			return s;
	}
	return NULL;
}

/*
 * Room for the new slot @n (e500 kernel window: its page of code and of
 * records); false when memory is short now.
 */
static bool slot_room(struct kvmppc_bt_vm *vm, const struct kvmppc_bt_slot *new, unsigned int n)
{
	unsigned int p = n / KVMPPC_BT_E500_KW_PAGE_SLOTS;

	if (!e500_kslot(new)) {
		if (!vm->slots)
			vm->slots = tc_alloc(KVMPPC_BT_WINDOW_SLOTS * sizeof(*vm->slots));
		return vm->slots;
	}
	if (!vm->kslots[p])
		vm->kslots[p] = tc_alloc(KVMPPC_BT_E500_KW_PAGE_SLOTS * sizeof(*new));
	if (!vm->kw_pages[p])
		vm->kw_pages[p] = alloc_page(GFP_ATOMIC | __GFP_NOWARN | __GFP_ZERO);
	return vm->kslots[p] && vm->kw_pages[p];
}

/*
 * Give @site its slot (the one it had, if it was patched before), written
 * into every vcpu's magic page before the site's word can branch to it.
 * False, with the site's state set, when it cannot have one.
 */
static bool block_slot(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
		       struct kvmppc_bt_site *site)
{
	bool le = kvmppc_bt_plat->insn_le(vcpu), write;
	struct kvmppc_bt_slot new;
	struct kvmppc_bt_slot *s;
	struct kvm_vcpu *v;
	unsigned long i;
	unsigned int n;
	int r;

	if (!READ_ONCE(kvmppc_bt_blocks_hooked) || vm->window_conflict) {
		unpatchable(vm, site, KVMPPC_BT_REASON_WINDOW);
		return false;
	}
	s = slot_find(vm, site, &n);
	if (!s) {
		r = block_new(vm, vcpu, site, &new, &n);
		if (r) {
			unpatchable(vm, site, r);
			return false;
		}
		/* The exit hook first (blocks=auto): the site waits, trapping. */
		if (!READ_ONCE(kvmppc_bt_blocks_live)) {
			kvmppc_bt_blocks_start();
			pending(vm, site);
			return false;
		}
		if (!slot_room(vm, &new, n)) {
			transient(vm, site, KVMPPC_BT_REASON_NOMEM);
			return false;
		}
		if (e500_kslot(&new)) {
			s = kslot(vm, n);
			vm->nr_kslots++;
		} else {
			s = &vm->slots[n];
			/* An e500 magic-page mapping made before the first slot cannot execute. */
			if (!n && kvmppc_bt_plat->flavour == KVMPPC_BT_BOOKE)
				flush_shadow_tlbs(vm);
			vm->nr_slots++;
		}
		*s = new;
		if (new.kernel && !vm->kwindow) {
			WRITE_ONCE(vm->kwindow, true);
#ifdef KVMPPC_BT_HAVE_PR
			kvm_for_each_vcpu(i, v, vm->kvm)
				kwindow_wrap(vm, v);
#else
			/* From now on the TLB write hook keeps the window alone. */
			WRITE_ONCE(kvmppc_bt_e500_kw_live, true);
#endif
		}
		write = true;
	} else {
		/* The guest took the kernel window away since. */
		if (s->kernel && vm->kwindow_conflict) {
			unpatchable(vm, site, KVMPPC_BT_REASON_WINDOW);
			return false;
		}
		/* The guest changed byte order since (Book3S): the same code, swapped. */
		write = s->le != le;
	}
	if (write) {
		s->le = le;
		if (e500_kslot(s)) {
			block_write((unsigned long)page_address(kslot_code(vm, n)) +
				    offset_in_page(slot_ea(n, true)), s);
		} else {
			kvm_for_each_vcpu(i, v, vm->kvm)
				slot_write(v, s, n);
		}
	}
	site->repl = s->enter;
	return true;
}

/*
 * The window cannot run where the guest is (user mode; e500: address space
 * 1, its own code at the window's address): put back the original of the
 * site whose branch led there.  Atomic, vcpu thread, VM locked.
 */
static void block_refused(struct kvmppc_bt_vm *vm, const struct kvmppc_bt_slot *s, int reason)
{
	struct kvmppc_bt_site *site;

	site = kvmppc_bt_tc_find_patched(&vm->tc, s->site_ea, s->enter);
	if (!site)
		return;
	if (restore_word(vm, site)) {
		pr_warn_ratelimited("VM %s: cannot put back the word at %#llx\n",
				    vm->name, site->ea);
		return;
	}
	unpatch(vm, site, KVMPPC_BT_SITE_COUNTING);
	unpatchable(vm, site, reason);
}

/*
 * The guest maps the kernel window's address itself (a segment; e500: a
 * TLB entry): its sites go back to their originals, and the VM gets no
 * more kernel-window blocks (the magic page's window stays).  On e500 every
 * vcpu then flushes its shadow TLB before it next runs: that takes the
 * window out of every CPU's TLB for good (new shadow PIDs).
 */
static void kwindow_conflict(struct kvmppc_bt_vm *vm)
{
	unsigned int n;

	WRITE_ONCE(vm->kwindow_conflict, true);
	for (n = 0; n < vm->nr_slots; n++)
		if (vm->slots[n].kernel)
			block_refused(vm, &vm->slots[n], KVMPPC_BT_REASON_WINDOW);
	for (n = 0; n < vm->nr_kslots; n++)
		block_refused(vm, kslot(vm, n), KVMPPC_BT_REASON_WINDOW);
	if (kvmppc_bt_plat->flavour == KVMPPC_BT_BOOKE)
		flush_shadow_tlbs(vm);
}

#ifdef KVMPPC_BT_HAVE_E500
/* The guest maps code at the window's address itself: no more blocks. */
static void window_conflict(struct kvmppc_bt_vm *vm)
{
	unsigned int n;

	vm->window_conflict = true;
	for (n = 0; n < vm->nr_slots; n++)
		block_refused(vm, &vm->slots[n], KVMPPC_BT_REASON_WINDOW);
}

/*
 * An instruction miss or storage exit at @pc in slot @s (e500): may the
 * window be mapped for execution where the guest is?  Guest supervisor mode
 * in address space 0 (the magic page's mapping), and no guest TLB entry of
 * its own there (which takes that window away from the VM).
 */
static bool window_here(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, unsigned long pc,
			const struct kvmppc_bt_slot *s)
{
	if (kvmppc_bt_guest_msr(vcpu) & MSR_IS) {
		block_refused(vm, s, KVMPPC_BT_REASON_WINDOW);
		return false;
	}
	if (kvmppc_bt_itlb_index(vcpu, pc) >= 0) {
		if (s->kernel)
			kwindow_conflict(vm);
		else
			window_conflict(vm);
		return false;
	}
	return true;
}

/**
 * kvmppc_bt_kwindow_mapped() - KVM just wrote a guest entry over the e500
 *	kernel window's EA, for @vcpu's current context (the window is out
 *	of this CPU's TLB already)
 * @vcpu: the vcpu, in its thread
 * @mas7_3: the entry's permissions
 *
 * One that guest supervisor mode executes through (user execute in the
 * shadow entry of a supervisor context: the guest's SX) holds the guest's
 * own code at that address: its VM's kernel-window sites go back before it
 * runs on, or their branches would run the guest's page.  Any other (data)
 * entry makes the next branch to a slot fault, and that exit looks
 * (window_here()).
 */
void kvmppc_bt_kwindow_mapped(struct kvm_vcpu *vcpu, u64 mas7_3)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;

	if (!(mas7_3 & MAS3_UX) || (kvmppc_bt_guest_msr(vcpu) & MSR_PR))
		return;
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (vm && READ_ONCE(vm->kwindow) && !READ_ONCE(vm->kwindow_conflict)) {
		spin_lock_irqsave(&vm->lock, flags);
		if (!vm->dead && !vm->kwindow_conflict)
			kwindow_conflict(vm);
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
}

/*
 * The kernel window's page at @pc (e500), of host frame @pa, mapped on this
 * CPU for @vcpu's current context.
 */
static void kwindow_map(struct kvm_vcpu *vcpu, unsigned long pc, u64 pa)
{
	kvmppc_bt_e500_kw_map(pc & PAGE_MASK, vcpu->arch.shadow_pid1, pa);
}

/* A block's scratch field @i as the guest stored it (32-bit, big-endian). */
static unsigned long scratch_value(struct kvm_vcpu *vcpu, unsigned int i)
{
	u32 *f = i ? (u32 *)&vcpu->arch.shared->scratch2 : (u32 *)&vcpu->arch.shared->scratch1;

	return READ_ONCE(f[1]);
}
#else
/* A block's scratch field @i as the guest stored it (u64, the page's order). */
static unsigned long scratch_value(struct kvm_vcpu *vcpu, unsigned int i)
{
	struct kvm_vcpu_arch_shared *sh = vcpu->arch.shared;
	u64 raw = i ? READ_ONCE(sh->scratch2) : READ_ONCE(sh->scratch1);

	if (kvmppc_shared_big_endian(vcpu))
		return be64_to_cpu((__force __be64)raw);
	return le64_to_cpu((__force __le64)raw);
}
#endif

/*
 * A supervisor fetch fault at a slot's first word (Book3S PR): PR maps the
 * window page itself, at the PC, so the vcpu stays there for this exit.
 * Our request puts it back on the site before its next entry, ahead of
 * any interrupt delivery (kvmppc_prepare_to_enter() checks requests
 * first), and the site's branch then finds the page: no interrupt is ever
 * delivered with the PC in a slot.
 */
static void rewind_later(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;

	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (vm) {
		set_bit(vcpu->vcpu_idx, vm->fetch_rewind);
		kvm_make_request(KVMPPC_BT_REQ, vcpu);
	}
	rcu_read_unlock();
}

/**
 * kvmppc_bt_block_exit() - a guest exit, before KVM handles it
 * @vcpu: the vcpu, in its thread (atomic context)
 * @exit: KVMPPC_BT_EXIT_*
 *
 * With the PC inside a slot: put the vcpu back on the site (the block's
 * effect not yet published) or on its successor (published), with the
 * block's scratch registers restored.  A trap at the block's conditional
 * trap (an interrupt pending) has KVM emulate the original at the site.
 * An instruction fetch fault in a slot: in guest user mode the site's
 * original is put back (it raises its program check there, as on stock);
 * in supervisor mode KVM-PR maps the magic page itself (the vcpu is left
 * at the slot's first word, where nothing has run yet, until our request
 * puts it back on the site before its next entry: rewind_later()), e500
 * has us map it (the vcpu goes back to the site).
 */
void kvmppc_bt_block_exit(struct kvm_vcpu *vcpu, int exit)
{
	unsigned long pc = kvmppc_get_pc(vcpu), off = pc & 0xfff;
	bool e500 = kvmppc_bt_plat->flavour == KVMPPC_BT_BOOKE, map = false;
	bool user = kvmppc_bt_guest_msr(vcpu) & MSR_PR, conflict = false;
	struct kvmppc_bt_fixup f;
	struct kvmppc_bt_slot *s;
	struct kvmppc_bt_vm *vm;
	unsigned long flags, delta = 0;
	unsigned int n, i;
	bool kwin = false;
#ifdef KVMPPC_BT_HAVE_E500
	u64 kmap = 0;

	/* e500's kernel window: pages of slots of its own. */
	kwin = pc - KVMPPC_BT_E500_KWINDOW_EA < KVMPPC_BT_E500_KWINDOW_SIZE;
	if (kwin)
		off = pc - KVMPPC_BT_E500_KWINDOW_EA + KVMPPC_BT_WINDOW_OFF;
#endif

	if (!vcpu->arch.magic_page_pa || !kvmppc_bt_in_window(vcpu, pc) ||
	    off < KVMPPC_BT_WINDOW_OFF)
		return;
#ifdef KVMPPC_BT_HAVE_PR
	/* The guest's own segment at the kernel window: its code, not ours. */
	conflict = (pc & ~0xfffUL) == KVMPPC_BT_KWINDOW_EA && guest_segment(vcpu, pc);
#endif
	if (exit == KVMPPC_BT_EXIT_FETCH && !user && !e500 && !conflict) {
		rewind_later(vcpu);
		return;
	}
	off -= KVMPPC_BT_WINDOW_OFF;
	n = off / KVMPPC_BT_BLOCK_BYTES;
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (!vm)
		goto out;
	spin_lock_irqsave(&vm->lock, flags);
	/* Not one of our slots: the guest's own code in its magic page. */
	if (vm->dead || n >= (kwin ? vm->nr_kslots : vm->nr_slots))
		goto unlock;
	s = kwin ? kslot(vm, n) : &vm->slots[n];
	kvmppc_bt_block_fixup(&s->b, (off % KVMPPC_BT_BLOCK_BYTES) / 4, &f);
	for (i = 0; i < ARRAY_SIZE(s->b.regs); i++)
		if (f.restore & BIT(i))
			kvmppc_set_gpr(vcpu, s->b.regs[i], scratch_value(vcpu, i));
#ifdef KVMPPC_BT_HAVE_PR
	/*
	 * A kernel-window block run from its site's real-mode alias (relative
	 * branches) is in the magic page: back to the alias.
	 */
	if (s->kernel)
		delta = (pc & ~0xfffUL) - KVMPPC_BT_KWINDOW_EA;
	if (conflict)
		kwindow_conflict(vm);
#endif
	kvmppc_set_pc(vcpu, s->site_ea + delta + (f.forward ? 4 : 0));
	vm->stats.block_exits++;
	if (exit == KVMPPC_BT_EXIT_PROGRAM && !f.forward) {
		vcpu->arch.last_inst = kvmppc_bt_need_byteswap(vcpu) ? swab32(s->orig) : s->orig;
	} else if (exit == KVMPPC_BT_EXIT_FETCH || exit == KVMPPC_BT_EXIT_ISI) {
#ifdef KVMPPC_BT_HAVE_E500
		/* KVM queues an instruction storage interrupt: not the guest's. */
		if (exit == KVMPPC_BT_EXIT_ISI) {
			set_bit(vcpu->vcpu_idx, vm->isi_taken);
			kvm_make_request(KVMPPC_BT_REQ, vcpu);
		}
		/* KVM's miss handling now finds the site's page, mapped. */
		if (!user && window_here(vm, vcpu, pc, s)) {
			if (kwin)
				kmap = page_to_phys(kslot_code(vm, n));
			map = !kwin;
		}
#endif
		if (user)
			block_refused(vm, s, KVMPPC_BT_REASON_USER);
	}
unlock:
	spin_unlock_irqrestore(&vm->lock, flags);
	/* Its TLB write comes back to kvmppc_bt_window_exec() (hooks.c). */
	if (map)
		kvmppc_bt_map_magic(vcpu);
#ifdef KVMPPC_BT_HAVE_E500
	if (kmap)
		kwindow_map(vcpu, pc, kmap);
#endif
out:
	rcu_read_unlock();
}

#ifdef KVMPPC_BT_HAVE_E500
/**
 * kvmppc_bt_window_exec() - may the magic page's mapping on @vcpu be
 *	executable (KVM maps it)?
 * @vcpu: the vcpu, in its thread
 *
 * Only when its VM has translated blocks.  Executing the magic page gives
 * the guest nothing it could not do: it can write the page anyway, and runs
 * there in host user mode as everywhere else.
 */
bool kvmppc_bt_window_exec(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;
	bool x;

	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	x = vm && READ_ONCE(vm->nr_slots) && !READ_ONCE(vm->window_conflict);
	rcu_read_unlock();
	return x;
}
#endif

#ifdef KVMPPC_BT_HAVE_PR
/*
 * The kernel window (Book3S PR, virtual mode).  PR's translation and
 * segment callbacks (vcpu->arch.mmu.xlate, .esid_to_vsid) special-case the
 * magic page's EA; for the VMs that have kernel-window slots we wrap them
 * (kw_xlate, seg_esid_to_vsid), and answer first for the window's segment.
 * It is served only to guest supervisor instruction fetches of its one
 * page, while the VM has slots there and the guest has no segment of its
 * own at that address; every other access to that segment gets what stock
 * KVM gives when the guest has no segment there: a segment interrupt.
 */
int (*kvmppc_bt_pr_xlate)(struct kvm_vcpu *vcpu, gva_t eaddr, struct kvmppc_pte *pte,
			  bool data, bool iswrite);
int (*kvmppc_bt_pr_esid_to_vsid)(struct kvm_vcpu *vcpu, ulong esid, u64 *vsid);
int (*kvmppc_bt_pr_map_segment)(struct kvm_vcpu *vcpu, ulong eaddr);
void (*kvmppc_bt_pr_slbmte)(struct kvm_vcpu *vcpu, u64 rs, u64 rb);
void (*kvmppc_bt_pr_slbie)(struct kvm_vcpu *vcpu, u64 ea);
void (*kvmppc_bt_pr_slbia)(struct kvm_vcpu *vcpu);

/*
 * The guest VSID PR's shadow MMU gets for the kernel window's segment: one
 * no guest SLB entry (at most 50 bits) and no stock real-mode VSID (only
 * one of VSID_REAL_IR and VSID_REAL_DR) can have.  VSID_REAL | ESID, what
 * PR uses for the magic page's own segment, would be the same for both
 * segments (VSID_REAL covers the ESIDs' differing bits), and the window's
 * read-only mapping would then shadow the magic page's writable one.
 */
#define KWINDOW_VSID	(VSID_REAL_IR | VSID_REAL_DR | GET_ESID(KVMPPC_BT_KWINDOW_EA))

/* Calls inside our wrappers, for unload (kwindow_unwrap_wait). */
static atomic_t kw_inflight = ATOMIC_INIT(0);

/* @vm has kernel-window slots, and the guest has not taken the window. */
static bool kwindow_live(const struct kvmppc_bt_vm *vm)
{
	return vm && READ_ONCE(vm->kwindow) && !READ_ONCE(vm->kwindow_conflict);
}

static bool guest_window(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu);

static bool kwindow_on(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;
	bool on;

	if (!vcpu->arch.magic_page_pa || (kvmppc_bt_guest_msr(vcpu) & MSR_PR))
		return false;
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	on = kwindow_live(vm) && !guest_window(vm, vcpu);
	rcu_read_unlock();
	return on;
}

/*
 * PR translates @ea (virtual mode).  Return: 0 not the kernel window (PR
 * translates), 1 @pte is the window, -EINVAL (PR's "no segment": a segment
 * interrupt for the guest) any other access to the window's segment.
 */
static int kwindow_xlate(struct kvm_vcpu *vcpu, u64 ea, struct kvmppc_pte *pte, bool data)
{
	if (GET_ESID(ea) != GET_ESID(KVMPPC_BT_KWINDOW_EA) || !kwindow_on(vcpu))
		return 0;
	if (data || (ea & ~0xfffULL) != KVMPPC_BT_KWINDOW_EA)
		return -EINVAL;
	pte->eaddr = ea;
	pte->vpage = KWINDOW_VSID << (SID_SHIFT - 12) | (ea & ~ESID_MASK) >> 12;
	pte->raddr = ((vcpu->arch.magic_page_pa & ~0xfffULL) | (ea & 0xfff)) & KVM_PAM;
	pte->may_execute = true;
	pte->may_read = true;
	pte->may_write = false;
	pte->page_size = MMU_PAGE_4K;
	pte->wimg = HPTE_R_M;
	return 1;
}

static int kw_xlate(struct kvm_vcpu *vcpu, gva_t ea, struct kvmppc_pte *pte, bool data,
		    bool iswrite)
{
	int r;

	atomic_inc(&kw_inflight);
	r = kwindow_xlate(vcpu, ea, pte, data);
	if (!r)
		r = kvmppc_bt_pr_xlate(vcpu, ea, pte, data, iswrite);
	else if (r > 0)
		r = 0;
	atomic_dec(&kw_inflight);
	return r;
}

/*
 * A guest VSID no guest segment and no stock mode can have (both real-mode
 * bits and the user bit): the magic page's segment, mapped in guest user
 * mode when a fault there was our word's.  Nothing is ever mapped under it,
 * so an access in that segment until the next change of mode faults and
 * gets PR's answer: a segment interrupt, as on stock.
 */
#define VOID_VSID(esid)	(VSID_REAL_IR | VSID_REAL_DR | VSID_PR | (esid))

/*
 * PR maps the magic page's segment: with the translation on in supervisor
 * mode (after every change of mode) the kernel window's is wanted too,
 * before the guest runs again; in user mode a fault there may be our
 * word's (kvmppc_bt_user_fault).  @r and @vsid: PR's answer.
 */
static int magic_segment(struct kvm_vcpu *vcpu, int r, u64 *vsid)
{
	u64 msr = kvmppc_bt_guest_msr(vcpu);
	struct kvmppc_bt_vm *vm;

	if (msr & MSR_PR) {
		/* The original is back; with no guest segment, no fault either. */
		if (kvmppc_bt_user_fault(vcpu) && r) {
			*vsid = VOID_VSID(GET_ESID(vcpu->arch.magic_page_ea));
			r = 0;
		}
		return r;
	}
	if (r || (msr & (MSR_IR | MSR_DR)) != (MSR_IR | MSR_DR))
		return r;
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (kwindow_live(vm) && !test_bit(vcpu->vcpu_idx, vm->kw_preload) &&
	    !guest_window(vm, vcpu)) {
		set_bit(vcpu->vcpu_idx, vm->kw_preload);
		kvm_make_request(KVMPPC_BT_REQ, vcpu);
	}
	rcu_read_unlock();
	return r;
}

/*
 * PR maps a segment in the kernel window's 1T range, and the guest has a
 * segment of its own over the window (after its slbmte or KVM_SET_SREGS):
 * the VM's kernel-window sites get their originals back before the guest
 * runs again.
 */
static void window_segment(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;

	if (!guest_segment(vcpu, KVMPPC_BT_KWINDOW_EA))
		return;
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (kwindow_live(vm)) {
		spin_lock_irqsave(&vm->lock, flags);
		if (!vm->dead)
			kwindow_conflict(vm);
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
}

/*
 * PR's segment of @esid for its shadow SLB: every shadow segment PR maps
 * (kvmppc_mmu_map_segment) and every page (kvmppc_mmu_map_page) asks.  The
 * kernel window's segment is ours; the magic page's and the window's 1T
 * range get a look after PR answered.
 */
static int seg_esid_to_vsid(struct kvm_vcpu *vcpu, ulong esid, u64 *vsid)
{
	ulong mp = vcpu->arch.magic_page_ea;
	int r;

	atomic_inc(&kw_inflight);
	if (esid == GET_ESID(KVMPPC_BT_KWINDOW_EA) &&
	    (kvmppc_bt_guest_msr(vcpu) & (MSR_IR | MSR_DR)) == (MSR_IR | MSR_DR) &&
	    kwindow_on(vcpu)) {
		*vsid = KWINDOW_VSID;
		r = 0;
		goto out;
	}
	r = kvmppc_bt_pr_esid_to_vsid(vcpu, esid, vsid);
	if (mp && esid == GET_ESID(mp))
		r = magic_segment(vcpu, r, vsid);
	else if (esid >> (SID_SHIFT_1T - SID_SHIFT) == GET_ESID_1T(KVMPPC_BT_KWINDOW_EA))
		window_segment(vcpu);
out:
	atomic_dec(&kw_inflight);
	return r;
}

/*
 * Our segment callback on @vcpu (every vcpu of a VM with the magic page:
 * see enable_magic), unless PR's is not there (another MMU model).
 */
static void seg_wrap(struct kvm_vcpu *vcpu)
{
	if (vcpu->arch.mmu.esid_to_vsid == kvmppc_bt_pr_esid_to_vsid)
		WRITE_ONCE(vcpu->arch.mmu.esid_to_vsid, seg_esid_to_vsid);
}

/*
 * Does the SLB entry PR's slbmte makes of (@rs, @rb) cover the kernel
 * window?  The same test as guest_segment()'s, on the fields PR derives.
 */
static bool slbe_window(u64 rs, u64 rb)
{
	if (!(rb & SLB_ESID_V))
		return false;
	if (rs & SLB_VSID_B_1T)
		return GET_ESID_1T(rb) == GET_ESID_1T(KVMPPC_BT_KWINDOW_EA);
	return GET_ESID(rb) == GET_ESID(KVMPPC_BT_KWINDOW_EA);
}

/*
 * PR's SLB callbacks, wrapped: they keep guest_window()'s answer exact.
 * The guest's slbmte, slbie and slbia and the VMM's KVM_SET_SREGS all go
 * through them.  The answer changes before PR's function runs, as PR then
 * maps the new segment, and our segment callback asks.
 */
static void kw_slbmte(struct kvm_vcpu *vcpu, u64 rs, u64 rb)
{
	u64 nr = rb & 0xfff, n = min_t(u64, vcpu->arch.slb_nr, ARRAY_SIZE(vcpu->arch.slb));
	int idx = vcpu->vcpu_idx;
	struct kvmppc_bt_vm *vm;

	atomic_inc(&kw_inflight);
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (vm) {
		if (nr < n && slbe_window(rs, rb))
			set_bit(idx, vm->kw_seg_guest);
		else if (nr >= n || test_bit(idx, vm->kw_seg_guest))
			clear_bit(idx, vm->kw_seg_known);	/* look again */
	}
	rcu_read_unlock();
	kvmppc_bt_pr_slbmte(vcpu, rs, rb);
	atomic_dec(&kw_inflight);
}

/* slbie and slbia only take segments away: look again if one was the window. */
static void slb_shrinks(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;

	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (vm && test_bit(vcpu->vcpu_idx, vm->kw_seg_guest))
		clear_bit(vcpu->vcpu_idx, vm->kw_seg_known);
	rcu_read_unlock();
}

static void kw_slbie(struct kvm_vcpu *vcpu, u64 ea)
{
	atomic_inc(&kw_inflight);
	slb_shrinks(vcpu);
	kvmppc_bt_pr_slbie(vcpu, ea);
	atomic_dec(&kw_inflight);
}

static void kw_slbia(struct kvm_vcpu *vcpu)
{
	atomic_inc(&kw_inflight);
	slb_shrinks(vcpu);
	kvmppc_bt_pr_slbia(vcpu);
	atomic_dec(&kw_inflight);
}

static bool slb_wrapped(struct kvm_vcpu *vcpu)
{
	return READ_ONCE(vcpu->arch.mmu.slbmte) == kw_slbmte &&
	       READ_ONCE(vcpu->arch.mmu.slbie) == kw_slbie &&
	       READ_ONCE(vcpu->arch.mmu.slbia) == kw_slbia;
}

/*
 * Has the guest a segment over the kernel window (guest_segment())?
 * Remembered while @vcpu's SLB callbacks are ours: searching its 64 SLB
 * entries cost about 900 host instructions, and PR asks on every change
 * of the guest's translation mode.  @vcpu's own thread (or its ioctl's).
 */
static bool guest_window(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
	int idx = vcpu->vcpu_idx;
	bool seg;

	if (!vm || !slb_wrapped(vcpu))
		return guest_segment(vcpu, KVMPPC_BT_KWINDOW_EA);
	smp_rmb();	/* the callbacks, then what they keep (kwindow_wrap) */
	if (test_bit(idx, vm->kw_seg_known))
		return test_bit(idx, vm->kw_seg_guest);
	seg = guest_segment(vcpu, KVMPPC_BT_KWINDOW_EA);
	assign_bit(idx, vm->kw_seg_guest, seg);
	set_bit(idx, vm->kw_seg_known);
	return seg;
}

/*
 * The translation and SLB callbacks too, on a VM with kernel-window slots.
 * What guest_window() knew goes first: PR's own callbacks may have changed
 * the SLB since (KVM set the MMU model up again).
 */
static void kwindow_wrap(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
	struct kvmppc_mmu *mmu = &vcpu->arch.mmu;

	if (mmu->xlate == kvmppc_bt_pr_xlate)
		WRITE_ONCE(mmu->xlate, kw_xlate);
	seg_wrap(vcpu);
	if (!kvmppc_bt_pr_slbmte || !kvmppc_bt_pr_slbie || !kvmppc_bt_pr_slbia ||
	    mmu->slbmte != kvmppc_bt_pr_slbmte || mmu->slbie != kvmppc_bt_pr_slbie ||
	    mmu->slbia != kvmppc_bt_pr_slbia)
		return;
	clear_bit(vcpu->vcpu_idx, vm->kw_seg_known);
	smp_mb__after_atomic();	/* forgotten before ours show (guest_window) */
	WRITE_ONCE(mmu->slbmte, kw_slbmte);
	WRITE_ONCE(mmu->slbie, kw_slbie);
	WRITE_ONCE(mmu->slbia, kw_slbia);
}

/* Every vcpu of @vm gets PR's own callbacks back. */
static void pr_unwrap(struct kvmppc_bt_vm *vm)
{
	struct kvm_vcpu *v;
	unsigned long i;

	kvm_for_each_vcpu(i, v, vm->kvm) {
		if (v->arch.mmu.xlate == kw_xlate)
			WRITE_ONCE(v->arch.mmu.xlate, kvmppc_bt_pr_xlate);
		if (v->arch.mmu.esid_to_vsid == seg_esid_to_vsid)
			WRITE_ONCE(v->arch.mmu.esid_to_vsid, kvmppc_bt_pr_esid_to_vsid);
		if (v->arch.mmu.slbmte == kw_slbmte)
			WRITE_ONCE(v->arch.mmu.slbmte, kvmppc_bt_pr_slbmte);
		if (v->arch.mmu.slbie == kw_slbie)
			WRITE_ONCE(v->arch.mmu.slbie, kvmppc_bt_pr_slbie);
		if (v->arch.mmu.slbia == kw_slbia)
			WRITE_ONCE(v->arch.mmu.slbia, kvmppc_bt_pr_slbia);
	}
}

/*
 * Before @vcpu next enters, in its thread (our request): the kernel
 * window's segment next to the magic page's, which PR just mapped again.
 * PR drops the shadow SLB on every change of translation mode (every
 * interrupt and its return); without this, the first block after each
 * would take a segment fault.  Not from inside PR's kvmppc_mmu_map_segment
 * (our callback), which has chosen its SLB slot already.
 */
static void kwindow_preload(struct kvm_vcpu *vcpu)
{
	if ((kvmppc_bt_guest_msr(vcpu) & (MSR_PR | MSR_IR | MSR_DR)) == (MSR_IR | MSR_DR) &&
	    kwindow_on(vcpu))
		kvmppc_bt_pr_map_segment(vcpu, KVMPPC_BT_KWINDOW_EA);
}

/*
 * Unload, once every VM is unwrapped: no call may still be inside a
 * wrapper (a vcpu thread can sleep in PR's own callback, under ours), nor
 * in a wrapper's last instructions.
 */
static void kwindow_unwrap_wait(void)
{
	while (atomic_read(&kw_inflight))
		usleep_range(100, 1000);
	synchronize_rcu_tasks();
	synchronize_rcu();
}

#endif

/* Write the site's replacement at gpa; false when it was not written. */
static bool patch_gpa(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
		      struct kvmppc_bt_site *site, u64 gpa)
{
	struct kvm *kvm = vcpu->kvm;
	bool le = kvmppc_bt_plat->insn_le(vcpu);
	unsigned long hva;
	int r, idx;

	idx = srcu_read_lock(&kvm->srcu);
	hva = kvm_vcpu_gfn_to_hva(vcpu, gpa >> PAGE_SHIFT);
	srcu_read_unlock(&kvm->srcu, idx);
	if (kvm_is_error_hva(hva)) {
		unpatchable(vm, site, KVMPPC_BT_REASON_NOT_RAM);
		return false;
	}
	hva += gpa & ~PAGE_MASK;
	/*
	 * A load or store on the magic page must see its fields in the byte
	 * order the site runs in.  The translation checked the order it
	 * predicted; this is the order the vcpu really has, now.
	 */
	if (kvmppc_bt_plat->flavour == KVMPPC_BT_BOOK3S && kvmppc_bt_insn_is_mem(site->repl) &&
	    !kvmppc_bt_class_any_order(site->class) && le == kvmppc_shared_big_endian(vcpu)) {
		unpatchable(vm, site, KVMPPC_BT_REASON_MODE);
		return false;
	}
	/* Reserve the page record first: a written word is always recorded. */
	if (kvmppc_bt_tc_mark_patched(&vm->tc, site, gpa, hva, site->repl, site->class)) {
		transient(vm, site, KVMPPC_BT_REASON_NOMEM);
		return false;
	}
	r = frame_reserve(vm, site);
	if (r) {
		unpatch(vm, site, KVMPPC_BT_SITE_COUNTING);
		if (r == KVMPPC_BT_REASON_RESIZE)
			unpatchable(vm, site, r);
		else
			transient(vm, site, r);
		return false;
	}
	r = kvmppc_bt_write_atomic(kvm, gpa, hva, kvmppc_bt_mem_word(site->orig, le),
				   kvmppc_bt_mem_word(site->repl, le));
	if (r) {
		unpatch(vm, site, KVMPPC_BT_SITE_COUNTING);
		if (r == -EAGAIN)
			unpatchable(vm, site, KVMPPC_BT_REASON_CHANGED);
		else
			transient(vm, site, KVMPPC_BT_REASON_WRITE_FAIL);
		return false;
	}
	site->le = le;
	vm->stats.patched++;
	trace_site_patched(vm->name, site->ea, gpa, site->orig, site->repl, site->class);
	write_protect(vm, vcpu, site);
	return true;
}

static void patch(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, struct kvmppc_bt_site *site)
{
	u64 gpa;
	int r = kvmppc_bt_plat->pc_to_gpa(vcpu, site->ea, &gpa);

	if (r)
		transient(vm, site, r);
	else
		patch_gpa(vm, vcpu, site, gpa);
}

/* Does guest memory still hold our replacement word?  Atomic, VMM thread. */
static bool patch_in_place(struct kvm *kvm, const struct kvmppc_bt_site *site)
{
	u32 w;

	if (current->mm != kvm->mm ||
	    copy_from_user_nofault(&w, (const void __user *)(unsigned long)site->hva, sizeof(w)))
		return false;
	return w == kvmppc_bt_mem_word(site->repl, site->le);
}

static bool may_patch(const struct kvmppc_bt_vm *vm)
{
	return READ_ONCE(kvmppc_bt_enabled) && vm->enabled && !vm->logging && !vm->restoring &&
	       !vm->flipping && !READ_ONCE(quiescing);
}

/*
 * With the tracepoint hook, a vcpu that trapped on a word another vcpu
 * patches meanwhile would have KVM emulate our replacement: only VMs with a
 * single vcpu are patched then.
 */
static bool hook_sees_races(const struct kvmppc_bt_vm *vm)
{
	return !kvmppc_bt_hook_tp ||
	       (!vm->multi_vcpu && atomic_read(&vm->kvm->online_vcpus) <= 1);
}

static bool class_on(const struct kvmppc_bt_vm *vm, const struct kvmppc_bt_site *site)
{
	int c = kvmppc_bt_insn_class(kvmppc_bt_plat->flavour, site->orig);

	return c >= 0 && (vm->classes & READ_ONCE(kvmppc_bt_classes) & (1u << c));
}

/*
 * The byte order of this vcpu's magic-page fields, once it has the page:
 * as mapped (by us in the VM's order, or by a PV guest in its own), else
 * the order our mapping will give it.
 */
static bool magic_be_of(const struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
	int idx = vcpu->vcpu_idx;

	if (test_bit(idx, vm->magic_done) ||
	    (vcpu->arch.magic_page_pa && !test_bit(idx, vm->magic_ours)))
		return kvmppc_shared_big_endian(vcpu);
	return vm->magic_wanted ? vm->magic_be : !kvmppc_bt_plat->intr_le(vcpu);
}

static int vm_xlate(const struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, u32 insn,
		    struct kvmppc_bt_xlate_ctx *ctx, struct kvmppc_bt_rewrite *rw)
{
	kvmppc_bt_plat->xlate_ctx(vcpu, ctx);
	ctx->shared_be = magic_be_of(vm, vcpu);
	ctx->classes = vm->classes & READ_ONCE(kvmppc_bt_classes);
	ctx->mirror = mirror_possible();
	return kvmppc_bt_xlate(ctx, insn, rw);
}

/*
 * A hot 64-bit site whose byte order is not the one of our magic page
 * (Book3S).  Follow the guest when its interrupt byte order now agrees
 * with the site: big-endian firmware (SLOF) got the page first, then the
 * little-endian kernel declared its order (H_SET_MODE).
 */
static bool flip_wanted(const struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
			const struct kvmppc_bt_xlate_ctx *ctx)
{
	return ctx->flavour == KVMPPC_BT_BOOK3S && ctx->mode64 &&
	       ctx->guest_le == ctx->shared_be && vm->magic_wanted && !vm->guest_pv &&
	       vm->magic_be == ctx->shared_be && !vm->flipping &&
	       ctx->guest_le == kvmppc_bt_plat->intr_le(vcpu) &&
	       vm->stats.order_flips < KVMPPC_BT_MAX_FLIPS;
}

/* Every patch is gone: remap each vcpu's page in the new order, count anew. */
static void finish_flip(struct kvmppc_bt_vm *vm)
{
	vm->flipping = false;
	bitmap_zero(vm->magic_done, KVM_MAX_VCPUS);
	bitmap_zero(vm->mirror_done, KVM_MAX_VCPUS);
	reset_cache(vm);
}

/*
 * Restore every patched word from this vcpu's thread, now, where its page
 * is resident (atomic context).  With @ebb_only, only the EBB mirror reads,
 * which are counted anew (patched again once EBB is on and they are hot).
 * Returns the number of words left patched.
 */
static unsigned int restore_atomic(struct kvmppc_bt_vm *vm, bool ebb_only)
{
	unsigned int i, left = 0;

	for (i = 0; i < vm->tc.nr_sites; i++) {
		struct kvmppc_bt_site *s = kvmppc_bt_tc_site(&vm->tc, i);

		if (s->state != KVMPPC_BT_SITE_PATCHED)
			continue;
		if (ebb_only && (s->class != KVMPPC_BT_CLASS_MFMIRROR ||
				 !kvmppc_bt_insn_mirror_ebb(s->orig)))
			continue;
		if (restore_word(vm, s)) {
			left++;
			continue;
		}
		if (ebb_only) {
			unpatch(vm, s, KVMPPC_BT_SITE_COUNTING);
			s->hits = 0;
		} else {
			unpatch(vm, s, KVMPPC_BT_SITE_RESTORED);
		}
	}
	return left;
}

static bool restore_before_return(struct kvmppc_bt_vm *vm);

/*
 * Change the magic page's byte order to @be: restore every patch (they
 * assume the old order), then every vcpu maps the page anew before it next
 * runs.  In the vcpu's thread, outside the guest, VM locked.
 */
static void flip(struct kvmppc_bt_vm *vm, bool be, bool *kick)
{
	bool old = vm->magic_be;

	vm->magic_be = be;
	vm->flipping = true;
	if (restore_atomic(vm, false)) {
		/* Pages not resident now: the rest is restored before return. */
		if (restore_before_return(vm)) {
			vm->stats.order_flips++;
			return;
		}
		vm->magic_be = old;
		vm->flipping = false;
		return;
	}
	vm->stats.order_flips++;
	finish_flip(vm);
	*kick = true;
}

static void pending(struct kvmppc_bt_vm *vm, struct kvmppc_bt_site *site)
{
	if (site->state != KVMPPC_BT_SITE_PENDING) {
		site->state = KVMPPC_BT_SITE_PENDING;
		vm->stats.pending++;
	}
}

/*
 * May this mirror site be patched now?  Every vcpu's mirrors must be exact,
 * and an EBB read needs EBB enabled in every vcpu's FSCR: the text is
 * shared.  A vcpu that disables EBB later restores the EBB reads in its
 * refresh, under the VM lock, after KVM changed its FSCR: so either this
 * check sees the change, or that refresh sees this patch.
 */
static bool mirror_site_ready(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
			      struct kvmppc_bt_site *site, bool *kick)
{
	u64 vals[KVMPPC_BT_NR_MIRRORS];
	struct kvm_vcpu *v;
	unsigned long i;

	if (!want_mirror(vm, vcpu, kick)) {
		pending(vm, site);
		return false;
	}
	if (!kvmppc_bt_insn_mirror_ebb(site->orig))
		return true;
	kvm_for_each_vcpu(i, v, vm->kvm) {
		kvmppc_bt_plat->mirror_values(v, vals);
		if (!kvmppc_bt_plat->mirror_ebb(vals))
			return false;
	}
	return true;
}

/* Does @site's replacement use the magic page (a field, or a block)? */
static bool needs_magic(const struct kvmppc_bt_site *site)
{
	return kvmppc_bt_insn_is_mem(site->repl) || site->class == KVMPPC_BT_CLASS_MSREE;
}

/* A site just reached the threshold, or waits for the magic page. */
static void decide(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
		   struct kvmppc_bt_site *site, bool *kick)
{
	struct kvmppc_bt_xlate_ctx ctx;
	struct kvmppc_bt_rewrite rw;
	int r;

	if (!may_patch(vm))
		return;
	if (site->state == KVMPPC_BT_SITE_COUNTING && !site->retries) {
		vm->stats.hot++;
		trace_site_hot(vm->name, site->ea, site->orig, site->hits);
	}
	if (vm->magic_conflict) {
		unpatchable(vm, site, KVMPPC_BT_REASON_MAGIC_CONFLICT);
		return;
	}
	if (!hook_sees_races(vm)) {
		unpatchable(vm, site, KVMPPC_BT_REASON_SMP);
		return;
	}
	if (site->state == KVMPPC_BT_SITE_COUNTING) {
		r = vm_xlate(vm, vcpu, site->orig, &ctx, &rw);
		if (r == KVMPPC_BT_REASON_MODE && flip_wanted(vm, vcpu, &ctx)) {
			/* The site is counted anew, and patched, in the new order. */
			flip(vm, ctx.guest_le ? false : true, kick);
			return;
		}
		if (r) {
			unpatchable(vm, site, r);
			return;
		}
		site->repl = rw.insn;
		site->class = rw.class;
	}
	/* nop and li (outside 64-bit mode) need no magic page: patch them at once. */
	if (needs_magic(site) && !want_magic(vm, vcpu, kick)) {
		if (vm->magic_conflict)
			unpatchable(vm, site, KVMPPC_BT_REASON_MAGIC_CONFLICT);
		else
			pending(vm, site);
		return;
	}
	if (site->class == KVMPPC_BT_CLASS_MFMIRROR && !mirror_site_ready(vm, vcpu, site, kick))
		return;
	if (site->class == KVMPPC_BT_CLASS_MSREE && !block_slot(vm, vcpu, site))
		return;
	patch(vm, vcpu, site);
}

/**
 * kvmppc_bt_warm_patch() - patch one site of an imported profile, now
 * @vm: the VM, locked
 * @vcpu: the vcpu whose thread this is, outside the guest
 * @ea: the site's guest EA
 * @insn: the instruction expected there
 * @gpa: its guest physical address
 * @kick: set when other vcpus must be kicked (after unlocking)
 *
 * Return: 1 patched (or already), 0 not now (the magic page is not on every
 * vcpu yet, patching is off), -1 never (no exact rewrite, word changed...).
 */
int kvmppc_bt_warm_patch(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, u64 ea, u32 insn,
			 u64 gpa, bool *kick)
{
	struct kvmppc_bt_xlate_ctx ctx;
	struct kvmppc_bt_rewrite rw;
	struct kvmppc_bt_site *site;
	int err = 0;

	if (!may_patch(vm))
		return 0;
	site = kvmppc_bt_tc_find(&vm->tc, ea, insn);
	if (!site) {
		site = kvmppc_bt_tc_insert(&vm->tc, ea, insn, &err);
		if (!site)
			return -1;
		vm->stats.sites++;
	}
	if (site->state == KVMPPC_BT_SITE_PATCHED)
		return 1;
	if (site->state != KVMPPC_BT_SITE_COUNTING && site->state != KVMPPC_BT_SITE_PENDING)
		return -1;
	if (!hook_sees_races(vm) || vm_xlate(vm, vcpu, insn, &ctx, &rw))
		return -1;
	site->repl = rw.insn;
	site->class = rw.class;
	if (needs_magic(site) && !want_magic(vm, vcpu, kick))
		return vm->magic_conflict ? -1 : 0;
	if (site->class == KVMPPC_BT_CLASS_MFMIRROR && !mirror_site_ready(vm, vcpu, site, kick))
		return 0;
	if (site->class == KVMPPC_BT_CLASS_MSREE && !block_slot(vm, vcpu, site))
		return site->state == KVMPPC_BT_SITE_PENDING ? 0 : -1;
	return patch_gpa(vm, vcpu, site, gpa) ? 1 : -1;
}

/*
 * An emulation exit of @vcpu at @pc, instruction @insn as the guest sees
 * it.  @pre: before KVM emulates (kprobe), when a trap on our own word can
 * still be turned back into the original; else after (tracepoint).  Atomic
 * context, in the vcpu thread.
 */
/*
 * The original trapped at a patched site whose word is still ours: has the
 * guest mapped the site's EA to another page (a copy) meanwhile?  Then put
 * the old page's original back, so that the site can follow the new page;
 * the cache keeps no patch it does not track.  False when the old page
 * cannot be written now (the site stays as it is; next trap, next try).
 */
static bool moved(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, struct kvmppc_bt_site *site)
{
	u64 gpa;

	if (kvmppc_bt_plat->pc_to_gpa(vcpu, site->ea, &gpa) || gpa == site->gpa)
		return false;
	return !restore_word(vm, site);
}

/* One more trap at @site; atomic, as the unlocked path counts too. */
static void site_hit(struct kvmppc_bt_site *site)
{
	u32 h = READ_ONCE(site->hits), old;

	while (h != U32_MAX) {
		old = cmpxchg(&site->hits, h, h + 1);
		if (old == h)
			break;
		h = old;
	}
}

/**
 * kvmppc_bt_vm_fold_stats() - the traps counted without the lock, into
 *	@vm's counters (before they are read; VM locked)
 * @vm: the VM
 */
void kvmppc_bt_vm_fold_stats(struct kvmppc_bt_vm *vm)
{
	vm->stats.traps += atomic_long_xchg(&vm->traps_unlocked, 0);
}

/*
 * Most traps that remain once a guest's sites are decided are at sites
 * unpatchable for good (no exact rewrite, a hypercall, out of reach): all
 * such a trap does is count, and it does so without the VM lock.
 */
static bool trap_settled(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, u64 pc, u32 insn)
{
	struct kvmppc_bt_site **hint = &vm->settled[((u32)pc >> 2) % KVMPPC_BT_SETTLED];
	struct kvmppc_bt_site *site;

	if (READ_ONCE(vm->dead))
		return false;
	/*
	 * The last site settled here, if it still is (a reset clears the
	 * hints; a record given to another site since fails the check); else
	 * the walk.  A trapping word is never one of our replacements, which
	 * kvmppc_bt_tc_settled() also rules out.
	 */
	site = READ_ONCE(*hint);
	if (!site || READ_ONCE(site->ea) != pc || READ_ONCE(site->orig) != insn ||
	    !kvmppc_bt_site_settled(site)) {
		site = kvmppc_bt_tc_settled(&vm->tc, pc, insn);
		if (!site)
			return false;
		WRITE_ONCE(*hint, site);
	}
	/* KVM changes a mirrored SPR: refresh the mirrors before entry. */
	if (READ_ONCE(vm->mirror_on) && kvmppc_bt_insn_mirror_write(insn) >= 0)
		kvm_make_request(KVMPPC_BT_REQ, vcpu);
	site_hit(site);
	atomic_long_inc(&vm->traps_unlocked);
	return true;
}

static void trap(struct kvm_vcpu *vcpu, u32 raw, u32 insn, u64 pc, bool pre)
{
	bool swap = pre && kvmppc_bt_need_byteswap(vcpu), kick = false, ours;
	struct kvmppc_bt_site *site;
	struct kvmppc_bt_vm *vm;
	unsigned long flags;
	int err = 0;

	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (unlikely(!vm)) {
		vm = kvmppc_bt_vm_of(vcpu->kvm, true);
		if (!vm)
			goto out;
	}
	if (pre && raw != KVM_INST_FETCH_FAILED)
		insn = swap ? swab32(raw) : raw;
	if ((!pre || raw != KVM_INST_FETCH_FAILED) && trap_settled(vm, vcpu, pc, insn))
		goto out;
	spin_lock_irqsave(&vm->lock, flags);
	if (vm->dead)
		goto unlock;
	vm->stats.traps++;
	if (pre && raw == KVM_INST_FETCH_FAILED) {
		vm->stats.fetch_failed++;
		goto unlock;
	}
	/* KVM changes a mirrored SPR: refresh the mirrors before entry. */
	if (vm->mirror_on && kvmppc_bt_insn_mirror_write(insn) >= 0)
		kvm_make_request(KVMPPC_BT_REQ, vcpu);

	/*
	 * Our own replacement word trapped: another vcpu was already in
	 * flight on the original when we patched, and fetched the new word
	 * after its trap.  Let KVM emulate the original instead.  (After the
	 * fact there is nothing to fix; the tracepoint hook never patches a
	 * VM where this can happen.)
	 */
	site = kvmppc_bt_tc_lookup(&vm->tc, pc, insn, &ours);
	if (ours) {
		if (pre)
			vcpu->arch.last_inst = swap ? swab32(site->orig) : site->orig;
		vm->stats.races++;
		goto unlock;
	}
	if (!site) {
		site = kvmppc_bt_tc_insert(&vm->tc, pc, insn, &err);
		if (!site) {
			if (err == -ENOSPC)
				vm->stats.table_full++;
			else
				vm->stats.unpatchable[KVMPPC_BT_REASON_NOMEM]++;
			goto unlock;
		}
		vm->stats.sites++;
	}
	site_hit(site);
	if (site->hits == 1 && vm->warm && kvmppc_bt_warm_trap(vm, vcpu, site, &kick))
		goto unlock;

	switch (site->state) {
	case KVMPPC_BT_SITE_PATCHED:
		/*
		 * The original trapped at a patched site: either this vcpu
		 * fetched it before another one patched (in flight; KVM
		 * emulates it, all is well), or the word was put back behind
		 * our back (VMM write, guest self-modification), or the guest
		 * maps this EA to another page now (remap): start over.
		 */
		if (!patch_in_place(vcpu->kvm, site) || moved(vm, vcpu, site)) {
			unpatch(vm, site, KVMPPC_BT_SITE_COUNTING);
			site->hits = 1;
		}
		break;
	case KVMPPC_BT_SITE_COUNTING:
		if (site->hits >= kvmppc_bt_vm_threshold(vm))
			decide(vm, vcpu, site, &kick);
		break;
	case KVMPPC_BT_SITE_PENDING:
		decide(vm, vcpu, site, &kick);
		break;
	case KVMPPC_BT_SITE_UNPATCHABLE:
		/* A class turned off when the site got hot may be on again. */
		if (site->reason == KVMPPC_BT_REASON_CLASS_OFF && class_on(vm, site)) {
			site->state = KVMPPC_BT_SITE_COUNTING;
			decide(vm, vcpu, site, &kick);
		}
		break;
	default:
		break;
	}
unlock:
	spin_unlock_irqrestore(&vm->lock, flags);
	if (kick)
		kvmppc_bt_kick_others(vcpu->kvm);
out:
	rcu_read_unlock();
}

/* Before KVM emulates (kprobe on kvmppc_emulate_instruction). */
void kvmppc_bt_trap(struct kvm_vcpu *vcpu)
{
	trap(vcpu, vcpu->arch.last_inst, 0, kvmppc_get_pc(vcpu), true);
}

/*
 * After KVM emulated @insn (kvm_ppc_instr tracepoint), @pc still the
 * trapping one, except after the return-from-interrupt family: those are
 * counted as traps, not as sites.  The tracepoint also reports MMIO loads
 * and stores: not ours.
 */
void kvmppc_bt_trap_post(struct kvm_vcpu *vcpu, u32 insn, unsigned long pc)
{
	struct kvmppc_bt_vm *vm;

	if (kvmppc_bt_insn_is_mem(insn))
		return;
	if (!kvmppc_bt_insn_sets_pc(insn)) {
		trap(vcpu, 0, insn, pc, false);
		return;
	}
	/* rfi and the like: counted only, without the VM's lock. */
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (unlikely(!vm))
		vm = kvmppc_bt_vm_of(vcpu->kvm, true);
	if (vm && !READ_ONCE(vm->dead))
		atomic_long_inc(&vm->traps_unlocked);
	rcu_read_unlock();
}

/*
 * Put back the original of the patched word at @gpa that faulted in guest
 * user mode; the site stays trapping.  False when no word of ours is there
 * (the fault is the guest's own) or it could not be written now.
 */
static bool user_restore(struct kvmppc_bt_vm *vm, u64 gpa)
{
	u32 i;

	for (i = 0; i < vm->tc.nr_sites; i++) {
		struct kvmppc_bt_site *s = kvmppc_bt_tc_site(&vm->tc, i);
		u32 now, orig;

		if (s->state != KVMPPC_BT_SITE_PATCHED || s->gpa != gpa)
			continue;
		now = kvmppc_bt_mem_word(s->repl, s->le);
		orig = kvmppc_bt_mem_word(s->orig, s->le);
		if (kvmppc_bt_write_atomic(vm->kvm, s->gpa, s->hva, now, orig)) {
			pr_warn_ratelimited("VM %s: cannot put back the word at %#llx run in user mode\n",
					    vm->name, s->gpa);
			return false;
		}
		vm->stats.restored++;
		trace_site_restored(vm->name, s->ea, s->gpa, orig, now);
		unpatch(vm, s, KVMPPC_BT_SITE_COUNTING);
		unpatchable(vm, s, KVMPPC_BT_REASON_USER);
		return true;
	}
	return false;
}

/**
 * kvmppc_bt_user_fault() - KVM is about to reflect a data fault on the
 *	magic page to the guest
 * @vcpu: the faulting vcpu, in its thread (atomic context)
 *
 * The magic page is served to guest supervisor accesses only, so in guest
 * user mode a replacement word faults where its original raises a
 * privileged-instruction program check.  When the faulting PC holds one of
 * our words, put the original back (the site stays trapping, reason
 * "user") and have the caller drop the fault: the guest re-executes its
 * own instruction and KVM reflects the program check, as without us.
 *
 * Return: true when the caller must drop the fault.
 */
bool kvmppc_bt_user_fault(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;
	bool drop = false;
	u64 gpa;

	if (!(kvmppc_bt_guest_msr(vcpu) & MSR_PR))
		return false;
	rcu_read_lock();
	vm = lookup(vcpu->kvm);
	if (vm && !kvmppc_bt_plat->pc_to_gpa(vcpu, kvmppc_get_pc(vcpu), &gpa)) {
		spin_lock_irqsave(&vm->lock, flags);
		if (!vm->dead && vm->tc.nr_patched)
			drop = user_restore(vm, gpa);
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
	return drop;
}

/*
 * Our per-vcpu work before it enters the guest: the magic page, and exact
 * SPR mirrors.  Its thread, VM locked.
 */
static void before_entry(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu)
{
	if (vm->dead)
		return;
	if (test_and_clear_bit(vcpu->vcpu_idx, vm->dsi_taken))
		kvmppc_bt_plat->drop_dsi(vcpu);
#ifdef KVMPPC_BT_HAVE_E500
	if (test_and_clear_bit(vcpu->vcpu_idx, vm->isi_taken))
		clear_bit(KVMPPC_BT_BOOKE_IRQPRIO_INST_STORAGE, &vcpu->arch.pending_exceptions);
#endif
	if (vm->magic_wanted)
		enable_magic(vm, vcpu);
	if (vm->mirror_on)
		mirror_refresh(vm, vcpu);
}

/* Our request, before a vcpu's next entry (kvmppc_core_check_requests). */
void kvmppc_bt_vcpu_request(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;

#ifdef KVMPPC_BT_HAVE_PR
	bool preload = false, rewind = false;
#endif

	if (!kvm_check_request(KVMPPC_BT_REQ, vcpu))
		return;
	rcu_read_lock();
	vm = kvmppc_bt_vm_of(vcpu->kvm, false);
	if (vm) {
		spin_lock_irqsave(&vm->lock, flags);
		before_entry(vm, vcpu);
		spin_unlock_irqrestore(&vm->lock, flags);
#ifdef KVMPPC_BT_HAVE_PR
		preload = test_and_clear_bit(vcpu->vcpu_idx, vm->kw_preload);
		rewind = test_and_clear_bit(vcpu->vcpu_idx, vm->fetch_rewind);
#endif
	}
	rcu_read_unlock();
#ifdef KVMPPC_BT_HAVE_PR
	if (rewind)
		kvmppc_bt_block_exit(vcpu, KVMPPC_BT_EXIT_OTHER);
	if (preload)
		kwindow_preload(vcpu);
#endif
}

/* A "facility unavailable" interrupt was queued: FSCR changed. */
void kvmppc_bt_vcpu_fac_queued(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;

	rcu_read_lock();
	vm = kvmppc_bt_vm_of(vcpu->kvm, false);
	if (vm && READ_ONCE(vm->mirror_on))
		kvm_make_request(KVMPPC_BT_REQ, vcpu);
	rcu_read_unlock();
}

/*
 * A vcpu is being created: the VM is set up; track it from now on.  With
 * the tracepoint hook, a second vcpu ends patching in this VM (see
 * hook_sees_races): its patches are restored before the ioctl that creates
 * it returns, so before that vcpu can run.
 */
void kvmppc_bt_vcpu_created(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;

	rcu_read_lock();
	vm = kvmppc_bt_vm_of(vcpu->kvm, true);
	if (vm && kvmppc_bt_hook_tp && atomic_read(&vcpu->kvm->online_vcpus) >= 1) {
		spin_lock_irqsave(&vm->lock, flags);
		/* No more patches from now on; those there are go. */
		vm->multi_vcpu = true;
		if (!vm->dead && vm->tc.nr_patched) {
			vm->stats.flushes++;
			restore_before_return(vm);
		}
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
}

/* KVM_RUN of a vcpu: one created after the VM got the magic page gets it. */
void kvmppc_bt_vcpu_run(struct kvm_vcpu *vcpu)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;

	rcu_read_lock();
	vm = kvmppc_bt_vm_of(vcpu->kvm, false);
	if (vm && !test_bit(vcpu->vcpu_idx, vm->vcpu_ran))
		set_bit(vcpu->vcpu_idx, vm->vcpu_ran);
#ifdef KVMPPC_BT_HAVE_PR
	/* A vcpu created since, or whose MMU model KVM set up again. */
	if (vm && READ_ONCE(vm->kwindow))
		kwindow_wrap(vm, vcpu);
	else if (vm && READ_ONCE(vm->magic_wanted))
		seg_wrap(vcpu);
#endif
	/* A new vcpu needs the page; the VMM may have set a mirrored SPR. */
	if (vm && ((READ_ONCE(vm->magic_wanted) && !test_bit(vcpu->vcpu_idx, vm->magic_done)) ||
		   READ_ONCE(vm->mirror_on))) {
		spin_lock_irqsave(&vm->lock, flags);
		before_entry(vm, vcpu);
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
}

/* ---- restoring -------------------------------------------------------- */

struct restore_item {
	u32 idx;
	u64 ea;
	u64 gpa;
	u64 hva;
	u32 now;	/* what we expect in memory: our replacement */
	u32 orig;
};

/*
 * Put every patched word of the VM back, where it still holds our
 * replacement.  With @forget, the cache starts over (flush, reset, dirty
 * logging): sites are counted anew and may be patched again.  Process
 * context.  Returns the number of words restored, or -errno.
 */
static int restore_all(struct kvmppc_bt_vm *vm, bool forget)
{
	struct restore_item *items;
	unsigned int n = 0, i, done = 0, skipped = 0;
	struct kvm *kvm = NULL;
	bool flipped;
	u32 max;
	int r;

	mutex_lock(&vm->flush_lock);
	max = READ_ONCE(vm->tc.max_sites);
	items = kvmalloc_array(max, sizeof(*items), GFP_KERNEL);
	if (!items) {
		mutex_unlock(&vm->flush_lock);
		return -ENOMEM;
	}

	spin_lock_irq(&vm->lock);
	if (!vm->dead && kvm_get_kvm_safe(vm->kvm))
		kvm = vm->kvm;
	if (!kvm) {
		spin_unlock_irq(&vm->lock);
		kvfree(items);
		mutex_unlock(&vm->flush_lock);
		return -ESRCH;
	}
	vm->restoring = true;
	for (i = 0; i < vm->tc.nr_sites && n < max; i++) {
		struct kvmppc_bt_site *s = kvmppc_bt_tc_site(&vm->tc, i);

		if (s->state != KVMPPC_BT_SITE_PATCHED)
			continue;
		items[n].idx = i;
		items[n].ea = s->ea;
		items[n].gpa = s->gpa;
		items[n].hva = s->hva;
		items[n].now = kvmppc_bt_mem_word(s->repl, s->le);
		items[n].orig = kvmppc_bt_mem_word(s->orig, s->le);
		n++;
	}
	spin_unlock_irq(&vm->lock);

	for (i = 0; i < n; i++) {
		r = kvmppc_bt_write_remote(kvm, items[i].gpa, items[i].hva, items[i].now,
					   items[i].orig);
		if (r) {
			skipped++;
			continue;
		}
		done++;
		trace_site_restored(vm->name, items[i].ea, items[i].gpa, items[i].orig,
				    items[i].now);
	}

	spin_lock_irq(&vm->lock);
	for (i = 0; i < n; i++)
		unpatch(vm, kvmppc_bt_tc_site(&vm->tc, items[i].idx), KVMPPC_BT_SITE_RESTORED);
	if (forget)
		reset_cache(vm);
	vm->stats.restored += done;
	vm->stats.restore_skipped += skipped;
	vm->restoring = false;
	flipped = vm->flipping;
	if (flipped)
		finish_flip(vm);
	spin_unlock_irq(&vm->lock);
	/* No read-only shadow entry may outlive us (e500 write tracing). */
	if (READ_ONCE(vm->wp_ever))
		kvm_flush_remote_tlbs(kvm);

	kvfree(items);
	mutex_unlock(&vm->flush_lock);
	if (flipped)
		kvmppc_bt_kick_others(kvm);
	kvm_put_kvm(kvm);
	return done;
}

/* Flush a VM: restore every patch and start counting anew. */
int kvmppc_bt_vm_flush(struct kvmppc_bt_vm *vm)
{
	spin_lock_irq(&vm->lock);
	vm->stats.flushes++;
	spin_unlock_irq(&vm->lock);
	return restore_all(vm, true);
}

struct restore_twork {
	struct callback_head cb;
	struct kvmppc_bt_vm *vm;
};

static void restore_twork_fn(struct callback_head *cb)
{
	struct restore_twork *tw = container_of(cb, struct restore_twork, cb);

	restore_all(tw->vm, true);
	kvmppc_bt_vm_put(tw->vm);
	kfree(tw);
	module_put(THIS_MODULE);
}

/*
 * Restore the VM's patches in this VMM thread before it returns to user
 * space: the memslot or register ioctl that asked for it does not complete
 * (from the VMM's point of view) before guest memory holds original words
 * only.  Atomic context.
 */
/*
 * Queue @fn as task work of this thread, holding the VM and the module
 * until it ran (@fn drops both).  Atomic context.
 */
static bool queue_restore(struct kvmppc_bt_vm *vm, struct callback_head *cb,
			  task_work_func_t fn, enum task_work_notify_mode mode)
{
	if (!try_module_get(THIS_MODULE))
		return false;
	kvmppc_bt_vm_get(vm);
	init_task_work(cb, fn);
	if (!task_work_add(current, cb, mode))
		return true;
	kvmppc_bt_vm_put(vm);
	module_put(THIS_MODULE);
	return false;
}

static bool restore_before_return(struct kvmppc_bt_vm *vm)
{
	struct restore_twork *tw;

	if (!vm->tc.nr_patched)
		return true;
	tw = kzalloc(sizeof(*tw), GFP_ATOMIC | __GFP_NOWARN);
	if (tw) {
		tw->vm = vm;
		if (queue_restore(vm, &tw->cb, restore_twork_fn, TWA_RESUME))
			return true;
	}
	kfree(tw);
	pr_warn_ratelimited("VM %s: cannot defer the restore of its patches\n", vm->name);
	return false;
}

/* Dirty logging on (migration), or a memslot going away or moving. */
void kvmppc_bt_memslot_change(struct kvm *kvm, const struct kvm_memory_slot *new,
			      enum kvm_mr_change change)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;
	bool restore = false;

	rcu_read_lock();
	vm = kvmppc_bt_vm_of(kvm, false);
	if (!vm)
		goto out;
	spin_lock_irqsave(&vm->lock, flags);
	if (vm->dead)
		goto unlock;
	if ((change == KVM_MR_CREATE || change == KVM_MR_FLAGS_ONLY) &&
	    (new->flags & KVM_MEM_LOG_DIRTY_PAGES)) {
		vm->logging = true;	/* patch nothing from now on */
		restore = true;
	}
	if (change == KVM_MR_DELETE || change == KVM_MR_MOVE)
		restore = true;
	if (restore) {
		vm->stats.flushes++;
		restore_before_return(vm);
	}
unlock:
	spin_unlock_irqrestore(&vm->lock, flags);
out:
	rcu_read_unlock();
}

/* After a memslot change: patching resumes once no memslot logs dirty pages. */
void kvmppc_bt_memslot_commit(struct kvm *kvm)
{
	struct kvm_memory_slot *slot;
	struct kvmppc_bt_vm *vm;
	unsigned long flags;
	bool logging = false;
	int bkt;

	rcu_read_lock();
	vm = kvmppc_bt_vm_of(kvm, false);
	if (vm) {
		kvm_for_each_memslot(slot, bkt, kvm_memslots(kvm))
			logging |= !!(slot->flags & KVM_MEM_LOG_DIRTY_PAGES);
		spin_lock_irqsave(&vm->lock, flags);
		vm->logging = logging;
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
}

/*
 * KVM_SET_REGS with a new PC, on a vcpu that ran, while patches exist is how
 * a VMM resets or reloads a guest (QEMU's system_reset, a VMM restarting its guest): the
 * old patches must not outlive the guest that earned them.
 */
void kvmppc_bt_vcpu_set_regs(struct kvm_vcpu *vcpu, const struct kvm_regs *regs)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;

	rcu_read_lock();
	vm = kvmppc_bt_vm_of(vcpu->kvm, false);
	/* A vcpu's first registers (before it ever ran) are no reset. */
	if (vm && test_bit(vcpu->vcpu_idx, vm->vcpu_ran) && regs->pc != kvmppc_get_pc(vcpu)) {
		spin_lock_irqsave(&vm->lock, flags);
		if (!vm->dead && vm->tc.nr_sites) {
			vm->stats.resets++;
			vm->stats.flushes++;
			restore_before_return(vm);
			if (!vm->tc.nr_patched)
				reset_cache(vm);
		}
		spin_unlock_irqrestore(&vm->lock, flags);
	}
	rcu_read_unlock();
}

static void conflict_work_fn(struct work_struct *work);

struct conflict_work {
	struct work_struct work;
	struct kvmppc_bt_vm *vm;
};

static void conflict_work_fn(struct work_struct *work)
{
	struct conflict_work *cw = container_of(work, struct conflict_work, work);

	restore_all(cw->vm, true);
	kvmppc_bt_vm_put(cw->vm);
	kfree(cw);
}

/*
 * The guest maps the magic page itself (KVM_HC_PPC_MAP_MAGIC_PAGE), at
 * @ea, before KVM does it.  A PV guest at -4096 shares the page with our
 * rewrites, in the byte order KVM is about to give it (the guest's interrupt
 * order): patches of the other order are restored first, on every vcpu
 * (flip).  Anywhere else, or after too many flips, our rewrites would read
 * the wrong thing: undo them, patch no more.
 */
void kvmppc_bt_guest_pv(struct kvm_vcpu *vcpu, unsigned long ea)
{
	bool be = !kvmppc_bt_plat->intr_le(vcpu), kick = false;
	struct kvmppc_bt_vm *vm;
	struct conflict_work *cw;
	unsigned long flags;

	rcu_read_lock();
	vm = kvmppc_bt_vm_of(vcpu->kvm, true);
	if (!vm)
		goto out;
	spin_lock_irqsave(&vm->lock, flags);
	vm->guest_pv = true;
	/* KVM may swap the page's byte order: refresh the mirrors after. */
	if (vm->mirror_on)
		kvm_make_request(KVMPPC_BT_REQ, vcpu);
	if (vm->dead || vm->magic_conflict)
		goto unlock;
	if ((ea & ~0xfffUL) == magic_ea()) {
		/* From now on this vcpu's page is the guest's. */
		clear_bit(vcpu->vcpu_idx, vm->magic_ours);
		if (!vm->magic_wanted || be == vm->magic_be || vm->flipping)
			goto unlock;
		if (vm->stats.order_flips < KVMPPC_BT_MAX_FLIPS) {
			flip(vm, be, &kick);
			goto unlock;
		}
	}
	vm->magic_conflict = true;
	cw = kzalloc(sizeof(*cw), GFP_ATOMIC | __GFP_NOWARN);
	if (cw && vm->tc.nr_patched) {
		INIT_WORK(&cw->work, conflict_work_fn);
		cw->vm = vm;
		kvmppc_bt_vm_get(vm);
		queue_work(kvmppc_bt_wq, &cw->work);
	} else {
		kfree(cw);
	}
unlock:
	spin_unlock_irqrestore(&vm->lock, flags);
	if (kick)
		kvmppc_bt_kick_others(vcpu->kvm);
out:
	rcu_read_unlock();
}

/* ---- init and exit ---------------------------------------------------- */

int kvmppc_bt_vm_init(void)
{
	kvmppc_bt_wq = alloc_ordered_workqueue("kvmppc_bt", 0);
	return kvmppc_bt_wq ? 0 : -ENOMEM;
}

static void unload_one(struct kvmppc_bt_vm *vm, void *arg)
{
	int n = restore_all(vm, false);

	if (n > 0)
		pr_info("VM %s: restored %d patched words\n", vm->name, n);
}

/*
 * Module unload, after every hook but the VM-destroy one is gone: restore
 * every VM's words, then forget every VM.
 */
#ifdef KVMPPC_BT_HAVE_E500
/*
 * Unload, e500, after the restore of a VM with write-protected pages: a
 * vcpu on another CPU may have taken a data storage exit on a protected
 * entry just before, and not yet reached KVM's queueing of the interrupt,
 * where our probe drops it (a flush is pending).  The restore asked every
 * vcpu for a TLB flush, which each serves before its next entry, so after
 * that exit's handling: wait until every vcpu inside a vcpu ioctl has
 * served it (a kick ends a halt), at most a second.  A vcpu outside one
 * has no exit in flight.  @flush: ask for the flush here (the kernel
 * window; restores of write-protected pages asked already).
 */
static void wp_flush_wait(struct kvmppc_bt_vm *vm, bool flush)
{
	unsigned long i, end = jiffies + HZ;
	struct kvm_vcpu *v;

	if (!kvm_get_kvm_safe(vm->kvm))
		return;
	if (flush)
		flush_shadow_tlbs(vm);
	kvm_for_each_vcpu(i, v, vm->kvm) {
		while (kvm_test_request(KVM_REQ_TLB_FLUSH, v) && mutex_is_locked(&v->mutex)) {
			if (time_after(jiffies, end)) {
				pr_warn("VM %s: vcpu %d did not flush its TLB in time\n",
					vm->name, v->vcpu_id);
				break;
			}
			kvm_vcpu_kick(v);
			usleep_range(100, 1000);
		}
	}
	kvm_put_kvm(vm->kvm);
}
#endif

static void quiesce_one(struct kvmppc_bt_vm *vm, void *arg)
{
	if (READ_ONCE(vm->mirror_on) || READ_ONCE(vm->wp_ever) || READ_ONCE(vm->nr_slots) ||
	    READ_ONCE(vm->nr_kslots))
		restore_all(vm, false);
#ifdef KVMPPC_BT_HAVE_E500
	/*
	 * The kernel window too: with our TLB write hook gone, it must not
	 * stay live in any TLB (new shadow PIDs, before each vcpu next runs).
	 */
	if (READ_ONCE(vm->wp_ever) || READ_ONCE(vm->kwindow))
		wp_flush_wait(vm, READ_ONCE(vm->kwindow));
#endif
#ifdef KVMPPC_BT_HAVE_PR
	if (READ_ONCE(vm->magic_wanted) || READ_ONCE(vm->kwindow))
		pr_unwrap(vm);
#endif
}

/*
 * Unload, step zero: patch nothing more, and restore the VMs whose words
 * rely on mirrors while the hooks that keep the mirrors exact are still
 * there, those with write-protected pages while the hook that takes their
 * stores' faults back is still there, and those with translated blocks
 * while the exit hook that undoes an exit inside one is still there; then
 * PR's callbacks get their own functions back (the kernel window).
 */
void kvmppc_bt_vm_quiesce(void)
{
	WRITE_ONCE(quiescing, true);
	kvmppc_bt_visit_vms(quiesce_one, NULL);
#ifdef KVMPPC_BT_HAVE_PR
	kwindow_unwrap_wait();
#endif
}

void kvmppc_bt_vm_exit(void)
{
	struct kvmppc_bt_vm *vm;
	struct hlist_node *tmp;
	int bkt;

	WRITE_ONCE(shutting_down, true);
	flush_workqueue(kvmppc_bt_wq);
	kvmppc_bt_visit_vms(unload_one, NULL);
	kvmppc_bt_hooks_exit_final();	/* no more destroy events */

	spin_lock_irq(&vm_table_lock);
	hash_for_each_safe(vm_table, bkt, tmp, vm, node) {
		hash_del_rcu(&vm->node);
		spin_lock(&vm->lock);
		vm->dead = true;
		spin_unlock(&vm->lock);
		queue_work(kvmppc_bt_wq, &vm->detach_work);
	}
	spin_unlock_irq(&vm_table_lock);
	flush_workqueue(kvmppc_bt_wq);
	destroy_workqueue(kvmppc_bt_wq);
	rcu_barrier();
}
