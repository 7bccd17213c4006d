/*
 * launch.c: the one launch path every backend takes. The parent resolves
 * and prepares; the child enters the view, drops its identity, sets
 * no_new_privs, restricts itself and execs, reporting any failure on the
 * launch channel so that the parent can say what went wrong and exit 125,
 * 126 or 127.
 */
#include <linux/keyctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "chan.h"
#include "sb_internal.h"

static const struct sb_backend *
backend_of(const struct sandbox *sb)
{
	return sb->cfg.backend ? sb->cfg.backend : sb_backend_default();
}

/* The backends that apply a restriction, for the message that asks one. */
static void
backends_applying(unsigned bit, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; sb_backends[i] != NULL; i++) {
		if (!(sb_backends[i]->applies & bit))
			continue;
		if (buf[0] != '\0')
			strlcat(buf, ", ", len);
		strlcat(buf, sb_backends[i]->name, len);
	}
}

/* Fail closed: what was asked for and the backend would not apply. */
static int
check_applied(struct sandbox *sb, const struct sb_backend *b)
{
	static const struct {
		unsigned	 bit;
		const char	*what;
	} asked[] = {
		{ SB_APPLIES_UNVEIL,	"unveil rules" },
		{ SB_APPLIES_PLEDGE,	"promises" },
		{ SB_APPLIES_ROOT,	"a jail directory (root)" },
		{ SB_APPLIES_NET,	"net none (no network)" },
	};
	char names[128];
	size_t i;

	for (i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		if (!(sb->cfg.given & asked[i].bit) ||
		    (b->applies & asked[i].bit))
			continue;
		backends_applying(asked[i].bit, names, sizeof(names));
		return sb_err(sb, EINVAL, "the %s backend does not apply %s; "
		    "backends that do: %s", b->name, asked[i].what, names);
	}
	return 0;
}

/* Everything a launch needs, computed in the caller before any fork. */
static int
launch_prepare(struct sandbox *sb, char *const argv[])
{
	const struct sb_backend *b = backend_of(sb);
	int r;

	sb->failed_status = 125;
	if ((r = check_applied(sb, b)) < 0 ||
	    (r = sb_program_argv(sb, argv)) < 0 ||
	    (r = sb_program_env(sb)) < 0 ||
	    (r = sb_program_resolve(sb, sb->argv.v[0])) < 0 ||
	    (r = sb_identity_resolve(sb)) < 0)
		return r;
	if (b->prepare != NULL && (r = b->prepare(sb)) < 0) {
		sb->failed_status = sb_program_status(sb);
		return r;
	}
	return 0;
}

/* Close every descriptor above stderr but keep (one to pass). */
static void
close_stray(int keep)
{
	if (keep < 0) {
		close_range(3, ~0U, 0);
		return;
	}
	if (keep > 3)
		close_range(3, keep - 1, 0);
	close_range(keep + 1, ~0U, 0);
}

/*
 * The caller's session keyring (Kerberos caches, cached passwords) stays
 * the caller's: a confined program, whatever its identity, gets a new,
 * empty one. The baseline backend confines nothing, this included.
 */
static int
new_keyring(struct sandbox *sb, const struct sb_backend *b)
{
	if (strcmp(b->name, "none") == 0)
		return 0;
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 &&
	    errno != ENOSYS)
		return sb_err(sb, errno, "a session keyring of its own");
	return 0;
}

/*
 * A change of identity clears the parent-death signal: set again after
 * it, so that a daemon run as its own user still dies with its
 * supervisor (killed with SIGKILL, nothing unwatched stays). Not in
 * sandbox_exec, which has no supervisor.
 */
static int
die_with_supervisor(struct sandbox *sb, const struct sb_child *c)
{
	if (c->chan < 0)
		return 0;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return sb_err(sb, errno, "parent-death signal");
	if (c->cloned == 0 && getppid() != c->parent)
		return sb_err(sb, ESRCH, "the supervisor is gone");
	return 0;
}

/*
 * No signal out of the sandbox: kill(0) and killpg would reach the
 * caller's process group (its shell among them), kill(PID) the user's
 * other processes; ptrace would reach them too. Backends that make a
 * Landlock domain of their own scope it there.
 */
static int
keep_signals(struct sandbox *sb, const struct sb_backend *b)
{
	if (strcmp(b->name, "none") == 0 || b->keeps_signals)
		return 0;
	return sb_keep_signals(sb);
}

