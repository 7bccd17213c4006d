/*
 * pledge.h: OpenBSD's pledge(2) on Linux, with seccomp-BPF. Shared by the
 * backend (pledge.c), the filter builder, the supervisor, the preloaded
 * library and `sandbox learn`.
 */
#ifndef SB_PLEDGE_H
#define SB_PLEDGE_H

#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>

#include <seccomp.h>

#include "promises.h"

/* One rule of the table: a syscall, the promises it needs, arguments. */
#define PLEDGE_MAXCMP	2
struct pledge_rule {
	const char		*name;		/* syscall name (libseccomp) */
	uint64_t		 need;		/* all of these promises */
	unsigned		 ncmp;
	struct scmp_arg_cmp	 cmp[PLEDGE_MAXCMP];
	bool			 self;		/* arg0 is the caller's pid */
	bool			 refused;	/* EPERM under need, never allowed */
	bool			 served;	/* a listening supervisor decides */
};

/* backends/pledge_table.c */
extern const struct pledge_rule	pledge_rules[];
extern const size_t		pledge_nrules;
/* The syscall number of rule i here, or __NR_SCMP_ERROR. */
int	 pledge_rule_nr(size_t i);
/* Syscalls answered ENOSYS whatever the promises (glibc falls back). */
extern const char *const	pledge_enosys[];

/*
 * The smallest set of promises that allows syscall nr (native
 * architecture) with these arguments, for `sandbox learn` and for the
 * violation report. self is the caller's process id (kill to self is
 * stdio). Returns 0 and sets *need, or -ENOENT when no promise allows it.
 */
int	 sb_pledge_needed(int nr, const uint64_t args[6], pid_t self,
	    uint64_t *need);
/* Does a rule within held allow the call? */
bool	 pledge_allows(int nr, const uint64_t args[6], pid_t self,
	    uint64_t held);
/* The same, preferring a rule whose promises are within held. */
int	 pledge_needed_held(int nr, const uint64_t args[6], pid_t self,
	    uint64_t held, uint64_t *need);
/*
 * Every other way to allow the call: the promises each further rule
 * lacks, beyond held, smallest first, none a superset of another nor of
 * first. Returns how many were put in alt (at most n).
 */
size_t	 pledge_alternatives(int nr, const uint64_t args[6], pid_t self,
	    uint64_t held, uint64_t first, uint64_t *alt, size_t n);

/* backends/pledge_filter.c */
#define PLEDGE_F_NOTIFY	0x1	/* violations go to a listener */
#define PLEDGE_F_LOADER	0x2	/* also allow what ld.so needs */
#define PLEDGE_F_EXEC_SEEN 0x4	/* the launch's exec notifies too */

/*
 * The first execve of the launch, allowed by its exact pointers, and the
 * launch channel (or -1), on which the listener is sent after the filter
 * is loaded: that one sendmsg must not wait for the listener it carries;
 * it is allowed by descriptor and header address.
 */
struct pledge_exec {
	uintptr_t	path;
	uintptr_t	argv;
	uintptr_t	envp;
	int		chan;
	uintptr_t	header;		/* the channel's msghdr (chan.c) */
};

int	 pledge_filter_build(uint64_t promises, unsigned flags,
	    const struct pledge_exec *, scmp_filter_ctx *out);

/* backends/pledge.c: microseconds to build and generate a filter (bench). */
long	 sb_pledge_filter_cost(uint64_t promises);

/* The magic ioctl with which the preloaded library ends loading. */
#define PLEDGE_MAGIC_FD		0xffffffffUL
#define PLEDGE_MAGIC_REQ	0x5342504cUL	/* "SBPL" */

/* Environment the launch passes to the preloaded library. */
#define PLEDGE_ENV_STAGE2	"SANDBOX_PLEDGE_STAGE2"
#define PLEDGE_PRELOAD		"libsandbox-pledge.so"

/* backends/pledge_detach.c: a supervisor of its own for sandbox_exec. */
struct sandbox;
struct pledge_detached {
	uint64_t	 promises;
	uint64_t	 execpromises;
	bool		 narrow_exec;	/* narrower, held by the supervisor */
	bool		 dynamic;
	dev_t		 lib_dev;
	ino_t		 lib_ino;
};
int	 pledge_detach(struct sandbox *, const struct pledge_detached *);

/* backends/pledge_supervise.c */
struct sandbox;
struct pledge_state;
struct pledge_state *pledge_state_new(const struct sandbox *,
	    uint64_t promises, bool dynamic, int verbosity);
/* Narrower execpromises, held by the supervisor, not by the filter. */
void	 pledge_state_exec(struct pledge_state *, uint64_t execpromises);
/* The preloaded library, by device and inode, to see it mapped. */
void	 pledge_state_preload(struct pledge_state *, dev_t, ino_t);
void	 pledge_state_free(struct pledge_state *);
int	 pledge_supervise(struct sandbox *, struct pledge_state *, int fd);

#endif
