/*
 * policy_params.c: sandbox.params{ NAME = { kind = , default = , help = } }
 * the parameters a policy declares. The call checks every --set against
 * the declaration: an unknown name (with the nearest declared one) or a
 * value not of its kind is an error at the line of the call; it returns
 * the values, typed (a port or a number is an integer), defaults filled
 * in. The declaration is kept in the configuration for `check --params`.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "nearest.h"
#include "policy.h"

#define PARAM_MAX	64	/* declared parameters */

static const char *const kinds[] = {
	"port", "ports", "number", "path", "user", "word", "text", NULL
};

/*
 * One declared parameter. Its strings are held by the declaration table
 * or the KEEP table, both alive until the call returns; only raw access
 * reads them, so no metamethod of the policy runs here.
 */
struct param {
	const char	*name;
	const char	*kind;
	const char	*def;		/* NULL: none */
	const char	*also;		/* a word accepted besides the kind */
	const char	*help;
};

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* No blank or control character, not an option: one word of a command. */
static bool
is_word(const char *s)
{
	if (*s == '\0' || *s == '-')
		return false;
	for (; *s != '\0'; s++)
		if (isspace((unsigned char)*s) || iscntrl((unsigned char)*s))
			return false;
	return true;
}

/* A user or group name as useradd(8) takes it, or a number. */
static bool
is_user(const char *s)
{
	if (all_digits(s))
		return true;
	if (*s == '\0' || *s == '-' || strlen(s) > 32)
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("_.-$", *s) == NULL)
			return false;
	return true;
}

/* "6667,6697": a list of ports, pushed as a table; false if malformed. */
static bool
push_ports(lua_State *L, const char *s)
{
	lua_Integer i = 0;
	long n;
	char *end;

	lua_newtable(L);
	do {
		if (*s < '0' || *s > '9') {
			lua_pop(L, 1);
			return false;
		}
		errno = 0;
		n = strtol(s, &end, 10);
		if ((*end != ',' && *end != '\0') || errno != 0 || n < 1 ||
		    n > 65535) {
			lua_pop(L, 1);
			return false;
		}
		lua_pushinteger(L, n);
		lua_rawseti(L, -2, ++i);
		s = end + (*end == ',');
	} while (*end != '\0');
	return true;
}

/*
 * Push the value s of kind k, or return what was expected (no push).
 * Ports and numbers are decimal integers; the rest stay strings.
 */
static const char *
push_value(lua_State *L, const struct param *p, const char *s)
{
	const char *k = p->kind;
	long long n;
	char *end;

	if (p->also != NULL && strcmp(s, p->also) == 0) {
		lua_pushstring(L, s);
		return NULL;
	}
	if (strcmp(k, "port") == 0 || strcmp(k, "number") == 0) {
		errno = 0;
		n = strtoll(s, &end, 10);
		if (!all_digits(s + (*s == '-')) || *end != '\0' ||
		    errno != 0)
			return strcmp(k, "port") == 0 ? "a port number from 1 "
			    "to 65535" : "a decimal integer";
		if (strcmp(k, "port") == 0 && (n < 1 || n > 65535))
			return "a port number from 1 to 65535";
		lua_pushinteger(L, (lua_Integer)n);
		return NULL;
	}
	if (strcmp(k, "ports") == 0)
		return push_ports(L, s) ? NULL : "port numbers from 1 to "
		    "65535, separated by commas";
	if (strcmp(k, "path") == 0 && s[0] != '/')
		return "an absolute path";
	if (strcmp(k, "user") == 0 && !is_user(s))
		return "a user or group name, or a number";
	if (strcmp(k, "word") == 0 && !is_word(s))
		return "one word (no blank, not starting with '-')";
	lua_pushstring(L, s);
	return NULL;
}

/*
 * t[name] as a string, or NULL when absent; a number is written out. The
 * string is kept in the table at KEEP, alive until the call returns.
 */
