/*
 * jail_fresh.c: whether a jail is up to date, told from its manifest
 * alone, so that a launch into an unchanged jail reads no ELF file. It is
 * a cache whose every hit is verified: the spec is the one recorded; each
 * recorded path is looked at once on the host and once in the jail
 * (files: device, inode, size, time and mode as recorded, and the jail's
 * entry the same inode, or for a copy its own inode and ctime; links:
 * the same target on both sides; directories: the host's time, which an
 * added or removed entry changes); every path the spec names and did not
 * find is still absent, in a directory whose time is recorded. Anything
 * else, and any error, is left to the full build, which finds what.
 *
 * In the jail, nothing is followed: each directory is opened one name at
 * a time from the root's descriptor with O_NOFOLLOW, and each entry is
 * looked at with AT_SYMLINK_NOFOLLOW.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail_int.h"
#include "runtime.h"

#define DEPTH	64	/* directories open at once in the jail */
#define HOPS	40	/* links followed through the manifest */

/* The jail's directories open from its root down to the last one used. */
struct walk {
	int		 fd[DEPTH];	/* fd[0] is the root */
	size_t		 end[DEPTH];	/* where each one's path ends */
	size_t		 n;
	char		 dir[PATH_MAX];
};

static void
walk_close(struct walk *w)
{
	while (w->n > 1)
		close(w->fd[--w->n]);
}

/* The jail's directory dir (absolute), no link followed, or -1. */
static int
walk_to(struct walk *w, const char *dir)
{
	char comp[NAME_MAX + 1];
	size_t len = strlen(dir), keep, n;
	const char *s, *e;
	int fd;

	if (len >= sizeof(w->dir))
		return -1;
	/* Keep the open directories that are a prefix of dir. */
	while (w->n > 1 && !(strncmp(w->dir, dir, w->end[w->n - 1]) == 0 &&
	    (dir[w->end[w->n - 1]] == '/' || dir[w->end[w->n - 1]] == '\0')))
		close(w->fd[--w->n]);
	keep = w->end[w->n - 1];
	for (s = dir + keep; *s != '\0'; s = e) {
		while (*s == '/')
			s++;
		if (*s == '\0')
			break;
		e = s + strcspn(s, "/");
		n = (size_t)(e - s);
		if (n > NAME_MAX || w->n == DEPTH ||
		    (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' &&
		    s[1] == '.'))
			return -1;
		memcpy(comp, s, n);
		comp[n] = '\0';
		if ((fd = openat(w->fd[w->n - 1], comp, O_PATH | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) < 0)
			return -1;
		w->fd[w->n] = fd;
		w->end[w->n] = (size_t)(e - dir);
		w->n++;
	}
	memcpy(w->dir, dir, len + 1);
	return w->fd[w->n - 1];
}

/* The jail's directory holding path, and path's last name. */
static int
walk_parent(struct walk *w, const char *path, const char **base)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (slash == NULL || slash[1] == '\0')
		return -1;
	*base = slash + 1;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	return walk_to(w, dir[0] != '\0' ? dir : "/");
}

static bool
same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* A directory: the host's, as recorded; the jail's, a directory. */
static bool
fresh_dir(struct walk *w, const struct jail_rec *r)
{
	struct stat st;

	if (lstat(r->path, &st) < 0 || !S_ISDIR(st.st_mode) || r->ino == 0 ||
	    st.st_dev != r->dev || st.st_ino != r->ino ||
	    st.st_size != r->size || (st.st_mode & 07777) != r->mode ||
	    !same_time(&st.st_mtim, &r->mtime))
		return false;
	return walk_to(w, r->path) >= 0;
}

