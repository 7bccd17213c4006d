/* promises.h: the words of pledge(2), as bits. */
#ifndef SB_PROMISES_H
#define SB_PROMISES_H

#include <stddef.h>
#include <stdint.h>

enum sb_promise {
	SB_P_STDIO, SB_P_RPATH, SB_P_WPATH, SB_P_CPATH, SB_P_DPATH,
	SB_P_TMPPATH, SB_P_INET, SB_P_MCAST, SB_P_FATTR, SB_P_CHOWN,
	SB_P_FLOCK, SB_P_UNIX, SB_P_DNS, SB_P_GETPW, SB_P_SENDFD,
	SB_P_RECVFD, SB_P_TAPE, SB_P_TTY, SB_P_PROC, SB_P_EXEC,
	SB_P_PROT_EXEC, SB_P_SETTIME, SB_P_PS, SB_P_VMINFO, SB_P_ID,
	SB_P_PF, SB_P_ROUTE, SB_P_WROUTE, SB_P_AUDIO, SB_P_VIDEO,
	SB_P_BPF, SB_P_UNVEIL, SB_P_ERROR,
	SB_P_COUNT
};

#define SB_PBIT(p)	((uint64_t)1 << (p))

/* The promise's word, or NULL for an out-of-range value. */
const char	*sb_promise_name(enum sb_promise);

/*
 * Parse a space-separated promise string into a bit set. On an unknown
 * word returns -EINVAL and copies the word into bad (when bad != NULL).
 */
int	 sb_promises_parse(const char *, uint64_t *set, char *bad,
	    size_t badlen);

/* "unknown promise 'bad'", and the nearest promise when one is close. */
void	 sb_promise_unknown(const char *bad, char *buf, size_t len);

/* A bit set back into words, space-separated (cut short to fit buf). */
void	 sb_promises_words(uint64_t set, char *buf, size_t len);

#endif
