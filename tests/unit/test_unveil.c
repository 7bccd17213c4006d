/*
 * test_unveil.c: the unveil backend's letters-to-rights table, the rights
 * each Landlock ABI knows, and policy ports enforced by the real kernel
 * (the operation tester build/uvtest connects and binds in the sandbox).
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../backends/unveil.h"

#define FS(x)	LANDLOCK_ACCESS_FS_##x
#define R	SANDBOX_UNVEIL_R
#define W	SANDBOX_UNVEIL_W
#define X	SANDBOX_UNVEIL_X
#define C	SANDBOX_UNVEIL_C

static void
test_read_is_not_write(void **state)
{
	uint64_t a = uv_rights(R, UV_KIND_DIR);

	assert_true(a & FS(READ_FILE));
	assert_true(a & FS(READ_DIR));
	assert_false(a & (FS(WRITE_FILE) | FS(TRUNCATE) | FS(EXECUTE)));
	assert_false(a & (FS(MAKE_REG) | FS(REMOVE_FILE) | FS(REMOVE_DIR)));
}

static void
test_write_truncates(void **state)
{
	uint64_t a = uv_rights(W, UV_KIND_DIR);

	assert_true(a & FS(WRITE_FILE));
	assert_true(a & FS(TRUNCATE));
	assert_false(a & (FS(READ_FILE) | FS(READ_DIR) | FS(MAKE_REG)));
}

/* The known port's pitfall: c must cover removal, and only c. */
static void
test_create_covers_removal(void **state)
{
	uint64_t c = uv_rights(C, UV_KIND_DIR);
	uint64_t rwx = uv_rights(R | W | X, UV_KIND_DIR);
	uint64_t make = FS(MAKE_CHAR) | FS(MAKE_DIR) | FS(MAKE_REG) |
	    FS(MAKE_SOCK) | FS(MAKE_FIFO) | FS(MAKE_BLOCK) | FS(MAKE_SYM);

	assert_true((c & make) == make);
	assert_true(c & FS(REMOVE_FILE));
	assert_true(c & FS(REMOVE_DIR));
	assert_true(c & FS(REFER));
	assert_false(rwx & (make | FS(REMOVE_FILE) | FS(REMOVE_DIR) |
	    FS(REFER)));
}

static void
test_files_get_file_rights(void **state)
{
	uint64_t a = uv_rights(R | W | X | C, UV_KIND_FILE);

	assert_true((a & ~SB_LL_FS_FILE) == 0);
	assert_true(a & FS(EXECUTE));
	assert_false(a & FS(READ_DIR));
}

static void
test_missing_needs_c(void **state)
{
	assert_true(uv_rights(R | W, UV_KIND_PARENT) == 0);
	assert_true(uv_rights(R | C, UV_KIND_PARENT) & FS(MAKE_REG));
	assert_false(uv_rights(R | C, UV_KIND_PARENT) & FS(READ_DIR));
}

static void
test_abi_rights(void **state)
{
	assert_true(sb_ll_fs_rights(0) == 0);
	assert_true(sb_ll_fs_rights(1) == SB_LL_FS_V1);
	assert_true(sb_ll_fs_rights(2) & FS(REFER));
	assert_false(sb_ll_fs_rights(2) & FS(TRUNCATE));
	assert_true(sb_ll_fs_rights(3) & FS(TRUNCATE));
	assert_false(sb_ll_fs_rights(4) & FS(IOCTL_DEV));
	assert_true(sb_ll_fs_rights(5) & FS(IOCTL_DEV));
	assert_true(sb_ll_net_rights(3) == 0);
	assert_true(sb_ll_net_rights(4) != 0);
	assert_true(sb_ll_scopes(5) == 0);
	assert_true(sb_ll_scopes(6) == (LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET |
	    LANDLOCK_SCOPE_SIGNAL));
}

