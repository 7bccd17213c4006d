/*
 * cmd_build.c: sandbox build --root DIR [--file PATH] [--runtime SET]
 * program ...: create or refresh the jail DIR with what the programs need.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "jail_report.h"
#include "verbs.h"

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
		r = sb_strv_push(&spec.programs, argv[i]);
	if (r == 0 && !none)
		r = sb_jail_spec_defaults(&spec);
	if (r < 0)
		warnx("out of memory");
	else if ((r = sb_jail_build(root, &spec, &st, err, sizeof(err))) < 0)
		warnx("%s", err);
	sb_jail_spec_free(&spec);
	if (r < 0)
		return SB_EXIT_FAIL;
	jail_report(root, &st);
	return 0;
}
