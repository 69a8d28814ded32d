// SPDX-License-Identifier: GPL-2.0
/*
 * The selftests' minimal VMM: Book E e500v2 (KVM_E500V2).
 *
 * The guest TLB is an array shared with KVM (KVM_CAP_SW_TLB), as QEMU's
 * e500 machines do.  TLB1[0] maps EA 0..256M to PA 0 with TID 0, TS 0,
 * supervisor and user RWX, protected from invalidation (IPROT).  The
 * exception vectors are at IVPR = 0, IVORn = GUEST_IVOR(n).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vmm.h"
#include "vmm_flavour.h"

#define TLB0_SIZE	512
#define TLB0_WAYS	4
#define TLB1_SIZE	16

#define MAS1_VALID	0x80000000u
#define MAS1_IPROT	0x40000000u
#define MAS1_TSIZE(x)	(((x) << 7) & 0x00000f80u)	/* 2^x KB */
#define MAS3_UX		0x20u
#define MAS3_SX		0x10u
#define MAS3_UW		0x08u
#define MAS3_SW		0x04u
#define MAS3_UR		0x02u
#define MAS3_SR		0x01u

int flavour_vm_type(void)
{
	return 0;
}

uint64_t flavour_boot_msr(void)
{
	return 0;	/* supervisor, IS = DS = 0, interrupts off */
}

/* KVM reads the whole shared TLB array again. */
static void tlb_dirty(struct vcpu *vcpu)
{
	static uint8_t bitmap[(TLB0_SIZE + TLB1_SIZE + 7) / 8];
	struct kvm_dirty_tlb dirty = { 0 };

	memset(bitmap, 0xff, sizeof(bitmap));
	dirty.bitmap = (uintptr_t)bitmap;
	dirty.num_dirty = TLB0_SIZE + TLB1_SIZE;
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_DIRTY_TLB, &dirty), "KVM_DIRTY_TLB: %s", strerror(errno));
}

static void setup_tlb(struct vcpu *vcpu)
{
	struct kvm_book3e_206_tlb_params params = {
		.tlb_sizes = { TLB0_SIZE, TLB1_SIZE },
		.tlb_ways = { TLB0_WAYS, TLB1_SIZE },
	};
	struct kvm_book3e_206_tlb_entry *tlb, *tlb1;
	struct kvm_config_tlb cfg = { 0 };
	struct kvm_enable_cap cap = { 0 };
	size_t size = (TLB0_SIZE + TLB1_SIZE) * sizeof(*tlb);

	VMM_ASSERT(!posix_memalign((void **)&tlb, 4096, size), "out of memory");
	memset(tlb, 0, size);
	tlb1 = &tlb[TLB0_SIZE];
	tlb1[0].mas1 = MAS1_VALID | MAS1_IPROT | MAS1_TSIZE(18);	/* 256 MB */
	tlb1[0].mas2 = 0;
	tlb1[0].mas7_3 = MAS3_SX | MAS3_SW | MAS3_SR | MAS3_UX | MAS3_UW | MAS3_UR;
	vcpu->tlb = tlb;

	cfg.params = (uintptr_t)&params;
	cfg.array = (uintptr_t)tlb;
	cfg.mmu_type = KVM_MMU_FSL_BOOKE_NOHV;
	cfg.array_len = size;
	cap.cap = KVM_CAP_SW_TLB;
	cap.args[0] = (uintptr_t)&cfg;
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_ENABLE_CAP, &cap),
		   "KVM_ENABLE_CAP(KVM_CAP_SW_TLB): %s", strerror(errno));
	tlb_dirty(vcpu);
}

/*
 * TLB1[@esel]: EA @ea (2^@tsize KB) to PA @pa, TID 0, TS 0, supervisor read
 * and write, and execute if @exec; KVM is told (KVM_DIRTY_TLB).
 */
void vcpu_e500_tlb1_map(struct vcpu *vcpu, unsigned int esel, uint32_t ea, uint64_t pa,
			unsigned int tsize, bool exec)
{
	struct kvm_book3e_206_tlb_entry *tlb1 = (struct kvm_book3e_206_tlb_entry *)vcpu->tlb +
						TLB0_SIZE;

	VMM_ASSERT(esel > 0 && esel < TLB1_SIZE, "TLB1 entry %u", esel);
	tlb1[esel].mas1 = MAS1_VALID | MAS1_TSIZE(tsize);
	tlb1[esel].mas2 = ea;
	tlb1[esel].mas7_3 = pa | MAS3_SW | MAS3_SR | (exec ? MAS3_SX : 0);
	tlb_dirty(vcpu);
}

static void setup_vectors(struct vcpu *vcpu)
{
	struct kvm_sregs sregs;
	int i;

	VMM_ASSERT(!ioctl(vcpu->fd, KVM_GET_SREGS, &sregs), "KVM_GET_SREGS: %s", strerror(errno));
	VMM_ASSERT(sregs.u.e.features & KVM_SREGS_E_IVOR, "KVM does not expose the IVORs");
	sregs.u.e.ivpr = 0;
	for (i = 0; i < 16; i++)
		sregs.u.e.ivor_low[i] = GUEST_IVOR(i);
	for (i = 0; i < 4; i++)
		sregs.u.e.ivor_high[i] = GUEST_IVOR(32 + i);
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_SREGS, &sregs), "KVM_SET_SREGS: %s", strerror(errno));
}

void flavour_vcpu_setup(struct vcpu *vcpu)
{
	setup_tlb(vcpu);
	setup_vectors(vcpu);
}
