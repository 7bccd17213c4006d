/*
 * learn_observe.c: the supervisor's side of a learning run. The filter
 * (learn_filter.c) is inherited by every thread, fork and exec of the
 * program and stops the calls a policy depends on. For each, the
 * supervisor reads the arguments, checks that the notification is still
 * valid (the caller may have died and its pid been reused), records, and
 * answers SECCOMP_USER_NOTIF_FLAG_CONTINUE: the kernel then runs the call
 * as if nothing had watched.
 */
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "../backends/pledge.h"
#include "learn.h"
#include "promises.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH	0x1000
#endif

struct note {
	struct sb_learn		*l;
	const struct seccomp_notif *n;
	int			 fd;		/* the listener */
	bool			 judged;	/* promises taken from the table */
};

static pid_t	tgid_of(pid_t);

static void
promise(struct sb_learn *l, int p)
{
	if (p >= 0)
		l->promises |= SB_PBIT(p);
}

static bool
prefixed(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Opens by the dynamic loader need no promise: the loader runs first. */
static bool
loader_file(const struct sb_learn *l, const char *path)
{
	return strcmp(path, "/etc/ld.so.cache") == 0 ||
	    strcmp(path, "/etc/ld.so.preload") == 0 ||
	    strstr(path, "/glibc-hwcaps/") != NULL ||
	    sb_strv_contains(&l->closure, path);
}

/* Paths pledge(2) lets through without a path promise. */
static bool
free_path(const char *path)
{
	return strcmp(path, "/dev/null") == 0 ||
	    strcmp(path, "/etc/localtime") == 0 ||
	    prefixed(path, "/usr/share/zoneinfo");
}

static bool
has_nr(const struct sb_learn *l, long nr)
{
	size_t i;

	for (i = 0; i < l->nunknown; i++)
		if (l->unknown[i] == nr)
			return true;
	return false;
}

/* The promises the pledge table asks for this call, once per call. */
static void
table_promise(struct note *t)
{
	const uint64_t *a = (const uint64_t *)t->n->data.args;
	long nr = t->n->data.nr;
	uint64_t need;
	pid_t self = 0;

	if (t->judged)
		return;
	t->judged = true;
	if (nr == SYS_kill || nr == SYS_tkill || nr == SYS_tgkill)
		self = tgid_of((pid_t)t->n->pid);
	if (nr == SYS_tkill)	/* the table knows kill and tgkill */
		need = tgid_of((pid_t)a[0]) == self ? SB_PBIT(SB_P_STDIO) :
		    SB_PBIT(SB_P_PROC);
	else if (sb_pledge_needed((int)nr, a, self, &need) < 0) {
		if (t->l->nunknown < SB_LEARN_MAXUNKNOWN && !has_nr(t->l, nr))
			t->l->unknown[t->l->nunknown++] = nr;
		return;
	}
	t->l->promises |= need;
}

/*
 * Path calls: the table's promises, unless the loader made the call (it
 * runs before the promises apply) or pledge(2) lets the path through; and
 * the path promises OpenBSD would ask for the files themselves.
 */
static void
path_promises(struct note *t, const char *path)
{
	if (free_path(path) || loader_file(t->l, path))
		return;
	table_promise(t);
	if (strcmp(path, "/etc/passwd") == 0 || strcmp(path, "/etc/group") == 0)
		promise(t->l, SB_P_GETPW);
	if (strcmp(path, "/etc/hosts") == 0 ||
	    strcmp(path, "/etc/resolv.conf") == 0)
		promise(t->l, SB_P_DNS);
}

/* Counted, not recorded: the policy says what it makes of them. */
static int
proc_counted(struct note *t, unsigned long *count)
{
	(*count)++;
	table_promise(t);
	return -ESRCH;
}

/* A process's own /proc entry: the first process's is recorded. */
static int
self_entry(struct note *t)
{
	if (tgid_of((pid_t)t->n->pid) != t->l->main_tgid)
		return proc_counted(t, &t->l->child_proc);
	return 0;
}

/* path with its first n bytes replaced by to. */
static int
replace_prefix(char *path, size_t len, size_t n, const char *to)
{
	char rest[PATH_MAX];

	strlcpy(rest, path + n, sizeof(rest));
	if ((size_t)snprintf(path, len, "%s%s", to, rest) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * /proc/PID/...: a pid is another number on every run, so a policy names
 * the caller's own entries as /proc/self or /proc/thread-self (relative
 * paths from a directory descriptor on /proc/self come back from the
 * kernel with the pid in them). Another process's entries, and those a
 * child of the first process reads of itself (Landlock grants /proc/self
 * per process: the one that applied the rule), are counted instead
 * (learn_write.c). Returns 0, or -ESRCH for a counted entry.
 */
static int
own_proc(struct note *t, char *path, size_t len)
{
	char rest[PATH_MAX];
	const char *self;
	pid_t tid = (pid_t)t->n->pid, tgid;
	unsigned long n;
	char *end;

	/* A link to /proc/self/fd: the supervisor's own, were it resolved. */
	if (prefixed(path, "/dev/fd") &&
	    replace_prefix(path, len, 7, "/proc/self/fd") < 0)
		return -ENAMETOOLONG;
	if (prefixed(path, "/proc/self") || prefixed(path, "/proc/thread-self"))
		return self_entry(t);
	if (strncmp(path, "/proc/", 6) != 0 || path[6] < '0' || path[6] > '9')
		return 0;
	n = strtoul(path + 6, &end, 10);
	if (*end != '/' && *end != '\0')
		return 0;
	tgid = tgid_of(tid);
	if (n == (unsigned long)tgid)
		self = "/proc/self";
	else if (n == (unsigned long)tid)
		self = "/proc/thread-self";
	else
		return proc_counted(t, &t->l->other_proc);
	strlcpy(rest, end, sizeof(rest));
	/* /proc/PID/task/TID: the calling thread's own, by another name. */
	if (strncmp(rest, "/task/", 6) == 0 && rest[6] >= '0' &&
	    rest[6] <= '9' && strtoul(rest + 6, &end, 10) ==
	    (unsigned long)tid && (*end == '/' || *end == '\0')) {
		self = "/proc/thread-self";
		memmove(rest, end, strlen(end) + 1);
	}
	if ((size_t)snprintf(path, len, "%s%s", self, rest) >= len)
		return -ENAMETOOLONG;
	return self_entry(t);
}

/* Read the path argument at addr relative to dirfd; 0 or -errno. */
static int
arg_path(struct note *t, int dirfd, uint64_t addr, char *out,
    size_t len)
{
	char raw[PATH_MAX];
	int r;

	if ((r = sb_learn_read_string((pid_t)t->n->pid, addr, raw,
	    sizeof(raw))) < 0)
		return r;
	if (raw[0] == '\0')
		return -ENOENT;		/* AT_EMPTY_PATH: an fd, not a path */
	if ((r = sb_learn_abspath((pid_t)t->n->pid, dirfd, raw, out, len)) < 0)
		return r;
	return own_proc(t, out, len);
}

static bool
valid(struct note *t)
{
	return seccomp_notify_id_valid(t->fd, t->n->id) == 0;
}

static void
record(struct note *t, const char *path, unsigned perms, unsigned how)
{
	sb_learn_path(t->l, path, perms, how);
	path_promises(t, path);
}

/* A create or remove in path's directory: c on the directory. */
static void
record_parent(struct note *t, const char *path, unsigned how)
{
	char dir[PATH_MAX];
	char *slash;

	strlcpy(dir, path, sizeof(dir));
	if ((slash = strrchr(dir, '/')) == NULL)
		return;
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	sb_learn_path(t->l, dir, SANDBOX_UNVEIL_C, 0);
	sb_learn_path(t->l, path, 0, how);
	path_promises(t, path);
}

static void
on_open(struct note *t, int dirfd, uint64_t addr, uint64_t flags)
{
	char path[PATH_MAX];
	struct stat st;
	unsigned perms = 0, how = 0;
	bool exists;

	if (arg_path(t, dirfd, addr, path, sizeof(path)) < 0 || !valid(t))
		return;
	exists = stat(path, &st) == 0;
	if (flags & O_PATH) {
		record(t, path, 0, SB_LP_LOOKUP);
		return;
	}
	switch (flags & O_ACCMODE) {
	case O_RDONLY: perms = SANDBOX_UNVEIL_R; break;
	case O_WRONLY: perms = SANDBOX_UNVEIL_W; break;
	default: perms = SANDBOX_UNVEIL_R | SANDBOX_UNVEIL_W; break;
	}
	if (flags & O_TRUNC)
		perms |= SANDBOX_UNVEIL_W;
	if ((flags & O_DIRECTORY) || (exists && S_ISDIR(st.st_mode)))
		how |= SB_LP_LIST;
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		/* An unnamed file in the directory path: written, made there. */
		record(t, path, SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C, 0);
		return;
	}
	if ((flags & O_CREAT) && !exists)
		record_parent(t, path, SB_LP_CREATED);
	record(t, path, perms, how);
}

static void
on_exec(struct note *t, int dirfd, uint64_t addr)
{
	char path[PATH_MAX], interp[PATH_MAX];
	bool script;

	if (t->l->main_tgid == 0)	/* the launch: the first process */
		t->l->main_tgid = tgid_of((pid_t)t->n->pid);
	if (arg_path(t, dirfd, addr, path, sizeof(path)) < 0 || !valid(t))
		return;
	/* Linux reads the file it executes: Landlock wants r with x. */
	sb_learn_path(t->l, path, SANDBOX_UNVEIL_R | SANDBOX_UNVEIL_X,
	    SB_LP_EXEC);
	if (sb_learn_exec_interp(path, interp, sizeof(interp), &script) == 0) {
		if (script)
			sb_learn_path(t->l, path, SANDBOX_UNVEIL_R, 0);
		sb_learn_path(t->l, interp, SANDBOX_UNVEIL_R |
		    SANDBOX_UNVEIL_X, script ? SB_LP_EXEC : SB_LP_INTERP);
	}
	/* The first exec is the launch itself, not the program's doing. */
	if (t->l->execs++ > 0)
		table_promise(t);
}

static void
on_lookup(struct note *t, int dirfd, uint64_t addr, unsigned perms)
{
	char path[PATH_MAX];

	if (arg_path(t, dirfd, addr, path, sizeof(path)) < 0 || !valid(t))
		return;
	record(t, path, perms, perms ? 0 : SB_LP_LOOKUP);
}

static void
on_change(struct note *t, int dirfd, uint64_t addr, unsigned how)
{
	char path[PATH_MAX];

	if (arg_path(t, dirfd, addr, path, sizeof(path)) < 0 || !valid(t))
		return;
	record_parent(t, path, how);
}

/*
 * mkdir, mknod, link, symlink: when the path is there already the call
 * fails with EEXIST, and the path was only looked up (mkdir -p tries every
 * directory on the way, / included). A rename's target is made whether or
 * not one was there: a new file replaces the old.
 */
static void
on_make(struct note *t, int dirfd, uint64_t addr)
{
	char path[PATH_MAX];
	struct stat st;

	if (arg_path(t, dirfd, addr, path, sizeof(path)) < 0 || !valid(t))
		return;
	if (lstat(path, &st) == 0)
		record(t, path, 0, SB_LP_LOOKUP);
	else
		record_parent(t, path, SB_LP_CREATED);
}

/* Ports the kernel hands out on its own: another run, another port. */
static unsigned
ephemeral_low(void)
{
	static unsigned low;
	FILE *f;

	if (low == 0) {
		low = 32768;
		if ((f = fopen("/proc/sys/net/ipv4/ip_local_port_range",
		    "re")) != NULL) {
			if (fscanf(f, "%u", &low) != 1)
				low = 32768;
			fclose(f);
		}
	}
	return low;
}

/* A socket address: ports for inet, the path for unix sockets. */
static void
on_sockaddr(struct note *t, uint64_t addr, uint64_t len, bool bind)
{
	struct sockaddr_storage ss;
	struct sockaddr_un *un = (struct sockaddr_un *)&ss;
	unsigned port = 0;

	memset(&ss, 0, sizeof(ss));
	if (len > sizeof(ss))
		len = sizeof(ss);
	if (addr == 0 || len < sizeof(sa_family_t) ||
	    sb_learn_read_mem((pid_t)t->n->pid, addr, &ss, len) < 0 ||
	    !valid(t))
		return;
	if (ss.ss_family == AF_INET)
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	else if (ss.ss_family == AF_INET6)
		port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	else if (ss.ss_family == AF_UNIX && un->sun_path[0] == '/') {
		un->sun_path[sizeof(un->sun_path) - 1] = '\0';
		if (bind)
			record_parent(t, un->sun_path, SB_LP_CREATED);
		else if (access(un->sun_path, F_OK) == 0)	/* nscd: absent */
			sb_learn_path(t->l, un->sun_path, SANDBOX_UNVEIL_W, 0);
		return;
	}
	if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6)
		return;
	if (!bind && port == 53) {
		t->l->dns = true;
		return;
	}
	t->l->inet = true;
	if (port < ephemeral_low())
		sb_learn_port(t->l, bind, port);
	else
		t->l->ephemeral = true;
}

