/*
 * pledge_test: perform one named action and say "done" (with the errno
 * name when the call failed). Run under a pledge, it either finishes or is
 * stopped; the conformance suite (tests/integration/t_pledge.sh) runs each
 * action under promises that allow it and under promises that do not.
 * Linked twice: static (exact promises from the first instruction) and
 * dynamic (after the loading phase).
 */
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const char *arg;

static void *
thread_main(void *p)
{
	return p;
}

/* A thread that waits, so that the process has two. */
static void *
thread_wait(void *p)
{
	char c;

	(void)read(*(int *)p, &c, 1);
	return NULL;
}

/* sendmsg on a datagram socketpair, to the path given (if any). */
static long
send_msg(const char *path, bool many)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct iovec iov = { "x", 1 };
	struct mmsghdr mm = { 0 };
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		return -1;
	mm.msg_hdr.msg_iov = &iov;
	mm.msg_hdr.msg_iovlen = 1;
	if (path != NULL) {
		strncpy(sun.sun_path, path, sizeof(sun.sun_path) - 1);
		mm.msg_hdr.msg_name = &sun;
		mm.msg_hdr.msg_namelen = sizeof(sun);
	}
	if (many)
		return sendmmsg(sv[0], &mm, 1, 0);
	return sendmsg(sv[0], &mm.msg_hdr, 0);
}

/* sendmsg to an address from descriptor n (another number's socket). */
static long
send_from(int n)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX,
	    .sun_path = "/nonexistent/sandbox-test" };
	struct iovec iov = { "x", 1 };
	struct msghdr mh = { .msg_name = &sun, .msg_namelen = sizeof(sun),
	    .msg_iov = &iov, .msg_iovlen = 1 };
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0 ||
	    (sv[0] != n && dup2(sv[0], n) < 0))
		return -1;
	return sendmsg(n, &mh, 0);
}

