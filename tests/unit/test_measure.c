/*
 * test_measure.c: the pieces of compare and bench that do not need a
 * confinement: statistics, JSON strings, bounded runs (exit, signal,
 * timeout, output, a failed exec), whether a program ran under a column,
 * jail tree counts and refresh snapshots, the victim of the same-user
 * rows, the load and noise of a bench.
 */
#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench.h"
#include "measure.h"

static void
test_stats_odd_and_even(void **state)
{
	double v[] = { 5, 1, 4, 2, 3 }, w[] = { 4, 1, 3, 2 };
	struct ms_stats s;

	ms_stats(v, 5, &s);
	assert_int_equal(s.n, 5);
	assert_true(s.median == 3 && s.min == 1 && s.max == 5);
	assert_true(s.p10 <= s.median && s.median <= s.p90);
	ms_stats(w, 4, &s);
	assert_true(s.median == 2.5);
	ms_stats(w, 0, &s);
	assert_int_equal(s.n, 0);
}

static void
test_json_escapes(void **state)
{
	char buf[128] = { 0 };
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

	assert_non_null(f);
	ms_json_str(f, "a\"b\\c\nd\te\001");
	fclose(f);
	assert_string_equal(buf, "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
}

static void
test_run_status_and_output(void **state)
{
	char *sh[] = { "/bin/sh", "-c", NULL, NULL };
	struct ms_run r;

	sh[2] = "echo out; echo err >&2; exit 3";
	assert_int_equal(ms_run(NULL, sh, false, 10000, &r), 0);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out, "out\n");
	assert_string_equal(r.err, "err\n");
	sh[2] = "kill -KILL $$";
	assert_int_equal(ms_run(NULL, sh, false, 10000, &r), 0);
	assert_int_equal(r.status, 128 + 9);
}

static void
test_run_timeout_is_bounded(void **state)
{
	char *sh[] = { "/bin/sh", "-c", "sleep 30", NULL };
	struct ms_run r;

	assert_int_equal(ms_run(NULL, sh, false, 200, &r), 0);
	assert_int_equal(r.status, MS_TIMEDOUT);
	assert_true(r.ms < 5000);
}

static void
test_run_prefix_and_missing(void **state)
{
	char *pre[] = { "/bin/sh", "-c", NULL };
	char *args[] = { "echo $0", "word", NULL };
	char *none[] = { "/nonexistent/prog", NULL };
	struct ms_run r;

	assert_int_equal(ms_run(pre, args, false, 10000, &r), 0);
	assert_string_equal(r.out, "word\n");
	assert_int_equal(ms_run(NULL, none, false, 10000, &r), 0);
	assert_int_equal(r.status, 127);
}

/* An exec that fails is told apart from a program exiting 126 or 127. */
static void
test_run_reports_exec_failure(void **state)
{
	char *none[] = { "/nonexistent/prog", NULL };
	char *dir[] = { "/", NULL };
	char *sh[] = { "/bin/sh", "-c", "exit 127", NULL };
	char *echo[] = { "argv0", "-c", "echo $0", NULL };
	struct ms_run r;

	assert_int_equal(ms_run(NULL, none, false, 10000, &r), 0);
	assert_int_equal(r.exec_err, ENOENT);
	assert_int_equal(ms_run(NULL, dir, false, 10000, &r), 0);
	assert_int_equal(r.exec_err, EACCES);
	assert_int_equal(r.status, 126);
	assert_int_equal(ms_run(NULL, sh, false, 10000, &r), 0);
	assert_int_equal(r.exec_err, 0);
	assert_int_equal(r.status, 127);
	/* A file given is executed with the vector as it is. */
	assert_int_equal(ms_run_file("/bin/sh", NULL, echo, false, 10000,
	    &r), 0);
	assert_int_equal(r.exec_err, 0);
	assert_string_equal(r.out, "argv0\n");
}

static struct ms_run
run_of(int status, const char *err)
{
	struct ms_run r;

	memset(&r, 0, sizeof(r));
	r.status = status;
	snprintf(r.err, sizeof(r.err), "%s", err);
	return r;
}

