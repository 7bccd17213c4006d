/*
 * unveil_plan.c: the parent's half of the unveil backend. It asks the
 * kernel what Landlock can enforce, resolves the user's rules (symlinks to
 * their targets, paths not there yet to their nearest existing parent),
 * splits or refuses what Landlock cannot express directly (a deeper rule
 * narrower than an enclosing one) and adds what every program needs to
 * start: its ELF closure and a minimal run-time.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "closure.h"
#include "runtime.h"
#include "unveil.h"

#define R	SANDBOX_UNVEIL_R
#define W	SANDBOX_UNVEIL_W
#define X	SANDBOX_UNVEIL_X
#define C	SANDBOX_UNVEIL_C

/* The minimal run-time every program may touch; absent ones are skipped. */
static const struct {
	const char	*path;
	unsigned	 perms;
} runtime[] = {
	{ "/etc/ld.so.cache", R },
	{ "/dev/null", R | W },
	{ "/dev/zero", R },
	{ "/dev/full", R | W },
	{ "/dev/random", R },
	{ "/dev/urandom", R },
	{ "/dev/tty", R | W },
	{ "/proc/self", R },	/* opened by the child: its own pid */
};

int
uv_plan_add(struct uv_plan *p, const char *path, unsigned perms,
    unsigned flags)
{
	struct uv_rule *r;

	r = reallocarray(p->rule, p->nrule + 1, sizeof(*r));
	if (r == NULL)
		return -ENOMEM;
	p->rule = r;
	if ((r[p->nrule].path = strdup(path)) == NULL)
		return -ENOMEM;
	r[p->nrule].perms = perms;
	r[p->nrule].deny = 0;
	r[p->nrule++].flags = flags;
	return 0;
}

static void
free_rules(struct uv_plan *p)
{
	size_t i;

	for (i = 0; i < p->nrule; i++)
		free(p->rule[i].path);
	free(p->rule);
	p->rule = NULL;
	p->nrule = 0;
}

void
uv_plan_free(struct uv_plan *p)
{
	free_rules(p);
	memset(p, 0, sizeof(*p));
}

static int
nomem(struct sandbox *sb)
{
	return sb_err(sb, ENOMEM, "out of memory");
}

/* Is path at or beneath dir? */
static bool
beneath(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 &&
	    (path[n] == '/' || path[n] == '\0');
}

/*
 * A path that does not exist yet: find its nearest existing parent (into
 * real) and put the missing components after it (into want).
 */
