// SPDX-License-Identifier: GPL-2.0
/*
 * block_test: translated blocks (e500 wrtee, wrteei; Book3S mtmsrd rS,1),
 * stock KVM against kvmppc-bt, one fresh VM per run (block_guest.S has the
 * guest's phases; ppc64 runs them in 64-bit real mode, each wrtee(i) an
 * mtmsrd rS,1, plus one mtspr DEC that parks the decrementer).
 *
 *  - quiet: with no interrupt pending, each site traps T times, then runs
 *    its block without an exit; the guest reads the same MSRs as on stock.
 *  - pending: an interrupt raised while EE is off is taken right after
 *    the wrteei 1 / wrtee that enables it, N times out of N, as on stock;
 *    those sites keep one exit each (the block traps, KVM emulates the
 *    original), the others are patched.
 *  - async: the guest decrementer and host exits land inside blocks: no
 *    interrupt handler ever sees a PC in the window or a scratch register
 *    of a block, and the guest's result is stock's.
 *  - user: a patched wrteei entered in user mode raises the program check
 *    of its original at the same SRR0 with the same ESR; it is put back
 *    (reason "user") and traps from then on.
 * exits_test has issue 6's loop of seven trapping instructions.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(block_guest, GUEST_BIN);

#define QUIET		GUEST_ENTRY
#define PENDING		(GUEST_ENTRY + 0x400)
#define ASYNC		(GUEST_ENTRY + 0x800)
#define USER		(GUEST_ENTRY + 0xc00)

#ifdef LAB_E500
#define DEC_SETUP	0
#else
#define DEC_SETUP	1	/* mtspr DEC */
#endif

#define N		2000
#define T		10
#define ASYNC_N		30000
#define ASYNC_STOCK_N	1000
#define REFETCH_N	1000

struct run {
	uint64_t exits, sum_exits;
	uint64_t reports[8];
	unsigned int nr_reports;
	struct kvm_regs regs;
	int64_t patched, block_exits, unpatchable, unpatchable_user, unpatchable_window;
	int64_t unpatchable_far;
	uint64_t rerun_exits, rerun_reports[2];
};

static void collect(struct run *r, struct vm *vm, struct vcpu *vcpu, bool module)
{
	r->exits = vcpu_stat_get(vcpu, "emulated_inst_exits");
	r->sum_exits = vcpu_stat_get(vcpu, "sum_exits");
	r->nr_reports = vcpu->nr_reports;
	memcpy(r->reports, vcpu->reports, sizeof(r->reports));
	vcpu_get_regs(vcpu, &r->regs);
	if (module) {
		VMM_ASSERT(bt_wait_vm(vm->id), "no debugfs directory for VM %s", vm->id);
		r->patched = bt_stat(vm->id, "patched");
		r->block_exits = bt_stat(vm->id, "block_exits");
		r->unpatchable = bt_stat(vm->id, "unpatchable");
		r->unpatchable_user = bt_stat(vm->id, "unpatchable_user");
		r->unpatchable_window = bt_stat(vm->id, "unpatchable_window");
		r->unpatchable_far = bt_stat(vm->id, "unpatchable_far");
	}
}

/* A fresh VM with the guest's image, its vcpu at @entry, r3 = @n. */
static struct vcpu *guest_start(struct run *r, uint64_t entry, uint64_t n, bool module)
{
	struct vcpu *vcpu;
	struct vm *vm;

	VMM_ASSERT(!bt_use(module ? T : 0), "cannot %s kvmppc_bt", module ? "load" : "unload");
	memset(r, 0, sizeof(*r));
	vm = vm_create(0);
	vm_load(vm, 0, block_guest, GUEST_CODE_SIZE(block_guest));
	vcpu = vm_vcpu_add(vm, entry);
	vcpu_set_pc(vcpu, entry, n);
	return vcpu;
}

static void guest_end(struct vcpu *vcpu, bool module)
{
	vm_free(vcpu->vm);
	if (module)
		VMM_ASSERT(!bt_unload(), "cannot unload kvmppc_bt");
}

static void run_guest(struct run *r, uint64_t entry, uint64_t n, bool module)
{
	struct vcpu *vcpu = guest_start(r, entry, n, module);

	vcpu_run_done(vcpu);
	collect(r, vcpu->vm, vcpu, module);
	guest_end(vcpu, module);
}

