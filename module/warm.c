// SPDX-License-Identifier: GPL-2.0
/*
 * Warm start: a VM's hot-site profile, exported, and imported into another
 * VM (the next boot of the same guest image), whose sites are then patched
 * before they ever trap.
 *
 * A profile entry is (guest EA, instruction word, class, hash of the 4K
 * guest page that holds it).  The hash is of the page's original content:
 * at export, our replacement words are put back in a copy before hashing.
 * An imported entry is applied the first time the VM maps its guest page
 * (a shadow MMU fill: KVM's kvmppc_mmu_map on e500, kvmppc_mmu_map_page on
 * PR), or at the site's first trap if that was missed, and only if the
 * page's content hashes to the same value and the word at the site is the
 * instruction.  A changed kernel, another build or KASLR simply does not
 * match: nothing is ever patched blindly.
 *
 * The hash is SipHash-2-4 with a fixed key, so that profiles compare across
 * VMs and host boots; finding another page with the same hash is a 64-bit
 * second-preimage problem.
 */
#include <linux/highmem.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "kvmppc_bt.h"

#define WARM_PENDING	0
#define WARM_APPLIED	1
#define WARM_REJECTED	2

struct kvmppc_bt_warm_entry {
	u64 ea;
	u64 hash;
	u32 insn;
	u8 class;
	u8 state;
};

struct kvmppc_bt_warm {
	u32 n;
	u32 pending;
	struct kvmppc_bt_warm_entry e[];
};

static const siphash_key_t page_key = {
	{ 0x6b766d7070632d62ULL, 0x74207761726d2121ULL }
};

static u64 page_hash(const void *page)
{
	return siphash(page, 4096, &page_key);
}

void kvmppc_bt_warm_free(struct kvmppc_bt_vm *vm)
{
	kvfree(vm->warm);
	vm->warm = NULL;
}

/* ---- export ----------------------------------------------------------- */

struct snap {
	u64 ea;
	u64 gpa;
	u64 hva;
	u32 orig_mem;
	u32 insn;
	u8 class;
};

static int by_hva(const void *a, const void *b)
{
	const struct snap *x = a, *y = b;

	return x->hva < y->hva ? -1 : x->hva > y->hva;
}

/**
 * kvmppc_bt_warm_export() - the VM's patched sites as a profile
 * @vm: the VM
 * @out: entries (may be NULL when @cap is 0)
 * @cap: room in @out
 * @n: set to the number of entries (written, or needed with -ENOSPC)
 *
 * Process context.  Return: 0, -ENOSPC, -ENOENT (VM gone), -ENOMEM, -EFAULT.
 */
int kvmppc_bt_warm_export(struct kvmppc_bt_vm *vm, struct kvmppc_bt_profile_entry *out,
			  u32 cap, u32 *n)
{
	struct kvm *kvm = NULL;
	struct snap *snap;
	u32 i, j, cnt = 0, max = READ_ONCE(vm->tc.max_sites);
	void *buf;
	int r = 0;

	snap = kvmalloc_array(max, sizeof(*snap), GFP_KERNEL);
	buf = kmalloc(4096, GFP_KERNEL);
	if (!snap || !buf) {
		r = -ENOMEM;
		goto out;
	}
	spin_lock_irq(&vm->lock);
	if (!vm->dead && kvm_get_kvm_safe(vm->kvm))
		kvm = vm->kvm;
	for (i = 0; kvm && i < vm->tc.nr_sites && cnt < max; i++) {
		const struct kvmppc_bt_site *s = kvmppc_bt_tc_site(&vm->tc, i);

		if (s->state != KVMPPC_BT_SITE_PATCHED)
			continue;
		snap[cnt++] = (struct snap){
			.ea = s->ea, .gpa = s->gpa, .hva = s->hva, .insn = s->orig,
			.orig_mem = kvmppc_bt_mem_word(s->orig, s->le), .class = s->class,
		};
	}
	spin_unlock_irq(&vm->lock);
	if (!kvm) {
		r = -ENOENT;
		goto out;
	}
	*n = cnt;
	if (cnt > cap) {
		r = -ENOSPC;
		goto put;
	}
	sort(snap, cnt, sizeof(*snap), by_hva, NULL);
	for (i = 0; i < cnt; i = j) {
		u64 page = snap[i].hva & ~0xfffULL;
		u64 h;

		r = kvmppc_bt_read_remote(kvm, page, buf, 4096);
		if (r)
			goto put;
		/* The page as the guest wrote it: our words out. */
		for (j = i; j < cnt && (snap[j].hva & ~0xfffULL) == page; j++)
			*(u32 *)(buf + (snap[j].hva & 0xffc)) = snap[j].orig_mem;
		h = page_hash(buf);
		for (j = i; j < cnt && (snap[j].hva & ~0xfffULL) == page; j++)
			out[j] = (struct kvmppc_bt_profile_entry){
				.ea = snap[j].ea, .page_hash = h, .insn = snap[j].insn,
				.class = snap[j].class,
			};
	}
put:
	kvm_put_kvm(kvm);
out:
	kfree(buf);
	kvfree(snap);
	return r;
}

