/* verbs.c: the one table of verbs and the usage it prints. */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sb_internal.h"
#include "verbs.h"

static const struct sb_verb verbs[] = {
	{ "run", cmd_run, "[run] [options] [--] program [arg ...]" },
	{ "check", cmd_check, "check [--set NAME=VALUE ...] policy.lua ..." },
	{ "backends", cmd_backends, "backends" },
	{ "deps", cmd_deps, "deps [--root dir] program ..." },
	{ "build", cmd_build,
	    "build --root dir [--file path] [--runtime set|none] [--user user] "
	    "program ..." },
	{ "sync", cmd_sync, "sync --root dir" },
	{ "learn", cmd_learn, "learn [-o file.lua] [--append] [--] program [arg ...]" },
	{ "compare", cmd_compare, "compare [--json] [program [arg ...]]" },
	{ "bench", cmd_bench, "bench [--json] [--quick]" },
	{ NULL, NULL, NULL }
};

const struct sb_verb *
sb_verb_find(const char *name)
{
	const struct sb_verb *v;

	for (v = verbs; v->name != NULL; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

/* Asked for (--help): on stdout; after a mistake: on stderr. */
void
sb_usage(FILE *f)
{
	const struct sb_verb *v;

	for (v = verbs; v->name != NULL; v++)
		fprintf(f, "%s sandbox %s\n", v == verbs ? "usage:" :
		    "      ", v->usage);
	fprintf(f,
	    "run options: [-b backend] [-P policy.lua] [-r root] [-u user]\n"
	    "    [-g group] [-p promises] [--execpromises promises]\n"
	    "    [-v path[:rwxc]] [-n none|host] [--runtime set]\n"
	    "    [--env NAME=VALUE] [--clearenv] [--set NAME=VALUE]\n"
	    "    [--best-effort] [-q|--verbose]\n");
}

int
sb_wants_help(int argc, char **argv)
{
	return argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0);
}

int
sb_verb_getopt(int argc, char **argv, const char *optstring,
    const struct option *longopts)
{
	int c;

	opterr = 0;
	optopt = 0;
	c = getopt_long(argc, argv, optstring, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	if (c == ':')
		warnx("option '%s' needs an argument", argv[optind - 1]);
	else if (optopt != 0)
		warnx("unknown option '-%c'", optopt);
	else
		warnx("unknown option '%s'", argv[optind - 1]);
	return '?';
}

void
sb_warnvis(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	sb_fputvis(stderr, msg);
	fputc('\n', stderr);
}
