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
 * Returns 0, or a negative errno with a message in err.
 */
int	 sb_closure(const char *program, struct sb_strv *out, char *err,
	    size_t errlen);

#endif
