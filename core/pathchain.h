/*
 * pathchain.h: the symlinks met on the way from a path to its file, so that
 * a jail can reproduce them (/lib -> usr/lib, libc.so.6 -> libc-2.36.so).
 */
#ifndef SB_PATHCHAIN_H
#define SB_PATHCHAIN_H

#include "sb_internal.h"
#include "strset.h"

/*
 * Append to out, unless already in seen, every symlink met while resolving
 * path and then the file (or directory) it ends at. Each appended path is
 * absolute, clean and has only real directories above it, so that it can
 * be recreated in a jail without following a link. Returns 0 or a negative
 * errno (-ENOENT for a dangling path, -ELOOP).
 */
int	 sb_path_chain(const char *path, struct sb_strset *seen,
	    struct sb_strv *out);

#endif
