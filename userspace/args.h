/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kvmppc-bt command line, parsed without side effects (testable).
 */
#ifndef KVMPPC_BT_CLI_ARGS_H
#define KVMPPC_BT_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlate.h"

/* Results of kbt_parse_args(), which are also the exit codes. */
#define KBT_OK		0	/* run it (or print help if .help) */
#define KBT_INVALID	1	/* well-formed but not acceptable: operational error */
#define KBT_USAGE	2	/* malformed command line */

#define KBT_THRESHOLD_MIN	1
#define KBT_THRESHOLD_MAX	1000000

enum kbt_cmd {
	KBT_CMD_NONE,		/* no command: the tool's usage */
	KBT_CMD_STATUS,
	KBT_CMD_VMS,
	KBT_CMD_SITES,
	KBT_CMD_SET,
	KBT_CMD_FLUSH,
	KBT_CMD_PROFILE,	/* "profile" without export/import (help only) */
	KBT_CMD_PROFILE_EXPORT,
	KBT_CMD_PROFILE_IMPORT,
};

/**
 * struct kbt_args - a parsed command line
 * @cmd: the command
 * @help: -h/--help was given: print @cmd's usage to stdout, exit 0
 * @json: --json was given
 * @has_vm: @vm is set (sites, flush, profile; set with --vm)
 * @vm: the VM
 * @param: set: KVMPPC_BT_PARAM_*
 * @value: set: the new value (threshold, 0/1, class mask)
 * @file: profile: the file
 * @err: the message when parsing did not return KBT_OK
 */
struct kbt_args {
	enum kbt_cmd cmd;
	bool help;
	bool json;
	bool has_vm;
	struct kvmppc_bt_vm_id vm;
	unsigned int param;
	uint64_t value;
	const char *file;
	char err[256];
};

/*
 * kbt_parse_args() - parse argv
 * Return: KBT_OK, KBT_USAGE or KBT_INVALID (with a message in @a->err).
 */
int kbt_parse_args(int argc, char *const argv[], struct kbt_args *a);

/* The usage text of @cmd (KBT_CMD_NONE: the whole tool). */
const char *kbt_usage(enum kbt_cmd cmd);

/* "<pid>-<vmfd>" or "vm-<pid>-<vmfd>". Return 0, or -1 if malformed. */
int kbt_parse_vm(const char *s, struct kvmppc_bt_vm_id *vm);

/* "<pid>-<vmfd>", always NUL-terminated. */
void kbt_format_vm(const struct kvmppc_bt_vm_id *vm, char *buf, size_t len);

/*
 * kbt_parse_threshold() - a threshold
 * Return: KBT_OK with @val set, KBT_INVALID for a decimal number outside
 * KBT_THRESHOLD_MIN..KBT_THRESHOLD_MAX (negative or huge too), KBT_USAGE
 * for anything that is not a decimal number.
 */
int kbt_parse_threshold(const char *s, uint64_t *val);

/*
 * kbt_format_classes() - a class mask as names: "mfmsr,tlbsync", "all",
 * "none"; bits without a name as "0x...".  Always NUL-terminated.
 */
void kbt_format_classes(uint32_t mask, char *buf, size_t len);

#endif