static bool
fresh_file(struct walk *w, const struct jail_rec *r, bool root)
{
	struct stat st, jst;
	const char *base;
	int dfd;

	if (lstat(r->path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (dfd = walk_parent(w, r->path, &base)) < 0 ||
	    fstatat(dfd, base, &jst, AT_SYMLINK_NOFOLLOW) < 0)
		return false;
	/* The build makes a copy of a link the rule no longer allows. */
	return jail_current(r, &st, &jst) && (r->how == 'c' ||
	    (r->how == 'l' && jail_may_link(root, &st)));
}

/* A link: the same target on the host and in the jail. */
static bool
fresh_link(struct walk *w, const struct jail_rec *r)
{
	char host[PATH_MAX], here[PATH_MAX];
	const char *base;
	ssize_t n, m;
	int dfd;

	if ((n = readlink(r->path, host, sizeof(host))) < 0 ||
	    (size_t)n == sizeof(host) ||
	    (dfd = walk_parent(w, r->path, &base)) < 0 ||
	    (m = readlinkat(dfd, base, here, sizeof(here))) != n)
		return false;
	return memcmp(host, here, (size_t)n) == 0;
}

/* The jail's own places: checked as jail_dev leaves them, below. */
static bool
reserved(const char *path)
{
	return strcmp(path, "/dev") == 0 || strcmp(path, "/tmp") == 0 ||
	    strncmp(path, "/dev/", 5) == 0 ||
	    strncmp(path, "/.sandbox", 9) == 0;
}

static bool
fresh_records(struct walk *w, const struct jail_manifest *m,
    struct sb_jail_stats *st)
{
	const struct jail_rec *r;
	size_t i;
	bool ok = true, root = geteuid() == 0;

	for (i = 0; i < m->n && ok; i++) {
		r = &m->rec[i];
		if (reserved(r->path)) {
			st->dirs += r->kind == 'd';
			continue;
		}
		switch (r->kind) {
		case 'd':
			ok = fresh_dir(w, r);
			st->dirs++;
			break;
		case 'f':
			ok = fresh_file(w, r, root);
			st->bytes += (uint64_t)r->size;
			break;
		case 's':
			ok = fresh_link(w, r);
			break;
		default:	/* 'g': made for users, whom NSS answers for */
			ok = false;
		}
		if (r->kind != 'd') {
			st->files++;
			st->unchanged++;
		}
	}
	return ok;
}

/* /tmp and /dev as jail_dev leaves them; how /dev was made, in st. */
static bool
fresh_dev(struct walk *w, struct sb_jail_stats *st)
{
	const struct jail_devnode *d;
	struct statvfs vfs;
	struct stat s;
	int dfd, nodes = 0, files = 0;
	bool nodev;

	if (fstatat(w->fd[0], "tmp", &s, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISDIR(s.st_mode) || (s.st_mode & 07777) != 01777 ||
	    (dfd = walk_to(w, "/dev")) < 0)
		return false;
	nodev = fstatvfs(dfd, &vfs) == 0 && (vfs.f_flag & ST_NODEV);
	for (d = jail_devnodes; d->name != NULL; d++) {
		if (fstatat(dfd, d->name, &s, AT_SYMLINK_NOFOLLOW) < 0)
			return false;
		if (S_ISCHR(s.st_mode) && !nodev &&
		    s.st_rdev == makedev(d->major, d->minor))
			nodes++;
		else if (S_ISREG(s.st_mode) && s.st_size == 0 &&
		    (geteuid() != 0 || nodev))
			files++;
		else
			return false;
	}
	st->dev = files == 0 ? "device nodes" :
	    nodes == 0 ? "bind mounts of the host's nodes, made on entry" :
	    "device nodes and bind mounts";
	return true;
}

/* Every element of a is in b. */
static bool
within(const struct sb_strv *a, const struct sb_strv *b)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (!sb_strv_contains(b, a->v[i]))
			return false;
	return true;
}

static bool
same_set(const struct sb_strv *a, const struct sb_strv *b)
{
	return within(a, b) && within(b, a);
}

/*
 * The spec is the one recorded, whatever the order. Users are made from
 * what NSS answers, which no recorded file tells: a build decides.
 */
static bool
same_spec(const struct sb_jail_spec *a, const struct sb_jail_spec *b)
{
	return a->users.n == 0 && b->users.n == 0 &&
	    same_set(&a->programs, &b->programs) &&
	    same_set(&a->files, &b->files) &&
	    same_set(&a->runtime, &b->runtime) &&
	    (a->libpath == NULL) == (b->libpath == NULL) &&
	    (a->libpath == NULL || strcmp(a->libpath, b->libpath) == 0);
}

/* 1: absent on the host; 0: there, or not known. */
static int
absent(const char *path)
{
	struct stat st;

	return lstat(path, &st) < 0 && (errno == ENOENT || errno == ENOTDIR);
}

/*
 * The link cur read on the host: its target, then what was left of the
 * path (left, which may lie in rest), put in rest. 1 when the target is
 * absolute (rest is from the root), 0 when relative (from the link's
 * directory), -1 when it cannot be read or is too long.
 */
static int
follow(const char *cur, const char *left, char *rest)
{
	char target[PATH_MAX], buf[PATH_MAX];
	ssize_t t;

	if ((t = readlink(cur, target, sizeof(target) - 1)) < 0)
		return -1;
	target[t] = '\0';
	if ((size_t)snprintf(buf, sizeof(buf), "%s%s%s", target[0] == '/' ?
	    "" : "/", target, left) >= sizeof(buf))
		return -1;
	memcpy(rest, buf, strlen(buf) + 1);
	return target[0] == '/';
}

/*
 * Follow path through the manifest, its links read on the host (checked
 * against the jail's in fresh_link): 'f' or 'd' when it leads to a
 * recorded file or directory, 'a' when it is absent from the host in a
 * directory the manifest records (the directory's time tells when it
 * appears), 0 otherwise: a build decides.
 */
static char
lookup(const struct jail_manifest *m, const char *path)
{
	char cur[PATH_MAX], rest[PATH_MAX];
	const struct jail_rec *r = NULL;
	size_t len, n, hops = 0;
	const char *s;
	bool timed = false;
	int abs;

	if (path[0] != '/' || strlen(path) >= sizeof(rest))
		return 0;
	snprintf(rest, sizeof(rest), "%s", path);
	cur[0] = '\0';
	len = 0;
	s = rest;
	for (;;) {
		while (*s == '/')
			s++;
		if (*s == '\0')
			return len == 0 || r == NULL ? 0 : r->kind;
		n = strcspn(s, "/");
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			/* Every name before is a recorded directory. */
			while (len > 0 && cur[--len] != '/')
				;
			cur[len] = '\0';
			s += n;
			r = len > 0 ? jail_manifest_find(m, cur) : NULL;
			timed = r != NULL && r->ino != 0;
			continue;
		}
		if (n == 1 && s[0] == '.') {
			s += n;
			continue;
		}
		if (len + 1 + n >= sizeof(cur))
			return 0;
		cur[len] = '/';
		memcpy(cur + len + 1, s, n);
		cur[len + 1 + n] = '\0';
		s += n;
		if ((r = jail_manifest_find(m, cur)) == NULL)
			return timed && absent(cur) ? 'a' : 0;
		/* The jail's own /tmp has no time of the host's to tell. */
		if (r->kind == 'd') {
			timed = r->ino != 0;
			len += 1 + n;
			continue;
		}
		if (r->kind == 'f' && *s == '\0')
			return 'f';
		if (r->kind != 's' || ++hops > HOPS ||
		    (abs = follow(cur, s, rest)) < 0)
			return 0;
		if (abs) {
			len = 0;
			timed = false;
		}
		cur[len] = '\0';
		s = rest;
	}
}

