/* probe.h: what the probes of sandbox-probe share: their verdicts. */
#ifndef SB_PROBE_H
#define SB_PROBE_H

#define ALLOWED	0
#define BLOCKED	1
#define USAGE	2

/* "allowed DETAIL" on stdout; returns ALLOWED. */
int	 allowed(const char *detail);
/* "blocked ERRNAME STEP" on stdout; returns BLOCKED. */
int	 blocked(const char *step, int e);
/* Exit with USAGE unless argc >= n. */
int	 need(int argc, int n);
const char *errname(int e);

/* probe_victim.c: a host process of the same user, and its attackers. */
int	 p_victim(int, char **);
int	 p_victim_ptrace(int, char **);
int	 p_victim_signal(int, char **);
int	 p_victim_environ(int, char **);
int	 p_victim_mem(int, char **);
int	 p_pgrp_signal(int, char **);
int	 p_keyring(int, char **);

/* probe_net.c: reaching the host by less common doors. */
int	 p_mptcp(int, char **);
int	 p_fastopen(int, char **);
int	 p_unix_dgram(int, char **);

#endif
