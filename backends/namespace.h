/*
 * namespace.h: the namespace backend, a Plan 9-style private view. The
 * parent plans the mounts (the program's closure, the runtime files, the
 * unveiled paths, binds and tmpfs); the launch clones an init process into
 * new user, mount, pid, ipc, uts, cgroup and network namespaces, which
 * builds the view on an empty tmpfs, pivots into it and forks the program.
 */
#ifndef SB_NAMESPACE_H
#define SB_NAMESPACE_H

#include "sb_internal.h"

/* What one entry of the view is. */
#define NS_RO		0x01	/* read-only bind */
#define NS_EXEC		0x02	/* programs may run from it */
#define NS_TRY		0x04	/* skip when the source is missing */
#define NS_TMPFS	0x08	/* a fresh tmpfs, not a bind */
#define NS_PUBLIC	0x10	/* tmpfs mode 1777 (the private /tmp) */
#define NS_DEV		0x20	/* the minimal /dev */
#define NS_PROC		0x40	/* /proc of the new pid namespace */
#define NS_LINKS	0x80	/* only the symlinks on the way to dst */
#define NS_USER		0x100	/* unveiled by the user: as asked */

struct ns_entry {
	char		*path;	/* where it appears, as the user named it */
	char		*dst;	/* canonical: no symlinks */
	char		*src;	/* host source, canonical; NULL for tmpfs... */
	unsigned	 flags;	/* NS_* */
};

struct ns_plan {
	struct ns_entry	*e;
	size_t		 n;
	bool		 net;		/* keep the host's network */
	uid_t		 outer_uid;	/* who starts it, outside */
	gid_t		 outer_gid;
	bool		 privileged;	/* may map any id (root outside) */
	bool		 no_userns;	/* no nested user namespaces inside */
	struct sb_strv	 ttys;		/* the terminal(s) of stdio, /dev/pts/N */
	struct sb_strv	 dirs;		/* while planning: directories met */
	struct sb_strv	 real_dirs;	/* and their real paths */
};

/* namespace_plan.c: in the parent. */
int	 ns_plan_build(struct sandbox *, struct ns_plan *);
void	 ns_plan_free(struct ns_plan *);

/* namespace_view.c: in the init process, inside the new namespaces. */
int	 ns_view_build(struct sandbox *, const struct ns_plan *);
int	 ns_loopback_up(struct sandbox *);

/* namespace_proc.c: the processes around the program. */
int	 ns_enter(struct sandbox *, struct sb_child *, const struct ns_plan *);
long	 ns_clone_flags(const struct ns_plan *);
int	 ns_write_maps(struct sandbox *, pid_t, const struct ns_plan *);
int	 ns_drop_caps(struct sandbox *);

/* namespace.c */
struct ns_plan	*ns_plan_of(struct sandbox *);
int	 ns_probe_userns(char *why, size_t len);

#endif
