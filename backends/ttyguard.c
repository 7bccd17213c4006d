/*
 * ttyguard.c: the terminal the program shares with the user's shell must
 * not type into that shell. TIOCSTI pushes characters into a terminal's
 * input queue (bubblewrap's CVE-2017-5226), TIOCLINUX can do the same on a
 * virtual console; both are refused with a one-rule seccomp filter, since a
 * new session would cost the program its job control. A process loads it
 * once: the namespace's program does while it waits for its view, and its
 * narrow step then finds it in place.
 *
 * The same filter refuses the key system calls (add_key, request_key,
 * keyctl) where the program shares the caller's user keyring: the user
 * keyring (@u) belongs to a uid, not to a session, so the program's own
 * empty session keyring does not keep it out (a keyctl link of @u into
 * it, and every key there can be read). Only a user namespace of the
 * program's own (the namespace backend) has a user keyring of its own.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <seccomp.h>

#include "caps.h"

/* The process that loaded the filter (a fork's child inherits it too). */
static pid_t guarded;

/* No key of the uid's: the program's empty session keyring only. */
static int
deny_keys(scmp_filter_ctx ctx)
{
	int r;

	if ((r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
	    SCMP_SYS(add_key), 0)) < 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
	    SCMP_SYS(request_key), 0)) < 0)
		return r;
	return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(keyctl), 0);
}

int
sb_tty_guard(struct sandbox *sb)
{
	return sb_guard(sb, true);
}

int
sb_guard(struct sandbox *sb, bool keys)
{
	static const unsigned long denied[] = { TIOCSTI, TIOCLINUX };
	scmp_filter_ctx ctx;
	size_t i;
	int r = 0;

	if (guarded != 0 && guarded == getpid())
		return 0;
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		return sb_err(sb, ENOMEM, "tty guard: seccomp_init failed");
	for (i = 0; i < sizeof(denied) / sizeof(denied[0]) && r == 0; i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl),
		    1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, denied[i]));
	if (r == 0 && keys)
		r = deny_keys(ctx);
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	if (r < 0)
		return sb_err(sb, -r, "tty guard: cannot refuse TIOCSTI: %s",
		    strerror(-r));
	guarded = getpid();
	return 0;
}
