/*
 * test_namespace.c: the namespace backend's plan, built in the parent:
 * what the view holds, in which order, with which flags.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../backends/namespace.h"

static struct sandbox *
handle(const char *program)
{
	struct sandbox *sb = sandbox_new();

	assert_non_null(sb);
	assert_int_equal(sb_program_resolve(sb, program), 0);
	assert_int_equal(sb_program_env(sb), 0);
	return sb;
}

static const struct ns_entry *
entry(const struct ns_plan *p, const char *dst, unsigned links)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->e[i].dst, dst) == 0 &&
		    (p->e[i].flags & NS_LINKS) == links)
			return &p->e[i];
	return NULL;
}

static void
test_defaults_and_order(void **state)
{
	struct sandbox *sb = handle("/bin/true");
	struct ns_plan p;
	const struct ns_entry *e;
	size_t i;

	assert_int_equal(ns_plan_build(sb, &p), 0);
	assert_non_null(e = entry(&p, "/dev", 0));
	assert_true(e->flags & NS_DEV);
	assert_non_null(e = entry(&p, "/proc", 0));
	assert_true(e->flags & NS_PROC);
	assert_non_null(e = entry(&p, "/tmp", 0));
	assert_true((e->flags & (NS_TMPFS | NS_PUBLIC)) == (NS_TMPFS | NS_PUBLIC));
	/* The program, read-only and executable, at its canonical place. */
	assert_non_null(e = entry(&p, "/usr/bin/true", 0));
	assert_true((e->flags & (NS_RO | NS_EXEC)) == (NS_RO | NS_EXEC));
	assert_string_equal(e->src, "/usr/bin/true");
	/* A directory before what it holds. */
	for (i = 1; i < p.n; i++)
		assert_true(strcmp(p.e[i - 1].dst, p.e[i].dst) <= 0);
	/* Nothing binds the whole of /usr or /usr/lib. */
	assert_null(entry(&p, "/usr", 0));
	assert_null(entry(&p, "/usr/lib", 0));
	ns_plan_free(&p);
	sandbox_free(sb);
}

static void
test_symlinked_dirs_are_links(void **state)
{
	struct sandbox *sb = handle("/bin/true");
	struct ns_plan p;
	char real[4096];

	assert_int_equal(ns_plan_build(sb, &p), 0);
	/* /lib -> usr/lib on a merged /usr: a link to make, not a bind. */
	if (realpath("/lib", real) != NULL && strcmp(real, "/lib") != 0) {
		assert_null(entry(&p, real, 0));
		assert_non_null(entry(&p, real, NS_LINKS));
	}
	ns_plan_free(&p);
	sandbox_free(sb);
}

static void
test_unveil_letters(void **state)
{
	struct sandbox *sb = handle("/bin/true");
	struct ns_plan p;
	const struct ns_entry *e;

	assert_int_equal(sandbox_unveil(sb, "/etc", "r"), 0);
	assert_int_equal(sandbox_unveil(sb, "/var", "rwc"), 0);
	assert_int_equal(sandbox_unveil(sb, "/usr/share", "rx"), 0);
	assert_int_equal(sandbox_unveil(sb, "/nonexistent/x", "r"), 0);
	assert_int_equal(ns_plan_build(sb, &p), 0);
	assert_non_null(e = entry(&p, "/etc", 0));
	assert_int_equal(e->flags & (NS_RO | NS_EXEC), NS_RO);
	assert_non_null(e = entry(&p, "/var", 0));
	assert_int_equal(e->flags & (NS_RO | NS_EXEC), 0);
	assert_non_null(e = entry(&p, "/usr/share", 0));
	assert_int_equal(e->flags & (NS_RO | NS_EXEC), NS_RO | NS_EXEC);
	/* Not there: it does not exist inside either. */
	assert_null(entry(&p, "/nonexistent/x", 0));
	ns_plan_free(&p);
	sandbox_free(sb);
}

