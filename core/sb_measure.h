/*
 * sb_measure.h: timings only the library can take, for `sandbox bench`:
 * how long a backend's narrowing step (building and loading a seccomp
 * filter, a Landlock ruleset) takes, apart from the rest of a launch.
 */
#ifndef SB_MEASURE_H
#define SB_MEASURE_H

#include "sandbox.h"

/*
 * Prepare a launch of argv as sandbox_spawn() would, then n times: fork a
 * child that sets no_new_privs and runs the backend's narrow hook alone,
 * timed with CLOCK_MONOTONIC; ms[i] receives each duration. Returns 0, or
 * a negative errno with sandbox_error() set; -ENOTSUP when the backend has
 * no narrowing step.
 */
int	 sb_measure_narrow(struct sandbox *, char *const argv[],
	    int n, double *ms);

#endif
