/*
 * sandbox-probe: perform one named action and say whether the confinement
 * let it happen. `sandbox compare` runs it under every backend; `sandbox
 * bench` uses its loops to time system calls from inside a confinement.
 *
 * It is linked statically so that it runs unchanged in a bare jail.
 * Output: one line on stdout, "allowed DETAIL" or "blocked ERRNO DETAIL";
 * exit 0 when allowed, 1 when blocked, 2 when the probe itself could not
 * run (bad usage). A probe killed by a filter shows as a signal.
 *
 * `sandbox-probe victim SECRET` is no probe: it is the host process the
 * same-user probes attack, started by the comparing process as the user
 * the confined program runs as (see probe_victim.c).
 */
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

const char *
errname(int e)
{
	static char buf[16];
	const char *s;

	if ((s = strerrorname_np(e)) != NULL)
		return s;
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

int
allowed(const char *detail)
{
	printf("allowed %s\n", detail);
	return ALLOWED;
}

/* Report a refusal: which step failed and with which error. */
int
blocked(const char *step, int e)
{
	printf("blocked %s %s\n", errname(e), step);
	return BLOCKED;
}

int
need(int argc, int n)
{
	if (argc < n) {
		fprintf(stderr, "sandbox-probe: missing argument\n");
		exit(USAGE);
	}
	return 0;
}

/* Trace a host process (the comparing one, by pid) without stopping it. */
static int
p_ptrace(int argc, char **argv)
{
	pid_t pid;

	need(argc, 3);
	pid = atoi(argv[2]);
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
		return blocked("ptrace(PTRACE_SEIZE)", errno);
	/* The tracee is detached when this process exits. */
	return allowed("seized a host process");
}

/*
 * A tmpfs mount that is attached nowhere (fsopen, fsmount): the test of
 * the mount privilege when the root is not a mount point (a chroot),
 * where no propagation could be made private first.
 */
static int
detached_mount(void)
{
	int fs, mnt;

	if ((fs = syscall(SYS_fsopen, "tmpfs", 0)) < 0)
		return blocked("fsopen(tmpfs)", errno);
	if (syscall(SYS_fsconfig, fs, 6 /* FSCONFIG_CMD_CREATE */, NULL,
	    NULL, 0) < 0)
		return blocked("fsconfig(CREATE)", errno);
	if ((mnt = syscall(SYS_fsmount, fs, 0, 0)) < 0)
		return blocked("fsmount", errno);
	close(mnt);
	close(fs);
	return allowed("made a tmpfs mount (detached: the root is no mount point)");
}

/*
 * Mount a tmpfs. Done in a private mount namespace so that a probe that
 * is allowed to mount cannot change the host's tree.
 */
static int
p_mount(int argc, char **argv)
{
	if (unshare(CLONE_NEWNS) < 0)
		return blocked("unshare(CLONE_NEWNS)", errno);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return errno == EINVAL ? detached_mount() :
		    blocked("mount(MS_PRIVATE)", errno);
	if (mount("sandbox-probe", "/", "tmpfs", 0, "size=16k") < 0)
		return blocked("mount(tmpfs)", errno);
	return allowed("mounted a tmpfs");
}

static int
p_socket(int argc, char **argv)
{
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return blocked("socket(AF_INET)", errno);
	close(fd);
	return allowed("created an AF_INET socket");
}

static int
p_exec(int argc, char **argv)
{
	char *const args[] = { "/bin/true", NULL };
	char *const env[] = { NULL };

	execve(args[0], args, env);
	return blocked("execve(/bin/true)", errno);
}

static int
p_fork(int argc, char **argv)
{
	pid_t pid;
	int st;

	if ((pid = fork()) < 0)
		return blocked("fork", errno);
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, &st, 0) < 0)
		return blocked("waitpid", errno);
	return allowed("forked a child");
}

static int
read_marker(const char *path, const char *step)
{
	char buf[64];
	int fd;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return blocked(step, errno);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return blocked("read", errno);
	return allowed("read the host file");
}

static int
p_read(int argc, char **argv)
{
	need(argc, 3);
	return read_marker(argv[2], "open(O_RDONLY)");
}

static int
p_write(int argc, char **argv)
{
	char path[4096];
	int fd;

	need(argc, 3);
	snprintf(path, sizeof(path), "%s/probe-write.%d", argv[2], getpid());
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
		return blocked("open(O_CREAT)", errno);
	close(fd);
	unlink(path);
	return allowed("created a host file");
}

/*
 * The classic escape: chroot into a subdirectory without entering it, so
 * that the working directory lies outside the new root; climb; chroot(".").
 */
