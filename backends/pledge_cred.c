/*
 * pledge_cred.c: what the supervisor opens for the program (the loader's
 * files, names pledge(2) allows), it opens with the program's file system
 * identity: a supervisor started by root, running a program as another
 * user, would otherwise pass on files in directories only root may enter.
 * Only this thread takes the identity (raw setfsuid, setfsgid, setgroups:
 * glibc would change every thread of a caller of the library), for one
 * call, and gives it back.
 */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pledge.h"
#include "pledge_sv.h"

#define PL_MAXGROUPS	256

struct pl_cred {
	uid_t	 fsuid;
	gid_t	 fsgid;
	gid_t	 groups[PL_MAXGROUPS];
	int	 ngroups;
};

/* Field 4 (the file system id) of a "Uid:" or "Gid:" line. */
static bool
fs_id(const char *status, const char *name, unsigned long *id)
{
	const char *p = strstr(status, name);
	char *end;
	int i;

	if (p == NULL)
		return false;
	p += strlen(name);
	for (i = 0; i < 4; i++) {
		*id = strtoul(p, &end, 10);
		if (end == p)
			return false;
		p = end;
	}
	return true;
}

static bool
groups_of(const char *status, struct pl_cred *c)
{
	const char *p = strstr(status, "\nGroups:");
	char *end;
	unsigned long g;

	if (p == NULL)
		return false;
	p += 8;
	for (c->ngroups = 0; ; p = end) {
		g = strtoul(p, &end, 10);
		if (end == p)
			return true;
		if (c->ngroups == PL_MAXGROUPS)
			return false;
		c->groups[c->ngroups++] = (gid_t)g;
	}
}

/* The program's identity as it is now (it may have changed it since). */
static bool
cred_of(pid_t pid, struct pl_cred *c)
{
	char status[4096];
	unsigned long u, g;

	if (pl_proc_read(pid, "status", status, sizeof(status)) < 0 ||
	    !fs_id(status, "\nUid:", &u) || !fs_id(status, "\nGid:", &g) ||
	    !groups_of(status, c))
		return false;
	c->fsuid = (uid_t)u;
	c->fsgid = (gid_t)g;
	return true;
}

/* Take c on this thread; false (nothing changed) when it cannot be. */
static bool
cred_take(const struct pl_cred *c)
{
	if (syscall(SYS_setgroups, c->ngroups, c->groups) < 0)
		return false;
	if (syscall(SYS_setfsgid, c->fsgid) < 0 ||
	    (gid_t)syscall(SYS_setfsgid, -1) != c->fsgid ||
	    syscall(SYS_setfsuid, c->fsuid) < 0 ||
	    (uid_t)syscall(SYS_setfsuid, -1) != c->fsuid)
		return false;
	return true;
}

/*
 * Become the program's file system identity: 1 when this thread took it
 * (pl_cred_end gives it back), 0 when there is nothing to take (not root,
 * or a program that is root), -EACCES when it cannot be taken.
 * The program's status is read only where its identity may differ.
 */
int
pl_cred_begin(const struct pledge_state *st, struct pl_saved *sv)
{
	struct pl_cred c;

	if (!st->other_cred)
		return 0;
	if (!cred_of(st->req->pid, &c))
		return -EACCES;
	if (c.fsuid == 0)
		return 0;
	sv->fsgid = (gid_t)syscall(SYS_setfsgid, -1);
	if ((sv->ngroups = getgroups(PL_SAVED_GROUPS, sv->groups)) < 0)
		return -EACCES;
	if (!cred_take(&c)) {
		pl_cred_end(sv);
		return -EACCES;
	}
	return 1;
}

/* The supervisor's own identity back; it cannot fail as root. */
void
pl_cred_end(const struct pl_saved *sv)
{
	if (syscall(SYS_setfsuid, 0) < 0 ||
	    syscall(SYS_setfsgid, sv->fsgid) < 0 ||
	    syscall(SYS_setgroups, sv->ngroups, sv->groups) < 0 ||
	    (uid_t)syscall(SYS_setfsuid, -1) != 0)
		abort();	/* never serve on as another */
}