/*
 * The end of a run_kernel(): collect, and with @rerun_pc, unload the module
 * under the running VM and run it again from there on stock KVM (into
 * @r->rerun_*; translation is still on).
 */
static void kernel_done(struct run *r, struct vcpu *vcpu, bool module, uint64_t rerun_pc,
			uint64_t n)
{
	struct kvm_regs regs;

	vcpu_run_done(vcpu);
	collect(r, vcpu->vm, vcpu, module);
	if (rerun_pc) {
		VMM_ASSERT(!bt_unload(), "cannot unload kvmppc_bt");
		vcpu_get_regs(vcpu, &regs);
		regs.pc = rerun_pc;
		regs.gpr[3] = n;
		vcpu_set_regs(vcpu, &regs);
		vcpu->nr_reports = 0;
		vcpu_run_done(vcpu);
		r->rerun_exits = vcpu_stat_get(vcpu, "emulated_inst_exits") - r->exits;
		memcpy(r->rerun_reports, vcpu->reports, sizeof(r->rerun_reports));
	}
	guest_end(vcpu, module);
}

#ifdef LAB_PPC64
#define HTAB		0x400000
#define KERNEL_BASE	0xc000000000000000ULL
#define KERNEL		(GUEST_ENTRY + 0x1000)
#define ALIAS		(GUEST_ENTRY + 0x1040)
#define ALIAS_ASYNC	1	/* ALIAS with ASYNC's loop (run_kernel) */
#define LATE		(GUEST_ENTRY + 0x10c0)
/*
 * mtspr SRR0, mfmsr, mtspr SRR1, rfid.  (KVM-PR's KVM_SET_REGS cannot move
 * a vcpu between real and virtual mode: the vcpu then spins on instruction
 * faults.  So the guest switches itself.)
 */
#define KERNEL_SETUP	4

enum { PLAIN, OWN, UNLOAD_RERUN, OWN_LATE, REFETCH };
#define OWN_LATE_SETUP	1	/* slbmte */

/*
 * tlbie's operand that drops PR's shadow entry of the kernel window's page
 * (and of the magic page's): PR matches the low 36 bits of the virtual
 * page number, which for both is all ones.
 */
#define WINDOW_TLBIE	0xfffffffff000ULL

/*
 * As run_guest(), with the image also at 0xc000_0000_0000_0000 and
 * translation on, as a Linux kernel runs, entered there (through KERNEL).
 * OWN: the guest has a segment of its own over the kernel window
 * (SLB entry 2, the kernel's VSID).  UNLOAD_RERUN: then the module is
 * unloaded under the running VM, which runs @entry again at
 * 0xc000_0000_0000_0000 on stock KVM (into @r->rerun).  OWN_LATE: LATE,
 * whose slbmte gives the guest a segment over the window between its two
 * passes of QUIET's loop.  REFETCH: ASYNC's loop with a tlbie before each
 * iteration that drops PR's mapping of the window's page.
 */
static void run_kernel(struct run *r, uint64_t entry, uint64_t n, bool module, int how)
{
	struct vcpu *vcpu = guest_start(r, KERNEL, n, module);
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	vcpu_ppc64_identity_map(vcpu, HTAB, 0x10000);
	vcpu_ppc64_map_page(vcpu, HTAB, UCALL_BASE, UCALL_BASE);
	vcpu_ppc64_kernel_map(vcpu, HTAB, 0x10000);
	if (how == OWN) {
		VMM_ASSERT(!ioctl(vcpu->fd, KVM_GET_SREGS, &sregs), "KVM_GET_SREGS");
		sregs.u.s.ppc64.slb[2].slbe = 0xbffffffff0000000ULL | 0x08000000 | 2;
		sregs.u.s.ppc64.slb[2].slbv = sregs.u.s.ppc64.slb[1].slbv;
		VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_SREGS, &sregs), "KVM_SET_SREGS");
	}
	vcpu_get_regs(vcpu, &regs);
	regs.gpr[4] = KERNEL_BASE + (entry == ALIAS_ASYNC ? ALIAS : entry);
	regs.gpr[27] = entry == ALIAS_ASYNC;
	regs.gpr[24] = how == REFETCH ? WINDOW_TLBIE : 0;
	if (how == OWN_LATE) {	/* slbmte's operands: SLB entry 2 over the window */
		regs.gpr[4] = KERNEL_BASE + LATE;
		regs.gpr[28] = 0x456 << 12;
		regs.gpr[29] = 0xbffffffff0000000ULL | 0x08000000 | 2;
	}
	vcpu_set_regs(vcpu, &regs);
	kernel_done(r, vcpu, module, how == UNLOAD_RERUN ? KERNEL_BASE + entry : 0, n);
}
#endif

