/*
 * learn_rules.c: the unveil rules of a learned policy, and how observed
 * files collapse into the directories a person would have written.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/string.h>

#include "learn_write.h"

/*
 * Files read in one directory before the directory itself is unveiled: at
 * least three, and most of what it holds, so that a file the run did not
 * touch (a database beside the documents served) is not swept in. The
 * system's own tree under /usr holds no user's data: there three suffice.
 */
#define COLLAPSE_AT	3

int
sb_learn_rules_add(struct sb_learn_rules *rs, const char *path,
    unsigned perms, unsigned how, unsigned count)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].path, path) == 0) {
			rs->v[i].perms |= perms;
			rs->v[i].how |= how;
			rs->v[i].count += count;
			return 0;
		}
	if (sb_grow(&rs->v, &rs->cap, rs->n, sizeof(*rs->v), 64) < 0)
		return -ENOMEM;
	if ((rs->v[rs->n].path = strdup(path)) == NULL)
		return -ENOMEM;
	rs->v[rs->n].perms = perms;
	rs->v[rs->n].how = how;
	rs->v[rs->n].count = count;
	rs->v[rs->n].group = 0;
	rs->n++;
	return 0;
}

void
sb_learn_rules_del(struct sb_learn_rules *rs, size_t i)
{
	free(rs->v[i].path);
	rs->v[i] = rs->v[--rs->n];
}

void
sb_learn_rules_free(struct sb_learn_rules *rs)
{
	while (rs->n > 0)
		sb_learn_rules_del(rs, 0);
	free(rs->v);
	rs->v = NULL;
	rs->cap = 0;
}

static int
rule_cmp(const void *a, const void *b)
{
	const struct sb_learn_rule *x = a, *y = b;

	if (x->group != y->group)
		return x->group - y->group;
	return strcmp(x->path, y->path);
}

void
sb_learn_rules_sort(struct sb_learn_rules *rs)
{
	if (rs->n > 1)
		qsort(rs->v, rs->n, sizeof(rs->v[0]), rule_cmp);
}

static bool
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Only read (and execute) rules collapse; writes stay exact. */
static bool
collapsible(const struct sb_learn_rule *r)
{
	return (r->perms & ~(SANDBOX_UNVEIL_R | SANDBOX_UNVEIL_X)) == 0 &&
	    r->perms != 0;
}

