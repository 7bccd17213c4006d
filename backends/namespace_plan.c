/*
 * namespace_plan.c: the parent's half of the namespace backend. It lists
 * what the view holds (the program's ELF closure, the runtime files, the
 * unveiled paths, the policy's binds and tmpfs, a minimal /dev, /proc and a
 * private /tmp), resolves each to its canonical place on the host, and
 * sorts the list so that a directory is mounted before what lies in it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closure.h"
#include "namespace.h"
#include "runtime.h"

void
ns_plan_free(struct ns_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->e[i].path);
		free(p->e[i].dst);
		free(p->e[i].src);
	}
	free(p->e);
	sb_strv_clear(&p->ttys);
	sb_strv_clear(&p->dirs);
	sb_strv_clear(&p->real_dirs);
	memset(p, 0, sizeof(*p));
}

/* A path realpath(3) takes as it is: no ".", "..", "//" or ending "/". */
static bool
plain(const char *path)
{
	size_t n = strlen(path);

	return path[0] == '/' && n > 1 && path[n - 1] != '/' &&
	    strstr(path, "//") == NULL && strstr(path, "/./") == NULL &&
	    strstr(path, "/../") == NULL && strcmp(path + n - 2, "/.") != 0 &&
	    (n < 3 || strcmp(path + n - 3, "/..") != 0);
}

/* The real path of a directory, resolved once per plan. */
static const char *
real_dir(struct ns_plan *p, const char *dir)
{
	char real[PATH_MAX];
	size_t i;

	for (i = 0; i < p->dirs.n; i++)
		if (strcmp(p->dirs.v[i], dir) == 0)
			return p->real_dirs.v[i];
	if (realpath(dir, real) == NULL)
		return NULL;
	if (sb_strv_push(&p->dirs, dir) < 0 ||
	    sb_strv_push(&p->real_dirs, real) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return p->real_dirs.v[p->real_dirs.n - 1];
}

/*
 * realpath(3), the directories remembered: the closure and the run-time
 * files share a few, and each of their paths then costs one lstat rather
 * than a readlink per component. *link: the last component is a symlink.
 * NULL with errno as realpath.
 */
static char *
resolve(struct ns_plan *p, const char *path, char real[PATH_MAX], bool *link)
{
	const char *slash = strrchr(path, '/'), *dir;
	char head[PATH_MAX];
	struct stat st;
	int n;

	*link = false;
	if (!plain(path) || slash == path ||
	    (size_t)(slash - path) >= sizeof(head))
		goto whole;
	memcpy(head, path, (size_t)(slash - path));
	head[slash - path] = '\0';
	if ((dir = real_dir(p, head)) == NULL)
		return NULL;
	n = snprintf(real, PATH_MAX, "%s/%s", strcmp(dir, "/") == 0 ? "" :
	    dir, slash + 1);
	if (n < 0 || n >= PATH_MAX)
		goto whole;
	if (lstat(real, &st) < 0)
		return NULL;
	if (!S_ISLNK(st.st_mode))
		return real;
	*link = true;
	return realpath(path, real);
whole:
	*link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
	return realpath(path, real);
}

static struct ns_entry *
find_dst(struct ns_plan *p, const char *dst)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->e[i].dst, dst) == 0 &&
		    !(p->e[i].flags & NS_LINKS))
			return &p->e[i];
	return NULL;
}

/*
 * Add an entry; a second one at the same place merges: binds widen to the
 * union of their permissions, and a user's entry replaces a default one.
 */
