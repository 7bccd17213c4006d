/*
 * program.c: what a spawn resolves before it forks: the program's path
 * (PATH search as execvp(3) does it), its argument vector and environment.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb_internal.h"

#define DEFAULT_PATH	"/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"

extern char **environ;

/* 0 when path names an executable regular file, else a negative errno. */
static int
check_exec(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (access(path, X_OK) < 0)
		return -errno;
	return 0;
}

/* As env(1): the PATH the program will have, or execvp's default. */
static int
search_path(const char *path, const char *name, char *out, size_t len)
{
	const char *p, *end;
	int r, last = -ENOENT;

	if (path == NULL || *path == '\0')
		path = DEFAULT_PATH;
	for (p = path; ; p = end + 1) {
		end = strchrnul(p, ':');
		if (end == p)
			r = snprintf(out, len, "./%s", name);
		else
			r = snprintf(out, len, "%.*s/%s", (int)(end - p), p,
			    name);
		if (r < 0 || (size_t)r >= len)
			return -ENAMETOOLONG;
		if ((r = check_exec(out)) == 0)
			return 0;
		if (r != -ENOENT && r != -ENOTDIR)
			last = r;	/* as execvp: report EACCES over ENOENT */
		if (*end == '\0')
			return last;
	}
}

static int
resolve_fail(struct sandbox *sb, const char *name, int r)
{
	sb->failed_status = (r == -ENOENT || r == -ENOTDIR) ? 127 : 126;
	return sb_err(sb, -r, "%s: %s", name, strerror(-r));
}

/* Resolve name to an absolute, canonical path in sb->path. */
int
sb_program_resolve(struct sandbox *sb, const char *name)
{
	char buf[PATH_MAX], *real;
	int r;

	if (*name == '\0')	/* as execvp(3): no file has an empty name */
		return resolve_fail(sb, name, -ENOENT);
	if (strchr(name, '/') != NULL)
		r = check_exec(name);
	else
		r = search_path(sb_env_get(sb, "PATH"), name, buf,
		    sizeof(buf));
	if (r < 0)
		return resolve_fail(sb, name, r);
	if ((real = realpath(strchr(name, '/') ? name : buf, NULL)) == NULL)
		return resolve_fail(sb, name, -errno);
	free(sb->path);
	sb->path = real;
	return 0;
}

/*
 * What execve(2) would have answered for the resolved program, when a
 * backend could not prepare for it: 127 for a script whose interpreter is
 * missing (ENOENT), 126 for a file neither ELF nor "#!" (ENOEXEC), as
 * env(1) and chroot(8) exit; 125 when the program is not the cause.
 */
int
sb_program_status(const struct sandbox *sb)
{
	char head[256], *interp, *end;
	struct stat st;
	ssize_t n;
	int fd;

	if (sb->path == NULL || (fd = open(sb->path, O_RDONLY | O_CLOEXEC)) < 0)
		return 125;
	n = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (n < 0)
		return 125;
	head[n] = '\0';
	if (n >= 4 && memcmp(head, "\177ELF", 4) == 0)
		return 125;
	if (n < 2 || head[0] != '#' || head[1] != '!')
		return 126;
	interp = head + 2 + strspn(head + 2, " \t");
	end = interp + strcspn(interp, " \t\n");
	*end = '\0';
	return stat(interp, &st) < 0 && errno == ENOENT ? 127 : 125;
}

static int
env_replace(struct sb_strv *env, const char *kv)
{
	size_t i, len = strcspn(kv, "=") + 1;
	char *s;

	for (i = 0; i < env->n; i++)
		if (strncmp(env->v[i], kv, len) == 0) {
			if ((s = strdup(kv)) == NULL)
				return -ENOMEM;
			free(env->v[i]);
			env->v[i] = s;
			return 0;
		}
	return sb_strv_push(env, kv);
}

/* Set NAME=VALUE in the environment the program will get. */
int
sb_env_set(struct sandbox *sb, const char *name, const char *value)
{
	char *kv;
	int r;

	if (asprintf(&kv, "%s=%s", name, value) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	r = env_replace(&sb->envp, kv);
	free(kv);
	return r < 0 ? sb_err(sb, -r, "out of memory") : 0;
}

/* The program's value of NAME, or NULL. */
const char *
sb_env_get(const struct sandbox *sb, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < sb->envp.n; i++)
		if (strncmp(sb->envp.v[i], name, len) == 0 &&
		    sb->envp.v[i][len] == '=')
			return sb->envp.v[i] + len + 1;
	return NULL;
}

int
sb_program_env(struct sandbox *sb)
{
	char **e;
	size_t i;
	int r = 0;

	sb_strv_clear(&sb->envp);
	if (!sb->cfg.clearenv)
		for (e = environ; e != NULL && *e != NULL && r == 0; e++)
			r = sb_strv_push(&sb->envp, *e);
	for (i = 0; i < sb->cfg.env.n && r == 0; i++)
		r = env_replace(&sb->envp, sb->cfg.env.v[i]);
	if (r == 0 && sb->envp.v == NULL)
		r = sb_strv_push(&sb->envp, "") < 0 ? -ENOMEM : 0;
	if (r == 0 && sb->envp.n == 1 && sb->envp.v[0][0] == '\0') {
		/* An empty environment: keep a valid, empty vector. */
		free(sb->envp.v[0]);
		sb->envp.v[0] = NULL;
		sb->envp.n = 0;
	}
	return r < 0 ? sb_err(sb, ENOMEM, "out of memory") : 0;
}

/* argv: the caller's, or the policy's program and args. */
int
sb_program_argv(struct sandbox *sb, char *const argv[])
{
	size_t i;
	int r = 0;

	sb_strv_clear(&sb->argv);
	if (argv != NULL && argv[0] != NULL) {
		for (i = 0; argv[i] != NULL && r == 0; i++)
			r = sb_strv_push(&sb->argv, argv[i]);
	} else if (sb->cfg.program != NULL) {
		r = sb_strv_push(&sb->argv, sb->cfg.program);
		for (i = 0; i < sb->cfg.args.n && r == 0; i++)
			r = sb_strv_push(&sb->argv, sb->cfg.args.v[i]);
	} else
		return sb_err(sb, EINVAL, "no program to run");
	return r < 0 ? sb_err(sb, ENOMEM, "out of memory") : 0;
}
