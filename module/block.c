// SPDX-License-Identifier: GPL-2.0
/*
 * Translated blocks for e500's wrtee and wrteei and Book3S's mtmsrd rS,1
 * (see block.h).
 *
 * KVM emulates the e500 ones as
 * "shared->msr = (shared->msr & ~MSR_EE) | (x & MSR_EE)" (booke_emulate.c),
 * and Book3S PR mtmsrd with L = 1 the same way for EE and RI together
 * (book3s_emulate.c, kvmppc_set_msr_fast), and delivers a pending interrupt
 * at the next entry if EE is then set.  The blocks do the same on the magic
 * page, and trap when the new EE is set while KVM reports an interrupt
 * pending (int_pending, which KVM rewrites as 0 or 1 before every entry), so
 * that the original is emulated there and the interrupt delivered as on
 * stock KVM.  They touch no condition register field, no CTR, LR or XER.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <string.h>
#endif

#include "block.h"
#include "xlate.h"

#define INSN_WRTEEI	KVMPPC_BT_INSN_WRTEEI
#define MSR_EE_BIT	0x8000u		/* MSR[EE], also wrteei's E field */
#define MASK_RS		0x03e00000u

/* Magic-page fields (e500, 32-bit big-endian: the low word of a u64 at +4). */
#define F_SCRATCH1	(KVMPPC_BT_MAGIC_EA + 0x00 + 4)
#define F_SCRATCH2	(KVMPPC_BT_MAGIC_EA + 0x08 + 4)
#define F_MSR		(KVMPPC_BT_MAGIC_EA + KVMPPC_BT_SH_MSR + 4)
#define F_INT_PENDING	(KVMPPC_BT_MAGIC_EA + KVMPPC_BT_SH_INT_PENDING)
/* Book3S, 64-bit mode, the page in the guest's byte order: whole u64s. */
#define F64_SCRATCH1	(KVMPPC_BT_MAGIC_EA + 0x00)
#define F64_SCRATCH2	(KVMPPC_BT_MAGIC_EA + 0x08)
#define F64_MSR		(KVMPPC_BT_MAGIC_EA + KVMPPC_BT_SH_MSR)

#define BRANCH_REACH	0x2000000L	/* +-32 MiB */

static u32 d_form(u32 op, unsigned int rt, unsigned int ra, long d)
{
	return op << 26 | rt << 21 | ra << 16 | ((u32)d & 0xffffu);
}

static u32 stw0(unsigned int rs, long ea)
{
	return d_form(36, rs, 0, ea);
}

static u32 lwz0(unsigned int rt, long ea)
{
	return d_form(32, rt, 0, ea);
}

/* ld and std: DS-form, the displacement a multiple of 4. */
static u32 ld0(unsigned int rt, long ea)
{
	return d_form(58, rt, 0, ea & ~3L);
}

static u32 std0(unsigned int rs, long ea)
{
	return d_form(62, rs, 0, ea & ~3L);
}

/* rldicl rA,rS,SH,MB (MD-form; SH and MB split as the ISA has them). */
static u32 rldicl(unsigned int ra, unsigned int rs, unsigned int sh, unsigned int mb)
{
	return 30u << 26 | rs << 21 | ra << 16 | (sh & 31) << 11 |
	       ((mb & 31) << 1 | mb >> 5) << 5 | (sh >> 5) << 1;
}

static u32 rlw(u32 op, unsigned int ra, unsigned int rs, unsigned int sh,
	       unsigned int mb, unsigned int me)
{
	return op << 26 | rs << 21 | ra << 16 | sh << 11 | mb << 6 | me << 1;
}

#define RLWINM	21
#define RLWIMI	20

/* twnei rA,0: trap when rA != 0 (TO = lt | gt). */
static u32 twnei0(unsigned int ra)
{
	return d_form(3, 24, ra, 0);
}

/* and rA,rS,rB */
static u32 and(unsigned int ra, unsigned int rs, unsigned int rb)
{
	return 31u << 26 | rs << 21 | ra << 16 | rb << 11 | 28u << 1;
}

