/*
 * landlock.h: the Landlock LSM through syscall(2), for the unveil backend.
 * Debian 12's <linux/landlock.h> knows ABI 1 and 2 only: the constants and
 * structures of later ABIs are defined here, guarded, so that the project
 * builds on older headers and still uses what the running kernel offers.
 */
#ifndef SB_LANDLOCK_H
#define SB_LANDLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/landlock.h>

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION		(1U << 0)
#endif
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER		(1ULL << 13)	/* ABI 2 */
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE		(1ULL << 14)	/* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV		(1ULL << 15)	/* ABI 5 */
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP		(1ULL << 0)	/* ABI 4 */
#endif
#ifndef LANDLOCK_ACCESS_NET_CONNECT_TCP
#define LANDLOCK_ACCESS_NET_CONNECT_TCP		(1ULL << 1)	/* ABI 4 */
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET	(1ULL << 0)	/* ABI 6 */
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_SIGNAL			(1ULL << 1)	/* ABI 6 */
#endif

#ifndef LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON
#define LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON	(1U << 1)	/* ABI 7 */
#endif

/* Rule types, as numbers: older headers lack the net one. */
#define SB_LL_RULE_PATH_BENEATH	1
#define SB_LL_RULE_NET_PORT	2

/* The ABI 6 layout; older kernels accept it when the tail is zero. */
struct sb_ll_ruleset_attr {
	uint64_t	handled_access_fs;
	uint64_t	handled_access_net;
	uint64_t	scoped;
};

struct sb_ll_path_beneath_attr {
	uint64_t	allowed_access;
	int32_t		parent_fd;
} __attribute__((packed));

struct sb_ll_net_port_attr {
	uint64_t	allowed_access;
	uint64_t	port;
};

/* Every filesystem right of ABI 1. */
#define SB_LL_FS_V1	((1ULL << 13) - 1)

/* Rights that make sense on a file (the kernel refuses others there). */
#define SB_LL_FS_FILE	(LANDLOCK_ACCESS_FS_EXECUTE | \
	LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | \
	LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV)

/* What one kernel offers, by ABI. */
struct sb_ll_caps {
	int		abi;		/* 0: no Landlock */
	int		err;		/* why not, when abi is 0 */
	uint64_t	fs;		/* filesystem rights known */
	uint64_t	net;		/* network rights known */
	uint64_t	scoped;		/* scopes known */
};

/* Ask the kernel which ABI it speaks; fills caps. */
void	 sb_ll_probe(struct sb_ll_caps *);
/* The rights an ABI knows. */
uint64_t sb_ll_fs_rights(int abi);
uint64_t sb_ll_net_rights(int abi);
uint64_t sb_ll_scopes(int abi);

/* Thin wrappers; -1 and errno on failure, as syscall(2). */
int	 sb_ll_create_ruleset(const struct sb_ll_ruleset_attr *);
int	 sb_ll_add_path(int ruleset, int dirfd, uint64_t access);
int	 sb_ll_add_port(int ruleset, uint16_t port, uint64_t access);
int	 sb_ll_restrict_self(int ruleset, int abi);

#endif
