/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny streaming JSON writer: one document, nested objects and arrays,
 * strings escaped per RFC 8259, integers as JSON numbers, indented output.
 *
 * Inside an object every value takes a key; at the top level and inside an
 * array the key must be NULL.  Misuse and write errors are remembered and
 * reported by json_end().
 */
#ifndef KVMPPC_BT_CLI_JSON_H
#define KVMPPC_BT_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *f;
	unsigned int depth;		/* open containers */
	bool in_object[JSON_MAX_DEPTH];	/* per level: object (or array) */
	bool has_items[JSON_MAX_DEPTH];	/* per level: a value was written */
	bool done;			/* the top-level value is complete */
	bool error;			/* misuse or a write error */
};

void json_init(struct json *j, FILE *f);
void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
/* A string value; NULL writes null. */
void json_string(struct json *j, const char *key, const char *val);
void json_stringf(struct json *j, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void json_uint(struct json *j, const char *key, uint64_t val);
void json_int(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
/*
 * json_end() - finish the document with a newline
 * Return: 0, or -1 if it is incomplete, was misused or could not be written.
 */
int json_end(struct json *j);

/* Write @s as a JSON string literal (quotes included). Return 0 or -1. */
int json_write_escaped(FILE *f, const char *s);

#endif
