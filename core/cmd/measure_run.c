/*
 * measure_run.c: running one measured command, bounded in time, and the
 * small tools around it (statistics, JSON strings, the machine).
 */
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bsd/string.h>

#include "measure.h"

#define NOBODY	65534

double
ms_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* prefix + args into one NULL-terminated vector (at most MS_MAXARGS). */
static int
join_argv(char *const prefix[], char *const args[], char **v)
{
	int n = 0, i;

	for (i = 0; prefix != NULL && prefix[i] != NULL; i++)
		if (n < MS_MAXARGS - 1)
			v[n++] = prefix[i];
	for (i = 0; args != NULL && args[i] != NULL; i++)
		if (n < MS_MAXARGS - 1)
			v[n++] = args[i];
	v[n] = NULL;
	return n;
}

/*
 * The child's side of a run. An exec that fails writes its errno on fd 3,
 * a pipe closed on a successful exec: the parent tells "could not be
 * executed" from a program that exited 126 or 127 by itself.
 */
static void __attribute__((noreturn))
child_exec(const char *file, char **v, int out, int err, int report,
    bool nobody, pid_t pgid)
{
	int null, e;

	/* Its own group, or the one given (a victim waits there). */
	if (setpgid(0, pgid) < 0) {
		dprintf(err, "setpgid: %s\n", strerror(errno));
		_exit(125);
	}
	if ((null = open("/dev/null", O_RDWR)) >= 0)
		dup2(null, 0);
	dup2(out, 1);
	dup2(err, 2);
	/* Not root: already an ordinary user, the one to run as. */
	if (nobody && geteuid() == 0 && (setgroups(0, NULL) < 0 ||
	    setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) < 0)) {
		dprintf(2, "cannot become nobody: %s\n", strerror(errno));
		_exit(125);
	}
	if (report != 3 && (dup2(report, 3) < 0 ||
	    fcntl(3, F_SETFD, FD_CLOEXEC) < 0))
		_exit(125);
	closefrom(4);
	/* A file given is executed as a spawn does: no shell fallback. */
	if (file != NULL)
		execv(file, v);
	else
		execvp(v[0], v);
	e = errno;
	dprintf(2, "%s: %s\n", v[0], strerror(e));
	if (write(3, &e, sizeof(e)) < 0)
		_exit(125);
	_exit(e == ENOENT ? 127 : 126);
}

static void
append(char *buf, size_t *len, int fd, bool *open_)
{
	char tmp[512];
	ssize_t n;

	n = read(fd, tmp, sizeof(tmp));
	if (n <= 0) {
		*open_ = false;
		return;
	}
	if (*len + n >= MS_OUTLEN)
		n = MS_OUTLEN - 1 - *len;
	memcpy(buf + *len, tmp, n);
	*len += n;
	buf[*len] = '\0';
}

/* Read both pipes until they close or the deadline passes. */
static bool
collect(int out, int err, struct ms_run *r, double deadline)
{
	struct pollfd p[2];
	size_t lo = 0, le = 0;
	bool oo = true, eo = true;
	double left;

	while (oo || eo) {
		if ((left = deadline - ms_now_ms()) <= 0)
			return false;
		p[0].fd = oo ? out : -1;
		p[1].fd = eo ? err : -1;
		p[0].events = p[1].events = POLLIN;
		if (poll(p, 2, (int)left + 1) < 0 && errno != EINTR)
			return false;
		if (p[0].revents)
			append(r->out, &lo, out, &oo);
		if (p[1].revents)
			append(r->err, &le, err, &eo);
	}
	return true;
}

static void
close_pipes(int *a, int *b, int *c)
{
	int *p[] = { a, b, c };
	size_t i;

	for (i = 0; i < 3; i++)
		if (p[i][0] >= 0) {
			close(p[i][0]);
			close(p[i][1]);
		}
}

/* Output, errors and the exec report: all or none. */
static int
open_pipes(int *out, int *err, int *report)
{
	int e;

	out[0] = err[0] = report[0] = -1;
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
	    pipe2(report, O_CLOEXEC) < 0) {
		e = errno;
		close_pipes(out, err, report);
		errno = e;
		return -1;
	}
	return 0;
}

static int	run(const char *, char *const [], char *const [], bool, pid_t,
		    int, struct ms_run *);

int
ms_run(char *const prefix[], char *const args[], bool nobody,
    int timeout_ms, struct ms_run *r)
{
	return run(NULL, prefix, args, nobody, 0, timeout_ms, r);
}

int
ms_run_file(const char *file, char *const prefix[], char *const args[],
    bool nobody, int timeout_ms, struct ms_run *r)
{
	return run(file, prefix, args, nobody, 0, timeout_ms, r);
}

int
ms_run_pgrp(char *const prefix[], char *const args[], bool nobody,
    pid_t pgid, int timeout_ms, struct ms_run *r)
{
	return run(NULL, prefix, args, nobody, pgid, timeout_ms, r);
}

