/*
 * policy_helpers.c: the `sandbox` table a policy sees.
 *   sandbox.runtime.NAME	the paths of the run-time set NAME (runtime.h),
 *				expanded on this system at first use
 *   sandbox.param.NAME		the value of --set NAME=VALUE (read-only)
 *   sandbox.params{ ... }	declared parameters, checked (policy_params.c)
 *   sandbox.extend(base, overrides, ...)	a new, merged table
 *   sandbox.version		the policy interface's version
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "policy.h"
#include "runtime.h"

/* A vector that Lua owns, so that an error cannot leak it. */
static int
strv_gc(lua_State *L)
{
	sb_strv_clear(lua_touserdata(L, 1));
	return 0;
}

static struct sb_strv *
push_strv(lua_State *L)
{
	struct sb_strv *sv;

	sv = lua_newuserdatauv(L, sizeof(*sv), 0);
	memset(sv, 0, sizeof(*sv));
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, strv_gc);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	return sv;
}

static int
unknown_set(lua_State *L, const char *name)
{
	char names[512];

	sb_runtime_known(name, names, sizeof(names));
	return luaL_error(L, "sandbox.runtime.%s: no such run-time set "
	    "(%s)", name, names);
}

/* __index of sandbox.runtime: expand the set once, keep the list. */
static int
runtime_index(lua_State *L)
{
	const struct sb_runtime_set *set;
	struct sb_strv *sv;
	const char *name = luaL_checkstring(L, 2);
	size_t i;

	if ((set = sb_runtime_find(name)) == NULL)
		return unknown_set(L, name);
	sv = push_strv(L);
	if (sb_runtime_expand(set, sv) < 0)
		return luaL_error(L, "sandbox.runtime.%s: out of memory", name);
	lua_createtable(L, (int)sv->n, 0);
	for (i = 0; i < sv->n; i++) {
		lua_pushstring(L, sv->v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_pushvalue(L, 2);
	lua_pushvalue(L, -2);
	lua_rawset(L, 1);
	return 1;
}

static void
push_runtime(lua_State *L)
{
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, runtime_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
}

static int
param_newindex(lua_State *L)
{
	return luaL_error(L, "sandbox.param is read-only (use --set "
	    "NAME=VALUE)");
}

static int
param_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (lua_next(L, 1) != 0)
		return 2;
	lua_pushnil(L);
	return 1;
}

static int
param_pairs(lua_State *L)
{
	lua_pushcfunction(L, param_next);
	lua_getiuservalue(L, 1, 1);
	lua_pushnil(L);
	return 3;
}

/* The NAME=VALUE parameters, later ones winning, in a hidden table. */
static void
push_param_table(lua_State *L, const struct sb_strv *params)
{
	const char *kv;
	size_t i, len;

	lua_newtable(L);
	for (i = 0; i < params->n; i++) {
		kv = params->v[i];
		len = strcspn(kv, "=");
		lua_pushlstring(L, kv, len);
		lua_pushstring(L, kv[len] == '=' ? kv + len + 1 : "");
		lua_rawset(L, -3);
	}
}

/* sandbox.param: a userdata, so that not even rawset can change it. */
static void
push_params(lua_State *L, const struct sandbox *sb)
{
	lua_newuserdatauv(L, 0, 1);
	push_param_table(L, &sb->cfg.params);
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, -3, 1);
	lua_createtable(L, 0, 4);
	lua_insert(L, -2);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, param_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, param_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}

/* A table holding only the keys 1..n. */
static bool
is_list(lua_State *L, int t)
{
	lua_Unsigned n = lua_rawlen(L, t), count = 0;
	lua_Integer k;
	int isint;

	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		lua_pop(L, 1);
		k = lua_tointegerx(L, -1, &isint);
		if (lua_type(L, -1) != LUA_TNUMBER || !isint || k < 1 ||
		    (lua_Unsigned)k > n) {
			lua_pop(L, 1);
			return false;
		}
		count++;
	}
	return count == n;
}

