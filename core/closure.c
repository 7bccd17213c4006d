/*
 * closure.c: the files a program needs to be loaded, found in ld.so's
 * order (glibc elf/dl-load.c): for a name without a slash, DT_RPATH of the
 * loading object and of its loaders when the loading object has no
 * DT_RUNPATH, LD_LIBRARY_PATH, DT_RUNPATH of the loading object only,
 * /etc/ld.so.cache, then the default directories. Objects load breadth
 * first, and a name already loaded is not searched again.
 */
#include <sys/stat.h>

#include <errno.h>
#include <gelf.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "closure.h"
#include "closure_int.h"
#include "elfobj.h"
#include "ldcache.h"
#include "ldconf.h"
#include "pathchain.h"

#define MAXSCRIPTS	4	/* #! interpreters that are scripts again */

struct obj {
	char		*path;		/* as found */
	char		*name;		/* the DT_NEEDED that found it */
	char		 origin[PATH_MAX];
	struct sb_elf	 elf;
	ssize_t		 loader;	/* index, -1 for the program */
};

struct closure {
	struct obj	*obj;
	size_t		 n, cap;
	struct sb_ldcache cache;
	bool		 have_cache;
	struct sb_strv	 conf_dirs;	/* ld.so.conf, read when needed */
	bool		 conf_read;
	struct sb_strv	 hwcaps_checked; /* directories looked at */
	struct sb_strv	 hwcaps_dirs;	/* those with glibc-hwcaps/ */
	const char	*llp;		/* LD_LIBRARY_PATH */
	const struct sb_closure_opts *opts;
	unsigned char	 class, data;
	uint16_t	 machine;
	char		*err;
	size_t		 errlen;
};

static void
origin_of(const char *path, char *origin, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL || slash == path)
		strlcpy(origin, "/", len);
	else
		snprintf(origin, len, "%.*s", (int)(slash - path), path);
}

static int
add_obj(struct closure *c, const char *path, const char *name,
    struct sb_elf *elf, ssize_t loader)
{
	struct obj *o;

	if (sb_grow(&c->obj, &c->cap, c->n, sizeof(*c->obj), 32) < 0)
		return -ENOMEM;
	o = &c->obj[c->n];
	memset(o, 0, sizeof(*o));
	o->path = strdup(path);
	o->name = name != NULL ? strdup(name) : NULL;
	if (o->path == NULL || (name != NULL && o->name == NULL)) {
		free(o->path);
		free(o->name);
		return -ENOMEM;
	}
	o->elf = *elf;
	o->loader = loader;
	origin_of(path, o->origin, sizeof(o->origin));
	c->n++;
	return 0;
}

static bool
loaded_path(const struct closure *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->obj[i].path, path) == 0)
			return true;
	return false;
}

/* ld.so matches a needed name against loaded names and sonames. */
static bool
loaded_name(const struct closure *c, const char *name)
{
	const struct obj *o;
	size_t i;

	for (i = 0; i < c->n; i++) {
		o = &c->obj[i];
		if ((o->name != NULL && strcmp(o->name, name) == 0) ||
		    (o->elf.soname != NULL && strcmp(o->elf.soname, name) == 0))
			return true;
	}
	return false;
}

/*
 * A candidate is accepted when it is an ELF shared object of the
 * program's class, byte order and machine; others are passed over, as
 * ld.so passes over an i386 library in a directory searched for x86_64.
 * Returns 1 and fills elf when accepted, 0 to go on searching.
 */
static int
candidate(struct closure *c, const char *path, struct sb_elf *elf)
{
	char err[256];

	if (sb_elf_read(path, elf, err, sizeof(err)) < 0)
		return 0;
	if (elf->class == c->class && elf->data == c->data &&
	    elf->machine == c->machine && elf->type == ET_DYN)
		return 1;
	sb_elf_free(elf);
	return 0;
}

