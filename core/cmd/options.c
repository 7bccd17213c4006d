/* options.c: run options, getopt_long with POSIX stop at the program. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/string.h>

#include "options.h"
#include "sb_internal.h"
#include "verbs.h"

enum {
	OPT_EXECPROMISES = 256, OPT_ENV, OPT_CLEARENV, OPT_VERBOSE,
	OPT_BEST_EFFORT, OPT_SET, OPT_RUNTIME, OPT_RLIMIT
};

static const struct option longopts[] = {
	{ "backend",	  required_argument, NULL, 'b' },
	{ "policy",	  required_argument, NULL, 'P' },
	{ "root",	  required_argument, NULL, 'r' },
	{ "user",	  required_argument, NULL, 'u' },
	{ "group",	  required_argument, NULL, 'g' },
	{ "pledge",	  required_argument, NULL, 'p' },
	{ "execpromises", required_argument, NULL, OPT_EXECPROMISES },
	{ "unveil",	  required_argument, NULL, 'v' },
	{ "net",	  required_argument, NULL, 'n' },
	{ "env",	  required_argument, NULL, OPT_ENV },
	{ "clearenv",	  no_argument,	     NULL, OPT_CLEARENV },
	{ "set",	  required_argument, NULL, OPT_SET },
	{ "runtime",	  required_argument, NULL, OPT_RUNTIME },
	{ "rlimit",	  required_argument, NULL, OPT_RLIMIT },
	{ "best-effort",  no_argument,	     NULL, OPT_BEST_EFFORT },
	{ "quiet",	  no_argument,	     NULL, 'q' },
	{ "verbose",	  no_argument,	     NULL, OPT_VERBOSE },
	{ NULL,		  0,		     NULL, 0 }
};

static int
push(const char **list, size_t *n, const char *what, const char *val,
    char *err, size_t errlen)
{
	if (*n == SB_OPT_MAX) {
		snprintf(err, errlen, "too many %s options (at most %d)", what,
		    SB_OPT_MAX);
		return -1;
	}
	list[(*n)++] = val;
	return 0;
}

/*
 * A single-valued option given twice is refused: a second --pledge that
 * silently replaced the first would run with promises not meant.
 */
static int
once(const char **slot, const char *what, const char *val, char *err,
    size_t errlen)
{
	if (*slot != NULL) {
		snprintf(err, errlen, "%s given twice ('%s', then '%s')", what,
		    *slot, val);
		return -1;
	}
	*slot = val;
	return 0;
}

static int
parse_net(struct sb_opts *o, const char *s, char *err, size_t errlen)
{
	if (o->net_given) {
		snprintf(err, errlen, "--net given twice");
		return -1;
	}
	o->net_given = true;
	if (sb_net_parse(s, &o->net) == 0)
		return 0;
	snprintf(err, errlen, "--net: expected none or host, not '%s'", s);
	return -1;
}

static int
need_equals(const char *opt, const char *s, char *err, size_t errlen)
{
	if (strchr(s, '=') != NULL && s[0] != '=')
		return 0;
	snprintf(err, errlen, "%s: expected NAME=VALUE, not '%s'", opt, s);
	return -1;
}

static int
parse_one(struct sb_opts *o, int c, const char *arg, char *err,
    size_t errlen)
{
	switch (c) {
	case 'b': return once(&o->backend, "--backend", optarg, err, errlen);
	case 'P': return once(&o->policy, "--policy", optarg, err, errlen);
	case 'r': return once(&o->root, "--root", optarg, err, errlen);
	case 'u': return once(&o->user, "--user", optarg, err, errlen);
	case 'g': return once(&o->group, "--group", optarg, err, errlen);
	case 'p': return once(&o->pledge, "--pledge", optarg, err, errlen);
	case OPT_EXECPROMISES:
		return once(&o->execpromises, "--execpromises", optarg, err,
		    errlen);
	case 'v':
		return push(o->unveil, &o->nunveil, "--unveil", optarg, err,
		    errlen);
	case 'n': return parse_net(o, optarg, err, errlen);
	case OPT_ENV:
		if (need_equals("--env", optarg, err, errlen) < 0)
			return -1;
		return push(o->env, &o->nenv, "--env", optarg, err, errlen);
	case OPT_SET:
		if (need_equals("--set", optarg, err, errlen) < 0)
			return -1;
		return push(o->params, &o->nparams, "--set", optarg, err,
		    errlen);
	case OPT_RUNTIME:
		return push(o->runtime, &o->nruntime, "--runtime", optarg, err,
		    errlen);
	case OPT_RLIMIT:
		if (need_equals("--rlimit", optarg, err, errlen) < 0)
			return -1;
		return push(o->rlimit, &o->nrlimit, "--rlimit", optarg, err,
		    errlen);
	case OPT_CLEARENV: o->clearenv = true; return 0;
	case OPT_BEST_EFFORT: o->best_effort = true; return 0;
	case 'q': o->verbosity = SANDBOX_QUIET; return 0;
	case OPT_VERBOSE: o->verbosity = SANDBOX_VERBOSE; return 0;
	case ':':
		snprintf(err, errlen, "option '%s' needs an argument", arg);
		return -1;
	default:
		snprintf(err, errlen, "unknown option '%s'", arg);
		return -1;
	}
}

