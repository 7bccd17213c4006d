/*
 * combined.c: every backend at once, the default. In the order OpenBSD's
 * daemons use: the view (a private namespace, or a built chroot jail when
 * the policy names a root), the identity, unveil's Landlock rules, pledge's
 * promises, then exec; with no new privileges, an empty capability set and
 * no network unless asked. Each part keeps its own state in its own slot
 * and is reached through its exported table. Every step is checked: a part
 * that cannot be applied refuses the run, unless --best-effort, which runs
 * without it and says so.
 */
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "caps.h"
#include "closure.h"
#include "landlock.h"
#include "namespace.h"
#include "unveil.h"

enum part { PART_VIEW, PART_UNVEIL, PART_PLEDGE, NPARTS };

struct combined {
	const struct sb_backend	*part[NPARTS];	/* NULL: not applied */
	bool			 own_net;	/* cut the network ourselves */
	struct sb_ll_caps	 ll;		/* Landlock here, for scopes */
	uint64_t		 scoped;	/* signals, abstract sockets */
};

static struct combined *
combined_of(struct sandbox *sb)
{
	return sb->priv[SB_SLOT_COMBINED];
}

static void
combined_release(struct sandbox *sb)
{
	free(sb->priv[SB_SLOT_COMBINED]);
	sb->priv[SB_SLOT_COMBINED] = NULL;
}

/* A part that cannot be applied: refuse, or with --best-effort say so. */
static int
missing(struct sandbox *sb, const char *what, const char *why)
{
	if (!sb->cfg.best_effort)
		return sb_err(sb, ENOTSUP, "combined: cannot apply %s: %s "
		    "(refusing to run; --best-effort runs without it)", what,
		    why);
	if (sb->cfg.verbosity != SANDBOX_QUIET)
		sb_report(sb, "combined: %s not applied: %s (--best-effort)",
		    what, why);
	return 0;
}

/* Find a part's backend and check that it works on this kernel. */
static int
want(struct sandbox *sb, struct combined *cb, enum part i, const char *name,
    const char *what)
{
	const struct sb_backend *b = sb_backend_find(name);
	char why[512];

	if (b == NULL)
		return missing(sb, what, "this build has no such backend");
	/*
	 * Probing the view costs a set of namespaces: only --best-effort
	 * needs to know first; otherwise the part itself fails closed.
	 */
	if (b->probe != NULL && (sb->cfg.best_effort || i != PART_VIEW) &&
	    b->probe(why, sizeof(why)) < 0)
		return missing(sb, what, why);
	cb->part[i] = b;
	return 0;
}

static int
choose(struct sandbox *sb, struct combined *cb)
{
	int r;

	if (sb->cfg.root != NULL) {
		if ((r = want(sb, cb, PART_VIEW, "chroot", "the chroot jail "
		    "view")) < 0)
			return r;
		cb->own_net = sb->cfg.net != SANDBOX_NET_HOST;
	} else if ((r = want(sb, cb, PART_VIEW, "namespace",
	    "the namespace view")) < 0)
		return r;
	/*
	 * Signals and abstract unix sockets stay inside the sandbox (Landlock
	 * scopes). A namespace view isolates them already; a jail does not.
	 */
	sb_ll_probe(&cb->ll);
	cb->scoped = cb->ll.scoped & (LANDLOCK_SCOPE_SIGNAL |
	    LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET);
	if (cb->scoped == 0 && sb->cfg.root != NULL &&
	    (r = missing(sb, "signal and abstract socket scoping for the jail",
	    "Landlock here has no scopes (ABI 6)")) < 0)
		return r;
	/* Landlock on top of the view, for the rules and ports the user gave. */
	if ((sb->cfg.nunveil > 0 || sb->cfg.bind_ports.listed ||
	    sb->cfg.connect_ports.listed) &&
	    (r = want(sb, cb, PART_UNVEIL, "unveil", "unveil rules")) < 0)
		return r;
	if (sb->cfg.promises != NULL &&
	    (r = want(sb, cb, PART_PLEDGE, "pledge", "pledge promises")) < 0)
		return r;
	return 0;
}

/*
 * Pledge preloads a library that loads the program's filter; Landlock must
 * let the loader read and map it and what it needs.
 */
static int
unveil_preload(struct sandbox *sb)
{
	const char *v = sb_env_get(sb, "LD_PRELOAD");
	struct sb_strv files = { 0 };
	struct uv_plan *up = uv_plan_of(sb);
	char lib[4096], err[256];
	size_t i, n;
	int r = 0;

	while (up != NULL && v != NULL && *v != '\0' && r == 0) {
		v += strspn(v, ": ");
		n = strcspn(v, ": ");
		if (n > 0 && n < sizeof(lib) && v[0] == '/') {
			memcpy(lib, v, n);
			lib[n] = '\0';
			if (sb_closure(lib, &files, err, sizeof(err)) < 0)
				sb_strv_clear(&files);
			for (i = 0; i < files.n && r == 0; i++)
				r = uv_plan_add(up, files.v[i], SANDBOX_UNVEIL_R |
				    SANDBOX_UNVEIL_X, UV_AUTO);
			sb_strv_clear(&files);
		}
		v += n;
	}
	return r < 0 ? sb_err(sb, ENOMEM, "out of memory") : 0;
}

