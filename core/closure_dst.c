/* closure_dst.c: dynamic string tokens and ld.so's default directories. */
#include <sys/stat.h>

#include <gelf.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <bsd/string.h>

#include "closure_int.h"

static const struct {
	uint16_t	 machine;
	unsigned char	 class;
	const char	*triplet;
	const char	*platform;
} arches[] = {
	{ EM_X86_64, ELFCLASS64, "x86_64-linux-gnu", "x86_64" },
	{ EM_386, ELFCLASS32, "i386-linux-gnu", "i686" },
	{ EM_AARCH64, ELFCLASS64, "aarch64-linux-gnu", "aarch64" },
	{ EM_ARM, ELFCLASS32, "arm-linux-gnueabihf", "v7l" },
	{ EM_RISCV, ELFCLASS64, "riscv64-linux-gnu", "riscv64" },
	{ EM_PPC64, ELFCLASS64, "powerpc64le-linux-gnu", "power8" },
	{ EM_S390, ELFCLASS64, "s390x-linux-gnu", "z196" },
	{ EM_MIPS, ELFCLASS64, "mips64el-linux-gnuabi64", "mips64" },
};

static int
arch(unsigned char class, uint16_t machine)
{
	size_t i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i].machine == machine && arches[i].class == class)
			return i;
	return -1;
}

const char *
sb_closure_triplet(unsigned char class, uint16_t machine)
{
	int i = arch(class, machine);

	return i < 0 ? NULL : arches[i].triplet;
}

const char *
sb_closure_platform(unsigned char class, uint16_t machine)
{
	int i = arch(class, machine);

	return i < 0 ? "unknown" : arches[i].platform;
}

/* $LIB: Debian's multiarch directory when there is one, else lib64/lib. */
static void
lib_token(unsigned char class, uint16_t machine, char *buf, size_t len)
{
	const char *t = sb_closure_triplet(class, machine);
	char dir[PATH_MAX];
	struct stat st;

	if (t != NULL) {
		snprintf(dir, sizeof(dir), "/lib/%s", t);
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(buf, len, "lib/%s", t);
			return;
		}
	}
	strlcpy(buf, class == ELFCLASS64 ? "lib64" : "lib", len);
}

/* The token at s (after '$'); its length in *used, or NULL. */
static const char *
token(const char *s, size_t *used, const char *origin, char *lib,
    size_t liblen, unsigned char class, uint16_t machine)
{
	static const char *const names[] = { "ORIGIN", "LIB", "PLATFORM" };
	size_t i, n;
	bool brace = s[0] == '{';

	for (i = 0; i < 3; i++) {
		n = strlen(names[i]);
		if (strncmp(s + brace, names[i], n) != 0)
			continue;
		if (brace && s[1 + n] != '}')
			continue;
		/* $ORIGINX is not $ORIGIN followed by X. */
		if (!brace && (s[n] == '_' || (s[n] >= 'A' && s[n] <= 'Z') ||
		    (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' &&
		    s[n] <= '9')))
			continue;
		*used = n + (brace ? 2 : 0);
		if (i == 0)
			return origin;
		if (i == 2)
			return sb_closure_platform(class, machine);
		lib_token(class, machine, lib, liblen);
		return lib;
	}
	return NULL;
}

int
sb_closure_expand(const char *s, const char *origin, unsigned char class,
    uint16_t machine, char *out, size_t len)
{
	char lib[64];
	const char *v;
	size_t o = 0, used, vl;

	while (*s != '\0') {
		if (*s != '$') {
			if (o + 1 >= len)
				return -1;
			out[o++] = *s++;
			continue;
		}
		v = token(s + 1, &used, origin, lib, sizeof(lib), class,
		    machine);
		if (v == NULL)
			return -1;
		vl = strlen(v);
		if (o + vl >= len)
			return -1;
		memcpy(out + o, v, vl);
		o += vl;
		s += 1 + used;
	}
	out[o] = '\0';
	return 0;
}

int
sb_closure_expand_list(const char *list, const char *origin,
    unsigned char class, uint16_t machine,
    int (*fn)(const char *, void *), void *arg)
{
	char entry[PATH_MAX], dir[PATH_MAX];
	size_t n;
	int r;

	while (*list != '\0') {
		n = strcspn(list, ":;");
		if (n > 0 && n < sizeof(entry)) {
			memcpy(entry, list, n);
			entry[n] = '\0';
			/* Trailing slashes do not change the directory. */
			while (n > 1 && entry[n - 1] == '/')
				entry[--n] = '\0';
			if (sb_closure_expand(entry, origin, class, machine,
			    dir, sizeof(dir)) == 0 && (r = fn(dir, arg)) != 0)
				return r;
		}
		list += n;
		if (*list != '\0')
			list++;
	}
	return 0;
}

int
sb_closure_default_dirs(unsigned char class, uint16_t machine,
    int (*fn)(const char *, void *), void *arg)
{
	const char *t = sb_closure_triplet(class, machine);
	char dir[PATH_MAX];
	int r;

	if (t != NULL) {
		snprintf(dir, sizeof(dir), "/lib/%s", t);
		if ((r = fn(dir, arg)) != 0)
			return r;
		snprintf(dir, sizeof(dir), "/usr/lib/%s", t);
		if ((r = fn(dir, arg)) != 0)
			return r;
	}
	if (class == ELFCLASS64) {
		if ((r = fn("/lib64", arg)) != 0 ||
		    (r = fn("/usr/lib64", arg)) != 0)
			return r;
	}
	if ((r = fn("/lib", arg)) != 0)
		return r;
	return fn("/usr/lib", arg);
}
