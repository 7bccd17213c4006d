/*
 * jail.c: build and refresh a jail. Both compute what the jail needs now,
 * bring each path up to date (a stat of the host file and of the jail's
 * against the manifest decides; nothing is copied when nothing changed),
 * remove what is no longer needed, then write the new manifest.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail_int.h"

const char *const sb_jail_default_runtime[] = {
	"libgcc", "localtime", "users", "dns", "terminfo", "locale", NULL
};

int
sb_jail_spec_defaults(struct sb_jail_spec *s)
{
	const char *const *p;
	int r = 0;

	if (s->runtime.n > 0)
		return 0;
	for (p = sb_jail_default_runtime; *p != NULL && r == 0; p++)
		r = sb_strv_push(&s->runtime, *p);
	return r;
}

void
sb_jail_spec_free(struct sb_jail_spec *s)
{
	sb_strv_clear(&s->programs);
	sb_strv_clear(&s->files);
	sb_strv_clear(&s->runtime);
	sb_strv_clear(&s->users);
}

static int
copy_strv(struct sb_strv *to, const struct sb_strv *from)
{
	size_t i;
	int r = 0;

	for (i = 0; i < from->n && r == 0; i++)
		if (!sb_strv_contains(to, from->v[i]))
			r = sb_strv_push(to, from->v[i]);
	return r;
}

static int
copy_spec(struct sb_jail_spec *to, const struct sb_jail_spec *from)
{
	int r;

	if ((r = copy_strv(&to->programs, &from->programs)) < 0 ||
	    (r = copy_strv(&to->files, &from->files)) < 0)
		return r;
	if ((r = copy_strv(&to->runtime, &from->runtime)) < 0)
		return r;
	return copy_strv(&to->users, &from->users);
}

int
sb_jail_read_spec(const char *root, struct sb_jail_spec *spec, char *err,
    size_t errlen)
{
	struct jail_manifest m;
	int r;

	if ((r = jail_manifest_read(root, &m, err, errlen)) < 0)
		return r;
	r = copy_spec(spec, &m.spec);
	jail_manifest_free(&m);
	return r;
}

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
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -errno;
		}
		if (end)
			return 0;
		*s = '/';
	}
}

/* One builder at a time per jail: two launches may refresh it at once. */
static int
lock_jail(const char *root, char *err, size_t errlen)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/.sandbox", root);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		goto fail;
	snprintf(path, sizeof(path), "%s/.sandbox/lock", root);
	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0644)) < 0)
		goto fail;
	if (flock(fd, LOCK_EX) < 0) {
		close(fd);
		goto fail;
	}
	return fd;
fail:
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return -errno;
}

/* The jail's own places, never pruned. */
static bool
reserved(const char *path)
{
	return strcmp(path, "/dev") == 0 || strcmp(path, "/tmp") == 0 ||
	    strncmp(path, "/dev/", 5) == 0 ||
	    strncmp(path, "/.sandbox", 9) == 0;
}