/* The thread group of a thread, from /proc. */
static pid_t
tgid_of(pid_t tid)
{
	char path[64], line[128];
	FILE *f;
	long v = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Tgid: %ld", &v) == 1)
			break;
	fclose(f);
	return (pid_t)v;
}

static void
on_exec_map(struct note *t, const uint64_t *a)
{
	char path[PATH_MAX];

	/* A PROT_EXEC mapping of a library the loader maps needs nothing. */
	if (t->n->data.nr == SYS_mmap && (int)a[4] >= 0 &&
	    sb_learn_fdpath((pid_t)t->n->pid, (int)a[4], path,
	    sizeof(path)) == 0 && loader_file(t->l, path))
		return;
	table_promise(t);
}

/* Calls with a path argument; false when nr is not one. */
static bool
observe_path(struct note *t, long nr, const uint64_t *a)
{
	uint64_t how2[1];

	switch (nr) {
	case SYS_open: on_open(t, AT_FDCWD, a[0], a[1]); break;
	case SYS_creat: on_open(t, AT_FDCWD, a[0], O_CREAT | O_WRONLY |
	    O_TRUNC); break;
	case SYS_openat: on_open(t, (int)a[0], a[1], a[2]); break;
	case SYS_openat2:
		if (sb_learn_read_mem((pid_t)t->n->pid, a[2], how2,
		    sizeof(how2)) == 0)
			on_open(t, (int)a[0], a[1], how2[0]);
		break;
	case SYS_execve: on_exec(t, AT_FDCWD, a[0]); break;
	case SYS_execveat: on_exec(t, (int)a[0], a[1]); break;
	case SYS_stat: case SYS_lstat: case SYS_access: case SYS_readlink:
	case SYS_chdir:
		on_lookup(t, AT_FDCWD, a[0], 0); break;
	case SYS_newfstatat: case SYS_statx: case SYS_faccessat:
	case SYS_faccessat2: case SYS_readlinkat:
		on_lookup(t, (int)a[0], a[1], 0); break;
	case SYS_truncate: case SYS_chmod: case SYS_chown: case SYS_lchown:
	case SYS_utimes:
		on_lookup(t, AT_FDCWD, a[0], SANDBOX_UNVEIL_W); break;
	case SYS_fchmodat: case SYS_fchownat: case SYS_futimesat:
		on_lookup(t, (int)a[0], a[1], SANDBOX_UNVEIL_W); break;
	case SYS_utimensat:
		if (a[1] != 0)
			on_lookup(t, (int)a[0], a[1], SANDBOX_UNVEIL_W);
		break;
	case SYS_mkdir: case SYS_mknod:
		on_make(t, AT_FDCWD, a[0]); break;
	case SYS_mkdirat: case SYS_mknodat:
		on_make(t, (int)a[0], a[1]); break;
	case SYS_rmdir: case SYS_unlink:
		on_change(t, AT_FDCWD, a[0], 0); break;
	case SYS_unlinkat:
		on_change(t, (int)a[0], a[1], 0); break;
	case SYS_rename:
		on_change(t, AT_FDCWD, a[0], 0);
		on_change(t, AT_FDCWD, a[1], SB_LP_CREATED); break;
	case SYS_renameat: case SYS_renameat2:
		on_change(t, (int)a[0], a[1], 0);
		on_change(t, (int)a[2], a[3], SB_LP_CREATED); break;
	case SYS_link: case SYS_symlink:
		on_make(t, AT_FDCWD, a[1]); break;
	case SYS_linkat:
		on_make(t, (int)a[2], a[3]); break;
	case SYS_symlinkat:
		on_make(t, (int)a[1], a[2]); break;
	default:
		return false;
	}
	return true;
}

