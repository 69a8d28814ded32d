// SPDX-License-Identifier: GPL-2.0
/*
 * Writing one instruction word of guest memory.
 *
 * Every write is a compare-and-exchange on the word: it happens only if the
 * word still holds what kvmppc-bt expects (the original when patching, our
 * replacement when restoring), so a guest (or VMM) that rewrote its code
 * meanwhile always wins.  The instruction cache is flushed through the
 * kernel alias and the page is marked dirty, for the host and in KVM's
 * dirty log.
 *
 * Two ways to reach the page:
 *  - atomic: from a hook in a thread of the VMM (current->mm is the VM's),
 *    where nothing may sleep: GUP-fast only, which fails for a page that is
 *    not resident;
 *  - remote: from process context in any thread (unload, flush): a regular
 *    GUP on the VM's mm, which may sleep.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <asm/cacheflush.h>

#include "kvmppc_bt.h"

/* An instruction word in guest memory byte order. */
u32 kvmppc_bt_mem_word(u32 insn, bool le)
{
	return le ? (__force u32)cpu_to_le32(insn) : (__force u32)cpu_to_be32(insn);
}

static int cmpxchg_page(struct page *page, u64 hva, u32 old, u32 new)
{
	void *base = kmap_local_page(page);
	u32 *p = base + (hva & ~PAGE_MASK & ~3ull);
	u32 was;

	was = cmpxchg(p, old, new);
	if (was == old)
		flush_icache_range((unsigned long)p, (unsigned long)p + 4);
	kunmap_local(base);
	return was == old ? 0 : -EAGAIN;
}

static void mark_dirty(struct kvm *kvm, u64 gpa)
{
	int idx = srcu_read_lock(&kvm->srcu);

	mark_page_dirty(kvm, gpa >> PAGE_SHIFT);
	srcu_read_unlock(&kvm->srcu, idx);
}

/**
 * kvmppc_bt_write_atomic() - compare-and-exchange a guest word, not sleeping
 * @kvm: the VM; current->mm must be its mm
 * @gpa: guest physical address of the word (for the dirty log)
 * @hva: its address in the VMM
 * @old: the word expected, in guest byte order
 * @new: the word to write, in guest byte order
 *
 * Return: 0; -EAGAIN when the word is not @old; -EFAULT when the page is
 * not resident and writable right now.
 */
int kvmppc_bt_write_atomic(struct kvm *kvm, u64 gpa, u64 hva, u32 old, u32 new)
{
	struct page *page;
	int r;

	if (current->mm != kvm->mm)
		return -EFAULT;
	if (!get_user_page_fast_only(hva, FOLL_WRITE, &page))
		return -EFAULT;
	r = cmpxchg_page(page, hva, old, new);
	if (!r) {
		set_page_dirty(page);
		mark_dirty(kvm, gpa);
	}
	put_page(page);
	return r;
}

/**
 * kvmppc_bt_hva_pfn() - the host page frame behind a VMM address, now
 * @kvm: the VM; current->mm must be its mm
 * @hva: an address in the VMM
 *
 * Not sleeping (GUP-fast).  Return: the frame number, or 0 when the page
 * is not resident and writable.
 */
u64 kvmppc_bt_hva_pfn(struct kvm *kvm, u64 hva)
{
	struct page *page;
	u64 pfn;

	if (current->mm != kvm->mm || !get_user_page_fast_only(hva, FOLL_WRITE, &page))
		return 0;
	pfn = page_to_pfn(page);
	put_page(page);
	return pfn;
}

/**
 * kvmppc_bt_write_remote() - compare-and-exchange a guest word from any thread
 * @kvm: the VM; the caller holds a reference to it
 * @gpa: guest physical address of the word
 * @hva: its address in the VMM
 * @old: the word expected, in guest byte order
 * @new: the word to write, in guest byte order
 *
 * May sleep.  Return: 0, -EAGAIN (word changed), or -EFAULT (the VMM's
 * address space is gone or the page cannot be written).
 */
int kvmppc_bt_write_remote(struct kvm *kvm, u64 gpa, u64 hva, u32 old, u32 new)
{
	struct mm_struct *mm = kvm->mm;
	struct page *page;
	long n;
	int r;

	might_sleep();
	if (!mmget_not_zero(mm))
		return -EFAULT;
	mmap_read_lock(mm);
	n = kvmppc_bt_gup_remote(mm, hva, FOLL_WRITE, &page);
	mmap_read_unlock(mm);
	if (n != 1) {
		mmput(mm);
		return -EFAULT;
	}
	r = cmpxchg_page(page, hva, old, new);
	if (!r) {
		set_page_dirty_lock(page);
		mark_dirty(kvm, gpa);
	}
	put_page(page);
	mmput(mm);
	return r;
}

/**
 * kvmppc_bt_read_remote() - copy bytes of guest memory, from any thread
 * @kvm: the VM; the caller holds a reference to it
 * @hva: address in the VMM; [hva, hva + len) within one host page
 * @buf: destination
 * @len: bytes
 *
 * May sleep.  Return: 0 or -EFAULT.
 */
int kvmppc_bt_read_remote(struct kvm *kvm, u64 hva, void *buf, size_t len)
{
	struct mm_struct *mm = kvm->mm;
	struct page *page;
	void *base;
	long n;

	might_sleep();
	if ((hva & ~PAGE_MASK) + len > PAGE_SIZE || !mmget_not_zero(mm))
		return -EFAULT;
	mmap_read_lock(mm);
	n = kvmppc_bt_gup_remote(mm, hva, 0, &page);
	mmap_read_unlock(mm);
	if (n != 1) {
		mmput(mm);
		return -EFAULT;
	}
	base = kmap_local_page(page);
	memcpy(buf, base + (hva & ~PAGE_MASK), len);
	kunmap_local(base);
	put_page(page);
	mmput(mm);
	return 0;
}