static int
p_escape(int argc, char **argv)
{
	static const char *subdirs[] = { "/dev", "/etc", "/proc", "/bin",
	    "/usr", "/tmp", NULL };
	const char **d;
	struct stat st;
	int i;

	need(argc, 3);
	if (chdir("/") < 0)
		return blocked("chdir(/)", errno);
	for (d = subdirs; *d != NULL; d++)
		if (stat(*d, &st) == 0 && S_ISDIR(st.st_mode))
			break;
	if (*d == NULL && mkdir("/probe-escape", 0700) < 0)
		return blocked("mkdir", errno);
	if (chroot(*d != NULL ? *d : "/probe-escape") < 0)
		return blocked("chroot(subdir)", errno);
	for (i = 0; i < 64; i++)
		if (chdir("..") < 0)
			return blocked("chdir(..)", errno);
	if (chroot(".") < 0)
		return blocked("chroot(.)", errno);
	return read_marker(argv[2], "open(marker) after escape");
}

static int
p_procroot(int argc, char **argv)
{
	char path[4096];

	need(argc, 4);
	snprintf(path, sizeof(path), "/proc/%d/root%s", atoi(argv[2]), argv[3]);
	return read_marker(path, "open(/proc/1/root/...)");
}

/* Count the processes in /proc, for the detail of the pid probes. */
static int
count_pids(void)
{
	struct dirent *e;
	DIR *d;
	int n = 0;

	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			n++;
	closedir(d);
	return n;
}

/* Is a host process (the comparing one, by pid) visible from inside? */
static int
p_pids(int argc, char **argv)
{
	char detail[64];

	need(argc, 3);
	/* EPERM still says the process exists. */
	if (kill(atoi(argv[2]), 0) < 0 && errno != EPERM)
		return blocked("kill(host pid, 0)", errno);
	if (count_pids() < 0)
		snprintf(detail, sizeof(detail), "host pid exists; /proc not listable");
	else
		snprintf(detail, sizeof(detail),
		    "host pid exists; /proc lists %d", count_pids());
	return allowed(detail);
}

static int
p_signal(int argc, char **argv)
{
	need(argc, 3);
	if (kill(atoi(argv[2]), 0) < 0)
		return blocked("kill(host pid, 0)", errno);
	return allowed("may signal a host process");
}

static int
p_connect(int argc, char **argv)
{
	struct sockaddr_in sin;
	int fd;

	need(argc, 3);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(atoi(argv[2]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return blocked("socket(AF_INET)", errno);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return blocked("connect(127.0.0.1)", errno);
	close(fd);
	return allowed("connected to the host listener");
}

static int
p_setuid(int argc, char **argv)
{
	if (geteuid() == 0)
		return allowed("runs as uid 0");
	if (setresuid(0, 0, 0) < 0)
		return blocked("setresuid(0)", errno);
	return allowed("regained uid 0");
}

static int
p_noop(int argc, char **argv)
{
	return ALLOWED;
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Time n calls of one system call; prints "ns PER-CALL". */
static int
p_loop(int argc, char **argv)
{
	const char *what, *path = "/etc/hostname";
	double t0;
	long i, n;
	int fd;

	need(argc, 4);
	what = argv[2];
	n = atol(argv[3]);
	if (argc > 4)
		path = argv[4];
	if (n <= 0)
		return USAGE;
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (strcmp(what, "getppid") == 0)
			(void)getppid();
		else if (strcmp(what, "open") == 0) {
			if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
				return blocked("open", errno);
			close(fd);
		} else if (strcmp(what, "socket") == 0) {
			if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
				return blocked("socket(AF_UNIX)", errno);
			close(fd);
		} else
			return USAGE;
	}
	printf("ns %.1f\n", (now_ns() - t0) / n);
	return ALLOWED;
}

static const struct {
	const char	*name;
	int		(*run)(int, char **);
} probes[] = {
	{ "ptrace", p_ptrace }, { "mount", p_mount }, { "socket", p_socket },
	{ "exec", p_exec }, { "fork", p_fork }, { "read", p_read },
	{ "write", p_write }, { "escape", p_escape },
	{ "procroot", p_procroot }, { "pids", p_pids },
	{ "signal", p_signal }, { "connect", p_connect },
	{ "setuid", p_setuid }, { "noop", p_noop }, { "loop", p_loop },
	{ "victim-ptrace", p_victim_ptrace },
	{ "victim-signal", p_victim_signal },
	{ "victim-environ", p_victim_environ },
	{ "victim-mem", p_victim_mem }, { "pgrp-signal", p_pgrp_signal },
	{ "mptcp", p_mptcp }, { "fastopen", p_fastopen },
	{ "keyring", p_keyring }, { "unix-dgram", p_unix_dgram },
	{ "victim", p_victim },
};

int
main(int argc, char *argv[])
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: sandbox-probe probe [arg ...]\n");
		return USAGE;
	}
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (strcmp(argv[1], probes[i].name) == 0)
			return probes[i].run(argc, argv);
	fprintf(stderr, "sandbox-probe: unknown probe '%s'\n", argv[1]);
	return USAGE;
}
