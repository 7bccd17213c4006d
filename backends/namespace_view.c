/*
 * namespace_view.c: the view, built by the init process inside the new
 * user, mount and pid namespaces. An empty tmpfs becomes the root
 * (pivot_root, the old root detached); it holds only the planned entries,
 * each a bind of the host path at the same place, read-only, nosuid and
 * nodev unless the plan says otherwise. Symlinks on the way to an entry
 * are recreated, so /bin/sh still leads to /usr/bin/dash. What is not in
 * the plan does not exist (ENOENT), as under Plan 9 and unveil(2).
 * Sources and mount points are canonical paths: each is opened once with
 * no link followed on the way, and the mount acts on those descriptors,
 * so that a host directory another user swaps for a link meanwhile (in
 * /tmp, say) is refused, never followed.
 */
#include <linux/openat2.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <net/if.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "namespace.h"
#include "strset.h"

#define OLDROOT		"/.oldroot"
#define MAXLINKS	40

static const char *const devices[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};
static const char *const proc_ro[] = {
	"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus",
};

/*
 * The directories made so far on the way to entries, each both a directory
 * on the host and one in the view: the next entries under them go straight
 * on, with no lstat or mkdir again for every component. It lives in init
 * only, for the one build of its view.
 */
static struct sb_strset made;

/* The host's name for a path: under the detached-to-be old root. */
static int
host(char *buf, size_t len, const char *path)
{
	int n = snprintf(buf, len, "%s%s", OLDROOT, path);

	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

/* Make the attributes of the mount at path stricter. */
static int
restrict_mount(struct sandbox *sb, const char *path, uint64_t set, bool rec)
{
	struct mount_attr a = { .attr_set = set };

	if (mount_setattr(AT_FDCWD, path, rec ? AT_RECURSIVE : 0, &a,
	    sizeof(a)) < 0)
		return sb_err(sb, errno, "namespace: mount_setattr %s: %s",
		    path, strerror(errno));
	return 0;
}

/* Open a canonical path with no link on the way, O_PATH; -errno. */
static int
open_nolinks(const char *path)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	if ((fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how,
	    sizeof(how))) < 0)
		return -errno;
	return fd;
}

/*
 * Attach the detached mount tree (closed here) on dst, opened without
 * following a link: a path swapped for a link meanwhile is refused.
 */
static int
attach_at(struct sandbox *sb, int tree, const char *dst, const char *what)
{
	int to, r = 0;

	if ((to = open_nolinks(dst)) < 0) {
		close(tree);
		return sb_err(sb, -to, "namespace: mount point %s: %s", dst,
		    strerror(-to));
	}
	if (move_mount(tree, "", to, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH) < 0)
		r = sb_err(sb, errno, "namespace: %s %s: %s", what, dst,
		    strerror(errno));
	close(to);
	close(tree);
	return r;
}

/*
 * Bind the canonical host path src (under OLDROOT) on dst in the view,
 * attributes set: the tree is cloned from src's descriptor, which is
 * closed before dst is opened, so that two descriptors at most are held.
 */
static int
bind_path(struct sandbox *sb, const char *src, const char *dst, uint64_t set,
    bool rec)
{
	struct mount_attr a = { .attr_set = set };
	int from, t, r = 0;

	if ((from = open_nolinks(src)) < 0)
		return sb_err(sb, -from, "namespace: %s: %s%s", src +
		    (strncmp(src, OLDROOT "/", sizeof(OLDROOT)) == 0 ?
		    sizeof(OLDROOT) - 1 : 0), strerror(-from),
		    from == -ELOOP ? " (a link on the way now: refusing to "
		    "follow it)" : "");
	t = open_tree(from, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_EMPTY_PATH | (rec ? AT_RECURSIVE : 0));
	r = t < 0 ? errno : 0;
	close(from);
	if (t < 0)
		return sb_err(sb, r, "namespace: bind %s: %s", dst,
		    strerror(r));
	if (mount_setattr(t, "", AT_EMPTY_PATH | (rec ? AT_RECURSIVE : 0), &a,
	    sizeof(a)) < 0) {
		r = sb_err(sb, errno, "namespace: bind %s: %s", dst,
		    strerror(errno));
		close(t);
		return r;
	}
	return attach_at(sb, t, dst, "bind");
}

