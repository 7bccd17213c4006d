/*
 * namespace_proc.c: the processes around the program. A pid namespace
 * takes a fork, and its pid 1 must reap orphans and cannot be killed by
 * its own signals, so two processes stand where one would:
 *
 *   init	pid 1 inside: builds the view, forks the program, reaps
 *		every process, passes on signals, tells the supervisor
 *		when the program stops (sb_job_report), and ends with the
 *		program's exit status (128+N for a signal N);
 *   program	returns from the enter hook to the launch path (identity,
 *		no_new_privs, narrow, execve); it keeps the launch channel,
 *		which init closes, so that the parent still sees the exec or
 *		the failure report.
 *
 * A spawn clones init straight into the namespaces, and its parent writes
 * the uid and gid maps (namespace_started). sandbox_exec has no parent to
 * do so: the calling process becomes a relay, which clones init, writes
 * its maps, passes on the signals it is sent, and ends as the program
 * ended (the same exit status, or killed by the same signal), from the
 * wait status init reports.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "caps.h"
#include "namespace.h"

#define HOSTNAME	"sandbox"

/* What the supervisor passes on, and the children's ends. */
static void
relay_set(sigset_t *set)
{
	sb_forward_set(set);
	sigaddset(set, SIGCHLD);
}

/* Pass a signal on, unless the terminal sent it: the program got its own. */
static void
pass_signal(pid_t to, const siginfo_t *si)
{
	if (si->si_code != SI_KERNEL)
		kill(to, si->si_signo);
}

static int
write_file(const char *path, const char *text)
{
	int fd, r = 0;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		r = -errno;
	close(fd);
	return r;
}

static void
map_line(char *buf, size_t len, unsigned inside, unsigned outside)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%u %u 1\n", inside, outside);
}

static bool
gid_listed(const gid_t *g, int n, gid_t id)
{
	int i;

	for (i = 0; i < n; i++)
		if (g[i] == id)
			return true;
	return false;
}

/*
 * Root outside maps root, the --user and its groups to themselves, so that
 * the identity drop works inside; an ordinary user maps its own ids, shown
 * inside as the --user and --group when given (as bwrap --uid does).
 */
int
ns_write_maps(struct sandbox *sb, pid_t pid, const struct ns_plan *p)
{
	const struct sb_ident *id = &sb->ident;
	char path[64], uids[64], gids[64 * (SB_MAXGROUPS + 2)];
	gid_t seen[SB_MAXGROUPS + 2];
	int i, nseen = 0, r;

	uids[0] = gids[0] = '\0';
	if (p->privileged) {
		map_line(uids, sizeof(uids), 0, 0);
		if (id->set && id->uid != 0)
			map_line(uids, sizeof(uids), id->uid, id->uid);
		seen[nseen++] = 0;
		if (id->set && !gid_listed(seen, nseen, id->gid))
			seen[nseen++] = id->gid;
		for (i = 0; id->set && i < id->ngroups; i++)
			if (!gid_listed(seen, nseen, id->groups[i]))
				seen[nseen++] = id->groups[i];
		for (i = 0; i < nseen; i++)
			map_line(gids, sizeof(gids), seen[i], seen[i]);
	} else {
		map_line(uids, sizeof(uids), id->set ? id->uid : p->outer_uid,
		    p->outer_uid);
		map_line(gids, sizeof(gids), id->set ? id->gid : p->outer_gid,
		    p->outer_gid);
		snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
		if ((r = write_file(path, "deny")) < 0)
			return sb_err(sb, -r, "namespace: %s: %s", path,
			    strerror(-r));
	}
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	if ((r = write_file(path, uids)) < 0)
		return sb_err(sb, -r, "namespace: uid_map: %s", strerror(-r));
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	if ((r = write_file(path, gids)) < 0)
		return sb_err(sb, -r, "namespace: gid_map: %s", strerror(-r));
	return 0;
}

/* End as the program ended: its exit status, or killed by its signal. */
static void __attribute__((noreturn))
end_like(int ws)
{
	struct rlimit none = { 0, 0 };
	sigset_t set;
	int sig;

	if (!WIFSIGNALED(ws))
		_exit(WIFEXITED(ws) ? WEXITSTATUS(ws) : 125);
	sig = WTERMSIG(ws);
	setrlimit(RLIMIT_CORE, &none);	/* the program's core, not ours */
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
	_exit(128 + sig);
}