/* ---- import ----------------------------------------------------------- */

static int by_ea(const void *a, const void *b)
{
	const struct kvmppc_bt_warm_entry *x = a, *y = b;

	return x->ea < y->ea ? -1 : x->ea > y->ea;
}

/**
 * kvmppc_bt_warm_import() - give a VM a profile to apply
 * @vm: the VM
 * @in: entries, already copied from user space
 * @n: their number (1..max_sites)
 *
 * Replaces any profile the VM had.  Process context.
 * Return: 0, -EINVAL (a malformed entry: nothing changes), -ENOMEM.
 */
int kvmppc_bt_warm_import(struct kvmppc_bt_vm *vm, const struct kvmppc_bt_profile_entry *in,
			  u32 n)
{
	struct kvmppc_bt_warm *w, *old;
	u32 i;

	if (!n || n > READ_ONCE(vm->tc.max_sites))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if ((in[i].ea & 3) || in[i].pad[0] || in[i].pad[1] || in[i].pad[2] ||
		    in[i].class >= KVMPPC_BT_NR_CLASSES ||
		    kvmppc_bt_insn_class(kvmppc_bt_plat->flavour, in[i].insn) != in[i].class)
			return -EINVAL;
	}
	w = kvzalloc(struct_size(w, e, n), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	w->n = n;
	w->pending = n;
	for (i = 0; i < n; i++)
		w->e[i] = (struct kvmppc_bt_warm_entry){
			.ea = in[i].ea, .hash = in[i].page_hash, .insn = in[i].insn,
			.class = in[i].class, .state = WARM_PENDING,
		};
	sort(w->e, n, sizeof(w->e[0]), by_ea, NULL);
	spin_lock_irq(&vm->lock);
	old = vm->warm;
	vm->warm = w;
	spin_unlock_irq(&vm->lock);
	kvfree(old);
	return 0;
}

/* ---- applying --------------------------------------------------------- */

