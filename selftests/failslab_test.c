// SPDX-License-Identifier: GPL-2.0
/*
 * failslab_test: every allocation kvmppc-bt makes fails, and guests do not
 * notice (debug lab kernels: FAILSLAB, FAIL_PAGE_ALLOC and the stack-trace
 * filter, which confines the failures to allocations made with the
 * module's text on the stack).
 *
 * Guest: phases of N iterations of two patchable traps (failslab_guest.S
 * includes hook_guest.S); each phase reports the sum of what it read.
 *  - a VM created while injection is on is simply not tracked: it traps
 *    as on stock KVM, and is picked up once allocations work again;
 *  - a VM whose sites get hot while injection is on keeps them trapping
 *    (reason nomem, after the bounded retries), and patches them after a
 *    flush once allocations work;
 * Every phase's result is stock's; the module unloads cleanly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(failslab_guest, GUEST_BIN);

#define N	400
#define T	8
#define SITES	2
#define DBG	"/sys/kernel/debug/"

static const char *const attrs[] = { "failslab", "fail_page_alloc" };

static int put(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

static int attr(const char *fault, const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), DBG "%s/%s", fault, name);
	return put(path, val);
}

/* The module's core text: [start, end) from /proc/modules. */
static int module_range(unsigned long long *start, unsigned long long *end)
{
	char line[256], name[64];
	unsigned long long size, base;
	int found = -1;
	FILE *f = fopen("/proc/modules", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %llu %*s %*s %*s %llx", name, &size, &base) == 3 &&
		    !strcmp(name, "kvmppc_bt")) {
			*start = base;
			*end = base + size;
			found = 0;
		}
	fclose(f);
	return found;
}

/* Fail every allocation made with the module on the stack, or none. */
static int inject(bool on)
{
	unsigned long long start, end;
	char s[32], e[32];
	unsigned int i;
	int r = 0;

	if (module_range(&start, &end))
		return -1;
	snprintf(s, sizeof(s), "%llu", start);
	snprintf(e, sizeof(e), "%llu", end);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		const char *a = attrs[i];

		if (!on) {
			r |= attr(a, "probability", "0");
			continue;
		}
		r |= attr(a, "require-start", s);
		r |= attr(a, "require-end", e);
		r |= attr(a, "stacktrace-depth", "32");
		r |= attr(a, "ignore-gfp-wait", "N");
		r |= attr(a, "task-filter", "N");
		r |= attr(a, "verbose", "0");
		r |= attr(a, "interval", "1");
		r |= attr(a, "times", "-1");
		r |= attr(a, "space", "0");
		if (!strcmp(a, "fail_page_alloc")) {
			r |= attr(a, "ignore-gfp-highmem", "N");
			r |= attr(a, "min-order", "0");
		}
		r |= attr(a, "probability", "100");
	}
	return r;
}

static struct vcpu *new_vcpu(struct vm *vm)
{
	struct vcpu *vcpu;

	vm_load(vm, 0, failslab_guest, GUEST_CODE_SIZE(failslab_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, N);
	return vcpu;
}

/* One phase: its emulation exits; its result in *sum. */
static uint64_t phase(struct vcpu *vcpu, uint64_t *sum)
{
	uint64_t exits = vcpu_run_phase(vcpu, 1);

	*sum = vcpu->reports[0];
	return exits;
}

FIXTURE(fs) {
	bool skip;
	uint64_t stock[3];
};

/* SKIP() in a 6.1 fixture setup does not stop the test body. */
#define SKIP_UNLESS_INJECTION() do {					\
	if (self->skip)							\
		SKIP(return, "no fault injection with a stack-trace filter (debug lab kernels only)"); \
} while (0)

FIXTURE_SETUP(fs)
{
	struct vcpu *vcpu;
	struct vm *vm;
	int i;

	self->skip = access(DBG "failslab/require-start", F_OK) ||
		     access(DBG "fail_page_alloc/require-start", F_OK);
	if (self->skip)
		return;
	ASSERT_EQ(0, bt_unload());
	vm = vm_create(0);
	vcpu = new_vcpu(vm);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(SITES * N, phase(vcpu, &self->stock[i]));
	vm_free(vm);
	ASSERT_EQ(0, bt_load(NULL));
}

FIXTURE_TEARDOWN(fs)
{
	if (self->skip)
		return;
	inject(false);
	bt_unload();
}

/* A VM born while every module allocation fails. */
TEST_F(fs, vm_created_under_injection)
{
	struct vcpu *vcpu;
	struct vm *vm;
	char t[16];
	uint64_t sum;

	SKIP_UNLESS_INJECTION();
	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
	ASSERT_EQ(0, inject(true));
	vm = vm_create(0);
	vcpu = new_vcpu(vm);
	ASSERT_EQ(SITES * N, phase(vcpu, &sum));	/* untracked: stock */
	ASSERT_EQ(self->stock[0], sum);
	ASSERT_EQ(0, inject(false));
	ASSERT_EQ(-1, bt_stat(vm->id, "traps"));	/* no state, no directory */

	/* Allocations work again: the VM is picked up at its next trap. */
	ASSERT_EQ(SITES * T, phase(vcpu, &sum));
	ASSERT_EQ(self->stock[1], sum);
	ASSERT_TRUE(bt_wait_vm(vm->id));
	ASSERT_EQ(SITES, bt_stat(vm->id, "patched"));
	ASSERT_EQ(0, phase(vcpu, &sum));
	ASSERT_EQ(self->stock[2], sum);
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

/* Sites that get hot while every module allocation fails. */
TEST_F(fs, hot_sites_under_injection)
{
	struct vcpu *vcpu;
	struct vm *vm;
	char t[16], path[64];
	uint64_t sum;

	SKIP_UNLESS_INJECTION();
	vm = vm_create(0);
	vcpu = new_vcpu(vm);

	/* Counted, not patched: the VM's state and sites exist. */
	ASSERT_EQ(0, bt_write("threshold", "1000000\n"));
	ASSERT_EQ(SITES * N, phase(vcpu, &sum));
	ASSERT_EQ(self->stock[0], sum);
	ASSERT_TRUE(bt_wait_vm(vm->id));
	ASSERT_EQ(SITES, bt_stat(vm->id, "sites"));

	snprintf(t, sizeof(t), "%d\n", T);
	ASSERT_EQ(0, bt_write("threshold", t));
	ASSERT_EQ(0, inject(true));
	ASSERT_EQ(SITES * N, phase(vcpu, &sum));	/* still trapping */
	ASSERT_EQ(self->stock[1], sum);
	ASSERT_EQ(0, inject(false));
	ASSERT_EQ(SITES, bt_stat(vm->id, "unpatchable_nomem"));
	ASSERT_EQ(0, bt_stat(vm->id, "patched"));

	/* A flush forgets the verdicts; the sites are patched anew. */
	snprintf(path, sizeof(path), "vm-%s/flush", vm->id);
	ASSERT_EQ(0, bt_write(path, "1\n"));
	ASSERT_EQ(SITES * T, phase(vcpu, &sum));
	ASSERT_EQ(self->stock[2], sum);
	ASSERT_EQ(SITES, bt_stat(vm->id, "patched"));
	vm_free(vm);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
