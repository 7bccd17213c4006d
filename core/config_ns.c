/*
 * config_ns.c: the namespace fields of the API, call by call: binds and
 * private tmpfs directories (a policy's binds and tmpfs tables).
 */
#include <errno.h>

#include "policy.h"
#include "sb_internal.h"

int
sandbox_bind(struct sandbox *sb, const char *src, const char *dst,
    unsigned flags)
{
	unsigned f = 0;

	if (flags & ~(SANDBOX_BIND_RW | SANDBOX_BIND_TRY))
		return sb_err(sb, EINVAL, "binds: unknown flags %#x", flags);
	if (flags & SANDBOX_BIND_RW)
		f |= SB_BIND_RW;
	if (flags & SANDBOX_BIND_TRY)
		f |= SB_BIND_TRY;
	return sb_config_add_bind(sb, src, dst, f);
}

int
sandbox_tmpfs(struct sandbox *sb, const char *dir)
{
	return sb_config_add_tmpfs(sb, dir);
}
