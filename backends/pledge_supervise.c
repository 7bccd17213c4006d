/*
 * pledge_supervise.c: the supervisor's side of a pledge. Every syscall the
 * filter does not allow arrives here through the seccomp listener. While a
 * dynamic image loads, what the loader needs is let through; paths OpenBSD
 * always allows (and those of dns, getpw, tty) are opened here and handed
 * over; anything else is a violation: reported as OpenBSD's kernel does
 * and punished with SIGABRT, or answered ENOSYS under "error". Each call
 * is judged by the promises of the image that makes it (pledge_image.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/string.h>

#include "pledge.h"
#include "pledge_elf.h"
#include "pledge_sv.h"
#include "sb_internal.h"

struct pledge_state *
pledge_state_new(const struct sandbox *sb, uint64_t promises, bool dynamic,
    int verbosity)
{
	struct pledge_state *st;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	st->promises = st->first = st->execset = promises;
	st->initial = dynamic;
	st->verbosity = verbosity;
	st->sb = sb;
	/* Run as another user, or free to become one (pledge_cred.c). */
	st->other_cred = geteuid() == 0 && (sb->ident.set ||
	    (promises & SB_PBIT(SB_P_ID)));
	if (seccomp_notify_alloc(&st->req, &st->resp) != 0) {
		free(st);
		return NULL;
	}
	return st;
}

/* Narrower execpromises, held by the supervisor (pledge_image.c). */
void
pledge_state_exec(struct pledge_state *st, uint64_t execpromises)
{
	st->execset = execpromises;
	st->image.on = true;
}

void
pledge_state_preload(struct pledge_state *st, dev_t dev, ino_t ino)
{
	st->lib_dev = dev;
	st->lib_ino = ino;
}

void
pledge_state_free(struct pledge_state *st)
{
	if (st == NULL)
		return;
	seccomp_notify_free(st->req, st->resp);
	free(st);
}

/* Loading: the first image until its library says so; exec'd ones too. */
static struct loading *
loading_find(struct pledge_state *st, pid_t pid)
{
	size_t i;

	for (i = 0; i < st->nload; i++)
		if (st->load[i].pid == pid)
			return &st->load[i];
	return NULL;
}

static void
loading_end(struct pledge_state *st, pid_t pid)
{
	struct loading *l = loading_find(st, pid);

	st->initial = false;
	if (l != NULL)
		*l = st->load[--st->nload];
}

/* Forget the processes that are gone. */
static void
loading_purge(struct pledge_state *st)
{
	size_t i;

	for (i = st->nload; i-- > 0; )
		if (pl_start_time(st->load[i].pid) != st->load[i].started)
			st->load[i] = st->load[--st->nload];
}

static void
loading_begin(struct pledge_state *st, pid_t pid)
{
	struct loading *l = loading_find(st, pid);

	if (l == NULL) {
		loading_purge(st);
		if (st->nload == MAXLOADING)
			return;		/* no loading phase: stricter */
		l = &st->load[st->nload++];
	}
	*l = (struct loading){ pid, pl_start_time(pid), pl_start_code(pid),
	    true, false };
}

static bool	 loading_state(struct pledge_state *, pid_t);

/* Once the library is seen mapped, /proc/pid/maps need not be read again. */
static bool *
seen_flag(struct pledge_state *st, pid_t pid)
{
	struct loading *l;

	if (st->initial)
		return &st->initial_seen;
	l = loading_find(st, pid);
	return l != NULL ? &l->seen : NULL;
}

static bool
is_loading(struct pledge_state *st, pid_t pid)
{
	bool *seen;
	int r;

	if (!loading_state(st, pid))
		return false;
	if ((seen = seen_flag(st, pid)) == NULL || *seen)
		return seen != NULL;
	if ((r = pl_preload_state(pid, st->lib_dev, st->lib_ino)) < 0) {
		loading_end(st, pid);
		return false;
	}
	*seen = r > 0;
	return true;
}

