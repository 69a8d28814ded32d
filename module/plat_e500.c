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

const struct kvmppc_bt_plat kvmppc_bt_plat_e500 = {
	.name = "e500v2",
	.flavour = KVMPPC_BT_BOOKE,
	.init = e500_init,
	.xlate_ctx = e500_xlate_ctx,
	.insn_le = e500_insn_le,
	.pc_to_gpa = e500_pc_to_gpa,
	.intr_le = e500_intr_le,
	.set_intr_le = e500_set_intr_le,
};
