/*
 * combined.c: every backend at once, the default. In the order OpenBSD's
 * daemons use: the view (a private namespace, or a built chroot jail when
 * the policy names a root), the identity, unveil's Landlock rules, pledge's
 * promises, then exec; with no new privileges, an empty capability set and
 * no network unless asked. Each part keeps its own state in its own slot
 * and is reached through its exported table. Every step is checked: a part
 * that cannot be applied refuses the run, unless --best-effort, which runs
 * without it and says so.
 */
#include <sys/prctl.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "caps.h"
#include "closure.h"
#include "namespace.h"
#include "unveil.h"

enum part { PART_VIEW, PART_UNVEIL, PART_PLEDGE, NPARTS };

struct combined {
	const struct sb_backend	*part[NPARTS];	/* NULL: not applied */
	bool			 own_net;	/* cut the network ourselves */
};

static struct combined *
combined_of(struct sandbox *sb)
{
	return sb->priv[SB_SLOT_COMBINED];
}

static void
combined_release(struct sandbox *sb)
{
	free(sb->priv[SB_SLOT_COMBINED]);
	sb->priv[SB_SLOT_COMBINED] = NULL;
}

/* A part that cannot be applied: refuse, or with --best-effort say so. */
static int
missing(struct sandbox *sb, const char *what, const char *why)
{
	if (!sb->cfg.best_effort)
		return sb_err(sb, ENOTSUP, "combined: cannot apply %s: %s "
		    "(refusing to run; --best-effort runs without it)", what,
		    why);
	sb_note(sb, "combined: %s not applied: %s (--best-effort)", what, why);
	return 0;
}

/* Find a part's backend and check that it works on this kernel. */
static int
want(struct sandbox *sb, struct combined *cb, enum part i, const char *name,
    const char *what)
{
	const struct sb_backend *b = sb_backend_find(name);
	char why[512];

	if (b == NULL)
		return missing(sb, what, "this build has no such backend");
	/*
	 * Probing the view costs a set of namespaces: only --best-effort
	 * needs to know first; otherwise the part itself fails closed.
	 */
	if (b->probe != NULL && (sb->cfg.best_effort || i != PART_VIEW) &&
	    b->probe(why, sizeof(why)) < 0)
		return missing(sb, what, why);
	cb->part[i] = b;
	return 0;
}

static int
choose(struct sandbox *sb, struct combined *cb)
{
	int r;

	if (sb->cfg.root != NULL) {
		if ((r = want(sb, cb, PART_VIEW, "chroot", "the chroot jail "
		    "view")) < 0)
			return r;
		cb->own_net = sb->cfg.net != SANDBOX_NET_HOST;
	} else if ((r = want(sb, cb, PART_VIEW, "namespace",
	    "the namespace view")) < 0)
		return r;
	/* Landlock on top of the view, for the rules the user gave. */
	if (sb->cfg.nunveil > 0 &&
	    (r = want(sb, cb, PART_UNVEIL, "unveil", "unveil rules")) < 0)
		return r;
	if (sb->cfg.promises != NULL &&
	    (r = want(sb, cb, PART_PLEDGE, "pledge", "pledge promises")) < 0)
		return r;
	return 0;
}

/*
 * Pledge preloads a library that loads the program's filter; Landlock must
 * let the loader read and map it and what it needs.
 */
static int
unveil_preload(struct sandbox *sb)
{
	const char *v = sb_env_get(sb, "LD_PRELOAD");
	struct sb_strv files = { 0 };
	struct uv_plan *up = uv_plan_of(sb);
	char lib[4096], err[256];
	size_t i, n;
	int r = 0;

	while (up != NULL && v != NULL && *v != '\0' && r == 0) {
		v += strspn(v, ": ");
		n = strcspn(v, ": ");
		if (n > 0 && n < sizeof(lib) && v[0] == '/') {
			memcpy(lib, v, n);
			lib[n] = '\0';
			if (sb_closure(lib, &files, err, sizeof(err)) < 0)
				sb_strv_clear(&files);
			for (i = 0; i < files.n && r == 0; i++)
				r = uv_plan_add(up, files.v[i], SANDBOX_UNVEIL_R |
				    SANDBOX_UNVEIL_X, UV_AUTO);
			sb_strv_clear(&files);
		}
		v += n;
	}
	return r < 0 ? sb_err(sb, ENOMEM, "out of memory") : 0;
}

