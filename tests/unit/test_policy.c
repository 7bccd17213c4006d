/*
 * test_policy.c: the Lua policy loader. Valid policies are read field by
 * field into the configuration; each invalid one is refused with its exact
 * FILE:LINE message; hostile scripts (endless loops, memory bombs, escapes
 * through os, io, require, load, string.dump) are refused, quickly.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "policy.h"
#include "runtime.h"
#include "sb_internal.h"

#define FIX	"tests/fixtures/policies/"
/* A hang detector, not a benchmark: sanitizers slow the state down. */
#if defined(__SANITIZE_ADDRESS__)
#define QUICK	5.0
#else
#define QUICK	2.0
#endif

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Load path into a new handle; *r gets the result, *secs the time. */
static struct sandbox *
load(const char *path, int *r, double *secs)
{
	struct sandbox *sb = sandbox_new();
	double t0 = now();

	assert_non_null(sb);
	*r = sandbox_load_policy(sb, path);
	if (secs != NULL)
		*secs = now() - t0;
	return sb;
}

static struct sandbox *
load_ok(const char *path)
{
	struct sandbox *sb;
	int r;

	sb = load(path, &r, NULL);
	if (r != 0)
		fail_msg("%s: %s", path, sandbox_error(sb));
	return sb;
}

/* A policy written to a temporary file; free the name, unlink it. */
static char *
write_policy(const char *text, size_t len)
{
	char *path = strdup("/tmp/test_policy.XXXXXX");
	int fd;

	assert_non_null(path);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static void
assert_strv(const struct sb_strv *sv, const char *const *want)
{
	size_t i;

	for (i = 0; want[i] != NULL; i++) {
		assert_true(i < sv->n);
		assert_string_equal(sv->v[i], want[i]);
	}
	assert_int_equal(sv->n, i);
}

static void
test_valid_full(void **state)
{
	static const char *const args[] = { "hello", "world", NULL };
	static const char *const env[] = { "LANG=C", "TZ=UTC", NULL };
	static const char *const tmpfs[] = { "/run", "/var/cache", NULL };
	struct sandbox *sb = load_ok(FIX "valid_full.lua");
	const struct sb_config *c = &sb->cfg;
	struct sb_strv dns = { NULL, 0, 0 };
	size_t i;

	assert_string_equal(sandbox_backend(sb), "none");
	assert_string_equal(c->program, "/bin/echo");
	assert_strv(&c->args, args);
	assert_string_equal(c->root, "/var/empty");
	assert_string_equal(c->user, "nobody");
	assert_string_equal(c->group, "65534");
	/* files: flattened, the dns run-time set included as expanded. */
	assert_true(sb_strv_contains(&c->files, "/etc/hostname"));
	assert_true(sb_strv_contains(&c->files, "/etc/passwd"));
	assert_true(sb_strv_contains(&c->files, "/etc/group"));
	assert_int_equal(sb_runtime_expand(sb_runtime_find("dns"), &dns), 0);
	assert_true(dns.n > 0);
	for (i = 0; i < dns.n; i++)
		assert_true(sb_strv_contains(&c->files, dns.v[i]));
	assert_int_equal(c->files.n, dns.n + 3);
	sb_strv_clear(&dns);
	/* unveil: sorted by path. */
	assert_int_equal(c->nunveil, 3);
	assert_string_equal(c->unveil[0].path, "/etc");
	assert_int_equal(c->unveil[0].perms, SANDBOX_UNVEIL_R);
	assert_string_equal(c->unveil[1].path, "/tmp");
	assert_int_equal(c->unveil[1].perms,
	    SANDBOX_UNVEIL_R | SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C);
	assert_string_equal(c->unveil[2].path, "/usr/bin");
	assert_int_equal(c->unveil[2].perms,
	    SANDBOX_UNVEIL_R | SANDBOX_UNVEIL_X);
	assert_string_equal(sandbox_promises(sb), "stdio rpath");
	assert_string_equal(sandbox_execpromises(sb), "stdio");
	assert_int_equal(c->net, SANDBOX_NET_NONE);
	/* clearenv is applied before env, which therefore survives. */
	assert_true(c->clearenv);
	assert_strv(&c->env, env);
	assert_int_equal(c->nbinds, 3);
	assert_string_equal(c->binds[0].src, "/usr");
	assert_string_equal(c->binds[0].dst, "/usr");
	assert_int_equal(c->binds[0].flags, 0);
	assert_string_equal(c->binds[1].src, "/var/tmp");
	assert_string_equal(c->binds[1].dst, "/tmp");
	assert_int_equal(c->binds[1].flags, SB_BIND_RW);
	assert_string_equal(c->binds[2].dst, "/opt/maybe");
	assert_int_equal(c->binds[2].flags, SB_BIND_TRY);
	assert_strv(&c->tmpfs, tmpfs);
	assert_int_equal(c->bind_ports.n, 1);
	assert_int_equal(c->bind_ports.port[0], 53);
	assert_int_equal(c->connect_ports.n, 2);
	assert_int_equal(c->connect_ports.port[0], 443);
	assert_int_equal(c->connect_ports.port[1], 80);
	assert_true(c->best_effort);
	sandbox_free(sb);
}

static void
test_valid_minimal(void **state)
{
	struct sandbox *sb = load_ok(FIX "valid_minimal.lua");

	assert_string_equal(sandbox_program(sb), "/bin/true");
	assert_int_equal(sb->cfg.args.n, 0);
	assert_null(sandbox_promises(sb));
	assert_null(sb->cfg.backend);
	assert_int_equal(sb->cfg.net, SANDBOX_NET_DEFAULT);
	sandbox_free(sb);
}

static void
test_valid_extend(void **state)
{
	static const char *const args[] = { "-a", "-b", NULL };
	struct sandbox *sb = load_ok(FIX "valid_extend.lua");
	const struct sb_config *c = &sb->cfg;

	assert_string_equal(c->program, "/bin/true");
	assert_strv(&c->args, args);
	assert_int_equal(c->nunveil, 2);
	assert_string_equal(c->unveil[0].path, "/etc");
	assert_string_equal(c->unveil[1].path, "/var/lib/x");
	assert_int_equal(c->connect_ports.n, 2);
	assert_int_equal(c->connect_ports.port[0], 53);
	assert_int_equal(c->connect_ports.port[1], 443);
	assert_int_equal(c->net, SANDBOX_NET_HOST);
	sandbox_free(sb);
}

static void
test_valid_extend_copy(void **state)
{
	static const char *const args[] = { "changed", "y", "z", NULL };
	static const char *const env[] = { "A=3", "B=2", NULL };
	struct sandbox *sb = load_ok(FIX "valid_extend_copy.lua");
	const struct sb_config *c = &sb->cfg;

	assert_strv(&c->args, args);
	assert_strv(&c->env, env);
	assert_string_equal(c->user, "nobody");
	assert_int_equal(c->bind_ports.n, 1);
	assert_int_equal(c->bind_ports.port[0], 3);
	assert_int_equal(c->connect_ports.port[0], 2);
	sandbox_free(sb);
}

static void
test_params_default(void **state)
{
	static const char *const args[] = { "hello", "", NULL };
	struct sandbox *sb = load_ok(FIX "valid_param.lua");

	assert_strv(&sb->cfg.args, args);
	assert_int_equal(sb->cfg.bind_ports.port[0], 8080);
	assert_string_equal(sb->cfg.env.v[0], "VERSION=" SB_POLICY_VERSION);
	sandbox_free(sb);
}

static void
test_params_set(void **state)
{
	static const char *const args[] = { "hi", "greeting,port", NULL };
	struct sandbox *sb = sandbox_new();

	assert_int_equal(sandbox_set_param(sb, "port", "1"), 0);
	assert_int_equal(sandbox_set_param(sb, "greeting", "hi"), 0);
	assert_int_equal(sandbox_set_param(sb, "port", "9000"), 0);
	assert_int_equal(sandbox_load_policy(sb, FIX "valid_param.lua"), 0);
	assert_strv(&sb->cfg.args, args);
	assert_int_equal(sb->cfg.bind_ports.port[0], 9000);
	sandbox_free(sb);
}

static void
test_declared_default(void **state)
{
	static const char *const args[] = { "none", "/srv", "integer", "2",
		NULL };
	struct sandbox *sb = load_ok(FIX "valid_params.lua");

	assert_strv(&sb->cfg.args, args);
	assert_int_equal(sb->cfg.bind_ports.port[0], 8080);
	assert_int_equal(sb->cfg.connect_ports.n, 2);
	assert_true(sb->cfg.params_declared);
	assert_int_equal(sb->cfg.param_decls.n, 4);
	assert_string_equal(sb->cfg.param_decls.v[1], "port\tport\t8080\t"
	    "the port");
	sandbox_free(sb);
}

static void
test_declared_set(void **state)
{
	static const char *const args[] = { "hi there", "none", "integer",
		"3", NULL };
	struct sandbox *sb = sandbox_new();

	assert_int_equal(sandbox_set_param(sb, "greeting", "hi there"), 0);
	assert_int_equal(sandbox_set_param(sb, "root", "none"), 0);
	assert_int_equal(sandbox_set_param(sb, "ports", "7,8,9"), 0);
	assert_int_equal(sandbox_set_param(sb, "port", "9000"), 0);
	assert_int_equal(sandbox_load_policy(sb, FIX "valid_params.lua"), 0);
	assert_strv(&sb->cfg.args, args);
	assert_int_equal(sb->cfg.bind_ports.port[0], 9000);
	sandbox_free(sb);
}

/* Each --set refused with the line of the declaration. */
static void
test_declared_bad(void **state)
{
	static const struct { const char *name, *value, *msg; } bad[] = {
		{ "prot", "1", "valid_params.lua:2: --set prot: no such "
		    "parameter (did you mean 'port'?)" },
		{ "port", "abc", "valid_params.lua:2: --set port=abc: "
		    "expected a port number from 1 to 65535" },
		{ "port", "65536", "expected a port number" },
		{ "port", "", "expected a port number" },
		{ "root", "srv", "--set root=srv: expected an absolute path" },
		{ "ports", "1,,2", "port numbers from 1 to 65535" },
		{ "ports", "1,", "port numbers from 1 to 65535" },
		{ "zzz", "1", "--set zzz: no such parameter (`sandbox check "
		    "--params` lists them)" },
	};
	struct sandbox *sb;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sb = sandbox_new();
		assert_int_equal(sandbox_set_param(sb, bad[i].name,
		    bad[i].value), 0);
		assert_true(sandbox_load_policy(sb, FIX "valid_params.lua") <
		    0);
		if (strstr(sandbox_error(sb), bad[i].msg) == NULL)
			fail_msg("%s=%s: '%s' lacks '%s'", bad[i].name,
			    bad[i].value, sandbox_error(sb), bad[i].msg);
		sandbox_free(sb);
	}
	sb = sandbox_new();
	assert_true(sandbox_load_policy(sb, FIX "bad_param_default.lua") < 0);
	assert_non_null(strstr(sandbox_error(sb), "bad_param_default.lua:2: "
	    "sandbox.params: port: the default '0' is not a port number"));
	sandbox_free(sb);
}

