/*
 * pledge_supervise.c: the supervisor's side of a pledge. Every syscall the
 * filter does not allow arrives here through the seccomp listener. While a
 * dynamic image loads, what the loader needs is let through; paths OpenBSD
 * always allows (and those of dns, getpw, tty) are opened here and handed
 * over; anything else is a violation: reported as OpenBSD's kernel does
 * and punished with SIGABRT, or answered ENOSYS under "error".
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "pledge.h"
#include "pledge_elf.h"
#include "sb_internal.h"

#define MAXLOADING	64

/* A process between its exec and the end of its loading. */
struct loading {
	pid_t		 pid;
	unsigned long long started;	/* start_time: pid reuse */
	unsigned long	 code;		/* start_code before the exec */
	bool		 pending;	/* exec seen, new image not yet */
};

struct pledge_state {
	uint64_t		 promises;
	bool			 narrow_exec;	/* execpromises narrower */
	bool			 initial;	/* the first image loads */
	int			 verbosity;
	struct loading		 load[MAXLOADING];
	size_t			 nload;
	struct seccomp_notif	*req;
	struct seccomp_notif_resp *resp;
};

struct pledge_state *
pledge_state_new(uint64_t promises, bool dynamic, int verbosity)
{
	struct pledge_state *st;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	st->promises = promises;
	st->initial = dynamic;
	st->verbosity = verbosity;
	if (seccomp_notify_alloc(&st->req, &st->resp) != 0) {
		free(st);
		return NULL;
	}
	return st;
}

void
pledge_state_execpromises(struct pledge_state *st, bool narrower)
{
	st->narrow_exec = narrower;
}

void
pledge_state_free(struct pledge_state *st)
{
	if (st == NULL)
		return;
	seccomp_notify_free(st->req, st->resp);
	free(st);
}