#ifdef LAB_E500
#define KERNEL_BASE	0xc0000000u
#define KERNEL_SETUP	0
#define KWINDOW		0xbf000000u
#define LATE		(GUEST_ENTRY + 0x10c0)
#define OWN_PAGE	0x100000	/* what the guest maps at KWINDOW itself */
#define KDATA		(GUEST_ENTRY + 0x1140)

enum { PLAIN, OWN, UNLOAD_RERUN, OWN_LATE };
#define OWN_LATE_SETUP	6	/* mtspr MAS0-MAS3 and MAS7, tlbwe */

/*
 * As run_guest(), with the image also mapped at 0xc000_0000 (TLB1[1],
 * 16 MiB), as a Linux kernel runs, and entered there.  OWN: the guest
 * has a TLB entry of its own over the kernel window (TLB1[2], supervisor
 * RWX).  UNLOAD_RERUN: then the module is unloaded under the running VM,
 * which runs @entry again at 0xc000_0000 on stock KVM (into @r->rerun).
 * OWN_LATE: LATE, whose tlbwe writes that entry between its two passes of
 * QUIET's loop.
 */
static void run_kernel(struct run *r, uint64_t entry, uint64_t n, bool module, int how)
{
	struct vcpu *vcpu = guest_start(r, KERNEL_BASE + (how == OWN_LATE ? LATE : entry), n,
					module);
	struct kvm_regs regs;

	vcpu_e500_tlb1_map(vcpu, 1, KERNEL_BASE, 0, 14, true);
	if (how == OWN)
		vcpu_e500_tlb1_map(vcpu, 2, KWINDOW, OWN_PAGE, 2, true);
	if (how == OWN_LATE) {
		vcpu_get_regs(vcpu, &regs);
		regs.gpr[26] = 0x10020000;		/* MAS0: TLB1, entry 2 */
		regs.gpr[27] = 0x80000100;		/* MAS1: valid, 4K, TID 0 */
		regs.gpr[28] = KWINDOW;			/* MAS2 */
		regs.gpr[29] = OWN_PAGE | 0x15;		/* MAS3: SX, SW, SR */
		vcpu_set_regs(vcpu, &regs);
	}
	kernel_done(r, vcpu, module, how == UNLOAD_RERUN ? KERNEL_BASE + entry : 0, n);
}
#endif

static void log_run(struct __test_metadata *_metadata, const char *what, const struct run *r)
{
	TH_LOG("%s: %llu exits (%llu in all), reports %llx %llx %llx, patched %lld, block_exits %lld, unpatchable %lld",
	       what, (unsigned long long)r->exits, (unsigned long long)r->sum_exits,
	       (unsigned long long)r->reports[0],
	       (unsigned long long)r->reports[1], (unsigned long long)r->reports[2],
	       (long long)r->patched, (long long)r->block_exits, (long long)r->unpatchable);
}

/* Both runs of the quiet loop; @setup: exits before and after it. */
static void check_quiet(struct __test_metadata *_metadata, const struct run *stock,
			const struct run *bt, unsigned int setup)
{
	log_run(_metadata, "stock", stock);
	log_run(_metadata, "kvmppc-bt", bt);
	ASSERT_EQ(6 * N + 1 + setup, stock->exits);
	/* Three blocks and three mfmsr, T traps each; the last mfmsr once. */
	ASSERT_EQ(6 * T + 1 + setup, bt->exits);
	ASSERT_EQ(6, bt->patched);
	ASSERT_EQ(2, stock->nr_reports);
	ASSERT_EQ(2, bt->nr_reports);
	ASSERT_EQ(stock->reports[0], bt->reports[0]);
	ASSERT_EQ(stock->reports[1], bt->reports[1]);
	ASSERT_EQ(0, memcmp(&stock->regs, &bt->regs, sizeof(stock->regs)));
}

