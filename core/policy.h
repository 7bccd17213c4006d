/*
 * policy.h: what the files of the Lua policy loader share (policy_*.c).
 * The loader runs a policy in a restricted Lua state, bounded in memory,
 * instructions and time, then reads the table it returns into struct
 * sb_config.
 */
#ifndef SB_POLICY_H
#define SB_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <lua.h>

#include "sb_internal.h"

#define SB_POLICY_VERSION	"0.1"
#define SB_POLICY_MEMORY	(16UL * 1024 * 1024)	/* bytes */
#define SB_POLICY_MEMRETRIES	8	/* refused allocations, then stop */
#define SB_POLICY_STEPS		10000000UL		/* VM instructions */
#define SB_POLICY_HOOKSTEP	1000			/* count hook period */
#define SB_POLICY_LINESTEPS	100000UL	/* exact lines until then */
#define SB_POLICY_MATCHCOST	1e8	/* worst-case steps of one match */
/*
 * Processor time of one evaluation: not wall-clock time, which a loaded
 * machine would make refuse a good policy.
 */
#define SB_POLICY_SECONDS	2
/* Past the time limit, a first run still in C is killed after this. */
#define SB_POLICY_GRACE_MS	500
/* A first run that uses no processor time (never: no I/O) still ends. */
#define SB_POLICY_WALL_MS	30000
#define SB_POLICY_CLOCKSTEP_NS	10000000ULL	/* read the CPU clock after */
#define SB_POLICY_MAXDEPTH	16	/* nesting of tables we walk */
/* Bytes scanned for lines: all a policy Lua could load. */
#define SB_POLICY_MAXFILE	SB_POLICY_MEMORY
#define SB_POLICY_MAXENTRIES	8192	/* list and map entries read */

/* Why a run was stopped; once set, no pcall in the policy can catch it. */
enum policy_kill {
	POLICY_RUNNING, POLICY_KILL_STEPS, POLICY_KILL_MEMORY, POLICY_KILL_TIME
};

/* One step of the path to a field in error: "binds", 2, "src". */
struct policy_key {
	char	 name[128];
	bool	 index;		/* a list position, not a name */
};

/* The loader's state for one policy, reached as the allocator's ud. */
struct policy_ctx {
	struct sandbox		*sb;
	const char		*path;
	size_t			 mem_used;
	size_t			 mem_limit;
	unsigned		 mem_refused;
	unsigned long		 steps;
	unsigned long		 step_limit;
	int			 line;		/* last line the VM entered */
	volatile int		*line_out;	/* a copy of line, or NULL */
	unsigned long long	 cpu_deadline;	/* ns, CLOCK_THREAD_CPUTIME_ID */
	unsigned long long	 wall_seen;	/* ns, CLOCK_MONOTONIC */
	enum policy_kill	 killed;
	int			 err;		/* errno for the message */
	bool			 at_return;	/* the returned value is bad */
	struct policy_key	 keys[SB_POLICY_MAXDEPTH];
	int			 nkeys;		/* > 0: a field is in error */
	unsigned		 entries;	/* read so far */
	bool			 params_declared; /* sandbox.params ran */
};

/* policy_lua.c */
struct policy_ctx	*policy_ctx(lua_State *);
int	 policy_kill_error(lua_State *);
/*
 * Run the policy at path in this process and read it into sb; line, when
 * not NULL, follows the line the VM is at (for policy_deadline.c).
 */
int	 policy_eval(struct sandbox *, const char *path, volatile int *line);

/* The clock's time in ns. */
unsigned long long	 policy_clock_ns(clockid_t);

/*
 * policy_deadline.c: a first run of the policy in a child process, killed
 * past its deadline (ms of processor time after the time limit, or
 * SB_POLICY_WALL_MS of wall-clock time): a loop in C that never
 * returns to Lua, where no hook runs, cannot hang the caller. 0 when the
 * policy completed in time (the caller then runs it for real), else the
 * error of the run, after sb_err().
 */
int	 policy_first_run(struct sandbox *, const char *path, int grace_ms);

/* policy_safe.c: the restricted global environment, on top of the stack. */
void	 policy_push_env(lua_State *);

/* policy_helpers.c: the `sandbox` table, on top of the stack. */
void	 policy_push_helpers(lua_State *, const struct sandbox *);

/* policy_params.c: the function sandbox.params, on top of the stack. */
void	 policy_push_params_helper(lua_State *);

/* policy_read.c: read the table at the top of the stack into sb. */
int	 policy_read(lua_State *);
/* A Lua name (letters, digits, '_', not first a digit): written bare. */
bool	 policy_is_identifier(const char *);

/*
 * policy_locate.c: the line where the field at keys[0..n-1] is written in
 * the source text; else the line of the last `return`; else the last line.
 */
int	 policy_locate(const char *path, const struct policy_key *, int n);
/* The line of the last `return` (or the last line) of the file. */
int	 policy_return_line(const char *path);

/*
 * policy_config.c: fields with no public setter yet, straight into
 * struct sb_config. Each returns 0 or a negative errno after sb_err().
 */
int	 sb_config_add_bind(struct sandbox *, const char *src,
	    const char *dst, unsigned flags);
int	 sb_config_add_tmpfs(struct sandbox *, const char *path);
int	 sb_config_add_port(struct sandbox *, bool connect, unsigned port);
void	 sb_config_list_ports(struct sandbox *, bool connect);

#endif