static void
test_safe_library(void **state)
{
	static const char *const args[] = { "2", "Hi", "/usr/lib", NULL };
	struct sandbox *sb = load_ok(FIX "valid_safe_lib.lua");

	assert_strv(&sb->cfg.args, args);
	assert_string_equal(sandbox_promises(sb), "rpath stdio wpath");
	sandbox_free(sb);
}

/* Setters called after a policy override it. */
static void
test_setters_override(void **state)
{
	struct sandbox *sb = load_ok(FIX "valid_full.lua");

	assert_int_equal(sandbox_set_pledge(sb, "stdio", NULL), 0);
	assert_string_equal(sandbox_promises(sb), "stdio");
	assert_int_equal(sandbox_set_program(sb, "/bin/cat"), 0);
	assert_string_equal(sandbox_program(sb), "/bin/cat");
	sandbox_free(sb);
}

/* Each invalid fixture, the line and the message after "FILE:LINE: ". */
static const struct bad {
	const char	*file;
	int		 line;
	const char	*msg;
} bad[] = {
	{ "bad_type.lua", 3,
	  "field 'program': expected a program path or name, got number" },
	{ "bad_unknown_field.lua", 3,
	  "unknown field 'pledges' (did you mean 'pledge'?)" },
	{ "bad_promise.lua", 4, "field 'pledge': unknown promise 'bogus'" },
	{ "bad_backend.lua", 2, "field 'backend': unknown backend 'nosuch' "
	  "(known: none, chroot, unveil, pledge, namespace, combined)" },
	{ "bad_unveil_perms.lua", 5, "field 'unveil[\"/etc\"]': expected "
	  "permission letters from rwxc, got 'rq'" },
	{ "bad_args_element.lua", 3,
	  "field 'args[2]': expected a string, got number" },
	{ "bad_net.lua", 3,
	  "field 'net': expected \"none\" or \"host\", got 'internet'" },
	{ "bad_bind.lua", 6, "field 'binds[2].rw': expected a boolean "
	  "(true or false), got string" },
	{ "bad_bind_key.lua", 3, "field 'binds[1]': unknown key 'mode' "
	  "(expected src, dst, rw, optional)" },
	{ "bad_port.lua", 4, "field 'ports.bind[2]': expected a port number "
	  "from 1 to 65535, got 70000" },
	{ "bad_files_relative.lua", 3, "field 'files[2][1]': expected an "
	  "absolute path, got 'etc/group'" },
	{ "bad_env.lua", 3,
	  "field 'env.DEBUG': expected a string, got number" },
	{ "bad_clearenv.lua", 3, "field 'clearenv': expected a boolean "
	  "(true or false), got string" },
	{ "bad_return.lua", 3, "the policy must return a table, got string" },
	{ "bad_list_entry.lua", 2, "the returned table has a number key: "
	  "fields are written name = value" },
	{ "bad_computed.lua", 4,
	  "field 'program': expected a program path or name, got number" },
	{ "bad_comments_strings.lua", 6,
	  "field 'program': expected a program path or name, got table" },
	{ "bad_syntax.lua", 3, "'}' expected near '\"b\"'" },
	{ "bad_runtime_error.lua", 3,
	  "attempt to index a nil value (local 't')" },
};

