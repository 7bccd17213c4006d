/*
 * loop.c: the supervisor. While the program runs, the parent forwards the
 * signals it is sent (INT, TERM, HUP, QUIT, USR1, USR2, ALRM, WINCH, and
 * for job control CONT and TSTP) to the program, serves the backends'
 * descriptors, and reaps the program. When the program stops, so does
 * the supervisor, with the same signal, so that the shell that started it
 * sees the job stopped; continued, it continues the program: as a shell's
 * stopped child, a program stopped by hand ends on `kill -TERM` then
 * `kill -CONT` of the supervisor.
 */
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "sb_internal.h"

static const int forwarded[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGWINCH,
	SIGCONT, SIGTSTP,
};

/* The forwarded signals, and the program's stops (SIGCHLD). */
static void
held_set(sigset_t *set)
{
	sb_forward_set(set);
	sigaddset(set, SIGCHLD);
}

void
sb_forward_set(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(set, forwarded[i]);
}

/*
 * The forwarded signals are held from the first spawn until the last of
 * its children is waited for: the caller's mask is saved once, so that
 * overlapping spawns give it back whole. A SIGCHLD the caller ignores
 * would let the kernel reap the children, their status lost: it is the
 * default meanwhile.
 */
int
sb_signals_block(struct sandbox *sb)
{
	struct sigaction sa;
	sigset_t set;

	if (sb->blocked++ > 0)
		return 0;
	held_set(&set);
	if (sigprocmask(SIG_BLOCK, &set, &sb->oldmask) < 0) {
		sb->blocked = 0;
		return sb_err(sb, errno, "sigprocmask");
	}
	if (sigaction(SIGCHLD, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) {
		signal(SIGCHLD, SIG_DFL);
		sb->chld_ignored = true;
	}
	return 0;
}

void
sb_signals_restore(struct sandbox *sb)
{
	if (sb->blocked == 0 || --sb->blocked > 0)
		return;
	sigprocmask(SIG_SETMASK, &sb->oldmask, NULL);
	if (sb->chld_ignored)
		signal(SIGCHLD, SIG_IGN);
	sb->chld_ignored = false;
	if (sb->dumpable >= 0)
		(void)prctl(PR_SET_DUMPABLE, sb->dumpable, 0, 0, 0);
	sb->dumpable = -1;
}

int
sb_watch_add(struct sandbox *sb, int fd,
    int (*ready)(struct sandbox *, int, void *), void *arg)
{
	if (sb->nwatch == SB_MAXWATCH)
		return sb_err(sb, EMFILE, "too many supervised descriptors");
	sb->watch[sb->nwatch++] = (struct sb_watch){ fd, ready, arg };
	return 0;
}

static void
watch_remove(struct sandbox *sb, size_t i)
{
	sb->watch[i] = sb->watch[--sb->nwatch];
}

/*
 * Stop as the program stopped: with its signal when it is a terminal's
 * (the default action, meanwhile), else SIGSTOP. Continued, the kernel
 * queues the SIGCONT, which the loop passes on.
 */
static void
stop_like(int sig)
{
	struct sigaction dfl, old;
	sigset_t one;

	if (sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU) {
		kill(getpid(), SIGSTOP);
		return;
	}
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&one);
	sigaddset(&one, sig);
	sigaction(sig, &dfl, &old);
	kill(getpid(), sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	if (sig == SIGTSTP)
		sigprocmask(SIG_BLOCK, &one, NULL);
	sigaction(sig, &old, NULL);
}

/* init's report: a stop signal, 0 for a continue; EOF when it ended. */
static int
jobs_ready(struct sandbox *sb, int fd, void *arg)
{
	unsigned char b;
	ssize_t n;

	while ((n = read(fd, &b, 1)) == 1)
		if (b != 0)
			stop_like(b);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	close(fd);
	return -1;
}

int
sb_jobs_watch(struct sandbox *sb, int fd, pid_t pid)
{
	return sb_watch_add(sb, fd, jobs_ready, (void *)(intptr_t)pid);
}

void
sb_jobs_end(struct sandbox *sb, pid_t pid)
{
	size_t i;

	for (i = sb->nwatch; i-- > 0; )
		if (sb->watch[i].ready == jobs_ready &&
		    sb->watch[i].arg == (void *)(intptr_t)pid) {
			close(sb->watch[i].fd);
			watch_remove(sb, i);
		}
}

/* A child of ours that stopped: the supervisor stops alike. */
static void
child_stopped(pid_t pid)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	if (waitid(P_PID, (id_t)pid, &info, WSTOPPED | WNOHANG) == 0 &&
	    info.si_pid == pid && info.si_code == CLD_STOPPED)
		stop_like(info.si_status);
}