static void check_pending(struct __test_metadata *_metadata, const struct run *stock,
			  const struct run *bt, unsigned int setup)
{
	log_run(_metadata, "stock", stock);
	log_run(_metadata, "kvmppc-bt", bt);
	/* wrteei 0, the enabling instruction, mfspr SRR0 and rfi in the handler. */
	ASSERT_EQ(4 * N + setup, stock->exits);
	/* wrteei 0 and mfspr SRR0 patched; each enabling block traps: N; rfi: N. */
	ASSERT_EQ(2 * N + 2 * T + setup, bt->exits);
	/* wrteei 0, mfspr SRR0, wrteei 1, wrtee */
	ASSERT_EQ(4, bt->patched);
	/* Every trap of the two enabling blocks once they are patched. */
	ASSERT_LE(N - 2 * T, bt->block_exits);
	ASSERT_EQ(N, stock->reports[0]);
	ASSERT_EQ(0, stock->reports[1]);
	ASSERT_EQ(N, bt->reports[0]);
	ASSERT_EQ(0, bt->reports[1]);
	ASSERT_EQ(0, memcmp(&stock->regs, &bt->regs, sizeof(stock->regs)));
}

FIXTURE(block) {
	struct run stock, bt;
};

FIXTURE_SETUP(block)
{
}

FIXTURE_TEARDOWN(block)
{
}

TEST_F(block, quiet)
{
	run_guest(&self->stock, QUIET, N, false);
	run_guest(&self->bt, QUIET, N, true);
	check_quiet(_metadata, &self->stock, &self->bt, DEC_SETUP);
}

TEST_F(block, pending)
{
	run_guest(&self->stock, PENDING, N, false);
	run_guest(&self->bt, PENDING, N, true);
	check_pending(_metadata, &self->stock, &self->bt, DEC_SETUP);
}

/*
 * The async loop's checksum, which no interrupt changes (block_guest.S):
 * 64-bit registers on ppc64 (rotlwi keeps the low word only), the low
 * words of the same on e500.
 */
static uint64_t async_checksum(uint64_t n)
{
	uint64_t r10 = 0, r6 = 0x43210000;
	uint32_t lo;

	while (n--) {
		lo = (uint32_t)(r10 + 3);
		r10 = (uint64_t)(lo << 5 | lo >> 27) + 7;
		r6 = r6 * 25173 + 13849;
		r10 ^= r6;
	}
#ifdef LAB_E500
	return (uint32_t)r10;
#else
	return r10;
#endif
}

/* The decrementer fired, and no entry saw a block's PC or scratch. */
static void check_async(struct __test_metadata *_metadata, const struct run *stock,
			const struct run *bt)
{
	log_run(_metadata, "stock", stock);
	log_run(_metadata, "kvmppc-bt", bt);
	ASSERT_EQ(3, stock->nr_reports);
	ASSERT_EQ(3, bt->nr_reports);
	ASSERT_EQ(async_checksum(ASYNC_STOCK_N), stock->reports[0]);
	ASSERT_EQ(async_checksum(ASYNC_N), bt->reports[0]);
	ASSERT_LT(0, stock->reports[1]);
	ASSERT_LT(0, bt->reports[1]);
	ASSERT_EQ(0, stock->reports[2]);
	ASSERT_EQ(0, bt->reports[2]);
	/* The four blocks (and mfspr SRR0 once the handler ran T times). */
	ASSERT_LE(4, bt->patched);
	ASSERT_LT(0, bt->block_exits);
}

/*
 * Stock KVM runs fewer iterations: its slower traps let the decrementer
 * fire on almost every instruction.  Its checksum shows the model right.
 */
TEST_F_TIMEOUT(block, async, 600)
{
	run_guest(&self->stock, ASYNC, ASYNC_STOCK_N, false);
	run_guest(&self->bt, ASYNC, ASYNC_N, true);
	check_async(_metadata, &self->stock, &self->bt);
}

