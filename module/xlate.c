// SPDX-License-Identifier: GPL-2.0
/*
 * The translator: trapping guest instruction -> class -> replacement word.
 *
 * Every rewrite is one row of rewrites[] below: an instruction (with its
 * register field masked out), the flavours on which the rewrite is exactly
 * what KVM's emulation does, and the magic-page field it loads or stores.
 * The register field carries over unchanged: "mfspr rT,SPRG0" becomes
 * "lwz rT,-4096+sprg0+4(0)" (e500) or "ld rT,-4096+sprg0(0)" (Book3S).
 *
 * This is the host-side counterpart of the guest's own table in
 * arch/powerpc/kernel/kvm.c:kvm_check_ins(), restricted to the rows whose
 * equivalence holds for an unmodified guest (see docs/design.md).
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#include "xlate.h"

#define INSN_LWZ	0x80000000u
#define INSN_STW	0x90000000u
#define INSN_LD		0xe8000000u
#define INSN_STD	0xf8000000u
#define INSN_NOP	KVMPPC_BT_INSN_NOP
#define INSN_LI		0x38000000u	/* addi rT,0,0 */
#define INSN_MFMSR	0x7c0000a6u
#define INSN_MFSPR	0x7c0002a6u
#define INSN_MTSPR	0x7c0003a6u
#define INSN_TLBSYNC	0x7c00046cu
#define MASK_RT		0x03e00000u

/* SPR numbers (asm/reg.h, asm/reg_booke.h). */
#define SPRN_DSCR	17
#define SPRN_DSISR	18
#define SPRN_DAR	19
#define SPRN_SRR0	26
#define SPRN_SRR1	27
#define SPRN_CFAR	28
#define SPRN_DEAR	61
#define SPRN_ESR	62
#define SPRN_FSCR	153
#define SPRN_SPRG0	272
#define SPRN_SPRG1	273
#define SPRN_SPRG2	274
#define SPRN_SPRG3	275
#define SPRN_SPRG4	276
#define SPRN_SPRG5	277
#define SPRN_SPRG6	278
#define SPRN_SPRG7	279
#define SPRN_PIR_BOOKE	286
#define SPRN_MAS0	624
#define SPRN_MAS1	625
#define SPRN_MAS2	626
#define SPRN_MAS3	627
#define SPRN_MAS4	628
#define SPRN_MAS6	630
#define SPRN_EBBHR	804
#define SPRN_EBBRR	805
#define SPRN_BESCR	806
#define SPRN_MAS7	944
#define SPRN_PIR_BOOK3S	1023

#define F_BOOKE		BIT(KVMPPC_BT_BOOKE)
#define F_BOOK3S	BIT(KVMPPC_BT_BOOK3S)
#define F_BOTH		(F_BOOKE | F_BOOK3S)

enum rewrite_kind {
	K_LOAD,		/* mf*: load the field into rT */
	K_STORE,	/* mt*: store rS into the field */
	K_NOP,		/* no effect under KVM: a store to the sink */
	K_ZERO,		/* KVM reads the SPR as zero: load the zero doubleword */
	K_MIRROR,	/* load of a host-kept mirror (needs ctx->mirror) */
};

/*
 * struct rewrite - one row of the table
 * @base:    INSN_MFMSR, INSN_MFSPR, INSN_MTSPR or INSN_TLBSYNC
 * @spr:     the SPR number (mfspr, mtspr)
 * @exact:   flavours where the rewrite is exactly KVM's emulation
 * @inexact: flavours where KVM emulates the instruction but a magic-page
 *           access would not be equivalent (reported as NOT_EXACT)
 * @off:     magic-page field
 * @size:    field size in bytes (8: a u64 field)
 */
struct rewrite {
	u32 base;
	u16 spr;
	u8 exact;
	u8 inexact;
	u8 kind;
	u8 class;
	u16 off;
	u8 size;
};

