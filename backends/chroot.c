/*
 * chroot.c: the classic jail, built automatically. prepare computes the
 * program's closure and brings its jail up to date (--root DIR, or one jail
 * per program under a cache directory); enter chroots into it, in a new
 * user and mount namespace when not root, so that no root is needed, and
 * always in a pid namespace of its own under an init (core/pidns.c), so
 * that no host process is in reach and none is left behind. The program
 * keeps its host path inside the jail.
 *
 * The jail's .sandbox (the manifest a later build trusts) is hidden from
 * the program, and TIOCSTI is refused. As root without --user the program
 * stays root inside the jail, and root can leave a chroot (chroot into a
 * subdirectory, then chdir ..) or unmount what hides .sandbox: that is the
 * classic weakness, kept as is and documented.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "caps.h"
#include "elfobj.h"
#include "jail.h"
#include "sb_internal.h"

/* FNV-1a over the program and the files, for the default jail's name. */
static uint64_t
spec_hash(const struct sb_jail_spec *spec)
{
	uint64_t h = 14695981039346656037ULL;
	const struct sb_strv *lists[] = { &spec->programs, &spec->files };
	size_t l, i;
	const char *s;

	for (l = 0; l < 2; l++)
		for (i = 0; i < lists[l]->n; i++)
			for (s = lists[l]->v[i]; ; s++) {
				h = (h ^ (unsigned char)*s) * 1099511628211ULL;
				if (*s == '\0')
					break;
			}
	return h;
}

static int
mkdirs(char *path, mode_t mode)
{
	char *s;

	for (s = path + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, mode) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return mkdir(path, mode) < 0 && errno != EEXIST ? -errno : 0;
}

