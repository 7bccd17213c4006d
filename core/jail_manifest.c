/*
 * jail_manifest.c: DIR/.sandbox/manifest, a text file: what the jail was
 * built from (program, file and runtime lines), then one line per path
 * with the host file's identity when it was taken, so that a refresh
 * compares stats instead of contents:
 *	f l DEV INO SIZE SEC NSEC MODE /path	(file, hard-linked)
 *	f c ... JINO JSEC JNSEC /path		(file, copied; the copy's
 *						 inode and ctime)
 *	s - ... /path				(symlink)
 *	d - ... /path				(directory)
 *	g - ... /path				(made here: passwd, group)
 * A "libpath" line keeps the LD_LIBRARY_PATH of the build. Before copying,
 * a build writes the paths it is about to add, with no identity, so that
 * an interrupted build leaves nothing the next one does not know of.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail_int.h"

#define MAGIC	"sandbox-jail 2"
#define MAGIC1	"sandbox-jail 1"	/* copies without their own identity */

int
jail_manifest_add(struct jail_manifest *m, const struct jail_rec *r)
{
	if (sb_grow(&m->rec, &m->cap, m->n, sizeof(*m->rec), 256) < 0)
		return -ENOMEM;
	m->rec[m->n] = *r;
	if ((m->rec[m->n].path = strdup(r->path)) == NULL)
		return -ENOMEM;
	m->n++;
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct jail_rec *)a)->path,
	    ((const struct jail_rec *)b)->path);
}

void
jail_manifest_sort(struct jail_manifest *m)
{
	if (m->n > 0)
		qsort(m->rec, m->n, sizeof(*m->rec), by_path);
}

const struct jail_rec *
jail_manifest_find(const struct jail_manifest *m, const char *path)
{
	struct jail_rec key = { .path = (char *)path };

	if (m->n == 0)
		return NULL;
	return bsearch(&key, m->rec, m->n, sizeof(*m->rec), by_path);
}

void
jail_manifest_free(struct jail_manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->rec[i].path);
	free(m->rec);
	sb_jail_spec_free(&m->spec);
	memset(m, 0, sizeof(*m));
}

static int
parse_rec(struct jail_manifest *m, const char *line)
{
	struct jail_rec r;
	uintmax_t dev, ino, size, mode, jino;
	intmax_t sec, nsec, csec, cnsec;
	int off = 0;

	if (sscanf(line, "%c %c %ju %ju %ju %jd %jd %jo %n", &r.kind, &r.how,
	    &dev, &ino, &size, &sec, &nsec, &mode, &off) != 8 || off == 0 ||
	    strchr("fsdg", r.kind) == NULL)
		return -EINVAL;
	memset(&r.jctime, 0, sizeof(r.jctime));
	r.jino = 0;
	if (r.how == 'c' && line[off] != '/') {
		line += off;
		off = 0;
		if (sscanf(line, "%ju %jd %jd %n", &jino, &csec, &cnsec,
		    &off) != 3 || off == 0)
			return -EINVAL;
		r.jino = jino;
		r.jctime.tv_sec = csec;
		r.jctime.tv_nsec = cnsec;
	}
	if (line[off] != '/')
		return -EINVAL;
	r.dev = dev;
	r.ino = ino;
	r.size = size;
	r.mtime.tv_sec = sec;
	r.mtime.tv_nsec = nsec;
	r.mode = mode;
	r.path = (char *)line + off;
	return jail_manifest_add(m, &r);
}

static int
parse_line(struct jail_manifest *m, char *line)
{
	static const struct {
		const char	*word;
		size_t		 off;
	} spec[] = {
		{ "program ", offsetof(struct sb_jail_spec, programs) },
		{ "file ", offsetof(struct sb_jail_spec, files) },
		{ "runtime ", offsetof(struct sb_jail_spec, runtime) },
		{ "user ", offsetof(struct sb_jail_spec, users) },
	};
	size_t i, n;

	if (strncmp(line, "libpath ", 8) == 0) {
		free(m->spec.libpath);
		return (m->spec.libpath = strdup(line + 8)) ? 0 : -ENOMEM;
	}
	for (i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		n = strlen(spec[i].word);
		if (strncmp(line, spec[i].word, n) == 0)
			return sb_strv_push((struct sb_strv *)
			    ((char *)&m->spec + spec[i].off), line + n);
	}
	return parse_rec(m, line);
}

