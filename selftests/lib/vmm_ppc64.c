// SPDX-License-Identifier: GPL-2.0
/*
 * The selftests' minimal VMM: Book3S KVM-PR on ppc64le.
 *
 * A KVM_VM_PPC_PR VM whose guest runs little-endian in real mode
 * (MSR_IR = MSR_DR = 0).  LPCR_ILE is set through ONE_REG so that the guest's
 * interrupt vectors also run little-endian, and HIOR to 0 so that they are
 * the ones in page 0 (KVM-PR's default for a 64-bit CPU is 0xfff00000, as
 * on a 970).
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vmm.h"
#include "vmm_flavour.h"

#define MSR_SF		(1ULL << 63)
#define MSR_ME		(1ULL << 12)
#define MSR_RI		(1ULL << 1)
#define MSR_LE		(1ULL << 0)
#define LPCR_ILE	(1ULL << 25)

/* KVM-PR is a module: a PR host has it loaded (a test may have removed it). */
int flavour_vm_type(void)
{
	if (access("/sys/module/kvm_pr", F_OK))
		VMM_ASSERT(system("modprobe kvm-pr") == 0, "cannot load kvm-pr");
	return KVM_VM_PPC_PR;
}

uint64_t flavour_boot_msr(void)
{
	return MSR_SF | MSR_ME | MSR_RI | MSR_LE;
}

void flavour_vcpu_setup(struct vcpu *vcpu)
{
	uint64_t lpcr = LPCR_ILE, hior = 0;
	struct kvm_one_reg reg = {
		.id = KVM_REG_PPC_LPCR_64,
		.addr = (uintptr_t)&lpcr,
	};
	struct kvm_one_reg hreg = {
		.id = KVM_REG_PPC_HIOR,
		.addr = (uintptr_t)&hior,
	};

	VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_ONE_REG, &reg),
		   "KVM_SET_ONE_REG(LPCR): %s", strerror(errno));
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_ONE_REG, &hreg),
		   "KVM_SET_ONE_REG(HIOR): %s", strerror(errno));
}

#define PPC64_VSID	0x123ULL
#define PPC64_KVSID	0x456ULL	/* the kernel segment's */

/* Enter EA -> PA (4K, segment @vsid) into the page table; its guest address. */
static uint64_t hpte_insert_vsid(struct vm *vm, uint64_t htab, uint64_t vsid, uint64_t ea,
				 uint64_t pa)
{
	uint64_t page = (ea & 0x0fffffffULL) >> 12, vpn = vsid << 16 | page;
	uint64_t pteg = htab + ((vsid ^ page) & 2047) * 128;
	uint64_t *pte = vm_gpa(vm, pteg);
	int i;

	for (i = 0; i < 16 && (be64toh(pte[i]) & 1); i += 2)
		;
	VMM_ASSERT(i < 16, "page table group full at EA %#llx", (unsigned long long)ea);
	pte[i + 1] = htobe64(pa | 0x180 | 0x10 | 0x2);		/* R C M, PP 10 */
	pte[i] = htobe64(((vpn >> 4) & ~0x7fULL) | 1);		/* AVPN, V */
	return pteg + 8 * i;
}

static uint64_t hpte_insert(struct vm *vm, uint64_t htab, uint64_t ea, uint64_t pa)
{
	VMM_ASSERT(ea < (1ULL << 28), "EA %#llx is not in segment 0", (unsigned long long)ea);
	return hpte_insert_vsid(vm, htab, PPC64_VSID, ea, pa);
}

/*
 * Identity-map guest EA [0, size) in 4K pages for a guest that turns
 * MSR_IR/DR on: a hashed page table at guest physical @htab (256 KB,
 * aligned, zero) and SLB entry 0 (ESID 0, VSID 0x123, keys 0), PP = 10
 * (read-write in either state).  KVM-PR reads the table from guest memory
 * (big-endian) as the guest's own, SDR1 and the SLB come from KVM_SET_SREGS.
 */
void vcpu_ppc64_identity_map(struct vcpu *vcpu, uint64_t htab, uint64_t size)
{
	struct kvm_sregs sregs;
	uint64_t ea;

	VMM_ASSERT(!(htab & 0x3ffff) && htab + 0x40000 <= vcpu->vm->mem_size,
		   "bad page table address %#llx", (unsigned long long)htab);
	for (ea = 0; ea < size; ea += 0x1000)
		hpte_insert(vcpu->vm, htab, ea, ea);
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_GET_SREGS, &sregs), "KVM_GET_SREGS: %s", strerror(errno));
	sregs.u.s.sdr1 = htab;					/* HTABSIZE 0: 256 KB */
	memset(sregs.u.s.ppc64.slb, 0, sizeof(sregs.u.s.ppc64.slb));
	sregs.u.s.ppc64.slb[0].slbe = 0x08000000;		/* ESID 0, V, entry 0 */
	sregs.u.s.ppc64.slb[0].slbv = PPC64_VSID << 12;
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_SREGS, &sregs), "KVM_SET_SREGS: %s", strerror(errno));
}

/* One more 4K page, after vcpu_ppc64_identity_map(); the entry's address. */
uint64_t vcpu_ppc64_map_page(struct vcpu *vcpu, uint64_t htab, uint64_t ea, uint64_t pa)
{
	return hpte_insert(vcpu->vm, htab, ea, pa);
}

/*
 * After vcpu_ppc64_identity_map(): the same guest physical [0, size) at
 * EA 0xc000_0000_0000_0000 as well, as a Linux kernel maps itself (SLB
 * entry 1: that segment, VSID 0x456).
 */
void vcpu_ppc64_kernel_map(struct vcpu *vcpu, uint64_t htab, uint64_t size)
{
	const uint64_t base = 0xc000000000000000ULL;
	struct kvm_sregs sregs;
	uint64_t off;

	for (off = 0; off < size; off += 0x1000)
		hpte_insert_vsid(vcpu->vm, htab, PPC64_KVSID, base + off, off);
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_GET_SREGS, &sregs), "KVM_GET_SREGS: %s", strerror(errno));
	sregs.u.s.ppc64.slb[1].slbe = base | 0x08000000 | 1;	/* ESID, V, entry 1 */
	sregs.u.s.ppc64.slb[1].slbv = PPC64_KVSID << 12;
	VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_SREGS, &sregs), "KVM_SET_SREGS: %s", strerror(errno));
}
