/*
 * namespace.c: a private namespace in the manner of Plan 9. The program
 * runs in new user, mount, pid, ipc, uts, cgroup and network namespaces,
 * whose root is an empty tmpfs holding read-only binds of what it needs:
 * nothing is copied (updates need nothing), no root is needed, and the
 * network is a loopback device unless --net host.
 */
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "namespace.h"
#include "unveil.h"

struct ns_plan *
ns_plan_of(struct sandbox *sb)
{
	return sb->priv[SB_SLOT_NAMESPACE];
}

static void
namespace_release(struct sandbox *sb)
{
	struct ns_plan *p = ns_plan_of(sb);

	if (p == NULL)
		return;
	ns_plan_free(p);
	free(p);
	sb->priv[SB_SLOT_NAMESPACE] = NULL;
}

static int
namespace_prepare(struct sandbox *sb)
{
	struct ns_plan *p;
	int r;

	namespace_release(sb);	/* a second spawn plans afresh */
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	sb->priv[SB_SLOT_NAMESPACE] = p;
	if ((r = ns_plan_build(sb, p)) < 0)
		return r;
	if (!p->privileged && sb->ident.set &&
	    sb->cfg.verbosity != SANDBOX_QUIET &&
	    (sb->ident.uid != p->outer_uid || sb->ident.gid != p->outer_gid))
		sb_report(sb, "namespace: uid %u and gid %u inside are your own "
		    "ids outside: an ordinary user cannot take another's",
		    (unsigned)sb->ident.uid, (unsigned)sb->ident.gid);
	return 0;
}

static int
namespace_enter(struct sandbox *sb, struct sb_child *c)
{
	struct ns_plan *p = ns_plan_of(sb);

	if (p == NULL)
		return sb_err(sb, EINVAL, "namespace: no plan (not prepared)");
	return ns_enter(sb, c, p);
}

/* A spawn clones init straight into the namespaces... */
static long
namespace_clone_flags(struct sandbox *sb)
{
	struct ns_plan *p = ns_plan_of(sb);

	return p != NULL ? ns_clone_flags(p) : 0;
}

/* ...and maps its ids from outside before it starts. */
static int
namespace_started(struct sandbox *sb, pid_t pid)
{
	struct ns_plan *p = ns_plan_of(sb);

	return p != NULL ? ns_write_maps(sb, pid, p) : 0;
}

/*
 * The program shares the user's terminal: it must not type into it; nor
 * open again, through /proc/self/fd, what it was given outside the view.
 */
static int
namespace_narrow(struct sandbox *sb, struct sb_child *c)
{
	int r;

	if ((r = sb_tty_guard(sb)) < 0)
		return r;
	return uv_view_confine(sb, 0);
}

/* Can this process make the namespaces? A child tries and exits. */
int
ns_probe_userns(char *why, size_t len)
{
	long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID |
	    CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP | CLONE_NEWNET;
	pid_t pid;
	int ws, err;

	pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid == 0)
		_exit(0);
	if (pid < 0) {
		err = errno;
		snprintf(why, len, "cannot create user, mount, pid, ipc, uts, "
		    "cgroup and network namespaces here: %s", err == ENOSPC ?
		    "the limit user.max_user_namespaces is reached" :
		    strerror(err));
		return -err;
	}
	waitpid(pid, &ws, 0);
	snprintf(why, len, "user, mount, pid, ipc, uts, cgroup and network "
	    "namespaces; %s", geteuid() == 0 ? "as root: --user mapped as "
	    "itself" : "as an ordinary user: only your own uid mapped");
	return 0;
}

static int
namespace_probe(char *why, size_t len)
{
	return ns_probe_userns(why, len);
}

const struct sb_backend sb_backend_namespace = {
	.name = "namespace",
	.mechanism = "user, mount, pid, ipc, uts, cgroup, net namespaces; "
	    "tmpfs root of read-only binds, pivot_root",
	.answers = SANDBOX_ANSWERS_REPLICATION | SANDBOX_ANSWERS_ROOT |
	    SANDBOX_ANSWERS_NETWORK,
	.applies = SB_APPLIES_UNVEIL | SB_APPLIES_NET,
	.probe = namespace_probe,
	.prepare = namespace_prepare,
	.enter = namespace_enter,
	.narrow = namespace_narrow,
	.release = namespace_release,
	.clone_flags = namespace_clone_flags,
	.started = namespace_started,
};
