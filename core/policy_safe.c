/*
 * policy_safe.c: the global environment a policy runs in. Only base,
 * table, string, math and utf8, less everything that reaches outside the
 * state (print, load, dofile, loadfile, require, string.dump, io, os,
 * debug) and with guards on the few library functions whose C loops the
 * instruction count cannot see: string.rep, the pattern functions,
 * table.move and table.sort; no finalizers (__gc). pcall and xpcall
 * cannot catch the limits, and no message handler of the policy runs
 * once they are hit.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "policy.h"

static const char *const safe_base[] = {
	"assert", "error", "getmetatable", "ipairs", "next", "pairs",
	"rawequal", "rawget", "rawlen", "rawset", "select", "tonumber",
	"tostring", "type", "_VERSION", NULL
};

static const char *const safe_libs[] = {
	LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_MATHLIBNAME, LUA_UTF8LIBNAME, NULL
};

/* Call the wrapped library function (upvalue 1) with our arguments. */
static int
call_original(lua_State *L)
{
	int n = lua_gettop(L);

	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* After a protected call: the limits pass through any pcall. */
static int
finish_pcall(lua_State *L, int status, int extra)
{
	struct policy_ctx *ctx = policy_ctx(L);

	if (status == LUA_ERRMEM)
		ctx->killed = POLICY_KILL_MEMORY;
	if (ctx->killed != POLICY_RUNNING)
		return policy_kill_error(L);
	if (status != LUA_OK) {
		lua_pushboolean(L, 0);
		lua_pushvalue(L, -2);
		return 2;
	}
	return lua_gettop(L) - extra;
}

static int
safe_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	return finish_pcall(L, lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET,
	    0), 0);
}

/*
 * The policy's message handler (upvalue 1), except for the limits: those
 * are raised from the hook, where Lua runs the handler with hooks off.
 */
static int
guarded_handler(lua_State *L)
{
	if (policy_ctx(L)->killed != POLICY_RUNNING)
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int
safe_xpcall(lua_State *L)
{
	int n = lua_gettop(L);

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, guarded_handler, 1);
	lua_replace(L, 2);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 2);
	return finish_pcall(L, lua_pcall(L, n - 2, LUA_MULTRET, 2), 2);
}

/* Collecting and counting are harmless; tuning and stopping are not. */
static int
safe_collectgarbage(lua_State *L)
{
	static const char *const allowed[] = {
		"collect", "count", "step", "isrunning", NULL
	};
	const char *opt = luaL_optstring(L, 1, "collect");
	int i;

	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(opt, allowed[i]) == 0)
			return call_original(L);
	return luaL_error(L, "collectgarbage: option '%s' is not allowed in "
	    "a policy", opt);
}

/*
 * Lua runs finalizers with hooks off, so a __gc could loop forever: no
 * policy object may have one. Lua marks an object for finalization only
 * when its metatable has __gc as it is set, so checking here is enough.
 */
static int
safe_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "setmetatable: __gc is not "
			    "allowed in a policy");
		lua_pop(L, 1);
	}
	return call_original(L);
}

/* string.rep("", 2^62) loops in C without allocating: refuse it early. */
static int
safe_rep(lua_State *L)
{
	size_t l, lsep;
	lua_Integer n;

	luaL_checklstring(L, 1, &l);
	n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n <= 0 || l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	if ((double)n * (double)(l + lsep) > (double)SB_POLICY_MEMORY)
		return luaL_error(L, "string.rep: resulting string too large");
	return call_original(L);
}

/*
 * The worst case of a Lua pattern match: each unbounded item (* + - ?
 * %b) may try every position of the subject, at every start position
 * unless anchored, each step comparing up to the pattern's length.
 */
