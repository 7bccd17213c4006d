/*
 * policy_deadline.c: the first run of a policy, in a child process. The
 * hooks of policy_lua.c bound the time of everything that gets back to
 * Lua, a function call or an instruction; a loop inside C that calls
 * nothing (a library function, the collector) is not seen by them, and
 * no signal can stop it safely in this process. The child is killed
 * instead, once its processor time passes the limit and a grace, and the
 * caller told which limit, where. Its error, if it
 * completed with one, is the policy's: the caller reports it as it is.
 */
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "policy.h"

/* What the child sends: its result, then its message. */
struct first_result {
	int	 r;
	char	 msg[SB_ERRLEN];
};

static void
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= n;
	}
}

static void __attribute__((noreturn))
child(struct sandbox *sb, const char *path, int fd, volatile int *line)
{
	struct first_result res;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&res, 0, sizeof(res));
	res.r = policy_eval(sb, path, line);
	if (res.r < 0)
		memcpy(res.msg, sb->err, sizeof(res.msg));
	write_all(fd, &res, sizeof(res));
	_exit(0);
}

/*
 * The child's processor time in ms, which load on the machine does not
 * stretch; its wall-clock time when that cannot be read.
 */
static long
child_ms(pid_t pid, unsigned long long t0)
{
	clockid_t clock;
	unsigned long long ns = 0;

	if (clock_getcpuclockid(pid, &clock) == 0)
		ns = policy_clock_ns(clock);
	if (ns == 0)
		ns = policy_clock_ns(CLOCK_MONOTONIC) - t0;
	return (long)(ns / 1000000ULL);
}

/*
 * Read the child's result until EOF or the deadline: 1 when it came
 * whole, 0 when the child ended without it, -1 past the deadline.
 */
static int
await(pid_t pid, int fd, struct first_result *res, long limit_ms)
{
	unsigned long long t0 = policy_clock_ns(CLOCK_MONOTONIC);
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t got = 0;
	ssize_t n;

	for (;;) {
		if (child_ms(pid, t0) >= limit_ms ||
		    policy_clock_ns(CLOCK_MONOTONIC) - t0 >=
		    SB_POLICY_WALL_MS * 1000000ULL)
			return -1;
		if (poll(&pfd, 1, 50) < 0 && errno != EINTR)
			return 0;
		if (pfd.revents == 0)
			continue;
		n = read(fd, (char *)res + got, sizeof(*res) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return got == sizeof(*res);
		got += n;
	}
}

static int
reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

static int
cannot_run(struct sandbox *sb, const char *path, volatile int *line,
    const int *fds)
{
	int e = errno;

	if (fds != NULL) {
		close(fds[0]);
		close(fds[1]);
	}
	munmap((void *)line, sizeof(*line));
	return sb_err(sb, e, "%s: cannot run the policy: %s", path,
	    strerror(e));
}

int
policy_first_run(struct sandbox *sb, const char *path, int grace_ms)
{
	struct first_result res;
	volatile int *line;
	int fds[2], got, status;
	pid_t pid;

	line = mmap(NULL, sizeof(*line), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (line == MAP_FAILED)
		return sb_err(sb, errno, "%s: cannot run the policy: %s",
		    path, strerror(errno));
	if (pipe2(fds, O_CLOEXEC) < 0)
		return cannot_run(sb, path, line, NULL);
	if ((pid = fork()) < 0)
		return cannot_run(sb, path, line, fds);
	if (pid == 0) {
		close(fds[0]);
		child(sb, path, fds[1], line);
	}
	close(fds[1]);
	got = await(pid, fds[0], &res, SB_POLICY_SECONDS * 1000L + grace_ms);
	close(fds[0]);
	if (got < 0)
		kill(pid, SIGKILL);
	status = reap(pid);
	if (got < 0)
		res.r = sb_err(sb, ETIMEDOUT, "%s:%d: the policy exceeds its "
		    "time limit of %d s", path, *line, SB_POLICY_SECONDS);
	else if (got == 0)
		res.r = sb_err(sb, ECHILD, "%s:%d: the policy's evaluation "
		    "ended with no result (%s %d)", path, *line,
		    status != -1 && WIFSIGNALED(status) ? "signal" : "status",
		    status == -1 ? -1 : WIFSIGNALED(status) ?
		    WTERMSIG(status) : WEXITSTATUS(status));
	else if (res.r < 0)	/* already made, as it will be printed */
		memcpy(sb->err, res.msg, sizeof(sb->err));
	munmap((void *)line, sizeof(*line));
	return res.r < 0 ? res.r : 0;
}
