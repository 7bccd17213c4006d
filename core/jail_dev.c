/*
 * jail_dev.c: the jail's /dev and /tmp. As root, /dev holds real device
 * nodes (null zero full random urandom tty). An ordinary user may not make
 * device nodes: empty files stand in their place, and entering the jail
 * bind-mounts the host's nodes on them inside the jail's own mount
 * namespace (sb_jail_enter). The same when root may not make nodes (a
 * container) or the jail's file system is mounted nodev.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jail_int.h"

const struct jail_devnode jail_devnodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
	{ NULL, 0, 0 }
};

/*
 * 1 when a node is there, 0 for a stand-in file, <0 on error. Nodes are
 * useless on a file system mounted nodev: stand-ins there too.
 */
static int
devnode(int dfd, const struct jail_devnode *d, bool nodev)
{
	dev_t want = makedev(d->major, d->minor);
	struct stat st;
	int fd;

	if (fstatat(dfd, d->name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISCHR(st.st_mode) && st.st_rdev == want && !nodev)
			return 1;
		if (S_ISREG(st.st_mode) && st.st_size == 0 &&
		    (geteuid() != 0 || nodev))
			return 0;
		if (unlinkat(dfd, d->name, 0) < 0)
			return -errno;
	}
	if (!nodev && mknodat(dfd, d->name, S_IFCHR | 0666, want) == 0) {
		fchmodat(dfd, d->name, 0666, AT_SYMLINK_NOFOLLOW);
		return 1;
	}
	if (!nodev && errno != EPERM)
		return -errno;
	if ((fd = openat(dfd, d->name, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0666)) < 0)
		return -errno;
	close(fd);
	return 0;
}

int
jail_dev(struct jail_ctx *j)
{
	const struct jail_devnode *d;
	struct statvfs vfs;
	bool nodev;
	int dfd, r, nodes = 0, files = 0;

	if ((dfd = jail_dir(j, "/tmp", true)) < 0)
		return dfd;
	if ((r = jail_chmod_dir(j->rootfd, "tmp", 01777)) < 0)
		return r;
	if ((dfd = jail_dir(j, "/dev", true)) < 0)
		return dfd;
	nodev = fstatvfs(dfd, &vfs) == 0 && (vfs.f_flag & ST_NODEV);
	for (d = jail_devnodes; d->name != NULL; d++) {
		if ((r = devnode(dfd, d, nodev)) < 0) {
			snprintf(j->err, j->errlen, "jail /dev/%s: %s", d->name,
			    strerror(-r));
			return r;
		}
		if (r == 1)
			nodes++;
		else
			files++;
	}
	j->st->dev = files == 0 ? "device nodes" :
	    nodes == 0 ? "bind mounts of the host's nodes, made on entry" :
	    "device nodes and bind mounts";
	return 0;
}
