/*
 * pledge_serve.c: calls the supervisor answers by name. Files pledge(2)
 * allows by path are opened (or stat'ed) here, in the program's root, and
 * the result handed over, so that the program cannot swap the path between
 * the check and the use.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "pledge.h"
#include "pledge_sv.h"

/* Paths OpenBSD allows by name (pledge(2)), and what each needs. */
static const struct served {
	const char	*path;
	bool		 prefix;
	uint64_t	 need;		/* any of these; 0 = always */
	bool		 write;
	int		 error;		/* answer this instead of opening */
} served[] = {
	{ "/dev/null", false, 0, true, 0 },
	{ "/etc/localtime", false, 0, false, 0 },
	{ "/usr/share/zoneinfo/", true, 0, false, 0 },
	/* Linux: setlocale(3) runs under the promises, not before them. */
	{ "/usr/lib/locale/", true, 0, false, 0 },
	{ "/usr/share/locale/", true, 0, false, 0 },
	{ "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules", true, 0, false, 0 },
	{ "/etc/resolv.conf", false, SB_PBIT(SB_P_DNS), false, 0 },
	{ "/etc/hosts", false, SB_PBIT(SB_P_DNS), false, 0 },
	{ "/etc/services", false, SB_PBIT(SB_P_DNS), false, 0 },
	{ "/etc/protocols", false, SB_PBIT(SB_P_DNS), false, 0 },
	{ "/etc/host.conf", false, SB_PBIT(SB_P_DNS), false, 0 },
	{ "/etc/gai.conf", false, SB_PBIT(SB_P_DNS), false, 0 },
	{ "/etc/nsswitch.conf", false, SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW),
	    false, 0 },
	{ "/etc/passwd", false, SB_PBIT(SB_P_GETPW), false, 0 },
	{ "/etc/group", false, SB_PBIT(SB_P_GETPW), false, 0 },
	{ "/proc/sys/kernel/ngroups_max", false, SB_PBIT(SB_P_GETPW), false,
	    0 },
	{ "/dev/tty", false, SB_PBIT(SB_P_TTY), true, 0 },
	/* Without tty, as if there were no controlling terminal (bash). */
	{ "/dev/tty", false, 0, true, ENXIO },
	/* glibc's NSS stats "/" to notice a chroot (stat only, below). */
	{ "/", false, SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW), false, 0 },
	/* NSS modules: glibc skips a module it cannot load (below). */
	{ "/etc/ld.so.cache", false, SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW),
	    false, ENOENT },
};

/*
 * The libraries glibc's lookups dlopen, by any directory ld.so tries
 * (glibc-hwcaps/x86-64-v3/, tls/x86_64/..., each of which it stats when
 * the library is not there): NSS modules, and libidn2 for AI_IDN. Under
 * dns or getpw the libraries and those directories are not there
 * (ENOENT), and glibc goes on without them, as OpenBSD's libc needs none.
 */
static const struct served lookup_library = {
	NULL, false, SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW), false, ENOENT
};

/* Is every component of [p, end) one of the directories ld.so searches? */
static bool
search_dirs_only(const char *p, const char *end)
{
	static const char *const dirs[] = {
		"x86_64-linux-gnu", "tls", "x86_64", "haswell", "avx512_1",
		"glibc-hwcaps", "x86-64-v2", "x86-64-v3", "x86-64-v4", NULL
	};
	const char *const *d;
	size_t len;

	while (p < end) {
		p += *p == '/';
		len = strcspn(p, "/");
		for (d = dirs; *d != NULL; d++)
			if (strlen(*d) == len && strncmp(p, *d, len) == 0)
				break;
		if (*d == NULL)
			return false;
		p += len;
	}
	return true;
}

static bool
is_lookup_library(const char *path)
{
	const char *base = strrchr(path, '/') + 1, *rest;

	if (strncmp(path, "/usr/lib", 8) == 0)
		rest = path + 8;
	else if (strncmp(path, "/lib", 4) == 0)
		rest = path + 4;
	else
		return false;
	if (*rest != '\0' && *rest != '/')
		return false;
	if (strncmp(base, "libnss_", 7) == 0 ||
	    strncmp(base, "libidn2.so", 10) == 0)
		return search_dirs_only(rest, base - 1);
	return search_dirs_only(rest, rest + strlen(rest));
}