#define MF(spr, fl, f, sz, c) \
	{ INSN_MFSPR, spr, fl, 0, K_LOAD, KVMPPC_BT_CLASS_##c, KVMPPC_BT_SH_##f, sz }
#define MT(spr, fl, f, sz, c) \
	{ INSN_MTSPR, spr, fl, 0, K_STORE, KVMPPC_BT_CLASS_##c, KVMPPC_BT_SH_##f, sz }
#define INEXACT(b, spr, fl, c) { b, spr, 0, fl, K_LOAD, KVMPPC_BT_CLASS_##c, 0, 0 }
#define MIRROR(spr, slot) \
	{ INSN_MFSPR, spr, F_BOOK3S, 0, K_MIRROR, KVMPPC_BT_CLASS_MFMIRROR, \
	  KVMPPC_BT_SH_MIRROR + 8 * (slot), 8 }

static const struct rewrite rewrites[] = {
	{ INSN_MFMSR, 0, F_BOTH, 0, K_LOAD, KVMPPC_BT_CLASS_MFMSR, KVMPPC_BT_SH_MSR, 8 },

	MF(SPRN_SPRG0, F_BOTH, SPRG0, 8, MFSPRG),
	MF(SPRN_SPRG1, F_BOTH, SPRG1, 8, MFSPRG),
	MF(SPRN_SPRG2, F_BOTH, SPRG2, 8, MFSPRG),
	MF(SPRN_SPRG3, F_BOTH, SPRG3, 8, MFSPRG),
	/*
	 * No mfspr SPRG4-7: guests read them through the user-readable
	 * aliases (260-263), which never trap; KVM does not emulate reads of
	 * 276-279 at all (stock KVM fails them), so a rewrite would not be
	 * equivalent either.
	 */
	MT(SPRN_SPRG0, F_BOTH, SPRG0, 8, MTSPRG),
	MT(SPRN_SPRG1, F_BOTH, SPRG1, 8, MTSPRG),
	MT(SPRN_SPRG2, F_BOTH, SPRG2, 8, MTSPRG),
	/* Book3S reloads the user-readable hardware SPRG3 on guest entry. */
	MT(SPRN_SPRG3, F_BOOKE, SPRG3, 8, MTSPRG),
	INEXACT(INSN_MTSPR, SPRN_SPRG3, F_BOOK3S, MTSPRG),
	/* e500 reloads the user-readable hardware SPRG4-7 on guest entry. */
	INEXACT(INSN_MTSPR, SPRN_SPRG4, F_BOOKE, MTSPRG),
	INEXACT(INSN_MTSPR, SPRN_SPRG5, F_BOOKE, MTSPRG),
	INEXACT(INSN_MTSPR, SPRN_SPRG6, F_BOOKE, MTSPRG),
	INEXACT(INSN_MTSPR, SPRN_SPRG7, F_BOOKE, MTSPRG),

	MF(SPRN_SRR0, F_BOTH, SRR0, 8, MFSRR),
	MF(SPRN_SRR1, F_BOTH, SRR1, 8, MFSRR),
	MT(SPRN_SRR0, F_BOTH, SRR0, 8, MTSRR),
	MT(SPRN_SRR1, F_BOTH, SRR1, 8, MTSRR),

	MF(SPRN_DAR, F_BOOK3S, DAR, 8, MFFAULT),
	MF(SPRN_DSISR, F_BOOK3S, DSISR, 4, MFFAULT),
	MF(SPRN_DEAR, F_BOOKE, DAR, 8, MFFAULT),
	MF(SPRN_ESR, F_BOOKE, ESR, 4, MFFAULT),
	MT(SPRN_DAR, F_BOOK3S, DAR, 8, MTFAULT),
	MT(SPRN_DSISR, F_BOOK3S, DSISR, 4, MTFAULT),
	MT(SPRN_DEAR, F_BOOKE, DAR, 8, MTFAULT),
	MT(SPRN_ESR, F_BOOKE, ESR, 4, MTFAULT),

	/* MAS3 is the low word of mas7_3, MAS7 its high word. */
	MF(SPRN_MAS0, F_BOOKE, MAS0, 4, MFMAS),
	MF(SPRN_MAS1, F_BOOKE, MAS1, 4, MFMAS),
	MF(SPRN_MAS2, F_BOOKE, MAS2, 8, MFMAS),
	MF(SPRN_MAS3, F_BOOKE, MAS7_3, 8, MFMAS),
	MF(SPRN_MAS4, F_BOOKE, MAS4, 4, MFMAS),
	MF(SPRN_MAS6, F_BOOKE, MAS6, 4, MFMAS),
	MF(SPRN_MAS7, F_BOOKE, MAS7_3, 4, MFMAS),
	MT(SPRN_MAS0, F_BOOKE, MAS0, 4, MTMAS),
	MT(SPRN_MAS1, F_BOOKE, MAS1, 4, MTMAS),
	MT(SPRN_MAS2, F_BOOKE, MAS2, 8, MTMAS),
	MT(SPRN_MAS3, F_BOOKE, MAS7_3, 8, MTMAS),
	MT(SPRN_MAS4, F_BOOKE, MAS4, 4, MTMAS),
	MT(SPRN_MAS6, F_BOOKE, MAS6, 4, MTMAS),
	MT(SPRN_MAS7, F_BOOKE, MAS7_3, 4, MTMAS),

	/* PR never fills shared->pir. */
	MF(SPRN_PIR_BOOKE, F_BOOKE, PIR, 4, MFPIR),
	INEXACT(INSN_MFSPR, SPRN_PIR_BOOK3S, F_BOOK3S, MFPIR),

	{ INSN_TLBSYNC, 0, F_BOTH, 0, K_NOP, KVMPPC_BT_CLASS_TLBSYNC, 0, 0 },

	/*
	 * KVM-PR keeps neither CFAR nor DSCR for the guest: its mfspr of
	 * either is "rT = 0" (book3s_emulate.c, kvmppc_core_emulate_mfspr_pr),
	 * in any byte order.  Beyond what guest PV patches.
	 */
	{ INSN_MFSPR, SPRN_CFAR, F_BOOK3S, 0, K_ZERO, KVMPPC_BT_CLASS_MFZERO, 0, 0 },
	{ INSN_MFSPR, SPRN_DSCR, F_BOOK3S, 0, K_ZERO, KVMPPC_BT_CLASS_MFZERO, 0, 0 },

	/*
	 * Kept in vcpu fields, read by Linux on every context switch: loads of
	 * mirrors in the magic page's free tail, which the host refreshes
	 * before every guest entry that follows a change (vm.c).  The EBB
	 * registers only while the guest's FSCR enables EBB (else KVM injects
	 * "facility unavailable"): vm.c restores them when it does not.
	 */
	MIRROR(SPRN_FSCR, KVMPPC_BT_MIRROR_FSCR),
	MIRROR(SPRN_EBBHR, KVMPPC_BT_MIRROR_EBBHR),
	MIRROR(SPRN_EBBRR, KVMPPC_BT_MIRROR_EBBRR),
	MIRROR(SPRN_BESCR, KVMPPC_BT_MIRROR_BESCR),
};

/* The row's instruction with its register field zero. */
static u32 row_word(const struct rewrite *r)
{
	u32 spr = r->spr;

	return r->base | (spr & 0x1fu) << 16 | (spr & 0x3e0u) << 6;
}

static const struct rewrite *lookup(u8 flavour, u32 insn, bool *exact)
{
	u32 key = insn & ~MASK_RT;
	u8 f = BIT(flavour);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rewrites); i++) {
		const struct rewrite *r = &rewrites[i];

		if (row_word(r) != key)
			continue;
		if (r->base == INSN_TLBSYNC && insn != INSN_TLBSYNC)
			continue;	/* tlbsync has no register field */
		if (r->exact & f) {
			*exact = true;
			return r;
		}
		if (r->inexact & f) {
			*exact = false;
			return r;
		}
	}
	return NULL;
}

