/*
 * test_spawn.c: what sandbox_spawn and sandbox_wait leave of the caller:
 * its signal mask after overlapping spawns and after a free, its ignored
 * SIGCHLD (children's statuses still come back), and a wait for a pid
 * that is not its child (an error, not a wait for ever).
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sandbox.h"

static char *sleeper[] = { "/bin/sleep", "0.2", NULL };
static char *exit3[] = { "/bin/sh", "-c", "exit 3", NULL };

static struct sandbox *
handle(const char *backend)
{
	struct sandbox *sb = sandbox_new();

	assert_non_null(sb);
	assert_int_equal(sandbox_set_backend(sb, backend), 0);
	sandbox_set_verbosity(sb, SANDBOX_QUIET);
	return sb;
}

/* Is sig blocked in the calling thread? */
static int
blocked(int sig)
{
	sigset_t now;

	assert_int_equal(sigprocmask(SIG_SETMASK, NULL, &now), 0);
	return sigismember(&now, sig);
}

static void
test_overlapping_spawns(void **state)
{
	struct sandbox *sb = handle("none");
	pid_t p1, p2;
	int st;

	assert_false(blocked(SIGTERM));
	assert_int_equal(sandbox_spawn(sb, sleeper, &p1), 0);
	assert_int_equal(sandbox_spawn(sb, sleeper, &p2), 0);
	assert_true(blocked(SIGTERM));
	/* Its children may not trace the caller while they run. */
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(sandbox_wait(sb, p1, &st), 0);
	/* One child still runs: its signals are still held. */
	assert_true(blocked(SIGTERM));
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(sandbox_wait(sb, p2, &st), 0);
	assert_int_equal(st, 0);
	assert_false(blocked(SIGTERM));
	assert_false(blocked(SIGINT));
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	sandbox_free(sb);
}

static void
test_free_while_running(void **state)
{
	struct sandbox *sb = handle("none");
	pid_t pid;
	int st;

	assert_int_equal(sandbox_spawn(sb, sleeper, &pid), 0);
	assert_true(blocked(SIGHUP));
	sandbox_free(sb);
	assert_false(blocked(SIGHUP));
	/* The child is the caller's. */
	assert_int_equal(waitpid(pid, &st, 0), pid);
}

static void
test_wait_not_a_child(void **state)
{
	struct sandbox *sb = handle("none");
	int st;

	assert_int_equal(sandbox_wait(sb, getpid(), &st), -ECHILD);
	assert_non_null(strstr(sandbox_error(sb), "not a child"));
	assert_int_equal(sandbox_wait(sb, 1, &st), -ECHILD);
	assert_false(blocked(SIGTERM));
	sandbox_free(sb);
}

/* The caller ignores SIGCHLD: the status still comes back, for each. */
static void
test_sigchld_ignored(void **state)
{
	static const char *const backends[] = { "none", "namespace",
	    "combined", NULL };
	struct sigaction sa;
	struct sandbox *sb;
	const char *const *b;
	pid_t pid;
	int st;

	signal(SIGCHLD, SIG_IGN);
	for (b = backends; *b != NULL; b++) {
		sb = handle(*b);
		if (sandbox_spawn(sb, exit3, &pid) < 0) {
			/* Not available here (no user namespaces). */
			print_message("%s: %s\n", *b, sandbox_error(sb));
			sandbox_free(sb);
			continue;
		}
		assert_int_equal(sandbox_wait(sb, pid, &st), 0);
		assert_int_equal(st, 3);
		sandbox_free(sb);
		assert_int_equal(sigaction(SIGCHLD, NULL, &sa), 0);
		assert_true(sa.sa_handler == SIG_IGN);
	}
	signal(SIGCHLD, SIG_DFL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlapping_spawns),
		cmocka_unit_test(test_free_while_running),
		cmocka_unit_test(test_wait_not_a_child),
		cmocka_unit_test(test_sigchld_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
