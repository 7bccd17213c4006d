/*
 * pledge.c: the pledge backend. The parent checks the promises, finds out
 * whether the program needs the dynamic loader and, if so, preloads the
 * library that ends the loading phase. The child builds one seccomp filter
 * just before execve and passes its listener to the parent, which serves
 * it (pledge_supervise.c) while the program runs. Without a supervisor
 * (sandbox_exec, or a pledge already listening above us) violations kill.
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bsd/string.h>

#include "pledge.h"
#include "pledge_elf.h"
#include "sb_internal.h"

#ifndef SB_LIBDIR
#define SB_LIBDIR	"/usr/local/lib"
#endif

struct pledge_priv {
	uint64_t		 promises;
	uint64_t		 execpromises;
	bool			 has_exec;	/* execpromises given */
	bool			 dynamic;
	dev_t			 lib_dev;	/* the preloaded library */
	ino_t			 lib_ino;
	int			 listener;
	struct pledge_state	*st;
};

static struct pledge_priv *
priv_of(struct sandbox *sb)
{
	return sb->priv[SB_SLOT_PLEDGE];
}

static void
pledge_release(struct sandbox *sb)
{
	struct pledge_priv *p = priv_of(sb);

	if (p == NULL)
		return;
	if (p->listener >= 0)
		close(p->listener);
	pledge_state_free(p->st);
	free(p);
	sb->priv[SB_SLOT_PLEDGE] = NULL;
}

/* dir/name when it exists, into buf, as an absolute path. */
static bool
try_dir(const char *dir, const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s%s/%s", dir, rel, PLEDGE_PRELOAD);
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    realpath(path, real) == NULL)
		return false;
	return strlcpy(buf, real, len) < len;
}

/*
 * Next to libsandbox.so or in its sandbox/ directory (where it is
 * installed, also under DESTDIR), next to the command or in its
 * ../lib/sandbox, or in the compiled-in lib dir.
 */
static int
preload_find(char *buf, size_t len)
{
	char self[PATH_MAX], *dir;
	Dl_info di;
	ssize_t n;

	if (dladdr((void *)&preload_find, &di) != 0 && di.dli_fname != NULL &&
	    strlcpy(self, di.dli_fname, sizeof(self)) < sizeof(self) &&
	    strchr(self, '/') != NULL) {
		dir = dirname(self);
		if (try_dir(dir, "", buf, len) ||
		    try_dir(dir, "/sandbox", buf, len))
			return 0;
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		dir = dirname(self);
		if (try_dir(dir, "", buf, len) ||
		    try_dir(dir, "/../lib/sandbox", buf, len))
			return 0;
	}
	if (try_dir(SB_LIBDIR, "/sandbox", buf, len))
		return 0;
	return -ENOENT;
}

/*
 * The library must be readable by the program's identity, or ld.so skips
 * it: refuse here, with a clear message, rather than there.
 */
static bool
readable_by_all(const char *lib)
{
	char dir[PATH_MAX], *slash;
	struct stat st;

	if (stat(lib, &st) < 0 || !(st.st_mode & S_IROTH))
		return false;
	strlcpy(dir, lib, sizeof(dir));
	while ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (stat(dir, &st) < 0 || !(st.st_mode & S_IXOTH))
			return false;
	}
	return true;
}