static int
combined_prepare(struct sandbox *sb)
{
	struct combined *cb;
	size_t i;
	int r;

	combined_release(sb);
	if ((cb = calloc(1, sizeof(*cb))) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	sb->priv[SB_SLOT_COMBINED] = cb;
	if ((r = choose(sb, cb)) < 0)
		return r;
	/* The view last: it binds what the others add (pledge's preload). */
	for (i = NPARTS; i-- > 0; )
		if (cb->part[i] != NULL && cb->part[i]->prepare != NULL &&
		    (r = cb->part[i]->prepare(sb)) < 0)
			return r;
	/* A nested user namespace would give capabilities back, inside. */
	if (sb->cfg.root == NULL && ns_plan_of(sb) != NULL)
		ns_plan_of(sb)->no_userns = true;
	/* Ports alone: the view hides the files, Landlock guards TCP. */
	if (cb->part[PART_UNVEIL] != NULL && sb->cfg.nunveil == 0 &&
	    uv_plan_of(sb) != NULL)
		uv_plan_net_only(uv_plan_of(sb));
	else if (cb->part[PART_UNVEIL] != NULL && cb->part[PART_PLEDGE] != NULL)
		return unveil_preload(sb);
	return 0;
}

/* A jail shares the host's network: give it a namespace of its own. */
static int
cut_network(struct sandbox *sb)
{
	if (unshare(CLONE_NEWNET) < 0)
		return sb_err(sb, errno, "combined: network namespace: %s",
		    strerror(errno));
	return ns_loopback_up(sb);
}

/*
 * The jail's /tmp becomes a private tmpfs; what the jail keeps there (a
 * program installed under /tmp) is bound back, read-only.
 */
static int
jail_tmp(struct sandbox *sb, const char *tmp)
{
	struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY |
	    MOUNT_ATTR_NOSUID };
	char src[PATH_MAX], dst[PATH_MAX];
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int fd, r = 0;

	if ((dir = opendir(tmp)) == NULL)
		return sb_err(sb, errno, "combined: %s: %s", tmp,
		    strerror(errno));
	if (mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=1777") < 0) {
		closedir(dir);
		return sb_err(sb, errno, "combined: tmpfs %s: %s", tmp,
		    strerror(errno));
	}
	while (r == 0 && (d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0 ||
		    fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    S_ISLNK(st.st_mode))
			continue;
		if ((size_t)snprintf(src, sizeof(src), "/proc/self/fd/%d/%s",
		    dirfd(dir), d->d_name) >= sizeof(src) ||
		    (size_t)snprintf(dst, sizeof(dst), "%s/%s", tmp,
		    d->d_name) >= sizeof(dst)) {
			r = sb_err(sb, ENAMETOOLONG, "combined: %s/%s: path "
			    "too long", tmp, d->d_name);
			break;
		}
		if (S_ISDIR(st.st_mode))
			fd = mkdir(dst, 0755);
		else if ((fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC,
		    0644)) >= 0)
			fd = close(fd);
		if (fd < 0 || mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0 ||
		    mount_setattr(AT_FDCWD, dst, AT_RECURSIVE, &a,
		    sizeof(a)) < 0)
			r = sb_err(sb, errno, "combined: bind %s: %s", dst,
			    strerror(errno));
	}
	closedir(dir);
	return r;
}

/*
 * A jail holds hard links of the host's files: root inside, even with no
 * capability, owns them and could write the host's libc through them. In
 * a mount namespace of its own the jail is made read-only (device nodes
 * still work) with a private /tmp; the chroot backend then enters it.
 */
static int
jail_readonly(struct sandbox *sb)
{
	struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY |
	    MOUNT_ATTR_NOSUID };
	const char *root = sb->priv[SB_SLOT_CHROOT];
	char tmp[PATH_MAX];
	struct stat st;

	if (root == NULL || geteuid() != 0)
		return 0;	/* an ordinary user's jail holds copies only */
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    mount_setattr(AT_FDCWD, root, AT_RECURSIVE, &a, sizeof(a)) < 0)
		return sb_err(sb, errno, "combined: cannot make the jail %s "
		    "read-only: %s", root, strerror(errno));
	snprintf(tmp, sizeof(tmp), "%s/tmp", root);
	if (lstat(tmp, &st) == 0 && S_ISDIR(st.st_mode))
		return jail_tmp(sb, tmp);
	return 0;
}

