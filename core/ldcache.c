/* ldcache.c: read /etc/ld.so.cache, checking every offset against its size. */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ldcache.h"

#define OLD_MAGIC	"ld.so-1.7.0"
#define NEW_MAGIC	"glibc-ld.so.cache"
#define NEW_VERSION	"1.1"

struct old_header {
	char		magic[sizeof(OLD_MAGIC) - 1];
	uint32_t	nlibs;
};
struct old_entry {
	int32_t		flags;
	uint32_t	key, value;
};
struct new_header {
	char		magic[sizeof(NEW_MAGIC) - 1];
	char		version[sizeof(NEW_VERSION) - 1];
	uint32_t	nlibs;
	uint32_t	len_strings;
	uint8_t		flags;
	uint8_t		pad[3];
	uint32_t	extension_offset;
	uint32_t	unused[3];
};
struct new_entry {
	int32_t		flags;
	uint32_t	key, value;
	uint32_t	osversion;
	uint64_t	hwcap;
};

static int
bad(char *err, size_t errlen, const char *path, const char *what)
{
	snprintf(err, errlen, "%s: %s", path, what);
	return -EINVAL;
}

/* Where the new format starts: at 0, or after the old table, aligned. */
static int
find_new(const char *map, size_t sz, size_t *at)
{
	const struct old_header *oh = (const void *)map;
	size_t off;

	if (sz >= sizeof(struct new_header) &&
	    memcmp(map, NEW_MAGIC NEW_VERSION, 20) == 0) {
		*at = 0;
		return 0;
	}
	if (sz < sizeof(*oh) || memcmp(map, OLD_MAGIC, 11) != 0)
		return -1;
	if (oh->nlibs > (sz - sizeof(*oh)) / sizeof(struct old_entry))
		return -1;
	off = sizeof(*oh) + oh->nlibs * sizeof(struct old_entry);
	off = (off + 7) & ~(size_t)7;
	if (off > sz || sz - off < sizeof(struct new_header) ||
	    memcmp(map + off, NEW_MAGIC NEW_VERSION, 20) != 0)
		return -1;
	*at = off;
	return 0;
}

int
sb_ldcache_open(struct sb_ldcache *c, const char *path, char *err,
    size_t errlen)
{
	const struct new_header *h;
	struct stat st;
	size_t at;
	void *map;
	int fd, r;

	memset(c, 0, sizeof(*c));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return r;
	}
	if (st.st_size == 0) {
		close(fd);
		return bad(err, errlen, path, "empty cache");
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	c->map = map;
	c->mapsz = st.st_size;
	if (find_new(map, c->mapsz, &at) < 0) {
		sb_ldcache_close(c);
		return bad(err, errlen, path,
		    "not a glibc-ld.so.cache1.1 file");
	}
	c->base = (const char *)map + at;
	c->size = c->mapsz - at;
	h = (const void *)c->base;
	if (h->nlibs > (c->size - sizeof(*h)) / sizeof(struct new_entry)) {
		sb_ldcache_close(c);
		return bad(err, errlen, path, "truncated cache");
	}
	c->entries = c->base + sizeof(*h);
	c->n = h->nlibs;
	return 0;
}

void
sb_ldcache_close(struct sb_ldcache *c)
{
	if (c->map != NULL)
		munmap(c->map, c->mapsz);
	memset(c, 0, sizeof(*c));
}

/* A string at off from the header, or NULL when it runs off the end. */
static const char *
cache_string(const struct sb_ldcache *c, uint32_t off)
{
	if (off >= c->size || memchr(c->base + off, '\0', c->size - off) ==
	    NULL)
		return NULL;
	return c->base + off;
}

int
sb_ldcache_lookup(const struct sb_ldcache *c, const char *name,
    int (*fn)(const char *, uint64_t, void *), void *arg)
{
	const struct new_entry *e = c->entries;
	const char *key, *value;
	uint32_t i;
	int r;

	for (i = 0; i < c->n; i++) {
		if ((key = cache_string(c, e[i].key)) == NULL ||
		    strcmp(key, name) != 0)
			continue;
		if ((value = cache_string(c, e[i].value)) == NULL)
			continue;
		if ((r = fn(value, e[i].hwcap, arg)) != 0)
			return r;
	}
	return 0;
}
