/*
 * pledge_table.c: the promises of pledge(2) as Linux system calls, with
 * the argument checks OpenBSD's kern_pledge.c makes where the arguments
 * are in registers. One table serves the filter, the violation report and
 * `sandbox learn`, so that they cannot disagree. Rules come in order of
 * cost: the first rule that matches a call names the smallest promises.
 */
#include <linux/keyctl.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <stdio.h>
#include <termios.h>

#include "pledge.h"

#define P(x)		SB_PBIT(SB_P_##x)
#define CMP(a, op, x, y) { (a), (op), (x), (y) }
#define EQ(a, v)	CMP(a, SCMP_CMP_EQ, v, 0)
#define MEQ(a, m, v)	CMP(a, SCMP_CMP_MASKED_EQ, m, v)
#define LT(a, v)	CMP(a, SCMP_CMP_LT, v, 0)
#define GT(a, v)	CMP(a, SCMP_CMP_GT, v, 0)
/* Fields: name, need, ncmp, cmp, self, refused, served. */
#define R(n, need)	{ n, need, 0, { { 0 } }, false, false, false }
#define R1(n, need, c)	{ n, need, 1, { c }, false, false, false }
#define R2(n, need, c, d) { n, need, 2, { c, d }, false, false, false }
#define SELF(n, need)	{ n, need, 0, { { 0 } }, true, false, false }
#define REFUSE1(n, need, c) { n, need, 1, { c }, false, true, false }
#define SERVED(n, need)	{ n, need, 0, { { 0 } }, false, false, true }

/* O_TMPFILE's own bit (glibc's __O_TMPFILE also holds O_DIRECTORY). */
#define TMPFILE_BIT	020000000
#define OMASK	(O_ACCMODE | O_CREAT | O_TRUNC | TMPFILE_BIT)
#define IOCTYPE	0xff00

/* open(2)-like calls: the flags argument decides rpath, wpath, cpath. */
#define OPENS(n, a) \
	R1(n, P(RPATH), MEQ(a, OMASK, O_RDONLY)), \
	R1(n, P(WPATH), MEQ(a, OMASK, O_WRONLY)), \
	R1(n, P(WPATH), MEQ(a, OMASK, O_WRONLY | O_TRUNC)), \
	R1(n, P(RPATH) | P(WPATH), MEQ(a, OMASK, O_RDWR)), \
	R1(n, P(RPATH) | P(WPATH), MEQ(a, OMASK, O_RDWR | O_TRUNC)), \
	R1(n, P(RPATH) | P(WPATH), MEQ(a, OMASK, O_RDONLY | O_TRUNC)), \
	R1(n, P(RPATH) | P(CPATH), MEQ(a, OMASK, O_RDONLY | O_CREAT)), \
	R1(n, P(WPATH) | P(CPATH), MEQ(a, OMASK, O_WRONLY | O_CREAT)), \
	R1(n, P(WPATH) | P(CPATH), MEQ(a, OMASK, O_WRONLY | O_CREAT | O_TRUNC)), \
	R1(n, P(RPATH) | P(WPATH) | P(CPATH), MEQ(a, OMASK, O_RDWR | O_CREAT)), \
	R1(n, P(RPATH) | P(WPATH) | P(CPATH), \
	    MEQ(a, OMASK, O_RDWR | O_CREAT | O_TRUNC)), \
	R1(n, P(WPATH) | P(CPATH), MEQ(a, OMASK, O_WRONLY | TMPFILE_BIT)), \
	R1(n, P(RPATH) | P(WPATH) | P(CPATH), MEQ(a, OMASK, O_RDWR | TMPFILE_BIT))

/* Calls that read the file system: any of rpath, wpath, cpath (OpenBSD). */
#define ANYPATH(n) R(n, P(RPATH)), R(n, P(WPATH)), R(n, P(CPATH))

/* Socket calls shared by inet, unix and dns (the domain is checked once). */
#define SOCKCALL(n) R(n, P(INET)), R(n, P(UNIX)), R(n, P(DNS))

