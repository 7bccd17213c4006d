/*
 * jail_open.c: open a jail after its checks. Its root and .sandbox are
 * opened once, without following links, and all that follows (the lock,
 * the manifest) is reached from these descriptors. A build refuses a
 * non-empty directory that is not a jail: it would replace its files.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail_int.h"

/* mkdir -p for the jail's root itself, on the host. */
static int
make_root(const char *root, char *err, size_t errlen)
{
	char path[PATH_MAX], *s;
	bool end;

	snprintf(path, sizeof(path), "%s", root);
	for (s = path + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		end = *s == '\0';
		*s = '\0';
		/* Not group-writable whatever the umask: it is checked. */
		if (mkdir(path, 0755) == 0)
			chmod(path, 0755);
		else if (errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -errno;
		}
		if (end)
			return 0;
		*s = '/';
	}
}

static bool
empty_dir(int rootfd)
{
	struct dirent *de;
	DIR *d;
	int fd;
	bool empty = true;

	if ((fd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return false;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return false;
	}
	while (empty && (de = readdir(d)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/* .sandbox, made by a build in a new or empty directory only. */
static int
open_dot(struct jail_fds *j, bool build, char *err, size_t errlen)
{
	char what[PATH_MAX + 16];
	struct stat st;

	snprintf(what, sizeof(what), "%s/.sandbox", j->root);
	if (fstatat(j->rootfd, ".sandbox", &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", what, strerror(errno));
			return -errno;
		}
		if (!build) {
			snprintf(err, errlen, "%s/%s: %s", j->root,
			    SB_JAIL_MANIFEST, strerror(ENOENT));
			return -ENOENT;
		}
		if (!empty_dir(j->rootfd)) {
			snprintf(err, errlen, "%s: not a jail built by sandbox "
			    "(no .sandbox/manifest); give an empty or new "
			    "directory", j->root);
			return -EEXIST;
		}
		if (mkdirat(j->rootfd, ".sandbox", 0755) == 0)
			jail_chmod_dir(j->rootfd, ".sandbox", 0755);
		else if (errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", what, strerror(errno));
			return -errno;
		}
	}
	if ((j->sbfd = openat(j->rootfd, ".sandbox", O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			snprintf(err, errlen, "%s is a symlink or not a "
			    "directory: refusing it", what);
		else
			snprintf(err, errlen, "%s: %s", what, strerror(errno));
		return errno == ENOTDIR ? -ELOOP : -errno;
	}
	if (fstat(j->sbfd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", what, strerror(errno));
		return -errno;
	}
	return jail_trust_stat(what, &st, j->owner, true, err, errlen);
}

int
jail_open(const char *root, bool build, struct jail_fds *j, char *err,
    size_t errlen)
{
	struct stat st;
	int r;

	j->rootfd = j->sbfd = -1;
	if ((r = jail_trust_root(root, build, err, errlen)) < 0 ||
	    (build && (r = make_root(root, err, errlen)) < 0))
		return r;
	if (realpath(root, j->root) == NULL ||
	    (j->rootfd = open(j->root, O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0 || fstat(j->rootfd, &st) < 0) {
		r = -errno;
		if (!build && r == -ENOENT)
			snprintf(err, errlen, "%s/%s: %s", root,
			    SB_JAIL_MANIFEST, strerror(-r));
		else
			snprintf(err, errlen, "%s: %s", root, strerror(-r));
		jail_close(j);
		return r;
	}
	/* Checked again on the descriptor: the path may have changed. */
	j->owner = st.st_uid;
	if ((build || st.st_uid != 0) && st.st_uid != geteuid()) {
		snprintf(err, errlen, "jail %s is owned by uid %u, not by uid "
		    "%u: refusing it", root, (unsigned)st.st_uid,
		    (unsigned)geteuid());
		jail_close(j);
		return -EPERM;
	}
	if ((r = jail_trust_stat(root, &st, j->owner, true, err,
	    errlen)) < 0 || (r = open_dot(j, build, err, errlen)) < 0) {
		jail_close(j);
		return r;
	}
	return 0;
}

void
jail_close(struct jail_fds *j)
{
	if (j->sbfd >= 0)
		close(j->sbfd);
	if (j->rootfd >= 0)
		close(j->rootfd);
	j->rootfd = j->sbfd = -1;
}
