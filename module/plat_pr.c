// SPDX-License-Identifier: GPL-2.0
/*
 * Book3S KVM-PR: 64-bit capable guests of either endianness, guest hashed
 * page table, the magic page served by an EA override in the guest MMU
 * emulation (virtual mode) and a physical-address override (real mode).
 *
 * Translating a guest PC cannot use KVM's own xlate here: it takes a mutex
 * and reads the guest page table from user memory, and every hook runs in
 * atomic context.  The vcpu just fetched the instruction, though, so PR's
 * shadow-HPTE cache holds the guest translation of that page: its guest
 * virtual page number (computed from the guest SLB by mmu.ea_to_vp, a pure
 * array walk) leads to the cached guest real address.  RCU protects the
 * cache's lists.  A miss is a transient failure (the site is retried at its
 * next trap); a wrong page cannot be patched because the write insists on
 * finding the trapping word there.
 */
#include "kvmppc_bt.h"

static int pr_init(void)
{
	return 0;
}

static void pr_xlate_ctx(struct kvm_vcpu *vcpu, struct kvmppc_bt_xlate_ctx *ctx)
{
	u64 msr = kvmppc_bt_guest_msr(vcpu);

	*ctx = (struct kvmppc_bt_xlate_ctx){
		.flavour = KVMPPC_BT_BOOK3S,
		.mode64 = !!(msr & MSR_SF),
		.guest_le = !!(msr & MSR_LE),
		.shared_be = vcpu->arch.shared_big_endian,
	};
}

static bool pr_insn_le(struct kvm_vcpu *vcpu)
{
	return !!(kvmppc_bt_guest_msr(vcpu) & MSR_LE);
}

static bool cached_gpa(struct kvm_vcpu *vcpu, u64 ea, u64 vp, u64 *gpa)
{
	struct kvmppc_vcpu_book3s *vcpu3s = to_book3s(vcpu);
	struct hlist_head *head;
	struct hpte_cache *pte;
	bool found = false;

	rcu_read_lock();
	head = &vcpu3s->hpte_hash_vpte[kvmppc_bt_hash_vpte(vp)];
	hlist_for_each_entry_rcu(pte, head, list_vpte) {
		if (pte->pte.vpage == vp) {
			*gpa = (pte->pte.raddr & ~0xfffULL) | (ea & 0xfff);
			found = true;
			break;
		}
	}
	if (!found) {
		/* A 64K shadow page whose cache entry was made for another 4K of it. */
		head = &vcpu3s->hpte_hash_vpte_64k[kvmppc_bt_hash_vpte_64k(vp)];
		hlist_for_each_entry_rcu(pte, head, list_vpte_64k) {
			if (pte->pagesize == MMU_PAGE_64K &&
			    (pte->pte.vpage & ~0xfULL) == (vp & ~0xfULL)) {
				*gpa = (pte->pte.raddr & ~0xffffULL) | (ea & 0xffff);
				found = true;
				break;
			}
		}
	}
	rcu_read_unlock();
	return found;
}

static int pr_pc_to_gpa(struct kvm_vcpu *vcpu, u64 ea, u64 *gpa)
{
	u64 msr = kvmppc_bt_guest_msr(vcpu), vp;

	switch (msr & (MSR_IR | MSR_DR)) {
	case 0:
		/* Real mode: EA is the guest real address. */
		*gpa = ea & KVM_PAM;
		return 0;
	case MSR_IR | MSR_DR:
		if ((ea & ~0xfffULL) == (vcpu->arch.magic_page_ea & ~0xfffULL))
			return KVMPPC_BT_REASON_XLATE;
		vp = vcpu->arch.mmu.ea_to_vp(vcpu, ea, false);
		if (!vp || !cached_gpa(vcpu, ea, vp, gpa))
			return KVMPPC_BT_REASON_XLATE;
		return 0;
	default:
		/* Split real mode (PR's SPLIT_HACK): not worth the trouble. */
		return KVMPPC_BT_REASON_MODE;
	}
}

static bool pr_intr_le(struct kvm_vcpu *vcpu)
{
	return !!(vcpu->arch.intr_msr & MSR_LE);
}

static void pr_set_intr_le(struct kvm_vcpu *vcpu, bool le)
{
	if (le)
		vcpu->arch.intr_msr |= MSR_LE;
	else
		vcpu->arch.intr_msr &= ~MSR_LE;
}

/* The SPRs KVM-PR keeps in vcpu fields (book3s_emulate.c), by mirror slot. */
static void pr_mirror_values(struct kvm_vcpu *vcpu, u64 *vals)
{
	vals[KVMPPC_BT_MIRROR_FSCR] = vcpu->arch.fscr;
	vals[KVMPPC_BT_MIRROR_EBBHR] = vcpu->arch.ebbhr;
	vals[KVMPPC_BT_MIRROR_EBBRR] = vcpu->arch.ebbrr;
	vals[KVMPPC_BT_MIRROR_BESCR] = vcpu->arch.bescr;
}

/* kvmppc_handle_fac: a supervisor EBB access is emulated only with FSCR[EBB]. */
static bool pr_mirror_ebb(const u64 *vals)
{
	return !!(vals[KVMPPC_BT_MIRROR_FSCR] & FSCR_EBB);
}

const struct kvmppc_bt_plat kvmppc_bt_plat_pr = {
	.name = "book3s-pr",
	.flavour = KVMPPC_BT_BOOK3S,
	.init = pr_init,
	.xlate_ctx = pr_xlate_ctx,
	.insn_le = pr_insn_le,
	.pc_to_gpa = pr_pc_to_gpa,
	.intr_le = pr_intr_le,
	.set_intr_le = pr_set_intr_le,
	.mirror_values = pr_mirror_values,
	.mirror_ebb = pr_mirror_ebb,
};