/* sendmsg with its header in shared memory, no address. */
static long
send_shared(void)
{
	struct iovec iov = { "x", 1 };
	struct msghdr *mh;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0 ||
	    (mh = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
		return -1;
	mh->msg_iov = &iov;
	mh->msg_iovlen = 1;
	return sendmsg(sv[0], mh, 0);
}

static void
on_abrt(int sig)
{
	(void)sig;
	printf("caught\n");
	exit(0);
}

/* Each returns the call's result: negative means errno says why. */
static long
act(const char *a)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct ip_mreq mr;

	pthread_t t;
	char c = 'x';
	int sv[2], fd, n;
	pid_t pid;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (strcmp(a, "stdio") == 0)
		return write(STDOUT_FILENO, "", 0);
	if (strcmp(a, "rpath") == 0)
		return open(arg ? arg : "/etc/passwd", O_RDONLY);
	if (strcmp(a, "wpath") == 0)
		return open(arg, O_WRONLY);
	if (strcmp(a, "rdwr") == 0)
		return open(arg, O_RDWR);
	if (strcmp(a, "cpath") == 0)
		return open(arg, O_WRONLY | O_CREAT, 0600);
	if (strcmp(a, "mkdir") == 0)
		return mkdir(arg, 0700);
	if (strcmp(a, "unlink") == 0)
		return unlink(arg);
	if (strcmp(a, "dpath") == 0)
		return mkfifo(arg, 0600);
	if (strcmp(a, "stat") == 0) {
		struct stat st;
		return stat(arg ? arg : "/etc/passwd", &st);
	}
	if (strcmp(a, "fstat") == 0) {
		struct stat st;
		return fstat(STDIN_FILENO, &st);
	}
	if (strcmp(a, "devnull") == 0)
		return open("/dev/null", O_WRONLY);
	if (strcmp(a, "localtime") == 0)
		return open("/etc/localtime", O_RDONLY);
	if (strcmp(a, "inet") == 0)
		return socket(AF_INET, SOCK_STREAM, 0);
	if (strcmp(a, "inet6") == 0)
		return socket(AF_INET6, SOCK_DGRAM, 0);
	if (strcmp(a, "unix") == 0)
		return socket(AF_UNIX, SOCK_STREAM, 0);
	if (strcmp(a, "route") == 0)
		return socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (strcmp(a, "connect") == 0) {
		if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
			return fd;
		sin.sin_port = htons((uint16_t)atoi(arg));
		return connect(fd, (struct sockaddr *)&sin, sizeof(sin));
	}
	if (strcmp(a, "sendto-null") == 0) {
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
			return -1;
		return sendto(sv[0], &c, 1, 0, NULL, 0);
	}
	if (strcmp(a, "sendto-addr") == 0) {
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
			return -1;
		sin.sin_port = htons(9);
		return sendto(sv[0], &c, 1, 0, (struct sockaddr *)&sin,
		    sizeof(sin));
	}
	if (strcmp(a, "sendmsg-addr") == 0)
		return send_msg(arg ? arg : "/dev/log", false);
	if (strcmp(a, "sendmmsg-addr") == 0)
		return send_msg(arg ? arg : "/dev/log", true);
	if (strcmp(a, "sendmsg") == 0)
		return send_msg(NULL, false);
	if (strcmp(a, "sendmmsg") == 0)
		return send_msg(NULL, true);
	if (strcmp(a, "sendmsg-from") == 0)
		return send_from(atoi(arg));
	if (strcmp(a, "sendmsg-shared") == 0)
		return send_shared();
	if (strcmp(a, "sendmsg-vfork") == 0) {
		/* The child shares the parent's memory until it exits. */
		if ((pid = vfork()) == 0)
			_exit(send_msg(NULL, false) < 0 ? errno : 0);
		if (pid < 0 || waitpid(pid, &n, 0) < 0)
			return -1;
		errno = WIFEXITED(n) ? WEXITSTATUS(n) : EINTR;
		return errno == 0 ? 0 : -1;
	}
	if (strcmp(a, "sendmsg-threads") == 0) {
		if (pipe(sv) < 0 ||
		    (errno = pthread_create(&t, NULL, thread_wait, &sv[0])) != 0)
			return -1;
		return send_msg(NULL, false);
	}
	if (strcmp(a, "mcast") == 0) {
		if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
			return fd;
		mr.imr_multiaddr.s_addr = inet_addr("239.1.2.3");
		mr.imr_interface.s_addr = htonl(INADDR_LOOPBACK);
		return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
		    sizeof(mr));
	}
	if (strcmp(a, "sockopt") == 0) {
		if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
			return fd;
		n = 1;
		return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &n, sizeof(n));
	}
	if (strcmp(a, "fattr") == 0)
		return chmod(arg, 0640);
	if (strcmp(a, "chmod-setuid") == 0)
		return chmod(arg, 04755);
	if (strcmp(a, "fchmod-setgid") == 0) {
		if ((fd = open(arg, O_RDONLY)) < 0)
			return fd;
		return fchmod(fd, 02755);
	}
	if (strcmp(a, "fchmodat-sticky") == 0)
		return fchmodat(AT_FDCWD, arg, 01777, 0);
	if (strcmp(a, "mkfifo-setuid") == 0)
		return mkfifo(arg, 04600);
	if (strcmp(a, "fchmod-served") == 0) {
		struct stat st;

		if ((fd = open("/etc/localtime", O_RDONLY)) < 0 ||
		    fstat(fd, &st) < 0)
			return -1;
		return fchmod(fd, st.st_mode & 07777);
	}
	if (strcmp(a, "chown") == 0)
		return chown(arg, getuid(), getgid());
	if (strcmp(a, "flock") == 0) {
		if ((fd = open("/dev/null", O_RDONLY)) < 0)
			return fd;
		return flock(fd, LOCK_SH);
	}
	if (strcmp(a, "fcntl-lock") == 0) {
		struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
		return fcntl(STDIN_FILENO, F_GETLK, &fl);
	}
	if (strcmp(a, "fcntl") == 0)
		return fcntl(STDOUT_FILENO, F_GETFL);
	if (strcmp(a, "fionread") == 0) {
		if (pipe(sv) < 0)
			return -1;
		return ioctl(sv[0], FIONREAD, &n);
	}
	if (strcmp(a, "tty") == 0)
		return tcflush(STDIN_FILENO, TCIFLUSH);
	if (strcmp(a, "break") == 0) {
		if ((n = ioctl(STDIN_FILENO, TIOCSBRK)) < 0 && errno != ENOTTY)
			return n;
		return ioctl(STDIN_FILENO, TIOCCBRK);
	}
	if (strcmp(a, "modem") == 0) {
		int bits = TIOCM_DTR;

		if ((n = ioctl(STDIN_FILENO, TIOCMGET, &fd)) < 0 &&
		    errno != ENOTTY)
			return n;
		if ((n = ioctl(STDIN_FILENO, TIOCMBIS, &bits)) < 0 &&
		    errno != ENOTTY)
			return n;
		return ioctl(STDIN_FILENO, TIOCMBIC, &bits);
	}
	if (strcmp(a, "winsize") == 0) {
		struct winsize ws;
		return ioctl(STDIN_FILENO, TIOCGWINSZ, &ws);
	}
	if (strcmp(a, "fork") == 0) {
		if ((pid = fork()) == 0)
			_exit(0);
		return pid < 0 ? -1 : waitpid(pid, NULL, 0);
	}
	if (strcmp(a, "thread") == 0) {
		if ((errno = pthread_create(&t, NULL, thread_main, NULL)) != 0)
			return -1;
		return pthread_join(t, NULL);
	}
	if (strcmp(a, "kill-self") == 0)
		return kill(getpid(), 0);
	if (strcmp(a, "raise") == 0)
		return raise(SIGWINCH);
	if (strcmp(a, "kill-other") == 0)
		return kill(1, 0);
	if (strcmp(a, "fork-kill-self") == 0) {
		if ((pid = fork()) == 0)
			_exit(kill(getpid(), 0) == 0 ? 0 : 1);
		if (pid < 0 || waitpid(pid, &n, 0) < 0)
			return -1;
		return WIFEXITED(n) && WEXITSTATUS(n) == 0 ? 0 : -1;
	}
	if (strcmp(a, "exec") == 0) {
		execl("/proc/self/exe", "pledge-test", "stdio", (char *)NULL);
		return -1;
	}
	if (strcmp(a, "exec-inet") == 0) {
		execl("/proc/self/exe", "pledge-test", "inet", (char *)NULL);
		return -1;
	}
	if (strcmp(a, "prot_exec") == 0)
		return mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0;
	if (strcmp(a, "settime") == 0) {
		/* The call is made; the monotonic clock cannot be set. */
		struct timespec ts = { 0, 0 };
		return clock_settime(CLOCK_MONOTONIC, &ts);
	}
	if (strcmp(a, "id") == 0)
		return setuid(getuid());
	if (strcmp(a, "setrlimit") == 0) {
		struct rlimit rl;
		if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -1;
		return setrlimit(RLIMIT_NOFILE, &rl);
	}
