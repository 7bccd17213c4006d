/*
 * pledge_filter.c: one seccomp filter from a promise set. Syscalls a
 * promise allows without an argument check are added unconditionally, so
 * that the kernel caches their verdict (5.11+) and they cost nothing per
 * call; the rest are argument checks in a binary tree (OPTIMIZE=2).
 * Everything else takes the default action: a notification to the
 * supervisor, or death where nobody listens.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pledge.h"

/* Syscalls already allowed unconditionally, so that rules stay minimal. */
struct uncond {
	int	*nr;
	size_t	 n;
};

static bool
uncond_has(const struct uncond *u, int nr)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (u->nr[i] == nr)
			return true;
	return false;
}

static int
add_rule(scmp_filter_ctx ctx, const struct pledge_rule *r, int nr,
    struct uncond *u)
{
	struct scmp_arg_cmp self;

	if (r->refused)
		return seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(EPERM), nr,
		    r->ncmp, r->cmp);
	if (r->self) {
		self = (struct scmp_arg_cmp){ 0, SCMP_CMP_EQ,
		    (uint64_t)getpid(), 0 };
		return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 1, &self);
	}
	if (r->ncmp == 0) {
		u->nr[u->n++] = nr;
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, r->ncmp, r->cmp);
}

/* Unconditional rules first, then argument checks for the others. */
static int
add_promises(scmp_filter_ctx ctx, uint64_t promises, unsigned flags)
{
	struct uncond u = { NULL, 0 };
	size_t i;
	int pass, nr, r = 0;

	if ((u.nr = calloc(pledge_nrules, sizeof(int))) == NULL)
		return -ENOMEM;
	for (pass = 0; pass < 2 && r == 0; pass++)
		for (i = 0; i < pledge_nrules && r == 0; i++) {
			const struct pledge_rule *pr = &pledge_rules[i];

			if ((pr->need & ~promises) != 0 ||
			    (pass == 0) != (pr->ncmp == 0 && !pr->self))
				continue;
			/*
			 * The supervisor sees exec to follow loading, and
			 * decides what the filter cannot.
			 */
			if ((flags & PLEDGE_F_NOTIFY) && (pr->served ||
			    strncmp(pr->name, "execve", 6) == 0))
				continue;
			nr = pledge_rule_nr(i);
			if (nr == __NR_SCMP_ERROR || uncond_has(&u, nr))
				continue;
			r = add_rule(ctx, pr, nr, &u);
		}
	free(u.nr);
	return r;
}

static int
add_enosys(scmp_filter_ctx ctx)
{
	int i, nr, r;

	for (i = 0; pledge_enosys[i] != NULL; i++) {
		nr = seccomp_syscall_resolve_name(pledge_enosys[i]);
		if (nr == __NR_SCMP_ERROR)
			continue;
		if ((r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0)) < 0)
			return r;
	}
	return 0;
}

/*
 * Without a supervisor to answer by name, readlink (static glibc reads
 * /proc/self/exe at startup) fails with ENOENT instead of killing.
 */
static int
add_readlink_enoent(scmp_filter_ctx ctx, uint64_t promises)
{
	int r;

	if (promises & SB_PBIT(SB_P_RPATH))
		return 0;
	if ((r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOENT),
	    SCMP_SYS(readlink), 0)) < 0)
		return r;
	return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOENT),
	    SCMP_SYS(readlinkat), 0);
}

/* The launch's own execve, recognised by its pointers, not by a promise. */
static int
add_first_exec(scmp_filter_ctx ctx, const struct pledge_exec *ex)
{
	struct scmp_arg_cmp c[3] = {
		{ 0, SCMP_CMP_EQ, ex->path, 0 },
		{ 1, SCMP_CMP_EQ, ex->argv, 0 },
		{ 2, SCMP_CMP_EQ, ex->envp, 0 },
	};

	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execve),
	    3, c);
}

/*
 * The preloaded library's end of loading: under a pledge above, its
 * supervisor must see it, or it would serve this image's loading for
 * good; with no one above, the call fails (EBADF).
 */
