/*
 * jail_enter.c: into a jail. As root, the classic chroot. As an ordinary
 * user, a new user namespace that maps the user's own uid and gid (so that
 * files keep their owners and nothing gains rights it had not), and a
 * private mount namespace, where chroot is allowed without root.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jail.h"

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
		if ((r = map_self(uid, gid, err, errlen)) < 0)
			return r;
	}
	if (chroot(root) < 0 || chdir("/") < 0) {
		r = -errno;
		snprintf(err, errlen, "chroot %s: %s", root, strerror(errno));
		return r;
	}
	return 0;
}
