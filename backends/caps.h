/*
 * caps.h: capability sets of the confined process. A process that created
 * a user namespace holds every capability inside it; the namespace backend
 * empties the bounding, ambient and inheritable sets so that nothing
 * survives execve, and combined empties the rest and checks.
 */
#ifndef SB_CAPS_H
#define SB_CAPS_H

#include "sb_internal.h"

/* Empty the bounding, ambient and inheritable sets (needs CAP_SETPCAP). */
int	 sb_caps_drop_bounding(struct sandbox *);
/* Empty the effective and permitted sets too, then check all are empty. */
int	 sb_caps_clear(struct sandbox *);

/*
 * ttyguard.c: refuse TIOCSTI and TIOCLINUX, and with keys the key system
 * calls; loaded once a process. sb_tty_guard refuses both.
 */
int	 sb_guard(struct sandbox *, bool keys);
int	 sb_tty_guard(struct sandbox *);

#endif
