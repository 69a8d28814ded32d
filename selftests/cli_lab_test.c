// SPDX-License-Identifier: GPL-2.0
/*
 * cli_lab_test: every kvmppc-bt subcommand against the real module, with
 * its exit status and output, including the error paths: module not loaded,
 * unknown VM, bad values, usage errors, missing privilege.
 *
 * The guest is the lifecycle guest: 5 patchable and 1 unpatchable sites.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "bt.h"
#include "vmm.h"

GUEST_CODE(cli_guest, GUEST_BIN);

#define N	1000
#define CLI	"kvmppc-bt"

static char out[65536];

/* Columns are padded for people: one blank between words is enough here. */
static void squeeze_blanks(char *s)
{
	char *d = s;

	for (; *s; s++)
		if (!(*s == ' ' && d > out && d[-1] == ' '))
			*d++ = *s;
	*d = '\0';
}

/* Run the CLI; its exit status, with stdout+stderr (blanks squeezed) in out[]. */
static int cli(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int cli(const char *fmt, ...)
{
	char args[512], cmd[1024];
	size_t n;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), CLI " %s 2>&1", args);
	fflush(stdout);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	squeeze_blanks(out);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool has(const char *s)
{
	return strstr(out, s) != NULL;
}

FIXTURE(cli) {
	struct vm *vm;
	struct vcpu *vcpu;
	char id[32];
};

FIXTURE_SETUP(cli)
{
	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(0, bt_load("threshold=10"));
	self->vm = vm_create(0);
	vm_load(self->vm, 0, cli_guest, GUEST_CODE_SIZE(cli_guest));
	self->vcpu = vm_vcpu_add(self->vm, GUEST_ENTRY);
	vcpu_set_pc(self->vcpu, GUEST_ENTRY, N);
	vcpu_run_done(self->vcpu);
	strcpy(self->id, self->vm->id);
	ASSERT_TRUE(bt_wait_vm(self->id));
}

FIXTURE_TEARDOWN(cli)
{
	vm_free(self->vm);
	bt_unload();
}

TEST_F(cli, status)
{
	char want[64];

	ASSERT_EQ(0, cli("status"));
	ASSERT_TRUE(has("abi_version 1"));
	snprintf(want, sizeof(want), "patched %lld", (long long)bt_stat(NULL, "patched"));
	ASSERT_TRUE(has(want));
	ASSERT_TRUE(has("nr_vms 1"));
	ASSERT_EQ(0, cli("status --json"));
	ASSERT_TRUE(has("\"abi_version\": 1"));
	ASSERT_TRUE(has("\"patched\": 5"));
	ASSERT_EQ(0, cli("status --help"));
	ASSERT_EQ(2, cli("status extra"));
}

TEST_F(cli, vms)
{
	ASSERT_EQ(0, cli("vms"));
	ASSERT_TRUE(has(self->id));
	ASSERT_EQ(0, cli("vms --json"));
	ASSERT_TRUE(has(self->id));
	ASSERT_TRUE(has("\"patched\": 5"));
}

TEST_F(cli, sites)
{
	ASSERT_EQ(0, cli("sites %s", self->id));
	ASSERT_TRUE(has("mfmsr r4"));
	ASSERT_TRUE(has("patched"));
	ASSERT_TRUE(has("unpatchable"));
	ASSERT_EQ(0, cli("sites vm-%s", self->id));
	ASSERT_EQ(0, cli("sites --json %s", self->id));
	ASSERT_TRUE(has("\"state\": \"patched\""));
	ASSERT_EQ(1, cli("sites 99999-99"));
	ASSERT_TRUE(has("no such VM 99999-99"));
	ASSERT_EQ(2, cli("sites bogus"));
	ASSERT_EQ(2, cli("sites"));
}