/*
 * One round: poll the watches and the extra descriptors (fds[0..nfds-1]),
 * serve ready watches, and return how many extra descriptors are ready.
 */
static int
loop_once(struct sandbox *sb, struct pollfd *extra, size_t nextra)
{
	struct pollfd pfd[SB_MAXWATCH + 4];
	size_t i, n = 0;
	int r;

	for (i = 0; i < nextra; i++)
		pfd[n++] = extra[i];
	for (i = 0; i < sb->nwatch; i++)
		pfd[n++] = (struct pollfd){ sb->watch[i].fd, POLLIN, 0 };
	if (poll(pfd, n, -1) < 0)
		return errno == EINTR ? 0 : sb_err(sb, errno, "poll");
	for (i = sb->nwatch; i-- > 0; )
		if (pfd[nextra + i].revents != 0 &&
		    sb->watch[i].ready(sb, sb->watch[i].fd, sb->watch[i].arg) < 0)
			watch_remove(sb, i);
	for (r = 0, i = 0; i < nextra; i++) {
		extra[i].revents = pfd[i].revents;
		r += pfd[i].revents != 0;
	}
	return r;
}

int
sb_loop_chan(struct sandbox *sb, int chan)
{
	struct pollfd p = { chan, POLLIN, 0 };
	int r;

	while ((r = loop_once(sb, &p, 1)) == 0)
		;
	return r < 0 ? r : 0;
}

/*
 * Forward a signal unless the terminal sent it: the program is in our
 * process group and got its own copy of a ^C.
 */
static void
forward(pid_t pid, const struct signalfd_siginfo *si)
{
	if (si->ssi_signo == SIGCHLD) {
		child_stopped(pid);
		return;
	}
	if (si->ssi_code == SI_KERNEL)
		return;
	kill(pid, (int)si->ssi_signo);
}

int
sandbox_status_from_wait(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return 125;
}

static int
reap(struct sandbox *sb, pid_t pid, int *status)
{
	int ws;
	pid_t r;

	do
		r = waitpid(pid, &ws, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return sb_err(sb, errno, "waitpid %d", (int)pid);
	if (status != NULL)
		*status = sandbox_status_from_wait(ws);
	return 0;
}

int
sandbox_wait(struct sandbox *sb, pid_t pid, int *status)
{
	struct signalfd_siginfo si;
	struct pollfd p[2];
	siginfo_t info;
	sigset_t set;
	int pidfd, sigfd, r;

	/* Only a child can be waited for: another pid would never end. */
	if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0)
		return sb_err(sb, errno, "wait for %d: %s", (int)pid,
		    errno == ECHILD ? "not a child of this process" :
		    strerror(errno));
	held_set(&set);
	if ((pidfd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0)
		return sb_err(sb, errno, "pidfd_open %d", (int)pid);
	if ((sigfd = signalfd(-1, &set, SFD_CLOEXEC)) < 0) {
		close(pidfd);
		return sb_err(sb, errno, "signalfd");
	}
	p[0] = (struct pollfd){ pidfd, POLLIN, 0 };
	p[1] = (struct pollfd){ sigfd, POLLIN, 0 };
	for (;;) {
		if ((r = loop_once(sb, p, 2)) < 0)
			break;
		if (p[1].revents && read(sigfd, &si, sizeof(si)) == sizeof(si))
			forward(pid, &si);
		if (p[0].revents) {
			r = reap(sb, pid, status);
			break;
		}
	}
	close(sigfd);
	close(pidfd);
	sb_jobs_end(sb, pid);
	sb_signals_restore(sb);
	return r;
}
