/*
 * learn_sensitive.c: paths that look like they hold secrets. A learned
 * policy still lists them (the program did read them) but says so, and
 * never widens a rule to a directory that holds them.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "learn.h"

static const struct {
	const char	*glob;		/* fnmatch(3), FNM_PATHNAME off */
	const char	*why;
} patterns[] = {
	{ "/etc/shadow*", "password hashes" },
	{ "/etc/gshadow*", "group password hashes" },
	{ "/etc/sudoers*", "privilege rules" },
	{ "/etc/ssl/private*", "TLS private keys" },
	{ "/etc/ssh/*_key", "SSH host keys" },
	{ "/etc/ssh/*_key.*", "SSH host keys" },
	{ "*/.ssh*", "SSH keys and configuration" },
	{ "*/.gnupg*", "GnuPG keys" },
	{ "*/.aws*", "cloud credentials" },
	{ "*/.netrc", "saved passwords" },
	{ "*/.pgpass", "saved passwords" },
	{ "*/.git-credentials", "saved passwords" },
	{ "*/.docker/config.json", "registry credentials" },
	{ "*/.kube/config", "cluster credentials" },
	{ "*.key", "a key file" },
	{ "*id_rsa*", "an SSH key" },
	{ "*id_ed25519*", "an SSH key" },
	{ "*id_ecdsa*", "an SSH key" },
	{ "*/secrets/*", "a secrets directory" },
	{ "*/credentials*", "credentials" },
	{ "*/private/*.pem", "a private key" },
	{ "/proc/*/environ", "another process's environment" },
};

const char *
sb_learn_sensitive(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		if (fnmatch(patterns[i].glob, path, 0) == 0)
			return patterns[i].why;
	return NULL;
}

/* Directories a rule should never cover whole. */
static const char *const too_wide[] = {
	"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64",
	"/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv",
	"/sys", "/tmp", "/usr", "/usr/bin", "/usr/lib", "/usr/lib64",
	"/usr/local", "/usr/local/bin", "/usr/local/lib", "/usr/sbin",
	"/usr/share", "/var", "/var/lib", "/var/tmp",
};

static const char *const secret_dirs[] = {
	"/etc/ssl/private", "/etc/ssh", ".ssh", ".gnupg", ".aws",
};

bool
sb_learn_covers_sensitive(const char *dir)
{
	char sub[4096];
	size_t i, n = strlen(dir);

	for (i = 0; i < sizeof(too_wide) / sizeof(too_wide[0]); i++)
		if (strcmp(dir, too_wide[i]) == 0)
			return true;
	if (strchr(dir + 1, '/') == NULL)
		return true;		/* a top-level directory */
	if (sb_learn_sensitive(dir) != NULL)
		return true;
	for (i = 0; i < sizeof(secret_dirs) / sizeof(secret_dirs[0]); i++) {
		if (secret_dirs[i][0] == '/') {
			if (strncmp(secret_dirs[i], dir, n) == 0 &&
			    secret_dirs[i][n] == '/')
				return true;
			continue;
		}
		snprintf(sub, sizeof(sub), "%s/%s", dir, secret_dirs[i]);
		if (access(sub, F_OK) == 0)
			return true;	/* a home directory */
	}
	return false;
}