/* A program that ran and exited non-zero ran; a failed launch did not. */
static void
test_program_ran(void **state)
{
	struct ms_run bare1 = run_of(1, ""), bare0 = run_of(0, ""), r;
	char why[256];

	r = run_of(1, "");
	assert_true(ms_program_ran(&bare1, &r, "/x/sandbox", why,
	    sizeof(why)));
	r = run_of(2, "grep: /etc/hostname: Permission denied\n");
	assert_true(ms_program_ran(&bare1, &r, "/x/sandbox", why,
	    sizeof(why)));
	r = run_of(128 + 31, "");
	assert_true(ms_program_ran(&bare0, &r, "/x/sandbox", why,
	    sizeof(why)));
	r = run_of(125, "sandbox: unveil: /x: not an ELF file\n");
	assert_false(ms_program_ran(&bare1, &r, "/x/sandbox", why,
	    sizeof(why)));
	assert_non_null(strstr(why, "not an ELF file"));
	assert_non_null(strstr(why, "exit 125, bare exit 1"));
	r = run_of(127, "");
	assert_false(ms_program_ran(&bare0, &r, "/x/sandbox", why,
	    sizeof(why)));
	r = run_of(1, "bwrap: execvp /x: No such file or directory\n");
	assert_false(ms_program_ran(&bare0, &r, "bwrap", why, sizeof(why)));
	/* The same status as bare: ran, whatever it printed. */
	assert_true(ms_program_ran(&bare1, &r, "bwrap", why, sizeof(why)));
	r = run_of(MS_TIMEDOUT, "");
	assert_false(ms_program_ran(&bare0, &r, "bwrap", why, sizeof(why)));
	r.exec_err = ENOENT;
	assert_false(ms_program_ran(&bare0, &r, "bwrap", why, sizeof(why)));
}

static void
test_status_text(void **state)
{
	char buf[64];

	assert_string_equal(ms_status_text(3, buf, sizeof(buf)), "exit 3");
	assert_string_equal(ms_status_text(128 + 9, buf, sizeof(buf)),
	    "killed by SIGKILL");
	assert_string_equal(ms_status_text(MS_TIMEDOUT, buf, sizeof(buf)),
	    "timed out");
}

static void
write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static void
test_tree_and_snapshot(void **state)
{
	char dir[] = "/tmp/test_measure.XXXXXX", p[256], q[256];
	struct ms_snap *s;
	struct ms_tree t;
	long long bytes;

	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/a", dir);
	write_file(p, "12345");
	snprintf(q, sizeof(q), "%s/b", dir);
	assert_int_equal(link(p, q), 0);
	snprintf(q, sizeof(q), "%s/l", dir);
	assert_int_equal(symlink("a", q), 0);
	assert_int_equal(ms_tree_count(dir, &t), 0);
	assert_int_equal(t.files, 2);
	assert_int_equal(t.links, 1);
	assert_int_equal(t.hardlinked, 2);
	assert_int_equal(t.bytes, 10);

	assert_non_null(s = ms_snap_take(dir));
	assert_int_equal(ms_snap_changed(s, dir, &bytes), 0);
	/* Replaced through a rename, as a package manager does. */
	snprintf(q, sizeof(q), "%s/a.new", dir);
	write_file(q, "1234567");
	assert_int_equal(rename(q, p), 0);
	assert_int_equal(ms_snap_changed(s, dir, &bytes), 1);
	assert_int_equal(bytes, 7);
	ms_snap_free(s);
	ms_rmtree(dir);
	assert_int_equal(access(dir, F_OK), -1);
}

/* The probe beside the tests: make runs them from the top directory. */
static bool
probe_env(struct ms_env *e)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->probe, sizeof(e->probe), "build/sandbox-probe");
	return access(e->probe, X_OK) == 0;
}

static unsigned
status_field(pid_t pid, const char *name)
{
	char path[64], line[256];
	unsigned v = ~0u;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, name, strlen(name)) == 0)
			sscanf(line + strlen(name), " %u", &v);
	fclose(f);
	return v;
}

/*
 * A victim: the user asked, the secret in its environment, a signal sent
 * to it stays pending (and only the one sent), gone once stopped.
 */
