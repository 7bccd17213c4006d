/*
 * probe_net.c: the host reached by less common doors: a Multipath TCP
 * socket, TCP Fast Open (a connection made by sendto, no connect), and a
 * datagram sent to a host unix socket by its path.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP	262
#endif
#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN	0x20000000
#endif

static void
loopback(struct sockaddr_in *sin, const char *port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(atoi(port));
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

int
p_mptcp(int argc, char **argv)
{
	struct sockaddr_in sin;
	int fd;

	need(argc, 3);
	loopback(&sin, argv[2]);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
	    IPPROTO_MPTCP)) < 0)
		return blocked("socket(IPPROTO_MPTCP)", errno);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return blocked("connect(127.0.0.1)", errno);
	close(fd);
	return allowed("connected to the host listener over MPTCP");
}

int
p_fastopen(int argc, char **argv)
{
	struct sockaddr_in sin;
	int fd;

	need(argc, 3);
	loopback(&sin, argv[2]);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return blocked("socket(AF_INET)", errno);
	/* The connection is made here: connect(2) is never called. */
	if (sendto(fd, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&sin,
	    sizeof(sin)) < 0)
		return blocked("sendto(MSG_FASTOPEN)", errno);
	close(fd);
	return allowed("reached the host listener by sendto(MSG_FASTOPEN)");
}

/*
 * A datagram to a host socket by its path, from a socketpair (no
 * socket(2) call) or, failing that, from a socket of its own.
 */
int
p_unix_dgram(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *how = "socketpair";
	int sv[2];

	need(argc, 3);
	if (strlen(argv[2]) >= sizeof(sun.sun_path))
		return USAGE;
	strcpy(sun.sun_path, argv[2]);
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0) {
		how = "socket";
		if ((sv[0] = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC,
		    0)) < 0)
			return blocked("socketpair and socket(AF_UNIX)", errno);
	}
	if (sendto(sv[0], "probe", 5, 0, (struct sockaddr *)&sun,
	    sizeof(sun)) < 0)
		return blocked(strcmp(how, "socket") == 0 ?
		    "sendto(host socket) from a socket" :
		    "sendto(host socket) from a socketpair", errno);
	return allowed(strcmp(how, "socket") == 0 ?
	    "sent a datagram to the host socket from a socket" :
	    "sent a datagram to the host socket from a socketpair");
}
