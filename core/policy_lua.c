/*
 * policy_lua.c: load a Lua policy. The script runs in a fresh Lua state
 * that has only the safe libraries (policy_safe.c) and the `sandbox`
 * helper table (policy_helpers.c), text chunks only, under a memory cap
 * (the allocator), an instruction cap (a count hook) and a time limit
 * (the same hook, and a call hook that sees every function a C loop of
 * the libraries calls back, a metamethod); a first run in a child process
 * (policy_deadline.c) is killed past it if it never gets back to a hook
 * at all. The table it
 * returns is then read field by field (policy_read.c). Every error names
 * FILE:LINE; Lua's own messages already do, with a name Lua may have
 * shortened, which is put back in full.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "policy.h"

struct policy_ctx *
policy_ctx(lua_State *L)
{
	void *ud;

	lua_getallocf(L, &ud);
	return ud;
}

/*
 * Frees always succeed; growth stops at the limit. Lua then collects and
 * tries again, a full collection each time: a policy kept at the limit
 * would make every allocation cost one. After a few refusals, every growth
 * is refused, so that the policy fails at once.
 */
static void *
policy_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct policy_ctx *ctx = ud;
	size_t old = ptr != NULL ? osize : 0;
	void *p;

	if (nsize == 0) {
		free(ptr);
		ctx->mem_used -= old;
		return NULL;
	}
	if (nsize > old && (ctx->killed == POLICY_KILL_MEMORY ||
	    nsize - old > ctx->mem_limit - ctx->mem_used)) {
		if (++ctx->mem_refused > SB_POLICY_MEMRETRIES)
			ctx->killed = POLICY_KILL_MEMORY;
		return NULL;
	}
	if ((p = realloc(ptr, nsize)) == NULL)
		return NULL;
	ctx->mem_used = ctx->mem_used - old + nsize;
	return p;
}

/* Raise the error that stops the policy; pcall inside it rethrows it. */
int
policy_kill_error(lua_State *L)
{
	struct policy_ctx *ctx = policy_ctx(L);

	if (ctx->killed == POLICY_KILL_MEMORY)
		lua_pushliteral(L, "memory limit exceeded");
	else if (ctx->killed == POLICY_KILL_TIME)
		lua_pushliteral(L, "time limit exceeded");
	else
		lua_pushliteral(L, "instruction limit exceeded");
	return lua_error(L);
}

static void
set_line(struct policy_ctx *ctx, int line)
{
	ctx->line = line;
	if (ctx->line_out != NULL)
		*ctx->line_out = line;
}

unsigned long long
policy_clock_ns(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) < 0)
		return 0;
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Processor time, read (a system call) only once 10 ms went by on the
 * monotonic clock (no system call): the check costs nearly nothing at
 * every function call, and is late by 10 ms at most.
 */
static bool
past_deadline(struct policy_ctx *ctx)
{
	unsigned long long wall = policy_clock_ns(CLOCK_MONOTONIC);

	if (wall - ctx->wall_seen < SB_POLICY_CLOCKSTEP_NS)
		return false;
	ctx->wall_seen = wall;
	return policy_clock_ns(CLOCK_THREAD_CPUTIME_ID) >= ctx->cpu_deadline;
}

/*
 * Line events keep the line for messages that have none (the limits, an
 * error object that is not a string); they are exact but cost a call per
 * line, so after SB_POLICY_LINESTEPS instructions only count events
 * remain, every SB_POLICY_HOOKSTEP instructions, sampling the line and
 * enforcing the cap. Call events come with every function called, also
 * from a loop in C (table.concat over an __index that is a C function)
 * where no instruction is counted: the clock is read there too.
 */
static void
policy_hook(lua_State *L, lua_Debug *ar)
{
	struct policy_ctx *ctx = policy_ctx(L);

	if (ar->event == LUA_HOOKLINE) {
		set_line(ctx, ar->currentline);
		return;
	}
	if (ar->event == LUA_HOOKCOUNT) {
		if (lua_getinfo(L, "l", ar) && ar->currentline > 0)
			set_line(ctx, ar->currentline);
		ctx->steps += SB_POLICY_HOOKSTEP;
		if (ctx->steps == SB_POLICY_LINESTEPS)
			lua_sethook(L, policy_hook, LUA_MASKCOUNT |
			    LUA_MASKCALL, SB_POLICY_HOOKSTEP);
		if (ctx->steps > ctx->step_limit &&
		    ctx->killed == POLICY_RUNNING)
			ctx->killed = POLICY_KILL_STEPS;
	}
	if (ctx->killed == POLICY_RUNNING && past_deadline(ctx))
		ctx->killed = POLICY_KILL_TIME;
	if (ctx->killed != POLICY_RUNNING)
		policy_kill_error(L);
}

/* Keep string messages; never run the policy's __tostring here. */
static int
policy_msgh(lua_State *L)
{
	if (lua_type(L, 1) != LUA_TSTRING)
		lua_pushfstring(L, "error object is a %s value",
		    luaL_typename(L, 1));
	return 1;
}

static void
open_libs(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base },
		{ LUA_TABLIBNAME, luaopen_table },
		{ LUA_STRLIBNAME, luaopen_string },
		{ LUA_MATHLIBNAME, luaopen_math },
		{ LUA_UTF8LIBNAME, luaopen_utf8 },
		{ NULL, NULL }
	};
	const luaL_Reg *l;

	for (l = libs; l->name != NULL; l++) {
		luaL_requiref(L, l->name, l->func, 1);
		lua_pop(L, 1);
	}
}

