/* policy_lua.c: Lua policies (being written). */
#include <errno.h>

#include "sb_internal.h"

int
sandbox_load_policy(struct sandbox *sb, const char *path)
{
	return sb_err(sb, ENOSYS, "%s: Lua policies are not built yet", path);
}