static u32 ori(unsigned int ra, unsigned int rs, u32 ui)
{
	return d_form(24, rs, ra, ui);
}

/*
 * A branch at @pc to @target: absolute if it can (within 32 MiB of 0 or of
 * the top of the address space, 32- or 64-bit), else relative.
 */
static int branch(u64 pc, u64 target, bool mode64, u32 *out)
{
	s64 t = mode64 ? (s64)target : (s64)(s32)(u32)target;
	s64 rel = mode64 ? (s64)(target - pc) : (s64)(s32)(u32)(target - pc);

	if (t >= -BRANCH_REACH && t < BRANCH_REACH) {
		*out = 0x48000002u | ((u32)t & 0x03fffffcu);
		return 0;
	}
	if (rel >= -BRANCH_REACH && rel < BRANCH_REACH) {
		*out = 0x48000000u | ((u32)rel & 0x03fffffcu);
		return 0;
	}
	return -1;
}

/**
 * kvmppc_bt_block_branch() - the word that enters a slot from a site
 * @site_ea: the site's EA
 * @slot_ea: the slot's EA
 * @mode64: the guest's mode at the site
 * @word: "ba slot" (the magic page's window, within 32 MiB of the top), or
 *	a relative "b slot" (the kernel window)
 *
 * Return: 0, or -1 when the slot is out of the site's reach.
 */
int kvmppc_bt_block_branch(u64 site_ea, u64 slot_ea, bool mode64, u32 *word)
{
	return branch(site_ea, slot_ea, mode64, word);
}

/* Two scratch registers other than rS, from r31, r30, r29. */
static void scratch_regs(unsigned int rs, unsigned int *a, unsigned int *s)
{
	*a = 31;
	*s = 30;
	if (rs == *a)
		*a = 29;
	else if (rs == *s)
		*s = 29;
}

/* e500 wrteei E, wrtee rS: up to the commit store (not included). */
static unsigned int gen_booke(u32 insn, struct kvmppc_bt_block *b, unsigned int *a)
{
	unsigned int n = 0, rs = (insn & MASK_RS) >> 21, s;
	u32 *c = b->code;

	*a = 31;
	b->trap = KVMPPC_BT_BLOCK_WORDS;
	if ((insn & ~MSR_EE_BIT) == INSN_WRTEEI) {
		b->regs[0] = *a;
		c[n++] = stw0(*a, F_SCRATCH1);
		if (insn & MSR_EE_BIT) {
			c[n++] = lwz0(*a, F_INT_PENDING);
			b->trap = n;
			c[n++] = twnei0(*a);
			c[n++] = lwz0(*a, F_MSR);
			c[n++] = ori(*a, *a, MSR_EE_BIT);
		} else {
			c[n++] = lwz0(*a, F_MSR);
			c[n++] = rlw(RLWINM, *a, *a, 0, 17, 15);	/* & ~MSR_EE */
		}
		return n;
	}
	scratch_regs(rs, a, &s);
	b->regs[0] = *a;
	b->regs[1] = s;
	c[n++] = stw0(*a, F_SCRATCH1);
	c[n++] = stw0(s, F_SCRATCH2);
	c[n++] = rlw(RLWINM, s, rs, 17, 31, 31);	/* rS[EE] as 0 or 1 */
	c[n++] = lwz0(*a, F_INT_PENDING);
	c[n++] = and(*a, *a, s);
	b->trap = n;
	c[n++] = twnei0(*a);
	c[n++] = lwz0(*a, F_MSR);
	c[n++] = rlw(RLWIMI, *a, rs, 0, 16, 16);	/* insert rS[EE] */
	return n;
}