static void
test_invalid(void **state)
{
	char want[1024];
	struct sandbox *sb;
	size_t i;
	int r;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want), FIX "%s", bad[i].file);
		sb = load(want, &r, NULL);
		assert_int_equal(r, -EINVAL);
		snprintf(want, sizeof(want), FIX "%s:%d: %s", bad[i].file,
		    bad[i].line, bad[i].msg);
		assert_string_equal(sandbox_error(sb), want);
		sandbox_free(sb);
	}
}

/* Hostile scripts: refused, with the line, well before any hang. */
static const struct hostile {
	const char	*file;
	int		 line;
	const char	*msg;
	int		 err;
} hostile[] = {
	{ "hostile_loop.lua", 1,
	  "the policy exceeds its limit of 10000000 instructions", EINVAL },
	{ "hostile_pcall_loop.lua", 3,
	  "the policy exceeds its limit of 10000000 instructions", EINVAL },
	{ "hostile_memory.lua", 3,
	  "the policy exceeds its memory limit of 16 MiB", ENOMEM },
	{ "hostile_pcall_memory.lua", 3,
	  "the policy exceeds its memory limit of 16 MiB", ENOMEM },
	{ "hostile_gc_thrash.lua", 9,
	  "the policy exceeds its memory limit of 16 MiB", ENOMEM },
	{ "hostile_xpcall_handler.lua", 3,
	  "the policy exceeds its limit of 10000000 instructions", EINVAL },
	{ "hostile_entries.lua", 1, "field 'files[8193]': more than 8192 "
	  "entries in the policy (a limit)", EINVAL },
	{ "hostile_rep.lua", 3,
	  "string.rep: resulting string too large", EINVAL },
	{ "hostile_pattern.lua", 3, "string.match: pattern too costly for a "
	  "subject of 100000 bytes (a policy limit)", EINVAL },
	{ "hostile_move.lua", 1, "table.move: range too large", EINVAL },
	{ "hostile_sort.lua", 6, "table.sort: more than 65536 elements (a "
	  "policy limit)", EINVAL },
	{ "hostile_gc.lua", 2,
	  "setmetatable: __gc is not allowed in a policy", EINVAL },
	{ "hostile_os_execute.lua", 1,
	  "attempt to index a nil value (global 'os')", EINVAL },
	{ "hostile_io_open.lua", 1,
	  "attempt to index a nil value (global 'io')", EINVAL },
	{ "hostile_require.lua", 1,
	  "attempt to call a nil value (global 'require')", EINVAL },
	{ "hostile_load.lua", 2,
	  "attempt to call a nil value (global 'load')", EINVAL },
	{ "hostile_string_dump.lua", 1,
	  "attempt to call a nil value (field 'dump')", EINVAL },
	{ "hostile_debug.lua", 1,
	  "attempt to index a nil value (global 'debug')", EINVAL },
	{ "hostile_dofile.lua", 1,
	  "attempt to call a nil value (global 'dofile')", EINVAL },
	{ "hostile_getmetatable_string.lua", 3,
	  "attempt to call a nil value (local 'dump')", EINVAL },
};