/* The confinement, in order; 0 or a negative errno with sb->err set. */
static int
confine(struct sandbox *sb, struct sb_child *c)
{
	const struct sb_backend *b = backend_of(sb);
	int r;

	if (b->enter != NULL && (r = b->enter(sb, c)) < 0)
		return r;
	if (c->jobs >= 0) {
		close(c->jobs);	/* init's, not the program's */
		c->jobs = -1;
	}
	if ((r = sb_rlimit_apply(sb)) < 0 || (r = sb_identity_drop(sb)) < 0 ||
	    (r = new_keyring(sb, b)) < 0 ||
	    (r = die_with_supervisor(sb, c)) < 0)
		return r;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sb_err(sb, errno, "no_new_privs");
	if ((r = keep_signals(sb, b)) < 0)
		return r;
	close_stray(c->chan);
	if (b->narrow != NULL && (r = b->narrow(sb, c)) < 0)
		return r;
	return 0;
}

static int
exec_status(int err)
{
	return (err == ENOENT || err == ENOTDIR) ? 127 : 126;
}

/*
 * Is the parent still there, now that its death would kill us? A child
 * cloned into namespaces waits for the parent's go instead: in a new pid
 * namespace it has no parent pid to compare, and EOF means it died.
 */
static bool
parent_alive(int chan, pid_t parent, long cloned)
{
	char go;

	if (read(chan, &go, 1) != 1 || go != 'g')
		return false;
	return cloned != 0 || getppid() == parent;
}

