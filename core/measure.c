/*
 * measure.c: time a backend's narrowing step alone. The launch is prepared
 * exactly as a spawn prepares it; each child then runs the hook between
 * two clock readings and reports the duration on a pipe. And the program
 * a comparison measures, resolved as a spawn resolves it.
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bsd/string.h>

#include "sb_internal.h"
#include "sb_measure.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void __attribute__((noreturn))
narrow_child(struct sandbox *sb, const struct sb_backend *b, int out)
{
	struct sb_child c = { -1, sb->path, sb->argv.v, sb->envp.v, 0, 0,
	    -1 };
	double t0, t;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(1);
	t0 = now_ms();
	if (b->narrow(sb, &c) < 0)
		_exit(1);
	t = now_ms() - t0;
	_exit(write(out, &t, sizeof(t)) == sizeof(t) ? 0 : 1);
}

static int
narrow_once(struct sandbox *sb, const struct sb_backend *b, double *ms)
{
	int p[2], ws;
	ssize_t n;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return sb_err(sb, errno, "pipe");
	if ((pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return sb_err(sb, errno, "fork");
	}
	if (pid == 0) {
		close(p[0]);
		narrow_child(sb, b, p[1]);
	}
	close(p[1]);
	n = read(p[0], ms, sizeof(*ms));
	close(p[0]);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (n != sizeof(*ms) || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
		return sb_err(sb, EPROTO, "%s: the narrowing step failed",
		    b->name);
	return 0;
}

int
sb_measure_narrow(struct sandbox *sb, char *const argv[], int n,
    double *ms)
{
	const struct sb_backend *b;
	int i, r;

	b = sb->cfg.backend ? sb->cfg.backend : sb_backend_default();
	if (b->narrow == NULL)
		return sb_err(sb, ENOTSUP, "%s: no narrowing step", b->name);
	if ((r = sb_program_argv(sb, argv)) < 0 ||
	    (r = sb_program_resolve(sb, sb->argv.v[0])) < 0 ||
	    (r = sb_program_env(sb)) < 0 ||
	    (r = sb_identity_resolve(sb)) < 0)
		return r;
	if (b->prepare != NULL && (r = b->prepare(sb)) < 0)
		return r;
	for (i = 0; i < n; i++)
		if ((r = narrow_once(sb, b, &ms[i])) < 0)
			return r;
	return 0;
}

int
sb_measure_resolve(struct sandbox *sb, const char *name, char *path,
    size_t len)
{
	int r;

	if ((r = sb_program_resolve(sb, name)) < 0)
		return r;
	if (strlcpy(path, sb->path, len) >= len)
		return sb_err(sb, ENAMETOOLONG, "%s: %s", name,
		    strerror(ENAMETOOLONG));
	return 0;
}
