/* ldconf.c: ld.so.conf, as ldconfig reads it. */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ldconf.h"

#define MAXDEPTH	8	/* includes that include themselves */

static int	read_conf(const char *, struct sb_strv *, int);

/* include PATTERN: relative patterns are relative to the file's directory. */
static int
include(const char *from, const char *pattern, struct sb_strv *dirs,
    int depth)
{
	char full[PATH_MAX];
	const char *slash;
	glob_t g;
	size_t i;
	int r = 0;

	if (pattern[0] != '/' && (slash = strrchr(from, '/')) != NULL)
		snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - from),
		    from, pattern);
	else
		snprintf(full, sizeof(full), "%s", pattern);
	if (glob(full, 0, NULL, &g) != 0)
		return 0;
	for (i = 0; i < g.gl_pathc && r == 0; i++)
		r = read_conf(g.gl_pathv[i], dirs, depth + 1);
	globfree(&g);
	return r;
}

/* One line: "include PATTERN...", "hwcap ..." (ignored), or directories. */
static int
conf_line(const char *from, char *line, struct sb_strv *dirs, int depth)
{
	char *word, *eq, *save = NULL;
	bool inc = false;
	int r;

	line[strcspn(line, "#\n")] = '\0';
	for (word = strtok_r(line, " \t:,", &save); word != NULL;
	    word = strtok_r(NULL, " \t:,", &save)) {
		if (strcmp(word, "include") == 0 && !inc && dirs != NULL) {
			inc = true;
			continue;
		}
		if (strcmp(word, "hwcap") == 0)
			return 0;
		if (inc) {
			if ((r = include(from, word, dirs, depth)) < 0)
				return r;
			continue;
		}
		if ((eq = strchr(word, '=')) != NULL)
			*eq = '\0';	/* libc5's DIR=TYPE */
		if (word[0] == '/' && !sb_strv_contains(dirs, word) &&
		    sb_strv_push(dirs, word) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int
read_conf(const char *path, struct sb_strv *dirs, int depth)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	int r = 0;

	if (depth > MAXDEPTH || (f = fopen(path, "re")) == NULL)
		return 0;
	while (r == 0 && getline(&line, &cap, f) != -1)
		r = conf_line(path, line, dirs, depth);
	free(line);
	fclose(f);
	return r;
}

int
sb_ldconf_read(const char *path, struct sb_strv *dirs)
{
	return read_conf(path, dirs, 0);
}