static double
match_cost(const char *p, size_t plen, size_t n, bool plain, bool anchored)
{
	double cost = (double)plen + 1;
	size_t i;
	int items = anchored ? 0 : 1;

	for (i = 0; !plain && i < plen; i++) {
		if (p[i] == '%' && i + 1 < plen) {
			if (p[++i] == 'b')
				items++;
		} else if (strchr("*+-?", p[i]) != NULL)
			items++;
	}
	while (items-- > 0)
		cost *= (double)n + 1;
	return cost;
}

static int
guard_match(lua_State *L, const char *fn)
{
	size_t n, plen;
	const char *p;
	bool plain, anchored;

	luaL_checklstring(L, 1, &n);
	p = luaL_checklstring(L, 2, &plen);
	plain = strcmp(fn, "find") == 0 && lua_toboolean(L, 4);
	anchored = !plain && plen > 0 && p[0] == '^' &&
	    strcmp(fn, "gmatch") != 0;
	if (match_cost(p, plen, n, plain, anchored) > SB_POLICY_MATCHCOST)
		return luaL_error(L, "string.%s: pattern too costly for a "
		    "subject of %I bytes (a policy limit)", fn, (lua_Integer)n);
	return call_original(L);
}

static int
safe_find(lua_State *L)
{
	return guard_match(L, "find");
}

static int
safe_match(lua_State *L)
{
	return guard_match(L, "match");
}

static int
safe_gmatch(lua_State *L)
{
	return guard_match(L, "gmatch");
}

static int
safe_gsub(lua_State *L)
{
	return guard_match(L, "gsub");
}

/* table.move over an empty range of a plain table loops in C. */
static int
safe_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2);
	lua_Integer e = luaL_checkinteger(L, 3);

	if (e >= f && (lua_Unsigned)e - (lua_Unsigned)f >= (1U << 24))
		return luaL_error(L, "table.move: range too large");
	return call_original(L);
}

/* Sorting compares in C, unseen by the count: bound the length. */
static int
safe_sort(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (luaL_len(L, 1) > (1 << 16))
		return luaL_error(L, "table.sort: more than %d elements (a "
		    "policy limit)", 1 << 16);
	return call_original(L);
}

/* Replace lib[name] by guard, which calls the original. */
static void
wrap(lua_State *L, int lib, const char *name, lua_CFunction guard)
{
	lib = lua_absindex(L, lib);
	lua_getfield(L, lib, name);
	lua_pushcclosure(L, guard, 1);
	lua_setfield(L, lib, name);
}

/* Change the library tables in place: strings' metatable shares them. */
static void
guard_libraries(lua_State *L)
{
	lua_getglobal(L, LUA_STRLIBNAME);
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	wrap(L, -1, "rep", safe_rep);
	wrap(L, -1, "find", safe_find);
	wrap(L, -1, "match", safe_match);
	wrap(L, -1, "gmatch", safe_gmatch);
	wrap(L, -1, "gsub", safe_gsub);
	lua_pop(L, 1);
	lua_getglobal(L, LUA_TABLIBNAME);
	wrap(L, -1, "move", safe_move);
	wrap(L, -1, "sort", safe_sort);
	lua_pop(L, 1);
}

void
policy_push_env(lua_State *L)
{
	const char *const *n;

	guard_libraries(L);
	lua_newtable(L);
	for (n = safe_base; *n != NULL; n++) {
		lua_getglobal(L, *n);
		lua_setfield(L, -2, *n);
	}
	for (n = safe_libs; *n != NULL; n++) {
		lua_getglobal(L, *n);
		lua_setfield(L, -2, *n);
	}
	lua_pushcfunction(L, safe_pcall);
	lua_setfield(L, -2, "pcall");
	lua_pushcfunction(L, safe_xpcall);
	lua_setfield(L, -2, "xpcall");
	lua_getglobal(L, "setmetatable");
	lua_pushcclosure(L, safe_setmetatable, 1);
	lua_setfield(L, -2, "setmetatable");
	lua_getglobal(L, "collectgarbage");
	lua_pushcclosure(L, safe_collectgarbage, 1);
	lua_setfield(L, -2, "collectgarbage");
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "_G");
}
