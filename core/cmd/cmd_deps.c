/*
 * cmd_deps.c: sandbox deps [--root DIR] program ...: the files each program
 * needs to be loaded, one absolute path a line, found by reading ELF
 * headers as ld.so would; nothing is run. With --root, the programs and
 * their libraries are looked up inside the jail DIR instead of the host.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "closure.h"
#include "jail.h"
#include "jail_report.h"
#include "sb_internal.h"
#include "verbs.h"

static int
usage(void)
{
	fprintf(stderr, "usage: sandbox deps [--root dir] program ...\n");
	return SB_EXIT_FAIL;
}

int
cmd_deps(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct sb_strv out = { NULL, 0, 0 };
	char err[SB_ERRLEN], abs[PATH_MAX];
	const char *root = NULL;
	size_t i;
	int ch, r = 0;

	optind = 1;
	while ((ch = sb_verb_getopt(argc, argv, "+:r:", longopts)) != -1) {
		if (ch != 'r')
			return usage();
		root = optarg;
	}
	if (optind >= argc)
		return usage();
	/* A relative root from the current directory, as build and sync. */
	root = jail_root_abs(root, abs, sizeof(abs));
	for (i = optind; (int)i < argc && r == 0; i++)
		r = root != NULL ?
		    sb_jail_closure(root, argv[i], &out, err, sizeof(err)) :
		    sb_closure(argv[i], &out, err, sizeof(err));
	if (r < 0) {
		sb_warnvis(err);
		sb_strv_clear(&out);
		return SB_EXIT_FAIL;
	}
	/* One path a line: a name with a newline, encoded, stays one. */
	for (i = 0; i < out.n; i++) {
		sb_fputvis(stdout, out.v[i]);
		putchar('\n');
	}
	sb_strv_clear(&out);
	return fflush(stdout) == 0 ? 0 : SB_EXIT_FAIL;
}
