// SPDX-License-Identifier: GPL-2.0
/*
 * order_test: the byte order of the magic page on Book3S, where a guest
 * can change it mid-life (SLOF runs big-endian, the ppc64le kernel then
 * declares little-endian interrupts).  KVM gives the page the guest's
 * interrupt byte order; a rewrite is only right when the site runs in that
 * order.
 *
 *  - le_code_be_interrupts: little-endian code while interrupts are still
 *    big-endian (prom_init): nothing may be patched (reason "mode"), the
 *    guest sees what it sees on stock KVM.
 *  - be_then_le: a big-endian phase (patched in big-endian order), then
 *    little-endian interrupts and code: kvmppc-bt restores the big-endian
 *    patches, remaps the page little-endian and patches again (one flip).
 *    Exact trap counts; registers and checksums as on stock KVM; the
 *    big-endian image is back to its original words.
 *
 * Per iteration 11 patchable traps (order_guest.h).  Threshold T.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(order_guest, GUEST_BIN);
#ifdef LAB_PPC64
GUEST_CODE(order_guest_be, GUEST_BIN_BE);
#include "order_guest.h"

#define SITES		11
#define SWITCH		4	/* mfmsr, mtsrr1, mtsrr0, rfid */
#define N		2000
#define T		10

#define MSR_SF		(1ULL << 63)
#define MSR_ME		(1ULL << 12)
#define MSR_RI		(1ULL << 1)
#define MSR_LE		(1ULL << 0)
#define LPCR_ILE	(1ULL << 25)

struct run {
	uint64_t exits;
	uint64_t checksum;
	struct kvm_regs regs;
	int64_t patched, restored, flips, mode, magic;
	bool be_image_original;
	unsigned int le_words_changed;
};

static void set_lpcr(struct vcpu *vcpu, uint64_t lpcr)
{
	struct kvm_one_reg reg = {
		.id = KVM_REG_PPC_LPCR_64,
		.addr = (uintptr_t)&lpcr,
	};

	VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_ONE_REG, &reg), "KVM_SET_ONE_REG(LPCR)");
}

static void start(struct vcpu *vcpu, uint64_t pc, uint64_t msr)
{
	struct kvm_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.pc = pc;
	regs.msr = msr;
	regs.gpr[1] = GUEST_STACK - 0x100;
	regs.gpr[3] = N;
	vcpu_set_regs(vcpu, &regs);
	vcpu->nr_reports = 0;
}

static void run_guest(struct run *r, bool be_first)
{
	struct vm *vm = vm_create(0);
	const uint32_t *orig = (const uint32_t *)order_guest;
	const uint32_t *now;
	struct vcpu *vcpu;
	struct ucall uc;
	size_t i;

	memset(r, 0, sizeof(*r));
	vm_load(vm, 0, order_guest, GUEST_CODE_SIZE(order_guest));
	vm_load(vm, ORDER_BE_ENTRY, order_guest_be, GUEST_CODE_SIZE(order_guest_be));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	set_lpcr(vcpu, 0);		/* big-endian interrupts, as at power-on */
	if (be_first) {
		start(vcpu, ORDER_BE_ENTRY, MSR_SF | MSR_ME | MSR_RI);
		VMM_ASSERT(vcpu_run(vcpu, &uc) == UCALL_DONE, "big-endian phase: exit %u",
			   uc.exit_reason);
		set_lpcr(vcpu, LPCR_ILE);	/* the "kernel" declares LE (H_SET_MODE) */
	} else {
		start(vcpu, GUEST_ENTRY, MSR_SF | MSR_ME | MSR_RI | MSR_LE);
	}
	vcpu_run_done(vcpu);
	r->exits = vcpu_stat_get(vcpu, "emulated_inst_exits");
	VMM_ASSERT(vcpu->nr_reports == 1, "%u reports", vcpu->nr_reports);
	r->checksum = vcpu->reports[0];
	vcpu_get_regs(vcpu, &r->regs);
	r->be_image_original = !memcmp(vm_gpa(vm, ORDER_BE_ENTRY), order_guest_be,
				       GUEST_CODE_SIZE(order_guest_be));
	now = vm_gpa(vm, 0);
	for (i = 0; i < GUEST_CODE_SIZE(order_guest) / 4; i++)
		r->le_words_changed += now[i] != orig[i];
	if (bt_loaded()) {
		VMM_ASSERT(bt_wait_vm(vm->id), "no debugfs directory for VM %s", vm->id);
		r->patched = bt_stat(vm->id, "patched");
		r->restored = bt_stat(vm->id, "restored");
		r->flips = bt_stat(vm->id, "order_flips");
		r->mode = bt_stat(vm->id, "unpatchable_mode");
		r->magic = bt_stat(vm->id, "magic_enabled");
	}
	vm_free(vm);
}