TEST_F(block, user)
{
	run_guest(&self->stock, USER, N, false);
	run_guest(&self->bt, USER, N, true);
	log_run(_metadata, "stock", &self->stock);
	log_run(_metadata, "kvmppc-bt", &self->bt);
	ASSERT_EQ(2 * N + 6 + DEC_SETUP, self->stock.exits);
	/* Patched after T; put back at the user-mode entry; N traps after it. */
	ASSERT_EQ(N + T + 6 + DEC_SETUP, self->bt.exits);
	ASSERT_EQ(1, self->bt.patched);
	ASSERT_EQ(1, self->bt.unpatchable_user);
	ASSERT_EQ(2, self->bt.nr_reports);
	ASSERT_EQ(self->stock.reports[0], self->bt.reports[0]);	/* SRR0: usite */
	ASSERT_EQ(self->stock.reports[1], self->bt.reports[1]);	/* ESR / SRR1 */
	ASSERT_EQ(0, memcmp(&self->stock.regs, &self->bt.regs, sizeof(self->stock.regs)));
}

/*
 * The default, blocks=auto: KVM's exit hook is attached only when the first
 * block is due, so the quiet loop's first block sites trap a little longer
 * (until the work item ran); then all six sites are patched as with
 * blocks=on, and the guest reads what it reads on stock KVM.
 */
TEST_F(block, auto_attach)
{
	ASSERT_NE(0, bt_load("blocks=bogus"));
	ASSERT_FALSE(bt_loaded());
	run_guest(&self->stock, QUIET, N, false);
	ASSERT_EQ(0, bt_load(NULL));
	ASSERT_EQ(0, bt_write("threshold", "10\n"));
	run_guest(&self->bt, QUIET, N, true);
	log_run(_metadata, "stock", &self->stock);
	log_run(_metadata, "kvmppc-bt, blocks=auto", &self->bt);
	ASSERT_EQ(6, self->bt.patched);
	ASSERT_LE(6 * T + 1 + DEC_SETUP, self->bt.exits);
	ASSERT_GT(self->stock.exits / 10, self->bt.exits);
	ASSERT_EQ(self->stock.reports[0], self->bt.reports[0]);
	ASSERT_EQ(self->stock.reports[1], self->bt.reports[1]);
	ASSERT_EQ(0, memcmp(&self->stock.regs, &self->bt.regs, sizeof(self->stock.regs)));
}

/* The same kernel run on stock KVM and with kvmppc-bt, both logged. */
static void kernel_both(struct __test_metadata *_metadata, struct run *stock, struct run *bt,
			uint64_t entry, uint64_t n, int how)
{
	run_kernel(stock, entry, n, false, how);
	run_kernel(bt, entry, n, true, how);
	log_run(_metadata, "stock", stock);
	log_run(_metadata, "kvmppc-bt", bt);
}

/*
 * The kernel window: the same loops where a Linux kernel runs (ppc64:
 * 0xc000_0000_0000_0000 with translation on; e500: 0xc000_0000), out of the
 * magic page's reach, served through the second mapping of the magic page
 * (ppc64: 4 KiB below the kernel; e500: at 0xbf00_0000); on ppc64 the same
 * sites then run at their real-mode alias (translation off, low EA), where
 * the blocks' relative branches land in the magic page and come back to
 * the alias.
 */
FIXTURE(kblock) {
	struct run stock, bt;
};

FIXTURE_SETUP(kblock)
{
}

FIXTURE_TEARDOWN(kblock)
{
}

TEST_F_TIMEOUT(kblock, quiet, 300)
{
	run_kernel(&self->stock, QUIET, N, false, PLAIN);
	run_kernel(&self->bt, QUIET, N, true, PLAIN);
	check_quiet(_metadata, &self->stock, &self->bt, DEC_SETUP + KERNEL_SETUP);
	ASSERT_EQ(0, self->bt.unpatchable_far);
}

#ifdef LAB_PPC64

/*
 * The same loop at 0xc000_0000_0000_0000, then at its real-mode alias: the
 * patched words branch relative, into the magic page from the alias, and
 * come back there.  The second pass costs its last mfmsr and mtspr DEC only.
 */
TEST_F_TIMEOUT(kblock, alias, 300)
{
	kernel_both(_metadata, &self->stock, &self->bt, ALIAS, N, PLAIN);
	ASSERT_EQ(2 * (6 * N + 1 + DEC_SETUP + KERNEL_SETUP), self->stock.exits);
	ASSERT_EQ(6 * T + 2 * (1 + DEC_SETUP + KERNEL_SETUP), self->bt.exits);
	ASSERT_EQ(6, self->bt.patched);
	ASSERT_EQ(4, self->stock.nr_reports);
	ASSERT_EQ(4, self->bt.nr_reports);
	ASSERT_EQ(0, memcmp(self->stock.reports, self->bt.reports, 4 * sizeof(uint64_t)));
	ASSERT_EQ(0, memcmp(&self->stock.regs, &self->bt.regs, sizeof(self->stock.regs)));
}

