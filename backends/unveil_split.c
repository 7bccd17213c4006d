/*
 * unveil_split.c: OpenBSD's "the deepest rule wins" on Landlock, where
 * rights add up along a path. An enclosing rule that grants letters a
 * deeper rule lacks keeps, on its own directory, only the rights the deeper
 * rule may have; its other rights go, one rule each, to every entry off the
 * way to the deeper rules, and the directories on the way are split again.
 *
 * This is exact only when nothing new appears in the split directories:
 * the enclosing rule must not have c (the program cannot create there; a
 * file another process creates later gets only what the directory keeps),
 * and withholding r is possible only above a file (listing a directory is
 * granted to its whole tree). Symbolic links among the entries get no rule:
 * what they point to needs its own. A file whose other name (a hard link)
 * is an entry of a split directory cannot be split around: the entry's
 * rule would be a rule on the same inode, with all the enclosing letters.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "unveil.h"

#define SPLIT_MAX	4096	/* rules one split may add */

uint64_t
uv_split_deny(unsigned withheld)
{
	return uv_rights(withheld, UV_KIND_FILE);
}

/* Does dir hold an entry, not the file itself, that is st's inode? */
static bool
holds_other_name(const char *dir, const char *file, const struct stat *st)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat est;
	bool found = false;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return true;	/* cannot tell: not split */
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_ino != st->st_ino ||
		    snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ?
		    dir : "", e->d_name) >= (int)sizeof(path) ||
		    strcmp(path, file) == 0)
			continue;
		found = lstat(path, &est) == 0 && est.st_dev == st->st_dev &&
		    est.st_ino == st->st_ino;
	}
	closedir(d);
	return found;
}

/*
 * A file of several names: is another one an entry of a directory from
 * outer down to the file's own, to which a split would give a rule?
 */
static bool
other_name_on_the_way(const char *outer, const char *file,
    const struct stat *st)
{
	char dir[PATH_MAX];
	size_t len = strlen(outer);
	const char *slash;

	if (st->st_nlink < 2 || S_ISDIR(st->st_mode))
		return false;
	if (strcmp(outer, "/") == 0)
		len = 0;
	for (slash = file + len; slash != NULL; slash = strchr(slash + 1, '/')) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - file), file);
		if (holds_other_name(dir[0] ? dir : "/", file, st))
			return true;
	}
	return false;
}

bool
uv_split_possible(const struct uv_rule *outer, const struct uv_rule *inner,
    const char *inner_path)
{
	unsigned e = outer->perms & ~inner->perms;
	struct stat st;

	if ((outer->flags | inner->flags) & UV_MISSING)
		return false;
	if (outer->perms & SANDBOX_UNVEIL_C)
		return false;
	if (stat(inner_path, &st) < 0)
		return false;
	if (other_name_on_the_way(outer->path, inner_path, &st))
		return false;
	if (e & SANDBOX_UNVEIL_R)
		return !S_ISDIR(st.st_mode);
	return true;
}

static bool
is_target(const char *path, const char *const *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(path, t[i]) == 0)
			return true;
	return false;
}

/* Is path a directory on the way to one of the targets? */
static bool
on_the_way(const char *path, const char *const *t, size_t n)
{
	size_t i, len = strlen(path);

	for (i = 0; i < n; i++)
		if (strncmp(t[i], path, len) == 0 && t[i][len] == '/')
			return true;
	return false;
}

static int
add_split_rule(struct uv_plan *p, const char *path, unsigned perms,
    uint64_t deny, int *budget)
{
	if (--*budget < 0)
		return -E2BIG;
	if (uv_plan_add(p, path, perms, UV_AUTO) < 0)
		return -ENOMEM;
	p->rule[p->nrule - 1].deny = deny;
	return 0;
}

static int
split_dir(struct uv_plan *p, const char *dir, unsigned perms,
    const char *const *t, size_t n, uint64_t deny, int *budget)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int r = 0;

	if ((d = opendir(dir)) == NULL)
		return -errno;
	while (r == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ?
		    dir : "", e->d_name) >= (int)sizeof(path)) {
			r = -ENAMETOOLONG;
			break;
		}
		if (lstat(path, &st) < 0 || S_ISLNK(st.st_mode) ||
		    is_target(path, t, n))
			continue;
		if (S_ISDIR(st.st_mode) && on_the_way(path, t, n)) {
			if ((r = add_split_rule(p, path, perms, deny,
			    budget)) == 0)
				r = split_dir(p, path, perms, t, n, deny,
				    budget);
		} else
			r = add_split_rule(p, path, perms, 0, budget);
	}
	closedir(d);
	return r;
}

int
uv_split(struct uv_plan *p, size_t outer, const char *const *targets,
    size_t ntargets, uint64_t deny)
{
	char dir[PATH_MAX];
	int budget = SPLIT_MAX;

	p->rule[outer].deny |= deny;
	/* A copy: the rule array moves as rules are added. */
	snprintf(dir, sizeof(dir), "%s", p->rule[outer].path);
	return split_dir(p, dir, p->rule[outer].perms, targets, ntargets,
	    deny, &budget);
}
