/*
 * pledge_elf.c: a static program gets its exact promises from its first
 * instruction; a dynamic one needs a loading phase. PT_INTERP decides,
 * read with libelf; a script is judged by its interpreter. The loading
 * phase is for the system's dynamic loader only: an image that names
 * another interpreter (its own code, which would decide when loading
 * ends) is held to its promises from the start, as a static one.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "pledge_elf.h"

/* The PT_INTERP path into buf: 1, 0 when there is none, or -ENOEXEC. */
static int
elf_interp(int fd, char *buf, size_t len)
{
	GElf_Phdr ph;
	ssize_t got;
	Elf *e;
	size_t i, n;
	int r = 0;

	if (elf_version(EV_CURRENT) == EV_NONE ||
	    (e = elf_begin(fd, ELF_C_READ, NULL)) == NULL)
		return -ENOEXEC;
	if (elf_kind(e) != ELF_K_ELF || elf_getphdrnum(e, &n) != 0)
		r = -ENOEXEC;
	for (i = 0; r == 0 && i < n; i++) {
		if (gelf_getphdr(e, (int)i, &ph) == NULL ||
		    ph.p_type != PT_INTERP)
			continue;
		got = ph.p_filesz < len ? pread(fd, buf, ph.p_filesz,
		    (off_t)ph.p_offset) : -1;
		if (got <= 0)
			r = -ENOEXEC;
		else {
			buf[got] = '\0';
			r = 1;
		}
	}
	elf_end(e);
	return r;
}

/* Where glibc puts the loader, for a process that is itself static. */
#if defined(__x86_64__)
#define GLIBC_LOADER	"/lib64/ld-linux-x86-64.so.2"
#elif defined(__aarch64__)
#define GLIBC_LOADER	"/lib/ld-linux-aarch64.so.1"
#else
#define GLIBC_LOADER	"/lib/ld-linux.so.2"
#endif

/*
 * The system's dynamic loader: the one this process runs under, or
 * glibc's usual one. "" when neither resolves: nothing is trusted.
 */
static const char *
system_loader(void)
{
	static char real[PATH_MAX];
	static int done;
	char interp[PATH_MAX];
	int fd;

	if (done)
		return real;
	done = 1;
	strlcpy(interp, GLIBC_LOADER, sizeof(interp));
	if ((fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)) >= 0) {
		if (elf_interp(fd, interp, sizeof(interp)) != 1)
			strlcpy(interp, GLIBC_LOADER, sizeof(interp));
		close(fd);
	}
	if (realpath(interp, real) == NULL)
		real[0] = '\0';
	return real;
}

/* 1: the system's loader is named; 0: none or another one. */
static int
elf_has_interp(int fd)
{
	char interp[PATH_MAX], real[PATH_MAX];
	const char *sys = system_loader();
	int r;

	if ((r = elf_interp(fd, interp, sizeof(interp))) != 1)
		return r;
	return sys[0] != '\0' && realpath(interp, real) != NULL &&
	    strcmp(real, sys) == 0;
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
