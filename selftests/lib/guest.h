/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest-side conventions shared by the selftest VMM (C) and guest code (.S).
 *
 * Guest physical layout (both flavours; guests run identity-mapped):
 *   0x0000-0x1fff  exception vectors (e500: IVPR=0, IVORn at GUEST_IVOR(n);
 *                  ppc64: the architected real-mode vectors)
 *   0x4000         entry point (GUEST_ENTRY)
 *   0x10000-       data (never page 0: on e500, stock KVM serves supervisor
 *                  data accesses to EA page 0 from the magic page while
 *                  magic_page_ea is 0)
 *   0x100000       initial stack pointer
 *
 * "ucall": the guest reports to the VMM by storing to UCALL_BASE + offset,
 * an address outside every memslot, which KVM turns into an MMIO exit.
 *   +UCALL_OFF_DONE     store a status word: the run is over
 *   +UCALL_OFF_REPORT   store a value: appended to vcpu->reports, run continues
 *   +UCALL_OFF_IRQ      store anything: the VMM raises an external interrupt
 *                       on this vcpu (KVM_INTERRUPT, edge), run continues
 *   +UCALL_OFF_EXC(v)  an unexpected exception (vector id v), data = SRR0
 */
#ifndef KVMPPC_BT_SELFTEST_GUEST_H
#define KVMPPC_BT_SELFTEST_GUEST_H

#define GUEST_ENTRY	0x4000
#define GUEST_DATA	0x10000
#define GUEST_STACK	0x100000

#define UCALL_BASE	0x08000000
#define UCALL_OFF_DONE	0x0
#define UCALL_OFF_REPORT	0x8
#define UCALL_OFF_IRQ	0x10
#define UCALL_OFF_EXC_BASE	0x1000
#define UCALL_OFF_EXC(v)	(UCALL_OFF_EXC_BASE + 8 * (v))
#define UCALL_OFF_END	0x2000

/* e500: the vector of IVOR n sits at GUEST_IVOR(n) (n = 0..15, 32..35). */
#define GUEST_IVOR_LOW(n)	(0x40 * (n))
#define GUEST_IVOR_HIGH(n)	(0x400 + 0x40 * ((n) - 32))
#define GUEST_IVOR(n)		((n) < 16 ? GUEST_IVOR_LOW(n) : GUEST_IVOR_HIGH(n))

/* ppc64: vector id of an architected vector address. */
#define GUEST_VEC_ID(addr)	((addr) >> 5)

#ifdef __ASSEMBLER__

#define SPRN_SRR0	26
#define SPRN_SRR1	27
#define SPRN_SPRG0	272
#define SPRN_SPRG1	273
#define SPRN_SPRG2	274
#define SPRN_SPRG3	275

#ifdef LAB_E500
#define GUEST_STORE	stw
#else
#define GUEST_STORE	std
#endif

/* Clobber r9 only. */
#define GUEST_DONE(reg)					\
	lis	r9, UCALL_BASE@h;			\
	GUEST_STORE	reg, UCALL_OFF_DONE(r9);		\
	b	.

#define GUEST_REPORT(reg)				\
	lis	r9, UCALL_BASE@h;			\
	GUEST_STORE	reg, UCALL_OFF_REPORT(r9)

/* Have the VMM raise an external interrupt.  Clobber r9 only. */
#define GUEST_RAISE_IRQ					\
	lis	r9, UCALL_BASE@h;			\
	GUEST_STORE	r9, UCALL_OFF_IRQ(r9)

/* After a store to the instruction at (reg): make it the one fetched. */
#define GUEST_SYNC_ICACHE(reg)				\
	dcbst	0, reg;					\
	sync;						\
	icbi	0, reg;					\
	isync

/* An exception stub: report SRR0 under the vector's id and stop. */
#define GUEST_EXC_STUB(id)				\
	mfspr	r10, SPRN_SRR0;				\
	lis	r9, UCALL_BASE@h;			\
	GUEST_STORE	r10, UCALL_OFF_EXC(id)(r9);		\
	b	.

/*
 * A vector the guest handles itself: GUEST_HANDLER(n, label) before
 * GUEST_IMAGE_START puts "b label" there instead of the stub (n: e500 IVOR
 * number; ppc64 vector address, as written in GUEST_VECTORS).
 */
#define GUEST_HANDLER(n, label)	GUEST_HANDLER_(n, label)
#define GUEST_HANDLER_(n, label) .set guest_handler_##n, label

#define GUEST_VECTOR_AT(where, n, id)			\
	.org	where;					\
	.ifdef	guest_handler_##n;			\
	b	guest_handler_##n;			\
	.else;						\
	GUEST_EXC_STUB(id);				\
	.endif

#ifdef LAB_E500
#define GUEST_VECTOR(n)		GUEST_VECTOR_AT(GUEST_IVOR_LOW(n), n, n)
#define GUEST_VECTOR_HIGH(n)	GUEST_VECTOR_AT(GUEST_IVOR_HIGH(n), n, n)

/* The whole vector table: IVOR0-15 and IVOR32-35. */
#define GUEST_VECTORS					\
	GUEST_VECTOR(0); GUEST_VECTOR(1); GUEST_VECTOR(2); GUEST_VECTOR(3); \
	GUEST_VECTOR(4); GUEST_VECTOR(5); GUEST_VECTOR(6); GUEST_VECTOR(7); \
	GUEST_VECTOR(8); GUEST_VECTOR(9); GUEST_VECTOR(10); GUEST_VECTOR(11); \
	GUEST_VECTOR(12); GUEST_VECTOR(13); GUEST_VECTOR(14); GUEST_VECTOR(15); \
	GUEST_VECTOR_HIGH(32); GUEST_VECTOR_HIGH(33);			\
	GUEST_VECTOR_HIGH(34); GUEST_VECTOR_HIGH(35)
#else
#define GUEST_VECTOR(addr)	GUEST_VECTOR_AT(addr, addr, GUEST_VEC_ID(addr))

#define GUEST_VECTORS					\
	GUEST_VECTOR(0x100); GUEST_VECTOR(0x200); GUEST_VECTOR(0x300);	\
	GUEST_VECTOR(0x380); GUEST_VECTOR(0x400); GUEST_VECTOR(0x480);	\
	GUEST_VECTOR(0x500); GUEST_VECTOR(0x600); GUEST_VECTOR(0x700);	\
	GUEST_VECTOR(0x800); GUEST_VECTOR(0x900); GUEST_VECTOR(0x980);	\
	GUEST_VECTOR(0xa00); GUEST_VECTOR(0xb00); GUEST_VECTOR(0xc00);	\
	GUEST_VECTOR(0xd00); GUEST_VECTOR(0xe00); GUEST_VECTOR(0xe20);	\
	GUEST_VECTOR(0xe40); GUEST_VECTOR(0xe60); GUEST_VECTOR(0xe80);	\
	GUEST_VECTOR(0xf00); GUEST_VECTOR(0xf20); GUEST_VECTOR(0xf40);	\
	GUEST_VECTOR(0xf60); GUEST_VECTOR(0x1300); GUEST_VECTOR(0x1500); \
	GUEST_VECTOR(0x1700)
#endif

/* Start of a guest image: vectors, then the entry point. */
#define GUEST_IMAGE_START				\
	.text;						\
	.globl	_start;					\
_start:							\
	GUEST_VECTORS;					\
	.org	GUEST_ENTRY

#endif /* __ASSEMBLER__ */

#endif
