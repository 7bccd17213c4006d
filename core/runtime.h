/*
 * runtime.h: named sets of files that programs need at run time and that
 * no ELF header names (NSS modules, DNS files, time zones, terminfo...).
 * Policies reach them as sandbox.runtime.NAME.
 */
#ifndef SB_RUNTIME_H
#define SB_RUNTIME_H

#include "sb_internal.h"

struct sb_runtime_set {
	const char		*name;
	const char		*why;		/* one line for docs and check */
	const char *const	*paths;		/* NULL-terminated; may be globs */
};

/* Paths of sets defined in their own files (core/runtime_*.c). */
extern const char *const sb_runtime_python_paths[];

/* All sets, ending with a zeroed entry. */
extern const struct sb_runtime_set sb_runtime_sets[];

const struct sb_runtime_set	*sb_runtime_find(const char *name);

/*
 * For the message on an unknown set word: the nearest set's name, if one
 * is close, then the names of all sets, comma-separated.
 */
void	 sb_runtime_known(const char *word, char *buf, size_t len);

/*
 * Expand a set's paths on this system (globs, the targets of symlinks such
 * as /etc/resolv.conf) into out, existing files only.
 */
int	 sb_runtime_expand(const struct sb_runtime_set *, struct sb_strv *out);

#endif
