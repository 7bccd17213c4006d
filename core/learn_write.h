/* learn_write.h: shared by the writer of learned policies and its helpers. */
#ifndef SB_LEARN_WRITE_H
#define SB_LEARN_WRITE_H

#include <stdio.h>

#include "learn.h"

/* Headings of a learned policy, in the order they are written. */
enum {
	LG_EXEC, LG_INTERP, LG_CLOSURE, LG_DEV, LG_PROC, LG_USERS, LG_HOSTS, LG_LOCALE,
	LG_TZ, LG_TERM, LG_TLS, LG_PYTHON, LG_WRITTEN, LG_LIBS, LG_CONFIG,
	LG_OTHER, LG_COUNT
};

int		 sb_learn_group(const char *path, unsigned perms, unsigned how);
const char	*sb_learn_group_title(int group);
const char	*sb_learn_group_set(int group);

/* A rule or a file as it will be written. */
struct sb_learn_rule {
	char		*path;
	unsigned	 perms;
	unsigned	 how;
	unsigned	 count;		/* observed paths it stands for */
	int		 group;
};

struct sb_learn_rules {
	struct sb_learn_rule	*v;
	size_t			 n;
	size_t			 cap;
};

int	 sb_learn_rules_add(struct sb_learn_rules *, const char *path,
	    unsigned perms, unsigned how, unsigned count);
void	 sb_learn_rules_del(struct sb_learn_rules *, size_t i);
void	 sb_learn_rules_free(struct sb_learn_rules *);
void	 sb_learn_rules_sort(struct sb_learn_rules *);
int	 sb_learn_collapse(struct sb_learn_rules *);

/* Lua and the machine block: quoting. */
void	 sb_learn_lua_string(FILE *, const char *);
void	 sb_learn_perms(unsigned perms, char out[5]);
void	 sb_learn_encode(FILE *, const char *);
int	 sb_learn_decode(char *);

#endif
