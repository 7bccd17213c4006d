/*
 * closure.h: the ELF dependency closure of a program, found as ld.so would
 * find it (PT_INTERP, DT_NEEDED, DT_RPATH/DT_RUNPATH, LD_LIBRARY_PATH,
 * /etc/ld.so.cache, default directories), without running anything.
 */
#ifndef SB_CLOSURE_H
#define SB_CLOSURE_H

#include "sb_internal.h"

/*
 * Append to out every file the program needs to be loaded: the program
 * itself, a script's interpreter, the ELF interpreter and the libraries,
 * each an absolute path, symlink chains included (the link and its target).
 * Each path as ld.so names it comes first, then every symlink met on the
 * way to its file, directories included (/lib when /lib -> usr/lib), then
 * the file; paths already in out are not added again. A program without a
 * slash is looked up in PATH. Nothing is executed.
 * Returns 0, or a negative errno with a message in err: -ENOENT for a
 * missing program or library, -ENOEXEC for a file that is not ELF or is
 * truncated or malformed.
 */
int	 sb_closure(const char *program, struct sb_strv *out, char *err,
	    size_t errlen);

#endif
