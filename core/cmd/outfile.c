/*
 * outfile.c: write a file the user named (sandbox learn -o). Only a
 * regular file, or a new name, is replaced atomically: a new file beside
 * it, renamed over it, so that a failed write keeps the old. A symbolic
 * link is followed to its target, which is what is replaced. A character
 * device or a FIFO is written through, as a shell's redirection does: a
 * rename over /dev/null would put a plain file in its place. Anything
 * else (a directory, a block device, a socket, a dangling link) is
 * refused, before a program is run for nothing.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "outfile.h"

static int
fail(struct sb_out *o, int err, const char *what)
{
	snprintf(o->err, sizeof(o->err), "%s: %s", o->name, what != NULL ?
	    what : strerror(err));
	return -1;
}

/* The directory of path, writable, for the new file and the rename. */
static int
check_dir(struct sb_out *o)
{
	char dir[PATH_MAX], *slash;
	struct stat st;
	int err = 0;

	strlcpy(dir, o->target, sizeof(dir));
	if ((slash = strrchr(dir, '/')) == NULL)
		strlcpy(dir, ".", sizeof(dir));
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &st) < 0)
		err = errno;
	else if (!S_ISDIR(st.st_mode))
		err = ENOTDIR;
	else if (access(dir, W_OK | X_OK) < 0)
		err = errno;
	if (err != 0) {
		snprintf(o->err, sizeof(o->err), "%s: cannot write the "
		    "policy in %s: %s", o->name, dir, strerror(err));
		return -1;
	}
	return 0;
}

int
sb_out_check(struct sb_out *o, const char *name)
{
	struct stat st;
	mode_t mask;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->name = name;
	if (strlcpy(o->target, name, sizeof(o->target)) >= sizeof(o->target))
		return fail(o, ENAMETOOLONG, NULL);
	mask = umask(0);
	umask(mask);
	o->mode = 0666 & ~mask;
	if (lstat(name, &st) < 0) {
		if (errno != ENOENT)
			return fail(o, errno, NULL);
		return check_dir(o);	/* a new name */
	}
	/* /dev/stdout's target may be a pipe, which has no path: open it. */
	if (S_ISLNK(st.st_mode) && stat(name, &st) < 0)
		return fail(o, 0, "a symbolic link to nothing (refused: its "
		    "target is not created)");
	if (S_ISREG(st.st_mode)) {
		if (realpath(name, o->target) == NULL)
			return fail(o, errno, NULL);
		o->mode = st.st_mode & 07777;
		return check_dir(o);
	}
	if (S_ISDIR(st.st_mode))
		return fail(o, EISDIR, NULL);
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
		o->through = true;
		return 0;
	}
	return fail(o, 0, "not a regular file, a character device or a FIFO");
}

FILE *
sb_out_open(struct sb_out *o)
{
	const char *base;
	FILE *f;

	if (o->through) {
		/* O_APPEND: no seek, no truncation, on what is not a file. */
		o->fd = open(o->target, O_WRONLY | O_APPEND | O_NOCTTY |
		    O_CLOEXEC);
		if (o->fd < 0) {
			fail(o, errno, NULL);
			return NULL;
		}
	} else {
		base = strrchr(o->target, '/');
		if ((size_t)snprintf(o->tmp, sizeof(o->tmp), "%.*s.%s.XXXXXX",
		    base != NULL ? (int)(base - o->target + 1) : 0, o->target,
		    base != NULL ? base + 1 : o->target) >= sizeof(o->tmp)) {
			fail(o, ENAMETOOLONG, NULL);
			return NULL;
		}
		/* A name of its own, never one that is there (a link). */
		if ((o->fd = mkostemp(o->tmp, O_CLOEXEC)) < 0) {
			fail(o, errno, NULL);
			o->tmp[0] = '\0';
			return NULL;
		}
		fchmod(o->fd, o->mode);
	}
	if ((f = fdopen(o->fd, "w")) == NULL) {
		fail(o, errno, NULL);
		sb_out_close(o, NULL, false);
	}
	return f;
}

int
sb_out_close(struct sb_out *o, FILE *f, bool ok)
{
	int e = 0;

	if (f != NULL) {
		if (fflush(f) != 0 || (!o->through && fsync(fileno(f)) < 0))
			e = errno;
		if (fclose(f) != 0 && e == 0)
			e = errno;
	} else if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (ok && e != 0)
		fail(o, e, NULL);
	ok = ok && e == 0;
	if (o->tmp[0] != '\0') {
		if (ok && rename(o->tmp, o->target) < 0) {
			fail(o, errno, NULL);
			ok = false;
		}
		if (!ok)
			unlink(o->tmp);
		o->tmp[0] = '\0';
	}
	return ok ? 0 : -1;
}
