/*
 * jail_install.c: put one path in the jail. Everything in the jail is
 * reached from the jail's root descriptor with O_NOFOLLOW, so that a link
 * inside the jail (/lib -> usr/lib, or a hostile one) is never followed
 * to the host. What changed is first written whole into .sandbox/stage,
 * and only once all of it was written (no file system full half way) is
 * each renamed into its place, so that a program running in the jail
 * keeps a whole file and a failed build leaves the jail as it was.
 */
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "jail_int.h"

static int
fail(struct jail_ctx *j, int err, const char *what, const char *path)
{
	snprintf(j->err, j->errlen, "%s %s: %s", what, path, strerror(err));
	return -err;
}

static mode_t
dir_mode(const char *hostdir)
{
	struct stat st;

	if (stat(hostdir, &st) < 0)
		return 0755;
	/* The builder keeps the right to update what it made. */
	return (st.st_mode & 01777) | S_IRWXU;
}

/*
 * As root, a directory belongs to whom it belongs on the host: a daemon's
 * data directory (owned by unbound, nsd...) stays writable by the daemon.
 */
static void
dir_owner(struct jail_ctx *j, int fd, const char *name, const char *hostdir)
{
	struct stat host, here;

	if (!j->root || stat(hostdir, &host) < 0 ||
	    fstatat(fd, name, &here, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (here.st_uid != host.st_uid || here.st_gid != host.st_gid)
		fchownat(fd, name, host.st_uid, host.st_gid,
		    AT_SYMLINK_NOFOLLOW);
}

/*
 * A directory with the host's identity and time when it has one: an entry
 * added to it on the host (a new terminfo file, a locale installed)
 * changes its time, which tells a later launch that the jail may lack it
 * (jail_fresh.c). The jail's own /dev and /tmp have none.
 */
static int
note_dir(struct jail_ctx *j, const char *dir)
{
	struct jail_rec r = { .kind = 'd', .how = '-', .path = (char *)dir };
	struct stat st;
	int a;

	if ((a = sb_strset_add(&j->dirs, dir)) <= 0)
		return a;
	if (strcmp(dir, "/dev") != 0 && strcmp(dir, "/tmp") != 0 &&
	    lstat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		r.dev = st.st_dev;
		r.ino = st.st_ino;
		r.size = st.st_size;
		r.mtime = st.st_mtim;
		r.mode = st.st_mode & 07777;
	}
	return jail_manifest_add(j->new, &r);
}

/*
 * chmod without following a link: a program in the jail may replace the
 * directory with a link to a host file between its making and its mode.
 */
int
jail_chmod_dir(int dfd, const char *name, mode_t mode)
{
	int fd, r = 0;

	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -errno;
	if (fchmod(fd, mode) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* One level down: open name in fd as a directory, making it if needed. */
static int
step(struct jail_ctx *j, int fd, const char *name, const char *hostdir,
    bool create)
{
	struct stat st;
	mode_t mode;
	int nfd;

	nfd = openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (nfd >= 0 && create)
		dir_owner(j, fd, name, hostdir);
	if (nfd >= 0 || !create)
		return nfd >= 0 ? nfd : -errno;
	/*
	 * Only nothing, a link or a file is replaced: a directory that could
	 * not be opened (no descriptor left, no memory) is kept, whole.
	 */
	if (errno != ENOENT && errno != ELOOP && errno != ENOTDIR)
		return -errno;
	/* Something else is there (a link, a file): the host has a dir. */
	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    unlinkat(fd, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) < 0)
		return -errno;
	mode = dir_mode(hostdir);
	if (mkdirat(fd, name, mode) == 0) {
		if (sb_strv_push(&j->created, hostdir) < 0)
			return -ENOMEM;
	} else if (errno != EEXIST)
		return -errno;
	jail_chmod_dir(fd, name, mode);
	dir_owner(j, fd, name, hostdir);
	nfd = openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return nfd >= 0 ? nfd : -errno;
}

int
jail_dir(struct jail_ctx *j, const char *dir, bool create)
{
	char sofar[PATH_MAX], *comp, *save = NULL, copy[PATH_MAX];
	int fd, nfd, r;

	if (j->dirfd >= 0 && strcmp(j->dir, dir) == 0)
		return j->dirfd;
	if (j->dirfd >= 0)
		close(j->dirfd);
	j->dirfd = -1;
	if ((fd = dup(j->rootfd)) < 0)
		return fail(j, errno, "dup", dir);
	snprintf(copy, sizeof(copy), "%s", dir);
	sofar[0] = '\0';
	for (comp = strtok_r(copy, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save)) {
		strlcat(sofar, "/", sizeof(sofar));
		strlcat(sofar, comp, sizeof(sofar));
		nfd = step(j, fd, comp, sofar, create);
		close(fd);
		if (nfd < 0)
			return create ? fail(j, -nfd, "jail directory", sofar) :
			    nfd;
		fd = nfd;
		if (create && (r = note_dir(j, sofar)) < 0) {
			close(fd);
			return r;
		}
	}
	j->dirfd = fd;
	snprintf(j->dir, sizeof(j->dir), "%s", dir);
	return fd;
}

/*
 * The host file as it is now, for the manifest; for a copy, the copy's
 * own inode and ctime too (jst), or NULL for a link.
 */
static int
record_as(struct jail_ctx *j, const struct stat *st, char kind, char how,
    const struct stat *jst, const char *path)
{
	struct jail_rec r = {
		.kind = kind, .how = how, .dev = st->st_dev, .ino = st->st_ino,
		.size = st->st_size, .mtime = st->st_mtim,
		.mode = st->st_mode & 07777, .path = (char *)path,
	};

	if (jst != NULL) {
		r.jino = jst->st_ino;
		r.jctime = jst->st_ctim;
	}

	if (kind != 'd') {
		j->st->files++;
		if (kind == 'f')
			j->st->bytes += st->st_size;
	}
	return jail_manifest_add(j->new, &r);
}

static int
record(struct jail_ctx *j, const struct stat *st, char kind, char how,
    const char *path)
{
	return record_as(j, st, kind, how, NULL, path);
}

static int
copy_data(int in, int out)
{
	char buf[65536];
	ssize_t n, w, off;

	for (;;) {
		n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
		if (n == 0)
			return 0;
		if (n < 0)
			break;
	}
	if (errno != EXDEV && errno != EINVAL && errno != ENOSYS &&
	    errno != EOPNOTSUPP)
		return -errno;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += w)
			if ((w = write(out, buf + off, n - off)) < 0)
				return -errno;
	return n < 0 ? -errno : 0;
}

/* The host's file opened for reading, no link on the way. */
static int
host_read(const char *path)
{
	struct open_how how = {
		.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};

	return (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
}

/* A copy without setuid/setgid, with the host's times and owner. */
static int
copy_file(struct jail_ctx *j, int dfd, const char *name, const char *path,
    const struct stat *st)
{
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	mode_t mode = st->st_mode & 0777 & ~(mode_t)(S_ISUID | S_ISGID);
	char self[64];
	int in, out, r;

	/* The file looked at, reopened for reading; by path without /proc. */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", j->hostfd);
	if ((in = open(self, O_RDONLY | O_CLOEXEC)) < 0 && errno == ENOENT)
		in = host_read(path);
	if (in < 0)
		return fail(j, errno, "open", path);
	unlinkat(dfd, name, 0);
	if ((out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
		r = errno;
		close(in);
		return fail(j, r, "create in jail", path);
	}
	r = copy_data(in, out);
	close(in);
	if (r == 0 && j->root && fchown(out, st->st_uid, st->st_gid) < 0)
		r = -errno;
	if (r == 0 && (fchmod(out, mode) < 0 || futimens(out, times) < 0))
		r = -errno;
	if (close(out) < 0 && r == 0)
		r = -errno;
	if (r < 0) {
		unlinkat(dfd, name, 0);
		return fail(j, -r, "copy", path);
	}
	return 0;
}

/*
 * A hard link shares the inode: whoever may write the file in the jail
 * writes the host's. So only a file that root alone may write is linked,
 * only by root (root without --user in a chroot jail is root anyway), and
 * without setuid/setgid (a copy strips them). An ordinary user could link
 * only the files the user owns or may write (protected_hardlinks): the
 * very ones a program in the jail must not reach on the host; the user's
 * jail holds copies.
 */
bool
jail_may_link(bool root, const struct stat *st)
{
	return root && st->st_uid == 0 &&
	    !(st->st_mode & (S_IWGRP | S_IWOTH | S_ISUID | S_ISGID));
}

/* Only on the same file system, too. */
static bool
link_file(struct jail_ctx *j, int dfd, const char *name, const char *path,
    const struct stat *st)
{
	if (j->nolink || !jail_may_link(j->root, st))
		return false;
	unlinkat(dfd, name, 0);
	if (linkat(j->hostfd, "", dfd, name, AT_EMPTY_PATH) == 0)
		return true;
	if (errno == EXDEV)
		j->nolink = true;
	return false;
}

bool
jail_current(const struct jail_rec *r, const struct stat *st,
    const struct stat *jst)
{
	if (r == NULL || r->kind != 'f' || !S_ISREG(jst->st_mode))
		return false;
	if (r->dev != st->st_dev || r->ino != st->st_ino ||
	    r->size != st->st_size || r->mode != (st->st_mode & 07777) ||
	    r->mtime.tv_sec != st->st_mtim.tv_sec ||
	    r->mtime.tv_nsec != st->st_mtim.tv_nsec)
		return false;
	if (jst->st_size != st->st_size)
		return false;
	/*
	 * A copy carries the host's time: one written since is stale, and
	 * one whose time was set back too has another ctime than the build
	 * left it with.
	 */
	if (r->how == 'c')
		return jst->st_mtim.tv_sec == st->st_mtim.tv_sec &&
		    jst->st_mtim.tv_nsec == st->st_mtim.tv_nsec &&
		    r->jino != 0 && jst->st_ino == r->jino &&
		    jst->st_ctim.tv_sec == r->jctime.tv_sec &&
		    jst->st_ctim.tv_nsec == r->jctime.tv_nsec;
	return jst->st_dev == st->st_dev && jst->st_ino == st->st_ino;
}

/* The stage, opened when first needed; the next name in it. */
static int
stage_name(struct jail_ctx *j, char *buf, size_t len, const char *path)
{
	if (j->stagefd < 0 && (j->stagefd = openat(j->sbfd, JAIL_STAGE,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return fail(j, errno, "stage for", path);
	snprintf(buf, len, "%zu", j->nstaged);
	return 0;
}

/* Note what was staged as name for path, its record the last one. */
static int
stage_push(struct jail_ctx *j, const char *name, const char *path, bool copy)
{
	struct jail_staged *s;
	size_t cap;

	if (j->nstaged == j->capstaged) {
		cap = j->capstaged ? j->capstaged * 2 : 64;
		if ((s = reallocarray(j->staged, cap, sizeof(*s))) == NULL)
			return -ENOMEM;
		j->staged = s;
		j->capstaged = cap;
	}
	s = &j->staged[j->nstaged];
	if ((s->path = strdup(path)) == NULL)
		return -ENOMEM;
	strlcpy(s->name, name, sizeof(s->name));
	s->rec = j->new->n - 1;
	s->copy = copy;
	j->nstaged++;
	return 0;
}

static int
install_file(struct jail_ctx *j, int dfd, const char *base, const char *path,
    const struct stat *st)
{
	const struct jail_rec *old = jail_manifest_find(j->old, path);
	struct stat jst;
	char name[24];
	bool there, linked;
	int r;

	there = fstatat(dfd, base, &jst, AT_SYMLINK_NOFOLLOW) == 0;
	/* A link the rule no longer allows (an older jail) becomes a copy. */
	if (there && jail_current(old, st, &jst) &&
	    (old->how != 'l' || jail_may_link(j->root, st))) {
		j->st->unchanged++;
		return record_as(j, st, 'f', old->how, old->how == 'c' ?
		    &jst : NULL, path);
	}
	/* Changed in place on the host: the shared inode is already new. */
	if (there && jst.st_dev == st->st_dev && jst.st_ino == st->st_ino &&
	    jail_may_link(j->root, st)) {
		j->st->updated++;
		return record(j, st, 'f', 'l', path);
	}
	if ((r = stage_name(j, name, sizeof(name), path)) < 0)
		return r;
	linked = link_file(j, j->stagefd, name, path, st);
	if (!linked && (r = copy_file(j, j->stagefd, name, path, st)) < 0)
		return r;
	if (linked)
		j->st->linked++;
	else
		j->st->copied++;
	if (there || old != NULL)
		j->st->updated++;
	/* A copy's own inode and ctime are noted once it is in place. */
	if ((r = record(j, st, 'f', linked ? 'l' : 'c', path)) < 0)
		return r;
	return stage_push(j, name, path, !linked);
}

static int
install_link(struct jail_ctx *j, int dfd, const char *base, const char *path,
    const struct stat *st)
{
	char target[PATH_MAX], have[PATH_MAX], name[24];
	ssize_t n, m;
	struct stat jst;
	bool there;
	int r;

	if ((n = readlinkat(j->hostfd, "", target, sizeof(target) - 1)) < 0)
		return fail(j, errno, "readlink", path);
	target[n] = '\0';
	there = fstatat(dfd, base, &jst, AT_SYMLINK_NOFOLLOW) == 0;
	if (there && S_ISLNK(jst.st_mode) && (m = readlinkat(dfd, base, have,
	    sizeof(have) - 1)) >= 0) {
		have[m] = '\0';
		if (strcmp(have, target) == 0) {
			j->st->unchanged++;
			return record(j, st, 's', '-', path);
		}
	}
	if ((r = stage_name(j, name, sizeof(name), path)) < 0)
		return r;
	unlinkat(j->stagefd, name, 0);
	if (symlinkat(target, j->stagefd, name) < 0)
		return fail(j, errno, "symlink in jail", path);
	j->st->symlinks++;
	if (there)
		j->st->updated++;
	if ((r = record(j, st, 's', '-', path)) < 0)
		return r;
	return stage_push(j, name, path, false);
}

/*
 * The host's path, opened once (O_PATH) with no link on the way: the
 * wanted paths have only real directories above them, so that one
 * another user swapped for a link meanwhile is refused, and what is
 * linked, copied or read is the very file that was looked at.
 */
static int
host_open(struct jail_ctx *j, const char *path, struct stat *st)
{
	struct open_how how = {
		.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};

	if ((j->hostfd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how,
	    sizeof(how))) < 0)
		return fail(j, errno, "open", path);
	if (fstat(j->hostfd, st) < 0) {
		close(j->hostfd);
		j->hostfd = -1;
		return fail(j, errno, "stat", path);
	}
	return 0;
}

int
jail_install(struct jail_ctx *j, const char *path)
{
	char dir[PATH_MAX];
	const char *base;
	struct stat st;
	int dfd, r;

	if (strcmp(path, "/") == 0)
		return 0;
	/* The manifest is one path a line. */
	if (strchr(path, '\n') != NULL)
		return fail(j, EINVAL, "path with a newline:", path);
	if ((r = host_open(j, path, &st)) < 0)
		return r;
	if (S_ISDIR(st.st_mode))
		r = (dfd = jail_dir(j, path, true)) < 0 ? dfd : 0;
	else if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
		r = 0;	/* devices, sockets, fifos: not copied */
	else {
		base = strrchr(path, '/') + 1;
		snprintf(dir, sizeof(dir), "%.*s", (int)(base - path - 1),
		    path);
		if ((r = dfd = jail_dir(j, dir[0] ? dir : "/", true)) >= 0)
			r = S_ISLNK(st.st_mode) ?
			    install_link(j, dfd, base, path, &st) :
			    install_file(j, dfd, base, path, &st);
	}
	close(j->hostfd);
	j->hostfd = -1;
	return r;
}

/* Where a staged path goes: its directory, opened, and its last name. */
static int
target_dir(struct jail_ctx *j, const char *path, const char **base)
{
	char dir[PATH_MAX];
	int dfd;

	*base = strrchr(path, '/') + 1;
	snprintf(dir, sizeof(dir), "%.*s", (int)(*base - path - 1), path);
	if ((dfd = jail_dir(j, dir[0] ? dir : "/", false)) < 0)
		return fail(j, -dfd, "jail directory", dir[0] ? dir : "/");
	return dfd;
}

int
jail_switch(struct jail_ctx *j)
{
	struct jail_staged *s;
	struct jail_rec *rec;
	struct stat jst;
	const char *base;
	size_t i;
	int dfd;

	for (i = 0; i < j->nstaged; i++) {
		s = &j->staged[i];
		if ((dfd = target_dir(j, s->path, &base)) < 0)
			return dfd;
		/* The host has a file where the jail had a directory. */
		if (fstatat(dfd, base, &jst, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISDIR(jst.st_mode) && unlinkat(dfd, base,
		    AT_REMOVEDIR) < 0)
			return fail(j, errno, "replace directory", s->path);
		if (renameat(j->stagefd, s->name, dfd, base) < 0)
			return fail(j, errno, "rename in jail", s->path);
		s->name[0] = '\0';
		if (!s->copy)
			continue;
		/* The copy as it is now, after the rename (its ctime). */
		if (fstatat(dfd, base, &jst, AT_SYMLINK_NOFOLLOW) < 0)
			return fail(j, errno, "stat in jail", s->path);
		rec = &j->new->rec[s->rec];
		rec->jino = jst.st_ino;
		rec->jctime = jst.st_ctim;
	}
	return 0;
}

static int
deepest_first(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

void
jail_unstage(struct jail_ctx *j)
{
	char dir[PATH_MAX];
	const char *base;
	size_t i;
	int dfd;

	for (i = 0; i < j->nstaged && j->stagefd >= 0; i++)
		if (j->staged[i].name[0] != '\0')
			unlinkat(j->stagefd, j->staged[i].name, 0);
	/* Only the directories this build made, and only when empty. */
	if (j->created.n > 0)
		qsort(j->created.v, j->created.n, sizeof(*j->created.v),
		    deepest_first);
	for (i = 0; i < j->created.n; i++) {
		base = strrchr(j->created.v[i], '/') + 1;
		snprintf(dir, sizeof(dir), "%.*s",
		    (int)(base - j->created.v[i] - 1), j->created.v[i]);
		if ((dfd = jail_dir(j, dir[0] ? dir : "/", false)) >= 0)
			unlinkat(dfd, base, AT_REMOVEDIR);
	}
	if (j->dirfd >= 0)
		close(j->dirfd);
	j->dirfd = -1;
}
