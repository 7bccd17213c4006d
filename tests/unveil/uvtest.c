/*
 * uvtest: one file-system or network operation per word, for the unveil
 * conformance suite. Prints "ok" or the errno name of each operation,
 * space-separated; operations are separated by "+". Exit 0 when all
 * succeeded, 1 otherwise, 2 on bad usage.
 *
 *	uvtest read P | write P | create P | trunc P | unlink P | mkdir P |
 *	    rmdir P | rename A B | symlink T P | exec P | readdir P | stat P |
 *	    connect PORT | bind PORT | uconnect NAME | kill PID |
 *	    listen PORTFILE | ulisten NAME | openloop P N |
 *	    mpconnect PORT | tfo PORT | tfoconnect PORT | listen0 |
 *	    udpsend PORT | upconnect PATH | uplisten PATH
 *
 * mpconnect connects with MPTCP, tfo sends with TCP Fast Open
 * (MSG_FASTOPEN), tfoconnect connects with TCP_FASTOPEN_CONNECT set;
 * listen0 listens on a socket never bound.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
op_read(char **a)
{
	char c;
	int fd;

	if ((fd = open(a[0], O_RDONLY)) < 0)
		return -1;
	if (read(fd, &c, 1) < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int
op_write(char **a)
{
	int fd;

	if ((fd = open(a[0], O_WRONLY | O_APPEND)) < 0)
		return -1;
	if (write(fd, "w\n", 2) < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int
op_create(char **a)
{
	int fd;

	if ((fd = open(a[0], O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0)
		return -1;
	return close(fd);
}

static int op_trunc(char **a) { return truncate(a[0], 0); }
static int op_unlink(char **a) { return unlink(a[0]); }
static int op_mkdir(char **a) { return mkdir(a[0], 0755); }
static int op_rmdir(char **a) { return rmdir(a[0]); }
static int op_rename(char **a) { return rename(a[0], a[1]); }
static int op_symlink(char **a) { return symlink(a[0], a[1]); }
static int op_kill(char **a) { return kill((pid_t)atoi(a[0]), 0); }

static int
op_stat(char **a)
{
	struct stat st;

	return stat(a[0], &st);
}

static int
op_readdir(char **a)
{
	DIR *d;

	if ((d = opendir(a[0])) == NULL)
		return -1;
	errno = 0;
	if (readdir(d) == NULL && errno != 0) {
		closedir(d);
		return -1;
	}
	return closedir(d);
}

/* Run P; its exec failure comes back through a close-on-exec pipe. */
static int
op_exec(char **a)
{
	char *argv[] = { a[0], NULL };
	int p[2], err = 0, st;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		close(p[0]);
		execv(a[0], argv);
		err = errno;
		write(p[1], &err, sizeof(err));
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	errno = err;
	return err ? -1 : 0;
}

static int
tcp(int port, int doconnect)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int s, r;

	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	if (doconnect)
		r = connect(s, (struct sockaddr *)&sin, sizeof(sin));
	else
		r = bind(s, (struct sockaddr *)&sin, sizeof(sin));
	if (r < 0) {
		r = errno;
		close(s);
		errno = r;
		return -1;
	}
	return close(s);
}

static int op_connect(char **a) { return tcp(atoi(a[0]), 1); }

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP	262
#endif
#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT	30
#endif

/* The loopback address at port. */
static struct sockaddr_in
loopback(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

/* Close s keeping the errno of a failed r. */
static int
done(int s, int r)
{
	int e = errno;

	close(s);
	errno = e;
	return r < 0 ? -1 : 0;
}

static int
op_mpconnect(char **a)
{
	struct sockaddr_in sin = loopback(atoi(a[0]));
	int s;

	if ((s = socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP)) < 0)
		return -1;
	return done(s, connect(s, (struct sockaddr *)&sin, sizeof(sin)));
}

static int
op_tfo(char **a)
{
	struct sockaddr_in sin = loopback(atoi(a[0]));
	int s;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	return done(s, (int)sendto(s, "x", 1, MSG_FASTOPEN,
	    (struct sockaddr *)&sin, sizeof(sin)));
}

static int
op_tfoconnect(char **a)
{
	struct sockaddr_in sin = loopback(atoi(a[0]));
	int s, one = 1;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	if (setsockopt(s, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
	    sizeof(one)) < 0)
		return done(s, -1);
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return done(s, -1);
	return done(s, (int)write(s, "x", 1));
}

static int
op_listen0(char **a)
{
	int s;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	return done(s, listen(s, 1));
}

static int
op_udpsend(char **a)
{
	struct sockaddr_in sin = loopback(atoi(a[0]));
	int s;

	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		return -1;
	return done(s, (int)sendto(s, "x", 1, 0, (struct sockaddr *)&sin,
	    sizeof(sin)));
}

