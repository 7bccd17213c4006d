/*
 * test_rlimit.c: resource limits (core/rlimit.c): the names ulimit(1) and
 * systemd use, "SOFT[:HARD]" with sizes and infinity, the setter, and the
 * errors: an unknown name, a bad number, a soft limit above the hard.
 */
#include <sys/resource.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sb_internal.h"

static struct sandbox *
new_sb(void)
{
	struct sandbox *sb = sandbox_new();

	assert_non_null(sb);
	return sb;
}

static void
assert_limit(const struct sandbox *sb, int res, rlim_t soft, rlim_t hard)
{
	assert_true(sb->cfg.rlimit_set & (1U << res));
	assert_int_equal(sb->cfg.rlimit[res].rlim_cur, soft);
	assert_int_equal(sb->cfg.rlimit[res].rlim_max, hard);
}

static void
test_parse_good(void **state)
{
	struct sandbox *sb = new_sb();

	assert_int_equal(sb_rlimit_parse(sb, "nofile", "1024"), 0);
	assert_limit(sb, RLIMIT_NOFILE, 1024, 1024);
	assert_int_equal(sb_rlimit_parse(sb, "NOFILE", "512:4096"), 0);
	assert_limit(sb, RLIMIT_NOFILE, 512, 4096);
	assert_int_equal(sb_rlimit_parse(sb, "core", "0"), 0);
	assert_limit(sb, RLIMIT_CORE, 0, 0);
	assert_int_equal(sb_rlimit_parse(sb, "as", "1G"), 0);
	assert_limit(sb, RLIMIT_AS, 1ULL << 30, 1ULL << 30);
	assert_int_equal(sb_rlimit_parse(sb, "as", "512m:infinity"), 0);
	assert_limit(sb, RLIMIT_AS, 512ULL << 20, RLIM_INFINITY);
	assert_int_equal(sb_rlimit_parse(sb, "nproc", "64:unlimited"), 0);
	assert_limit(sb, RLIMIT_NPROC, 64, RLIM_INFINITY);
	assert_int_equal(sb_rlimit_parse(sb, "stack", "8K"), 0);
	assert_limit(sb, RLIMIT_STACK, 8192, 8192);
	assert_false(sb->cfg.rlimit_set & (1U << RLIMIT_CPU));
	sandbox_free(sb);
}

static void
expect_bad(const char *name, const char *spec, const char *msg)
{
	struct sandbox *sb = new_sb();

	assert_int_equal(sb_rlimit_parse(sb, name, spec), -EINVAL);
	if (strstr(sandbox_error(sb), msg) == NULL)
		fail_msg("%s=%s: '%s' lacks '%s'", name, spec,
		    sandbox_error(sb), msg);
	assert_int_equal(sb->cfg.rlimit_set, 0);
	sandbox_free(sb);
}

static void
test_parse_bad(void **state)
{
	expect_bad("nofiles", "10", "unknown limit 'nofiles'");
	expect_bad("", "10", "unknown limit ''");
	expect_bad("nofile", "", "bad value ''");
	expect_bad("nofile", "ten", "bad value 'ten'");
	expect_bad("nofile", "-1", "bad value '-1'");
	expect_bad("nofile", "1K", "bad value '1K'");	/* a count, no size */
	expect_bad("nofile", "10:", "bad value '10:'");
	expect_bad("nofile", "10:20:30", "bad value '10:20:30'");
	expect_bad("nofile", " 10", "bad value ' 10'");
	expect_bad("as", "1Q", "bad value '1Q'");
	expect_bad("as", "1GB", "bad value '1GB'");
	expect_bad("nofile", "200:100", "soft limit 200 is above the hard "
	    "limit 100");
	expect_bad("core", "infinity:0", "soft limit infinity is above");
}

static void
test_parse_range(void **state)
{
	struct sandbox *sb = new_sb();

	assert_int_equal(sb_rlimit_parse(sb, "nofile",
	    "99999999999999999999999"), -ERANGE);
	assert_int_equal(sb_rlimit_parse(sb, "as", "99999999999E"), -ERANGE);
	assert_int_equal(sb_rlimit_parse(sb, "as", "16E"), -ERANGE);
	assert_int_equal(sb->cfg.rlimit_set, 0);
	sandbox_free(sb);
}

static void
test_setter(void **state)
{
	struct sandbox *sb = new_sb();
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(sandbox_set_rlimit(sb, RLIMIT_NOFILE, 10, 20), 0);
	assert_limit(sb, RLIMIT_NOFILE, 10, 20);
	assert_int_equal(sandbox_set_rlimit(sb, 999, 1, 1), -EINVAL);
	assert_int_equal(sandbox_set_rlimit(sb, -1, 1, 1), -EINVAL);
	assert_int_equal(sandbox_set_rlimit(sb, RLIMIT_CORE, 2, 1), -EINVAL);
	assert_int_equal(sandbox_set_rlimit(sb, RLIMIT_CORE, 0,
	    RLIM_INFINITY), 0);
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(sandbox_describe(sb, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "rlimit        core 0:infinity\n"));
	assert_non_null(strstr(buf, "              nofile 10:20\n"));
	free(buf);
	sandbox_free(sb);
}

/* The library's setter reaches the program, or the spawn is refused. */
static void
test_spawn(void **state)
{
	char *argv[] = { "/bin/sh", "-c",
	    "test \"$(ulimit -n) $(ulimit -Hn)\" = \"77 88\"", NULL };
	char *plain[] = { "/bin/true", NULL };
	struct sandbox *sb = new_sb();
	pid_t pid;
	int status;

	assert_int_equal(sandbox_set_backend(sb, "none"), 0);
	assert_int_equal(sandbox_set_rlimit(sb, RLIMIT_NOFILE, 77, 88), 0);
	assert_int_equal(sandbox_spawn(sb, argv, &pid), 0);
	assert_int_equal(sandbox_wait(sb, pid, &status), 0);
	assert_int_equal(status, 0);
	/* Above fs.nr_open: no one may, the spawn says which limit. */
	assert_int_equal(sandbox_set_rlimit(sb, RLIMIT_NOFILE, RLIM_INFINITY,
	    RLIM_INFINITY), 0);
	assert_true(sandbox_spawn(sb, plain, &pid) < 0);
	assert_int_equal(sandbox_exit_status(sb), 125);
	assert_non_null(strstr(sandbox_error(sb), "rlimit nofile"));
	sandbox_free(sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_range),
		cmocka_unit_test(test_setter),
		cmocka_unit_test(test_spawn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
