/*
 * unveil_rights.c: OpenBSD's letters as Landlock rights. Every right the
 * kernel knows is handled by the ruleset; a rule grants only what its
 * letters say:
 *	r	read files, list directories (and device ioctls)
 *	w	write and truncate files (and device ioctls)
 *	x	execute files
 *	c	create (every MAKE_* right), remove files and directories,
 *		rename or link across directories (REFER)
 * A file can only carry file rights; the parent of a path that does not
 * exist yet gets what creating and using that path needs, but no listing.
 */
#include "unveil.h"

#define FS(x)	LANDLOCK_ACCESS_FS_##x

static const uint64_t create_rights = FS(MAKE_CHAR) | FS(MAKE_DIR) |
    FS(MAKE_REG) | FS(MAKE_SOCK) | FS(MAKE_FIFO) | FS(MAKE_BLOCK) |
    FS(MAKE_SYM) | FS(REMOVE_FILE) | FS(REMOVE_DIR) | FS(REFER);

uint64_t
uv_rights(unsigned perms, int kind)
{
	uint64_t a = 0;

	if (perms & SANDBOX_UNVEIL_R)
		a |= FS(READ_FILE) | FS(READ_DIR) | FS(IOCTL_DEV);
	if (perms & SANDBOX_UNVEIL_W)
		a |= FS(WRITE_FILE) | FS(TRUNCATE) | FS(IOCTL_DEV);
	if (perms & SANDBOX_UNVEIL_X)
		a |= FS(EXECUTE);
	if (perms & SANDBOX_UNVEIL_C)
		a |= create_rights;
	switch (kind) {
	case UV_KIND_FILE:
		return a & SB_LL_FS_FILE;
	case UV_KIND_PARENT:
		/* Creation without c is nothing to grant. */
		if ((perms & SANDBOX_UNVEIL_C) == 0)
			return 0;
		return a & ~FS(READ_DIR);
	default:
		return a;
	}
}
