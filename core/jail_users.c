/*
 * jail_users.c: a jail's /etc/passwd and /etc/group made for the users it
 * runs as (with root and nobody), so that names resolve inside without
 * showing every account of the host. Read in the builder, where the host's
 * NSS answers; rewritten only when the text changes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/stdlib.h>

#include "jail_int.h"

#define MAXTEXT	(256 * 1024)

static const struct passwd *
lookup(const char *name)
{
	const char *errstr;
	uid_t uid;

	uid = strtonum(name, 0, UINT32_MAX - 1, &errstr);
	return errstr == NULL ? getpwuid(uid) : getpwnam(name);
}

/* The accounts shown: root, nobody and the named users, once each. */
static int
accounts(const struct sb_strv *users, struct sb_strv *names,
    struct sb_strv *gids, char *err, size_t errlen)
{
	const struct passwd *pw;
	const char *fixed[] = { "root", "nobody" }, *errstr;
	size_t i;
	int r = 0;

	for (i = 0; i < 2 + users->n && r == 0; i++) {
		pw = lookup(i < 2 ? fixed[i] : users->v[i - 2]);
		/* A bare number needs no account: it has no name to show. */
		if (pw == NULL && i >= 2 && (strtonum(users->v[i - 2], 0,
		    UINT32_MAX - 1, &errstr), errstr != NULL)) {
			snprintf(err, errlen, "jail: no user '%s'",
			    users->v[i - 2]);
			return -ENOENT;
		}
		if (pw == NULL || sb_strv_contains(names, pw->pw_name))
			continue;
		if ((r = sb_strv_push(names, pw->pw_name)) == 0)
			r = sb_strv_pushf(gids, "%u", (unsigned)pw->pw_gid);
	}
	return r;
}

static int
passwd_text(const struct sb_strv *names, FILE *f)
{
	const struct passwd *pw;
	size_t i;

	for (i = 0; i < names->n; i++) {
		if ((pw = getpwnam(names->v[i])) == NULL)
			return -ENOENT;
		fprintf(f, "%s:x:%u:%u:%s:%s:%s\n", pw->pw_name,
		    (unsigned)pw->pw_uid, (unsigned)pw->pw_gid,
		    pw->pw_gecos ? pw->pw_gecos : "", pw->pw_dir ? pw->pw_dir :
		    "/", pw->pw_shell ? pw->pw_shell : "");
	}
	return 0;
}

/* Groups that are an account's primary group or list one of them. */
static int
group_text(const struct sb_strv *names, const struct sb_strv *gids, FILE *f)
{
	struct group *gr;
	char gid[16];
	size_t m;
	bool keep;
	int n;

	setgrent();
	while ((gr = getgrent()) != NULL) {
		snprintf(gid, sizeof(gid), "%u", (unsigned)gr->gr_gid);
		keep = sb_strv_contains(gids, gid);
		for (m = 0; gr->gr_mem[m] != NULL; m++)
			keep |= sb_strv_contains(names, gr->gr_mem[m]);
		if (!keep)
			continue;
		fprintf(f, "%s:x:%u:", gr->gr_name, (unsigned)gr->gr_gid);
		for (m = 0, n = 0; gr->gr_mem[m] != NULL; m++)
			if (sb_strv_contains(names, gr->gr_mem[m]))
				fprintf(f, "%s%s", n++ ? "," : "",
				    gr->gr_mem[m]);
		fputc('\n', f);
	}
	endgrent();
	return 0;
}

/*
 * 1 when the jail's file already holds text. Only a regular file is read:
 * a program in the jail may have left a fifo there, which would block.
 */
static int
same_text(int dfd, const char *name, const char *text, size_t len)
{
	struct stat st;
	char *have;
	ssize_t n;
	int fd, same;

	if ((fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	if ((have = malloc(len + 1)) == NULL) {
		close(fd);
		return -ENOMEM;
	}
	n = read(fd, have, len + 1);
	same = n == (ssize_t)len && memcmp(have, text, len) == 0;
	free(have);
	close(fd);
	return same;
}

static int
put(struct jail_ctx *j, const char *path, const char *text, size_t len)
{
	struct jail_rec rec = { .kind = 'g', .how = '-', .size = len,
	    .mode = 0644, .path = (char *)path };
	const char *base = strrchr(path, '/') + 1;
	struct stat st;
	bool there;
	int dfd, fd, r;

	if ((dfd = jail_dir(j, "/etc", true)) < 0)
		return dfd;
	if ((r = same_text(dfd, base, text, len)) < 0)
		return r;
	if (r == 1)
		j->st->unchanged++;
	else {
		there = fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0;
		unlinkat(dfd, ".sandbox-new", 0);
		if ((fd = openat(dfd, ".sandbox-new", O_WRONLY | O_CREAT |
		    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
			goto fail;
		if (write(fd, text, len) != (ssize_t)len ||
		    fchmod(fd, 0644) < 0) {
			close(fd);
			goto fail;
		}
		if (close(fd) < 0 || renameat(dfd, ".sandbox-new", dfd,
		    base) < 0)
			goto fail;
		j->st->copied++;
		if (there)
			j->st->updated++;
	}
	j->st->files++;
	j->st->bytes += len;
	return jail_manifest_add(j->new, &rec);
fail:
	r = -errno;
	snprintf(j->err, j->errlen, "jail %s: %s", path, strerror(errno));
	return r;
}

static int
make_text(int (*fn)(const struct sb_strv *, const struct sb_strv *, FILE *),
    const struct sb_strv *names, const struct sb_strv *gids, char **text,
    size_t *len)
{
	FILE *f;
	int r;

	if ((f = open_memstream(text, len)) == NULL)
		return -ENOMEM;
	r = fn(names, gids, f);
	if (fclose(f) != 0 && r == 0)
		r = -ENOMEM;
	if (r == 0 && *len > MAXTEXT)
		r = -EFBIG;
	return r;
}

static int
passwd_fn(const struct sb_strv *names, const struct sb_strv *gids, FILE *f)
{
	return passwd_text(names, f);
}

int
jail_users(struct jail_ctx *j, const struct sb_strv *users)
{
	struct sb_strv names = { NULL, 0, 0 }, gids = { NULL, 0, 0 };
	char *pw = NULL, *gr = NULL;
	size_t pwlen = 0, grlen = 0;
	int r;

	if ((r = accounts(users, &names, &gids, j->err, j->errlen)) < 0)
		goto out;
	if ((r = make_text(passwd_fn, &names, &gids, &pw, &pwlen)) < 0 ||
	    (r = make_text(group_text, &names, &gids, &gr, &grlen)) < 0) {
		snprintf(j->err, j->errlen, "jail: passwd and group: %s",
		    strerror(-r));
		goto out;
	}
	if ((r = put(j, "/etc/passwd", pw, pwlen)) == 0)
		r = put(j, "/etc/group", gr, grlen);
out:
	free(pw);
	free(gr);
	sb_strv_clear(&names);
	sb_strv_clear(&gids);
	return r;
}
