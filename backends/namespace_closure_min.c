/*
 * namespace_closure_min.c: a stand-in for the ELF closure until it is
 * built: the program, a script's interpreter, and the library directories.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "closure.h"

int
sb_closure(const char *program, struct sb_strv *out, char *err,
    size_t errlen)
{
	static const char *const dirs[] = {
		"/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
		NULL
	};
	char line[256], *p;
	FILE *f;
	size_t i;

	if (sb_strv_push(out, program) < 0)
		return -ENOMEM;
	if ((f = fopen(program, "re")) != NULL) {
		if (fgets(line, sizeof(line), f) != NULL &&
		    strncmp(line, "#!", 2) == 0) {
			p = line + 2 + strspn(line + 2, " \t");
			p[strcspn(p, " \t\n")] = '\0';
			if (*p == '/' && sb_strv_push(out, p) < 0) {
				fclose(f);
				return -ENOMEM;
			}
		}
		fclose(f);
	}
	for (i = 0; dirs[i] != NULL; i++)
		if (sb_strv_push(out, dirs[i]) < 0)
			return -ENOMEM;
	(void)err;
	(void)errlen;
	return 0;
}
