/*
 * pledge_sv.h: the supervisor's parts (pledge_supervise.c decides,
 * pledge_proc.c reads the program's /proc, pledge_serve.c answers by name,
 * pledge_loading.c serves the loader, pledge_cred.c opens with the
 * program's identity, pledge_image.c holds narrower execpromises,
 * pledge_report.c reports and punishes).
 */
#ifndef SB_PLEDGE_SV_H
#define SB_PLEDGE_SV_H

#include <sys/types.h>

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#define MAXLOADING	64

/* A process between its exec and the end of its loading. */
struct loading {
	pid_t		 pid;
	unsigned long long started;	/* start_time: pid reuse */
	unsigned long	 code;		/* start_code before the exec */
	bool		 pending;	/* exec seen, new image not yet */
	bool		 seen;		/* the preloaded library is mapped */
};

/* Execpromises narrower than the promises, held here (pledge_image.c). */
struct pl_image {
	bool		 on;
	bool		 launched;	/* the launch's exec seen */
	pid_t		 pid;		/* ... by this process */
	unsigned long long started;	/* ... started then */
	unsigned char	 auxv[1024];	/* the first image's vector */
	size_t		 len;		/* 0 until known */
};

struct pledge_state {
	const struct sandbox	*sb;		/* for its reporter */
	uint64_t		 promises;	/* the caller's, for this call */
	uint64_t		 first;		/* the first image's */
	uint64_t		 execset;	/* images executed after it */
	struct pl_image		 image;
	bool			 initial;	/* the first image loads */
	bool			 initial_seen;	/* ... with the library mapped */
	dev_t			 lib_dev;	/* the preloaded library */
	ino_t			 lib_ino;
	int			 verbosity;
	bool			 other_cred;	/* program may not be us */
	struct loading		 load[MAXLOADING];
	size_t			 nload;
	struct seccomp_notif	*req;
	struct seccomp_notif_resp *resp;
};

/* pledge_supervise.c: answer the notification being handled. */
int	 pl_respond(int fd, struct pledge_state *, int error, unsigned flags);
int	 pl_respond_val(int fd, struct pledge_state *, int64_t val);
#define PL_CONTINUE(fd, st) \
	pl_respond(fd, st, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE)

/* pledge_proc.c */
int	 pl_proc_read(pid_t, const char *file, char *buf, size_t len);

/* Program-controlled text for a report, encoded with vis(3). */
#define SB_COMM_VIS	(4 * 16 + 8)	/* a comm is 15 bytes at most */
void	 pl_visible(char *dst, size_t dlen, const char *src);
void	 pl_comm(pid_t, char *buf, size_t len);
unsigned long	 pl_start_code(pid_t);
unsigned long long pl_start_time(pid_t);
pid_t	 pl_status_field(pid_t, const char *name, uint64_t *hex);
pid_t	 pl_tgid_of(pid_t tid);
pid_t	 pl_own_pid_of(pid_t tid);
int	 pl_read_string(int fd, const struct seccomp_notif *, uint64_t addr,
	    char *buf, size_t len);
/* 1: the preloaded library is mapped, 0: not yet, -1: skipped. */
int	 pl_preload_state(pid_t, dev_t, ino_t);

/* pledge_serve.c: 1 when the call was answered by name. */
int	 pl_try_serve(int fd, struct pledge_state *);
int	 pl_try_loading(int fd, struct pledge_state *);

/* Served in the program's root (pledge_serve.c), for the loading phase. */
int	 pl_open_in_root(const struct pledge_state *, const char *path,
	    int flags);
int	 pl_serve_open(int fd, struct pledge_state *, const char *path,
	    int flags);
int	 pl_serve_fd(int fd, struct pledge_state *, int f, int flags);
void	 pl_answer_stat(int fd, struct pledge_state *, const struct stat *,
	    uint64_t buf);
bool	 pl_served_call(int nr, const uint64_t *a, int *pa, int *flags,
	    uint64_t *buf, bool *nofollow);
int	 pl_try_by_name(int fd, struct pledge_state *);

/* pledge_cred.c: the program's file system identity, on this thread. */
#define PL_SAVED_GROUPS	256
struct pl_saved {
	gid_t	 fsgid;
	gid_t	 groups[PL_SAVED_GROUPS];
	int	 ngroups;
};
int	 pl_cred_begin(const struct pledge_state *, struct pl_saved *);
void	 pl_cred_end(const struct pl_saved *);

/* pledge_image.c */
bool	 pl_image_launch(struct pledge_state *, pid_t);
uint64_t pl_image_promises(struct pledge_state *, pid_t);

/* pledge_sendmsg.c: 1 when sendmsg or sendmmsg was decided here. */
int	 pl_try_sendmsg(int fd, struct pledge_state *);

/* pledge_report.c */
void	 pl_report(int fd, struct pledge_state *, const char *outcome);
void	 pl_punish(pid_t tid);
/* Report and kill, or ENOSYS under error: the call is not allowed. */
void	 pl_violation(int fd, struct pledge_state *);

#endif
