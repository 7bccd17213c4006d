/* registry.c: the one list of backends. */
#include <errno.h>
#include <string.h>

#include <bsd/string.h>

#include "sb_internal.h"

extern const struct sb_backend sb_backend_none;
extern const struct sb_backend sb_backend_chroot;
extern const struct sb_backend sb_backend_unveil;
extern const struct sb_backend sb_backend_pledge;
extern const struct sb_backend sb_backend_namespace;
extern const struct sb_backend sb_backend_combined;

const struct sb_backend *const sb_backends[] = {
	&sb_backend_none,
	&sb_backend_chroot,
	&sb_backend_unveil,
	&sb_backend_pledge,
	&sb_backend_namespace,
	&sb_backend_combined,
	NULL
};

const struct sb_backend *
sb_backend_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; sb_backends[i] != NULL; i++)
		if (strcmp(sb_backends[i]->name, name) == 0)
			return sb_backends[i];
	return NULL;
}

const struct sb_backend *
sb_backend_default(void)
{
	const struct sb_backend *b;

	/* The strongest composition is the default once it is built in. */
	if ((b = sb_backend_find("combined")) != NULL)
		return b;
	return &sb_backend_none;
}

size_t
sandbox_backend_count(void)
{
	size_t n;

	for (n = 0; sb_backends[n] != NULL; n++)
		;
	return n;
}

const char *
sandbox_backend_name(size_t i)
{
	return i < sandbox_backend_count() ? sb_backends[i]->name : NULL;
}

const char *
sandbox_backend_mechanism(size_t i)
{
	return i < sandbox_backend_count() ? sb_backends[i]->mechanism : NULL;
}

unsigned
sandbox_backend_answers(size_t i)
{
	return i < sandbox_backend_count() ? sb_backends[i]->answers : 0;
}

int
sandbox_backend_probe(size_t i, char *why, size_t len)
{
	const struct sb_backend *b;

	if (i >= sandbox_backend_count())
		return -EINVAL;
	b = sb_backends[i];
	if (b->probe == NULL) {
		strlcpy(why, "always available", len);
		return 0;
	}
	return b->probe(why, len);
}
