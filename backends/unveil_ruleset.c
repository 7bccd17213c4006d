/*
 * unveil_ruleset.c: a plan as a Landlock ruleset. Runs in the child after
 * the identity drop, so that paths are opened as the program would, and
 * just before execve.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "unveil.h"

/* Errors that only mean "not here" for a path made visible by default. */
static bool
absent(int err)
{
	return err == ENOENT || err == ENOTDIR || err == EACCES ||
	    err == ELOOP;
}

static int
add_path_rule(struct sandbox *sb, const struct uv_plan *p, int ruleset,
    const struct uv_rule *r)
{
	struct stat st;
	uint64_t access;
	int fd, kind, e;

	if ((fd = open(r->path, O_PATH | O_CLOEXEC)) < 0) {
		if ((r->flags & UV_AUTO) && absent(errno))
			return 0;
		return sb_err(sb, errno, "unveil: %s: %s", r->path,
		    strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return sb_err(sb, e, "unveil: %s: %s", r->path, strerror(e));
	}
	if (r->flags & UV_MISSING)
		kind = UV_KIND_PARENT;
	else
		kind = S_ISDIR(st.st_mode) ? UV_KIND_DIR : UV_KIND_FILE;
	access = uv_rights(r->perms, kind) & ~r->deny &
	    p->attr.handled_access_fs;
	if (access != 0 && sb_ll_add_path(ruleset, fd, access) < 0) {
		e = errno;
		close(fd);
		return sb_err(sb, e, "unveil: %s: landlock_add_rule: %s",
		    r->path, strerror(e));
	}
	close(fd);
	return 0;
}

static int
add_ports(struct sandbox *sb, int ruleset, const struct sb_ports *ports,
    uint64_t access, const char *what)
{
	size_t i;

	for (i = 0; i < ports->n; i++)
		if (sb_ll_add_port(ruleset, ports->port[i], access) < 0)
			return sb_err(sb, errno, "unveil: %s port %u: %s", what,
			    ports->port[i], strerror(errno));
	return 0;
}

int
uv_ruleset_net(struct sandbox *sb, const struct uv_plan *p, int ruleset)
{
	int r;

	if (p->attr.handled_access_net == 0)
		return 0;
	if ((r = add_ports(sb, ruleset, &sb->cfg.bind_ports,
	    LANDLOCK_ACCESS_NET_BIND_TCP, "bind")) < 0)
		return r;
	return add_ports(sb, ruleset, &sb->cfg.connect_ports,
	    LANDLOCK_ACCESS_NET_CONNECT_TCP, "connect");
}

int
uv_ruleset(struct sandbox *sb, const struct uv_plan *p, int *fdp)
{
	size_t i;
	int fd, r;

	if ((fd = sb_ll_create_ruleset(&p->attr)) < 0)
		return sb_err(sb, errno, "unveil: landlock_create_ruleset: %s",
		    strerror(errno));
	for (i = 0; i < p->nrule; i++)
		if ((r = add_path_rule(sb, p, fd, &p->rule[i])) < 0) {
			close(fd);
			return r;
		}
	if ((r = uv_ruleset_net(sb, p, fd)) < 0) {
		close(fd);
		return r;
	}
	*fdp = fd;
	return 0;
}
