/*
 * pledge.c: the pledge backend. The parent checks the promises, finds out
 * whether the program needs the dynamic loader and, if so, preloads the
 * library that ends the loading phase. The child builds one seccomp filter
 * just before execve and passes its listener to the parent, which serves
 * it (pledge_supervise.c) while the program runs; under sandbox_exec a
 * detached process of its own does (pledge_detach.c). Without a
 * supervisor (a pledge already listening above us) violations kill.
 */
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
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
	bool			 narrow_exec;	/* ... narrower, with exec */
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
	char bad[64], msg[160];

	if (sb_promises_parse(s, set, bad, sizeof(bad)) < 0) {
		sb_promise_unknown(bad, msg, sizeof(msg));
		return sb_err(sb, EINVAL, "%s: %s", what, msg);
	}
	return 0;
}

/*
 * execpromises must hold from the first instruction of a new image. A
 * filter installed after the exec, by a library the new image preloads,
 * comes after the image's own code (its DT_PREINIT_ARRAY, IFUNC
 * resolvers, its libraries' constructors). So narrower ones are the
 * filter's, and the first image's other promises the supervisor's
 * (pledge_image.c), which tells the images apart by their randomised
 * address spaces: refused where nothing is randomised. Without exec they
 * change nothing.
 */
static bool
randomised(void)
{
	char buf[8] = "";
	FILE *f;

	if ((personality(0xffffffff) & ADDR_NO_RANDOMIZE) ||
	    (f = fopen("/proc/sys/kernel/randomize_va_space", "re")) == NULL)
		return false;
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	fclose(f);
	return buf[0] != '\0' && buf[0] != '0';
}

static bool
narrower_exec(const struct pledge_priv *p)
{
	return p->has_exec && p->execpromises != p->promises &&
	    (p->promises & SB_PBIT(SB_P_EXEC));
}

/* Asked where a supervisor is (under a pledge above, it may not ask). */
static int
randomised_check(struct sandbox *sb, const struct pledge_priv *p)
{
	if (!p->narrow_exec || randomised())
		return 0;
	return sb_err(sb, EPERM, "pledge: execpromises narrower than the "
	    "promises need address space randomisation here "
	    "(kernel.randomize_va_space, setarch -R) to tell a new image "
	    "from the first: refused");
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
	p->narrow_exec = narrower_exec(p);
	if ((r = pledge_elf_dynamic(sb->path)) < 0 && r != -ENOEXEC)
		return sb_err(sb, -r, "pledge: %s (or its interpreter): %s",
		    sb->path, strerror(-r));
	p->dynamic = r == 1;	/* not an image at all: exec says so */
	if (p->dynamic && (r = preload_env(sb, p)) < 0)
		return r;
	return 0;
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
build_load(struct sandbox *sb, struct sb_child *c, int chan, unsigned flags,
    int *fd)
{
	struct pledge_priv *p = priv_of(sb);
	uint64_t set = p->promises;
	struct pledge_exec ex = { (uintptr_t)c->path, (uintptr_t)c->argv,
	    (uintptr_t)c->envp, chan, sb_chan_header() };
	scmp_filter_ctx ctx;
	int r;

	/* Narrower execpromises: the filter's; the rest is served. */
	if ((flags & PLEDGE_F_NOTIFY) && p->narrow_exec) {
		set = p->execpromises;
		flags |= PLEDGE_F_EXEC_SEEN;
	}
	if ((r = pledge_filter_build(set, flags, &ex, &ctx)) < 0)
		return r;
	r = load(ctx, fd);
	seccomp_release(ctx);
	return r;
}

/*
 * Without a listener, a dynamic program loads under a first filter that
 * also allows what ld.so needs; the preloaded library then installs the
 * exact promises (PLEDGE_ENV_STAGE2) before main. But the program's own
 * code runs before that library's constructor (its DT_PREINIT_ARRAY, its
 * IFUNC resolvers, its libraries' constructors), and with nobody to serve
 * the loading by name it would hold rpath and prot_exec then: refused,
 * unless its promises already hold both.
 */
static int
narrow_kill_mode(struct sandbox *sb, struct sb_child *c, int *fd)
{
	struct pledge_priv *p = priv_of(sb);
	uint64_t loader = SB_PBIT(SB_P_RPATH) | SB_PBIT(SB_P_PROT_EXEC);
	char extra[64];
	int r;

	if (p->narrow_exec)
		return sb_err(sb, EPERM, "pledge: no supervisor here (a pledge "
		    "above has the only one) to hold execpromises narrower "
		    "than the promises from a new image's first instruction: "
		    "refused");
	if (p->dynamic && (p->promises & loader) != loader) {
		sb_promises_words(loader & ~p->promises, extra, sizeof(extra));
		return sb_err(sb, EPERM, "pledge: no supervisor here (a pledge "
		    "above has the only one) to serve the loading of the "
		    "dynamic program %s: its own code would run with %s before "
		    "its promises; refused (a static program, or promises "
		    "with rpath prot_exec, run)", sb->path, extra);
	}
	if (p->dynamic) {
		if ((r = sb_env_set(sb, PLEDGE_ENV_STAGE2, sb->cfg.promises)) < 0)
			return r;
		c->envp = sb->envp.v;
	}
	if ((r = build_load(sb, c, c->chan, p->dynamic ? PLEDGE_F_LOADER : 0,
	    fd)) < 0)
		return sb_err(sb, -r, "pledge: seccomp filter: %s",
		    strerror(-r));
	return 0;
}

/*
 * sandbox_exec: the calling process becomes the program, so the
 * supervisor is a process of its own (pledge_detach.c). Its socket is
 * close-on-exec; where no listener can be sent, it ends with it. It
 * holds the standard descriptors, the listener and those it serves with.
 */
static int
exec_supervisor(struct sandbox *sb)
{
	struct pledge_priv *p = priv_of(sb);
	struct pledge_detached d = { p->promises, p->execpromises,
	    p->narrow_exec, p->dynamic, p->lib_dev, p->lib_ino };
	struct rlimit rl;
	int r;

	if ((r = randomised_check(sb, p)) < 0)
		return r;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4 + 2)
		return sb_err(sb, EMFILE, "pledge: the supervisor of "
		    "sandbox_exec needs %d descriptors, ulimit -n allows %ld",
		    4 + 2, (long)rl.rlim_cur);
	if ((r = pledge_detach(sb, &d)) < 0)
		return sb_err(sb, -r, "pledge: a supervisor for sandbox_exec: "
		    "%s", strerror(-r));
	return r;
}

