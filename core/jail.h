/*
 * jail.h: a chroot jail built from the closure of programs: files
 * hard-linked when on the same file system and copied otherwise, symlinks
 * kept, setuid/setgid bits dropped, a minimal /dev and /tmp, and a
 * manifest (DIR/.sandbox/manifest) of what came from where, so that a
 * refresh copies only what changed. The library side: nothing is printed.
 */
#ifndef SB_JAIL_H
#define SB_JAIL_H

#include "sb_internal.h"

#define SB_JAIL_MANIFEST	".sandbox/manifest"

/* What a build or a sync did, file by file. */
struct sb_jail_stats {
	size_t		 linked;	/* hard links to the host file */
	size_t		 copied;	/* copies (another file system) */
	size_t		 symlinks;	/* links created or changed */
	size_t		 updated;	/* entries that were stale */
	size_t		 unchanged;
	size_t		 removed;	/* no longer needed */
	size_t		 dirs;
	size_t		 files;		/* entries in the jail */
	uint64_t	 bytes;		/* size of the regular files */
	const char	*dev;		/* how /dev was made */
	char		 dropped[1024];	/* programs gone from the host */
};

/*
 * The runtime sets a jail gets unless others are named: what common
 * programs open at run time (libgcc_s, the local time zone, user names,
 * name resolution, terminfo, the C.UTF-8 locale).
 */
extern const char *const sb_jail_default_runtime[];

/* What goes in: programs (closure computed) and extra files or sets. */
struct sb_jail_spec {
	struct sb_strv	 programs;	/* host paths */
	struct sb_strv	 files;		/* files and directories, as is */
	struct sb_strv	 runtime;	/* names of runtime sets */
	struct sb_strv	 users;		/* passwd/group made for these only */
	/*
	 * LD_LIBRARY_PATH the closures are computed with, recorded so that
	 * a sync finds what the build found; NULL for none.
	 */
	char		*libpath;
	/*
	 * A program no longer on the host is dropped, with what only it
	 * needed, instead of failing (a sync, a jail refreshed for a run
	 * after an upgrade removed a program it was built for).
	 */
	bool		 drop_gone;
};

/*
 * Create or refresh the jail at root for spec; with sync, the spec is read
 * from the manifest (and the spec argument may be NULL). Returns 0 or a
 * negative errno with a message in err.
 */
int	 sb_jail_build(const char *root, const struct sb_jail_spec *,
	    struct sb_jail_stats *, char *err, size_t errlen);
int	 sb_jail_sync(const char *root, struct sb_jail_stats *, char *err,
	    size_t errlen);

/*
 * Whether root is a jail the caller may use: its own, or root's to be
 * entered as it is; nothing above it writable by others (jail_trust.c).
 */
int	 sb_jail_check(const char *root, char *err, size_t errlen);

/* Add the default runtime sets to a spec that names none. */
int	 sb_jail_spec_defaults(struct sb_jail_spec *);

/* The spec a jail's manifest records. */
int	 sb_jail_read_spec(const char *root, struct sb_jail_spec *, char *err,
	    size_t errlen);
void	 sb_jail_spec_free(struct sb_jail_spec *);

/*
 * The closure of program as seen inside root (in a child that chroots,
 * in a user namespace when not root). The paths are the jail's.
 */
int	 sb_jail_closure(const char *root, const char *program,
	    struct sb_strv *out, char *err, size_t errlen);

/*
 * Enter root: a mount namespace of its own (and a user namespace first
 * when not root), the jail's .sandbox covered by an empty read-only
 * tmpfs, then chroot and chdir("/"). Used in the child by the chroot
 * backend, with SB_JAIL_RUN: a program is to run, and a jail without
 * .sandbox is refused rather than entered with nothing hidden.
 */
#define SB_JAIL_RUN	0x1
/*
 * With SB_JAIL_CLONED the caller was cloned into its mount namespace (and
 * its user namespace when not root, the maps written from outside by
 * sb_jail_map): none is made here.
 */
#define SB_JAIL_CLONED	0x2
int	 sb_jail_enter(const char *root, unsigned flags, char *err,
	    size_t errlen);
int	 sb_jail_map(pid_t pid, char *err, size_t errlen);

#endif
