/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Warm-start profile files: a text file, first line "# kvmppc-bt profile v1",
 * then one entry per line:
 *
 *   0x%016llx 0x%016llx 0x%08x <class>      (ea page_hash insn class)
 *
 * single spaces, lowercase or uppercase hex digits, a class name of
 * module/xlate.c.  The last line may lack its newline; nothing else (no
 * blank lines, comments, carriage returns, extra spaces) is accepted.
 */
#ifndef KVMPPC_BT_CLI_PROFILE_H
#define KVMPPC_BT_CLI_PROFILE_H

#include <stddef.h>
#include <stdio.h>

#include "xlate.h"

#define KBT_PROFILE_HEADER	"# kvmppc-bt profile v1"

/*
 * kbt_profile_parse() - parse a profile held in memory
 * @text, @len: the file's contents (need not be NUL-terminated)
 * @entries: out: a malloc()ed array (NULL when there are none)
 * @count: out: its length
 * @err, @errlen: out: "line N: ..." when parsing fails
 * Return: 0, or -1 (nothing allocated).
 */
int kbt_profile_parse(const char *text, size_t len,
		      struct kvmppc_bt_profile_entry **entries, size_t *count,
		      char *err, size_t errlen);

/*
 * kbt_profile_check() - check each entry's class against its instruction
 * @flavour: enum kvmppc_bt_flavour of the host
 * Return: 0, or -1 with "line N: ..." (the line of that entry) in @err.
 */
int kbt_profile_check(const struct kvmppc_bt_profile_entry *entries, size_t count,
		      unsigned int flavour, char *err, size_t errlen);

/*
 * kbt_profile_write() - write a profile
 * Return: 0, -1 with errno set on a write error, or -2 when an entry's
 * class has no name (nothing is written then).
 */
int kbt_profile_write(FILE *f, const struct kvmppc_bt_profile_entry *entries,
		      size_t count);

#endif