static int
add_loading_end(scmp_filter_ctx ctx)
{
	struct scmp_arg_cmp c[2] = {
		{ 0, SCMP_CMP_MASKED_EQ, 0xffffffffUL, PLEDGE_MAGIC_FD },
		{ 1, SCMP_CMP_MASKED_EQ, 0xffffffffUL, PLEDGE_MAGIC_REQ },
	};

	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl),
	    2, c);
}

/* pledge("") still leaves _exit(2): no promise is needed to end. */
static int
add_exit(scmp_filter_ctx ctx, uint64_t promises)
{
	int r;

	if (promises & SB_PBIT(SB_P_STDIO))
		return 0;	/* among the promise's own rules */
	if ((r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(exit), 0)) < 0)
		return r;
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(exit_group), 0);
}

/* Does the filter allow sendmsg whatever its arguments? */
static bool
sendmsg_open(uint64_t promises, unsigned flags)
{
	const uint64_t net = SB_PBIT(SB_P_INET) | SB_PBIT(SB_P_UNIX) |
	    SB_PBIT(SB_P_DNS);

	return (promises & net) || ((promises & SB_PBIT(SB_P_STDIO)) &&
	    !(flags & PLEDGE_F_NOTIFY));
}

/*
 * The launch passes the listener, and reports a failed execve, with
 * sendmsg on its channel; where the supervisor decides sendmsg, that call
 * would wait for the listener it carries. The channel is close-on-exec,
 * and its number free for the program's own sockets after the exec: the
 * call is recognised by its header's address too, as the first execve by
 * its pointers.
 */
static int
add_launch_chan(scmp_filter_ctx ctx, const struct pledge_exec *ex)
{
	struct scmp_arg_cmp c[2] = {
		{ 0, SCMP_CMP_EQ, (uint64_t)ex->chan, 0 },
		{ 1, SCMP_CMP_EQ, ex->header, 0 },
	};

	if (ex->chan < 0)
		return 0;
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendmsg),
	    2, c);
}

static uint32_t
default_action(uint64_t promises, unsigned flags)
{
	if (flags & PLEDGE_F_NOTIFY)
		return SCMP_ACT_NOTIFY;
	if (promises & SB_PBIT(SB_P_ERROR))
		return SCMP_ACT_ERRNO(ENOSYS);
	return SCMP_ACT_KILL_PROCESS;
}

int
pledge_filter_build(uint64_t promises, unsigned flags,
    const struct pledge_exec *ex, scmp_filter_ctx *out)
{
	scmp_filter_ctx ctx;
	int r;

	if (flags & PLEDGE_F_LOADER)
		promises |= SB_PBIT(SB_P_RPATH) | SB_PBIT(SB_P_PROT_EXEC);
	if ((ctx = seccomp_init(default_action(promises, flags))) == NULL)
		return -ENOMEM;
	/* Other architectures' syscall numbers would bypass the table. */
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS)) < 0)
		goto fail;
	/* The kernel's own error (EBUSY: a listener exists above us). */
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
	/* A binary tree over the syscall numbers (libseccomp 2.5+). */
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if ((r = add_promises(ctx, promises, flags)) < 0 ||
	    (r = add_exit(ctx, promises)) < 0)
		goto fail;
	/* Under error without a listener, ENOSYS is already the default. */
	if (default_action(promises, flags) != SCMP_ACT_ERRNO(ENOSYS) &&
	    (r = add_enosys(ctx)) < 0)
		goto fail;
	if (!(flags & PLEDGE_F_NOTIFY) &&
	    ((r = add_readlink_enoent(ctx, promises)) < 0 ||
	    (r = add_loading_end(ctx)) < 0))
		goto fail;
	if (ex != NULL && !(flags & PLEDGE_F_EXEC_SEEN) &&
	    ((flags & PLEDGE_F_NOTIFY) || !(promises & SB_PBIT(SB_P_EXEC))) &&
	    (r = add_first_exec(ctx, ex)) < 0)
		goto fail;
	if (ex != NULL && (flags & PLEDGE_F_NOTIFY) &&
	    !sendmsg_open(promises, flags) &&
	    (r = add_launch_chan(ctx, ex)) < 0)
		goto fail;
	*out = ctx;
	return 0;
fail:
	seccomp_release(ctx);
	return r;
}
