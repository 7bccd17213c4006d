/* jail_int.h: the pieces of the jail builder. */
#ifndef SB_JAIL_INT_H
#define SB_JAIL_INT_H

#include <sys/stat.h>
#include <sys/types.h>

#include <limits.h>
#include <time.h>

#include "jail.h"
#include "strset.h"

/* A file being written in the jail, renamed over its target when whole. */
#define JAIL_TMPNAME	".sandbox-new"

/* One manifest line: a path in the jail and where it came from. */
struct jail_rec {
	char		 kind;		/* 'f' file, 's' symlink, 'd' dir */
	char		 how;		/* 'l' linked, 'c' copied, '-' */
	dev_t		 dev;		/* the host file's, when it was taken */
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime;
	mode_t		 mode;
	/*
	 * A copy's own inode and ctime in the jail, as the build left it: a
	 * program in the jail may write its copy and set its size and time
	 * back, but not its ctime. Zero when not known (an older jail).
	 */
	ino_t		 jino;
	struct timespec	 jctime;
	char		*path;		/* the same in the jail and the host */
};

struct jail_manifest {
	struct sb_jail_spec	 spec;
	struct jail_rec		*rec;		/* sorted by path */
	size_t			 n, cap;
};

/*
 * A jail opened after its checks (jail_trust.c): its root, its .sandbox
 * directory, their owner. The manifest is reached from sbfd only.
 */
struct jail_fds {
	int		 rootfd;	/* O_PATH */
	int		 sbfd;		/* .sandbox */
	uid_t		 owner;
	char		 root[PATH_MAX]; /* resolved, for messages */
};

/*
 * Refuse a jail root not to be trusted: own_only for one to write (the
 * caller's own), else root's is accepted too (entered as it is).
 */
int	 jail_trust_root(const char *root, bool own_only, char *err,
	    size_t errlen);
/* A file or directory of the jail's own: owner's, not writable by others. */
int	 jail_trust_stat(const char *what, const struct stat *, uid_t owner,
	    bool dir, char *err, size_t errlen);
/* Open a checked jail; build makes it (refusing a non-empty non-jail). */
int	 jail_open(const char *root, bool build, struct jail_fds *,
	    char *err, size_t errlen);
void	 jail_close(struct jail_fds *);

int	 jail_manifest_read(const struct jail_fds *, struct jail_manifest *,
	    char *err, size_t errlen);
int	 jail_manifest_write(const struct jail_fds *,
	    const struct jail_manifest *, char *err, size_t errlen);
int	 jail_manifest_add(struct jail_manifest *, const struct jail_rec *);
void	 jail_manifest_sort(struct jail_manifest *);
const struct jail_rec *jail_manifest_find(const struct jail_manifest *,
	    const char *path);
void	 jail_manifest_free(struct jail_manifest *);

/*
 * Every path the spec needs, each with only real directories above it on
 * the host (links are entries of their own), directories walked. With
 * drop_gone, the programs no longer on the host go to gone instead.
 */
int	 jail_want(const struct sb_jail_spec *, struct sb_strv *out,
	    struct sb_strv *gone, char *err, size_t errlen);

/*
 * A file or link written whole into .sandbox/stage (name), to be renamed
 * to path once every one of them was written: a build that runs out of
 * space has changed nothing the jail uses.
 */
#define JAIL_STAGE	"stage"
struct jail_staged {
	char		*path;		/* in the jail */
	char		 name[24];	/* in the stage */
	size_t		 rec;		/* its record in the new manifest */
	bool		 copy;		/* its own inode: noted after the rename */
};

/* The jail being written: its root, the directory last opened. */
struct jail_ctx {
	int			 rootfd;
	int			 sbfd;		/* .sandbox */
	int			 stagefd;	/* .sandbox/stage, once needed */
	int			 hostfd;	/* the host file installed, O_PATH */
	struct jail_staged	*staged;
	size_t			 nstaged, capstaged;
	struct sb_strv		 created;	/* directories made meanwhile */
	int			 dirfd;		/* of dir, O_PATH */
	char			 dir[PATH_MAX];
	bool			 nolink;	/* another file system */
	bool			 root;		/* euid 0: chown, mknod */
	const struct jail_manifest *old;
	struct jail_manifest	*new;
	struct sb_strset	 dirs;		/* directories ensured */
	struct sb_jail_stats	*st;
	char			*err;
	size_t			 errlen;
};

/* Open (creating as on the host) the jail's directory for host dir. */
int	 jail_dir(struct jail_ctx *, const char *dir, bool create);
/* chmod name in dfd, a directory, never through a link. */
int	 jail_chmod_dir(int dfd, const char *name, mode_t mode);
/* Bring one path up to date in the jail: staged, when it changed. */
int	 jail_install(struct jail_ctx *, const char *path);
/*
 * Whether the jail's file (jst) is what record r made of the host's
 * file (st) as it is now; whether a host file may be hard-linked.
 */
bool	 jail_current(const struct jail_rec *r, const struct stat *st,
	    const struct stat *jst);
bool	 jail_may_link(bool root, const struct stat *st);
/*
 * 1 when the jail at root is what a build of spec would leave, told from
 * its manifest and one look at each recorded path, on the host and in the
 * jail (st then filled as such a build fills it); 0 when a build is to
 * decide, for whatever reason (jail_fresh.c).
 */
int	 jail_fresh(const char *root, const struct sb_jail_spec *spec,
	    struct sb_jail_stats *st);
/* Put every staged file in its place (a rename each). */
int	 jail_switch(struct jail_ctx *);
/* Remove what was staged and the directories made for it. */
void	 jail_unstage(struct jail_ctx *);
/* Remove what the old manifest has and the new one does not. */
int	 jail_prune(struct jail_ctx *);
/* /etc/passwd and /etc/group holding root and the named users only. */
int	 jail_users(struct jail_ctx *, const struct sb_strv *users);
/* /dev (nodes or bind-mount points), /tmp. */
int	 jail_dev(struct jail_ctx *);

/* The device nodes a jail has, for the builder and for entering. */
struct jail_devnode {
	const char	*name;
	unsigned	 major, minor;
};
extern const struct jail_devnode jail_devnodes[];

#endif