/* t is an absolute index. */
static bool
is_empty(lua_State *L, int t)
{
	lua_pushnil(L);
	if (lua_next(L, t) == 0)
		return true;
	lua_pop(L, 2);
	return false;
}

static void
check_depth(lua_State *L, int depth)
{
	if (depth > SB_POLICY_MAXDEPTH)
		luaL_error(L, "sandbox.extend: tables nested deeper than %d "
		    "(a table that contains itself?)", SB_POLICY_MAXDEPTH);
	luaL_checkstack(L, 8, "sandbox.extend");
}

/* Push a deep copy of the table at t (metatables are not copied). */
static void
copy(lua_State *L, int t, int depth)
{
	t = lua_absindex(L, t);
	check_depth(L, depth);
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		if (lua_type(L, -1) == LUA_TTABLE) {
			copy(L, -1, depth + 1);
			lua_replace(L, -2);
		}
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
}

/* Append copies of the list at b to the list at the top. */
static void
append(lua_State *L, int b, int depth)
{
	lua_Unsigned i, n = lua_rawlen(L, b), at = lua_rawlen(L, -1);

	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, b, (lua_Integer)i);
		if (lua_type(L, -1) == LUA_TTABLE) {
			copy(L, -1, depth + 1);
			lua_replace(L, -2);
		}
		lua_rawseti(L, -2, (lua_Integer)(at + i));
	}
}

static void merge(lua_State *, int, int, int);

/* r[k] = merge(r[k], v) for tables, else a copy of v; k, v on top. */
static void
merge_entry(lua_State *L, int r, int depth)
{
	lua_pushvalue(L, -2);
	lua_rawget(L, r);
	if (lua_type(L, -1) == LUA_TTABLE && lua_type(L, -2) == LUA_TTABLE) {
		merge(L, -1, -2, depth + 1);
		lua_replace(L, -3);
	} else if (lua_type(L, -2) == LUA_TTABLE) {
		copy(L, -2, depth + 1);
		lua_replace(L, -3);
	}
	lua_pop(L, 1);
	lua_pushvalue(L, -2);
	lua_insert(L, -2);
	lua_rawset(L, r);
}

/* Push merge(a, b): lists concatenated, tables merged, scalars replaced. */
static void
merge(lua_State *L, int a, int b, int depth)
{
	bool la, lb;
	int r;

	a = lua_absindex(L, a);
	b = lua_absindex(L, b);
	check_depth(L, depth);
	la = is_list(L, a) && !is_empty(L, a);
	lb = is_list(L, b) && !is_empty(L, b);
	copy(L, a, depth);
	if (la && lb) {
		append(L, b, depth);
		return;
	}
	if ((la && !is_empty(L, b)) || (lb && !is_empty(L, a)))
		luaL_error(L, "sandbox.extend: cannot merge a list with a "
		    "table of names");
	r = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, b) != 0)
		merge_entry(L, r, depth);
}

/* sandbox.extend(base, overrides, ...): a new table; arguments unchanged. */
static int
helper_extend(lua_State *L)
{
	int i, n = lua_gettop(L);

	for (i = 1; i <= n; i++)
		luaL_checktype(L, i, LUA_TTABLE);
	if (n == 0)
		return luaL_error(L, "sandbox.extend: expected tables");
	copy(L, 1, 0);
	for (i = 2; i <= n; i++) {
		merge(L, -1, i, 0);
		lua_replace(L, -2);
	}
	return 1;
}

void
policy_push_helpers(lua_State *L, const struct sandbox *sb)
{
	lua_createtable(L, 0, 5);
	push_runtime(L);
	lua_setfield(L, -2, "runtime");
	push_params(L, sb);
	lua_setfield(L, -2, "param");
	policy_push_params_helper(L);
	lua_setfield(L, -2, "params");
	lua_pushcfunction(L, helper_extend);
	lua_setfield(L, -2, "extend");
	lua_pushliteral(L, SB_POLICY_VERSION);
	lua_setfield(L, -2, "version");
}
