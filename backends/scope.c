/*
 * scope.c: the program's signals stay in the sandbox. A Landlock domain
 * that scopes signals (ABI 6) refuses kill(2) and its kin towards any
 * process outside the domain: the caller's process group (kill(0),
 * killpg), the supervisor, the user's other processes. Any Landlock
 * domain also refuses to ptrace a process outside it, or to read what
 * ptrace would (/proc/PID/mem, environ, fd, root). One ruleset with no
 * rule, no file right: nothing else changes, the program keeps its
 * terminal and its job control.
 *
 * A kernel without the scope gets a new session instead, so that kill(0)
 * reaches the program's own processes only (in the pid namespace it runs
 * in, no other process can be named); the program then has no
 * controlling terminal. So does a sandbox started under a seccomp
 * filter already (nested under the pledge backend, whose filter kills a
 * Landlock call made without the unveil promise).
 */
#include <sys/prctl.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "landlock.h"
#include "sb_internal.h"

static int
new_session(struct sandbox *sb)
{
	if (setsid() < 0)
		return sb_err(sb, errno, "no Landlock signal scope here, and "
		    "no new session either: %s", strerror(errno));
	return 0;
}

int
sb_keep_signals(struct sandbox *sb)
{
	struct sb_ll_ruleset_attr a = { .scoped = LANDLOCK_SCOPE_SIGNAL };
	int fd, r = 0;

	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2)
		return new_session(sb);
	if ((fd = sb_ll_create_ruleset(&a)) < 0) {
		if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
			return sb_err(sb, errno, "Landlock signal scope: %s",
			    strerror(errno));
		return new_session(sb);
	}
	if (sb_ll_restrict_self(fd, 6) < 0)
		r = sb_err(sb, errno, "Landlock signal scope: %s",
		    strerror(errno));
	close(fd);
	return r;
}