static void
test_user_tmp_replaces_private(void **state)
{
	struct sandbox *sb = handle("/bin/true");
	struct ns_plan p;
	const struct ns_entry *e;

	assert_int_equal(sandbox_unveil(sb, "/tmp", "rwc"), 0);
	assert_int_equal(ns_plan_build(sb, &p), 0);
	assert_non_null(e = entry(&p, "/tmp", 0));
	assert_false(e->flags & NS_TMPFS);
	assert_string_equal(e->src, "/tmp");
	ns_plan_free(&p);
	sandbox_free(sb);
}

/* The root unveiled: its entries, as asked, but the view's own. */
static void
test_unveil_root(void **state)
{
	struct sandbox *sb = handle("/bin/true");
	struct ns_plan p;
	const struct ns_entry *e;

	assert_int_equal(sandbox_unveil(sb, "/", "r"), 0);
	assert_int_equal(ns_plan_build(sb, &p), 0);
	assert_non_null(e = entry(&p, "/etc", 0));
	assert_true(e->flags & NS_RO);
	assert_non_null(e = entry(&p, "/tmp", 0));
	assert_true(e->flags & NS_TMPFS);
	assert_non_null(e = entry(&p, "/proc", 0));
	assert_true(e->flags & NS_PROC);
	assert_null(entry(&p, "/", 0));
	ns_plan_free(&p);
	sandbox_free(sb);
}

/* A relative path is the working directory's; no letters, no bind. */
static void
test_unveil_relative_and_empty(void **state)
{
	struct sandbox *sb = handle("/bin/true");
	struct ns_plan p;
	char cwd[PATH_MAX];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir("/usr/share"), 0);
	assert_int_equal(sandbox_unveil(sb, "doc", "r"), 0);
	assert_int_equal(sandbox_unveil(sb, "/var", ""), 0);
	assert_int_equal(ns_plan_build(sb, &p), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_non_null(entry(&p, "/usr/share/doc", 0));
	assert_null(entry(&p, "/var", 0));
	ns_plan_free(&p);
	sandbox_free(sb);
}

static void
test_refusals(void **state)
{
	struct sandbox *sb = handle("/bin/true");
	struct ns_plan p;

	assert_int_equal(sandbox_bind(sb, "/nonexistent/src", "/x", 0), 0);
	assert_int_equal(ns_plan_build(sb, &p), -ENOENT);
	assert_non_null(strstr(sandbox_error(sb), "/nonexistent/src"));
	ns_plan_free(&p);
	sandbox_free(sb);

	sb = handle("/bin/true");
	assert_int_equal(sandbox_bind(sb, "/nonexistent/src", "/x",
	    SANDBOX_BIND_TRY), 0);
	assert_int_equal(sandbox_tmpfs(sb, "/scratch"), 0);
	assert_int_equal(ns_plan_build(sb, &p), 0);
	assert_null(entry(&p, "/x", 0));
	assert_non_null(entry(&p, "/scratch", 0));
	ns_plan_free(&p);
	sandbox_free(sb);
}

static void
test_binds_elsewhere(void **state)
{
	struct sandbox *sb = handle("/bin/true");
	struct ns_plan p;
	const struct ns_entry *e;

	assert_int_equal(sandbox_bind(sb, "/etc", "/srv/etc",
	    SANDBOX_BIND_RW), 0);
	assert_int_equal(ns_plan_build(sb, &p), 0);
	assert_non_null(e = entry(&p, "/srv/etc", 0));
	assert_string_equal(e->src, "/etc");
	assert_false(e->flags & NS_RO);
	ns_plan_free(&p);
	sandbox_free(sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_order),
		cmocka_unit_test(test_symlinked_dirs_are_links),
		cmocka_unit_test(test_unveil_letters),
		cmocka_unit_test(test_user_tmp_replaces_private),
		cmocka_unit_test(test_unveil_root),
		cmocka_unit_test(test_unveil_relative_and_empty),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_binds_elsewhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
