/*
 * test_jail.c: building and refreshing a jail from files made here: links
 * or copies, symlinks kept, setuid stripped, a directory's contents, the
 * manifest, a sync that changes nothing, an update, a removal, a build
 * that fails half way and changes nothing; a jail found up to date from
 * its manifest alone, and every change that must still be found.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail.h"
#include "jail_int.h"

static char dir[64], src[128], jail[128];

static void
put(const char *name, const char *text, mode_t mode)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", src, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int
setup(void **state)
{
	char path[256];

	snprintf(dir, sizeof(dir), "/tmp/sb-jail.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(src, sizeof(src), "%s/src", dir);
	snprintf(jail, sizeof(jail), "%s/jail", dir);
	if (mkdir(src, 0755) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/sub", src);
	if (mkdir(path, 0750) < 0)
		return -1;
	put("a.txt", "alpha\n", 0644);
	put("sub/b.txt", "beta\n", 0600);
	put("sub/c.txt", "gamma\n", 0644);
	put("suid", "not really a program\n", 04755);
	snprintf(path, sizeof(path), "%s/link", src);
	return symlink("a.txt", path);
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int
build(struct sb_jail_stats *st)
{
	struct sb_jail_spec spec;
	char err[512];
	int r;

	memset(&spec, 0, sizeof(spec));
	sb_strv_pushf(&spec.files, "%s/link", src);
	sb_strv_pushf(&spec.files, "%s/sub", src);
	sb_strv_pushf(&spec.files, "%s/suid", src);
	r = sb_jail_build(jail, &spec, st, err, sizeof(err));
	if (r < 0)
		fprintf(stderr, "%s\n", err);
	sb_jail_spec_free(&spec);
	return r;
}

static void
jstat(const char *name, struct stat *st)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s/%s", jail, src, name);
	assert_int_equal(lstat(path, st), 0);
}

static void
test_build(void **state)
{
	struct sb_jail_stats st;
	struct stat a, b;
	char path[512], target[64];
	ssize_t n;

	assert_int_equal(build(&st), 0);
	/* link, a.txt, sub/b.txt, sub/c.txt, suid. */
	assert_int_equal(st.files, 5);
	assert_int_equal(st.symlinks, 1);
	assert_int_equal(st.linked + st.copied, 4);
	assert_int_equal(st.updated, 0);
	assert_int_equal(st.unchanged, 0);
	snprintf(path, sizeof(path), "%s%s/link", jail, src);
	assert_true((n = readlink(path, target, sizeof(target) - 1)) > 0);
	target[n] = '\0';
	assert_string_equal(target, "a.txt");
	jstat("suid", &a);
	assert_int_equal(a.st_mode & 07777, 0755);
	snprintf(path, sizeof(path), "%s/suid", src);
	assert_int_equal(lstat(path, &b), 0);
	assert_true(a.st_ino != b.st_ino);
	jstat("sub", &a);
	assert_true(S_ISDIR(a.st_mode));
	assert_int_equal(a.st_mode & 0777, 0750);
	snprintf(path, sizeof(path), "%s/dev/null", jail);
	assert_int_equal(lstat(path, &a), 0);
	snprintf(path, sizeof(path), "%s/tmp", jail);
	assert_int_equal(lstat(path, &a), 0);
	assert_int_equal(a.st_mode & 07777, 01777);
	snprintf(path, sizeof(path), "%s/%s", jail, SB_JAIL_MANIFEST);
	assert_int_equal(access(path, R_OK), 0);
}

static void
test_sync_nothing(void **state)
{
	struct sb_jail_stats st;
	char err[512];

	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), 0);
	assert_int_equal(st.updated, 0);
	assert_int_equal(st.removed, 0);
	assert_int_equal(st.linked + st.copied + st.symlinks, 0);
	assert_int_equal(st.unchanged, 5);
}

