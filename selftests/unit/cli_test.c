// SPDX-License-Identifier: GPL-2.0
/*
 * cli_test: the pure parts of the kvmppc-bt command-line tool, on the host:
 * argument parsing, the JSON writer, the disassembler, the profile file
 * format and the text tables.  No device, no ioctl.
 *
 * The disassembler's expected words were produced by the cross assemblers
 * (powerpc-linux-gnu-as -me500, powerpc64le-linux-gnu-as -mpower8) from
 * the source in each row's comment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "args.h"
#include "disasm.h"
#include "json.h"
#include "profile.h"
#include "table.h"
#include "xlate.h"

/* ---- argument parsing ---------------------------------------------------- */

static int parse_argv(struct kbt_args *a, const char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return kbt_parse_args(argc, (char *const *)argv, a);
}

#define PARSE(a, ...) parse_argv(a, (const char *[]){ "kvmppc-bt", __VA_ARGS__, NULL })

TEST(args_no_command)
{
	struct kbt_args a;

	ASSERT_EQ(KBT_USAGE, parse_argv(&a, (const char *[]){ "kvmppc-bt", NULL }));
	ASSERT_EQ(KBT_CMD_NONE, a.cmd);
	ASSERT_STREQ("no command given", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "--json"));
	ASSERT_EQ(KBT_CMD_NONE, a.cmd);
}

TEST(args_tool_help)
{
	struct kbt_args a;

	ASSERT_EQ(KBT_OK, PARSE(&a, "--help"));
	ASSERT_TRUE(a.help);
	ASSERT_EQ(KBT_CMD_NONE, a.cmd);
	ASSERT_EQ(KBT_OK, PARSE(&a, "-h"));
	ASSERT_TRUE(a.help);
	ASSERT_EQ(KBT_CMD_NONE, a.cmd);
	/* Help before the command is the tool's help, whatever follows. */
	ASSERT_EQ(KBT_OK, PARSE(&a, "--help", "frob", "--bogus"));
	ASSERT_TRUE(a.help);
	ASSERT_EQ(KBT_CMD_NONE, a.cmd);
}

TEST(args_unknown_command_and_options)
{
	struct kbt_args a;

	ASSERT_EQ(KBT_USAGE, PARSE(&a, "frob"));
	ASSERT_STREQ("unknown command 'frob'", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "Status"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "help"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "--bogus", "status"));
	ASSERT_STREQ("unknown option '--bogus'", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "status", "--bogus"));
	ASSERT_STREQ("status: unknown option '--bogus'", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "status", "-j"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "status", "--json=1"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "status", "--JSON"));
	/* --vm belongs to set only. */
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "vms", "--vm", "1-2"));
	ASSERT_STREQ("vms: unknown option '--vm'", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "sites", "--vm=1-2"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "--vm", "1-2", "set", "enable"));
	/* An unknown option is an error even next to --help. */
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "sites", "--bogus", "--help"));
}

TEST(args_status_vms)
{
	struct kbt_args a;

	ASSERT_EQ(KBT_OK, PARSE(&a, "status"));
	ASSERT_EQ(KBT_CMD_STATUS, a.cmd);
	ASSERT_FALSE(a.json);
	ASSERT_FALSE(a.help);
	ASSERT_EQ(KBT_OK, PARSE(&a, "status", "--json"));
	ASSERT_EQ(KBT_CMD_STATUS, a.cmd);
	ASSERT_TRUE(a.json);
	ASSERT_EQ(KBT_OK, PARSE(&a, "--json", "status"));
	ASSERT_TRUE(a.json);
	ASSERT_EQ(KBT_OK, PARSE(&a, "status", "--json", "--json"));
	ASSERT_TRUE(a.json);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "status", "extra"));
	ASSERT_STREQ("status: too many arguments", a.err);

	ASSERT_EQ(KBT_OK, PARSE(&a, "vms"));
	ASSERT_EQ(KBT_CMD_VMS, a.cmd);
	ASSERT_FALSE(a.json);
	ASSERT_EQ(KBT_OK, PARSE(&a, "vms", "--json"));
	ASSERT_TRUE(a.json);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "vms", "1-2"));
}

TEST(args_sites_and_flush)
{
	struct kbt_args a;

	ASSERT_EQ(KBT_OK, PARSE(&a, "sites", "12-5"));
	ASSERT_EQ(KBT_CMD_SITES, a.cmd);
	ASSERT_TRUE(a.has_vm);
	ASSERT_EQ(12, a.vm.pid);
	ASSERT_EQ(5, a.vm.vmfd);
	ASSERT_FALSE(a.json);
	ASSERT_EQ(KBT_OK, PARSE(&a, "sites", "--json", "12-5"));
	ASSERT_TRUE(a.json);
	ASSERT_EQ(12, a.vm.pid);
	ASSERT_EQ(5, a.vm.vmfd);
	ASSERT_EQ(KBT_OK, PARSE(&a, "sites", "vm-12-5", "--json"));
	ASSERT_TRUE(a.json);
	ASSERT_EQ(12, a.vm.pid);
	ASSERT_EQ(5, a.vm.vmfd);
	ASSERT_EQ(KBT_OK, PARSE(&a, "--json", "sites", "0-0"));
	ASSERT_TRUE(a.json);
	ASSERT_EQ(0, a.vm.pid);
	ASSERT_EQ(0, a.vm.vmfd);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "sites"));
	ASSERT_STREQ("sites: missing the VM", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "sites", "1-2", "3-4"));
	ASSERT_STREQ("sites: too many arguments", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "sites", "1-2", "3-4", "5-6", "7-8", "9-10"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "sites", "bogus"));
	ASSERT_STREQ("sites: malformed VM 'bogus' (want <pid>-<vmfd> or vm-<pid>-<vmfd>)", a.err);
	/* "-5" is an operand (a malformed VM), not an option. */
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "sites", "-5"));
	ASSERT_STREQ("sites: malformed VM '-5' (want <pid>-<vmfd> or vm-<pid>-<vmfd>)", a.err);

	ASSERT_EQ(KBT_OK, PARSE(&a, "flush", "vm-7-9"));
	ASSERT_EQ(KBT_CMD_FLUSH, a.cmd);
	ASSERT_EQ(7, a.vm.pid);
	ASSERT_EQ(9, a.vm.vmfd);
	ASSERT_EQ(KBT_OK, PARSE(&a, "flush", "--json", "7-9"));
	ASSERT_TRUE(a.json);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "flush"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "flush", "7"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "flush", "7-9", "x"));
}