/* Socket calls whose promise the socket's creation already decided. */
static bool
socket_call(long nr)
{
	switch (nr) {
	case SYS_getsockname: case SYS_getpeername: case SYS_setsockopt:
	case SYS_getsockopt: case SYS_listen: case SYS_accept:
	case SYS_accept4: case SYS_shutdown: case SYS_recvfrom:
	case SYS_recvmsg: case SYS_sendmsg: case SYS_sendmmsg:
	case SYS_recvmmsg:
		return true;
	default:
		return false;
	}
}

static void
observe(struct note *t)
{
	const uint64_t *a = (const uint64_t *)t->n->data.args;
	long nr = t->n->data.nr;

	t->l->notes++;
	if (t->n->data.arch != seccomp_arch_native())
		return;
	switch (nr) {
	case SYS_connect: on_sockaddr(t, a[1], a[2], false); return;
	case SYS_bind: on_sockaddr(t, a[1], a[2], true); return;
	case SYS_sendto: on_sockaddr(t, a[4], a[5], false); return;
	case SYS_mmap: case SYS_mprotect: case SYS_pkey_mprotect:
		on_exec_map(t, a); return;
	default:
		break;
	}
	if (observe_path(t, nr, a) || socket_call(nr))
		return;
	if (nr == SYS_socket && ((int)a[0] == AF_INET ||
	    (int)a[0] == AF_INET6)) {
		t->l->inet_socket = true;	/* inet or dns: see connect */
		return;
	}
	table_promise(t);
}

/* The listener is readable: serve one notification; -1 stops watching. */
int
sb_learn_ready(struct sandbox *sb, int fd, void *arg)
{
	struct sb_learn *l = arg;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct pollfd p = { fd, POLLIN, 0 };
	struct note t;

	if (poll(&p, 1, 0) == 1 && !(p.revents & POLLIN)) {
		close(fd);	/* every observed process is gone */
		l->listener = -1;
		return -1;
	}
	/* Allocated once: libseccomp asks the kernel for the sizes. */
	if (l->req == NULL && seccomp_notify_alloc(&l->req, &l->resp) < 0)
		return 0;
	req = l->req;
	resp = l->resp;
	memset(req, 0, sizeof(*req));
	if (seccomp_notify_receive(fd, req) == 0) {
		t = (struct note){ l, req, fd, false };
		observe(&t);
		memset(resp, 0, sizeof(*resp));
		resp->id = req->id;
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		seccomp_notify_respond(fd, resp);
	}
	return 0;
}
