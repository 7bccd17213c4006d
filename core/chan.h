/* chan.h: messages on the launch channel, child to parent. */
#ifndef SB_CHAN_H
#define SB_CHAN_H

#define SB_CHAN_FD	1	/* a descriptor for the backends (SCM_RIGHTS) */
#define SB_CHAN_ERROR	2	/* the launch failed: status and message */

struct sb_chan_msg {
	int	type;
	int	status;		/* 125, 126 or 127 with SB_CHAN_ERROR */
	char	text[768];
};

/* Receive one message; *fd gets a passed descriptor or -1. 0 at EOF. */
int	 sb_chan_recv(int chan, struct sb_chan_msg *, int *fd);

#endif