/*
 * The D/DS field addressing a magic-page field from rA = 0.  A 32-bit
 * big-endian guest (e500) reaches the low word of a u64 field at +4.  Book3S
 * always moves whole u64 fields with ld/std: KVM emulates those SPRs with
 * full 64-bit GPRs even in 32-bit mode.
 */
/* The displacement of magic-page offset @off from base register 0. */
static u32 magic_disp(long off)
{
	return (u32)(KVMPPC_BT_MAGIC_EA + off) & 0xffffu;
}

/*
 * Can the site reach the magic page, for an access whose byte order does
 * not matter (the sink, the zero doubleword)?  Always on e500; on Book3S in
 * 64-bit mode (the page's EA is then the one KVM matches).
 */
static bool magic_any_order(const struct kvmppc_bt_xlate_ctx *ctx)
{
	return ctx->flavour == KVMPPC_BT_BOOKE || ctx->mode64;
}

static u32 field_disp(const struct rewrite *r, u8 flavour)
{
	long ea = KVMPPC_BT_MAGIC_EA + r->off;

	if (flavour == KVMPPC_BT_BOOKE && r->size == 8)
		ea += 4;
	return (u32)ea & 0xffffu;
}

/**
 * kvmppc_bt_xlate() - translate one trapping instruction
 * @ctx: the guest's state at the trap
 * @insn: the instruction word, as the guest sees it
 * @out: the replacement, on success
 *
 * Return: KVMPPC_BT_REASON_NONE (0) with @out filled, or the reason there
 * is no exact single-word rewrite.
 */
