// SPDX-License-Identifier: GPL-2.0
/*
 * The kvmppc-bt command line (see args.h and kvmppc-bt(8)).
 *
 *   kvmppc-bt [--json] COMMAND [ARGS...]
 *
 * --json and -h/--help are accepted anywhere after the command name (and
 * before it); "set" also takes --vm VM (or --vm=VM) anywhere.  "--" ends
 * the options.  An argument that starts with '-' and a digit is an operand
 * (so "set threshold -5" is a threshold out of range, not an option).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args.h"

/* The most operands any command takes ("profile export VM FILE"). */
#define MAX_OPERANDS	3

static const struct {
	const char *name;
	enum kbt_cmd cmd;
} commands[] = {
	{ "status", KBT_CMD_STATUS },
	{ "vms", KBT_CMD_VMS },
	{ "sites", KBT_CMD_SITES },
	{ "set", KBT_CMD_SET },
	{ "flush", KBT_CMD_FLUSH },
	{ "profile", KBT_CMD_PROFILE },
};

static const char usage_tool[] =
	"Usage: kvmppc-bt [--json] COMMAND [ARGS...]\n"
	"\n"
	"Inspect and control kvmppc-bt, the PowerPC KVM hot-trap rewriter\n"
	"(the kvmppc_bt module, through /dev/kvmppc-bt).\n"
	"\n"
	"Commands:\n"
	"  status                           module version, features, global counters\n"
	"  vms                              the VMs kvmppc-bt tracks, one per line\n"
	"  sites VM                         every site of a VM's translation cache\n"
	"  set [--vm VM] threshold N        patch a site after N traps (1..1000000)\n"
	"  set [--vm VM] enable | disable   switch patching on or off\n"
	"  set [--vm VM] classes LIST       the instruction classes to patch\n"
	"  flush VM                         restore a VM's patched words, start over\n"
	"  profile export VM FILE           save a VM's hot sites to FILE\n"
	"  profile import VM FILE           warm-start a VM from FILE\n"
	"\n"
	"Options (anywhere after the command):\n"
	"  --json        print one JSON document on stdout\n"
	"  -h, --help    print this help, or the help of a command\n"
	"\n"
	"VM is <pid>-<vmfd> (or vm-<pid>-<vmfd>), the name of KVM's debugfs directory.\n"
	"Exit status: 0 success, 1 operational error, 2 usage error.\n"
	"See kvmppc-bt(8).\n";

static const char usage_status[] =
	"Usage: kvmppc-bt status [--json]\n"
	"\n"
	"Print the module and ABI versions, the module's features, the number of\n"
	"VMs and the global counters (the sums since the module was loaded).\n";

static const char usage_vms[] =
	"Usage: kvmppc-bt vms [--json]\n"
	"\n"
	"Print one line per VM: its id, vcpus, whether patching is enabled, its\n"
	"threshold and class mask, its sites, patched sites and traps.\n";

static const char usage_sites[] =
	"Usage: kvmppc-bt sites [--json] VM\n"
	"\n"
	"Print every site of VM's translation cache: guest effective and physical\n"
	"address, the trapping word and its disassembly, the replacement and its\n"
	"disassembly, the class, the state, the traps counted and the reason a\n"
	"hot site is not patched.\n"
	"\n"
	"VM is <pid>-<vmfd> (or vm-<pid>-<vmfd>).\n";

static const char usage_set_head[] =
	"Usage: kvmppc-bt set [--json] [--vm VM] threshold N\n"
	"       kvmppc-bt set [--json] [--vm VM] enable | disable\n"
	"       kvmppc-bt set [--json] [--vm VM] classes LIST\n"
	"\n"
	"Change a setting of VM (--vm VM), or the global one without --vm.\n"
	"Needs CAP_SYS_ADMIN.\n"
	"\n"
	"  threshold N    patch a site once it trapped N times, 1..1000000\n"
	"  enable         patch hot sites\n"
	"  disable        stop patching (patched words stay; see flush)\n"
	"  classes LIST   the classes to patch: names separated by commas, \"all\",\n"
	"                 \"none\", or a mask (decimal or 0x...).  Classes:\n"
	"                ";

