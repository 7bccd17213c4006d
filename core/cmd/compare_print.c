/* compare_print.c: the matrix of `sandbox compare` as a table and as JSON. */
#include <stdio.h>
#include <string.h>

#include <bsd/string.h>

#include "compare.h"

/* The short form of a cell for the table. */
static const char *
cell_text(const struct cell *cl, char *buf, size_t len)
{
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
	return buf;
}

void
compare_print_text(const struct compare *c)
{
	char buf[64];
	size_t i, j;
	const char *group = "";

	printf("%-42s", "can the confined program...");
	for (j = 0; j < c->ncols; j++)
		printf(" %-15s", c->cols[j].name);
	printf("\n");
	for (i = 0; i < compare_nrows; i++) {
		if (strcmp(group, compare_rows[i].group) != 0)
			printf("[%s]\n", group = compare_rows[i].group);
		printf("  %-40s", compare_rows[i].title);
		for (j = 0; j < c->ncols; j++)
			printf(" %-15s", cell_text(&c->cells[i][j], buf,
			    sizeof(buf)));
		printf("\n");
	}
	printf("\nYES: the action succeeded; no:ERR: refused with that error"
	    " or signal.\nn/a:\n");
	for (j = 0; j < c->ncols; j++)
		for (i = 0; i < compare_nrows; i++)
			if (strcmp(c->cells[i][j].result, "n/a") == 0 &&
			    (i == 0 || strcmp(c->cells[i - 1][j].detail,
			    c->cells[i][j].detail) != 0))
				printf("  %s, %s: %s\n", c->cols[j].name,
				    compare_rows[i].id, c->cells[i][j].detail);
	printf("\ncolumns:\n");
	for (j = 0; j < c->ncols; j++)
		printf("  %-12s %s\n", c->cols[j].name, c->cols[j].cmdline);
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
	printf("],\n");
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