static void
test_sync_update(void **state)
{
	struct sb_jail_stats st;
	char err[512], path[512], buf[16] = "";
	FILE *f;

	/* Replaced as a package manager does: a new file renamed over. */
	put("sub/c.new", "gamma 2\n", 0644);
	snprintf(path, sizeof(path), "%s/sub/c.new", src);
	snprintf(err, sizeof(err), "%s/sub/c.txt", src);
	assert_int_equal(rename(path, err), 0);
	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), 0);
	assert_int_equal(st.updated, 1);
	assert_int_equal(st.unchanged, 4);
	snprintf(path, sizeof(path), "%s%s/sub/c.txt", jail, src);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "gamma 2\n");
}

/* A copy changed inside the jail is stale: sync puts the host's back. */
static void
test_sync_repairs_copy(void **state)
{
	struct sb_jail_stats st;
	char err[512], path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s/suid", jail, src);
	assert_non_null(f = fopen(path, "r+"));
	fputs("NOT", f);
	fclose(f);
	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), 0);
	assert_int_equal(st.updated, 1);
	assert_int_equal(st.copied, 1);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(err, sizeof(err), f));
	fclose(f);
	assert_string_equal(err, "not really a program\n");
}

static void
test_sync_remove(void **state)
{
	struct sb_jail_stats st;
	char err[512], path[512];

	snprintf(path, sizeof(path), "%s/sub/b.txt", src);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), 0);
	assert_int_equal(st.removed, 1);
	assert_int_equal(st.updated, 0);
	snprintf(path, sizeof(path), "%s%s/sub/b.txt", jail, src);
	assert_int_equal(access(path, F_OK), -1);
}

/* Named users: passwd and group made for them (and root), kept on sync. */
static void
test_users(void **state)
{
	struct sb_jail_spec spec;
	struct sb_jail_stats st;
	char err[512], path[512], line[256];
	FILE *f;
	int n = 0;

	memset(&spec, 0, sizeof(spec));
	sb_strv_push(&spec.users, "0");
	assert_int_equal(sb_jail_build(jail, &spec, &st, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/etc/passwd", jail);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		if (n++ == 0)
			assert_int_equal(strncmp(line, "root:x:0:0:", 11), 0);
		else
			assert_int_equal(strncmp(line, "nobody:", 7), 0);
	fclose(f);
	assert_true(n >= 1 && n <= 2);
	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), 0);
	assert_int_equal(st.updated, 0);
	assert_int_equal(st.copied, 0);
	sb_jail_spec_free(&spec);
	sb_strv_push(&spec.users, "no_such_user_x");
	assert_int_equal(sb_jail_build(jail, &spec, &st, err, sizeof(err)),
	    -ENOENT);
	assert_non_null(strstr(err, "no user 'no_such_user_x'"));
	sb_jail_spec_free(&spec);
}

static void
test_bad_manifest(void **state)
{
	struct sb_jail_stats st;
	char err[512], path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", jail, SB_JAIL_MANIFEST);
	assert_non_null(f = fopen(path, "w"));
	fputs("sandbox-jail 1\nprogram /bin/true\nx y z\n", f);
	fclose(f);
	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "manifest:3: not a jail manifest"));
	assert_int_equal(sb_jail_sync("/nonexistent", &st, err, sizeof(err)),
	    -ENOENT);
}

static void
test_bad_spec(void **state)
{
	struct sb_jail_spec spec;
	struct sb_jail_stats st;
	char err[512];

	memset(&spec, 0, sizeof(spec));
	sb_strv_push(&spec.files, "relative/path");
	assert_int_equal(sb_jail_build(jail, &spec, &st, err, sizeof(err)),
	    -EINVAL);
	assert_non_null(strstr(err, "not an absolute path"));
	sb_jail_spec_free(&spec);
	sb_strv_push(&spec.runtime, "nosuchset");
	assert_int_equal(sb_jail_build(jail, &spec, &st, err, sizeof(err)),
	    -EINVAL);
	assert_non_null(strstr(err, "unknown runtime set 'nosuchset'"));
	assert_int_equal(sb_jail_build("/", &spec, &st, err, sizeof(err)),
	    -EINVAL);
	sb_jail_spec_free(&spec);
}