/*
 * A mode without setuid, setgid, sticky; with one of them, EPERM. OpenBSD
 * strips the bits under pledge; taking them off here would need the
 * supervisor to make the call in the program's stead (by a path it could
 * swap meanwhile), so the call is refused instead.
 */
#define MODE(n, a, need) \
	R1(n, need, MEQ(a, S_ISUID | S_ISGID | S_ISVTX, 0)), \
	REFUSE1(n, need, MEQ(a, S_ISUID, S_ISUID)), \
	REFUSE1(n, need, MEQ(a, S_ISGID, S_ISGID)), \
	REFUSE1(n, need, MEQ(a, S_ISVTX, S_ISVTX))

const struct pledge_rule pledge_rules[] = {
	/* stdio: the C library's basic needs. */
	R("read", P(STDIO)), R("write", P(STDIO)), R("readv", P(STDIO)),
	R("writev", P(STDIO)), R("pread64", P(STDIO)),
	R("pwrite64", P(STDIO)), R("preadv", P(STDIO)),
	R("pwritev", P(STDIO)), R("preadv2", P(STDIO)),
	R("pwritev2", P(STDIO)), R("close", P(STDIO)),
	R("close_range", P(STDIO)), R("dup", P(STDIO)), R("dup2", P(STDIO)),
	R("dup3", P(STDIO)), R("lseek", P(STDIO)), R("fstat", P(STDIO)),
	R("fsync", P(STDIO)), R("fdatasync", P(STDIO)),
	R("ftruncate", P(STDIO)), R("getdents", P(STDIO)),
	R("getdents64", P(STDIO)), R("fchdir", P(STDIO)),
	R("fstatfs", P(STDIO)), R("sendfile", P(STDIO)),
	R("copy_file_range", P(STDIO)), R("splice", P(STDIO)),
	R("tee", P(STDIO)), R("fadvise64", P(STDIO)),
	R("sync_file_range", P(STDIO)),
	/* inotify is Linux's kqueue for files: watching a path needs rpath. */
	R("inotify_init", P(STDIO)), R("inotify_init1", P(STDIO)),
	R("inotify_rm_watch", P(STDIO)), R("inotify_add_watch", P(RPATH)),
	/* glibc's fstat() is fstatat(fd, "", st, AT_EMPTY_PATH). */
	R1("newfstatat", P(STDIO), MEQ(3, AT_EMPTY_PATH, AT_EMPTY_PATH)),
	R1("statx", P(STDIO), MEQ(2, AT_EMPTY_PATH, AT_EMPTY_PATH)),
	R("getpid", P(STDIO)), R("getppid", P(STDIO)), R("gettid", P(STDIO)),
	R("getuid", P(STDIO)), R("geteuid", P(STDIO)), R("getgid", P(STDIO)),
	R("getegid", P(STDIO)), R("getresuid", P(STDIO)),
	R("getresgid", P(STDIO)), R("getgroups", P(STDIO)),
	R("getpgid", P(STDIO)), R("getpgrp", P(STDIO)), R("getsid", P(STDIO)),
	R("getrlimit", P(STDIO)), R("getrusage", P(STDIO)),
	R1("prlimit64", P(STDIO), EQ(2, 0)),
	R("getrandom", P(STDIO)), R("uname", P(STDIO)),
	R("sysinfo", P(STDIO)), R("times", P(STDIO)),
	R("clock_gettime", P(STDIO)), R("clock_getres", P(STDIO)),
	R("gettimeofday", P(STDIO)), R("time", P(STDIO)),
	R("nanosleep", P(STDIO)), R("clock_nanosleep", P(STDIO)),
	R("getitimer", P(STDIO)), R("setitimer", P(STDIO)),
	R("alarm", P(STDIO)), R("timer_create", P(STDIO)),
	R("timer_settime", P(STDIO)), R("timer_gettime", P(STDIO)),
	R("timer_getoverrun", P(STDIO)), R("timer_delete", P(STDIO)),
	R("timerfd_create", P(STDIO)), R("timerfd_settime", P(STDIO)),
	R("timerfd_gettime", P(STDIO)),
	R("brk", P(STDIO)), R("munmap", P(STDIO)), R("mremap", P(STDIO)),
	R("madvise", P(STDIO)), R("msync", P(STDIO)), R("mincore", P(STDIO)),
	R("mlock", P(STDIO)), R("munlock", P(STDIO)),
	R1("mmap", P(STDIO), MEQ(2, PROT_EXEC, 0)),
	R1("mprotect", P(STDIO), MEQ(2, PROT_EXEC, 0)),
	R1("pkey_mprotect", P(STDIO), MEQ(2, PROT_EXEC, 0)),
	R("pipe", P(STDIO)), R("pipe2", P(STDIO)),
	R("socketpair", P(STDIO)), R("shutdown", P(STDIO)),
	R("recvfrom", P(STDIO)), R("recvmsg", P(STDIO)),
	R("recvmmsg", P(STDIO)),
	/*
	 * An address needs inet, unix or dns (below); in sendmsg it is in
	 * memory, where BPF cannot see it: the supervisor reads it
	 * (pledge_sendmsg.c). Without one, the filter allows the call.
	 */
	SERVED("sendmsg", P(STDIO)), SERVED("sendmmsg", P(STDIO)),
	R2("sendto", P(STDIO), EQ(4, 0), EQ(5, 0)),
	/* Queries on descriptors the program has (bash: is stdin a socket?) */
	R("getsockname", P(STDIO)), R("getpeername", P(STDIO)),
	R("getsockopt", P(STDIO)),
	R("poll", P(STDIO)), R("ppoll", P(STDIO)), R("select", P(STDIO)),
	R("pselect6", P(STDIO)), R("epoll_create", P(STDIO)),
	R("epoll_create1", P(STDIO)), R("epoll_ctl", P(STDIO)),
	R("epoll_wait", P(STDIO)), R("epoll_pwait", P(STDIO)),
	R("epoll_pwait2", P(STDIO)), R("eventfd", P(STDIO)),
	R("eventfd2", P(STDIO)), R("signalfd", P(STDIO)),
	R("signalfd4", P(STDIO)),
	R("rt_sigaction", P(STDIO)), R("rt_sigprocmask", P(STDIO)),
	R("rt_sigreturn", P(STDIO)), R("rt_sigpending", P(STDIO)),
	R("rt_sigsuspend", P(STDIO)), R("rt_sigtimedwait", P(STDIO)),
	R("sigaltstack", P(STDIO)), R("pause", P(STDIO)),
	R("wait4", P(STDIO)), R("waitid", P(STDIO)), R("umask", P(STDIO)),
	R("exit", P(STDIO)), R("exit_group", P(STDIO)),
	R("sched_yield", P(STDIO)), R("sched_getaffinity", P(STDIO)),
	R("sched_getparam", P(STDIO)), R("sched_getscheduler", P(STDIO)),
	R("getcpu", P(STDIO)), R("getpriority", P(STDIO)),
	R("sched_get_priority_max", P(STDIO)),
	R("sched_get_priority_min", P(STDIO)),
	R("futex", P(STDIO)), R("futex_waitv", P(STDIO)),
	R("set_robust_list", P(STDIO)), R("get_robust_list", P(STDIO)),
	R("set_tid_address", P(STDIO)), R("arch_prctl", P(STDIO)),
	R("rseq", P(STDIO)), R("restart_syscall", P(STDIO)),
	R("membarrier", P(STDIO)), R("capget", P(STDIO)),
	/* Threads only: a new process needs proc. */
	R1("clone", P(STDIO), MEQ(0, CLONE_THREAD, CLONE_THREAD)),
	/* Signals to self (OpenBSD: pid 0 or the caller's own). */
	R1("kill", P(STDIO), EQ(0, 0)),
	SELF("kill", P(STDIO)), SELF("tgkill", P(STDIO)),
	/* ioctl: FIONREAD, FIONBIO, FIOCLEX, FIONCLEX; TCGETS for isatty. */
	R1("ioctl", P(STDIO), EQ(1, FIONREAD)),
	R1("ioctl", P(STDIO), EQ(1, FIONBIO)),
	R1("ioctl", P(STDIO), EQ(1, FIOCLEX)),
	R1("ioctl", P(STDIO), EQ(1, FIONCLEX)),
	R1("ioctl", P(STDIO), EQ(1, TCGETS)),
	/* tcgetpgrp(3), window size: queries bash makes on stderr. */
	R1("ioctl", P(STDIO), EQ(1, TIOCGPGRP)),
	R1("ioctl", P(STDIO), EQ(1, TIOCGWINSZ)),
	/* fcntl: descriptor flags and duplication; locks need flock. */
	R1("fcntl", P(STDIO), EQ(1, F_DUPFD)),
	R1("fcntl", P(STDIO), EQ(1, F_DUPFD_CLOEXEC)),
	R1("fcntl", P(STDIO), EQ(1, F_GETFD)),
	R1("fcntl", P(STDIO), EQ(1, F_SETFD)),
	R1("fcntl", P(STDIO), EQ(1, F_GETFL)),
	R1("fcntl", P(STDIO), EQ(1, F_SETFL)),
	R1("fcntl", P(STDIO), EQ(1, F_GETOWN)),
	R1("fcntl", P(STDIO), EQ(1, F_GETPIPE_SZ)),
	R1("fcntl", P(STDIO), EQ(1, F_SETPIPE_SZ)),
	R1("fcntl", P(STDIO), EQ(1, F_GET_SEALS)),
	R1("fcntl", P(STDIO), EQ(1, F_ADD_SEALS)),
	/* prctl: names, the state of seccomp and no_new_privs. */
	R1("prctl", P(STDIO), EQ(0, PR_SET_NAME)),
	R1("prctl", P(STDIO), EQ(0, PR_GET_NAME)),
	R1("prctl", P(STDIO), EQ(0, PR_SET_NO_NEW_PRIVS)),
	/* Whether it may be traced by its own user: a nested sandbox. */
	R1("prctl", P(STDIO), EQ(0, PR_SET_DUMPABLE)),
	R1("prctl", P(STDIO), EQ(0, PR_GET_NO_NEW_PRIVS)),
	R1("prctl", P(STDIO), EQ(0, PR_GET_SECCOMP)),
	R1("prctl", P(STDIO), EQ(0, PR_SET_SECCOMP)),
	R1("prctl", P(STDIO), EQ(0, PR_GET_DUMPABLE)),
	R1("prctl", P(STDIO), EQ(0, PR_CAPBSET_READ)),
	/* Questions libcap's constructor asks; none changes anything. */
	R1("prctl", P(STDIO), EQ(0, PR_GET_SECUREBITS)),
	R1("prctl", P(STDIO), EQ(0, PR_GET_KEEPCAPS)),
	R2("prctl", P(STDIO), EQ(0, PR_CAP_AMBIENT),
	    EQ(1, PR_CAP_AMBIENT_IS_SET)),
	R1("prctl", P(STDIO), EQ(0, 0x53564d41)),	/* PR_SET_VMA */
	/* pledge(2) itself is always allowed: seccomp filters only narrow. */
	R("seccomp", P(STDIO)),

	/* rpath, wpath, cpath: opening by flags; the rest by call. */
	OPENS("open", 1), OPENS("openat", 2),
	R("creat", P(WPATH) | P(CPATH)),
	ANYPATH("stat"), ANYPATH("lstat"), ANYPATH("newfstatat"),
	ANYPATH("statx"), ANYPATH("access"), ANYPATH("faccessat"),
	ANYPATH("faccessat2"), ANYPATH("getcwd"),
	R("readlink", P(RPATH)), R("readlinkat", P(RPATH)),
	R("chdir", P(RPATH)), R("statfs", P(RPATH)),
	R("getxattr", P(RPATH)), R("lgetxattr", P(RPATH)),
	R("fgetxattr", P(RPATH)), R("listxattr", P(RPATH)),
	R("llistxattr", P(RPATH)), R("flistxattr", P(RPATH)),
	R("truncate", P(WPATH)),
	/* cp(1) clones extents into a file open for writing. */
	R1("ioctl", P(WPATH), EQ(1, FICLONE)),
	R1("ioctl", P(WPATH), EQ(1, FICLONERANGE)),
	R("mkdir", P(CPATH)), R("mkdirat", P(CPATH)), R("rmdir", P(CPATH)),
	R("unlink", P(CPATH)), R("unlinkat", P(CPATH)),
	R("rename", P(CPATH)), R("renameat", P(CPATH)),
	R("renameat2", P(CPATH)), R("link", P(CPATH)), R("linkat", P(CPATH)),
	R("symlink", P(CPATH)), R("symlinkat", P(CPATH)),
	/* dpath: special files. */
	MODE("mknod", 1, P(DPATH)), MODE("mknodat", 2, P(DPATH)),
	/* tmppath: OpenBSD limits these to /tmp; BPF cannot see paths. */
	R("unlink", P(TMPPATH)), R("unlinkat", P(TMPPATH)),
	R("lstat", P(TMPPATH)),
	/* Creating, written either way (O_RDWR only refused touch, >). */
	R1("openat", P(TMPPATH), MEQ(2, O_CREAT, O_CREAT)),
	R1("open", P(TMPPATH), MEQ(1, O_CREAT, O_CREAT)),

	/* fattr, chown, flock. */
	MODE("chmod", 1, P(FATTR)), MODE("fchmod", 1, P(FATTR)),
	MODE("fchmodat", 2, P(FATTR)),
	R("utime", P(FATTR)), R("utimes", P(FATTR)),
	R("utimensat", P(FATTR)), R("futimesat", P(FATTR)),
	R("setxattr", P(FATTR)), R("lsetxattr", P(FATTR)),
	R("fsetxattr", P(FATTR)), R("removexattr", P(FATTR)),
	R("lremovexattr", P(FATTR)), R("fremovexattr", P(FATTR)),
	R("chown", P(CHOWN)), R("fchown", P(CHOWN)), R("lchown", P(CHOWN)),
	R("fchownat", P(CHOWN)),
	R("flock", P(FLOCK)),
	R1("fcntl", P(FLOCK), EQ(1, F_GETLK)),
	R1("fcntl", P(FLOCK), EQ(1, F_SETLK)),
	R1("fcntl", P(FLOCK), EQ(1, F_SETLKW)),
	R1("fcntl", P(FLOCK), EQ(1, F_OFD_GETLK)),
	R1("fcntl", P(FLOCK), EQ(1, F_OFD_SETLK)),
	R1("fcntl", P(FLOCK), EQ(1, F_OFD_SETLKW)),

	/* inet, unix, dns: the socket domain decides; calls are shared. */
	R1("socket", P(INET), EQ(0, AF_INET)),
	R1("socket", P(INET), EQ(0, AF_INET6)),
	R1("socket", P(UNIX), EQ(0, AF_UNIX)),
	R1("socket", P(DNS), EQ(0, AF_INET)),
	R1("socket", P(DNS), EQ(0, AF_INET6)),
	SOCKCALL("connect"), SOCKCALL("sendto"), SOCKCALL("bind"),
	SOCKCALL("sendmsg"), SOCKCALL("sendmmsg"),
	R("listen", P(INET)), R("listen", P(UNIX)),
	R("accept", P(INET)), R("accept", P(UNIX)),
	R("accept4", P(INET)), R("accept4", P(UNIX)),
	/* setsockopt: multicast options need mcast. */
	R1("setsockopt", P(UNIX), EQ(1, SOL_SOCKET)),
	R1("setsockopt", P(INET), EQ(1, SOL_SOCKET)),
	R1("setsockopt", P(INET), EQ(1, IPPROTO_TCP)),
	R1("setsockopt", P(INET), EQ(1, IPPROTO_UDP)),
	R2("setsockopt", P(INET), EQ(1, IPPROTO_IP), LT(2, IP_MULTICAST_IF)),
	R2("setsockopt", P(INET), EQ(1, IPPROTO_IPV6),
	    LT(2, IPV6_MULTICAST_IF)),
	R2("setsockopt", P(INET), EQ(1, IPPROTO_IPV6),
	    GT(2, IPV6_LEAVE_GROUP)),
	R1("setsockopt", P(DNS), EQ(1, SOL_SOCKET)),
	/* glibc's resolver asks for ICMP errors on its UDP socket. */
	R2("setsockopt", P(DNS), EQ(1, IPPROTO_IP), EQ(2, IP_RECVERR)),
	R2("setsockopt", P(DNS), EQ(1, IPPROTO_IPV6), EQ(2, IPV6_RECVERR)),
	R1("setsockopt", P(INET) | P(MCAST), EQ(1, IPPROTO_IP)),
	R1("setsockopt", P(INET) | P(MCAST), EQ(1, IPPROTO_IPV6)),

	/* tty: the termios set, window size, process groups. */
	R1("ioctl", P(TTY), EQ(1, TCSETS)), R1("ioctl", P(TTY), EQ(1, TCSETSW)),
	R1("ioctl", P(TTY), EQ(1, TCSETSF)), R1("ioctl", P(TTY), EQ(1, TCFLSH)),
	R1("ioctl", P(TTY), EQ(1, TCXONC)), R1("ioctl", P(TTY), EQ(1, TCSBRK)),
	R1("ioctl", P(TTY), EQ(1, TIOCSWINSZ)),
	R1("ioctl", P(TTY), EQ(1, TIOCSPGRP)),
	R1("ioctl", P(TTY), EQ(1, TIOCOUTQ)),
	R1("ioctl", P(TTY), EQ(1, TIOCSCTTY)),
	R1("ioctl", P(TTY), EQ(1, TIOCGSID)),
	/* Break and modem lines (cu): OpenBSD's TIOC[SC]BRK, TIOC[SC]DTR. */
	R1("ioctl", P(TTY), EQ(1, TIOCSBRK)),
	R1("ioctl", P(TTY), EQ(1, TIOCCBRK)),
	R1("ioctl", P(TTY), EQ(1, TCSBRKP)),
	R1("ioctl", P(TTY), EQ(1, TIOCEXCL)),
	/* Linux sets DTR through the modem bits (any line: not checked). */
	R1("ioctl", P(TTY), EQ(1, TIOCMGET)),
	R1("ioctl", P(TTY), EQ(1, TIOCMBIS)),
	R1("ioctl", P(TTY), EQ(1, TIOCMBIC)),
	/* tape, audio, video: the ioctl families of those devices. */
	R1("ioctl", P(TAPE), MEQ(1, IOCTYPE, 'm' << 8)),
	R1("ioctl", P(AUDIO), MEQ(1, IOCTYPE, 'A' << 8)),
	R1("ioctl", P(AUDIO), MEQ(1, IOCTYPE, 'U' << 8)),
	R1("ioctl", P(VIDEO), MEQ(1, IOCTYPE, 'V' << 8)),

	/* proc: new processes, signals to others, scheduling. */
	R("fork", P(PROC)), R("vfork", P(PROC)), R("clone", P(PROC)),
	R("kill", P(PROC)), R("tkill", P(PROC)), R("tgkill", P(PROC)),
	R("rt_sigqueueinfo", P(PROC)), R("rt_tgsigqueueinfo", P(PROC)),
	R("setsid", P(PROC)), R("setpgid", P(PROC)),
	R("setpriority", P(PROC)), R("sched_setaffinity", P(PROC)),
	R("sched_setscheduler", P(PROC)), R("sched_setparam", P(PROC)),
	R("pidfd_open", P(PROC)), R("pidfd_send_signal", P(PROC)),
	/* A new, empty session keyring: less than before (a nested sandbox). */
	R2("keyctl", P(STDIO), EQ(0, KEYCTL_JOIN_SESSION_KEYRING), EQ(1, 0)),
	/* No pidfd_getfd: taking another process's descriptor is ptrace. */
	R1("fcntl", P(PROC), EQ(1, F_SETOWN)),
	R1("prctl", P(PROC), EQ(0, PR_SET_PDEATHSIG)),
	R1("prctl", P(PROC), EQ(0, PR_GET_PDEATHSIG)),
	R1("prctl", P(PROC), EQ(0, PR_SET_CHILD_SUBREAPER)),
	/* exec */
	R("execve", P(EXEC)), R("execveat", P(EXEC)),
	/* prot_exec: executable mappings. */
	R("mmap", P(PROT_EXEC)), R("mprotect", P(PROT_EXEC)),
	R("pkey_mprotect", P(PROT_EXEC)),
	/* settime */
	R("settimeofday", P(SETTIME)), R("clock_settime", P(SETTIME)),
	R("adjtimex", P(SETTIME)), R("clock_adjtime", P(SETTIME)),
	/* id: changing identity and limits. */
	R("setuid", P(ID)), R("setgid", P(ID)), R("setreuid", P(ID)),
	R("setregid", P(ID)), R("setresuid", P(ID)), R("setresgid", P(ID)),
	R("setgroups", P(ID)), R("setfsuid", P(ID)), R("setfsgid", P(ID)),
	R("setrlimit", P(ID)), R("prlimit64", P(ID)),
	/* OpenBSD: setrlimit under proc too (after id: learn names id). */
	R("setrlimit", P(PROC)), R("prlimit64", P(PROC)),
	/* route, wroute: the routing netlink socket. */
	R2("socket", P(ROUTE), EQ(0, AF_NETLINK), EQ(2, NETLINK_ROUTE)),
	R2("socket", P(WROUTE), EQ(0, AF_NETLINK), EQ(2, NETLINK_ROUTE)),
	/* glibc's getaddrinfo asks the kernel which address families exist. */
	R2("socket", P(DNS), EQ(0, AF_NETLINK), EQ(2, NETLINK_ROUTE)),
	R("bind", P(ROUTE)), R("sendto", P(ROUTE)),
	R("bind", P(WROUTE)), R("sendto", P(WROUTE)),
	/* pf: the packet filter's netlink socket. */
	R2("socket", P(PF), EQ(0, AF_NETLINK), EQ(2, NETLINK_NETFILTER)),
	R("sendto", P(PF)),
	/* unveil: Landlock. */
	R("landlock_create_ruleset", P(UNVEIL)),
	R("landlock_add_rule", P(UNVEIL)),
	R("landlock_restrict_self", P(UNVEIL)),
};

