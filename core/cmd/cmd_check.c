/*
 * cmd_check.c: sandbox check policy.lua ...: load each policy, report every
 * error with its file and line, print the resolved plan; as doas -C and
 * httpd -n, a check-only mode. Exit 125 when any policy is bad.
 */
#include <err.h>
#include <stdio.h>

#include "sandbox.h"
#include "verbs.h"

static int
check_one(const char *path, int many)
{
	struct sandbox *sb;
	int r;

	if ((sb = sandbox_new()) == NULL) {
		warnx("out of memory");
		return -1;
	}
	if ((r = sandbox_load_policy(sb, path)) < 0)
		warnx("%s", sandbox_error(sb));
	else {
		if (many)
			printf("%s:\n", path);
		sandbox_describe(sb, stdout);
	}
	sandbox_free(sb);
	return r;
}

int
cmd_check(int argc, char **argv)
{
	int i, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: sandbox check policy.lua ...\n");
		return SB_EXIT_FAIL;
	}
	for (i = 1; i < argc; i++)
		if (check_one(argv[i], argc > 2) < 0)
			bad++;
	return bad ? SB_EXIT_FAIL : 0;
}
