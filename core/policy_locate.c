/*
 * policy_locate.c: find where a field is written in a policy's source, for
 * the errors Lua cannot place (a wrong type in the returned table). A small
 * Lua tokenizer that knows comments and strings finds `name =` and
 * `["name"] =`; nested names are searched after their parent. This is a
 * guide for the reader of a message, not a parser: when the field was
 * built by code, the line of the last `return` is given instead (or the
 * last line, when there is no `return`).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

enum tok_type { T_NONE, T_NAME, T_STRING, T_ASSIGN, T_LBRACKET, T_RBRACKET,
	T_OTHER, T_END };

struct tok {
	enum tok_type	 type;
	const char	*s;
	size_t		 len;
	int		 line;
};

struct lexer {
	const char	*p;
	const char	*end;
	int		 line;
};

/* "[", "[=", "[==" ... followed by "[": the level, else -1. */
static int
long_bracket(const char *p, const char *end)
{
	int level = 0;

	if (p >= end || *p != '[')
		return -1;
	for (p++; p < end && *p == '='; p++)
		level++;
	return (p < end && *p == '[') ? level : -1;
}

/* Skip a long string or comment body after its opening bracket. */
static void
skip_long(struct lexer *lx, int level)
{
	const char *q;
	int n;

	for (lx->p += level + 2; lx->p < lx->end; lx->p++) {
		if (*lx->p == '\n')
			lx->line++;
		if (*lx->p != ']')
			continue;
		for (q = lx->p + 1, n = 0; q < lx->end && *q == '='; q++)
			n++;
		if (n == level && q < lx->end && *q == ']') {
			lx->p = q + 1;
			return;
		}
	}
}

static void
skip_space_and_comments(struct lexer *lx)
{
	int level;

	while (lx->p < lx->end) {
		if (*lx->p == '\n') {
			lx->line++;
			lx->p++;
		} else if (isspace((unsigned char)*lx->p))
			lx->p++;
		else if (lx->end - lx->p >= 2 && lx->p[0] == '-' &&
		    lx->p[1] == '-') {
			lx->p += 2;
			if ((level = long_bracket(lx->p, lx->end)) >= 0)
				skip_long(lx, level);
			else
				while (lx->p < lx->end && *lx->p != '\n')
					lx->p++;
		} else
			return;
	}
}

static void
quoted_string(struct lexer *lx, struct tok *t)
{
	char q = *lx->p++;

	t->type = T_STRING;
	t->s = lx->p;
	while (lx->p < lx->end && *lx->p != q && *lx->p != '\n') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end) {
			if (lx->p[1] == '\n')
				lx->line++;
			lx->p++;
		}
		lx->p++;
	}
	t->len = (size_t)(lx->p - t->s);
	if (lx->p < lx->end && *lx->p == q)
		lx->p++;
}

static void
next_token(struct lexer *lx, struct tok *t)
{
	const char *start;
	int level;

	skip_space_and_comments(lx);
	t->line = lx->line;
	t->type = T_OTHER;
	if ((start = lx->p) >= lx->end) {
		t->type = T_END;
		return;
	}
	if (isalpha((unsigned char)*lx->p) || *lx->p == '_') {
		while (lx->p < lx->end && (isalnum((unsigned char)*lx->p) ||
		    *lx->p == '_'))
			lx->p++;
		t->type = T_NAME;
		t->s = start;
		t->len = (size_t)(lx->p - start);
	} else if (*lx->p == '"' || *lx->p == '\'')
		quoted_string(lx, t);
	else if ((level = long_bracket(lx->p, lx->end)) >= 0) {
		t->type = T_STRING;
		t->s = lx->p + level + 2;
		skip_long(lx, level);
		t->len = (size_t)(lx->p - t->s) - (size_t)(level + 2);
	} else if (*lx->p == '=' || strchr("<>~", *lx->p) != NULL) {
		/* "==", "<=", ">=", "~=" are not assignments. */
		if (lx->p + 1 < lx->end && lx->p[1] == '=')
			lx->p++;
		else if (*lx->p == '=')
			t->type = T_ASSIGN;
		lx->p++;
	} else {
		if (*lx->p == '[')
			t->type = T_LBRACKET;
		else if (*lx->p == ']')
			t->type = T_RBRACKET;
		lx->p++;
	}
}

static bool
tok_is(const struct tok *t, enum tok_type type, const char *s)
{
	return t->type == type && t->len == strlen(s) &&
	    strncmp(t->s, s, t->len) == 0;
}

/*
 * Is the window of the last four tokens (w[3] the newest, an "=") the key
 * name being assigned: `name =` or `["name"] =`?
 */
static bool
is_key(const struct tok w[4], const char *name)
{
	if (w[3].type != T_ASSIGN)
		return false;
	if (tok_is(&w[2], T_NAME, name))
		return true;
	return w[2].type == T_RBRACKET && tok_is(&w[1], T_STRING, name) &&
	    w[0].type == T_LBRACKET;
}

static char *
read_source(const char *path, size_t *len)
{
	struct stat st;
	size_t size;
	FILE *f;
	char *buf = NULL;

	if ((f = fopen(path, "re")) == NULL)
		return NULL;
	if (fstat(fileno(f), &st) == 0) {
		size = (size_t)st.st_size < SB_POLICY_MAXFILE ?
		    (size_t)st.st_size : SB_POLICY_MAXFILE;
		if ((buf = malloc(size + 1)) != NULL)
			*len = fread(buf, 1, size, f);
	}
	fclose(f);
	return buf;
}

/* The next key to search for, skipping list positions. */
static int
next_named(const struct policy_key *keys, int n, int i)
{
	while (i < n && keys[i].index)
		i++;
	return i;
}

int
policy_locate(const char *path, const struct policy_key *keys, int n)
{
	struct lexer lx;
	struct tok w[4] = { { T_NONE, NULL, 0, 0 } };
	char *src;
	size_t len = 0;
	int want, found = 0, ret = 0, last = 1;

	if ((src = read_source(path, &len)) == NULL)
		return 1;
	lx = (struct lexer){ src, src + len, 1 };
	want = next_named(keys, n, 0);
	for (;;) {
		memmove(w, w + 1, 3 * sizeof(w[0]));
		next_token(&lx, &w[3]);
		if (w[3].type == T_END)
			break;
		last = w[3].line;
		if (tok_is(&w[3], T_NAME, "return"))
			ret = w[3].line;
		if (want >= n)
			continue;
		/* Nested names may be written as keys or as bare strings. */
		if (is_key(w, keys[want].name) || (found &&
		    !policy_is_identifier(keys[want].name) &&
		    tok_is(&w[3], T_STRING, keys[want].name))) {
			found = w[3].line;
			want = next_named(keys, n, want + 1);
		}
	}
	free(src);
	if (found)
		return found;
	return ret ? ret : last;
}

int
policy_return_line(const char *path)
{
	return policy_locate(path, NULL, 0);
}