static void
test_hostile(void **state)
{
	char path[PATH_MAX], want[PATH_MAX + 256];
	struct sandbox *sb;
	double secs;
	size_t i;
	int r;

	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		snprintf(path, sizeof(path), FIX "%s", hostile[i].file);
		sb = load(path, &r, &secs);
		snprintf(want, sizeof(want), "%s:%d: %s", path,
		    hostile[i].line, hostile[i].msg);
		assert_string_equal(sandbox_error(sb), want);
		assert_int_equal(r, -hostile[i].err);
		if (secs > QUICK)
			fail_msg("%s took %.2f s", path, secs);
		print_message("%-36s refused in %.3f s\n", hostile[i].file,
		    secs);
		sandbox_free(sb);
	}
	/* os.execute never ran. */
	assert_int_equal(access("/tmp/sandbox-policy-pwned", F_OK), -1);
}

/* Small inline scripts: the text, the line and message wanted. */
static const struct inline_case {
	const char	*text;
	int		 line;
	const char	*msg;
} inline_cases[] = {
	{ "sandbox.param.x = 1\n", 1,
	  "sandbox.param is read-only (use --set NAME=VALUE)" },
	{ "rawset(sandbox.param, 'x', 1)\n", 1,
	  "bad argument #1 to 'rawset' (table expected, got userdata)" },
	{ "return { files = { sandbox.runtime.nosuch } }\n", 1,
	  "sandbox.runtime.nosuch: no such run-time set (known: dns, users, "
	  "tz, terminfo, locale, gconv, libgcc, ssl, nss, localtime, python, "
	  "perl, python_startup)" },
	{ "local t = {}\nt.a = t\nreturn sandbox.extend(t, t)\n", 3,
	  "sandbox.extend: tables nested deeper than 16 (a table that "
	  "contains itself?)" },
	{ "return sandbox.extend({ args = { 'a' } }, { args = { x = 1 } })\n",
	  1, "sandbox.extend: cannot merge a list with a table of names" },
	{ "collectgarbage('stop')\n", 1,
	  "collectgarbage: option 'stop' is not allowed in a policy" },
	{ "error({})\n", 1, "error object is a table value" },
	{ "\n\nerror('no position', 0)\n", 3, "no position" },
	{ "local x = 1\n\n", 1, "the policy must return a table, got nil" },
	{ "print('hello')\n", 1,
	  "attempt to call a nil value (global 'print')" },
	{ "return { program = select(2, ('%s'):rep(3):gsub('%%s', 'x')) }\n", 1,
	  "field 'program': expected a program path or name, got number" },
	{ "return { program = '/bin/true', execpromises = 'stdio nope' }\n",
	  1, "field 'execpromises': unknown promise 'nope'" },
	{ "return { program = '/bin/true\\0/x' }\n", 1, "field 'program': "
	  "expected a program path or name, got a string with a NUL byte" },
	{ "return { binds = { { dst = '/x' } } }\n", 1,
	  "field 'binds[1]': missing src, the path to bind" },
	{ "return { ports = { listen = { 1 } } }\n", 1,
	  "field 'ports': unknown key 'listen' (expected bind, connect)" },
	{ "return { unveil = { '/etc' } }\n", 1, "field 'unveil': expected "
	  "entries path = \"rwxc\", got a number key" },
	{ "return { args = { 'a', nil, 'c' } }\n", 1, "field 'args': expected "
	  "a list of strings, got a table with holes or other keys" },
	{ "return { user = -1 }\n", 1,
	  "field 'user': expected a name or a number, got -1" },
	{ "return { program = 'x', zzz = 1, aaa = 2 }\n", 1,
	  "unknown field 'aaa'" },
	/* The policy's strings, encoded: no forged line, no escape. */
	{ "error('x\\n\\27[2Jsandbox: all policies good')\n", 1,
	  "x\\n\\033[2Jsandbox: all policies good" },
	{ "return { program = '/bin/true', pledge = 'stdio\\27[2J' }\n", 1,
	  "field 'pledge': unknown promise 'stdio\\033[2J'" },
	{ "return { program = '/bin/true', backend = 'a\\\\b\\tc' }\n", 1,
	  "field 'backend': unknown backend 'a\\\\b\\tc' (known: none, "
	  "chroot, unveil, pledge, namespace, combined)" },
};

