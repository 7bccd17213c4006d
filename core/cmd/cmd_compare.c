/*
 * cmd_compare.c: sandbox compare [--json | --wide | --narrow]
 *     [program [arg ...]]
 *
 * Run the probe battery under every backend and peer and print what each
 * one let through: one row per property, one column per backend, every
 * cell measured here and now.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "compare.h"
#include "sandbox.h"
#include "sb_measure.h"
#include "verbs.h"

#define PROBE_TIMEOUT	30000	/* ms; a first chroot run builds the jail */
#define NARROW		100	/* the narrow view's width at most */

enum view { VIEW_AUTO, VIEW_JSON, VIEW_WIDE, VIEW_NARROW };

/*
 * The checks, by group (a group's rows together). An id is a contract
 * (--json, sandbox(1)): a check may be added, never renamed or removed.
 */
const struct row compare_rows[] = {
	{ "replication.files", "dependency replication",
	    "files copied into a jail for the program", ROW_DEPS, "files", { NULL } },
	{ "replication.bytes", "dependency replication",
	    "bytes copied into a jail for the program", ROW_DEPS, "bytes", { NULL } },
	{ "replication.build", "dependency replication",
	    "time to build the jail, cold", ROW_DEPS, "build", { NULL } },
	{ "replication.refresh", "dependency replication",
	    "refresh with nothing changed", ROW_DEPS, "refresh", { NULL } },
	{ "replication.update", "dependency replication",
	    "refresh after the program was updated", ROW_DEPS, "update", { NULL } },
	{ "syscalls.ptrace", "syscall limits", "ptrace a host process",
	    ROW_PROBE, "ptrace", { "@pid" } },
	{ "syscalls.mount", "syscall limits",
	    "mount a tmpfs (private mount namespace)", ROW_PROBE, "mount", { NULL } },
	{ "syscalls.socket", "syscall limits", "create an AF_INET socket",
	    ROW_PROBE, "socket", { NULL } },
	{ "syscalls.exec", "syscall limits", "exec /bin/true", ROW_PROBE,
	    "exec", { NULL } },
	{ "syscalls.fork", "syscall limits", "fork a child", ROW_PROBE,
	    "fork", { NULL } },
	{ "syscalls.preinit", "syscall limits",
	    "create a host file from DT_PREINIT_ARRAY code", ROW_PREINIT,
	    "preinit", { "@wdir" } },
	{ "root.nobody", "root required", "starts as nobody (no root)",
	    ROW_NOBODY, "noop", { NULL } },
	{ "root.uid0", "root required", "runs as uid 0 or regains it",
	    ROW_PROBE, "setuid", { NULL } },
	{ "network.connect", "network",
	    "reach a host TCP listener on 127.0.0.1", ROW_PROBE, "connect",
	    { "@port" } },
	{ "network.mptcp", "network",
	    "reach the host listener over MPTCP", ROW_PROBE, "mptcp",
	    { "@port" } },
	{ "network.fastopen", "network",
	    "reach it by TCP Fast Open (sendto, no connect)", ROW_PROBE,
	    "fastopen", { "@port" } },
	{ "network.unixdgram", "network",
	    "send a datagram to a host unix socket by path", ROW_DGRAM,
	    "unix-dgram", { "@sock" } },
	{ "escape.chroot", "escapes", "classic chroot escape, read host file",
	    ROW_PROBE, "escape", { "@marker" } },
	{ "escape.procroot", "escapes", "read the host via /proc/PID/root",
	    ROW_PROBE, "procroot", { "@pid", "@marker" } },
	{ "escape.pids", "escapes", "see a host process", ROW_PROBE, "pids",
	    { "@pid" } },
	{ "escape.signal", "escapes", "signal a host process (kill 0)",
	    ROW_PROBE, "signal", { "@pid" } },
	{ "sameuser.ptrace", "same user, outside the sandbox",
	    "ptrace a host process of the same user", ROW_PROBE,
	    "victim-ptrace", { "@vpid" } },
	{ "sameuser.signal", "same user, outside the sandbox",
	    "signal a host process of the same user", ROW_PROBE,
	    "victim-signal", { "@vpid" } },
	{ "sameuser.environ", "same user, outside the sandbox",
	    "read its /proc/PID/environ", ROW_PROBE, "victim-environ",
	    { "@vpid", "@secret" } },
	{ "sameuser.mem", "same user, outside the sandbox",
	    "read its /proc/PID/mem", ROW_PROBE, "victim-mem",
	    { "@vpid", "@vaddr", "@secret" } },
	{ "sameuser.pgrp", "same user, outside the sandbox",
	    "signal the caller's process group", ROW_PGRP,
	    "pgrp-signal", { "@pgid" } },
	{ "keyring.user", "same user, outside the sandbox",
	    "read a key of the user keyring (@u)", ROW_PROBE, "keyring",
	    { "user", "@key", "@secret" } },
	{ "keyring.session", "same user, outside the sandbox",
	    "read a key of the caller's session keyring", ROW_PROBE,
	    "keyring", { "session", "@skey", "@secret" } },
	{ "files.read", "files outside the policy",
	    "read a host file outside the policy", ROW_PROBE, "read",
	    { "@marker" } },
	{ "files.write", "files outside the policy",
	    "create a host file outside the policy", ROW_PROBE, "write",
	    { "@wdir" } },
};
const size_t compare_nrows = sizeof(compare_rows) / sizeof(compare_rows[0]);
_Static_assert(sizeof(compare_rows) / sizeof(compare_rows[0]) <=
    COMPARE_MAXROWS, "COMPARE_MAXROWS is too small");

