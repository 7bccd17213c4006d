/*
 * policy_read.c: the table a policy returns, read field by field into the
 * configuration through the setters. Fields are read in one fixed order
 * (pledge before execpromises, clearenv before env), maps in sorted order,
 * and only with raw access: no metamethod of the policy runs here. An error
 * names the field ("binds[2].src") and what was expected; the loader adds
 * FILE:LINE from the source text (policy_locate.c).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/string.h>
#define LIBBSD_OPENBSD_VIS
#include <bsd/vis.h>

#include <lauxlib.h>
#include <lua.h>

#include "policy.h"
#include "nearest.h"
#include "promises.h"

#define MAXFILES_DEPTH	4	/* files = { "/a", { "/b", { ... } } } */

typedef void	(*field_reader)(lua_State *, int);

static struct sandbox *
handle(lua_State *L)
{
	return policy_ctx(L)->sb;
}

bool
policy_is_identifier(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	while (*++s != '\0')
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* "binds[2].src", "unveil[\"/etc\"]": the path to the field in error. */
static void
field_name(const struct policy_ctx *ctx, char *buf, size_t len)
{
	const struct policy_key *k;
	size_t at = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < ctx->nkeys && at < len; i++) {
		k = &ctx->keys[i];
		if (k->index)
			snprintf(buf + at, len - at, "[%s]", k->name);
		else if (policy_is_identifier(k->name))
			snprintf(buf + at, len - at, "%s%s", i ? "." : "",
			    k->name);
		else
			snprintf(buf + at, len - at, "[\"%s\"]", k->name);
		at = strlen(buf);
	}
}

static int
field_error(lua_State *L, const char *fmt, ...)
{
	char name[512];
	va_list ap;

	field_name(policy_ctx(L), name, sizeof(name));
	lua_pushfstring(L, "field '%s': ", name);
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	lua_concat(L, 2);
	return lua_error(L);
}

static int
expected(lua_State *L, int idx, const char *what)
{
	return field_error(L, "expected %s, got %s", what,
	    luaL_typename(L, idx));
}

/*
 * A setter failed: its message, under the field's name. It is kept
 * encoded (error.c), as the whole message will be: decoded here, so that
 * it is not encoded twice.
 */
static void
check(lua_State *L, int r)
{
	char raw[SB_ERRLEN];

	if (r < 0) {
		policy_ctx(L)->err = -r;
		if (strunvis(raw, handle(L)->err) < 0)
			strlcpy(raw, handle(L)->err, sizeof(raw));
		field_error(L, "%s", raw);
	}
}

/* An error with no position: the loader adds FILE:LINE. */
static int
plain_error(lua_State *L, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	return lua_error(L);
}

/* t[name] without metamethods; returns its type. */
static int
raw_field(lua_State *L, int t, const char *name)
{
	lua_pushstring(L, name);
	return lua_rawget(L, t);
}

static void
push_key(lua_State *L, const char *name, bool index)
{
	struct policy_ctx *ctx = policy_ctx(L);
	struct policy_key *k;

	if (ctx->nkeys == SB_POLICY_MAXDEPTH)
		field_error(L, "tables nested too deeply");
	k = &ctx->keys[ctx->nkeys++];
	snprintf(k->name, sizeof(k->name), "%s", name);
	k->index = index;
}

/* Setters check for duplicates: bound the entries, hence the time. */
static void
count_entry(lua_State *L)
{
	if (++policy_ctx(L)->entries > SB_POLICY_MAXENTRIES)
		field_error(L, "more than %d entries in the policy (a limit)",
		    SB_POLICY_MAXENTRIES);
}

static void
push_index(lua_State *L, lua_Integer i)
{
	char n[32];

	snprintf(n, sizeof(n), "%lld", (long long)i);
	push_key(L, n, true);
}

static void
pop_key(lua_State *L)
{
	policy_ctx(L)->nkeys--;
}