static const struct served *
served_find(const char *path, uint64_t promises, int acc)
{
	size_t i;

	if (acc == O_RDONLY && (promises & lookup_library.need) &&
	    is_lookup_library(path))
		return &lookup_library;

	for (i = 0; i < sizeof(served) / sizeof(served[0]); i++) {
		const struct served *s = &served[i];

		if ((s->prefix ? strncmp(path, s->path, strlen(s->path)) :
		    strcmp(path, s->path)) != 0)
			continue;
		if (s->need != 0 && (s->need & promises) == 0)
			continue;
		if (acc != O_RDONLY && !s->write)
			continue;
		if (s->prefix && strstr(path, "/../") != NULL)
			continue;
		return s;
	}
	return NULL;
}

/*
 * Open the file in the program's root and install the descriptor as the
 * result: nothing the program can change between check and use. Only
 * files anyone could open are served, and with the program's identity
 * (pledge_cred.c), so that a program gains nothing from a privileged
 * supervisor. A file of the program's root, resolved there, or -errno.
 */
int
pl_open_in_root(const struct pledge_state *st, const char *path, int flags)
{
	struct open_how how = { 0 };
	struct pl_saved sv;
	char root[64];
	int rootfd, f, r, taken;

	snprintf(root, sizeof(root), "/proc/%d/root", (int)st->req->pid);
	if ((rootfd = open(root, O_PATH | O_CLOEXEC)) < 0)
		return -EACCES;
	how.flags = (uint64_t)flags | O_CLOEXEC;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	if ((taken = pl_cred_begin(st, &sv)) < 0) {
		close(rootfd);
		return taken;
	}
	f = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	r = errno;
	if (taken)
		pl_cred_end(&sv);
	close(rootfd);
	return f < 0 ? -r : f;
}

/*
 * stat of a served name: done here and the result written into the
 * program's buffer, so that the program cannot swap the path meanwhile.
 */
/* The result of a stat made here, written into the program's buffer. */
void
pl_answer_stat(int fd, struct pledge_state *st, const struct stat *sb,
    uint64_t buf)
{
	struct iovec local, remote;

	local = (struct iovec){ (void *)sb, sizeof(*sb) };
	remote = (struct iovec){ (void *)(uintptr_t)buf, sizeof(*sb) };
	if (process_vm_writev(st->req->pid, &local, 1, &remote, 1, 0) !=
	    (ssize_t)sizeof(*sb)) {
		pl_respond(fd, st, -EFAULT, 0);
		return;
	}
	pl_respond(fd, st, 0, 0);
}

static void
serve_stat(int fd, struct pledge_state *st, const char *path, uint64_t buf,
    bool nofollow)
{
	struct stat sb;
	int f;

	if ((f = pl_open_in_root(st, path,
	    O_PATH | (nofollow ? O_NOFOLLOW : 0))) < 0) {
		pl_respond(fd, st, f, 0);
		return;
	}
	if (fstat(f, &sb) < 0) {
		close(f);
		pl_respond(fd, st, -EACCES, 0);
		return;
	}
	close(f);
	pl_answer_stat(fd, st, &sb, buf);
}

/*
 * Hand over f, opened here, as the result of the program's open: only a
 * regular file or a device anyone may read (and write, for writing).
 * Takes f.
 */