TEST(args_vm_ids)
{
	static const char *const bad[] = {
		"", "12", "12-", "-5", "a-5", "12-a", "12-5x", "x12-5", "12--5", "12-5-3",
		"vm-", "vm-12", "vm--12-5", "VM-12-5", "vm12-5", " 12-5", "12-5 ", "+12-5",
		"12-+5", "0x1-2", "2147483648-1", "1-2147483648", "99999999999999999999-1",
		"vm-vm-1-2", "1.5-2", "1-2\n",
	};
	struct kvmppc_bt_vm_id vm = { .pid = 77, .vmfd = 88 };
	char buf[32];
	size_t i;

	ASSERT_EQ(0, kbt_parse_vm("12-5", &vm));
	ASSERT_EQ(12, vm.pid);
	ASSERT_EQ(5, vm.vmfd);
	ASSERT_EQ(0, kbt_parse_vm("vm-123-45", &vm));
	ASSERT_EQ(123, vm.pid);
	ASSERT_EQ(45, vm.vmfd);
	ASSERT_EQ(0, kbt_parse_vm("2147483647-2147483647", &vm));
	ASSERT_EQ(2147483647, vm.pid);
	ASSERT_EQ(2147483647, vm.vmfd);
	ASSERT_EQ(0, kbt_parse_vm("007-010", &vm));
	ASSERT_EQ(7, vm.pid);
	ASSERT_EQ(10, vm.vmfd);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vm.pid = 77;
		vm.vmfd = 88;
		if (kbt_parse_vm(bad[i], &vm) != -1)
			TH_LOG("'%s' was accepted", bad[i]);
		ASSERT_EQ(-1, kbt_parse_vm(bad[i], &vm));
		/* Untouched on failure. */
		ASSERT_EQ(77, vm.pid);
		ASSERT_EQ(88, vm.vmfd);
	}

	vm.pid = 4321;
	vm.vmfd = 12;
	kbt_format_vm(&vm, buf, sizeof(buf));
	ASSERT_STREQ("4321-12", buf);
	kbt_format_vm(&vm, buf, 4);
	ASSERT_STREQ("432", buf);
}

TEST(args_help_everywhere)
{
	static const struct {
		const char *argv[6];
		enum kbt_cmd cmd;
	} cases[] = {
		{ { "status", "--help" }, KBT_CMD_STATUS },
		{ { "status", "-h", "--json" }, KBT_CMD_STATUS },
		{ { "vms", "-h" }, KBT_CMD_VMS },
		{ { "sites", "--help" }, KBT_CMD_SITES },
		{ { "sites", "bogus", "extra", "--help" }, KBT_CMD_SITES },
		{ { "sites", "--json", "-h", "1-2" }, KBT_CMD_SITES },
		{ { "set", "--help" }, KBT_CMD_SET },
		{ { "set", "threshold", "-h" }, KBT_CMD_SET },
		{ { "set", "threshold", "abc", "--help" }, KBT_CMD_SET },
		{ { "set", "--vm", "1-2", "classes", "--help" }, KBT_CMD_SET },
		{ { "flush", "-h" }, KBT_CMD_FLUSH },
		{ { "profile", "--help" }, KBT_CMD_PROFILE },
		{ { "profile", "frob", "-h" }, KBT_CMD_PROFILE },
		{ { "profile", "export", "--help" }, KBT_CMD_PROFILE_EXPORT },
		{ { "profile", "import", "1-2", "-h" }, KBT_CMD_PROFILE_IMPORT },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[8] = { "kvmppc-bt" };
		struct kbt_args a;
		int k;

		for (k = 0; cases[i].argv[k]; k++)
			argv[k + 1] = cases[i].argv[k];
		ASSERT_EQ(KBT_OK, parse_argv(&a, argv));
		ASSERT_TRUE(a.help);
		ASSERT_EQ(cases[i].cmd, a.cmd);
	}
}

TEST(args_usage_texts)
{
	const char *set = kbt_usage(KBT_CMD_SET);
	const char *tool = kbt_usage(KBT_CMD_NONE);
	unsigned int c;

	/* Every class name, from the module's table, is in set's help. */
	for (c = 0; c < KVMPPC_BT_NR_CLASSES; c++)
		ASSERT_NE(NULL, strstr(set, kvmppc_bt_class_name(c)));
	ASSERT_EQ('\n', set[strlen(set) - 1]);
	ASSERT_NE(NULL, strstr(tool, "Usage: kvmppc-bt"));
	ASSERT_NE(NULL, strstr(tool, "profile import VM FILE"));
	ASSERT_NE(NULL, strstr(kbt_usage(KBT_CMD_SITES), "kvmppc-bt sites"));
	ASSERT_NE(NULL, strstr(kbt_usage(KBT_CMD_PROFILE_IMPORT), "profile import"));
	ASSERT_NE(NULL, strstr(kbt_usage(KBT_CMD_FLUSH), "kvmppc-bt flush"));
}

TEST(args_set_threshold)
{
	struct kbt_args a;

	ASSERT_EQ(KBT_OK, PARSE(&a, "set", "threshold", "100"));
	ASSERT_EQ(KBT_CMD_SET, a.cmd);
	ASSERT_FALSE(a.has_vm);
	ASSERT_EQ(KVMPPC_BT_PARAM_THRESHOLD, a.param);
	ASSERT_EQ(100, a.value);
	ASSERT_EQ(KBT_OK, PARSE(&a, "set", "--vm", "3-4", "threshold", "1"));
	ASSERT_TRUE(a.has_vm);
	ASSERT_EQ(3, a.vm.pid);
	ASSERT_EQ(4, a.vm.vmfd);
	ASSERT_EQ(1, a.value);
	ASSERT_EQ(KBT_OK, PARSE(&a, "set", "threshold", "1000000", "--vm=vm-3-4", "--json"));
	ASSERT_TRUE(a.has_vm);
	ASSERT_TRUE(a.json);
	ASSERT_EQ(3, a.vm.pid);
	ASSERT_EQ(1000000, a.value);
	ASSERT_EQ(KBT_OK, PARSE(&a, "set", "threshold", "--vm", "3-4", "0008"));
	ASSERT_EQ(8, a.value);

	/* Well-formed numbers out of range: operational errors. */
	ASSERT_EQ(KBT_INVALID, PARSE(&a, "set", "threshold", "0"));
	ASSERT_STREQ("set threshold: 0 is out of range (1..1000000)", a.err);
	ASSERT_EQ(KBT_INVALID, PARSE(&a, "set", "threshold", "1000001"));
	ASSERT_EQ(KBT_INVALID, PARSE(&a, "set", "threshold", "99999999999999999999999999"));
	ASSERT_EQ(KBT_INVALID, PARSE(&a, "set", "threshold", "-5"));
	ASSERT_EQ(KBT_INVALID, PARSE(&a, "set", "--vm", "1-2", "threshold", "-0"));

	/* Not numbers: usage errors. */
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "abc"));
	ASSERT_STREQ("set threshold: 'abc' is not a decimal number", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "10a"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "0x10"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "+5"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", ""));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "-"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", " 5"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "1e3"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "--5"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold"));
	ASSERT_STREQ("set: missing the threshold value", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "5", "6"));
	/* A usage error wins over a range error. */
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "--vm", "bad", "threshold", "0"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "threshold", "0", "extra"));
}

TEST(args_threshold_parser)
{
	uint64_t v = 42;

	ASSERT_EQ(KBT_OK, kbt_parse_threshold("1", &v));
	ASSERT_EQ(1, v);
	ASSERT_EQ(KBT_OK, kbt_parse_threshold("999999", &v));
	ASSERT_EQ(999999, v);
	ASSERT_EQ(KBT_OK, kbt_parse_threshold("1000000", &v));
	ASSERT_EQ(1000000, v);
	v = 42;
	ASSERT_EQ(KBT_INVALID, kbt_parse_threshold("0", &v));
	ASSERT_EQ(KBT_INVALID, kbt_parse_threshold("1000001", &v));
	ASSERT_EQ(KBT_INVALID, kbt_parse_threshold("18446744073709551617", &v));
	ASSERT_EQ(KBT_INVALID, kbt_parse_threshold("-1", &v));
	ASSERT_EQ(KBT_USAGE, kbt_parse_threshold("1000000000000000000000x", &v));
	ASSERT_EQ(KBT_USAGE, kbt_parse_threshold("-x", &v));
	ASSERT_EQ(KBT_USAGE, kbt_parse_threshold("1 ", &v));
	ASSERT_EQ(42, v);
}

