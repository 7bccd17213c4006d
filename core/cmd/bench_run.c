/*
 * bench_run.c: the measurements of `sandbox bench`: launch latency, the
 * cost of system calls under each confinement, jail construction, the
 * narrowing step alone and the supervisor's memory.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/string.h>

#include "bench.h"
#include "sandbox.h"
#include "sb_measure.h"

#define RUN_TIMEOUT	60000
#define WARMUP		3

struct figure *
bench_fig(struct bench *b, const char *backend, const char *unit,
    const char *idfmt, const char *title)
{
	struct figure *f;

	if (b->nfigs == BENCH_MAXFIGS)
		return &b->figs[BENCH_MAXFIGS - 1];	/* overwritten: bounded */
	f = &b->figs[b->nfigs++];
	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), idfmt, backend ? backend : "");
	snprintf(f->title, sizeof(f->title), title, backend ? backend : "");
	strlcpy(f->backend, backend ? backend : "", sizeof(f->backend));
	f->unit = unit;
	return f;
}

static void
fig_stats(struct figure *f, double *v, int n)
{
	ms_stats(v, n, &f->st);
	f->value = f->st.median;
	f->valid = n > 0;
}

/*
 * A series per column, taken in rounds (one sample of every column per
 * round) so that a burst of load elsewhere on the machine falls on all
 * columns alike. Column -1 is the unconfined baseline.
 */
struct series {
	struct figure	*fig[BENCH_MAXCOLS + 1];
	double		*v[BENCH_MAXCOLS + 1];
	struct ms_column *col[BENCH_MAXCOLS + 1];
	size_t		 n;
};

static void
series_add(struct series *s, struct figure *f, struct ms_column *c, int n)
{
	if (c != NULL && !c->usable) {
		strlcpy(f->note, c->why, sizeof(f->note));
		return;
	}
	if ((s->v[s->n] = calloc(n, sizeof(double))) == NULL)
		return;
	s->fig[s->n] = f;
	s->col[s->n++] = c;
}

static void
series_done(struct series *s, int n)
{
	size_t k;

	for (k = 0; k < s->n; k++) {
		if (s->fig[k]->note[0] == '\0')
			fig_stats(s->fig[k], s->v[k], n);
		free(s->v[k]);
	}
}

static void
launch_fail(char *const prefix[], char *const args[], struct figure *f)
{
	struct ms_run r;
	char line[160];

	ms_run(prefix, args, false, RUN_TIMEOUT, &r);
	snprintf(f->note, sizeof(f->note), "launch failed: exit %d: %s",
	    r.status, ms_first_line(r.err, line, sizeof(line)));
}

void
bench_launch(struct bench *b)
{
	char *truev[] = { "/bin/true", NULL };
	struct series s = { 0 };
	struct figure *f;
	char **pre;
	double t;
	size_t j, k;
	int i;

	f = bench_fig(b, NULL, "ms", "launch.bare",
	    "launch /bin/true, bare fork and exec");
	series_add(&s, f, NULL, b->reps);
	for (j = 0; j < b->ncols; j++) {
		f = bench_fig(b, b->cols[j].name, "ms", "launch.%s",
		    "launch /bin/true under %s");
		series_add(&s, f, &b->cols[j], b->reps);
	}
	for (i = -WARMUP; i < b->reps; i++)
		for (k = 0; k < s.n; k++) {
			if (s.fig[k]->note[0] != '\0')
				continue;	/* failed before: skip */
			pre = s.col[k] ? s.col[k]->argv : NULL;
			if ((t = ms_time_exec(pre, truev)) < 0)
				launch_fail(pre, truev, s.fig[k]);
			else if (i >= 0)
				s.v[k][i] = t;
		}
	series_done(&s, b->reps);
}