#define KEEP	3
static const char *
opt_string(lua_State *L, int t, const char *pname, const char *name)
{
	const char *s;
	int type;

	lua_pushstring(L, name);
	type = lua_rawget(L, t);
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return NULL;
	}
	if (type != LUA_TSTRING && !(type == LUA_TNUMBER &&
	    lua_isinteger(L, -1)))
		luaL_error(L, "sandbox.params: %s.%s: expected a string, got "
		    "%s", pname, name, luaL_typename(L, -1));
	s = lua_tostring(L, -1);
	lua_rawseti(L, KEEP, (lua_Integer)lua_rawlen(L, KEEP) + 1);
	return s;
}

/* b is a with two neighbour letters swapped: "prot" for "port". */
static bool
transposed(const char *a, const char *b)
{
	size_t i, n = strlen(a);

	if (strlen(b) != n)
		return false;
	for (i = 0; i + 1 < n; i++)
		if (a[i] != b[i])
			return a[i] == b[i + 1] && a[i + 1] == b[i] &&
			    strcmp(a + i + 2, b + i + 2) == 0;
	return false;
}

/*
 * The name nearest to word (as sb_nearest takes them), or one with two
 * letters swapped, a slip that edit distance counts as two.
 */
static const char *
nearest(const char *word, const char *const *first, size_t n,
    size_t stride)
{
	const char *near, *s;
	size_t i;

	if ((near = sb_nearest(word, first, n, stride)) != NULL)
		return near;
	for (i = 0; i < n; i++) {
		s = *(const char *const *)(const void *)((const char *)first +
		    i * stride);
		if (s != NULL && transposed(word, s))
			return s;
	}
	return NULL;
}

static void
only_keys(lua_State *L, int t, const char *pname)
{
	static const char *const keys[] = { "kind", "default", "also",
		"help", NULL };
	const char *k, *near;

	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		lua_pop(L, 1);
		k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
		if (lua_type(L, -1) == LUA_TSTRING) {
			const char *const *n;

			for (n = keys; *n != NULL; n++)
				if (strcmp(*n, k) == 0)
					break;
			if (*n != NULL)
				continue;
		}
		near = nearest(k, keys, 4, sizeof(keys[0]));
		luaL_error(L, "sandbox.params: %s: unknown key '%s'%s%s%s "
		    "(expected kind, default, also, help)", pname, k,
		    near ? " (did you mean '" : "", near ? near : "",
		    near ? "'?)" : "");
	}
}

/* Read the entry at the top (for the name at -2) into p. */
static void
read_decl(lua_State *L, struct param *p)
{
	int t = lua_gettop(L);
	const char *near;
	size_t i;

	if (lua_type(L, -2) != LUA_TSTRING ||
	    !policy_is_identifier(lua_tostring(L, -2)))
		luaL_error(L, "sandbox.params: parameters are written NAME = "
		    "{ kind = ... }, NAME a Lua name");
	p->name = lua_tostring(L, -2);
	if (lua_type(L, t) != LUA_TTABLE)
		luaL_error(L, "sandbox.params: %s: expected a table { kind = "
		    ", default = , help = }, got %s", p->name,
		    luaL_typename(L, t));
	only_keys(L, t, p->name);
	if ((p->kind = opt_string(L, t, p->name, "kind")) == NULL)
		luaL_error(L, "sandbox.params: %s: no kind (port, ports, "
		    "number, path, user, word or text)", p->name);
	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], p->kind) == 0)
			break;
	if (kinds[i] == NULL) {
		near = nearest(p->kind, kinds, 7, sizeof(kinds[0]));
		luaL_error(L, "sandbox.params: %s: unknown kind '%s'%s%s%s "
		    "(port, ports, number, path, user, word or text)", p->name,
		    p->kind, near ? " (did you mean '" : "",
		    near ? near : "", near ? "'?)" : "");
	}
	p->def = opt_string(L, t, p->name, "default");
	p->also = opt_string(L, t, p->name, "also");
	p->help = opt_string(L, t, p->name, "help");
	lua_settop(L, t);
}

