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
	a->other_proc = 7;
	a->child_proc = 2;
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
	assert_int_equal(b->other_proc, 7);
	assert_int_equal(b->child_proc, 2);
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

/* The policy sb_learn_write makes of l, as a string to free. */
static char *
policy_of(struct sb_learn *l)
{
	struct sandbox *sb = sandbox_new();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(sb);
	assert_non_null(f);
	if (l->program == NULL)
		l->program = strdup("/bin/true");
	assert_int_equal(sb_learn_write(sb, l, f), 0);
	fclose(f);
	sandbox_free(sb);
	return buf;
}

/* The files = { ... } part of a policy. */
static char *
files_of(const char *policy)
{
	const char *a = strstr(policy, "  files = {\n"), *b;

	assert_non_null(a);
	assert_non_null(b = strstr(a, "\n  },\n"));
	return strndup(a, (size_t)(b - a));
}

static bool
has_line(const char *text, const char *fmt, const char *dir)
{
	char want[512];

	snprintf(want, sizeof(want), fmt, dir);
	return strstr(text, want) != NULL;
}

static void
rm_rf(const char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
put(const char *dir, const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
}

/*
 * What the program made is granted on the directory it was made in (the
 * nearest one it did not make), never on itself: it may be gone when the
 * policy is used. A file that was there and only written keeps its rule.
 */
static void
test_created(void **state)
{
	const unsigned W = SANDBOX_UNVEIL_W, C = SANDBOX_UNVEIL_C;
	struct sb_learn *l = sb_learn_new();
	char dir[] = "/tmp/test_learn.XXXXXX", p[256], *out;
	char kept[] = "/tmp/test_learn.XXXXXX";

	assert_non_null(mkdtemp(dir));
	assert_non_null(mkdtemp(kept));
	put(kept, "old");
	/* Still there when the policy is written, as after a real run. */
	put(dir, "f");
	assert_int_equal(mkdir(strcat(strcpy(p, dir), "/made"), 0700), 0);
	put(dir, "made/g");
	sb_learn_path(l, dir, C, 0);
	snprintf(p, sizeof(p), "%s/f", dir);
	sb_learn_path(l, p, W, SB_LP_CREATED);
	snprintf(p, sizeof(p), "%s/made", dir);
	sb_learn_path(l, p, C, SB_LP_CREATED);	/* mkdir made, g in it */
	snprintf(p, sizeof(p), "%s/made/g", dir);
	sb_learn_path(l, p, SANDBOX_UNVEIL_R | W, SB_LP_CREATED);
	snprintf(p, sizeof(p), "%s/old", kept);
	sb_learn_path(l, p, W, 0);
	out = policy_of(l);
	assert_true(has_line(out, "[\"%s\"] = \"rwc\",", dir));
	assert_false(has_line(out, "[\"%s/f\"]", dir));
	assert_false(has_line(out, "[\"%s/made", dir));
	assert_true(has_line(out, "[\"%s/old\"] = \"w\",", kept));
	assert_false(has_line(out, "[\"%s\"]", kept));
	free(out);
	sb_learn_free(l);
	rm_rf(dir);
	rm_rf(kept);
}

/* files are read-only binds: nothing the program writes, or writes by. */
static void
test_files_not_written(void **state)
{
	const unsigned R = SANDBOX_UNVEIL_R, W = SANDBOX_UNVEIL_W;
	struct sb_learn *l = sb_learn_new();
	char dir[] = "/tmp/test_learn.XXXXXX", p[256], *out, *files;

	assert_non_null(mkdtemp(dir));
	put(dir, "db");
	put(dir, "conf");
	sb_learn_path(l, dir, SANDBOX_UNVEIL_C, 0);
	snprintf(p, sizeof(p), "%s/db", dir);
	sb_learn_path(l, p, R | W, 0);
	snprintf(p, sizeof(p), "%s/db-journal", dir);
	sb_learn_path(l, p, R | W, SB_LP_CREATED);
	snprintf(p, sizeof(p), "%s/conf", dir);
	sb_learn_path(l, p, R, 0);
	sb_learn_path(l, "/etc/hostname", R, 0);
	out = policy_of(l);
	files = files_of(out);
	assert_false(has_line(files, "\"%s/db\",", dir));
	assert_false(has_line(files, "\"%s/conf\",", dir));
	assert_non_null(strstr(files, "\"/etc/hostname\","));
	assert_true(has_line(out, "[\"%s\"] = \"rwc\",", dir));
	free(files);
	free(out);
	sb_learn_free(l);
	rm_rf(dir);
}

/* No pid in a policy: /proc/self needs no rule, a scan gets /proc r. */
static void
test_proc(void **state)
{
	const unsigned R = SANDBOX_UNVEIL_R;
	struct sb_learn *l = sb_learn_new();
	char *out;

	sb_learn_path(l, "/proc/self/status", R, 0);
	sb_learn_path(l, "/proc/4242/stat", R, 0);	/* an old record's */
	sb_learn_path(l, "/dev/fd/3", R, 0);
	sb_learn_path(l, "/dev/fd", R, SB_LP_LIST);
	out = policy_of(l);
	assert_null(strstr(out, "[\"/proc"));
	assert_null(strstr(out, "\"/proc/4242"));
	assert_null(strstr(out, "[\"/dev/fd"));
	assert_non_null(strstr(out, "its own /proc/self"));
	free(out);
	l->other_proc = 3;			/* read, /proc not listed */
	out = policy_of(l);
	assert_null(strstr(out, "    [\"/proc\"] = \"r\","));
	assert_non_null(strstr(out, "not unveiled: 3 entries"));
	free(out);
	sb_learn_path(l, "/proc", R, SB_LP_LIST);	/* as ps does */
	out = policy_of(l);
	assert_non_null(strstr(out, "[\"/proc\"] = \"r\","));
	assert_null(strstr(out, "[\"/proc/"));
	free(out);
	sb_learn_free(l);
	l = sb_learn_new();
	l->child_proc = 1;		/* a child's own: Landlock's is per process */
	out = policy_of(l);
	assert_non_null(strstr(out, "[\"/proc\"] = \"r\","));
	free(out);
	sb_learn_free(l);
}

/* A deeper rule carries the letters Landlock grants it anyway. */
static void
test_widen(void **state)
{
	struct sb_learn_rules rs = { 0 };
	const unsigned R = SANDBOX_UNVEIL_R, W = SANDBOX_UNVEIL_W,
	    C = SANDBOX_UNVEIL_C;
	char dir[] = "/tmp/test_learn.XXXXXX", f[256], sub[256];

	assert_non_null(mkdtemp(dir));
	put(dir, "in");
	snprintf(f, sizeof(f), "%s/in", dir);
	snprintf(sub, sizeof(sub), "%s/out", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(sb_learn_rules_add(&rs, dir, R, SB_LP_LIST, 1), 0);
	assert_int_equal(sb_learn_rules_add(&rs, sub, W | C, 0, 1), 0);
	assert_int_equal(sb_learn_collapse(&rs), 0);
	assert_true(has_rule(&rs, sub, R | W | C));
	sb_learn_rules_free(&rs);
	assert_int_equal(sb_learn_rules_add(&rs, dir, W | C, 0, 1), 0);
	assert_int_equal(sb_learn_rules_add(&rs, f, R, 0, 1), 0);
	assert_int_equal(sb_learn_collapse(&rs), 0);
	assert_true(has_rule(&rs, f, R | W));	/* c: a directory's right */
	sb_learn_rules_free(&rs);
	rm_rf(dir);
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
		cmocka_unit_test(test_created),
		cmocka_unit_test(test_files_not_written),
		cmocka_unit_test(test_proc),
		cmocka_unit_test(test_widen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