static bool
loading_state(struct pledge_state *st, pid_t pid)
{
	struct loading *l;
	char exe[64];

	if (st->initial)
		return true;
	if ((l = loading_find(st, pid)) == NULL)
		return false;
	if (l->started != pl_start_time(pid)) {
		loading_end(st, pid);	/* another process with that pid */
		return false;
	}
	if (!l->pending)
		return true;
	/* The exec failed (same image) or the new image is static. */
	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)pid);
	if (pl_start_code(pid) == l->code || pledge_elf_dynamic(exe) != 1) {
		loading_end(st, pid);
		return false;
	}
	l->pending = false;
	return true;
}

int
pl_respond(int fd, struct pledge_state *st, int error, unsigned flags)
{
	st->resp->id = st->req->id;
	st->resp->val = 0;
	st->resp->error = error;
	st->resp->flags = flags;
	return seccomp_notify_respond(fd, st->resp);
}

/* A call made here: its result is val. */
int
pl_respond_val(int fd, struct pledge_state *st, int64_t val)
{
	st->resp->id = st->req->id;
	st->resp->val = val;
	st->resp->error = 0;
	st->resp->flags = 0;
	return seccomp_notify_respond(fd, st->resp);
}


static bool
is_exec(int nr)
{
	return nr == SCMP_SYS(execve) || nr == SCMP_SYS(execveat);
}

static void
decide(int fd, struct pledge_state *st)
{
	const struct seccomp_notif *req = st->req;
	const uint64_t *a = (const uint64_t *)req->data.args;
	uint64_t need, loose;
	pid_t pid = req->pid;
	int nr = req->data.nr;

	st->promises = pl_image_promises(st, pid);
	if (is_exec(nr) && st->image.on &&
	    pl_image_launch(st, pl_tgid_of(pid))) {
		PL_CONTINUE(fd, st);	/* the launch's own, our code */
		return;
	}
	if (nr == SCMP_SYS(ioctl) && (uint32_t)a[0] == PLEDGE_MAGIC_FD &&
	    a[1] == PLEDGE_MAGIC_REQ) {
		loading_end(st, pid);
		pl_respond(fd, st, -EBADF, 0);
		return;
	}
	/* Its address is in memory: read there, even while loading. */
	if (pl_try_sendmsg(fd, st))
		return;
	if (is_exec(nr) && (st->promises & SB_PBIT(SB_P_EXEC))) {
		/* After the exec, the image runs as the thread group leader. */
		loading_begin(st, pl_tgid_of(pid));
		PL_CONTINUE(fd, st);
		return;
	}
	/*
	 * What ld.so does: read its cache and shared objects, search
	 * directories (served, pledge_loading.c), map executable.
	 */
	loose = st->promises | SB_PBIT(SB_P_STDIO) | SB_PBIT(SB_P_PROT_EXEC);
	if (!is_exec(nr) && is_loading(st, pid)) {
		if (pl_try_loading(fd, st))
			return;
		if (pledge_needed_held(nr, a, pl_own_pid_of(pid), loose,
		    &need) == 0 && (need & ~loose) == 0) {
			PL_CONTINUE(fd, st);
			return;
		}
	}
	/* Kill to self from a forked process (the filter knows one pid). */
	if ((nr == SCMP_SYS(kill) || nr == SCMP_SYS(tgkill)) &&
	    (pid_t)a[0] == pl_own_pid_of(pid) &&
	    (st->promises & SB_PBIT(SB_P_STDIO))) {
		PL_CONTINUE(fd, st);
		return;
	}
	/*
	 * The first image's promises beyond the filter's execpromises: a
	 * check of registers only, which the program cannot change after it.
	 */
	if (st->image.on && st->promises == st->first &&
	    pledge_allows(nr, a, pl_own_pid_of(pid), st->first)) {
		PL_CONTINUE(fd, st);
		return;
	}
	if (pl_try_serve(fd, st) || pl_try_by_name(fd, st))
		return;
	pl_violation(fd, st);
}

int
pledge_supervise(struct sandbox *sb, struct pledge_state *st, int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (!(p.revents & POLLIN))
		return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) ? -1 : 0;
	memset(st->req, 0, sizeof(*st->req));
	if (seccomp_notify_receive(fd, st->req) != 0)
		return 0;	/* the caller died meanwhile */
	decide(fd, st);
	return 0;
}
