/* runtime.c: the named run-time file sets. */
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

static const char *const dns[] = {
	"/etc/resolv.conf", "/etc/hosts", "/etc/services", "/etc/host.conf",
	"/etc/gai.conf", "/etc/nsswitch.conf",
	"/lib/x86_64-linux-gnu/libnss_dns.so.2",
	"/lib/x86_64-linux-gnu/libnss_files.so.2",
	"/usr/lib/x86_64-linux-gnu/libnss_dns.so.2",
	"/usr/lib/x86_64-linux-gnu/libnss_files.so.2",
	"/usr/lib/x86_64-linux-gnu/libresolv.so.2",
	NULL
};
static const char *const users[] = {
	"/etc/passwd", "/etc/group", "/etc/nsswitch.conf",
	"/usr/lib/x86_64-linux-gnu/libnss_files.so.2",
	NULL
};
static const char *const tz[] = {
	"/etc/localtime", "/etc/timezone", "/usr/share/zoneinfo", NULL
};
static const char *const terminfo[] = {
	"/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", NULL
};
static const char *const locale[] = {
	"/usr/lib/locale/locale-archive", "/usr/lib/locale/C.utf8",
	"/etc/default/locale", NULL
};
static const char *const gconv[] = {
	"/usr/lib/x86_64-linux-gnu/gconv", NULL
};
static const char *const libgcc[] = {
	"/usr/lib/x86_64-linux-gnu/libgcc_s.so.1", NULL
};
static const char *const ssl[] = {
	"/etc/ssl/certs", "/usr/share/ca-certificates", "/usr/lib/ssl",
	"/etc/ssl/openssl.cnf", NULL
};

const struct sb_runtime_set sb_runtime_sets[] = {
	{ "dns", "name resolution: resolver files and NSS modules", dns },
	{ "users", "user and group names: passwd, group, NSS files", users },
	{ "tz", "time zones", tz },
	{ "terminfo", "terminal descriptions", terminfo },
	{ "locale", "locale archive and settings", locale },
	{ "gconv", "character set conversion modules (iconv)", gconv },
	{ "libgcc", "libgcc_s, loaded for unwinding and pthread_cancel", libgcc },
	{ "ssl", "TLS certificates and OpenSSL configuration", ssl },
	{ "python", "Python 3 start-up: encodings, landmark, lib-dynload",
	    sb_runtime_python_paths },
	{ NULL, NULL, NULL }
};

const struct sb_runtime_set *
sb_runtime_find(const char *name)
{
	const struct sb_runtime_set *s;

	for (s = sb_runtime_sets; s->name != NULL; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* A path and, when it is a symlink, what it resolves to. */
static int
push_resolved(struct sb_strv *out, const char *path)
{
	char real[PATH_MAX];

	if (!sb_strv_contains(out, path) && sb_strv_push(out, path) < 0)
		return -1;
	if (realpath(path, real) != NULL && strcmp(real, path) != 0 &&
	    !sb_strv_contains(out, real) && sb_strv_push(out, real) < 0)
		return -1;
	return 0;
}

int
sb_runtime_expand(const struct sb_runtime_set *set, struct sb_strv *out)
{
	const char *const *p;
	glob_t g;
	size_t i;
	int r = 0;

	for (p = set->paths; *p != NULL && r == 0; p++) {
		if (glob(*p, GLOB_NOSORT, NULL, &g) != 0)
			continue;	/* absent here: nothing to add */
		for (i = 0; i < g.gl_pathc && r == 0; i++)
			r = push_resolved(out, g.gl_pathv[i]);
		globfree(&g);
	}
	return r;
}
