/*
 * jail_enter.c: into a jail. As root, the classic chroot. As an ordinary
 * user, a new user namespace that maps the user's own uid and gid (so that
 * files keep their owners and nothing gains rights it had not), and a
 * private mount namespace, where chroot is allowed without root.
 */
#include <sys/mount.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jail_int.h"

static int
write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd, r = 0;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		r = -errno;
	close(fd);
	return r;
}

static int
map_self(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	char map[64];
	int r;

	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	if ((r = write_file("/proc/self/uid_map", map)) < 0)
		goto fail;
	/* An unprivileged gid map needs setgroups denied first. */
	if ((r = write_file("/proc/self/setgroups", "deny")) < 0 &&
	    r != -ENOENT)
		goto fail;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	if ((r = write_file("/proc/self/gid_map", map)) < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "user namespace id map: %s", strerror(-r));
	return r;
}

/*
 * Where the builder could not make device nodes it left empty files: the
 * host's nodes are bind-mounted there, in this mount namespace only.
 */
static bool
stand_in(const char *root, const char *name, char *dst, size_t len)
{
	struct stat st;

	snprintf(dst, len, "%s/dev/%s", root, name);
	return lstat(dst, &st) == 0 && S_ISREG(st.st_mode);
}

static bool
need_binds(const char *root)
{
	const struct jail_devnode *d;
	char dst[PATH_MAX];

	for (d = jail_devnodes; d->name != NULL; d++)
		if (stand_in(root, d->name, dst, sizeof(dst)))
			return true;
	return false;
}

static int
bind_devices(const char *root, char *err, size_t errlen)
{
	const struct jail_devnode *d;
	char src[64], dst[PATH_MAX];

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		goto fail;
	for (d = jail_devnodes; d->name != NULL; d++) {
		snprintf(src, sizeof(src), "/dev/%s", d->name);
		if (!stand_in(root, d->name, dst, sizeof(dst)))
			continue;
		if (mount(src, dst, NULL, MS_BIND, NULL) < 0 &&
		    errno != ENXIO && errno != ENOENT) {
			snprintf(err, errlen, "bind mount %s on %s: %s", src,
			    dst, strerror(errno));
			return -errno;
		}
	}
	return 0;
fail:
	snprintf(err, errlen, "mount namespace: %s", strerror(errno));
	return -errno;
}

int
sb_jail_enter(const char *root, char *err, size_t errlen)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int r;

	if (uid != 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
			r = -errno;
			snprintf(err, errlen, "unprivileged chroot needs a "
			    "user namespace: unshare: %s", strerror(errno));
			return r;
		}
		if ((r = map_self(uid, gid, err, errlen)) < 0 ||
		    (r = bind_devices(root, err, errlen)) < 0)
			return r;
	} else if (need_binds(root)) {
		/* Root without nodes in the jail: binds, in a private view. */
		if (unshare(CLONE_NEWNS) < 0) {
			r = -errno;
			snprintf(err, errlen, "mount namespace: %s",
			    strerror(errno));
			return r;
		}
		if ((r = bind_devices(root, err, errlen)) < 0)
			return r;
	}
	if (chroot(root) < 0 || chdir("/") < 0) {
		r = -errno;
		snprintf(err, errlen, "chroot %s: %s", root, strerror(errno));
		return r;
	}
	return 0;
}
