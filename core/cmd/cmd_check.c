/*
 * cmd_check.c: sandbox check [--params] [--set NAME=VALUE ...] policy.lua
 * ...: load each policy, report every error with its file and line, then
 * what would fail only at run time (check_run.c), and print the resolved
 * plan, or with --params the parameters the policy declares; as doas -C
 * and httpd -n, a check-only mode. Options may follow the files. Exit 125
 * when any policy is bad.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "sb_internal.h"
#include "verbs.h"

/*
 * "NAME KIND (default DEFAULT)", then its help indented, for each
 * NAME\tKIND\tDEFAULT\tHELP that policy_params.c kept.
 */
static void
list_params(const struct sandbox *sb)
{
	const struct sb_strv *d = &sb->cfg.param_decls;
	char *f[4], *s;
	size_t i;
	int k;

	if (!sb->cfg.params_declared)
		puts("no parameters declared: sandbox.param takes any --set, "
		    "unchecked");
	else if (d->n == 0)
		puts("no parameters: any --set is an error");
	for (i = 0; i < d->n; i++) {
		if ((s = strdup(d->v[i])) == NULL)
			err(SB_EXIT_FAIL, "out of memory");
		for (k = 0; k < 4; k++)
			f[k] = strsep(&s, "\t");
		if (f[3] == NULL)
			f[3] = "";
		sb_fputvis(stdout, f[0]);
		fputc(' ', stdout);
		sb_fputvis(stdout, f[1]);
		if (strcmp(f[2], "-") != 0) {
			fputs(" (default ", stdout);
			sb_fputvis(stdout, f[2]);
			fputc(')', stdout);
		}
		fputs("\n\t", stdout);
		sb_fputvis(stdout, f[3]);
		fputc('\n', stdout);
		free(f[0]);
	}
}

static int
check_one(const struct sb_opts *o, const char *path, int many, bool params)
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
	else if (!params && (r = sb_check_run(sb, path)) < 0)
		;
	else {
		if (many) {
			sb_fputvis(stdout, path);
			fputs(":\n", stdout);
		}
		if (params)
			list_params(sb);
		else
			sandbox_describe(sb, stdout);
	}
	sandbox_free(sb);
	return r;
}

static int
check_usage(void)
{
	fprintf(stderr, "usage: sandbox check [--params] [--set NAME=VALUE "
	    "...] policy.lua ...\n");
	return SB_EXIT_FAIL;
}

/* Take --params (check's own option) out of argv, up to "--". */
static bool
take_params(int *argc, char **argv)
{
	bool found = false;
	int i, j;

	for (i = j = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[j++] = argv[i++];
			break;
		}
		if (i > 0 && strcmp(argv[i], "--params") == 0)
			found = true;
		else
			argv[j++] = argv[i];
	}
	*argc = j;
	argv[j] = NULL;
	return found;
}

int
cmd_check(int argc, char **argv)
{
	struct sb_opts o;
	char msg[512];
	bool params;
	int i, bad = 0;

	if (sb_wants_help(argc, argv)) {
		check_usage();
		return 0;
	}
	params = take_params(&argc, argv);
	/* Run options are accepted (--set, --backend...): they apply on top. */
	if (sb_opts_parse_operands(&o, argc, argv, msg, sizeof(msg)) < 0) {
		sb_warnvis(msg);
		return check_usage();
	}
	if (o.argc < 1 || o.policy != NULL)
		return check_usage();
	for (i = 0; i < o.argc; i++)
		if (check_one(&o, o.argv[i], o.argc > 1, params) < 0)
			bad++;
	return bad ? SB_EXIT_FAIL : 0;
}
