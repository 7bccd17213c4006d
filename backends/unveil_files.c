/*
 * unveil_files.c: the shared objects among a policy's files (extension
 * modules of Python and Perl, gconv modules), found so that their own
 * libraries can be made visible too, as a chroot jail copies them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unveil.h"

static struct sb_strv *found;	/* nftw(3) takes no argument */
static bool nomem;

static bool
shared_object(const char *path, const struct stat *st)
{
	const char *base = strrchr(path, '/');
	char magic[4];
	ssize_t n;
	int fd;

	if (!S_ISREG(st->st_mode) || strstr(base ? base : path, ".so") == NULL)
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return false;
	n = read(fd, magic, sizeof(magic));
	close(fd);
	return n == 4 && memcmp(magic, "\177ELF", 4) == 0;
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_F && shared_object(path, st) &&
	    sb_strv_push(found, path) < 0) {
		nomem = true;
		return -1;
	}
	return 0;
}

/* The shared objects in path (a file, or a directory's tree) into out. */
int
uv_shared_objects(const char *path, struct sb_strv *out)
{
	struct stat st;
	int r;

	if (stat(path, &st) < 0)
		return 0;	/* a set's file missing here: nothing to load */
	if (!S_ISDIR(st.st_mode))
		return shared_object(path, &st) ? sb_strv_push(out, path) : 0;
	found = out;
	nomem = false;
	r = nftw(path, visit, 16, FTW_PHYS);
	found = NULL;
	/* An unreadable corner of a tree is left out, as its files are. */
	return r < 0 && nomem ? -ENOMEM : 0;
}