/* The manifest, the jail owner's regular file, never through a link. */
static FILE *
open_manifest(const struct jail_fds *j, const char *path, char *err,
    size_t errlen)
{
	struct stat st;
	FILE *f;
	int fd, r;

	if ((fd = openat(j->sbfd, "manifest", O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0) {
		r = errno;
		if (r == ELOOP)
			snprintf(err, errlen, "%s is a symlink: refusing it",
			    path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(r));
		errno = r;
		return NULL;
	}
	if (fstat(fd, &st) < 0 || (r = jail_trust_stat(path, &st, j->owner,
	    false, err, errlen)) < 0 || (f = fdopen(fd, "r")) == NULL) {
		close(fd);
		errno = EPERM;
		return NULL;
	}
	return f;
}

int
jail_manifest_read(const struct jail_fds *j, struct jail_manifest *m,
    char *err, size_t errlen)
{
	char path[PATH_MAX + 32], *line = NULL;
	size_t cap = 0, lineno = 1;
	ssize_t n;
	FILE *f;
	int r = 0;

	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "%s/%s", j->root, SB_JAIL_MANIFEST);
	if ((f = open_manifest(j, path, err, errlen)) == NULL)
		return -errno;
	if ((n = getline(&line, &cap, f)) <= 0 ||
	    (strncmp(line, MAGIC "\n", n) != 0 &&
	    strncmp(line, MAGIC1 "\n", n) != 0))
		r = -EINVAL;
	while (r == 0 && (n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		r = parse_line(m, line);
	}
	free(line);
	fclose(f);
	if (r < 0) {
		snprintf(err, errlen, "%s:%zu: %s", path, lineno,
		    r == -ENOMEM ? "out of memory" : "not a jail manifest");
		jail_manifest_free(m);
		return r;
	}
	jail_manifest_sort(m);
	return 0;
}

static void
write_spec(FILE *f, const char *word, const struct sb_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		fprintf(f, "%s %s\n", word, sv->v[i]);
}

/* Written beside, then renamed: a crash leaves the old one whole. */
int
jail_manifest_write(const struct jail_fds *j, const struct jail_manifest *m,
    char *err, size_t errlen)
{
	char path[PATH_MAX + 32];
	const struct jail_rec *r;
	size_t i;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", j->root, SB_JAIL_MANIFEST);
	unlinkat(j->sbfd, "manifest.new", 0);
	if ((fd = openat(j->sbfd, "manifest.new", O_WRONLY | O_CREAT |
	    O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644)) < 0)
		goto fail;
	if (fchmod(fd, 0644) < 0 || (f = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto fail;
	}
	fprintf(f, "%s\n", MAGIC);
	write_spec(f, "program", &m->spec.programs);
	write_spec(f, "file", &m->spec.files);
	write_spec(f, "runtime", &m->spec.runtime);
	write_spec(f, "user", &m->spec.users);
	if (m->spec.libpath != NULL)
		fprintf(f, "libpath %s\n", m->spec.libpath);
	for (i = 0; i < m->n; i++) {
		r = &m->rec[i];
		fprintf(f, "%c %c %ju %ju %ju %jd %ld %jo ", r->kind,
		    r->how, (uintmax_t)r->dev, (uintmax_t)r->ino,
		    (uintmax_t)r->size, (intmax_t)r->mtime.tv_sec,
		    r->mtime.tv_nsec, (uintmax_t)r->mode);
		if (r->how == 'c')
			fprintf(f, "%ju %jd %ld ", (uintmax_t)r->jino,
			    (intmax_t)r->jctime.tv_sec, r->jctime.tv_nsec);
		fprintf(f, "%s\n", r->path);
	}
	if (fclose(f) != 0 ||
	    renameat(j->sbfd, "manifest.new", j->sbfd, "manifest") < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return -errno;
}
