/* sandbox.c: the handle and its configuration, call by call. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/string.h>

#include "learn.h"
#include "promises.h"
#include "runtime.h"
#include "sb_internal.h"

struct sandbox *
sandbox_new(void)
{
	struct sandbox *sb = calloc(1, sizeof(*sb));

	if (sb != NULL)
		sb->dumpable = -1;	/* not hidden (core/launch.c) */
	return sb;
}

static void
config_free(struct sb_config *c)
{
	size_t i;

	free(c->program);
	free(c->root);
	free(c->user);
	free(c->group);
	free(c->promises);
	free(c->execpromises);
	for (i = 0; i < c->nunveil; i++)
		free(c->unveil[i].path);
	free(c->unveil);
	for (i = 0; i < c->nbinds; i++) {
		free(c->binds[i].src);
		free(c->binds[i].dst);
	}
	free(c->binds);
	free(c->bind_ports.port);
	free(c->connect_ports.port);
	sb_strv_clear(&c->args);
	sb_strv_clear(&c->files);
	sb_strv_clear(&c->tmpfs);
	sb_strv_clear(&c->env);
	sb_strv_clear(&c->params);
	sb_strv_clear(&c->param_decls);
}

void
sandbox_free(struct sandbox *sb)
{
	const struct sb_backend *b;
	size_t i;

	if (sb == NULL)
		return;
	/* Children not waited for stay the caller's; its signals come back. */
	while (sb->blocked > 0)
		sb_signals_restore(sb);
	for (i = 0; (b = sb_backends[i]) != NULL; i++)
		if (b->release != NULL)
			b->release(sb);
	config_free(&sb->cfg);
	sb_learn_free(sb->learn);
	free(sb->path);
	sb_strv_clear(&sb->argv);
	sb_strv_clear(&sb->envp);
	free(sb);
}

const char *
sandbox_error(const struct sandbox *sb)
{
	if (sb == NULL)
		return "out of memory";
	return sb->err;
}

/* Replace *dst with a copy of src (NULL clears). */
static int
set_string(struct sandbox *sb, char **dst, const char *src)
{
	char *s = NULL;

	if (src != NULL && (s = strdup(src)) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	free(*dst);
	*dst = s;
	return 0;
}

/* "none, chroot, ...": from the registry, so that a new backend shows. */
static void
backend_names(char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; sb_backends[i] != NULL; i++) {
		if (i > 0)
			strlcat(buf, ", ", len);
		strlcat(buf, sb_backends[i]->name, len);
	}
}

int
sandbox_set_backend(struct sandbox *sb, const char *name)
{
	const struct sb_backend *b;
	char known[256];

	if ((b = sb_backend_find(name)) == NULL) {
		backend_names(known, sizeof(known));
		return sb_err(sb, EINVAL, "unknown backend '%s' (known: %s)",
		    name ? name : "", known);
	}
	sb->cfg.backend = b;
	return 0;
}

int
sandbox_set_program(struct sandbox *sb, const char *path)
{
	if (path == NULL || *path == '\0')
		return sb_err(sb, EINVAL, "empty program name");
	return set_string(sb, &sb->cfg.program, path);
}

