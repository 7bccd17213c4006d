/*
 * plan.c: the resolved configuration, as `sandbox check` shows it. Every
 * value came from the user (a policy, the command line): each is encoded
 * with vis(3), so that a value cannot forge a line of the plan.
 */
#include <errno.h>
#include <stdio.h>

#include "sb_internal.h"

/* NAME and value, and the line ends. */
static void
line(FILE *f, const char *name, const char *value)
{
	fprintf(f, "%-13s ", name);
	sb_fputvis(f, value);
	fputc('\n', f);
}

static void
perms_string(unsigned p, char out[5])
{
	int i = 0;

	if (p & SANDBOX_UNVEIL_R) out[i++] = 'r';
	if (p & SANDBOX_UNVEIL_W) out[i++] = 'w';
	if (p & SANDBOX_UNVEIL_X) out[i++] = 'x';
	if (p & SANDBOX_UNVEIL_C) out[i++] = 'c';
	out[i] = '\0';
}

static void
print_list(FILE *f, const char *name, const struct sb_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		line(f, i ? "" : name, sv->v[i]);
}

static void
print_ports(FILE *f, const char *name, const struct sb_ports *p)
{
	size_t i;

	if (!p->listed)
		return;
	fprintf(f, "%-13s", name);
	if (p->n == 0)
		fprintf(f, " (none)");
	for (i = 0; i < p->n; i++)
		fprintf(f, " %u", (unsigned)p->port[i]);
	fprintf(f, "\n");
}

static void
print_views(FILE *f, const struct sb_config *c)
{
	char perms[5];
	size_t i;

	for (i = 0; i < c->nunveil; i++) {
		perms_string(c->unveil[i].perms, perms);
		fprintf(f, "%-13s %s ", i ? "" : "unveil", perms);
		sb_fputvis(f, c->unveil[i].path);
		fputc('\n', f);
	}
	for (i = 0; i < c->nbinds; i++) {
		fprintf(f, "%-13s %s ", i ? "" : "bind",
		    (c->binds[i].flags & SB_BIND_RW) ? "rw" : "ro");
		sb_fputvis(f, c->binds[i].src);
		fputs(" -> ", f);
		sb_fputvis(f, c->binds[i].dst);
		fprintf(f, "%s\n",
		    (c->binds[i].flags & SB_BIND_TRY) ? " (if present)" : "");
	}
	print_list(f, "tmpfs", &c->tmpfs);
	print_list(f, "files", &c->files);
}

int
sandbox_describe(const struct sandbox *sb, FILE *f)
{
	const struct sb_config *c = &sb->cfg;
	size_t i;

	if (f == NULL)
		return -EINVAL;
	fprintf(f, "%-13s %s\n", "backend", sandbox_backend(sb));
	fprintf(f, "%-13s ", "program");
	sb_fputvis(f, c->program ? c->program : "-");
	for (i = 0; i < c->args.n; i++) {
		fputc(' ', f);
		sb_fputvis(f, c->args.v[i]);
	}
	fprintf(f, "\n");
	if (c->root)
		line(f, "root", c->root);
	if (c->user)
		line(f, "user", c->user);
	if (c->group)
		line(f, "group", c->group);
	if (c->promises)
		line(f, "pledge", c->promises);
	if (c->execpromises)
		line(f, "execpromises", c->execpromises);
	print_views(f, c);
	fprintf(f, "%-13s %s\n", "net", sb_net_name(c->net));
	print_ports(f, "bind ports", &c->bind_ports);
	print_ports(f, "connect ports", &c->connect_ports);
	if (c->clearenv)
		fprintf(f, "%-13s %s\n", "clearenv", "yes");
	print_list(f, "env", &c->env);
	sb_rlimit_describe(sb, f);
	if (c->best_effort)
		fprintf(f, "%-13s %s\n", "best effort", "yes");
	print_list(f, "param", &c->params);
	/* A write error may show only when the buffer goes out. */
	return fflush(f) != 0 || ferror(f) ? -EIO : 0;
}