/* Small readers of /proc. */
static int
proc_read(pid_t pid, const char *file, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* Field n (from 1) of /proc/pid/stat, as a number; 0 when unreadable. */
static unsigned long long
stat_field(pid_t pid, int n)
{
	char buf[1024], *p;
	int field;

	if (proc_read(pid, "stat", buf, sizeof(buf)) < 0 ||
	    (p = strrchr(buf, ')')) == NULL)
		return 0;
	/* p is at the end of field 2 (the name, which may hold spaces). */
	for (field = 2; field < n && p != NULL; field++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

static unsigned long
start_code(pid_t pid)
{
	return (unsigned long)stat_field(pid, 26);
}

/* When the process started: a reused pid is another process. */
static unsigned long long
start_time(pid_t pid)
{
	return stat_field(pid, 22);
}

static pid_t
status_field(pid_t pid, const char *name, uint64_t *hex)
{
	char buf[4096], *p;
	size_t len = strlen(name);

	if (proc_read(pid, "status", buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ?
	    p + 1 : NULL)
		if (strncmp(p, name, len) == 0 && p[len] == ':')
			break;
	if (p == NULL || *p == '\0')
		return -1;
	if (hex != NULL) {
		*hex = strtoull(p + len + 1, NULL, 16);
		return 0;
	}
	return (pid_t)strtol(p + len + 1, NULL, 10);
}

static pid_t
tgid_of(pid_t tid)
{
	pid_t t = status_field(tid, "Tgid", NULL);

	return t > 0 ? t : tid;
}

/* The process id as the program itself sees it (its own pid namespace). */
static pid_t
own_pid_of(pid_t tid)
{
	char buf[4096], *p, *end;

	if (proc_read(tid, "status", buf, sizeof(buf)) < 0 ||
	    (p = strstr(buf, "\nNStgid:")) == NULL)
		return tgid_of(tid);
	end = strchr(p + 1, '\n');
	if (end != NULL)
		*end = '\0';
	p = strrchr(p, '\t') ? strrchr(p, '\t') : p + 8;
	return (pid_t)strtol(p + 1, NULL, 10);
}

/* A string from the process's memory; the notification is rechecked. */
static int
read_string(int fd, const struct seccomp_notif *req, uint64_t addr,
    char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int mem;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)req->pid);
	if (addr == 0 || (mem = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = pread(mem, buf, len - 1, (off_t)addr);
	close(mem);
	if (n <= 0 || seccomp_notify_id_valid(fd, req->id) != 0)
		return -1;
	buf[n] = '\0';
	if (strnlen(buf, len) == len - 1)
		return -1;	/* longer than a path can be */
	return 0;
}

/* Loading: the first image until its library says so; exec'd ones too. */
static struct loading *
loading_find(struct pledge_state *st, pid_t pid)
{
	size_t i;

	for (i = 0; i < st->nload; i++)
		if (st->load[i].pid == pid)
			return &st->load[i];
	return NULL;
}

static void
loading_end(struct pledge_state *st, pid_t pid)
{
	struct loading *l = loading_find(st, pid);

	st->initial = false;
	if (l != NULL)
		*l = st->load[--st->nload];
}

/* Forget the processes that are gone. */
static void
loading_purge(struct pledge_state *st)
{
	size_t i;

	for (i = st->nload; i-- > 0; )
		if (start_time(st->load[i].pid) != st->load[i].started)
			st->load[i] = st->load[--st->nload];
}

static void
loading_begin(struct pledge_state *st, pid_t pid)
{
	struct loading *l = loading_find(st, pid);

	if (l == NULL) {
		loading_purge(st);
		if (st->nload == MAXLOADING)
			return;		/* no loading phase: stricter */
		l = &st->load[st->nload++];
	}
	*l = (struct loading){ pid, start_time(pid), start_code(pid), true };
}

/*
 * ld.so maps LD_PRELOAD objects right after itself, before any library the
 * program needs. An executable mapping of a third object without ours
 * means the library was not preloaded (unreadable, absent from the view,
 * LD_PRELOAD cleared): the loading phase would never end, so it ends now.
 */
static bool
preload_skipped(pid_t pid)
{
	char path[64], exe[PATH_MAX], line[PATH_MAX + 128], *file, *prev;
	ssize_t n;
	FILE *f;
	int others = 0;
	bool ours = false;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	if ((n = readlink(path, exe, sizeof(exe) - 1)) < 0)
		return true;
	exe[n] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return true;
	prev = NULL;
	while (!ours && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if ((file = strchr(line, '/')) == NULL ||
		    strchr(line, ' ') == NULL || strchr(line, ' ')[3] != 'x' ||
		    strcmp(file, exe) == 0)
			continue;
		if (strcmp(strrchr(file, '/') + 1, PLEDGE_PRELOAD) == 0)
			ours = true;
		else if (prev == NULL || strcmp(prev, file) != 0) {
			others++;
			free(prev);
			prev = strdup(file);
		}
	}
	free(prev);
	fclose(f);
	return !ours && others >= 2;
}

static bool	 loading_state(struct pledge_state *, pid_t);

static bool
is_loading(struct pledge_state *st, pid_t pid)
{
	if (!loading_state(st, pid))
		return false;
	if (preload_skipped(pid)) {
		loading_end(st, pid);
		return false;
	}
	return true;
}

static bool
loading_state(struct pledge_state *st, pid_t pid)
{
	struct loading *l;
	char exe[64];

	if (st->initial)
		return true;
	if ((l = loading_find(st, pid)) == NULL)
		return false;
	if (l->started != start_time(pid)) {
		loading_end(st, pid);	/* another process with that pid */
		return false;
	}
	if (!l->pending)
		return true;
	/* The exec failed (same image) or the new image is static. */
	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)pid);
	if (start_code(pid) == l->code || pledge_elf_dynamic(exe) != 1) {
		loading_end(st, pid);
		return false;
	}
	l->pending = false;
	return true;
}

static int
respond(int fd, struct pledge_state *st, int error, unsigned flags)
{
	st->resp->id = st->req->id;
	st->resp->val = 0;
	st->resp->error = error;
	st->resp->flags = flags;
	return seccomp_notify_respond(fd, st->resp);
}

#define CONTINUE(fd, st) respond(fd, st, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE)

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
	{ "/dev/tty", false, SB_PBIT(SB_P_TTY), true, 0 },
	/* glibc's NSS stats "/" to notice a chroot (stat only, below). */
	{ "/", false, SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW), false, 0 },
	/* NSS modules: glibc skips a module it cannot load. */
	{ "/etc/ld.so.cache", false, SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW),
	    false, ENOENT },
	{ "/lib/x86_64-linux-gnu/libnss_", true,
	    SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW), false, ENOENT },
	{ "/usr/lib/x86_64-linux-gnu/libnss_", true,
	    SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW), false, ENOENT },
};

