// SPDX-License-Identifier: GPL-2.0
/*
 * lifecycle_test: patches come and go with the VM's life, and guest memory
 * always ends up holding the guest's own words.
 *
 * The guest (lifecycle_guest_<lab>.S) runs in phases of N iterations of 5
 * patchable and 1 unpatchable instruction; between phases the test acts
 * (unload, flush, dirty logging, reset, destroy, the VMM writing guest
 * memory) and checks:
 *  - exact emulation exits per phase (stock 6N; patched at threshold T:
 *    5T + N for a fresh phase, N once patched);
 *  - guest memory against the guest image: exactly 5 words differ while
 *    patched, none after a restore;
 *  - the guest's checksum of what it read, against a model of the guest.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(lifecycle_guest, GUEST_BIN);

#define N	2000
#define T	10
#define P	5	/* patchable sites */

struct phase {
	uint64_t exits;
	uint64_t checksum;
};

/* The guest's checksum after `iters` iterations, as stock KVM gives it. */
static uint64_t model(uint64_t iters, uint64_t msr)
{
	uint64_t r31 = 0, r30 = 0, i;

	for (i = 0; i < iters; i++) {
		r30 += 7;
#ifdef LAB_E500
		r30 &= 0xffffffff;
		r31 = ((r31 << 5) | (r31 >> 27)) & 0xffffffff;
#else
		r31 = (r31 << 5) | (r31 >> 59);
#endif
		r31 ^= r30 ^ msr;
	}
	return r31;
}

static struct phase run_phase(struct vcpu *vcpu)
{
	struct phase p;

	p.exits = vcpu_run_phase(vcpu, 1);
	p.checksum = vcpu->reports[0];
	return p;
}

/* 32-bit words of guest memory that differ from the guest image. */
static unsigned int changed_words(struct vm *vm)
{
	size_t i, n = GUEST_CODE_SIZE(lifecycle_guest) / 4;
	unsigned int d = 0;

	for (i = 0; i < n; i++)
		d += memcmp(vm->mem + 4 * i, lifecycle_guest + 4 * i, 4) != 0;
	return d;
}

/* The hits of the VM's unpatchable sites (its sites file). */
static int64_t unpatchable_hits(const char *id)
{
	static char buf[65536];
	char rel[64], state[32], *line, *save = NULL;
	long long hits;
	int64_t sum = 0;

	snprintf(rel, sizeof(rel), "vm-%s/sites", id);
	if (bt_read(rel, buf, sizeof(buf)))
		return -1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%*s %*s %*s %*s %*s %31s %lld", state, &hits) == 2 &&
		    !strcmp(state, "unpatchable"))
			sum += hits;
	return sum;
}

static struct vm *new_vm(struct vcpu **vcpu, uint64_t *msr)
{
	struct vm *vm = vm_create(0);
	struct kvm_regs regs;

	vm_load(vm, 0, lifecycle_guest, GUEST_CODE_SIZE(lifecycle_guest));
	*vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(*vcpu, GUEST_ENTRY, N);
	vcpu_get_regs(*vcpu, &regs);
	*msr = regs.msr;
	return vm;
}

FIXTURE(lc) {
	struct vm *vm;
	struct vcpu *vcpu;
	uint64_t msr;
	unsigned int iters;
};

FIXTURE_SETUP(lc)
{
	char t[16];

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load(NULL));
	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
	self->vm = new_vm(&self->vcpu, &self->msr);
	self->iters = 0;
}

FIXTURE_TEARDOWN(lc)
{
	if (self->vm)
		vm_free(self->vm);
	bt_unload();
}

#define EXPECT_PHASE(exits_want) do {					\
	struct phase _p = run_phase(self->vcpu);			\
									\
	self->iters += N;						\
	ASSERT_EQ((uint64_t)(exits_want), _p.exits);			\
	ASSERT_EQ(model(self->iters, self->msr), _p.checksum);		\
} while (0)

TEST_F(lc, patch_then_unload)
{
	EXPECT_PHASE(P * T + N);
	ASSERT_EQ(P, changed_words(self->vm));
	EXPECT_PHASE(N);
	/* Unload mid-run: every original word comes back... */
	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, changed_words(self->vm));
	/* ...and the guest goes on, trapping again. */
	EXPECT_PHASE(6 * N);
}