const size_t pledge_nrules = sizeof(pledge_rules) / sizeof(pledge_rules[0]);

const char *const pledge_enosys[] = {
	"clone3",		/* flags in memory: glibc falls back to clone */
	"openat2",		/* flags in memory: glibc falls back to openat */
	"memfd_create",		/* anonymous files around prot_exec */
	"io_uring_setup",	/* would bypass the filter */
	"userfaultfd",
	/* NUMA policy: libnuma (ps, procps) takes ENOSYS as "no NUMA". */
	"get_mempolicy",
	"set_mempolicy",
	NULL
};

/* Syscall numbers of the rules, resolved once for this architecture. */
int
pledge_rule_nr(size_t i)
{
	static int nrs[sizeof(pledge_rules) / sizeof(pledge_rules[0])];
	static bool done;
	size_t j;

	if (!done) {
		for (j = 0; j < pledge_nrules; j++)
			nrs[j] = seccomp_syscall_resolve_name(pledge_rules[j].name);
		done = true;
	}
	return nrs[i];
}

static bool
cmp_holds(const struct scmp_arg_cmp *c, const uint64_t args[6])
{
	uint64_t v = args[c->arg];

	switch (c->op) {
	case SCMP_CMP_EQ:
		return v == c->datum_a;
	case SCMP_CMP_NE:
		return v != c->datum_a;
	case SCMP_CMP_LT:
		return v < c->datum_a;
	case SCMP_CMP_LE:
		return v <= c->datum_a;
	case SCMP_CMP_GT:
		return v > c->datum_a;
	case SCMP_CMP_GE:
		return v >= c->datum_a;
	case SCMP_CMP_MASKED_EQ:
		return (v & c->datum_a) == c->datum_b;
	default:
		return false;
	}
}

