// SPDX-License-Identifier: GPL-2.0
/*
 * Warm-start profile files (see profile.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static int perr(char *err, size_t errlen, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int perr(char *err, size_t errlen, size_t line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!errlen)
		return -1;
	n = snprintf(err, errlen, "line %zu: ", line);
	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * "0x" and exactly @digits hex digits at *@p, before @end.
 * Return: 0 with *@p past them, or -1.
 */
static int hexfield(const char **p, const char *end, unsigned int digits, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;
	unsigned int i;

	if (end - s < 2 + (long)digits || s[0] != '0' || s[1] != 'x')
		return -1;
	for (i = 0; i < digits; i++) {
		int d = hexval(s[2 + i]);

		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*p = s + 2 + digits;
	if (*p < end && hexval(**p) >= 0)
		return -1;	/* too many digits */
	*val = v;
	return 0;
}

/* Quote at most 32 characters of a bad token, non-printables as '?'. */
static void quote(const char *s, size_t n, char *buf, size_t len)
{
	size_t i, k = 0;

	if (n > 32)
		n = 32;
	for (i = 0; i < n && k + 1 < len; i++)
		buf[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	buf[k] = '\0';
}

static int parse_entry(const char *p, const char *eol, size_t line,
		       struct kvmppc_bt_profile_entry *e, char *err, size_t errlen)
{
	static const char *const what[3] = { "ea", "page_hash", "insn" };
	static const unsigned int digits[3] = { 16, 16, 8 };
	uint64_t v[3];
	unsigned int f, c;
	char bad[40];

	for (f = 0; f < 3; f++) {
		if (hexfield(&p, eol, digits[f], &v[f]))
			return perr(err, errlen, line, "%s: want 0x and %u hex digits",
				    what[f], digits[f]);
		if (p == eol || *p != ' ')
			return perr(err, errlen, line, "want one space after %s", what[f]);
		p++;
	}
	for (c = 0; c < KVMPPC_BT_NR_CLASSES; c++) {
		const char *name = kvmppc_bt_class_name(c);

		if (strlen(name) == (size_t)(eol - p) && !memcmp(p, name, eol - p))
			break;
	}
	if (c == KVMPPC_BT_NR_CLASSES) {
		quote(p, (size_t)(eol - p), bad, sizeof(bad));
		return perr(err, errlen, line, "unknown class '%s'", bad);
	}
	if (v[0] & 3)
		return perr(err, errlen, line, "ea 0x%016llx is not word-aligned",
			    (unsigned long long)v[0]);
	memset(e, 0, sizeof(*e));
	e->ea = v[0];
	e->page_hash = v[1];
	e->insn = (uint32_t)v[2];
	e->class = (uint8_t)c;
	return 0;
}

int kbt_profile_parse(const char *text, size_t len,
		      struct kvmppc_bt_profile_entry **entries, size_t *count,
		      char *err, size_t errlen)
{
	struct kvmppc_bt_profile_entry *e = NULL;
	const char *p = text, *end = text + len;
	size_t n = 0, cap = 0, line;

	if (!len)
		return perr(err, errlen, 1, "empty file (want \"%s\")", KBT_PROFILE_HEADER);
	for (line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if (memchr(p, '\0', (size_t)(eol - p))) {
			perr(err, errlen, line, "NUL byte");
			goto fail;
		}
		if (eol > p && eol[-1] == '\r') {
			perr(err, errlen, line, "carriage return (DOS line ending)");
			goto fail;
		}
		if (line == 1) {
			size_t hl = strlen(KBT_PROFILE_HEADER);
			const char *v = "# kvmppc-bt profile v";

			if ((size_t)(eol - p) == hl && !memcmp(p, KBT_PROFILE_HEADER, hl)) {
				/* ok */
			} else if ((size_t)(eol - p) > strlen(v) && !memcmp(p, v, strlen(v))) {
				perr(err, errlen, line, "unsupported profile version (want \"%s\")",
				     KBT_PROFILE_HEADER);
				goto fail;
			} else {
				perr(err, errlen, line, "not a kvmppc-bt profile (want \"%s\")",
				     KBT_PROFILE_HEADER);
				goto fail;
			}
		} else if (p == eol) {
			perr(err, errlen, line, "empty line");
			goto fail;
		} else {
			if (n == cap) {
				size_t ncap = cap ? 2 * cap : 64;
				struct kvmppc_bt_profile_entry *ne;

				if (ncap > SIZE_MAX / sizeof(*e) || n >= UINT32_MAX) {
					perr(err, errlen, line, "too many entries");
					goto fail;
				}
				ne = realloc(e, ncap * sizeof(*e));
				if (!ne) {
					perr(err, errlen, line, "out of memory");
					goto fail;
				}
				e = ne;
				cap = ncap;
			}
			if (parse_entry(p, eol, line, &e[n], err, errlen))
				goto fail;
			n++;
		}
		p = nl ? nl + 1 : end;
	}
	*entries = e;
	*count = n;
	return 0;
fail:
	free(e);
	return -1;
}

int kbt_profile_check(const struct kvmppc_bt_profile_entry *entries, size_t count,
		      unsigned int flavour, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < count; i++) {
		const struct kvmppc_bt_profile_entry *e = &entries[i];
		int c = kvmppc_bt_insn_class((u8)flavour, e->insn);

		if (c < 0)
			return perr(err, errlen, i + 2,
				    "instruction 0x%08x is not one kvmppc-bt rewrites on this host",
				    (unsigned int)e->insn);
		if (c != e->class)
			return perr(err, errlen, i + 2,
				    "instruction 0x%08x is of class %s, not %s",
				    (unsigned int)e->insn, kvmppc_bt_class_name((unsigned int)c),
				    kvmppc_bt_class_name(e->class));
	}
	return 0;
}

int kbt_profile_write(FILE *f, const struct kvmppc_bt_profile_entry *entries,
		      size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (entries[i].class >= KVMPPC_BT_NR_CLASSES)
			return -2;
	if (fprintf(f, "%s\n", KBT_PROFILE_HEADER) < 0)
		return -1;
	for (i = 0; i < count; i++) {
		const struct kvmppc_bt_profile_entry *e = &entries[i];

		if (fprintf(f, "0x%016llx 0x%016llx 0x%08x %s\n",
			    (unsigned long long)e->ea, (unsigned long long)e->page_hash,
			    (unsigned int)e->insn, kvmppc_bt_class_name(e->class)) < 0)
			return -1;
	}
	return 0;
}
