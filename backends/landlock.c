/*
 * landlock.c: the Landlock system calls and what each ABI version knows.
 * glibc has no wrappers: syscall(2) it is.
 */
#include <sys/syscall.h>

#include <errno.h>
#include <unistd.h>

#include "landlock.h"

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset	444
#endif
#ifndef __NR_landlock_add_rule
#define __NR_landlock_add_rule		445
#endif
#ifndef __NR_landlock_restrict_self
#define __NR_landlock_restrict_self	446
#endif

uint64_t
sb_ll_fs_rights(int abi)
{
	uint64_t fs = SB_LL_FS_V1;

	if (abi >= 2)
		fs |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return abi >= 1 ? fs : 0;
}

uint64_t
sb_ll_net_rights(int abi)
{
	if (abi < 4)
		return 0;
	return LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
}

uint64_t
sb_ll_scopes(int abi)
{
	if (abi < 6)
		return 0;
	return LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;
}

void
sb_ll_probe(struct sb_ll_caps *c)
{
	long v;

	v = syscall(__NR_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	c->abi = v > 0 ? (int)v : 0;
	c->err = v > 0 ? 0 : errno;
	c->fs = sb_ll_fs_rights(c->abi);
	c->net = sb_ll_net_rights(c->abi);
	c->scoped = sb_ll_scopes(c->abi);
}

int
sb_ll_create_ruleset(const struct sb_ll_ruleset_attr *attr)
{
	return (int)syscall(__NR_landlock_create_ruleset, attr, sizeof(*attr),
	    0);
}

int
sb_ll_add_path(int ruleset, int dirfd, uint64_t access)
{
	struct sb_ll_path_beneath_attr pb = {
		.allowed_access = access,
		.parent_fd = dirfd,
	};

	return (int)syscall(__NR_landlock_add_rule, ruleset,
	    SB_LL_RULE_PATH_BENEATH, &pb, 0);
}

int
sb_ll_add_port(int ruleset, uint16_t port, uint64_t access)
{
	struct sb_ll_net_port_attr np = {
		.allowed_access = access,
		.port = port,
	};

	return (int)syscall(__NR_landlock_add_rule, ruleset,
	    SB_LL_RULE_NET_PORT, &np, 0);
}

/*
 * From ABI 7, ask for denials of the program exec'd next to reach the
 * audit log (they are logged only for the restricting image otherwise).
 */
int
sb_ll_restrict_self(int ruleset, int abi)
{
	unsigned flags = abi >= 7 ? LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON : 0;

	return (int)syscall(__NR_landlock_restrict_self, ruleset, flags);
}