TEST_F(lc, flush)
{
	char rel[64];

	ASSERT_EQ(-ENOENT, bt_write("vm-nonexistent/flush", "1"));
	EXPECT_PHASE(P * T + N);
	ASSERT_TRUE(bt_wait_vm(self->vm->id));
	ASSERT_EQ(P, changed_words(self->vm));
	ASSERT_EQ(P, bt_stat(self->vm->id, "cache_patched"));
	ASSERT_EQ(N, unpatchable_hits(self->vm->id));
	snprintf(rel, sizeof(rel), "vm-%s/flush", self->vm->id);
	ASSERT_EQ(-EINVAL, bt_write(rel, "0"));
	ASSERT_EQ(P, changed_words(self->vm));
	ASSERT_EQ(0, bt_write(rel, "1\n"));
	ASSERT_EQ(0, changed_words(self->vm));
	ASSERT_EQ(P, bt_stat(self->vm->id, "restored"));
	ASSERT_EQ(0, bt_stat(self->vm->id, "cache_patched"));
	/*
	 * The cache starts over: each site traps T times again, and the
	 * unpatchable one is counted anew (its record and the unlocked
	 * count's hint to it are forgotten).
	 */
	EXPECT_PHASE(P * T + N);
	ASSERT_EQ(P, changed_words(self->vm));
	ASSERT_EQ(2 * P, bt_stat(self->vm->id, "patched"));
	ASSERT_EQ(N, unpatchable_hits(self->vm->id));
}

TEST_F(lc, dirty_logging)
{
	uint64_t bitmap[(VMM_MEM_SIZE / 4096 + 63) / 64];

	EXPECT_PHASE(P * T + N);
	ASSERT_TRUE(bt_wait_vm(self->vm->id));
	ASSERT_EQ(P, changed_words(self->vm));
	/* Migration starts: no patched word may be there when the ioctl returns. */
	vm_set_dirty_logging(self->vm, true);
	ASSERT_EQ(0, changed_words(self->vm));
#ifdef LAB_PPC64
	/* The restored code page is in the dirty log, to be sent again. */
	memset(bitmap, 0, sizeof(bitmap));
	vm_get_dirty_log(self->vm, bitmap);
	ASSERT_NE(0, bitmap[0] & (1ull << (GUEST_ENTRY / getpagesize())));
#else
	/* Book E KVM accepts the flag but keeps no dirty log (-EOPNOTSUPP). */
	(void)bitmap;
#endif
	/* Nothing is patched while logging is on. */
	EXPECT_PHASE(6 * N);
	ASSERT_EQ(0, changed_words(self->vm));
	ASSERT_EQ(P, bt_stat(self->vm->id, "patched"));
	ASSERT_EQ(1, bt_stat(self->vm->id, "logging"));
	/* Logging off: the hot sites are patched at their next trap. */
	vm_set_dirty_logging(self->vm, false);
	ASSERT_EQ(0, bt_stat(self->vm->id, "logging"));
	EXPECT_PHASE(P + N);
	ASSERT_EQ(P, changed_words(self->vm));
}

/*
 * The VMM writes guest memory itself, which no shadow MMU sees (a kernel
 * image loaded again, a device model's DMA): its words win and nothing is
 * lost.  It loads the image again over the patched code: the sites trap
 * with their originals, are counted anew and patched again.  Then it puts
 * one original back itself: a flush restores the others and leaves that
 * word alone (the restore is a compare-and-exchange with our word).
 */
TEST_F(lc, vmm_writes_memory)
{
	int64_t restored, skipped;
	char rel[64];
	size_t i;

	EXPECT_PHASE(P * T + N);
	ASSERT_TRUE(bt_wait_vm(self->vm->id));
	ASSERT_EQ(P, changed_words(self->vm));
	vm_load(self->vm, 0, lifecycle_guest, GUEST_CODE_SIZE(lifecycle_guest));
	ASSERT_EQ(0, changed_words(self->vm));
	EXPECT_PHASE(P * T + N);
	ASSERT_EQ(P, changed_words(self->vm));
	ASSERT_EQ(2 * P, bt_stat(self->vm->id, "patched"));
	for (i = 0; !memcmp(self->vm->mem + 4 * i, lifecycle_guest + 4 * i, 4); i++)
		;
	memcpy(self->vm->mem + 4 * i, lifecycle_guest + 4 * i, 4);
	ASSERT_EQ(P - 1, changed_words(self->vm));
	restored = bt_stat(self->vm->id, "restored");
	skipped = bt_stat(self->vm->id, "restore_skipped");
	snprintf(rel, sizeof(rel), "vm-%s/flush", self->vm->id);
	ASSERT_EQ(0, bt_write(rel, "1\n"));
	ASSERT_EQ(0, changed_words(self->vm));
	ASSERT_EQ(restored + P - 1, bt_stat(self->vm->id, "restored"));
	ASSERT_EQ(skipped + 1, bt_stat(self->vm->id, "restore_skipped"));
	EXPECT_PHASE(P * T + N);
}

