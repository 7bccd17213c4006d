/*
 * pledge_report.c: the violation report, as OpenBSD's kernel logs it, and
 * the punishment, SIGABRT as on OpenBSD.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>
/* strnvisx() only: no strnvis() whose argument order differs by BSD. */
#define LIBBSD_OPENBSD_VIS
#include <bsd/vis.h>

#include "pledge.h"
#include "pledge_sv.h"
#include "sb_internal.h"

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

static const char *
resource_name(uint64_t r)
{
	static const char *const names[] = {
		"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
		"RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
		"RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
		"RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",
		"RLIMIT_RTPRIO", "RLIMIT_RTTIME",
	};

	return r < sizeof(names) / sizeof(names[0]) ? names[r] : NULL;
}

static void
limit_value(rlim_t v, char *buf, size_t len)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, len, "RLIM_INFINITY");
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

/* setrlimit(2), prlimit(2): the resource by name, the new limits read. */
static void
format_rlimit(const struct seccomp_notif *req, char *buf, size_t len)
{
	const uint64_t *a = (const uint64_t *)req->data.args;
	bool pr = req->data.nr == SCMP_SYS(prlimit64);
	uint64_t res = a[pr ? 1 : 0], at = a[pr ? 2 : 1];
	struct rlimit rl;
	struct iovec local = { &rl, sizeof(rl) }, remote;
	char cur[32], max[32];
	size_t n;

	buf[0] = '\0';
	if (pr)
		snprintf(buf, len, "%d, ", (int)a[0]);
	n = strlen(buf);
	if (resource_name(res) != NULL)
		snprintf(buf + n, len - n, "%s", resource_name(res));
	else
		snprintf(buf + n, len - n, "%" PRIu64, res);
	n = strlen(buf);
	remote = (struct iovec){ (void *)(uintptr_t)at, sizeof(rl) };
	if (at != 0 && process_vm_readv(req->pid, &local, 1, &remote, 1, 0) ==
	    (ssize_t)sizeof(rl)) {
		limit_value(rl.rlim_cur, cur, sizeof(cur));
		limit_value(rl.rlim_max, max, sizeof(max));
		snprintf(buf + n, len - n, ", {cur %s, max %s}", cur, max);
	} else
		snprintf(buf + n, len - n, ", %#" PRIx64, at);
	n = strlen(buf);
	if (pr)
		snprintf(buf + n, len - n, ", %#" PRIx64, a[3]);
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
	char *name, s[1024], v[4 * sizeof(s)];
	size_t i;
	int nr = req->data.nr, pa = -1;

	name = seccomp_syscall_resolve_num_arch(req->data.arch, nr);
	for (i = 0; name != NULL && i < sizeof(paths) / sizeof(paths[0]); i++)
		if (strcmp(paths[i].name, name) == 0)
			pa = paths[i].path;
	free(name);
	if (pa >= 0 && pl_read_string(fd, req, a[pa], s, sizeof(s)) == 0) {
		pl_visible(v, sizeof(v), s);
		snprintf(buf, len, "\"%s\"", v);
	}
	else if (pa >= 0)
		snprintf(buf, len, "%#" PRIx64, a[pa]);
	else
		buf[0] = '\0';
	if (nr == SCMP_SYS(open) || nr == SCMP_SYS(openat)) {
		open_flags(a[pa + 1], s, sizeof(s));
		snprintf(buf + strlen(buf), len - strlen(buf), ", %s", s);
	} else if (nr == SCMP_SYS(chmod) || nr == SCMP_SYS(fchmodat) ||
	    nr == SCMP_SYS(mknod) || nr == SCMP_SYS(mknodat))
		snprintf(buf + strlen(buf), len - strlen(buf), ", %#" PRIo64,
		    a[pa + 1]);
	else if (nr == SCMP_SYS(fchmod))
		snprintf(buf, len, "%d, %#" PRIo64, (int)a[0], a[1]);
	else if (nr == SCMP_SYS(socket) && domain_name(a[0]) != NULL)
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
	else if (nr == SCMP_SYS(prlimit64) || nr == SCMP_SYS(setrlimit))
		format_rlimit(req, buf, len);
	else if (nr == SCMP_SYS(sendmsg))
		snprintf(buf, len, "%d, msg %#" PRIx64 " (with an address)",
		    (int)a[0], a[1]);
	else if (pa < 0)
		snprintf(buf, len, "%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64,
		    a[0], a[1], a[2]);
}

/*
 * Bytes the program controls (its name, the paths it passes) reach the
 * user's terminal: encoded with vis(3), a newline cannot forge a report
 * line nor an escape sequence drive the terminal.
 */
