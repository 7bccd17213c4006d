/*
 * error.c: the per-handle message; the library never prints. Messages
 * quote what users wrote (a policy's values, Lua's error objects, paths):
 * they are kept encoded with vis(3), as the violation reports are, so a
 * newline or an escape sequence reaches no terminal raw.
 */
#include <stdio.h>
#include <string.h>

#include <bsd/string.h>
#define LIBBSD_OPENBSD_VIS
#include <bsd/vis.h>

#include "sb_internal.h"

#define SB_VIS	(VIS_CSTYLE | VIS_TAB | VIS_NL | VIS_OCTAL)

/* Cut short, it says so with "...". */
void
sb_vis(char *dst, size_t len, const char *s)
{
	char enc[4 * SB_ERRLEN + 1];	/* a byte takes at most "\ooo" */
	size_t n = strnlen(s, SB_ERRLEN), k;

	if (len == 0)
		return;
	strnvisx(enc, sizeof(enc), s, n, SB_VIS);
	k = strlcpy(dst, enc, len);
	if ((k >= len || s[n] != '\0') && len > 4)
		memcpy(dst + (k < len - 4 ? k : len - 4), "...", 4);
}

void
sb_fputvis(FILE *f, const char *s)
{
	char buf[4 * 256 + 1];
	size_t n;

	/* In pieces: a long value is written whole, each byte encoded. */
	for (; *s != '\0'; s += n) {
		n = strnlen(s, 256);
		strnvisx(buf, sizeof(buf), s, n, SB_VIS);
		fputs(buf, f);
	}
}

int
sb_verr(struct sandbox *sb, int err, const char *fmt, va_list ap)
{
	char raw[SB_ERRLEN];

	if (sb != NULL) {
		vsnprintf(raw, sizeof(raw), fmt, ap);
		sb_vis(sb->err, sizeof(sb->err), raw);
	}
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