int
pl_serve_fd(int fd, struct pledge_state *st, int f, int flags)
{
	struct seccomp_notif_addfd add = { 0 };
	struct stat sb;
	int acc = flags & O_ACCMODE, r;

	if (fstat(f, &sb) < 0 || !(S_ISREG(sb.st_mode) ||
	    S_ISCHR(sb.st_mode)) || !(sb.st_mode & S_IROTH) ||
	    (acc != O_RDONLY && !(sb.st_mode & S_IWOTH)) ||
	    (!(flags & O_NONBLOCK) && fcntl(f, F_SETFL, acc) < 0)) {
		close(f);
		return pl_respond(fd, st, -EACCES, 0);
	}
	add.id = st->req->id;
	add.flags = SECCOMP_ADDFD_FLAG_SEND;
	add.srcfd = (uint32_t)f;
	add.newfd_flags = (flags & O_CLOEXEC) ? O_CLOEXEC : 0;
	r = ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add) < 0 ? -errno : 0;
	close(f);
	/* Not installed (the program's table is full): the call's answer. */
	if (r < 0 && r != -ENOENT)
		pl_respond(fd, st, r, 0);
	return r;
}

int
pl_serve_open(int fd, struct pledge_state *st, const char *path, int flags)
{
	int f;

	/* Never block here (a FIFO in a view): the program's flag after. */
	f = pl_open_in_root(st, path,
	    (flags & (O_ACCMODE | O_TRUNC)) | O_NONBLOCK | O_NOCTTY);
	if (f < 0)
		return pl_respond(fd, st, f, 0);
	return pl_serve_fd(fd, st, f, flags);
}

/* Where the path, flags and buffer of a call are; false if not served. */
bool
pl_served_call(int nr, const uint64_t *a, int *pa, int *flags, uint64_t *buf,
    bool *nofollow)
{
	*nofollow = false;
	*buf = 0;
	if (nr == SCMP_SYS(openat) || nr == SCMP_SYS(open)) {
		*pa = nr == SCMP_SYS(openat) ? 1 : 0;
		*flags = (int)a[*pa + 1];
		/* O_CREAT opens an existing file (shells: >/dev/null). */
		return !(*flags & (O_EXCL | 020000000));	/* O_TMPFILE */
	}
	*flags = O_RDONLY;
	if (nr == SCMP_SYS(newfstatat)) {
		*pa = 1;
		*buf = a[2];
		*nofollow = (a[3] & AT_SYMLINK_NOFOLLOW) != 0;
		return true;
	}
	if (nr == SCMP_SYS(stat) || nr == SCMP_SYS(lstat)) {
		*pa = 0;
		*buf = a[1];
		*nofollow = nr == SCMP_SYS(lstat);
		return true;
	}
	return false;
}

/*
 * The path as OpenBSD's pledge compares it (canonpath): "." and ".."
 * taken lexically, "//" as "/". What is served is the path compared, so
 * that "/usr/share/zoneinfo/.." is /usr/share: not served, a violation.
 */
static int
canon_path(const char *in, char *out, size_t len)
{
	size_t o = 0, n;

	for (out[0] = '\0'; *in != '\0'; in += n) {
		in += strspn(in, "/");
		n = strcspn(in, "/");
		if (n == 0 || (n == 1 && in[0] == '.'))
			continue;
		if (n == 2 && in[0] == '.' && in[1] == '.') {
			while (o > 0 && out[--o] != '/')
				;
			out[o] = '\0';
			continue;
		}
		if (o + n + 2 > len)
			return -1;
		out[o++] = '/';
		memcpy(out + o, in, n);
		out[o += n] = '\0';
	}
	if (o == 0)
		strlcpy(out, "/", len);
	return 0;
}

/* open or stat of a path pledge(2) allows by name; 1 when served. */
int
pl_try_serve(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	const uint64_t *a = (const uint64_t *)req->data.args;
	const struct served *s;
	char raw[4096], path[4096];
	uint64_t buf;
	bool nofollow;
	int pa, flags;

	if (!pl_served_call(req->data.nr, a, &pa, &flags, &buf, &nofollow) ||
	    pl_read_string(fd, req, a[pa], raw, sizeof(raw)) < 0 ||
	    raw[0] != '/' || canon_path(raw, path, sizeof(path)) < 0 ||
	    (s = served_find(path, st->promises, flags & O_ACCMODE)) == NULL)
		return 0;
	/* Creating or truncating: only what may be written (/dev/null). */
	if ((flags & (O_CREAT | O_TRUNC)) && !s->write)
		return 0;
	if (s->error != 0)
		pl_respond(fd, st, -s->error, 0);
	else if (buf == 0 && strcmp(path, "/") == 0)
		return 0;
	else if (buf != 0)
		serve_stat(fd, st, path, buf, nofollow);
	else
		pl_serve_open(fd, st, path, flags);
	return 1;
}

