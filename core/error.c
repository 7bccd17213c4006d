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

void
sb_report(const struct sandbox *sb, const char *fmt, ...)
{
	char line[SB_ERRLEN];
	va_list ap;

	if (sb == NULL || sb->report == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sb->report(line, sb->report_arg);
}

int
sandbox_set_reporter(struct sandbox *sb, sandbox_report_fn fn, void *arg)
{
	sb->report = fn;
	sb->report_arg = arg;
	return 0;
}