static int
by_depth(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

int
jail_prune(struct jail_ctx *j)
{
	const struct jail_rec *r;
	struct sb_strv dirs = { NULL, 0, 0 };
	const char *base;
	char dir[PATH_MAX];
	size_t i;
	int dfd, e = 0;

	for (i = 0; i < j->old->n && e == 0; i++) {
		r = &j->old->rec[i];
		if (reserved(r->path) || jail_manifest_find(j->new, r->path))
			continue;
		if (r->kind == 'd') {
			e = sb_strv_push(&dirs, r->path);
			continue;
		}
		base = strrchr(r->path, '/') + 1;
		snprintf(dir, sizeof(dir), "%.*s", (int)(base - r->path - 1),
		    r->path);
		if ((dfd = jail_dir(j, dir[0] ? dir : "/", false)) < 0)
			continue;	/* its directory is gone already */
		if (unlinkat(dfd, base, 0) == 0)
			j->st->removed++;
	}
	/* Deepest first, and only when empty: nothing else is touched. */
	if (dirs.n > 0)
		qsort(dirs.v, dirs.n, sizeof(*dirs.v), by_depth);
	for (i = 0; i < dirs.n; i++)
		if (unlinkat(j->rootfd, dirs.v[i] + 1, AT_REMOVEDIR) == 0)
			j->st->removed++;
	if (j->dirfd >= 0)
		close(j->dirfd);
	j->dirfd = -1;
	sb_strv_clear(&dirs);
	return e;
}

static bool
same_strv(const struct sb_strv *a, const struct sb_strv *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

/*
 * Rewriting an unchanged manifest is not free: renaming over a file makes
 * ext4 flush it. A refresh that changed nothing leaves it alone.
 */
static bool
same_manifest(const struct jail_manifest *a, const struct jail_manifest *b)
{
	const struct jail_rec *x, *y;
	size_t i;

	if (a->n != b->n || !same_strv(&a->spec.programs, &b->spec.programs) ||
	    !same_strv(&a->spec.files, &b->spec.files) ||
	    !same_strv(&a->spec.runtime, &b->spec.runtime) ||
	    !same_strv(&a->spec.users, &b->spec.users))
		return false;
	for (i = 0; i < a->n; i++) {
		x = &a->rec[i];
		y = &b->rec[i];
		if (x->kind != y->kind || x->how != y->how ||
		    x->dev != y->dev || x->ino != y->ino ||
		    x->size != y->size || x->mode != y->mode ||
		    x->mtime.tv_sec != y->mtime.tv_sec ||
		    x->mtime.tv_nsec != y->mtime.tv_nsec ||
		    strcmp(x->path, y->path) != 0)
			return false;
	}
	return true;
}

/* With named users, passwd and group are made, not taken from the host. */
static bool
made_here(const struct jail_ctx *j, const char *path)
{
	return j->new->spec.users.n > 0 && (strcmp(path, "/etc/passwd") == 0 ||
	    strcmp(path, "/etc/group") == 0);
}

static int
install_all(struct jail_ctx *j, const struct sb_strv *want)
{
	size_t i;
	int r = 0;

	for (i = 0; i < want->n && r == 0; i++)
		if (!made_here(j, want->v[i]))
			r = jail_install(j, want->v[i]);
	if (r == 0 && j->new->spec.users.n > 0)
		r = jail_users(j, &j->new->spec.users);
	if (r == 0)
		r = jail_dev(j);
	jail_manifest_sort(j->new);
	if (r == 0)
		r = jail_prune(j);
	return r;
}

/* "/", and "//", "/.", "/usr/.." or a link to / that are / too. */
static bool
is_host_root(const char *root)
{
	char real[PATH_MAX];

	if (realpath(root, real) == NULL)
		return strspn(root, "/") == strlen(root);
	return strcmp(real, "/") == 0;
}

int
sb_jail_build(const char *root, const struct sb_jail_spec *spec,
    struct sb_jail_stats *st, char *err, size_t errlen)
{
	struct jail_manifest old, new;
	struct sb_strv want = { NULL, 0, 0 };
	struct jail_ctx j;
	char merr[256];
	int lock, r;

	memset(st, 0, sizeof(*st));
	memset(&new, 0, sizeof(new));
	if (root[0] != '/') {
		snprintf(err, errlen, "%s: the jail root must be an absolute "
		    "path", root);
		return -EINVAL;
	}
	if (is_host_root(root)) {
		snprintf(err, errlen, "refusing to build a jail at / (%s)",
		    root);
		return -EINVAL;
	}
	if ((r = jail_want(spec, &want, err, errlen)) < 0) {
		sb_strv_clear(&want);
		return r;
	}
	if ((r = make_root(root, err, errlen)) < 0 ||
	    (lock = r = lock_jail(root, err, errlen)) < 0) {
		sb_strv_clear(&want);
		return r;
	}
	if (jail_manifest_read(root, &old, merr, sizeof(merr)) < 0)
		memset(&old, 0, sizeof(old));
	memset(&j, 0, sizeof(j));
	j.dirfd = -1;
	j.root = geteuid() == 0;
	j.old = &old;
	j.new = &new;
	j.st = st;
	j.err = err;
	j.errlen = errlen;
	if ((j.rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
	} else {
		if ((r = copy_spec(&new.spec, spec)) == 0 &&
		    (r = install_all(&j, &want)) == 0 &&
		    !same_manifest(&old, &new))
			r = jail_manifest_write(root, &new, err, errlen);
		close(j.rootfd);
	}
	st->dirs = j.dirs.n;
	if (j.dirfd >= 0)
		close(j.dirfd);
	sb_strset_free(&j.dirs);
	jail_manifest_free(&old);
	jail_manifest_free(&new);
	sb_strv_clear(&want);
	close(lock);
	return r;
}

int
sb_jail_sync(const char *root, struct sb_jail_stats *st, char *err,
    size_t errlen)
{
	struct sb_jail_spec spec;
	int r;

	memset(&spec, 0, sizeof(spec));
	if ((r = sb_jail_read_spec(root, &spec, err, errlen)) == 0)
		r = sb_jail_build(root, &spec, st, err, errlen);
	sb_jail_spec_free(&spec);
	return r;
}
