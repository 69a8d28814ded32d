// SPDX-License-Identifier: GPL-2.0
/*
 * mirror_test: reads of SPRs KVM-PR keeps in vcpu fields (FSCR, EBBHR,
 * EBBRR, BESCR) become loads of mirrors the host keeps exact in the magic
 * page (class mfmirror), and the guest cannot tell (mirror_guest_ppc64.S):
 *  - a loop of the four reads, with a trapping mtspr EBBHR every 64
 *    iterations: after T traps per site no read traps, and the checksum of
 *    every value read is stock KVM's (the mirror follows each mtspr);
 *  - the guest disables EBB: the EBB reads are restored before it runs
 *    again, so the next one is a "facility unavailable" interrupt, as on
 *    stock KVM; its handler reads FSCR through the patched site and sees
 *    the interrupt cause KVM put there (the mirror follows KVM's own
 *    change); same SRR0;
 *  - exact counts: KVM's emulated_inst_exits counts program-check
 *    emulations only (FSCR); the EBB registers trap as "facility
 *    unavailable", which kvmppc-bt's own trap counter sees: against a run
 *    with the module counting only, every site traps T times instead of N;
 *  - after unload the guest's text is its own again;
 *  - set_one_reg: the VMM sets EBBHR and FSCR between two runs
 *    (KVM_SET_ONE_REG): the patched reads see the new values at once.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(mirror_guest, GUEST_BIN);

#define N	640
#define T	8
#define SITES	4	/* FSCR, EBBHR, EBBRR, BESCR */
#define EBB_SITES 3
#define FSCR_EBB 0x80ull
#define MIRROR_PHASES	(GUEST_ENTRY + 0x800)
#define NEW_EBBHR	0xabcd00ull

struct run {
	struct vm *vm;
	uint64_t exits;
	unsigned int nr;
	uint64_t rep[4];
	int64_t patched, restored, mirror, traps;
};

static void run_guest(struct run *r, bool module)
{
	struct vcpu *vcpu;
	unsigned int i;

	r->vm = vm_create(0);
	vm_load(r->vm, 0, mirror_guest, GUEST_CODE_SIZE(mirror_guest));
	vcpu = vm_vcpu_add(r->vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, N);
	vcpu_run_done(vcpu);
	r->exits = vcpu_stat_get(vcpu, "emulated_inst_exits");
	r->nr = vcpu->nr_reports;
	for (i = 0; i < r->nr && i < 4; i++)
		r->rep[i] = vcpu->reports[i];
	if (module) {
		VMM_ASSERT(bt_wait_vm(r->vm->id), "no debugfs directory for VM %s", r->vm->id);
		r->patched = bt_stat(r->vm->id, "patched");
		r->restored = bt_stat(r->vm->id, "restored");
		r->mirror = bt_stat(r->vm->id, "mirror_vcpus");
		r->traps = bt_stat(r->vm->id, "traps");
	}
}

