/*
 * cmd_bench.c: sandbox bench [--json] [--quick]
 *
 * What each backend and peer costs on this machine: launch latency, system
 * call overhead, jail construction, filter build time and memory, each a
 * median with its spread; and how busy the machine was meanwhile, for a
 * busy machine makes every figure noisy.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "verbs.h"

#define REPS		200
#define QUICK_REPS	20
#define NOISE		"within noise"

/* The unconfined figure of a system call: syscall.CALL.bare. */
static const struct figure *
bare_figure(const struct bench *b, const char *call)
{
	char id[64];
	size_t j;

	snprintf(id, sizeof(id), "syscall.%s.bare", call);
	for (j = 0; j < b->nfigs; j++)
		if (strcmp(b->figs[j].id, id) == 0 && b->figs[j].valid)
			return &b->figs[j];
	return NULL;
}

/* Overheads against the unconfined figure of the same system call. */
static void
overheads(struct bench *b)
{
	const char *calls[] = { "getppid", "open" };
	const struct figure *base, *f;
	struct figure *o;
	char prefix[64], id[64], title[128];
	size_t i, j, n = b->nfigs;

	for (i = 0; i < 2; i++) {
		if ((base = bare_figure(b, calls[i])) == NULL)
			continue;
		snprintf(prefix, sizeof(prefix), "syscall.%s.", calls[i]);
		snprintf(id, sizeof(id), "overhead.%s.%%s", calls[i]);
		snprintf(title, sizeof(title),
		    "%s overhead (fastest runs), %%s", calls[i]);
		for (j = 0; j < n; j++) {
			f = &b->figs[j];
			if (f == base || !f->valid || f->st.n == 0 ||
			    strncmp(f->id, prefix, strlen(prefix)) != 0)
				continue;
			o = bench_fig(b, f->backend, "ns", id, title);
			/* The fastest sample is the least disturbed one. */
			o->value = f->st.min - base->st.min;
			o->valid = true;
			/* A difference no larger than its noise is no finding. */
			o->noise = bench_noise(&f->st, &base->st);
			o->within_noise = o->value <= o->noise;
			if (o->within_noise)
				snprintf(o->note, sizeof(o->note), "measured "
				    "%.1f ns, noise %.1f ns", o->value,
				    o->noise);
		}
	}
}

/* The widths of the table's columns, from the figures themselves. */
struct widths {
	int	 id, title, value, unit;
};

static void
text_widths(const struct bench *b, struct widths *w)
{
	const struct figure *f;
	char buf[64];
	size_t i;
	int n;

	w->id = strlen("id");
	w->title = strlen("what");
	w->value = strlen("median");
	w->unit = 0;
	for (i = 0; i < b->nfigs; i++) {
		f = &b->figs[i];
		if ((n = strlen(f->id)) > w->id)
			w->id = n;
		if ((n = strlen(f->title)) > w->title)
			w->title = n;
		n = f->valid && !f->within_noise ? snprintf(buf, sizeof(buf),
		    "%.3f", f->value) : f->valid ? (int)strlen(NOISE) :
		    (int)strlen("n/a");
		if (n > w->value)
			w->value = n;
		if (f->valid && (n = strlen(f->unit)) > w->unit)
			w->unit = n;
	}
}

/* The spread and the note of a figure, as the table's last column. */
static void
spread_text(const struct figure *f, char *buf, size_t len)
{
	buf[0] = '\0';
	if (f->valid && f->st.n >= BENCH_MIN_SAMPLES)
		snprintf(buf, len, "%.3f..%.3f, n=%d", f->st.p10, f->st.p90,
		    f->st.n);
	else if (f->valid && f->st.n > 0)
		snprintf(buf, len, "n=%d, too few for a spread", f->st.n);
	if (f->note[0] != '\0')
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
		    buf[0] != '\0' ? "; " : "", f->note);
}

static void
print_text(const struct bench *b)
{
	const struct figure *f;
	struct widths w;
	char rest[512];
	size_t i;

	text_widths(b, &w);
	printf("%-*s %-*s %*s %-*s  %s\n", w.id, "id", w.title, "what",
	    w.value, "median", w.unit, "", "spread (p10..p90, n) or note");
	for (i = 0; i < b->nfigs; i++) {
		f = &b->figs[i];
		spread_text(f, rest, sizeof(rest));
		printf("%-*s %-*s ", w.id, f->id, w.title, f->title);
		if (f->valid && f->within_noise)
			printf("%*s ", w.value, NOISE);
		else if (f->valid)
			printf("%*.3f ", w.value, f->value);
		else
			printf("%*s ", w.value, "n/a");
		/* Padded only when something follows: no trailing blanks. */
		printf("%-*s%s%s\n", rest[0] != '\0' ? w.unit : 0,
		    f->valid && !f->within_noise ? f->unit : "",
		    rest[0] != '\0' ? "  " : "",
		    rest);
	}
	bench_load_text(b, rest, sizeof(rest));
	printf("\n%s.\n", rest);
}

