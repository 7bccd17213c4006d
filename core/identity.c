/*
 * identity.c: --user and --group. Names are resolved in the parent, before
 * any view hides /etc/passwd; the drop happens in the child, after the view
 * is entered and before the restrictions, in OpenBSD's order: setgroups,
 * setresgid, setresuid, each checked.
 */
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <bsd/stdlib.h>

#include "sb_internal.h"

static int
parse_id(const char *s, unsigned long *id)
{
	const char *errstr;

	*id = strtonum(s, 0, UINT_MAX - 1, &errstr);
	return errstr == NULL ? 0 : -EINVAL;
}

static int
resolve_user(struct sandbox *sb, struct sb_ident *id)
{
	struct passwd *pw;
	unsigned long n;

	if ((pw = getpwnam(sb->cfg.user)) == NULL) {
		if (parse_id(sb->cfg.user, &n) < 0)
			return sb_err(sb, EINVAL, "unknown user '%s'",
			    sb->cfg.user);
		if ((pw = getpwuid((uid_t)n)) == NULL) {
			/* As chroot(8): no group is guessed for it. */
			if (sb->cfg.group == NULL)
				return sb_err(sb, EINVAL, "uid %lu is not in "
				    "the user database: give a group too", n);
			id->uid = (uid_t)n;
			id->ngroups = 0;
			return 0;
		}
	}
	id->uid = pw->pw_uid;
	id->gid = pw->pw_gid;
	id->ngroups = SB_MAXGROUPS;
	if (getgrouplist(pw->pw_name, pw->pw_gid, id->groups,
	    &id->ngroups) < 0)
		return sb_err(sb, E2BIG, "user '%s' is in more than %d groups",
		    pw->pw_name, SB_MAXGROUPS);
	return 0;
}

static int
resolve_group(struct sandbox *sb, struct sb_ident *id)
{
	struct group *gr;
	unsigned long n;

	if ((gr = getgrnam(sb->cfg.group)) != NULL)
		id->gid = gr->gr_gid;
	else if (parse_id(sb->cfg.group, &n) == 0)
		id->gid = (gid_t)n;
	else
		return sb_err(sb, EINVAL, "unknown group '%s'", sb->cfg.group);
	/* An explicit group replaces the user's supplementary groups. */
	id->groups[0] = id->gid;
	id->ngroups = 1;
	return 0;
}

int
sb_identity_resolve(struct sandbox *sb)
{
	struct sb_ident *id = &sb->ident;
	int r;

	id->set = false;
	if (sb->cfg.user == NULL && sb->cfg.group == NULL)
		return 0;
	id->uid = geteuid();
	id->gid = getegid();
	id->ngroups = 0;
	if (sb->cfg.user != NULL && (r = resolve_user(sb, id)) < 0)
		return r;
	if (sb->cfg.group != NULL && (r = resolve_group(sb, id)) < 0)
		return r;
	id->set = true;
	return 0;
}

int
sb_identity_drop(struct sandbox *sb)
{
	const struct sb_ident *id = &sb->ident;

	if (!id->set)
		return 0;
	if (setgroups(id->ngroups, id->groups) < 0) {
		if (errno != EPERM)
			return sb_err(sb, errno, "setgroups for uid %u",
			    (unsigned)id->uid);
		return sb_err(sb, EPERM, "cannot run as uid %u gid %u: "
		    "changing identity needs root; an ordinary user's user "
		    "namespace maps only their own uid and gid",
		    (unsigned)id->uid, (unsigned)id->gid);
	}
	if (setresgid(id->gid, id->gid, id->gid) < 0)
		return sb_err(sb, errno, "setresgid %u", (unsigned)id->gid);
	if (setresuid(id->uid, id->uid, id->uid) < 0)
		return sb_err(sb, errno, "setresuid %u", (unsigned)id->uid);
	return 0;
}
