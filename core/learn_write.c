/*
 * learn_write.c: a learned policy, written for a person to review: grouped
 * by why each entry is there, with a warning on paths that look secret,
 * and a machine-readable record at the top that --append reads back.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "learn_write.h"
#include "promises.h"

static const char *const why_promise[SB_P_COUNT] = {
	[SB_P_STDIO] = "always",
	[SB_P_RPATH] = "read files, look paths up",
	[SB_P_WPATH] = "write files",
	[SB_P_CPATH] = "create or remove files",
	[SB_P_DPATH] = "create device nodes",
	[SB_P_INET] = "IPv4/IPv6 sockets",
	[SB_P_FATTR] = "change file modes or times",
	[SB_P_CHOWN] = "change file owners",
	[SB_P_FLOCK] = "file locks",
	[SB_P_UNIX] = "unix sockets",
	[SB_P_DNS] = "name resolution",
	[SB_P_GETPW] = "user and group databases",
	[SB_P_TTY] = "terminal ioctls (isatty, window size)",
	[SB_P_PROC] = "fork, signal other processes",
	[SB_P_EXEC] = "execute programs",
	[SB_P_PROT_EXEC] = "map code at run time (dlopen)",
	[SB_P_SETTIME] = "set the clock",
	[SB_P_ID] = "change identity",
	[SB_P_ROUTE] = "routing and interface information",
};

/* /proc/1234/...: another run's pid, meaningless in a policy. */
static bool
pid_path(const char *path)
{
	return strncmp(path, "/proc/", 6) == 0 && isdigit((unsigned char)path[6]);
}

static bool
at_or_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/*
 * The caller's own /proc entries, as learn_observe.c names them: kept as
 * they are (realpath here would name the supervisor's pid).
 */
static bool
self_path(const char *path)
{
	return at_or_under(path, "/proc/self") ||
	    at_or_under(path, "/proc/thread-self");
}

/*
 * realpath(3) as the program would see it: /dev/fd and /dev/stdin lead
 * through /proc/self, which here is the supervisor's own /proc/PID.
 */
static char *
real_path(const char *path, char out[PATH_MAX])
{
	const char self[] = "/proc/self";
	const size_t ns = sizeof(self) - 1;
	char own[32];
	size_t n, rest;

	if (realpath(path, out) == NULL)
		return NULL;
	n = (size_t)snprintf(own, sizeof(own), "/proc/%d", (int)getpid());
	if (strncmp(out, own, n) != 0 || (out[n] != '/' && out[n] != '\0'))
		return out;
	if (ns + (rest = strlen(out + n)) >= PATH_MAX)
		return NULL;
	memmove(out + ns, out + n, rest + 1);
	memcpy(out, self, ns);
	return out;
}

/*
 * A descriptor reopened by name (/dev/fd/N, /proc/self/fd/N): the kernel
 * checks the file it refers to, a pipe or a file with its own rule; the
 * number means nothing on another run.
 */
static bool
fd_path(const char *path)
{
	const char *dirs[] = { "/proc/self/fd/", "/proc/thread-self/fd/",
	    "/dev/fd/" };
	size_t i, n;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		n = strlen(dirs[i]);
		if (strncmp(path, dirs[i], n) == 0 && path[n] != '\0' &&
		    strchr(path + n, '/') == NULL)
			return true;
	}
	return strcmp(path, "/dev/stdin") == 0 ||
	    strcmp(path, "/dev/stdout") == 0 ||
	    strcmp(path, "/dev/stderr") == 0;
}

/*
 * Where a path the program made is granted: the nearest directory above
 * it that the program did not make and that exists. A rule on the path
 * itself would hold only while it exists (a missing path cannot be
 * unveiled or bound), and a rename onto a bound file fails. Without l,
 * the nearest existing directory.
 */
static int
home_of(const struct sb_learn *l, const char *path, char out[PATH_MAX])
{
	const struct sb_learn_path *p;
	char dir[PATH_MAX], *slash;

	strlcpy(dir, path, sizeof(dir));
	while ((slash = strrchr(dir, '/')) != NULL) {
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		p = l != NULL ? sb_learn_lookup(l, dir) : NULL;
		if ((p == NULL || !(p->how & SB_LP_CREATED)) &&
		    real_path(dir, out) != NULL)
			return 0;
		if (slash == dir)
			break;
	}
	return -ENOENT;
}

