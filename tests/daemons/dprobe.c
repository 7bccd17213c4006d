/*
 * dprobe: one operation a confined daemon might attempt, for the daemon
 * tests. Built static, so that a chroot jail needs nothing else and the
 * pledge backend's filter applies from its first instruction.
 *
 *	dprobe read PATH	print the first line of PATH
 *	dprobe write PATH	create PATH and write a line in it
 *	dprobe connect PORT	connect to 127.0.0.1:PORT, print what it says
 *	dprobe exec PATH	execute PATH
 *
 * Exit 0 when the operation succeeded; 1 with the reason on stderr when it
 * failed. A pledge violation kills it instead (128 + the signal).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
failed(const char *op, const char *what)
{
	fprintf(stderr, "dprobe: %s %s: %s\n", op, what, strerror(errno));
	return 1;
}

static int
do_read(const char *path)
{
	char buf[256];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return failed("read", path);
	if ((n = read(fd, buf, sizeof(buf) - 1)) < 0)
		return failed("read", path);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("%s\n", buf);
	return 0;
}

static int
do_write(const char *path)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		return failed("write", path);
	if (write(fd, "written by dprobe\n", 18) != 18)
		return failed("write", path);
	return close(fd) < 0 ? failed("write", path) : 0;
}

static int
do_connect(const char *port)
{
	struct sockaddr_in sin;
	char buf[256];
	ssize_t n;
	int s;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(port));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return failed("connect", port);
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return failed("connect", port);
	if ((n = read(s, buf, sizeof(buf) - 1)) < 0)
		return failed("connect", port);
	buf[n] = '\0';
	printf("%s", buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	if (argc != 3) {
		fprintf(stderr, "usage: dprobe read|write|connect|exec ARG\n");
		return 2;
	}
	if (strcmp(argv[1], "read") == 0)
		return do_read(argv[2]);
	if (strcmp(argv[1], "write") == 0)
		return do_write(argv[2]);
	if (strcmp(argv[1], "connect") == 0)
		return do_connect(argv[2]);
	if (strcmp(argv[1], "exec") == 0) {
		execv(argv[2], argv + 2);
		return failed("exec", argv[2]);
	}
	fprintf(stderr, "dprobe: unknown operation '%s'\n", argv[1]);
	return 2;
}
