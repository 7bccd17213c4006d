/*
 * compare_print.c: the matrix of `sandbox compare` as the wide table and
 * as JSON, and what both text views share: the cells, the notes that say
 * why a refusal its error does not explain, the legend under the table.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <bsd/string.h>

#include "compare.h"

/* " (exit N)", " (SIGNAME)" or " (timed out)". */
static void
short_status(int status, char *buf, size_t len)
{
	char st[64];

	ms_status_text(status, st, sizeof(st));
	snprintf(buf, len, " (%s)", strncmp(st, "killed by ", 10) == 0 ?
	    st + 10 : st);
}

/* The legend's width: 0 (the wide table), or lines are folded to it. */
static int	 fold_width;

/*
 * Print one entry of the legend, folded at blanks to fold_width, the
 * lines after the first indented by indent. A word longer than a line
 * (a path) stays whole.
 */
static void
out(const char *s, int indent)
{
	int col = 0, w;
	const char *p = s, *q;

	if (fold_width <= 0) {
		printf("%s\n", s);
		return;
	}
	while (*p != '\0') {
		q = p + strcspn(p, " ");
		w = (int)(q - p);
		if (col > indent && col + 1 + w > fold_width) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (p != s) {
			putchar(' ');
			col++;
		}
		printf("%.*s", w, p);
		col += w;
		p = *q == ' ' ? q + 1 : q;
		/* Blanks that pad up to the indent (an aligned name) stay. */
		while (*p == ' ' && col < indent) {
			putchar(' ');
			col++;
			p++;
		}
	}
	printf("\n");
}

/*
 * A refusal that its error does not explain: an errno (E...) or a signal
 * (SIG...) speaks for itself; an exit status or "unreached" needs its
 * detail, given as a numbered note under the table.
 */
static bool
needs_note(const struct cell *cl)
{
	return strcmp(cl->result, "blocked") == 0 && cl->why[0] != '\0' &&
	    cl->why[0] != 'E' && strncmp(cl->why, "SIG", 3) != 0;
}

/* Number the notes: cells with the same detail share one. */
void
compare_number_notes(struct compare *c)
{
	const struct cell *cl;
	size_t i, j;
	int k;

	c->nnotes = 0;
	for (i = 0; i < compare_nrows; i++)
		for (j = 0; j < c->ncols; j++) {
			cl = &c->cells[i][j];
			c->note[i][j] = 0;
			if (!needs_note(cl))
				continue;
			for (k = 0; k < c->nnotes; k++)
				if (strcmp(c->notes[k], cl->detail) == 0)
					break;
			if (k == c->nnotes && c->nnotes < COMPARE_MAXNOTES)
				c->notes[c->nnotes++] = cl->detail;
			if (k < c->nnotes)
				c->note[i][j] = k + 1;
		}
}

/* Each note once: "[N] detail". */
void
compare_print_notes(const struct compare *c)
{
	char line[512];
	int k;

	if (c->nnotes > 0)
		printf("\nrefusals their error does not explain:\n");
	for (k = 0; k < c->nnotes; k++) {
		snprintf(line, sizeof(line), "  [%d] %s", k + 1, c->notes[k]);
		out(line, 6);
	}
}

/* The short form of a cell for the tables. */
const char *
compare_cell_text(const struct compare *c, size_t row, size_t col,
    char *buf, size_t len)
{
	const struct cell *cl = &c->cells[row][col];

	if (strcmp(cl->result, "measured") == 0) {
		if (cl->unit != NULL && strcmp(cl->unit, "bytes") == 0)
			snprintf(buf, len, "%.1f MB", cl->value / 1e6);
		else if (cl->unit != NULL && strcmp(cl->unit, "ms") == 0)
			snprintf(buf, len, "%.1f ms", cl->value);
		else
			snprintf(buf, len, "%.0f", cl->value);
	} else if (strcmp(cl->result, "blocked") == 0 && cl->why[0] != '\0')
		snprintf(buf, len, "no:%s", cl->why);
	else if (strcmp(cl->result, "allowed") == 0)
		strlcpy(buf, "YES", len);
	else
		strlcpy(buf, cl->result, len);
	/* Where the program ran, its exit status there. */
	if (cl->ran && cl->unit != NULL && strcmp(cl->unit, "files") == 0)
		short_status(cl->status, buf + strlen(buf), len - strlen(buf));
	if (c->note[row][col] > 0)
		snprintf(buf + strlen(buf), len - strlen(buf), "[%d]",
		    c->note[row][col]);
	return buf;
}

/* Widths from the data: the longest title, each column's longest cell. */
static int
title_width(void)
{
	size_t i, w = strlen("can the confined program...") - 2;

	for (i = 0; i < compare_nrows; i++)
		if (strlen(compare_rows[i].title) > w)
			w = strlen(compare_rows[i].title);
	return (int)w;
}