TEST(args_set_enable_disable)
{
	struct kbt_args a;

	ASSERT_EQ(KBT_OK, PARSE(&a, "set", "enable"));
	ASSERT_EQ(KVMPPC_BT_PARAM_ENABLED, a.param);
	ASSERT_EQ(1, a.value);
	ASSERT_FALSE(a.has_vm);
	ASSERT_EQ(KBT_OK, PARSE(&a, "set", "disable", "--vm", "vm-1-2"));
	ASSERT_EQ(KVMPPC_BT_PARAM_ENABLED, a.param);
	ASSERT_EQ(0, a.value);
	ASSERT_TRUE(a.has_vm);
	ASSERT_EQ(1, a.vm.pid);
	ASSERT_EQ(2, a.vm.vmfd);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "enable", "1"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "enabled"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set"));
	ASSERT_STREQ("set: missing setting (threshold, enable, disable or classes)", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "frob"));
	ASSERT_STREQ("set: unknown setting 'frob' (threshold, enable, disable or classes)", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "enable", "--vm"));
	ASSERT_STREQ("set: --vm needs a VM", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "--vm", "1-2", "--vm", "1-2", "enable"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "--vm=", "enable"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "--vm", "1", "enable"));
}

TEST(args_set_classes)
{
	static const struct {
		const char *list;
		uint32_t mask;
	} good[] = {
		{ "mfmsr", 1u << KVMPPC_BT_CLASS_MFMSR },
		{ "mfmsr,tlbsync", 1u << KVMPPC_BT_CLASS_MFMSR | 1u << KVMPPC_BT_CLASS_TLBSYNC },
		{ "mfsprg mtsprg", 1u << KVMPPC_BT_CLASS_MFSPRG | 1u << KVMPPC_BT_CLASS_MTSPRG },
		{ "mfmas,mtmas,mfpir", 0x380 },
		{ "all", KVMPPC_BT_CLASSES_ALL },
		{ "mfzero", 0x800 },
		{ "none", 0 },
		{ "0x5", 5 },
		{ "3", 3 },
		{ "0x7ff", 0x7ff },
		{ "0", 0 },
	};
	static const char *const bad[] = {
		"", "bogus", "mfmsr,bogus", "0x4000", "16384", "none,mfmsr", "MFMSR", "0x", "12a",
		"all none", "-1",
	};
	struct kbt_args a;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ASSERT_EQ(KBT_OK, PARSE(&a, "set", "classes", good[i].list));
		ASSERT_EQ(KVMPPC_BT_PARAM_CLASSES, a.param);
		ASSERT_EQ(good[i].mask, a.value);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (PARSE(&a, "set", "classes", bad[i]) != KBT_USAGE)
			TH_LOG("'%s' was accepted", bad[i]);
		ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "classes", bad[i]));
	}
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "classes", "bogus"));
	ASSERT_STREQ("set classes: invalid class list 'bogus' (class names separated by commas, all, none, or a mask)",
		     a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "classes"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "set", "classes", "mfmsr", "mfsprg"));
	ASSERT_EQ(KBT_OK, PARSE(&a, "set", "--vm", "5-6", "classes", "all", "--json"));
	ASSERT_TRUE(a.has_vm);
	ASSERT_TRUE(a.json);
	ASSERT_EQ(KVMPPC_BT_CLASSES_ALL, a.value);
}

TEST(args_format_classes)
{
	char buf[160];

	kbt_format_classes(KVMPPC_BT_CLASSES_ALL, buf, sizeof(buf));
	ASSERT_STREQ("all", buf);
	kbt_format_classes(0x7ff, buf, sizeof(buf));
	ASSERT_STREQ("mfmsr,mfsprg,mtsprg,mfsrr,mtsrr,mffault,mtfault,mfmas,mtmas,mfpir,tlbsync", buf);
	kbt_format_classes(0, buf, sizeof(buf));
	ASSERT_STREQ("none", buf);
	kbt_format_classes(0x401, buf, sizeof(buf));
	ASSERT_STREQ("mfmsr,tlbsync", buf);
	kbt_format_classes(0x8002, buf, sizeof(buf));
	ASSERT_STREQ("mfsprg,0x8000", buf);
	kbt_format_classes(0x401, buf, 8);
	ASSERT_STREQ("mfmsr,t", buf);
}

TEST(args_profile)
{
	struct kbt_args a;

	ASSERT_EQ(KBT_OK, PARSE(&a, "profile", "export", "12-5", "/tmp/p"));
	ASSERT_EQ(KBT_CMD_PROFILE_EXPORT, a.cmd);
	ASSERT_EQ(12, a.vm.pid);
	ASSERT_EQ(5, a.vm.vmfd);
	ASSERT_STREQ("/tmp/p", a.file);
	ASSERT_FALSE(a.json);
	ASSERT_EQ(KBT_OK, PARSE(&a, "profile", "--json", "import", "vm-1-2", "f.txt"));
	ASSERT_EQ(KBT_CMD_PROFILE_IMPORT, a.cmd);
	ASSERT_TRUE(a.json);
	ASSERT_EQ(1, a.vm.pid);
	ASSERT_EQ(2, a.vm.vmfd);
	ASSERT_STREQ("f.txt", a.file);
	ASSERT_EQ(KBT_OK, PARSE(&a, "profile", "import", "1-2", "f.txt", "--json"));
	ASSERT_TRUE(a.json);
	/* "--" ends the options: a file may be called --json. */
	ASSERT_EQ(KBT_OK, PARSE(&a, "profile", "export", "1-2", "--", "--json"));
	ASSERT_FALSE(a.json);
	ASSERT_STREQ("--json", a.file);
	/* "-" is an operand. */
	ASSERT_EQ(KBT_OK, PARSE(&a, "profile", "export", "1-2", "-"));
	ASSERT_STREQ("-", a.file);

	ASSERT_EQ(KBT_USAGE, PARSE(&a, "profile"));
	ASSERT_STREQ("profile: missing 'export' or 'import'", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "profile", "frob", "1-2", "f"));
	ASSERT_STREQ("profile: unknown subcommand 'frob' (export or import)", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "profile", "export"));
	ASSERT_STREQ("profile export: missing the VM", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "profile", "export", "1-2"));
	ASSERT_STREQ("profile export: missing the file", a.err);
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "profile", "import", "bad", "f"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "profile", "import", "1-2", "f", "g"));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "profile", "import", "1-2", ""));
	ASSERT_EQ(KBT_USAGE, PARSE(&a, "profile", "import", "1-2", "f", "--vm", "1-2"));
}

/* ---- JSON writer ---------------------------------------------------------- */

struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *capture_start(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	return c->f;
}