/* Run the chunk at the top with env as its _ENV and global table. */
static void
run_chunk(lua_State *L, struct policy_ctx *ctx)
{
	policy_push_env(L);
	policy_push_helpers(L, ctx->sb);
	lua_setfield(L, -2, "sandbox");
	lua_pushvalue(L, -1);
	lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
	if (lua_setupvalue(L, -2, 1) == NULL)
		lua_pop(L, 1);
	lua_sethook(L, policy_hook, LUA_MASKCOUNT | LUA_MASKLINE |
	    LUA_MASKCALL, SB_POLICY_HOOKSTEP);
	lua_call(L, 0, 1);
	/* No finalizer of the policy may run while its table is read. */
	lua_gc(L, LUA_GCSTOP);
}

/* Everything that touches Lua, protected by the caller's lua_pcall. */
static int
policy_main(lua_State *L)
{
	struct policy_ctx *ctx = policy_ctx(L);

	open_libs(L);
	if (luaL_loadfilex(L, ctx->path, "t") != LUA_OK)
		return lua_error(L);
	run_chunk(L, ctx);
	if (lua_type(L, -1) != LUA_TTABLE) {
		ctx->at_return = true;
		return luaL_error(L, "the policy must return a table, got %s",
		    luaL_typename(L, -1));
	}
	return policy_read(L);
}

/*
 * Lua's messages start with its name of the file: the path, or "..." and
 * the path's tail when the path is long. The rest of the message, or NULL.
 */
static const char *
strip_source(const char *path, const char *msg)
{
	size_t n = strlen(path), k;

	if (strncmp(msg, path, n) == 0 && msg[n] == ':')
		return msg + n;
	if (strncmp(msg, "...", 3) != 0)
		return NULL;
	for (k = n; k > 0; k--)
		if (strncmp(msg + 3, path + n - k, k) == 0 && msg[3 + k] == ':')
			return msg + 3 + k;
	return NULL;
}

static int
report(lua_State *L, struct policy_ctx *ctx, int status)
{
	struct sandbox *sb = ctx->sb;
	const char *msg = lua_tostring(L, -1), *rest;
	int line;

	if (msg == NULL)
		msg = "unknown error";
	if (status == LUA_ERRMEM)
		ctx->killed = POLICY_KILL_MEMORY;
	if (ctx->killed == POLICY_KILL_MEMORY)
		return sb_err(sb, ENOMEM, "%s:%d: the policy exceeds its "
		    "memory limit of %zu MiB", ctx->path, ctx->line,
		    ctx->mem_limit >> 20);
	if (ctx->killed == POLICY_KILL_STEPS)
		return sb_err(sb, EINVAL, "%s:%d: the policy exceeds its "
		    "limit of %lu instructions", ctx->path, ctx->line,
		    ctx->step_limit);
	if (ctx->killed == POLICY_KILL_TIME)
		return sb_err(sb, ETIMEDOUT, "%s:%d: the policy exceeds its "
		    "time limit of %d s", ctx->path, ctx->line,
		    SB_POLICY_SECONDS);
	if (ctx->nkeys > 0)
		line = policy_locate(ctx->path, ctx->keys, ctx->nkeys);
	else if (ctx->at_return)
		line = policy_return_line(ctx->path);
	else if ((rest = strip_source(ctx->path, msg)) != NULL)
		return sb_err(sb, ctx->err ? ctx->err : EINVAL, "%s%s",
		    ctx->path, rest);
	else
		line = ctx->line ? ctx->line : policy_return_line(ctx->path);
	return sb_err(sb, ctx->err ? ctx->err : EINVAL, "%s:%d: %s",
	    ctx->path, line, msg);
}

/* A file Lua can read, or a plain errno message before Lua is involved. */
static int
check_file(struct sandbox *sb, const char *path)
{
	struct stat st;

	if (path == NULL || *path == '\0')
		return sb_err(sb, EINVAL, "no policy file given");
	if (stat(path, &st) < 0 || access(path, R_OK) < 0)
		return sb_err(sb, errno, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return sb_err(sb, EISDIR, "%s: %s", path, strerror(EISDIR));
	/* A FIFO with no writer would block the load for ever. */
	if (!S_ISREG(st.st_mode))
		return sb_err(sb, EINVAL, "%s: not a regular file", path);
	return 0;
}

int
policy_eval(struct sandbox *sb, const char *path, volatile int *line)
{
	struct policy_ctx ctx;
	lua_State *L;
	int r, status;

	memset(&ctx, 0, sizeof(ctx));
	ctx.sb = sb;
	ctx.path = path;
	ctx.line_out = line;
	ctx.mem_limit = SB_POLICY_MEMORY;
	ctx.step_limit = SB_POLICY_STEPS;
	ctx.cpu_deadline = policy_clock_ns(CLOCK_THREAD_CPUTIME_ID) +
	    SB_POLICY_SECONDS * 1000000000ULL;
	ctx.wall_seen = policy_clock_ns(CLOCK_MONOTONIC);
	if ((L = lua_newstate(policy_alloc, &ctx)) == NULL)
		return sb_err(sb, ENOMEM, "%s: cannot create a Lua state",
		    path);
	lua_pushcfunction(L, policy_msgh);
	lua_pushcfunction(L, policy_main);
	sb->cfg.in_policy = true;
	status = lua_pcall(L, 0, 0, 1);
	sb->cfg.in_policy = false;
	r = status == LUA_OK ? 0 : report(L, &ctx, status);
	lua_close(L);
	return r;
}

/*
 * A first run in a child bounds the time even in a C loop that never
 * comes back to a hook; only a policy that completed there is run here,
 * under the same limits, to fill sb.
 */
int
sandbox_load_policy(struct sandbox *sb, const char *path)
{
	int r;

	if ((r = check_file(sb, path)) < 0)
		return r;
	if ((r = policy_first_run(sb, path, SB_POLICY_GRACE_MS)) < 0)
		return r;
	return policy_eval(sb, path, NULL);
}
