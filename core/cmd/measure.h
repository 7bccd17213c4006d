/*
 * measure.h: what `sandbox compare` and `sandbox bench` share: the columns
 * (each backend and each peer, as a command prefix), running a command
 * bounded in time, statistics, JSON strings and the machine's description.
 */
#ifndef SB_CMD_MEASURE_H
#define SB_CMD_MEASURE_H

#include <sys/resource.h>
#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MS_MAXARGS	40
#define MS_OUTLEN	1024
#define MS_TIMEDOUT	(-1)

/* Where a measurement runs: scratch files, the probe, the comparing pid. */
struct ms_env {
	char	 self[4096];		/* the sandbox command */
	char	 probe[4200];		/* sandbox-probe next to it */
	char	 probedir[4096];
	char	 preinit[4300];		/* sandbox-probe-preinit, or "" */
	char	 scratch[4096];		/* private temporary directory */
	char	 jail[4200];		/* the chroot columns' jail */
	char	 jail_nobody[4200];	/* the same, owned by nobody */
	char	 marker[4200];		/* a host file outside every policy */
	char	 wdir[4200];		/* a host directory anyone may write */
	pid_t	 pid;			/* this process: the host process */
	pid_t	 reaper;		/* removes scratch if we die */
	int	 lifeline;		/* its pipe: EOF when we are gone */
};

/* One column of the matrix: a backend or a peer, as a command prefix. */
struct ms_column {
	char		 name[32];
	const char	*kind;			/* "backend" or "peer" */
	char		*argv[MS_MAXARGS];	/* prefix, NULL-terminated */
	int		 argc;
	bool		 usable;
	bool		 jail;			/* uses env->jail */
	bool		 borrows_jail;		/* enters it, builds none */
	char		 why[4096];		/* availability, as found */
	char		 cmdline[512];		/* the prefix, for the report */
	bool		 as_nobody;		/* runs the program as nobody */
};

/* The outcome of one bounded run. */
struct ms_run {
	int		 status;	/* exit, 128+N for a signal, MS_TIMEDOUT */
	char		 out[MS_OUTLEN];
	char		 err[MS_OUTLEN];
	struct rusage	 ru;
	double		 ms;		/* wall time of the run */
	int		 exec_err;	/* errno: the command was not executed */
};

struct ms_stats {
	double	 median, p10, p90, min, max;
	int	 n;
};

struct ms_machine {
	char	 date[32];		/* UTC, ISO 8601 */
	char	 kernel[256];
	char	 cpu[128];
	long	 cores;
	char	 host[64];
};

int	 ms_env_init(struct ms_env *);
void	 ms_env_cleanup(struct ms_env *);

/* Fill cols (at most max) with every backend registered and the peers. */
size_t	 ms_columns(const struct ms_env *, struct ms_column *, size_t max);
void	 ms_columns_free(struct ms_column *, size_t n);

/*
 * Run prefix + args (both NULL-terminated; prefix may be NULL), stdin from
 * /dev/null, stdout and stderr captured, killed after timeout_ms. As nobody
 * (uid and gid 65534, no groups) when nobody is set and we are root; as
 * the caller, an ordinary user already, when not root.
 */
int	 ms_run(char *const prefix[], char *const args[], bool nobody,
	    int timeout_ms, struct ms_run *);
/* The same, executing file (a path) with that vector, as a spawn does. */
int	 ms_run_file(const char *file, char *const prefix[],
	    char *const args[], bool nobody, int timeout_ms, struct ms_run *);
/*
 * Did the program of a run under a column (its prefix starts with launcher)
 * run? It did when it exited as it does bare, or with any status but those
 * of a launch that failed: 125, 126 or 127, or a message from the launcher
 * ("bwrap: ..."), or a timeout when the bare run ended. When it did not,
 * why says so.
 */
bool	 ms_program_ran(const struct ms_run *bare, const struct ms_run *r,
	    const char *launcher, char *why, size_t len);
/* The same, run in the process group pgid (which must exist). */
int	 ms_run_pgrp(char *const prefix[], char *const args[], bool nobody,
	    pid_t pgid, int timeout_ms, struct ms_run *);
/* "exit N", "killed by SIGNAME" or "timed out", for a status. */
const char *ms_status_text(int status, char *buf, size_t len);
/* fork, exec and wait with output to /dev/null; wall time in ms or -1. */
double	 ms_time_exec(char *const prefix[], char *const args[]);

double	 ms_now_ms(void);
void	 ms_stats(double *v, int n, struct ms_stats *);
void	 ms_machine(struct ms_machine *);
/* Write s as a JSON string literal. */
void	 ms_json_str(FILE *, const char *s);
/* The first line of s, trimmed, into buf. */
const char *ms_first_line(const char *s, char *buf, size_t len);

/* Files, symlinks and bytes under a directory (a jail). */
struct ms_tree {
	long	 files, links, dirs, hardlinked;
	long long bytes;
};
int	 ms_tree_count(const char *dir, struct ms_tree *);
/* How many entries under dir changed inode or mtime since the snapshot. */
struct ms_snap;
struct ms_snap *ms_snap_take(const char *dir);
long	 ms_snap_changed(const struct ms_snap *, const char *dir,
	    long long *bytes);
void	 ms_snap_free(struct ms_snap *);

/* A jail's cost for one program, by the command's build and sync verbs. */
struct ms_jail {
	char		 why[256];	/* why a step failed */
	double		 build_ms;
	struct ms_tree	 tree;
	bool		 same_fs;	/* as /usr: hard links possible */
	double		 sync_ms;	/* refresh, nothing changed */
	long		 sync_changed;
	long long	 sync_bytes;
	double		 update_ms;	/* refresh after the program changed */
	long		 update_changed;
	long long	 update_bytes;
};
int	 ms_jail_build(const struct ms_env *, const char *prog,
	    const char *root, struct ms_jail *);
int	 ms_jail_sync(const struct ms_env *, const char *root, double *ms,
	    long *changed, long long *bytes, char *why, size_t len);
int	 ms_jail_update(const struct ms_env *, const char *prog,
	    const char *root, struct ms_jail *);

/*
 * A host process outside every sandbox for the same-user probes: the probe
 * run as `victim`, as nobody when asked (and root), with SECRET in its
 * environment and memory (at addr) and in key DESC of its user keyring,
 * SIGUSR1 blocked so that one sent stays pending. With leader, the leader
 * of a process group of its own, for a run to join (ms_run_pgrp).
 */
struct ms_victim {
	pid_t	 pid;
	char	 addr[32];		/* of the secret in its memory */
};
int	 ms_victim_start(const struct ms_env *, struct ms_victim *,
	    const char *secret, const char *desc, bool nobody, bool leader);
/* Is sig pending for the victim (sent to it since it started)? */
bool	 ms_victim_pending(const struct ms_victim *, int sig);
void	 ms_victim_stop(struct ms_victim *);

bool	 ms_has_backend(const char *name);
struct sandbox;
/* A "PATH:PERMS" rule, as the command's -v option takes it. */
int	 ms_unveil_rule(struct sandbox *, const char *rule);

/* Remove a tree (a scratch jail); best effort. */
void	 ms_rmtree(const char *dir);

#endif
