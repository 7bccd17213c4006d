/*
 * ttyguard.c: the terminal the program shares with the user's shell must
 * not type into that shell. TIOCSTI pushes characters into a terminal's
 * input queue (bubblewrap's CVE-2017-5226), TIOCLINUX can do the same on a
 * virtual console; both are refused with a one-rule seccomp filter, since a
 * new session would cost the program its job control.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <string.h>

#include <seccomp.h>

#include "caps.h"

int
sb_tty_guard(struct sandbox *sb)
{
	static const unsigned long denied[] = { TIOCSTI, TIOCLINUX };
	scmp_filter_ctx ctx;
	size_t i;
	int r = 0;

	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		return sb_err(sb, ENOMEM, "tty guard: seccomp_init failed");
	for (i = 0; i < sizeof(denied) / sizeof(denied[0]) && r == 0; i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl),
		    1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, denied[i]));
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	if (r < 0)
		return sb_err(sb, -r, "tty guard: cannot refuse TIOCSTI: %s",
		    strerror(-r));
	return 0;
}
