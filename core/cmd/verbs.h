/* verbs.h: the command's verbs; each returns the command's exit status. */
#ifndef SB_VERBS_H
#define SB_VERBS_H

#include <stdio.h>

#include <getopt.h>

#define SB_EXIT_FAIL	125	/* the sandbox itself failed */

struct sb_verb {
	const char	*name;
	int		(*run)(int argc, char **argv);
	const char	*usage;
};

/* The verb named name, or NULL: then the words are a program to run. */
const struct sb_verb	*sb_verb_find(const char *name);
void			 sb_usage(FILE *);
void			 sb_help(FILE *);
/* argv[1] asks for help (-h, --help): then sb_help, and exit 0. */
int			 sb_wants_help(int argc, char **argv);
/*
 * getopt_long(3) for a verb's options, whose argv[0] is the verb: errors
 * are said as "sandbox: ..." rather than in getopt's words, which would
 * name the verb as the program. Returns '?' after saying what is wrong.
 */
int			 sb_verb_getopt(int argc, char **argv,
			    const char *optstring, const struct option *);

/*
 * warnx(3) for a message that quotes the user's input (a path, a policy's
 * value): encoded with vis(3), as the library's messages are, so that it
 * cannot forge a line nor drive the terminal.
 */
void	sb_warnvis(const char *msg);

/*
 * check_run.c: what would fail at run time only (a user, a group, the
 * program, the files), each said with FILE:LINE. 0, or -1 after saying.
 */
struct sandbox;
int	sb_check_run(struct sandbox *, const char *path);

int	cmd_run(int, char **);
int	cmd_check(int, char **);
int	cmd_backends(int, char **);
int	cmd_deps(int, char **);
int	cmd_build(int, char **);
int	cmd_sync(int, char **);
int	cmd_learn(int, char **);
int	cmd_compare(int, char **);
int	cmd_bench(int, char **);

#endif