static int
make_dir(struct sandbox *sb, const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return sb_err(sb, errno, "namespace: mkdir %s: %s", path,
		    strerror(errno));
	return 0;
}

/*
 * A directory on the way to an entry, made like the host's: its owner and
 * mode, so that a program that checks them (git's "dubious ownership" of
 * a work tree, ssh's of its directory) sees what the host shows. An owner
 * not mapped into the user namespace (an ordinary caller maps only its
 * own ids) cannot be given and shows inside as the overflow id anyway: the
 * directory stays its maker's, as before, and takes the host's mode.
 */
static int
make_dir_like(struct sandbox *sb, const char *path, const struct stat *host)
{
	if (mkdir(path, 0700) < 0)
		return sb_err(sb, errno, "namespace: mkdir %s: %s", path,
		    strerror(errno));
	if (lchown(path, host->st_uid, host->st_gid) < 0 &&
	    errno != EINVAL && errno != EPERM)
		return sb_err(sb, errno, "namespace: chown %s: %s", path,
		    strerror(errno));
	if (chmod(path, host->st_mode & 07777) < 0)
		return sb_err(sb, errno, "namespace: chmod %s: %s", path,
		    strerror(errno));
	return 0;
}

static int replicate(struct sandbox *, const char *, int);

/*
 * Follow a host symlink met at cur (rest: what follows it): recreate the
 * link inside and replicate where it leads.
 */
static int
follow_link(struct sandbox *sb, const char *cur, const char *rest, int depth)
{
	char h[PATH_MAX], target[PATH_MAX], next[PATH_MAX];
	struct stat st;
	ssize_t n;
	int r;

	if (depth > MAXLINKS)
		return sb_err(sb, ELOOP, "namespace: %s: %s", cur,
		    strerror(ELOOP));
	if ((r = host(h, sizeof(h), cur)) < 0)
		return sb_err(sb, -r, "namespace: %s: path too long", cur);
	if ((n = readlink(h, target, sizeof(target) - 1)) < 0)
		return sb_err(sb, errno, "namespace: readlink %s: %s", cur,
		    strerror(errno));
	target[n] = '\0';
	if (lstat(cur, &st) < 0 && symlink(target, cur) < 0)
		return sb_err(sb, errno, "namespace: symlink %s: %s", cur,
		    strerror(errno));
	if (target[0] == '/')
		n = snprintf(next, sizeof(next), "%s%s", target, rest);
	else
		n = snprintf(next, sizeof(next), "%.*s/%s%s",
		    (int)(strrchr(cur, '/') - cur), cur, target, rest);
	if (n < 0 || (size_t)n >= sizeof(next))
		return sb_err(sb, ENAMETOOLONG, "namespace: %s: path too long",
		    cur);
	return replicate(sb, next, depth + 1);
}

/*
 * A "." or ".." component of a path walked: "." stays, ".." goes up. The
 * walk restarts at each symlink, so what cur holds are directories and
 * going up by name is what the kernel does (a link "../usr/lib/x").
 */
static bool
dot_component(char *cur, size_t *len, const char *p, const char *end)
{
	if (end - p == 1 && p[0] == '.')
		return true;
	if (end - p != 2 || p[0] != '.' || p[1] != '.')
		return false;
	while (*len > 0 && cur[*len - 1] != '/')
		(*len)--;
	if (*len > 0)
		(*len)--;
	cur[*len] = '\0';
	return true;
}

/*
 * Recreate inside the directories and symlinks that lead to path on the
 * host, but not path itself when it is neither.
 */