/* A pattern's directory: the part before its first glob character. */
static char
lookup_glob(const struct jail_manifest *m, const char *pattern)
{
	char dir[PATH_MAX];
	size_t n = strcspn(pattern, "*?[");

	if (pattern[n] == '\0')
		return lookup(m, pattern);
	snprintf(dir, sizeof(dir), "%.*s", (int)n, pattern);
	if (strrchr(dir, '/') == NULL)
		return 0;
	*strrchr(dir, '/') = '\0';
	return lookup(m, dir) == 'd' ? 'd' : 0;
}

/*
 * What the spec names and a build looks for is in the jail, or still
 * absent where its directory's time would tell: runtime paths, files,
 * the directories of LD_LIBRARY_PATH (a library put in one would come
 * first), the programs themselves.
 */
static bool
fresh_names(const struct jail_manifest *m, const struct sb_jail_spec *spec)
{
	const struct sb_runtime_set *set;
	const char *const *p;
	char dirs[PATH_MAX], *d, *save = NULL;
	size_t i;

	for (i = 0; i < spec->programs.n; i++)
		if (lookup(m, spec->programs.v[i]) != 'f')
			return false;
	for (i = 0; i < spec->files.n; i++)
		if (lookup_glob(m, spec->files.v[i]) == 0)
			return false;
	for (i = 0; i < spec->runtime.n; i++) {
		if ((set = sb_runtime_find(spec->runtime.v[i])) == NULL)
			return false;
		for (p = set->paths; *p != NULL; p++)
			if (lookup_glob(m, *p) == 0)
				return false;
	}
	if (spec->libpath == NULL)
		return true;
	if (strlen(spec->libpath) >= sizeof(dirs))
		return false;
	snprintf(dirs, sizeof(dirs), "%s", spec->libpath);
	/* An empty element is the current directory: a build decides. */
	if (dirs[0] == ':' || dirs[0] == '\0' || strstr(dirs, "::") != NULL ||
	    dirs[strlen(dirs) - 1] == ':')
		return false;
	for (d = strtok_r(dirs, ":;", &save); d != NULL;
	    d = strtok_r(NULL, ":;", &save))
		if (lookup(m, d) != 'd' && lookup(m, d) != 'a')
			return false;
	return true;
}

/* An earlier build stopped half way: its files have no identity yet. */
static bool
whole(const struct jail_manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->rec[i].kind == 'f' && m->rec[i].how == '-')
			return false;
	return true;
}

int
jail_fresh(const char *root, const struct sb_jail_spec *spec,
    struct sb_jail_stats *st)
{
	char err[SB_ERRLEN];
	struct jail_manifest m;
	struct jail_fds jf;
	struct walk w;
	bool ok;

	/* The checks of a build: a trusted jail, the caller's own. */
	if (jail_open(root, false, &jf, err, sizeof(err)) < 0)
		return 0;
	if (jf.owner != geteuid() ||
	    jail_manifest_read(&jf, &m, err, sizeof(err)) < 0) {
		jail_close(&jf);
		return 0;
	}
	memset(st, 0, sizeof(*st));
	memset(&w, 0, sizeof(w));
	w.fd[0] = jf.rootfd;
	w.n = 1;
	snprintf(w.dir, sizeof(w.dir), "/");
	ok = same_spec(spec, &m.spec) && whole(&m) && fresh_names(&m, spec) &&
	    fresh_records(&w, &m, st) && fresh_dev(&w, st);
	walk_close(&w);
	jail_manifest_free(&m);
	jail_close(&jf);
	if (!ok)
		memset(st, 0, sizeof(*st));
	return ok ? 1 : 0;
}