/* When "the deepest rule wins" can be honoured by a split. */
static void
test_split_possible(void **state)
{
	/* Enclosing rules at "/", which holds every path below. */
	struct uv_rule rwc = { (char *)"/", R | W | C, 0, 0 };
	struct uv_rule rw = { (char *)"/", R | W, 0, 0 };
	struct uv_rule rx = { (char *)"/", R | X, 0, 0 }, r = { (char *)"/", R, 0, 0 };
	struct uv_rule none = { (char *)"/", 0, 0, 0 };
	struct uv_rule missing = { (char *)"/", R | W, UV_MISSING, 0 };
	char dir[] = "/tmp/uvsplit.XXXXXX", f[64], g[64], sub[64], h[64];
	struct uv_rule outer = { dir, R | W, 0, 0 };

	assert_false(uv_split_possible(&rwc, &r, "/etc/passwd"));
	assert_true(uv_split_possible(&rw, &r, "/etc/passwd"));
	assert_true(uv_split_possible(&rw, &r, "/etc"));
	assert_true(uv_split_possible(&rx, &r, "/etc"));
	assert_true(uv_split_possible(&r, &none, "/etc/passwd"));
	assert_false(uv_split_possible(&r, &none, "/etc"));
	assert_false(uv_split_possible(&missing, &r, "/etc/passwd"));
	assert_true(uv_split_deny(W) & FS(WRITE_FILE));
	assert_false(uv_split_deny(W) & FS(READ_FILE));

	/* A file with another name beside it, or a level up: no split. */
	assert_non_null(mkdtemp(dir));
	snprintf(f, sizeof(f), "%s/f", dir);
	snprintf(g, sizeof(g), "%s/g", dir);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	snprintf(h, sizeof(h), "%s/sub/h", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(close(open(h, O_CREAT | O_WRONLY, 0600)), 0);
	assert_true(uv_split_possible(&outer, &r, h));
	assert_int_equal(link(h, f), 0);
	assert_false(uv_split_possible(&outer, &r, h));
	/* The other name deeper, in a directory the split does not open. */
	assert_true(uv_split_possible(&outer, &r, f));
	assert_int_equal(unlink(f), 0);
	assert_true(uv_split_possible(&outer, &r, h));
	/* Beside it in its own directory. */
	snprintf(g, sizeof(g), "%s/sub/g", dir);
	assert_int_equal(link(h, g), 0);
	assert_false(uv_split_possible(&outer, &r, h));
	unlink(g);
	unlink(h);
	rmdir(sub);
	rmdir(dir);
}

static int
listener(uint16_t *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int s;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sin, &len), 0);
	assert_int_equal(listen(s, 8), 0);
	*port = ntohs(sin.sin_port);
	return s;
}

/* Run uvtest OP PORT under --net none with the given policy ports. */
static int
run_port(const char *op, uint16_t port, uint16_t allowed, bool bind)
{
	struct sandbox *sb;
	struct sb_ports *p;
	char arg[16];
	char *argv[] = { "build/uvtest", (char *)op, arg, NULL };
	pid_t pid;
	int status;

	snprintf(arg, sizeof(arg), "%u", port);
	assert_non_null(sb = sandbox_new());
	assert_int_equal(sandbox_set_backend(sb, "unveil"), 0);
	assert_int_equal(sandbox_set_net(sb, SANDBOX_NET_NONE), 0);
	p = bind ? &sb->cfg.bind_ports : &sb->cfg.connect_ports;
	assert_non_null(p->port = malloc(sizeof(*p->port)));
	p->port[0] = allowed;
	p->n = 1;
	assert_int_equal(sandbox_set_verbosity(sb, SANDBOX_QUIET), 0);
	assert_int_equal(sandbox_spawn(sb, argv, &pid), 0);
	assert_int_equal(sandbox_wait(sb, pid, &status), 0);
	sandbox_free(sb);
	return status;
}

static void
test_policy_ports(void **state)
{
	struct sb_ll_caps caps;
	uint16_t a, b;
	int sa, sbk;

	sb_ll_probe(&caps);
	if (caps.abi < 4 || access("build/uvtest", X_OK) != 0)
		skip();
	sa = listener(&a);
	sbk = listener(&b);
	/* Both listen: only Landlock can refuse the second. */
	assert_int_equal(run_port("connect", a, a, false), 0);
	assert_int_equal(run_port("connect", b, a, false), 1);
	close(sbk);
	/* b is free again: bind to it only when it is the policy's port. */
	assert_int_equal(run_port("bind", b, b, true), 0);
	assert_int_equal(run_port("bind", b, a, true), 1);
	close(sa);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_is_not_write),
		cmocka_unit_test(test_write_truncates),
		cmocka_unit_test(test_create_covers_removal),
		cmocka_unit_test(test_files_get_file_rights),
		cmocka_unit_test(test_missing_needs_c),
		cmocka_unit_test(test_abi_rights),
		cmocka_unit_test(test_split_possible),
		cmocka_unit_test(test_policy_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