/* Every glibc-hwcaps variant of dir/name joins the closure as well. */
static int
hwcaps_variants(struct closure *c, const char *dir, const char *name,
    ssize_t loader)
{
	char pattern[PATH_MAX];
	struct stat st;
	struct sb_elf elf;
	glob_t g;
	size_t i;
	int r = 0;

	snprintf(pattern, sizeof(pattern), "%s/glibc-hwcaps", dir);
	if (!sb_strv_contains(&c->hwcaps_checked, dir)) {
		if (sb_strv_push(&c->hwcaps_checked, dir) < 0)
			return -ENOMEM;
		if (stat(pattern, &st) == 0 &&
		    sb_strv_push(&c->hwcaps_dirs, dir) < 0)
			return -ENOMEM;
	}
	if (!sb_strv_contains(&c->hwcaps_dirs, dir))
		return 0;
	snprintf(pattern, sizeof(pattern), "%s/glibc-hwcaps/*/%s", dir, name);
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	for (i = 0; i < g.gl_pathc && r == 0; i++) {
		if (loaded_path(c, g.gl_pathv[i]) ||
		    candidate(c, g.gl_pathv[i], &elf) == 0)
			continue;
		if ((r = add_obj(c, g.gl_pathv[i], NULL, &elf, loader)) < 0)
			sb_elf_free(&elf);
	}
	globfree(&g);
	return r;
}

/*
 * What ld.so (glibc 2.36, as LD_DEBUG=libs shows) tries in each search
 * directory before the directory itself, best first: the glibc-hwcaps
 * levels this CPU supports, then the legacy subdirectories (tls and the
 * platform). The levels are the host's: the closure is for this machine.
 */
static size_t
search_subdirs(const struct closure *c, const char *dir, const char **sub)
{
	size_t n = 0;

	if (c->class != ELFCLASS64 || c->machine != EM_X86_64)
		return 0;
#if defined(__x86_64__)
	if (sb_strv_contains(&c->hwcaps_dirs, dir)) {
		if (__builtin_cpu_supports("x86-64-v4"))
			sub[n++] = "glibc-hwcaps/x86-64-v4";
		if (__builtin_cpu_supports("x86-64-v3"))
			sub[n++] = "glibc-hwcaps/x86-64-v3";
		if (__builtin_cpu_supports("x86-64-v2"))
			sub[n++] = "glibc-hwcaps/x86-64-v2";
	}
#endif
	sub[n++] = "tls/x86_64/x86_64";
	sub[n++] = "tls/x86_64";
	sub[n++] = "tls";
	sub[n++] = "x86_64/x86_64";
	sub[n++] = "x86_64";
	return n;
}

/* One candidate path: 1 found (added or there), 0 not, <0 error. */
static int
try_path(struct closure *c, const char *path, const char *name,
    ssize_t loader)
{
	struct sb_elf elf;
	int r;

	if (loaded_path(c, path))
		return 1;
	if (candidate(c, path, &elf) == 0)
		return 0;
	if ((r = add_obj(c, path, name, &elf, loader)) < 0) {
		sb_elf_free(&elf);
		return r;
	}
	return 1;
}

/* Look in one directory. 1 found (added), 0 not here, <0 error. */
static int
try_dir(struct closure *c, const char *dir, const char *name, ssize_t loader)
{
	const char *sub[8];
	char path[PATH_MAX];
	size_t i, n;
	int r, hw = 0;

	if (dir[0] == '\0')
		return 0;
	if ((r = hwcaps_variants(c, dir, name, loader)) < 0)
		return r;
	n = search_subdirs(c, dir, sub);
	for (i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s/%s", dir,
		    sub[i], name) >= sizeof(path))
			continue;
		if ((r = try_path(c, path, name, loader)) == 0)
			continue;
		if (r < 0 || strncmp(sub[i], "glibc-hwcaps/", 13) != 0)
			return r;
		hw = 1;	/* loaded here; the baseline joins if there */
		break;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return hw;
	if ((r = try_path(c, path, name, loader)) < 0)
		return r;
	return r | hw;
}

struct dirs_walk {
	struct closure	*c;
	const char	*name;
	ssize_t		 loader;
};

static int
walk_dir(const char *dir, void *arg)
{
	struct dirs_walk *w = arg;

	return try_dir(w->c, dir, w->name, w->loader);
}

/* A colon-separated list, each entry expanded. */
static int
try_list(struct closure *c, const char *list, const char *origin,
    const char *name, ssize_t loader)
{
	struct dirs_walk w = { c, name, loader };

	if (list == NULL)
		return 0;
	return sb_closure_expand_list(list, origin, c->class, c->machine,
	    walk_dir, &w);
}