int
sb_opts_parse(struct sb_opts *o, int argc, char **argv, char *err,
    size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 0;	/* reset getopt, also for repeated calls in tests */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:b:P:r:u:g:p:v:n:q", longopts,
	    NULL)) != -1)
		if (parse_one(o, c, argv[optind - 1], err, errlen) < 0)
			return -1;
	o->argc = argc - optind;
	o->argv = o->argc > 0 ? argv + optind : NULL;
	return 0;
}

/*
 * Options anywhere among the operands (files, not a program that has
 * options of its own), up to "--": getopt's "-" mode hands each operand
 * over in order, whatever POSIXLY_CORRECT says.
 */
int
sb_opts_parse_operands(struct sb_opts *o, int argc, char **argv, char *err,
    size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-:b:P:r:u:g:p:v:n:q", longopts,
	    NULL)) != -1) {
		if (c == 1) {
			if (push(o->operands, &o->noperands, "operand",
			    optarg, err, errlen) < 0)
				return -1;
		} else if (parse_one(o, c, argv[optind - 1], err, errlen) < 0)
			return -1;
	}
	for (; optind < argc; optind++)
		if (push(o->operands, &o->noperands, "operand", argv[optind],
		    err, errlen) < 0)
			return -1;
	o->argc = (int)o->noperands;
	o->argv = o->argc > 0 ? (char **)o->operands : NULL;
	return 0;
}

/*
 * PATH[:PERMS]; a path may itself hold colons. The last one splits when
 * what follows is empty, or holds one of the letters rwxc (in either
 * case) and no '/', so that bad letters ("/etc:rz", "/etc:R") are an
 * error, while "/x:y" stays a path.
 */
static int
apply_unveil(struct sandbox *sb, const char *spec)
{
	const char *colon = strrchr(spec, ':');
	char *path;
	int r;

	if (colon == NULL || strchr(colon, '/') != NULL ||
	    (colon[1] != '\0' && strpbrk(colon + 1, "rwxcRWXC") == NULL))
		return sandbox_unveil(sb, spec, "r");
	/* Copied whole: a path cut short would unveil another path. */
	if ((path = strndup(spec, (size_t)(colon - spec))) == NULL)
		return -ENOMEM;
	r = sandbox_unveil(sb, path, colon + 1);
	free(path);
	return r;
}

/* NAME=VALUE into a setter; the name copied whole, never cut short. */
static int
apply_pair(struct sandbox *sb, const char *kv,
    int (*set)(struct sandbox *, const char *, const char *))
{
	size_t len = strcspn(kv, "=");
	char *name;
	int r;

	if ((name = strndup(kv, len)) == NULL)
		return -ENOMEM;
	r = set(sb, name, kv[len] == '=' ? kv + len + 1 : "");
	free(name);
	return r;
}

static int
apply_lists(struct sandbox *sb, const struct sb_opts *o)
{
	size_t i;
	int r;

	for (i = 0; i < o->nunveil; i++)
		if ((r = apply_unveil(sb, o->unveil[i])) < 0)
			return r;
	for (i = 0; i < o->nruntime; i++)
		if ((r = sandbox_add_runtime(sb, o->runtime[i])) < 0)
			return r;
	for (i = 0; i < o->nrlimit; i++)
		if ((r = apply_pair(sb, o->rlimit[i], sb_rlimit_parse)) < 0)
			return r;
	if (o->clearenv && (r = sandbox_clearenv(sb)) < 0)
		return r;
	for (i = 0; i < o->nenv; i++)
		if ((r = apply_pair(sb, o->env[i], sandbox_setenv)) < 0)
			return r;
	return 0;
}

/*
 * A policy that declares no parameters (sandbox.params) takes any --set,
 * as it always did: say that nothing checked them.
 */
static void
undeclared(const struct sandbox *sb, const struct sb_opts *o)
{
	char msg[512];

	if (o->policy == NULL || o->nparams == 0 ||
	    sb->cfg.params_declared || o->verbosity == SANDBOX_QUIET)
		return;
	snprintf(msg, sizeof(msg), "warning: %s declares no parameters: "
	    "--set %.*s is not checked", o->policy,
	    (int)strcspn(o->params[0], "="), o->params[0]);
	sb_warnvis(msg);
}

int
sb_opts_apply(struct sandbox *sb, const struct sb_opts *o)
{
	size_t i;
	int r;

	/* Parameters first: the policy reads them while it runs. */
	for (i = 0; i < o->nparams; i++)
		if ((r = apply_pair(sb, o->params[i], sandbox_set_param)) < 0)
			return r;
	if (o->policy && (r = sandbox_load_policy(sb, o->policy)) < 0)
		return r;
	undeclared(sb, o);
	if ((o->backend && (r = sandbox_set_backend(sb, o->backend)) < 0) ||
	    (o->root && (r = sandbox_set_root(sb, o->root)) < 0) ||
	    (o->user && (r = sandbox_set_user(sb, o->user)) < 0) ||
	    (o->group && (r = sandbox_set_group(sb, o->group)) < 0) ||
	    ((o->pledge || o->execpromises) && (r = sandbox_set_pledge(sb,
	    o->pledge ? o->pledge : sandbox_promises(sb),
	    o->execpromises ? o->execpromises : sandbox_execpromises(sb))) < 0) ||
	    (o->net && (r = sandbox_set_net(sb, o->net)) < 0))
		return r;
	if (o->best_effort)
		sandbox_set_best_effort(sb, 1);
	if (o->verbosity)
		sandbox_set_verbosity(sb, o->verbosity);
	return apply_lists(sb, o);
}