static void
set_na(struct cell *c, const char *why)
{
	c->result = "n/a";
	strlcpy(c->detail, why, sizeof(c->detail));
}

/* A listener on 127.0.0.1: connections complete in its backlog. */
static int
listen_local(struct compare *c)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((c->listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(c->listener, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(c->listener, 128) < 0 ||
	    getsockname(c->listener, (struct sockaddr *)&sin, &len) < 0)
		return -1;
	snprintf(c->port, sizeof(c->port), "%d", ntohs(sin.sin_port));
	return 0;
}

/* An argument of a row's probe, @NAME replaced; buf holds a number. */
static char *
expand(struct compare *c, const struct ms_victim *v, const char *a,
    char *buf, size_t len)
{
	if (strcmp(a, "@pid") == 0 || strcmp(a, "@vpid") == 0 ||
	    strcmp(a, "@pgid") == 0) {
		snprintf(buf, len, "%d", a[1] == 'p' && a[2] == 'i' ?
		    (int)c->env.pid : a[1] == 'v' ? (int)v->pid :
		    (int)c->pgid);
		return buf;
	}
	if (strcmp(a, "@vaddr") == 0)
		return (char *)v->addr;
	if (strcmp(a, "@secret") == 0)
		return c->secret;
	if (strcmp(a, "@key") == 0)
		return c->key;
	if (strcmp(a, "@skey") == 0)
		return c->skey;
	if (strcmp(a, "@sock") == 0)
		return c->sock;
	if (strcmp(a, "@marker") == 0)
		return c->env.marker;
	if (strcmp(a, "@wdir") == 0)
		return c->env.wdir;
	if (strcmp(a, "@port") == 0)
		return c->port;
	return (char *)a;
}

/* Read a run's outcome into a cell. */
static void
judge(struct cell *cl, const struct ms_run *r)
{
	char line[256], word[32];

	ms_first_line(r->out, line, sizeof(line));
	if (r->status == MS_TIMEDOUT)
		set_na(cl, "timed out");
	else if (r->status == 0) {
		cl->result = "allowed";
		strlcpy(cl->detail, strncmp(line, "allowed ", 8) == 0 ?
		    line + 8 : "exit 0", sizeof(cl->detail));
	} else if (r->status == 1 && sscanf(line, "blocked %31s", word) == 1) {
		cl->result = "blocked";
		strlcpy(cl->why, word, sizeof(cl->why));
		strlcpy(cl->detail, line + 8, sizeof(cl->detail));
	} else if (r->status > 128 && r->status < 128 + 65) {
		cl->result = "blocked";
		snprintf(cl->why, sizeof(cl->why), "SIG%s",
		    sigabbrev_np(r->status - 128) ? sigabbrev_np(r->status -
		    128) : "?");
		snprintf(cl->detail, sizeof(cl->detail), "killed by %s",
		    cl->why);
	} else {
		snprintf(cl->detail, sizeof(cl->detail), "exit %d: %s",
		    r->status, ms_first_line(r->err, line, sizeof(line)));
		cl->result = "n/a";
	}
}

/* A column's command, its jail replaced by one nobody may build. */
static void
nobody_argv(struct compare *c, struct ms_column *col, char **v)
{
	int i;

	for (i = 0; i < col->argc; i++)
		v[i] = strcmp(col->argv[i], c->env.jail) == 0 ?
		    c->env.jail_nobody : col->argv[i];
	v[i] = NULL;
}

/* Does a row attack the victim of the column's user? */
static bool
wants_victim(const struct row *rw)
{
	return rw->args[0] != NULL && (strcmp(rw->args[0], "@vpid") == 0);
}

/*
 * The scene a row needs besides the probe: the victim of the column's
 * user, a group to join, the helper or the socket. NULL when ready, else
 * why the cell cannot be measured.
 */
static const char *
scene(struct compare *c, const struct row *rw, struct ms_column *col,
    const struct ms_victim **v, struct ms_victim *leader)
{
	if (wants_victim(rw) && (*v = compare_victim(c, col)) == NULL)
		return "the victim process did not start";
	if (rw->kind == ROW_PGRP && compare_pgrp_start(c, col, leader) < 0)
		return "the victim process did not start";
	if (rw->kind == ROW_PREINIT && c->env.preinit[0] == '\0')
		return "sandbox-probe-preinit is not installed";
	if (rw->kind == ROW_DGRAM && c->sockfd < 0)
		return "no host unix socket could be bound";
	return NULL;
}

static int
run_cell(struct compare *c, const struct row *rw, struct ms_column *col,
    char **args, struct ms_run *r)
{
	char *pre[MS_MAXARGS];

	if (rw->kind == ROW_PGRP)
		return ms_run_pgrp(col->argv, args, false, c->pgid,
		    PROBE_TIMEOUT, r);
	nobody_argv(c, col, pre);
	return ms_run(rw->kind == ROW_NOBODY ? pre : col->argv, args,
	    rw->kind == ROW_NOBODY, PROBE_TIMEOUT, r);
}

static void
probe_cell(struct compare *c, const struct row *rw, struct ms_column *col,
    struct cell *cl)
{
	char nbuf[4][16], *args[8];
	const struct ms_victim *v = NULL;
	struct ms_victim leader = { 0 };
	const char *why;
	struct ms_run r;
	int i, n = 0, e;

	if ((why = scene(c, rw, col, &v, &leader)) != NULL) {
		set_na(cl, why);
		return;
	}
	if (rw->kind == ROW_PREINIT)
		args[n++] = c->env.preinit;
	else {
		args[n++] = c->env.probe;
		args[n++] = (char *)rw->probe;
	}
	for (i = 0; i < 4 && rw->args[i] != NULL; i++)
		args[n++] = expand(c, v, rw->args[i], nbuf[i],
		    sizeof(nbuf[i]));
	args[n] = NULL;
	if ((e = run_cell(c, rw, col, args, &r)) < 0) {
		set_na(cl, strerror(-e));
		ms_victim_stop(&leader);
		return;
	}
	if (rw->kind == ROW_PGRP) {
		judge(cl, &r);
		compare_pgrp_judge(c, &leader, cl);
		return;
	}
	if (rw->kind == ROW_DGRAM) {
		judge(cl, &r);
		compare_dgram_judge(c, cl);
		return;
	}
	if (rw->kind == ROW_NOBODY && r.status != 0 &&
	    r.status != MS_TIMEDOUT) {
		cl->result = "blocked";
		snprintf(cl->why, sizeof(cl->why), "exit%d", r.status);
		ms_first_line(r.err, cl->detail, sizeof(cl->detail));
		return;
	}
	judge(cl, &r);
}

/*
 * The program of the cost rows, run under a column with no jail: it ran
 * from the host's files. What it did there is told by its exit status,
 * set against the bare run's.
 */
static void
host_files_cell(struct compare *c, struct ms_column *col, struct cell *cl)
{
	char st[64], bst[64];
	struct ms_run r;
	int e;

	if ((e = ms_run(col->argv, c->prog, false, PROBE_TIMEOUT, &r)) < 0) {
		set_na(cl, strerror(-e));
		return;
	}
	if (!ms_program_ran(&c->bare, &r, col->argv[0], cl->detail,
	    sizeof(cl->detail))) {
		cl->result = "n/a";
		return;
	}
	cl->result = "measured";
	cl->value = 0;
	cl->ran = true;
	cl->status = r.status;
	ms_status_text(r.status, st, sizeof(st));
	ms_status_text(c->bare.status, bst, sizeof(bst));
	snprintf(cl->detail, sizeof(cl->detail), "no jail: the program ran "
	    "from the host's files; %s, %s bare", st, r.status ==
	    c->bare.status ? "as" : "not as");
	if (r.status != c->bare.status)
		snprintf(cl->detail + strlen(cl->detail), sizeof(cl->detail) -
		    strlen(cl->detail), " (%s)", bst);
}

static void
measure_jail(struct compare *c)
{
	char root[4300];

	snprintf(root, sizeof(root), "%s/deps-jail", c->env.scratch);
	c->jail_ok = ms_jail_build(&c->env, c->path, root, &c->jail) == 0 &&
	    ms_jail_sync(&c->env, root, &c->jail.sync_ms,
	    &c->jail.sync_changed, &c->jail.sync_bytes, c->jail.why,
	    sizeof(c->jail.why)) == 0 &&
	    ms_jail_update(&c->env, c->path, root, &c->jail) == 0;
	ms_rmtree(root);
}

static void
jail_cell(struct compare *c, const struct row *rw, struct cell *cl)
{
	const struct ms_jail *j = &c->jail;

	if (c->jail_ok < 0)
		measure_jail(c);
	if (!c->jail_ok) {
		set_na(cl, j->why);
		return;
	}
	cl->result = "measured";
	if (strcmp(rw->probe, "files") == 0) {
		cl->value = j->tree.files + j->tree.links;
		cl->unit = "files";
		snprintf(cl->detail, sizeof(cl->detail), "%ld files, %ld "
		    "symlinks, %ld hard-linked (%s file system as /usr)",
		    j->tree.files, j->tree.links, j->tree.hardlinked,
		    j->same_fs ? "same" : "another");
	} else if (strcmp(rw->probe, "bytes") == 0) {
		cl->value = j->tree.bytes;
		cl->unit = "bytes";
		snprintf(cl->detail, sizeof(cl->detail), "%.1f MB",
		    j->tree.bytes / 1e6);
	} else if (strcmp(rw->probe, "build") == 0) {
		cl->value = j->build_ms;
		cl->unit = "ms";
		snprintf(cl->detail, sizeof(cl->detail), "sandbox build");
	} else {
		cl->value = strcmp(rw->probe, "refresh") == 0 ? j->sync_ms :
		    j->update_ms;
		cl->unit = "ms";
		snprintf(cl->detail, sizeof(cl->detail),
		    "sandbox sync: %ld files replaced, %lld bytes",
		    strcmp(rw->probe, "refresh") == 0 ? j->sync_changed :
		    j->update_changed, strcmp(rw->probe, "refresh") == 0 ?
		    j->sync_bytes : j->update_bytes);
	}
}

static void
deps_cell(struct compare *c, const struct row *rw, size_t j,
    struct cell *cl)
{
	struct ms_column *col = &c->cols[j];

	if (col->jail)
		jail_cell(c, rw, cl);
	else if (col->borrows_jail)
		set_na(cl, "builds no jail: enters the chroot column's");
	else if (strcmp(rw->probe, "files") == 0 ||
	    strcmp(rw->probe, "bytes") == 0) {
		/* One run of the program per column serves both rows. */
		if (c->host[j].result == NULL)
			host_files_cell(c, col, &c->host[j]);
		*cl = c->host[j];
		cl->unit = rw->probe;
	} else
		set_na(cl, "no jail to build or refresh");
}

static void
measure_all(struct compare *c)
{
	size_t i, j;

	for (j = 0; j < c->ncols; j++)
		for (i = 0; i < compare_nrows; i++) {
			if (!c->cols[j].usable)
				set_na(&c->cells[i][j], c->cols[j].why);
			else if (compare_rows[i].kind == ROW_DEPS)
				deps_cell(c, &compare_rows[i], j,
				    &c->cells[i][j]);
			else
				probe_cell(c, &compare_rows[i], &c->cols[j],
				    &c->cells[i][j]);
		}
}

/*
 * Before measuring anything: the program is found as `run` finds it (a
 * name in PATH), and runs bare; its exit status there is what each
 * column's is set against. Returns 0 or the exit status to leave with.
 */
static int
program_check(struct compare *c)
{
	struct sandbox *sb;
	int r, st;

	if ((sb = sandbox_new()) == NULL)
		err(SB_EXIT_FAIL, NULL);
	if (sb_measure_resolve(sb, c->prog[0], c->path, sizeof(c->path)) < 0) {
		warnx("%s", sandbox_error(sb));
		st = sandbox_exit_status(sb);
		sandbox_free(sb);
		return st;
	}
	sandbox_free(sb);
	if ((r = ms_run_file(c->path, NULL, c->prog, false, PROBE_TIMEOUT,
	    &c->bare)) < 0) {
		warnx("%s: %s", c->prog[0], strerror(-r));
		return SB_EXIT_FAIL;
	}
	if (c->bare.exec_err != 0) {
		warnx("%s: %s", c->prog[0], strerror(c->bare.exec_err));
		/* As run: 127 when not found, 126 when not executable. */
		return c->bare.exec_err == ENOENT ? 127 : 126;
	}
	return 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: sandbox compare [--json | --wide | --narrow] "
	    "[program [arg ...]]\n");
	return SB_EXIT_FAIL;
}