static int
replicate(struct sandbox *sb, const char *path, int depth)
{
	char cur[PATH_MAX], h[PATH_MAX];
	const char *p = path, *end;
	struct stat st, st2;
	size_t len = 0;

	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			return 0;
		end = strchrnul(p, '/');
		if (dot_component(cur, &len, p, end)) {
			p = end;
			continue;
		}
		if (len + 1 + (size_t)(end - p) >= sizeof(cur))
			return sb_err(sb, ENAMETOOLONG, "namespace: %s: path "
			    "too long", path);
		cur[len++] = '/';
		memcpy(cur + len, p, (size_t)(end - p));
		len += (size_t)(end - p);
		cur[len] = '\0';
		p = end;
		if (sb_strset_has(&made, cur))
			continue;
		if (host(h, sizeof(h), cur) < 0 || lstat(h, &st) < 0)
			return 0;	/* absent on the host: nothing to make */
		if (S_ISLNK(st.st_mode))
			return follow_link(sb, cur, p, depth);
		if (!S_ISDIR(st.st_mode))
			return 0;
		if (*p == '\0')
			return 0;	/* the entry itself: mounted over */
		if (lstat(cur, &st2) < 0 && make_dir_like(sb, cur, &st) < 0)
			return -errno;
		if (sb_strset_add(&made, cur) < 0)
			return sb_err(sb, ENOMEM, "out of memory");
	}
}

/* Create an empty file or directory to mount over, like the source. */
static int
mount_point(struct sandbox *sb, const char *dst, bool dir)
{
	char parent[PATH_MAX];
	struct stat st;
	int fd, r;

	strlcpy(parent, dst, sizeof(parent));
	*strrchr(parent, '/') = '\0';
	if (parent[0] != '\0' && (r = replicate(sb, parent, 0)) < 0)
		return r;
	if (dir)
		return make_dir(sb, dst);
	if (lstat(dst, &st) == 0)
		return 0;	/* there already, in a bound directory */
	if ((fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644)) < 0 && errno != EEXIST && errno != EROFS)
		return sb_err(sb, errno, "namespace: create %s: %s", dst,
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

static int
bind_entry(struct sandbox *sb, const struct ns_entry *e)
{
	char src[PATH_MAX];
	struct stat st;
	uint64_t set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	int fd, r;

	if ((r = host(src, sizeof(src), e->src)) < 0)
		return sb_err(sb, -r, "namespace: %s: path too long", e->src);
	/* What it is, as it will be bound: no link followed on the way. */
	if ((fd = open_nolinks(src)) < 0 || fstat(fd, &st) < 0) {
		r = fd < 0 ? -fd : errno;
		if (fd >= 0)
			close(fd);
		if ((e->flags & NS_TRY) && r == ENOENT)
			return 0;
		return sb_err(sb, r, "namespace: %s: %s%s", e->src,
		    strerror(r), r == ELOOP ? " (a link on the way now: "
		    "refusing to follow it)" : "");
	}
	close(fd);
	if ((r = replicate(sb, e->path, 0)) < 0 ||
	    (r = mount_point(sb, e->dst, S_ISDIR(st.st_mode))) < 0)
		return r;
	if (strncmp(e->dst, "/dev/", 5) == 0)
		set &= ~MOUNT_ATTR_NODEV;	/* an unveiled device works */
	if (e->flags & NS_RO)
		set |= MOUNT_ATTR_RDONLY;
	if (!(e->flags & NS_EXEC))
		set |= MOUNT_ATTR_NOEXEC;
	return bind_path(sb, src, e->dst, set, true);
}

/* A new tmpfs with these options, mounted on the view's dst. */
static int
tmpfs_at(struct sandbox *sb, const char *dst, const char *mode, uid_t uid,
    gid_t gid, uint64_t attrs)
{
	char u[16], g[16];
	int fs, mnt = -1, r = 0;

	snprintf(u, sizeof(u), "%u", (unsigned)uid);
	snprintf(g, sizeof(g), "%u", (unsigned)gid);
	/* Made, then the file system let go: two descriptors at most. */
	if ((fs = fsopen("tmpfs", FSOPEN_CLOEXEC)) < 0 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "mode", mode, 0) < 0 ||
	    (uid != (uid_t)-1 && (fsconfig(fs, FSCONFIG_SET_STRING, "uid", u,
	    0) < 0 || fsconfig(fs, FSCONFIG_SET_STRING, "gid", g, 0) < 0)) ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (mnt = fsmount(fs, FSMOUNT_CLOEXEC, attrs)) < 0)
		r = sb_err(sb, errno, "namespace: tmpfs %s: %s", dst,
		    strerror(errno));
	if (fs >= 0)
		close(fs);
	if (r < 0)
		return r;
	return attach_at(sb, mnt, dst, "tmpfs");
}

