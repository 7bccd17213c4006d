/*
 * learn.h: `sandbox learn`. A program runs once under a seccomp filter that
 * sends the supervisor a user notification for the system calls a policy
 * depends on (paths, sockets, and those outside the stdio promise); the
 * supervisor records what it sees and lets every call continue. The record
 * is then written as a Lua policy, with a machine-readable block that a
 * later --append run reads back.
 */
#ifndef SB_LEARN_H
#define SB_LEARN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sb_internal.h"

struct seccomp_notif;
struct seccomp_notif_resp;

/* How a path was used, beyond the unveil letters (SANDBOX_UNVEIL_*). */
#define SB_LP_LOOKUP	0x01	/* stat, access, readlink: looked up only */
#define SB_LP_LIST	0x02	/* opened as a directory */
#define SB_LP_CREATED	0x04	/* created by the program */
#define SB_LP_EXEC	0x08	/* executed */
#define SB_LP_INTERP	0x10	/* loaded by the kernel at exec (ld.so, #!) */
#define SB_LP_CLOSURE	0x40	/* in the program's ELF closure (written) */

struct sb_learn_path {
	char			*path;
	unsigned		 perms;		/* SANDBOX_UNVEIL_* */
	unsigned		 how;		/* SB_LP_* */
	struct sb_learn_path	*next;		/* hash chain */
};

#define SB_LEARN_BUCKETS	4096
#define SB_LEARN_MAXPORTS	64
#define SB_LEARN_MAXUNKNOWN	16
#define SB_LEARN_MAGIC		"sandbox-learn record 1"

struct sb_learn {
	struct sb_learn_path	*bucket[SB_LEARN_BUCKETS];
	size_t			 npaths;
	uint64_t		 promises;	/* SB_PBIT() set */
	uint16_t		 bind_port[SB_LEARN_MAXPORTS];
	size_t			 nbind;
	uint16_t		 connect_port[SB_LEARN_MAXPORTS];
	size_t			 nconnect;
	bool			 inet;		/* used the host's network */
	bool			 inet_socket;	/* made an inet socket */
	bool			 dns;		/* sent to port 53 */
	bool			 ephemeral;	/* used ports not listed */
	long			 unknown[SB_LEARN_MAXUNKNOWN]; /* no promise */
	size_t			 nunknown;
	unsigned		 execs;		/* execve calls seen */
	struct sb_strv		 runs;		/* each run's command line */
	char			*program;	/* of the first run */
	char			*user;		/* its --user, or NULL */
	char			*group;		/* its --group, or NULL */
	struct sb_strv		 args;
	struct sb_strv		 closure;	/* of the program: not in files */
	unsigned long		 notes;		/* notifications served */
	unsigned long		 other_proc;	/* other processes' /proc/PID */
	unsigned long		 child_proc;	/* a child's own /proc/self */
	pid_t			 main_tgid;	/* the run's first process */
	int			 listener;	/* the seccomp listener, or -1 */
	struct seccomp_notif	*req;		/* buffers, allocated once */
	struct seccomp_notif_resp *resp;
};

/* learn_record.c */
struct sb_learn	*sb_learn_new(void);
void		 sb_learn_free(struct sb_learn *);
int		 sb_learn_path(struct sb_learn *, const char *path,
		    unsigned perms, unsigned how);
struct sb_learn_path *sb_learn_lookup(const struct sb_learn *, const char *);
int		 sb_learn_port(struct sb_learn *, bool bind, unsigned port);
/* Visit every path, in no order; stops at a nonzero return. */
int		 sb_learn_each(const struct sb_learn *,
		    int (*)(const struct sb_learn_path *, void *), void *);

/* learn_filter.c: the observing "backend" (filter, listener). */
extern const struct sb_backend sb_learn_observer;
/* learn_observe.c: serve one notification from the listener. */
int	 sb_learn_ready(struct sandbox *, int fd, void *learn);

/* learn_fs.c: paths seen through another process's eyes. */
int	 sb_learn_read_string(pid_t, uint64_t addr, char *buf, size_t len);
int	 sb_learn_read_mem(pid_t, uint64_t addr, void *buf, size_t len);
int	 sb_learn_abspath(pid_t, int dirfd, const char *path, char *out,
	    size_t len);
int	 sb_learn_fdpath(pid_t, int fd, char *out, size_t len);
void	 sb_learn_clean(char *path);
int	 sb_learn_exec_interp(const char *path, char *interp, size_t len,
	    bool *script);

/*
 * learn_promise.c: the smallest promise a system call needs, judged by its
 * number and register arguments; -1 when no promise allows it, SB_P_STDIO
 * when stdio does. Path promises are judged from the path events instead.
 */
int	 sb_learn_promise(long nr, const uint64_t args[6]);

/* learn_sensitive.c: a reason when a path looks like it holds secrets. */
const char	*sb_learn_sensitive(const char *path);
bool		 sb_learn_covers_sensitive(const char *dir);

/* learn_write.c and learn_read.c: the policy file. */
int	 sb_learn_write(struct sandbox *, const struct sb_learn *, FILE *);
int	 sb_learn_read(struct sandbox *, struct sb_learn *, const char *file);

#endif
