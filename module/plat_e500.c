// SPDX-License-Identifier: GPL-2.0
/*
 * Book E e500v2 (KVM_E500V2): 32-bit big-endian guests, software-managed
 * guest TLB, the magic page served by a host TLB1 entry (kvmppc_map_magic)
 * for supervisor data accesses.
 */
#include "kvmppc_bt.h"

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
static void shadow_inval(u64 ea, u32 tid)
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
static void e500_tlb_inval(struct kvm_vcpu *vcpu, u64 ea)
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
void kvmppc_bt_e500_tlbwe(u32 mas0, u32 mas1, u64 mas2, u64 mas7_3)
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
