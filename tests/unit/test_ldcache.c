/*
 * test_ldcache.c: ld.so.cache parsing on a cache written here in the
 * 'glibc-ld.so.cache1.1' layout and on the system's; ld.so.conf with
 * relative include globs; symlink chains.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ldcache.h"
#include "ldconf.h"
#include "pathchain.h"

static char dir[64];

static int
setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/sb-ldcache.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

struct entry {
	int32_t		flags;
	uint32_t	key, value, osversion;
	uint64_t	hwcap;
};

/*
 * A cache with three entries: libx.so.1 twice (a glibc-hwcaps variant
 * first, then the baseline) and liby.so.2; strings after the entries.
 */
static void
write_cache(const char *path, size_t cut)
{
	static const char strings[] =
	    "libx.so.1\0/hw/v3/libx.so.1\0/lib/libx.so.1\0"
	    "liby.so.2\0/lib/liby.so.2";
	unsigned char buf[512] = { 0 };
	struct entry e[3];
	uint32_t n = 3, so = 48 + sizeof(e), len = sizeof(strings);
	FILE *f;

	memcpy(buf, "glibc-ld.so.cache1.1", 20);
	memcpy(buf + 20, &n, 4);
	memcpy(buf + 24, &len, 4);
	memset(e, 0, sizeof(e));
	e[0] = (struct entry){ 0x303, so, so + 10, 0, 1ULL << 62 };
	e[1] = (struct entry){ 0x303, so, so + 27, 0, 0 };
	e[2] = (struct entry){ 0x303, so + 42, so + 52, 0, 0 };
	memcpy(buf + 48, e, sizeof(e));
	memcpy(buf + so, strings, sizeof(strings));
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(buf, 1, cut ? cut : so + sizeof(strings), f),
	    cut ? cut : so + sizeof(strings));
	fclose(f);
}

struct hits {
	char		 path[4][64];
	uint64_t	 hwcap[4];
	int		 n;
};

static int
hit(const char *path, uint64_t hwcap, void *arg)
{
	struct hits *h = arg;

	if (h->n == 4)
		return -1;
	snprintf(h->path[h->n], sizeof(h->path[0]), "%s", path);
	h->hwcap[h->n++] = hwcap;
	return 0;
}

static void
test_crafted_cache(void **state)
{
	struct sb_ldcache c;
	struct hits h = { .n = 0 };
	char path[128], err[256];

	snprintf(path, sizeof(path), "%s/ld.so.cache", dir);
	write_cache(path, 0);
	assert_int_equal(sb_ldcache_open(&c, path, err, sizeof(err)), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(sb_ldcache_lookup(&c, "libx.so.1", hit, &h), 0);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.path[0], "/hw/v3/libx.so.1");
	assert_true(h.hwcap[0] & SB_LDCACHE_HWCAPS);
	assert_string_equal(h.path[1], "/lib/libx.so.1");
	h.n = 0;
	assert_int_equal(sb_ldcache_lookup(&c, "liby.so.2", hit, &h), 0);
	assert_int_equal(h.n, 1);
	assert_string_equal(h.path[0], "/lib/liby.so.2");
	h.n = 0;
	assert_int_equal(sb_ldcache_lookup(&c, "libz.so", hit, &h), 0);
	assert_int_equal(h.n, 0);
	sb_ldcache_close(&c);
}

