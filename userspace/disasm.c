// SPDX-License-Identifier: GPL-2.0
/*
 * A small PowerPC disassembler for kvmppc-bt's reports.
 *
 * It knows the instructions KVM traps on and emulates for PR and e500
 * guests (SPR and MSR moves, TLB and SLB management, returns from
 * interrupts, wrtee(i), sc) and the replacement words kvmppc-bt writes
 * (lwz/stw/ld/std relative to rA = 0, nop).  Everything else, and every
 * known opcode with a reserved field set, comes out as ".long 0x%08x", so
 * the text never claims more than the word says.
 */
#include <stdio.h>

#include "disasm.h"
#include "xlate.h"

#define OPCD(i)		((i) >> 26)
#define XO_X(i)		(((i) >> 1) & 0x3ffu)
#define RT(i)		(((i) >> 21) & 0x1fu)
#define RA(i)		(((i) >> 16) & 0x1fu)
#define RB(i)		(((i) >> 11) & 0x1fu)
#define RC(i)		((i) & 1u)
#define SPR(i)		((((i) >> 16) & 0x1fu) | ((((i) >> 11) & 0x1fu) << 5))

/* Flavours an SPR name applies to. */
#define ON_E500		1u
#define ON_BOOK3S	2u
#define ON_BOTH		(ON_E500 | ON_BOOK3S)

static const struct {
	unsigned short spr;
	unsigned char on;
	const char *name;
} sprs[] = {
	{ 17, ON_BOOK3S, "DSCR" },
	{ 18, ON_BOOK3S, "DSISR" },
	{ 19, ON_BOOK3S, "DAR" },
	{ 22, ON_BOTH, "DEC" },
	{ 28, ON_BOOK3S, "CFAR" },
	{ 26, ON_BOTH, "SRR0" },
	{ 27, ON_BOTH, "SRR1" },
	{ 48, ON_BOTH, "PID" },
	{ 61, ON_E500, "DEAR" },
	{ 62, ON_E500, "ESR" },
	{ 153, ON_BOOK3S, "FSCR" },
	{ 260, ON_E500, "SPRG4R" },
	{ 261, ON_E500, "SPRG5R" },
	{ 262, ON_E500, "SPRG6R" },
	{ 263, ON_E500, "SPRG7R" },
	{ 272, ON_BOTH, "SPRG0" },
	{ 273, ON_BOTH, "SPRG1" },
	{ 274, ON_BOTH, "SPRG2" },
	{ 275, ON_BOTH, "SPRG3" },
	{ 276, ON_BOTH, "SPRG4" },
	{ 277, ON_BOTH, "SPRG5" },
	{ 278, ON_BOTH, "SPRG6" },
	{ 279, ON_BOTH, "SPRG7" },
	{ 286, ON_E500, "PIR" },
	{ 287, ON_BOTH, "PVR" },
	{ 336, ON_E500, "TSR" },
	{ 340, ON_E500, "TCR" },
	{ 624, ON_E500, "MAS0" },
	{ 625, ON_E500, "MAS1" },
	{ 626, ON_E500, "MAS2" },
	{ 627, ON_E500, "MAS3" },
	{ 628, ON_E500, "MAS4" },
	{ 630, ON_E500, "MAS6" },
	{ 944, ON_E500, "MAS7" },
	{ 1023, ON_BOOK3S, "PIR" },
};

const char *kvmppc_bt_spr_name(unsigned int spr, int book3s)
{
	unsigned int on = book3s ? ON_BOOK3S : ON_E500;
	size_t i;

	for (i = 0; i < sizeof(sprs) / sizeof(sprs[0]); i++)
		if (sprs[i].spr == spr && (sprs[i].on & on))
			return sprs[i].name;
	return NULL;
}

/* Words without operands, matched exactly. */
static const struct {
	uint32_t insn;
	const char *name;
} plain[] = {
	{ 0x60000000u, "nop" },
	{ 0x4c000064u, "rfi" },
	{ 0x4c000024u, "rfid" },
	{ 0x4c000224u, "hrfid" },
	{ 0x4c000066u, "rfci" },
	{ 0x4c00004cu, "rfmci" },
	{ 0x4c00004eu, "rfdi" },
	{ 0x7c00046cu, "tlbsync" },
	{ 0x7c0007a4u, "tlbwe" },
	{ 0x7c000764u, "tlbre" },
	{ 0x7c0003e4u, "slbia" },
};

/* A base register: "0" for rA = 0, which the hardware reads as zero. */
static const char *base(uint32_t ra, char *buf, size_t len)
{
	if (!ra)
		return "0";
	snprintf(buf, len, "r%u", (unsigned int)ra);
	return buf;
}

static int spr_text(unsigned int spr, int book3s, char *buf, size_t len)
{
	const char *name = kvmppc_bt_spr_name(spr, book3s);

	if (name)
		return snprintf(buf, len, "%s", name);
	return snprintf(buf, len, "%u", spr);
}

#define OUT(...)	snprintf(buf, len, __VA_ARGS__)