/* A private directory of ours in /tmp: made by us, ours, 0700. */
static int
tmp_base(char *buf, size_t len)
{
	struct stat st;

	snprintf(buf, len, "/tmp/sandbox-%u", (unsigned)geteuid());
	if (mkdir(buf, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (lstat(buf, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0)
		return -EPERM;
	strlcat(buf, "/jails", len);
	return 0;
}

/*
 * The jails' directory: /var/cache/sandbox/jails as root,
 * $XDG_CACHE_HOME/sandbox/jails (~/.cache) otherwise, or a private
 * directory in /tmp for users without a home (nobody).
 */
static int
cache_dir(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int r;

	if (geteuid() == 0)
		snprintf(buf, len, "/var/cache/sandbox/jails");
	else if (xdg != NULL && xdg[0] == '/')
		snprintf(buf, len, "%s/sandbox/jails", xdg);
	else if (home != NULL && home[0] == '/')
		snprintf(buf, len, "%s/.cache/sandbox/jails", home);
	else
		buf[0] = '\0';
	if (buf[0] != '\0' && mkdirs(buf, 0700) == 0)
		return 0;
	if ((r = tmp_base(buf, len)) < 0)
		return r;
	return mkdirs(buf, 0700);
}

static int
default_root(struct sandbox *sb, const struct sb_jail_spec *spec, char *buf,
    size_t len)
{
	char dir[PATH_MAX];
	const char *name = strrchr(sb->path, '/') + 1;
	int r;

	if ((r = cache_dir(dir, sizeof(dir))) < 0)
		return sb_err(sb, -r, "chroot: no directory for jails (set "
		    "--root): %s", strerror(-r));
	if ((size_t)snprintf(buf, len, "%s/%s-%016llx", dir, name,
	    (unsigned long long)spec_hash(spec)) >= len)
		return sb_err(sb, ENAMETOOLONG, "chroot: jail path too long");
	return 0;
}

/*
 * The program as the user named it, when that path leads through a link
 * (/bin/sh -> usr/bin/dash): a shell that runs "$0" again, or a script
 * whose #! names the same path, must find it in the jail too.
 */
static int
add_named(struct sandbox *sb, struct sb_jail_spec *spec)
{
	const char *name = sb->argv.n > 0 ? sb->argv.v[0] : NULL;

	if (name == NULL || name[0] != '/' || strcmp(name, sb->path) == 0)
		return 0;
	return sb_strv_push(&spec->programs, name);
}

static int
make_spec(struct sandbox *sb, struct sb_jail_spec *spec)
{
	size_t i;
	int r;

	if ((r = sb_strv_push(&spec->programs, sb->path)) < 0 ||
	    (r = add_named(sb, spec)) < 0)
		return sb_err(sb, -r, "chroot: out of memory");
	/* Names for --user resolve inside, and only its own are shown. */
	if (sb->cfg.user != NULL &&
	    (r = sb_strv_push(&spec->users, sb->cfg.user)) < 0)
		return sb_err(sb, -r, "chroot: out of memory");
	for (i = 0; i < sb->cfg.files.n && r == 0; i++)
		r = sb_strv_push(&spec->files, sb->cfg.files.v[i]);
	if (r == 0)
		r = sb_jail_spec_defaults(spec);
	/* The program's own environment finds its libraries. */
	if (r == 0 && sb_env_get(sb, "LD_LIBRARY_PATH") != NULL &&
	    sb_env_get(sb, "LD_LIBRARY_PATH")[0] != '\0' &&
	    (spec->libpath = strdup(sb_env_get(sb, "LD_LIBRARY_PATH"))) == NULL)
		r = -ENOMEM;
	/* A program the jail was built for and the host lost is dropped. */
	spec->drop_gone = true;
	return r < 0 ? sb_err(sb, -r, "chroot: out of memory") : 0;
}

/* The build's library path too, after the run's own. */
static int
merge_libpath(struct sb_jail_spec *spec, const char *old)
{
	char *both;

	if (old == NULL || (spec->libpath != NULL &&
	    strcmp(spec->libpath, old) == 0))
		return 0;
	if (spec->libpath == NULL)
		both = strdup(old);
	else if (asprintf(&both, "%s:%s", spec->libpath, old) < 0)
		both = NULL;
	if (both == NULL)
		return -ENOMEM;
	free(spec->libpath);
	spec->libpath = both;
	return 0;
}

/* A jail given with --root keeps what it was built for, and adds ours. */
static int
merge_manifest(struct sandbox *sb, const char *root,
    struct sb_jail_spec *spec)
{
	char err[SB_ERRLEN];
	struct sb_jail_spec old;
	size_t i;
	int r = 0;

	memset(&old, 0, sizeof(old));
	if ((r = sb_jail_read_spec(root, &old, err, sizeof(err))) == -ENOENT)
		return 0;	/* a new jail */
	if (r < 0)
		return sb_err(sb, -r, "chroot: jail %s: %s", root, err);
	for (i = 0; i < old.programs.n && r == 0; i++)
		if (!sb_strv_contains(&spec->programs, old.programs.v[i]))
			r = sb_strv_push(&spec->programs, old.programs.v[i]);
	for (i = 0; i < old.files.n && r == 0; i++)
		if (!sb_strv_contains(&spec->files, old.files.v[i]))
			r = sb_strv_push(&spec->files, old.files.v[i]);
	for (i = 0; i < old.runtime.n && r == 0; i++)
		if (!sb_strv_contains(&spec->runtime, old.runtime.v[i]))
			r = sb_strv_push(&spec->runtime, old.runtime.v[i]);
	for (i = 0; i < old.users.n && r == 0; i++)
		if (!sb_strv_contains(&spec->users, old.users.v[i]))
			r = sb_strv_push(&spec->users, old.users.v[i]);
	if (r == 0)
		r = merge_libpath(spec, old.libpath);
	sb_jail_spec_free(&old);
	return r < 0 ? sb_err(sb, -r, "chroot: out of memory") : 0;
}

/*
 * A jail this user may not write (one root built and shares) is entered
 * as it is, not refreshed; a new or own jail is built or brought up to
 * date. Whose it is decides, not what access(2) says.
 */
static bool
writable_jail(const char *root)
{
	struct stat st;

	if (stat(root, &st) < 0)
		return true;
	return st.st_uid == geteuid();
}

static bool
names_origin(const char *list)
{
	return list != NULL && (strstr(list, "$ORIGIN") != NULL ||
	    strstr(list, "${ORIGIN}") != NULL);
}

/*
 * A program whose RPATH or RUNPATH names $ORIGIN (java finds libjli so)
 * has ld.so read /proc/self/exe, which a jail has not; ld.so then takes
 * LD_ORIGIN_PATH instead (glibc's dl-origin.c), set here to the
 * directory of the program's real path, as /proc/self/exe would give it.
 * A value the caller set is left alone.
 */
static int
origin_path(struct sandbox *sb)
{
	char err[256], real[PATH_MAX], *slash;
	struct sb_elf elf;
	bool origin;

	if (sb_env_get(sb, "LD_ORIGIN_PATH") != NULL ||
	    sb_elf_read(sb->path, &elf, err, sizeof(err)) < 0)
		return 0;
	origin = names_origin(elf.rpath) || names_origin(elf.runpath);
	sb_elf_free(&elf);
	if (!origin || realpath(sb->path, real) == NULL ||
	    (slash = strrchr(real, '/')) == NULL)
		return 0;
	if (slash == real)
		slash++;
	*slash = '\0';
	return sb_env_set(sb, "LD_ORIGIN_PATH", real);
}

/*
 * The jail's root, absolute: a relative --root is taken from the current
 * directory, as chroot(8) does, whether or not it exists yet.
 */
static int
jail_root(struct sandbox *sb, char *root, size_t len)
{
	char cwd[PATH_MAX];

	if (sb->cfg.root[0] == '/') {
		if (strlcpy(root, sb->cfg.root, len) >= len)
			return sb_err(sb, ENAMETOOLONG, "chroot: root too long");
		return 0;
	}
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return sb_err(sb, errno, "chroot: %s: getcwd", sb->cfg.root);
	if ((size_t)snprintf(root, len, "%s/%s", cwd, sb->cfg.root) >= len)
		return sb_err(sb, ENAMETOOLONG, "chroot: root too long");
	return 0;
}

/* Build or refresh our own jail, or check another's used as it is. */
static int
ready_jail(struct sandbox *sb, const char *root, struct sb_jail_spec *spec)
{
	struct sb_jail_stats st;
	char err[SB_ERRLEN];
	int r;

	if (!writable_jail(root))
		r = sb_jail_check(root, err, sizeof(err));
	else
		r = sb_jail_build(root, spec, &st, err, sizeof(err));
	return r < 0 ? sb_err(sb, -r, "chroot: jail %s: %s", root, err) : 0;
}

static int
chroot_prepare(struct sandbox *sb)
{
	struct sb_jail_spec spec;
	char root[PATH_MAX], real[PATH_MAX];
	int r;

	memset(&spec, 0, sizeof(spec));
	if ((r = make_spec(sb, &spec)) < 0)
		goto out;
	if (sb->cfg.root != NULL) {
		if ((r = jail_root(sb, root, sizeof(root))) < 0)
			goto out;
		if ((r = merge_manifest(sb, root, &spec)) < 0)
			goto out;
	} else if ((r = default_root(sb, &spec, root, sizeof(root))) < 0)
		goto out;
	if ((r = ready_jail(sb, root, &spec)) < 0 ||
	    (r = origin_path(sb)) < 0)
		goto out;
	if (realpath(root, real) == NULL) {
		r = sb_err(sb, errno, "chroot: %s", root);
		goto out;
	}
	free(sb->priv[SB_SLOT_CHROOT]);
	if ((sb->priv[SB_SLOT_CHROOT] = strdup(real)) == NULL)
		r = sb_err(sb, ENOMEM, "chroot: out of memory");
out:
	sb_jail_spec_free(&spec);
	return r;
}

/* A pid namespace: no host process to reach, none left behind. */
static long
chroot_clone_flags(struct sandbox *sb)
{
	return sb_pidns_clone_flags(true);
}

static int
chroot_started(struct sandbox *sb, pid_t pid)
{
	return sb_pidns_started(sb, pid);
}

/*
 * Into the jail (in the namespaces the spawn cloned the child into), then
 * the program under an init of the pid namespace; the jail has no /proc.
 */
static int
chroot_enter(struct sandbox *sb, struct sb_child *c)
{
	char err[SB_ERRLEN];
	int r;

	if (sb->priv[SB_SLOT_CHROOT] == NULL)
		return sb_err(sb, EINVAL, "chroot: no jail prepared");
	if ((r = sb_jail_enter(sb->priv[SB_SLOT_CHROOT], SB_JAIL_RUN |
	    (c->cloned != 0 ? SB_JAIL_CLONED : 0), err, sizeof(err))) < 0)
		return sb_err(sb, -r, "chroot: %s", err);
	return sb_pidns_enter(sb, c, false);
}

/*
 * The program keeps the user's terminal: it must not type into the shell
 * that started it (TIOCSTI), whoever it runs as. Under combined, the
 * combined backend loads the same guard itself.
 */
static int
chroot_narrow(struct sandbox *sb, struct sb_child *c)
{
	return sb_tty_guard(sb);
}

static void
chroot_release(struct sandbox *sb)
{
	free(sb->priv[SB_SLOT_CHROOT]);
	sb->priv[SB_SLOT_CHROOT] = NULL;
}

static int
chroot_probe(char *why, size_t len)
{
	FILE *f;
	long n = 0;

	if (geteuid() == 0) {
		snprintf(why, len, "chroot(2) as root; jails built from the "
		    "ELF closure");
		return 0;
	}
	if ((f = fopen("/proc/sys/user/max_user_namespaces", "re")) != NULL) {
		if (fscanf(f, "%ld", &n) != 1)
			n = 0;
		fclose(f);
	}
	if (n <= 0) {
		snprintf(why, len, "not root and user namespaces are off "
		    "(user.max_user_namespaces)");
		return -EPERM;
	}
	snprintf(why, len, "chroot(2) in a user namespace (not root); jails "
	    "built from the ELF closure");
	return 0;
}

const struct sb_backend sb_backend_chroot = {
	.name = "chroot",
	.mechanism = "chroot(2) into a jail built from the ELF closure and "
	    "kept in sync; a user namespace when not root",
	.answers = SANDBOX_ANSWERS_ROOT,
	.applies = SB_APPLIES_ROOT,
	.probe = chroot_probe,
	.prepare = chroot_prepare,
	.enter = chroot_enter,
	.narrow = chroot_narrow,
	.release = chroot_release,
	.clone_flags = chroot_clone_flags,
	.started = chroot_started,
};
