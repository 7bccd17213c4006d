/*
 * policy_config.c: the policy fields that have no public setter yet (bind
 * mounts, private tmpfs directories, TCP ports), straight into the config.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static int
absolute(struct sandbox *sb, const char *what, const char *path)
{
	if (path == NULL || path[0] != '/')
		return sb_err(sb, EINVAL, "%s: '%s' is not an absolute path",
		    what, path ? path : "");
	return 0;
}

/* Does path hold a "." or ".." component? */
static bool
has_dots(const char *path)
{
	const char *p = path;
	size_t len;

	while (*p != '\0') {
		p += strspn(p, "/");
		len = strcspn(p, "/");
		if ((len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return true;
		p += len;
	}
	return false;
}

/*
 * A place inside the view: absolute, and without "." or "..", which would
 * name it by way of directories the view need not have.
 */
static int
place(struct sandbox *sb, const char *what, const char *path)
{
	int r;

	if ((r = absolute(sb, what, path)) < 0)
		return r;
	if (has_dots(path))
		return sb_err(sb, EINVAL, "%s: '%s': '.' or '..' in a place "
		    "inside the view", what, path);
	return 0;
}

int
sb_config_add_bind(struct sandbox *sb, const char *src, const char *dst,
    unsigned flags)
{
	struct sb_config *c = &sb->cfg;
	struct sb_bind *b;
	char *s, *d;
	int r;

	if (dst == NULL)
		dst = src;
	if ((r = absolute(sb, "binds", src)) < 0 ||
	    (r = place(sb, "binds", dst)) < 0)
		return r;
	b = reallocarray(c->binds, c->nbinds + 1, sizeof(*b));
	if (b == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	c->binds = b;
	s = strdup(src);
	d = strdup(dst);
	if (s == NULL || d == NULL) {
		free(s);
		free(d);
		return sb_err(sb, ENOMEM, "out of memory");
	}
	b[c->nbinds].src = s;
	b[c->nbinds].dst = d;
	b[c->nbinds++].flags = flags;
	return 0;
}

int
sb_config_add_tmpfs(struct sandbox *sb, const char *path)
{
	int r;

	if ((r = place(sb, "tmpfs", path)) < 0)
		return r;
	if (sb_strv_contains(&sb->cfg.tmpfs, path))
		return 0;
	if (sb_strv_push(&sb->cfg.tmpfs, path) < 0)
		return sb_err(sb, ENOMEM, "out of memory");
	return 0;
}

/* A direction the policy lists, even empty, is restricted to its ports. */
void
sb_config_list_ports(struct sandbox *sb, bool connect)
{
	(connect ? &sb->cfg.connect_ports : &sb->cfg.bind_ports)->listed = true;
}

int
sb_config_add_port(struct sandbox *sb, bool connect, unsigned port)
{
	struct sb_ports *p = connect ? &sb->cfg.connect_ports :
	    &sb->cfg.bind_ports;
	uint16_t *v;
	size_t i;

	if (port == 0 || port > 65535)
		return sb_err(sb, EINVAL, "ports: %u is not a port (1-65535)",
		    port);
	for (i = 0; i < p->n; i++)
		if (p->port[i] == port)
			return 0;
	if ((v = reallocarray(p->port, p->n + 1, sizeof(*v))) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	p->port = v;
	p->port[p->n++] = (uint16_t)port;
	p->listed = true;
	return 0;
}