/* The child of a spawn: never returns. */
static void __attribute__((noreturn))
child_main(struct sandbox *sb, int chan, pid_t parent, long cloned, int jobs)
{
	struct sb_child c = { chan, sb->path, sb->argv.v, sb->envp.v, cloned,
	    parent, jobs };
	char msg[SB_ERRLEN + 64];
	int r;

	/* A cloned child holds the signals until its backend has a handler. */
	if (cloned == 0)
		sigprocmask(SIG_SETMASK, &sb->oldmask, NULL);
	/* If the supervisor dies, so does the program: nothing unwatched. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 ||
	    !parent_alive(chan, parent, cloned))
		_exit(125);
	if ((r = confine(sb, &c)) < 0) {
		sb_chan_send_error(chan, sb->failed_status ? sb->failed_status :
		    125, sb->err);
		_exit(125);
	}
	execve(c.path, c.argv, c.envp);
	r = errno;
	snprintf(msg, sizeof(msg), "%s: %s", sb->argv.v[0], strerror(r));
	sb_chan_send_error(chan, exec_status(r), msg);
	_exit(exec_status(r));
}

/* Read the channel until the exec (EOF) or a failure report. */
static int
await_exec(struct sandbox *sb, int chan, pid_t pid)
{
	const struct sb_backend *b = backend_of(sb);
	struct sb_chan_msg m;
	int fd, r;

	for (;;) {
		if ((r = sb_loop_chan(sb, chan)) < 0)
			break;
		if ((r = sb_chan_recv(chan, &m, &fd)) <= 0)
			break;
		if (m.type == SB_CHAN_ERROR) {
			sb->failed_status = m.status;
			r = sb_err_encoded(sb, EPERM, "", m.text);
			break;
		}
		if (fd >= 0 && b->receive != NULL && (r = b->receive(sb, fd)) < 0)
			break;
		if (fd >= 0 && b->receive == NULL)
			close(fd);
	}
	if (r < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return r;
	}
	return 0;
}

/*
 * A clone straight into the backend's new namespaces, so that the child is
 * their first process with nothing in between; or a fork. When the clone
 * fails, a fork: the backend's enter then meets the failure itself and
 * says which part of the view it is.
 */
static int
spawn_child(struct sandbox *sb, long *cloned, pid_t *pid)
{
	*pid = -1;
	if (*cloned != 0)
		*pid = (pid_t)syscall(SYS_clone, *cloned | SIGCHLD, NULL, NULL,
		    NULL, 0);
	if (*pid < 0) {
		*cloned = 0;
		*pid = fork();
	}
	if (*pid < 0)
		return sb_err(sb, errno, "fork: %s%s", strerror(errno),
		    sb_fork_hint(errno));
	return 0;
}

/*
 * While a child runs, its supervisor may not be traced by it, nor have
 * its memory read or its descriptors taken (the seccomp listener): not
 * dumpable, so that only a privileged process may. Set after the
 * parent's part of a clone (the child's id maps, which need the child's
 * /proc to be the caller's) and before the child may exec; given back
 * when the last child has been waited for (sb_signals_restore).
 */
static void
hide_supervisor(struct sandbox *sb)
{
	if (sb->dumpable < 0)
		sb->dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* The parent's part of a clone, then the child's go. */
static int
start_child(struct sandbox *sb, int chan, pid_t pid, long cloned)
{
	const struct sb_backend *b = backend_of(sb);
	int r;

	if (cloned != 0 && b->started != NULL && (r = b->started(sb, pid)) < 0)
		return r;
	if ((r = sb_rlimit_raise(sb, pid)) < 0)
		return r;
	hide_supervisor(sb);
	if (write(chan, "g", 1) != 1)
		return sb_err(sb, errno, "start the child: %s",
		    strerror(errno));
	return 0;
}

/*
 * A child cloned into a pid namespace has an init between the supervisor
 * and the program, and pid 1 cannot stop itself: init reports the
 * program's stops on a pipe the supervisor watches (core/loop.c).
 */
static int
jobs_pipe(struct sandbox *sb, long cloned, int jobs[2])
{
	jobs[0] = jobs[1] = -1;
	if (!(cloned & CLONE_NEWPID))
		return 0;
	if (pipe2(jobs, O_CLOEXEC | O_NONBLOCK) < 0)
		return sb_err(sb, errno, "pipe: %s", strerror(errno));
	return 0;
}

static void
close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	p[0] = p[1] = -1;
}

int
sandbox_spawn(struct sandbox *sb, char *const argv[], pid_t *pidp)
{
	const struct sb_backend *b;
	int sv[2], jobs[2], r;
	pid_t parent = getpid(), pid;
	long cloned;

	if (pidp == NULL)
		return sb_err(sb, EINVAL, "spawn: no place for the pid");
	if ((r = launch_prepare(sb, argv)) < 0)
		return r;
	b = backend_of(sb);
	cloned = b->clone_flags != NULL ? b->clone_flags(sb) : 0;
	if ((r = sb_signals_block(sb)) < 0)
		return r;
	if ((r = jobs_pipe(sb, cloned, jobs)) < 0) {
		sb_signals_restore(sb);
		return r;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		r = sb_err(sb, errno, "socketpair: %s", strerror(errno));
		close_pair(jobs);
		sb_signals_restore(sb);
		return r;
	}
	/* A child inherits the caller's dumpable state: its own /proc. */
	if (sb->dumpable >= 0)
		(void)prctl(PR_SET_DUMPABLE, sb->dumpable, 0, 0, 0);
	if ((r = spawn_child(sb, &cloned, &pid)) < 0) {
		close(sv[0]);
		close(sv[1]);
		close_pair(jobs);
		sb_signals_restore(sb);
		return r;
	}
	if (pid == 0) {
		close(sv[0]);
		if (jobs[0] >= 0)
			close(jobs[0]);
		child_main(sb, sv[1], parent, cloned, cloned ? jobs[1] : -1);
	}
	close(sv[1]);
	if (jobs[1] >= 0)
		close(jobs[1]);
	if (jobs[0] >= 0 && (cloned == 0 ||
	    sb_jobs_watch(sb, jobs[0], pid) < 0))
		close(jobs[0]);
	if ((r = start_child(sb, sv[0], pid, cloned)) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	} else
		r = await_exec(sb, sv[0], pid);
	close(sv[0]);
	if (r < 0) {
		sb_jobs_end(sb, pid);
		sb_signals_restore(sb);
		return r;
	}
	sb->failed_status = 0;
	*pidp = pid;
	return 0;
}

int
sandbox_exec(struct sandbox *sb, char *const argv[])
{
	struct sb_child c = { -1, NULL, NULL, NULL, 0, 0, -1 };
	int r;

	if ((r = launch_prepare(sb, argv)) < 0)
		return r;
	c.path = sb->path;
	c.argv = sb->argv.v;
	c.envp = sb->envp.v;
	if ((r = confine(sb, &c)) < 0)
		return r;
	execve(c.path, c.argv, c.envp);
	r = errno;
	sb->failed_status = exec_status(r);
	return sb_err(sb, r, "%s: %s", sb->argv.v[0], strerror(r));
}

int
sandbox_exit_status(const struct sandbox *sb)
{
	return sb->failed_status ? sb->failed_status : 125;
}
