// SPDX-License-Identifier: GPL-2.0
/*
 * user_test: a hostile guest runs the kernel's patched words in user mode,
 * and hammers privileged instructions with random values from user mode.
 * It must get exactly what stock KVM gives it: a privileged-instruction
 * program interrupt each time, never a value or a fault of ours.
 *
 * Guest (user_guest.S): phase 0 patches K = 10 sites in supervisor
 * mode (loads and stores of fields, the tlbsync sink, on Book3S the zero
 * word); phase 1 enters each of them in user mode (twice), then 60 random
 * mtmsr(d)/wrtee(i)/mtspr/rfi(d); phase 2 runs the body in supervisor mode
 * again.  e500 user mode has no magic page (a DTLB miss on it is taken
 * back); Book3S PR serves it in real mode whatever MSR[PR] is (the shadow
 * mapping is refused), and in virtual mode refuses the segment (success is
 * reported instead): odd steps run in virtual mode there.
 *  - same_as_stock: every SRR0, SRR1 and ESR (Book3S: SPRG1) of phase 1,
 *    and the MSR and SPRG0-3 the supervisor reads afterwards, equal stock
 *    KVM's; each patched word run in user mode was put back (restored 10,
 *    reason "user" 10) and its site traps again in phase 2 (exactly 10N
 *    exits, as on stock).
 */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(user_guest, GUEST_BIN);

#define N		200
#define T		8
#define K		10
#define HAMMER		5
#define STEPS		(2 * K + 12 * HAMMER)
#define USER_REPORTS	(3 * STEPS + 5)
#define INSN_MFMSR_R5	0x7ca000a6u	/* the body's first word */
#define MSR_PR		0x4000u
#ifdef LAB_E500
#define INSN_HAMMER	0x7ca00124u	/* mtmsr r5: the hammer's first word */
#define ESR_PPR		0x04000000u
#else
#define INSN_HAMMER	0x7ca00164u	/* mtmsrd r5 */
#define SRR1_PRIV	0x00040000u	/* program interrupt: privileged */
#define MSR_IR_DR	0x30u		/* odd steps run in virtual mode */
#endif

struct run {
	uint64_t exits[3];
	uint64_t sum[2];
	uint64_t user[USER_REPORTS];
};

static uint64_t find_word(uint32_t word)
{
	size_t off;

	for (off = GUEST_ENTRY; off + 4 <= GUEST_CODE_SIZE(user_guest); off += 4) {
		uint32_t w;

		memcpy(&w, user_guest + off, 4);
		if (w == word)
			return off;
	}
	VMM_ASSERT(0, "word %#x not in the guest image", word);
	return 0;
}

/* The three phases; returns the VM. */
static struct vm *run(struct run *r)
{
	struct vm *vm = vm_create(0);
	struct vcpu *vcpu;

	vm_load(vm, 0, user_guest, GUEST_CODE_SIZE(user_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, N);
#ifdef LAB_PPC64
	vcpu_ppc64_identity_map(vcpu, 0x400000, 0x10000);	/* odd user steps */
#endif
	r->exits[0] = vcpu_run_phase(vcpu, 1);
	r->sum[0] = vcpu->reports[0];
	r->exits[1] = vcpu_run_phase(vcpu, USER_REPORTS);
	memcpy(r->user, vcpu->reports, sizeof(r->user));
	r->exits[2] = vcpu_run_phase(vcpu, 1);
	r->sum[1] = vcpu->reports[0];
	return vm;
}

FIXTURE(user) {
	struct run stock;
};

FIXTURE_SETUP(user)
{
	uint64_t body = find_word(INSN_MFMSR_R5), hammer = find_word(INSN_HAMMER);
	unsigned int i;

	ASSERT_EQ(0, bt_unload());
	vm_free(run(&self->stock));
	ASSERT_EQ(K * N, self->stock.exits[0]);
	ASSERT_EQ(K * N, self->stock.exits[2]);
	/* Every step: a program interrupt at the entered instruction, in user mode. */
	for (i = 0; i < STEPS; i++) {
		uint64_t want = i < 2 * K ? body + 4 * (i % K) : hammer + 4 * ((i - 2 * K) % HAMMER);

		ASSERT_EQ(want, self->stock.user[3 * i]);
		ASSERT_TRUE(self->stock.user[3 * i + 1] & MSR_PR);
#ifdef LAB_E500
		ASSERT_EQ(ESR_PPR, self->stock.user[3 * i + 2]);
#else
		ASSERT_TRUE(self->stock.user[3 * i + 1] & SRR1_PRIV);
		ASSERT_EQ(i % 2 ? MSR_IR_DR : 0, self->stock.user[3 * i + 1] & MSR_IR_DR);
		/* user mode's random SPRG1 never lands */
		ASSERT_EQ(self->stock.user[2], self->stock.user[3 * i + 2]);
#endif
	}
	ASSERT_EQ(0, self->stock.user[3 * STEPS] & MSR_PR);
	ASSERT_EQ(0, bt_load("threshold=8"));
}

FIXTURE_TEARDOWN(user)
{
	bt_unload();
}

TEST_F(user, same_as_stock)
{
	struct run r;
	struct vm *vm = run(&r);
	const char *id = vm->id;
	unsigned int i;

	ASSERT_EQ(K * T, r.exits[0]);
	ASSERT_EQ(self->stock.sum[0], r.sum[0]);
	for (i = 0; i < USER_REPORTS; i++) {
		EXPECT_EQ(self->stock.user[i], r.user[i]) {
			TH_LOG("report %u: stock %#llx, kvmppc-bt %#llx", i,
			       (unsigned long long)self->stock.user[i],
			       (unsigned long long)r.user[i]);
		}
	}
	ASSERT_EQ(K, bt_stat(id, "unpatchable_user"));
	ASSERT_EQ(K, bt_stat(id, "restored"));
	/* The body's sites trap again, as on stock. */
	ASSERT_EQ(K * N, r.exits[2]);
	ASSERT_EQ(self->stock.sum[1], r.sum[1]);
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
