/*
 * rlimit.c: resource limits (setrlimit(2)) the program starts with, named
 * as ulimit(1) and systemd's LimitNOFILE= name them, so that a daemon's
 * limits are its policy's and not those of whatever started it. A value
 * is "SOFT[:HARD]", one number setting both, as ulimit and systemd do.
 * The parent raises a hard limit (only it may: the child may be in a user
 * namespace of its own); the child sets the exact pair before it changes
 * identity, so that the kernel holds the new user to NPROC at exec.
 */
#include <sys/resource.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sb_internal.h"

static const struct {
	const char	*name;
	int		 resource;
	bool		 bytes;		/* takes K, M, G... suffixes */
} names[] = {
	{ "as",		RLIMIT_AS,		true },
	{ "core",	RLIMIT_CORE,		true },
	{ "cpu",	RLIMIT_CPU,		false },
	{ "data",	RLIMIT_DATA,		true },
	{ "fsize",	RLIMIT_FSIZE,		true },
	{ "locks",	RLIMIT_LOCKS,		false },
	{ "memlock",	RLIMIT_MEMLOCK,		true },
	{ "msgqueue",	RLIMIT_MSGQUEUE,	true },
	{ "nice",	RLIMIT_NICE,		false },
	{ "nofile",	RLIMIT_NOFILE,		false },
	{ "nproc",	RLIMIT_NPROC,		false },
	{ "rss",	RLIMIT_RSS,		true },
	{ "rtprio",	RLIMIT_RTPRIO,		false },
	{ "rttime",	RLIMIT_RTTIME,		false },
	{ "sigpending",	RLIMIT_SIGPENDING,	false },
	{ "stack",	RLIMIT_STACK,		true },
};
#define NNAMES	(sizeof(names) / sizeof(names[0]))

