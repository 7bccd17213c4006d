/*
 * cmd_sync.c: sandbox sync --root DIR: bring a jail up to date from its
 * manifest after the host's packages changed; only what changed is
 * replaced, what is no longer needed is removed. A program the host no
 * longer has is dropped from the jail, and named on stderr.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>

#include "jail_report.h"
#include "verbs.h"

int
cmd_sync(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct sb_jail_stats st;
	char err[SB_ERRLEN], abs[PATH_MAX];
	const char *root = NULL;
	int ch;

	optind = 1;
	while ((ch = sb_verb_getopt(argc, argv, "+:r:", longopts)) != -1) {
		if (ch != 'r')
			goto usage;
		root = optarg;
	}
	if (root == NULL || optind != argc)
		goto usage;
	root = jail_root_abs(root, abs, sizeof(abs));
	if (sb_jail_sync(root, &st, err, sizeof(err)) < 0) {
		sb_warnvis(err);
		return SB_EXIT_FAIL;
	}
	if (st.dropped[0] != '\0')
		warnx("%s: no longer on the host, dropped with what only it "
		    "needed: %s", root, st.dropped);
	jail_report(root, &st);
	return 0;
usage:
	fprintf(stderr, "usage: sandbox sync --root dir\n");
	return SB_EXIT_FAIL;
}
