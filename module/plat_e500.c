// SPDX-License-Identifier: GPL-2.0
/*
 * Book E e500v2 (KVM_E500V2): 32-bit big-endian guests, software-managed
 * guest TLB, the magic page served by a host TLB1 entry (kvmppc_map_magic)
 * for supervisor data accesses.
 */
#include "kvmppc_bt.h"

/*
 * Code that sets MAS registers and then reads or writes the TLB must not
 * take a TLB miss in between: the host's miss handler loads the MAS
 * registers itself.  Module text is mapped page by page (TLB0), so every
 * such function starts on a 512-byte boundary and is shorter than that:
 * none crosses a page.  (It runs with interrupts off and touches no data
 * but its stack, which lowmem's pinned entries map.)
 */
#define KVMPPC_BT_TLB_CODE	__aligned(512)

static int e500_init(void)
{
	return kvmppc_bt_kvmppc_xlate ? 0 : -ENOENT;
}

static void e500_xlate_ctx(struct kvm_vcpu *vcpu, struct kvmppc_bt_xlate_ctx *ctx)
{
	*ctx = (struct kvmppc_bt_xlate_ctx){ .flavour = KVMPPC_BT_BOOKE };
}

static bool e500_insn_le(struct kvm_vcpu *vcpu)
{
	return false;
}

/*
 * kvmppc_xlate() walks the guest TLB (instruction side, current PID and
 * MSR[IS]) without sleeping.  The instruction was just fetched, so a guest
 * entry for it exists; if the guest replaced it meanwhile, that shows as a
 * translation failure or, for another page, as a word that is not the one
 * that trapped (the write is a compare-and-exchange).
 */
static int e500_pc_to_gpa(struct kvm_vcpu *vcpu, u64 ea, u64 *gpa)
{
	struct kvmppc_pte pte;

	if ((ea & PAGE_MASK) == vcpu->arch.magic_page_ea)
		return KVMPPC_BT_REASON_XLATE;
	if (kvmppc_bt_kvmppc_xlate(vcpu, ea, XLATE_INST, XLATE_READ, &pte))
		return KVMPPC_BT_REASON_XLATE;
	*gpa = pte.raddr;
	return 0;
}

/* Book E guests and their magic page are big-endian. */
static bool e500_intr_le(struct kvm_vcpu *vcpu)
{
	return false;
}

static void e500_set_intr_le(struct kvm_vcpu *vcpu, bool le)
{
}

/*
 * Invalidate this CPU's shadow entry for @ea under shadow PID @tid (AS 1):
 * a TLB0 entry, or a TLB1 entry of a larger mapping (hugetlbfs-backed guest
 * RAM).  KVM's own records of its TLB1 entries stay: they only make KVM
 * invalidate that entry again later, and a miss maps the page again.
 */
static __always_inline void shadow_inval(u64 ea, u32 tid)
{
	unsigned long flags;

	local_irq_save(flags);
	mtspr(SPRN_MAS6, (tid << 16) | MAS6_SAS);
	asm volatile("tlbsx 0, %0" : : "b" ((unsigned long)ea));
	if (mfspr(SPRN_MAS1) & MAS1_VALID) {
		mtspr(SPRN_MAS1, 0);
		asm volatile("isync; tlbwe; msync; isync" : : : "memory");
	}
	local_irq_restore(flags);
}

/*
 * Drop the vcpu's shadow entries of guest EA @ea: the guest's global
 * (TID 0) mappings are shadowed under shadow_pid1, its others under
 * shadow_pid.  The guest is in supervisor mode here (it just trapped on a
 * privileged instruction), and @ea is never the magic page's.
 */
static void KVMPPC_BT_TLB_CODE e500_tlb_inval(struct kvm_vcpu *vcpu, u64 ea)
{
	preempt_disable();
	shadow_inval(ea & PAGE_MASK, vcpu->arch.shadow_pid);
	shadow_inval(ea & PAGE_MASK, vcpu->arch.shadow_pid1);
	preempt_enable();
}

/*
 * Write a host TLB entry again, as KVM just wrote it but with other
 * permissions: the same MAS0 selects the same entry (TLB1) or the same set
 * and way (TLB0, the set from the EPN), so nothing else changes.
 */
void KVMPPC_BT_TLB_CODE kvmppc_bt_e500_tlbwe(u32 mas0, u32 mas1, u64 mas2, u64 mas7_3)
{
	unsigned long flags;

	local_irq_save(flags);
	mtspr(SPRN_MAS0, mas0);
	mtspr(SPRN_MAS1, mas1);
	mtspr(SPRN_MAS2, (unsigned long)mas2);
	mtspr(SPRN_MAS3, (u32)mas7_3);
	mtspr(SPRN_MAS7, (u32)(mas7_3 >> 32));
	asm volatile("isync; tlbwe; msync; isync" : : : "memory");
	local_irq_restore(flags);
}

/*
 * The e500 kernel window (vm.c): TLB0 entries of ours at fixed EAs, for
 * guest supervisor instruction fetch (user execute under the shadow PID of
 * guest supervisor mode, address space 0), and host supervisor read: KVM
 * reads the instruction of some exits at the guest's PC (address space 1),
 * as every shadow entry lets it.  No two valid entries that one
 * lookup can match may ever be in a TLB: a multiple hit is undefined on
 * e500.  So a window page goes whenever KVM writes any guest (TS = 1)
 * entry over it (kvmppc_bt_e500_kw_clear(), from the shadow TLB write
 * tracepoint, before the guest can run), and every guest entry over it
 * goes when it is mapped.  The guest never runs while both are there.
 */

/* TLBnCFG fields (the kernel's names for them are CamelCase). */
#define TLBCFG_ASSOC(cfg)	(((cfg) >> 24) & 0xff)
#define TLBCFG_ENTRIES(cfg)	((cfg) & 0xfff)