static int
preload_env(struct sandbox *sb, struct pledge_priv *p)
{
	struct stat st;
	char lib[PATH_MAX], *v;
	const char *old = sb_env_get(sb, "LD_PRELOAD");
	int r;

	if (preload_find(lib, sizeof(lib)) < 0)
		return sb_err(sb, ENOENT, "pledge: %s not found next to "
		    "libsandbox or the sandbox command, nor in their "
		    "sandbox/ or ../lib/sandbox directories, nor in "
		    "%s/sandbox: a dynamic program cannot be loaded under its "
		    "promises", PLEDGE_PRELOAD, SB_LIBDIR);
	if ((sb->ident.set && sb->ident.uid != 0) ? !readable_by_all(lib) :
	    access(lib, R_OK) != 0)
		return sb_err(sb, EACCES, "pledge: %s is not readable by the "
		    "program's user: a dynamic program cannot be loaded under "
		    "its promises", lib);
	if (stat(lib, &st) < 0)
		return sb_err(sb, errno, "pledge: %s", lib);
	p->lib_dev = st.st_dev;
	p->lib_ino = st.st_ino;
	/* A view or a jail (combined) must show it: one file, libc only. */
	if (!sb_strv_contains(&sb->cfg.files, lib) &&
	    sb_strv_push(&sb->cfg.files, lib) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	if (old == NULL || *old == '\0')
		return sb_env_set(sb, "LD_PRELOAD", lib);
	if (asprintf(&v, "%s:%s", lib, old) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	r = sb_env_set(sb, "LD_PRELOAD", v);
	free(v);
	return r;
}

static int
parse(struct sandbox *sb, const char *what, const char *s, uint64_t *set)
{
	char bad[64];

	if (sb_promises_parse(s, set, bad, sizeof(bad)) < 0)
		return sb_err(sb, EINVAL, "%s: unknown promise '%s'", what, bad);
	return 0;
}

static int
exec_env(struct sandbox *sb, const struct pledge_priv *p)
{
	int r;

	if (!p->has_exec || p->execpromises == p->promises)
		return 0;
	if ((r = sb_env_set(sb, PLEDGE_ENV_EXEC, sb->cfg.execpromises)) < 0)
		return r;
	return sb_env_set(sb, PLEDGE_ENV_FIRST, "1");
}

static int
pledge_prepare(struct sandbox *sb)
{
	struct pledge_priv *p;
	char extra[256];
	int r;

	pledge_release(sb);
	if (sb->cfg.promises == NULL)
		return sb_err(sb, EINVAL, "pledge: no promises given "
		    "(--pledge PROMISES)");
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	p->listener = -1;
	sb->priv[SB_SLOT_PLEDGE] = p;
	if ((r = parse(sb, "pledge", sb->cfg.promises, &p->promises)) < 0)
		return r;
	if (sb->cfg.execpromises != NULL) {
		if ((r = parse(sb, "execpromises", sb->cfg.execpromises,
		    &p->execpromises)) < 0)
			return r;
		p->has_exec = true;
		if ((p->execpromises & ~p->promises) != 0) {
			sb_promises_words(p->execpromises & ~p->promises, extra,
			    sizeof(extra));
			return sb_err(sb, EPERM, "execpromises wider than the "
			    "promises (%s): seccomp filters can only narrow "
			    "at exec on Linux", extra);
		}
	}
	if ((r = pledge_elf_dynamic(sb->path)) < 0 && r != -ENOEXEC)
		return sb_err(sb, -r, "pledge: %s (or its interpreter): %s",
		    sb->path, strerror(-r));
	p->dynamic = r == 1;	/* not an image at all: exec says so */
	if (p->dynamic && (r = preload_env(sb, p)) < 0)
		return r;
	return exec_env(sb, p);
}

/* Load a filter; the listener (or -1) into *fd. */
static int
load(scmp_filter_ctx ctx, int *fd)
{
	int r;

	if ((r = seccomp_load(ctx)) < 0)
		return r;
	if ((*fd = seccomp_notify_fd(ctx)) < 0)
		*fd = -1;
	return 0;
}

static int
build_load(struct sandbox *sb, struct sb_child *c, unsigned flags, int *fd)
{
	struct pledge_priv *p = priv_of(sb);
	struct pledge_exec ex = { (uintptr_t)c->path, (uintptr_t)c->argv,
	    (uintptr_t)c->envp, c->chan };
	scmp_filter_ctx ctx;
	int r;

	if ((r = pledge_filter_build(p->promises, flags, &ex, &ctx)) < 0)
		return r;
	r = load(ctx, fd);
	seccomp_release(ctx);
	return r;
}

/*
 * Without a listener, a dynamic program loads under a first filter that
 * also allows what ld.so needs; the preloaded library then installs the
 * exact promises (PLEDGE_ENV_STAGE2) before main.
 */
static int
narrow_kill_mode(struct sandbox *sb, struct sb_child *c, int *fd)
{
	struct pledge_priv *p = priv_of(sb);
	int r;

	if (p->dynamic) {
		if ((r = sb_env_set(sb, PLEDGE_ENV_STAGE2, sb->cfg.promises)) < 0)
			return r;
		c->envp = sb->envp.v;
	}
	return build_load(sb, c, p->dynamic ? PLEDGE_F_LOADER : 0, fd);
}

static int
pledge_narrow(struct sandbox *sb, struct sb_child *c)
{
	int fd = -1, r = -EBUSY;

	if (c->chan >= 0)
		r = build_load(sb, c, PLEDGE_F_NOTIFY, &fd);
	/*
	 * One listener per filter chain: under a pledge above us the kernel
	 * says EBUSY (libseccomp 2.5.4 reports it as EFAULT). Any failure to
	 * load the listening filter falls back to the killing one, which
	 * enforces the same promises without a report, or fails closed.
	 */
	if (r < 0 && (r = narrow_kill_mode(sb, c, &fd)) < 0)
		return sb_err(sb, -r, "pledge: seccomp filter: %s",
		    strerror(-r));
	/*
	 * The listener is close-on-exec: closing it here would be a call
	 * the promises may not allow (pledge "" has no close).
	 */
	if (fd >= 0) {
		r = sb_chan_send_fd(c->chan, fd);
		if (r < 0)
			return sb_err(sb, -r, "pledge: passing the listener");
	}
	return 0;
}

static int
notify_ready(struct sandbox *sb, int fd, void *arg)
{
	return pledge_supervise(sb, arg, fd);
}

static int
pledge_receive(struct sandbox *sb, int fd)
{
	struct pledge_priv *p = priv_of(sb);

	if (p == NULL || p->listener >= 0) {
		close(fd);
		return sb_err(sb, EPROTO, "pledge: unexpected descriptor");
	}
	p->listener = fd;
	if ((p->st = pledge_state_new(sb, p->promises, p->dynamic,
	    sb->cfg.verbosity)) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	pledge_state_execpromises(p->st, p->has_exec &&
	    p->execpromises != p->promises);
	pledge_state_preload(p->st, p->lib_dev, p->lib_ino);
	return sb_watch_add(sb, fd, notify_ready, p->st);
}

/*
 * Microseconds to build the filter of a promise set and generate its BPF,
 * for `sandbox bench` (the probe stays cheap: combined probes every run).
 */
long
sb_pledge_filter_cost(uint64_t set)
{
	struct timespec t0, t1;
	scmp_filter_ctx ctx;
	int fd;

	if ((fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pledge_filter_build(set, PLEDGE_F_NOTIFY, NULL, &ctx) < 0) {
		close(fd);
		return -1;
	}
	(void)seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	return (t1.tv_sec - t0.tv_sec) * 1000000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000;
}

/* Kernel version as major * 100 + minor. */
static int
kernel_version(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) == 0)
		sscanf(u.release, "%d.%d", &major, &minor);
	return major * 100 + minor;
}

/* What this kernel enforces, and what building a filter costs. */
static int
pledge_probe(char *why, size_t len)
{
	unsigned api = seccomp_api_get();
	int kv = kernel_version();

	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0) {
		snprintf(why, len, "seccomp is not in this kernel");
		return -ENOSYS;
	}
	if (api < 6 || kv < 514) {
		snprintf(why, len, "libseccomp API level %u and Linux %d.%d "
		    "here; API 6 and Linux 5.14 needed (user notification "
		    "with continue, descriptors handed over)", api, kv / 100,
		    kv % 100);
		return -ENOSYS;
	}
	snprintf(why, len, "seccomp-BPF (libseccomp API %u, Linux %d.%d): "
	    "every promise by syscall and register arguments, verdicts "
	    "without argument checks cached by the kernel%s; violations "
	    "reported by the supervisor; dns, getpw, tty files served by "
	    "name; tmppath, sendfd, recvfd, ps, vminfo, bpf approximated "
	    "(sandbox(1))", api, kv / 100, kv % 100, kv >= 511 ? "" :
	    " (not before Linux 5.11)");
	return 0;
}

/*
 * A pid namespace: the program reaches no host process by pid, and
 * nothing it started outlives a killed supervisor.
 */
static long
pledge_clone_flags(struct sandbox *sb)
{
	return sb_pidns_clone_flags(false);
}

static int
pledge_started(struct sandbox *sb, pid_t pid)
{
	return sb_pidns_started(sb, pid);
}

/*
 * No /proc of its own: mount is no promise's, and a sandbox nested under
 * pledge could not make one. /proc/self still leads to the program.
 */
static int
pledge_enter(struct sandbox *sb, struct sb_child *c)
{
	return sb_pidns_enter(sb, c, false);
}

const struct sb_backend sb_backend_pledge = {
	.name = "pledge",
	.mechanism = "OpenBSD pledge(2) promises as one seccomp-BPF filter "
	    "with a supervisor",
	.answers = SANDBOX_ANSWERS_SYSCALLS | SANDBOX_ANSWERS_ROOT |
	    SANDBOX_ANSWERS_REPLICATION | SANDBOX_ANSWERS_NETWORK,
	.applies = SB_APPLIES_PLEDGE,
	.probe = pledge_probe,
	.prepare = pledge_prepare,
	.narrow = pledge_narrow,
	.receive = pledge_receive,
	.release = pledge_release,
	.clone_flags = pledge_clone_flags,
	.started = pledge_started,
	.enter = pledge_enter,
};