static void
test_inline(void **state)
{
	char want[1024];
	struct sandbox *sb;
	char *path;
	size_t i;
	int r;

	for (i = 0; i < sizeof(inline_cases) / sizeof(inline_cases[0]); i++) {
		path = write_policy(inline_cases[i].text,
		    strlen(inline_cases[i].text));
		sb = load(path, &r, NULL);
		snprintf(want, sizeof(want), "%s:%d: %s", path,
		    inline_cases[i].line, inline_cases[i].msg);
		if (r == 0)
			fail_msg("accepted: %s", inline_cases[i].text);
		assert_string_equal(sandbox_error(sb), want);
		sandbox_free(sb);
		unlink(path);
		free(path);
	}
}

/* A compiled chunk is refused: text only. */
static void
test_bytecode_file(void **state)
{
	static const char chunk[] = "\x1bLua\x54\x00\x19\x93\r\n\x1a\n";
	struct sandbox *sb;
	char *path = write_policy(chunk, sizeof(chunk) - 1);
	int r;

	sb = load(path, &r, NULL);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(sandbox_error(sb),
	    "attempt to load a binary chunk (mode is 't')"));
	sandbox_free(sb);
	unlink(path);
	free(path);
}

static void
test_missing_file(void **state)
{
	struct sandbox *sb;
	int r;

	sb = load("/nonexistent/policy.lua", &r, NULL);
	assert_int_equal(r, -ENOENT);
	assert_string_equal(sandbox_error(sb),
	    "/nonexistent/policy.lua: No such file or directory");
	sandbox_free(sb);
	sb = load("tests", &r, NULL);
	assert_int_equal(r, -EISDIR);
	sandbox_free(sb);
	/* Refused, not read: a FIFO with no writer would block for ever. */
	unlink("/tmp/test_policy_fifo.lua");
	assert_int_equal(mkfifo("/tmp/test_policy_fifo.lua", 0600), 0);
	sb = load("/tmp/test_policy_fifo.lua", &r, NULL);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(sandbox_error(sb),
	    "/tmp/test_policy_fifo.lua: not a regular file");
	sandbox_free(sb);
	unlink("/tmp/test_policy_fifo.lua");
	sb = sandbox_new();
	assert_int_equal(sandbox_load_policy(sb, NULL), -EINVAL);
	assert_string_equal(sandbox_error(sb), "no policy file given");
	sandbox_free(sb);
}

