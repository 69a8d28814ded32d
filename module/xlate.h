/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The translator: decode a trapping guest instruction, name its class and
 * produce the single replacement word that does the same thing without a
 * trap, or say why there is none.
 *
 * Pure: no kernel headers beyond fixed-size types, no state.  The module
 * and the host unit tests (make check) compile the same file.
 */
#ifndef KVMPPC_BT_XLATE_H
#define KVMPPC_BT_XLATE_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/types.h>
#else
#include <kvmppc_bt_types.h>
#endif

#include <uapi/linux/kvmppc_bt.h>

/* The magic (shared) page, at the guest EA Linux guests use for it. */
#define KVMPPC_BT_MAGIC_EA	(-4096L)

/*
 * Offsets into struct kvm_vcpu_arch_shared (uapi asm/kvm_para.h).  The
 * module checks each against offsetof() at build time.
 */
#define KVMPPC_BT_SH_SPRG0	0x20
#define KVMPPC_BT_SH_SPRG1	0x28
#define KVMPPC_BT_SH_SPRG2	0x30
#define KVMPPC_BT_SH_SPRG3	0x38
#define KVMPPC_BT_SH_SRR0	0x40
#define KVMPPC_BT_SH_SRR1	0x48
#define KVMPPC_BT_SH_DAR	0x50
#define KVMPPC_BT_SH_MSR	0x58
#define KVMPPC_BT_SH_DSISR	0x60
#define KVMPPC_BT_SH_INT_PENDING	0x64
#define KVMPPC_BT_SH_MAS0	0xa8
#define KVMPPC_BT_SH_MAS1	0xac
#define KVMPPC_BT_SH_MAS7_3	0xb0
#define KVMPPC_BT_SH_MAS2	0xb8
#define KVMPPC_BT_SH_MAS4	0xc0
#define KVMPPC_BT_SH_MAS6	0xc4
#define KVMPPC_BT_SH_ESR	0xc8
#define KVMPPC_BT_SH_PIR	0xcc

/*
 * Mirrors of SPRs KVM keeps outside the shared struct (which ends at 0xd0),
 * in the page's free tail: u64 each, in the page's byte order, kept exact
 * by the host (vm.c).  Slot i of KVMPPC_BT_MIRROR_FSCR.. is at +8 * i.
 */
#define KVMPPC_BT_SH_MIRROR	0xf00
enum {
	KVMPPC_BT_MIRROR_FSCR,
	KVMPPC_BT_MIRROR_EBBHR,
	KVMPPC_BT_MIRROR_EBBRR,
	KVMPPC_BT_MIRROR_BESCR,
	KVMPPC_BT_NR_MIRRORS
};

/*
 * Two more words of the free tail, so that every replacement of a 64-bit
 * or e500 guest touches the magic page, and in guest user mode faults like
 * the others where the original raises a program check (vm.c,
 * kvmppc_bt_user_fault): tlbsync becomes "stw r0" to the sink, which KVM
 * never reads; a read of an SPR KVM-PR reads as zero becomes "ld rT" of
 * the zero doubleword, which nothing but a guest store changes.
 */
#define KVMPPC_BT_SH_SINK	0xf20
#define KVMPPC_BT_SH_ZERO	0xf28

/* The "fake sc 1" hypercall word SLOF plants in nested PR guests. */
#define KVMPPC_BT_INSN_FAKE_SC1	0x7c000268u

/* Translated blocks (block.c): wrtee rS, wrteei E (E = 0x8000), mtmsrd rS,1. */
#define KVMPPC_BT_INSN_WRTEE	0x7c000106u
#define KVMPPC_BT_INSN_WRTEEI	0x7c000146u
#define KVMPPC_BT_INSN_MTMSRD1	0x7c010164u

/* The only replacement that does not touch the magic page (ori r0,r0,0). */
#define KVMPPC_BT_INSN_NOP	0x60000000u

/**
 * enum kvmppc_bt_flavour - the KVM flavour a guest runs under
 * @KVMPPC_BT_BOOKE: Book E e500v2 (32-bit, big-endian guest)
 * @KVMPPC_BT_BOOK3S: Book3S KVM-PR (64-bit capable, either endianness)
 */
enum kvmppc_bt_flavour {
	KVMPPC_BT_BOOKE,
	KVMPPC_BT_BOOK3S,
};

/**
 * struct kvmppc_bt_xlate_ctx - what the translator needs to know of the guest
 * @flavour: enum kvmppc_bt_flavour
 * @mode64: Book3S: the guest is in 64-bit mode (MSR_SF)
 * @guest_le: Book3S: the guest runs little-endian (MSR_LE)
 * @shared_be: Book3S: the magic page holds its fields big-endian
 * @classes: mask of enabled enum kvmppc_bt_class
 * @mirror: the host keeps the SPR mirrors of the magic page exact
 */
struct kvmppc_bt_xlate_ctx {
	u8 flavour;
	bool mode64;
	bool guest_le;
	bool shared_be;
	u32 classes;
	bool mirror;
};

/**
 * struct kvmppc_bt_rewrite - a translation
 * @insn: the replacement instruction word
 * @class: its enum kvmppc_bt_class
 */
struct kvmppc_bt_rewrite {
	u32 insn;
	u8 class;
};

int kvmppc_bt_xlate(const struct kvmppc_bt_xlate_ctx *ctx, u32 insn,
		    struct kvmppc_bt_rewrite *out);
int kvmppc_bt_insn_class(u8 flavour, u32 insn);
bool kvmppc_bt_block_insn(u8 flavour, u32 insn);
bool kvmppc_bt_class_any_order(unsigned int class);
int kvmppc_bt_insn_mirror_write(u32 insn);
bool kvmppc_bt_insn_mirror_ebb(u32 insn);

extern const u8 kvmppc_bt_mem_xo[1024];

/**
 * kvmppc_bt_insn_is_mem() - is @insn a load or a store?
 * @insn: the instruction word
 *
 * KVM reports MMIO emulation (kvmppc_emulate_loadstore) through the same
 * tracepoint as instruction emulation; those words are never ours.  Primary
 * opcodes 32-58 and 60-62, and the X-form loads and stores of opcode 31.
 * Inline, with a table: it runs on every trap.
 */
static inline bool kvmppc_bt_insn_is_mem(u32 insn)
{
	u32 op = insn >> 26;

	if (op >= 32 && op <= 62)
		return op != 59;
	return op == 31 && kvmppc_bt_mem_xo[(insn >> 1) & 0x3ff];
}

/**
 * kvmppc_bt_insn_sets_pc() - does KVM's emulation of @insn set the PC?
 * @insn: the instruction word
 *
 * The return-from-interrupt family (rfi, rfci, rfmci, rfdi, rfid, hrfid):
 * after emulating them the vcpu's PC is their target, not their address.
 */
static inline bool kvmppc_bt_insn_sets_pc(u32 insn)
{
	if (insn >> 26 != 19 || (insn & 0x03fff801) != 0)
		return false;
	switch ((insn >> 1) & 0x3ff) {
	case 18:	/* rfid */
	case 38:	/* rfmci */
	case 39:	/* rfdi */
	case 50:	/* rfi */
	case 51:	/* rfci */
	case 274:	/* hrfid */
		return true;
	default:
		return false;
	}
}

const char *kvmppc_bt_class_name(unsigned int class);
const char *kvmppc_bt_reason_name(unsigned int reason);
const char *kvmppc_bt_state_name(unsigned int state);
int kvmppc_bt_parse_classes(const char *buf, u32 *mask);

#endif
