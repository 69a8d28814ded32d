/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version and KVM-internals dependency of kvmppc-bt, in one
 * place.  The rest of the module reads like current mainline code.
 *
 * Supported: Linux 6.1 (the lab).  What is mirrored here from KVM's own
 * sources must be checked whenever another kernel version is added.
 */
#ifndef KVMPPC_BT_COMPAT_H
#define KVMPPC_BT_COMPAT_H

#include <linux/kvm_host.h>
#include <linux/mm.h>
#include <asm/kvm_ppc.h>

#if IS_ENABLED(CONFIG_KVM_E500V2)
#define KVMPPC_BT_HAVE_E500	1
#elif IS_ENABLED(CONFIG_KVM_BOOK3S_64_PR)
#define KVMPPC_BT_HAVE_PR	1
#endif

/*
 * Our own vcpu request: "run kvmppc-bt's per-vcpu work before the next
 * guest entry".  PPC uses arch requests 0-2 (asm/kvm_host.h); this one is
 * far above them.  kvmppc_core_check_requests() leaves unknown bits set,
 * so the handler of this request always clears it.
 */
#define KVMPPC_BT_REQ		KVM_ARCH_REQ(24)

/*
 * KVM's kvm_ppc_instr tracepoint (arch/powerpc/kvm/trace.h, a private
 * header; the tracepoint is exported from kvm.ko), fired at the end of
 * kvmppc_emulate_instruction(): the emulated word, the PC before it
 * advances (after rfi and friends: their target) and the result.  Only the
 * registration functions of this declaration are used.
 */
#include <linux/tracepoint.h>
DECLARE_TRACE(kvm_ppc_instr,
	      TP_PROTO(unsigned int inst, unsigned long pc, unsigned int emulate),
	      TP_ARGS(inst, pc, emulate));

/* get_user_pages_remote() of one page (its arguments changed in 6.5). */
static inline long kvmppc_bt_gup_remote(struct mm_struct *mm, unsigned long addr,
					unsigned int flags, struct page **page)
{
	return get_user_pages_remote(mm, addr, 1, flags, page, NULL, NULL);
}

/* The name KVM gives a VM's debugfs directory: "<pid>-<vmfd>". */
static inline void kvmppc_bt_vm_name(struct kvm *kvm, char *buf, size_t len)
{
	if (!IS_ERR_OR_NULL(kvm->debugfs_dentry))
		strscpy(buf, kvm->debugfs_dentry->d_name.name, len);
	else
		snprintf(buf, len, "%d-unknown", kvm->userspace_pid);
}

/*
 * The guest MSR, read from the magic page in its byte order.  KVM's own
 * kvmppc_get_msr() (asm/kvm_ppc.h, SHARED_WRAPPER_GET) reads the same field
 * with casts to __be64/__le64 that lack __force, which sparse reports in
 * every file that calls it.
 */
static inline u64 kvmppc_bt_guest_msr(struct kvm_vcpu *vcpu)
{
	u64 v = READ_ONCE(vcpu->arch.shared->msr);

	if (kvmppc_shared_big_endian(vcpu))
		return be64_to_cpu((__force __be64)v);
	return le64_to_cpu((__force __le64)v);
}

/* kvmppc_need_byteswap(), on top of kvmppc_bt_guest_msr(). */
static inline bool kvmppc_bt_need_byteswap(struct kvm_vcpu *vcpu)
{
#ifdef CONFIG_PPC_BOOK3S
	return (kvmppc_bt_guest_msr(vcpu) & MSR_LE) != (MSR_KERNEL & MSR_LE);
#else
	return false;
#endif
}

#ifdef KVMPPC_BT_HAVE_E500
/* BookE's pending-exception bits (arch/powerpc/kvm/booke.h). */
#define KVMPPC_BT_BOOKE_IRQPRIO_DATA_STORAGE	0
#define KVMPPC_BT_BOOKE_IRQPRIO_INST_STORAGE	1
#define KVMPPC_BT_BOOKE_IRQPRIO_DTLB_MISS	10
#endif

#ifdef KVMPPC_BT_HAVE_PR
#include <linux/hash.h>
#include <asm/kvm_book3s.h>

/*
 * Book3S PR keeps a hash of its shadow HPTEs by guest virtual page
 * (arch/powerpc/kvm/book3s_mmu_hpte.c).  These mirror its static hash
 * functions and must stay identical to them.
 */
static inline u64 kvmppc_bt_hash_vpte(u64 vpage)
{
	return hash_64(vpage & 0xfffffffffULL, HPTEG_HASH_BITS_VPTE);
}

static inline u64 kvmppc_bt_hash_vpte_64k(u64 vpage)
{
	return hash_64((vpage & 0xffffffff0ULL) >> 4, HPTEG_HASH_BITS_VPTE_64K);
}
#endif

#endif