static void __attribute__((noreturn))
relay(pid_t init, int status_fd)
{
	siginfo_t si;
	sigset_t set;
	int ws = 0, report;

	/*
	 * The relay is the caller's process: it stops on a stop signal as
	 * it did (init, as pid 1, would ignore one), and passes SIGCONT on.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	relay_set(&set);
	sigdelset(&set, SIGTSTP);
	for (;;) {
		if (sigwaitinfo(&set, &si) < 0)
			continue;
		if (si.si_signo != SIGCHLD)
			pass_signal(init, &si);
		else if (waitpid(init, &ws, WNOHANG) == init)
			break;
	}
	/* init's report; if it died first, its own end stands. */
	if (read(status_fd, &report, sizeof(report)) == sizeof(report))
		ws = report;
	end_like(ws);
}

static void __attribute__((noreturn))
init_fail(struct sandbox *sb, struct sb_child *c)
{
	sb_chan_send_error(c->chan, 125, sb->err);
	_exit(125);
}

/* A network namespace of its own, with a loopback device. */
static int
own_network(struct sandbox *sb)
{
	if (unshare(CLONE_NEWNET) < 0)
		return sb_err(sb, errno, "namespace: network namespace: %s",
		    errno == ENOSPC ? "the limit user.max_net_namespaces is "
		    "reached" : strerror(errno));
	return ns_loopback_up(sb);
}

/*
 * The program's side of the fork. While init builds the view, it names
 * the host, makes its network namespace (the costliest to make, so not in
 * the clone; init joins it), drops the bounding set and loads the tty
 * guard (keys stay: its user namespace has a user keyring of its own,
 * and the launch joins a new session keyring after this), and says so; then it waits for the view (init's EOF: init failed
 * and said why), enters its working directory there, and goes back to the
 * launch path. pivot_root moved its root already.
 */
static int
program(struct sandbox *sb, const struct ns_plan *p, const sigset_t *old,
    int sync, const char *cwd)
{
	char v;
	int r;

	if (sethostname(HOSTNAME, strlen(HOSTNAME)) < 0)
		return sb_err(sb, errno, "namespace: sethostname: %s",
		    strerror(errno));
	if ((!p->net && (r = own_network(sb)) < 0) ||
	    (r = sb_caps_drop_bounding(sb)) < 0 || (r = sb_guard(sb, false)) < 0)
		return r;
	if (write(sync, "n", 1) != 1 || read(sync, &v, 1) != 1)
		_exit(125);
	close(sync);
	/* As in bwrap: the working directory stays when it is in the view. */
	if (chdir(cwd) < 0 && chdir("/") < 0)
		return sb_err(sb, errno, "namespace: chdir /: %s",
		    strerror(errno));
	sigprocmask(SIG_SETMASK, old, NULL);
	if (!p->privileged && sb->ident.set) {
		/* The maps made the identity; setgroups is denied here. */
		if (getuid() != sb->ident.uid || getgid() != sb->ident.gid)
			return sb_err(sb, EPERM, "namespace: identity %u:%u "
			    "not in place", (unsigned)sb->ident.uid,
			    (unsigned)sb->ident.gid);
		sb->ident.set = false;
	}
	return 0;
}