int kvmppc_bt_xlate(const struct kvmppc_bt_xlate_ctx *ctx, u32 insn,
		    struct kvmppc_bt_rewrite *out)
{
	const struct rewrite *r;
	u32 rt = insn & MASK_RT;
	bool exact = false;

	if (insn == KVMPPC_BT_INSN_FAKE_SC1)
		return KVMPPC_BT_REASON_HCALL;
	if (ctx->flavour != KVMPPC_BT_BOOKE && ctx->flavour != KVMPPC_BT_BOOK3S)
		return KVMPPC_BT_REASON_NO_REWRITE;
	if (kvmppc_bt_block_insn(ctx->flavour, insn)) {
		if (!(ctx->classes & BIT(KVMPPC_BT_CLASS_MSREE)))
			return KVMPPC_BT_REASON_CLASS_OFF;
		/* Book3S blocks: 64-bit mode, the page in the guest's order. */
		if (ctx->flavour == KVMPPC_BT_BOOK3S &&
		    (!ctx->mode64 || ctx->guest_le == ctx->shared_be))
			return KVMPPC_BT_REASON_MODE;
		/* The branch into its block's slot, which vm.c allocates. */
		out->class = KVMPPC_BT_CLASS_MSREE;
		out->insn = 0;
		return KVMPPC_BT_REASON_NONE;
	}
	r = lookup(ctx->flavour, insn, &exact);
	if (!r)
		return KVMPPC_BT_REASON_NO_REWRITE;
	if (!exact)
		return KVMPPC_BT_REASON_NOT_EXACT;
	if (!(ctx->classes & BIT(r->class)))
		return KVMPPC_BT_REASON_CLASS_OFF;
	if (r->kind == K_MIRROR && !ctx->mirror)
		return KVMPPC_BT_REASON_NOT_EXACT;
	/*
	 * Book3S loads and stores of the magic page: only 64-bit mode (the
	 * page's EA is then the one KVM matches), and only when the guest's
	 * byte order is the page's.  The sink and the zero doubleword have no
	 * byte order; outside 64-bit mode they are nop and li.
	 */
	if (ctx->flavour == KVMPPC_BT_BOOK3S && r->kind != K_NOP && r->kind != K_ZERO &&
	    (!ctx->mode64 || ctx->guest_le == ctx->shared_be))
		return KVMPPC_BT_REASON_MODE;

