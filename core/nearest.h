/* nearest.h: "did you mean": the known word nearest to a mistyped one. */
#ifndef SB_NEAREST_H
#define SB_NEAREST_H

#include <stddef.h>

/* Edit distance of two words; large (99) for words over 31 bytes. */
int	 sb_distance(const char *, const char *);

/*
 * The name nearest to word among n names, or NULL when none is close (one
 * edit away for a word of up to five letters, two for a longer one).
 * The names are read at first, first + stride, ...: an array of strings
 * (stride sizeof(char *)) or the name member of an array of structs
 * (first = &a[0].name, stride = sizeof(a[0])); a NULL name ends them.
 */
const char *sb_nearest(const char *word, const char *const *first, size_t n,
	    size_t stride);

#endif