void
pl_visible(char *dst, size_t dlen, const char *src)
{
	/* A byte takes at most four ("\ooo"); room is kept for "...". */
	size_t n = strlen(src), fit = dlen > 8 ? (dlen - 4) / 4 : 0;

	dst[0] = '\0';
	strnvisx(dst, dlen, src, n > fit ? fit : n,
	    VIS_CSTYLE | VIS_TAB | VIS_NL | VIS_DQ | VIS_OCTAL);
	if (n > fit)
		strlcat(dst, "...", dlen);	/* cut short, and says so */
}

/* The program's name from /proc, made visible. */
void
pl_comm(pid_t pid, char *buf, size_t len)
{
	char comm[64];

	if (pl_proc_read(pid, "comm", comm, sizeof(comm)) < 0)
		strlcpy(comm, "?", sizeof(comm));
	comm[strcspn(comm, "\n")] = '\0';
	pl_visible(buf, len, comm);
}

/* comm[pid]: pledge "promise", syscall name(args), as OpenBSD logs it. */
/*
 * tmppath alone would also allow the call, on a file under /tmp (where
 * OpenBSD confines it): the report names both ways.
 */
static bool
tmppath_would(const struct pledge_state *st, const char *args)
{
	const struct seccomp_notif *req = st->req;
	const uint64_t tmp = SB_PBIT(SB_P_TMPPATH);

	if ((st->promises & tmp) || strncmp(args, "\"/tmp/", 6) != 0)
		return false;
	return pledge_allows(req->data.nr, (const uint64_t *)req->data.args,
	    pl_own_pid_of(req->pid), st->promises | tmp);
}

/*
 * The promises that would allow the call, every way: "id" or "proc". A
 * rule whose promises are held but which the supervisor still refused
 * (sendmsg with an address) is no answer.
 */
static void
missing_words(const struct pledge_state *st, char *words, size_t len)
{
	const struct seccomp_notif *req = st->req;
	const uint64_t *a = (const uint64_t *)req->data.args;
	pid_t self = pl_own_pid_of(req->pid);
	uint64_t need = 0, alt[8];
	size_t i, n;
	char w[128];

	words[0] = '\0';
	if (pledge_needed_held(req->data.nr, a, self, st->promises,
	    &need) != 0)
		need = 0;
	else if ((need & ~st->promises) != 0)
		sb_promises_words(need & ~st->promises, words, len);
	n = pledge_alternatives(req->data.nr, a, self, st->promises, need,
	    alt, sizeof(alt) / sizeof(alt[0]));
	for (i = 0; i < n; i++) {
		sb_promises_words(alt[i], w, sizeof(w));
		if (words[0] != '\0')
			strlcat(words, "\" or \"", len);
		strlcat(words, w, len);
	}
	if (words[0] == '\0')
		strlcpy(words, "(no promise allows it)", len);
}

void
pl_report(int fd, struct pledge_state *st, const char *outcome)
{
	const struct seccomp_notif *req = st->req;
	char comm[SB_COMM_VIS], words[256], args[4200], *name;

	pl_comm(req->pid, comm, sizeof(comm));
	missing_words(st, words, sizeof(words));
	format_args(fd, req, args, sizeof(args));
	if (tmppath_would(st, args))
		strlcat(words, "\" or \"tmppath", sizeof(words));
	name = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
	sb_report(st->sb, "%s[%d]: pledge \"%s\", syscall %d "
	    "%s(%s)%s", comm, (int)req->pid, words, req->data.nr,
	    name ? name : "?", args, outcome);
	free(name);
}

void
pl_violation(int fd, struct pledge_state *st)
{
	if (st->promises & SB_PBIT(SB_P_ERROR)) {
		if (st->verbosity > 0)
			pl_report(fd, st, ": ENOSYS");
		pl_respond(fd, st, -ENOSYS, 0);
		return;
	}
	if (st->verbosity >= 0)
		pl_report(fd, st, "");
	pl_punish(st->req->pid);
}

/*
 * OpenBSD's pledge kill is an uncatchable SIGABRT. Linux has none, so
 * SIGABRT goes to the thread only while its disposition is the default
 * and it is not blocked; otherwise SIGKILL. The init of a pid namespace
 * (a nested sandbox's) ignores a default SIGABRT: SIGKILL, or its call
 * would wait for an answer forever.
 */
void
pl_punish(pid_t tid)
{
	uint64_t blk = 0, ign = 0, cgt = 0, bit = 1ULL << (SIGABRT - 1);
	pid_t tgid = pl_tgid_of(tid);

	if (pl_own_pid_of(tid) != 1 &&
	    pl_status_field(tid, "SigBlk", &blk) == 0 &&
	    pl_status_field(tid, "SigIgn", &ign) == 0 &&
	    pl_status_field(tid, "SigCgt", &cgt) == 0 &&
	    ((blk | ign | cgt) & bit) == 0 &&
	    syscall(SYS_tgkill, tgid, tid, SIGABRT) == 0)
		return;
	kill(tgid, SIGKILL);
}

