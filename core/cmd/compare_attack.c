/*
 * compare_attack.c: the scene of the rows of `sandbox compare` that attack
 * the host around the sandbox rather than the sandbox's own view: a victim
 * process of the same user, the caller's process group and keyrings, a
 * host unix datagram socket. What the probe claims is checked here where
 * the host can tell: a signal pending in the victim, a datagram arrived.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "compare.h"

#define KEY_SPEC_SESSION_KEYRING	(-3)
#define KEYCTL_JOIN_SESSION_KEYRING	1
#define KEYCTL_INVALIDATE		21

/* A session keyring of our own, so that no login session is touched. */
static void
session_key(struct compare *c)
{
	c->skey_id = -1;
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
		return;
	c->skey_id = syscall(SYS_add_key, "user", c->skey, c->secret,
	    strlen(c->secret), KEY_SPEC_SESSION_KEYRING);
}

/* Unbound to anything but a path anyone may send to. */
static void
host_socket(struct compare *c)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	snprintf(c->sock, sizeof(c->sock), "%s/host.sock", c->env.scratch);
	c->sockfd = -1;
	if (strlcpy(sun.sun_path, c->sock, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path))
		return;
	if ((c->sockfd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) < 0)
		return;
	if (bind(c->sockfd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    chmod(c->sock, 0777) < 0) {
		close(c->sockfd);
		c->sockfd = -1;
	}
}

void
compare_attack_init(struct compare *c)
{
	unsigned char r[12];
	size_t i;

	if (getentropy(r, sizeof(r)) < 0)
		memset(r, 0x5a, sizeof(r));
	for (i = 0; i < sizeof(r); i++)
		snprintf(c->secret + 2 * i, 3, "%02x", r[i]);
	snprintf(c->key, sizeof(c->key), "sandbox-compare:%d",
	    (int)c->env.pid);
	snprintf(c->skey, sizeof(c->skey), "%s.session", c->key);
	session_key(c);
	host_socket(c);
}

void
compare_attack_cleanup(struct compare *c)
{
	ms_victim_stop(&c->victim[0]);
	ms_victim_stop(&c->victim[1]);
	if (c->skey_id >= 0)
		syscall(SYS_keyctl, KEYCTL_INVALIDATE, c->skey_id);
	if (c->sockfd >= 0)
		close(c->sockfd);
}

/* The victim of a column's user: started on first use, kept. */
const struct ms_victim *
compare_victim(struct compare *c, const struct ms_column *col)
{
	struct ms_victim *v = &c->victim[col->as_nobody];

	if (v->pid == 0 && ms_victim_start(&c->env, v, c->secret, c->key,
	    col->as_nobody, false) < 0)
		return NULL;
	return v;
}

/* A fresh victim leading a group for one run to join. */
int
compare_pgrp_start(struct compare *c, const struct ms_column *col,
    struct ms_victim *v)
{
	if (ms_victim_start(&c->env, v, c->secret, c->key, col->as_nobody,
	    true) < 0)
		return -1;
	c->pgid = v->pid;
	return 0;
}

/* The victim says whether the signal reached it; the probe says how. */
void
compare_pgrp_judge(struct compare *c, struct ms_victim *v, struct cell *cl)
{
	char probe[sizeof(cl->detail)];
	bool got = ms_victim_pending(v, SIGUSR1);

	ms_victim_stop(v);
	strlcpy(probe, cl->detail, sizeof(probe));
	if (got) {
		cl->result = "allowed";
		cl->why[0] = '\0';
		snprintf(cl->detail, sizeof(cl->detail), "SIGUSR1 reached a "
		    "process of the caller's group outside (%.180s)", probe);
	} else if (strcmp(cl->result, "allowed") == 0) {
		cl->result = "blocked";
		strlcpy(cl->why, "unreached", sizeof(cl->why));
		snprintf(cl->detail, sizeof(cl->detail), "no process outside "
		    "was reached; the signal stayed inside (%.180s)", probe);
	}
}

/* Datagrams waiting at the host socket, read and counted. */
static int
drain(struct compare *c)
{
	char buf[64];
	int n = 0;

	while (c->sockfd >= 0 && recv(c->sockfd, buf, sizeof(buf), 0) >= 0)
		n++;
	return n;
}

void
compare_dgram_judge(struct compare *c, struct cell *cl)
{
	int n = drain(c);

	if (strcmp(cl->result, "allowed") == 0 && n == 0) {
		cl->result = "blocked";
		strlcpy(cl->why, "unreached", sizeof(cl->why));
		strlcat(cl->detail, "; nothing arrived at the host socket",
		    sizeof(cl->detail));
	} else if (strcmp(cl->result, "allowed") != 0 && n > 0) {
		cl->result = "allowed";
		cl->why[0] = '\0';
		snprintf(cl->detail, sizeof(cl->detail), "a datagram arrived "
		    "at the host socket");
	}
}
