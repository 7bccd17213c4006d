/*
 * learn_read.c: read back the record of an earlier learned policy, so that
 * --append adds a run to it. The record is a Lua long comment:
 *
 *	--[==[ sandbox-learn record 1
 *	program PATH		arg WORD	run LINE	closure PATH
 *	user NAME		group NAME	(the first run's identity)
 *	promise NAME		unknown NR	bind PORT	connect PORT
 *	flags INET INET_SOCKET DNS EPHEMERAL
 *	otherproc COUNT		childproc COUNT	(/proc/PID entries not recorded)
 *	path PERMS HOW PATH	(PERMS: rwxc letters or -, HOW: hex SB_LP_*)
 *	]==]
 *
 * Words are %XX-encoded; a line that does not parse is an error with its
 * line number, so that a hand-edited record is never half-read.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn_write.h"
#include "promises.h"

static int
read_perms(const char *s, unsigned *perms)
{
	if (strcmp(s, "-") == 0) {
		*perms = 0;
		return 0;
	}
	return sb_unveil_perms(s, perms);
}

static int
read_path(struct sb_learn *l, char *rest)
{
	char *perms = strtok(rest, " "), *how = strtok(NULL, " ");
	char *path = strtok(NULL, " "), *end;
	unsigned p;
	unsigned long h;

	if (perms == NULL || how == NULL || path == NULL ||
	    read_perms(perms, &p) < 0 || sb_learn_decode(path) < 0)
		return -EINVAL;
	h = strtoul(how, &end, 16);
	if (*end != '\0' || path[0] != '/')
		return -EINVAL;
	return sb_learn_path(l, path, p, (unsigned)h);
}

static int
read_word(struct sb_strv *sv, char *rest, bool unique)
{
	if (sb_learn_decode(rest) < 0)
		return -EINVAL;
	if (unique && sb_strv_contains(sv, rest))
		return 0;
	return sb_strv_push(sv, rest);
}

static int
read_number(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || *out < min || *out > max)
		return -EINVAL;
	return 0;
}

static int
read_promise(struct sb_learn *l, const char *word)
{
	uint64_t set;

	if (sb_promises_parse(word, &set, NULL, 0) < 0)
		return -EINVAL;
	l->promises |= set;
	return 0;
}

static int
read_flags(struct sb_learn *l, const char *rest)
{
	int a, b, c, d;

	if (sscanf(rest, "%d %d %d %d", &a, &b, &c, &d) != 4)
		return -EINVAL;
	l->ephemeral |= d != 0;
	l->inet |= a != 0;
	l->inet_socket |= b != 0;
	l->dns |= c != 0;
	return 0;
}

static int
read_program(struct sb_learn *l, char *rest)
{
	if (sb_learn_decode(rest) < 0)
		return -EINVAL;
	if (l->program != NULL)
		return 0;	/* the first run's program stays */
	return (l->program = strdup(rest)) == NULL ? -ENOMEM : 0;
}

/* The first run's user or group: kept, as its program is. */
static int
read_ident(char **slot, char *rest, bool own)
{
	if (sb_learn_decode(rest) < 0 || rest[0] == '\0')
		return -EINVAL;
	if (!own || *slot != NULL)
		return 0;
	return (*slot = strdup(rest)) == NULL ? -ENOMEM : 0;
}

static int
read_line(struct sb_learn *l, char *line, bool *own_args)
{
	char *rest = strchr(line, ' ');
	long v;

	if (rest == NULL)
		return -EINVAL;
	*rest++ = '\0';
	if (strcmp(line, "path") == 0)
		return read_path(l, rest);
	if (strcmp(line, "program") == 0) {
		*own_args = l->program == NULL;
		return read_program(l, rest);
	}
	if (strcmp(line, "arg") == 0)
		return *own_args ? read_word(&l->args, rest, false) : 0;
	if (strcmp(line, "user") == 0)
		return read_ident(&l->user, rest, *own_args);
	if (strcmp(line, "group") == 0)
		return read_ident(&l->group, rest, *own_args);
	if (strcmp(line, "run") == 0)
		return read_word(&l->runs, rest, false);
	if (strcmp(line, "closure") == 0)
		return read_word(&l->closure, rest, true);
	if (strcmp(line, "promise") == 0)
		return read_promise(l, rest);
	if (strcmp(line, "flags") == 0)
		return read_flags(l, rest);
	if (strcmp(line, "otherproc") == 0 || strcmp(line, "childproc") == 0) {
		if (read_number(rest, 0, LONG_MAX, &v) < 0)
			return -EINVAL;
		if (line[0] == 'o')
			l->other_proc += (unsigned long)v;
		else
			l->child_proc += (unsigned long)v;
		return 0;
	}
	if (read_number(rest, 0, 65535, &v) < 0)
		return -EINVAL;
	if (strcmp(line, "bind") == 0 || strcmp(line, "connect") == 0)
		return sb_learn_port(l, line[0] == 'b', (unsigned)v);
	if (strcmp(line, "unknown") == 0) {
		if (l->nunknown < SB_LEARN_MAXUNKNOWN)
			l->unknown[l->nunknown++] = v;
		return 0;
	}
	return -EINVAL;
}

static int
read_record(struct sandbox *sb, struct sb_learn *l, FILE *f, const char *file)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	bool in = false, own_args = false, done = false;
	int r = 0;

	while (!done && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (!in) {
			in = strcmp(line, "--[==[ " SB_LEARN_MAGIC) == 0;
			continue;
		}
		if (strcmp(line, "]==]") == 0)
			done = true;
		else if ((r = read_line(l, line, &own_args)) < 0) {
			r = sb_err(sb, -r, "%s:%zu: bad learned record line",
			    file, lineno);
			break;
		}
	}
	free(line);
	if (r == 0 && !done)
		r = sb_err(sb, EINVAL, "%s: no learned record (was it written "
		    "by sandbox learn?)", file);
	return r;
}

int
sb_learn_read(struct sandbox *sb, struct sb_learn *l, const char *file)
{
	struct stat st;
	FILE *f;
	int r;

	if (stat(file, &st) < 0)
		return sb_err(sb, errno, "%s: %s", file, strerror(errno));
	/* Opening a FIFO with no writer would block for ever. */
	if (!S_ISREG(st.st_mode))
		return sb_err(sb, EINVAL, "%s: not a regular file", file);
	if ((f = fopen(file, "re")) == NULL)
		return sb_err(sb, errno, "%s: %s", file, strerror(errno));
	r = read_record(sb, l, f, file);
	fclose(f);
	return r;
}
