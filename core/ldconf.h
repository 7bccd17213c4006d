/* ldconf.h: the directories /etc/ld.so.conf names, includes followed. */
#ifndef SB_LDCONF_H
#define SB_LDCONF_H

#include "sb_internal.h"

/*
 * Append the directories that path (and the files it includes by glob)
 * lists to dirs, once each. A missing file adds nothing. Returns 0 or
 * -ENOMEM.
 */
int	 sb_ldconf_read(const char *path, struct sb_strv *dirs);

#endif
