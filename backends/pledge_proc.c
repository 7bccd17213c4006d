/*
 * pledge_proc.c: what the supervisor reads of the program in /proc: its
 * status, its start, its memory (paths), its mappings.
 */
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pledge.h"
#include "pledge_sv.h"

/* Small readers of /proc. */
int
pl_proc_read(pid_t pid, const char *file, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* Field n (from 1) of /proc/pid/stat, as a number; 0 when unreadable. */
static unsigned long long
stat_field(pid_t pid, int n)
{
	char buf[1024], *p;
	int field;

	if (pl_proc_read(pid, "stat", buf, sizeof(buf)) < 0 ||
	    (p = strrchr(buf, ')')) == NULL)
		return 0;
	/* p is at the end of field 2 (the name, which may hold spaces). */
	for (field = 2; field < n && p != NULL; field++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

unsigned long
pl_start_code(pid_t pid)
{
	return (unsigned long)stat_field(pid, 26);
}

/* When the process started: a reused pid is another process. */
unsigned long long
pl_start_time(pid_t pid)
{
	return stat_field(pid, 22);
}

pid_t
pl_status_field(pid_t pid, const char *name, uint64_t *hex)
{
	char buf[4096], *p;
	size_t len = strlen(name);

	if (pl_proc_read(pid, "status", buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ?
	    p + 1 : NULL)
		if (strncmp(p, name, len) == 0 && p[len] == ':')
			break;
	if (p == NULL || *p == '\0')
		return -1;
	if (hex != NULL) {
		*hex = strtoull(p + len + 1, NULL, 16);
		return 0;
	}
	return (pid_t)strtol(p + len + 1, NULL, 10);
}

pid_t
pl_tgid_of(pid_t tid)
{
	pid_t t = pl_status_field(tid, "Tgid", NULL);

	return t > 0 ? t : tid;
}

/* The process id as the program itself sees it (its own pid namespace). */
pid_t
pl_own_pid_of(pid_t tid)
{
	char buf[4096], *p, *end;

	if (pl_proc_read(tid, "status", buf, sizeof(buf)) < 0 ||
	    (p = strstr(buf, "\nNStgid:")) == NULL)
		return pl_tgid_of(tid);
	end = strchr(p + 1, '\n');
	if (end != NULL)
		*end = '\0';
	p = strrchr(p, '\t') ? strrchr(p, '\t') : p + 8;
	return (pid_t)strtol(p + 1, NULL, 10);
}

/* A string from the process's memory; the notification is rechecked. */
int
pl_read_string(int fd, const struct seccomp_notif *req, uint64_t addr,
    char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int mem;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)req->pid);
	if (addr == 0 || (mem = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = pread(mem, buf, len - 1, (off_t)addr);
	close(mem);
	if (n <= 0 || seccomp_notify_id_valid(fd, req->id) != 0)
		return -1;
	buf[n] = '\0';
	if (strnlen(buf, len) == len - 1)
		return -1;	/* longer than a path can be */
	return 0;
}

/*
 * ld.so maps LD_PRELOAD objects right after itself, before any library the
 * program needs. An executable mapping of a third object without ours
 * (known by device and inode, the same in any view) means the library was
 * not preloaded (unreadable, absent from the view, LD_PRELOAD cleared):
 * the loading phase would never end, so it ends now.
 */
int
pl_preload_state(pid_t pid, dev_t dev, ino_t ino)
{
	char path[64], line[PATH_MAX + 128], perms[8], *file;
	unsigned long long inode, prev = 0;
	unsigned maj, min;
	FILE *f;
	int others = 0, ours = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	/* The program itself is the first executable mapping. */
	while (!ours && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%*s %7s %*s %x:%x %llu", perms, &maj, &min,
		    &inode) != 4 || perms[2] != 'x' || inode == 0 ||
		    (file = strchr(line, '/')) == NULL || inode == prev)
			continue;
		if (inode == (unsigned long long)ino && makedev(maj, min) == dev)
			ours = 1;
		else
			others++;
		prev = inode;
	}
	fclose(f);
	if (ours)
		return 1;
	/* The program, ld.so, and a third: loading went on without us. */
	return others >= 3 ? -1 : 0;
}