/* Still privileged: the view, then no capability can come back. */
static int
combined_enter(struct sandbox *sb, struct sb_child *c)
{
	struct combined *cb = combined_of(sb);
	const struct sb_backend *v;
	char why[SB_ERRLEN];
	int r;

	if (cb == NULL)
		return sb_err(sb, EINVAL, "combined: not prepared");
	v = cb->part[PART_VIEW];
	if (sb->cfg.root != NULL && v != NULL && (r = jail_readonly(sb)) < 0)
		return r;
	if (v != NULL && v->enter != NULL && (r = v->enter(sb, c)) < 0) {
		strlcpy(why, sb->err, sizeof(why));
		return sb_err(sb, -r, "combined: cannot apply the %s view "
		    "(refusing to run): %s", v->name, why);
	}
	if (cb->own_net && (r = cut_network(sb)) < 0)
		return r;
	return sb_caps_drop_bounding(sb);
}

/* No signal out of the sandbox, no abstract socket of the host. */
static int
scope(struct sandbox *sb, const struct combined *cb)
{
	struct sb_ll_ruleset_attr a = { .scoped = cb->scoped };
	int fd, r = 0;

	if (cb->scoped == 0)
		return 0;
	if ((fd = sb_ll_create_ruleset(&a)) < 0)
		return sb_err(sb, errno, "combined: Landlock scopes: %s",
		    strerror(errno));
	if (sb_ll_restrict_self(fd, cb->ll.abi) < 0)
		r = sb_err(sb, errno, "combined: Landlock scopes: %s",
		    strerror(errno));
	close(fd);
	return r;
}

/* After the identity and no_new_privs: capabilities, unveil, pledge. */
static int
combined_narrow(struct sandbox *sb, struct sb_child *c)
{
	struct combined *cb = combined_of(sb);
	enum part i;
	int r;

	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return sb_err(sb, EPERM, "combined: no_new_privs is not set");
	if ((r = sb_caps_clear(sb)) < 0 || (r = sb_tty_guard(sb)) < 0 ||
	    (r = scope(sb, cb)) < 0)
		return r;
	for (i = PART_UNVEIL; i < NPARTS; i++)
		if (cb->part[i] != NULL && cb->part[i]->narrow != NULL &&
		    (r = cb->part[i]->narrow(sb, c)) < 0)
			return r;
	return 0;
}

/* Descriptors the child passed (a seccomp listener) go to their part. */
static int
combined_receive(struct sandbox *sb, int fd)
{
	struct combined *cb = combined_of(sb);
	enum part i;

	for (i = 0; cb != NULL && i < NPARTS; i++)
		if (cb->part[i] != NULL && cb->part[i]->receive != NULL)
			return cb->part[i]->receive(sb, fd);
	close(fd);
	return 0;
}

/* The namespace view is cloned straight into; a jail is entered. */
static long
combined_clone_flags(struct sandbox *sb)
{
	struct combined *cb = combined_of(sb);
	const struct sb_backend *v = cb != NULL ? cb->part[PART_VIEW] : NULL;

	return v != NULL && v->clone_flags != NULL ? v->clone_flags(sb) : 0;
}

static int
combined_started(struct sandbox *sb, pid_t pid)
{
	struct combined *cb = combined_of(sb);
	const struct sb_backend *v = cb != NULL ? cb->part[PART_VIEW] : NULL;

	return v != NULL && v->started != NULL ? v->started(sb, pid) : 0;
}

static void
say_part(char *why, size_t len, const char *name)
{
	const struct sb_backend *b = sb_backend_find(name);
	char part[512];
	int r = 0;

	part[0] = '\0';
	if (b == NULL)
		strlcpy(part, "not built", sizeof(part));
	else if (b->probe != NULL)
		r = b->probe(part, sizeof(part));
	else
		strlcpy(part, "available", sizeof(part));
	if (why[0] != '\0')
		strlcat(why, "\n          ", len);
	strlcat(why, name, len);
	strlcat(why, r < 0 ? " (unavailable): " : ": ", len);
	strlcat(why, part, len);
}

/* Usable when its default view is; the other parts are said too. */
static int
combined_probe(char *why, size_t len)
{
	char view[512];
	int r;

	r = ns_probe_userns(view, sizeof(view));
	why[0] = '\0';
	say_part(why, len, "namespace");
	say_part(why, len, "chroot");
	say_part(why, len, "unveil");
	say_part(why, len, "pledge");
	strlcat(why, "\n          capabilities emptied, no_new_privs, "
	    "net none by default", len);
	return r;
}

const struct sb_backend sb_backend_combined = {
	.name = "combined",
	.mechanism = "namespace view (or chroot jail), identity, Landlock "
	    "unveil, seccomp pledge, no capabilities, no_new_privs",
	.answers = SANDBOX_ANSWERS_REPLICATION | SANDBOX_ANSWERS_SYSCALLS |
	    SANDBOX_ANSWERS_ROOT | SANDBOX_ANSWERS_NETWORK,
	.applies = SB_APPLIES_UNVEIL | SB_APPLIES_PLEDGE |
	    SB_APPLIES_ROOT | SB_APPLIES_NET,
	.probe = combined_probe,
	.prepare = combined_prepare,
	.enter = combined_enter,
	.narrow = combined_narrow,
	.receive = combined_receive,
	.release = combined_release,
	.clone_flags = combined_clone_flags,
	.started = combined_started,
	.keeps_signals = true,
};
