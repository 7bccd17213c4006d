/*
 * test_learn.c: the parts of `sandbox learn` that need no process to
 * watch: path cleaning, the record's encoding, sensitive paths, the
 * collapse of files into directories, and a policy written then read back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "learn_write.h"
#include "promises.h"

static void
clean(const char *in, const char *want)
{
	char buf[256];

	strcpy(buf, in);
	sb_learn_clean(buf);
	assert_string_equal(buf, want);
}

static void
test_clean(void **state)
{
	clean("/a/./b/../c//d", "/a/c/d");
	clean("/..", "/");
	clean("/a/b/..", "/a");
	clean("//", "/");
	clean("/usr/lib/", "/usr/lib");
}

static void
test_encode(void **state)
{
	const char *in = "/tmp/a b%c]]\nd";
	char *buf = NULL, *copy;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sb_learn_encode(f, in);
	fclose(f);
	assert_null(strpbrk(buf, " \n]"));
	copy = strdup(buf);
	assert_int_equal(sb_learn_decode(copy), 0);
	assert_string_equal(copy, in);
	assert_int_equal(sb_learn_decode(strcpy(copy, "%00")), -22);
	free(copy);
	free(buf);
}

static void
test_sensitive(void **state)
{
	assert_non_null(sb_learn_sensitive("/etc/shadow"));
	assert_non_null(sb_learn_sensitive("/home/u/.ssh/id_ed25519"));
	assert_non_null(sb_learn_sensitive("/etc/ssl/private/site.key"));
	assert_non_null(sb_learn_sensitive("/srv/app/tls.key"));
	assert_null(sb_learn_sensitive("/usr/lib/python3.11/tokenize.py"));
	assert_null(sb_learn_sensitive("/etc/passwd"));
	assert_true(sb_learn_covers_sensitive("/"));
	assert_true(sb_learn_covers_sensitive("/etc"));
	assert_true(sb_learn_covers_sensitive("/usr/lib"));
	assert_true(sb_learn_covers_sensitive("/etc/ssl"));
	assert_false(sb_learn_covers_sensitive("/usr/lib/python3.11"));
}

static bool
has_rule(const struct sb_learn_rules *rs, const char *path, unsigned perms)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].path, path) == 0)
			return rs->v[i].perms == perms;
	return false;
}

static void
test_collapse(void **state)
{
	struct sb_learn_rules rs = { 0 };
	const unsigned R = SANDBOX_UNVEIL_R, W = SANDBOX_UNVEIL_W;
	char dir[] = "/tmp/test_learn.XXXXXX", path[256];
	const char *names[] = { "a", "b", "c", "sub/x", "sub/y", "sub/z" };
	size_t i;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sub", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_int_equal(sb_learn_rules_add(&rs, path, R, 0, 1), 0);
	}
	snprintf(path, sizeof(path), "%s/out", dir);
	assert_int_equal(sb_learn_rules_add(&rs, path, W, 0, 1), 0);
	/* /etc is never a collapse target, however much is read there. */
	assert_int_equal(sb_learn_rules_add(&rs, "/etc/passwd", R, 0, 1), 0);
	assert_int_equal(sb_learn_rules_add(&rs, "/etc/group", R, 0, 1), 0);
	assert_int_equal(sb_learn_rules_add(&rs, "/etc/hosts", R, 0, 1), 0);
	assert_int_equal(sb_learn_collapse(&rs), 0);
	assert_true(has_rule(&rs, dir, R));
	assert_true(has_rule(&rs, path, W));	/* writes stay exact */
	assert_true(has_rule(&rs, "/etc/passwd", R));
	assert_true(has_rule(&rs, "/etc/hosts", R));
	assert_int_equal(rs.n, 5);
	sb_learn_rules_free(&rs);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

static void
test_roundtrip(void **state)
{
	struct sandbox *sb = sandbox_new();
	struct sb_learn *a = sb_learn_new(), *b = sb_learn_new();
	char file[] = "/tmp/test_learn.lua.XXXXXX";
	struct sb_learn_path *p;
	FILE *f;
	int fd;

	assert_non_null(sb);
	a->program = strdup("/bin/cat");
	assert_int_equal(sb_strv_push(&a->args, "a file"), 0);
	assert_int_equal(sb_strv_push(&a->runs, "/bin/cat 'a file'"), 0);
	assert_int_equal(sb_learn_path(a, "/etc/hostname", SANDBOX_UNVEIL_R,
	    0), 0);
	assert_int_equal(sb_learn_path(a, "/tmp/odd name]", SANDBOX_UNVEIL_W |
	    SANDBOX_UNVEIL_C, SB_LP_CREATED), 0);
	a->promises = SB_PBIT(SB_P_RPATH);
	assert_int_equal(sb_learn_port(a, true, 8080), 0);
	a->inet = true;
	assert_true((fd = mkstemp(file)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	assert_int_equal(sb_learn_write(sb, a, f), 0);
	fclose(f);
	assert_int_equal(sb_learn_read(sb, b, file), 0);
	assert_string_equal(b->program, "/bin/cat");
	assert_int_equal(b->args.n, 1);
	assert_string_equal(b->args.v[0], "a file");
	assert_non_null(p = sb_learn_lookup(b, "/tmp/odd name]"));
	assert_int_equal(p->perms, SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C);
	assert_int_equal(p->how, SB_LP_CREATED);
	assert_non_null(sb_learn_lookup(b, "/etc/hostname"));
	assert_true(b->promises & SB_PBIT(SB_P_RPATH));
	assert_int_equal(b->nbind, 1);
	assert_int_equal(b->bind_port[0], 8080);
	assert_true(b->inet);
	/* A file without a record is refused, not half-read. */
	f = fopen(file, "w");
	fputs("return {}\n", f);
	fclose(f);
	assert_int_equal(sb_learn_read(sb, b, file), -22);
	unlink(file);
	sb_learn_free(a);
	sb_learn_free(b);
	sandbox_free(sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_sensitive),
		cmocka_unit_test(test_collapse),
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