static int
op_upconnect(char **a)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s;

	strncpy(sun.sun_path, a[0], sizeof(sun.sun_path) - 1);
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	return done(s, connect(s, (struct sockaddr *)&sun, sizeof(sun)));
}
static int op_bind(char **a) { return tcp(atoi(a[0]), 0); }

static socklen_t
abstract(struct sockaddr_un *sun, const char *name)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	strncpy(sun->sun_path + 1, name, sizeof(sun->sun_path) - 2);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    strlen(name));
}

static int
op_uconnect(char **a)
{
	struct sockaddr_un sun;
	socklen_t len = abstract(&sun, a[0]);
	int s, r;

	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	if ((r = connect(s, (struct sockaddr *)&sun, len)) < 0) {
		r = errno;
		close(s);
		errno = r;
		return -1;
	}
	return close(s);
}

/* A listener for one peer, bounded in time, outside the sandbox. */
static int
serve(int s)
{
	int c;

	alarm(20);
	if (listen(s, 4) < 0)
		return -1;
	while ((c = accept(s, NULL, NULL)) >= 0)
		close(c);
	return -1;
}

static int
op_listen(char **a)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	FILE *f;
	int s;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    getsockname(s, (struct sockaddr *)&sin, &len) < 0 ||
	    listen(s, 4) < 0 || (f = fopen(a[0], "w")) == NULL)
		return -1;
	fprintf(f, "%d\n", ntohs(sin.sin_port));
	fclose(f);
	return serve(s);
}

static int
op_ulisten(char **a)
{
	struct sockaddr_un sun;
	socklen_t len = abstract(&sun, a[0]);
	int s;

	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sun, len) < 0)
		return -1;
	return serve(s);
}

static int
op_uplisten(char **a)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s;

	strncpy(sun.sun_path, a[0], sizeof(sun.sun_path) - 1);
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(s, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    chmod(a[0], 0777) < 0)
		return -1;
	return serve(s);
}

/* N opens and closes of P: the cost of a path check, in ns per open. */
static int
op_openloop(char **a)
{
	struct timespec t0, t1;
	long i, n = atol(a[1]);
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if ((fd = open(a[0], O_RDONLY)) < 0)
			return -1;
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "%.0f ns/open\n", ((t1.tv_sec - t0.tv_sec) * 1e9 +
	    (t1.tv_nsec - t0.tv_nsec)) / (double)(n > 0 ? n : 1));
	return 0;
}

static const struct {
	const char	*name;
	int		 nargs;
	int		(*fn)(char **);
} ops[] = {
	{ "read", 1, op_read }, { "write", 1, op_write },
	{ "create", 1, op_create }, { "trunc", 1, op_trunc },
	{ "unlink", 1, op_unlink }, { "mkdir", 1, op_mkdir },
	{ "rmdir", 1, op_rmdir }, { "rename", 2, op_rename },
	{ "symlink", 2, op_symlink }, { "exec", 1, op_exec },
	{ "readdir", 1, op_readdir }, { "stat", 1, op_stat },
	{ "connect", 1, op_connect }, { "bind", 1, op_bind },
	{ "uconnect", 1, op_uconnect }, { "kill", 1, op_kill },
	{ "listen", 1, op_listen }, { "ulisten", 1, op_ulisten },
	{ "openloop", 2, op_openloop }, { "mpconnect", 1, op_mpconnect },
	{ "tfo", 1, op_tfo }, { "tfoconnect", 1, op_tfoconnect },
	{ "listen0", 0, op_listen0 }, { "udpsend", 1, op_udpsend },
	{ "upconnect", 1, op_upconnect }, { "uplisten", 1, op_uplisten },
};

int
main(int argc, char **argv)
{
	size_t i, n = sizeof(ops) / sizeof(ops[0]);
	int a = 1, failed = 0;
	const char *sep = "";

	while (a < argc) {
		for (i = 0; i < n && strcmp(ops[i].name, argv[a]) != 0; i++)
			;
		if (i == n || a + ops[i].nargs > argc - 1) {
			fprintf(stderr, "uvtest: bad operation near '%s'\n",
			    argv[a]);
			return 2;
		}
		if (ops[i].fn(argv + a + 1) < 0) {
			printf("%s%s", sep, strerrorname_np(errno));
			failed = 1;
		} else
			printf("%sok", sep);
		sep = " ";
		a += 1 + ops[i].nargs;
		if (a < argc && strcmp(argv[a], "+") == 0)
			a++;
	}
	if (*sep != '\0')
		printf("\n");
	return failed;
}