/* TLB0's ways; the set is the EPN's low bits. */
static __always_inline unsigned int tlb0_ways(void)
{
	return TLBCFG_ASSOC(mfspr(SPRN_TLB0CFG));
}

/* Invalidate the TLB entry that MAS0-MAS2 select (after a tlbre). */
static __always_inline void tlb_inval_selected(void)
{
	mtspr(SPRN_MAS1, 0);
	asm volatile("isync; tlbwe; msync; isync" : : : "memory");
}

/*
 * Invalidate the guest (TS = 1) TLB0 entries of page @ea in every way but
 * @keep, or only those mapping @pa if @pa is not 0.  Returns whether one
 * went; *@free is a way now free (or -1).  Interrupts off.
 */
static noinline bool KVMPPC_BT_TLB_CODE tlb0_clear(u32 ea, int keep, u64 pa, int *free)
{
	unsigned int w, ways = tlb0_ways();
	bool gone = false;
	u32 mas1;
	u64 rpn;

	*free = -1;
	for (w = 0; w < ways; w++) {
		mtspr(SPRN_MAS0, MAS0_TLBSEL(0) | MAS0_ESEL(w));
		mtspr(SPRN_MAS2, ea);
		asm volatile("tlbre; isync" : : : "memory");
		mas1 = mfspr(SPRN_MAS1);
		if (!(mas1 & MAS1_VALID)) {
			if (*free < 0)
				*free = w;
			continue;
		}
		if ((int)w == keep || !(mas1 & MAS1_TS) || (mfspr(SPRN_MAS2) & PAGE_MASK) != ea)
			continue;
		rpn = ((u64)mfspr(SPRN_MAS7) << 32 | mfspr(SPRN_MAS3)) & PAGE_MASK;
		if (pa && rpn != pa)
			continue;
		tlb_inval_selected();
		gone = true;
		if (*free < 0)
			*free = w;
	}
	return gone;
}

/* Invalidate the guest (TS = 1) TLB1 entries that hold @ea.  Interrupts off. */
static noinline void KVMPPC_BT_TLB_CODE tlb1_clear(u32 ea)
{
	unsigned int i, n = TLBCFG_ENTRIES(mfspr(SPRN_TLB1CFG));
	u64 size, epn;
	u32 mas1;

	for (i = 0; i < n; i++) {
		mtspr(SPRN_MAS0, MAS0_TLBSEL(1) | MAS0_ESEL(i));
		asm volatile("tlbre; isync" : : : "memory");
		mas1 = mfspr(SPRN_MAS1);
		if (!(mas1 & MAS1_VALID) || !(mas1 & MAS1_TS) || (mas1 & MAS1_IPROT))
			continue;
		size = 1ULL << (((mas1 & MAS1_TSIZE_MASK) >> MAS1_TSIZE_SHIFT) + 10);
		epn = mfspr(SPRN_MAS2) & ~(size - 1);
		if (ea >= epn && ea - epn < size)
			tlb_inval_selected();
	}
}

/**
 * kvmppc_bt_e500_kw_map() - map the kernel window on this CPU
 * @ea: its EA (a 4K page)
 * @tid: the shadow PID of guest supervisor mode in address space 0
 * @pa: the window's page (host frame)
 *
 * Every other guest entry over @ea goes first, in TLB0 and TLB1.
 */
void KVMPPC_BT_TLB_CODE kvmppc_bt_e500_kw_map(u32 ea, u32 tid, u64 pa)
{
	unsigned long flags;
	int way;

	local_irq_save(flags);
	tlb0_clear(ea, -1, 0, &way);
	tlb1_clear(ea);
	if (way < 0)
		way = 0;
	mtspr(SPRN_MAS0, MAS0_TLBSEL(0) | MAS0_ESEL(way));
	mtspr(SPRN_MAS1, MAS1_VALID | MAS1_TS | MAS1_TID(tid) | MAS1_TSIZE(BOOK3E_PAGESZ_4K));
	mtspr(SPRN_MAS2, ea | MAS2_M);
	mtspr(SPRN_MAS3, (u32)pa | MAS3_UX | MAS3_SR);
	mtspr(SPRN_MAS7, (u32)(pa >> 32));
	asm volatile("isync; tlbwe; msync; isync" : : : "memory");
	local_irq_restore(flags);
}

/**
 * kvmppc_bt_e500_kw_clear() - take the kernel window out of this CPU's TLB0
 * @ea: its EA
 * @keep: a TLB0 way to leave alone (the entry KVM just wrote), or -1
 * @pa: only a window of this magic page; 0: any guest entry over @ea
 *
 * Return: whether an entry went.
 */
bool kvmppc_bt_e500_kw_clear(u32 ea, int keep, u64 pa)
{
	unsigned long flags;
	bool gone;
	int free;

	local_irq_save(flags);
	gone = tlb0_clear(ea, keep, pa, &free);
	local_irq_restore(flags);
	return gone;
}

static void e500_drop_dsi(struct kvm_vcpu *vcpu)
{
	clear_bit(KVMPPC_BT_BOOKE_IRQPRIO_DATA_STORAGE, &vcpu->arch.pending_exceptions);
}

const struct kvmppc_bt_plat kvmppc_bt_plat_e500 = {
	.name = "e500v2",
	.flavour = KVMPPC_BT_BOOKE,
	.init = e500_init,
	.xlate_ctx = e500_xlate_ctx,
	.insn_le = e500_insn_le,
	.pc_to_gpa = e500_pc_to_gpa,
	.intr_le = e500_intr_le,
	.set_intr_le = e500_set_intr_le,
	.tlb_inval = e500_tlb_inval,
	.drop_dsi = e500_drop_dsi,
};
