/*
 * learn.c: sandbox_learn(), sandbox_learn_merge(), sandbox_learn_write().
 * A learning run is a launch like any other, with the observer in place of
 * a backend: the same resolution, identity, signal forwarding and exit
 * statuses, and the terminal passed through.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closure.h"
#include "learn.h"

static int
learn_state(struct sandbox *sb)
{
	if (sb->learn == NULL && (sb->learn = sb_learn_new()) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

/* What the loader maps for the program: needs no promise, no files entry. */
static void
learn_closure(struct sb_learn *l, const char *path)
{
	char err[256];

	/* Without it (a broken ELF file), the loader's opens count too. */
	(void)sb_closure(path, &l->closure, err, sizeof(err));
}

/* The command line of a run, for the policy's header. */
static int
learn_run_line(struct sandbox *sb, struct sb_learn *l)
{
	char *line = NULL, *next;
	size_t i;
	int r;

	if (l->program == NULL) {
		if ((l->program = strdup(sb->path)) == NULL ||
		    (sb->cfg.user != NULL &&
		    (l->user = strdup(sb->cfg.user)) == NULL) ||
		    (sb->cfg.group != NULL &&
		    (l->group = strdup(sb->cfg.group)) == NULL))
			return -ENOMEM;
		for (i = 1; i < sb->argv.n; i++)
			if ((r = sb_strv_push(&l->args, sb->argv.v[i])) < 0)
				return r;
	}
	if ((line = strdup(sb->path)) == NULL)
		return -ENOMEM;
	for (i = 1; i < sb->argv.n; i++) {
		if (asprintf(&next, strpbrk(sb->argv.v[i], " \t'\"") ?
		    "%s '%s'" : "%s %s", line, sb->argv.v[i]) < 0) {
			free(line);
			return -ENOMEM;
		}
		free(line);
		line = next;
	}
	r = sb_strv_push(&l->runs, line);
	free(line);
	return r;
}

static void
learn_stop(struct sandbox *sb, struct sb_learn *l)
{
	if (l->listener >= 0)
		close(l->listener);
	l->listener = -1;
	sb->nwatch = 0;		/* the listener was the only watch */
}

/*
 * A run added to a policy learned as a user is that user's too: as
 * another, it would learn what the policy's user may not do.
 */
static int
learn_ident(struct sandbox *sb, const char *what, char **cfg,
    const char *learned, int (*set)(struct sandbox *, const char *))
{
	if (learned == NULL)
		return 0;
	if (*cfg == NULL)
		return set(sb, learned);
	if (strcmp(*cfg, learned) != 0)
		return sb_err(sb, EINVAL, "learn: the policy was learned with "
		    "--%s %s, not %s", what, learned, *cfg);
	return 0;
}

int
sandbox_learn(struct sandbox *sb, char *const argv[], int *status)
{
	const struct sb_backend *saved = sb->cfg.backend;
	struct sb_learn *l;
	pid_t pid;
	int r;

	if ((r = learn_state(sb)) < 0)
		return r;
	l = sb->learn;
	if ((r = learn_ident(sb, "user", &sb->cfg.user, l->user,
	    sandbox_set_user)) < 0 ||
	    (r = learn_ident(sb, "group", &sb->cfg.group, l->group,
	    sandbox_set_group)) < 0)
		return r;
	if ((r = sb_program_argv(sb, argv)) < 0 ||
	    (r = sb_program_resolve(sb, sb->argv.v[0])) < 0)
		return r;
	learn_closure(l, sb->path);
	l->main_tgid = 0;
	sb->cfg.backend = &sb_learn_observer;
	r = sandbox_spawn(sb, argv, &pid);
	sb->cfg.backend = saved;
	if (r < 0) {
		learn_stop(sb, l);
		return r;
	}
	r = sandbox_wait(sb, pid, status);
	learn_stop(sb, l);
	if (r == 0 && (r = learn_run_line(sb, l)) < 0)
		return sb_err(sb, -r, "out of memory");
	return r;
}

int
sandbox_learn_merge(struct sandbox *sb, const char *policy)
{
	int r;

	if ((r = learn_state(sb)) < 0)
		return r;
	return sb_learn_read(sb, sb->learn, policy);
}

int
sandbox_learn_write(struct sandbox *sb, FILE *f)
{
	int r;

	if ((r = learn_state(sb)) < 0)
		return r;
	return sb_learn_write(sb, sb->learn, f);
}
