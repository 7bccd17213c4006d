/*
 * test_chroot.c: the chroot backend through the library: a jail made on
 * demand holds the program, the files the configuration adds (and the
 * libraries of an executable among them), and nothing else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

static char dir[64], file[128], root[128];

static int
setup(void **state)
{
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/sb-chroot.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(file, sizeof(file), "%s/hello.txt", dir);
	snprintf(root, sizeof(root), "%s/jail", dir);
	if ((f = fopen(file, "w")) == NULL)
		return -1;
	fputs("hello\n", f);
	return fclose(f);
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Run sh -c script in the jail; the exit status as sandbox(1) gives it. */
static int
run(const char *script, const char *add)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	struct sandbox *sb;
	pid_t pid;
	int st = -1;

	assert_non_null(sb = sandbox_new());
	assert_int_equal(sandbox_set_backend(sb, "chroot"), 0);
	assert_int_equal(sandbox_set_root(sb, root), 0);
	if (add != NULL)
		assert_int_equal(sandbox_add_file(sb, add), 0);
	if (sandbox_spawn(sb, argv, &pid) < 0) {
		fprintf(stderr, "spawn: %s\n", sandbox_error(sb));
		sandbox_free(sb);
		return -1;
	}
	assert_int_equal(sandbox_wait(sb, pid, &st), 0);
	sandbox_free(sb);
	return st;
}

static void
test_files_enter_the_jail(void **state)
{
	char script[256], why[256];
	size_t i;

	for (i = 0; i < sandbox_backend_count(); i++)
		if (strcmp(sandbox_backend_name(i), "chroot") == 0)
			break;
	assert_true(i < sandbox_backend_count());
	if (sandbox_backend_probe(i, why, sizeof(why)) < 0)
		skip();
	snprintf(script, sizeof(script), "read x < %s && [ \"$x\" = hello ]",
	    file);
	assert_int_equal(run(script, file), 0);
	/* An executable among the files brings its libraries. */
	assert_int_equal(run("/usr/bin/cat /dev/null", "/usr/bin/cat"), 0);
	/* Not asked for: not there (another jail, same root, no files). */
	assert_int_equal(run("test -e /etc/shadow", NULL), 1);
	assert_int_equal(run("test -e /root", NULL), 1);
}

static void
test_bad_file(void **state)
{
	char *argv[] = { "/bin/true", NULL };
	struct sandbox *sb;
	pid_t pid;

	assert_non_null(sb = sandbox_new());
	assert_int_equal(sandbox_set_backend(sb, "chroot"), 0);
	assert_int_equal(sandbox_set_root(sb, root), 0);
	assert_int_equal(sandbox_add_file(sb, "/nonexistent/file"), 0);
	assert_true(sandbox_spawn(sb, argv, &pid) < 0);
	assert_non_null(strstr(sandbox_error(sb), "/nonexistent/file"));
	assert_int_equal(sandbox_exit_status(sb), 125);
	sandbox_free(sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files_enter_the_jail),
		cmocka_unit_test(test_bad_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
