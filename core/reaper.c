/*
 * reaper.c: pid 1 of the pid namespace a jail's program runs in. The
 * first process of the namespace forks the program and stays as its
 * init: it reaps every orphan, passes on the signals the supervisor
 * forwards, tells the supervisor when the program stops (sb_job_report),
 * and ends with the program's status (128+N for a signal N: pid 1 cannot
 * die of its own signal). Its end ends every process of the namespace;
 * it dies with the supervisor (the parent-death signal), so nothing the
 * program started outlives a killed supervisor.
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sb_internal.h"

/*
 * A stop or a continue of the program, for the supervisor, which stops
 * itself alike (its caller's shell sees the job stopped): one byte, the
 * stop signal, or 0 for a continue. A full pipe drops it, never blocks.
 */
void
sb_job_report(int fd, int ws)
{
	unsigned char b;

	if (fd < 0 || !(WIFSTOPPED(ws) || WIFCONTINUED(ws)))
		return;
	b = WIFSTOPPED(ws) ? (unsigned char)WSTOPSIG(ws) : 0;
	(void)write(fd, &b, 1);
}

/*
 * The program's end, which kills what is left in the namespace: with no
 * status_fd, the exit status its wait status maps to (pid 1 cannot die of
 * its own signal); else the wait status itself, written there for a relay
 * that ends as the program did.
 */
static void __attribute__((noreturn))
init_end(int ws, int status_fd)
{
	if (status_fd < 0)
		_exit(sandbox_status_from_wait(ws));
	if (write(status_fd, &ws, sizeof(ws)) < 0)
		_exit(125);
	_exit(0);
}

void
sb_init_loop(pid_t prog, int status_fd, int jobs)
{
	siginfo_t si;
	sigset_t set;
	pid_t r;
	int ws;

	sb_forward_set(&set);
	sigaddset(&set, SIGCHLD);
	for (;;) {
		if (sigwaitinfo(&set, &si) < 0)
			continue;
		if (si.si_signo != SIGCHLD) {
			/* The terminal's signals reached the program too. */
			if (si.si_code != SI_KERNEL)
				kill(prog, si.si_signo);
			continue;
		}
		while ((r = waitpid(-1, &ws, WNOHANG | WUNTRACED |
		    WCONTINUED)) > 0) {
			if (r != prog)
				continue;
			if (WIFEXITED(ws) || WIFSIGNALED(ws))
				init_end(ws, status_fd);
			sb_job_report(jobs, ws);
		}
	}
}

/*
 * In the namespace's first process: fork the program, which returns 0 to
 * the launch path; become its init, which never returns. The signals are
 * held from the clone on, so none is lost before the loop.
 */
int
sb_reaper_start(struct sandbox *sb, struct sb_child *c)
{
	sigset_t set;
	pid_t prog;

	sb_forward_set(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if ((prog = fork()) < 0)
		return sb_err(sb, errno, "pid namespace: fork: %s",
		    strerror(errno));
	if (prog == 0) {
		if (c->jobs >= 0)
			close(c->jobs);
		c->jobs = -1;
		sigprocmask(SIG_SETMASK, &sb->oldmask, NULL);
		return 0;
	}
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* The launch channel is the program's: its exec closes it. */
	if (c->jobs > 0)
		close_range(0, (unsigned)c->jobs - 1, 0);
	close_range(c->jobs < 0 ? 0 : (unsigned)c->jobs + 1, ~0U, 0);
	sb_init_loop(prog, -1, c->jobs);
}