static int
cache_hit(const char *path, uint64_t hwcap, void *arg)
{
	struct dirs_walk *w = arg;
	struct sb_elf elf;
	int r;

	if (loaded_path(w->c, path))
		return (hwcap & SB_LDCACHE_HWCAPS) ? 0 : 1;
	if (candidate(w->c, path, &elf) == 0)
		return 0;
	/* A hwcaps entry joins; the search goes on to the baseline one. */
	if ((r = add_obj(w->c, path, (hwcap & SB_LDCACHE_HWCAPS) ? NULL :
	    w->name, &elf, w->loader)) < 0) {
		sb_elf_free(&elf);
		return r;
	}
	return (hwcap & SB_LDCACHE_HWCAPS) ? 0 : 1;
}

static int
try_defaults(struct closure *c, const char *name, ssize_t loader)
{
	struct dirs_walk w = { c, name, loader };
	size_t i;
	int r;

	if ((r = sb_closure_default_dirs(c->class, c->machine, walk_dir,
	    &w)) != 0)
		return r;
	/* Not ld.so's own search: a stale or missing cache's directories. */
	if (!c->conf_read) {
		c->conf_read = true;
		if ((r = sb_ldconf_read(c->opts->ldconf, &c->conf_dirs)) < 0)
			return r;
	}
	for (i = 0; i < c->conf_dirs.n; i++)
		if ((r = try_dir(c, c->conf_dirs.v[i], name, loader)) != 0)
			return r;
	return 0;
}

/* ld.so's search for a name without a slash. */
static int
search(struct closure *c, const char *name, ssize_t loader)
{
	struct dirs_walk w = { c, name, loader };
	const struct obj *lo = &c->obj[loader];
	ssize_t l;
	int r;

	if (lo->elf.runpath == NULL) {
		for (l = loader; l >= 0; l = c->obj[l].loader) {
			if (c->obj[l].elf.runpath != NULL)
				continue;	/* its RPATH is ignored */
			if ((r = try_list(c, c->obj[l].elf.rpath,
			    c->obj[l].origin, name, loader)) != 0)
				return r;
		}
	}
	if ((r = try_list(c, c->llp, c->obj[0].origin, name, loader)) != 0)
		return r;
	if ((r = try_list(c, lo->elf.runpath, lo->origin, name, loader)) != 0)
		return r;
	if (lo->elf.flags_1 & DF_1_NODEFLIB)
		return 0;
	if (c->have_cache &&
	    (r = sb_ldcache_lookup(&c->cache, name, cache_hit, &w)) != 0)
		return r;
	return try_defaults(c, name, loader);
}

/* A name with a slash is a path, after $ORIGIN and friends. */
static int
direct(struct closure *c, const char *name, ssize_t loader)
{
	char path[PATH_MAX];
	struct sb_elf elf;
	int r;

	if (sb_closure_expand(name, c->obj[loader].origin, c->class,
	    c->machine, path, sizeof(path)) < 0)
		return 0;
	if (loaded_path(c, path))
		return 1;
	if (candidate(c, path, &elf) == 0)
		return 0;
	if ((r = add_obj(c, path, name, &elf, loader)) < 0)
		sb_elf_free(&elf);
	return r < 0 ? r : 1;
}

static int
load_needed(struct closure *c, size_t i)
{
	const char *name;
	size_t k;
	int r;

	for (k = 0; k < c->obj[i].elf.needed.n; k++) {
		name = c->obj[i].elf.needed.v[k];
		if (loaded_name(c, name))
			continue;
		r = strchr(name, '/') ? direct(c, name, i) :
		    search(c, name, i);
		if (r < 0)
			return r;
		if (r == 0) {
			snprintf(c->err, c->errlen,
			    "%s: needed by %s: not found", name,
			    c->obj[i].path);
			return -ENOENT;
		}
	}
	return 0;
}

static void
closure_free(struct closure *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->obj[i].path);
		free(c->obj[i].name);
		sb_elf_free(&c->obj[i].elf);
	}
	free(c->obj);
	if (c->have_cache)
		sb_ldcache_close(&c->cache);
	sb_strv_clear(&c->conf_dirs);
	sb_strv_clear(&c->hwcaps_checked);
	sb_strv_clear(&c->hwcaps_dirs);
}

