/*
 * none.c: no confinement at all. It takes the same launch path as every
 * other backend, so that it is the baseline comparisons measure against.
 */
#include "sb_internal.h"

const struct sb_backend sb_backend_none = {
	.name = "none",
	.mechanism = "plain fork and exec, no confinement",
	.answers = 0,
	.applies = 0,
};
