/* jail_closure.c: a closure computed inside a jail, in a child. */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closure.h"
#include "jail.h"

/* The child: enter, compute, write "0path\n..." or "1message". */
static void __attribute__((noreturn))
child(int fd, const char *root, const char *program)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[SB_ERRLEN];
	FILE *f;
	size_t i;
	int r;

	if ((f = fdopen(fd, "w")) == NULL)
		_exit(1);
	if ((r = sb_jail_enter(root, 0, err, sizeof(err))) == 0)
		r = sb_closure(program, &out, err, sizeof(err));
	if (r < 0)
		fprintf(f, "1%s", err);
	else {
		fputc('0', f);
		for (i = 0; i < out.n; i++)
			fprintf(f, "%s\n", out.v[i]);
	}
	_exit(fclose(f) == 0 ? 0 : 1);
}

static int
collect(FILE *f, struct sb_strv *out, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int c, r = 0;

	if ((c = fgetc(f)) != '0') {
		n = c == EOF ? 0 : (ssize_t)fread(err, 1, errlen - 1, f);
		err[n] = '\0';
		if (c == EOF)
			snprintf(err, errlen, "closure in jail: child failed");
		return -ENOENT;
	}
	while (r == 0 && (n = getline(&line, &cap, f)) > 0) {
		line[n - 1] = '\0';
		if (!sb_strv_contains(out, line))
			r = sb_strv_push(out, line);
	}
	free(line);
	return r;
}

int
sb_jail_closure(const char *root, const char *program, struct sb_strv *out,
    char *err, size_t errlen)
{
	FILE *f;
	pid_t pid;
	int fds[2], st, r;

	if (pipe2(fds, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		snprintf(err, errlen, "closure in jail: %s", strerror(errno));
		return -errno;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], root, program);
	}
	close(fds[1]);
	if ((f = fdopen(fds[0], "r")) == NULL) {
		close(fds[0]);
		r = -errno;
	} else {
		r = collect(f, out, err, errlen);
		fclose(f);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return r;
}