/* Index of the first entry at or after ea. */
static u32 first_at(const struct kvmppc_bt_warm *w, u64 ea)
{
	u32 lo = 0, hi = w->n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (w->e[mid].ea < ea)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void settle(struct kvmppc_bt_vm *vm, struct kvmppc_bt_warm_entry *e, u8 state)
{
	e->state = state;
	vm->warm->pending--;
	if (state == WARM_APPLIED)
		vm->stats.warm_patched++;
	else
		vm->stats.warm_rejected++;
}

/*
 * The 4K guest page at ea4k/gpa4k is being mapped (or one of its sites
 * trapped): apply its pending entries if its content matches.  A mapping
 * may come before the guest wrote the page (its code is copied or loaded
 * later), so a mismatch is final only at a trap (@final), when the code
 * runs.  Atomic, the VM locked, in a vcpu thread of the VM.
 */
static void warm_page(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu, u64 ea4k, u64 gpa4k,
		      bool final, bool *kick)
{
	struct kvmppc_bt_warm *w = vm->warm;
	u32 i = first_at(w, ea4k), k;
	struct kvm *kvm = vcpu->kvm;
	struct page *page;
	unsigned long hva;
	bool any = false;
	void *base;
	int idx, r;
	u64 h;

	for (k = i; k < w->n && w->e[k].ea < ea4k + 4096; k++)
		any |= w->e[k].state == WARM_PENDING;
	if (!any)
		return;
	/* Pages holding patches of this VM already go site by site. */
	if (kvmppc_bt_tc_page(&vm->tc, gpa4k >> 12))
		return;
	idx = srcu_read_lock(&kvm->srcu);
	hva = kvm_vcpu_gfn_to_hva(vcpu, gpa4k >> PAGE_SHIFT);
	srcu_read_unlock(&kvm->srcu, idx);
	if (kvm_is_error_hva(hva) || current->mm != kvm->mm ||
	    !get_user_page_fast_only(hva, 0, &page))
		return;		/* not RAM, or not resident now: a later fill */
	base = kmap_local_page(page);
	h = page_hash(base + (gpa4k & ~PAGE_MASK & ~0xfffULL));
	kunmap_local(base);
	put_page(page);
	for (k = i; k < w->n && w->e[k].ea < ea4k + 4096; k++) {
		struct kvmppc_bt_warm_entry *e = &w->e[k];

		if (e->state != WARM_PENDING)
			continue;
		if (e->hash != h) {
			if (final)
				settle(vm, e, WARM_REJECTED);
			continue;
		}
		r = kvmppc_bt_warm_patch(vm, vcpu, e->ea, e->insn, gpa4k | (e->ea & 0xfff), kick);
		if (r)
			settle(vm, e, r > 0 ? WARM_APPLIED : WARM_REJECTED);
	}
}

/**
 * kvmppc_bt_warm_map() - the shadow MMU maps a guest page for a vcpu
 * @vcpu: the vcpu, in its thread
 * @ea: guest effective address being mapped
 * @gpa: its guest physical address
 * @size: size of the mapping (4K or 64K; larger ones are looked at as 64K)
 *
 * Atomic context (a kprobe on the MMU fill).
 */
void kvmppc_bt_warm_map(struct kvm_vcpu *vcpu, u64 ea, u64 gpa, u64 size)
{
	struct kvmppc_bt_vm *vm;
	unsigned long flags;
	bool kick = false;
	u64 off;

	rcu_read_lock();
	vm = kvmppc_bt_vm_of(vcpu->kvm, false);
	if (!vm || !READ_ONCE(vm->warm))
		goto out;
	size = size > 0x10000 ? 0x10000 : size < 0x1000 ? 0x1000 : size;
	spin_lock_irqsave(&vm->lock, flags);
	if (!vm->dead && vm->warm && vm->warm->pending) {
		ea &= ~(size - 1);
		gpa &= ~(size - 1);
		for (off = 0; off < size; off += 0x1000)
			warm_page(vm, vcpu, ea + off, gpa + off, false, &kick);
	}
	spin_unlock_irqrestore(&vm->lock, flags);
	if (kick)
		kvmppc_bt_kick_others(vcpu->kvm);
out:
	rcu_read_unlock();
}

/*
 * A site's first trap, the VM locked: if the profile has it, its page was
 * mapped before we could look; apply the page now.  Return: the site is
 * patched.
 */
bool kvmppc_bt_warm_trap(struct kvmppc_bt_vm *vm, struct kvm_vcpu *vcpu,
			 struct kvmppc_bt_site *site, bool *kick)
{
	struct kvmppc_bt_warm *w = vm->warm;
	u32 k = first_at(w, site->ea);
	u64 gpa;

	if (!w->pending || k == w->n || w->e[k].ea != site->ea ||
	    w->e[k].state != WARM_PENDING || w->e[k].insn != site->orig)
		return false;
	if (kvmppc_bt_plat->pc_to_gpa(vcpu, site->ea, &gpa))
		return false;
	warm_page(vm, vcpu, site->ea & ~0xfffULL, gpa & ~0xfffULL, true, kick);
	return site->state == KVMPPC_BT_SITE_PATCHED;
}