static const char usage_flush[] =
	"Usage: kvmppc-bt flush [--json] VM\n"
	"\n"
	"Restore every word patched in VM and empty its translation cache.\n"
	"Needs CAP_SYS_ADMIN.\n";

static const char usage_profile[] =
	"Usage: kvmppc-bt profile export [--json] VM FILE\n"
	"       kvmppc-bt profile import [--json] VM FILE\n"
	"\n"
	"export: write VM's hot sites to FILE, a text file:\n"
	"  # kvmppc-bt profile v1\n"
	"  <ea> <page_hash> <insn> <class>     (one site per line)\n"
	"import: read FILE (strictly checked) and give it to VM as a warm-start\n"
	"profile.  Needs CAP_SYS_ADMIN.\n";

const char *kbt_usage(enum kbt_cmd cmd)
{
	static char set_buf[sizeof(usage_set_head) + 512];
	size_t n, col;
	unsigned int c;

	switch (cmd) {
	case KBT_CMD_NONE:
		return usage_tool;
	case KBT_CMD_STATUS:
		return usage_status;
	case KBT_CMD_VMS:
		return usage_vms;
	case KBT_CMD_SITES:
		return usage_sites;
	case KBT_CMD_SET:
		/* The class names come from the module's own table. */
		n = (size_t)snprintf(set_buf, sizeof(set_buf), "%s", usage_set_head);
		col = 16;
		for (c = 0; c < KVMPPC_BT_NR_CLASSES && n < sizeof(set_buf); c++) {
			const char *name = kvmppc_bt_class_name(c);

			if (col + 1 + strlen(name) > 76) {
				n += (size_t)snprintf(set_buf + n, sizeof(set_buf) - n,
						      "\n                ");
				col = 16;
				if (n >= sizeof(set_buf))
					break;
			}
			n += (size_t)snprintf(set_buf + n, sizeof(set_buf) - n, " %s", name);
			col += 1 + strlen(name);
		}
		if (n < sizeof(set_buf))
			snprintf(set_buf + n, sizeof(set_buf) - n, "\n");
		return set_buf;
	case KBT_CMD_FLUSH:
		return usage_flush;
	case KBT_CMD_PROFILE:
	case KBT_CMD_PROFILE_EXPORT:
	case KBT_CMD_PROFILE_IMPORT:
		return usage_profile;
	}
	return usage_tool;
}

static int fail(struct kbt_args *a, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct kbt_args *a, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->err, sizeof(a->err), fmt, ap);
	va_end(ap);
	return rc;
}

/* A decimal number that fits an __s32 and is not negative. */
static int parse_s32(const char *s, size_t len, int32_t *val)
{
	int64_t v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > INT32_MAX)
			return -1;
	}
	*val = (int32_t)v;
	return 0;
}

int kbt_parse_vm(const char *s, struct kvmppc_bt_vm_id *vm)
{
	const char *dash;
	int32_t pid, vmfd;

	if (!strncmp(s, "vm-", 3))
		s += 3;
	dash = strchr(s, '-');
	if (!dash)
		return -1;
	if (parse_s32(s, (size_t)(dash - s), &pid) ||
	    parse_s32(dash + 1, strlen(dash + 1), &vmfd))
		return -1;
	vm->pid = pid;
	vm->vmfd = vmfd;
	return 0;
}

void kbt_format_vm(const struct kvmppc_bt_vm_id *vm, char *buf, size_t len)
{
	snprintf(buf, len, "%d-%d", (int)vm->pid, (int)vm->vmfd);
}

int kbt_parse_threshold(const char *s, uint64_t *val)
{
	const char *p = s;
	bool negative = false, huge = false;
	uint64_t v = 0;

	if (*p == '-') {
		negative = true;
		p++;
	}
	if (!*p)
		return KBT_USAGE;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return KBT_USAGE;
		if (v > KBT_THRESHOLD_MAX)
			huge = true;	/* keep checking the syntax */
		else
			v = v * 10 + (uint64_t)(*p - '0');
	}
	if (negative || huge || v < KBT_THRESHOLD_MIN || v > KBT_THRESHOLD_MAX)
		return KBT_INVALID;
	*val = v;
	return KBT_OK;
}

