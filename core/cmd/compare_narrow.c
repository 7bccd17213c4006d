/*
 * compare_narrow.c: the matrix of `sandbox compare` for a narrow terminal
 * (100 columns): a block for each group of checks, a line for each
 * backend or peer in it, a column for each check, named by the end of
 * its id (the titles said once above); a group too wide for the terminal
 * is cut into as many blocks as it takes.
 */
#include <stdio.h>
#include <string.h>

#include <bsd/string.h>

#include "compare.h"

#define LINE	1024

/* A check's column header: its id less the group's word ("ptrace"). */
static const char *
head(const struct row *rw)
{
	const char *dot = strchr(rw->id, '.');

	/* keyring.user reads better whole than as "user". */
	if (strncmp(rw->id, "keyring.", 8) == 0 || dot == NULL)
		return rw->id;
	return dot + 1;
}

static int
name_width(const struct compare *c)
{
	size_t j, w = 0;

	for (j = 0; j < c->ncols; j++)
		if (strlen(c->cols[j].name) > w)
			w = strlen(c->cols[j].name);
	return (int)w;
}

static int
check_width(const struct compare *c, size_t i)
{
	char buf[64];
	size_t j, w = strlen(head(&compare_rows[i]));

	for (j = 0; j < c->ncols; j++)
		if (strlen(compare_cell_text(c, i, j, buf, sizeof(buf))) > w)
			w = strlen(buf);
	return (int)w;
}

/* Print a line without its trailing blanks. */
static void
put(char *line)
{
	size_t n = strlen(line);

	while (n > 0 && line[n - 1] == ' ')
		line[--n] = '\0';
	printf("%s\n", line);
}

/* Rows [from, to) as columns: a header line, then a line a backend. */
static void
block(const struct compare *c, size_t from, size_t to, int nw)
{
	char line[LINE], buf[64];
	size_t i, j;
	int len;

	len = snprintf(line, sizeof(line), "  %-*s", nw, "");
	for (i = from; i < to; i++)
		len += snprintf(line + len, sizeof(line) - len, " %-*s",
		    check_width(c, i), head(&compare_rows[i]));
	put(line);
	for (j = 0; j < c->ncols; j++) {
		len = snprintf(line, sizeof(line), "  %-*s", nw,
		    c->cols[j].name);
		for (i = from; i < to && len < LINE; i++)
			len += snprintf(line + len, sizeof(line) - len,
			    " %-*s", check_width(c, i),
			    compare_cell_text(c, i, j, buf, sizeof(buf)));
		put(line);
	}
}

/* The group starting at row i: its titles, then its blocks. */
static size_t
group(const struct compare *c, size_t i, int width, int nw)
{
	const char *g = compare_rows[i].group;
	size_t end, k, from;
	int w;

	for (end = i; end < compare_nrows &&
	    strcmp(compare_rows[end].group, g) == 0; end++)
		;
	printf("\n[%s]\n", g);
	for (k = i; k < end; k++)
		printf("  %s: %s\n", head(&compare_rows[k]),
		    compare_rows[k].title);
	for (from = k = i; k < end; from = k) {
		/* As many checks as fit; at least one. */
		w = 2 + nw + 1 + check_width(c, k++);
		while (k < end && w + 1 + check_width(c, k) <= width)
			w += 1 + check_width(c, k++);
		block(c, from, k, nw);
	}
	return end;
}

void
compare_print_narrow(const struct compare *c, int width)
{
	size_t i = 0;
	int nw = name_width(c);

	printf("can the confined program... (a block a group of checks, "
	    "a line a backend)\n");
	while (i < compare_nrows)
		i = group(c, i, width, nw);
	compare_print_legend(c, width);
}
