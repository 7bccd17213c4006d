/*
 * test_runtime.c: the named run-time sets: every set found by name, the
 * expansion keeps only what exists, follows globs, and adds the target of
 * a symlink (a resolv.conf managed elsewhere).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"

static void
test_find(void **state)
{
	const struct sb_runtime_set *s;
	const char *names[] = { "dns", "users", "nss", "localtime", "tz",
	    "terminfo", "locale", "gconv", "libgcc", "ssl", "python", "perl" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_non_null(s = sb_runtime_find(names[i]));
		assert_string_equal(s->name, names[i]);
		assert_non_null(s->why);
		assert_non_null(s->paths[0]);
	}
	assert_null(sb_runtime_find("nosuch"));
	assert_null(sb_runtime_find(""));
}

/* Everything expanded exists, once; links bring their targets. */
static void
test_expand_exists(void **state)
{
	const struct sb_runtime_set *s;
	struct sb_strv out = { NULL, 0, 0 };
	char real[PATH_MAX];
	struct stat st;
	size_t i, k;

	for (s = sb_runtime_sets; s->name != NULL; s++) {
		assert_int_equal(sb_runtime_expand(s, &out), 0);
		for (i = 0; i < out.n; i++) {
			assert_int_equal(lstat(out.v[i], &st), 0);
			assert_null(strpbrk(out.v[i], "*?["));
			for (k = i + 1; k < out.n; k++)
				assert_string_not_equal(out.v[i], out.v[k]);
			if (S_ISLNK(st.st_mode) &&
			    realpath(out.v[i], real) != NULL)
				assert_true(sb_strv_contains(&out, real));
		}
		sb_strv_clear(&out);
	}
}

static void
test_dns(void **state)
{
	const struct sb_runtime_set *s = sb_runtime_find("dns");
	struct sb_strv out = { NULL, 0, 0 };
	char real[PATH_MAX];

	assert_int_equal(sb_runtime_expand(s, &out), 0);
	if (access("/etc/hosts", F_OK) == 0)
		assert_true(sb_strv_contains(&out, "/etc/hosts"));
	if (access("/etc/resolv.conf", F_OK) == 0) {
		assert_true(sb_strv_contains(&out, "/etc/resolv.conf"));
		assert_non_null(realpath("/etc/resolv.conf", real));
		assert_true(sb_strv_contains(&out, real));
	}
	sb_strv_clear(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_expand_exists),
		cmocka_unit_test(test_dns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
