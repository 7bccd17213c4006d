/* learn_record.c: what a learning run saw, paths in a small hash table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "learn.h"

struct sb_learn *
sb_learn_new(void)
{
	struct sb_learn *l;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	l->listener = -1;
	return l;
}

void
sb_learn_free(struct sb_learn *l)
{
	struct sb_learn_path *p, *next;
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < SB_LEARN_BUCKETS; i++)
		for (p = l->bucket[i]; p != NULL; p = next) {
			next = p->next;
			free(p->path);
			free(p);
		}
	seccomp_notify_free(l->req, l->resp);
	sb_strv_clear(&l->runs);
	sb_strv_clear(&l->args);
	sb_strv_clear(&l->closure);
	free(l->program);
	free(l->user);
	free(l->group);
	free(l);
}

/* FNV-1a: short paths, no adversary to fear in a table we fill ourselves. */
static size_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % SB_LEARN_BUCKETS;
}

struct sb_learn_path *
sb_learn_lookup(const struct sb_learn *l, const char *path)
{
	struct sb_learn_path *p;

	for (p = l->bucket[hash(path)]; p != NULL; p = p->next)
		if (strcmp(p->path, path) == 0)
			return p;
	return NULL;
}

int
sb_learn_path(struct sb_learn *l, const char *path, unsigned perms,
    unsigned how)
{
	struct sb_learn_path *p;
	size_t h;

	if ((p = sb_learn_lookup(l, path)) == NULL) {
		if ((p = calloc(1, sizeof(*p))) == NULL)
			return -ENOMEM;
		if ((p->path = strdup(path)) == NULL) {
			free(p);
			return -ENOMEM;
		}
		h = hash(path);
		p->next = l->bucket[h];
		l->bucket[h] = p;
		l->npaths++;
	}
	p->perms |= perms;
	p->how |= how;
	/* Used for real at least once: no longer a mere lookup. */
	if (p->perms != 0 || (p->how & ~SB_LP_LOOKUP) != 0)
		p->how &= ~SB_LP_LOOKUP;
	return 0;
}

int
sb_learn_port(struct sb_learn *l, bool bind, unsigned port)
{
	uint16_t *v = bind ? l->bind_port : l->connect_port;
	size_t *n = bind ? &l->nbind : &l->nconnect;
	size_t i;

	if (port == 0 || port > 65535)
		return 0;
	for (i = 0; i < *n; i++)
		if (v[i] == port)
			return 0;
	if (*n == SB_LEARN_MAXPORTS)
		return -ENOSPC;
	v[(*n)++] = (uint16_t)port;
	return 0;
}

int
sb_learn_each(const struct sb_learn *l,
    int (*fn)(const struct sb_learn_path *, void *), void *arg)
{
	struct sb_learn_path *p;
	size_t i;
	int r;

	for (i = 0; i < SB_LEARN_BUCKETS; i++)
		for (p = l->bucket[i]; p != NULL; p = p->next)
			if ((r = fn(p, arg)) != 0)
				return r;
	return 0;
}
