/* promises.c: the promise words of pledge(2), in the manual's order. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bsd/string.h>

#include "nearest.h"
#include "promises.h"

static const char *const names[SB_P_COUNT] = {
	[SB_P_STDIO] = "stdio",		[SB_P_RPATH] = "rpath",
	[SB_P_WPATH] = "wpath",		[SB_P_CPATH] = "cpath",
	[SB_P_DPATH] = "dpath",		[SB_P_TMPPATH] = "tmppath",
	[SB_P_INET] = "inet",		[SB_P_MCAST] = "mcast",
	[SB_P_FATTR] = "fattr",		[SB_P_CHOWN] = "chown",
	[SB_P_FLOCK] = "flock",		[SB_P_UNIX] = "unix",
	[SB_P_DNS] = "dns",		[SB_P_GETPW] = "getpw",
	[SB_P_SENDFD] = "sendfd",	[SB_P_RECVFD] = "recvfd",
	[SB_P_TAPE] = "tape",		[SB_P_TTY] = "tty",
	[SB_P_PROC] = "proc",		[SB_P_EXEC] = "exec",
	[SB_P_PROT_EXEC] = "prot_exec",	[SB_P_SETTIME] = "settime",
	[SB_P_PS] = "ps",		[SB_P_VMINFO] = "vminfo",
	[SB_P_ID] = "id",		[SB_P_PF] = "pf",
	[SB_P_ROUTE] = "route",		[SB_P_WROUTE] = "wroute",
	[SB_P_AUDIO] = "audio",		[SB_P_VIDEO] = "video",
	[SB_P_BPF] = "bpf",		[SB_P_UNVEIL] = "unveil",
	[SB_P_ERROR] = "error",
};

const char *
sb_promise_name(enum sb_promise p)
{
	if ((unsigned)p >= SB_P_COUNT)
		return NULL;
	return names[p];
}

void
sb_promise_unknown(const char *bad, char *buf, size_t len)
{
	const char *near = sb_nearest(bad, names, SB_P_COUNT, sizeof(names[0]));

	if (near != NULL)
		snprintf(buf, len, "unknown promise '%s' (did you mean '%s'?)",
		    bad, near);
	else
		snprintf(buf, len, "unknown promise '%s'", bad);
}

static int
promise_lookup(const char *word, size_t len)
{
	int i;

	for (i = 0; i < SB_P_COUNT; i++)
		if (strlen(names[i]) == len && strncmp(names[i], word, len) == 0)
			return i;
	return -1;
}

int
sb_promises_parse(const char *s, uint64_t *set, char *bad, size_t badlen)
{
	size_t len;
	int p;

	*set = 0;
	for (;;) {
		s += strspn(s, " \t\n");
		if (*s == '\0')
			return 0;
		len = strcspn(s, " \t\n");
		if ((p = promise_lookup(s, len)) < 0) {
			if (bad != NULL && badlen > 0) {
				if (len >= badlen)
					len = badlen - 1;
				memcpy(bad, s, len);
				bad[len] = '\0';
			}
			return -EINVAL;
		}
		*set |= SB_PBIT(p);
		s += len;
	}
}

void
sb_promises_words(uint64_t set, char *buf, size_t len)
{
	size_t used = 0;
	int p, n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (p = 0; p < SB_P_COUNT; p++) {
		if (!(set & SB_PBIT(p)))
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? " " : "",
		    sb_promise_name(p));
		if (n < 0 || (size_t)n >= len - used)
			return;		/* truncated, still terminated */
		used += (size_t)n;
	}
}