/* A non-empty directory that is no jail keeps its files. */
static void
test_not_a_jail(void **state)
{
	struct sb_jail_spec spec;
	struct sb_jail_stats st;
	char err[512], other[256], path[512];
	struct stat sst;
	FILE *f;

	memset(&spec, 0, sizeof(spec));
	snprintf(other, sizeof(other), "%s/other", dir);
	assert_int_equal(mkdir(other, 0755), 0);
	snprintf(path, sizeof(path), "%s/bin", other);
	assert_non_null(f = fopen(path, "w"));
	fputs("notes\n", f);
	fclose(f);
	sb_strv_pushf(&spec.files, "%s/sub", src);
	assert_int_equal(sb_jail_build(other, &spec, &st, err, sizeof(err)),
	    -EEXIST);
	assert_non_null(strstr(err, "not a jail built by sandbox"));
	assert_int_equal(lstat(path, &sst), 0);
	assert_true(S_ISREG(sst.st_mode));
	snprintf(path, sizeof(path), "%s/.sandbox", other);
	assert_int_equal(lstat(path, &sst), -1);
	sb_jail_spec_free(&spec);
}

/* A jail others may change, or whose .sandbox is a link, is refused. */
static void
test_untrusted(void **state)
{
	struct sb_jail_stats st;
	char err[512], dot[256], moved[256];

	assert_int_equal(chmod(jail, 0775), 0);
	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "writable by group or others"));
	assert_int_equal(chmod(jail, 0755), 0);
	snprintf(dot, sizeof(dot), "%s/.sandbox", jail);
	snprintf(moved, sizeof(moved), "%s/moved", dir);
	assert_int_equal(rename(dot, moved), 0);
	assert_int_equal(symlink(moved, dot), 0);
	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), -ELOOP);
	assert_non_null(strstr(err, "symlink"));
	assert_int_equal(unlink(dot), 0);
	assert_int_equal(rename(moved, dot), 0);
	assert_int_equal(sb_jail_sync(jail, &st, err, sizeof(err)), 0);
}