/* One sample: the probe's own timing of its loop. */
static int
loop_once(struct bench *b, struct ms_column *c, const char *call,
    const char *count, double *v, struct figure *f)
{
	char *args[] = { b->env.probe, "loop", (char *)call, (char *)count,
	    b->env.probe, NULL };
	char line[160];
	struct ms_run r;

	if (ms_run(c ? c->argv : NULL, args, false, RUN_TIMEOUT, &r) == 0 &&
	    r.status == 0 && sscanf(r.out, "ns %lf", v) == 1)
		return 0;
	snprintf(f->note, sizeof(f->note), "exit %d: %s", r.status,
	    ms_first_line(r.out[0] ? r.out : r.err, line, sizeof(line)));
	return -1;
}

static void
syscall_series(struct bench *b, const char *call, const char *count,
    const char *title)
{
	struct series s = { 0 };
	struct figure *f;
	char id[64];
	size_t j, k;
	int i, n = b->quick ? BENCH_MIN_SAMPLES : 15;

	snprintf(id, sizeof(id), "syscall.%s.%%s", call);
	series_add(&s, bench_fig(b, "bare", "ns", id, title), NULL, n);
	for (j = 0; j < b->ncols; j++) {
		if (strcmp(b->cols[j].kind, "backend") != 0 &&
		    strncmp(b->cols[j].name, "bwrap", 5) != 0)
			continue;
		f = bench_fig(b, b->cols[j].name, "ns", id, title);
		series_add(&s, f, &b->cols[j], n);
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < s.n; k++)
			if (s.fig[k]->note[0] == '\0')
				loop_once(b, s.col[k], call, count, &s.v[k][i],
				    s.fig[k]);
	series_done(&s, n);
}

void
bench_syscalls(struct bench *b)
{
	/* Quick: as many samples, each a shorter loop. */
	syscall_series(b, "getppid", b->quick ? "20000" : "300000",
	    "getppid (no argument checks), under %s");
	syscall_series(b, "open", b->quick ? "2000" : "30000",
	    "open+close (checked flags, path), under %s");
}

/* Jail construction, repeated; one figure per step. */
static void
jail_series(struct bench *b, const char *root, const char *how)
{
	struct figure *fb, *fs, *fu;
	struct ms_jail j;
	double vb[BENCH_MIN_SAMPLES], vs[BENCH_MIN_SAMPLES],
	    vu[BENCH_MIN_SAMPLES];
	int i, n = BENCH_MIN_SAMPLES;
	char id[64], title[128];
	const char *where;

	/* Titles name the file system: each row reads as its own. */
	where = strcmp(how, "link") == 0 ? "same file system as /usr" :
	    "on tmpfs (copies)";
	snprintf(id, sizeof(id), "jail.build.%s", how);
	snprintf(title, sizeof(title), "cold jail build of /bin/ls, %s", where);
	fb = bench_fig(b, "chroot", "ms", id, title);
	snprintf(id, sizeof(id), "jail.refresh.%s", how);
	snprintf(title, sizeof(title), "jail refresh, nothing changed, %s",
	    where);
	fs = bench_fig(b, "chroot", "ms", id, title);
	snprintf(id, sizeof(id), "jail.update.%s", how);
	snprintf(title, sizeof(title), "jail refresh after the program was "
	    "updated, %s", where);
	fu = bench_fig(b, "chroot", "ms", id, title);
	for (i = 0; i < n; i++) {
		memset(&j, 0, sizeof(j));
		if (ms_jail_build(&b->env, "/bin/ls", root, &j) < 0 ||
		    ms_jail_sync(&b->env, root, &vs[i], &j.sync_changed,
		    &j.sync_bytes, j.why, sizeof(j.why)) < 0 ||
		    ms_jail_update(&b->env, "/bin/ls", root, &j) < 0) {
			strlcpy(fb->note, j.why, sizeof(fb->note));
			strlcpy(fs->note, j.why, sizeof(fs->note));
			strlcpy(fu->note, j.why, sizeof(fu->note));
			ms_rmtree(root);
			return;
		}
		vb[i] = j.build_ms;
		vu[i] = j.update_ms;
	}
	snprintf(fb->note, sizeof(fb->note), "%ld files, %.1f MB, %ld "
	    "hard-linked", j.tree.files + j.tree.links, j.tree.bytes / 1e6,
	    j.tree.hardlinked);
	snprintf(fs->note, sizeof(fs->note), "%ld files rewritten",
	    j.sync_changed);
	snprintf(fu->note, sizeof(fu->note), "%ld files rewritten, %lld bytes",
	    j.update_changed, j.update_bytes);
	fig_stats(fb, vb, n);
	fig_stats(fs, vs, n);
	fig_stats(fu, vu, n);
	ms_rmtree(root);
}