/*
 * ASYNC's loop, then at its real-mode alias: the decrementer and host exits
 * land inside blocks run from the magic page on behalf of kernel sites, and
 * are taken back to the alias (no handler sees a PC outside the loop's low
 * addresses).  Both passes give the model's checksum.
 */
TEST_F_TIMEOUT(kblock, alias_async, 600)
{
	run_kernel(&self->bt, ALIAS_ASYNC, ASYNC_N, true, PLAIN);
	log_run(_metadata, "kvmppc-bt", &self->bt);
	ASSERT_EQ(6, self->bt.nr_reports);
	ASSERT_EQ(async_checksum(ASYNC_N), self->bt.reports[0]);
	ASSERT_EQ(async_checksum(ASYNC_N), self->bt.reports[3]);
	ASSERT_LT(0, self->bt.reports[1]);
	ASSERT_LT(0, self->bt.reports[4]);
	ASSERT_EQ(0, self->bt.reports[2]);
	ASSERT_EQ(0, self->bt.reports[5]);
	ASSERT_EQ(0, self->bt.unpatchable_far);
	ASSERT_LE(4, self->bt.patched);
	ASSERT_LT(0, self->bt.block_exits);
}

#endif

/*
 * As pending, and the kernel window costs no exit of its own (ppc64: each
 * interrupt's return (rfid) makes PR drop its shadow segments, and the
 * window's comes back with the magic page's before the next block runs;
 * without that, one segment fault per iteration).
 */
TEST_F_TIMEOUT(kblock, pending, 600)
{
	run_kernel(&self->stock, PENDING, N, false, PLAIN);
	run_kernel(&self->bt, PENDING, N, true, PLAIN);
	check_pending(_metadata, &self->stock, &self->bt, DEC_SETUP + KERNEL_SETUP);
#ifdef LAB_PPC64
	/* Stock's other exits vary by a few between runs; N more would fail. */
	ASSERT_LT(self->bt.sum_exits - self->bt.exits,
		  self->stock.sum_exits - self->stock.exits + N / 10);
#endif
}

TEST_F_TIMEOUT(kblock, async, 600)
{
	run_kernel(&self->stock, ASYNC, ASYNC_STOCK_N, false, PLAIN);
	run_kernel(&self->bt, ASYNC, ASYNC_N, true, PLAIN);
	check_async(_metadata, &self->stock, &self->bt);
}

#ifdef LAB_PPC64
/*
 * ASYNC's loop where every iteration's first block takes a fetch fault in
 * the window (the guest's tlbie drops PR's mapping of the window page):
 * PR maps the page at that exit, the vcpu still at the slot's first word,
 * and our request puts it back on the site before any interrupt is
 * delivered, so the decrementer's handler never sees the window.
 */
TEST_F_TIMEOUT(kblock, refetch, 120)
{
	run_kernel(&self->bt, ASYNC, REFETCH_N, true, REFETCH);
	log_run(_metadata, "kvmppc-bt", &self->bt);
	ASSERT_EQ(3, self->bt.nr_reports);
	ASSERT_EQ(async_checksum(REFETCH_N), self->bt.reports[0]);
	ASSERT_LT(0, self->bt.reports[1]);
	ASSERT_EQ(0, self->bt.reports[2]);
	ASSERT_LE(4, self->bt.patched);
	/* tlbie traps, and each iteration's page fault in the window. */
	ASSERT_LE(REFETCH_N, self->bt.exits);
	ASSERT_LE(REFETCH_N, self->bt.sum_exits - self->bt.exits);
}

#endif

/*
 * rmmod under a VM whose kernel sites run blocks in the kernel window: the
 * sites get their originals back (PR its own callbacks; e500 vcpus flush
 * their shadow TLBs, the window with them), and the same loop then runs on
 * stock KVM, trapping as stock does, with stock's result.
 */