static void load_bt(struct __test_metadata *_metadata)
{
	char t[16];

	ASSERT_EQ(0, bt_load(NULL));
	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
}

static void same_guest_view(struct __test_metadata *_metadata, const struct run *a,
			    const struct run *b)
{
	ASSERT_EQ(a->checksum, b->checksum);
	ASSERT_EQ(0, memcmp(&a->regs, &b->regs, sizeof(a->regs)));
}

TEST(le_code_be_interrupts)
{
	struct run stock, bt;

	ASSERT_EQ(0, bt_unload());
	run_guest(&stock, false);
	ASSERT_EQ(SITES * N, stock.exits);

	load_bt(_metadata);
	run_guest(&bt, false);
	TH_LOG("kvmppc-bt: %llu exits, %lld patched, %lld unpatchable (mode)",
	       (unsigned long long)bt.exits, (long long)bt.patched, (long long)bt.mode);
	ASSERT_EQ(SITES * N, bt.exits);
	ASSERT_EQ(0, bt.patched);
	ASSERT_EQ(SITES, bt.mode);
	ASSERT_EQ(0, bt.magic);
	ASSERT_EQ(0, bt.le_words_changed);
	same_guest_view(_metadata, &stock, &bt);
	ASSERT_EQ(0, bt_unload());
}

TEST(be_then_le)
{
	struct run stock, bt;

	ASSERT_EQ(0, bt_unload());
	run_guest(&stock, true);
	ASSERT_EQ(2 * SITES * N + SWITCH, stock.exits);

	load_bt(_metadata);
	run_guest(&bt, true);
	TH_LOG("kvmppc-bt: %llu exits, %lld patched, %lld restored, %lld flips",
	       (unsigned long long)bt.exits, (long long)bt.patched, (long long)bt.restored,
	       (long long)bt.flips);
	/*
	 * Big-endian phase: every site T times.  Little-endian phase: the
	 * first site to get hot (the loop's first) flips at its T-th trap and
	 * the count starts over: it traps 2T times, the other sites T - 1
	 * before the flip and T after.
	 */
	ASSERT_EQ(SITES * T + SWITCH + 2 * T + (SITES - 1) * (2 * T - 1), bt.exits);
	ASSERT_EQ(1, bt.flips);
	ASSERT_EQ(2 * SITES, bt.patched);
	ASSERT_EQ(SITES, bt.restored);
	ASSERT_EQ(1, bt.magic);
	ASSERT_TRUE(bt.be_image_original);
	ASSERT_EQ(SITES, bt.le_words_changed);
	same_guest_view(_metadata, &stock, &bt);
	ASSERT_EQ(0, bt_unload());
}

#else /* LAB_E500 */

TEST(le_code_be_interrupts)
{
	SKIP(return, "Book E guests and their magic page are big-endian only");
}

TEST(be_then_le)
{
	SKIP(return, "Book E guests and their magic page are big-endian only");
}

#endif

TEST_HARNESS_MAIN
