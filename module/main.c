// SPDX-License-Identifier: GPL-2.0
/*
 * kvmppc-bt: adaptive in-place binary translation for trap-and-emulate
 * PowerPC KVM (Book E e500v2 and Book3S KVM-PR).
 *
 * Module entry and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>

#include "version.h"

#if IS_ENABLED(CONFIG_KVM_E500V2)
#define KVMPPC_BT_FLAVOUR "e500v2"
#elif IS_ENABLED(CONFIG_KVM_BOOK3S_64_PR)
#define KVMPPC_BT_FLAVOUR "book3s-pr"
#else
#define KVMPPC_BT_FLAVOUR NULL
#endif

static int __init kvmppc_bt_init(void)
{
	if (!KVMPPC_BT_FLAVOUR) {
		pr_err("this kernel has neither KVM_E500V2 nor KVM_BOOK3S_64_PR: nothing to translate\n");
		return -ENODEV;
	}
	pr_info("version %s loaded (%s)\n", KVMPPC_BT_VERSION, KVMPPC_BT_FLAVOUR);
	return 0;
}

static void __exit kvmppc_bt_exit(void)
{
	pr_info("version %s unloaded\n", KVMPPC_BT_VERSION);
}

module_init(kvmppc_bt_init);
module_exit(kvmppc_bt_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(KVMPPC_BT_VERSION);
MODULE_DESCRIPTION("Adaptive in-place binary translation for trap-and-emulate PowerPC KVM");