static bool
rule_matches(size_t i, int nr, const uint64_t args[6], pid_t self)
{
	const struct pledge_rule *r = &pledge_rules[i];
	unsigned k;

	if (pledge_rule_nr(i) != nr)
		return false;
	if (r->self && (self <= 0 || (pid_t)args[0] != self))
		return false;
	for (k = 0; k < r->ncmp; k++)
		if (!cmp_holds(&r->cmp[k], args))
			return false;
	return true;
}

/* A refused rule whose promises are held allows nothing: no answer. */
static bool
no_answer(const struct pledge_rule *r, uint64_t held)
{
	return r->refused && (r->need & ~held) == 0;
}

static int
popcount64(uint64_t x)
{
	return __builtin_popcountll(x);
}

int
pledge_needed_held(int nr, const uint64_t args[6], pid_t self,
    uint64_t held, uint64_t *need)
{
	size_t i;
	int best = -1, cost, bestcost = 0;

	for (i = 0; i < pledge_nrules; i++) {
		if (!rule_matches(i, nr, args, self) ||
		    no_answer(&pledge_rules[i], held))
			continue;
		/*
		 * Cost: the promises missing, then the promises needed;
		 * tmppath's rules, approximate on Linux, are named last.
		 */
		cost = popcount64(pledge_rules[i].need & ~held) * 64 +
		    popcount64(pledge_rules[i].need) +
		    ((pledge_rules[i].need & P(TMPPATH)) ? 1024 : 0);
		if (best < 0 || cost < bestcost) {
			best = (int)i;
			bestcost = cost;
		}
	}
	if (best < 0)
		return -ENOENT;
	*need = pledge_rules[best].need;
	return 0;
}

