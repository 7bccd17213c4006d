/*
 * unveil.c: OpenBSD's unveil(2) on Linux, enforced by Landlock. The
 * program sees, with the letters given, only what was unveiled, plus what
 * it needs to start (its executable, its libraries, /dev/null...). It needs
 * no root and copies nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "unveil.h"

struct uv_plan *
uv_plan_of(struct sandbox *sb)
{
	return sb->priv[SB_SLOT_UNVEIL];
}

void
uv_note(struct sandbox *sb, const char *fmt, ...)
{
	char line[SB_ERRLEN], enc[SB_ERRLEN];
	va_list ap;

	if (sb->cfg.verbosity == SANDBOX_QUIET)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* It quotes the policy's paths: encoded, as every message is. */
	sb_vis(enc, sizeof(enc), line);
	sb_report(sb, "%s", enc);
}

static void
unveil_release(struct sandbox *sb)
{
	struct uv_plan *p = uv_plan_of(sb);

	if (p == NULL)
		return;
	uv_plan_free(p);
	free(p);
	sb->priv[SB_SLOT_UNVEIL] = NULL;
}

static int
unveil_prepare(struct sandbox *sb)
{
	struct uv_plan *p;

	unveil_release(sb);	/* a second spawn plans afresh */
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	sb->priv[SB_SLOT_UNVEIL] = p;
	return uv_plan_build(sb, p);
}

static int
unveil_narrow(struct sandbox *sb, struct sb_child *c)
{
	struct uv_plan *p = uv_plan_of(sb);
	int fd, r;

	if (p == NULL || !p->enforce)
		return 0;
	/* The program shares the caller's terminal and user keyring. */
	if ((r = sb_tty_guard(sb)) < 0 || (r = uv_ruleset(sb, p, &fd)) < 0)
		return r;
	if (sb_ll_restrict_self(fd, p->caps.abi) < 0) {
		r = sb_err(sb, errno, "unveil: landlock_restrict_self: %s",
		    strerror(errno));
		close(fd);
		return r;
	}
	close(fd);
	return uv_net_filter(sb, p);
}

static int
unveil_probe(char *why, size_t len)
{
	struct sb_ll_caps c;

	sb_ll_probe(&c);
	if (c.abi == 0) {
		snprintf(why, len, "no Landlock on this kernel (%s): runs "
		    "only with --best-effort, unconfined", strerror(c.err));
		return -ENOTSUP;
	}
	snprintf(why, len, "Landlock ABI %d: files r w x c%s%s%s; %s; %s",
	    c.abi, c.abi >= 2 ? ", refer" : "", c.abi >= 3 ? ", truncate" : "",
	    c.abi >= 5 ? ", device ioctl" : "", c.net ?
	    "TCP bind/connect: a policy's ports (in a direction it lists; "
	    "with --net none, none but those); MPTCP and TCP Fast Open "
	    "refused (seccomp) where they are; not restricted: listen "
	    "without bind, UDP and other protocols, path unix sockets" :
	    "network not restricted",
	    c.scoped ? "abstract unix sockets and signals scoped" :
	    "no scopes");
	return 0;
}

/*
 * A pid namespace with a /proc of its own: the program reaches no host
 * process by pid, and nothing it started outlives a killed supervisor.
 */
static long
unveil_clone_flags(struct sandbox *sb)
{
	return sb_pidns_clone_flags(true);
}

static int
unveil_started(struct sandbox *sb, pid_t pid)
{
	return sb_pidns_started(sb, pid);
}

static int
unveil_enter(struct sandbox *sb, struct sb_child *c)
{
	return sb_pidns_enter(sb, c, true);
}

const struct sb_backend sb_backend_unveil = {
	.name = "unveil",
	.mechanism = "Landlock LSM: unveil(2) paths and letters, TCP ports, "
	    "scopes",
	.answers = SANDBOX_ANSWERS_REPLICATION | SANDBOX_ANSWERS_ROOT |
	    SANDBOX_ANSWERS_NETWORK,
	.applies = SB_APPLIES_UNVEIL | SB_APPLIES_NET,
	.probe = unveil_probe,
	.prepare = unveil_prepare,
	.narrow = unveil_narrow,
	.release = unveil_release,
	.clone_flags = unveil_clone_flags,
	.started = unveil_started,
	.enter = unveil_enter,
	.keeps_signals = true,
};
