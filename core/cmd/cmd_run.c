/* cmd_run.c: sandbox [run] [options] [--] program [arg ...] */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "verbs.h"

/* Report a failed sandbox call; returns the exit status to use. */
static int
fail(struct sandbox *sb)
{
	int status = sandbox_exit_status(sb);

	warnx("%s", sandbox_error(sb));
	return status;
}

/* The supervisor's reports, as OpenBSD's kernel would log them. */
static void
report(const char *line, void *arg)
{
	warnx("%s", line);
}

int
cmd_run(int argc, char **argv)
{
	struct sb_opts o;
	struct sandbox *sb;
	char msg[512];
	pid_t pid;
	int status;

	if (sb_wants_help(argc, argv)) {
		sb_help(stdout);
		return 0;
	}
	if (sb_opts_parse(&o, argc, argv, msg, sizeof(msg)) < 0) {
		sb_warnvis(msg);
		sb_usage(stderr);
		return SB_EXIT_FAIL;
	}
	if ((sb = sandbox_new()) == NULL) {
		warnx("out of memory");
		return SB_EXIT_FAIL;
	}
	sandbox_set_reporter(sb, report, NULL);
	if (sb_opts_apply(sb, &o) < 0)
		status = fail(sb);
	else if (o.argv == NULL && sandbox_program(sb) == NULL) {
		warnx("no program to run (see sandbox --help)");
		status = SB_EXIT_FAIL;
	} else if (o.argv != NULL && o.argv[0][0] == '\0') {
		/* As execvp(3) and env(1): no file has an empty name. */
		warnx("'': %s", strerror(ENOENT));
		status = 127;	/* not found, as the contract says */
	} else if (sandbox_spawn(sb, o.argv, &pid) < 0 ||
	    sandbox_wait(sb, pid, &status) < 0)
		status = fail(sb);
	sandbox_free(sb);
	return status;
}