TEST_F(lc, vmm_reset)
{
	EXPECT_PHASE(P * T + N);
	ASSERT_TRUE(bt_wait_vm(self->vm->id));
	/* The VMM restarts the guest: its patches must not survive. */
	vcpu_set_pc(self->vcpu, GUEST_ENTRY, N);
	ASSERT_EQ(0, changed_words(self->vm));
	ASSERT_EQ(1, bt_stat(self->vm->id, "resets"));
	self->iters = 0;
	EXPECT_PHASE(P * T + N);
	ASSERT_EQ(P, changed_words(self->vm));
}

/* Same PC: not a reset (a VMM writing registers for other reasons). */
TEST_F(lc, set_regs_same_pc_is_not_reset)
{
	struct kvm_regs regs;

	EXPECT_PHASE(P * T + N);
	ASSERT_TRUE(bt_wait_vm(self->vm->id));
	vcpu_get_regs(self->vcpu, &regs);
	vcpu_set_regs(self->vcpu, &regs);
	ASSERT_EQ(P, changed_words(self->vm));
	ASSERT_EQ(0, bt_stat(self->vm->id, "resets"));
	EXPECT_PHASE(N);
}

TEST_F(lc, destroy_with_patches_then_unload)
{
	char id[32];

	EXPECT_PHASE(P * T + N);
	ASSERT_TRUE(bt_wait_vm(self->vm->id));
	strcpy(id, self->vm->id);
	ASSERT_EQ(1, bt_stat(NULL, "vms"));
	vm_free(self->vm);
	self->vm = NULL;
	/* State dropped without touching guest memory; the directory goes. */
	ASSERT_EQ(0, bt_stat(NULL, "vms"));
	ASSERT_EQ(P, bt_stat(NULL, "patched"));
	ASSERT_EQ(0, bt_stat(NULL, "restored"));
	ASSERT_EQ(0, bt_unload());
}

TEST_F(lc, disabled_counts_only)
{
	char rel[64];

	EXPECT_PHASE(P * T + N);
	ASSERT_TRUE(bt_wait_vm(self->vm->id));
	snprintf(rel, sizeof(rel), "vm-%s/flush", self->vm->id);
	ASSERT_EQ(0, bt_write(rel, "1"));
	snprintf(rel, sizeof(rel), "vm-%s/enabled", self->vm->id);
	ASSERT_EQ(-EINVAL, bt_write(rel, "2"));
	ASSERT_EQ(0, bt_write(rel, "0\n"));
	EXPECT_PHASE(6 * N);
	ASSERT_EQ(0, changed_words(self->vm));
	ASSERT_EQ(0, bt_write(rel, "1"));
	/* The global switch wins over the VM's. */
	ASSERT_EQ(0, bt_write("enabled", "0"));
	EXPECT_PHASE(6 * N);
	ASSERT_EQ(0, bt_write("enabled", "1"));
	EXPECT_PHASE(P + N);
}

TEST_F(lc, classes)
{
	char rel[64], buf[256];

	ASSERT_EQ(0, bt_write("classes", "mfmsr\n"));
	ASSERT_EQ(0, bt_read("classes", buf, sizeof(buf)));
	ASSERT_STREQ("mfmsr\n", buf);
	EXPECT_PHASE(T + 5 * N);
	ASSERT_EQ(1, changed_words(self->vm));
	ASSERT_EQ(4, bt_stat(self->vm->id, "unpatchable_class_off"));
	snprintf(rel, sizeof(rel), "vm-%s/classes", self->vm->id);
	ASSERT_EQ(-EINVAL, bt_write(rel, "mfmsr,bogus"));
	ASSERT_EQ(0, bt_read(rel, buf, sizeof(buf)));
	ASSERT_EQ(0, strncmp(buf, "mfmsr mfsprg mtsprg", 19));
	/* Turned on again, the classes' sites are patched at their next trap. */
	ASSERT_EQ(0, bt_write("classes", "all"));
	EXPECT_PHASE(4 + N);
	ASSERT_EQ(P, changed_words(self->vm));
}

