/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text tables for the human-readable output: rows of strings, printed with
 * every column as wide as its widest cell, two spaces apart.
 */
#ifndef KVMPPC_BT_CLI_TABLE_H
#define KVMPPC_BT_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TABLE_MAX_COLS	12

struct table {
	size_t ncols;
	bool right[TABLE_MAX_COLS];	/* right-aligned (numbers) */
	size_t width[TABLE_MAX_COLS];
	size_t nrows, cap;
	char **cells;			/* nrows * ncols copies */
};

/*
 * table_init() - a table of @ncols columns
 * @align: one character per column, 'l' or 'r'
 * Return: 0, or -1 (bad arguments).
 */
int table_init(struct table *t, size_t ncols, const char *align);
/* Add a row of exactly ncols strings. Return 0, or -1 (out of memory). */
int table_add(struct table *t, const char *const *cells);
/* Add a row from printf-style cells: each argument is one cell string. */
int table_addv(struct table *t, ...);
/* Print every row. Return 0, or -1 on a write error. */
int table_print(const struct table *t, FILE *f);
void table_free(struct table *t);

#endif