TEST_F(cli, set_global)
{
	char buf[64];

	ASSERT_EQ(0, cli("set threshold 20"));
	ASSERT_EQ(0, bt_read("threshold", buf, sizeof(buf)));
	ASSERT_STREQ("20\n", buf);
	ASSERT_EQ(1, cli("set threshold 0"));
	ASSERT_EQ(1, cli("set threshold 1000001"));
	ASSERT_EQ(2, cli("set threshold abc"));
	ASSERT_EQ(0, bt_read("threshold", buf, sizeof(buf)));
	ASSERT_STREQ("20\n", buf);
	ASSERT_EQ(0, cli("set disable"));
	ASSERT_EQ(0, bt_read("enabled", buf, sizeof(buf)));
	ASSERT_STREQ("0\n", buf);
	ASSERT_EQ(0, cli("set enable"));
	ASSERT_EQ(0, cli("set classes mfmsr,tlbsync"));
	ASSERT_EQ(0, bt_read("classes", buf, sizeof(buf)));
	ASSERT_STREQ("mfmsr tlbsync\n", buf);
	ASSERT_EQ(2, cli("set classes bogus"));
	ASSERT_EQ(0, cli("set classes all"));
	ASSERT_EQ(2, cli("set frobnicate 3"));
}

TEST_F(cli, set_vm)
{
	char rel[64], buf[64];

	snprintf(rel, sizeof(rel), "vm-%s/threshold", self->id);
	ASSERT_EQ(0, cli("set --vm %s threshold 3", self->id));
	ASSERT_EQ(0, bt_read(rel, buf, sizeof(buf)));
	ASSERT_STREQ("3\n", buf);
	ASSERT_EQ(0, bt_read("threshold", buf, sizeof(buf)));
	ASSERT_STREQ("10\n", buf);
	snprintf(rel, sizeof(rel), "vm-%s/enabled", self->id);
	ASSERT_EQ(0, cli("set --vm vm-%s disable", self->id));
	ASSERT_EQ(0, bt_read(rel, buf, sizeof(buf)));
	ASSERT_STREQ("0\n", buf);
	ASSERT_EQ(1, cli("set --vm 99999-99 threshold 3"));
	ASSERT_TRUE(has("no such VM"));
}

TEST_F(cli, flush)
{
	ASSERT_EQ(0, cli("flush %s", self->id));
	ASSERT_EQ(5, bt_stat(self->id, "restored"));
	ASSERT_EQ(0, bt_stat(self->id, "cache_patched"));
	ASSERT_EQ(1, cli("flush 99999-99"));
	ASSERT_EQ(2, cli("flush"));
}

/* Reading needs only the device; changing needs CAP_SYS_ADMIN. */
TEST_F(cli, needs_cap_sys_admin)
{
	pid_t pid;
	int st;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* Out of the bounding set: root cannot get it back on exec. */
		if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0))
			_exit(101);
		if (cli("status"))
			_exit(102);
		if (cli("set threshold 5") != 1 || !has("permission denied"))
			_exit(103);
		if (cli("flush %s", self->id) != 1)
			_exit(104);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	ASSERT_EQ(0, bt_stat(self->id, "restored"));
}

TEST_F(cli, usage)
{
	ASSERT_EQ(2, cli("frobnicate"));
	ASSERT_EQ(2, cli("%s", ""));
	ASSERT_EQ(0, cli("--help"));
	ASSERT_EQ(0, cli("vms --help"));
	ASSERT_EQ(0, cli("sites --help"));
	ASSERT_EQ(0, cli("set --help"));
	ASSERT_EQ(0, cli("flush --help"));
	ASSERT_EQ(0, cli("profile --help"));
	ASSERT_EQ(2, cli("vms --frobnicate"));
}

TEST(module_not_loaded)
{
	ASSERT_EQ(0, bt_unload());
	ASSERT_EQ(1, cli("status"));
	ASSERT_TRUE(has("not loaded"));
	ASSERT_EQ(1, cli("vms"));
	ASSERT_EQ(2, cli("sites bogus"));
}

TEST_HARNESS_MAIN
