/*
 * strset.h: a set of owned strings (open addressing), for the closure and
 * the jail, which meet the same paths many times.
 */
#ifndef SB_STRSET_H
#define SB_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct sb_strset {
	char	**slot;
	size_t	  n;
	size_t	  cap;
};

/* 1 when added, 0 when already there, -ENOMEM. */
int	 sb_strset_add(struct sb_strset *, const char *);
bool	 sb_strset_has(const struct sb_strset *, const char *);
void	 sb_strset_free(struct sb_strset *);

#endif