/* The declaration at index 1 into ps; the caller sorts them by name. */
static size_t
read_decls(lua_State *L, struct param *ps)
{
	size_t n = 0;

	lua_pushnil(L);
	while (lua_next(L, 1) != 0) {
		if (n == PARAM_MAX)
			luaL_error(L, "sandbox.params: more than %d parameters",
			    PARAM_MAX);
		read_decl(L, &ps[n++]);
		lua_pop(L, 1);
	}
	return n;
}

static const struct param *
find(const struct param *ps, size_t n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(ps[i].name) == len &&
		    strncmp(ps[i].name, name, len) == 0)
			return &ps[i];
	return NULL;
}

/* Every --set names a declared parameter. */
static void
check_names(lua_State *L, const struct param *ps, size_t n,
    const struct sb_strv *set)
{
	const char *near;
	char name[64];
	size_t i, len;

	for (i = 0; i < set->n; i++) {
		len = strcspn(set->v[i], "=");
		if (find(ps, n, set->v[i], len) != NULL)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)len, set->v[i]);
		near = nearest(name, &ps[0].name, n, sizeof(ps[0]));
		if (near != NULL)
			luaL_error(L, "--set %s: no such parameter (did you "
			    "mean '%s'?)", name, near);
		luaL_error(L, "--set %s: no such parameter (`sandbox check "
		    "--params` lists them)", name);
	}
}

/* The last --set of p, or its default; NULL when neither. */
static const char *
given(const struct param *p, const struct sb_strv *set, bool *byset)
{
	size_t i, len = strlen(p->name);
	const char *v = p->def;

	*byset = false;
	for (i = 0; i < set->n; i++)
		if (strncmp(set->v[i], p->name, len) == 0 &&
		    set->v[i][len] == '=') {
			v = set->v[i] + len + 1;
			*byset = true;
		}
	return v;
}

/* Keep the declaration for `check --params`: NAME\tKIND\tDEFAULT\tHELP. */
static void
record(lua_State *L, const struct param *p)
{
	struct sandbox *sb = policy_ctx(L)->sb;

	if (sb_strv_pushf(&sb->cfg.param_decls, "%s\t%s%s%s\t%s\t%s",
	    p->name, p->kind, p->also ? " or " : "", p->also ? p->also : "",
	    p->def ? p->def : "-", p->help ? p->help : "") < 0)
		luaL_error(L, "out of memory");
}

static int
compare_params(const void *a, const void *b)
{
	return strcmp(((const struct param *)a)->name,
	    ((const struct param *)b)->name);
}

/* sandbox.params{ ... }: the checked values, in a new table. */
static int
helper_params(lua_State *L)
{
	struct policy_ctx *ctx = policy_ctx(L);
	const struct sb_strv *set = &ctx->sb->cfg.params;
	struct param *ps;
	const char *v, *want;
	bool byset;
	size_t i, n;

	if (ctx->params_declared)
		return luaL_error(L, "sandbox.params: called twice");
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	luaL_checkstack(L, 16, "sandbox.params");
	ps = lua_newuserdatauv(L, PARAM_MAX * sizeof(*ps), 0);	/* 2 */
	lua_newtable(L);					/* KEEP */
	n = read_decls(L, ps);
	qsort(ps, n, sizeof(*ps), compare_params);
	check_names(L, ps, n, set);
	lua_createtable(L, 0, (int)n);
	for (i = 0; i < n; i++) {
		if ((v = given(&ps[i], set, &byset)) == NULL)
			continue;
		if ((want = push_value(L, &ps[i], v)) != NULL) {
			if (byset)
				return luaL_error(L, "--set %s=%s: expected "
				    "%s", ps[i].name, v, want);
			return luaL_error(L, "sandbox.params: %s: the default "
			    "'%s' is not %s", ps[i].name, v, want);
		}
		lua_setfield(L, -2, ps[i].name);
	}
	for (i = 0; i < n; i++)
		record(L, &ps[i]);
	ctx->params_declared = true;
	ctx->sb->cfg.params_declared = true;
	return 1;
}

void
policy_push_params_helper(lua_State *L)
{
	lua_pushcfunction(L, helper_params);
}
