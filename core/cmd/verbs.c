/* verbs.c: the one table of verbs and the usage it prints. */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sandbox.h"
#include "sb_internal.h"
#include "verbs.h"

static const struct sb_verb verbs[] = {
	{ "run", cmd_run, "[run] [options] [--] program [arg ...]" },
	{ "check", cmd_check, "check [--params] [--set NAME=VALUE ...] policy.lua ..." },
	{ "backends", cmd_backends, "backends" },
	{ "deps", cmd_deps, "deps [--root dir] program ..." },
	{ "build", cmd_build,
	    "build --root dir [--file path] [--runtime set|none] [--user user] "
	    "program ..." },
	{ "sync", cmd_sync, "sync --root dir" },
	{ "learn", cmd_learn, "learn [-o file.lua] [--append] [-u user] "
	    "[-g group] [--] program [arg ...]" },
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

/* After a mistake, on stderr: the verbs and the run options, short. */
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
	    "    [--rlimit NAME=SOFT[:HARD]]\n"
	    "    [--best-effort] [-q|--verbose]\n");
}

/* Each run option on a line of its own, as sandbox(1) names them. */
static const char *const run_options[] = {
	"-b, --backend NAME      how to confine (see 'sandbox backends')",
	"-P, --policy FILE.lua   run under a Lua policy (sandbox-policy(5))",
	"-r, --root DIR          the jail to run in (chroot)",
	"-u, --user USER         run as USER (a name or a number)",
	"-g, --group GROUP       run with GROUP (needed with a numeric --user)",
	"-p, --pledge PROMISES   OpenBSD promises, e.g. 'stdio rpath'",
	"    --execpromises P    the promises of images the program executes",
	"-v, --unveil PATH[:rwxc] make PATH visible with these permissions",
	"-n, --net none|host     the network: none, or the host's",
	"    --runtime SET       an interpreter's run-time files (python, perl...)",
	"    --env NAME=VALUE    set a variable in the program's environment",
	"    --clearenv          start the program with an empty environment",
	"    --set NAME=VALUE    a policy parameter (sandbox.param.NAME)",
	"    --rlimit NAME=SOFT[:HARD] a resource limit: nofile, nproc, core, as...",
	"    --best-effort       run without what this kernel cannot apply, say which",
	"-q, --quiet             say nothing but errors",
	"    --verbose           say what each step does",
	NULL
};

/* Asked for (--help), on stdout: every option, the backends, the pages. */
void
sb_help(FILE *f)
{
	const char *const *o;
	struct sandbox *sb;
	size_t i;

	for (i = 0; verbs[i].name != NULL; i++)
		fprintf(f, "%s sandbox %s\n", i == 0 ? "usage:" : "      ",
		    verbs[i].usage);
	fprintf(f, "\nrun options:\n");
	for (o = run_options; *o != NULL; o++)
		fprintf(f, "  %s\n", *o);
	fprintf(f, "\nbackends:");
	for (i = 0; i < sandbox_backend_count(); i++)
		fprintf(f, " %s", sandbox_backend_name(i));
	if ((sb = sandbox_new()) != NULL) {
		fprintf(f, " (default: %s)", sandbox_backend(sb));
		sandbox_free(sb);
	}
	fprintf(f, "\n\nSee sandbox(1) for the command, sandbox-policy(5) for "
	    "policies,\nsandbox(3) for the library.\n");
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