static int
tmpfs_entry(struct sandbox *sb, const struct ns_entry *e)
{
	uint64_t attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
	int r;

	if ((r = replicate(sb, e->path, 0)) < 0 ||
	    (r = mount_point(sb, e->dst, true)) < 0)
		return r;
	if (!(e->flags & NS_EXEC))
		attrs |= MOUNT_ATTR_NOEXEC;
	if (e->flags & NS_PUBLIC)
		return tmpfs_at(sb, e->dst, "1777", (uid_t)-1, (gid_t)-1,
		    attrs);
	return tmpfs_at(sb, e->dst, "0755",
	    sb->ident.set ? sb->ident.uid : getuid(),
	    sb->ident.set ? sb->ident.gid : getgid(), attrs);
}

/* One host device node at the same place, usable (no nodev). */
static int
dev_bind(struct sandbox *sb, const char *path)
{
	char src[PATH_MAX];
	int r;

	snprintf(src, sizeof(src), OLDROOT "%s", path);
	if (access(src, F_OK) < 0)
		return 0;
	if ((r = mount_point(sb, path, false)) < 0)
		return r;
	return bind_path(sb, src, path, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC,
	    false);
}

/*
 * The program's terminal, /dev/pts/N, alone: it holds the descriptors
 * already; the node lets ttyname(3) and tty(1) name it. No other pty.
 */
static int
dev_ttys(struct sandbox *sb, const struct ns_plan *p)
{
	size_t i;
	int r;

	if (p->ttys.n > 0 && (r = make_dir(sb, "/dev/pts")) < 0)
		return r;
	for (i = 0; i < p->ttys.n; i++)
		if ((r = dev_bind(sb, p->ttys.v[i])) < 0)
			return r;
	return 0;
}

/* A /dev of a few harmless devices, bound from the host's. */
static int
dev_entry(struct sandbox *sb, const struct ns_plan *p)
{
	char dst[64];
	size_t i;
	int r;

	if ((r = make_dir(sb, "/dev")) < 0)
		return r;
	if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC,
	    "mode=0755") < 0)
		return sb_err(sb, errno, "namespace: tmpfs /dev: %s",
		    strerror(errno));
	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		snprintf(dst, sizeof(dst), "/dev/%s", devices[i]);
		if ((r = dev_bind(sb, dst)) < 0)
			return r;
	}
	if (symlink("/proc/self/fd", "/dev/fd") < 0 ||
	    symlink("/proc/self/fd/0", "/dev/stdin") < 0 ||
	    symlink("/proc/self/fd/1", "/dev/stdout") < 0 ||
	    symlink("/proc/self/fd/2", "/dev/stderr") < 0)
		return sb_err(sb, errno, "namespace: /dev links: %s",
		    strerror(errno));
	if ((r = dev_ttys(sb, p)) < 0 || (r = make_dir(sb, "/dev/shm")) < 0)
		return r;
	if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=1777") < 0)
		return sb_err(sb, errno, "namespace: tmpfs /dev/shm: %s",
		    strerror(errno));
	return 0;	/* read-only once unveiled devices are bound too */
}