int
sandbox_add_arg(struct sandbox *sb, const char *arg)
{
	if (arg == NULL)
		return sb_err(sb, EINVAL, "no argument given");
	if (sb_strv_push(&sb->cfg.args, arg) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

/* A restriction asked for outside a policy: the backend must apply it. */
static void
given(struct sandbox *sb, unsigned what, bool on)
{
	if (sb->cfg.in_policy)
		return;
	if (on)
		sb->cfg.given |= what;
	else
		sb->cfg.given &= ~what;
}

int
sandbox_set_root(struct sandbox *sb, const char *dir)
{
	if (dir == NULL || *dir == '\0')
		return sb_err(sb, EINVAL, "empty root directory");
	given(sb, SB_APPLIES_ROOT, true);
	return set_string(sb, &sb->cfg.root, dir);
}

int
sandbox_set_user(struct sandbox *sb, const char *user)
{
	return set_string(sb, &sb->cfg.user, user);
}

int
sandbox_set_group(struct sandbox *sb, const char *group)
{
	return set_string(sb, &sb->cfg.group, group);
}

static int
check_promises(struct sandbox *sb, const char *what, const char *s,
    uint64_t *set)
{
	char bad[64], msg[160];

	*set = 0;
	if (s != NULL && sb_promises_parse(s, set, bad, sizeof(bad)) < 0) {
		sb_promise_unknown(bad, msg, sizeof(msg));
		return sb_err(sb, EINVAL, "%s: %s", what, msg);
	}
	return 0;
}

int
sandbox_set_pledge(struct sandbox *sb, const char *promises,
    const char *execpromises)
{
	char extra[256];
	uint64_t set, exec;
	int r;

	if ((r = check_promises(sb, "pledge", promises, &set)) < 0 ||
	    (r = check_promises(sb, "execpromises", execpromises, &exec)) < 0)
		return r;
	/* Known when the plan is made, not only when it runs. */
	if (promises != NULL && execpromises != NULL && (exec & ~set) != 0) {
		sb_promises_words(exec & ~set, extra, sizeof(extra));
		return sb_err(sb, EPERM, "execpromises wider than the promises "
		    "(%s): seccomp filters can only narrow at exec on Linux",
		    extra);
	}
	given(sb, SB_APPLIES_PLEDGE, promises != NULL || execpromises != NULL);
	if ((r = set_string(sb, &sb->cfg.promises, promises)) < 0)
		return r;
	return set_string(sb, &sb->cfg.execpromises, execpromises);
}

int
sandbox_unveil(struct sandbox *sb, const char *path, const char *perms)
{
	struct sb_unveil *u;
	unsigned bits;
	size_t i;

	if (path == NULL || *path == '\0')
		return sb_err(sb, EINVAL, "unveil: empty path");
	if (sb_unveil_perms(perms ? perms : "r", &bits) < 0)
		return sb_err(sb, EINVAL, "unveil: %s: bad permissions '%s' "
		    "(letters from rwxc)", path, perms);
	given(sb, SB_APPLIES_UNVEIL, true);
	for (i = 0; i < sb->cfg.nunveil; i++)
		if (strcmp(sb->cfg.unveil[i].path, path) == 0) {
			/* As on OpenBSD, a second unveil of a path replaces. */
			sb->cfg.unveil[i].perms = bits;
			return 0;
		}
	u = reallocarray(sb->cfg.unveil, sb->cfg.nunveil + 1, sizeof(*u));
	if (u == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	sb->cfg.unveil = u;
	if ((u[sb->cfg.nunveil].path = strdup(path)) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	u[sb->cfg.nunveil++].perms = bits;
	return 0;
}

int
sandbox_add_runtime(struct sandbox *sb, const char *name)
{
	const struct sb_runtime_set *set;
	struct sb_strv paths = { 0 };
	char names[512];
	size_t i;
	int r = 0;

	if (name == NULL || (set = sb_runtime_find(name)) == NULL) {
		sb_runtime_known(name ? name : "", names, sizeof(names));
		return sb_err(sb, EINVAL, "runtime: no such set '%s' (%s)",
		    name ? name : "", names);
	}
	if (sb_runtime_expand(set, &paths) < 0)
		r = sb_err(sb, ENOMEM, "out of memory");
	for (i = 0; i < paths.n && r == 0; i++)
		r = sandbox_add_file(sb, paths.v[i]);
	sb_strv_clear(&paths);
	return r;
}

int
sandbox_add_file(struct sandbox *sb, const char *path)
{
	if (path == NULL || path[0] != '/')
		return sb_err(sb, EINVAL, "files: '%s' is not an absolute path",
		    path ? path : "");
	if (sb_strv_contains(&sb->cfg.files, path))
		return 0;
	if (sb_strv_push(&sb->cfg.files, path) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

int
sandbox_set_net(struct sandbox *sb, enum sandbox_net net)
{
	if (net != SANDBOX_NET_DEFAULT && net != SANDBOX_NET_NONE &&
	    net != SANDBOX_NET_HOST)
		return sb_err(sb, EINVAL, "bad network mode %d", (int)net);
	given(sb, SB_APPLIES_NET, net == SANDBOX_NET_NONE);
	sb->cfg.net = net;
	return 0;
}

int
sandbox_setenv(struct sandbox *sb, const char *name, const char *value)
{
	if (name == NULL || *name == '\0' || strchr(name, '=') != NULL)
		return sb_err(sb, EINVAL, "env: bad variable name '%s'",
		    name ? name : "");
	if (sb_strv_pushf(&sb->cfg.env, "%s=%s", name, value ? value : "") < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

int
sandbox_clearenv(struct sandbox *sb)
{
	sb->cfg.clearenv = true;
	sb_strv_clear(&sb->cfg.env);
	return 0;
}

int
sandbox_set_best_effort(struct sandbox *sb, int on)
{
	sb->cfg.best_effort = on != 0;
	return 0;
}

int
sandbox_set_verbosity(struct sandbox *sb, enum sandbox_verbosity v)
{
	sb->cfg.verbosity = v;
	return 0;
}

int
sandbox_set_param(struct sandbox *sb, const char *name, const char *value)
{
	if (name == NULL || *name == '\0' || strchr(name, '=') != NULL)
		return sb_err(sb, EINVAL, "bad parameter name '%s'",
		    name ? name : "");
	if (sb_strv_pushf(&sb->cfg.params, "%s=%s", name, value) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

const char *
sandbox_backend(const struct sandbox *sb)
{
	const struct sb_backend *b = sb->cfg.backend;

	return (b ? b : sb_backend_default())->name;
}

const char *
sandbox_program(const struct sandbox *sb)
{
	return sb->cfg.program;
}

const char *
sandbox_promises(const struct sandbox *sb)
{
	return sb->cfg.promises;
}

const char *
sandbox_execpromises(const struct sandbox *sb)
{
	return sb->cfg.execpromises;
}
