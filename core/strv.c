/* strv.c: NULL-terminated vectors of owned strings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_internal.h"

static int
strv_take(struct sb_strv *sv, char *s)
{
	char **v;
	size_t cap;

	if (s == NULL)
		return -ENOMEM;
	if (sv->n + 2 > sv->cap) {
		cap = sv->cap ? sv->cap * 2 : 8;
		v = reallocarray(sv->v, cap, sizeof(*v));
		if (v == NULL) {
			free(s);
			return -ENOMEM;
		}
		sv->v = v;
		sv->cap = cap;
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
