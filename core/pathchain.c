/* pathchain.c: resolve a path one component at a time, noting links. */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "pathchain.h"

#define MAXLINKS	40	/* as the kernel's MAXSYMLINKS */

/*
 * Directories already found real are remembered in seen under a marker
 * byte, so that the many paths of a closure cost one lstat per new
 * directory rather than one per component.
 */
#define REALDIR	'\001'

static bool
known_dir(const struct sb_strset *seen, const char *path)
{
	char key[PATH_MAX + 1];

	key[0] = REALDIR;
	strlcpy(key + 1, path, sizeof(key) - 1);
	return sb_strset_has(seen, key);
}

static int
remember_dir(struct sb_strset *seen, const char *path)
{
	char key[PATH_MAX + 1];

	key[0] = REALDIR;
	strlcpy(key + 1, path, sizeof(key) - 1);
	return sb_strset_add(seen, key) < 0 ? -ENOMEM : 0;
}

static int
note(struct sb_strset *seen, struct sb_strv *out, const char *path)
{
	int r;

	if ((r = sb_strset_add(seen, path)) <= 0)
		return r;
	return sb_strv_push(out, path);
}

/* Drop the last component of an absolute clean path ("/" stays). */
static void
up(char *cur)
{
	char *s = strrchr(cur, '/');

	if (s != NULL)
		*s = '\0';
}

/*
 * rest holds what is left to resolve; a link's target replaces the link's
 * name in it. cur is the real prefix resolved so far ("" meaning "/").
 */
int
sb_path_chain(const char *path, struct sb_strset *seen, struct sb_strv *out)
{
	char cur[PATH_MAX] = "", rest[PATH_MAX], next[PATH_MAX];
	char target[PATH_MAX], *comp, *tail;
	struct stat st;
	ssize_t tl;
	int links = 0, r;

	if (path[0] != '/')
		return -EINVAL;
	if (strlcpy(rest, path, sizeof(rest)) >= sizeof(rest))
		return -ENAMETOOLONG;
	for (;;) {
		comp = rest;
		while (*comp == '/')
			comp++;
		if (*comp == '\0')
			break;
		tail = comp + strcspn(comp, "/");
		if (*tail != '\0')
			*tail++ = '\0';
		if (strcmp(comp, ".") == 0) {
			memmove(rest, tail, strlen(tail) + 1);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			up(cur);
			memmove(rest, tail, strlen(tail) + 1);
			continue;
		}
		if ((size_t)snprintf(next, sizeof(next), "%s/%s", cur, comp) >=
		    sizeof(next))
			return -ENAMETOOLONG;
		if (*tail != '\0' && known_dir(seen, next)) {
			strlcpy(cur, next, sizeof(cur));
			memmove(rest, tail, strlen(tail) + 1);
			continue;
		}
		if (lstat(next, &st) < 0)
			return -errno;
		if (S_ISDIR(st.st_mode) && (r = remember_dir(seen, next)) < 0)
			return r;
		if (!S_ISLNK(st.st_mode)) {
			strlcpy(cur, next, sizeof(cur));
			memmove(rest, tail, strlen(tail) + 1);
			continue;
		}
		if (++links > MAXLINKS)
			return -ELOOP;
		if ((r = note(seen, out, next)) < 0)
			return r;
		if ((tl = readlink(next, target, sizeof(target) - 1)) < 0)
			return -errno;
		target[tl] = '\0';
		if (target[0] == '/')
			cur[0] = '\0';
		if ((size_t)snprintf(next, sizeof(next), "%s/%s", target,
		    tail) >= sizeof(next))
			return -ENAMETOOLONG;
		strlcpy(rest, next, sizeof(rest));
	}
	return note(seen, out, cur[0] == '\0' ? "/" : cur);
}
