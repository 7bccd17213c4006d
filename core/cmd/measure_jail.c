/*
 * measure_jail.c: what a chroot jail costs for one program, measured with
 * the command's own verbs: `sandbox build` (files and bytes replicated,
 * time) and `sandbox sync` with nothing changed and after an update.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "measure.h"

#define JAIL_TIMEOUT	120000	/* ms: a cold build of a large program */

static int
verb(const struct ms_env *e, const char *v, const char *root,
    const char *prog, struct ms_run *r, char *why, size_t len)
{
	char *args[] = { (char *)e->self, (char *)v, "--root", (char *)root,
	    (char *)prog, NULL };
	char line[256];

	if (ms_run(args, NULL, false, JAIL_TIMEOUT, r) < 0 || r->status != 0) {
		snprintf(why, len, "sandbox %s: %s", v, r->status == MS_TIMEDOUT ?
		    "timed out" : ms_first_line(r->err, line, sizeof(line)));
		return -1;
	}
	return 0;
}

int
ms_jail_build(const struct ms_env *e, const char *prog, const char *root,
    struct ms_jail *j)
{
	struct stat a, b;
	struct ms_run r;

	ms_rmtree(root);
	if (verb(e, "build", root, prog, &r, j->why, sizeof(j->why)) < 0)
		return -1;
	j->build_ms = r.ms;
	if (ms_tree_count(root, &j->tree) < 0) {
		snprintf(j->why, sizeof(j->why), "%s: %s", root, strerror(errno));
		return -1;
	}
	j->same_fs = stat(root, &a) == 0 && stat("/usr", &b) == 0 &&
	    a.st_dev == b.st_dev;
	return 0;
}

/* Refresh; count what the refresh replaced. */
int
ms_jail_sync(const struct ms_env *e, const char *root, double *ms,
    long *changed, long long *bytes, char *why, size_t len)
{
	struct ms_snap *s;
	struct ms_run r;

	if ((s = ms_snap_take(root)) == NULL) {
		snprintf(why, len, "%s: %s", root, strerror(errno));
		return -1;
	}
	if (verb(e, "sync", root, NULL, &r, why, len) < 0) {
		ms_snap_free(s);
		return -1;
	}
	*ms = r.ms;
	*changed = ms_snap_changed(s, root, bytes);
	ms_snap_free(s);
	return 0;
}

/* Copy src to dst through a temporary file and a rename, as dpkg does. */
static int
install_copy(const char *src, const char *dst, const char *extra)
{
	char tmp[4300], buf[65536];
	ssize_t n;
	int in, out, r = 0;

	snprintf(tmp, sizeof(tmp), "%s.new", dst);
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0755)) < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			r = -1;
	/* Trailing bytes after an ELF image change nothing it does. */
	if (extra != NULL && write(out, extra, strlen(extra)) < 0)
		r = -1;
	close(in);
	if (close(out) < 0 || n < 0 || r < 0 || rename(tmp, dst) < 0)
		return -1;
	return 0;
}

/*
 * The program is updated on the host (a new file renamed over the old,
 * as a package manager does): what does the refresh copy? The program is
 * copied first so that the host's own stays untouched.
 */
int
ms_jail_update(const struct ms_env *e, const char *prog, const char *root,
    struct ms_jail *j)
{
	char dir[4300], copy[4400];

	snprintf(dir, sizeof(dir), "%s/update", e->scratch);
	snprintf(copy, sizeof(copy), "%s/prog", dir);
	if ((mkdir(dir, 0755) < 0 && errno != EEXIST) ||
	    install_copy(prog, copy, NULL) < 0) {
		snprintf(j->why, sizeof(j->why), "%.200s: %s", copy,
		    strerror(errno));
		return -1;
	}
	ms_rmtree(root);
	if (verb(e, "build", root, copy, &(struct ms_run){ 0 }, j->why,
	    sizeof(j->why)) < 0)
		return -1;
	if (install_copy(prog, copy, "update\n") < 0) {
		snprintf(j->why, sizeof(j->why), "%.200s: %s", copy,
		    strerror(errno));
		return -1;
	}
	return ms_jail_sync(e, root, &j->update_ms, &j->update_changed,
	    &j->update_bytes, j->why, sizeof(j->why));
}
