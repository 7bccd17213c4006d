/* error.c: the per-handle message; the library never prints. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sb_internal.h"

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
	if (sb != NULL) {
		vsnprintf(sb->err, sizeof(sb->err), fmt, ap);
		/* A limit of the sandbox's own (a policy's memory) says so. */
		if (err != ENOMEM && err != -ENOMEM)
			sb_errno_name(sb->err, sizeof(sb->err), err);
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
