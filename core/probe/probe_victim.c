/*
 * probe_victim.c: the host process of the same user that a confined
 * program should not reach, and the probes that try: ptrace it, signal
 * it, read its environment or memory, signal its process group, read a
 * key from the caller's keyrings.
 *
 * The victim is this program run as `sandbox-probe victim SECRET DESC`
 * by the comparing process, outside every sandbox, as the user the
 * confined program runs as. It keeps SECRET in its environment (put
 * there by the comparing process), in its memory and in a key DESC of
 * its user keyring, blocks SIGUSR1 so that a signal sent to it stays
 * pending (the comparing process reads that in /proc), says "ready ADDR"
 * and waits for SIGTERM.
 */
#include <sys/ptrace.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

/* From <linux/keyctl.h>, which a static build need not have. */
#define KEY_SPEC_SESSION_KEYRING	(-3)
#define KEY_SPEC_USER_KEYRING		(-4)
#define KEYCTL_JOIN_SESSION_KEYRING	1
#define KEYCTL_LINK			8
#define KEYCTL_INVALIDATE		21
#define KEYCTL_READ			11
#define KEYCTL_SEARCH			10

static char	 secret[128];
static long	 key = -1;

static void
victim_term(int sig)
{
	if (key >= 0)
		syscall(SYS_keyctl, KEYCTL_INVALIDATE, key);
	_exit(0);
}

int
p_victim(int argc, char **argv)
{
	sigset_t usr1;

	need(argc, 4);
	snprintf(secret, sizeof(secret), "%s", argv[2]);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	signal(SIGTERM, victim_term);
	key = syscall(SYS_add_key, "user", argv[3], secret, strlen(secret),
	    KEY_SPEC_USER_KEYRING);
	printf("ready %p %s\n", (void *)secret, key < 0 ? errname(errno) :
	    "key");
	fclose(stdout);
	for (;;)
		pause();
}

int
p_victim_ptrace(int argc, char **argv)
{
	need(argc, 3);
	if (ptrace(PTRACE_SEIZE, atoi(argv[2]), NULL, NULL) < 0)
		return blocked("ptrace(PTRACE_SEIZE, victim)", errno);
	/* Detached when this process exits; the victim never stops. */
	return allowed("seized a host process of the same user");
}

int
p_victim_signal(int argc, char **argv)
{
	need(argc, 3);
	if (kill(atoi(argv[2]), SIGUSR1) < 0)
		return blocked("kill(victim, SIGUSR1)", errno);
	return allowed("sent SIGUSR1 to a host process of the same user");
}

/* Read up to len - 1 bytes of a file; -1 with errno set. */
static ssize_t
slurp(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while ((size_t)got < len - 1 &&
	    (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

int
p_victim_environ(int argc, char **argv)
{
	char path[64], buf[65536], want[160];
	ssize_t n, i;

	need(argc, 4);
	snprintf(path, sizeof(path), "/proc/%d/environ", atoi(argv[2]));
	snprintf(want, sizeof(want), "SANDBOX_PROBE_SECRET=%s", argv[3]);
	if ((n = slurp(path, buf, sizeof(buf))) < 0)
		return blocked("open(/proc/PID/environ)", errno);
	/* NUL-separated: look at each variable. */
	for (i = 0; i < n; i += strlen(buf + i) + 1)
		if (strcmp(buf + i, want) == 0)
			return allowed("read the secret in the victim's "
			    "environment");
	/* Another process by that number: the victim is not there. */
	return blocked("/proc/PID/environ has no secret (another process)",
	    ESRCH);
}

int
p_victim_mem(int argc, char **argv)
{
	char path[64], buf[128];
	size_t len;
	int fd;
	ssize_t n;

	need(argc, 5);
	snprintf(path, sizeof(path), "/proc/%d/mem", atoi(argv[2]));
	len = strlen(argv[4]);
	if (len >= sizeof(buf))
		return USAGE;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return blocked("open(/proc/PID/mem)", errno);
	n = pread(fd, buf, len, (off_t)strtoull(argv[3], NULL, 16));
	close(fd);
	if (n < 0)
		return blocked("pread(/proc/PID/mem)", errno);
	if ((size_t)n != len || memcmp(buf, argv[4], len) != 0)
		return blocked("/proc/PID/mem has no secret (another process)",
		    ESRCH);
	return allowed("read the secret in the victim's memory");
}

/*
 * Signal the process group: kill(0) and kill(-PGID), PGID the caller's.
 * What reached the victim, a member outside, the comparing process reads
 * in its pending signals; this line says what the kernel answered.
 */
int
p_pgrp_signal(int argc, char **argv)
{
	char detail[128];
	int r0, e0 = 0, r1, e1 = 0;

	need(argc, 3);
	signal(SIGUSR1, SIG_IGN);
	if ((r0 = kill(0, SIGUSR1)) < 0)
		e0 = errno;
	if ((r1 = kill(-atoi(argv[2]), SIGUSR1)) < 0)
		e1 = errno;
	if (r0 < 0 && r1 < 0)
		return blocked("kill(0) and kill(-caller's pgid)", e1);
	snprintf(detail, sizeof(detail), "kill(0): %s, kill(-pgid): %s",
	    r0 == 0 ? "sent" : errname(e0), r1 == 0 ? "sent" : errname(e1));
	return allowed(detail);
}

/*
 * keyring user|session DESC SECRET: find and read the caller's key. A key
 * of the user keyring is read by its possessor only; a login session's
 * keyring links the user keyring, and so may any process: a session
 * keyring of its own (nobody else's is touched) with the user's linked.
 */
int
p_keyring(int argc, char **argv)
{
	char buf[128];
	long id, n;
	int ring;

	need(argc, 5);
	ring = strcmp(argv[2], "session") == 0 ? KEY_SPEC_SESSION_KEYRING :
	    KEY_SPEC_USER_KEYRING;
	if (ring == KEY_SPEC_USER_KEYRING &&
	    (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 ||
	    syscall(SYS_keyctl, KEYCTL_LINK, KEY_SPEC_USER_KEYRING,
	    KEY_SPEC_SESSION_KEYRING) < 0))
		return blocked("keyctl(JOIN_SESSION_KEYRING, LINK @u)", errno);
	if ((id = syscall(SYS_keyctl, KEYCTL_SEARCH, ring, "user", argv[3],
	    0)) < 0)
		return blocked("keyctl(SEARCH)", errno);
	if ((n = syscall(SYS_keyctl, KEYCTL_READ, id, buf, sizeof(buf))) < 0)
		return blocked("keyctl(READ)", errno);
	if ((size_t)n != strlen(argv[4]) || memcmp(buf, argv[4], n) != 0)
		return blocked("the key holds another secret", ENOKEY);
	return allowed("read the caller's key");
}
