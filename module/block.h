/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translated blocks: a hot site whose instruction has no single-word
 * rewrite (e500 wrtee, wrteei; Book3S mtmsrd rS,1) becomes "ba slot", a
 * branch into host-provided code in the magic page's free tail (the
 * window), which does what KVM's emulation does on the magic page and
 * branches back to the site's successor.  See docs/design.md, "Translated
 * blocks".
 *
 * Every block is a restartable sequence: it saves one or two scratch
 * registers in the magic page's scratch fields, computes, publishes its
 * effect with a single store (the commit), restores and branches back.  A
 * guest exit anywhere inside it is undone before KVM looks at the vcpu
 * (kvmppc_bt_block_fixup): before the commit the vcpu is put back on the
 * site, as if it had not run the instruction yet; after it, on the site's
 * successor, as if it had.  A pending interrupt that the instruction would
 * unmask makes the block trap (twnei) before its commit, and the host has
 * KVM emulate the original at the site, so delivery is exactly stock's.
 */
#ifndef KVMPPC_BT_BLOCK_H
#define KVMPPC_BT_BLOCK_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <kvmppc_bt_types.h>
#endif

/* The window: slots of the magic page, between its fields and the mirrors. */
#define KVMPPC_BT_WINDOW_OFF	0x100
#define KVMPPC_BT_BLOCK_WORDS	16
#define KVMPPC_BT_BLOCK_BYTES	(4 * KVMPPC_BT_BLOCK_WORDS)
#define KVMPPC_BT_WINDOW_SLOTS	((0xf00 - KVMPPC_BT_WINDOW_OFF) / KVMPPC_BT_BLOCK_BYTES)

/*
 * The kernel window (Book3S, 64-bit mode): the same magic page mapped again
 * for guest supervisor instruction fetch 4 KiB below the kernel's
 * 0xc000_0000_0000_0000, within relative branch reach of its text.  In real
 * mode it is the magic page already (KVM-PR ignores the EA's top 4 bits
 * there), and a relative branch from a kernel site's real-mode alias (EA -
 * 0xc000_0000_0000_0000) lands in the magic page's own mapping, the same
 * slot: KVMPPC_BT_MAGIC_EA - KVMPPC_BT_KWINDOW_EA is that alias distance.
 */
#define KVMPPC_BT_KWINDOW_EA	0xbffffffffffff000ULL

/*
 * The e500 kernel window: host code pages, for guest supervisor
 * instruction fetch only, 16 MiB below an e500 Linux kernel's 0xc000_0000,
 * within relative branch reach of its first 16 MiB of text.  It lies in the
 * gap Linux leaves in every process between the stack (its top at most
 * 8 MiB below 0xc000_0000) and the mmap area (at least 128 MiB below).  A
 * guest that maps it anyway takes it away from its VM (docs/design.md).
 */
#define KVMPPC_BT_E500_KWINDOW_EA	0xbf000000UL
/*
 * It is not the magic page: four pages of the VM's own, whole slots from
 * offset 0, each mapped on its own (e500 TLB0 holds 4K pages).
 */
#define KVMPPC_BT_E500_KW_PAGES		4
#define KVMPPC_BT_E500_KW_PAGE_SLOTS	(4096 / KVMPPC_BT_BLOCK_BYTES)
#define KVMPPC_BT_E500_KW_SLOTS		(KVMPPC_BT_E500_KW_PAGES * KVMPPC_BT_E500_KW_PAGE_SLOTS)
#define KVMPPC_BT_E500_KWINDOW_SIZE	(KVMPPC_BT_E500_KW_PAGES * 4096UL)

/* No scratch register. */
#define KVMPPC_BT_BLOCK_NOREG	0xff

/**
 * struct kvmppc_bt_block - one translated block, as the host keeps it
 * @code: the words written to the slot
 * @nwords: how many
 * @commit: index of the word that publishes the effect
 * @trap: index of the conditional trap (int_pending), or @nwords if none
 * @regs: the scratch registers, saved by words 0 and 1 to the magic
 *	page's scratch1 and scratch2 (KVMPPC_BT_BLOCK_NOREG: unused)
 *
 * The host never reads the slot back: the guest can write its magic page,
 * so what the guest ran there is known from this record only.
 */
struct kvmppc_bt_block {
	u32 code[KVMPPC_BT_BLOCK_WORDS];
	u8 nwords;
	u8 commit;
	u8 trap;
	u8 regs[2];
};

/**
 * struct kvmppc_bt_fixup - how to leave a block at a guest exit
 * @forward: the effect is published: resume at the site's successor
 *	(else at the site, the instruction not yet run)
 * @restore: bit i set: put regs[i] back from its scratch field
 */
struct kvmppc_bt_fixup {
	bool forward;
	u8 restore;
};

int kvmppc_bt_block_gen(u8 flavour, u32 insn, u64 slot_ea, u64 site_ea,
			struct kvmppc_bt_block *b);
void kvmppc_bt_block_fixup(const struct kvmppc_bt_block *b, unsigned int word,
			   struct kvmppc_bt_fixup *f);
int kvmppc_bt_block_branch(u64 site_ea, u64 slot_ea, bool mode64, u32 *word);

#endif