/* The nearest existing directory above a path that is gone. */
static int
existing_parent(const char *path, char out[PATH_MAX])
{
	return home_of(NULL, path, out);
}

struct build {
	const struct sb_learn	*l;
	struct sb_learn_rules	 unveil;
	struct sb_learn_rules	 files;
	struct sb_learn_rules	 listed;	/* too wide to unveil */
	bool			 proc_whole;	/* /proc unveiled, read-only */
	unsigned		 own_reads;	/* of /proc/self: no rule */
	int			 err;
};

static void
add(struct build *b, struct sb_learn_rules *rs, const char *path,
    unsigned perms, unsigned how)
{
	if (b->err == 0)
		b->err = sb_learn_rules_add(rs, path, perms, how, 1);
}

/*
 * /proc read-only as a whole: for a program that lists /proc and reads
 * other processes' entries (ps, top), whose pids differ on every run; and
 * for child processes that read their own entries, since Landlock grants
 * /proc/self to the one process that applied the rule. One that only read
 * some other process's entry gets a comment instead.
 */
static bool
proc_whole(const struct sb_learn *l)
{
	const struct sb_learn_path *p = sb_learn_lookup(l, "/proc");

	return l->child_proc > 0 || (l->other_proc > 0 && p != NULL &&
	    (p->how & SB_LP_LIST));
}

/*
 * /proc entries that get no rule of their own: a descriptor's, another
 * run's pid, anything read under /proc when it is unveiled whole, and
 * the first process's own /proc/self read (the unveil plan grants it to
 * the process that applies the rules; namespace mounts /proc).
 */
static bool
proc_skip(struct build *b, const char *path, unsigned perms)
{
	bool reads = (perms & ~(SANDBOX_UNVEIL_R | SANDBOX_UNVEIL_X)) == 0;

	if (fd_path(path) || pid_path(path))
		return true;
	if (reads && b->proc_whole && at_or_under(path, "/proc"))
		return true;
	if (reads && self_path(path)) {
		b->own_reads++;
		return true;
	}
	return false;
}

static void
unveil_of(struct build *b, const struct sb_learn_path *p)
{
	char real[PATH_MAX];
	unsigned perms = p->perms, how = p->how;

	if (p->how & SB_LP_LIST)
		perms |= SANDBOX_UNVEIL_R;
	if (perms == 0 || proc_skip(b, p->path, perms))
		return;
	if (self_path(p->path)) {	/* written: realpath would name ours */
		add(b, &b->unveil, p->path, perms, how);
		return;
	}
	if (p->how & SB_LP_CREATED) {
		/* Made by the program: the directory it was made in. */
		if (home_of(b->l, p->path, real) < 0)
			return;
		perms |= SANDBOX_UNVEIL_C;
		how = 0;
	} else if (real_path(p->path, real) == NULL) {
		/* Gone: created and removed, or never there. */
		if (!(perms & (SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C)))
			return;
		if (existing_parent(p->path, real) < 0)
			return;
		perms |= SANDBOX_UNVEIL_C;
	}
	if (proc_skip(b, real, perms))	/* /dev/fd, in an older record */
		return;
	if ((how & SB_LP_LIST) && perms == SANDBOX_UNVEIL_R &&
	    sb_learn_covers_sensitive(real)) {
		add(b, &b->listed, real, perms, how);
		return;
	}
	add(b, &b->unveil, real, perms, how |
	    (sb_strv_contains(&b->l->closure, real) ? SB_LP_CLOSURE : 0));
}

static bool
system_path(const char *path)
{
	return strncmp(path, "/proc/", 6) == 0 ||
	    strncmp(path, "/sys/", 5) == 0 || strncmp(path, "/dev/", 5) == 0;
}

/* Files beyond the ELF closure: existing, not directories, not made here. */
static void
file_of(struct build *b, const struct sb_learn_path *p)
{
	char real[PATH_MAX];
	struct stat st;

	if (system_path(p->path) || (p->how & SB_LP_CREATED) ||
	    sb_strv_contains(&b->l->closure, p->path) ||
	    stat(p->path, &st) < 0 || S_ISDIR(st.st_mode))
		return;
	add(b, &b->files, p->path, p->perms, p->how);
	if (real_path(p->path, real) != NULL && !system_path(real) &&
	    strcmp(real, p->path) != 0 &&
	    !sb_strv_contains(&b->l->closure, real))
		add(b, &b->files, real, p->perms, p->how);
}