static int
pledge_narrow(struct sandbox *sb, struct sb_child *c)
{
	int fd = -1, r = -EBUSY, chan = c->chan;

	if (chan < 0 && (chan = exec_supervisor(sb)) < 0)
		return chan;	/* said */
	if (chan >= 0)
		r = build_load(sb, c, chan, PLEDGE_F_NOTIFY, &fd);
	/*
	 * One listener per filter chain: under a pledge above us the kernel
	 * says EBUSY (libseccomp 2.5.4 reports it as EFAULT). Any failure to
	 * load the listening filter falls back to the killing one, which
	 * enforces the same promises without a report, or fails closed.
	 */
	if (r < 0 && (r = narrow_kill_mode(sb, c, &fd)) < 0)
		return r;	/* said */
	/*
	 * The listener is close-on-exec: closing it here would be a call
	 * the promises may not allow (pledge "" has no close).
	 */
	if (fd >= 0) {
		r = sb_chan_send_fd(chan, fd);
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

/*
 * The supervisor opens descriptors of its own for each call it serves (the
 * program's root and the file, or its memory): two at most, and the
 * launch's loop two more (the child's pidfd, a signalfd), while the
 * channel closes at the exec. Under a low ulimit -n, serving would fail
 * mid-run and look like a violation: refused now instead.
 */
#define PLEDGE_SV_FDS	3

static int
descriptors_left(struct sandbox *sb, int fd)
{
	int d[PLEDGE_SV_FDS], i, n, r = 0;

	for (n = 0; n < PLEDGE_SV_FDS; n++)
		if ((d[n] = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
			break;
	if (n < PLEDGE_SV_FDS)
		r = sb_err(sb, errno, "pledge: the supervisor has %d of the "
		    "%d descriptors it needs left (ulimit -n): %s", n,
		    PLEDGE_SV_FDS, strerror(errno));
	for (i = 0; i < n; i++)
		close(d[i]);
	return r;
}

static int
pledge_receive(struct sandbox *sb, int fd)
{
	struct pledge_priv *p = priv_of(sb);
	int r;

	if (p == NULL || p->listener >= 0) {
		close(fd);
		return sb_err(sb, EPROTO, "pledge: unexpected descriptor");
	}
	p->listener = fd;
	if ((r = descriptors_left(sb, fd)) < 0 ||
	    (r = randomised_check(sb, p)) < 0)
		return r;
	if ((p->st = pledge_state_new(sb, p->promises, p->dynamic,
	    sb->cfg.verbosity)) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	pledge_state_preload(p->st, p->lib_dev, p->lib_ino);
	if (p->narrow_exec)
		pledge_state_exec(p->st, p->execpromises);
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