bool
pledge_allows(int nr, const uint64_t args[6], pid_t self, uint64_t held)
{
	size_t i;

	for (i = 0; i < pledge_nrules; i++)
		if (rule_matches(i, nr, args, self) &&
		    !pledge_rules[i].refused &&
		    (pledge_rules[i].need & ~held) == 0)
			return true;
	return false;
}

/* Is a (missing promises) already said by, or wider than, one of set? */
static bool
covered(uint64_t a, const uint64_t *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((set[i] & ~a) == 0)
			return true;
	return false;
}

size_t
pledge_alternatives(int nr, const uint64_t args[6], pid_t self,
    uint64_t held, uint64_t first, uint64_t *alt, size_t n)
{
	uint64_t seen[16], miss;
	size_t i, k, nseen = 0, nalt = 0;

	if ((first & ~held) != 0)
		seen[nseen++] = first & ~held;
	/* Smallest first: by the number of promises missing. */
	for (k = 1; k <= 64 && nalt < n; k++)
		for (i = 0; i < pledge_nrules && nalt < n; i++) {
			const struct pledge_rule *r = &pledge_rules[i];

			/* tmppath's rules: by path, said by the report. */
			if (!rule_matches(i, nr, args, self) ||
			    (r->need & P(TMPPATH)) || no_answer(r, held))
				continue;
			miss = r->need & ~held;
			if (miss == 0 || (size_t)popcount64(miss) != k ||
			    covered(miss, seen, nseen))
				continue;
			if (nseen < sizeof(seen) / sizeof(seen[0]))
				seen[nseen++] = miss;
			alt[nalt++] = miss;
		}
	return nalt;
}

int
sb_pledge_needed(int nr, const uint64_t args[6], pid_t self, uint64_t *need)
{
	return pledge_needed_held(nr, args, self, 0, need);
}