void
bench_jail(struct bench *b)
{
	char root[4300];
	struct stat a, u;
	struct figure *f;

	if (!sandbox_backend_count() || !ms_has_backend("chroot")) {
		f = bench_fig(b, "chroot", "ms", "jail.build.link",
		    "cold jail build of /bin/ls");
		strlcpy(f->note, "no chroot backend in this build",
		    sizeof(f->note));
		return;
	}
	snprintf(root, sizeof(root), "%s/bench-jail", b->env.scratch);
	jail_series(b, root, "link");
	/* A jail on another file system must copy every file. */
	if (stat("/dev/shm", &a) == 0 && stat("/usr", &u) == 0 &&
	    a.st_dev != u.st_dev) {
		snprintf(root, sizeof(root), "/dev/shm/sandbox-bench-jail.%d",
		    (int)b->env.pid);
		jail_series(b, root, "copy");
	}
}

/* The narrowing step alone: building and loading filters and rulesets. */
static void
narrow_fig(struct bench *b, struct ms_column *c)
{
	struct sandbox *sb;
	struct figure *f;
	char *truev[] = { "/bin/true", NULL };
	double v[50];
	int i, n = b->quick ? BENCH_MIN_SAMPLES : 50, r = 0;

	if ((sb = sandbox_new()) == NULL)
		return;
	f = bench_fig(b, c->name, "ms", "narrow.%s",
	    "build and load the filter or ruleset of %s");
	sandbox_set_verbosity(sb, SANDBOX_QUIET);
	/* The column's own options, as the command would apply them. */
	r = sandbox_set_backend(sb, c->name);
	for (i = 4; r == 0 && i + 1 < c->argc; i += 2) {
		if (strcmp(c->argv[i], "-p") == 0)
			r = sandbox_set_pledge(sb, c->argv[i + 1], NULL);
		else if (strcmp(c->argv[i], "-v") == 0)
			r = ms_unveil_rule(sb, c->argv[i + 1]);
		else if (strcmp(c->argv[i], "-r") == 0)
			r = sandbox_set_root(sb, c->argv[i + 1]);
	}
	if (r == 0)
		r = sb_measure_narrow(sb, truev, n, v);
	if (r == -ENOTSUP) {
		b->nfigs--;	/* no such step: no figure */
	} else if (r < 0)
		strlcpy(f->note, sandbox_error(sb), sizeof(f->note));
	else
		fig_stats(f, v, n);
	sandbox_free(sb);
}

void
bench_narrow(struct bench *b)
{
	size_t j;

	/* Variants of a backend (chroot-user, combined-default) narrow alike. */
	for (j = 0; j < b->ncols; j++)
		if (b->cols[j].usable && strcmp(b->cols[j].kind, "backend") == 0 &&
		    ms_has_backend(b->cols[j].name))
			narrow_fig(b, &b->cols[j]);
}

/* The largest resident set of the supervisor with a static no-op inside. */
void
bench_memory(struct bench *b)
{
	char *args[] = { b->env.probe, "noop", NULL };
	struct ms_run r;
	struct figure *f;
	size_t j;

	for (j = 0; j < b->ncols; j++) {
		f = bench_fig(b, b->cols[j].name, "KiB", "rss.%s",
		    "max RSS of %s with a static no-op inside");
		if (!b->cols[j].usable)
			strlcpy(f->note, b->cols[j].why, sizeof(f->note));
		else if (ms_run(b->cols[j].argv, args, false, RUN_TIMEOUT,
		    &r) < 0 || r.status != 0)
			snprintf(f->note, sizeof(f->note), "exit %d", r.status);
		else {
			f->value = r.ru.ru_maxrss;
			f->valid = true;
		}
	}
}