/* The rules directly in dir with exactly these permissions. */
static unsigned
children(const struct sb_learn_rules *rs, const char *dir, unsigned perms)
{
	const char *rest;
	size_t i, n = strlen(dir);
	unsigned c = 0;

	for (i = 0; i < rs->n; i++) {
		if (rs->v[i].perms != perms || !under(rs->v[i].path, dir))
			continue;
		rest = rs->v[i].path + n + 1;
		if (strchr(rest, '/') == NULL)
			c++;
	}
	return c;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The entries of dir, . and .. aside; SIZE_MAX when it cannot be read. */
static size_t
entries(const char *dir)
{
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return SIZE_MAX;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Whether used rules directly in dir are enough to unveil dir whole. */
static bool
worth_collapsing(const char *dir, unsigned used)
{
	size_t n;

	if (used < COLLAPSE_AT || sb_learn_covers_sensitive(dir) || !is_dir(dir))
		return false;
	if (strncmp(dir, "/usr/", 5) == 0)
		return true;
	n = entries(dir);
	return n != SIZE_MAX && used * 2 > n;
}

/* Replace dir's rules of these permissions by one rule on dir. */
static int
absorb(struct sb_learn_rules *rs, const char *dir, unsigned perms)
{
	unsigned count = 0, how = 0, all = ~0U;
	size_t i;

	for (i = rs->n; i-- > 0; )
		if (rs->v[i].perms == perms && under(rs->v[i].path, dir)) {
			count += rs->v[i].count;
			how |= rs->v[i].how & ~SB_LP_LIST;
			all &= rs->v[i].how;
			sb_learn_rules_del(rs, i);
		}
	/* The closure's directory only if it holds nothing else used. */
	how &= ~SB_LP_CLOSURE | all;
	return sb_learn_rules_add(rs, dir, perms, how | SB_LP_LIST, count);
}

/* One collapse, if any is due: 1 when done, 0 when none, -errno. */
static int
collapse_one(struct sb_learn_rules *rs)
{
	char dir[PATH_MAX], *slash;
	size_t i;
	int r;

	for (i = 0; i < rs->n; i++) {
		if (!collapsible(&rs->v[i]))
			continue;
		strlcpy(dir, rs->v[i].path, sizeof(dir));
		if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
			continue;
		*slash = '\0';
		if (!worth_collapsing(dir, children(rs, dir, rs->v[i].perms)))
			continue;
		if ((r = absorb(rs, dir, rs->v[i].perms)) < 0)
			return r;
		return 1;
	}
	return 0;
}

/* A rule under a directory rule that already grants it says nothing. */
static void
drop_covered(struct sb_learn_rules *rs)
{
	size_t i, j;

	for (i = rs->n; i-- > 0; )
		for (j = 0; j < rs->n; j++)
			if (j != i && under(rs->v[i].path, rs->v[j].path) &&
			    (rs->v[i].perms & ~rs->v[j].perms) == 0) {
				rs->v[j].count += rs->v[i].count;
				sb_learn_rules_del(rs, i);
				break;
			}
}

/*
 * Whether the unveil backend can split outer around inner, so that inner
 * keeps its own letters as on OpenBSD: not under c, and r is withheld
 * from files only (backends/unveil_split.c).
 */
static bool
splittable(const struct sb_learn_rule *outer, const struct sb_learn_rule *inner)
{
	if (outer->perms & SANDBOX_UNVEIL_C)
		return false;
	if ((outer->perms & ~inner->perms) & SANDBOX_UNVEIL_R)
		return !is_dir(inner->path);
	return true;
}

/*
 * Landlock rights add up along a path, where OpenBSD's deepest rule wins:
 * where no split can keep a deeper rule's letters, the unveil backend
 * refuses the pair. Such a deeper rule is written with what it gets
 * anyway: the enclosing letters, c only on a directory.
 */
static void
widen_nested(struct sb_learn_rules *rs)
{
	unsigned more;
	size_t i, j;

	for (i = 0; i < rs->n; i++)
		for (j = 0; j < rs->n; j++) {
			if (j == i || !under(rs->v[j].path, rs->v[i].path) ||
			    splittable(&rs->v[i], &rs->v[j]))
				continue;
			more = rs->v[i].perms;
			if (!is_dir(rs->v[j].path))
				more &= ~SANDBOX_UNVEIL_C;
			rs->v[j].perms |= more;
		}
}

int
sb_learn_collapse(struct sb_learn_rules *rs)
{
	int r;

	while ((r = collapse_one(rs)) > 0)
		;
	if (r == 0) {
		drop_covered(rs);
		widen_nested(rs);
		drop_covered(rs);
	}
	return r;
}

void
sb_learn_perms(unsigned p, char out[5])
{
	int i = 0;

	if (p & SANDBOX_UNVEIL_R) out[i++] = 'r';
	if (p & SANDBOX_UNVEIL_W) out[i++] = 'w';
	if (p & SANDBOX_UNVEIL_X) out[i++] = 'x';
	if (p & SANDBOX_UNVEIL_C) out[i++] = 'c';
	if (i == 0) out[i++] = '-';
	out[i] = '\0';
}

/* A Lua string literal: any byte a file name may hold, safely quoted. */
void
sb_learn_lua_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fprintf(f, "\\%03u", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* The machine block: one word per field, bytes that would break it %XX. */
void
sb_learn_encode(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s <= 0x20 || *s == 0x7f || *s == '%' ||
		    *s == ']')
			fprintf(f, "%%%02X", (unsigned char)*s);
		else
			fputc(*s, f);
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
sb_learn_decode(char *s)
{
	char *d = s;
	int hi, lo;

	for (; *s != '\0'; s++) {
		if (*s != '%') {
			*d++ = *s;
			continue;
		}
		if ((hi = hexval(s[1])) < 0 || (lo = hexval(s[2])) < 0 ||
		    (hi == 0 && lo == 0))
			return -EINVAL;
		*d++ = (char)(hi * 16 + lo);
		s += 2;
	}
	*d = '\0';
	return 0;
}
