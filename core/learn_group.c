/*
 * learn_group.c: why a path is in a learned policy, in words a reviewer
 * recognises; the policy is written grouped under these headings.
 */
#include <fnmatch.h>
#include <string.h>

#include "learn_write.h"

static const struct {
	const char	*glob;
	int		 group;
} globs[] = {
	{ "/dev/*", LG_DEV },
	{ "/proc", LG_PROC }, { "/proc/*", LG_PROC }, { "/sys", LG_PROC },
	{ "/sys/*", LG_PROC },
	{ "/etc/passwd", LG_USERS }, { "/etc/group", LG_USERS },
	{ "/etc/nsswitch.conf", LG_USERS }, { "*/libnss_*", LG_USERS },
	{ "/var/run/nscd*", LG_USERS }, { "/run/nscd*", LG_USERS },
	{ "/etc/hosts", LG_HOSTS }, { "/etc/resolv.conf", LG_HOSTS },
	{ "/etc/host.conf", LG_HOSTS }, { "/etc/gai.conf", LG_HOSTS },
	{ "/etc/services", LG_HOSTS }, { "/etc/protocols", LG_HOSTS },
	{ "*/libresolv*", LG_HOSTS }, { "/run/systemd/resolve/*", LG_HOSTS },
	{ "/usr/lib/locale*", LG_LOCALE }, { "/usr/share/locale*", LG_LOCALE },
	{ "/etc/locale*", LG_LOCALE }, { "/etc/default/locale", LG_LOCALE },
	{ "*/gconv*", LG_LOCALE }, { "/usr/share/i18n*", LG_LOCALE },
	{ "/etc/localtime", LG_TZ }, { "/etc/timezone", LG_TZ },
	{ "/usr/share/zoneinfo*", LG_TZ },
	{ "*/terminfo*", LG_TERM },
	{ "/etc/ssl*", LG_TLS }, { "/usr/share/ca-certificates*", LG_TLS },
	{ "/usr/lib/ssl*", LG_TLS },
	{ "/etc/ld.so.*", LG_INTERP },
	{ "/usr/lib/python3*", LG_PYTHON }, { "/usr/local/lib/python3*",
	    LG_PYTHON },
	{ "/usr/lib/*-linux-gnu*", LG_LIBS }, { "/lib/*-linux-gnu*", LG_LIBS },
	{ "/usr/lib64*", LG_LIBS }, { "/lib64*", LG_LIBS },
};

static const char *const titles[LG_COUNT] = {
	[LG_EXEC] = "programs the runs executed",
	[LG_INTERP] = "the ELF or script interpreter the kernel starts at exec,\n"
	    "    -- and the dynamic loader's cache",
	[LG_CLOSURE] = "the program's libraries (its ELF closure, loaded by ld.so)",
	[LG_DEV] = "devices",
	[LG_PROC] = "process and system information (/proc, /sys)",
	[LG_USERS] = "user and group names (NSS: getpwnam, getgrnam)",
	[LG_HOSTS] = "host names (NSS and resolver: getaddrinfo)",
	[LG_LOCALE] = "locale and character sets",
	[LG_TZ] = "time zone",
	[LG_TERM] = "terminal descriptions",
	[LG_TLS] = "TLS certificates and configuration",
	[LG_PYTHON] = "Python library (modules imported at run time)",
	[LG_WRITTEN] = "written, created or removed",
	[LG_LIBS] = "shared libraries loaded at run time (dlopen: plugins,\n"
	    "    -- extension modules, and what they need)",
	[LG_CONFIG] = "configuration",
	[LG_OTHER] = "other files read",
};

int
sb_learn_group(const char *path, unsigned perms, unsigned how)
{
	const char *base;
	size_t i;

	if (how & SB_LP_EXEC)
		return LG_EXEC;
	if (how & SB_LP_INTERP)
		return LG_INTERP;
	if (how & SB_LP_CLOSURE)
		return LG_CLOSURE;
	for (i = 0; i < sizeof(globs) / sizeof(globs[0]); i++)
		if (fnmatch(globs[i].glob, path, 0) == 0)
			return globs[i].group;
	if (perms & (SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C))
		return LG_WRITTEN;
	base = strrchr(path, '/');
	if (base != NULL && strstr(base, ".so") != NULL)
		return LG_LIBS;
	if (strncmp(path, "/etc/", 5) == 0)
		return LG_CONFIG;
	return LG_OTHER;
}

/* The run-time set of sandbox-policy(5) that covers a group, if one does. */
static const char *const sets[LG_COUNT] = {
	[LG_USERS] = "users", [LG_HOSTS] = "dns", [LG_LOCALE] = "locale",
	[LG_TZ] = "tz", [LG_TERM] = "terminfo", [LG_TLS] = "ssl",
	[LG_PYTHON] = "python",
};

const char *
sb_learn_group_set(int group)
{
	return (unsigned)group < LG_COUNT ? sets[group] : NULL;
}

const char *
sb_learn_group_title(int group)
{
	return (unsigned)group < LG_COUNT ? titles[group] : "";
}
