/*
 * unveil_measure.c: what the unveil backend costs to set up, for
 * `sandbox bench`: planning (closure, path resolution) and building the
 * Landlock ruleset, in the calling process, without restricting it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "unveil.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int
uv_measure(struct sandbox *sb, const char *program, unsigned reps,
    double *plan_us, double *ruleset_us)
{
	struct uv_plan p;
	double t0, t1, t2;
	unsigned i;
	int fd, r = 0;

	if (reps == 0)
		reps = 1;
	free(sb->path);
	if ((sb->path = strdup(program)) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	*plan_us = *ruleset_us = 0;
	for (i = 0; i < reps && r == 0; i++) {
		memset(&p, 0, sizeof(p));
		t0 = now_us();
		if ((r = uv_plan_build(sb, &p)) == 0 && !p.enforce)
			r = sb_err(sb, ENOTSUP, "unveil: no Landlock here");
		t1 = now_us();
		if (r == 0 && (r = uv_ruleset(sb, &p, &fd)) == 0)
			close(fd);
		t2 = now_us();
		*plan_us += t1 - t0;
		*ruleset_us += t2 - t1;
		uv_plan_free(&p);
	}
	*plan_us /= reps;
	*ruleset_us /= reps;
	return r;
}
