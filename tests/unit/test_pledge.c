/*
 * test_pledge.c: the promise table as `sandbox learn` and the violation
 * report read it, and the filter it builds, for every promise.
 */
#include <sys/mman.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../backends/pledge.h"

#define P(x)	SB_PBIT(SB_P_##x)

static uint64_t
needed(const char *name, uint64_t a0, uint64_t a1, uint64_t a2)
{
	uint64_t args[6] = { a0, a1, a2, 0, 0, 0 }, need = 0;
	int r;

	r = sb_pledge_needed(seccomp_syscall_resolve_name(name), args, 4242,
	    &need);
	return r < 0 ? ~0ULL : need;
}

static void
test_stdio(void **state)
{
	(void)state;
	assert_int_equal(needed("read", 0, 0, 0), P(STDIO));
	assert_int_equal(needed("mmap", 0, 4096, PROT_READ), P(STDIO));
	assert_int_equal(needed("clone", CLONE_VM | CLONE_THREAD, 0, 0),
	    P(STDIO));
	assert_int_equal(needed("kill", 4242, 0, 0), P(STDIO));
	assert_int_equal(needed("kill", 0, 0, 0), P(STDIO));
}

static void
test_paths(void **state)
{
	(void)state;
	assert_int_equal(needed("openat", AT_FDCWD, 0, O_RDONLY), P(RPATH));
	assert_int_equal(needed("openat", AT_FDCWD, 0,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK), P(RPATH));
	assert_int_equal(needed("openat", AT_FDCWD, 0, O_WRONLY), P(WPATH));
	assert_int_equal(needed("openat", AT_FDCWD, 0, O_WRONLY | O_TMPFILE),
	    P(WPATH) | P(CPATH));
	assert_int_equal(needed("openat", AT_FDCWD, 0, O_RDWR),
	    P(RPATH) | P(WPATH));
	assert_int_equal(needed("openat", AT_FDCWD, 0,
	    O_WRONLY | O_CREAT | O_TRUNC), P(WPATH) | P(CPATH));
	assert_int_equal(needed("openat", AT_FDCWD, 0, O_RDWR | O_CREAT),
	    P(RPATH) | P(WPATH) | P(CPATH));
	assert_int_equal(needed("unlink", 0, 0, 0), P(CPATH));
	assert_int_equal(needed("mknodat", 0, 0, 0), P(DPATH));
}

static void
test_others(void **state)
{
	(void)state;
	assert_int_equal(needed("socket", AF_INET, SOCK_STREAM, 0), P(INET));
	assert_int_equal(needed("socket", AF_UNIX, SOCK_STREAM, 0), P(UNIX));
	assert_int_equal(needed("clone", 0x1200011, 0, 0), P(PROC));
	assert_int_equal(needed("kill", 1, 0, 0), P(PROC));
	assert_int_equal(needed("mprotect", 0, 4096, PROT_EXEC),
	    P(PROT_EXEC));
	assert_int_equal(needed("execve", 0, 0, 0), P(EXEC));
	assert_int_equal(needed("setuid", 0, 0, 0), P(ID));
	assert_int_equal(needed("fchown", 0, 0, 0), P(CHOWN));
	assert_int_equal(needed("flock", 0, 0, 0), P(FLOCK));
	assert_int_equal(needed("settimeofday", 0, 0, 0), P(SETTIME));
	assert_int_equal(needed("landlock_create_ruleset", 0, 0, 0),
	    P(UNVEIL));
	/* No promise allows these. */
	assert_int_equal(needed("ptrace", 0, 0, 0), ~0ULL);
	assert_int_equal(needed("mount", 0, 0, 0), ~0ULL);
	assert_int_equal(needed("socket", AF_PACKET, SOCK_RAW, 0), ~0ULL);
}

/* setrlimit: id or proc (OpenBSD); learn names id, the report both. */
static void
test_rlimit(void **state)
{
	uint64_t args[6] = { 0, 7, 0x1000, 0, 0, 0 }, alt[4];
	int nr = seccomp_syscall_resolve_name("prlimit64");

	(void)state;
	assert_int_equal(needed("prlimit64", 0, 7, 0x1000), P(ID));
	assert_int_equal(needed("prlimit64", 0, 7, 0), P(STDIO));
	assert_true(pledge_allows(nr, args, 4242, P(PROC)));
	assert_int_equal(pledge_alternatives(nr, args, 4242, P(STDIO),
	    P(ID), alt, 4), 1);
	assert_int_equal(alt[0], P(PROC));
}

/* A mode with setuid, setgid or sticky: never allowed, fattr named. */
static void
test_modes(void **state)
{
	uint64_t args[6] = { 0, 04755, 0, 0, 0, 0 };
	int nr = seccomp_syscall_resolve_name("chmod");

	(void)state;
	assert_int_equal(needed("chmod", 0, 0644, 0), P(FATTR));
	assert_int_equal(needed("chmod", 0, 04755, 0), P(FATTR));
	assert_false(pledge_allows(nr, args, 4242, P(STDIO) | P(FATTR)));
	assert_true(pledge_allows(nr, (uint64_t[6]){ 0, 0644 }, 4242,
	    P(STDIO) | P(FATTR)));
	assert_int_equal(needed("mknodat", 0, 0, 01600), P(DPATH));
}

static void
test_words(void **state)
{
	char buf[64];

	(void)state;
	sb_promises_words(P(STDIO) | P(RPATH) | P(INET), buf, sizeof(buf));
	assert_string_equal(buf, "stdio rpath inet");
	sb_promises_words(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

/* Every promise alone, with stdio, and all together make a filter. */
static void
test_filters(void **state)
{
	scmp_filter_ctx ctx;
	uint64_t set;
	int p;

	(void)state;
	for (p = 0; p <= SB_P_COUNT; p++) {
		set = p < SB_P_COUNT ? P(STDIO) | SB_PBIT(p) : ~0ULL >>
		    (64 - SB_P_COUNT);
		assert_int_equal(pledge_filter_build(set, PLEDGE_F_NOTIFY,
		    NULL, &ctx), 0);
		seccomp_release(ctx);
		assert_int_equal(pledge_filter_build(set, PLEDGE_F_LOADER,
		    NULL, &ctx), 0);
		seccomp_release(ctx);
	}
}

/* Every rule names a syscall this architecture has, or one it lacks. */
static void
test_table_names(void **state)
{
	size_t i, known = 0;

	(void)state;
	for (i = 0; i < pledge_nrules; i++) {
		assert_non_null(pledge_rules[i].name);
		assert_true(pledge_rules[i].need != 0);
		known += pledge_rule_nr(i) != __NR_SCMP_ERROR;
	}
	assert_int_equal(known, pledge_nrules);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stdio),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_others),
		cmocka_unit_test(test_rlimit),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_table_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
