/*
 * closure_int.h: the pieces of the ELF closure, visible to its unit tests.
 */
#ifndef SB_CLOSURE_INT_H
#define SB_CLOSURE_INT_H

#include "sb_internal.h"

/* Where the closure looks; sb_closure() uses the system's. */
struct sb_closure_opts {
	const char	*ldcache;		/* /etc/ld.so.cache */
	const char	*ldconf;		/* /etc/ld.so.conf */
	const char	*ld_library_path;	/* NULL: none */
};

int	 sb_closure_opts(const char *program, const struct sb_closure_opts *,
	    struct sb_strv *out, char *err, size_t errlen);

/* The multiarch triplet (x86_64-linux-gnu) and AT_PLATFORM of a machine. */
const char	*sb_closure_triplet(unsigned char class, uint16_t machine);
const char	*sb_closure_platform(unsigned char class, uint16_t machine);

/*
 * Expand $ORIGIN, $LIB, $PLATFORM (and ${...}) in s; origin is the loading
 * object's directory. -1 for an unknown token or no room.
 */
int	 sb_closure_expand(const char *s, const char *origin,
	    unsigned char class, uint16_t machine, char *out, size_t len);

/*
 * Call fn with each expanded entry of a colon-separated list; stop at the
 * first non-zero return and return it.
 */
int	 sb_closure_expand_list(const char *list, const char *origin,
	    unsigned char class, uint16_t machine,
	    int (*fn)(const char *dir, void *), void *arg);

/* The same with ld.so's default directories for this class and machine. */
int	 sb_closure_default_dirs(unsigned char class, uint16_t machine,
	    int (*fn)(const char *dir, void *), void *arg);

/*
 * When path starts with #!, append its interpreter to interp (and, for
 * "#!/usr/bin/env NAME", NAME found in PATH) and return 1; 0 for other
 * files; a negative errno with a message when path cannot be read.
 */
int	 sb_closure_script(const char *path, struct sb_strv *interp,
	    char *err, size_t errlen);

/* An absolute path for program: as is with a slash, else through PATH. */
int	 sb_closure_which(const char *program, char *path, size_t len);

#endif
