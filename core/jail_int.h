/* jail_int.h: the pieces of the jail builder. */
#ifndef SB_JAIL_INT_H
#define SB_JAIL_INT_H

#include <sys/types.h>

#include <limits.h>
#include <time.h>

#include "jail.h"
#include "strset.h"

/* One manifest line: a path in the jail and where it came from. */
struct jail_rec {
	char		 kind;		/* 'f' file, 's' symlink, 'd' dir */
	char		 how;		/* 'l' linked, 'c' copied, '-' */
	dev_t		 dev;		/* the host file's, when it was taken */
	ino_t		 ino;
	off_t		 size;
	struct timespec	 mtime;
	mode_t		 mode;
	char		*path;		/* the same in the jail and the host */
};

struct jail_manifest {
	struct sb_jail_spec	 spec;
	struct jail_rec		*rec;		/* sorted by path */
	size_t			 n, cap;
};

int	 jail_manifest_read(const char *root, struct jail_manifest *,
	    char *err, size_t errlen);
int	 jail_manifest_write(const char *root, const struct jail_manifest *,
	    char *err, size_t errlen);
int	 jail_manifest_add(struct jail_manifest *, const struct jail_rec *);
void	 jail_manifest_sort(struct jail_manifest *);
const struct jail_rec *jail_manifest_find(const struct jail_manifest *,
	    const char *path);
void	 jail_manifest_free(struct jail_manifest *);

/*
 * Every path the spec needs, each with only real directories above it on
 * the host (links are entries of their own), directories walked.
 */
int	 jail_want(const struct sb_jail_spec *, struct sb_strv *out,
	    char *err, size_t errlen);

/* The jail being written: its root, the directory last opened. */
struct jail_ctx {
	int			 rootfd;
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
/* Bring one path up to date in the jail. */
int	 jail_install(struct jail_ctx *, const char *path);
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