static int
combined_prepare(struct sandbox *sb)
{
	struct combined *cb;
	size_t i;
	int r;

	combined_release(sb);
	if ((cb = calloc(1, sizeof(*cb))) == NULL)
		return sb_err(sb, ENOMEM, "out of memory");
	sb->priv[SB_SLOT_COMBINED] = cb;
	if ((r = choose(sb, cb)) < 0)
		return r;
	/* The view last: it binds what the others add (pledge's preload). */
	for (i = NPARTS; i-- > 0; )
		if (cb->part[i] != NULL && cb->part[i]->prepare != NULL &&
		    (r = cb->part[i]->prepare(sb)) < 0)
			return r;
	if (cb->part[PART_UNVEIL] != NULL && cb->part[PART_PLEDGE] != NULL)
		return unveil_preload(sb);
	return 0;
}

/* A jail shares the host's network: give it a namespace of its own. */
static int
cut_network(struct sandbox *sb)
{
	if (unshare(CLONE_NEWNET) < 0)
		return sb_err(sb, errno, "combined: network namespace: %s",
		    strerror(errno));
	return ns_loopback_up(sb);
}

/* Still privileged: the view, then no capability can come back. */
static int
combined_enter(struct sandbox *sb, struct sb_child *c)
{
	struct combined *cb = combined_of(sb);
	const struct sb_backend *v;
	char why[SB_ERRLEN];
	int r;

	if (cb == NULL)
		return sb_err(sb, EINVAL, "combined: not prepared");
	v = cb->part[PART_VIEW];
	if (v != NULL && v->enter != NULL && (r = v->enter(sb, c)) < 0) {
		strlcpy(why, sb->err, sizeof(why));
		return sb_err(sb, -r, "combined: cannot apply the %s view "
		    "(refusing to run): %s", v->name, why);
	}
	if (cb->own_net && (r = cut_network(sb)) < 0)
		return r;
	return sb_caps_drop_bounding(sb);
}

/* After the identity and no_new_privs: capabilities, unveil, pledge. */
static int
combined_narrow(struct sandbox *sb, struct sb_child *c)
{
	struct combined *cb = combined_of(sb);
	enum part i;
	int r;

	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return sb_err(sb, EPERM, "combined: no_new_privs is not set");
	if ((r = sb_caps_clear(sb)) < 0 || (r = sb_tty_guard(sb)) < 0)
		return r;
	for (i = PART_UNVEIL; i < NPARTS; i++)
		if (cb->part[i] != NULL && cb->part[i]->narrow != NULL &&
		    (r = cb->part[i]->narrow(sb, c)) < 0)
			return r;
	return 0;
}

/* Descriptors the child passed (a seccomp listener) go to their part. */
static int
combined_receive(struct sandbox *sb, int fd)
{
	struct combined *cb = combined_of(sb);
	enum part i;

	for (i = 0; cb != NULL && i < NPARTS; i++)
		if (cb->part[i] != NULL && cb->part[i]->receive != NULL)
			return cb->part[i]->receive(sb, fd);
	close(fd);
	return 0;
}

static void
say_part(char *why, size_t len, const char *name)
{
	const struct sb_backend *b = sb_backend_find(name);
	char part[512];
	int r = 0;

	part[0] = '\0';
	if (b == NULL)
		strlcpy(part, "not built", sizeof(part));
	else if (b->probe != NULL)
		r = b->probe(part, sizeof(part));
	else
		strlcpy(part, "available", sizeof(part));
	if (why[0] != '\0')
		strlcat(why, "\n          ", len);
	strlcat(why, name, len);
	strlcat(why, r < 0 ? " (unavailable): " : ": ", len);
	strlcat(why, part, len);
}

/* Usable when its default view is; the other parts are said too. */
static int
combined_probe(char *why, size_t len)
{
	char view[512];
	int r;

	r = ns_probe_userns(view, sizeof(view));
	why[0] = '\0';
	say_part(why, len, "namespace");
	say_part(why, len, "chroot");
	say_part(why, len, "unveil");
	say_part(why, len, "pledge");
	strlcat(why, "\n          capabilities emptied, no_new_privs, "
	    "net none by default", len);
	return r;
}

const struct sb_backend sb_backend_combined = {
	.name = "combined",
	.mechanism = "namespace view (or chroot jail), identity, Landlock "
	    "unveil, seccomp pledge, no capabilities, no_new_privs",
	.answers = SANDBOX_ANSWERS_REPLICATION | SANDBOX_ANSWERS_SYSCALLS |
	    SANDBOX_ANSWERS_ROOT | SANDBOX_ANSWERS_NETWORK,
	.probe = combined_probe,
	.prepare = combined_prepare,
	.enter = combined_enter,
	.narrow = combined_narrow,
	.receive = combined_receive,
	.release = combined_release,
};