#ifndef PLEDGE_TEST_STATIC	/* NSS in a static program needs dlopen */
	if (strcmp(a, "dns") == 0) {
		struct addrinfo *ai;

		if ((n = getaddrinfo("localhost", "80", NULL, &ai)) != 0) {
			errno = EHOSTUNREACH;
			return -1;
		}
		freeaddrinfo(ai);
		return 0;
	}
	if (strcmp(a, "getpw") == 0)
		return getpwuid(0) == NULL ? -1 : 0;
#endif
	if (strcmp(a, "unveil") == 0)
		return syscall(SYS_landlock_create_ruleset, NULL, 0, 1UL);
	if (strcmp(a, "clone3") == 0)
		return syscall(SYS_clone3, NULL, 0);
	if (strcmp(a, "openat2") == 0)
		return syscall(SYS_openat2, AT_FDCWD, "/", NULL, 0);
	if (strcmp(a, "catch-abort") == 0) {
		signal(SIGABRT, on_abrt);
		return socket(AF_INET, SOCK_STREAM, 0);
	}
	if (strcmp(a, "ptrace") == 0)
		return syscall(SYS_ptrace, 0, 0, 0, 0);
	fprintf(stderr, "pledge-test: unknown action %s\n", a);
	exit(2);
}

int
main(int argc, char *argv[])
{
	long r;

	if (argc < 2) {
		fprintf(stderr, "usage: pledge-test action [arg]\n");
		return 2;
	}
	arg = argc > 2 ? argv[2] : NULL;
	errno = 0;
	r = act(argv[1]);
	if (r < 0)
		printf("done %s\n", strerrorname_np(errno) ?
		    strerrorname_np(errno) : "?");
	else
		printf("done\n");
	return 0;
}
