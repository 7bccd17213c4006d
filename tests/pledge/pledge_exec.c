/*
 * pledge_exec: sandbox_exec(3) under the pledge backend, for the tests:
 * no supervisor, so violations kill (SIGSYS) and a dynamic program is
 * narrowed to its promises by the preloaded library.
 * usage: pledge-exec [-e EXECPROMISES] PROMISES program [arg ...]
 */
#include <stdio.h>
#include <string.h>

#include "sandbox.h"

int
main(int argc, char *argv[])
{
	const char *exec = NULL;
	struct sandbox *sb;

	if (argc > 2 && strcmp(argv[1], "-e") == 0) {
		exec = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: pledge-exec promises program [arg ...]\n");
		return 125;
	}
	if ((sb = sandbox_new()) == NULL)
		return 125;
	if (sandbox_set_backend(sb, "pledge") < 0 ||
	    sandbox_set_pledge(sb, argv[1], exec) < 0 ||
	    sandbox_exec(sb, argv + 2) < 0) {
		fprintf(stderr, "pledge-exec: %s\n", sandbox_error(sb));
		return sandbox_exit_status(sb);
	}
	return 125;
}
