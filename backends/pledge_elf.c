/*
 * pledge_elf.c: a static program gets its exact promises from its first
 * instruction; a dynamic one needs a loading phase. PT_INTERP decides,
 * read with libelf; a script is judged by its interpreter.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

#include "pledge_elf.h"

static int
elf_has_interp(int fd)
{
	GElf_Phdr ph;
	Elf *e;
	size_t i, n;
	int r = 0;

	if (elf_version(EV_CURRENT) == EV_NONE ||
	    (e = elf_begin(fd, ELF_C_READ, NULL)) == NULL)
		return -ENOEXEC;
	if (elf_kind(e) != ELF_K_ELF || elf_getphdrnum(e, &n) != 0)
		r = -ENOEXEC;
	for (i = 0; r == 0 && i < n; i++)
		if (gelf_getphdr(e, (int)i, &ph) != NULL &&
		    ph.p_type == PT_INTERP)
			r = 1;
	elf_end(e);
	return r;
}

/* The interpreter of a #! script, into buf; -ENOEXEC when not a script. */
static int
script_interp(int fd, char *buf, size_t len)
{
	ssize_t n;
	size_t s;

	if ((n = pread(fd, buf, len - 1, 0)) < 2 || buf[0] != '#' ||
	    buf[1] != '!')
		return -ENOEXEC;
	buf[n] = '\0';
	s = 2 + strspn(buf + 2, " \t");
	memmove(buf, buf + s, strlen(buf + s) + 1);
	buf[strcspn(buf, " \t\n")] = '\0';
	return buf[0] == '/' ? 0 : -ENOEXEC;
}

static int
dynamic_depth(const char *path, int depth)
{
	char interp[256];
	int fd, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	if (depth < 4 && script_interp(fd, interp, sizeof(interp)) == 0) {
		close(fd);
		return dynamic_depth(interp, depth + 1);
	}
	r = elf_has_interp(fd);
	close(fd);
	return r;
}

int
pledge_elf_dynamic(const char *path)
{
	return dynamic_depth(path, 0);
}