/* A path and the links on its way, each once. */
static int
emit(struct sb_strset *seen, struct sb_strv *out, const char *path,
    char *err, size_t errlen)
{
	int r;

	if ((r = sb_strset_add(seen, path)) < 0 ||
	    (r == 1 && (r = sb_strv_push(out, path)) < 0))
		return r;
	if ((r = sb_path_chain(path, seen, out)) < 0)
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
	return r;
}

static int
elf_closure(const char *program, const struct sb_closure_opts *opts,
    struct sb_strset *seen, struct sb_strv *out, char *err, size_t errlen)
{
	struct closure c;
	struct sb_elf elf;
	char cerr[256], real[PATH_MAX];
	size_t i;
	int r;

	memset(&c, 0, sizeof(c));
	c.opts = opts;
	c.err = err;
	c.errlen = errlen;
	c.llp = opts->ld_library_path;
	if ((r = sb_elf_read(program, &elf, err, errlen)) < 0)
		return r;
	c.class = elf.class;
	c.data = elf.data;
	c.machine = elf.machine;
	if ((r = add_obj(&c, program, NULL, &elf, -1)) < 0) {
		sb_elf_free(&elf);
		return r;
	}
	/* ld.so takes the program's $ORIGIN from /proc/self/exe: resolved. */
	if (realpath(program, real) != NULL)
		origin_of(real, c.obj[0].origin, sizeof(c.obj[0].origin));
	c.have_cache = sb_ldcache_open(&c.cache, opts->ldcache, cerr,
	    sizeof(cerr)) == 0;
	r = 0;
	if (elf.interp != NULL && access(elf.interp, F_OK) < 0) {
		snprintf(err, errlen, "%s: interpreter %s: %s", program,
		    elf.interp, strerror(errno));
		r = -ENOENT;
	}
	for (i = 0; r == 0 && i < c.n; i++)
		r = load_needed(&c, i);
	for (i = 0; r == 0 && i < c.n; i++)
		r = emit(seen, out, c.obj[i].path, err, errlen);
	if (r == 0 && c.obj[0].elf.interp != NULL)
		r = emit(seen, out, c.obj[0].elf.interp, err, errlen);
	closure_free(&c);
	return r;
}

static int
closure_at(const char *program, const struct sb_closure_opts *opts,
    int depth, struct sb_strset *seen, struct sb_strv *out, char *err,
    size_t errlen)
{
	struct sb_strv interp = { NULL, 0, 0 };
	size_t i;
	int r;

	r = sb_closure_script(program, &interp, err, errlen);
	if (r < 0)
		return r;
	if (r == 0)
		return elf_closure(program, opts, seen, out, err, errlen);
	if (depth >= MAXSCRIPTS) {
		snprintf(err, errlen, "%s: too many levels of #! scripts",
		    program);
		sb_strv_clear(&interp);
		return -ELOOP;
	}
	r = emit(seen, out, program, err, errlen);
	for (i = 0; r == 0 && i < interp.n; i++)
		r = closure_at(interp.v[i], opts, depth + 1, seen, out, err,
		    errlen);
	sb_strv_clear(&interp);
	return r;
}

int
sb_closure_opts(const char *program, const struct sb_closure_opts *opts,
    struct sb_strv *out, char *err, size_t errlen)
{
	struct sb_strset seen = { NULL, 0, 0 };
	char path[PATH_MAX];
	size_t i;
	int r = 0;

	if (sb_closure_which(program, path, sizeof(path)) < 0) {
		snprintf(err, errlen, "%s: %s", program, strerror(ENOENT));
		return -ENOENT;
	}
	for (i = 0; i < out->n && r >= 0; i++)
		r = sb_strset_add(&seen, out->v[i]);
	if (r >= 0)
		r = closure_at(path, opts, 0, &seen, out, err, errlen);
	sb_strset_free(&seen);
	return r < 0 ? r : 0;
}

int
sb_closure(const char *program, struct sb_strv *out, char *err, size_t errlen)
{
	struct sb_closure_opts opts = {
		.ldcache = "/etc/ld.so.cache",
		.ldconf = "/etc/ld.so.conf",
		.ld_library_path = getenv("LD_LIBRARY_PATH"),
	};

	return sb_closure_opts(program, &opts, out, err, errlen);
}
