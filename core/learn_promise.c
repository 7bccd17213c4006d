/*
 * learn_promise.c: a small stand-in for the pledge backend's own table, the
 * smallest promise each system call needs (as pledge(2) describes them).
 * Only the calls the learning filter notifies are judged here; path calls
 * are judged from their flags by learn_observe.c. Remove this file once
 * backends/pledge.h exports its mapping.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <fcntl.h>
#include <sched.h>
#include <termios.h>

#include "learn.h"
#include "promises.h"

static int
ioctl_promise(unsigned long req)
{
	switch (req) {
	case FIONREAD: case FIONBIO: case FIOCLEX: case FIONCLEX:
		return SB_P_STDIO;
	case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
	case TIOCGWINSZ: case TIOCSWINSZ: case TIOCGPGRP: case TIOCSPGRP:
	case TCFLSH: case TIOCSCTTY: case TIOCGSID: case TIOCOUTQ:
		return SB_P_TTY;
	default:
		return -1;
	}
}

static int
fcntl_promise(int cmd)
{
	switch (cmd) {
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		return SB_P_FLOCK;
	case F_SETOWN:
		return SB_P_PROC;
	default:
		return SB_P_STDIO;
	}
}

static int
socket_promise(int domain)
{
	switch (domain) {
	case AF_UNIX:
		return SB_P_UNIX;
	case AF_INET: case AF_INET6:
		return SB_P_INET;
	case AF_NETLINK:
		return SB_P_ROUTE;
	default:
		return -1;
	}
}

int
sb_learn_promise(long nr, const uint64_t a[6])
{
	switch (nr) {
	case SYS_socket:
		return socket_promise((int)a[0]);
	case SYS_ioctl:
		return ioctl_promise((unsigned long)a[1]);
	case SYS_fcntl:
		return fcntl_promise((int)a[1]);
	case SYS_flock:
		return SB_P_FLOCK;
	case SYS_clone:
		return (a[0] & CLONE_THREAD) ? SB_P_STDIO : SB_P_PROC;
	case SYS_fork: case SYS_vfork: case SYS_clone3:
	case SYS_setpgid: case SYS_setsid: case SYS_setpriority:
		return SB_P_PROC;
	case SYS_kill: case SYS_tkill: case SYS_tgkill:
		return SB_P_PROC;	/* learn_observe.c lets self pass */
	case SYS_setuid: case SYS_setgid: case SYS_setreuid:
	case SYS_setregid: case SYS_setresuid: case SYS_setresgid:
	case SYS_setgroups: case SYS_setfsuid: case SYS_setfsgid:
		return SB_P_ID;
	case SYS_fchmod: case SYS_chmod: case SYS_fchmodat:
	case SYS_utimensat: case SYS_utimes: case SYS_futimesat:
		return SB_P_FATTR;
	case SYS_fchown: case SYS_chown: case SYS_lchown: case SYS_fchownat:
		return SB_P_CHOWN;
	case SYS_mmap: case SYS_mprotect: case SYS_pkey_mprotect:
		return (a[2] & PROT_EXEC) ? SB_P_PROT_EXEC : SB_P_STDIO;
	case SYS_settimeofday: case SYS_clock_settime: case SYS_adjtimex:
		return SB_P_SETTIME;
	case SYS_execve: case SYS_execveat:
		return SB_P_EXEC;
	case SYS_mknod: case SYS_mknodat:
		return SB_P_DPATH;
	case SYS_ptrace: case SYS_mount: case SYS_umount2: case SYS_chroot:
	case SYS_pivot_root: case SYS_unshare: case SYS_setns:
	case SYS_init_module: case SYS_finit_module: case SYS_kexec_load:
	case SYS_bpf: case SYS_perf_event_open:
		return -1;
	default:
		return SB_P_STDIO;
	}
}