static const struct served *
served_find(const char *path, uint64_t promises, int acc)
{
	size_t i;

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
 * files anyone could open are served, so an unprivileged program gains
 * nothing from a privileged supervisor.
 */
/* A file of the program's root, resolved there; -errno on failure. */
static int
open_in_root(pid_t pid, const char *path, int flags)
{
	struct open_how how = { 0 };
	char root[64];
	int rootfd, f, r;

	snprintf(root, sizeof(root), "/proc/%d/root", (int)pid);
	if ((rootfd = open(root, O_PATH | O_CLOEXEC)) < 0)
		return -EACCES;
	how.flags = (uint64_t)flags | O_CLOEXEC;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	f = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	r = errno;
	close(rootfd);
	return f < 0 ? -r : f;
}

/*
 * stat of a served name: done here and the result written into the
 * program's buffer, so that the program cannot swap the path meanwhile.
 */
static void
serve_stat(int fd, struct pledge_state *st, const char *path, uint64_t buf,
    bool nofollow)
{
	struct iovec local, remote;
	struct stat sb;
	int f;

	if ((f = open_in_root(st->req->pid, path,
	    O_PATH | (nofollow ? O_NOFOLLOW : 0))) < 0) {
		respond(fd, st, f, 0);
		return;
	}
	if (fstat(f, &sb) < 0) {
		close(f);
		respond(fd, st, -EACCES, 0);
		return;
	}
	close(f);
	local = (struct iovec){ &sb, sizeof(sb) };
	remote = (struct iovec){ (void *)(uintptr_t)buf, sizeof(sb) };
	if (process_vm_writev(st->req->pid, &local, 1, &remote, 1, 0) !=
	    (ssize_t)sizeof(sb)) {
		respond(fd, st, -EFAULT, 0);
		return;
	}
	respond(fd, st, 0, 0);
}

static int
serve_open(int fd, struct pledge_state *st, const char *path, int flags)
{
	struct seccomp_notif_addfd add = { 0 };
	struct stat sb;
	int f, acc = flags & O_ACCMODE, r;

	f = open_in_root(st->req->pid, path,
	    flags & (O_ACCMODE | O_NONBLOCK | O_NOCTTY));
	if (f < 0)
		return respond(fd, st, f, 0);
	if (fstat(f, &sb) < 0 || !(sb.st_mode & S_IROTH) ||
	    (acc != O_RDONLY && !(sb.st_mode & S_IWOTH))) {
		close(f);
		return respond(fd, st, -EACCES, 0);
	}
	add.id = st->req->id;
	add.flags = SECCOMP_ADDFD_FLAG_SEND;
	add.srcfd = (uint32_t)f;
	add.newfd_flags = (flags & O_CLOEXEC) ? O_CLOEXEC : 0;
	r = ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
	close(f);
	return r < 0 ? -errno : 0;
}

/* Where the path, flags and buffer of a call are; false if not served. */
static bool
served_call(int nr, const uint64_t *a, int *pa, int *flags, uint64_t *buf,
    bool *nofollow)
{
	*nofollow = false;
	*buf = 0;
	if (nr == SCMP_SYS(openat) || nr == SCMP_SYS(open)) {
		*pa = nr == SCMP_SYS(openat) ? 1 : 0;
		*flags = (int)a[*pa + 1];
		return !(*flags & (O_CREAT | O_TRUNC | __O_TMPFILE));
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

/* open or stat of a path pledge(2) allows by name; 1 when served. */
static int
try_serve(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	const uint64_t *a = (const uint64_t *)req->data.args;
	const struct served *s;
	char path[4096];
	uint64_t buf;
	bool nofollow;
	int pa, flags;

	if (!served_call(req->data.nr, a, &pa, &flags, &buf, &nofollow) ||
	    read_string(fd, req, a[pa], path, sizeof(path)) < 0 ||
	    path[0] != '/' ||
	    (s = served_find(path, st->promises, flags & O_ACCMODE)) == NULL)
		return 0;
	if (s->error != 0)
		respond(fd, st, -s->error, 0);
	else if (buf == 0 && strcmp(path, "/") == 0)
		return 0;
	else if (buf != 0)
		serve_stat(fd, st, path, buf, nofollow);
	else
		serve_open(fd, st, path, flags);
	return 1;
}

/*
 * Calls answered by name whatever the promises: static glibc reads
 * /proc/self/exe at startup (the program's own path, nothing more); under
 * dns or getpw, glibc's nscd client socket fails as if nscd were absent.
 */
static int
try_by_name(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	int nr = req->data.nr, pa = nr == SCMP_SYS(readlinkat) ? 1 : 0;
	char path[64];

	if (nr == SCMP_SYS(socket) && req->data.args[0] == AF_UNIX &&
	    (st->promises & (SB_PBIT(SB_P_DNS) | SB_PBIT(SB_P_GETPW)))) {
		respond(fd, st, -EACCES, 0);
		return 1;
	}
	if ((nr != SCMP_SYS(readlink) && nr != SCMP_SYS(readlinkat)) ||
	    read_string(fd, req, req->data.args[pa], path, sizeof(path)) < 0 ||
	    strcmp(path, "/proc/self/exe") != 0)
		return 0;
	CONTINUE(fd, st);
	return 1;
}

/* open(2) flags as words, the ones that decide the promise first. */
static void
open_flags(uint64_t f, char *buf, size_t len)
{
	static const struct { int bit; const char *name; } bits[] = {
		{ O_CREAT, "O_CREAT" }, { O_TRUNC, "O_TRUNC" },
		{ O_APPEND, "O_APPEND" }, { O_EXCL, "O_EXCL" },
		{ O_DIRECTORY, "O_DIRECTORY" }, { O_NOFOLLOW, "O_NOFOLLOW" },
		{ O_CLOEXEC, "O_CLOEXEC" }, { O_NONBLOCK, "O_NONBLOCK" },
	};
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
	    "O_ACCMODE" };
	size_t i, n;

	snprintf(buf, len, "%s", acc[f & O_ACCMODE]);
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if ((f & (uint64_t)bits[i].bit) == (uint64_t)bits[i].bit &&
		    (n = strlen(buf)) < len)
			snprintf(buf + n, len - n, "|%s", bits[i].name);
}

static const char *
domain_name(uint64_t d)
{
	switch (d) {
	case AF_UNIX:
		return "AF_UNIX";
	case AF_INET:
		return "AF_INET";
	case AF_INET6:
		return "AF_INET6";
	case AF_NETLINK:
		return "AF_NETLINK";
	case AF_PACKET:
		return "AF_PACKET";
	default:
		return NULL;
	}
}

/* The report's arguments: what the call was about, by kind of call. */
static void
format_args(int fd, const struct seccomp_notif *req, char *buf, size_t len)
{
	static const struct { const char *name; int path; } paths[] = {
		{ "open", 0 }, { "openat", 1 }, { "execve", 0 },
		{ "execveat", 1 }, { "stat", 0 }, { "lstat", 0 },
		{ "newfstatat", 1 }, { "statx", 1 }, { "access", 0 },
		{ "faccessat", 1 }, { "faccessat2", 1 }, { "readlink", 0 },
		{ "readlinkat", 1 }, { "chdir", 0 }, { "mkdir", 0 },
		{ "mkdirat", 1 }, { "rmdir", 0 }, { "unlink", 0 },
		{ "unlinkat", 1 }, { "rename", 0 }, { "renameat", 1 },
		{ "renameat2", 1 }, { "creat", 0 }, { "truncate", 0 },
		{ "chmod", 0 }, { "fchmodat", 1 }, { "chown", 0 },
		{ "lchown", 0 }, { "fchownat", 1 }, { "mknod", 0 },
		{ "mknodat", 1 }, { "link", 0 }, { "symlink", 1 },
		{ "utimensat", 1 }, { "statfs", 0 },
	};
	const uint64_t *a = (const uint64_t *)req->data.args;
	char *name, s[4096];
	size_t i;
	int nr = req->data.nr, pa = -1;

	name = seccomp_syscall_resolve_num_arch(req->data.arch, nr);
	for (i = 0; name != NULL && i < sizeof(paths) / sizeof(paths[0]); i++)
		if (strcmp(paths[i].name, name) == 0)
			pa = paths[i].path;
	free(name);
	if (pa >= 0 && read_string(fd, req, a[pa], s, sizeof(s)) == 0)
		snprintf(buf, len, "\"%s\"", s);
	else if (pa >= 0)
		snprintf(buf, len, "%#" PRIx64, a[pa]);
	else
		buf[0] = '\0';
	if (nr == SCMP_SYS(open) || nr == SCMP_SYS(openat)) {
		open_flags(a[pa + 1], s, sizeof(s));
		snprintf(buf + strlen(buf), len - strlen(buf), ", %s", s);
	} else if (nr == SCMP_SYS(socket) && domain_name(a[0]) != NULL)
		snprintf(buf, len, "%s, type %#" PRIx64 ", protocol %" PRIu64,
		    domain_name(a[0]), a[1], a[2]);
	else if (nr == SCMP_SYS(socket))
		snprintf(buf, len, "domain %" PRIu64 ", type %#" PRIx64
		    ", protocol %" PRIu64, a[0], a[1], a[2]);
	else if (nr == SCMP_SYS(mmap) || nr == SCMP_SYS(mprotect))
		snprintf(buf, len, "%#" PRIx64 ", %" PRIu64 ", prot %#" PRIx64,
		    a[0], a[1], a[2]);
	else if (nr == SCMP_SYS(ioctl) || nr == SCMP_SYS(fcntl) ||
	    nr == SCMP_SYS(setsockopt) || nr == SCMP_SYS(prctl))
		snprintf(buf, len, "%" PRId64 ", %#" PRIx64, (int64_t)(int)a[0],
		    a[1]);
	else if (nr == SCMP_SYS(kill) || nr == SCMP_SYS(tgkill))
		snprintf(buf, len, "%d, %d", (int)a[0],
		    (int)a[nr == SCMP_SYS(kill) ? 1 : 2]);
	else if (nr == SCMP_SYS(clone))
		snprintf(buf, len, "flags %#" PRIx64, a[0]);
	else if (nr == SCMP_SYS(sendto))
		snprintf(buf, len, "%d, to %#" PRIx64, (int)a[0], a[4]);
	else if (pa < 0)
		snprintf(buf, len, "%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64,
		    a[0], a[1], a[2]);
}

/* comm[pid]: pledge "promise", syscall name(args), as OpenBSD logs it. */
static void
report(int fd, struct pledge_state *st, const char *outcome)
{
	const struct seccomp_notif *req = st->req;
	char comm[64], words[256], args[4200], *name;
	uint64_t need;

	if (proc_read(req->pid, "comm", comm, sizeof(comm)) < 0)
		strlcpy(comm, "?", sizeof(comm));
	comm[strcspn(comm, "\n")] = '\0';
	if (pledge_needed_held(req->data.nr, (const uint64_t *)req->data.args,
	    own_pid_of(req->pid), st->promises, &need) == 0)
		pledge_words(need & ~st->promises, words, sizeof(words));
	else
		strlcpy(words, "(no promise allows it)", sizeof(words));
	format_args(fd, req, args, sizeof(args));
	name = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
	dprintf(STDERR_FILENO, "sandbox: %s[%d]: pledge \"%s\", syscall %d "
	    "%s(%s)%s\n", comm, (int)req->pid, words, req->data.nr,
	    name ? name : "?", args, outcome);
	free(name);
}

/*
 * OpenBSD's pledge kill is an uncatchable SIGABRT. Linux has none, so
 * SIGABRT goes to the thread only while its disposition is the default
 * and it is not blocked; otherwise SIGKILL.
 */
static void
punish(pid_t tid)
{
	uint64_t blk = 0, ign = 0, cgt = 0, bit = 1ULL << (SIGABRT - 1);
	pid_t tgid = tgid_of(tid);

	if (status_field(tid, "SigBlk", &blk) == 0 &&
	    status_field(tid, "SigIgn", &ign) == 0 &&
	    status_field(tid, "SigCgt", &cgt) == 0 &&
	    ((blk | ign | cgt) & bit) == 0 &&
	    syscall(SYS_tgkill, tgid, tid, SIGABRT) == 0)
		return;
	kill(tgid, SIGKILL);
}

static bool
is_exec(int nr)
{
	return nr == SCMP_SYS(execve) || nr == SCMP_SYS(execveat);
}

/*
 * execpromises narrow a new image from its preloaded library; a static
 * image runs none, so its exec is refused rather than left wider.
 */
static bool
exec_refused(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	char path[4096], host[4200], comm[64];
	int pa = req->data.nr == SCMP_SYS(execveat) ? 1 : 0;

	if (!st->narrow_exec)
		return false;
	if (read_string(fd, req, req->data.args[pa], path, sizeof(path)) < 0)
		return false;	/* the exec fails on its own (EFAULT) */
	/* /proc/self would be the supervisor's own. */
	if (strncmp(path, "/proc/self/", 11) == 0)
		snprintf(host, sizeof(host), "/proc/%d/%s", (int)req->pid,
		    path + 11);
	else
		snprintf(host, sizeof(host), "/proc/%d/%s/%s", (int)req->pid,
		    path[0] == '/' ? "root" : "cwd", path);
	if (pledge_elf_dynamic(host) != 0)
		return false;
	if (proc_read(req->pid, "comm", comm, sizeof(comm)) < 0)
		strlcpy(comm, "?", sizeof(comm));
	comm[strcspn(comm, "\n")] = '\0';
	if (st->verbosity >= 0)
		dprintf(STDERR_FILENO, "sandbox: %s[%d]: execpromises cannot "
		    "narrow the static program %s on Linux: exec refused\n",
		    comm, (int)req->pid, path);
	respond(fd, st, -EACCES, 0);
	return true;
}

static void
decide(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	const uint64_t *a = (const uint64_t *)req->data.args;
	uint64_t need, loose;
	pid_t pid = req->pid;
	int nr = req->data.nr;

	if (nr == SCMP_SYS(ioctl) && (uint32_t)a[0] == PLEDGE_MAGIC_FD &&
	    a[1] == PLEDGE_MAGIC_REQ) {
		loading_end(st, pid);
		respond(fd, st, -EBADF, 0);
		return;
	}
	if (is_exec(nr) && (st->promises & SB_PBIT(SB_P_EXEC))) {
		if (exec_refused(fd, st))
			return;
		loading_begin(st, pid);
		CONTINUE(fd, st);
		return;
	}
	/* What ld.so does: open read-only, map executable, stat. */
	loose = st->promises | SB_PBIT(SB_P_STDIO) | SB_PBIT(SB_P_RPATH) |
	    SB_PBIT(SB_P_PROT_EXEC);
	if (!is_exec(nr) && is_loading(st, pid) &&
	    pledge_needed_held(nr, a, own_pid_of(pid), loose, &need) == 0 &&
	    (need & ~loose) == 0) {
		CONTINUE(fd, st);
		return;
	}
	/* Kill to self from a forked process (the filter knows one pid). */
	if ((nr == SCMP_SYS(kill) || nr == SCMP_SYS(tgkill)) &&
	    (pid_t)a[0] == own_pid_of(pid) &&
	    (st->promises & SB_PBIT(SB_P_STDIO))) {
		CONTINUE(fd, st);
		return;
	}
	if (try_serve(fd, st) || try_by_name(fd, st))
		return;
	if (st->promises & SB_PBIT(SB_P_ERROR)) {
		if (st->verbosity > 0)
			report(fd, st, ": ENOSYS");
		respond(fd, st, -ENOSYS, 0);
		return;
	}
	if (st->verbosity >= 0)
		report(fd, st, "");
	punish(pid);
}

int
pledge_supervise(struct sandbox *sb, struct pledge_state *st, int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (!(p.revents & POLLIN))
		return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) ? -1 : 0;
	memset(st->req, 0, sizeof(*st->req));
	if (seccomp_notify_receive(fd, st->req) != 0)
		return 0;	/* the caller died meanwhile */
	decide(fd, st);
	return 0;
}
