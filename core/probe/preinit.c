/*
 * preinit.c: sandbox-probe-preinit WDIR, the program of `sandbox compare`'s
 * preinit row. Code in the executable's DT_PREINIT_ARRAY runs before any
 * library's constructor (a preloaded one that loads a filter included):
 * it creates a file in WDIR, which the compared promises (no wpath, no
 * cpath) and views forbid. Dynamic, unlike sandbox-probe: the loader's
 * order is what is measured. Output as sandbox-probe's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char	 verdict[256];
static int	 status = 2;

static void
preinit(int argc, char **argv, char **envp)
{
	char path[4096];
	int fd, e;

	if (argc < 2)
		return;
	snprintf(path, sizeof(path), "%s/probe-preinit.%d", argv[1],
	    getpid());
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) < 0) {
		e = errno;
		snprintf(verdict, sizeof(verdict), "blocked %s "
		    "open(O_CREAT) in preinit code", strerrorname_np(e) ?
		    strerrorname_np(e) : "errno");
		status = 1;
		return;
	}
	close(fd);
	unlink(path);
	snprintf(verdict, sizeof(verdict), "allowed created a host file "
	    "before main and before any library's constructor");
	status = 0;
}

__attribute__((section(".preinit_array"), used))
static void (*const preinit_fn)(int, char **, char **) = preinit;

int
main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(stderr, "usage: sandbox-probe-preinit dir\n");
		return 2;
	}
	printf("%s\n", verdict);
	return status;
}