static void
test_victim(void **state)
{
	struct ms_victim v;
	struct ms_env e;
	char path[64], env[4096];
	FILE *f;
	size_t n;

	if (!probe_env(&e))
		skip();
	assert_int_equal(ms_victim_start(&e, &v, "s3cret", "test-measure",
	    false, false), 0);
	assert_true(v.pid > 0 && strncmp(v.addr, "0x", 2) == 0);
	assert_int_equal(status_field(v.pid, "Uid:"), geteuid());
	snprintf(path, sizeof(path), "/proc/%d/environ", (int)v.pid);
	assert_non_null(f = fopen(path, "r"));
	n = fread(env, 1, sizeof(env) - 1, f);
	fclose(f);
	env[n] = '\0';
	assert_string_equal(env, "SANDBOX_PROBE_SECRET=s3cret");
	assert_false(ms_victim_pending(&v, SIGUSR1));
	assert_int_equal(kill(v.pid, SIGWINCH), 0);
	assert_false(ms_victim_pending(&v, SIGUSR1));
	assert_int_equal(kill(v.pid, SIGUSR1), 0);
	assert_true(ms_victim_pending(&v, SIGUSR1));
	ms_victim_stop(&v);
	assert_int_equal(v.pid, 0);
	if (geteuid() != 0)
		return;
	/* As nobody when root: the user a --user nobody column runs as. */
	assert_int_equal(ms_victim_start(&e, &v, "s3cret", "test-measure",
	    true, false), 0);
	assert_int_equal(status_field(v.pid, "Uid:"), 65534);
	ms_victim_stop(&v);
}

/* A run joins a victim's group; the victim sees a signal to the group. */
static void
test_run_in_victim_group(void **state)
{
	char *sh[] = { "/bin/sh", "-c", "ps -o pgid= $$; kill -USR1 0",
	    NULL };
	struct ms_victim v;
	struct ms_env e;
	struct ms_run r;

	if (!probe_env(&e))
		skip();
	assert_int_equal(ms_victim_start(&e, &v, "x", "test-measure", false,
	    true), 0);
	assert_int_equal(getpgid(v.pid), v.pid);
	assert_int_equal(ms_run_pgrp(NULL, sh, false, v.pid, 10000, &r), 0);
	assert_int_equal(atoi(r.out), v.pid);
	assert_true(ms_victim_pending(&v, SIGUSR1));
	ms_victim_stop(&v);
}

static void
test_load_parsing(void **state)
{
	unsigned long long busy, total;

	assert_true(bench_parse_loadavg("9.25 4.62 1.83 3/412 77\n") == 9.25);
	assert_true(bench_parse_loadavg("") < 0);
	/* user nice system idle iowait irq softirq steal */
	assert_int_equal(bench_parse_stat("cpu  100 5 50 800 40 3 2 0 0 0\n"
	    "cpu0 1 2 3 4 5\n", &busy, &total), 0);
	assert_true(total == 1000 && busy == 160);
	assert_int_equal(bench_parse_stat("intr 1 2", &busy, &total), -1);
}

static void
test_busy(void **state)
{
	struct bench_load l = { .cores = 2 };

	/* The bench alone: a load of one it adds itself, no one else. */
	l.before = 0.2;
	l.after = 1.3;
	assert_false(bench_busy(&l));
	l.before = 1.0;
	assert_true(bench_busy(&l));
	l.before = 0.2;
	l.after = 2.5;
	assert_true(bench_busy(&l));
	l.after = 1.0;
	l.others = 0.3;
	assert_true(bench_busy(&l));
}

/* A difference within the noise of its two series is no finding. */
static void
test_noise(void **state)
{
	struct ms_stats a = { .p10 = 100, .p90 = 140 }, b = { .p10 = 90,
	    .p90 = 100 };

	assert_true(bench_noise(&a, &b) == 20);
	assert_true(bench_noise(&b, &a) == 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_odd_and_even),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_run_status_and_output),
		cmocka_unit_test(test_run_timeout_is_bounded),
		cmocka_unit_test(test_run_prefix_and_missing),
		cmocka_unit_test(test_run_reports_exec_failure),
		cmocka_unit_test(test_program_ran),
		cmocka_unit_test(test_status_text),
		cmocka_unit_test(test_tree_and_snapshot),
		cmocka_unit_test(test_victim),
		cmocka_unit_test(test_run_in_victim_group),
		cmocka_unit_test(test_load_parsing),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_noise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
