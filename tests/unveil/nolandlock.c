/*
 * nolandlock: run a command as on a kernel without Landlock. A seccomp
 * filter makes landlock_create_ruleset fail with ENOSYS, as a kernel built
 * without it does; the unveil backend must then refuse to run, or run
 * unconfined and say so under --best-effort.
 *
 *	nolandlock command [arg ...]
 */
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <err.h>
#include <errno.h>
#include <seccomp.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	scmp_filter_ctx ctx;

	if (argc < 2)
		errx(2, "usage: nolandlock command [arg ...]");
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		errx(2, "seccomp_init");
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
	    SCMP_SYS(landlock_create_ruleset), 0) < 0 ||
	    seccomp_load(ctx) < 0)
		errx(2, "cannot install the filter");
	seccomp_release(ctx);
	execvp(argv[1], argv + 1);
	err(127, "%s", argv[1]);
}