static void
json_figure(const struct figure *f)
{
	printf("    {\"id\": \"%s\", \"title\": ", f->id);
	ms_json_str(stdout, f->title);
	printf(", \"backend\": ");
	if (f->backend[0] != '\0')
		ms_json_str(stdout, f->backend);
	else
		printf("null");
	if (f->valid)
		printf(", \"value\": %.4f", f->value);
	else
		printf(", \"value\": null");
	printf(", \"unit\": \"%s\"", f->unit);
	if (f->noise > 0 || f->within_noise)
		printf(", \"noise\": %.4f, \"within_noise\": %s", f->noise,
		    f->within_noise ? "true" : "false");
	if (f->valid && f->st.n > 0)
		printf(", \"median\": %.4f, \"p10\": %.4f, \"p90\": %.4f, "
		    "\"min\": %.4f, \"max\": %.4f, \"n\": %d", f->st.median,
		    f->st.p10, f->st.p90, f->st.min, f->st.max, f->st.n);
	printf(", \"note\": ");
	ms_json_str(stdout, f->note);
	printf("}");
}

static void
print_json(const struct bench *b)
{
	struct ms_machine m;
	size_t i;

	ms_machine(&m);
	printf("{\n  \"command\": \"bench\",\n  \"date\": \"%s\",\n", m.date);
	printf("  \"machine\": {\"kernel\": ");
	ms_json_str(stdout, m.kernel);
	printf(", \"cpu\": ");
	ms_json_str(stdout, m.cpu);
	printf(", \"cores\": %ld},\n", m.cores);
	printf("  \"quick\": %s,\n  \"repetitions\": %d,\n",
	    b->quick ? "true" : "false", b->reps);
	printf("  \"load\": {\"before\": %.2f, \"after\": %.2f, "
	    "\"others\": %.3f, \"cores\": %ld, \"busy\": %s},\n",
	    b->load.before, b->load.after, b->load.others, b->load.cores,
	    b->load.busy ? "true" : "false");
	printf("  \"backends\": [\n");
	for (i = 0; i < b->ncols; i++) {
		printf("    {\"name\": \"%s\", \"kind\": \"%s\", "
		    "\"available\": %s, \"command\": ", b->cols[i].name,
		    b->cols[i].kind, b->cols[i].usable ? "true" : "false");
		ms_json_str(stdout, b->cols[i].cmdline);
		printf(", \"why\": ");
		ms_json_str(stdout, b->cols[i].why);
		printf("}%s\n", i + 1 < b->ncols ? "," : "");
	}
	printf("  ],\n  \"figures\": [\n");
	for (i = 0; i < b->nfigs; i++) {
		json_figure(&b->figs[i]);
		printf("%s\n", i + 1 < b->nfigs ? "," : "");
	}
	printf("  ]\n}\n");
}

static int
usage(void)
{
	fprintf(stderr, "usage: sandbox bench [--json] [--quick]\n");
	return SB_EXIT_FAIL;
}

int
cmd_bench(int argc, char **argv)
{
	struct bench *b;
	char line[512];
	bool json = false, quick = false;
	int i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--quick") == 0)
			quick = true;
		else
			return usage();
	}
	if ((b = calloc(1, sizeof(*b))) == NULL)
		err(SB_EXIT_FAIL, NULL);
	b->quick = quick;
	b->reps = quick ? QUICK_REPS : REPS;
	if ((r = ms_env_init(&b->env)) < 0) {
		warnx("cannot prepare the probes (%s): %s", b->env.probe,
		    strerror(-r));
		ms_env_cleanup(&b->env);
		free(b);
		return SB_EXIT_FAIL;
	}
	b->ncols = ms_columns(&b->env, b->cols, BENCH_MAXCOLS);
	bench_load_start(b);
	if (b->load.before / (b->load.cores > 0 ? b->load.cores : 1) >= 0.5)
		warnx("warning: load %.2f on %ld cores before measuring: the "
		    "figures will be noisy", b->load.before, b->load.cores);
	bench_launch(b);
	bench_syscalls(b);
	overheads(b);
	bench_narrow(b);
	bench_jail(b);
	bench_memory(b);
	bench_load_end(b);
	if (b->load.busy) {
		bench_load_text(b, line, sizeof(line));
		warnx("warning: %s", line);
	}
	if (json)
		print_json(b);
	else
		print_text(b);
	ms_columns_free(b->cols, b->ncols);
	ms_env_cleanup(&b->env);
	free(b);
	return 0;
}