TEST(mirrors_exact)
{
	struct run stock, count, bt;
	char t[16];

#ifdef LAB_E500
	SKIP(return, "SPR mirrors are Book3S PR only");
#endif
	ASSERT_EQ(0, bt_unload());
	run_guest(&stock, false);
	TH_LOG("stock: %llu exits, FSCR in the handler %#llx, SRR0 %#llx",
	       (unsigned long long)stock.exits, (unsigned long long)stock.rep[1],
	       (unsigned long long)stock.rep[2]);
	ASSERT_EQ(3, stock.nr);
	ASSERT_EQ(7, stock.rep[1] >> 56);	/* cause: EBB */
	ASSERT_EQ(0, stock.rep[1] & FSCR_EBB);
	vm_free(stock.vm);

	ASSERT_EQ(0, bt_load(NULL));
	ASSERT_EQ(0, bt_write("enabled", "0\n"));
	run_guest(&count, true);
	vm_free(count.vm);
	ASSERT_EQ(stock.exits, count.exits);
	ASSERT_EQ(stock.rep[0], count.rep[0]);
	ASSERT_EQ(0, bt_write("enabled", "1\n"));
	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
	run_guest(&bt, true);
	TH_LOG("kvmppc-bt: %llu exits, %lld traps (counting only: %lld), %lld patched, %lld restored, mirrors on %lld vcpus",
	       (unsigned long long)bt.exits, (long long)bt.traps, (long long)count.traps,
	       (long long)bt.patched, (long long)bt.restored, (long long)bt.mirror);
	ASSERT_EQ(stock.nr, bt.nr);
	ASSERT_EQ(stock.rep[0], bt.rep[0]);	/* every value read */
	ASSERT_EQ(stock.rep[1], bt.rep[1]);	/* FSCR with KVM's cause */
	ASSERT_EQ(stock.rep[2], bt.rep[2]);	/* SRR0: the EBBHR read */
	/* N + 3 reads of FSCR at one site, N of each EBB register. */
	ASSERT_EQ(stock.exits - (N + 3 - T), bt.exits);
	ASSERT_EQ(count.traps - (N + 3 - T) - EBB_SITES * (N - T), bt.traps);
	ASSERT_EQ(SITES, bt.patched);
	ASSERT_EQ(EBB_SITES, bt.restored);
	ASSERT_EQ(1, bt.mirror);

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, memcmp(vm_gpa(bt.vm, GUEST_ENTRY), mirror_guest + GUEST_ENTRY,
			    GUEST_CODE_SIZE(mirror_guest) - GUEST_ENTRY));
	vm_free(bt.vm);
}

static void set_reg(struct vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	VMM_ASSERT(!ioctl(vcpu->fd, KVM_SET_ONE_REG, &reg), "KVM_SET_ONE_REG: %s",
		   strerror(errno));
}

/* Two phases with the VMM's KVM_SET_ONE_REG in between; sums per phase. */
static void run_phases(uint64_t *sum, uint64_t *ebbhr, uint64_t *exits, struct vm **vmp)
{
	struct vm *vm = vm_create(0);
	struct vcpu *vcpu;
	int k;

	vm_load(vm, 0, mirror_guest, GUEST_CODE_SIZE(mirror_guest));
	vcpu = vm_vcpu_add(vm, MIRROR_PHASES);
	vcpu_set_pc(vcpu, MIRROR_PHASES, N);
	for (k = 0; k < 2; k++) {
		exits[k] = vcpu_run_phase(vcpu, 2);
		sum[k] = vcpu->reports[0];
		ebbhr[k] = vcpu->reports[1];
		if (!k) {
			set_reg(vcpu, KVM_REG_PPC_EBBHR, NEW_EBBHR);
			set_reg(vcpu, KVM_REG_PPC_FSCR, FSCR_EBB | 0x100ull);	/* + TAR */
		}
	}
	*vmp = vm;
}

TEST(set_one_reg)
{
	uint64_t sum[2], ebbhr[2], exits[2], bsum[2], bebbhr[2], bexits[2];
	struct vm *vm;
	char t[16];

#ifdef LAB_E500
	SKIP(return, "SPR mirrors are Book3S PR only");
#endif
	ASSERT_EQ(0, bt_unload());
	run_phases(sum, ebbhr, exits, &vm);
	vm_free(vm);
	ASSERT_EQ(NEW_EBBHR, ebbhr[1]);
	ASSERT_EQ(N + 2, exits[0]);	/* N FSCR reads, setup read and write */
	ASSERT_EQ(N, exits[1]);

	ASSERT_EQ(0, bt_load(NULL));
	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
	run_phases(bsum, bebbhr, bexits, &vm);
	TH_LOG("kvmppc-bt: phase exits %llu, %llu; EBBHR after SET_ONE_REG %#llx",
	       (unsigned long long)bexits[0], (unsigned long long)bexits[1],
	       (unsigned long long)bebbhr[1]);
	ASSERT_EQ(sum[0], bsum[0]);
	ASSERT_EQ(sum[1], bsum[1]);	/* FSCR and EBBHR from the VMM */
	ASSERT_EQ(NEW_EBBHR, bebbhr[1]);
	ASSERT_EQ(T + 1, bexits[0]);	/* the setup read is the same site */
	ASSERT_EQ(0, bexits[1]);	/* patched reads only */
	ASSERT_EQ(SITES, bt_stat(vm->id, "patched"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
