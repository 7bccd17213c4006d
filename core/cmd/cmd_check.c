/*
 * cmd_check.c: sandbox check [--set NAME=VALUE ...] policy.lua ...: load
 * each policy, report every error with its file and line, print the
 * resolved plan; as doas -C and httpd -n, a check-only mode. Exit 125 when
 * any policy is bad.
 */
#include <err.h>
#include <stdio.h>

#include "options.h"
#include "sb_internal.h"
#include "verbs.h"

static int
check_one(const struct sb_opts *o, const char *path, int many)
{
	struct sb_opts one = *o;
	struct sandbox *sb;
	int r;

	if ((sb = sandbox_new()) == NULL) {
		warnx("out of memory");
		return -1;
	}
	one.policy = path;
	if ((r = sb_opts_apply(sb, &one)) < 0)
		warnx("%s", sandbox_error(sb));
	else {
		if (many) {
			sb_fputvis(stdout, path);
			fputs(":\n", stdout);
		}
		sandbox_describe(sb, stdout);
	}
	sandbox_free(sb);
	return r;
}

static int
check_usage(void)
{
	fprintf(stderr, "usage: sandbox check [--set NAME=VALUE ...] "
	    "policy.lua ...\n");
	return SB_EXIT_FAIL;
}

int
cmd_check(int argc, char **argv)
{
	struct sb_opts o;
	char msg[512];
	int i, bad = 0;

	if (sb_wants_help(argc, argv)) {
		check_usage();
		return 0;
	}
	/* Run options are accepted (--set, --backend...): they apply on top. */
	if (sb_opts_parse(&o, argc, argv, msg, sizeof(msg)) < 0) {
		sb_warnvis(msg);
		return check_usage();
	}
	if (o.argc < 1 || o.policy != NULL)
		return check_usage();
	for (i = 0; i < o.argc; i++)
		if (check_one(&o, o.argv[i], o.argc > 1) < 0)
			bad++;
	return bad ? SB_EXIT_FAIL : 0;
}
