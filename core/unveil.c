/* unveil.c: unveil(2) permission letters, shared by every backend. */
#include <errno.h>

#include "sb_internal.h"

int
sb_unveil_perms(const char *letters, unsigned *perms)
{
	const char *p;

	*perms = 0;
	for (p = letters; *p != '\0'; p++) {
		switch (*p) {
		case 'r': *perms |= SANDBOX_UNVEIL_R; break;
		case 'w': *perms |= SANDBOX_UNVEIL_W; break;
		case 'x': *perms |= SANDBOX_UNVEIL_X; break;
		case 'c': *perms |= SANDBOX_UNVEIL_C; break;
		default: return -EINVAL;
		}
	}
	return 0;
}
