/*
 * test_options.c: the run options of the command (core/cmd/options.c):
 * every option in its long and short form, `--`, the stop at the program,
 * the errors; then sb_opts_apply: a policy first, the options over it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"
#include "sb_internal.h"

#define FIX	"tests/fixtures/policies/"
#define MAXARGS	600

static char	*args[MAXARGS];
static char	 msg[512];

/* Parse the NULL-terminated words after "sandbox"; returns the result. */
static int
parse(struct sb_opts *o, ...)
{
	va_list ap;
	int n = 0;

	args[n++] = "sandbox";
	va_start(ap, o);
	while ((args[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	msg[0] = '\0';
	return sb_opts_parse(o, n, args, msg, sizeof(msg));
}

static size_t
count_unique(const struct sb_strv *sv)
{
	size_t i, j, n = 0;

	for (i = 0; i < sv->n; i++) {
		for (j = 0; j < i && strcmp(sv->v[i], sv->v[j]) != 0; j++)
			;
		n += j == i;
	}
	return n;
}

static void
test_long_options(void **state)
{
	struct sb_opts o;

	assert_int_equal(parse(&o, "--backend", "none", "--policy", "p.lua",
	    "--root", "/jail", "--user", "nobody", "--group", "nogroup",
	    "--pledge", "stdio", "--execpromises", "stdio rpath",
	    "--unveil", "/etc", "--unveil", "/tmp:rwc", "--net", "host",
	    "--env", "A=1", "--env", "B=", "--clearenv", "--set", "k=v",
	    "--runtime", "dns", "--runtime", "users",
	    "--best-effort", "--verbose", "prog", NULL), 0);
	assert_string_equal(o.backend, "none");
	assert_string_equal(o.policy, "p.lua");
	assert_string_equal(o.root, "/jail");
	assert_string_equal(o.user, "nobody");
	assert_string_equal(o.group, "nogroup");
	assert_string_equal(o.pledge, "stdio");
	assert_string_equal(o.execpromises, "stdio rpath");
	assert_int_equal(o.nunveil, 2);
	assert_string_equal(o.unveil[0], "/etc");
	assert_string_equal(o.unveil[1], "/tmp:rwc");
	assert_int_equal(o.net, SANDBOX_NET_HOST);
	assert_int_equal(o.nenv, 2);
	assert_string_equal(o.env[1], "B=");
	assert_true(o.clearenv);
	assert_int_equal(o.nparams, 1);
	assert_string_equal(o.params[0], "k=v");
	assert_int_equal(o.nruntime, 2);
	assert_string_equal(o.runtime[0], "dns");
	assert_string_equal(o.runtime[1], "users");
	assert_true(o.best_effort);
	assert_int_equal(o.verbosity, SANDBOX_VERBOSE);
	assert_int_equal(o.argc, 1);
	assert_string_equal(o.argv[0], "prog");
}

static void
test_short_options(void **state)
{
	struct sb_opts o;

	assert_int_equal(parse(&o, "-b", "none", "-P", "p.lua", "-r", "/j",
	    "-u", "0", "-g", "0", "-p", "stdio", "-v", "/etc:r", "-n", "none",
	    "-q", "prog", NULL), 0);
	assert_string_equal(o.backend, "none");
	assert_string_equal(o.policy, "p.lua");
	assert_string_equal(o.root, "/j");
	assert_string_equal(o.user, "0");
	assert_string_equal(o.group, "0");
	assert_string_equal(o.pledge, "stdio");
	assert_int_equal(o.nunveil, 1);
	assert_int_equal(o.net, SANDBOX_NET_NONE);
	assert_int_equal(o.verbosity, SANDBOX_QUIET);
	assert_false(o.clearenv);
	assert_false(o.best_effort);
	/* Attached forms. */
	assert_int_equal(parse(&o, "-bnone", "--pledge=stdio rpath", "x",
	    NULL), 0);
	assert_string_equal(o.backend, "none");
	assert_string_equal(o.pledge, "stdio rpath");
}

/* Options stop at the program: its own options are its arguments. */
static void
test_stop_at_program(void **state)
{
	struct sb_opts o;

	assert_int_equal(parse(&o, "-b", "none", "ls", "-l", "--backend", "x",
	    "--", NULL), 0);
	assert_string_equal(o.backend, "none");
	assert_int_equal(o.argc, 5);
	assert_string_equal(o.argv[0], "ls");
	assert_string_equal(o.argv[1], "-l");
	assert_string_equal(o.argv[2], "--backend");
	assert_string_equal(o.argv[4], "--");
}

static void
test_double_dash(void **state)
{
	struct sb_opts o;

	assert_int_equal(parse(&o, "-b", "none", "--", "-prog", "-b", NULL),
	    0);
	assert_int_equal(o.argc, 2);
	assert_string_equal(o.argv[0], "-prog");
	assert_string_equal(o.argv[1], "-b");
	assert_int_equal(parse(&o, "--", NULL), 0);
	assert_int_equal(o.argc, 0);
	assert_null(o.argv);
	assert_int_equal(parse(&o, "--", "--", NULL), 0);
	assert_int_equal(o.argc, 1);
	assert_string_equal(o.argv[0], "--");
}

static void
test_no_program(void **state)
{
	struct sb_opts o;

	assert_int_equal(parse(&o, "-P", "policy.lua", NULL), 0);
	assert_int_equal(o.argc, 0);
	assert_null(o.argv);
}

static void
test_errors(void **state)
{
	static const struct {
		const char	*a, *b;
		const char	*msg;
	} cases[] = {
		{ "--nope", NULL, "unknown option '--nope'" },
		{ "-Z", NULL, "unknown option '-Z'" },
		{ "-b", NULL, "option '-b' needs an argument" },
		{ "--backend", NULL, "option '--backend' needs an argument" },
		{ "--net", "wifi", "--net: expected none or host, not 'wifi'" },
		{ "--env", "NOEQUALS",
		  "--env: expected NAME=VALUE, not 'NOEQUALS'" },
		{ "--env", "=v", "--env: expected NAME=VALUE, not '=v'" },
		{ "--set", "x", "--set: expected NAME=VALUE, not 'x'" },
		{ "--clearenv=yes", NULL,
		  "unknown option '--clearenv=yes'" },
	};
	struct sb_opts o;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(&o, cases[i].a, cases[i].b, NULL), -1);
		assert_string_equal(msg, cases[i].msg);
	}
}

/* A single-valued option given twice is refused, never replaced. */
static void
test_given_twice(void **state)
{
	struct sb_opts o;

	assert_int_equal(parse(&o, "-p", "stdio", "--pledge", "rpath", "x",
	    NULL), -1);
	assert_string_equal(msg, "--pledge given twice ('stdio', then "
	    "'rpath')");
	assert_int_equal(parse(&o, "-b", "none", "-b", "pledge", NULL), -1);
	assert_string_equal(msg, "--backend given twice ('none', then "
	    "'pledge')");
	assert_int_equal(parse(&o, "--execpromises", "stdio",
	    "--execpromises", "stdio", NULL), -1);
	assert_int_equal(parse(&o, "-n", "none", "--net", "none", NULL), -1);
	assert_string_equal(msg, "--net given twice");
	/* Lists and flags add up. */
	assert_int_equal(parse(&o, "-v", "/a", "-v", "/b", "-q", "-q",
	    "--env", "A=1", "--env", "A=2", "x", NULL), 0);
}

static void
test_too_many(void **state)
{
	struct sb_opts o;
	int i, n = 0;

	args[n++] = "sandbox";
	for (i = 0; i <= SB_OPT_MAX; i++) {
		args[n++] = "-v";
		args[n++] = "/etc";
	}
	args[n] = NULL;
	assert_int_equal(sb_opts_parse(&o, n, args, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "too many --unveil options (at most 256)");
	/* SB_OPT_MAX of them are fine. */
	assert_int_equal(sb_opts_parse(&o, n - 2, args, msg, sizeof(msg)), 0);
	assert_int_equal(o.nunveil, SB_OPT_MAX);
}

/* Parse, then apply to a new handle; the handle or NULL on failure. */
static struct sandbox *
apply(struct sb_opts *o)
{
	struct sandbox *sb = sandbox_new();

	assert_non_null(sb);
	if (sb_opts_apply(sb, o) < 0) {
		snprintf(msg, sizeof(msg), "%s", sandbox_error(sb));
		sandbox_free(sb);
		return NULL;
	}
	return sb;
}

static void
test_apply_options(void **state)
{
	struct sb_opts o;
	struct sandbox *sb;
	const struct sb_config *c;

	assert_int_equal(parse(&o, "-b", "none", "-r", "/jail", "-u", "nobody",
	    "-g", "nogroup", "-p", "stdio rpath", "--execpromises", "stdio",
	    "-v", "/etc", "-v", "/tmp:rwc", "-v", "/a:b:wx", "-v", "/x:y",
	    "-n", "none", "--env", "A=1", "--env", "B=", "--clearenv",
	    "--best-effort", "-q", "prog", NULL), 0);
	assert_non_null(sb = apply(&o));
	c = &sb->cfg;
	assert_string_equal(sandbox_backend(sb), "none");
	assert_string_equal(c->root, "/jail");
	assert_string_equal(c->user, "nobody");
	assert_string_equal(c->group, "nogroup");
	assert_string_equal(sandbox_promises(sb), "stdio rpath");
	assert_string_equal(sandbox_execpromises(sb), "stdio");
	assert_int_equal(c->nunveil, 4);
	assert_string_equal(c->unveil[0].path, "/etc");
	assert_int_equal(c->unveil[0].perms, SANDBOX_UNVEIL_R);
	assert_string_equal(c->unveil[1].path, "/tmp");
	assert_int_equal(c->unveil[1].perms, SANDBOX_UNVEIL_R |
	    SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C);
	/* The last colon splits, and only before permission letters. */
	assert_string_equal(c->unveil[2].path, "/a:b");
	assert_int_equal(c->unveil[2].perms, SANDBOX_UNVEIL_W |
	    SANDBOX_UNVEIL_X);
	assert_string_equal(c->unveil[3].path, "/x:y");
	assert_int_equal(c->unveil[3].perms, SANDBOX_UNVEIL_R);
	assert_int_equal(c->net, SANDBOX_NET_NONE);
	assert_true(c->clearenv);
	assert_int_equal(c->env.n, 2);
	assert_string_equal(c->env.v[0], "A=1");
	assert_string_equal(c->env.v[1], "B=");
	assert_true(c->best_effort);
	assert_int_equal(c->verbosity, SANDBOX_QUIET);
	sandbox_free(sb);
}

/* The policy first, the command line over it. */
static void
test_apply_policy_then_options(void **state)
{
	struct sb_opts o;
	struct sandbox *sb;

	assert_int_equal(parse(&o, "-P", FIX "valid_full.lua", "-p", "stdio",
	    "-n", "host", "prog", NULL), 0);
	assert_non_null(sb = apply(&o));
	assert_string_equal(sandbox_promises(sb), "stdio");
	/* What the command line does not say, the policy keeps. */
	assert_string_equal(sandbox_execpromises(sb), "stdio");
	assert_string_equal(sandbox_program(sb), "/bin/echo");
	assert_int_equal(sb->cfg.net, SANDBOX_NET_HOST);
	sandbox_free(sb);

	assert_int_equal(parse(&o, "-P", FIX "valid_full.lua",
	    "--execpromises", "stdio rpath", NULL), 0);
	assert_non_null(sb = apply(&o));
	assert_string_equal(sandbox_promises(sb), "stdio rpath");
	assert_string_equal(sandbox_execpromises(sb), "stdio rpath");
	sandbox_free(sb);
}

/* --set comes before the policy runs, whatever the order given. */
static void
test_apply_params(void **state)
{
	struct sb_opts o;
	struct sandbox *sb;

	assert_int_equal(parse(&o, "-P", FIX "valid_param.lua", "--set",
	    "greeting=yo", "--set", "port=99", NULL), 0);
	assert_non_null(sb = apply(&o));
	assert_string_equal(sb->cfg.args.v[0], "yo");
	assert_int_equal(sb->cfg.bind_ports.port[0], 99);
	sandbox_free(sb);
}

/* A run-time set becomes files: those of the set that exist here. */
static void
test_apply_runtime(void **state)
{
	struct sb_opts o;
	struct sandbox *sb;

	assert_int_equal(parse(&o, "--runtime", "users", "--runtime", "users",
	    "prog", NULL), 0);
	assert_non_null(sb = apply(&o));
	assert_true(sb_strv_contains(&sb->cfg.files, "/etc/passwd"));
	assert_true(sb_strv_contains(&sb->cfg.files, "/etc/group"));
	/* Given twice, each file is there once. */
	assert_int_equal(sb->cfg.files.n, count_unique(&sb->cfg.files));
	sandbox_free(sb);

	assert_int_equal(parse(&o, "--runtime", "nosuch", NULL), 0);
	assert_null(apply(&o));
	assert_non_null(strstr(msg, "runtime: no such set 'nosuch' (known: "
	    "dns, users,"));
}

static void
test_apply_errors(void **state)
{
	struct sb_opts o;

	assert_int_equal(parse(&o, "-b", "nosuch", NULL), 0);
	assert_null(apply(&o));
	assert_string_equal(msg, "unknown backend 'nosuch' (known: none, "
	    "chroot, unveil, pledge, namespace, combined)");
	assert_int_equal(parse(&o, "-p", "stdio bogus", NULL), 0);
	assert_null(apply(&o));
	assert_string_equal(msg, "pledge: unknown promise 'bogus'");
	assert_int_equal(parse(&o, "--execpromises", "nope", NULL), 0);
	assert_null(apply(&o));
	assert_string_equal(msg, "execpromises: unknown promise 'nope'");
	assert_int_equal(parse(&o, "-P", FIX "bad_type.lua", NULL), 0);
	assert_null(apply(&o));
	assert_string_equal(msg, FIX "bad_type.lua:3: field 'program': "
	    "expected a program path or name, got number");
	assert_int_equal(parse(&o, "-v", "", NULL), 0);
	assert_null(apply(&o));
	assert_string_equal(msg, "unveil: empty path");
	assert_int_equal(parse(&o, "-r", "", NULL), 0);
	assert_null(apply(&o));
	assert_string_equal(msg, "empty root directory");
}

/* check's files: options before, between and after them, up to "--". */
static void
test_parse_operands(void **state)
{
	char *v[] = { "check", "a.lua", "--set", "x=1", "b.lua", "-b",
		"none", "--", "--set", NULL };
	struct sb_opts o;

	assert_int_equal(sb_opts_parse_operands(&o, 9, v, msg, sizeof(msg)),
	    0);
	assert_int_equal(o.argc, 3);
	assert_string_equal(o.argv[0], "a.lua");
	assert_string_equal(o.argv[1], "b.lua");
	assert_string_equal(o.argv[2], "--set");
	assert_int_equal(o.nparams, 1);
	assert_string_equal(o.params[0], "x=1");
	assert_string_equal(o.backend, "none");
	assert_int_equal(sb_opts_parse_operands(&o, 3, (char *[]){ "check",
	    "a.lua", "--bogus", NULL }, msg, sizeof(msg)), -1);
	assert_int_equal(sb_opts_parse_operands(&o, 3, (char *[]){ "check",
	    "a.lua", "--set", NULL }, msg, sizeof(msg)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_options),
		cmocka_unit_test(test_short_options),
		cmocka_unit_test(test_stop_at_program),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_no_program),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_given_twice),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_apply_options),
		cmocka_unit_test(test_apply_policy_then_options),
		cmocka_unit_test(test_apply_params),
		cmocka_unit_test(test_apply_runtime),
		cmocka_unit_test(test_apply_errors),
		cmocka_unit_test(test_parse_operands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
