// SPDX-License-Identifier: GPL-2.0
/*
 * kvmppc-bt: adaptive in-place binary translation for trap-and-emulate
 * PowerPC KVM (Book E e500v2 and Book3S KVM-PR).
 *
 * Module entry and exit, and the global tunables.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "version.h"
#ifdef CONFIG_KVM
#include "kvmppc_bt.h"
#endif

#if IS_ENABLED(CONFIG_KVM_E500V2) || IS_ENABLED(CONFIG_KVM_BOOK3S_64_PR)

u32 kvmppc_bt_threshold = 8;
bool kvmppc_bt_enabled = true;
u32 kvmppc_bt_classes = KVMPPC_BT_CLASSES_ALL;
u32 kvmppc_bt_max_sites = 4096;

module_param_named(threshold, kvmppc_bt_threshold, uint, 0444);
MODULE_PARM_DESC(threshold, "traps at a guest site before it is patched (1..1000000, default 8)");
module_param_named(enabled, kvmppc_bt_enabled, bool, 0444);
MODULE_PARM_DESC(enabled, "patch hot sites (default 1); 0 only counts");
module_param_named(max_sites, kvmppc_bt_max_sites, uint, 0444);
MODULE_PARM_DESC(max_sites, "sites tracked per VM (1..65536, default 4096)");
u32 kvmppc_bt_split_budget = 64;
module_param_named(split_budget, kvmppc_bt_split_budget, uint, 0444);
MODULE_PARM_DESC(split_budget, "e500: pieces of a large shadow mapping written faster than one per 64 traps before its patches go (0..1000000, default 64)");

#ifdef KVMPPC_BT_HAVE_E500
const struct kvmppc_bt_plat *kvmppc_bt_plat = &kvmppc_bt_plat_e500;
#else
const struct kvmppc_bt_plat *kvmppc_bt_plat = &kvmppc_bt_plat_pr;
#endif

static void __init check_layout(void)
{
	/* Reasons past the array are counted in fields of their own. */
	BUILD_BUG_ON(KVMPPC_BT_NR_REASONS - 1 != KVMPPC_BT_REASON_RESIZE);
	BUILD_BUG_ON(KVMPPC_BT_REASON_RESIZE != KVMPPC_BT_MAX_REASONS);
#define SH(f, off) BUILD_BUG_ON(offsetof(struct kvm_vcpu_arch_shared, f) != (off))
	SH(sprg0, KVMPPC_BT_SH_SPRG0);
	SH(sprg1, KVMPPC_BT_SH_SPRG1);
	SH(sprg2, KVMPPC_BT_SH_SPRG2);
	SH(sprg3, KVMPPC_BT_SH_SPRG3);
	SH(srr0, KVMPPC_BT_SH_SRR0);
	SH(srr1, KVMPPC_BT_SH_SRR1);
	SH(dar, KVMPPC_BT_SH_DAR);
	SH(msr, KVMPPC_BT_SH_MSR);
	SH(dsisr, KVMPPC_BT_SH_DSISR);
	SH(mas0, KVMPPC_BT_SH_MAS0);
	SH(mas1, KVMPPC_BT_SH_MAS1);
	SH(mas7_3, KVMPPC_BT_SH_MAS7_3);
	SH(mas2, KVMPPC_BT_SH_MAS2);
	SH(mas4, KVMPPC_BT_SH_MAS4);
	SH(mas6, KVMPPC_BT_SH_MAS6);
	SH(esr, KVMPPC_BT_SH_ESR);
	SH(pir, KVMPPC_BT_SH_PIR);
#undef SH
}

static int __init kvmppc_bt_init(void)
{
	int r;

	check_layout();
	if (kvmppc_bt_threshold < 1 || kvmppc_bt_threshold > KVMPPC_BT_THRESHOLD_MAX ||
	    kvmppc_bt_max_sites < 1 || kvmppc_bt_max_sites > 65536 ||
	    kvmppc_bt_split_budget > KVMPPC_BT_THRESHOLD_MAX) {
		pr_err("threshold must be 1..%u, max_sites 1..65536, split_budget 0..%u\n",
		       KVMPPC_BT_THRESHOLD_MAX, KVMPPC_BT_THRESHOLD_MAX);
		return -EINVAL;
	}
	r = kvmppc_bt_symbols_init();
	if (r)
		return r;
	r = kvmppc_bt_plat->init();
	if (r)
		return r;
	r = kvmppc_bt_vm_init();
	if (r)
		return r;
	r = kvmppc_bt_debugfs_init();
	if (r)
		goto fail_vm;
	r = kvmppc_bt_chardev_init();
	if (r)
		goto fail_debugfs;
	r = kvmppc_bt_hooks_init();
	if (r)
		goto fail_chardev;
	pr_info("version %s loaded (%s, threshold %u)\n", KVMPPC_BT_VERSION,
		kvmppc_bt_plat->name, kvmppc_bt_threshold);
	return 0;

fail_chardev:
	kvmppc_bt_chardev_exit();
fail_debugfs:
	kvmppc_bt_debugfs_exit();
fail_vm:
	kvmppc_bt_vm_exit();
	return r;
}

static void __exit kvmppc_bt_exit(void)
{
	kvmppc_bt_chardev_exit();
	kvmppc_bt_vm_quiesce();
	kvmppc_bt_hooks_exit();
	kvmppc_bt_vm_exit();
	kvmppc_bt_debugfs_exit();
	pr_info("version %s unloaded\n", KVMPPC_BT_VERSION);
}

#else /* neither KVM_E500V2 nor KVM_BOOK3S_64_PR */

static int __init kvmppc_bt_init(void)
{
	pr_err("this kernel has neither KVM_E500V2 nor KVM_BOOK3S_64_PR: nothing to translate\n");
	return -ENODEV;
}

static void __exit kvmppc_bt_exit(void)
{
}

#endif

module_init(kvmppc_bt_init);
module_exit(kvmppc_bt_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(KVMPPC_BT_VERSION);
MODULE_DESCRIPTION("Adaptive in-place binary translation for trap-and-emulate PowerPC KVM");
