/*
 * ctor_lib.c: a library whose constructor runs while its program is still
 * loading, before the preloaded library ends the loading phase: it reads
 * the file PLEDGE_CTOR_READ names and prints it. Under a pledge without
 * rpath, only what the loader itself reads may be read then.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int	pledge_ctor_lib(void);

__attribute__((constructor)) static void
peek(void)
{
	const char *path = getenv("PLEDGE_CTOR_READ");
	char buf[128];
	ssize_t n;
	int fd;

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

int
pledge_ctor_lib(void)
{
	return 0;
}