TEST_F(lc, thresholds)
{
	char rel[64], buf[64];

	ASSERT_EQ(-EINVAL, bt_write("threshold", "0"));
	ASSERT_EQ(-EINVAL, bt_write("threshold", "1000001"));
	ASSERT_EQ(-EINVAL, bt_write("threshold", "-5"));
	ASSERT_EQ(-EINVAL, bt_write("threshold", " 5"));
	ASSERT_EQ(-EINVAL, bt_write("threshold", "0x10"));
	ASSERT_EQ(-EINVAL, bt_write("threshold", "12\n\n"));
	ASSERT_EQ(-EINVAL, bt_write("threshold", ""));
	ASSERT_EQ(0, bt_read("threshold", buf, sizeof(buf)));
	ASSERT_STREQ("10\n", buf);
	ASSERT_EQ(0, bt_write("threshold", "1000000"));
	ASSERT_EQ(0, bt_write("threshold", "10"));
	EXPECT_PHASE(P * T + N);
	snprintf(rel, sizeof(rel), "vm-%s/threshold", self->vm->id);
	ASSERT_EQ(0, bt_read(rel, buf, sizeof(buf)));
	ASSERT_STREQ("10\n", buf);
	ASSERT_EQ(-EINVAL, bt_write(rel, "0"));
	ASSERT_EQ(0, bt_write(rel, "3\n"));
	ASSERT_EQ(0, bt_read(rel, buf, sizeof(buf)));
	ASSERT_STREQ("3\n", buf);
	ASSERT_EQ(0, bt_read("threshold", buf, sizeof(buf)));
	ASSERT_STREQ("10\n", buf);
}

/* Two VMs at once: separate caches, counters and thresholds. */
TEST(two_vms)
{
	struct vcpu *va, *vb;
	struct vm *a, *b;
	uint64_t msr_a, msr_b;
	struct kvm_regs regs;
	struct phase p;
	char rel[64];

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("threshold=10"));
	a = new_vm(&va, &msr_a);
	b = new_vm(&vb, &msr_b);
	vcpu_set_pc(va, GUEST_ENTRY, 1);
	vcpu_set_pc(vb, GUEST_ENTRY, 1);
	ASSERT_EQ(6, run_phase(va).exits);
	ASSERT_EQ(6, run_phase(vb).exits);
	ASSERT_TRUE(bt_wait_vm(a->id));
	ASSERT_TRUE(bt_wait_vm(b->id));
	snprintf(rel, sizeof(rel), "vm-%s/threshold", a->id);
	ASSERT_EQ(0, bt_write(rel, "20"));
	/* Phases of N from here on (r3 was 1 for the first phase). */
	vcpu_get_regs(va, &regs);
	regs.gpr[3] = N;
	vcpu_set_regs(va, &regs);
	vcpu_get_regs(vb, &regs);
	regs.gpr[3] = N;
	vcpu_set_regs(vb, &regs);
	p = run_phase(va);
	ASSERT_EQ(P * (20 - 1) + N, p.exits);
	p = run_phase(vb);
	ASSERT_EQ(P * (10 - 1) + N, p.exits);
	ASSERT_EQ(6 + P * 19 + N, bt_stat(a->id, "traps"));
	ASSERT_EQ(6 + P * 9 + N, bt_stat(b->id, "traps"));
	/* The unpatchable site's traps, counted without the VM lock. */
	ASSERT_EQ(1 + N, unpatchable_hits(a->id));
	ASSERT_EQ(1 + N, unpatchable_hits(b->id));
	ASSERT_EQ(P, bt_stat(a->id, "patched"));
	ASSERT_EQ(P, bt_stat(b->id, "patched"));
	ASSERT_EQ(2, bt_stat(NULL, "vms"));
	ASSERT_EQ(2 * P, bt_stat(NULL, "patched"));
	vm_free(a);
	ASSERT_EQ(1, bt_stat(NULL, "vms"));
	ASSERT_EQ(N, run_phase(vb).exits);
	vm_free(b);
	ASSERT_EQ(0, bt_unload());
}

/*
 * Child of unload_while_running: a VM run in phases until *@stop, then
 * one more phase, after the unload.  Return: 0 when every phase was as on
 * stock KVM (the model's checksum; the first phase patched at threshold
 * 10, the last one trapping 6N times) and memory holds the guest's words.
 */
static int run_until_stopped(volatile int *stop, int fd)
{
	uint64_t msr, iters = N;
	struct vcpu *vcpu;
	struct phase p;
	struct vm *vm = new_vm(&vcpu, &msr);

	p = run_phase(vcpu);
	if (p.exits != P * 10 + N || p.checksum != model(iters, msr))
		return 1;
	if (write(fd, "r", 1) != 1)
		return 2;
	while (!*stop) {
		p = run_phase(vcpu);
		iters += N;
		if (p.checksum != model(iters, msr))
			return 3;
	}
	p = run_phase(vcpu);
	iters += N;
	if (p.exits != 6 * N || p.checksum != model(iters, msr))
		return 4;
	if (changed_words(vm))
		return 5;
	vm_free(vm);
	return 0;
}