void kbt_format_classes(uint32_t mask, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int c;

	if (!len)
		return;
	buf[0] = '\0';
	if (mask == KVMPPC_BT_CLASSES_ALL) {
		snprintf(buf, len, "all");
		return;
	}
	if (!mask) {
		snprintf(buf, len, "none");
		return;
	}
	for (c = 0; c < KVMPPC_BT_NR_CLASSES && n < len; c++)
		if (mask & (1u << c))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "",
					      kvmppc_bt_class_name(c));
	if ((mask & ~KVMPPC_BT_CLASSES_ALL) && n < len)
		snprintf(buf + n, len - n, "%s0x%x", n ? "," : "",
			 (unsigned int)(mask & ~KVMPPC_BT_CLASSES_ALL));
}

/* An option, as opposed to an operand such as "-" or "-5". */
static bool is_option(const char *s)
{
	return s[0] == '-' && s[1] && !(s[1] >= '0' && s[1] <= '9');
}

static const char *cmd_name(enum kbt_cmd cmd)
{
	switch (cmd) {
	case KBT_CMD_PROFILE_EXPORT:
		return "profile export";
	case KBT_CMD_PROFILE_IMPORT:
		return "profile import";
	default:
		break;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].cmd == cmd)
			return commands[i].name;
	return "kvmppc-bt";
}

static int want_operands(struct kbt_args *a, size_t have, size_t want, const char *what)
{
	if (have < want)
		return fail(a, KBT_USAGE, "%s: missing %s", cmd_name(a->cmd), what);
	if (have > want)
		return fail(a, KBT_USAGE, "%s: too many arguments", cmd_name(a->cmd));
	return KBT_OK;
}

static int vm_operand(struct kbt_args *a, const char *s)
{
	if (kbt_parse_vm(s, &a->vm))
		return fail(a, KBT_USAGE,
			    "%s: malformed VM '%s' (want <pid>-<vmfd> or vm-<pid>-<vmfd>)",
			    cmd_name(a->cmd), s);
	a->has_vm = true;
	return KBT_OK;
}

static int parse_set(struct kbt_args *a, const char *const *op, size_t nop)
{
	uint32_t mask;
	int rc;

	if (!nop)
		return fail(a, KBT_USAGE,
			    "set: missing setting (threshold, enable, disable or classes)");
	if (!strcmp(op[0], "threshold")) {
		rc = want_operands(a, nop, 2, "the threshold value");
		if (rc)
			return rc;
		a->param = KVMPPC_BT_PARAM_THRESHOLD;
		rc = kbt_parse_threshold(op[1], &a->value);
		if (rc == KBT_USAGE)
			return fail(a, rc, "set threshold: '%s' is not a decimal number", op[1]);
		if (rc == KBT_INVALID)
			return fail(a, rc, "set threshold: %s is out of range (%d..%d)", op[1],
				    KBT_THRESHOLD_MIN, KBT_THRESHOLD_MAX);
		return KBT_OK;
	}
	if (!strcmp(op[0], "enable") || !strcmp(op[0], "disable")) {
		rc = want_operands(a, nop, 1, "nothing");
		if (rc)
			return rc;
		a->param = KVMPPC_BT_PARAM_ENABLED;
		a->value = op[0][0] == 'e';
		return KBT_OK;
	}
	if (!strcmp(op[0], "classes")) {
		rc = want_operands(a, nop, 2, "the class list");
		if (rc)
			return rc;
		if (kvmppc_bt_parse_classes(op[1], &mask))
			return fail(a, KBT_USAGE,
				    "set classes: invalid class list '%s' (class names separated by commas, all, none, or a mask)",
				    op[1]);
		a->param = KVMPPC_BT_PARAM_CLASSES;
		a->value = mask;
		return KBT_OK;
	}
	return fail(a, KBT_USAGE,
		    "set: unknown setting '%s' (threshold, enable, disable or classes)", op[0]);
}

/*
 * @nop counts every operand, but only the first MAX_OPERANDS are in @op:
 * an operand is read only once the count is known to be small enough.
 */
