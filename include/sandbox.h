/*
 * sandbox.h: confine a Unix program with a chroot jail, pledge(2)-style
 * syscall promises, unveil(2)-style filesystem views or private namespaces,
 * behind one interface.
 *
 * Lifecycle:
 *
 *	struct sandbox *sb = sandbox_new();
 *	sandbox_load_policy(sb, "policies/unbound.lua");	optional
 *	sandbox_set_backend(sb, "combined");			any setter, any order
 *	sandbox_spawn(sb, argv, &pid);		confine a child and exec argv
 *	sandbox_wait(sb, pid, &status);		forward signals, reap, map status
 *	sandbox_free(sb);			accepts NULL
 *
 * or sandbox_exec(sb, argv) to confine the calling process and exec argv in
 * place (returns only on failure).
 *
 * Every function returns 0 on success or a negative errno value on failure;
 * sandbox_error() then describes the failure ("policies/web.lua:3: ...").
 * The library never prints and never exits.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <sys/resource.h>
#include <sys/types.h>

#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__)
#define SANDBOX_API __attribute__((visibility("default")))
#else
#define SANDBOX_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct sandbox;

/* Network access inside the sandbox. */
enum sandbox_net {
	SANDBOX_NET_DEFAULT = 0,	/* the backend's documented default */
	SANDBOX_NET_NONE,		/* no network: loopback at most */
	SANDBOX_NET_HOST		/* the host's network */
};

/* Messages the sandbox may say on stderr (the library only records them). */
enum sandbox_verbosity {
	SANDBOX_QUIET = -1,
	SANDBOX_NORMAL = 0,
	SANDBOX_VERBOSE = 1
};

/* Permission letters of unveil(2), as a bit set. */
#define SANDBOX_UNVEIL_R	0x1	/* read */
#define SANDBOX_UNVEIL_W	0x2	/* write */
#define SANDBOX_UNVEIL_X	0x4	/* execute */
#define SANDBOX_UNVEIL_C	0x8	/* create and remove */

/* The four drawbacks of a classic chroot jail a backend may answer. */
#define SANDBOX_ANSWERS_REPLICATION	0x1	/* no copies of dependencies */
#define SANDBOX_ANSWERS_SYSCALLS	0x2	/* limits the system calls */
#define SANDBOX_ANSWERS_ROOT		0x4	/* needs no root to start */
#define SANDBOX_ANSWERS_NETWORK		0x8	/* can cut the network */

/* Lifecycle. */
SANDBOX_API struct sandbox *sandbox_new(void);
SANDBOX_API void	 sandbox_free(struct sandbox *);
SANDBOX_API const char	*sandbox_error(const struct sandbox *);

/* Configuration from a Lua policy file; later setters override it. */
SANDBOX_API int	 sandbox_load_policy(struct sandbox *, const char *path);
/* Set a policy parameter (read by policies as sandbox.param.NAME). */
SANDBOX_API int	 sandbox_set_param(struct sandbox *, const char *name,
		    const char *value);

/* Configuration call by call. */
SANDBOX_API int	 sandbox_set_backend(struct sandbox *, const char *name);
SANDBOX_API int	 sandbox_set_program(struct sandbox *, const char *path);
SANDBOX_API int	 sandbox_add_arg(struct sandbox *, const char *arg);
SANDBOX_API int	 sandbox_set_root(struct sandbox *, const char *dir);
SANDBOX_API int	 sandbox_set_user(struct sandbox *, const char *user);
SANDBOX_API int	 sandbox_set_group(struct sandbox *, const char *group);
SANDBOX_API int	 sandbox_set_pledge(struct sandbox *, const char *promises,
		    const char *execpromises);
SANDBOX_API int	 sandbox_unveil(struct sandbox *, const char *path,
		    const char *perms);
SANDBOX_API int	 sandbox_add_file(struct sandbox *, const char *path);
/* Each file of a run-time set (sandbox-policy(5)) found here, as a file. */
SANDBOX_API int	 sandbox_add_runtime(struct sandbox *, const char *set);
SANDBOX_API int	 sandbox_set_net(struct sandbox *, enum sandbox_net);
/*
 * The namespace view: show src at dst (NULL: the same place), read-only
 * unless SANDBOX_BIND_RW; SANDBOX_BIND_TRY skips a src that is missing.
 * sandbox_tmpfs() mounts a private, empty tmpfs at dir.
 */
