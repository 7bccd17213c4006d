/* jail_report.c: the counts of a build or a sync, two lines. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "jail_report.h"

void
jail_report(const char *root, const struct sb_jail_stats *st)
{
	printf("%s: %zu updated, %zu removed, %zu unchanged, %zu linked, "
	    "%zu copied, %zu symlinks\n", root, st->updated, st->removed,
	    st->unchanged, st->linked, st->copied, st->symlinks);
	printf("%s: %zu files, %" PRIu64 " bytes, %zu directories; "
	    "/dev: %s\n", root, st->files, st->bytes, st->dirs,
	    st->dev != NULL ? st->dev : "-");
}

const char *
jail_root_abs(const char *root, char *buf, size_t len)
{
	char cwd[PATH_MAX];

	if (root == NULL || root[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return root;
	if ((size_t)snprintf(buf, len, "%s/%s", cwd, root) >= len)
		return root;
	return buf;
}
