/*
 * sandbox: confine a program with a chroot jail, pledge, unveil or private
 * namespaces. A thin shell over libsandbox: a first word that is a verb
 * picks the verb; anything else is a program to run.
 */
#include <fcntl.h>
#include <unistd.h>

#include <bsd/stdlib.h>
#include <bsd/unistd.h>

#include "verbs.h"

/*
 * The command stays as the confined program's supervisor: what it was
 * given beyond stdin, stdout and stderr it does not need, and a program
 * of the same user could take it from it (pidfd_getfd). Those three are
 * open, on /dev/null if they were closed: else the first descriptors the
 * launch makes, or the loader in the program, would take their numbers.
 */
static void
harden(void)
{
	int fd;

	closefrom(STDERR_FILENO + 1);
	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (fcntl(fd, F_GETFD) < 0 &&
		    open("/dev/null", fd == STDIN_FILENO ? O_RDONLY :
		    O_WRONLY) != fd)
			_exit(125);
}

int
main(int argc, char *argv[])
{
	const struct sb_verb *v;

	harden();
	setprogname("sandbox");
	if (argc < 2) {
		sb_usage(stderr);
		return SB_EXIT_FAIL;
	}
	if (sb_wants_help(argc, argv)) {
		sb_help(stdout);
		return 0;
	}
	if ((v = sb_verb_find(argv[1])) != NULL)
		return v->run(argc - 1, argv + 1);
	return cmd_run(argc, argv);
}
