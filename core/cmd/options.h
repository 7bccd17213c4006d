/* options.h: the run options of the command, parsed apart from main. */
#ifndef SB_OPTIONS_H
#define SB_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "sandbox.h"

#define SB_OPT_MAX	256	/* repeatable options, each */

struct sb_opts {
	const char	*backend;
	const char	*policy;
	const char	*root;
	const char	*user;
	const char	*group;
	const char	*pledge;
	const char	*execpromises;
	const char	*unveil[SB_OPT_MAX];	/* PATH[:PERMS] */
	size_t		 nunveil;
	const char	*env[SB_OPT_MAX];	/* NAME=VALUE */
	size_t		 nenv;
	const char	*params[SB_OPT_MAX];	/* NAME=VALUE (--set) */
	size_t		 nparams;
	const char	*runtime[SB_OPT_MAX];	/* run-time set names */
	size_t		 nruntime;
	const char	*rlimit[SB_OPT_MAX];	/* NAME=SOFT[:HARD] */
	size_t		 nrlimit;
	enum sandbox_net net;
	bool		 net_given;
	bool		 clearenv;
	bool		 best_effort;
	int		 verbosity;
	const char	*operands[SB_OPT_MAX];	/* sb_opts_parse_operands */
	size_t		 noperands;
	char		**argv;			/* program and args, or NULL */
	int		 argc;
};

/*
 * Parse run options from argv[0..argc-1] (argv[0] is the verb or the
 * command name and is skipped). On error, returns -1 with a message in err.
 */
int	 sb_opts_parse(struct sb_opts *, int argc, char **argv, char *err,
	    size_t errlen);

/* The same, options and operands in any order (check's files). */
int	 sb_opts_parse_operands(struct sb_opts *, int argc, char **argv,
	    char *err, size_t errlen);

/* Configure sb from the options: the policy first, then each option. */
int	 sb_opts_apply(struct sandbox *, const struct sb_opts *);

#endif