/* Entries cut off, strings cut off, or not a cache at all. */
static void
test_bad_cache(void **state)
{
	struct sb_ldcache c;
	struct hits h = { .n = 0 };
	char path[128], err[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cut.cache", dir);
	write_cache(path, 60);
	assert_int_equal(sb_ldcache_open(&c, path, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "truncated"));
	/* All entries, half the strings: lookups skip what runs off. */
	write_cache(path, 48 + 3 * 24 + 20);
	assert_int_equal(sb_ldcache_open(&c, path, err, sizeof(err)), 0);
	assert_int_equal(sb_ldcache_lookup(&c, "libx.so.1", hit, &h), 0);
	assert_int_equal(h.n, 0);
	assert_int_equal(sb_ldcache_lookup(&c, "liby.so.2", hit, &h), 0);
	assert_int_equal(h.n, 0);
	sb_ldcache_close(&c);
	assert_non_null(f = fopen(path, "w"));
	fputs("hello, this is not a cache at all, just text\n", f);
	fclose(f);
	assert_int_equal(sb_ldcache_open(&c, path, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not a glibc-ld.so.cache1.1 file"));
	assert_int_equal(sb_ldcache_open(&c, "/nonexistent", err, sizeof(err)),
	    -ENOENT);
}

static int
first(const char *path, uint64_t hwcap, void *arg)
{
	snprintf(arg, PATH_MAX, "%s", path);
	return 1;
}

static void
test_system_cache(void **state)
{
	struct sb_ldcache c;
	char path[PATH_MAX] = "", err[256];

	if (access("/etc/ld.so.cache", R_OK) != 0)
		skip();
	assert_int_equal(sb_ldcache_open(&c, "/etc/ld.so.cache", err,
	    sizeof(err)), 0);
	assert_true(c.n > 10);
	assert_int_equal(sb_ldcache_lookup(&c, "libc.so.6", first, path), 1);
	assert_non_null(strstr(path, "/libc.so.6"));
	assert_int_equal(access(path, F_OK), 0);
	sb_ldcache_close(&c);
}

static void
put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static void
test_ldconf(void **state)
{
	struct sb_strv dirs = { NULL, 0, 0 };
	char path[128];

	snprintf(path, sizeof(path), "%s/conf.d", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	put("ld.so.conf", "# comment\n/opt/a\ninclude conf.d/*.conf\n"
	    "/opt/b:/opt/c # trailing\nhwcap 0 nosegneg\n/opt/a\n");
	put("conf.d/1.conf", "/opt/d\ninclude ../ld.so.conf\n");
	put("conf.d/2.conf", "/opt/e=libc6\n");
	put("conf.d/skip.txt", "/opt/no\n");
	snprintf(path, sizeof(path), "%s/ld.so.conf", dir);
	assert_int_equal(sb_ldconf_read(path, &dirs), 0);
	assert_int_equal(dirs.n, 5);
	assert_string_equal(dirs.v[0], "/opt/a");
	assert_string_equal(dirs.v[1], "/opt/d");
	assert_string_equal(dirs.v[2], "/opt/b");
	assert_string_equal(dirs.v[3], "/opt/c");
	assert_string_equal(dirs.v[4], "/opt/e");
	sb_strv_clear(&dirs);
	assert_int_equal(sb_ldconf_read("/nonexistent", &dirs), 0);
	assert_int_equal(dirs.n, 0);
}

/* d/l1 -> real/ (a directory link), real/f.so.1 -> f.so.1.2 (a file). */
static void
test_pathchain(void **state)
{
	struct sb_strset seen = { NULL, 0, 0 };
	struct sb_strv out = { NULL, 0, 0 };
	char path[128], want[128];

	snprintf(path, sizeof(path), "%s/real", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	put("real/f.so.1.2", "x");
	snprintf(path, sizeof(path), "%s/real/f.so.1", dir);
	assert_int_equal(symlink("f.so.1.2", path), 0);
	snprintf(path, sizeof(path), "%s/l1", dir);
	assert_int_equal(symlink("real", path), 0);
	snprintf(path, sizeof(path), "%s/l1/./f.so.1", dir);
	assert_int_equal(sb_path_chain(path, &seen, &out), 0);
	assert_int_equal(out.n, 3);
	snprintf(want, sizeof(want), "%s/l1", dir);
	assert_string_equal(out.v[0], want);
	snprintf(want, sizeof(want), "%s/real/f.so.1", dir);
	assert_string_equal(out.v[1], want);
	snprintf(want, sizeof(want), "%s/real/f.so.1.2", dir);
	assert_string_equal(out.v[2], want);
	/* Seen once, not again. */
	assert_int_equal(sb_path_chain(path, &seen, &out), 0);
	assert_int_equal(out.n, 3);
	snprintf(path, sizeof(path), "%s/l1/none", dir);
	assert_int_equal(sb_path_chain(path, &seen, &out), -ENOENT);
	snprintf(path, sizeof(path), "%s/loop", dir);
	assert_int_equal(symlink("loop", path), 0);
	assert_int_equal(sb_path_chain(path, &seen, &out), -ELOOP);
	assert_int_equal(sb_path_chain("relative", &seen, &out), -EINVAL);
	sb_strv_clear(&out);
	sb_strset_free(&seen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crafted_cache),
		cmocka_unit_test(test_bad_cache),
		cmocka_unit_test(test_system_cache),
		cmocka_unit_test(test_ldconf),
		cmocka_unit_test(test_pathchain),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
