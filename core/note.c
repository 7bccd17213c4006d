/*
 * note.c: what a backend could not apply under --best-effort, or what it
 * adjusted. The library never prints: the command reads the notes back
 * with sandbox_note() and says them on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "sb_internal.h"

int
sb_note(struct sandbox *sb, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	r = sb_strv_contains(&sb->notes, s) ? 0 : sb_strv_push(&sb->notes, s);
	free(s);
	return r;
}

const char *
sandbox_note(const struct sandbox *sb, size_t i)
{
	return i < sb->notes.n ? sb->notes.v[i] : NULL;
}