static int
run(const char *file, char *const prefix[], char *const args[],
    bool nobody, pid_t pgid, int timeout_ms, struct ms_run *r)
{
	char *v[MS_MAXARGS];
	int po[2], pe[2], px[2], ws;
	double t0;
	pid_t pid;
	bool done;

	memset(r, 0, sizeof(*r));
	join_argv(prefix, args, v);
	if (open_pipes(po, pe, px) < 0)
		return -errno;
	t0 = ms_now_ms();
	if ((pid = fork()) < 0) {
		close_pipes(po, pe, px);
		return -errno;
	}
	if (pid == 0)
		child_exec(file, v, po[1], pe[1], px[1], nobody, pgid);
	close(po[1]);
	close(pe[1]);
	close(px[1]);
	/* EOF at the exec; an errno when it failed. */
	while (read(px[0], &r->exec_err, sizeof(r->exec_err)) < 0 &&
	    errno == EINTR)
		;
	close(px[0]);
	done = collect(po[0], pe[0], r, t0 + timeout_ms);
	close(po[0]);
	close(pe[0]);
	/* Its group: all it started; in another's group, itself alone. */
	if (!done)
		kill(pgid != 0 ? pid : -pid, SIGKILL);
	while (wait4(pid, &ws, 0, &r->ru) < 0 && errno == EINTR)
		;
	r->ms = ms_now_ms() - t0;
	if (!done)
		r->status = MS_TIMEDOUT;
	else if (WIFSIGNALED(ws))
		r->status = 128 + WTERMSIG(ws);
	else
		r->status = WEXITSTATUS(ws);
	return 0;
}

double
ms_time_exec(char *const prefix[], char *const args[])
{
	char *v[MS_MAXARGS];
	double t0, t;
	pid_t pid;
	int ws, null;

	join_argv(prefix, args, v);
	t0 = ms_now_ms();
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		if ((null = open("/dev/null", O_RDWR)) >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		execvp(v[0], v);
		_exit(127);
	}
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	t = ms_now_ms() - t0;
	return WIFEXITED(ws) && WEXITSTATUS(ws) == 0 ? t : -1;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The value at quantile q of sorted v (nearest rank). */
static double
quantile(const double *v, int n, double q)
{
	int i = (int)(q * (n - 1) + 0.5);

	return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

void
ms_stats(double *v, int n, struct ms_stats *s)
{
	memset(s, 0, sizeof(*s));
	if (n <= 0)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	s->n = n;
	s->min = v[0];
	s->max = v[n - 1];
	s->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	s->p10 = quantile(v, n, 0.10);
	s->p90 = quantile(v, n, 0.90);
}

static void
cpu_model(char *buf, size_t len)
{
	char line[256], *p;
	FILE *f;

	strlcpy(buf, "unknown", len);
	if ((f = fopen("/proc/cpuinfo", "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "model name", 10) != 0 ||
		    (p = strchr(line, ':')) == NULL)
			continue;
		p += strspn(p + 1, " \t") + 1;
		p[strcspn(p, "\n")] = '\0';
		strlcpy(buf, p, len);
		break;
	}
	fclose(f);
}

void
ms_machine(struct ms_machine *m)
{
	struct utsname u;
	time_t t = time(NULL);
	struct tm tm;

	memset(m, 0, sizeof(*m));
	gmtime_r(&t, &tm);
	strftime(m->date, sizeof(m->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (uname(&u) == 0) {
		snprintf(m->kernel, sizeof(m->kernel), "%s %s %s", u.sysname,
		    u.release, u.machine);
		strlcpy(m->host, u.nodename, sizeof(m->host));
	}
	cpu_model(m->cpu, sizeof(m->cpu));
	m->cores = sysconf(_SC_NPROCESSORS_ONLN);
}

void
ms_json_str(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)(s ? s : ""); *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

const char *
ms_first_line(const char *s, char *buf, size_t len)
{
	size_t n;

	s += strspn(s, " \t\n");
	n = strcspn(s, "\n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return buf;
}

const char *
ms_status_text(int status, char *buf, size_t len)
{
	const char *sig;

	if (status == MS_TIMEDOUT)
		snprintf(buf, len, "timed out");
	else if (status > 128 && status < 128 + 65) {
		sig = sigabbrev_np(status - 128);
		snprintf(buf, len, "killed by SIG%s", sig ? sig : "?");
	} else
		snprintf(buf, len, "exit %d", status);
	return buf;
}

/* Does the first line of err start with "NAME:", NAME launcher's base? */
static bool
from_launcher(const char *err, const char *launcher)
{
	const char *base;
	size_t n;

	if (launcher == NULL)
		return false;
	base = strrchr(launcher, '/') ? strrchr(launcher, '/') + 1 : launcher;
	err += strspn(err, " \t\n");
	n = strlen(base);
	return n > 0 && strncmp(err, base, n) == 0 && err[n] == ':';
}

bool
ms_program_ran(const struct ms_run *bare, const struct ms_run *r,
    const char *launcher, char *why, size_t len)
{
	char st[64], bst[64], line[256];

	ms_status_text(r->status, st, sizeof(st));
	ms_status_text(bare->status, bst, sizeof(bst));
	if (r->exec_err != 0) {
		snprintf(why, len, "%s: %s", launcher ? launcher : "program",
		    strerror(r->exec_err));
		return false;
	}
	if (r->status == bare->status)
		return true;
	if (r->status == MS_TIMEDOUT) {
		snprintf(why, len, "the program did not finish here in time "
		    "(bare %s)", bst);
		return false;
	}
	if (r->status == 125 || r->status == 126 || r->status == 127 ||
	    from_launcher(r->err, launcher)) {
		snprintf(why, len, "the program did not run here (%s, bare "
		    "%s): %s", st, bst, ms_first_line(r->err, line,
		    sizeof(line)));
		return false;
	}
	return true;
}
