/*
 * measure_env.c: the scene of a measurement (scratch directory, host
 * marker file, the probe next to the command) and its columns: every
 * backend registered in this build, then the peers found on this system.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "measure.h"
#include "sandbox.h"

/*
 * A child that outlives an interrupted measurement just long enough to
 * remove its scratch directory (jails included): it waits for the end of
 * a pipe only this process holds.
 */
static void
start_reaper(struct ms_env *e)
{
	char c;
	int p[2];

	e->lifeline = -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return;
	if ((e->reaper = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return;
	}
	if (e->reaper == 0) {
		close(p[1]);
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		ms_rmtree(e->scratch);
		_exit(0);
	}
	close(p[0]);
	e->lifeline = p[1];
}

int
ms_env_init(struct ms_env *e)
{
	const char *p;
	ssize_t n;
	FILE *f;

	memset(e, 0, sizeof(*e));
	e->pid = getpid();
	if ((n = readlink("/proc/self/exe", e->self, sizeof(e->self) - 1)) < 0)
		return -errno;
	e->self[n] = '\0';
	strlcpy(e->probedir, e->self, sizeof(e->probedir));
	strlcpy(e->probedir, dirname(e->probedir), sizeof(e->probedir));
	if ((p = getenv("SANDBOX_PROBE")) != NULL)
		strlcpy(e->probe, p, sizeof(e->probe));
	else
		snprintf(e->probe, sizeof(e->probe), "%s/sandbox-probe",
		    e->probedir);
	if (access(e->probe, X_OK) < 0)
		return -errno;
	/* Its dynamic companion, beside it; without it, one row is n/a. */
	snprintf(e->preinit, sizeof(e->preinit), "%s-preinit", e->probe);
	if (access(e->preinit, X_OK) < 0)
		e->preinit[0] = '\0';
	/* On disk rather than tmpfs: a jail there may hard-link to /usr. */
	strlcpy(e->scratch, "/var/tmp/sandbox-measure.XXXXXX",
	    sizeof(e->scratch));
	if (mkdtemp(e->scratch) == NULL)
		return -errno;
	start_reaper(e);
	/* Anyone may reach the marker: only the confinement may hide it. */
	chmod(e->scratch, 0755);
	snprintf(e->jail, sizeof(e->jail), "%s/jail", e->scratch);
	snprintf(e->jail_nobody, sizeof(e->jail_nobody), "%s/jail-nobody",
	    e->scratch);
	if (mkdir(e->jail_nobody, 0755) < 0)
		return -errno;
	/* Only root can give it away; otherwise the caller owns it. */
	if (geteuid() == 0 && chown(e->jail_nobody, 65534, 65534) < 0)
		return -errno;
	snprintf(e->marker, sizeof(e->marker), "%s/host-secret", e->scratch);
	snprintf(e->wdir, sizeof(e->wdir), "%s/w", e->scratch);
	if ((f = fopen(e->marker, "we")) == NULL)
		return -errno;
	fputs("a host file outside every policy\n", f);
	fclose(f);
	chmod(e->marker, 0644);
	if (mkdir(e->wdir, 0777) < 0 || chmod(e->wdir, 01777) < 0)
		return -errno;
	return 0;
}

void
ms_env_cleanup(struct ms_env *e)
{
	if (e->scratch[0] != '\0')
		ms_rmtree(e->scratch);
	if (e->reaper > 0) {
		close(e->lifeline);
		while (waitpid(e->reaper, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

static void
add(struct ms_column *c, const char *arg)
{
	if (c->argc < MS_MAXARGS - 1)
		c->argv[c->argc++] = strdup(arg);
	c->argv[c->argc] = NULL;
	if (c->cmdline[0] != '\0')
		strlcat(c->cmdline, " ", sizeof(c->cmdline));
	strlcat(c->cmdline, arg, sizeof(c->cmdline));
}

static void
addv(struct ms_column *c, const char *const *args)
{
	for (; *args != NULL; args++)
		add(c, *args);
}

/* Rules that let a program and the system's libraries load, and no more. */
static void
add_view(const struct ms_env *e, struct ms_column *c)
{
	char rule[4200];

	snprintf(rule, sizeof(rule), "%s:rx", e->probedir);
	addv(c, (const char *[]){ "-v", rule, "-v", "/usr:rx", "-v",
	    "/etc/ld.so.cache:r", NULL });
}

/* The options each backend's column runs with: comparable, sensible. */
static void
backend_options(const struct ms_env *e, struct ms_column *c,
    const char *name)
{
	if (strcmp(name, "chroot") == 0) {
		addv(c, (const char *[]){ "-r", e->jail, NULL });
		c->jail = true;
	} else if (strcmp(name, "unveil") == 0)
		add_view(e, c);
	else if (strcmp(name, "pledge") == 0)
		addv(c, (const char *[]){ "-p", "stdio rpath", NULL });
	else if (strcmp(name, "combined") == 0) {
		addv(c, (const char *[]){ "-p", "stdio rpath", NULL });
		add_view(e, c);
	}
}

static struct ms_column *
backend_column(const struct ms_env *e, struct ms_column *c, size_t i,
    const char *label, bool options)
{
	const char *name = sandbox_backend_name(i);

	memset(c, 0, sizeof(*c));
	strlcpy(c->name, label ? label : name, sizeof(c->name));
	c->kind = "backend";
	addv(c, (const char *[]){ e->self, "-q", "-b", name, NULL });
	if (options)
		backend_options(e, c, name);
	c->usable = sandbox_backend_probe(i, c->why, sizeof(c->why)) == 0;
	return c;
}

/* Is prog an executable file in PATH? */
static bool
in_path(const char *prog, char *found, size_t len)
{
	char *path, *dir, *save = NULL;
	bool ok = false;

	if ((path = strdup(getenv("PATH") ? getenv("PATH") :
	    "/usr/bin:/bin")) == NULL)
		return false;
	for (dir = strtok_r(path, ":", &save); dir != NULL && !ok;
	    dir = strtok_r(NULL, ":", &save)) {
		snprintf(found, len, "%s/%s", dir, prog);
		ok = access(found, X_OK) == 0;
	}
	free(path);
	return ok;
}

static void
peer_column(const struct ms_env *e, struct ms_column *c, const char *name,
    const char *const *args)
{
	char path[4096];

	memset(c, 0, sizeof(*c));
	strlcpy(c->name, name, sizeof(c->name));
	c->kind = "peer";
	addv(c, args);
	if ((c->usable = in_path(args[0], path, sizeof(path))))
		snprintf(c->why, sizeof(c->why), "installed: %.200s", path);
	else
		snprintf(c->why, sizeof(c->why), "%s is not installed",
		    args[0]);
}

static void
peers(const struct ms_env *e, struct ms_column *c, size_t *n, size_t max)
{
	if (*n < max)
		peer_column(e, &c[(*n)++], "bwrap", (const char *[]){ "bwrap",
		    "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/",
		    "--dev", "/dev", "--proc", "/proc", "--", NULL });
	/* Only /usr and the probe: the nearest to a jail bwrap offers. */
	if (*n < max) {
		peer_column(e, &c[*n], "bwrap-tight", (const char *[]){
		    "bwrap", "--unshare-all", "--die-with-parent",
		    "--cap-drop", "ALL", "--ro-bind", "/usr", "/usr",
		    "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib",
		    "/lib", "--symlink", "usr/lib64", "/lib64", "--ro-bind",
		    e->probedir, e->probedir, "--proc", "/proc", "--dev", "/dev",
		    "--", NULL });
		(*n)++;
	}
	if (*n < max)
		peer_column(e, &c[(*n)++], "firejail", (const char *[]){
		    "firejail", "--quiet", "--noprofile", "--net=none", "--",
		    NULL });
	/*
	 * chroot(8), the classic jail, entered as root: in the jail the
	 * chroot column built (the backends come first), for it builds none.
	 */
	if (*n < max) {
		peer_column(e, &c[*n], "chroot(8)", (const char *[]){
		    "chroot", e->jail, NULL });
		c[*n].borrows_jail = true;
		if (c[*n].usable && !ms_has_backend("chroot")) {
			c[*n].usable = false;
			snprintf(c[*n].why, sizeof(c[*n].why), "no chroot "
			    "backend in this build to build its jail");
		} else if (c[*n].usable && geteuid() != 0) {
			c[*n].usable = false;
			snprintf(c[*n].why, sizeof(c[*n].why), "chroot(2) "
			    "needs root");
		}
		(*n)++;
	}
}

size_t
ms_columns(const struct ms_env *e, struct ms_column *c, size_t max)
{
	size_t i, n = 0, nb = sandbox_backend_count();
	const char *name;

	for (i = 0; i < nb && n < max; i++) {
		name = sandbox_backend_name(i);
		backend_column(e, &c[n++], i, NULL, true);
		/* A jail entered as root, then the same with --user. */
		if (strcmp(name, "chroot") == 0 && n < max) {
			backend_column(e, &c[n], i, "chroot-user", true);
			addv(&c[n], (const char *[]){ "-u", "nobody", NULL });
			c[n++].as_nobody = true;
		}
		/*
		 * combined as a user runs it with no options (the view, no
		 * network, no capabilities): what bwrap --unshare-all does.
		 */
		if (strcmp(name, "combined") == 0 && n < max)
			backend_column(e, &c[n++], i, "combined-default",
			    false);
	}
	peers(e, c, &n, max);
	return n;
}

void
ms_columns_free(struct ms_column *c, size_t n)
{
	size_t i;
	int j;

	for (i = 0; i < n; i++)
		for (j = 0; j < c[i].argc; j++)
			free(c[i].argv[j]);
}

bool
ms_has_backend(const char *name)
{
	size_t i;

	for (i = 0; i < sandbox_backend_count(); i++)
		if (strcmp(sandbox_backend_name(i), name) == 0)
			return true;
	return false;
}

/* "PATH:PERMS" as the command's -v takes it, into sandbox_unveil(). */
int
ms_unveil_rule(struct sandbox *sb, const char *rule)
{
	char path[4200];
	const char *colon = strrchr(rule, ':');

	if (colon == NULL)
		return sandbox_unveil(sb, rule, "r");
	snprintf(path, sizeof(path), "%.*s", (int)(colon - rule), rule);
	return sandbox_unveil(sb, path, colon + 1);
}
