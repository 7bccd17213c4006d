/*
 * error.c: the per-handle message; the library never prints. Messages
 * quote what users wrote (a policy's values, Lua's error objects, paths):
 * they are kept encoded with vis(3), as the violation reports are, so a
 * newline or an escape sequence reaches no terminal raw.
 */
#include <errno.h>
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

/*
 * Running out of a resource is said as what it is, by its errno name:
 * "Too many open files" alone reads like a fault of the files named.
 */
const char *
sb_errno_resource(int err)
{
	switch (err < 0 ? -err : err) {
	case EMFILE:
		return "EMFILE: out of file descriptors, see ulimit -n";
	case ENFILE:
		return "ENFILE: the system's file table is full";
	case ENOMEM:
		return "ENOMEM: out of memory";
	case ENOSPC:
		return "ENOSPC: the file system is full";
	case EDQUOT:
		return "EDQUOT: over the disk quota";
	default:
		return NULL;
	}
}

/* What a failed fork or clone says beside its error. */
const char *
sb_fork_hint(int err)
{
	return (err < 0 ? -err : err) == EAGAIN ?
	    " (EAGAIN: out of processes, see ulimit -u)" : "";
}

/*
 * Append the resource's name to a message that lacks it: the whole
 * "(EMFILE: out of ...)", or only "(ENOMEM)" after an "out of memory".
 */
void
sb_errno_name(char *msg, size_t len, int err)
{
	const char *what = sb_errno_resource(err), *desc;
	size_t n = strlen(msg), name, dlen;

	if (what == NULL || n >= len)
		return;
	name = strcspn(what, ":");
	desc = what + name + 2;
	dlen = strcspn(desc, ",");
	if (memmem(msg, n, what, name) != NULL)
		return;
	if (memmem(msg, n, desc, dlen) != NULL)
		snprintf(msg + n, len - n, " (%.*s)", (int)name, what);
	else
		snprintf(msg + n, len - n, " (%s)", what);
}

int
sb_verr(struct sandbox *sb, int err, const char *fmt, va_list ap)
{
	char raw[SB_ERRLEN];

	if (sb != NULL) {
		vsnprintf(raw, sizeof(raw), fmt, ap);
		sb_vis(sb->err, sizeof(sb->err), raw);
		/* A limit of the sandbox's own (a policy's memory) says so. */
		if (err != ENOMEM && err != -ENOMEM)
			sb_errno_name(sb->err, sizeof(sb->err), err);
	}
	return err > 0 ? -err : err;
}

int
sb_err_encoded(struct sandbox *sb, int err, const char *prefix,
    const char *encoded)
{
	char head[SB_ERRLEN], copy[SB_ERRLEN];

	if (sb == NULL)
		return err > 0 ? -err : err;
	strlcpy(copy, encoded, sizeof(copy));	/* it may be sb->err */
	sb_vis(head, sizeof(head), prefix);
	strlcpy(sb->err, head, sizeof(sb->err));
	strlcat(sb->err, copy, sizeof(sb->err));
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
