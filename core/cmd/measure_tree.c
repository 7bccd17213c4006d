/*
 * measure_tree.c: what a jail holds (files, links, bytes, how many are
 * hard links to the host's copies) and what a refresh changed in it.
 */
#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"

struct ms_entry {
	char		*path;
	ino_t		 ino;
	struct timespec	 mtime;
};

struct ms_snap {
	struct ms_entry	*e;
	size_t		 n, cap;
};

/* nftw(3) passes no user data: the walk in progress lives here. */
static struct ms_tree	*walk_tree;
static struct ms_snap	*walk_snap;
static const struct ms_snap *walk_old;
static long		 walk_changed;
static long long	 walk_bytes;

static int
count_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	if (type == FTW_D)
		walk_tree->dirs++;
	else if (type == FTW_SL)
		walk_tree->links++;
	else if (type == FTW_F) {
		walk_tree->files++;
		walk_tree->bytes += st->st_size;
		if (st->st_nlink > 1)
			walk_tree->hardlinked++;
	}
	return 0;
}

int
ms_tree_count(const char *dir, struct ms_tree *t)
{
	memset(t, 0, sizeof(*t));
	walk_tree = t;
	return nftw(dir, count_one, 32, FTW_PHYS | FTW_MOUNT);
}

static int
snap_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	struct ms_snap *s = walk_snap;
	struct ms_entry *ne;

	if (type != FTW_F && type != FTW_SL)
		return 0;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		if ((ne = reallocarray(s->e, s->cap, sizeof(*ne))) == NULL)
			return -1;
		s->e = ne;
	}
	if ((s->e[s->n].path = strdup(path)) == NULL)
		return -1;
	s->e[s->n].ino = st->st_ino;
	s->e[s->n].mtime = st->st_mtim;
	s->n++;
	return 0;
}

struct ms_snap *
ms_snap_take(const char *dir)
{
	struct ms_snap *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	walk_snap = s;
	if (nftw(dir, snap_one, 32, FTW_PHYS | FTW_MOUNT) < 0) {
		ms_snap_free(s);
		return NULL;
	}
	return s;
}

static const struct ms_entry *
snap_find(const struct ms_snap *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].path, path) == 0)
			return &s->e[i];
	return NULL;
}

/* A file is new, or replaced (another inode), or rewritten (mtime). */
static int
diff_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	const struct ms_entry *o;

	if (type != FTW_F && type != FTW_SL)
		return 0;
	o = snap_find(walk_old, path);
	if (o != NULL && o->ino == st->st_ino &&
	    o->mtime.tv_sec == st->st_mtim.tv_sec &&
	    o->mtime.tv_nsec == st->st_mtim.tv_nsec)
		return 0;
	walk_changed++;
	if (type == FTW_F)
		walk_bytes += st->st_size;
	return 0;
}

long
ms_snap_changed(const struct ms_snap *s, const char *dir, long long *bytes)
{
	walk_old = s;
	walk_changed = 0;
	walk_bytes = 0;
	if (nftw(dir, diff_one, 32, FTW_PHYS | FTW_MOUNT) < 0)
		return -1;
	if (bytes != NULL)
		*bytes = walk_bytes;
	return walk_changed;
}

void
ms_snap_free(struct ms_snap *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->e[i].path);
	free(s->e);
	free(s);
}

static int
rm_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	remove(path);
	return 0;
}

void
ms_rmtree(const char *dir)
{
	nftw(dir, rm_one, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