static int
column_width(const struct compare *c, size_t j)
{
	char buf[64];
	size_t i, w = strlen(c->cols[j].name);

	for (i = 0; i < compare_nrows; i++)
		if (strlen(compare_cell_text(c, i, j, buf, sizeof(buf))) > w)
			w = strlen(buf);
	return (int)w;
}

/*
 * Why each n/a cell is n/a: a column unusable here in one line; otherwise
 * the rows that share a reason over the same columns in one line each.
 */
struct na_group {
	const char	*detail;
	unsigned	 cols;		/* bit j: column j */
	uint64_t	 rows;		/* bit i: row i */
};
_Static_assert(COMPARE_MAXROWS <= 64 && MAXCOLS <= 32, "too many for a mask");

static void
na_groups_add(struct na_group *g, size_t *n, const char *detail,
    unsigned cols, size_t row)
{
	size_t k;

	for (k = 0; k < *n; k++)
		if (g[k].cols == cols && strcmp(g[k].detail, detail) == 0) {
			g[k].rows |= 1ULL << row;
			return;
		}
	g[*n].detail = detail;
	g[*n].cols = cols;
	g[(*n)++].rows = 1ULL << row;
}

/* The columns of row i whose n/a cell says detail, unusable ones aside. */
static unsigned
na_columns(const struct compare *c, size_t i, const char *detail)
{
	unsigned m = 0;
	size_t j;

	for (j = 0; j < c->ncols; j++)
		if (c->cols[j].usable &&
		    strcmp(c->cells[i][j].result, "n/a") == 0 &&
		    strcmp(c->cells[i][j].detail, detail) == 0)
			m |= 1u << j;
	return m;
}

static void
print_na_group(const struct compare *c, const struct na_group *g)
{
	char line[8192];
	const char *sep = "  ";
	size_t i, j, n = 0;

	line[0] = '\0';
	for (i = 0; i < compare_nrows; i++)
		if (g->rows & (1ULL << i)) {
			strlcat(line, sep, sizeof(line));
			strlcat(line, compare_rows[i].id, sizeof(line));
			sep = ", ";
		}
	strlcat(line, " under", sizeof(line));
	sep = " ";
	for (j = 0; j < c->ncols; j++)
		if (g->cols & (1u << j)) {
			strlcat(line, sep, sizeof(line));
			strlcat(line, c->cols[j].name, sizeof(line));
			sep = ", ";
		}
	n = strlen(line);
	snprintf(line + n, sizeof(line) - n, ": %s", g->detail);
	out(line, 4);
}

void
compare_print_na(const struct compare *c)
{
	struct na_group g[COMPARE_MAXROWS * MAXCOLS];
	size_t i, j, n = 0;
	char line[4096];

	printf("n/a:\n");
	for (j = 0; j < c->ncols; j++)
		if (!c->cols[j].usable) {
			snprintf(line, sizeof(line), "  every row under %s: %s",
			    c->cols[j].name, c->cols[j].why);
			out(line, 4);
		}
	for (i = 0; i < compare_nrows; i++)
		for (j = 0; j < c->ncols; j++)
			if (c->cols[j].usable &&
			    strcmp(c->cells[i][j].result, "n/a") == 0)
				na_groups_add(g, &n, c->cells[i][j].detail,
				    na_columns(c, i, c->cells[i][j].detail), i);
	for (i = 0; i < n; i++)
		print_na_group(c, &g[i]);
}

void
compare_print_program(const struct compare *c)
{
	char st[64], line[8400] = "program:";
	size_t i, n;

	for (i = 0; c->prog[i] != NULL; i++) {
		strlcat(line, " ", sizeof(line));
		strlcat(line, c->prog[i], sizeof(line));
	}
	n = strlen(line);
	snprintf(line + n, sizeof(line) - n, " (%s); bare: %s.", c->path,
	    ms_status_text(c->bare.status, st, sizeof(st)));
	printf("\n");
	out(line, 4);
	printf("Without a jail a column runs it from the host's files: 0 "
	    "files, and its exit\nstatus there, to set against the bare "
	    "one.\n");
}

/* The width of the wide table: its header line. */
int
compare_wide_width(const struct compare *c)
{
	size_t j;
	int w = title_width() + 2;

	for (j = 0; j < c->ncols; j++)
		w += 1 + (j + 1 < c->ncols ? column_width(c, j) :
		    (int)strlen(c->cols[j].name));
	return w;
}

