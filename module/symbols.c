// SPDX-License-Identifier: GPL-2.0
/*
 * Unexported KVM symbols kvmppc-bt calls, resolved in this one place.
 *
 * kallsyms_lookup_name() is not exported since Linux 5.7.  A kprobe
 * resolves a symbol name exactly (kallsyms, built-in and modules); its
 * address is read back and the probe removed at once.  The address is then
 * checked to be exactly the start of the named function.  Nothing is ever
 * guessed: a missing symbol fails the load with a message naming it.
 *
 * Only functions called through a plain pointer are resolved here, so
 * ELFv1 (big-endian ppc64, function descriptors) is refused at build time;
 * the labs are ppc32 and ppc64le (ELFv2).
 *
 * Needed:
 *   e500v2: kvmppc_xlate (arch/powerpc/kvm/booke.c) - guest EA -> guest
 *           physical through the guest TLB; never sleeps on e500v2.
 *           kvmppc_map_magic, kvmppc_mmu_itlb_index (e500_mmu_host.c,
 *           e500_mmu.c) - map the magic page on this CPU's TLB as a data
 *           miss on it would; look an instruction EA up in the guest TLB.
 *           Translated blocks only: without them there are none.
 *   Book3S PR: kvmppc_mmu_pte_pflush (arch/powerpc/kvm/book3s_mmu_hpte.c,
 *           kvm-pr.ko) - drop a vcpu's shadow HPTEs of a guest real address
 *           range, as PR's own MMU notifier does; resolved whenever kvm-pr
 *           is loaded (hooks.c), NULL otherwise (no write tracing then).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>

#include "kvmppc_bt.h"

#if defined(CONFIG_PPC64_ELF_ABI_V1)
#error "kvmppc-bt does not support ELFv1 (big-endian ppc64) kernels"
#endif

int (*kvmppc_bt_kvmppc_xlate)(struct kvm_vcpu *vcpu, ulong eaddr,
			      enum xlate_instdata xlid, enum xlate_readwrite xlrw,
			      struct kvmppc_pte *pte);

void (*kvmppc_bt_map_magic)(struct kvm_vcpu *vcpu);
int (*kvmppc_bt_itlb_index)(struct kvm_vcpu *vcpu, gva_t eaddr);

void (*kvmppc_bt_pte_pflush)(struct kvm_vcpu *vcpu, ulong pa_start, ulong pa_end);

/* The address of function @name, or 0 (with a message). */
unsigned long kvmppc_bt_resolve(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	char buf[KSYM_SYMBOL_LEN], *off, *slash;
	unsigned long addr, delta;
	size_t len = strlen(name);

	if (register_kprobe(&kp)) {
		pr_err("KVM symbol %s not found: is this kernel's KVM built as expected?\n", name);
		return 0;
	}
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	/* The probe may sit past the entry (ftrace site); walk back to +0x0. */
	sprint_symbol(buf, addr);
	if (strncmp(buf, name, len) || buf[len] != '+') {
		pr_err("%s resolved to %s\n", name, buf);
		return 0;
	}
	off = buf + len + 1;
	slash = strchr(off, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	if (kstrtoul(off, 16, &delta))
		return 0;
	addr -= delta;
	sprint_symbol(buf, addr);
	if (strncmp(buf, name, len) || strncmp(buf + len, "+0x0/", 5)) {
		pr_err("%s resolved to %s, not to its start\n", name, buf);
		return 0;
	}
	return addr;
}

int kvmppc_bt_symbols_init(void)
{
#ifdef KVMPPC_BT_HAVE_E500
	unsigned long a = kvmppc_bt_resolve("kvmppc_xlate");

	if (!a)
		return -ENOENT;
	kvmppc_bt_kvmppc_xlate = (void *)a;
	a = kvmppc_bt_resolve("kvmppc_mmu_itlb_index");
	if (a) {
		kvmppc_bt_itlb_index = (void *)a;
		kvmppc_bt_map_magic = (void *)kvmppc_bt_resolve("kvmppc_map_magic");
	}
#endif
	return 0;
}
