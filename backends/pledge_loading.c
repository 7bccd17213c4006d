/*
 * pledge_loading.c: what a dynamic image may read while the system's
 * loader maps it, beyond its promises. The loader opens shared objects and
 * its cache, stats the directories it searches, and probes paths that do
 * not exist; the supervisor does each of these itself, in the program's
 * root, and hands over the result, so that nothing else is read under
 * cover of the loading phase (a constructor of the program's own that
 * runs before the preloaded library) and no path can be swapped between
 * the check and the use. Libraries' constructors that run then (before
 * the preloaded library's) also ask what file system a path is on
 * (libselinux: is selinuxfs mounted?), read public facts of the kernel
 * (libcap: the last capability; libgomp, libnuma: the CPUs; jemalloc:
 * overcommit, huge pages) and the process's own status (libnuma), and
 * look for configuration links that are not there (jemalloc).
 */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pledge_sv.h"

/* Files read then that are not shared objects; all public. */
static const char *const loader_files[] = {
	"/etc/ld.so.cache", "/etc/ld.so.preload", "/proc/filesystems",
	"/proc/sys/kernel/cap_last_cap", "/proc/sys/vm/overcommit_memory",
	"/proc/stat", "/sys/devices/system/cpu/possible",
	"/sys/devices/system/cpu/online",
	"/sys/kernel/mm/transparent_hugepage/enabled",
	"/sys/kernel/mm/transparent_hugepage/defrag", NULL
};

/*
 * /proc/self/status of the program, not of the supervisor: named by the
 * program's pid as its own /proc (a pid namespace's) numbers it.
 */
static bool
own_status(pid_t pid, char *path, size_t len)
{
	if (strcmp(path, "/proc/self/status") != 0)
		return false;
	snprintf(path, len, "/proc/%d/status", (int)pl_own_pid_of(pid));
	return true;
}

static bool
loader_file(const char *path)
{
	const char *const *f;

	for (f = loader_files; *f != NULL; f++)
		if (strcmp(path, *f) == 0)
			return true;
	return false;
}

/* Does f hold an ELF file (a shared object, the loader, a program)? */
static bool
is_elf(int f)
{
	unsigned char magic[4];

	return pread(f, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "\177ELF", 4) == 0;
}

/*
 * Open path in the program's root, once: what is classified is what is
 * handed over or stat'ed, so that no link swapped meanwhile changes it.
 * First without reading (a device is not opened), then, for a regular
 * file, reopened through that descriptor to read its magic.
 * *kind: 1 a file the loader reads, 2 a directory it searches, 0
 * anything else. Returns the descriptor, or a negative errno (ENOENT:
 * a probe).
 */
static int
loader_open(const struct pledge_state *st, const char *path, bool nofollow,
    struct stat *sb, int *kind)
{
	struct pl_saved sv;
	char self[64];
	int p, f, taken;

	*kind = 0;
	if ((p = pl_open_in_root(st, path, O_PATH |
	    (nofollow ? O_NOFOLLOW : 0))) < 0)
		return p;
	if (fstat(p, sb) < 0) {
		close(p);
		return -EACCES;
	}
	if (S_ISDIR(sb->st_mode))
		*kind = 2;
	if (!S_ISREG(sb->st_mode))
		return p;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", p);
	/* Read as the program may read it (pledge_cred.c). */
	if ((taken = pl_cred_begin(st, &sv)) < 0) {
		close(p);
		return taken;
	}
	f = open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (taken)
		pl_cred_end(&sv);
	close(p);
	if (f < 0)
		return -EACCES;
	if (loader_file(path) || is_elf(f))
		*kind = 1;
	return f;
}

/* A link looked for and not there: absent, as the program would find. */
static int
try_readlink(int fd, struct pledge_state *st, const uint64_t *a, int pa)
{
	char path[4096];
	int f;

	if (pl_read_string(fd, st->req, a[pa], path, sizeof(path)) < 0 ||
	    path[0] != '/')
		return 0;
	if ((f = pl_open_in_root(st, path, O_PATH |
	    O_NOFOLLOW)) >= 0) {
		close(f);
		return 0;	/* there: reading it is a promise's */
	}
	pl_respond(fd, st, f, 0);
	return 1;
}

/*
 * access(2): whether a path is there (the loader's preload list,
 * libselinux's configuration), answered here; nothing is read.
 */
static int
try_access(int fd, struct pledge_state *st, const uint64_t *a, int pa)
{
	char path[4096];
	int f;

	if (pl_read_string(fd, st->req, a[pa], path, sizeof(path)) < 0 ||
	    path[0] != '/')
		return 0;
	if ((f = pl_open_in_root(st, path, O_PATH)) >= 0)
		close(f);
	pl_respond(fd, st, f < 0 ? f : 0, 0);
	return 1;
}

int
pl_try_loading(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	const uint64_t *a = (const uint64_t *)req->data.args;
	char path[4096];
	struct stat sb;
	uint64_t buf;
	bool nofollow;
	int nr = req->data.nr, pa, flags, kind, f;

	if (nr == SCMP_SYS(access) || nr == SCMP_SYS(faccessat))
		return try_access(fd, st, a, nr == SCMP_SYS(access) ? 0 : 1);
	if (nr == SCMP_SYS(readlink) || nr == SCMP_SYS(readlinkat))
		return try_readlink(fd, st, a, nr == SCMP_SYS(readlink) ? 0 :
		    1);
	if (nr == SCMP_SYS(statfs)) {
		PL_CONTINUE(fd, st);	/* a file system's type and size */
		return 1;
	}
	if (!pl_served_call(nr, a, &pa, &flags, &buf, &nofollow) ||
	    (flags & (O_ACCMODE | O_CREAT | O_TRUNC)) != O_RDONLY ||
	    pl_read_string(fd, req, a[pa], path, sizeof(path)) < 0 ||
	    path[0] != '/')
		return 0;
	if (buf == 0 && own_status(req->pid, path, sizeof(path))) {
		pl_serve_open(fd, st, path, flags);
		return 1;
	}
	if ((f = loader_open(st, path, nofollow, &sb, &kind)) < 0) {
		pl_respond(fd, st, f, 0);	/* a probe: absent here */
		return 1;
	}
	if (kind == 1 && buf == 0) {
		pl_serve_fd(fd, st, f, flags);
		return 1;
	}
	close(f);
	if (kind == 0 || buf == 0)
		return 0;	/* not the loader's: as after loading */
	pl_answer_stat(fd, st, &sb, buf);
	return 1;
}
