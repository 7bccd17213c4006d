/*
 * check_run.c: what `sandbox check` finds before a run would: a user or
 * group that does not exist, a program that is not there or cannot be
 * run, a file the policy lists that is missing. Each is an error with the
 * policy's FILE:LINE, as doas -C reports a rule that cannot match: a
 * policy that names what is not there would fail when run, and a file
 * meant to appear later (a log) belongs in unveil, which may create it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIBBSD_OPENBSD_VIS
#include <bsd/vis.h>

#include "policy.h"
#include "verbs.h"

static bool
is_number(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Say "FILE:LINE: field 'name': what", the line where name is written. */
static int
bad(const char *path, const char *field, const char *fmt, ...)
{
	struct policy_key key;
	char what[512], msg[1024];
	va_list ap;

	snprintf(key.name, sizeof(key.name), "%s", field);
	key.index = false;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof(msg), "%s:%d: field '%s': %s", path,
	    policy_locate(path, &key, 1), field, what);
	sb_warnvis(msg);
	return -1;
}

static int
check_ids(const struct sandbox *sb, const char *path)
{
	const char *u = sb->cfg.user, *g = sb->cfg.group;
	int r = 0;

	/* A number needs no entry: the kernel takes any id. */
	errno = 0;
	if (u != NULL && !is_number(u) && getpwnam(u) == NULL)
		r = bad(path, "user", "no such user '%s'%s%s", u,
		    errno ? ": " : "", errno ? strerror(errno) : "");
	errno = 0;
	if (g != NULL && !is_number(g) && getgrnam(g) == NULL)
		r = bad(path, "group", "no such group '%s'%s%s", g,
		    errno ? ": " : "", errno ? strerror(errno) : "");
	return r;
}

/* Resolved as the run resolves it, on the host, through PATH. */
static int
check_program(struct sandbox *sb, const char *path)
{
	const char *p = sb->cfg.program;
	char raw[SB_ERRLEN];

	if (p == NULL || sb_program_resolve(sb, p) == 0)
		return 0;
	/* Decoded: sb_warnvis encodes the whole message once. */
	if (strunvis(raw, sandbox_error(sb)) < 0)
		snprintf(raw, sizeof(raw), "%s", sandbox_error(sb));
	return bad(path, "program", "%s", raw);
}

static int
check_files(const struct sandbox *sb, const char *path)
{
	const struct sb_strv *f = &sb->cfg.files;
	struct stat st;
	size_t i;
	int r = 0;

	for (i = 0; i < f->n; i++)
		if (lstat(f->v[i], &st) < 0)
			r = bad(path, "files", "%s: %s", f->v[i],
			    strerror(errno));
	return r;
}

int
sb_check_run(struct sandbox *sb, const char *path)
{
	int r = 0;

	if (check_ids(sb, path) < 0)
		r = -1;
	if (check_program(sb, path) < 0)
		r = -1;
	if (check_files(sb, path) < 0)
		r = -1;
	return r;
}
