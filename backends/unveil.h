/*
 * unveil.h: the unveil backend's plan. The parent resolves the rules
 * (the user's, and what is made visible automatically) and checks what the
 * kernel can enforce; the child, just before execve, turns the plan into a
 * Landlock ruleset and restricts itself.
 */
#ifndef SB_UNVEIL_H
#define SB_UNVEIL_H

#include "landlock.h"
#include "sb_internal.h"

#define UV_AUTO		0x1	/* visible by default: skip when absent */
#define UV_MISSING	0x2	/* not there yet: rule on its nearest parent */

struct uv_rule {
	char		*path;		/* what the child opens */
	unsigned	 perms;		/* SANDBOX_UNVEIL_* */
	unsigned	 flags;		/* UV_* */
	uint64_t	 deny;		/* rights withheld (a split rule) */
};

struct uv_plan {
	struct sb_ll_caps	 caps;
	bool			 enforce;	/* false: best effort, none */
	struct sb_ll_ruleset_attr attr;		/* what the ruleset handles */
	struct uv_rule		*rule;
	size_t			 nrule;
};

/* unveil_plan.c: in the parent, before the fork. */
int	 uv_plan_build(struct sandbox *, struct uv_plan *);
/* backends/unveil_files.c */
void	 uv_plan_free(struct uv_plan *);
int	 uv_plan_add(struct uv_plan *, const char *path, unsigned perms,
	    unsigned flags);
void	 uv_plan_net_only(struct uv_plan *);

/*
 * unveil_split.c: make a deeper rule narrower than an enclosing one, as on
 * OpenBSD, where Landlock can: the enclosing rule keeps only what the
 * deeper one may have, and its other letters go to each entry off the way
 * to the deeper rules.
 */
bool	 uv_split_possible(const struct uv_rule *outer,
	    const struct uv_rule *inner, const char *inner_path);
int	 uv_split(struct uv_plan *, size_t outer, const char *const *targets,
	    size_t ntargets, uint64_t deny);
uint64_t uv_split_deny(unsigned withheld);

/* unveil_rights.c: unveil letters to Landlock rights. */
#define UV_KIND_FILE	0
#define UV_KIND_DIR	1
#define UV_KIND_PARENT	2	/* nearest parent of a path not there yet */
uint64_t uv_rights(unsigned perms, int kind);

/*
 * unveil_ruleset.c: build the Landlock ruleset of a plan (the descriptor in
 * *fd, not yet enforced). Called by the child; also by measurements, which
 * time it.
 */
int	 uv_ruleset(struct sandbox *, const struct uv_plan *, int *fd);
int	 uv_ruleset_net(struct sandbox *, const struct uv_plan *, int fd);

/*
 * unveil_net.c: in the child, after the ruleset: when it restricts TCP,
 * a seccomp filter refuses what Landlock does not see (MPTCP sockets, TCP
 * Fast Open sends) so that programs fall back to what it checks.
 */
int	 uv_net_filter(struct sandbox *, const struct uv_plan *);

/*
 * unveil_view.c: for the namespace and chroot views, in the child after
 * the view is entered. A Landlock layer with every file right beneath the
 * root, and on each file the program inherits a descriptor of only what
 * that descriptor gives, so that /proc/self/fd leads nowhere else; the
 * scopes asked for in the same layer. Not applied without Landlock.
 */
int	 uv_view_rules(struct sandbox *, int ruleset, uint64_t handled);
int	 uv_view_confine(struct sandbox *, uint64_t scoped);

/*
 * unveil_measure.c: for `sandbox bench`. Plan the configured rules for
 * program and build (without enforcing) the ruleset reps times; the mean
 * cost of each step in microseconds. Sets sb's resolved program path.
 */
int	 uv_measure(struct sandbox *, const char *program, unsigned reps,
	    double *plan_us, double *ruleset_us);

/*
 * unveil.c: say what was not applied or was adjusted, through the caller's
 * reporter (the library never prints), unless quiet.
 */
void	 uv_note(struct sandbox *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* The backend's state in sb->priv[SB_SLOT_UNVEIL]. */
struct uv_plan	*uv_plan_of(struct sandbox *);

#endif