static char *
slurp(const char *path)
{
	static char buf[65536];
	FILE *f;
	size_t n;

	assert_non_null(f = fopen(path, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strdup(buf);
}

/*
 * All or nothing: a build that fails half way (here on a path it cannot
 * take, after a new directory and file were staged) leaves the jail and
 * its manifest as they were, with no new directory and an empty stage.
 */
static void
spec_of(struct sb_jail_spec *spec, bool more)
{
	memset(spec, 0, sizeof(*spec));
	sb_strv_pushf(&spec->files, "%s/link", src);
	sb_strv_pushf(&spec->files, "%s/sub", src);
	sb_strv_pushf(&spec->files, "%s/suid", src);
	if (!more)
		return;
	sb_strv_pushf(&spec->files, "%s/0dir", src);
	sb_strv_pushf(&spec->files, "%s/bad\nname", src);
}

static void
test_failed_build_changes_nothing(void **state)
{
	struct sb_jail_spec spec;
	struct sb_jail_stats st;
	char err[512], path[512], j2[256], *before, *after;
	struct stat sb;

	snprintf(j2, sizeof(j2), "%s/jail2", dir);
	spec_of(&spec, false);
	assert_int_equal(sb_jail_build(j2, &spec, &st, err, sizeof(err)), 0);
	sb_jail_spec_free(&spec);
	snprintf(path, sizeof(path), "%s/.sandbox/manifest", j2);
	before = slurp(path);
	snprintf(path, sizeof(path), "%s/0dir", src);
	assert_int_equal(mkdir(path, 0755), 0);
	put("0dir/new.txt", "new\n", 0644);
	put("bad\nname", "bad\n", 0644);
	spec_of(&spec, true);
	assert_true(sb_jail_build(j2, &spec, &st, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "newline"));
	sb_jail_spec_free(&spec);
	snprintf(path, sizeof(path), "%s/.sandbox/manifest", j2);
	after = slurp(path);
	assert_string_equal(before, after);
	snprintf(path, sizeof(path), "%s%s/0dir", j2, src);
	assert_int_equal(lstat(path, &sb), -1);
	snprintf(path, sizeof(path), "%s/.sandbox/stage/0", j2);
	assert_int_equal(lstat(path, &sb), -1);
	free(before);
	free(after);
	snprintf(path, sizeof(path), "%s/bad\nname", src);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sb_jail_sync(j2, &st, err, sizeof(err)), 0);
	assert_int_equal(st.updated + st.linked + st.copied + st.symlinks, 0);
}

/* jf, the jail of test_fresh, built for spec_of(); 1 when it is fresh. */
static char jf[256];

static int
fresh_as(const struct sb_jail_spec *spec)
{
	struct sb_jail_stats st;

	return jail_fresh(jf, spec, &st);
}

static int
fresh(void)
{
	struct sb_jail_spec spec;
	int r;

	spec_of(&spec, false);
	r = fresh_as(&spec);
	sb_jail_spec_free(&spec);
	return r;
}

/* A full build of jf; what it did, in st. */
static void
rebuild(struct sb_jail_stats *st)
{
	struct sb_jail_spec spec;
	char err[512];

	spec_of(&spec, false);
	assert_int_equal(sb_jail_build(jf, &spec, st, err, sizeof(err)), 0);
	sb_jail_spec_free(&spec);
}

static void
jpath(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s%s/%s", jf, src, name);
}

/*
 * The fast path is a cache: an unchanged jail is fresh, with the stats a
 * build that changed nothing gives, and a build then changes nothing.
 */
static void
test_fresh_hit(void **state)
{
	struct sb_jail_stats st, fst;
	struct sb_jail_spec spec;

	snprintf(jf, sizeof(jf), "%s/jailf", dir);
	rebuild(&st);
	assert_int_equal(fresh(), 1);
	spec_of(&spec, false);
	assert_int_equal(jail_fresh(jf, &spec, &fst), 1);
	sb_jail_spec_free(&spec);
	assert_int_equal(fst.unchanged, st.files);
	assert_int_equal(fst.files, st.files);
	assert_int_equal(fst.bytes, st.bytes);
	assert_int_equal(fst.dirs, st.dirs);
	assert_string_equal(fst.dev, st.dev);
	rebuild(&st);
	assert_int_equal(st.linked + st.copied + st.symlinks + st.updated, 0);
	/* The trust checks stay: a jail others may write is not fresh. */
	assert_int_equal(chmod(jf, 0775), 0);
	assert_int_equal(fresh(), 0);
	assert_int_equal(chmod(jf, 0755), 0);
	assert_int_equal(fresh(), 1);
}

/* A host file replaced (a new inode, as apt does), or changed in place. */
static void
test_fresh_host_changes(void **state)
{
	struct sb_jail_stats st;
	char from[256], to[256];
	FILE *f;

	put("a.new", "alpha\n", 0644);
	snprintf(from, sizeof(from), "%s/a.new", src);
	snprintf(to, sizeof(to), "%s/a.txt", src);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(fresh(), 0);
	rebuild(&st);
	assert_int_equal(st.updated, 1);
	assert_int_equal(fresh(), 1);
	/* The same size, another time. */
	assert_non_null(f = fopen(to, "r+"));
	fputs("ALPHA", f);
	fclose(f);
	assert_int_equal(fresh(), 0);
	rebuild(&st);
	assert_int_equal(st.updated, 1);
	assert_int_equal(fresh(), 1);
	/* An entry added to a directory the jail holds. */
	put("sub/new.txt", "new\n", 0644);
	assert_int_equal(fresh(), 0);
	rebuild(&st);
	assert_int_equal(st.linked + st.copied, 1);
	assert_int_equal(fresh(), 1);
}

/* A copy written in the jail, its size and times set back: its ctime. */
static void
test_fresh_copy_set_back(void **state)
{
	struct sb_jail_stats st;
	struct timespec times[2];
	char path[512];
	struct stat sb;
	FILE *f;

	jpath(path, sizeof(path), "suid");
	assert_int_equal(lstat(path, &sb), 0);
	times[0] = sb.st_atim;
	times[1] = sb.st_mtim;
	assert_non_null(f = fopen(path, "r+"));
	fputs("NOT", f);
	fclose(f);
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	assert_int_equal(lstat(path, &sb), 0);
	assert_int_equal(sb.st_mtim.tv_sec, times[1].tv_sec);
	assert_int_equal(fresh(), 0);
	rebuild(&st);
	assert_int_equal(st.copied, 1);
	assert_int_equal(fresh(), 1);
}

/* A file or a directory of the jail replaced by a link to the host's. */
static void
test_fresh_jail_links(void **state)
{
	struct sb_jail_stats st;
	char path[512], host[256], moved[512];

	jpath(path, sizeof(path), "a.txt");
	snprintf(host, sizeof(host), "%s/a.txt", src);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(host, path), 0);
	assert_int_equal(fresh(), 0);
	rebuild(&st);
	assert_int_equal(st.updated, 1);
	assert_int_equal(fresh(), 1);
	jpath(path, sizeof(path), "sub");
	snprintf(moved, sizeof(moved), "%s/moved-sub", jf);
	snprintf(host, sizeof(host), "%s/sub", src);
	assert_int_equal(rename(path, moved), 0);
	assert_int_equal(symlink(host, path), 0);
	assert_int_equal(fresh(), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rename(moved, path), 0);
	assert_int_equal(fresh(), 1);
	/*
	 * A link of the jail's pointed elsewhere (a target of the same
	 * length); the host's is as it was.
	 */
	jpath(path, sizeof(path), "link");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("../..", path), 0);
	assert_int_equal(fresh(), 0);
	rebuild(&st);
	assert_int_equal(st.symlinks, 1);
	assert_int_equal(fresh(), 1);
}

