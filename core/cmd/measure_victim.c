/*
 * measure_victim.c: the host process the same-user rows of `sandbox
 * compare` attack: sandbox-probe run as `victim`, outside every sandbox,
 * as the user the confined program runs as. It is executed, not merely
 * forked, so that it is dumpable as any program of that user is: what
 * stops the probe must be the sandbox, not an accident of the harness.
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure.h"

#define NOBODY		65534
#define READY_MS	5000

static void __attribute__((noreturn))
victim_exec(const struct ms_env *e, pid_t parent, int out,
    const char *secret, const char *desc, bool nobody, bool leader)
{
	char env[200], *argv[] = { (char *)e->probe, "victim",
	    (char *)secret, (char *)desc, NULL };
	char *envp[] = { env, NULL };
	int null;

	if (leader && setpgid(0, 0) < 0)
		_exit(125);
	if ((null = open("/dev/null", O_RDWR)) >= 0) {
		dup2(null, 0);
		dup2(null, 2);
	}
	dup2(out, 1);
	closefrom(3);
	if (nobody && geteuid() == 0 && (setgroups(0, NULL) < 0 ||
	    setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) < 0))
		_exit(125);
	/* Gone with the comparison, however it ends (set after setuid). */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
		_exit(125);
	snprintf(env, sizeof(env), "SANDBOX_PROBE_SECRET=%s", secret);
	execve(argv[0], argv, envp);
	_exit(127);
}

/* Its first line: "ready ADDR KEY". */
static int
read_ready(int fd, struct ms_victim *v)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char buf[128];
	ssize_t n;

	if (poll(&p, 1, READY_MS) != 1 ||
	    (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
		return -1;
	buf[n] = '\0';
	return sscanf(buf, "ready %31s", v->addr) == 1 ? 0 : -1;
}

int
ms_victim_start(const struct ms_env *e, struct ms_victim *v,
    const char *secret, const char *desc, bool nobody, bool leader)
{
	pid_t parent = getpid();
	int p[2], r;

	memset(v, 0, sizeof(*v));
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	if ((v->pid = fork()) < 0) {
		r = -errno;
		close(p[0]);
		close(p[1]);
		return r;
	}
	if (v->pid == 0)
		victim_exec(e, parent, p[1], secret, desc, nobody, leader);
	close(p[1]);
	/* Both sides set the group: no run may join it before it exists. */
	if (leader)
		setpgid(v->pid, v->pid);
	r = read_ready(p[0], v);
	close(p[0]);
	if (r < 0) {
		ms_victim_stop(v);
		return -EPROTO;
	}
	return 0;
}

bool
ms_victim_pending(const struct ms_victim *v, int sig)
{
	char path[64], line[128];
	unsigned long long set, any = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)v->pid);
	if ((f = fopen(path, "re")) == NULL)
		return false;
	/* Sent to the thread or to the process: either is pending. */
	while (fgets(line, sizeof(line), f) != NULL)
		if ((sscanf(line, "SigPnd: %llx", &set) == 1 ||
		    sscanf(line, "ShdPnd: %llx", &set) == 1))
			any |= set;
	fclose(f);
	return (any & (1ULL << (sig - 1))) != 0;
}

void
ms_victim_stop(struct ms_victim *v)
{
	if (v->pid <= 0)
		return;
	/* SIGTERM: it takes its key out of the keyring first. */
	kill(v->pid, SIGTERM);
	while (waitpid(v->pid, NULL, 0) < 0 && errno == EINTR)
		;
	v->pid = 0;
}
