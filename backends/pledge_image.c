/*
 * pledge_image.c: execpromises held by the supervisor. Where they are
 * narrower than the promises, the filter holds the execpromises, and the
 * calls only the promises allow come here: allowed to a process of the
 * first image, refused to any image executed after it, from its first
 * instruction. A process is of the first image when its auxiliary vector
 * (/proc/pid/auxv: the addresses of its stack, loader and vDSO, random
 * at each exec, copied by fork, beyond the program's reach) is the first
 * image's. The launch's own exec is seen here too (it has no rule of its
 * own in the filter), so that the first image is known: the vector is
 * read at the first call after it, before any other exec could be made.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pledge.h"
#include "pledge_sv.h"

/* The auxiliary vector of pid into buf; its length, or -1. */
static int
auxv_of(pid_t pid, unsigned char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/auxv", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	n = (ssize_t)fread(buf, 1, len, f);
	fclose(f);
	return n > 0 && (size_t)n < len ? (int)n : -1;
}

/* The launch's exec, the first one seen: its process is the first image. */
bool
pl_image_launch(struct pledge_state *st, pid_t pid)
{
	struct pl_image *im = &st->image;

	if (!im->on || im->launched)
		return false;
	im->launched = true;
	im->pid = pid;
	im->started = pl_start_time(pid);
	return true;
}

/* The first image's vector, from the launch's process once it has run. */
static void
first_known(struct pledge_state *st)
{
	struct pl_image *im = &st->image;
	int n;

	if (im->len > 0 || !im->launched)
		return;
	/* Gone (its pid another's), the first image stays unknown. */
	if ((n = auxv_of(im->pid, im->auxv, sizeof(im->auxv))) > 0 &&
	    pl_start_time(im->pid) == im->started)
		im->len = (size_t)n;
}

/*
 * The promises the calling process holds: the execpromises unless it is
 * known to be of the first image (a vector unreadable, or the first one
 * unknown, fails closed).
 */
uint64_t
pl_image_promises(struct pledge_state *st, pid_t pid)
{
	struct pl_image *im = &st->image;
	unsigned char buf[sizeof(im->auxv)];
	int n;

	if (!im->on)
		return st->first;
	first_known(st);
	if (im->len == 0 || (n = auxv_of(pid, buf, sizeof(buf))) < 0 ||
	    (size_t)n != im->len || memcmp(buf, im->auxv, im->len) != 0)
		return st->execset;
	return st->first;
}
