/*
 * unveil_view.c: a view's descriptors lead outside it. A program is given
 * its standard input, output and error, and any descriptor it inherits,
 * from the host: through /proc/self/fd it could open each again, with
 * any access its identity has on that file (stdin given to read, opened
 * again to write). For the namespace and chroot views, a Landlock layer
 * grants every right beneath the view's root, and on each inherited file
 * only what its descriptor was opened for; nothing else outside the view
 * may be opened. Pipes, sockets and other files of no path are not
 * concerned (Landlock lets them be).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unveil.h"

#define FS(x)	LANDLOCK_ACCESS_FS_##x

/* What a descriptor opened with flags gives on the file st describes. */
static uint64_t
fd_rights(int flags, const struct stat *st)
{
	uint64_t r = 0;

	if (flags & O_PATH)
		return 0;
	if ((flags & O_ACCMODE) != O_WRONLY)
		r |= FS(READ_FILE);
	if ((flags & O_ACCMODE) != O_RDONLY)
		r |= FS(WRITE_FILE) | FS(TRUNCATE);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		r |= FS(IOCTL_DEV);
	if (S_ISDIR(st->st_mode))
		r = (flags & O_ACCMODE) == O_RDONLY ? FS(READ_FILE) |
		    FS(READ_DIR) : 0;
	return r;
}

/* One inherited descriptor: its file, with what it was opened for. */
static int
grant_fd(struct sandbox *sb, int ruleset, uint64_t handled, int fd)
{
	char link[64];
	struct stat st;
	uint64_t access;
	int flags, pfd, r = 0;

	if ((flags = fcntl(fd, F_GETFD)) < 0 || (flags & FD_CLOEXEC) ||
	    (flags = fcntl(fd, F_GETFL)) < 0 || fstat(fd, &st) < 0)
		return 0;	/* not the program's: closed at exec */
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
	    !S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		return 0;	/* pipes, sockets: no path to open again */
	if ((access = fd_rights(flags, &st) & handled) == 0)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((pfd = open(link, O_PATH | O_CLOEXEC)) < 0)
		return 0;	/* no path to it: nothing to open again */
	if (sb_ll_add_path(ruleset, pfd, access) < 0)
		r = sb_err(sb, errno, "view: descriptor %d: landlock_add_rule: "
		    "%s", fd, strerror(errno));
	close(pfd);
	return r;
}

int
uv_view_rules(struct sandbox *sb, int ruleset, uint64_t handled)
{
	struct dirent *d;
	DIR *dir;
	int root, fd, r;

	if ((root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return sb_err(sb, errno, "view: /: %s", strerror(errno));
	r = sb_ll_add_path(ruleset, root, handled);
	close(root);
	if (r < 0)
		return sb_err(sb, errno, "view: /: landlock_add_rule: %s",
		    strerror(errno));
	/* No /proc (a jail): no way back to a descriptor's file by path. */
	if ((dir = opendir("/proc/self/fd")) == NULL && errno == ENOENT)
		return 0;
	if (dir == NULL)
		return sb_err(sb, errno, "view: /proc/self/fd: %s",
		    strerror(errno));
	while (r == 0 && (d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.' && (fd = atoi(d->d_name)) != dirfd(dir))
			r = grant_fd(sb, ruleset, handled, fd);
	closedir(dir);
	return r;
}

int
uv_view_confine(struct sandbox *sb, uint64_t scoped)
{
	struct sb_ll_caps c;
	struct sb_ll_ruleset_attr a = { 0 };
	int fd, r;

	sb_ll_probe(&c);
	a.handled_access_fs = c.fs;
	a.scoped = scoped & c.scoped;
	if (a.handled_access_fs == 0 && a.scoped == 0)
		return 0;
	if ((fd = sb_ll_create_ruleset(&a)) < 0)
		return sb_err(sb, errno, "view: Landlock: %s", strerror(errno));
	if ((r = a.handled_access_fs != 0 ? uv_view_rules(sb, fd,
	    a.handled_access_fs) : 0) == 0 && sb_ll_restrict_self(fd,
	    c.abi) < 0)
		r = sb_err(sb, errno, "view: Landlock: %s", strerror(errno));
	close(fd);
	return r;
}
