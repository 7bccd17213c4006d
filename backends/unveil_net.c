/*
 * unveil_net.c: what Landlock's TCP rules do not see, refused beside them
 * by a small seccomp filter. Landlock checks bind(2) and connect(2) on TCP
 * sockets only: an MPTCP socket (IPPROTO_MPTCP) reaches any TCP listener,
 * and a TCP Fast Open send (MSG_FASTOPEN) connects without connect(2).
 * Both are refused with the errors of a kernel that lacks them, so that
 * programs fall back to plain TCP and connect(2), which Landlock checks.
 * io_uring, whose requests no filter sees, is ENOSYS as under pledge.
 * The filter adds to any other (pledge's): the strictest verdict wins.
 */
#include <sys/socket.h>

#include <errno.h>
#include <seccomp.h>
#include <string.h>

#include "unveil.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP	262
#endif
#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN	0x20000000
#endif

/* An int argument: its low 32 bits only, as the kernel reads it. */
#define INT_EQ(a, v)	SCMP_CMP((a), SCMP_CMP_MASKED_EQ, 0xffffffffU, (v))
#define HAS_BIT(a, b)	SCMP_CMP((a), SCMP_CMP_MASKED_EQ, (b), (b))

static int
add_rules(scmp_filter_ctx ctx)
{
	int r;

	/* No MPTCP here: what socket(2) says where it is not built. */
	if ((r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPROTONOSUPPORT),
	    SCMP_SYS(socket), 1, INT_EQ(2, IPPROTO_MPTCP))) < 0)
		return r;
	/*
	 * No Fast Open: EPIPE, as from a kernel without it (the flag unknown,
	 * the socket not connected); unbound falls back to connect(2) on
	 * EPIPE only.
	 */
	if ((r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPIPE), SCMP_SYS(sendto),
	    1, HAS_BIT(3, MSG_FASTOPEN))) < 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPIPE),
	    SCMP_SYS(sendmsg), 1, HAS_BIT(2, MSG_FASTOPEN))) < 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPIPE),
	    SCMP_SYS(sendmmsg), 1, HAS_BIT(3, MSG_FASTOPEN))) < 0)
		return r;
	return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
	    SCMP_SYS(io_uring_setup), 0);
}

int
uv_net_filter(struct sandbox *sb, const struct uv_plan *p)
{
	scmp_filter_ctx ctx;
	int r;

	if (p->attr.handled_access_net == 0)
		return 0;
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	/*
	 * Another architecture's calls (i386's socketcall holds its
	 * arguments in memory) would pass unseen: as under pledge, they kill.
	 */
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS)) < 0 || (r = add_rules(ctx)) < 0 ||
	    (r = seccomp_load(ctx)) < 0)
		r = sb_err(sb, -r, "unveil: the seccomp filter for MPTCP and "
		    "TCP Fast Open: %s", strerror(-r));
	seccomp_release(ctx);
	return r;
}