/* Book3S mtmsrd rS,1 (64-bit mode): EE and RI from rS. */
static unsigned int gen_book3s(u32 insn, struct kvmppc_bt_block *b, unsigned int *a)
{
	unsigned int n = 0, rs = (insn & MASK_RS) >> 21, s;
	u32 *c = b->code;

	scratch_regs(rs, a, &s);
	b->regs[0] = *a;
	b->regs[1] = s;
	c[n++] = std0(*a, F64_SCRATCH1);
	c[n++] = std0(s, F64_SCRATCH2);
	c[n++] = rldicl(s, rs, 49, 63);			/* rS[EE] as 0 or 1 */
	c[n++] = lwz0(*a, F_INT_PENDING);
	c[n++] = and(*a, *a, s);
	b->trap = n;
	c[n++] = twnei0(*a);
	c[n++] = ld0(*a, F64_MSR);
	c[n++] = rlw(RLWIMI, *a, rs, 0, 16, 16);	/* insert rS[EE] */
	c[n++] = rlw(RLWIMI, *a, rs, 0, 30, 30);	/* insert rS[RI] */
	return n;
}

/**
 * kvmppc_bt_block_gen() - the block for @insn at @site_ea, in the slot at
 *	@slot_ea
 * @flavour: enum kvmppc_bt_flavour
 * @insn: e500 wrtee rS or wrteei E; Book3S mtmsrd rS,1
 * @slot_ea: the slot's guest EA (in the magic page)
 * @site_ea: the site's guest EA
 * @b: the block, on success
 *
 * Return: KVMPPC_BT_REASON_NONE, KVMPPC_BT_REASON_NO_REWRITE (not a block
 * instruction) or KVMPPC_BT_REASON_FAR (the site's successor is out of
 * branch reach of the window).
 */
int kvmppc_bt_block_gen(u8 flavour, u32 insn, u64 slot_ea, u64 site_ea,
			struct kvmppc_bt_block *b)
{
	bool book3s = flavour == KVMPPC_BT_BOOK3S;
	unsigned int n, a;
	u32 *c = b->code;

	memset(b, 0, sizeof(*b));
	b->regs[0] = KVMPPC_BT_BLOCK_NOREG;
	b->regs[1] = KVMPPC_BT_BLOCK_NOREG;
	if (!kvmppc_bt_block_insn(flavour, insn))
		return KVMPPC_BT_REASON_NO_REWRITE;
	n = book3s ? gen_book3s(insn, b, &a) : gen_booke(insn, b, &a);
	b->commit = n;
	c[n++] = book3s ? std0(a, F64_MSR) : stw0(a, F_MSR);
	c[n++] = book3s ? ld0(a, F64_SCRATCH1) : lwz0(a, F_SCRATCH1);
	if (b->regs[1] != KVMPPC_BT_BLOCK_NOREG)
		c[n++] = book3s ? ld0(b->regs[1], F64_SCRATCH2) : lwz0(b->regs[1], F_SCRATCH2);
	if (branch(slot_ea + 4 * n, site_ea + 4, book3s, &c[n]))
		return KVMPPC_BT_REASON_FAR;
	n++;
	b->nwords = n;
	if (b->trap == KVMPPC_BT_BLOCK_WORDS)
		b->trap = n;
	return KVMPPC_BT_REASON_NONE;
}

/**
 * kvmppc_bt_block_fixup() - leave block @b whose next word is @word
 * @b: the block
 * @word: (nip - slot) / 4 at the exit
 * @f: what to do
 *
 * Before the commit store has run the vcpu goes back to the site, with the
 * scratch registers saved so far put back; once it ran, to the successor,
 * with both put back (restoring one already restored is harmless: its
 * scratch field still holds the value).  A word outside the block (the
 * guest jumped there itself) goes back to the site, nothing restored.
 */
void kvmppc_bt_block_fixup(const struct kvmppc_bt_block *b, unsigned int word,
			   struct kvmppc_bt_fixup *f)
{
	unsigned int i;

	f->forward = false;
	f->restore = 0;
	if (word >= b->nwords)
		return;
	f->forward = word > b->commit;
	for (i = 0; i < 2; i++)
		if (b->regs[i] != KVMPPC_BT_BLOCK_NOREG && (f->forward || word > i))
			f->restore |= 1u << i;
}