/*
 * The width of the output: the terminal's, else $COLUMNS, else 0 (not
 * known: a file or a pipe, read anywhere).
 */
static int
out_width(void)
{
	struct winsize ws;
	const char *s;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if ((s = getenv("COLUMNS")) != NULL && atoi(s) > 0)
		return atoi(s);
	return 0;
}

/* The wide table where it fits, the narrow one (100 columns) elsewhere. */
static void
print_text(struct compare *c, enum view view)
{
	int w = out_width();

	if (view == VIEW_AUTO)
		view = w > 0 && compare_wide_width(c) <= w ? VIEW_WIDE :
		    VIEW_NARROW;
	if (view == VIEW_WIDE)
		compare_print_wide(c);
	else
		compare_print_narrow(c, w > 0 && w < NARROW ? w : NARROW);
}

int
cmd_compare(int argc, char **argv)
{
	static char *defprog[] = { "/bin/ls", "-d", "/usr", NULL };
	struct compare *c;
	enum view view = VIEW_AUTO;
	int i, r;

	for (i = 1; i < argc && argv[i][0] == '-' &&
	    strcmp(argv[i], "--") != 0; i++) {
		if (view != VIEW_AUTO)
			return usage();
		if (strcmp(argv[i], "--json") == 0)
			view = VIEW_JSON;
		else if (strcmp(argv[i], "--wide") == 0)
			view = VIEW_WIDE;
		else if (strcmp(argv[i], "--narrow") == 0)
			view = VIEW_NARROW;
		else
			return usage();
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		err(SB_EXIT_FAIL, NULL);
	c->prog = i < argc ? argv + i : defprog;
	c->jail_ok = -1;
	if ((r = program_check(c)) != 0) {
		free(c);
		return r;
	}
	if ((r = ms_env_init(&c->env)) < 0) {
		warnx("cannot prepare the probes (%s): %s", c->env.probe,
		    strerror(-r));
		ms_env_cleanup(&c->env);
		free(c);
		return SB_EXIT_FAIL;
	}
	if (listen_local(c) < 0)
		warn("listener on 127.0.0.1");
	compare_attack_init(c);
	c->ncols = ms_columns(&c->env, c->cols, MAXCOLS);
	measure_all(c);
	compare_attack_cleanup(c);
	compare_number_notes(c);
	if (view == VIEW_JSON)
		compare_print_json(c);
	else
		print_text(c, view);
	close(c->listener);
	ms_columns_free(c->cols, c->ncols);
	ms_env_cleanup(&c->env);
	free(c);
	return 0;
}
