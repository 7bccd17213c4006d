/*
 * runtime.c: the named run-time file sets: what programs open at run time
 * that no ELF header names. Paths are for this machine's multiarch
 * directory; globs and the targets of symlinks are expanded on use.
 */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/string.h>

#include "nearest.h"
#include "runtime.h"

#if defined(__x86_64__)
#define MA	"x86_64-linux-gnu"
#elif defined(__aarch64__)
#define MA	"aarch64-linux-gnu"
#elif defined(__i386__)
#define MA	"i386-linux-gnu"
#elif defined(__riscv) && __riscv_xlen == 64
#define MA	"riscv64-linux-gnu"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MA	"powerpc64le-linux-gnu"
#elif defined(__s390x__)
#define MA	"s390x-linux-gnu"
#else
#define MA	"unknown-linux-gnu"
#endif
#define LIBS(name)	"/lib/" MA "/" name, "/usr/lib/" MA "/" name

/* resolv.conf is often a link (systemd-resolved, resolvconf): kept. */
static const char *const dns[] = {
	"/etc/resolv.conf", "/etc/hosts", "/etc/services", "/etc/host.conf",
	"/etc/gai.conf", "/etc/nsswitch.conf", "/etc/protocols",
	LIBS("libnss_dns.so.2"), LIBS("libnss_files.so.2"),
	LIBS("libresolv.so.2"),
	NULL
};
static const char *const users[] = {
	"/etc/passwd", "/etc/group", "/etc/nsswitch.conf",
	LIBS("libnss_files.so.2"), LIBS("libnss_compat.so.2"),
	NULL
};
/* Every NSS module nsswitch.conf may name, for setups beyond files. */
static const char *const nss[] = {
	"/etc/nsswitch.conf", "/etc/host.conf",
	LIBS("libnss_*.so.2"),
	NULL
};
static const char *const localtime[] = {
	"/etc/localtime", "/etc/timezone", NULL
};
static const char *const tz[] = {
	"/etc/localtime", "/etc/timezone", "/usr/share/zoneinfo", NULL
};
static const char *const terminfo[] = {
	"/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", NULL
};
static const char *const locale[] = {
	"/usr/lib/locale/locale-archive", "/usr/lib/locale/C.utf8",
	"/usr/lib/locale/C.UTF-8", "/etc/default/locale",
	"/etc/locale.alias", "/usr/share/locale/locale.alias", NULL
};
static const char *const gconv[] = {
	"/usr/lib/" MA "/gconv", NULL
};
static const char *const libgcc[] = {
	LIBS("libgcc_s.so.1"), NULL
};
static const char *const ssl[] = {
	"/etc/ssl/certs", "/usr/share/ca-certificates", "/usr/lib/ssl",
	"/etc/ssl/openssl.cnf", "/etc/ca-certificates.conf", NULL
};

/* Interpreters' libraries, which they open by name at run time. */
static const char *const python[] = {
	"/usr/lib/python3.[0-9]*", "/etc/python3*", NULL
};
static const char *const perl[] = {
	"/etc/perl", "/usr/share/perl/5.*", "/usr/lib/" MA "/perl/5.*",
	"/usr/lib/" MA "/perl-base", "/usr/lib/" MA "/perl5",
	"/usr/share/perl5", NULL
};

const struct sb_runtime_set sb_runtime_sets[] = {
	{ "dns", "name resolution: resolver files and NSS modules", dns },
	{ "users", "user and group names: passwd, group, NSS files", users },
	{ "tz", "time zones: the local one and the whole database", tz },
	{ "terminfo", "terminal descriptions", terminfo },
	{ "locale", "locale archive and settings", locale },
	{ "gconv", "character set conversion modules (iconv)", gconv },
	{ "libgcc", "libgcc_s, loaded for unwinding and pthread_cancel",
	    libgcc },
	{ "ssl", "TLS certificates and OpenSSL configuration", ssl },
	{ "nss", "nsswitch.conf and every NSS module installed", nss },
	{ "localtime", "the local time zone only", localtime },
	{ "python", "Python 3's standard library (not dist-packages)", python },
	{ "perl", "Perl's modules, pure and compiled", perl },
	{ "python_startup", "what Python 3 opens to start: encodings, its "
	    "landmark, lib-dynload (a policy adds the modules it imports)",
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

void
sb_runtime_known(const char *word, char *buf, size_t len)
{
	const struct sb_runtime_set *s;
	const char *near;

	near = sb_nearest(word, &sb_runtime_sets[0].name, SIZE_MAX,
	    sizeof(sb_runtime_sets[0]));
	if (near != NULL)
		snprintf(buf, len, "did you mean '%s'? known: ", near);
	else
		strlcpy(buf, "known: ", len);
	for (s = sb_runtime_sets; s->name != NULL; s++) {
		if (s != sb_runtime_sets)
			strlcat(buf, ", ", len);
		strlcat(buf, s->name, len);
	}
}

/* A path and, when it is a symlink, what it resolves to. */
static int
push_resolved(struct sb_strv *out, const char *path)
{
	char real[PATH_MAX];

	if (!sb_strv_contains(out, path) && sb_strv_push(out, path) < 0)
		return -ENOMEM;
	if (realpath(path, real) != NULL && strcmp(real, path) != 0 &&
	    !sb_strv_contains(out, real) && sb_strv_push(out, real) < 0)
		return -ENOMEM;
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
		if (glob(*p, 0, NULL, &g) != 0)
			continue;	/* absent here: nothing to add */
		for (i = 0; i < g.gl_pathc && r == 0; i++)
			r = push_resolved(out, g.gl_pathv[i]);
		globfree(&g);
	}
	return r;
}
