/*
 * ldcache.h: /etc/ld.so.cache as ldconfig writes it, the
 * 'glibc-ld.so.cache1.1' format of glibc's sysdeps/generic/dl-cache.h
 * (optionally behind the old 'ld.so-1.7.0' table).
 */
#ifndef SB_LDCACHE_H
#define SB_LDCACHE_H

#include <stddef.h>
#include <stdint.h>

/* Set in an entry's hwcap when it names a glibc-hwcaps subdirectory. */
#define SB_LDCACHE_HWCAPS	(1ULL << 62)

struct sb_ldcache {
	void		*map;
	size_t		 mapsz;
	const char	*base;		/* the new-format header */
	size_t		 size;		/* bytes from base to the end */
	const void	*entries;
	uint32_t	 n;
};

/* Map and check path. Returns 0 or a negative errno, message in err. */
int	 sb_ldcache_open(struct sb_ldcache *, const char *path, char *err,
	    size_t errlen);
void	 sb_ldcache_close(struct sb_ldcache *);

/*
 * Call fn for each entry whose name is name, in the cache's order; stop
 * when fn returns non-zero and return that.
 */
int	 sb_ldcache_lookup(const struct sb_ldcache *, const char *name,
	    int (*fn)(const char *path, uint64_t hwcap, void *), void *arg);

#endif