/* Lua shortens long file names; messages carry the whole path. */
static void
test_long_path(void **state)
{
	const char *dir = "/tmp/test_policy_a_directory_with_a_rather_long_"
	    "name_to_make_lua_shorten_it";
	char path[PATH_MAX], want[PATH_MAX + 64];
	struct sandbox *sb;
	FILE *f;
	int r;

	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/syntax_error.lua", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("return {\n\tprogram = \"/bin/true\"\n\targs = {}\n}\n", f);
	fclose(f);
	sb = load(path, &r, NULL);
	snprintf(want, sizeof(want), "%s:3: '}' expected (to close '{' at "
	    "line 1) near 'args'", path);
	assert_string_equal(sandbox_error(sb), want);
	sandbox_free(sb);
	unlink(path);
	rmdir(dir);
}

/* A shebang line is skipped, as lua(1) does; line numbers hold. */
static void
test_shebang(void **state)
{
	static const char text[] = "#!/usr/bin/env sandbox\nreturn {\n"
	    "\tprogram = 1,\n}\n";
	char want[1024];
	struct sandbox *sb;
	char *path = write_policy(text, sizeof(text) - 1);
	int r;

	sb = load(path, &r, NULL);
	snprintf(want, sizeof(want), "%s:3: field 'program': expected a "
	    "program path or name, got number", path);
	assert_string_equal(sandbox_error(sb), want);
	sandbox_free(sb);
	unlink(path);
	free(path);
}

