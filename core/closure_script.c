/* closure_script.c: #! scripts and finding a program in PATH. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "closure_int.h"

#define SHEBANG_MAX	256	/* the kernel's BINPRM_BUF_SIZE */

static bool
executable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

int
sb_closure_which(const char *program, char *path, size_t len)
{
	const char *p, *env = getenv("PATH");
	char cwd[PATH_MAX];
	size_t n;

	if (strchr(program, '/') != NULL) {
		if (program[0] == '/') {
			strlcpy(path, program, len);
			return 0;
		}
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return -errno;
		snprintf(path, len, "%s/%s", cwd, program);
		return 0;
	}
	if (env == NULL)
		env = "/usr/local/bin:/usr/bin:/bin";
	for (p = env; *p != '\0'; p += n + (p[n] == ':')) {
		n = strcspn(p, ":");
		if (n == 0 || p[0] != '/')
			continue;
		if ((size_t)snprintf(path, len, "%.*s/%s", (int)n, p,
		    program) < len && executable_file(path))
			return 0;
	}
	return -ENOENT;
}

/* "#!/usr/bin/env [-S] [-i] [NAME=V...] NAME": NAME, through PATH. */
static int
env_target(char *args, struct sb_strv *interp)
{
	char path[PATH_MAX], *w, *save = NULL;

	for (w = strtok_r(args, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (w[0] == '-' || strchr(w, '=') != NULL)
			continue;
		if (sb_closure_which(w, path, sizeof(path)) == 0)
			return sb_strv_push(interp, path);
		return 0;	/* not found here: the env alone */
	}
	return 0;
}

int
sb_closure_script(const char *path, struct sb_strv *interp, char *err,
    size_t errlen)
{
	char buf[SHEBANG_MAX + 1], *p, *end, *args;
	ssize_t n;
	int fd, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return r;
	}
	n = read(fd, buf, SHEBANG_MAX);
	r = -errno;
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	buf[n] = '\0';
	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	end = buf + strcspn(buf, "\n");
	*end = '\0';
	for (p = buf + 2; *p == ' ' || *p == '\t'; p++)
		;
	args = p + strcspn(p, " \t");
	if (*args != '\0')
		*args++ = '\0';
	if (p[0] != '/') {
		snprintf(err, errlen, "%s: #! interpreter is not an absolute "
		    "path", path);
		return -ENOEXEC;
	}
	if ((r = sb_strv_push(interp, p)) < 0)
		return r;
	if (strcmp(strrchr(p, '/'), "/env") == 0 &&
	    (r = env_target(args, interp)) < 0)
		return r;
	return 1;
}
