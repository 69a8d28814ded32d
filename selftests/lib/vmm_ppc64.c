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