/*
 * rmmod while two VMs run: their vcpus inside KVM_RUN, their patched
 * pages (e500: write-protected) in use.  The unload restores every word
 * under the running guests, and on e500 waits until their vcpus have
 * dropped the protected shadow entries; each guest goes on as on stock.
 */
TEST(unload_while_running)
{
	int fds[2][2], status, k;
	volatile int *stop;
	pid_t pid[2];
	char c;

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("threshold=10"));
	stop = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(stop != MAP_FAILED);
	*stop = 0;
	for (k = 0; k < 2; k++) {
		ASSERT_EQ(0, pipe(fds[k]));
		pid[k] = fork();
		ASSERT_GE(pid[k], 0);
		if (pid[k] == 0)
			_exit(run_until_stopped(stop, fds[k][1]));
	}
	for (k = 0; k < 2; k++)
		ASSERT_EQ(1, read(fds[k][0], &c, 1));
	ASSERT_EQ(2, bt_stat(NULL, "vms"));
	ASSERT_EQ(2 * P, bt_stat(NULL, "patched"));
	usleep(20000);			/* both inside their next phases */
	ASSERT_EQ(0, bt_unload());
	*stop = 1;
	for (k = 0; k < 2; k++) {
		ASSERT_EQ(pid[k], waitpid(pid[k], &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		ASSERT_EQ(0, WEXITSTATUS(status));
	}
	munmap((void *)stop, 4096);
}

/* The VMM dies by SIGKILL with patches in place; then the module unloads. */
TEST(vmm_sigkill)
{
	int pipefd[2], status;
	pid_t pid;
	char c;

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("threshold=10"));
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct vcpu *vcpu;
		uint64_t msr;

		new_vm(&vcpu, &msr);	/* never freed: the process dies */
		run_phase(vcpu);
		if (write(pipefd[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	ASSERT_EQ(1, read(pipefd[0], &c, 1));
	ASSERT_EQ(1, bt_stat(NULL, "vms"));
	ASSERT_EQ(P, bt_stat(NULL, "patched"));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, bt_stat(NULL, "vms"));
	ASSERT_EQ(0, bt_unload());
}

/*
 * Book3S: kvm-pr.ko may load after kvmppc_bt and go before it.  With the
 * kprobe hook kvmppc_bt attaches to it when it appears and detaches when it
 * goes; the tracepoint hook lives in kvm.ko and stays.  Either way VMs of
 * each kvm-pr incarnation are patched.
 */
TEST(hotplug_kvm_pr)
{
#ifdef LAB_PPC64
	static const char *const hooks[] = { "kprobe", "tracepoint" };
	struct vcpu *vcpu;
	char params[64];
	uint64_t msr;
	struct vm *vm;
	int round, h;

	for (h = 0; h < 2; h++) {
		bool kp = h == 0;

		ASSERT_EQ(0, bt_unload());
		ASSERT_EQ(0, bt_run("rmmod kvm_pr"));
		ASSERT_NE(0, access("/sys/module/kvm_pr", F_OK));
		snprintf(params, sizeof(params), "threshold=10 hook=%s", hooks[h]);
		ASSERT_EQ(0, bt_load(params));
		for (round = 0; round < 2; round++) {
			ASSERT_EQ(0, bt_run("modprobe kvm-pr"));
			ASSERT_EQ(kp ? 0 : 1, bt_run("dmesg | tail -n 3 | grep -q 'kvmppc_bt: attached to kvm_pr'"));
			vm = new_vm(&vcpu, &msr);
			ASSERT_EQ(P * 10 + N, run_phase(vcpu).exits);
			ASSERT_EQ(N, run_phase(vcpu).exits);
			vm_free(vm);
			/* kvm-pr goes while kvmppc_bt stays, then comes back. */
			ASSERT_EQ(0, bt_run("rmmod kvm_pr"));
			ASSERT_EQ(kp ? 0 : 1, bt_run("dmesg | tail -n 3 | grep -q 'kvmppc_bt: detached from kvm_pr'"));
		}
		ASSERT_EQ(0, bt_run("modprobe kvm-pr"));
	}
	ASSERT_EQ(0, bt_unload());
#else
	SKIP(return, "KVM is built into the e500 lab kernel");
#endif
}

TEST_HARNESS_MAIN