/*
 * files are read-only binds: one over a file the program writes, or in a
 * directory it writes or creates in, would make it read-only there.
 */
static bool
written(const struct build *b, const struct sb_learn_rule *f)
{
	const unsigned wc = SANDBOX_UNVEIL_W | SANDBOX_UNVEIL_C;
	size_t i;

	if (f->perms & wc)
		return true;
	for (i = 0; i < b->unveil.n; i++)
		if ((b->unveil.v[i].perms & wc) &&
		    at_or_under(f->path, b->unveil.v[i].path))
			return true;
	return false;
}

static void
drop_written_files(struct build *b)
{
	size_t i;

	for (i = b->files.n; i-- > 0; )
		if (written(b, &b->files.v[i]))
			sb_learn_rules_del(&b->files, i);
}

static int
visit(const struct sb_learn_path *p, void *arg)
{
	struct build *b = arg;

	unveil_of(b, p);
	file_of(b, p);
	return b->err;
}

static void
group_all(struct sb_learn_rules *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		rs->v[i].group = sb_learn_group(rs->v[i].path, rs->v[i].perms,
		    rs->v[i].how);
	sb_learn_rules_sort(rs);
}

static void
warn_sensitive(FILE *f, const char *path)
{
	const char *why;

	if ((why = sb_learn_sensitive(path)) != NULL)
		fprintf(f, "    -- WARNING: looks sensitive (%s): "
		    "does the program need it?\n", why);
}

static void
files_heading(FILE *f, int group)
{
	const char *set = sb_learn_group_set(group);

	fprintf(f, "    -- %s\n", sb_learn_group_title(group));
	if (set != NULL)
		fprintf(f, "    -- (wider, and what a person might write: "
		    "sandbox.runtime.%s)\n", set);
}

static void
write_files(FILE *f, const struct sb_learn_rules *rs)
{
	size_t i;

	fprintf(f, "  -- Files beyond the program's ELF closure, for chroot "
	    "and namespace.\n  files = {\n");
	for (i = 0; i < rs->n; i++) {
		if (i == 0 || rs->v[i].group != rs->v[i - 1].group)
			files_heading(f, rs->v[i].group);
		warn_sensitive(f, rs->v[i].path);
		fprintf(f, "    ");
		sb_learn_lua_string(f, rs->v[i].path);
		fprintf(f, ",%s\n", (rs->v[i].how & SB_LP_LOOKUP) ?
		    "  -- looked up only" : "");
	}
	fprintf(f, "  },\n\n");
}

static void
write_unveil(FILE *f, const struct build *b)
{
	const struct sb_learn_rules *rs = &b->unveil, *listed = &b->listed;
	char perms[5];
	size_t i;

	fprintf(f, "  -- What the runs touched: r read, w write, x execute, "
	    "c create and remove.\n  unveil = {\n");
	for (i = 0; i < rs->n; i++) {
		if (i == 0 || rs->v[i].group != rs->v[i - 1].group)
			fprintf(f, "    -- %s\n",
			    sb_learn_group_title(rs->v[i].group));
		warn_sensitive(f, rs->v[i].path);
		sb_learn_perms(rs->v[i].perms, perms);
		fprintf(f, "    [");
		sb_learn_lua_string(f, rs->v[i].path);
		fprintf(f, "] = \"%s\",", perms);
		if (rs->v[i].count > 1)
			fprintf(f, "  -- %u paths used under it",
			    rs->v[i].count);
		fprintf(f, "\n");
	}
	for (i = 0; i < listed->n; i++)
		fprintf(f, "    -- listed but not unveiled (a rule would "
		    "cover all of it): %s\n", listed->v[i].path);
	if (b->own_reads > 0 && !b->proc_whole)
		fprintf(f, "    -- the program read its own /proc/self (%u "
		    "path%s): no rule needed, unveil\n    -- grants /proc/self "
		    "to the first process and namespace mounts /proc\n",
		    b->own_reads, b->own_reads == 1 ? "" : "s");
	if (b->proc_whole) {
		fprintf(f, "    -- /proc is read-only as a whole, since pids "
		    "differ on every run:\n");
		if (b->l->other_proc > 0)
			fprintf(f, "    -- other processes' entries were read "
			    "after listing /proc, as ps does (%lu)\n",
			    b->l->other_proc);
		if (b->l->child_proc > 0)
			fprintf(f, "    -- child processes read their own /proc "
			    "entries (%lu), and unveil grants\n    -- /proc/self "
			    "to the first process only\n", b->l->child_proc);
	} else if (b->l->other_proc > 0)
		fprintf(f, "    -- not unveiled: %lu entries of other processes "
		    "(/proc/PID), whose pids\n    -- differ on every run; "
		    "[\"/proc\"] = \"r\" would grant them all\n",
		    b->l->other_proc);
	fprintf(f, "  },\n\n");
}

