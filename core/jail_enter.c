/*
 * jail_enter.c: into a jail. As root, the classic chroot, in a private
 * mount namespace. As an ordinary user, a new user namespace that maps the
 * user's own uid and gid (so that files keep their owners and nothing
 * gains rights it had not), and a private mount namespace, where chroot is
 * allowed without root. Either way the jail's .sandbox is hidden first.
 */
#include <sys/mount.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
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

/* Map the user's own uid and gid, of PID ("self" or a number). */
static int
map_ids(const char *pid, uid_t uid, gid_t gid, char *err, size_t errlen)
{
	char map[64], path[64];
	int r;

	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	snprintf(path, sizeof(path), "/proc/%s/uid_map", pid);
	if ((r = write_file(path, map)) < 0)
		goto fail;
	/* An unprivileged gid map needs setgroups denied first. */
	snprintf(path, sizeof(path), "/proc/%s/setgroups", pid);
	if ((r = write_file(path, "deny")) < 0 && r != -ENOENT)
		goto fail;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	snprintf(path, sizeof(path), "/proc/%s/gid_map", pid);
	if ((r = write_file(path, map)) < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "user namespace id map: %s", strerror(-r));
	return r;
}

static int
map_self(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	return map_ids("self", uid, gid, err, errlen);
}

/* From outside: the maps of a child cloned into a user namespace. */
int
sb_jail_map(pid_t pid, char *err, size_t errlen)
{
	char p[32];

	snprintf(p, sizeof(p), "%d", (int)pid);
	return map_ids(p, geteuid(), getegid(), err, errlen);
}

/*
 * Where the builder could not make device nodes it left empty files: the
 * host's nodes are bound there, in this mount namespace only. The jail is
 * walked from its descriptor without following links (a program of an
 * earlier run may have changed its /dev), and the mount goes on the very
 * file found, through descriptors.
 */
static int
stand_in(int devfd, const char *name)
{
	struct stat st;
	int fd;

	if ((fd = openat(devfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
bind_node(int devfd, const char *name, char *err, size_t errlen)
{
	char src[64];
	int to, from, r = 0;

	if ((to = stand_in(devfd, name)) < 0)
		return 0;
	snprintf(src, sizeof(src), "/dev/%s", name);
	if ((from = open_tree(AT_FDCWD, src, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC)) < 0) {
		close(to);
		/* A node the host lacks stays an empty file. */
		if (errno == ENOENT || errno == ENXIO)
			return 0;
		snprintf(err, errlen, "bind %s: %s", src, strerror(errno));
		return -errno;
	}
	if (move_mount(from, "", to, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH) < 0) {
		r = -errno;
		snprintf(err, errlen, "bind mount %s on the jail's: %s", src,
		    strerror(errno));
	}
	close(from);
	close(to);
	return r;
}

static int
bind_devices(int rootfd, char *err, size_t errlen)
{
	const struct jail_devnode *d;
	int devfd, r = 0;

	if ((devfd = openat(rootfd, "dev", O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return 0;	/* no /dev: nothing to bind */
	for (d = jail_devnodes; d->name != NULL && r == 0; d++)
		r = bind_node(devfd, d->name, err, errlen);
	close(devfd);
	return r;
}

/*
 * The jail's .sandbox (its manifest and lock) is the builder's: a program
 * that could write the manifest would have the next build or sync bring
 * any of the user's files into the jail. An empty read-only tmpfs goes
 * over it, so that the program neither sees nor changes it; a program
 * without capabilities cannot take it away (its mount namespace is not
 * its own, and a chrooted process may not make a user namespace).
 */
static int
hide_builder(int rootfd, bool need, char *err, size_t errlen)
{
	int dot, fs = -1, mnt = -1, r = 0;

	if ((dot = openat(rootfd, ".sandbox", O_PATH | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ENOENT && !need)
			return 0;
		r = -errno;
		snprintf(err, errlen, "the jail's .sandbox: %s", strerror(-r));
		return r;
	}
	if ((fs = fsopen("tmpfs", FSOPEN_CLOEXEC)) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", "0555", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "size", "4k", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY |
	    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)) < 0 ||
	    move_mount(mnt, "", dot, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH) < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot hide the jail's .sandbox from "
		    "the program: %s", strerror(-r));
	}
	if (mnt >= 0)
		close(mnt);
	if (fs >= 0)
		close(fs);
	close(dot);
	return r;
}

/*
 * A mount namespace of the child's own, always: as an ordinary user with
 * a user namespace that maps only the user's ids, as root without one.
 */
static int
own_mounts(unsigned flags, char *err, size_t errlen)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int r;

	if (flags & SB_JAIL_CLONED)
		;	/* cloned into them, the maps written from outside */
	else if (uid != 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
			r = -errno;
			snprintf(err, errlen, "unprivileged chroot needs a "
			    "user namespace: unshare: %s", strerror(errno));
			return r;
		}
		if ((r = map_self(uid, gid, err, errlen)) < 0)
			return r;
	} else if (unshare(CLONE_NEWNS) < 0)
		goto fail;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		goto fail;
	return 0;
fail:
	r = -errno;
	snprintf(err, errlen, "mount namespace: %s", strerror(errno));
	return r;
}

int
sb_jail_enter(const char *root, unsigned flags, char *err, size_t errlen)
{
	int rootfd, r;

	if ((r = own_mounts(flags, err, errlen)) < 0)
		return r;
	if ((rootfd = open(root, O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return r;
	}
	if ((r = bind_devices(rootfd, err, errlen)) < 0 ||
	    (r = hide_builder(rootfd, flags & SB_JAIL_RUN, err, errlen)) < 0) {
		close(rootfd);
		return r;
	}
	if (fchdir(rootfd) < 0 || chroot(".") < 0 || chdir("/") < 0) {
		r = -errno;
		snprintf(err, errlen, "chroot %s: %s", root, strerror(errno));
		close(rootfd);
		return r;
	}
	close(rootfd);
	return 0;
}