TEST_F_TIMEOUT(kblock, unload_running, 300)
{
	run_kernel(&self->stock, QUIET, N, false, PLAIN);
	run_kernel(&self->bt, QUIET, N, true, UNLOAD_RERUN);
	log_run(_metadata, "stock", &self->stock);
	log_run(_metadata, "kvmppc-bt, then unloaded", &self->bt);
	TH_LOG("after the unload: %llu exits", (unsigned long long)self->bt.rerun_exits);
	ASSERT_EQ(6 * T + 1 + DEC_SETUP + KERNEL_SETUP, self->bt.exits);
	ASSERT_EQ(6 * N + 1 + DEC_SETUP, self->bt.rerun_exits);
	ASSERT_EQ(self->stock.reports[0], self->bt.rerun_reports[0]);
	ASSERT_EQ(self->stock.reports[1], self->bt.rerun_reports[1]);
}

#ifdef LAB_E500
/*
 * A load from the kernel window's address, which the guest does not map,
 * while the window is there: it hits the window (execute only) and faults;
 * the window steps aside and the guest takes the data TLB miss stock KVM
 * gives it, at the same address; the blocks go on after it.
 */
TEST_F_TIMEOUT(kblock, window_load, 300)
{
	kernel_both(_metadata, &self->stock, &self->bt, KDATA, N, PLAIN);
	ASSERT_EQ(6, self->stock.nr_reports);
	ASSERT_EQ(1, self->stock.reports[4]);
	ASSERT_EQ(KWINDOW + 0x100, self->stock.reports[5]);
	ASSERT_EQ(0, memcmp(self->stock.reports, self->bt.reports, 6 * sizeof(uint64_t)));
	/* Two passes; in the second the last mfmsr traps again. */
	ASSERT_EQ(self->stock.exits - 12 * N + 6 * T, self->bt.exits);
	ASSERT_EQ(6, self->bt.patched);
}

#endif

/*
 * The guest maps the kernel window's address itself while its blocks are
 * there (ppc64: its slbmte makes a segment there; e500: its tlbwe maps an
 * executable page there, which KVM maps at once), between two passes of
 * the quiet loop: the blocks' sites get their originals back before the
 * guest runs on (reason "window") and trap from then on; the guest reads
 * what it reads on stock.
 */
TEST_F_TIMEOUT(kblock, own_mapping_late, 300)
{
	kernel_both(_metadata, &self->stock, &self->bt, QUIET, N, OWN_LATE);
	/* Two passes and the mapping's own instructions. */
	ASSERT_EQ(KERNEL_SETUP + 2 * (6 * N + 1 + DEC_SETUP) + OWN_LATE_SETUP, self->stock.exits);
	/* Pass 1 as quiet; the three blocks' sites trap N times in pass 2. */
	ASSERT_EQ(KERNEL_SETUP + 6 * T + 3 * N + 2 * (1 + DEC_SETUP) + OWN_LATE_SETUP,
		  self->bt.exits);
	ASSERT_EQ(3, self->bt.unpatchable_window);
	ASSERT_EQ(4, self->bt.nr_reports);
	ASSERT_EQ(0, memcmp(self->stock.reports, self->bt.reports, 4 * sizeof(uint64_t)));
}

/*
 * A guest that maps the kernel window's address itself from the start
 * (ppc64: a segment; e500: a TLB entry): its sites are refused (reason
 * "window") and trap as on stock; the magic page's own rewrites (mfmsr)
 * still happen.
 */
TEST_F_TIMEOUT(kblock, own_mapping, 300)
{
	kernel_both(_metadata, &self->stock, &self->bt, QUIET, N, OWN);
	ASSERT_EQ(6 * N + 1 + DEC_SETUP + KERNEL_SETUP, self->stock.exits);
	/* Three mfmsr patched; the three blocks' sites trap N times. */
	ASSERT_EQ(3 * N + 3 * T + 1 + DEC_SETUP + KERNEL_SETUP, self->bt.exits);
	ASSERT_EQ(3, self->bt.patched);
	ASSERT_EQ(3, self->bt.unpatchable_window);
	ASSERT_EQ(self->stock.reports[0], self->bt.reports[0]);
	ASSERT_EQ(self->stock.reports[1], self->bt.reports[1]);
}

TEST_HARNESS_MAIN