/* /proc of the new pid namespace; its system-wide knobs read-only. */
static int
proc_entry(struct sandbox *sb, bool no_userns)
{
	ssize_t n;
	size_t i;
	int fd, r;

	if ((r = make_dir(sb, "/proc")) < 0)
		return r;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) < 0)
		return sb_err(sb, errno, "namespace: mount /proc: %s",
		    strerror(errno));
	/* Ours, not the host's: the program has no capability to raise it. */
	if (no_userns && (fd = open("/proc/sys/user/max_user_namespaces",
	    O_WRONLY | O_CLOEXEC)) >= 0) {
		n = write(fd, "0", 1);
		close(fd);
		if (n != 1)
			return sb_err(sb, errno, "namespace: cannot forbid "
			    "nested user namespaces: %s", strerror(errno));
	} else if (no_userns)
		return sb_err(sb, errno, "namespace: max_user_namespaces: %s",
		    strerror(errno));
	for (i = 0; i < sizeof(proc_ro) / sizeof(proc_ro[0]); i++) {
		if (access(proc_ro[i], F_OK) < 0)
			continue;
		if (mount(proc_ro[i], proc_ro[i], NULL, MS_BIND | MS_REC,
		    NULL) < 0)
			return sb_err(sb, errno, "namespace: bind %s: %s",
			    proc_ro[i], strerror(errno));
		if ((r = restrict_mount(sb, proc_ro[i], MOUNT_ATTR_RDONLY |
		    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
		    true)) < 0)
			return r;
	}
	return 0;
}

static int
entry(struct sandbox *sb, const struct ns_plan *p, const struct ns_entry *e)
{
	if (e->flags & NS_LINKS)
		return replicate(sb, e->path, 0);
	if (e->flags & NS_DEV)
		return dev_entry(sb, p);
	if (e->flags & NS_PROC)
		return proc_entry(sb, p->no_userns);
	if (e->flags & NS_TMPFS)
		return tmpfs_entry(sb, e);
	return bind_entry(sb, e);
}

/* An empty tmpfs becomes the root; the host's stays at OLDROOT a while. */
static int
new_root(struct sandbox *sb)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sb_err(sb, errno, "namespace: make / private: %s",
		    strerror(errno));
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=0755") < 0)
		return sb_err(sb, errno, "namespace: tmpfs root: %s",
		    strerror(errno));
	if (chdir("/tmp") < 0 || mkdir("." OLDROOT, 0700) < 0)
		return sb_err(sb, errno, "namespace: root: %s",
		    strerror(errno));
	if (syscall(SYS_pivot_root, ".", "." OLDROOT) < 0)
		return sb_err(sb, errno, "namespace: pivot_root: %s",
		    strerror(errno));
	if (chdir("/") < 0)
		return sb_err(sb, errno, "namespace: chdir /: %s",
		    strerror(errno));
	return 0;
}

int
ns_view_build(struct sandbox *sb, const struct ns_plan *p)
{
	char cwd[PATH_MAX];
	size_t i;
	int r;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		strlcpy(cwd, "/", sizeof(cwd));
	if ((r = new_root(sb)) < 0)
		return r;
	for (i = 0, r = 0; i < p->n && r == 0; i++)
		r = entry(sb, p, &p->e[i]);
	sb_strset_free(&made);
	if (r < 0)
		return r;
	/* The host goes: nothing reaches it by a path any more. */
	if (umount2(OLDROOT, MNT_DETACH) < 0)
		return sb_err(sb, errno, "namespace: detach the old root: %s",
		    strerror(errno));
	if (rmdir(OLDROOT) < 0)
		return sb_err(sb, errno, "namespace: rmdir " OLDROOT ": %s",
		    strerror(errno));
	if ((r = restrict_mount(sb, "/dev", MOUNT_ATTR_RDONLY, false)) < 0 ||
	    (r = restrict_mount(sb, "/", MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NODEV, false)) < 0)
		return r;
	/* The working directory stays when it is in the view, as in bwrap. */
	if (chdir(cwd) < 0 && chdir("/") < 0)
		return sb_err(sb, errno, "namespace: chdir /: %s",
		    strerror(errno));
	return 0;
}

/* The new network namespace's loopback, up; nothing else exists. */
int
ns_loopback_up(struct sandbox *sb)
{
	struct ifreq ifr;
	int fd, r = 0;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return sb_err(sb, errno, "namespace: socket: %s",
		    strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name));
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		r = sb_err(sb, errno, "namespace: lo: %s", strerror(errno));
	else {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			r = sb_err(sb, errno, "namespace: lo up: %s",
			    strerror(errno));
	}
	close(fd);
	return r;
}
