/*
 * learn_fs.c: paths as the observed process sees them. Arguments are read
 * from /proc/PID/mem (the caller checks the notification is still valid
 * afterwards); relative paths are resolved against the process's working
 * directory or directory descriptor, read from /proc.
 */
#include <sys/types.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "learn.h"

/*
 * One read of another process's memory: process_vm_readv(2) in one call,
 * else /proc/PID/mem (the same access check; three calls). Returns the
 * bytes read, or -errno.
 */
static ssize_t
peek(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	char mem[64];
	ssize_t n;
	int fd;

	if ((n = process_vm_readv(pid, &local, 1, &remote, 1, 0)) >= 0)
		return n;
	if (errno != ENOSYS && errno != EPERM)
		return -errno;
	snprintf(mem, sizeof(mem), "/proc/%d/mem", (int)pid);
	if ((fd = open(mem, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = pread(fd, buf, len, (off_t)addr);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

int
sb_learn_read_mem(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	ssize_t n;

	if ((n = peek(pid, addr, buf, len)) < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EFAULT;
}

/* A NUL-terminated string, read a page at a time so as not to fault. */
int
sb_learn_read_string(pid_t pid, uint64_t addr, char *buf, size_t len)
{
	size_t got = 0, chunk;
	ssize_t n;

	if (addr == 0)
		return -EFAULT;
	while (got + 1 < len) {
		chunk = 4096 - ((addr + got) % 4096);
		if (chunk > len - 1 - got)
			chunk = len - 1 - got;
		if ((n = peek(pid, addr + got, buf + got, chunk)) <= 0)
			break;
		if (memchr(buf + got, '\0', (size_t)n) != NULL)
			return 0;
		got += (size_t)n;
	}
	return -ENAMETOOLONG;
}

/* Lexically remove ".", ".." and repeated slashes from an absolute path. */
void
sb_learn_clean(char *path)
{
	char *src = path, *dst = path, *seg;
	size_t len;

	while (*src != '\0') {
		while (*src == '/')
			src++;
		if (*src == '\0')
			break;
		seg = src;
		len = strcspn(seg, "/");
		src += len;
		if (len == 1 && seg[0] == '.')
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			while (dst > path && *--dst != '/')
				;
			continue;
		}
		*dst++ = '/';
		memmove(dst, seg, len);
		dst += len;
	}
	if (dst == path)
		*dst++ = '/';
	*dst = '\0';
}

static int
proc_link(const char *link, char *out, size_t len)
{
	ssize_t n;

	if ((n = readlink(link, out, len - 1)) < 0)
		return -errno;
	out[n] = '\0';
	return out[0] == '/' ? 0 : -ENOENT;	/* "pipe:[...]", "socket:" */
}

int
sb_learn_fdpath(pid_t pid, int fd, char *out, size_t len)
{
	char link[64];

	if (fd == AT_FDCWD)
		snprintf(link, sizeof(link), "/proc/%d/cwd", (int)pid);
	else
		snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)pid, fd);
	return proc_link(link, out, len);
}

int
sb_learn_abspath(pid_t pid, int dirfd, const char *path, char *out,
    size_t len)
{
	char base[PATH_MAX];
	int r;

	if (path[0] == '/') {
		if (strlcpy(out, path, len) >= len)
			return -ENAMETOOLONG;
	} else {
		if ((r = sb_learn_fdpath(pid, dirfd, base, sizeof(base))) < 0)
			return r;
		if ((size_t)snprintf(out, len, "%s/%s", base, path) >= len)
			return -ENAMETOOLONG;
	}
	sb_learn_clean(out);
	return 0;
}

/* PT_INTERP of an ELF file, with libelf. */
static int
elf_interp(int fd, char *interp, size_t len)
{
	GElf_Phdr ph;
	Elf *e;
	size_t i, n;
	int r = -ENOENT;

	if (elf_version(EV_CURRENT) == EV_NONE ||
	    (e = elf_begin(fd, ELF_C_READ, NULL)) == NULL)
		return -EINVAL;
	if (elf_getphdrnum(e, &n) == 0)
		for (i = 0; i < n && r < 0; i++) {
			if (gelf_getphdr(e, (int)i, &ph) == NULL ||
			    ph.p_type != PT_INTERP || ph.p_filesz >= len ||
			    ph.p_filesz == 0)
				continue;
			if (pread(fd, interp, ph.p_filesz, (off_t)ph.p_offset) ==
			    (ssize_t)ph.p_filesz) {
				interp[ph.p_filesz] = '\0';
				r = 0;
			}
		}
	elf_end(e);
	return r;
}

/*
 * What the kernel loads besides the file at an execve: a script's "#!"
 * interpreter or an ELF program's PT_INTERP. -ENOENT when nothing.
 */
int
sb_learn_exec_interp(const char *path, char *interp, size_t len, bool *script)
{
	char head[256];
	ssize_t n;
	int fd, r;

	*script = false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = pread(fd, head, sizeof(head) - 1, 0);
	if (n > 2 && head[0] == '#' && head[1] == '!') {
		head[n] = '\0';
		head[strcspn(head, "\n")] = '\0';
		n = (ssize_t)strspn(head + 2, " \t") + 2;
		head[n + (ssize_t)strcspn(head + n, " \t")] = '\0';
		*script = true;
		r = strlcpy(interp, head + n, len) < len && interp[0] == '/' ?
		    0 : -ENOENT;
	} else
		r = elf_interp(fd, interp, len);
	close(fd);
	return r;
}