static int
add(struct ns_plan *p, const char *path, const char *dst, const char *src,
    unsigned flags)
{
	struct ns_entry *e;
	int r;

	if ((e = find_dst(p, dst)) != NULL && strcmp(e->path, path) != 0 &&
	    !(flags & NS_LINKS) && (e->flags & NS_LINKS) == 0) {
		/* Another way there (/lib/x -> /usr/lib/x): keep its links. */
		if ((r = add(p, path, dst, NULL, NS_LINKS)) < 0)
			return r;
		e = find_dst(p, dst);
	}
	if (e != NULL) {
		if (flags & NS_LINKS)
			goto fresh;
		if ((e->flags & (NS_TMPFS | NS_DEV | NS_PROC)) ||
		    (flags & (NS_TMPFS | NS_DEV | NS_PROC)))
			return 0;	/* the first word stands */
		if (!(flags & NS_RO))
			e->flags &= ~NS_RO;
		e->flags |= flags & NS_EXEC;
		if (!(flags & NS_TRY))
			e->flags &= ~NS_TRY;
		return 0;
	}
fresh:
	if ((e = reallocarray(p->e, p->n + 1, sizeof(*e))) == NULL)
		return -ENOMEM;
	p->e = e;
	e = &p->e[p->n];
	memset(e, 0, sizeof(*e));
	e->flags = flags;
	if ((e->path = strdup(path)) == NULL || (e->dst = strdup(dst)) == NULL ||
	    (src != NULL && (e->src = strdup(src)) == NULL)) {
		free(e->path);
		free(e->dst);
		return -ENOMEM;
	}
	p->n++;
	return 0;
}

/*
 * A host path to bind at the same place. A missing path is skipped when
 * the entry may be absent and an error otherwise.
 */
