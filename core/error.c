/* error.c: the per-handle message; the library never prints. */
#include <stdio.h>

#include "sb_internal.h"

int
sb_verr(struct sandbox *sb, int err, const char *fmt, va_list ap)
{
	if (sb != NULL)
		vsnprintf(sb->err, sizeof(sb->err), fmt, ap);
	return err > 0 ? -err : err;
}

int
sb_err(struct sandbox *sb, int err, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sb_verr(sb, err, fmt, ap);
	va_end(ap);
	return r;
}