	out->class = r->class;
	switch (r->kind) {
	case K_NOP:
		if (magic_any_order(ctx))
			out->insn = INSN_STW | magic_disp(KVMPPC_BT_SH_SINK);
		else
			out->insn = INSN_NOP;
		break;
	case K_ZERO:
		if (magic_any_order(ctx))
			out->insn = INSN_LD | rt | magic_disp(KVMPPC_BT_SH_ZERO);
		else
			out->insn = INSN_LI | rt;
		break;
	case K_LOAD:
	case K_MIRROR:
		if (r->size == 8 && ctx->flavour == KVMPPC_BT_BOOK3S)
			out->insn = INSN_LD | rt | field_disp(r, ctx->flavour);
		else
			out->insn = INSN_LWZ | rt | field_disp(r, ctx->flavour);
		break;
	default:
		if (r->size == 8 && ctx->flavour == KVMPPC_BT_BOOK3S)
			out->insn = INSN_STD | rt | field_disp(r, ctx->flavour);
		else
			out->insn = INSN_STW | rt | field_disp(r, ctx->flavour);
		break;
	}
	return KVMPPC_BT_REASON_NONE;
}

/**
 * kvmppc_bt_insn_class() - the class of an instruction KVM emulates
 * @flavour: enum kvmppc_bt_flavour
 * @insn: the instruction word
 *
 * Return: its enum kvmppc_bt_class, or -1 when it has no row in the table.
 */
int kvmppc_bt_insn_class(u8 flavour, u32 insn)
{
	bool exact;
	const struct rewrite *r = lookup(flavour, insn, &exact);

	if (kvmppc_bt_block_insn(flavour, insn))
		return KVMPPC_BT_CLASS_MSREE;
	return r ? r->class : -1;
}

/**
 * kvmppc_bt_block_insn() - is @insn one that translated blocks serve?
 * @flavour: enum kvmppc_bt_flavour
 * @insn: the instruction word
 *
 * wrtee and wrteei (e500), mtmsrd rS,1 (Book3S), canonical encodings only
 * (reserved fields zero): KVM decodes the others the same way, but they
 * stay trapping.
 */
bool kvmppc_bt_block_insn(u8 flavour, u32 insn)
{
	if (flavour == KVMPPC_BT_BOOK3S)
		return (insn & ~MASK_RT) == KVMPPC_BT_INSN_MTMSRD1;
	return (insn & ~0x8000u) == KVMPPC_BT_INSN_WRTEEI ||
	       (insn & ~MASK_RT) == KVMPPC_BT_INSN_WRTEE;
}

/**
 * kvmppc_bt_class_any_order() - do the replacements of @class work in
 *	either byte order of the magic page?
 * @class: enum kvmppc_bt_class
 *
 * Return: true for the sink store (tlbsync) and the zero load (mfzero).
 */
bool kvmppc_bt_class_any_order(unsigned int class)
{
	return class == KVMPPC_BT_CLASS_TLBSYNC || class == KVMPPC_BT_CLASS_MFZERO;
}

/*
 * The X-form loads and stores of opcode 31 (integer, floating point,
 * vector, VSX), by extended opcode: kvmppc_bt_insn_is_mem().
 */
const u8 kvmppc_bt_mem_xo[1024] = {
	[7] = 1, [12] = 1, [20] = 1, [21] = 1, [23] = 1, [39] = 1, [52] = 1,
	[53] = 1, [55] = 1, [71] = 1, [76] = 1, [84] = 1, [87] = 1, [103] = 1,
	[116] = 1, [119] = 1, [135] = 1, [140] = 1, [149] = 1, [150] = 1,
	[151] = 1, [167] = 1, [181] = 1, [182] = 1, [183] = 1, [199] = 1,
	[214] = 1, [215] = 1, [231] = 1, [247] = 1, [268] = 1, [269] = 1,
	[276] = 1, [279] = 1, [301] = 1, [310] = 1, [311] = 1, [332] = 1,
	[341] = 1, [343] = 1, [359] = 1, [364] = 1, [373] = 1, [375] = 1,
	[396] = 1, [397] = 1, [407] = 1, [429] = 1, [438] = 1, [439] = 1,
	[487] = 1, [524] = 1, [532] = 1, [533] = 1, [534] = 1, [535] = 1,
	[567] = 1, [588] = 1, [597] = 1, [599] = 1, [631] = 1, [652] = 1,
	[660] = 1, [661] = 1, [662] = 1, [663] = 1, [694] = 1, [695] = 1,
	[716] = 1, [725] = 1, [726] = 1, [727] = 1, [759] = 1, [780] = 1,
	[781] = 1, [790] = 1, [812] = 1, [813] = 1, [844] = 1, [855] = 1,
	[876] = 1, [887] = 1, [908] = 1, [909] = 1, [918] = 1, [940] = 1,
	[941] = 1, [972] = 1, [983] = 1, [1004] = 1,
};

