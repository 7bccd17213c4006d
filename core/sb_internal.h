/*
 * sb_internal.h: what the core and the backends share inside the library.
 * Nothing here is exported; the public interface is include/sandbox.h.
 */
#ifndef SB_INTERNAL_H
#define SB_INTERNAL_H

#include <sys/resource.h>
#include <sys/types.h>

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sandbox.h"

#define SB_ERRLEN	1024

/* A growable NULL-terminated vector of owned strings. */
struct sb_strv {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

int	 sb_strv_push(struct sb_strv *, const char *);
int	 sb_strv_pushf(struct sb_strv *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
bool	 sb_strv_contains(const struct sb_strv *, const char *);
void	 sb_strv_clear(struct sb_strv *);

/*
 * Room for element n of a doubling array *v of *cap elements of size bytes
 * (first: the capacity of a new one). 0, or -ENOMEM leaving *v as it was.
 */
int	 sb_grow(void *v, size_t *cap, size_t n, size_t size, size_t first);

/* An unveil(2) rule: a path and SANDBOX_UNVEIL_* letters. */
struct sb_unveil {
	char		*path;
	unsigned	 perms;
};

/* A bind mount for the namespace view (dst defaults to src). */
#define SB_BIND_RW	0x1
#define SB_BIND_TRY	0x2	/* skip silently when src does not exist */
struct sb_bind {
	char		*src;
	char		*dst;
	unsigned	 flags;
};

/*
 * TCP ports a policy allows in one direction (Landlock ABI 4+). Listed,
 * even as an empty list, the ports are all the program may use that way.
 */
struct sb_ports {
	uint16_t	*port;
	size_t		 n;
	bool		 listed;
};

/* Everything a policy or the command line can say. */
struct sb_config {
	const struct sb_backend	*backend;	/* NULL: the default */
	char			*program;	/* as given; resolved at spawn */
	struct sb_strv		 args;		/* arguments after the program */
	char			*root;		/* chroot jail directory */
	char			*user;
	char			*group;
	char			*promises;	/* NULL: no pledge */
	char			*execpromises;	/* NULL: unset */
	struct sb_unveil	*unveil;
	size_t			 nunveil;
	struct sb_strv		 files;		/* beyond the ELF closure */
	struct sb_bind		*binds;
	size_t			 nbinds;
	struct sb_strv		 tmpfs;		/* private writable dirs */
	struct sb_ports		 bind_ports;
	struct sb_ports		 connect_ports;
	enum sandbox_net	 net;
	struct sb_strv		 env;		/* NAME=VALUE edits */
	bool			 clearenv;
	bool			 best_effort;
	int			 verbosity;
	struct rlimit		 rlimit[RLIM_NLIMITS];	/* where set */
	unsigned		 rlimit_set;	/* 1 << resource */
	struct sb_strv		 params;	/* NAME=VALUE policy params */
	/* NAME\tKIND\tDEFAULT\tHELP: what sandbox.params declared. */
	struct sb_strv		 param_decls;
	bool			 params_declared;
	unsigned		 given;		/* SB_APPLIES_*, outside policies */
	bool			 in_policy;	/* a policy is being loaded */
};

/* A watched descriptor in the supervisor's event loop. */
struct sb_watch {
	int	  fd;
	int	(*ready)(struct sandbox *, int fd, void *arg);
	void	 *arg;
};
#define SB_MAXWATCH	8

/* What the child of a spawn knows about its launch. */
struct sb_child {
	int		 chan;		/* to the parent; -1 in sandbox_exec */
	const char	*path;		/* resolved program, host path */
	char *const	*argv;
	char *const	*envp;
	long		 cloned;	/* namespaces it was cloned into; 0 */
	pid_t		 parent;	/* the supervisor, seen from a fork */
	int		 jobs;		/* init's stops to the supervisor; -1 */
};

/* The identity inside, resolved in the parent where NSS still works. */
#define SB_MAXGROUPS	64
struct sb_ident {
	bool	 set;
	uid_t	 uid;
	gid_t	 gid;
	gid_t	 groups[SB_MAXGROUPS];
	int	 ngroups;
};

struct sb_learn;

/* Backend state slots, so that combined can hold all of them at once. */
enum sb_slot { SB_SLOT_CHROOT, SB_SLOT_PLEDGE, SB_SLOT_UNVEIL,
	SB_SLOT_NAMESPACE, SB_SLOT_COMBINED, SB_NSLOTS };

struct sandbox {
	struct sb_config	 cfg;
	char			 err[SB_ERRLEN];
	/* Per-run state, reset by each spawn. */
	char			*path;		/* resolved program */
	struct sb_strv		 argv;
	struct sb_strv		 envp;
	struct sb_ident		 ident;
	struct sb_watch		 watch[SB_MAXWATCH];
	size_t			 nwatch;
	void			*priv[SB_NSLOTS]; /* backend state */
	int			 failed_status;	/* 125/126/127 from child */
	sigset_t		 oldmask;	/* the caller's, restored */
	sandbox_report_fn	 report;	/* where reports go, or NULL */
	void			*report_arg;
	unsigned		 blocked;	/* spawns holding the signals */
	bool			 chld_ignored;	/* the caller's SIGCHLD, set back */
	int			 dumpable;	/* the caller's, while hidden; -1 */
	struct sb_learn		*learn;		/* sandbox learn: observations */
};

/*
 * Restrictions a backend applies. Those asked for outside a policy (by the
 * command line or a caller of the library: sb_config.given) must be
 * applied by the backend chosen, or the launch is refused: "-b pledge
 * -v /etc" would otherwise run with no view at all. A policy's fields are
 * the whole plan, applied in part by a backend chosen to compare.
 */
#define SB_APPLIES_UNVEIL	0x1	/* unveil rules */
#define SB_APPLIES_PLEDGE	0x2	/* promises and execpromises */
#define SB_APPLIES_ROOT		0x4	/* a jail directory */
#define SB_APPLIES_NET		0x8	/* no network */

/*
 * A backend: a table of hooks, any of which may be NULL ("nothing to do").
 * The launch runs them in OpenBSD's order:
 *   parent: prepare, clone_flags (a fork, or a clone into namespaces),
 *           started (the parent's part of a clone: the id maps)
 *   child:  enter (the view: chroot, namespaces; still privileged)
 *           identity (core: setgroups, setresgid, setresuid)
 *           no_new_privs (core)
 *           narrow (Landlock, seccomp: as close to exec as possible)
 *           exec (core)
 *   parent: receive (descriptors the child passed), supervise, wait.
 * Every hook returns 0 or a negative errno after sb_err().
 */
struct sb_backend {
	const char	*name;
	const char	*mechanism;
	unsigned	 answers;		/* SANDBOX_ANSWERS_* */
	unsigned	 applies;		/* SB_APPLIES_* */
	int	(*probe)(char *why, size_t len);
	int	(*prepare)(struct sandbox *);
	int	(*enter)(struct sandbox *, struct sb_child *);
	int	(*narrow)(struct sandbox *, struct sb_child *);
	int	(*receive)(struct sandbox *, int fd);
	void	(*release)(struct sandbox *);
	/*
	 * A spawn's child may be cloned straight into new namespaces (no
	 * process in between): the flags, 0 for a fork. It then waits, its
	 * signals still held, until started() has run in the parent.
	 */
	long	(*clone_flags)(struct sandbox *);
	int	(*started)(struct sandbox *, pid_t);
	/* The backend scopes the program's signals itself (Landlock). */
	bool	 keeps_signals;
};

/*
 * core/reaper.c: in a pid namespace's first process, fork the program
 * (0 returned there) and reap as its init (never returns); init's report
 * of the program's stops and continues (a wait status) on c->jobs.
 */
int	 sb_reaper_start(struct sandbox *, struct sb_child *);
/*
 * The init's loop, shared with the namespace backends' init: reap every
 * orphan, pass the forwarded signals on to prog, report its stops on jobs,
 * and end with it (its wait status on status_fd when there is one).
 */
void	 sb_init_loop(pid_t prog, int status_fd, int jobs)
	    __attribute__((noreturn));
/*
 * core/pidns.c: a pid namespace (and an init) for backends without one:
 * the clone flags, the parent's part (id maps), the child's (a /proc of
 * its own with proc, then init; returns 0 in the program).
 */
long	 sb_pidns_clone_flags(bool mounts);
int	 sb_pidns_started(struct sandbox *, pid_t);
int	 sb_pidns_enter(struct sandbox *, struct sb_child *, bool proc);
/* core/loop.c: watch init's reports for child PID; forget them. */
int	 sb_jobs_watch(struct sandbox *, int fd, pid_t pid);
void	 sb_jobs_end(struct sandbox *, pid_t pid);
void	 sb_job_report(int fd, int ws);

/* backends/scope.c: no signal, no ptrace out of the sandbox. */
int	 sb_keep_signals(struct sandbox *);

/* core/registry.c */
extern const struct sb_backend *const sb_backends[];
const struct sb_backend	*sb_backend_find(const char *name);
const struct sb_backend	*sb_backend_default(void);

/* core/net.c: "none", "host" to SANDBOX_NET_* (-EINVAL), and back. */
int		 sb_net_parse(const char *name, enum sandbox_net *);
const char	*sb_net_name(enum sandbox_net);

/* "EMFILE: out of file descriptors" and the like, or NULL (core/error.c). */
const char *sb_errno_resource(int err);
/* Append that name to msg, when it is one and msg lacks it. */
void	 sb_errno_name(char *msg, size_t len, int err);
/* " (EAGAIN: out of processes ...)" for a failed fork, else "". */
const char *sb_fork_hint(int err);
/*
 * core/error.c: record a message; returns -err (err > 0). The message is
 * kept encoded with vis(3): the user's strings it quotes (a policy's, a
 * program's) cannot forge a line nor drive a terminal where it is shown.
 */
int	 sb_err(struct sandbox *, int err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
int	 sb_verr(struct sandbox *, int err, const char *fmt, va_list);
/*
 * A message encoded already (the child's over the launch channel, or one
 * sb_err made before) behind a prefix of ours: encoded once, not twice.
 */
int	 sb_err_encoded(struct sandbox *, int err, const char *prefix,
	    const char *encoded);

/* core/error.c: s encoded with vis(3) into dst, cut short to fit. */
void	 sb_vis(char *dst, size_t len, const char *s);
/* core/error.c: s encoded with vis(3), to f. */
void	 sb_fputvis(FILE *f, const char *s);

/* core/error.c: a report line for the caller's reporter (never printed). */
void	 sb_report(const struct sandbox *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* core/chan.c: the child-to-parent launch channel. */
int	 sb_chan_send_fd(int chan, int fd);
int	 sb_chan_send_error(int chan, int status, const char *msg);
/* The address of the message header both pass to sendmsg (a filter's). */
uintptr_t sb_chan_header(void);

/*
 * core/loop.c: the supervisor's event loop. Backends add descriptors (a
 * seccomp listener) with a callback; a negative return from the callback
 * stops watching that descriptor.
 */
int	 sb_watch_add(struct sandbox *, int fd,
	    int (*ready)(struct sandbox *, int, void *), void *arg);
int	 sb_signals_block(struct sandbox *);
/* The signals the supervisor passes on to the program. */
void	 sb_forward_set(sigset_t *);
void	 sb_signals_restore(struct sandbox *);
int	 sb_loop_chan(struct sandbox *, int chan);

/* core/unveil.c: parse "rwxc" letters; -EINVAL on others. */
int	 sb_unveil_perms(const char *letters, unsigned *perms);

/* core/program.c: resolution before the fork. */
int	 sb_program_resolve(struct sandbox *, const char *name);
int	 sb_program_status(const struct sandbox *);
int	 sb_program_argv(struct sandbox *, char *const argv[]);
int	 sb_program_env(struct sandbox *);
int	 sb_env_set(struct sandbox *, const char *name, const char *value);
const char *sb_env_get(const struct sandbox *, const char *name);

/*
 * core/sharedobj.c: the ELF shared objects in path (a file, or a tree) into
 * out: modules loaded by name at run time, whose libraries must be there.
 */
int	 sb_shared_objects(const char *path, struct sb_strv *out);

/*
 * core/rlimit.c: NAME and "SOFT[:HARD]" to the limit (-EINVAL, after
 * sb_err); the parent's raise of a hard limit in child pid; the child's
 * setrlimit of each; the plan's lines.
 */
int	 sb_rlimit_parse(struct sandbox *, const char *name, const char *spec);
const char *sb_rlimit_name(int resource);
int	 sb_rlimit_raise(struct sandbox *, pid_t);
int	 sb_rlimit_apply(struct sandbox *);
void	 sb_rlimit_describe(const struct sandbox *, FILE *);

/* core/identity.c: resolve --user/--group in the parent, drop in the child. */
int	 sb_identity_resolve(struct sandbox *);
int	 sb_identity_drop(struct sandbox *);

#endif /* SB_INTERNAL_H */
