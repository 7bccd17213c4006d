/*
 * chan.c: the launch channel. The child reports a failed setup step or a
 * failed exec here, and passes descriptors its backends made (a seccomp
 * listener). The channel is close-on-exec, so EOF means the exec happened.
 */
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include <bsd/string.h>

#include "chan.h"
#include "sb_internal.h"

/*
 * One header for every message the child sends, at an address known
 * before: a seccomp filter allows the child's sendmsg on the channel by
 * that address too, not by the descriptor's number alone, which a program
 * could give another socket after the exec (the child is one thread).
 */
static struct msghdr chan_mh;

uintptr_t
sb_chan_header(void)
{
	return (uintptr_t)&chan_mh;
}

static int
chan_send(int chan, const struct sb_chan_msg *m, int fd)
{
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} u;
	struct iovec iov = { (void *)m, sizeof(*m) };
	struct cmsghdr *cm;

	chan_mh = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1 };
	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		chan_mh.msg_control = u.buf;
		chan_mh.msg_controllen = sizeof(u.buf);
		cm = CMSG_FIRSTHDR(&chan_mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	if (sendmsg(chan, &chan_mh, MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

int
sb_chan_send_fd(int chan, int fd)
{
	struct sb_chan_msg m = { .type = SB_CHAN_FD };

	if (chan < 0)
		return 0;	/* sandbox_exec: nobody to pass it to */
	return chan_send(chan, &m, fd);
}

int
sb_chan_send_error(int chan, int status, const char *text)
{
	struct sb_chan_msg m = { .type = SB_CHAN_ERROR, .status = status };

	strlcpy(m.text, text, sizeof(m.text));
	return chan_send(chan, &m, -1);
}

int
sb_chan_recv(int chan, struct sb_chan_msg *m, int *fd)
{
	union {
		char		buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} u;
	struct iovec iov = { m, sizeof(*m) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	ssize_t n;

	*fd = -1;
	do
		n = recvmsg(chan, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(cm), sizeof(int));
	if ((size_t)n != sizeof(*m))
		return -EPROTO;
	m->text[sizeof(m->text) - 1] = '\0';
	return 1;
}
