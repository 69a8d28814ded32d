// SPDX-License-Identifier: GPL-2.0
/*
 * Aligned text tables (see table.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

int table_init(struct table *t, size_t ncols, const char *align)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	if (!ncols || ncols > TABLE_MAX_COLS || !align || strlen(align) != ncols)
		return -1;
	t->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		if (align[i] != 'l' && align[i] != 'r')
			return -1;
		t->right[i] = align[i] == 'r';
	}
	return 0;
}

int table_add(struct table *t, const char *const *cells)
{
	size_t i, base;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		char **p;

		if (cap > SIZE_MAX / sizeof(*p) / t->ncols)
			return -1;
		p = realloc(t->cells, cap * t->ncols * sizeof(*p));
		if (!p)
			return -1;
		t->cells = p;
		t->cap = cap;
	}
	base = t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		t->cells[base + i] = strdup(cells[i] ? cells[i] : "");
		if (!t->cells[base + i]) {
			while (i--)
				free(t->cells[base + i]);
			return -1;
		}
	}
	for (i = 0; i < t->ncols; i++) {
		size_t w = strlen(t->cells[base + i]);

		if (w > t->width[i])
			t->width[i] = w;
	}
	t->nrows++;
	return 0;
}

int table_addv(struct table *t, ...)
{
	const char *cells[TABLE_MAX_COLS];
	va_list ap;
	size_t i;

	va_start(ap, t);
	for (i = 0; i < t->ncols; i++)
		cells[i] = va_arg(ap, const char *);
	va_end(ap);
	return table_add(t, cells);
}

int table_print(const struct table *t, FILE *f)
{
	size_t r, c;

	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			int w = (int)t->width[c];
			int n;

			if (t->right[c])
				n = fprintf(f, "%s%*s", c ? "  " : "", w, s);
			else if (c == t->ncols - 1)
				n = fprintf(f, "%s%s", c ? "  " : "", s);
			else
				n = fprintf(f, "%s%-*s", c ? "  " : "", w, s);
			if (n < 0)
				return -1;
		}
		if (putc('\n', f) == EOF)
			return -1;
	}
	return 0;
}

void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}
