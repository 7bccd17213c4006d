/*
 * jail.c: build and refresh a jail. Both compute what the jail needs now,
 * bring each path up to date (a stat of the host file and of the jail's
 * against the manifest decides; nothing is copied when nothing changed),
 * remove what is no longer needed, then write the new manifest.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

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
	free(s->libpath);
	s->libpath = NULL;
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
	to->drop_gone = from->drop_gone;
	if (from->libpath != NULL && to->libpath == NULL &&
	    (to->libpath = strdup(from->libpath)) == NULL)
		return -ENOMEM;
	return copy_strv(&to->users, &from->users);
}

int
sb_jail_read_spec(const char *root, struct sb_jail_spec *spec, char *err,
    size_t errlen)
{
	struct jail_manifest m;
	struct jail_fds j;
	int r;

	if ((r = jail_open(root, false, &j, err, errlen)) < 0)
		return r;
	if ((r = jail_manifest_read(&j, &m, err, errlen)) == 0) {
		r = copy_spec(spec, &m.spec);
		jail_manifest_free(&m);
	}
	jail_close(&j);
	return r;
}

int
sb_jail_check(const char *root, char *err, size_t errlen)
{
	struct jail_fds j;
	int r;

	if ((r = jail_open(root, false, &j, err, errlen)) == 0)
		jail_close(&j);
	return r;
}

/* One builder at a time per jail: two launches may refresh it at once. */
static int
lock_jail(const struct jail_fds *jf, char *err, size_t errlen)
{
	int fd;

	if ((fd = openat(jf->sbfd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) < 0)
		goto fail;
	if (flock(fd, LOCK_EX) < 0) {
		close(fd);
		goto fail;
	}
	return fd;
fail:
	snprintf(err, errlen, "%s/.sandbox/lock: %s", jf->root,
	    strerror(errno));
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

/*
 * Remove path (absolute, in the jail) from its directory, opened without
 * following links: the program may have made a directory on the way a
 * link to the host, and nothing outside the jail is ever removed.
 */
static int
remove_in(struct jail_ctx *j, const char *path, int flags)
{
	char dir[PATH_MAX];
	const char *base = strrchr(path, '/') + 1;
	int dfd;

	snprintf(dir, sizeof(dir), "%.*s", (int)(base - path - 1), path);
	if ((dfd = jail_dir(j, dir[0] ? dir : "/", false)) < 0)
		return dfd;	/* its directory is gone already */
	return unlinkat(dfd, base, flags) < 0 ? -errno : 0;
}

int
jail_prune(struct jail_ctx *j)
{
	const struct jail_rec *r;
	struct sb_strv dirs = { NULL, 0, 0 };
	size_t i;
	int e = 0;

	for (i = 0; i < j->old->n && e == 0; i++) {
		r = &j->old->rec[i];
		if (reserved(r->path) || jail_manifest_find(j->new, r->path))
			continue;
		if (r->kind == 'd') {
			e = sb_strv_push(&dirs, r->path);
			continue;
		}
		if (remove_in(j, r->path, 0) == 0)
			j->st->removed++;
	}
	/* Deepest first, and only when empty: nothing else is touched. */
	if (dirs.n > 0)
		qsort(dirs.v, dirs.n, sizeof(*dirs.v), by_depth);
	for (i = 0; i < dirs.n; i++)
		if (remove_in(j, dirs.v[i], AT_REMOVEDIR) == 0)
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
	    !same_strv(&a->spec.users, &b->spec.users) ||
	    (a->spec.libpath == NULL) != (b->spec.libpath == NULL) ||
	    (a->spec.libpath != NULL &&
	    strcmp(a->spec.libpath, b->spec.libpath) != 0))
		return false;
	for (i = 0; i < a->n; i++) {
		x = &a->rec[i];
		y = &b->rec[i];
		if (x->kind != y->kind || x->how != y->how ||
		    x->dev != y->dev || x->ino != y->ino ||
		    x->size != y->size || x->mode != y->mode ||
		    x->mtime.tv_sec != y->mtime.tv_sec ||
		    x->mtime.tv_nsec != y->mtime.tv_nsec ||
		    x->jino != y->jino ||
		    x->jctime.tv_sec != y->jctime.tv_sec ||
		    x->jctime.tv_nsec != y->jctime.tv_nsec ||
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

/* Every file that changed, written whole into the stage. */
static int
stage_all(struct jail_ctx *j, const struct sb_strv *want)
{
	size_t i;
	int r = 0;

	for (i = 0; i < want->n && r == 0; i++)
		if (!made_here(j, want->v[i]))
			r = jail_install(j, want->v[i]);
	return r;
}

/* Once switched: the made files, /dev and /tmp, then what is no longer. */
static int
finish_all(struct jail_ctx *j)
{
	int r = 0;

	if (j->new->spec.users.n > 0)
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

/* A path about to be added, with no identity: never current. */
static int
add_pending(struct jail_manifest *m, struct sb_strset *have,
    const char *path, char kind)
{
	struct jail_rec r = { .kind = kind, .how = '-', .path = (char *)path };
	int a;

	if ((a = sb_strset_add(have, path)) <= 0)
		return a;
	return jail_manifest_add(m, &r);
}

/* path and the directories above it, when the manifest lacks them. */
static int
pending_path(struct jail_manifest *m, struct sb_strset *have,
    const char *path)
{
	char dir[PATH_MAX], *s;
	struct stat st;
	int r;

	snprintf(dir, sizeof(dir), "%s", path);
	while ((s = strrchr(dir, '/')) != NULL && s != dir) {
		*s = '\0';
		if ((r = add_pending(m, have, dir, 'd')) < 0)
			return r;
	}
	if (lstat(path, &st) < 0)
		return 0;
	return add_pending(m, have, path, S_ISDIR(st.st_mode) ? 'd' :
	    S_ISLNK(st.st_mode) ? 's' : 'f');
}

/*
 * Before anything is added, the manifest names it: a build killed half
 * way leaves files the next build or sync knows of, and prunes when no
 * longer wanted. The old records are kept as they were.
 */
static int
write_pending(const struct jail_fds *jf, const struct jail_manifest *old,
    const struct sb_jail_spec *spec, const struct sb_strv *want, char *err,
    size_t errlen)
{
	struct jail_manifest p;
	struct sb_strset have = { NULL, 0, 0 };
	size_t i;
	int r = 0;

	memset(&p, 0, sizeof(p));
	for (i = 0; i < old->n && r >= 0; i++)
		if ((r = jail_manifest_add(&p, &old->rec[i])) == 0)
			r = sb_strset_add(&have, old->rec[i].path);
	for (i = 0; i < want->n && r >= 0; i++)
		r = pending_path(&p, &have, want->v[i]);
	if (r >= 0 && spec->users.n > 0 &&
	    (r = pending_path(&p, &have, "/etc/passwd")) >= 0)
		r = pending_path(&p, &have, "/etc/group");
	sb_strset_free(&have);
	r = r < 0 ? r : 0;
	jail_manifest_sort(&p);
	if (r == 0 && p.n > old->n && (r = copy_spec(&p.spec, spec)) == 0)
		r = jail_manifest_write(jf, &p, err, errlen);
	jail_manifest_free(&p);
	return r == -ENOMEM ? (snprintf(err, errlen, "out of memory"), r) : r;
}

/* The programs gone from the host leave the spec, named in the stats. */
static int
drop_programs(struct sb_jail_spec *spec, const struct sb_strv *gone,
    struct sb_jail_stats *st)
{
	struct sb_strv keep = { NULL, 0, 0 };
	size_t i;
	int r = 0;

	if (gone->n == 0)
		return 0;
	for (i = 0; i < spec->programs.n && r == 0; i++)
		if (!sb_strv_contains(gone, spec->programs.v[i]))
			r = sb_strv_push(&keep, spec->programs.v[i]);
	for (i = 0; i < gone->n; i++) {
		if (st->dropped[0] != '\0')
			strlcat(st->dropped, " ", sizeof(st->dropped));
		strlcat(st->dropped, gone->v[i], sizeof(st->dropped));
	}
	sb_strv_clear(&spec->programs);
	spec->programs = keep;
	return r;
}

/* An earlier build stopped half way: its files have no identity yet. */
static bool
interrupted(const struct jail_manifest *old)
{
	size_t i;

	for (i = 0; i < old->n; i++)
		if (old->rec[i].kind == 'f' && old->rec[i].how == '-')
			return true;
	return false;
}

/*
 * A copy it was writing when stopped, left beside its target, in one of
 * the directories it noted, reached as every jail path is (remove_in).
 */
static void
remove_partial(struct jail_ctx *j, const struct jail_manifest *old)
{
	char path[PATH_MAX];
	size_t i;

	unlinkat(j->rootfd, JAIL_TMPNAME, 0);
	for (i = 0; i < old->n; i++) {
		if (old->rec[i].kind != 'd' || old->rec[i].path[0] != '/' ||
		    old->rec[i].path[1] == '\0')
			continue;
		snprintf(path, sizeof(path), "%s/%s", old->rec[i].path,
		    JAIL_TMPNAME);
		remove_in(j, path, 0);
	}
	if (j->dirfd >= 0)
		close(j->dirfd);
	j->dirfd = -1;
}

/*
 * .sandbox/stage made and emptied: what a build stopped half way staged
 * is not in the jail, and goes. It is opened again only when something
 * is to be staged (jail_install.c): a refresh that changes nothing needs
 * no descriptor more than before.
 */
static int
open_stage(const struct jail_fds *jf, struct jail_ctx *j)
{
	struct dirent *de;
	DIR *d;
	int fd;

	j->sbfd = jf->sbfd;
	if (mkdirat(jf->sbfd, JAIL_STAGE, 0700) < 0 && errno != EEXIST)
		goto fail;
	if ((fd = openat(jf->sbfd, JAIL_STAGE, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) < 0)
		goto fail;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		goto fail;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
	return 0;
fail:
	snprintf(j->err, j->errlen, "%s/.sandbox/%s: %s", jf->root,
	    JAIL_STAGE, strerror(errno));
	return -errno;
}

static int
build_in(const struct jail_fds *jf, struct jail_ctx *j,
    const struct sb_strv *want, const struct sb_strv *gone)
{
	struct jail_manifest *old = (struct jail_manifest *)j->old;
	int r;

	/* None yet is a new jail; one not to be trusted stops the build. */
	if ((r = jail_manifest_read(jf, old, j->err, j->errlen)) == -ENOENT)
		memset(old, 0, sizeof(*old));
	else if (r < 0)
		return r;
	if (interrupted(old))
		remove_partial(j, old);
	if ((r = open_stage(jf, j)) < 0 ||
	    (r = drop_programs(&j->new->spec, gone, j->st)) < 0)
		return r;
	/*
	 * All or nothing: what changed is staged first; when that fails (the
	 * file system is full), it is taken back and the jail and its
	 * manifest are as they were. Only then the manifest names what is
	 * to come, and each staged file is renamed into its place.
	 */
	if ((r = stage_all(j, want)) < 0 ||
	    (r = write_pending(jf, old, &j->new->spec, want, j->err,
	    j->errlen)) < 0) {
		jail_unstage(j);
		return r;
	}
	if ((r = jail_switch(j)) < 0 || (r = finish_all(j)) < 0)
		return r;
	if (!same_manifest(old, j->new))
		r = jail_manifest_write(jf, j->new, j->err, j->errlen);
	return r;
}

static int
build(const char *root, const struct sb_jail_spec *spec,
    struct sb_jail_stats *st, char *err, size_t errlen)
{
	struct jail_manifest old, new;
	struct sb_strv want = { NULL, 0, 0 }, gone = { NULL, 0, 0 };
	struct jail_fds jf;
	struct jail_ctx j;
	int lock = -1, r;

	memset(st, 0, sizeof(*st));
	memset(&new, 0, sizeof(new));
	memset(&old, 0, sizeof(old));
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
	/* Up to date: nothing to compute, read or write. */
	if (jail_fresh(root, spec, st) == 1)
		return 0;
	if ((r = jail_want(spec, &want, &gone, err, errlen)) < 0) {
		sb_strv_clear(&want);
		sb_strv_clear(&gone);
		return r;
	}
	if ((r = jail_open(root, true, &jf, err, errlen)) < 0) {
		sb_strv_clear(&want);
		sb_strv_clear(&gone);
		return r;
	}
	memset(&j, 0, sizeof(j));
	j.dirfd = -1;
	j.stagefd = -1;
	j.hostfd = -1;
	j.rootfd = jf.rootfd;
	j.root = geteuid() == 0;
	j.old = &old;
	j.new = &new;
	j.st = st;
	j.err = err;
	j.errlen = errlen;
	if ((lock = r = lock_jail(&jf, err, errlen)) >= 0 &&
	    (r = copy_spec(&new.spec, spec)) == 0)
		r = build_in(&jf, &j, &want, &gone);
	if (r == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	st->dirs = j.dirs.n;
	if (j.dirfd >= 0)
		close(j.dirfd);
	if (j.stagefd >= 0)
		close(j.stagefd);
	while (j.nstaged > 0)
		free(j.staged[--j.nstaged].path);
	free(j.staged);
	sb_strv_clear(&j.created);
	sb_strset_free(&j.dirs);
	jail_manifest_free(&old);
	jail_manifest_free(&new);
	sb_strv_clear(&want);
	sb_strv_clear(&gone);
	if (lock >= 0)
		close(lock);
	jail_close(&jf);
	return r;
}

/* Out of descriptors or space is said as such (EMFILE, ENOSPC). */
int
sb_jail_build(const char *root, const struct sb_jail_spec *spec,
    struct sb_jail_stats *st, char *err, size_t errlen)
{
	int r;

	if ((r = build(root, spec, st, err, errlen)) < 0)
		sb_errno_name(err, errlen, r);
	return r;
}

int
sb_jail_sync(const char *root, struct sb_jail_stats *st, char *err,
    size_t errlen)
{
	struct sb_jail_spec spec;
	int r;

	memset(&spec, 0, sizeof(spec));
	memset(st, 0, sizeof(*st));
	if ((r = sb_jail_read_spec(root, &spec, err, errlen)) == 0) {
		spec.drop_gone = true;
		r = sb_jail_build(root, &spec, st, err, errlen);
	} else
		sb_errno_name(err, errlen, r);
	sb_jail_spec_free(&spec);
	return r;
}