static uint64_t
promise_set(const struct sb_learn *l)
{
	uint64_t p = l->promises | SB_PBIT(SB_P_STDIO);

	if (l->dns)
		p |= SB_PBIT(SB_P_DNS);
	if (l->inet || (l->inet_socket && !l->dns))
		p |= SB_PBIT(SB_P_INET);
	return p;
}

static void
write_pledge(FILE *f, const struct sb_learn *l)
{
	uint64_t set = promise_set(l);
	const char *sep = "";
	char *name;
	size_t i;
	int p;

	fprintf(f, "  -- The smallest promises covering the system calls seen:\n");
	for (p = 0; p < SB_P_COUNT; p++)
		if (set & SB_PBIT(p))
			fprintf(f, "  --   %-10s %s\n", sb_promise_name(p),
			    why_promise[p] ? why_promise[p] : "");
	for (i = 0; i < l->nunknown; i++) {
		name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE,
		    (int)l->unknown[i]);
		fprintf(f, "  -- WARNING: %s (system call %ld) was used in a way "
		    "no promise allows;\n  -- under pledge it will be "
		    "refused\n", name ? name : "?", l->unknown[i]);
		free(name);
	}
	fprintf(f, "  pledge = \"");
	for (p = 0; p < SB_P_COUNT; p++)
		if (set & SB_PBIT(p)) {
			fprintf(f, "%s%s", sep, sb_promise_name(p));
			sep = " ";
		}
	fprintf(f, "\",\n\n");
}

static void
write_ports(FILE *f, const char *name, const uint16_t *v, size_t n)
{
	size_t i;

	fprintf(f, "%s = {", name);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%u", i ? ", " : " ", (unsigned)v[i]);
	fprintf(f, "%s}", n ? " " : "");
}

static void
write_net(FILE *f, const struct sb_learn *l)
{
	uint16_t to[SB_LEARN_MAXPORTS + 1];
	size_t n = l->nconnect;

	memcpy(to, l->connect_port, n * sizeof(to[0]));
	if (l->dns) {
		fprintf(f, "  -- name servers were asked (port 53)\n");
		to[n++] = 53;
	}
	if (!l->inet && !l->dns) {
		fprintf(f, "  -- no network use seen\n  net = \"none\",\n");
		return;
	}
	if (l->ephemeral)
		fprintf(f, "  -- ports from the ephemeral range were used too; "
		    "not listed\n");
	fprintf(f, "  -- the network was used: these ports\n"
	    "  net = \"host\",\n  ports = { ");
	write_ports(f, "bind", l->bind_port, l->nbind);
	fprintf(f, ", ");
	write_ports(f, "connect", to, n);
	fprintf(f, " },\n");
}

static void
write_one(FILE *f, const char *key, const char *word)
{
	if (word == NULL)
		return;
	fprintf(f, "%s ", key);
	sb_learn_encode(f, word);
	fputc('\n', f);
}

static void
write_record(FILE *f, const struct sb_learn *l);

/* Text inside a line comment: a newline would end it. */
static void
comment_text(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n')
			fputs("\\n", f);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fputc('?', f);
		else
			fputc(*s, f);
}

static void
write_header(FILE *f, const struct sb_learn *l)
{
	size_t i;

	fprintf(f, "-- Learned by `sandbox learn` from %zu run%s of:\n",
	    l->runs.n, l->runs.n == 1 ? "" : "s");
	for (i = 0; i < l->runs.n; i++) {
		fprintf(f, "--   ");
		comment_text(f, l->runs.v[i]);
		fputc('\n', f);
	}
	fprintf(f, "-- (%lu system calls were stopped and looked at; the rest "
	    "ran unwatched.)\n", l->notes);
	fprintf(f,
	    "-- Review before use: only what these runs did is here. Code "
	    "paths they\n-- did not take (errors, other options, a reload) "
	    "are not; run\n-- `sandbox learn --append -o FILE` to add them, "
	    "then `sandbox check FILE`.\n"
	    "-- The backend is chosen at run time (sandbox -b NAME -P FILE).\n");
	write_record(f, l);
}