/* Another spec than the one recorded is never fresh. */
static void
test_fresh_spec(void **state)
{
	struct sb_jail_spec spec;

	spec_of(&spec, false);
	assert_int_equal(fresh_as(&spec), 1);
	assert_int_equal(sb_strv_push(&spec.programs, "/bin/true"), 0);
	assert_int_equal(fresh_as(&spec), 0);
	sb_jail_spec_free(&spec);
	spec_of(&spec, false);
	assert_int_equal(sb_strv_push(&spec.runtime, "localtime"), 0);
	assert_int_equal(fresh_as(&spec), 0);
	sb_jail_spec_free(&spec);
	spec_of(&spec, false);
	assert_non_null(spec.libpath = strdup("/usr/local/lib"));
	assert_int_equal(fresh_as(&spec), 0);
	sb_jail_spec_free(&spec);
	spec_of(&spec, false);
	assert_int_equal(sb_strv_push(&spec.users, "nobody"), 0);
	assert_int_equal(fresh_as(&spec), 0);
	sb_jail_spec_free(&spec);
	/* The same spec in another order is the same. */
	memset(&spec, 0, sizeof(spec));
	sb_strv_pushf(&spec.files, "%s/suid", src);
	sb_strv_pushf(&spec.files, "%s/sub", src);
	sb_strv_pushf(&spec.files, "%s/link", src);
	assert_int_equal(fresh_as(&spec), 1);
	sb_jail_spec_free(&spec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_sync_nothing),
		cmocka_unit_test(test_sync_update),
		cmocka_unit_test(test_sync_repairs_copy),
		cmocka_unit_test(test_sync_remove),
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_not_a_jail),
		cmocka_unit_test(test_untrusted),
		cmocka_unit_test(test_bad_manifest),
		cmocka_unit_test(test_bad_spec),
		cmocka_unit_test(test_failed_build_changes_nothing),
		cmocka_unit_test(test_fresh_hit),
		cmocka_unit_test(test_fresh_host_changes),
		cmocka_unit_test(test_fresh_copy_set_back),
		cmocka_unit_test(test_fresh_jail_links),
		cmocka_unit_test(test_fresh_spec),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
