// SPDX-License-Identifier: GPL-2.0
/*
 * trace_test: kvmppc-bt's own tracepoints (TRACE_SYSTEM kvmppc_bt), enabled
 * through tracefs, tell the same story as its counters: one event per
 * attached and detached VM, per hot, patched, unpatchable and restored site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(trace_guest, GUEST_BIN);

#define TRACEFS	"/sys/kernel/tracing"

static int put(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int r;

	if (!f)
		return -1;
	r = fputs(val, f) < 0;
	return fclose(f) || r ? -1 : 0;
}

/* Count trace lines of one event, and of those the ones naming the VM. */
static int count(const char *event, const char *vm, int *with_vm)
{
	char line[512], pat[64], vmpat[64];
	FILE *f = fopen(TRACEFS "/trace", "r");
	int n = 0;

	*with_vm = 0;
	if (!f)
		return -1;
	snprintf(pat, sizeof(pat), " %s: ", event);
	snprintf(vmpat, sizeof(vmpat), "vm=%s ", vm);
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, pat))
			continue;
		n++;
		*with_vm += strstr(line, vmpat) != NULL;
	}
	fclose(f);
	return n;
}

TEST(events_match_counters)
{
	struct vcpu *vcpu;
	struct vm *vm;
	char id[32], rel[64];
	int with;

	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("threshold=10"));
	ASSERT_EQ(0, put(TRACEFS "/trace", ""));
	ASSERT_EQ(0, put(TRACEFS "/events/kvmppc_bt/enable", "1"));

	vm = vm_create(0);
	vm_load(vm, 0, trace_guest, GUEST_CODE_SIZE(trace_guest));
	vcpu = vm_vcpu_add(vm, GUEST_ENTRY);
	vcpu_set_pc(vcpu, GUEST_ENTRY, 1000);
	vcpu_run_done(vcpu);
	strcpy(id, vm->id);
	ASSERT_TRUE(bt_wait_vm(id));
	snprintf(rel, sizeof(rel), "vm-%s/flush", id);
	ASSERT_EQ(0, bt_write(rel, "1"));
	vm_free(vm);
	ASSERT_EQ(0, put(TRACEFS "/events/kvmppc_bt/enable", "0"));

	/* The counters: 5 sites patched and restored, 1 unpatchable. */
	ASSERT_EQ(6, bt_stat(NULL, "hot"));
	ASSERT_EQ(5, bt_stat(NULL, "patched"));
	ASSERT_EQ(1, bt_stat(NULL, "unpatchable"));
	ASSERT_EQ(5, bt_stat(NULL, "restored"));

	ASSERT_EQ(1, count("vm_attach", id, &with));
	ASSERT_EQ(1, with);
	ASSERT_EQ(1, count("vm_detach", id, &with));
	ASSERT_EQ(1, with);
	ASSERT_EQ(bt_stat(NULL, "hot"), count("site_hot", id, &with));
	ASSERT_EQ(6, with);
	ASSERT_EQ(bt_stat(NULL, "patched"), count("site_patched", id, &with));
	ASSERT_EQ(5, with);
	ASSERT_EQ(bt_stat(NULL, "unpatchable"), count("site_unpatchable", id, &with));
	ASSERT_EQ(1, with);
	ASSERT_EQ(bt_stat(NULL, "restored"), count("site_restored", id, &with));
	ASSERT_EQ(5, with);
	ASSERT_EQ(0, bt_unload());
}

TEST_HARNESS_MAIN