static void
write_program(FILE *f, const struct sb_learn *l)
{
	size_t i;

	fprintf(f, "return {\n  program = ");
	sb_learn_lua_string(f, l->program ? l->program : "");
	fprintf(f, ",\n  args = {");
	for (i = 0; i < l->args.n; i++) {
		fprintf(f, "%s", i ? ", " : " ");
		sb_learn_lua_string(f, l->args.v[i]);
	}
	fprintf(f, "%s},\n", l->args.n ? " " : "");
	/* Learned as this user: run as it, or its files are not its own. */
	if (l->user != NULL) {
		fprintf(f, "  user = ");
		sb_learn_lua_string(f, l->user);
		fprintf(f, ",\n");
	}
	if (l->group != NULL) {
		fprintf(f, "  group = ");
		sb_learn_lua_string(f, l->group);
		fprintf(f, ",\n");
	}
	fputc('\n', f);
}

int
sb_learn_write(struct sandbox *sb, const struct sb_learn *l, FILE *f)
{
	struct build b = { .l = l };
	int r;

	if (l->program == NULL)
		return sb_err(sb, EINVAL, "nothing learned yet");
	if ((b.proc_whole = proc_whole(l)))
		add(&b, &b.unveil, "/proc", SANDBOX_UNVEIL_R, SB_LP_LIST);
	if ((r = b.err) < 0 || (r = sb_learn_each(l, visit, &b)) < 0 ||
	    (r = sb_learn_collapse(&b.unveil)) < 0) {
		r = sb_err(sb, -r, "out of memory");
		goto out;
	}
	drop_written_files(&b);
	group_all(&b.unveil);
	group_all(&b.files);
	write_header(f, l);
	write_program(f, l);
	write_files(f, &b.files);
	write_unveil(f, &b);
	write_pledge(f, l);
	write_net(f, l);
	fprintf(f, "}\n");
	r = ferror(f) ? sb_err(sb, EIO, "writing the policy") : 0;
out:
	sb_learn_rules_free(&b.unveil);
	sb_learn_rules_free(&b.files);
	sb_learn_rules_free(&b.listed);
	return r;
}

/* The raw record, for --append: see learn_read.c for the grammar. */
struct rec {
	FILE	*f;
};

static int
write_path(const struct sb_learn_path *p, void *arg)
{
	struct rec *w = arg;
	char perms[5];

	sb_learn_perms(p->perms, perms);
	fprintf(w->f, "path %s %x ", perms, p->how);
	sb_learn_encode(w->f, p->path);
	fputc('\n', w->f);
	return 0;
}

static void
write_words(FILE *f, const char *key, const struct sb_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++) {
		fprintf(f, "%s ", key);
		sb_learn_encode(f, sv->v[i]);
		fputc('\n', f);
	}
}

static void
write_record(FILE *f, const struct sb_learn *l)
{
	struct rec w = { f };
	size_t i;
	int p;

	fprintf(f, "--[==[ %s\n", SB_LEARN_MAGIC);
	fprintf(f, "program ");
	sb_learn_encode(f, l->program ? l->program : "");
	fputc('\n', f);
	write_words(f, "arg", &l->args);
	write_one(f, "user", l->user);
	write_one(f, "group", l->group);
	write_words(f, "run", &l->runs);
	write_words(f, "closure", &l->closure);
	for (p = 0; p < SB_P_COUNT; p++)
		if (l->promises & SB_PBIT(p))
			fprintf(f, "promise %s\n", sb_promise_name(p));
	for (i = 0; i < l->nunknown; i++)
		fprintf(f, "unknown %ld\n", l->unknown[i]);
	for (i = 0; i < l->nbind; i++)
		fprintf(f, "bind %u\n", (unsigned)l->bind_port[i]);
	for (i = 0; i < l->nconnect; i++)
		fprintf(f, "connect %u\n", (unsigned)l->connect_port[i]);
	fprintf(f, "flags %d %d %d %d\n", l->inet, l->inet_socket, l->dns,
	    l->ephemeral);
	if (l->other_proc > 0)
		fprintf(f, "otherproc %lu\n", l->other_proc);
	if (l->child_proc > 0)
		fprintf(f, "childproc %lu\n", l->child_proc);
	sb_learn_each(l, write_path, &w);
	fprintf(f, "]==]\n");
}
