/*
 * sb_measure.h: timings only the library can take, for `sandbox bench`:
 * how long a backend's narrowing step (building and loading a seccomp
 * filter, a Landlock ruleset) takes, apart from the rest of a launch.
 */
#ifndef SB_MEASURE_H
#define SB_MEASURE_H

#include <stddef.h>

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

/*
 * Resolve a program name as a spawn does (a name without a slash is looked
 * up in PATH) into an absolute path. Returns 0, or a negative errno with
 * sandbox_error() set and sandbox_exit_status() 127 (not found) or 126.
 */
int	 sb_measure_resolve(struct sandbox *, const char *name, char *path,
	    size_t len);

#endif