/* One row a check, one column a backend or peer. */
void
compare_print_wide(const struct compare *c)
{
	char buf[64];
	int tw = title_width(), w[MAXCOLS];
	size_t i, j;
	const char *group = "";

	printf("%-*s", tw + 2, "can the confined program...");
	for (j = 0; j < c->ncols; j++) {
		/* The last column unpadded: no trailing blanks. */
		w[j] = j + 1 < c->ncols ? column_width(c, j) : 0;
		printf(" %-*s", w[j], c->cols[j].name);
	}
	printf("\n");
	for (i = 0; i < compare_nrows; i++) {
		if (strcmp(group, compare_rows[i].group) != 0)
			printf("[%s]\n", group = compare_rows[i].group);
		printf("  %-*s", tw, compare_rows[i].title);
		for (j = 0; j < c->ncols; j++)
			printf(" %-*s", w[j], compare_cell_text(c, i, j, buf,
			    sizeof(buf)));
		printf("\n");
	}
	compare_print_legend(c, 0);
}

/* Under either table: the program, the key, the notes, the columns. */
void
compare_print_legend(const struct compare *c, int width)
{
	char line[1024];
	size_t j, nw = 0;

	fold_width = width;
	compare_print_program(c);
	printf("\nYES: the action succeeded; no:ERR: refused with that error"
	    " or signal.\n");
	compare_print_notes(c);
	printf("\n");
	compare_print_na(c);
	for (j = 0; j < c->ncols; j++)
		if (strlen(c->cols[j].name) > nw)
			nw = strlen(c->cols[j].name);
	printf("\ncolumns:\n");
	for (j = 0; j < c->ncols; j++) {
		snprintf(line, sizeof(line), "  %-*s %s", (int)nw,
		    c->cols[j].name, c->cols[j].cmdline);
		out(line, (int)nw + 5);
	}
}

static void
json_cell(const struct cell *cl)
{
	printf("{\"result\": ");
	ms_json_str(stdout, cl->result);
	if (strcmp(cl->result, "measured") == 0)
		printf(", \"value\": %.3f, \"unit\": \"%s\"", cl->value,
		    cl->unit ? cl->unit : "");
	if (cl->why[0] != '\0') {
		printf(", \"error\": ");
		ms_json_str(stdout, cl->why);
	}
	if (cl->ran)
		printf(", \"status\": %d", cl->status);
	printf(", \"detail\": ");
	ms_json_str(stdout, cl->detail);
	printf("}");
}

static void
json_machine(void)
{
	struct ms_machine m;

	ms_machine(&m);
	printf("  \"date\": \"%s\",\n  \"machine\": {\"kernel\": ", m.date);
	ms_json_str(stdout, m.kernel);
	printf(", \"cpu\": ");
	ms_json_str(stdout, m.cpu);
	printf(", \"cores\": %ld},\n", m.cores);
}

static void
json_columns(const struct compare *c)
{
	size_t j;

	printf("  \"backends\": [\n");
	for (j = 0; j < c->ncols; j++) {
		printf("    {\"name\": ");
		ms_json_str(stdout, c->cols[j].name);
		printf(", \"kind\": \"%s\", \"available\": %s, \"why\": ",
		    c->cols[j].kind, c->cols[j].usable ? "true" : "false");
		ms_json_str(stdout, c->cols[j].why);
		printf(", \"command\": ");
		ms_json_str(stdout, c->cols[j].cmdline);
		printf("}%s\n", j + 1 < c->ncols ? "," : "");
	}
	printf("  ],\n");
}

void
compare_print_json(const struct compare *c)
{
	size_t i, j;

	printf("{\n  \"command\": \"compare\",\n");
	json_machine();
	printf("  \"program\": [");
	for (i = 0; c->prog[i] != NULL; i++) {
		printf("%s", i ? ", " : "");
		ms_json_str(stdout, c->prog[i]);
	}
	printf("],\n  \"program_path\": ");
	ms_json_str(stdout, c->path);
	if (c->bare.status == MS_TIMEDOUT)
		printf(",\n  \"program_status\": null,\n");
	else
		printf(",\n  \"program_status\": %d,\n", c->bare.status);
	json_columns(c);
	printf("  \"checks\": [\n");
	for (i = 0; i < compare_nrows; i++) {
		printf("    {\"id\": \"%s\", \"group\": \"%s\", \"title\": ",
		    compare_rows[i].id, compare_rows[i].group);
		ms_json_str(stdout, compare_rows[i].title);
		printf(", \"results\": {\n");
		for (j = 0; j < c->ncols; j++) {
			printf("      ");
			ms_json_str(stdout, c->cols[j].name);
			printf(": ");
			json_cell(&c->cells[i][j]);
			printf("%s\n", j + 1 < c->ncols ? "," : "");
		}
		printf("    }}%s\n", i + 1 < compare_nrows ? "," : "");
	}
	printf("  ]\n}\n");
}

