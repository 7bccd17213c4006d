/*
 * cmd_build.c: sandbox build --root DIR [--file PATH] [--runtime SET]
 * program ...: create or refresh the jail DIR with what the programs need.
 * The manifest records each program as an absolute path and the build's
 * LD_LIBRARY_PATH, so that a sync later, from anywhere, finds the same.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closure_int.h"
#include "jail_report.h"
#include "verbs.h"

/*
 * The program as an absolute path: through PATH without a slash, from the
 * current directory with one; the last name is kept (a link stays the
 * link, /bin/sh stays /bin/sh), the directories above resolved.
 */
static int
program_path(struct sb_jail_spec *spec, const char *program)
{
	char found[PATH_MAX], dir[PATH_MAX], base[PATH_MAX], real[PATH_MAX];

	if (program[0] == '/' ||
	    sb_closure_which(program, found, sizeof(found)) < 0)
		return sb_strv_push(&spec->programs, program);
	snprintf(dir, sizeof(dir), "%s", found);
	snprintf(base, sizeof(base), "%s", found);
	if (realpath(dirname(dir), real) == NULL)
		return sb_strv_push(&spec->programs, found);
	return sb_strv_pushf(&spec->programs, "%s/%s",
	    strcmp(real, "/") == 0 ? "" : real, basename(base));
}

static int
usage(void)
{
	fprintf(stderr, "usage: sandbox build --root dir [--file path] "
	    "[--runtime set|none] [--user user] program ...\n");
	return SB_EXIT_FAIL;
}

/* -1 for a usage error, -ENOMEM when a list cannot grow. */
static int
parse(int argc, char **argv, const char **root, struct sb_jail_spec *spec,
    bool *none)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "file", required_argument, NULL, 'f' },
		{ "runtime", required_argument, NULL, 'R' },
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, r = 0;

	optind = 1;
	while (r == 0 &&
	    (ch = sb_verb_getopt(argc, argv, "+:r:f:R:u:", longopts)) != -1) {
		if (ch == 'r')
			*root = optarg;
		else if (ch == 'f')
			r = sb_strv_push(&spec->files, optarg);
		else if (ch == 'R' && strcmp(optarg, "none") == 0)
			*none = true;
		else if (ch == 'R')
			r = sb_strv_push(&spec->runtime, optarg);
		else if (ch == 'u')
			r = sb_strv_push(&spec->users, optarg);
		else
			return -1;
	}
	return r;
}

int
cmd_build(int argc, char **argv)
{
	struct sb_jail_spec spec;
	struct sb_jail_stats st;
	char err[SB_ERRLEN], abs[PATH_MAX];
	const char *root = NULL;
	bool none = false;
	int i, r;

	memset(&spec, 0, sizeof(spec));
	if ((r = parse(argc, argv, &root, &spec, &none)) < 0 || root == NULL ||
	    optind >= argc) {
		sb_jail_spec_free(&spec);
		if (r < -1)
			warnx("out of memory");
		return r < -1 ? SB_EXIT_FAIL : usage();
	}
	root = jail_root_abs(root, abs, sizeof(abs));
	for (i = optind, r = 0; i < argc && r == 0; i++)
		r = program_path(&spec, argv[i]);
	if (r == 0 && !none)
		r = sb_jail_spec_defaults(&spec);
	if (r == 0 && getenv("LD_LIBRARY_PATH") != NULL &&
	    getenv("LD_LIBRARY_PATH")[0] != '\0' &&
	    (spec.libpath = strdup(getenv("LD_LIBRARY_PATH"))) == NULL)
		r = -ENOMEM;
	if (r < 0)
		warnx("out of memory");
	else if ((r = sb_jail_build(root, &spec, &st, err, sizeof(err))) < 0)
		sb_warnvis(err);
	sb_jail_spec_free(&spec);
	if (r < 0)
		return SB_EXIT_FAIL;
	jail_report(root, &st);
	return 0;
}
