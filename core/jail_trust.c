/*
 * jail_trust.c: whether a jail directory may be trusted, as ssh's
 * StrictModes decides for ~/.ssh. Root runs what a jail holds and writes
 * into it: a jail another user owns, or one under a directory another user
 * may change, lets that user plant code root then runs, or turn .sandbox
 * into a link that makes root write elsewhere. So: the jail root, its
 * .sandbox directory and manifest belong to the caller (or, for a jail
 * only entered, to root), none is writable by group or others, none is a
 * symlink, and every directory above belongs to root or the caller and is
 * not writable by others unless sticky (/tmp).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail_int.h"

static bool
trusted_owner(uid_t owner, bool own_only)
{
	return owner == geteuid() || (!own_only && owner == 0);
}

/* One directory above the jail (or a link on the way to it). */
static int
check_above(const char *path, const struct stat *st, char *err,
    size_t errlen)
{
	if (!trusted_owner(st->st_uid, false)) {
		snprintf(err, errlen, "%s is owned by uid %u, neither root nor "
		    "uid %u: refusing a jail under it", path,
		    (unsigned)st->st_uid, (unsigned)geteuid());
		return -EPERM;
	}
	if (S_ISDIR(st->st_mode) && (st->st_mode & 022) &&
	    !(st->st_mode & S_ISVTX)) {
		snprintf(err, errlen, "%s is writable by group or others: "
		    "refusing a jail under it", path);
		return -EPERM;
	}
	return 0;
}

/*
 * Every existing prefix of path (absolute), the last component excluded;
 * *missing is set when one does not exist (the rest is to be made).
 */
static int
check_chain(const char *path, bool *missing, char *err, size_t errlen)
{
	char prefix[PATH_MAX];
	struct stat st;
	size_t i, len = strlen(path);
	int r;

	*missing = false;
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		if (path[i] == '\0')
			break;	/* the jail itself: checked by the caller */
		snprintf(prefix, sizeof(prefix), "%.*s", (int)i, path);
		if (lstat(prefix, &st) < 0) {
			if (errno == ENOENT) {
				*missing = true;
				return 0;
			}
			snprintf(err, errlen, "%s: %s", prefix,
			    strerror(errno));
			return -errno;
		}
		if ((r = check_above(prefix, &st, err, errlen)) < 0)
			return r;
	}
	return lstat("/", &st) == 0 ? check_above("/", &st, err, errlen) : 0;
}

int
jail_trust_stat(const char *what, const struct stat *st, uid_t owner,
    bool dir, char *err, size_t errlen)
{
	if (S_ISLNK(st->st_mode)) {
		snprintf(err, errlen, "%s is a symlink: refusing it", what);
		return -ELOOP;
	}
	if (dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "%s is not a %s", what,
		    dir ? "directory" : "regular file");
		return dir ? -ENOTDIR : -EINVAL;
	}
	if (st->st_uid != owner) {
		snprintf(err, errlen, "%s is owned by uid %u, not by uid %u: "
		    "refusing it", what, (unsigned)st->st_uid, (unsigned)owner);
		return -EPERM;
	}
	if (st->st_mode & 022) {
		snprintf(err, errlen, "%s is writable by group or others: "
		    "refusing it", what);
		return -EPERM;
	}
	return 0;
}

int
jail_trust_root(const char *root, bool own_only, char *err, size_t errlen)
{
	char real[PATH_MAX];
	struct stat st;
	bool missing;
	int r;

	if ((r = check_chain(root, &missing, err, errlen)) < 0 || missing)
		return r;
	if (lstat(root, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return -errno;
	}
	if (S_ISLNK(st.st_mode)) {
		/* A link of root's or one's own: its target is checked. */
		if ((r = check_above(root, &st, err, errlen)) < 0)
			return r;
		if (realpath(root, real) == NULL)
			return 0;	/* dangling: building will fail */
		if ((r = check_chain(real, &missing, err, errlen)) < 0)
			return r;
		if (lstat(real, &st) < 0) {
			snprintf(err, errlen, "%s: %s", real, strerror(errno));
			return -errno;
		}
	} else if (realpath(root, real) == NULL)
		return 0;
	/* A link above the jail: the directories it leads through too. */
	else if (strcmp(real, root) != 0 &&
	    (r = check_chain(real, &missing, err, errlen)) < 0)
		return r;
	if (!trusted_owner(st.st_uid, own_only)) {
		snprintf(err, errlen, "jail %s is owned by uid %u, not by uid "
		    "%u: refusing it", root, (unsigned)st.st_uid,
		    (unsigned)geteuid());
		return -EPERM;
	}
	return jail_trust_stat(root, &st, st.st_uid, true, err, errlen);
}