/* The text written; the caller frees it. */
static char *capture_end(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

TEST(json_escaping)
{
	struct capture c;
	struct json j;
	char *out;

	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_string(&j, NULL, "q\"b\\s/n\nt\tr\rb\bf\f\x01\x1f\x7f \xc3\xa9!");
	ASSERT_EQ(0, json_end(&j));
	out = capture_end(&c);
	ASSERT_STREQ("\"q\\\"b\\\\s/n\\nt\\tr\\rb\\bf\\f\\u0001\\u001f\\u007f \xc3\xa9!\"\n", out);
	free(out);

	/* Keys are escaped too. */
	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_begin_object(&j, NULL);
	json_string(&j, "a\"b", "");
	json_end_object(&j);
	ASSERT_EQ(0, json_end(&j));
	out = capture_end(&c);
	ASSERT_STREQ("{\n  \"a\\\"b\": \"\"\n}\n", out);
	free(out);
}

TEST(json_nesting)
{
	struct capture c;
	struct json j;
	char *out;

	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_begin_object(&j, NULL);
	json_string(&j, "vm", "12-5");
	json_begin_array(&j, "sites");
	json_begin_object(&j, NULL);
	json_stringf(&j, "ea", "0x%016llx", 0xc000000000001234ull);
	json_uint(&j, "hits", 9);
	json_end_object(&j);
	json_begin_object(&j, NULL);
	json_end_object(&j);
	json_end_array(&j);
	json_begin_array(&j, "empty");
	json_end_array(&j);
	json_begin_object(&j, "nested");
	json_begin_array(&j, "deep");
	json_uint(&j, NULL, 1);
	json_null(&j, NULL);
	json_end_array(&j);
	json_end_object(&j);
	json_end_object(&j);
	ASSERT_EQ(0, json_end(&j));
	out = capture_end(&c);
	ASSERT_STREQ("{\n"
		     "  \"vm\": \"12-5\",\n"
		     "  \"sites\": [\n"
		     "    {\n"
		     "      \"ea\": \"0xc000000000001234\",\n"
		     "      \"hits\": 9\n"
		     "    },\n"
		     "    {}\n"
		     "  ],\n"
		     "  \"empty\": [],\n"
		     "  \"nested\": {\n"
		     "    \"deep\": [\n"
		     "      1,\n"
		     "      null\n"
		     "    ]\n"
		     "  }\n"
		     "}\n", out);
	free(out);
}

TEST(json_numbers)
{
	struct capture c;
	struct json j;
	char *out;

	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_begin_array(&j, NULL);
	json_uint(&j, NULL, 0);
	json_uint(&j, NULL, 18446744073709551615ull);
	json_int(&j, NULL, -1);
	json_int(&j, NULL, INT64_MIN);
	json_int(&j, NULL, INT64_MAX);
	json_bool(&j, NULL, true);
	json_bool(&j, NULL, false);
	json_null(&j, NULL);
	json_string(&j, NULL, NULL);
	json_end_array(&j);
	ASSERT_EQ(0, json_end(&j));
	out = capture_end(&c);
	ASSERT_STREQ("[\n  0,\n  18446744073709551615,\n  -1,\n  -9223372036854775808,\n"
		     "  9223372036854775807,\n  true,\n  false,\n  null,\n  null\n]\n", out);
	free(out);
}

TEST(json_long_string)
{
	char want[700], in[600];
	struct capture c;
	struct json j;
	char *out;

	memset(in, 'x', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	snprintf(want, sizeof(want), "\"<%s>\"\n", in);
	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_stringf(&j, NULL, "<%s>", in);
	ASSERT_EQ(0, json_end(&j));
	out = capture_end(&c);
	ASSERT_STREQ(want, out);
	free(out);
}

TEST(json_misuse)
{
	struct capture c;
	struct json j;
	int i;

	/* A key inside an array. */
	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_begin_array(&j, NULL);
	json_uint(&j, "k", 1);
	json_end_array(&j);
	ASSERT_EQ(-1, json_end(&j));
	free(capture_end(&c));

	/* No key inside an object. */
	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_begin_object(&j, NULL);
	json_uint(&j, NULL, 1);
	json_end_object(&j);
	ASSERT_EQ(-1, json_end(&j));
	free(capture_end(&c));

	/* A key at the top level. */
	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_begin_object(&j, "top");
	json_end_object(&j);
	ASSERT_EQ(-1, json_end(&j));
	free(capture_end(&c));

	/* Unclosed; mismatched; two documents; nothing at all. */
	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_begin_object(&j, NULL);
	ASSERT_EQ(-1, json_end(&j));
	free(capture_end(&c));

	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_begin_object(&j, NULL);
	json_end_array(&j);
	ASSERT_EQ(-1, json_end(&j));
	free(capture_end(&c));

	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	json_uint(&j, NULL, 1);
	json_uint(&j, NULL, 2);
	ASSERT_EQ(-1, json_end(&j));
	free(capture_end(&c));

	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	ASSERT_EQ(-1, json_end(&j));
	free(capture_end(&c));

	/* JSON_MAX_DEPTH levels are fine, one more is not. */
	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_begin_array(&j, NULL);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_end_array(&j);
	ASSERT_EQ(0, json_end(&j));
	free(capture_end(&c));

	ASSERT_NE(NULL, capture_start(&c));
	json_init(&j, c.f);
	for (i = 0; i < JSON_MAX_DEPTH + 1; i++)
		json_begin_array(&j, NULL);
	for (i = 0; i < JSON_MAX_DEPTH + 1; i++)
		json_end_array(&j);
	ASSERT_EQ(-1, json_end(&j));
	free(capture_end(&c));
}

/* ---- disassembler --------------------------------------------------------- */

static const struct {
	uint32_t insn;
	int book3s;
	const char *text;
} dis_cases[] = {
	/* e500: powerpc-linux-gnu-as -me500 */
	{ 0x7c8000a6u, 0, "mfmsr r4" },	/* mfmsr 4 */
	{ 0x7cb042a6u, 0, "mfspr r5,SPRG0" },	/* mfspr 5,272 */
	{ 0x7cb143a6u, 0, "mtspr SPRG1,r5" },	/* mtspr 273,5 */
	{ 0x7c7ffba6u, 0, "mtspr 1023,r3" },	/* mtspr 1023,3 */
	{ 0x7c7e42a6u, 0, "mfspr r3,PIR" },	/* mfspr 3,286 */
	{ 0x7c7ffaa6u, 0, "mfspr r3,1023" },	/* mfspr 3,1023 */
	{ 0x7cdd0aa6u, 0, "mfspr r6,DEAR" },	/* mfspr 6,61 */
	{ 0x7cfe0ba6u, 0, "mtspr ESR,r7" },	/* mtspr 62,7 */
	{ 0x7d1302a6u, 0, "mfspr r8,19" },	/* mfspr 8,19 */
	{ 0x7d1202a6u, 0, "mfspr r8,18" },	/* mfspr 8,18 */
	{ 0x7d3a02a6u, 0, "mfspr r9,SRR0" },	/* mfspr 9,26 */
	{ 0x7d5b03a6u, 0, "mtspr SRR1,r10" },	/* mtspr 27,10 */
	{ 0x7d7602a6u, 0, "mfspr r11,DEC" },	/* mfspr 11,22 */
	{ 0x7d7603a6u, 0, "mtspr DEC,r11" },	/* mtspr 22,11 */
	{ 0x7d900aa6u, 0, "mfspr r12,PID" },	/* mfspr 12,48 */
	{ 0x7d900ba6u, 0, "mtspr PID,r12" },	/* mtspr 48,12 */
	{ 0x7ff342a6u, 0, "mfspr r31,SPRG3" },	/* mfspr 31,275 */
	{ 0x7c1443a6u, 0, "mtspr SPRG4,r0" },	/* mtspr 276,0 */
	{ 0x7c3743a6u, 0, "mtspr SPRG7,r1" },	/* mtspr 279,1 */
	{ 0x7c4442a6u, 0, "mfspr r2,SPRG4R" },	/* mfspr 2,260 */
	{ 0x7c4742a6u, 0, "mfspr r2,SPRG7R" },	/* mfspr 2,263 */
	{ 0x7c709aa6u, 0, "mfspr r3,MAS0" },	/* mfspr 3,624 */
	{ 0x7c719ba6u, 0, "mtspr MAS1,r3" },	/* mtspr 625,3 */
	{ 0x7c929ba6u, 0, "mtspr MAS2,r4" },	/* mtspr 626,4 */
	{ 0x7cb39aa6u, 0, "mfspr r5,MAS3" },	/* mfspr 5,627 */
	{ 0x7cb49aa6u, 0, "mfspr r5,MAS4" },	/* mfspr 5,628 */
	{ 0x7cd69ba6u, 0, "mtspr MAS6,r6" },	/* mtspr 630,6 */
	{ 0x7cf0eaa6u, 0, "mfspr r7,MAS7" },	/* mfspr 7,944 */
	{ 0x7cff42a6u, 0, "mfspr r7,PVR" },	/* mfspr 7,287 */
	{ 0x7d1452a6u, 0, "mfspr r8,TCR" },	/* mfspr 8,340 */
	{ 0x7d1053a6u, 0, "mtspr TSR,r8" },	/* mtspr 336,8 */
	{ 0x7d1922a6u, 0, "mfspr r8,153" },	/* mfspr 8,153 */
	{ 0x8080f05cu, 0, "lwz r4,-4004(0)" },	/* lwz 4,-4004(0) */
	{ 0x8081f058u, 0, "lwz r4,-4008(r1)" },	/* lwz 4,-4008(1) */
	{ 0x90a0f0acu, 0, "stw r5,-3924(0)" },	/* stw 5,-3924(0) */
	{ 0x83e07fffu, 0, "lwz r31,32767(0)" },	/* lwz 31,32767(0) */
	{ 0x901f0000u, 0, "stw r0,0(r31)" },	/* stw 0,0(31) */
	{ 0x60000000u, 0, "nop" },	/* nop */
	{ 0x60830005u, 0, "ori r3,r4,5" },	/* ori 3,4,5 */
	{ 0x7c00046cu, 0, "tlbsync" },	/* tlbsync */
	{ 0x38600000u, 1, "li r3,0" },	/* li 3,0 */
	{ 0x3863fffcu, 1, "addi r3,r3,-4" },	/* addi 3,3,-4 */
	{ 0x4bfff102u, 0, "ba 0xfffff100" },	/* ba -3840: a translated block */
	{ 0x48001002u, 0, "ba 0x1000" },	/* ba 0x1000 */
	{ 0x48001000u, 0, ".long 0x48001000" },	/* b: relative, not ours */
	{ 0x7c000146u, 0, "wrteei 0" },	/* wrteei 0 */
	{ 0x7c008146u, 0, "wrteei 1" },	/* wrteei 1 */
	{ 0x7c600106u, 0, "wrtee r3" },	/* wrtee 3 */
	{ 0x7c600124u, 0, "mtmsr r3" },	/* mtmsr 3 */
	{ 0x4c000064u, 0, "rfi" },	/* rfi */
	{ 0x4c000066u, 0, "rfci" },	/* rfci */
	{ 0x4c00004cu, 0, "rfmci" },	/* rfmci */
	{ 0x7c0007a4u, 0, "tlbwe" },	/* tlbwe */
	{ 0x7c000764u, 0, "tlbre" },	/* tlbre */
	{ 0x7c032724u, 0, "tlbsx r3,r4" },	/* tlbsx 3,4 */
	{ 0x7c002724u, 0, "tlbsx 0,r4" },	/* tlbsx 0,4 */
	{ 0x7c002e24u, 0, "tlbivax 0,r5" },	/* tlbivax 0,5 */
	{ 0x7c032e24u, 0, "tlbivax r3,r5" },	/* tlbivax 3,5 */
	{ 0x44000002u, 0, "sc" },	/* sc */
	{ 0x44000022u, 0, "sc 1" },	/* sc 1 */
	{ 0x7c000268u, 0, ".long 0x7c000268 (hcall)" },	/* .long 0x7c000268 */
	{ 0x7c0000a7u, 0, ".long 0x7c0000a7" },	/* .long 0x7c0000a7 */
	{ 0x00000000u, 0, ".long 0x00000000" },	/* .long 0 */
	{ 0x48000000u, 0, ".long 0x48000000" },	/* .long 0x48000000 */
	/* Book3S: powerpc64le-linux-gnu-as -mpower8 */
	{ 0x7c8000a6u, 1, "mfmsr r4" },	/* mfmsr 4 */
	{ 0x7cb042a6u, 1, "mfspr r5,SPRG0" },	/* mfspr 5,272 */
	{ 0x7cb143a6u, 1, "mtspr SPRG1,r5" },	/* mtspr 273,5 */
	{ 0x7cd343a6u, 1, "mtspr SPRG3,r6" },	/* mtspr 275,6 */
	{ 0x7c7ffaa6u, 1, "mfspr r3,PIR" },	/* mfspr 3,1023 */
	{ 0x7c7e42a6u, 1, "mfspr r3,286" },	/* mfspr 3,286 */
	{ 0x7cd302a6u, 1, "mfspr r6,DAR" },	/* mfspr 6,19 */
	{ 0x7cf203a6u, 1, "mtspr DSISR,r7" },	/* mtspr 18,7 */
	{ 0x7cdd0aa6u, 1, "mfspr r6,61" },	/* mfspr 6,61 */
	{ 0x7cde0aa6u, 1, "mfspr r6,62" },	/* mfspr 6,62 */
	{ 0x7d3a02a6u, 1, "mfspr r9,SRR0" },	/* mfspr 9,26 */
	{ 0x7d5b03a6u, 1, "mtspr SRR1,r10" },	/* mtspr 27,10 */
	{ 0x7d7602a6u, 1, "mfspr r11,DEC" },	/* mfspr 11,22 */
	{ 0x7d9922a6u, 1, "mfspr r12,FSCR" },	/* mfspr 12,153 */
	{ 0x7d9103a6u, 1, "mtspr DSCR,r12" },	/* mtspr 17,12 */
	{ 0x7c709aa6u, 1, "mfspr r3,624" },	/* mfspr 3,624 */
	{ 0x7cff42a6u, 1, "mfspr r7,PVR" },	/* mfspr 7,287 */
	{ 0xe880f058u, 1, "ld r4,-4008(0)" },	/* ld 4,-4008(0) */
	{ 0xf8a0f050u, 1, "std r5,-4016(0)" },	/* std 5,-4016(0) */
	{ 0xe8810008u, 1, "ld r4,8(r1)" },	/* ld 4,8(1) */
	{ 0xe881fff1u, 1, "ldu r4,-16(r1)" },	/* ldu 4,-16(1) */
	{ 0xe8830006u, 1, "lwa r4,4(r3)" },	/* lwa 4,4(3) */
	{ 0xf821ffe1u, 1, "stdu r1,-32(r1)" },	/* stdu 1,-32(1) */
	{ 0x8080f064u, 1, "lwz r4,-3996(0)" },	/* lwz 4,-3996(0) */
	{ 0x60000000u, 1, "nop" },	/* nop */
	{ 0x7c00046cu, 1, "tlbsync" },	/* tlbsync */
	{ 0x7c600124u, 1, "mtmsr r3" },	/* mtmsr 3 */
	{ 0x7c610124u, 1, "mtmsr r3,1" },	/* mtmsr 3,1 */
	{ 0x7c600164u, 1, "mtmsrd r3" },	/* mtmsrd 3 */
	{ 0x7c610164u, 1, "mtmsrd r3,1" },	/* mtmsrd 3,1 */
	{ 0x4c000024u, 1, "rfid" },	/* rfid */
	{ 0x4c000224u, 1, "hrfid" },	/* hrfid */
	{ 0x4c000064u, 1, "rfi" },	/* rfi */
	{ 0x7c602324u, 1, "slbmte r3,r4" },	/* slbmte 3,4 */
	{ 0x7c002b64u, 1, "slbie r5" },	/* slbie 5 */
	{ 0x7c0003e4u, 1, "slbia" },	/* slbia */
	{ 0x7cc03f26u, 1, "slbmfee r6,r7" },	/* slbmfee 6,7 */
	{ 0x7cc03ea6u, 1, "slbmfev r6,r7" },	/* slbmfev 6,7 */
	{ 0x7c002264u, 1, "tlbie r4" },	/* tlbie 4,0 */
	{ 0x7ca02264u, 1, "tlbie r4,r5" },	/* tlbie 4,5 */
	{ 0x7c002224u, 1, "tlbiel r4" },	/* tlbiel 4 */
	{ 0x7c6504a6u, 1, "mfsr r3,5" },	/* mfsr 3,5 */
	{ 0x7c8f01a4u, 1, "mtsr 15,r4" },	/* mtsr 15,4 */
	{ 0x7c602526u, 1, "mfsrin r3,r4" },	/* mfsrin 3,4 */
	{ 0x7c6021e4u, 1, "mtsrin r3,r4" },	/* mtsrin 3,4 */
	{ 0x44000002u, 1, "sc" },	/* sc */
	{ 0x44000022u, 1, "sc 1" },	/* sc 1 */
	{ 0x7c000268u, 1, ".long 0x7c000268 (hcall)" },	/* .long 0x7c000268 */
	/* Reserved fields set, Rc set, unknown opcodes. */
	{ 0x7c8100a6u, 0, ".long 0x7c8100a6" },	/* mfmsr with rA = 1 */
	{ 0x7c8008a6u, 1, ".long 0x7c8008a6" },	/* mfmsr with rB = 1 */
	{ 0x7cb042a7u, 0, ".long 0x7cb042a7" },	/* mfspr with Rc */
	{ 0x7c018146u, 0, ".long 0x7c018146" },	/* wrteei with rA = 1 */
	{ 0x7c608146u, 0, ".long 0x7c608146" },	/* wrteei with rS = 3 */
	{ 0x7c6001a4u + 0x10000u * 0x10, 1, ".long 0x7c7001a4" },	/* mtsr SR 16 */
	{ 0x7c6207a4u, 0, ".long 0x7c6207a4" },	/* tlbwe with operands */
	{ 0x7c0000a6u | 0x0800u, 0, ".long 0x7c0008a6" },
	{ 0x4c000065u, 0, ".long 0x4c000065" },	/* rfi with LK */
	{ 0x44000003u, 0, ".long 0x44000003" },	/* sc with LK */
	{ 0x44001002u, 0, ".long 0x44001002" },	/* sc with a reserved bit */
	{ 0xe8800003u, 1, ".long 0xe8800003" },	/* DS-form XO 3 */
	{ 0xf8800002u, 1, ".long 0xf8800002" },	/* stq */
	{ 0xffffffffu, 1, ".long 0xffffffff" },
	/* The replacement of mfspr SPRG3 on e500: lwz r31,-4096+0x38+4(0). */
	{ 0x83e0f03cu, 0, "lwz r31,-4036(0)" },
	{ 0x60000000u, 1, "nop" },
};

TEST(disasm_cases)
{
	size_t i;

	for (i = 0; i < sizeof(dis_cases) / sizeof(dis_cases[0]); i++) {
		char buf[64];
		int n = kvmppc_bt_disasm(dis_cases[i].insn, dis_cases[i].book3s, buf, sizeof(buf));

		if (strcmp(buf, dis_cases[i].text))
			TH_LOG("%08x (%s): \"%s\", want \"%s\"", dis_cases[i].insn,
			       dis_cases[i].book3s ? "book3s" : "e500", buf, dis_cases[i].text);
		ASSERT_STREQ(dis_cases[i].text, buf);
		ASSERT_EQ(strlen(dis_cases[i].text), n);
	}
}

TEST(disasm_truncation)
{
	char buf[8];

	memset(buf, 'z', sizeof(buf));
	ASSERT_EQ(14, kvmppc_bt_disasm(0x7cb042a6u, 0, buf, sizeof(buf)));
	ASSERT_STREQ("mfspr r", buf);
	ASSERT_EQ(16, kvmppc_bt_disasm(0x12345678u, 0, buf, sizeof(buf)));
	ASSERT_STREQ(".long 0", buf);
	ASSERT_EQ(3, kvmppc_bt_disasm(0x60000000u, 0, NULL, 0));
	ASSERT_EQ(-1, kvmppc_bt_disasm(0x60000000u, 0, NULL, 4));
}

TEST(disasm_spr_names)
{
	ASSERT_STREQ("DEAR", kvmppc_bt_spr_name(61, 0));
	ASSERT_EQ(NULL, kvmppc_bt_spr_name(61, 1));
	ASSERT_STREQ("DAR", kvmppc_bt_spr_name(19, 1));
	ASSERT_EQ(NULL, kvmppc_bt_spr_name(19, 0));
	ASSERT_STREQ("PIR", kvmppc_bt_spr_name(286, 0));
	ASSERT_STREQ("PIR", kvmppc_bt_spr_name(1023, 1));
	ASSERT_EQ(NULL, kvmppc_bt_spr_name(1023, 0));
	ASSERT_EQ(NULL, kvmppc_bt_spr_name(286, 1));
	ASSERT_STREQ("SPRG7", kvmppc_bt_spr_name(279, 0));
	ASSERT_STREQ("SPRG4R", kvmppc_bt_spr_name(260, 0));
	ASSERT_STREQ("MAS7", kvmppc_bt_spr_name(944, 0));
	ASSERT_STREQ("TSR", kvmppc_bt_spr_name(336, 0));
	ASSERT_STREQ("FSCR", kvmppc_bt_spr_name(153, 1));
	ASSERT_STREQ("DSCR", kvmppc_bt_spr_name(17, 1));
	ASSERT_STREQ("SRR1", kvmppc_bt_spr_name(27, 1));
	ASSERT_EQ(NULL, kvmppc_bt_spr_name(0, 0));
}

/* Every replacement the translator makes reads as the load/store it is. */
TEST(disasm_xlate_replacements)
{
	static const struct {
		uint32_t insn;
		int flavour;
		const char *orig, *repl;
	} cases[] = {
		{ 0x7c8000a6u, KVMPPC_BT_BOOKE, "mfmsr r4", "lwz r4,-4004(0)" },
		{ 0x7c8000a6u, KVMPPC_BT_BOOK3S, "mfmsr r4", "ld r4,-4008(0)" },
		{ 0x7cb042a6u, KVMPPC_BT_BOOKE, "mfspr r5,SPRG0", "lwz r5,-4060(0)" },
		{ 0x7cb143a6u, KVMPPC_BT_BOOK3S, "mtspr SPRG1,r5", "std r5,-4056(0)" },
		{ 0x7cf203a6u, KVMPPC_BT_BOOK3S, "mtspr DSISR,r7", "stw r7,-4000(0)" },
		{ 0x7cdd0aa6u, KVMPPC_BT_BOOKE, "mfspr r6,DEAR", "lwz r6,-4012(0)" },
		{ 0x7cf0eaa6u, KVMPPC_BT_BOOKE, "mfspr r7,MAS7", "lwz r7,-3920(0)" },
		{ 0x7c00046cu, KVMPPC_BT_BOOK3S, "tlbsync", "stw r0,-224(0)" },
		{ 0x7c00046cu, KVMPPC_BT_BOOKE, "tlbsync", "stw r0,-224(0)" },
		{ 0x7d5c02a6u, KVMPPC_BT_BOOK3S, "mfspr r10,CFAR", "ld r10,-216(0)" },
		{ 0x7d3102a6u, KVMPPC_BT_BOOK3S, "mfspr r9,DSCR", "ld r9,-216(0)" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kvmppc_bt_xlate_ctx ctx = {
			.flavour = (u8)cases[i].flavour,
			.mode64 = true,
			.guest_le = true,
			.classes = KVMPPC_BT_CLASSES_ALL,
		};
		struct kvmppc_bt_rewrite rw = { 0 };
		int book3s = cases[i].flavour == KVMPPC_BT_BOOK3S;
		char buf[64];

		ASSERT_EQ(KVMPPC_BT_REASON_NONE, kvmppc_bt_xlate(&ctx, cases[i].insn, &rw));
		kvmppc_bt_disasm(cases[i].insn, book3s, buf, sizeof(buf));
		ASSERT_STREQ(cases[i].orig, buf);
		kvmppc_bt_disasm(rw.insn, book3s, buf, sizeof(buf));
		ASSERT_STREQ(cases[i].repl, buf);
	}
}

/* ---- profile files -------------------------------------------------------- */

#define HDR "# kvmppc-bt profile v1\n"
#define L1 "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr"
#define L2 "0xC000000000002FFC 0xFFFFFFFFFFFFFFFF 0x7C00046C tlbsync"

static int parse_str(const char *s, struct kvmppc_bt_profile_entry **e, size_t *n,
		     char *err, size_t errlen)
{
	*e = (void *)1;	/* must be overwritten on success, untouched otherwise */
	*n = 12345;
	err[0] = '\0';
	return kbt_profile_parse(s, strlen(s), e, n, err, errlen);
}

TEST(profile_good)
{
	struct kvmppc_bt_profile_entry *e;
	char err[160];
	size_t n;

	ASSERT_EQ(0, parse_str(HDR L1 "\n" L2 "\n", &e, &n, err, sizeof(err)));
	ASSERT_EQ(2, n);
	ASSERT_EQ(0xc0001000ull, e[0].ea);
	ASSERT_EQ(0x0123456789abcdefull, e[0].page_hash);
	ASSERT_EQ(0x7c8000a6u, e[0].insn);
	ASSERT_EQ(KVMPPC_BT_CLASS_MFMSR, e[0].class);
	ASSERT_EQ(0, e[0].pad[0] | e[0].pad[1] | e[0].pad[2]);
	ASSERT_EQ(0xc000000000002ffcull, e[1].ea);
	ASSERT_EQ(0xffffffffffffffffull, e[1].page_hash);
	ASSERT_EQ(0x7c00046cu, e[1].insn);
	ASSERT_EQ(KVMPPC_BT_CLASS_TLBSYNC, e[1].class);
	free(e);

	/* The last line may lack its newline. */
	ASSERT_EQ(0, parse_str(HDR L1 "\n" L2, &e, &n, err, sizeof(err)));
	ASSERT_EQ(2, n);
	ASSERT_EQ(KVMPPC_BT_CLASS_TLBSYNC, e[1].class);
	free(e);

	/* A header alone is an empty profile, with or without its newline. */
	ASSERT_EQ(0, parse_str(HDR, &e, &n, err, sizeof(err)));
	ASSERT_EQ(0, n);
	ASSERT_EQ(NULL, e);
	ASSERT_EQ(0, parse_str("# kvmppc-bt profile v1", &e, &n, err, sizeof(err)));
	ASSERT_EQ(0, n);
	ASSERT_EQ(NULL, e);
}

TEST(profile_many_entries)
{
	size_t i, n, len = 0, cap = 100 * 64 + 64;
	struct kvmppc_bt_profile_entry *e;
	char *text = malloc(cap), err[160];

	ASSERT_NE(NULL, text);
	len += snprintf(text + len, cap - len, HDR);
	for (i = 0; i < 100; i++)
		len += snprintf(text + len, cap - len, "0x%016llx 0x%016llx 0x%08x %s\n",
				0x1000ull + 4 * i, (unsigned long long)i, 0x7c00046cu, "tlbsync");
	ASSERT_EQ(0, kbt_profile_parse(text, len, &e, &n, err, sizeof(err)));
	ASSERT_EQ(100, n);
	ASSERT_EQ(0x1000ull + 4 * 99, e[99].ea);
	ASSERT_EQ(99, e[99].page_hash);
	free(e);
	free(text);
}

TEST(profile_bad)
{
	static const struct {
		const char *text;
		const char *err;
	} cases[] = {
		{ "", "line 1: empty file (want \"# kvmppc-bt profile v1\")" },
		{ "\n", "line 1: not a kvmppc-bt profile (want \"# kvmppc-bt profile v1\")" },
		{ "hello\n" L1 "\n", "line 1: not a kvmppc-bt profile (want \"# kvmppc-bt profile v1\")" },
		{ "# kvmppc-bt profile v2\n", "line 1: unsupported profile version (want \"# kvmppc-bt profile v1\")" },
		{ "# kvmppc-bt profile v1 \n", "line 1: unsupported profile version (want \"# kvmppc-bt profile v1\")" },
		{ L1 "\n", "line 1: not a kvmppc-bt profile (want \"# kvmppc-bt profile v1\")" },
		{ "# kvmppc-bt profile v1\r\n", "line 1: carriage return (DOS line ending)" },
		{ HDR L1 "\r\n", "line 2: carriage return (DOS line ending)" },
		{ HDR "\n" L1 "\n", "line 2: empty line" },
		{ HDR L1 "\n\n", "line 3: empty line" },
		{ HDR L1 "\n" L2 "\n\n", "line 4: empty line" },
		{ HDR "# a comment\n", "line 2: ea: want 0x and 16 hex digits" },
		{ HDR "0x0000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: ea: want 0x and 16 hex digits" },
		{ HDR "0x000000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: ea: want 0x and 16 hex digits" },
		{ HDR "00000000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: ea: want 0x and 16 hex digits" },
		{ HDR "0X00000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: ea: want 0x and 16 hex digits" },
		{ HDR "0x00000000c000100g 0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: ea: want 0x and 16 hex digits" },
		{ HDR " 0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: ea: want 0x and 16 hex digits" },
		{ HDR "0x00000000c0001000\t0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: want one space after ea" },
		{ HDR "0x00000000c0001000  0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: page_hash: want 0x and 16 hex digits" },
		{ HDR "0x00000000c0001000 0x0123456789abcde 0x7c8000a6 mfmsr\n",
		  "line 2: page_hash: want 0x and 16 hex digits" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a mfmsr\n",
		  "line 2: insn: want 0x and 8 hex digits" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x07c8000a6 mfmsr\n",
		  "line 2: insn: want 0x and 8 hex digits" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6\n",
		  "line 2: want one space after insn" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 \n",
		  "line 2: unknown class ''" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 bogus\n",
		  "line 2: unknown class 'bogus'" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr \n",
		  "line 2: unknown class 'mfmsr '" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 MFMSR\n",
		  "line 2: unknown class 'MFMSR'" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr,tlbsync\n",
		  "line 2: unknown class 'mfmsr,tlbsync'" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 all\n",
		  "line 2: unknown class 'all'" },
		{ HDR "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 \x01\x7f\n",
		  "line 2: unknown class '?\?'" },
		{ HDR "0x00000000c0001002 0x0123456789abcdef 0x7c8000a6 mfmsr\n",
		  "line 2: ea 0x00000000c0001002 is not word-aligned" },
		{ HDR L1 "\n" L2 "\n" "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr x\n",
		  "line 4: unknown class 'mfmsr x'" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kvmppc_bt_profile_entry *e;
		char err[160];
		size_t n;

		if (parse_str(cases[i].text, &e, &n, err, sizeof(err)) != -1 ||
		    strcmp(err, cases[i].err))
			TH_LOG("case %zu: got \"%s\", want \"%s\"", i, err, cases[i].err);
		ASSERT_EQ(-1, parse_str(cases[i].text, &e, &n, err, sizeof(err)));
		ASSERT_STREQ(cases[i].err, err);
		/* Outputs untouched on failure. */
		ASSERT_EQ((void *)1, e);
		ASSERT_EQ(12345, n);
	}
}

TEST(profile_nul_byte)
{
	static const char text[] = HDR "0x00000000c0001000 0x0123\0" "456789abcdef 0x7c8000a6 mfmsr\n";
	struct kvmppc_bt_profile_entry *e;
	char err[160];
	size_t n;

	ASSERT_EQ(-1, kbt_profile_parse(text, sizeof(text) - 1, &e, &n, err, sizeof(err)));
	ASSERT_STREQ("line 2: NUL byte", err);
}

TEST(profile_short_error_buffer)
{
	struct kvmppc_bt_profile_entry *e;
	char err[12];
	size_t n;

	ASSERT_EQ(-1, parse_str(HDR "x\n", &e, &n, err, sizeof(err)));
	ASSERT_STREQ("line 2: ea:", err);
}

TEST(profile_write_and_read_back)
{
	static const struct kvmppc_bt_profile_entry in[] = {
		{ .ea = 0xc0001000, .page_hash = 0x0123456789abcdefull, .insn = 0x7c8000a6,
		  .class = KVMPPC_BT_CLASS_MFMSR },
		{ .ea = 0xc000000000002ffcull, .page_hash = 0, .insn = 0x7cb143a6,
		  .class = KVMPPC_BT_CLASS_MTSPRG },
	};
	struct kvmppc_bt_profile_entry *e;
	struct capture c;
	char err[160], *out;
	size_t n;

	ASSERT_NE(NULL, capture_start(&c));
	ASSERT_EQ(0, kbt_profile_write(c.f, in, 2));
	out = capture_end(&c);
	ASSERT_STREQ(HDR
		     "0x00000000c0001000 0x0123456789abcdef 0x7c8000a6 mfmsr\n"
		     "0xc000000000002ffc 0x0000000000000000 0x7cb143a6 mtsprg\n", out);
	ASSERT_EQ(0, kbt_profile_parse(out, strlen(out), &e, &n, err, sizeof(err)));
	ASSERT_EQ(2, n);
	ASSERT_EQ(0, memcmp(in, e, sizeof(in)));
	free(e);
	free(out);

	/* No entries: the header alone. */
	ASSERT_NE(NULL, capture_start(&c));
	ASSERT_EQ(0, kbt_profile_write(c.f, NULL, 0));
	out = capture_end(&c);
	ASSERT_STREQ(HDR, out);
	free(out);
}

TEST(profile_write_unknown_class)
{
	struct kvmppc_bt_profile_entry in[2] = {
		{ .ea = 0x1000, .insn = 0x7c8000a6, .class = KVMPPC_BT_CLASS_MFMSR },
		{ .ea = 0x1004, .insn = 0x7c8000a6, .class = KVMPPC_BT_NR_CLASSES },
	};
	struct capture c;
	char *out;

	ASSERT_NE(NULL, capture_start(&c));
	ASSERT_EQ(-2, kbt_profile_write(c.f, in, 2));
	out = capture_end(&c);
	ASSERT_STREQ("", out);
	free(out);
}

TEST(profile_check_classes)
{
	struct kvmppc_bt_profile_entry e[3] = {
		{ .ea = 0x1000, .insn = 0x7c8000a6, .class = KVMPPC_BT_CLASS_MFMSR },
		{ .ea = 0x1004, .insn = 0x7c709aa6, .class = KVMPPC_BT_CLASS_MFMAS },
		{ .ea = 0x1008, .insn = 0x7c00046c, .class = KVMPPC_BT_CLASS_TLBSYNC },
	};
	char err[160];

	ASSERT_EQ(0, kbt_profile_check(e, 3, KVMPPC_BT_BOOKE, err, sizeof(err)));
	/* mfspr MAS0 is e500's only. */
	ASSERT_EQ(-1, kbt_profile_check(e, 3, KVMPPC_BT_BOOK3S, err, sizeof(err)));
	ASSERT_STREQ("line 3: instruction 0x7c709aa6 is not one kvmppc-bt rewrites on this host",
		     err);
	e[2].class = KVMPPC_BT_CLASS_MFMSR;
	ASSERT_EQ(-1, kbt_profile_check(e, 3, KVMPPC_BT_BOOKE, err, sizeof(err)));
	ASSERT_STREQ("line 4: instruction 0x7c00046c is of class tlbsync, not mfmsr", err);
	e[0].insn = 0x7c600124;	/* mtmsr r3 */
	ASSERT_EQ(-1, kbt_profile_check(e, 3, KVMPPC_BT_BOOKE, err, sizeof(err)));
	ASSERT_STREQ("line 2: instruction 0x7c600124 is not one kvmppc-bt rewrites on this host",
		     err);
	ASSERT_EQ(0, kbt_profile_check(e, 0, KVMPPC_BT_BOOKE, err, sizeof(err)));
}

/* ---- tables --------------------------------------------------------------- */

TEST(table_alignment)
{
	struct capture c;
	struct table t;
	char *out;

	ASSERT_EQ(0, table_init(&t, 3, "lrl"));
	ASSERT_EQ(0, table_addv(&t, "VM", "TRAPS", "STATE"));
	ASSERT_EQ(0, table_addv(&t, "12-5", "7", "patched"));
	ASSERT_EQ(0, table_addv(&t, "1-1", "123456", "-"));
	ASSERT_NE(NULL, capture_start(&c));
	ASSERT_EQ(0, table_print(&t, c.f));
	out = capture_end(&c);
	ASSERT_STREQ("VM     TRAPS  STATE\n"
		     "12-5       7  patched\n"
		     "1-1   123456  -\n", out);
	free(out);
	table_free(&t);

	ASSERT_EQ(-1, table_init(&t, 2, "l"));
	ASSERT_EQ(-1, table_init(&t, 2, "lx"));
	ASSERT_EQ(-1, table_init(&t, 0, ""));
	ASSERT_EQ(-1, table_init(&t, TABLE_MAX_COLS + 1, "lllllllllllll"));
}

TEST(table_many_rows)
{
	struct capture c;
	struct table t;
	char *out, num[16];
	int i;

	ASSERT_EQ(0, table_init(&t, 2, "ll"));
	for (i = 0; i < 100; i++) {
		snprintf(num, sizeof(num), "%d", i);
		ASSERT_EQ(0, table_addv(&t, num, "x"));
	}
	ASSERT_NE(NULL, capture_start(&c));
	ASSERT_EQ(0, table_print(&t, c.f));
	out = capture_end(&c);
	ASSERT_EQ(0, strncmp(out, "0   x\n1   x\n", 12));
	ASSERT_NE(NULL, strstr(out, "\n99  x\n"));
	free(out);
	table_free(&t);
}

TEST_HARNESS_MAIN
