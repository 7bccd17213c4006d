/*
 * cmd_learn.c: sandbox learn [-o FILE.lua] [--append] [-u user] [-g group]
 * [--] program [arg ...]
 * Run the program once, watched, and write a policy for it (to FILE, or
 * to stdout after the program ends). --append adds this run to FILE;
 * --user runs it as that user, as the policy written will.
 * Exits with the program's status, or 125 when learning failed.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "sandbox.h"
#include "verbs.h"

static const struct option longopts[] = {
	{ "output",	required_argument, NULL, 'o' },
	{ "append",	no_argument,	   NULL, 'a' },
	{ "user",	required_argument, NULL, 'u' },
	{ "group",	required_argument, NULL, 'g' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ NULL,		0,		   NULL, 0 }
};

static int
usage(void)
{
	fprintf(stderr, "usage: sandbox learn [-o file.lua] [--append] "
	    "[-u user] [-g group] [--] program [arg ...]\n");
	return SB_EXIT_FAIL;
}

/* To stdout, or to the file as outfile.c writes it. */
static int
save(struct sandbox *sb, struct sb_out *o)
{
	FILE *f;
	int r;

	if (o == NULL)
		return sandbox_learn_write(sb, stdout) < 0 ||
		    fflush(stdout) != 0 ? -1 : 0;
	if ((f = sb_out_open(o)) == NULL) {
		sb_warnvis(o->err);
		return -1;
	}
	r = sandbox_learn_write(sb, f);
	if (sb_out_close(o, f, r == 0) < 0) {
		if (r == 0)
			sb_warnvis(o->err);
		return -1;
	}
	return r < 0 ? -1 : 0;
}

static int
learn(struct sandbox *sb, char **argv, const char *out, int append)
{
	struct sb_out o;
	int status;

	/*
	 * Before the run, not after it: the policy can be saved where
	 * asked, so that a run is not spent, and its side effects made, for
	 * nothing.
	 */
	if (out != NULL && sb_out_check(&o, out) < 0) {
		sb_warnvis(o.err);
		return SB_EXIT_FAIL;
	}
	if (append && access(out, F_OK) == 0 &&
	    sandbox_learn_merge(sb, out) < 0) {
		warnx("%s", sandbox_error(sb));
		return SB_EXIT_FAIL;
	}
	if (sandbox_learn(sb, argv, &status) < 0) {
		warnx("%s", sandbox_error(sb));
		return sandbox_exit_status(sb);
	}
	if (save(sb, out != NULL ? &o : NULL) < 0) {
		if (*sandbox_error(sb) != '\0')
			warnx("%s", sandbox_error(sb));
		return SB_EXIT_FAIL;
	}
	return status;
}

int
cmd_learn(int argc, char **argv)
{
	struct sandbox *sb;
	const char *out = NULL, *user = NULL, *group = NULL;
	int append = 0, c, status;

	optind = 1;
	while ((c = sb_verb_getopt(argc, argv, "+:o:au:g:h", longopts)) != -1)
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'a':
			append = 1;
			break;
		case 'u':
			user = optarg;
			break;
		case 'g':
			group = optarg;
			break;
		case 'h':
			usage();
			return 0;
		default:
			return usage();
		}
	if (optind >= argc)
		return usage();
	if (append && out == NULL) {
		warnx("--append needs -o FILE: the policy to add this run to");
		return SB_EXIT_FAIL;
	}
	if ((sb = sandbox_new()) == NULL) {
		warnx("out of memory");
		return SB_EXIT_FAIL;
	}
	if ((user != NULL && sandbox_set_user(sb, user) < 0) ||
	    (group != NULL && sandbox_set_group(sb, group) < 0)) {
		warnx("%s", sandbox_error(sb));
		sandbox_free(sb);
		return SB_EXIT_FAIL;
	}
	status = learn(sb, argv + optind, out, append);
	sandbox_free(sb);
	return status;
}