static const char *
get_string(lua_State *L, int idx, const char *what)
{
	const char *s;
	size_t len;

	if (lua_type(L, idx) != LUA_TSTRING)
		expected(L, idx, what);
	s = lua_tolstring(L, idx, &len);
	if (strlen(s) != len)
		field_error(L, "expected %s, got a string with a NUL byte",
		    what);
	return s;
}

static const char *
get_path(lua_State *L, int idx)
{
	const char *s = get_string(L, idx, "an absolute path");

	if (s[0] != '/')
		field_error(L, "expected an absolute path, got '%s'", s);
	return s;
}

static bool
get_boolean(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TBOOLEAN)
		expected(L, idx, "a boolean (true or false)");
	return lua_toboolean(L, idx);
}

/* A list: a table with only the keys 1..n. Returns n. */
static lua_Integer
get_list(lua_State *L, int idx, const char *what)
{
	lua_Unsigned n, count = 0;
	lua_Integer k;
	int isint;

	if (lua_type(L, idx) != LUA_TTABLE)
		expected(L, idx, what);
	n = lua_rawlen(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		lua_pop(L, 1);
		count++;
		k = lua_tointegerx(L, -1, &isint);
		if (lua_type(L, -1) == LUA_TSTRING)
			field_error(L, "expected %s, got a table with the "
			    "key '%s'", what, lua_tostring(L, -1));
		if (lua_type(L, -1) != LUA_TNUMBER || !isint || k < 1 ||
		    (lua_Unsigned)k > n)
			field_error(L, "expected %s, got a table with holes "
			    "or other keys", what);
	}
	if (count != n)
		field_error(L, "expected %s, got a table with holes or other "
		    "keys", what);
	return (lua_Integer)n;
}

/* Call read(L, index of element) for each element of the list at idx. */
static void
each_element(lua_State *L, int idx, const char *what,
    void (*read)(lua_State *, int))
{
	lua_Integer i, n = get_list(L, idx, what);

	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, idx, i);
		push_index(L, i);
		count_entry(L);
		read(L, lua_gettop(L));
		pop_key(L);
		lua_pop(L, 1);
	}
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The string keys of the map at idx, sorted, in a userdata left on the
 * stack (Lua owns it: an error cannot leak it). Values of other keys are
 * errors: entry is what one entry should look like.
 */
static const char **
sorted_keys(lua_State *L, int idx, const char *entry, size_t *np)
{
	const char **keys;
	size_t n = 0;

	if (lua_type(L, idx) != LUA_TTABLE)
		expected(L, idx, entry);
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			field_error(L, "expected entries %s, got a %s key",
			    entry, luaL_typename(L, -1));
		n++;
	}
	keys = lua_newuserdatauv(L, (n ? n : 1) * sizeof(*keys), 0);
	n = 0;
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		lua_pop(L, 1);
		keys[n++] = lua_tostring(L, -1);
	}
	qsort(keys, n, sizeof(*keys), compare_names);
	*np = n;
	return keys;
}

