/*
 * pledge_detach.c: a supervisor for sandbox_exec, where the calling
 * process becomes the program. Without one, a dynamic program could load
 * only under a filter wide enough for the loader, with its own code
 * running first. The supervisor is forked before the filter is loaded
 * (it must not run under it) and detached at once (its parent exits, so
 * the program has no child it did not make); it serves the listener it
 * is sent until the program's last process is gone.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "chan.h"
#include "pledge.h"
#include "sb_internal.h"

/* Keep only standard error (reports) and the socket, as descriptor 3. */
static int
detach_fds(int sock)
{
	int null;

	if (sock != 3 && (dup2(sock, 3) < 0 || close(sock) < 0))
		return -1;
	close_range(4, ~0U, 0);
	if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0 ||
	    dup2(null, 0) < 0 || dup2(null, 1) < 0)
		return -1;
	close(null);
	return 3;
}

/* The supervisor's life: receive the listener, serve it, exit. */
static void __attribute__((noreturn))
serve(struct sandbox *sb, int sock, const struct pledge_detached *d)
{
	struct pollfd p = { -1, POLLIN, 0 };
	struct pledge_state *st;
	struct sb_chan_msg m;

	/* Out of the terminal's signals; not to be traced or read. */
	(void)setsid();
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(SIGPIPE, SIG_IGN);
	if ((sock = detach_fds(sock)) < 0 ||
	    sb_chan_recv(sock, &m, &p.fd) <= 0 || p.fd < 0)
		_exit(0);	/* no listener: the kill filter applies */
	close(sock);
	if ((st = pledge_state_new(sb, d->promises, d->dynamic,
	    sb->cfg.verbosity)) == NULL)
		_exit(125);
	pledge_state_preload(st, d->lib_dev, d->lib_ino);
	if (d->narrow_exec)
		pledge_state_exec(st, d->execpromises);
	for (;;) {
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(125);
		}
		if (!(p.revents & POLLIN) &&
		    (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
			_exit(0);	/* the program is gone */
		(void)pledge_supervise(sb, st, p.fd);
	}
}

/*
 * Fork the detached supervisor: the socket to send it the listener on,
 * or -errno.
 */
int
pledge_detach(struct sandbox *sb, const struct pledge_detached *d)
{
	int sv[2], st;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	if ((pid = fork()) < 0) {
		close(sv[0]);
		close(sv[1]);
		return -EAGAIN;
	}
	if (pid == 0) {
		close(sv[0]);
		if (fork() == 0)
			serve(sb, sv[1], d);
		_exit(0);
	}
	close(sv[1]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return sv[0];
}