static int
nearest_parent(const char *path, char *real, char *want, size_t len)
{
	char probe[PATH_MAX];
	const char *rest;
	char *slash;
	int n;

	if (strlcpy(probe, path, sizeof(probe)) >= sizeof(probe))
		return -ENAMETOOLONG;
	for (;;) {
		if ((slash = strrchr(probe, '/')) == NULL)
			strlcpy(probe, ".", sizeof(probe));
		else if (slash == probe)
			probe[1] = '\0';
		else
			*slash = '\0';
		if (realpath(probe, real) != NULL)
			break;
		if (errno != ENOENT || strcmp(probe, "/") == 0 ||
		    strcmp(probe, ".") == 0)
			return -errno;
	}
	if (strcmp(probe, ".") == 0)
		rest = path;
	else if (strcmp(probe, "/") == 0)
		rest = path + 1;
	else
		rest = path + strlen(probe) + 1;
	n = snprintf(want, len, "%s/%s", strcmp(real, "/") == 0 ? "" : real,
	    rest);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/*
 * A missing path whose directory is missing too is an error on OpenBSD
 * (ENOENT), and here its letters would go to a tree it was never meant
 * to name (a typo in /srv/app/data gives /srv, or /): refused, as is a
 * missing top-level directory with c, whose letters would go to all of
 * /. --best-effort accepts both, and the note says where they go.
 */
static int
missing_too_wide(struct sandbox *sb, const struct sb_unveil *u,
    const char *real, const char *want)
{
	const char *rest = want + strlen(real);
	size_t n;

	if (sb->cfg.best_effort)
		return 0;
	rest += strspn(rest, "/");
	n = strcspn(rest, "/");
	if (rest[n + strspn(rest + n, "/")] != '\0')
		return sb_err(sb, ENOENT, "unveil: %s: no such directory "
		    "%s/%.*s (only the last component may be missing, as on "
		    "OpenBSD); --best-effort accepts it",
		    u->path, strcmp(real, "/") == 0 ? "" : real, (int)n, rest);
	if ((u->perms & C) && strcmp(real, "/") == 0)
		return sb_err(sb, ENOENT, "unveil: %s does not exist: with c "
		    "its letters would go to everything beneath /; create it "
		    "first, or --best-effort", u->path);
	return 0;
}

/*
 * /proc/self and /proc/thread-self name the program's own entries: taken
 * as written, opened by the child, not resolved here to ours.
 */
static bool
own_proc(const char *path)
{
	static const char *const own[] = { "/proc/self", "/proc/thread-self",
	    NULL };
	const char *const *o;
	size_t n;

	for (o = own; *o != NULL; o++) {
		n = strlen(*o);
		if (strncmp(path, *o, n) == 0 &&
		    (path[n] == '\0' || path[n] == '/'))
			return true;
	}
	return false;
}

/* One user rule; its intended path goes to wants for the nesting check. */
static int
add_user_rule(struct sandbox *sb, struct uv_plan *p, const struct sb_unveil *u,
    struct sb_strv *wants)
{
	char real[PATH_MAX], want[PATH_MAX];
	struct stat st;
	int r;

	if (own_proc(u->path)) {
		if (uv_plan_add(p, u->path, u->perms, 0) < 0 ||
		    sb_strv_push(wants, u->path) < 0)
			return nomem(sb);
		return 0;
	}
	if (realpath(u->path, real) != NULL) {
		if ((u->perms & C) && stat(real, &st) == 0 &&
		    !S_ISDIR(st.st_mode))
			uv_note(sb, "unveil: %s: c on a file is not "
			    "enforceable with Landlock (creation and removal "
			    "are rights of directories): unveil its directory "
			    "with c", u->path);
		if (uv_plan_add(p, real, u->perms, 0) < 0 ||
		    sb_strv_push(wants, real) < 0)
			return nomem(sb);
		return 0;
	}
	if (errno != ENOENT)
		return sb_err(sb, errno, "unveil: %s: %s", u->path,
		    strerror(errno));
	if ((r = nearest_parent(u->path, real, want, sizeof(want))) < 0)
		return sb_err(sb, -r, "unveil: %s: %s", u->path, strerror(-r));
	if ((r = missing_too_wide(sb, u, real, want)) < 0)
		return r;
	if ((u->perms & C) == 0) {
		uv_note(sb, "unveil: %s does not exist and has no c: nothing "
		    "to grant", u->path);
		return 0;
	}
	/* Wider than OpenBSD: always said. */
	uv_note(sb, "unveil: %s does not exist yet: its letters go to the "
	    "files beneath %s, without listing", u->path, real);
	if (uv_plan_add(p, real, u->perms, UV_MISSING) < 0 ||
	    sb_strv_push(wants, want) < 0)
		return nomem(sb);
	return 0;
}

static const char *
letters(unsigned perms, char *buf)
{
	char *b = buf;

	if (perms & R)
		*b++ = 'r';
	if (perms & W)
		*b++ = 'w';
	if (perms & X)
		*b++ = 'x';
	if (perms & C)
		*b++ = 'c';
	*b = '\0';
	return buf;
}

/* A deeper rule that cannot be narrowed: refuse, or widen and say so. */
static int
conflict(struct sandbox *sb, const struct uv_plan *p,
    const struct sb_strv *wants, size_t i, size_t j)
{
	char a[8], b[8];

	if (!sb->cfg.best_effort && (p->rule[i].flags & UV_MISSING))
		return sb_err(sb, EINVAL, "unveil: %s does not exist yet: its "
		    "letters %s would go to everything beneath %s, wider than "
		    "%s:%s; --best-effort accepts it", wants->v[i],
		    letters(p->rule[i].perms, a), p->rule[i].path, wants->v[j],
		    letters(p->rule[j].perms, b));
	if (!sb->cfg.best_effort)
		return sb_err(sb, EINVAL, "unveil: %s:%s is beneath %s:%s and "
		    "Landlock cannot narrow it (rights add up along a path; "
		    "a split is exact only when the enclosing rule has no c, "
		    "withholds r from files only, and the file has no other "
		    "name, a hard link, beside it); --best-effort widens it",
		    wants->v[j], letters(p->rule[j].perms, b),
		    wants->v[i], letters(p->rule[i].perms, a));
	uv_note(sb, "unveil: %s gets %s from %s (Landlock rights add up "
	    "along a path)", wants->v[j], letters(p->rule[i].perms |
	    p->rule[j].perms, b), wants->v[i]);
	return 0;
}

/*
 * The letters of rule i that the deeper rule j lacks. c is a right of a
 * directory (creating and removing entries): a rule on a file never has
 * it, so a file lacking it narrows nothing.
 */
static unsigned
lacking(const struct uv_plan *p, const struct sb_strv *wants, size_t i,
    size_t j)
{
	unsigned e = p->rule[i].perms & ~p->rule[j].perms;
	struct stat st;

	if ((e & C) && !(p->rule[j].flags & UV_MISSING) &&
	    stat(wants->v[j], &st) == 0 && !S_ISDIR(st.st_mode))
		e &= ~C;
	return e;
}

/*
 * The deeper rules that rule i encloses and that lack some of its letters;
 * whether all of them can be honoured by a split; the rights to withhold.
 */
static size_t
narrower_beneath(const struct uv_plan *p, const struct sb_strv *wants,
    size_t i, const char **targets, bool *splittable, uint64_t *deny)
{
	size_t j, n = 0;
	unsigned e;

	*splittable = true;
	*deny = 0;
	for (j = 0; j < wants->n; j++) {
		if (i == j || (e = lacking(p, wants, i, j)) == 0 ||
		    !beneath(wants->v[j], p->rule[i].path))
			continue;
		if (!uv_split_possible(&p->rule[i], &p->rule[j], wants->v[j]))
			*splittable = false;
		*deny |= uv_split_deny(e);
		targets[n++] = wants->v[j];
	}
	return n;
}

/*
 * Landlock rights are a union along the path: a deeper rule cannot take
 * away what an enclosing rule grants, where OpenBSD's deepest rule wins.
 * Split the enclosing rule where that is exact; otherwise refuse, or under
 * --best-effort widen the deeper rule and say so.
 */
static int
check_nesting(struct sandbox *sb, struct uv_plan *p,
    const struct sb_strv *wants)
{
	const char **targets;
	uint64_t deny;
	size_t i, j, n, before;
	bool split;
	int r = 0;

	if ((targets = calloc(wants->n + 1, sizeof(*targets))) == NULL)
		return nomem(sb);
	for (i = 0; i < wants->n && r == 0; i++) {
		n = narrower_beneath(p, wants, i, targets, &split, &deny);
		if (n == 0)
			continue;
		if (split) {
			before = p->nrule;
			if ((r = uv_split(p, i, targets, n, deny)) < 0)
				r = sb_err(sb, -r, "unveil: %s: splitting it "
				    "around deeper rules: %s", wants->v[i],
				    strerror(-r));
			else if (sb->cfg.verbosity > 0)
				uv_note(sb, "unveil: %s split around %zu "
				    "deeper rule(s) into %zu more",
				    wants->v[i], n, p->nrule - before);
			continue;
		}
		for (j = 0; j < wants->n && r == 0; j++)
			if (j != i && lacking(p, wants, i, j) &&
			    beneath(wants->v[j], p->rule[i].path))
				r = conflict(sb, p, wants, i, j);
	}
	free(targets);
	return r;
}

static int
add_user_rules(struct sandbox *sb, struct uv_plan *p)
{
	struct sb_strv wants = { 0 };
	size_t i;
	int r = 0;

	for (i = 0; i < sb->cfg.nunveil && r == 0; i++)
		r = add_user_rule(sb, p, &sb->cfg.unveil[i], &wants);
	if (r == 0)
		r = check_nesting(sb, p, &wants);
	sb_strv_clear(&wants);
	return r;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* One object and what it loads, files only, readable and executable. */
static int
add_closure(struct sandbox *sb, struct uv_plan *p, const char *path)
{
	struct sb_strv files = { 0 };
	struct stat st;
	char err[512];
	size_t i;
	int r;

	if ((r = sb_closure(path, &files, err, sizeof(err))) < 0) {
		sb_strv_clear(&files);
		return sb_err(sb, -r, "unveil: %s", err);
	}
	for (i = 0; i < files.n && r == 0; i++) {
		/*
		 * Symlink chains name directories (/lib -> usr/lib): the walk
		 * through them is not restricted, and a rule on one would
		 * open the whole tree. Files only.
		 */
		if (stat(files.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			continue;
		if (uv_plan_add(p, files.v[i], R | X, UV_AUTO) < 0)
			r = nomem(sb);
	}
	sb_strv_clear(&files);
	return r;
}

/*
 * Run-time files nearly every program may open and no ELF header names,
 * held by the chroot jail and the namespace view by default too: glibc
 * aborts at pthread_exit without libgcc_s; setlocale falls back to C
 * (and Perl complains) without the locale data.
 */
static int
add_default_sets(struct sandbox *sb, struct uv_plan *p)
{
	static const char *const names[] = { "libgcc", "locale", NULL };
	const struct sb_runtime_set *set;
	struct sb_strv files = { 0 };
	size_t i;
	int r = 0;

	for (i = 0; names[i] != NULL && r == 0; i++)
		if ((set = sb_runtime_find(names[i])) != NULL &&
		    sb_runtime_expand(set, &files) < 0)
			r = nomem(sb);
	for (i = 0; i < files.n && r == 0; i++)
		if (access(files.v[i], F_OK) == 0 &&
		    uv_plan_add(p, files.v[i], R, UV_AUTO) < 0)
			r = nomem(sb);
	sb_strv_clear(&files);
	return r;
}

/*
 * The shared objects among a policy's files (_sqlite3's module needs
 * libsqlite3) bring their libraries, as in a jail. One that cannot load
 * here is left alone: the program will not load it either.
 */
static int
add_files_libraries(struct sandbox *sb, struct uv_plan *p)
{
	struct sb_strv objs = { 0 }, files = { 0 };
	char err[512];
	size_t i, j;
	int r = 0;

	for (i = 0; i < sb->cfg.files.n && r == 0; i++)
		if (sb_shared_objects(sb->cfg.files.v[i], &objs) < 0)
			r = nomem(sb);
	for (i = 0; i < objs.n && r == 0; i++) {
		if (sb_closure(objs.v[i], &files, err, sizeof(err)) == 0)
			for (j = 0; j < files.n && r == 0; j++)
				if (!is_dir(files.v[j]) &&
				    uv_plan_add(p, files.v[j], R, UV_AUTO) < 0)
					r = nomem(sb);
		sb_strv_clear(&files);
	}
	sb_strv_clear(&objs);
	return r;
}

/*
 * What loads the program: its executable, a script's interpreter, the ELF
 * interpreter and the shared libraries (the ELF closure, found as ld.so
 * would), and the objects LD_PRELOAD names in its environment (a pledge
 * shim, a profiler) with theirs.
 */
static int
add_program(struct sandbox *sb, struct uv_plan *p)
{
	const char *preload, *s;
	char path[PATH_MAX];
	size_t len;
	int r;

	if ((r = add_closure(sb, p, sb->path)) < 0)
		return r;
	if ((preload = sb_env_get(sb, "LD_PRELOAD")) == NULL)
		return 0;
	/* ld.so splits the list at spaces and colons. */
	for (s = preload; *s != '\0' && r == 0; s += len) {
		s += strspn(s, " :");
		len = strcspn(s, " :");
		if (len == 0 || *s != '/' || len >= sizeof(path))
			continue;
		memcpy(path, s, len);
		path[len] = '\0';
		if (access(path, F_OK) == 0)
			r = add_closure(sb, p, path);
	}
	return r;
}

static int
add_auto_rules(struct sandbox *sb, struct uv_plan *p)
{
	size_t i;
	int r;

	if ((r = add_program(sb, p)) < 0)
		return r;
	for (i = 0; i < sizeof(runtime) / sizeof(runtime[0]); i++)
		if (uv_plan_add(p, runtime[i].path, runtime[i].perms,
		    UV_AUTO) < 0)
			return nomem(sb);
	if ((r = add_default_sets(sb, p)) < 0)
		return r;
	/* A policy's run-time files (sandbox.runtime.*): read only. */
	for (i = 0; i < sb->cfg.files.n; i++)
		if (uv_plan_add(p, sb->cfg.files.v[i], R, UV_AUTO) < 0)
			return nomem(sb);
	return add_files_libraries(sb, p);
}

/* What this kernel cannot enforce: refuse, or note under --best-effort. */
/*
 * TCP rules: with --net none, every port but the policy's is refused; with
 * the network open, a policy that lists ports in a direction (bind or
 * connect) declares all its TCP needs in that direction.
 */
static bool
wants_net_rules(const struct sandbox *sb)
{
	return sb->cfg.net == SANDBOX_NET_NONE || sb->cfg.bind_ports.listed ||
	    sb->cfg.connect_ports.listed;
}

static uint64_t
net_handled(const struct sandbox *sb, uint64_t can)
{
	uint64_t h = 0;

	if (sb->cfg.net == SANDBOX_NET_NONE)
		return can;
	if (sb->cfg.bind_ports.listed)
		h |= LANDLOCK_ACCESS_NET_BIND_TCP;
	if (sb->cfg.connect_ports.listed)
		h |= LANDLOCK_ACCESS_NET_CONNECT_TCP;
	return h & can;
}

/*
 * For a view that hides files already (combined over namespaces): keep the
 * TCP rules only. Landlock then handles no file right at all.
 */
void
uv_plan_net_only(struct uv_plan *p)
{
	free_rules(p);
	p->attr.handled_access_fs = 0;
	if (p->attr.handled_access_net == 0 && p->attr.scoped == 0)
		p->enforce = false;
}

static int
check_kernel(struct sandbox *sb, struct uv_plan *p)
{
	const struct sb_ll_caps *c = &p->caps;

	if (c->abi == 0) {
		if (!sb->cfg.best_effort)
			return sb_err(sb, ENOTSUP, "unveil: this kernel has no "
			    "Landlock (%s): refusing to run unconfined "
			    "(--best-effort runs without it)",
			    strerror(c->err));
		uv_note(sb, "unveil: no Landlock on this kernel: nothing is "
		    "hidden (--best-effort)");
		return 0;
	}
	if (wants_net_rules(sb) && c->net == 0) {
		if (!sb->cfg.best_effort)
			return sb_err(sb, ENOTSUP, "unveil: --net none and "
			    "policy ports need Landlock ABI 4, this kernel has "
			    "ABI %d", c->abi);
		uv_note(sb, "unveil: TCP rules not applied: Landlock ABI %d "
		    "has no network rules (--best-effort)", c->abi);
	}
	if (c->abi < 2)
		uv_note(sb, "unveil: Landlock ABI 1: renaming or linking "
		    "across directories is refused");
	if (c->abi < 3)
		uv_note(sb, "unveil: Landlock ABI %d: truncate is not "
		    "restricted", c->abi);
	if (c->abi < 5)
		uv_note(sb, "unveil: Landlock ABI %d: ioctl on devices is not "
		    "restricted", c->abi);
	if (c->abi < 6)
		uv_note(sb, "unveil: Landlock ABI %d: abstract unix sockets "
		    "and signals are not scoped", c->abi);
	p->enforce = true;
	return 0;
}

int
uv_plan_build(struct sandbox *sb, struct uv_plan *p)
{
	int r;

	sb_ll_probe(&p->caps);
	if ((r = check_kernel(sb, p)) < 0 || !p->enforce)
		return r;
	p->attr.handled_access_fs = p->caps.fs;
	p->attr.handled_access_net = net_handled(sb, p->caps.net);
	p->attr.scoped = p->caps.scoped;
	if ((r = add_user_rules(sb, p)) < 0 || (r = add_auto_rules(sb, p)) < 0)
		return r;
	if (sb->cfg.verbosity > 0)
		uv_note(sb, "unveil: Landlock ABI %d, %zu rules%s%s",
		    p->caps.abi, p->nrule, p->attr.handled_access_net ?
		    ", TCP bind/connect only to policy ports (MPTCP and TCP "
		    "Fast Open refused; UDP and others unrestricted)" : "", p->attr.scoped ? ", abstract unix "
		    "sockets and signals scoped" : "");
	return 0;
}
