/*
 * test_status.c: exit statuses as chroot(1) and env(1) give them. The
 * program's own status, 128+N for a signal N (from real children), 127
 * when the program is not found, 126 when it cannot be executed, 125 when
 * the sandbox itself fails, through sandbox_spawn and sandbox_exec.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sandbox.h"

/* The wait status of a real child that exits with code or dies of sig. */
static int
child_status(int code, int sig)
{
	struct rlimit no_core = { 0, 0 };
	pid_t pid;
	int ws;

	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &no_core);
		if (sig != 0) {
			signal(sig, SIG_DFL);
			raise(sig);
		}
		_exit(code);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	return ws;
}

static void
test_from_wait_exit(void **state)
{
	assert_int_equal(sandbox_status_from_wait(child_status(0, 0)), 0);
	assert_int_equal(sandbox_status_from_wait(child_status(3, 0)), 3);
	assert_int_equal(sandbox_status_from_wait(child_status(125, 0)), 125);
	assert_int_equal(sandbox_status_from_wait(child_status(255, 0)), 255);
}

static void
test_from_wait_signal(void **state)
{
	assert_int_equal(sandbox_status_from_wait(child_status(0, SIGTERM)),
	    128 + SIGTERM);
	assert_int_equal(sandbox_status_from_wait(child_status(0, SIGKILL)),
	    128 + SIGKILL);
	assert_int_equal(sandbox_status_from_wait(child_status(0, SIGABRT)),
	    128 + SIGABRT);
	assert_int_equal(sandbox_status_from_wait(child_status(0, SIGSYS)),
	    128 + SIGSYS);
}

/* A stopped child is not an end: the sandbox cannot give a status. */
static void
test_from_wait_stopped(void **state)
{
	pid_t pid;
	int ws;

	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &ws, WUNTRACED), pid);
	assert_true(WIFSTOPPED(ws));
	assert_int_equal(sandbox_status_from_wait(ws), 125);
	kill(pid, SIGKILL);
	waitpid(pid, &ws, 0);
}

/* Spawn argv; returns the spawn's result and the exit status to use. */
static int
spawn(char *const argv[], int *status, char *msg, size_t len)
{
	struct sandbox *sb = sandbox_new();
	pid_t pid;
	int r;

	assert_non_null(sb);
	assert_int_equal(sandbox_set_backend(sb, "none"), 0);
	if ((r = sandbox_spawn(sb, argv, &pid)) == 0)
		r = sandbox_wait(sb, pid, status);
	else
		*status = sandbox_exit_status(sb);
	snprintf(msg, len, "%s", sandbox_error(sb));
	sandbox_free(sb);
	return r;
}

static void
test_spawn_runs(void **state)
{
	char *exit3[] = { "/bin/sh", "-c", "exit 3", NULL };
	char *term[] = { "sh", "-c", "kill -TERM $$", NULL };
	char msg[1024];
	int status;

	assert_int_equal(spawn(exit3, &status, msg, sizeof(msg)), 0);
	assert_int_equal(status, 3);
	assert_int_equal(spawn(term, &status, msg, sizeof(msg)), 0);
	assert_int_equal(status, 128 + SIGTERM);
}

static void
test_spawn_not_found(void **state)
{
	char *abs[] = { "/nonexistent/prog", NULL };
	char *rel[] = { "no_such_program_in_path_x", NULL };
	char msg[1024];
	int status;

	assert_int_equal(spawn(abs, &status, msg, sizeof(msg)), -ENOENT);
	assert_int_equal(status, 127);
	assert_string_equal(msg, "/nonexistent/prog: No such file or "
	    "directory");
	assert_true(spawn(rel, &status, msg, sizeof(msg)) < 0);
	assert_int_equal(status, 127);
}

/* A file of this mode and content; its name, to unlink and free. */
static char *
make_file(mode_t mode, const char *content)
{
	char *path = strdup("/tmp/test_status.XXXXXX");
	int fd;

	assert_non_null(path);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, content, strlen(content)),
	    (ssize_t)strlen(content));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

static void
test_spawn_not_executable(void **state)
{
	char *path = make_file(0644, "#!/bin/sh\nexit 0\n");
	char *argv[] = { path, NULL };
	char *dir[] = { "/tmp", NULL };
	char msg[1024];
	int status;

	/* Root may execute anything with an x bit, but not a 0644 file. */
	assert_true(spawn(argv, &status, msg, sizeof(msg)) < 0);
	assert_int_equal(status, 126);
	assert_non_null(strstr(msg, "Permission denied"));
	assert_true(spawn(dir, &status, msg, sizeof(msg)) < 0);
	assert_int_equal(status, 126);
	assert_non_null(strstr(msg, "Is a directory"));
	unlink(path);
	free(path);
}

/* Found, executable, yet execve(2) refuses it: the child reports 126. */
static void
test_spawn_exec_format(void **state)
{
	char *path = make_file(0755, "\x01\x02 not a program\n");
	char *argv[] = { path, NULL };
	char msg[1024];
	int status;

	assert_true(spawn(argv, &status, msg, sizeof(msg)) < 0);
	assert_int_equal(status, 126);
	assert_non_null(strstr(msg, "Exec format error"));
	unlink(path);
	free(path);
}

/* Any other failure of the sandbox is 125. */
static void
test_spawn_sandbox_failure(void **state)
{
	char *argv[] = { "/bin/true", NULL };
	struct sandbox *sb = sandbox_new();
	pid_t pid;

	assert_non_null(sb);
	assert_int_equal(sandbox_set_backend(sb, "none"), 0);
	assert_int_equal(sandbox_set_user(sb, "no_such_user_for_tests"), 0);
	assert_true(sandbox_spawn(sb, argv, &pid) < 0);
	assert_int_equal(sandbox_exit_status(sb), 125);
	sandbox_free(sb);
	/* Before any spawn, a failure is the sandbox's: 125. */
	assert_non_null(sb = sandbox_new());
	assert_true(sandbox_set_backend(sb, "nosuch") < 0);
	assert_int_equal(sandbox_exit_status(sb), 125);
	sandbox_free(sb);
}

/* sandbox_exec in a child: on failure it returns; we exit as told. */
static int
exec_status(char *prog)
{
	char *argv[] = { prog, NULL };
	struct sandbox *sb;
	pid_t pid;
	int ws;

	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		if ((sb = sandbox_new()) == NULL ||
		    sandbox_set_backend(sb, "none") < 0)
			_exit(99);
		sandbox_exec(sb, argv);
		_exit(sandbox_exit_status(sb));
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	return sandbox_status_from_wait(ws);
}

static void
test_exec_statuses(void **state)
{
	char *noexec = make_file(0644, "exit 0\n");

	assert_int_equal(exec_status("/nonexistent/prog"), 127);
	assert_int_equal(exec_status(noexec), 126);
	assert_int_equal(exec_status("/bin/true"), 0);
	unlink(noexec);
	free(noexec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_wait_exit),
		cmocka_unit_test(test_from_wait_signal),
		cmocka_unit_test(test_from_wait_stopped),
		cmocka_unit_test(test_spawn_runs),
		cmocka_unit_test(test_spawn_not_found),
		cmocka_unit_test(test_spawn_not_executable),
		cmocka_unit_test(test_spawn_exec_format),
		cmocka_unit_test(test_spawn_sandbox_failure),
		cmocka_unit_test(test_exec_statuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
