/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kvmppc-bt: user-visible constants and the ioctl ABI of /dev/kvmppc-bt.
 *
 * Classes name the groups of trapping guest instructions that kvmppc-bt can
 * rewrite; reasons say why a hot site was not (or is no longer) patched.
 * Both numberings are ABI: new values are only ever appended.
 */
#ifndef _UAPI_LINUX_KVMPPC_BT_H
#define _UAPI_LINUX_KVMPPC_BT_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * enum kvmppc_bt_class - rewrite classes (bit numbers of the class mask)
 * @KVMPPC_BT_CLASS_MFMSR: mfmsr -> load of the magic page's msr
 * @KVMPPC_BT_CLASS_MFSPRG: mfspr SPRG0-3 -> load
 * @KVMPPC_BT_CLASS_MTSPRG: mtspr SPRG0-2 (e500: also SPRG3) -> store
 * @KVMPPC_BT_CLASS_MFSRR: mfspr SRR0/SRR1 -> load
 * @KVMPPC_BT_CLASS_MTSRR: mtspr SRR0/SRR1 -> store
 * @KVMPPC_BT_CLASS_MFFAULT: mfspr DAR/DSISR (Book3S), DEAR/ESR (e500) -> load
 * @KVMPPC_BT_CLASS_MTFAULT: mtspr DAR/DSISR (Book3S), DEAR/ESR (e500) -> store
 * @KVMPPC_BT_CLASS_MFMAS: mfspr MAS0-4, MAS6, MAS7 (e500) -> load
 * @KVMPPC_BT_CLASS_MTMAS: mtspr MAS0-4, MAS6, MAS7 (e500) -> store
 * @KVMPPC_BT_CLASS_MFPIR: mfspr PIR (e500) -> load
 * @KVMPPC_BT_CLASS_TLBSYNC: tlbsync -> nop
 * @KVMPPC_BT_NR_CLASSES: number of classes
 */
enum kvmppc_bt_class {
	KVMPPC_BT_CLASS_MFMSR,
	KVMPPC_BT_CLASS_MFSPRG,
	KVMPPC_BT_CLASS_MTSPRG,
	KVMPPC_BT_CLASS_MFSRR,
	KVMPPC_BT_CLASS_MTSRR,
	KVMPPC_BT_CLASS_MFFAULT,
	KVMPPC_BT_CLASS_MTFAULT,
	KVMPPC_BT_CLASS_MFMAS,
	KVMPPC_BT_CLASS_MTMAS,
	KVMPPC_BT_CLASS_MFPIR,
	KVMPPC_BT_CLASS_TLBSYNC,
	KVMPPC_BT_NR_CLASSES
};

#define KVMPPC_BT_CLASSES_ALL ((1u << KVMPPC_BT_NR_CLASSES) - 1)

/**
 * enum kvmppc_bt_reason - why a hot site is not patched
 * @KVMPPC_BT_REASON_NONE: it is (or will be) patched
 * @KVMPPC_BT_REASON_NO_REWRITE: no exact rewrite exists for this instruction
 * @KVMPPC_BT_REASON_NOT_EXACT: a rewrite exists but is not exactly
 *	equivalent on this flavour (mtspr SPRG3 on Book3S, mtspr SPRG4-7 on
 *	e500, mfspr PIR on Book3S)
 * @KVMPPC_BT_REASON_HCALL: the fake "sc 1" hypercall word, never rewritten
 * @KVMPPC_BT_REASON_CLASS_OFF: the instruction's class is disabled
 * @KVMPPC_BT_REASON_MODE: the guest was in a mode kvmppc-bt does not patch
 *	(Book3S 32-bit mode, split real mode, endianness different from the
 *	magic page's)
 * @KVMPPC_BT_REASON_MAGIC_CONFLICT: the guest mapped the magic page at an
 *	address the rewrites cannot reach
 * @KVMPPC_BT_REASON_XLATE: the guest PC could not be translated
 * @KVMPPC_BT_REASON_NOT_RAM: the PC's guest physical page is not guest RAM
 * @KVMPPC_BT_REASON_CHANGED: the word in guest memory no longer held the
 *	trapping instruction
 * @KVMPPC_BT_REASON_WRITE_FAIL: guest memory could not be written
 * @KVMPPC_BT_REASON_NOMEM: an allocation failed
 * @KVMPPC_BT_NR_REASONS: number of reasons
 */
enum kvmppc_bt_reason {
	KVMPPC_BT_REASON_NONE,
	KVMPPC_BT_REASON_NO_REWRITE,
	KVMPPC_BT_REASON_NOT_EXACT,
	KVMPPC_BT_REASON_HCALL,
	KVMPPC_BT_REASON_CLASS_OFF,
	KVMPPC_BT_REASON_MODE,
	KVMPPC_BT_REASON_MAGIC_CONFLICT,
	KVMPPC_BT_REASON_XLATE,
	KVMPPC_BT_REASON_NOT_RAM,
	KVMPPC_BT_REASON_CHANGED,
	KVMPPC_BT_REASON_WRITE_FAIL,
	KVMPPC_BT_REASON_NOMEM,
	KVMPPC_BT_NR_REASONS
};

/**
 * enum kvmppc_bt_site_state - life of a guest instruction site
 * @KVMPPC_BT_SITE_COUNTING: trapping, below the threshold
 * @KVMPPC_BT_SITE_PENDING: hot; waiting for every vcpu to have the magic page
 * @KVMPPC_BT_SITE_PATCHED: rewritten in guest memory
 * @KVMPPC_BT_SITE_UNPATCHABLE: hot, but cannot be rewritten (see reason)
 * @KVMPPC_BT_SITE_RESTORED: was patched; the original word is back
 */
enum kvmppc_bt_site_state {
	KVMPPC_BT_SITE_COUNTING,
	KVMPPC_BT_SITE_PENDING,
	KVMPPC_BT_SITE_PATCHED,
	KVMPPC_BT_SITE_UNPATCHABLE,
	KVMPPC_BT_SITE_RESTORED,
	KVMPPC_BT_NR_SITE_STATES
};

#endif /* _UAPI_LINUX_KVMPPC_BT_H */