static int spr_of(u32 insn)
{
	return (insn >> 16 & 0x1f) | (insn >> 6 & 0x3e0);
}

/**
 * kvmppc_bt_insn_mirror_write() - does @insn change a mirrored SPR?
 * @insn: the instruction word (Book3S)
 *
 * Return: the mirror slot mtspr @insn writes, or -1.
 */
int kvmppc_bt_insn_mirror_write(u32 insn)
{
	if ((insn & 0xfc0007feu) != INSN_MTSPR)
		return -1;
	switch (spr_of(insn)) {
	case SPRN_FSCR:
		return KVMPPC_BT_MIRROR_FSCR;
	case SPRN_EBBHR:
		return KVMPPC_BT_MIRROR_EBBHR;
	case SPRN_EBBRR:
		return KVMPPC_BT_MIRROR_EBBRR;
	case SPRN_BESCR:
		return KVMPPC_BT_MIRROR_BESCR;
	default:
		return -1;
	}
}

/**
 * kvmppc_bt_insn_mirror_ebb() - is @insn a read of an EBB register?
 * @insn: the original instruction of a site (Book3S)
 *
 * Its mirror load is exact only while the guest's FSCR enables EBB.
 */
bool kvmppc_bt_insn_mirror_ebb(u32 insn)
{
	if ((insn & 0xfc0007feu) != INSN_MFSPR)
		return false;
	switch (spr_of(insn)) {
	case SPRN_EBBHR:
	case SPRN_EBBRR:
	case SPRN_BESCR:
		return true;
	default:
		return false;
	}
}

static const char *const class_names[KVMPPC_BT_NR_CLASSES] = {
	[KVMPPC_BT_CLASS_MFMSR] = "mfmsr",
	[KVMPPC_BT_CLASS_MFSPRG] = "mfsprg",
	[KVMPPC_BT_CLASS_MTSPRG] = "mtsprg",
	[KVMPPC_BT_CLASS_MFSRR] = "mfsrr",
	[KVMPPC_BT_CLASS_MTSRR] = "mtsrr",
	[KVMPPC_BT_CLASS_MFFAULT] = "mffault",
	[KVMPPC_BT_CLASS_MTFAULT] = "mtfault",
	[KVMPPC_BT_CLASS_MFMAS] = "mfmas",
	[KVMPPC_BT_CLASS_MTMAS] = "mtmas",
	[KVMPPC_BT_CLASS_MFPIR] = "mfpir",
	[KVMPPC_BT_CLASS_TLBSYNC] = "tlbsync",
	[KVMPPC_BT_CLASS_MFZERO] = "mfzero",
	[KVMPPC_BT_CLASS_MFMIRROR] = "mfmirror",
	[KVMPPC_BT_CLASS_MSREE] = "msree",
};