/*
 * Loops in C that the instruction count cannot see: each is stopped by
 * the time limit, with its line, within the limit and a little more.
 */
static const struct slow {
	const char	*file;
	int		 line;
} slow[] = {
	{ "hostile_time_concat.lua", 4 },
	{ "hostile_time_insert.lua", 2 },
	{ "hostile_time_find.lua", 3 },
	{ "hostile_time_rep.lua", 2 },
	{ "hostile_time_gsub.lua", 3 },
};

/* Processor time of this process and its children waited for. */
static double
cpu_secs(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec +
	    kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
	    (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec +
	    kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6;
}

static void
test_time_limit(void **state)
{
	char path[PATH_MAX], want[PATH_MAX + 256];
	struct sandbox *sb;
	double secs, cpu;
	size_t i;
	int r;

	for (i = 0; i < sizeof(slow) / sizeof(slow[0]); i++) {
		snprintf(path, sizeof(path), FIX "%s", slow[i].file);
		cpu = cpu_secs();
		sb = load(path, &r, &secs);
		cpu = cpu_secs() - cpu;
		snprintf(want, sizeof(want), "%s:%d: the policy exceeds its "
		    "time limit of %d s", path, slow[i].line,
		    SB_POLICY_SECONDS);
		assert_string_equal(sandbox_error(sb), want);
		assert_int_equal(r, -ETIMEDOUT);
		/* Processor time: a loaded machine stretches the rest. */
		if (cpu > SB_POLICY_SECONDS + 1.0 || secs > 30)
			fail_msg("%s took %.2f s of processor time, %.2f s",
			    path, cpu, secs);
		print_message("%-36s stopped in %.3f s (%.3f s of processor "
		    "time)\n", slow[i].file, secs, cpu);
		sandbox_free(sb);
	}
}

/*
 * One call into C that never comes back to a hook before the deadline:
 * the first run's process is killed. The deadline is brought forward to
 * 100 ms here, so that one costly match, under its guard, outlasts it.
 */
static void
test_first_run_killed(void **state)
{
	static const char text[] = "local s = string.rep('a', 4900)\n"
	    "local n = 0\n"
	    "for _ = 1, 100 do n = n + (s:find('.-b') or 0) end\n"
	    "return { program = '/bin/true' }\n";
	char want[1024];
	struct sandbox *sb = sandbox_new();
	char *path = write_policy(text, sizeof(text) - 1);
	double t0 = now();
	int r;

	r = policy_first_run(sb, path, 100 - SB_POLICY_SECONDS * 1000);
	assert_int_equal(r, -ETIMEDOUT);
	snprintf(want, sizeof(want), "%s:3: the policy exceeds its time "
	    "limit of %d s", path, SB_POLICY_SECONDS);
	assert_string_equal(sandbox_error(sb), want);
	assert_true(now() - t0 < 10.0);
	/* Not a leftover: a policy that completes passes the first run. */
	sandbox_free(sb);
	sb = sandbox_new();
	assert_int_equal(policy_first_run(sb, FIX "valid_minimal.lua", 0), 0);
	sandbox_free(sb);
	unlink(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_full),
		cmocka_unit_test(test_valid_minimal),
		cmocka_unit_test(test_valid_extend),
		cmocka_unit_test(test_valid_extend_copy),
		cmocka_unit_test(test_params_default),
		cmocka_unit_test(test_params_set),
		cmocka_unit_test(test_declared_default),
		cmocka_unit_test(test_declared_set),
		cmocka_unit_test(test_declared_bad),
		cmocka_unit_test(test_safe_library),
		cmocka_unit_test(test_setters_override),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_bytecode_file),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_long_path),
		cmocka_unit_test(test_shebang),
		cmocka_unit_test(test_time_limit),
		cmocka_unit_test(test_first_run_killed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
