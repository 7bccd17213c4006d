/*
 * jail_want.c: what a jail must hold: the closure of each program, the
 * files asked for (globs allowed, directories with their contents) and the
 * runtime sets, every symlink on the way kept as an entry of its own.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closure.h"
#include "closure_int.h"
#include "jail_int.h"
#include "pathchain.h"
#include "runtime.h"

struct want {
	struct sb_strset	 seen;
	struct sb_strv		*out;
	struct sb_strv		 queue;	/* paths to resolve, then walk */
	char			*err;
	size_t			 errlen;
	char			 within[PATH_MAX]; /* a named tree, or "" */
	const struct sb_closure_opts *opts;	/* LD_LIBRARY_PATH */
};

/*
 * A link found inside a directory the policy names, pointing out of it,
 * stays a link: its target is not copied in. Otherwise a web root holding
 * a link to /etc/shadow would bring the host's shadow file into the jail.
 */
static bool
points_out(const struct want *w, const char *path)
{
	char real[PATH_MAX];
	size_t n = strlen(w->within);
	struct stat st;

	if (w->within[0] == '\0' || lstat(path, &st) < 0 ||
	    !S_ISLNK(st.st_mode))
		return false;
	if (realpath(path, real) == NULL)
		return true;
	return !(strncmp(real, w->within, n) == 0 &&
	    (real[n] == '/' || real[n] == '\0' || n == 1));
}

static int
keep_link(struct want *w, const char *path)
{
	int a;

	if ((a = sb_strset_add(&w->seen, path)) <= 0)
		return a;
	return sb_strv_push(w->out, path);
}

/* The entries of a directory join the work list. */
static int
walk(struct want *w, const char *dir)
{
	struct dirent *de;
	DIR *d;
	int r = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;	/* unreadable here: the directory alone */
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		r = sb_strv_pushf(&w->queue, "%s%s%s", dir,
		    strcmp(dir, "/") == 0 ? "" : "/", de->d_name);
	}
	closedir(d);
	return r;
}

static int	want_program(struct want *, const char *, bool);

/*
 * An executable named as a file brings its libraries, as a program; so
 * does a shared object (a Python or Perl extension module, a gconv
 * module), loaded by name at run time.
 */
static bool
executable(const char *path, const struct stat *st)
{
	const char *base = strrchr(path, '/');
	char magic[4];
	FILE *f;
	bool yes;

	if (!S_ISREG(st->st_mode))
		return false;
	if ((st->st_mode & 0111) == 0 && strstr(base, ".so") == NULL)
		return false;
	if ((f = fopen(path, "re")) == NULL)
		return false;
	yes = fread(magic, 1, 4, f) >= 2 && (memcmp(magic, "#!", 2) == 0 ||
	    memcmp(magic, "\177ELF", 4) == 0);
	fclose(f);
	return yes;
}

/*
 * Resolve one path; walk the directory it ends at, if new and asked for
 * (a closure names /lib as a link, not for its contents).
 */
static int
resolve(struct want *w, const char *path, bool must, bool contents)
{
	struct stat st;
	size_t before = w->out->n;
	int r;

	if (contents && points_out(w, path))
		return keep_link(w, path);
	if ((r = sb_path_chain(path, &w->seen, w->out)) < 0) {
		if (!must && (r == -ENOENT || r == -EACCES || r == -ELOOP))
			return 0;	/* a dangling link in a directory */
		snprintf(w->err, w->errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	if (w->out->n == before || !contents)
		return 0;
	if (lstat(w->out->v[w->out->n - 1], &st) < 0)
		return 0;
	if (S_ISDIR(st.st_mode))
		return walk(w, w->out->v[w->out->n - 1]);
	if (executable(w->out->v[w->out->n - 1], &st))
		return want_program(w, w->out->v[w->out->n - 1], false);
	return 0;
}

static int
drain(struct want *w, bool must)
{
	size_t i;
	int r = 0;

	for (i = 0; i < w->queue.n && r == 0; i++)
		r = resolve(w, w->queue.v[i], must, true);
	sb_strv_clear(&w->queue);
	return r;
}

/* A file the spec names: a glob matching nothing is an error. */
static int
want_file(struct want *w, const char *pattern)
{
	glob_t g;
	size_t i;
	int r = 0;

	if (pattern[0] != '/') {
		snprintf(w->err, w->errlen, "%s: not an absolute path",
		    pattern);
		return -EINVAL;
	}
	if (glob(pattern, GLOB_NOCHECK, NULL, &g) != 0)
		return -ENOMEM;
	for (i = 0; i < g.gl_pathc && r == 0; i++) {
		/* The named path itself may be a link; what it holds may not. */
		if (realpath(g.gl_pathv[i], w->within) == NULL)
			w->within[0] = '\0';
		if ((r = sb_strv_push(&w->queue, g.gl_pathv[i])) == 0)
			r = drain(w, true);
	}
	w->within[0] = '\0';
	globfree(&g);
	return r;
}

static int
want_runtime(struct want *w, const char *name)
{
	const struct sb_runtime_set *set = sb_runtime_find(name);
	int r;

	if (set == NULL) {
		char names[512];

		sb_runtime_known(name, names, sizeof(names));
		snprintf(w->err, w->errlen, "unknown runtime set '%s' (%s)",
		    name, names);
		return -EINVAL;
	}
	if ((r = sb_runtime_expand(set, &w->queue)) < 0)
		return r;
	return drain(w, false);
}

/* A program's closure; for a file, one that cannot load is left alone. */
static int
want_program(struct want *w, const char *program, bool must)
{
	struct sb_strv paths = { NULL, 0, 0 };
	size_t i;
	int r;

	if ((r = sb_closure_opts(program, w->opts, &paths, w->err,
	    w->errlen)) < 0) {
		sb_strv_clear(&paths);
		return must ? r : 0;
	}
	for (i = 0; i < paths.n && r == 0; i++)
		r = resolve(w, paths.v[i], true, false);
	sb_strv_clear(&paths);
	return r;
}

/* A program of the spec; gone from the host, it may be dropped. */
static int
want_named(struct want *w, const struct sb_jail_spec *spec,
    const char *program, struct sb_strv *gone)
{
	struct stat st;

	if (spec->drop_gone && program[0] == '/' && lstat(program, &st) < 0 &&
	    (errno == ENOENT || errno == ENOTDIR))
		return sb_strv_push(gone, program);
	return want_program(w, program, true);
}

int
jail_want(const struct sb_jail_spec *spec, struct sb_strv *out,
    struct sb_strv *gone, char *err, size_t errlen)
{
	struct sb_closure_opts opts = {
		.ldcache = "/etc/ld.so.cache",
		.ldconf = "/etc/ld.so.conf",
		.ld_library_path = spec->libpath,
	};
	struct want w = { { NULL, 0, 0 }, out, { NULL, 0, 0 }, err, errlen,
	    "", &opts };
	size_t i;
	int r = 0;

	for (i = 0; i < spec->programs.n && r == 0; i++)
		r = want_named(&w, spec, spec->programs.v[i], gone);
	/* The loader finds libraries in the jail as on the host. */
	if (r == 0 && spec->programs.n > gone->n)
		r = resolve(&w, "/etc/ld.so.cache", false, false);
	for (i = 0; i < spec->files.n && r == 0; i++)
		r = want_file(&w, spec->files.v[i]);
	for (i = 0; i < spec->runtime.n && r == 0; i++)
		r = want_runtime(&w, spec->runtime.v[i]);
	sb_strv_clear(&w.queue);
	sb_strset_free(&w.seen);
	return r;
}
