/*
 * pidns.c: the pid namespace a backend without one of its own (chroot,
 * unveil, pledge) runs its program in. A spawn clones the child into new
 * pid and mount namespaces (and a user namespace mapping the user's own
 * ids when not root); the child mounts a /proc of the namespace where
 * asked, and stays as the program's init (core/reaper.c). The program
 * sees no host process to signal or trace by pid, and when the
 * supervisor dies, init dies with it and takes every process the
 * program started along: nothing confined outlives it.
 */
#include <sys/mount.h>

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "jail.h"
#include "sb_internal.h"

/* A mount namespace only for what mounts (a jail, a /proc): it costs. */
long
sb_pidns_clone_flags(bool mounts)
{
	return CLONE_NEWPID | (mounts ? CLONE_NEWNS : 0) |
	    (geteuid() != 0 ? CLONE_NEWUSER : 0);
}

/* Not root: the user's own ids mapped, from outside. */
int
sb_pidns_started(struct sandbox *sb, pid_t pid)
{
	char err[SB_ERRLEN];
	int r;

	if (geteuid() == 0)
		return 0;
	if ((r = sb_jail_map(pid, err, sizeof(err))) < 0)
		return sb_err(sb, -r, "%s", err);
	return 0;
}

/* The host's /proc would show host pids, not the program's own. */
static int
own_proc(struct sandbox *sb)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) < 0)
		return sb_err(sb, errno, "a /proc of the pid namespace: %s",
		    strerror(errno));
	return 0;
}

/*
 * In the cloned child: with proc, a /proc of its own; then fork the
 * program (which returns 0) and stay as its init. A spawn whose clone
 * failed is refused: its program would outlive a killed supervisor.
 * sandbox_exec has no supervisor and runs in the caller's namespaces.
 */
int
sb_pidns_enter(struct sandbox *sb, struct sb_child *c, bool proc)
{
	int r;

	if (c->chan < 0)
		return 0;
	if (!(c->cloned & CLONE_NEWPID))
		return sb_err(sb, EPERM, "cannot create a pid namespace "
		    "(refusing to run)");
	if (proc && (r = own_proc(sb)) < 0)
		return r;
	return sb_reaper_start(sb, c);
}
