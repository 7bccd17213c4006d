/* caps.c: empty the capability sets, each step checked. */
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <linux/capability.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"

static int
capget_self(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return (int)syscall(SYS_capget, &h, d);
}

static int
capset_self(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return (int)syscall(SYS_capset, &h, d);
}

int
sb_caps_drop_bounding(struct sandbox *sb)
{
	struct __user_cap_data_struct d[2];
	int cap, r;

	/* Dropping needs CAP_SETPCAP even when the cap is gone: skip those. */
	for (cap = 0; (r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0)) >= 0; cap++)
		if (r == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return sb_err(sb, errno, "capabilities: cannot drop %d "
			    "from the bounding set: %s", cap, strerror(errno));
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL)
		return sb_err(sb, errno, "capabilities: clear ambient: %s",
		    strerror(errno));
	if (capget_self(d) < 0)
		return sb_err(sb, errno, "capget: %s", strerror(errno));
	d[0].inheritable = d[1].inheritable = 0;
	if (capset_self(d) < 0)
		return sb_err(sb, errno, "capabilities: clear inheritable: %s",
		    strerror(errno));
	return 0;
}

int
sb_caps_clear(struct sandbox *sb)
{
	struct __user_cap_data_struct d[2];
	int r;

	if ((r = sb_caps_drop_bounding(sb)) < 0)
		return r;
	memset(d, 0, sizeof(d));
	if (capset_self(d) < 0)
		return sb_err(sb, errno, "capabilities: clear: %s",
		    strerror(errno));
	/* Trust but verify: every set must read back empty. */
	if (capget_self(d) < 0)
		return sb_err(sb, errno, "capget: %s", strerror(errno));
	if (d[0].effective | d[1].effective | d[0].permitted | d[1].permitted |
	    d[0].inheritable | d[1].inheritable)
		return sb_err(sb, EPERM, "capabilities: still held after "
		    "clearing them");
	if (prctl(PR_CAPBSET_READ, 0, 0, 0, 0) > 0)
		return sb_err(sb, EPERM, "capabilities: bounding set not empty");
	return 0;
}
