/* verbs.h: the command's verbs; each returns the command's exit status. */
#ifndef SB_VERBS_H
#define SB_VERBS_H

#define SB_EXIT_FAIL	125	/* the sandbox itself failed */

struct sb_verb {
	const char	*name;
	int		(*run)(int argc, char **argv);
	const char	*usage;
};

/* The verb named name, or NULL: then the words are a program to run. */
const struct sb_verb	*sb_verb_find(const char *name);
void			 sb_usage(void);

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