/* Call read(L, key, index of value) for each entry of the map, sorted. */
static void
each_entry(lua_State *L, int idx, const char *entry,
    void (*read)(lua_State *, const char *, int))
{
	const char **keys;
	size_t i, n;

	keys = sorted_keys(L, idx, entry, &n);
	for (i = 0; i < n; i++) {
		raw_field(L, idx, keys[i]);
		push_key(L, keys[i], false);
		count_entry(L);
		read(L, keys[i], lua_gettop(L));
		pop_key(L);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void
read_backend(lua_State *L, int v)
{
	check(L, sandbox_set_backend(handle(L),
	    get_string(L, v, "a backend name")));
}

static void
read_program(lua_State *L, int v)
{
	check(L, sandbox_set_program(handle(L),
	    get_string(L, v, "a program path or name")));
}

static void
read_arg(lua_State *L, int v)
{
	check(L, sandbox_add_arg(handle(L), get_string(L, v, "a string")));
}

static void
read_args(lua_State *L, int v)
{
	each_element(L, v, "a list of strings", read_arg);
}

/* A user or group: a name, or a number. */
static const char *
get_identity(lua_State *L, int v)
{
	if (lua_isinteger(L, v)) {
		if (lua_tointeger(L, v) < 0)
			field_error(L, "expected a name or a number, got %I",
			    (LUAI_UACINT)lua_tointeger(L, v));
		lua_pushfstring(L, "%I", (LUAI_UACINT)lua_tointeger(L, v));
		lua_replace(L, v);
	}
	return get_string(L, v, "a name or a number");
}

static void
read_user(lua_State *L, int v)
{
	check(L, sandbox_set_user(handle(L), get_identity(L, v)));
}

static void
read_group(lua_State *L, int v)
{
	check(L, sandbox_set_group(handle(L), get_identity(L, v)));
}

static void
read_root(lua_State *L, int v)
{
	check(L, sandbox_set_root(handle(L), get_string(L, v, "a directory")));
}

static const char *
get_promises(lua_State *L, int v)
{
	const char *s = get_string(L, v, "a string of promises");
	char bad[64], msg[160];
	uint64_t set;

	if (sb_promises_parse(s, &set, bad, sizeof(bad)) < 0) {
		sb_promise_unknown(bad, msg, sizeof(msg));
		field_error(L, "%s", msg);
	}
	return s;
}

static void
read_pledge(lua_State *L, int v)
{
	struct sandbox *sb = handle(L);

	check(L, sandbox_set_pledge(sb, get_promises(L, v),
	    sandbox_execpromises(sb)));
}

static void
read_execpromises(lua_State *L, int v)
{
	struct sandbox *sb = handle(L);

	check(L, sandbox_set_pledge(sb, sandbox_promises(sb),
	    get_promises(L, v)));
}

static void
read_unveil_entry(lua_State *L, const char *path, int v)
{
	const char *perms = get_string(L, v, "permission letters from rwxc");
	unsigned bits;

	if (path[0] == '\0')
		field_error(L, "expected a path, got an empty string");
	if (sb_unveil_perms(perms, &bits) < 0)
		field_error(L, "expected permission letters from rwxc, got "
		    "'%s'", perms);
	check(L, sandbox_unveil(handle(L), path, perms));
}

static void
read_unveil(lua_State *L, int v)
{
	each_entry(L, v, "path = \"rwxc\"", read_unveil_entry);
}

static void
read_file_entry(lua_State *L, int v)
{
	if (lua_type(L, v) == LUA_TTABLE) {
		if (policy_ctx(L)->nkeys > MAXFILES_DEPTH)
			field_error(L, "lists of paths nested too deeply");
		each_element(L, v, "a list of paths", read_file_entry);
		return;
	}
	if (lua_type(L, v) != LUA_TSTRING)
		expected(L, v, "a path or a list of paths");
	check(L, sandbox_add_file(handle(L), get_path(L, v)));
}

static void
read_files(lua_State *L, int v)
{
	each_element(L, v, "a list of paths", read_file_entry);
}

static void
read_net(lua_State *L, int v)
{
	const char *s = get_string(L, v, "\"none\" or \"host\"");
	enum sandbox_net net = SANDBOX_NET_DEFAULT;

	if (sb_net_parse(s, &net) < 0)
		field_error(L, "expected \"none\" or \"host\", got '%s'", s);
	check(L, sandbox_set_net(handle(L), net));
}

static void
read_env_entry(lua_State *L, const char *name, int v)
{
	const char *value = get_string(L, v, "a string");

	if (name[0] == '\0' || strchr(name, '=') != NULL)
		field_error(L, "'%s' is not a variable name", name);
	check(L, sandbox_setenv(handle(L), name, value));
}

static void
read_env(lua_State *L, int v)
{
	each_entry(L, v, "NAME = \"value\"", read_env_entry);
}

static void
read_clearenv(lua_State *L, int v)
{
	if (get_boolean(L, v))
		check(L, sandbox_clearenv(handle(L)));
}

/* The keys of the table at v must all be among names. */
static void
only_keys(lua_State *L, int v, const char *const *names, const char *list)
{
	const char *const *n;

	lua_pushnil(L);
	while (lua_next(L, v) != 0) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			field_error(L, "unexpected %s key (expected %s)",
			    luaL_typename(L, -1), list);
		for (n = names; *n != NULL; n++)
			if (strcmp(*n, lua_tostring(L, -1)) == 0)
				break;
		if (*n == NULL)
			field_error(L, "unknown key '%s' (expected %s)",
			    lua_tostring(L, -1), list);
	}
}

/*
 * t[name] as a path, or NULL when absent. The string stays valid after the
 * pop: the table holds it and the collector is stopped while reading.
 */
static const char *
opt_path(lua_State *L, int t, const char *name)
{
	const char *s = NULL;

	if (raw_field(L, t, name) != LUA_TNIL) {
		push_key(L, name, false);
		s = get_path(L, -1);
		pop_key(L);
	}
	lua_pop(L, 1);
	return s;
}

/* t[name] as a boolean, false when absent. */
static bool
opt_boolean(lua_State *L, int t, const char *name)
{
	bool b = false;

	if (raw_field(L, t, name) != LUA_TNIL) {
		push_key(L, name, false);
		b = get_boolean(L, -1);
		pop_key(L);
	}
	lua_pop(L, 1);
	return b;
}

/* { src = "/a", dst = "/b", rw = true, optional = true } */
static void
read_bind_table(lua_State *L, int v)
{
	static const char *const keys[] = { "src", "dst", "rw", "optional",
		NULL };
	const char *src, *dst;
	unsigned flags = 0;

	only_keys(L, v, keys, "src, dst, rw, optional");
	if ((src = opt_path(L, v, "src")) == NULL)
		field_error(L, "missing src, the path to bind");
	dst = opt_path(L, v, "dst");
	if (opt_boolean(L, v, "rw"))
		flags |= SB_BIND_RW;
	if (opt_boolean(L, v, "optional"))
		flags |= SB_BIND_TRY;
	check(L, sb_config_add_bind(handle(L), src, dst, flags));
}

static void
read_bind(lua_State *L, int v)
{
	if (lua_type(L, v) == LUA_TTABLE)
		read_bind_table(L, v);
	else if (lua_type(L, v) == LUA_TSTRING)
		check(L, sb_config_add_bind(handle(L), get_path(L, v), NULL,
		    0));
	else
		expected(L, v, "a path or a table { src = , dst = , rw = , "
		    "optional = }");
}

static void
read_binds(lua_State *L, int v)
{
	each_element(L, v, "a list of binds", read_bind);
}

static void
read_tmpfs_entry(lua_State *L, int v)
{
	check(L, sb_config_add_tmpfs(handle(L), get_path(L, v)));
}

static void
read_tmpfs(lua_State *L, int v)
{
	each_element(L, v, "a list of paths", read_tmpfs_entry);
}

static unsigned
get_port(lua_State *L, int v)
{
	lua_Integer p;
	int isint;

	p = lua_tointegerx(L, v, &isint);
	if (lua_type(L, v) != LUA_TNUMBER)
		expected(L, v, "a port number");
	if (!isint || p < 1 || p > 65535)
		field_error(L, "expected a port number from 1 to 65535, got "
		    "%s", lua_tostring(L, v));
	return (unsigned)p;
}

static void
read_bind_port(lua_State *L, int v)
{
	check(L, sb_config_add_port(handle(L), false, get_port(L, v)));
}

static void
read_connect_port(lua_State *L, int v)
{
	check(L, sb_config_add_port(handle(L), true, get_port(L, v)));
}

/* { bind = { 53 }, connect = { 443 } } */
static void
read_ports(lua_State *L, int v)
{
	static const char *const keys[] = { "bind", "connect", NULL };

	if (lua_type(L, v) != LUA_TTABLE)
		expected(L, v, "a table { bind = { ports }, connect = "
		    "{ ports } }");
	only_keys(L, v, keys, "bind, connect");
	if (raw_field(L, v, "bind") != LUA_TNIL) {
		sb_config_list_ports(handle(L), false);
		push_key(L, "bind", false);
		each_element(L, lua_gettop(L), "a list of ports",
		    read_bind_port);
		pop_key(L);
	}
	if (raw_field(L, v, "connect") != LUA_TNIL) {
		sb_config_list_ports(handle(L), true);
		push_key(L, "connect", false);
		each_element(L, lua_gettop(L), "a list of ports",
		    read_connect_port);
		pop_key(L);
	}
	lua_pop(L, 2);
}

/* nofile = 1024, as = "1G", core = "0:infinity": a number or a string. */
static void
read_rlimit_entry(lua_State *L, const char *name, int v)
{
	lua_Integer n;
	int isint;

	if (lua_type(L, v) == LUA_TNUMBER) {
		n = lua_tointegerx(L, v, &isint);
		if (!isint || n < 0)
			field_error(L, "expected a limit (a count, \"1G\", "
			    "\"SOFT:HARD\" or \"infinity\"), got %s",
			    lua_tostring(L, v));
		lua_pushfstring(L, "%I", n);
		lua_replace(L, v);
	}
	check(L, sb_rlimit_parse(handle(L), name,
	    get_string(L, v, "a limit (a number or a string)")));
}

static void
read_rlimits(lua_State *L, int v)
{
	each_entry(L, v, "NAME = limit", read_rlimit_entry);
}

static void
read_best_effort(lua_State *L, int v)
{
	check(L, sandbox_set_best_effort(handle(L), get_boolean(L, v)));
}

/* The fields, in the order they are applied. */
static const struct field {
	const char	*name;
	field_reader	 read;
} fields[] = {
	{ "backend",	  read_backend },
	{ "program",	  read_program },
	{ "args",	  read_args },
	{ "root",	  read_root },
	{ "user",	  read_user },
	{ "group",	  read_group },
	{ "pledge",	  read_pledge },
	{ "execpromises", read_execpromises },
	{ "unveil",	  read_unveil },
	{ "files",	  read_files },
	{ "binds",	  read_binds },
	{ "tmpfs",	  read_tmpfs },
	{ "net",	  read_net },
	{ "ports",	  read_ports },
	{ "clearenv",	  read_clearenv },
	{ "env",	  read_env },
	{ "rlimits",	  read_rlimits },
	{ "best_effort",  read_best_effort },
	{ NULL,		  NULL }
};

static const struct field *
find_field(const char *name)
{
	const struct field *f;

	for (f = fields; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static int
unknown_field(lua_State *L, const char *name)
{
	const char *near = sb_nearest(name, &fields[0].name, SIZE_MAX,
	    sizeof(fields[0]));

	push_key(L, name, false);
	if (near != NULL)
		return plain_error(L, "unknown field '%s' (did you mean "
		    "'%s'?)", name, near);
	return plain_error(L, "unknown field '%s'", name);
}

/* Every key is a known field name; report the first unknown in order. */
static void
check_fields(lua_State *L, int t)
{
	const char *unknown = NULL;

	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			policy_ctx(L)->at_return = true;
			plain_error(L, "the returned table has a %s key: "
			    "fields are written name = value",
			    luaL_typename(L, -1));
		}
		if (find_field(lua_tostring(L, -1)) == NULL && (unknown ==
		    NULL || strcmp(lua_tostring(L, -1), unknown) < 0))
			unknown = lua_tostring(L, -1);
	}
	if (unknown != NULL)
		unknown_field(L, unknown);
}

int
policy_read(lua_State *L)
{
	const struct field *f;
	int t = lua_gettop(L);

	luaL_checkstack(L, 2 * SB_POLICY_MAXDEPTH + 8, "policy_read");
	check_fields(L, t);
	for (f = fields; f->name != NULL; f++) {
		if (raw_field(L, t, f->name) != LUA_TNIL) {
			push_key(L, f->name, false);
			f->read(L, lua_gettop(L));
			pop_key(L);
		}
		lua_pop(L, 1);
	}
	return 0;
}