/* Opcode 31, X-form. Return -1 when the word is not one we know. */
static int disasm_31(uint32_t i, int book3s, char *buf, size_t len)
{
	unsigned int rt = RT(i), ra = RA(i), rb = RB(i);
	char b[8], spr[16];

	if (RC(i))
		return -1;
	switch (XO_X(i)) {
	case 83:	/* mfmsr rT */
		if (ra || rb)
			return -1;
		return OUT("mfmsr r%u", rt);
	case 146:	/* mtmsr rS[,L] */
	case 178:	/* mtmsrd rS[,L] */
		if ((ra & ~1u) || rb)
			return -1;
		if (ra)
			return OUT("%s r%u,1", XO_X(i) == 146 ? "mtmsr" : "mtmsrd", rt);
		return OUT("%s r%u", XO_X(i) == 146 ? "mtmsr" : "mtmsrd", rt);
	case 339:	/* mfspr rT,SPR */
		spr_text(SPR(i), book3s, spr, sizeof(spr));
		return OUT("mfspr r%u,%s", rt, spr);
	case 467:	/* mtspr SPR,rS */
		spr_text(SPR(i), book3s, spr, sizeof(spr));
		return OUT("mtspr %s,r%u", spr, rt);
	case 131:	/* wrtee rS */
		if (ra || rb)
			return -1;
		return OUT("wrtee r%u", rt);
	case 163:	/* wrteei E */
		if (rt || ra || (rb & 0xfu))
			return -1;
		return OUT("wrteei %u", rb >> 4);
	case 914:	/* tlbsx rA,rB */
		if (rt)
			return -1;
		return OUT("tlbsx %s,r%u", base(ra, b, sizeof(b)), rb);
	case 786:	/* tlbivax rA,rB */
		if (rt)
			return -1;
		return OUT("tlbivax %s,r%u", base(ra, b, sizeof(b)), rb);
	case 306:	/* tlbie rB[,rS] */
	case 274:	/* tlbiel rB[,rS] */
		if (ra)
			return -1;
		if (rt)
			return OUT("%s r%u,r%u", XO_X(i) == 306 ? "tlbie" : "tlbiel", rb, rt);
		return OUT("%s r%u", XO_X(i) == 306 ? "tlbie" : "tlbiel", rb);
	case 402:	/* slbmte rS,rB */
		if (ra)
			return -1;
		return OUT("slbmte r%u,r%u", rt, rb);
	case 434:	/* slbie rB */
		if (rt || ra)
			return -1;
		return OUT("slbie r%u", rb);
	case 915:	/* slbmfee rT,rB */
	case 851:	/* slbmfev rT,rB */
		if (ra)
			return -1;
		return OUT("%s r%u,r%u", XO_X(i) == 915 ? "slbmfee" : "slbmfev", rt, rb);
	case 595:	/* mfsr rT,SR */
		if ((ra & 0x10u) || rb)
			return -1;
		return OUT("mfsr r%u,%u", rt, ra);
	case 210:	/* mtsr SR,rS */
		if ((ra & 0x10u) || rb)
			return -1;
		return OUT("mtsr %u,r%u", ra, rt);
	case 659:	/* mfsrin rT,rB */
		if (ra)
			return -1;
		return OUT("mfsrin r%u,r%u", rt, rb);
	case 242:	/* mtsrin rS,rB */
		if (ra)
			return -1;
		return OUT("mtsrin r%u,r%u", rt, rb);
	}
	return -1;
}

int kvmppc_bt_disasm(uint32_t i, int book3s, char *buf, size_t len)
{
	unsigned int rt = RT(i), ra = RA(i);
	int32_t target;
	char b[8];
	size_t k;
	int n = -1;

	if (!buf && len)
		return -1;
	if (i == KVMPPC_BT_INSN_FAKE_SC1)
		return OUT(".long 0x%08x (hcall)", (unsigned int)i);
	for (k = 0; k < sizeof(plain) / sizeof(plain[0]); k++)
		if (plain[k].insn == i)
			return OUT("%s", plain[k].name);

	switch (OPCD(i)) {
	case 17:	/* sc [LEV] */
		if ((i & 0x03fff01fu) != 0x2u)
			break;
		if ((i >> 5) & 0x7fu)
			return OUT("sc %u", (unsigned int)((i >> 5) & 0x7fu));
		return OUT("sc");
	case 18:	/* ba target: the entry of a translated block */
		if ((i & 3u) != 2u)
			break;
		target = (int32_t)((i & 0x03fffffcu) << 6) >> 6;
		if (book3s)
			return OUT("ba 0x%llx", (unsigned long long)(int64_t)target);
		return OUT("ba 0x%x", (unsigned int)target);
	case 14:	/* addi rT,rA,SI; li rT,SI when rA = 0 */
		if (!ra)
			return OUT("li r%u,%d", rt, (int)(int16_t)(i & 0xffffu));
		return OUT("addi r%u,r%u,%d", rt, ra, (int)(int16_t)(i & 0xffffu));
	case 24:	/* ori rA,rS,UI (nop above) */
		return OUT("ori r%u,r%u,%u", ra, rt, (unsigned int)(i & 0xffffu));
	case 32:	/* lwz rT,D(rA) */
	case 36:	/* stw rS,D(rA) */
		return OUT("%s r%u,%d(%s)", OPCD(i) == 32 ? "lwz" : "stw", rt,
			   (int)(int16_t)(i & 0xffffu), base(ra, b, sizeof(b)));
	case 58:	/* ld, ldu, lwa rT,DS(rA) */
		if ((i & 3u) == 3u)
			break;
		return OUT("%s r%u,%d(%s)", (i & 3u) == 0 ? "ld" : (i & 3u) == 1 ? "ldu" : "lwa",
			   rt, (int)(int16_t)(i & 0xfffcu), base(ra, b, sizeof(b)));
	case 62:	/* std, stdu rS,DS(rA) */
		if ((i & 3u) > 1u)
			break;
		return OUT("%s r%u,%d(%s)", (i & 3u) == 0 ? "std" : "stdu",
			   rt, (int)(int16_t)(i & 0xfffcu), base(ra, b, sizeof(b)));
	case 31:
		n = disasm_31(i, book3s, buf, len);
		break;
	}
	if (n >= 0)
		return n;
	return OUT(".long 0x%08x", (unsigned int)i);
}