static const char *const reason_names[KVMPPC_BT_NR_REASONS] = {
	[KVMPPC_BT_REASON_NONE] = "none",
	[KVMPPC_BT_REASON_NO_REWRITE] = "no_rewrite",
	[KVMPPC_BT_REASON_NOT_EXACT] = "not_exact",
	[KVMPPC_BT_REASON_HCALL] = "hcall",
	[KVMPPC_BT_REASON_CLASS_OFF] = "class_off",
	[KVMPPC_BT_REASON_MODE] = "mode",
	[KVMPPC_BT_REASON_MAGIC_CONFLICT] = "magic_conflict",
	[KVMPPC_BT_REASON_XLATE] = "xlate",
	[KVMPPC_BT_REASON_NOT_RAM] = "not_ram",
	[KVMPPC_BT_REASON_CHANGED] = "changed",
	[KVMPPC_BT_REASON_WRITE_FAIL] = "write_fail",
	[KVMPPC_BT_REASON_NOMEM] = "nomem",
	[KVMPPC_BT_REASON_SMP] = "smp",
	[KVMPPC_BT_REASON_USER] = "user",
	[KVMPPC_BT_REASON_FAR] = "far",
	[KVMPPC_BT_REASON_WINDOW] = "window",
	[KVMPPC_BT_REASON_RESIZE] = "resize",
};

static const char *const state_names[KVMPPC_BT_NR_SITE_STATES] = {
	[KVMPPC_BT_SITE_COUNTING] = "counting",
	[KVMPPC_BT_SITE_PENDING] = "pending",
	[KVMPPC_BT_SITE_PATCHED] = "patched",
	[KVMPPC_BT_SITE_UNPATCHABLE] = "unpatchable",
	[KVMPPC_BT_SITE_RESTORED] = "restored",
};

const char *kvmppc_bt_class_name(unsigned int class)
{
	return class < KVMPPC_BT_NR_CLASSES ? class_names[class] : "?";
}

const char *kvmppc_bt_reason_name(unsigned int reason)
{
	return reason < KVMPPC_BT_NR_REASONS ? reason_names[reason] : "?";
}

const char *kvmppc_bt_state_name(unsigned int state)
{
	return state < KVMPPC_BT_NR_SITE_STATES ? state_names[state] : "?";
}

static bool is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t' || c == '\n';
}

static int parse_number(const char *s, size_t len, u32 *val)
{
	u32 base = 10, v = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		char c = s[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		if (v > (0xffffffffu - d) / base)
			return -1;
		v = v * base + d;
	}
	*val = v;
	return 0;
}

/**
 * kvmppc_bt_parse_classes() - parse a class selection
 * @buf: NUL-terminated: a mask ("0x7ff", "5"), or class names separated by
 *	commas or blanks ("mfmsr,mfsprg"), or "all" or "none"; one trailing
 *	newline is accepted
 * @mask: the resulting mask
 *
 * Return: 0, or -1 for anything else (unknown name, bit outside the
 * classes, empty input); @mask is then untouched.
 */
int kvmppc_bt_parse_classes(const char *buf, u32 *mask)
{
	size_t len = strlen(buf);
	const char *p = buf, *end;
	u32 m = 0, v;
	int words = 0;
	bool none = false;

	if (len && buf[len - 1] == '\n')
		len--;
	end = buf + len;
	while (p < end && is_sep(*p))
		p++;
	if (p == end)
		return -1;
	if (*p >= '0' && *p <= '9') {
		const char *q = p;

		while (q < end && !is_sep(*q))
			q++;
		if (parse_number(p, q - p, &v) || (v & ~KVMPPC_BT_CLASSES_ALL))
			return -1;
		while (q < end && is_sep(*q))
			q++;
		if (q != end)
			return -1;
		*mask = v;
		return 0;
	}
	while (p < end) {
		const char *q = p;
		size_t n;
		unsigned int c;

		while (q < end && !is_sep(*q))
			q++;
		n = q - p;
		if (n == 3 && !strncmp(p, "all", 3)) {
			m = KVMPPC_BT_CLASSES_ALL;
		} else if (n == 4 && !strncmp(p, "none", 4)) {
			none = true;
		} else {
			for (c = 0; c < KVMPPC_BT_NR_CLASSES; c++)
				if (strlen(class_names[c]) == n && !strncmp(p, class_names[c], n))
					break;
			if (c == KVMPPC_BT_NR_CLASSES)
				return -1;
			m |= BIT(c);
		}
		words++;
		p = q;
		while (p < end && is_sep(*p))
			p++;
	}
	if (none && words > 1)
		return -1;
	*mask = m;
	return 0;
}
