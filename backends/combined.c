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
#include "promises.h"
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

static bool
promises_tmppath(const char *words)
{
	uint64_t set;

	return words != NULL && sb_promises_parse(words, &set, NULL, 0) == 0 &&
	    (set & SB_PBIT(SB_P_TMPPATH)) != 0;
}

/*
 * tmppath is OpenBSD's leave to create and write in /tmp. Seccomp cannot
 * see paths; Landlock's rules, when there are any, then grant the view's
 * /tmp, unless the user's own rule names it.
 */
static int
unveil_tmp(struct sandbox *sb)
{
	struct uv_plan *up = uv_plan_of(sb);
	char real[PATH_MAX];
	size_t i;

	if (up == NULL || (!promises_tmppath(sb->cfg.promises) &&
	    !promises_tmppath(sb->cfg.execpromises)))
		return 0;
	for (i = 0; i < sb->cfg.nunveil; i++)
		if (realpath(sb->cfg.unveil[i].path, real) != NULL &&
		    strcmp(real, "/tmp") == 0)
			return 0;
	if (uv_plan_add(up, "/tmp", SANDBOX_UNVEIL_R | SANDBOX_UNVEIL_W |
	    SANDBOX_UNVEIL_C, UV_AUTO) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
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
	else if (cb->part[PART_UNVEIL] != NULL && cb->part[PART_PLEDGE] != NULL &&
	    ((r = unveil_preload(sb)) < 0 || (r = unveil_tmp(sb)) < 0))
		return r;
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
 * Bind the tree at src (a descriptor) on the one at dst, read-only: both
 * were opened without following links, and nothing is looked up again by
 * a path another user may change in between.
 */
static int
bind_fd(int src, int dst)
{
	struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY |
	    MOUNT_ATTR_NOSUID };
	int t, r = 0;

	if ((t = open_tree(src, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_RECURSIVE | AT_EMPTY_PATH)) < 0)
		return -errno;
	if (mount_setattr(t, "", AT_EMPTY_PATH | AT_RECURSIVE, &a,
	    sizeof(a)) < 0 || move_mount(t, "", dst, "",
	    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		r = -errno;
	close(t);
	return r;
}

/*
 * One entry of the jail's /tmp (dfd), bound back on the private tmpfs
 * (mnt). The jail's /tmp is writable by every user: the entry is opened
 * once without following links, and that very directory or file is bound,
 * so that one swapped for a link to / meanwhile changes nothing. A link is
 * left out: inside the jail it would lead where it leads anyway.
 */
static int
tmp_entry(int dfd, int mnt, const char *name)
{
	struct stat st;
	int src, dst = -1, r;

	if ((src = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (fstat(src, &st) < 0) {
		r = -errno;
		close(src);
		return r;
	}
	if (S_ISLNK(st.st_mode)) {
		close(src);
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		r = mkdirat(mnt, name, 0755) < 0 ? -errno : 0;
	else if ((r = openat(mnt, name, O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0644)) >= 0)
		r = close(r);
	else
		r = -errno;
	if (r == 0 && (dst = openat(mnt, name, O_PATH | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		r = -errno;
	if (r == 0)
		r = bind_fd(src, dst);
	if (dst >= 0)
		close(dst);
	close(src);
	return r;
}

/* A new tmpfs, mounted on the directory at fd; its root, or -errno. */
static int
tmpfs_on(int fd)
{
	int fs, mnt = -1, r = 0;

	if ((fs = fsopen("tmpfs", FSOPEN_CLOEXEC)) < 0)
		return -errno;
	if (fsconfig(fs, FSCONFIG_SET_STRING, "mode", "1777", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV)) < 0 || move_mount(mnt, "", fd, "",
	    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		r = -errno;
	close(fs);
	if (r < 0 && mnt >= 0)
		close(mnt);
	return r < 0 ? r : mnt;
}

/*
 * The jail's /tmp (tmp, a descriptor of the directory) becomes a private
 * tmpfs; what the jail keeps there (a program installed under /tmp) is
 * bound back, read-only.
 */
static int
jail_tmp(struct sandbox *sb, int tmp, const char *root)
{
	struct dirent *d;
	DIR *dir;
	int mnt, r = 0;

	/* One descriptor for both: the few a low limit leaves are enough. */
	if ((dir = fdopendir(tmp)) == NULL) {
		r = errno;
		close(tmp);
		return sb_err(sb, r, "combined: %s/tmp: %s", root,
		    strerror(r));
	}
	if ((mnt = tmpfs_on(dirfd(dir))) < 0) {
		closedir(dir);
		return sb_err(sb, -mnt, "combined: tmpfs %s/tmp: %s", root,
		    strerror(-mnt));
	}
	while (r == 0 && (d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if ((r = tmp_entry(dirfd(dir), mnt, d->d_name)) < 0)
			r = sb_err(sb, -r, "combined: bind %s/tmp/%s: %s", root,
			    d->d_name, strerror(-r));
	}
	closedir(dir);
	close(mnt);
	return r;
}

/*
 * A jail holds hard links of the host's files: root inside, even with no
 * capability, owns them and could write the host's libc through them. In
 * a mount namespace of its own the jail is made read-only (device nodes
 * still work) with a private /tmp; the chroot backend then enters it.
 * The jail is opened once, without following links, and all the mounts
 * act on descriptors from there.
 */
static int
jail_readonly(struct sandbox *sb)
{
	struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY |
	    MOUNT_ATTR_NOSUID };
	const char *root = sb->priv[SB_SLOT_CHROOT];
	int rootfd, t, tmp, r;

	if (root == NULL || geteuid() != 0)
		return 0;	/* an ordinary user's jail holds copies only */
	/* Opened in the new namespace: its mounts are the ones to clone. */
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sb_err(sb, errno, "combined: cannot make the jail %s "
		    "read-only: %s", root, strerror(errno));
	if ((rootfd = open(root, O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return sb_err(sb, errno, "combined: %s: %s", root,
		    strerror(errno));
	if ((t = open_tree(rootfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_RECURSIVE | AT_EMPTY_PATH)) < 0 ||
	    mount_setattr(t, "", AT_EMPTY_PATH | AT_RECURSIVE, &a,
	    sizeof(a)) < 0 || move_mount(t, "", rootfd, "",
	    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
		r = sb_err(sb, errno, "combined: cannot make the jail %s "
		    "read-only: %s", root, strerror(errno));
		if (t >= 0)
			close(t);
		close(rootfd);
		return r;
	}
	close(rootfd);
	/* Not a directory (a link, say): no tmpfs, nothing bound back. */
	tmp = openat(t, "tmp", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	r = errno;
	close(t);
	if (tmp >= 0)
		return jail_tmp(sb, tmp, root);
	if (r != ENOENT && r != ENOTDIR && r != ELOOP)
		return sb_err(sb, r, "combined: %s/tmp: %s", root,
		    strerror(r));
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
		snprintf(why, sizeof(why), "combined: cannot apply the %s view "
		    "(refusing to run): ", v->name);
		return sb_err_encoded(sb, -r, why, sb->err);
	}
	if (cb->own_net && (r = cut_network(sb)) < 0)
		return r;
	return sb_caps_drop_bounding(sb);
}

/*
 * No signal out of the sandbox, no abstract socket of the host, no file
 * outside the view opened again through an inherited descriptor.
 */
static int
scope(struct sandbox *sb, const struct combined *cb)
{
	return uv_view_confine(sb, cb->scoped);
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