#define SANDBOX_BIND_RW		0x1
#define SANDBOX_BIND_TRY	0x2
SANDBOX_API int	 sandbox_bind(struct sandbox *, const char *src,
		    const char *dst, unsigned flags);
SANDBOX_API int	 sandbox_tmpfs(struct sandbox *, const char *dir);
/*
 * A resource limit of setrlimit(2) (RLIMIT_NOFILE...) the program starts
 * with, soft and hard (RLIM_INFINITY: none). A hard limit above the
 * caller's needs CAP_SYS_RESOURCE; the launch is refused without it.
 */
SANDBOX_API int	 sandbox_set_rlimit(struct sandbox *, int resource,
		    rlim_t soft, rlim_t hard);
SANDBOX_API int	 sandbox_setenv(struct sandbox *, const char *name,
		    const char *value);
SANDBOX_API int	 sandbox_clearenv(struct sandbox *);
SANDBOX_API int	 sandbox_set_best_effort(struct sandbox *, int);
SANDBOX_API int	 sandbox_set_verbosity(struct sandbox *,
		    enum sandbox_verbosity);
/*
 * Reports while the program runs (a pledge violation, as OpenBSD's kernel
 * logs it) go to fn, one line without its newline, from sandbox_wait().
 * With no reporter set, they are dropped: the library never prints.
 */
typedef void	(*sandbox_report_fn)(const char *line, void *arg);
SANDBOX_API int	 sandbox_set_reporter(struct sandbox *, sandbox_report_fn,
		    void *arg);

/* Read back what was configured (NULL when unset). */
SANDBOX_API const char	*sandbox_backend(const struct sandbox *);
SANDBOX_API const char	*sandbox_program(const struct sandbox *);
SANDBOX_API const char	*sandbox_promises(const struct sandbox *);
SANDBOX_API const char	*sandbox_execpromises(const struct sandbox *);
/* Write the resolved configuration, one setting a line, to f. */
SANDBOX_API int	 sandbox_describe(const struct sandbox *, FILE *f);

/*
 * Running. argv may be NULL to run the policy's program and args; otherwise
 * argv[0] is the program (searched in PATH when it has no slash).
 * sandbox_wait() stores in *status the exit status as chroot(1) gives it:
 * the program's own, 128+N for a signal N, 125 when the sandbox failed,
 * 126 when the program could not be executed, 127 when it was not found.
 */
SANDBOX_API int	 sandbox_spawn(struct sandbox *, char *const argv[],
		    pid_t *pid);
SANDBOX_API int	 sandbox_wait(struct sandbox *, pid_t pid, int *status);
SANDBOX_API int	 sandbox_exec(struct sandbox *, char *const argv[]);
/*
 * After a failed spawn or exec: the exit status a command should use, 127
 * when the program was not found, 126 when it could not be executed, 125
 * for every other failure of the sandbox.
 */
SANDBOX_API int	 sandbox_exit_status(const struct sandbox *);
/* Map a wait(2) status to the exit status above (128+N for signal N). */
SANDBOX_API int	 sandbox_status_from_wait(int wstatus);

/*
 * Learning: run argv (or the policy's program) once under observation,
 * recording the files, system calls and network use it needs; *status gets
 * the program's exit status as sandbox_wait() gives it. Observations from
 * several runs (and from an earlier learned policy, read back with
 * sandbox_learn_merge()) add up; sandbox_learn_write() writes them as a
 * Lua policy.
 */
SANDBOX_API int	 sandbox_learn(struct sandbox *, char *const argv[],
		    int *status);
SANDBOX_API int	 sandbox_learn_merge(struct sandbox *, const char *policy);
SANDBOX_API int	 sandbox_learn_write(struct sandbox *, FILE *f);

/* Backends known to this build. */
SANDBOX_API size_t	 sandbox_backend_count(void);
SANDBOX_API const char	*sandbox_backend_name(size_t i);
SANDBOX_API const char	*sandbox_backend_mechanism(size_t i);
SANDBOX_API unsigned	 sandbox_backend_answers(size_t i);
/* 0 when usable here; otherwise negative errno; why says what was found. */
SANDBOX_API int	 sandbox_backend_probe(size_t i, char *why, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* SANDBOX_H */
