/*
 * pledge_sendmsg.c: sendmsg(2) and sendmmsg(2) under stdio without inet,
 * unix or dns. OpenBSD lets such a program send on the sockets it has,
 * but not to an address of its choosing (a datagram to /dev/log, to the
 * journal). sendto's address is in a register and the filter checks it;
 * sendmsg's is in the message header, in the program's memory, which BPF
 * cannot read: the supervisor reads it.
 *
 * Reading it is not enough: another thread could write an address into
 * the header between the reading here and the kernel's own. The call is
 * let through only where nothing else can write that header meanwhile:
 * the caller is its process's only thread (and it is stopped here), the
 * header lies in private anonymous memory, and no other process shares the
 * memory (clone(2) with CLONE_VM, vfork(2): a parent or a child). Anywhere
 * else it is refused with EPERM and said. Making the call here instead
 * would send with the supervisor's credentials (SCM_CREDENTIALS and
 * SO_PASSCRED receivers, the journal among them, would see them), so the
 * supervisor never sends in the program's stead.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <errno.h>
#include <inttypes.h>
#include <linux/kcmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pledge.h"
#include "pledge_sv.h"
#include "sb_internal.h"

#define NET	(SB_PBIT(SB_P_INET) | SB_PBIT(SB_P_UNIX) | SB_PBIT(SB_P_DNS))
#define MAXMSGS	1024	/* sendmmsg's own limit (UIO_MAXIOV) */

/* The headers the call passes: 1 for sendmsg, vlen for sendmmsg. */
static int
read_headers(const struct seccomp_notif *req, struct mmsghdr *h, size_t *n)
{
	struct iovec local, remote;
	uint64_t addr = req->data.args[1];
	size_t each;

	if (req->data.nr == SCMP_SYS(sendmsg)) {
		*n = 1;
		each = sizeof(struct msghdr);
	} else {
		*n = req->data.args[2] > MAXMSGS ? MAXMSGS :
		    (size_t)req->data.args[2];
		each = sizeof(struct mmsghdr);
	}
	if (*n == 0)
		return 0;
	local = (struct iovec){ h, each * *n };
	remote = (struct iovec){ (void *)(uintptr_t)addr, each * *n };
	if (process_vm_readv(req->pid, &local, 1, &remote, 1, 0) !=
	    (ssize_t)(each * *n))
		return -EFAULT;
	return 0;	/* a msghdr is the first member of an mmsghdr */
}

/* An address, as the kernel takes one: a name pointer and a length. */
static bool
has_address(const struct mmsghdr *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (h[i].msg_hdr.msg_name != NULL && h[i].msg_hdr.msg_namelen)
			return true;
	return false;
}

/*
 * Does [lo, hi) lie in private anonymous mappings only (/proc/pid/maps)?
 * A private mapping of a file shows what others write to the file until
 * the page is first written: not private enough.
 */
static bool
private_memory(pid_t pid, uint64_t lo, uint64_t hi)
{
	char path[64], line[512], perms[8];
	unsigned long long a, b, inode;
	uint64_t at = lo;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return false;
	while (at < hi && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%llx-%llx %7s %*s %*s %llu", &a, &b, perms,
		    &inode) != 4)
			break;
		if (b <= at)
			continue;
		if (a > at || perms[3] != 'p' || inode != 0)
			break;
		at = b;
	}
	fclose(f);
	return at >= hi;
}

/* Shared, or cannot tell (kcmp refused): as if shared. */
static bool
same_memory(pid_t a, pid_t b)
{
	return b > 0 && a != b &&
	    syscall(SYS_kcmp, a, b, KCMP_VM, 0, 0) <= 0;
}

/* A parent or a child of tgid sharing its memory (clone, vfork). */
static bool
memory_shared(pid_t tgid)
{
	char path[64], buf[4096], *p, *end;
	long child;

	if (same_memory(tgid, pl_status_field(tgid, "PPid", NULL)))
		return true;
	snprintf(path, sizeof(path), "task/%d/children", (int)tgid);
	if (pl_proc_read(tgid, path, buf, sizeof(buf)) < 0)
		return true;	/* cannot tell: as if shared */
	for (p = buf; (child = strtol(p, &end, 10)) > 0; p = end)
		if (same_memory(tgid, (pid_t)child))
			return true;
	return false;
}

/* Could anything but the stopped caller write the headers meanwhile? */
static const char *
changeable(const struct seccomp_notif *req, size_t n)
{
	pid_t tgid = pl_tgid_of(req->pid);
	size_t each = req->data.nr == SCMP_SYS(sendmsg) ?
	    sizeof(struct msghdr) : sizeof(struct mmsghdr);

	if (pl_status_field(tgid, "Threads", NULL) != 1)
		return "its other threads";
	if (!private_memory(tgid, req->data.args[1],
	    req->data.args[1] + each * n))
		return "another process (not in private anonymous memory)";
	if (memory_shared(tgid))
		return "a process sharing its memory";
	return NULL;
}

static void
refuse(int fd, struct pledge_state *st, const char *why)
{
	char comm[SB_COMM_VIS], *name;

	pl_comm(st->req->pid, comm, sizeof(comm));
	name = seccomp_syscall_resolve_num_arch(st->req->data.arch,
	    st->req->data.nr);
	if (st->verbosity >= 0)
		sb_report(st->sb, "%s[%d]: %s under stdio without inet, unix "
		    "or dns: its header could be changed by %s before the "
		    "kernel reads it: EPERM", comm, (int)st->req->pid,
		    name != NULL ? name : "?", why);
	free(name);
	pl_respond(fd, st, -EPERM, 0);
}

/* 1 when the call was decided here. */
int
pl_try_sendmsg(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	struct mmsghdr *h;
	const char *why;
	size_t n;

	if ((req->data.nr != SCMP_SYS(sendmsg) &&
	    req->data.nr != SCMP_SYS(sendmmsg)) ||
	    !(st->promises & SB_PBIT(SB_P_STDIO)) || (st->promises & NET))
		return 0;
	if ((h = calloc(MAXMSGS, sizeof(*h))) == NULL) {
		pl_respond(fd, st, -ENOMEM, 0);
		return 1;
	}
	if (read_headers(req, h, &n) < 0)
		pl_respond(fd, st, -EFAULT, 0);
	else if (has_address(h, n))
		pl_violation(fd, st);
	else if (seccomp_notify_id_valid(fd, req->id) != 0)
		;	/* the caller is gone */
	else if ((why = changeable(req, n)) != NULL)
		refuse(fd, st, why);
	else
		PL_CONTINUE(fd, st);
	free(h);
	return 1;
}