static int
find_name(const char *name)
{
	size_t i;

	for (i = 0; i < NNAMES; i++)
		if (strcasecmp(names[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
find_resource(int resource)
{
	size_t i;

	for (i = 0; i < NNAMES; i++)
		if (names[i].resource == resource)
			return (int)i;
	return -1;
}

const char *
sb_rlimit_name(int resource)
{
	int i = find_resource(resource);

	return i < 0 ? "?" : names[i].name;
}

/* "1024", "infinity", and for sizes "512K", "1G" (powers of 1024). */
static int
parse_value(const char *s, bool bytes, rlim_t *v)
{
	static const char suffixes[] = "KMGTPE";
	const char *p;
	uintmax_t n;
	char *end;
	int shift;

	if (strcmp(s, "infinity") == 0 || strcmp(s, "unlimited") == 0) {
		*v = RLIM_INFINITY;
		return 0;
	}
	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	n = strtoumax(s, &end, 10);
	if (errno != 0)
		return -ERANGE;
	if (*end != '\0') {
		if (!bytes || end[1] != '\0' ||
		    (p = strchr(suffixes, toupper((unsigned char)*end))) ==
		    NULL)
			return -EINVAL;
		shift = 10 * (int)(p - suffixes + 1);
		if (n > (UINTMAX_MAX >> shift))
			return -ERANGE;
		n <<= shift;
	}
	if (n >= (uintmax_t)RLIM_INFINITY)
		return -ERANGE;
	*v = (rlim_t)n;
	return 0;
}

static void
value_string(rlim_t v, char *buf, size_t len)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, len, "infinity");
	else
		snprintf(buf, len, "%ju", (uintmax_t)v);
}

int
sb_rlimit_parse(struct sandbox *sb, const char *name, const char *spec)
{
	const char *colon;
	char soft[64];
	rlim_t s, h;
	size_t len;
	int i, r;

	if ((i = find_name(name)) < 0)
		return sb_err(sb, EINVAL, "rlimit: unknown limit '%s' (known: "
		    "as core cpu data fsize locks memlock msgqueue nice nofile "
		    "nproc rss rtprio rttime sigpending stack)", name);
	colon = strchr(spec, ':');
	len = colon ? (size_t)(colon - spec) : strlen(spec);
	if (len >= sizeof(soft))
		return sb_err(sb, EINVAL, "rlimit %s: bad value '%s'", name,
		    spec);
	memcpy(soft, spec, len);
	soft[len] = '\0';
	if ((r = parse_value(soft, names[i].bytes, &s)) < 0 ||
	    (r = parse_value(colon ? colon + 1 : soft, names[i].bytes,
	    &h)) < 0)
		return sb_err(sb, -r, "rlimit %s: bad value '%s' (expected "
		    "SOFT[:HARD], each a number%s or infinity)", name, spec,
		    names[i].bytes ? " (K, M, G, T: powers of 1024)" : "");
	return sandbox_set_rlimit(sb, names[i].resource, s, h);
}

int
sandbox_set_rlimit(struct sandbox *sb, int resource, rlim_t soft,
    rlim_t hard)
{
	char a[32], b[32];
	int i;

	if ((i = find_resource(resource)) < 0)
		return sb_err(sb, EINVAL, "rlimit: unknown resource %d",
		    resource);
	if (soft > hard) {
		value_string(soft, a, sizeof(a));
		value_string(hard, b, sizeof(b));
		return sb_err(sb, EINVAL, "rlimit %s: the soft limit %s is "
		    "above the hard limit %s", names[i].name, a, b);
	}
	sb->cfg.rlimit_set |= 1U << resource;
	sb->cfg.rlimit[resource].rlim_cur = soft;
	sb->cfg.rlimit[resource].rlim_max = hard;
	return 0;
}

/*
 * Why a raise was refused: no one may set nofile above fs.nr_open, root
 * included; anything else needs CAP_SYS_RESOURCE.
 */
static const char *
why_refused(int resource, rlim_t hard, int err)
{
	unsigned long long nr_open;
	FILE *f;
	int n = 0;

	if (err != EPERM)
		return "";
	if (resource == RLIMIT_NOFILE &&
	    (f = fopen("/proc/sys/fs/nr_open", "re")) != NULL) {
		n = fscanf(f, "%llu", &nr_open);
		fclose(f);
		if (n == 1 && hard > nr_open)
			return "; above fs.nr_open, the most the kernel allows";
	}
	return "; raising it needs CAP_SYS_RESOURCE";
}

static bool
is_set(const struct sandbox *sb, int resource)
{
	return (sb->cfg.rlimit_set & (1U << resource)) != 0;
}

/*
 * In the parent, before the child goes on: a hard limit above the
 * child's, raised with prlimit(2). Only a privileged caller may (and not
 * from inside a user namespace, where the child may be by now).
 */
int
sb_rlimit_raise(struct sandbox *sb, pid_t pid)
{
	struct rlimit cur, want;
	char a[32], b[32];
	size_t i;
	int res;

	for (i = 0; i < NNAMES; i++) {
		res = names[i].resource;
		if (!is_set(sb, res))
			continue;
		if (prlimit(pid, res, NULL, &cur) < 0)
			return sb_err(sb, errno, "rlimit %s: %s",
			    names[i].name, strerror(errno));
		if (sb->cfg.rlimit[res].rlim_max <= cur.rlim_max)
			continue;
		want.rlim_cur = cur.rlim_cur;
		want.rlim_max = sb->cfg.rlimit[res].rlim_max;
		if (prlimit(pid, res, &want, NULL) == 0)
			continue;
		value_string(want.rlim_max, a, sizeof(a));
		value_string(cur.rlim_max, b, sizeof(b));
		return sb_err(sb, errno, "rlimit %s: cannot raise the hard "
		    "limit to %s, above this process's %s (%s%s)",
		    names[i].name, a, b, strerror(errno),
		    why_refused(res, want.rlim_max, errno));
	}
	return 0;
}

/* In the child, before the identity changes: the exact pairs. */
int
sb_rlimit_apply(struct sandbox *sb)
{
	struct rlimit cur;
	char a[32], b[32];
	size_t i;
	int res;

	for (i = 0; i < NNAMES; i++) {
		res = names[i].resource;
		if (!is_set(sb, res) || setrlimit(res, &sb->cfg.rlimit[res]) == 0)
			continue;
		value_string(sb->cfg.rlimit[res].rlim_max, a, sizeof(a));
		if (getrlimit(res, &cur) == 0)
			value_string(cur.rlim_max, b, sizeof(b));
		else
			snprintf(b, sizeof(b), "unknown");
		return sb_err(sb, errno, "rlimit %s: cannot set the hard limit "
		    "%s (the hard limit here is %s): %s%s", names[i].name, a, b,
		    strerror(errno), why_refused(res,
		    sb->cfg.rlimit[res].rlim_max, errno));
	}
	return 0;
}

/* For the plan: "rlimit        nofile 1024:4096", one a line. */
void
sb_rlimit_describe(const struct sandbox *sb, FILE *f)
{
	char a[32], b[32];
	size_t i;
	int res, n = 0;

	for (i = 0; i < NNAMES; i++) {
		res = names[i].resource;
		if (!is_set(sb, res))
			continue;
		value_string(sb->cfg.rlimit[res].rlim_cur, a, sizeof(a));
		value_string(sb->cfg.rlimit[res].rlim_max, b, sizeof(b));
		fprintf(f, "%-13s %s %s:%s\n", n++ ? "" : "rlimit",
		    names[i].name, a, b);
	}
}
