/* strset.c: a set of owned strings, FNV-1a hashed, linear probing. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strset.h"

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static char **
find(char **slot, size_t cap, const char *s)
{
	size_t i = hash(s) & (cap - 1);

	while (slot[i] != NULL && strcmp(slot[i], s) != 0)
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

static int
grow(struct sb_strset *set)
{
	size_t cap = set->cap ? set->cap * 2 : 64, i;
	char **slot;

	if ((slot = calloc(cap, sizeof(*slot))) == NULL)
		return -ENOMEM;
	for (i = 0; i < set->cap; i++)
		if (set->slot[i] != NULL)
			*find(slot, cap, set->slot[i]) = set->slot[i];
	free(set->slot);
	set->slot = slot;
	set->cap = cap;
	return 0;
}

int
sb_strset_add(struct sb_strset *set, const char *s)
{
	char **p;

	/* Keep the table at most half full so that probes stay short. */
	if ((set->n + 1) * 2 > set->cap && grow(set) < 0)
		return -ENOMEM;
	p = find(set->slot, set->cap, s);
	if (*p != NULL)
		return 0;
	if ((*p = strdup(s)) == NULL)
		return -ENOMEM;
	set->n++;
	return 1;
}

bool
sb_strset_has(const struct sb_strset *set, const char *s)
{
	return set->cap != 0 && *find(set->slot, set->cap, s) != NULL;
}

void
sb_strset_free(struct sb_strset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}