static int parse_operands(struct kbt_args *a, const char *const *op, size_t nop)
{
	int rc;

	switch (a->cmd) {
	case KBT_CMD_STATUS:
	case KBT_CMD_VMS:
		return want_operands(a, nop, 0, "nothing");
	case KBT_CMD_SITES:
	case KBT_CMD_FLUSH:
		rc = want_operands(a, nop, 1, "the VM");
		return rc ? rc : vm_operand(a, op[0]);
	case KBT_CMD_SET:
		return parse_set(a, op, nop);
	case KBT_CMD_PROFILE:
		if (!nop)
			return fail(a, KBT_USAGE, "profile: missing 'export' or 'import'");
		if (!strcmp(op[0], "export"))
			a->cmd = KBT_CMD_PROFILE_EXPORT;
		else if (!strcmp(op[0], "import"))
			a->cmd = KBT_CMD_PROFILE_IMPORT;
		else
			return fail(a, KBT_USAGE,
				    "profile: unknown subcommand '%s' (export or import)", op[0]);
		if (nop < 2)
			return fail(a, KBT_USAGE, "%s: missing the VM", cmd_name(a->cmd));
		rc = want_operands(a, nop, 3, "the file");
		if (rc)
			return rc;
		rc = vm_operand(a, op[1]);
		if (rc)
			return rc;
		if (!op[2][0])
			return fail(a, KBT_USAGE, "%s: empty file name", cmd_name(a->cmd));
		a->file = op[2];
		return KBT_OK;
	default:
		return fail(a, KBT_USAGE, "no command");
	}
}

int kbt_parse_args(int argc, char *const argv[], struct kbt_args *a)
{
	const char *op[MAX_OPERANDS];
	const char *vm_opt = NULL;
	size_t nop = 0;
	bool options = true;
	int i;

	memset(a, 0, sizeof(*a));

	/* Options before the command. */
	for (i = 1; i < argc && options && is_option(argv[i]); i++) {
		if (!strcmp(argv[i], "--"))
			options = false;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			a->help = true;
		else if (!strcmp(argv[i], "--json"))
			a->json = true;
		else
			return fail(a, KBT_USAGE, "unknown option '%s'", argv[i]);
	}
	if (a->help)
		return KBT_OK;	/* the tool's help, whatever follows */
	if (i >= argc)
		return fail(a, KBT_USAGE, "no command given");
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (!strcmp(argv[i], commands[k].name))
			a->cmd = commands[k].cmd;
	if (a->cmd == KBT_CMD_NONE)
		return fail(a, KBT_USAGE, "unknown command '%s'", argv[i]);

	/* Options and operands after it, in any order. */
	for (i++; i < argc; i++) {
		const char *s = argv[i];

		if (!options || !is_option(s)) {
			/* Keep the first few; the count says if there were more. */
			if (nop < MAX_OPERANDS)
				op[nop] = s;
			nop++;
		} else if (!strcmp(s, "--")) {
			options = false;
		} else if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
			a->help = true;
		} else if (!strcmp(s, "--json")) {
			a->json = true;
		} else if (a->cmd == KBT_CMD_SET &&
			   (!strcmp(s, "--vm") || !strncmp(s, "--vm=", 5))) {
			if (vm_opt)
				return fail(a, KBT_USAGE, "set: --vm given twice");
			if (s[4] == '=')
				vm_opt = s + 5;
			else if (i + 1 < argc)
				vm_opt = argv[++i];
			else
				return fail(a, KBT_USAGE, "set: --vm needs a VM");
		} else {
			return fail(a, KBT_USAGE, "%s: unknown option '%s'", cmd_name(a->cmd), s);
		}
	}

	if (a->help) {
		/* Help wins over the operands, which are not checked. */
		if (a->cmd == KBT_CMD_PROFILE && nop && !strcmp(op[0], "export"))
			a->cmd = KBT_CMD_PROFILE_EXPORT;
		else if (a->cmd == KBT_CMD_PROFILE && nop && !strcmp(op[0], "import"))
			a->cmd = KBT_CMD_PROFILE_IMPORT;
		return KBT_OK;
	}
	if (vm_opt) {
		int rc = vm_operand(a, vm_opt);

		if (rc)
			return rc;
	}
	return parse_operands(a, op, nop);
}