/* Into the program's network namespace: nothing here keeps the host's. */
static int
join_network(struct sandbox *sb, pid_t prog)
{
	int fd, r = 0;

	if ((fd = (int)syscall(SYS_pidfd_open, prog, 0)) < 0 ||
	    setns(fd, CLONE_NEWNET) < 0)
		r = sb_err(sb, errno, "namespace: join the network namespace: "
		    "%s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return r;
}

/* Close every descriptor but a and b (either may be -1). */
static void
close_all_but(int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	if (lo < 0) {
		lo = hi;
		hi = -1;
	}
	if (lo < 0) {
		close_range(0, ~0U, 0);
		return;
	}
	if (lo > 0)
		close_range(0, (unsigned)lo - 1, 0);
	if (hi < 0) {
		close_range((unsigned)lo + 1, ~0U, 0);
		return;
	}
	if (hi > lo + 1)
		close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
	close_range((unsigned)hi + 1, ~0U, 0);
}

/*
 * pid 1: fork the program, build the view, let the program go, then reap
 * until it ends; the relay's status_fd, or -1. The program is forked
 * first and does its own part on the other processor meanwhile.
 */
static int
init_main(struct sandbox *sb, struct sb_child *c, const struct ns_plan *p,
    int status_fd, const sigset_t *old)
{
	char cwd[PATH_MAX], v;
	int sync[2];
	pid_t prog;

	/* Taken before the pivot, which leaves it out of the new root. */
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		strlcpy(cwd, "/", sizeof(cwd));
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) < 0) {
		sb_err(sb, errno, "namespace: socketpair: %s", strerror(errno));
		init_fail(sb, c);
	}
	if ((prog = fork()) < 0) {
		sb_err(sb, errno, "namespace: fork: %s%s", strerror(errno),
		    sb_fork_hint(errno));
		init_fail(sb, c);
	}
	if (prog == 0) {
		close(sync[1]);
		if (status_fd >= 0)
			close(status_fd);
		if (c->jobs >= 0)
			close(c->jobs);
		c->jobs = -1;
		return program(sb, p, old, sync[0], cwd);
	}
	close(sync[0]);
	/* Not before the fork: init joins the program's network by pidfd. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (ns_view_build(sb, p) < 0)
		init_fail(sb, c);
	if (read(sync[1], &v, 1) != 1)
		_exit(125);	/* the program failed and said why */
	if (!p->net && join_network(sb, prog) < 0)
		init_fail(sb, c);
	if (write(sync[1], "v", 1) != 1) {
		sb_err(sb, errno, "namespace: start the program: %s",
		    strerror(errno));
		init_fail(sb, c);
	}
	close_all_but(status_fd, c->jobs);
	sb_init_loop(prog, status_fd, c->jobs);
}

long
ns_clone_flags(const struct ns_plan *p)
{
	return CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC |
	    CLONE_NEWUTS | CLONE_NEWCGROUP;
}

/* The relay's child: init once the relay has written its maps. */
static int
relayed_init(struct sandbox *sb, struct sb_child *c, const struct ns_plan *p,
    int go, int status_fd, const sigset_t *old)
{
	char b;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 ||
	    read(go, &b, 1) != 1)
		_exit(125);	/* the relay is gone */
	close(go);
	return init_main(sb, c, p, status_fd, old);
}

int
ns_enter(struct sandbox *sb, struct sb_child *c, const struct ns_plan *p)
{
	int go[2], st[2], r;
	sigset_t set, old;
	pid_t pid;

	relay_set(&set);
	if (c->cloned != 0) {
		/* The spawn made us in the namespaces, maps written: init. */
		sigprocmask(SIG_BLOCK, &set, NULL);
		return init_main(sb, c, p, -1, &sb->oldmask);
	}
	if (pipe2(go, O_CLOEXEC) < 0)
		return sb_err(sb, errno, "pipe: %s", strerror(errno));
	if (pipe2(st, O_CLOEXEC) < 0) {
		close(go[0]);
		close(go[1]);
		return sb_err(sb, errno, "pipe: %s", strerror(errno));
	}
	/* Held from here, so that no SIGCHLD or forwarded signal is lost. */
	sigprocmask(SIG_BLOCK, &set, &old);
	pid = (pid_t)syscall(SYS_clone, ns_clone_flags(p) | SIGCHLD, NULL, NULL,
	    NULL, 0);
	if (pid < 0) {
		r = sb_err(sb, errno, "namespace: cannot create the "
		    "namespaces: %s", errno == ENOSPC ? "the limit "
		    "user.max_user_namespaces is reached" : errno == EPERM ?
		    "user namespaces are not allowed here" : strerror(errno));
		sigprocmask(SIG_SETMASK, &old, NULL);
		return r;
	}
	if (pid == 0) {
		close(go[1]);
		close(st[0]);
		return relayed_init(sb, c, p, go[0], st[1], &old);
	}
	close(go[0]);
	close(st[1]);
	if ((r = ns_write_maps(sb, pid, p)) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return r;
	}
	if (write(go[1], "g", 1) != 1) {
		r = sb_err(sb, errno, "namespace: start init: %s",
		    strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return r;
	}
	close(go[1]);
	if (c->chan >= 0)
		close(c->chan);	/* the program holds it until its exec */
	relay(pid, st[0]);
}
