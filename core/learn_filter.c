/*
 * learn_filter.c: the learning filter, loaded in the child just before the
 * exec (after no_new_privs), and its listener handed to the supervisor.
 */
#include <sys/ioctl.h>

#include <linux/seccomp.h>

#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "../backends/pledge.h"
#include "learn.h"
#include "promises.h"

/*
 * The filter is the pledge table turned around: calls that stdio allows
 * (by the same argument checks) run unwatched, calls glibc must see fail
 * with ENOSYS get ENOSYS here too (so that the run takes the fallback the
 * confined run will take), and everything else is notified. Calls with a
 * path are always notified: the path is what a policy is made of.
 */
static const char *const with_path[] = {
	"open", "openat", "creat", "execve", "execveat", "mkdir", "mkdirat",
	"rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2",
	"link", "linkat", "symlink", "symlinkat", "truncate", "mknod",
	"mknodat", "chmod", "fchmodat", "chown", "lchown", "fchownat",
	"utimes", "futimesat", "utimensat", "stat", "lstat", "access",
	"faccessat", "faccessat2", "readlink", "readlinkat", "chdir",
	"connect", "bind",
};

static bool
has_path(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(with_path) / sizeof(with_path[0]); i++)
		if (strcmp(with_path[i], name) == 0)
			return true;
	return false;
}

static int
stdio_rules(scmp_filter_ctx ctx)
{
	const struct pledge_rule *pr;
	size_t i;
	int nr, r;

	for (i = 0; i < pledge_nrules; i++) {
		pr = &pledge_rules[i];
		if ((pr->need & ~SB_PBIT(SB_P_STDIO)) != 0 || pr->self ||
		    has_path(pr->name))
			continue;
		if ((nr = seccomp_syscall_resolve_name(pr->name)) ==
		    __NR_SCMP_ERROR)
			continue;
		r = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, pr->ncmp,
		    pr->cmp);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	for (i = 0; pledge_enosys[i] != NULL; i++) {
		if ((nr = seccomp_syscall_resolve_name(pledge_enosys[i])) ==
		    __NR_SCMP_ERROR)
			continue;
		if ((r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr,
		    0)) < 0 && r != -EEXIST)
			return r;
	}
	return 0;
}

static int
observer_narrow(struct sandbox *sb, struct sb_child *c)
{
	scmp_filter_ctx ctx;
	int fd, r;

	if (c->chan < 0)
		return sb_err(sb, EINVAL, "learning needs a supervisor");
	if ((ctx = seccomp_init(SCMP_ACT_NOTIFY)) == NULL)
		return sb_err(sb, ENOMEM, "seccomp_init");
	if ((r = stdio_rules(ctx)) == 0)
		r = seccomp_load(ctx);
	if (r < 0) {
		seccomp_release(ctx);
		return sb_err(sb, -r, "seccomp filter for learning: %s",
		    strerror(-r));
	}
	fd = seccomp_notify_fd(ctx);
	seccomp_release(ctx);
	if (fd < 0)
		return sb_err(sb, EOPNOTSUPP, "no seccomp listener");
	r = sb_chan_send_fd(c->chan, fd);
	close(fd);
	if (r < 0)
		return sb_err(sb, -r, "passing the seccomp listener");
	return 0;
}

/*
 * Linux 6.6 can wake the supervisor on the stopped thread's CPU, which
 * saves a migration per stopped call; older kernels say EINVAL: no matter.
 */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	1
#endif

static int
observer_receive(struct sandbox *sb, int fd)
{
	(void)ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	    (unsigned long)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	sb->learn->listener = fd;
	return sb_watch_add(sb, fd, sb_learn_ready, sb->learn);
}

const struct sb_backend sb_learn_observer = {
	.name = "learn",
	.mechanism = "seccomp user notification (observe and continue)",
	.narrow = observer_narrow,
	.receive = observer_receive,
};