/*
 * glibc asks nscd before it reads the passwd, group and hosts files, with a
 * nonblocking stream socket. On OpenBSD those lookups need only the files,
 * so the probe fails as if nscd were absent and glibc goes on to them: a
 * violation, if any, then names the file and the promise it lacks, not
 * "unix". Under dns or getpw any unix socket is refused softly, for their
 * lookups may also try other daemons (systemd's userdb).
 */
static int
nscd_probe(const struct seccomp_notif *req, uint64_t promises)
{
	const int probe = SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC;

	if (req->data.nr != SCMP_SYS(socket) || req->data.args[0] != AF_UNIX)
		return 0;
	return (promises & (SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW))) ||
	    (int)req->data.args[1] == probe;
}

/*
 * Is the program's view of paths the supervisor's (the same root, the same
 * mounts)? Then a link read here reads as it would there.
 */
static bool
same_view(pid_t pid)
{
	char ns[64], root[64];
	struct stat a, b, c, d;

	snprintf(ns, sizeof(ns), "/proc/%d/ns/mnt", (int)pid);
	snprintf(root, sizeof(root), "/proc/%d/root/", (int)pid);
	return stat("/proc/self/ns/mnt", &a) == 0 && stat(ns, &b) == 0 &&
	    a.st_ino == b.st_ino && a.st_dev == b.st_dev &&
	    stat("/", &c) == 0 && stat(root, &d) == 0 &&
	    c.st_ino == d.st_ino && c.st_dev == d.st_dev;
}

/*
 * readlink of /proc/self/exe, made here and its result written into the
 * program's buffer: letting the call go on would have the kernel read the
 * path again, after another thread rewrote it. In a view of its own the
 * program is told ENOENT, as without a supervisor.
 */
static void
serve_own_exe(int fd, struct pledge_state *st, uint64_t buf, uint64_t size)
{
	struct iovec local, remote;
	char exe[64], target[PATH_MAX];
	ssize_t n;

	if ((int64_t)size <= 0) {
		pl_respond(fd, st, -EINVAL, 0);
		return;
	}
	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)st->req->pid);
	if (!same_view(st->req->pid) ||
	    (n = readlink(exe, target, sizeof(target))) <= 0) {
		pl_respond(fd, st, -ENOENT, 0);
		return;
	}
	if ((uint64_t)n > size)
		n = (ssize_t)size;
	local = (struct iovec){ target, (size_t)n };
	remote = (struct iovec){ (void *)(uintptr_t)buf, (size_t)n };
	if (process_vm_writev(st->req->pid, &local, 1, &remote, 1, 0) != n) {
		pl_respond(fd, st, -EFAULT, 0);
		return;
	}
	pl_respond_val(fd, st, n);
}

/*
 * Calls answered by name whatever the promises: static glibc reads
 * /proc/self/exe at startup (the program's own path, nothing more); glibc's
 * nscd probe fails as if nscd were absent.
 */
int
pl_try_by_name(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	const uint64_t *a = (const uint64_t *)req->data.args;
	int nr = req->data.nr, pa = nr == SCMP_SYS(readlinkat) ? 1 : 0;
	char path[64];

	if (nscd_probe(req, st->promises)) {
		pl_respond(fd, st, -EACCES, 0);
		return 1;
	}
	if ((nr != SCMP_SYS(readlink) && nr != SCMP_SYS(readlinkat)) ||
	    pl_read_string(fd, req, a[pa], path, sizeof(path)) < 0 ||
	    strcmp(path, "/proc/self/exe") != 0)
		return 0;
	serve_own_exe(fd, st, a[pa + 1], a[pa + 2]);
	return 1;
}