static int
add_bind(struct sandbox *sb, struct ns_plan *p, const char *path,
    unsigned flags)
{
	char real[PATH_MAX];
	bool link;

	if (path[0] != '/')
		return sb_err(sb, EINVAL, "namespace: '%s' is not an absolute "
		    "path", path);
	if (resolve(p, path, real, &link) == NULL) {
		if ((flags & NS_TRY) || errno == ENOENT)
			return 0;	/* not there: it does not exist inside */
		return sb_err(sb, errno, "namespace: %s: %s", path,
		    strerror(errno));
	}
	if (strcmp(real, "/") == 0)
		return sb_err(sb, EINVAL, "namespace: cannot bind the whole "
		    "root '%s'; name the directories the program needs", path);
	/* "/usr/../etc": its links cannot be walked as written. */
	if (!plain(path))
		path = real;
	if (add(p, path, real, real, flags) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

static unsigned
unveil_flags(unsigned perms)
{
	unsigned f = 0;

	if (!(perms & (SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C)))
		f |= NS_RO;
	if (perms & SANDBOX_UNVEIL_X)
		f |= NS_EXEC;
	return f;
}

/*
 * A file of the closure. Its symlinks (/lib -> usr/lib) are links to make,
 * not directories to bind: the closure lists their targets too.
 */
static int
add_needed(struct sandbox *sb, struct ns_plan *p, const char *path)
{
	char real[PATH_MAX];
	bool link;

	if (resolve(p, path, real, &link) == NULL || !link)
		return add_bind(sb, p, path, NS_RO | NS_EXEC);
	if (add(p, path, real, NULL, NS_LINKS) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

static int
add_closure(struct sandbox *sb, struct ns_plan *p, const char *path)
{
	struct sb_strv files = { 0 };
	char err[512];
	size_t i;
	int r;

	if ((r = sb_closure(path, &files, err, sizeof(err))) < 0) {
		sb_strv_clear(&files);
		return sb_err(sb, -r, "namespace: %s", err);
	}
	for (i = 0, r = 0; i < files.n && r == 0; i++)
		r = add_needed(sb, p, files.v[i]);
	sb_strv_clear(&files);
	return r;
}

/* The policy's binds: a source shown at a (maybe different) place. */
static int
add_binds(struct sandbox *sb, struct ns_plan *p)
{
	const struct sb_bind *b;
	char src[PATH_MAX];
	size_t i;
	unsigned f;

	for (i = 0; i < sb->cfg.nbinds; i++) {
		b = &sb->cfg.binds[i];
		f = NS_EXEC | ((b->flags & SB_BIND_RW) ? 0 : NS_RO);
		if (realpath(b->src, src) == NULL) {
			if (b->flags & SB_BIND_TRY)
				continue;
			return sb_err(sb, errno, "namespace: bind %s: %s",
			    b->src, strerror(errno));
		}
		if (b->dst[0] != '/' || strcmp(b->dst, "/") == 0)
			return sb_err(sb, EINVAL, "namespace: bind %s: bad "
			    "destination '%s'", b->src, b->dst);
		if (add(p, b->dst, b->dst, src, f) < 0)
			return sb_err(sb, ENOMEM, "out of memory");
	}
	return 0;
}

/*
 * A path unveiled for writing or creating that does not exist cannot be
 * bound: the program would find nowhere to write. Say so rather than run
 * with less than was asked; a path only to read simply does not exist.
 */
static int
check_creatable(struct sandbox *sb, const struct sb_unveil *u)
{
	struct stat st;

	if (!(u->perms & (SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C)) ||
	    lstat(u->path, &st) == 0 || errno != ENOENT || sb->cfg.best_effort)
		return 0;
	return sb_err(sb, ENOENT, "namespace: unveil %s: no such file or "
	    "directory; the view binds what exists: create it first, or "
	    "unveil the directory that will hold it", u->path);
}

/*
 * /proc inside is the view's own, of its pid namespace: a path beneath it
 * (/proc/self/fd) names what that /proc shows, not a host path to bind.
 */
static bool
in_proc(const char *path)
{
	return strcmp(path, "/proc") == 0 || strncmp(path, "/proc/", 6) == 0;
}

/* An unveiled path as unveil(2) takes it: relative to the working directory. */
static int
absolute(struct sandbox *sb, const char *path, char abs[PATH_MAX])
{
	char cwd[PATH_MAX];
	int n;

	if (path[0] == '/')
		n = snprintf(abs, PATH_MAX, "%s", path);
	else if (getcwd(cwd, sizeof(cwd)) == NULL)
		return sb_err(sb, errno, "namespace: unveil %s: the working "
		    "directory: %s", path, strerror(errno));
	else
		n = snprintf(abs, PATH_MAX, "%s/%s", strcmp(cwd, "/") == 0 ?
		    "" : cwd, path);
	if (n < 0 || n >= PATH_MAX)
		return sb_err(sb, ENAMETOOLONG, "namespace: unveil %s: %s",
		    path, strerror(ENAMETOOLONG));
	return 0;
}

static bool
is_root(const char *path)
{
	char real[PATH_MAX];

	return realpath(path, real) != NULL && strcmp(real, "/") == 0;
}

/*
 * The root unveiled: every entry of the host's root, each bound as asked,
 * but /dev, /proc and /tmp, which stay the view's own; the root directory
 * itself stays the view's, read-only.
 */
static int
add_root(struct sandbox *sb, struct ns_plan *p, unsigned flags)
{
	static const char *const own[] = { ".", "..", "dev", "proc", "tmp",
	    NULL };
	const char *const *o;
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	int r = 0;

	if ((dir = opendir("/")) == NULL)
		return sb_err(sb, errno, "namespace: /: %s", strerror(errno));
	while (r == 0 && (d = readdir(dir)) != NULL) {
		for (o = own; *o != NULL && strcmp(*o, d->d_name) != 0; o++)
			;
		if (*o != NULL)
			continue;
		snprintf(path, sizeof(path), "/%s", d->d_name);
		if (!is_root(path))	/* a link back to / adds nothing */
			r = add_bind(sb, p, path, flags | NS_TRY);
	}
	closedir(dir);
	return r;
}

static int
add_user(struct sandbox *sb, struct ns_plan *p)
{
	const struct sb_unveil *u;
	char abs[PATH_MAX];
	unsigned f;
	size_t i;
	int r;

	for (i = 0; i < sb->cfg.nunveil; i++) {
		u = &sb->cfg.unveil[i];
		f = unveil_flags(u->perms) | NS_USER;
		if ((r = absolute(sb, u->path, abs)) < 0)
			return r;
		/* No letters: nothing to show (unveil(2) hides it). */
		if (in_proc(abs) || u->perms == 0)
			continue;
		if (is_root(abs))
			r = add_root(sb, p, f);
		else if ((r = check_creatable(sb, u)) == 0)
			r = add_bind(sb, p, abs, f);
		if (r < 0)
			return r;
	}
	if ((r = add_binds(sb, p)) < 0)
		return r;
	for (i = 0; i < sb->cfg.tmpfs.n; i++) {
		if (sb->cfg.tmpfs.v[i][0] != '/')
			return sb_err(sb, EINVAL, "namespace: tmpfs '%s' is not "
			    "an absolute path", sb->cfg.tmpfs.v[i]);
		if (add(p, sb->cfg.tmpfs.v[i], sb->cfg.tmpfs.v[i], NULL,
		    NS_TMPFS | NS_EXEC) < 0)
			return sb_err(sb, ENOMEM, "out of memory");
	}
	return 0;
}

/*
 * Run-time files nearly every program reads and no ELF header names: the
 * chroot backend's jail holds them by default too, so that both views run
 * the same programs. Read-only binds cost nothing to keep up to date.
 */
static const char *const default_sets[] = {
	"libgcc", "localtime", "locale", "terminfo", NULL
};

static int
add_runtime(struct sandbox *sb, struct ns_plan *p)
{
	const char *const *name;
	const struct sb_runtime_set *set;
	struct sb_strv files = { 0 };
	size_t i;
	int r = 0;

	for (name = default_sets; *name != NULL && r == 0; name++)
		if ((set = sb_runtime_find(*name)) != NULL &&
		    sb_runtime_expand(set, &files) < 0)
			r = sb_err(sb, ENOMEM, "out of memory");
	for (i = 0; i < files.n && r == 0; i++)
		r = add_bind(sb, p, files.v[i], NS_RO | NS_EXEC | NS_TRY);
	sb_strv_clear(&files);
	return r;
}

/*
 * The host's top-level links into /usr (/bin -> usr/bin...), as links: with
 * /usr bound, /bin/sh then works as on the host; without, they dangle.
 */
static int
add_merged_usr(struct sandbox *sb, struct ns_plan *p)
{
	static const char *const links[] = {
		"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", NULL
	};
	const char *const *l;
	struct stat st;
	int r;

	for (l = links; *l != NULL; l++)
		if (lstat(*l, &st) == 0 && S_ISLNK(st.st_mode) &&
		    (r = add_needed(sb, p, *l)) < 0)
			return r;
	return 0;
}

/*
 * Shared objects among the policy's files (Python's and Perl's extension
 * modules, gconv modules) are loaded by name at run time: their libraries
 * (libsqlite3 for _sqlite3) must be there too.
 */
static int
add_modules(struct sandbox *sb, struct ns_plan *p)
{
	struct sb_strv objs = { 0 };
	size_t i;
	int r = 0;

	for (i = 0; i < sb->cfg.files.n && r == 0; i++)
		if (sb_shared_objects(sb->cfg.files.v[i], &objs) < 0)
			r = sb_err(sb, ENOMEM, "out of memory");
	for (i = 0; i < objs.n && r == 0; i++)
		r = add_closure(sb, p, objs.v[i]);
	sb_strv_clear(&objs);
	return r;
}

/* The terminal the program talks to, so that ttyname(3) finds it. */
static int
add_ttys(struct sandbox *sb, struct ns_plan *p)
{
	char name[64];
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (isatty(fd) && ttyname_r(fd, name, sizeof(name)) == 0 &&
		    strncmp(name, "/dev/pts/", 9) == 0 &&
		    !sb_strv_contains(&p->ttys, name) &&
		    sb_strv_push(&p->ttys, name) < 0)
			return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

static int
add_defaults(struct sandbox *sb, struct ns_plan *p)
{
	size_t i;
	int r;

	if (add(p, "/dev", "/dev", NULL, NS_DEV) < 0 ||
	    add(p, "/proc", "/proc", NULL, NS_PROC) < 0 ||
	    add(p, "/tmp", "/tmp", NULL, NS_TMPFS | NS_PUBLIC | NS_EXEC) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	if ((r = add_bind(sb, p, "/etc/ld.so.cache", NS_RO | NS_TRY)) < 0 ||
	    (r = add_runtime(sb, p)) < 0)
		return r;
	for (i = 0; i < sb->cfg.files.n; i++)
		if ((r = add_bind(sb, p, sb->cfg.files.v[i],
		    NS_RO | NS_EXEC | NS_TRY)) < 0)
			return r;
	if ((r = add_merged_usr(sb, p)) < 0 || (r = add_modules(sb, p)) < 0)
		return r;
	/* The program as named (/bin/sh) and as it is (/usr/bin/dash). */
	if (sb->argv.n > 0 && sb->argv.v[0][0] == '/' &&
	    strcmp(sb->argv.v[0], sb->path) != 0 &&
	    (r = add_closure(sb, p, sb->argv.v[0])) < 0)
		return r;
	return add_closure(sb, p, sb->path);
}

/* Libraries the environment preloads must be there, with theirs. */
static int
add_preload(struct sandbox *sb, struct ns_plan *p)
{
	const char *v = sb_env_get(sb, "LD_PRELOAD");
	char lib[PATH_MAX];
	size_t n;
	int r;

	while (v != NULL && *v != '\0') {
		v += strspn(v, ": ");
		n = strcspn(v, ": ");
		if (n > 0 && n < sizeof(lib) && v[0] == '/') {
			memcpy(lib, v, n);
			lib[n] = '\0';
			if (access(lib, F_OK) == 0 &&
			    (r = add_closure(sb, p, lib)) < 0)
				return r;
		}
		v += n;
	}
	return 0;
}

static int
by_dst(const void *a, const void *b)
{
	const struct ns_entry *x = a, *y = b;

	return strcmp(x->dst, y->dst);
}

/* A plain bind at its own place, not a tmpfs, /dev, /proc or links. */
static bool
plain_bind(const struct ns_entry *e)
{
	return e->src != NULL && strcmp(e->src, e->dst) == 0 &&
	    !(e->flags & (NS_TMPFS | NS_DEV | NS_PROC | NS_LINKS));
}

/*
 * A file the program needs (its closure, a policy's files) inside a
 * directory the user unveiled for writing stays writable: its own
 * read-only bind would take away, on that file, what the unveil gave
 * ("files" and unveil { dir = "rwc" } for a database the program
 * updates). What the user unveiled themselves stays as they asked.
 * The plan is sorted: what encloses an entry comes before it.
 */
static void
keep_writable(struct ns_plan *p)
{
	const struct ns_entry *outer;
	size_t i, j, len;

	for (i = 0; i < p->n; i++) {
		if (!plain_bind(&p->e[i]) || !(p->e[i].flags & NS_RO) ||
		    (p->e[i].flags & NS_USER))
			continue;
		outer = NULL;
		for (j = 0; j < i; j++) {
			len = strlen(p->e[j].dst);
			if (plain_bind(&p->e[j]) &&
			    strncmp(p->e[i].dst, p->e[j].dst, len) == 0 &&
			    p->e[i].dst[len] == '/')
				outer = &p->e[j];	/* the nearest last */
		}
		if (outer != NULL && (outer->flags & NS_USER) &&
		    !(outer->flags & NS_RO))
			p->e[i].flags &= ~NS_RO;
	}
}

int
ns_plan_build(struct sandbox *sb, struct ns_plan *p)
{
	int r;

	memset(p, 0, sizeof(*p));
	p->outer_uid = geteuid();
	p->outer_gid = getegid();
	p->privileged = p->outer_uid == 0;
	p->net = sb->cfg.net == SANDBOX_NET_HOST;
	/* The user's entries first: at the same place, theirs stand. */
	if ((r = add_user(sb, p)) < 0 || (r = add_defaults(sb, p)) < 0 ||
	    (r = add_preload(sb, p)) < 0 || (r = add_ttys(sb, p)) < 0)
		return r;
	sb_strv_clear(&p->dirs);	/* for the planning only */
	sb_strv_clear(&p->real_dirs);
	/* A parent sorts before what it holds ("/usr" < "/usr/bin"). */
	qsort(p->e, p->n, sizeof(*p->e), by_dst);
	keep_writable(p);
	return 0;
}
