/*
 * cmd_learn.c: sandbox learn [-o FILE.lua] [--append] [--] program [arg ...]
 * Run the program once, watched, and write a policy for it (to FILE, or
 * to stdout after the program ends). --append adds this run to FILE.
 * Exits with the program's status, or 125 when learning failed.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "sandbox.h"
#include "verbs.h"

static const struct option longopts[] = {
	{ "output",	required_argument, NULL, 'o' },
	{ "append",	no_argument,	   NULL, 'a' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ NULL,		0,		   NULL, 0 }
};

static int
usage(void)
{
	fprintf(stderr, "usage: sandbox learn [-o file.lua] [--append] [--] "
	    "program [arg ...]\n");
	return SB_EXIT_FAIL;
}

/* Write next to the target, then rename: a failed write keeps the old. */
static int
save(struct sandbox *sb, const char *out)
{
	char tmp[4096];
	FILE *f;
	int r;

	if (out == NULL)
		return sandbox_learn_write(sb, stdout) < 0 ||
		    fflush(stdout) != 0 ? -1 : 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", out) >= sizeof(tmp)) {
		warnx("%s: name too long", out);
		return -1;
	}
	if ((f = fopen(tmp, "we")) == NULL) {
		warn("%s", tmp);
		return -1;
	}
	r = sandbox_learn_write(sb, f);
	if (fclose(f) != 0 && r == 0) {
		warn("%s", tmp);
		r = -1;
	}
	if (r == 0 && rename(tmp, out) < 0) {
		warn("%s", out);
		r = -1;
	}
	if (r < 0)
		unlink(tmp);
	return r < 0 ? -1 : 0;
}

/*
 * Before the run, not after it: the policy can be saved where asked (the
 * directory is there and writable, the name is no directory), so that a
 * run is not spent, and its side effects made, for nothing.
 */
static int
dir_writable(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	return access(dir, W_OK | X_OK) < 0 ? -errno : 0;
}

static int
writable(const char *out)
{
	char dir[4096], *slash;
	struct stat st;
	int r;

	if (strlcpy(dir, out, sizeof(dir)) >= sizeof(dir) ||
	    strlen(out) + 4 >= sizeof(dir)) {
		warnx("%s: name too long", out);
		return -1;
	}
	if ((slash = strrchr(dir, '/')) == NULL)
		strlcpy(dir, ".", sizeof(dir));
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((r = dir_writable(dir)) < 0) {
		warnx("%s: cannot write the policy in %s: %s", out, dir,
		    strerror(-r));
		return -1;
	}
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
		warnx("%s: is a directory", out);
		return -1;
	}
	return 0;
}

static int
learn(struct sandbox *sb, char **argv, const char *out, int append)
{
	int status;

	if (out != NULL && writable(out) < 0)
		return SB_EXIT_FAIL;
	if (append && access(out, F_OK) == 0 &&
	    sandbox_learn_merge(sb, out) < 0) {
		warnx("%s", sandbox_error(sb));
		return SB_EXIT_FAIL;
	}
	if (sandbox_learn(sb, argv, &status) < 0) {
		warnx("%s", sandbox_error(sb));
		return sandbox_exit_status(sb);
	}
	if (save(sb, out) < 0) {
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
	const char *out = NULL;
	int append = 0, c, status;

	optind = 1;
	while ((c = sb_verb_getopt(argc, argv, "+:o:ah", longopts)) != -1)
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'a':
			append = 1;
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
	status = learn(sb, argv + optind, out, append);
	sandbox_free(sb);
	return status;
}
