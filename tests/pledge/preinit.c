/*
 * preinit: a program whose own code runs before any library's constructor
 * (DT_PREINIT_ARRAY): it reads the file PLEDGE_PREINIT_READ names and
 * prints it, or "refused". Its promises (or execpromises) must already
 * hold then: this is the program's first instruction.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
peek(int argc, char **argv, char **envp)
{
	const char *path = NULL;
	char buf[128];
	ssize_t n;
	int fd;

	(void)argc;
	(void)argv;
	for (; *envp != NULL; envp++)
		if (strncmp(*envp, "PLEDGE_PREINIT_READ=", 20) == 0)
			path = *envp + 20;
	if (path == NULL)
		return;
	if ((fd = open(path, O_RDONLY)) < 0) {
		(void)!write(STDOUT_FILENO, "refused\n", 8);
		return;
	}
	if ((n = read(fd, buf, sizeof(buf))) > 0)
		(void)!write(STDOUT_FILENO, buf, (size_t)n);
	close(fd);
}

__attribute__((section(".preinit_array"), used))
static void (*const preinit)(int, char **, char **) = peek;

int
main(void)
{
	(void)!write(STDOUT_FILENO, "main ran\n", 9);
	return 0;
}
