/* strv.c: NULL-terminated vectors of owned strings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_internal.h"

int
sb_grow(void *v, size_t *cap, size_t n, size_t size, size_t first)
{
	void **arr = v, *nv;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : first;
	if ((nv = reallocarray(*arr, c, size)) == NULL)
		return -ENOMEM;
	*arr = nv;
	*cap = c;
	return 0;
}

static int
strv_take(struct sb_strv *sv, char *s)
{
	if (s == NULL)
		return -ENOMEM;
	/* One more for the string, one for the NULL that ends the vector. */
	if (sb_grow(&sv->v, &sv->cap, sv->n + 1, sizeof(*sv->v), 8) < 0) {
		free(s);
		return -ENOMEM;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
	return 0;
}

int
sb_strv_push(struct sb_strv *sv, const char *s)
{
	return strv_take(sv, strdup(s));
}

int
sb_strv_pushf(struct sb_strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	return strv_take(sv, r < 0 ? NULL : s);
}

bool
sb_strv_contains(const struct sb_strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

void
sb_strv_clear(struct sb_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}
