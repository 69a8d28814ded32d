// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny streaming JSON writer (see json.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

static void put(struct json *j, const char *s)
{
	if (!j->error && fputs(s, j->f) == EOF)
		j->error = true;
}

static void indent(struct json *j, unsigned int depth)
{
	unsigned int i;

	put(j, "\n");
	for (i = 0; i < depth; i++)
		put(j, "  ");
}

int json_write_escaped(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (putc('"', f) == EOF)
		return -1;
	for (; *p; p++) {
		int r;

		switch (*p) {
		case '"':
			r = fputs("\\\"", f);
			break;
		case '\\':
			r = fputs("\\\\", f);
			break;
		case '\b':
			r = fputs("\\b", f);
			break;
		case '\f':
			r = fputs("\\f", f);
			break;
		case '\n':
			r = fputs("\\n", f);
			break;
		case '\r':
			r = fputs("\\r", f);
			break;
		case '\t':
			r = fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				r = fprintf(f, "\\u%04x", *p);
			else
				r = putc(*p, f);
			break;
		}
		if (r < 0)
			return -1;
	}
	return putc('"', f) == EOF ? -1 : 0;
}

/*
 * Start a value: the separator, the indentation and the key.  A key is
 * required inside an object and forbidden elsewhere.
 */
static bool value_start(struct json *j, const char *key)
{
	bool in_object = j->depth && j->in_object[j->depth - 1];

	if (j->error)
		return false;
	if (j->done || in_object != (key != NULL)) {
		j->error = true;
		return false;
	}
	if (j->depth) {
		if (j->has_items[j->depth - 1])
			put(j, ",");
		j->has_items[j->depth - 1] = true;
		indent(j, j->depth);
	}
	if (key) {
		if (json_write_escaped(j->f, key))
			j->error = true;
		put(j, ": ");
	}
	return !j->error;
}

/* A scalar at the top level is the whole document. */
static void value_end(struct json *j)
{
	if (!j->depth)
		j->done = true;
}

static void begin(struct json *j, const char *key, bool object)
{
	if (!value_start(j, key))
		return;
	if (j->depth == JSON_MAX_DEPTH) {
		j->error = true;
		return;
	}
	put(j, object ? "{" : "[");
	j->in_object[j->depth] = object;
	j->has_items[j->depth] = false;
	j->depth++;
}

static void end(struct json *j, bool object)
{
	if (j->error)
		return;
	if (!j->depth || j->in_object[j->depth - 1] != object) {
		j->error = true;
		return;
	}
	j->depth--;
	if (j->has_items[j->depth])
		indent(j, j->depth);
	put(j, object ? "}" : "]");
	value_end(j);
}

void json_begin_object(struct json *j, const char *key)
{
	begin(j, key, true);
}

void json_end_object(struct json *j)
{
	end(j, true);
}

void json_begin_array(struct json *j, const char *key)
{
	begin(j, key, false);
}

void json_end_array(struct json *j)
{
	end(j, false);
}

void json_string(struct json *j, const char *key, const char *val)
{
	if (!value_start(j, key))
		return;
	if (!val)
		put(j, "null");
	else if (json_write_escaped(j->f, val))
		j->error = true;
	value_end(j);
}

void json_stringf(struct json *j, const char *key, const char *fmt, ...)
{
	char small[128], *s = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		j->error = true;
		return;
	}
	if ((size_t)n >= sizeof(small)) {
		s = malloc((size_t)n + 1);
		if (!s) {
			j->error = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	json_string(j, key, s);
	if (s != small)
		free(s);
}

void json_uint(struct json *j, const char *key, uint64_t val)
{
	char num[24];

	if (!value_start(j, key))
		return;
	snprintf(num, sizeof(num), "%" PRIu64, val);
	put(j, num);
	value_end(j);
}

void json_int(struct json *j, const char *key, int64_t val)
{
	char num[24];

	if (!value_start(j, key))
		return;
	snprintf(num, sizeof(num), "%" PRId64, val);
	put(j, num);
	value_end(j);
}

void json_bool(struct json *j, const char *key, bool val)
{
	if (!value_start(j, key))
		return;
	put(j, val ? "true" : "false");
	value_end(j);
}

void json_null(struct json *j, const char *key)
{
	json_string(j, key, NULL);
}

int json_end(struct json *j)
{
	if (!j->error && (j->depth || !j->done))
		j->error = true;
	put(j, "\n");
	if (!j->error && fflush(j->f) == EOF)
		j->error = true;
	return j->error ? -1 : 0;
}
