/*
 * escape.c: attempts to get out of a sandbox, one per verb. Exit 0 when the
 * attempt worked (an escape, when run confined), 1 when the kernel refused
 * it (with the reason on stderr), 2 on bad usage.
 *
 *	escape read PATH		read a file, print it
 *	escape write PATH		open a file for writing (create it)
 *	escape chroot DIR PATH		chroot(DIR/sub), walk up, chroot("."),
 *					read PATH: the classic jail escape
 *	escape ptrace PID		attach to a process
 *	escape kill PID			signal 0 a process: can it be seen?
 *	escape mount DIR		mount a tmpfs over DIR
 *	escape remount DIR		make a read-only DIR writable, also from
 *					a new user namespace, and write in it
 *	escape connect PORT		TCP connect to 127.0.0.1:PORT
 *	escape listen FILE		listen on 127.0.0.1, port into FILE,
 *					accept once (20 s at most)
 *	escape fds			print descriptors above 2 (leaked)
 *	escape euid			print the effective uid (0: root)
 *	escape userns			create a user namespace (capabilities
 *					again, inside it)
 *	escape tiocsti			push a character into the terminal's
 *					input (stdin, else /dev/tty)
 *	escape withkey NAME CMD...	(outside) a new session keyring holding
 *					a key NAME, then exec CMD
 *	escape key NAME			find and read the key NAME from the
 *					session keyring
 *	escape getfd FD			take descriptor FD of the parent
 *					(pidfd_getfd), print what it reads
 *	escape swap DIR TARGET SECS [always]
 *					(outside) make directories DIR/dN and
 *					links DIR/lN to TARGET; for SECS
 *					seconds, swap each pair whenever DIR
 *					is read (always: all the time): a race
 *					against whatever checks an entry, then
 *					uses it
 *	escape withukey NAME CMD...	(outside) put a key NAME in the user
 *					keyring (@u), then exec CMD
 *	escape ukey NAME		find the key NAME in the user keyring
 *					(linked into the session keyring
 *					first), read it
 *	escape killpg PGID		SIGURG to process group PGID and to
 *					the own group (kill(0)): can the
 *					caller's group be reached?
 */
#include <linux/keyctl.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
refused(const char *what)
{
	fprintf(stderr, "escape: %s: %s\n", what, strerror(errno));
	return 1;
}

static int
do_read(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return refused(path);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return n < 0 ? refused(path) : 0;
}

static int
do_write(const char *path)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0)
		return refused(path);
	close(fd);
	printf("opened %s for writing\n", path);
	return 0;
}

static int
do_chroot(const char *dir, const char *path)
{
	char sub[4096];
	int i;

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	if (mkdir(sub, 0755) < 0 && errno != EEXIST)
		return refused(sub);
	if (chroot(sub) < 0)
		return refused("chroot");
	for (i = 0; i < 64; i++)
		if (chdir("..") < 0)
			return refused("chdir ..");
	if (chroot(".") < 0)
		return refused("chroot .");
	return do_read(path);
}

static int
do_ptrace(pid_t pid)
{
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
		return refused("ptrace");
	printf("attached to %d\n", (int)pid);
	return 0;
}

static int
do_kill(pid_t pid)
{
	if (kill(pid, 0) < 0)
		return refused("kill");
	printf("can signal %d\n", (int)pid);
	return 0;
}

static int
do_mount(const char *dir)
{
	if (mount("tmpfs", dir, "tmpfs", 0, NULL) < 0)
		return refused("mount");
	printf("mounted a tmpfs on %s\n", dir);
	return 0;
}

static int
write_file(const char *path, const char *text)
{
	int fd, ok;

	if ((fd = open(path, O_WRONLY)) < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/* Make dir writable again and create a file in it. */
static int
remount_and_write(const char *dir)
{
	char path[4096];

	if (mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND, NULL) < 0)
		return refused("remount");
	snprintf(path, sizeof(path), "%s/.escape", dir);
	return do_write(path);
}

static int
do_remount(const char *dir)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (remount_and_write(dir) == 0)
		return 0;
	/* A user namespace of our own gives every capability inside it. */
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return refused("unshare");
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	write_file("/proc/self/uid_map", map);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	write_file("/proc/self/gid_map", map);
	return remount_and_write(dir);
}

static int
do_connect(const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd;

	a.sin_port = htons((unsigned short)atoi(port));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return refused("socket");
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return refused("connect");
	printf("connected to 127.0.0.1:%s\n", port);
	close(fd);
	return 0;
}

static int
do_listen(const char *file)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	FILE *f;
	int fd, c;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(fd, 8) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return refused("listen");
	if ((f = fopen(file, "w")) == NULL)
		return refused(file);
	fprintf(f, "%u\n", (unsigned)ntohs(a.sin_port));
	fclose(f);
	alarm(20);
	for (;;)
		if ((c = accept(fd, NULL, NULL)) >= 0)
			close(c);
}

static int
do_fds(void)
{
	struct dirent *d;
	DIR *dir;
	int n = 0, fd;

	if ((dir = opendir("/proc/self/fd")) == NULL)
		return refused("/proc/self/fd");
	while ((d = readdir(dir)) != NULL) {
		fd = atoi(d->d_name);
		if (d->d_name[0] == '.' || fd <= 2 || fd == dirfd(dir))
			continue;
		printf("fd %d open\n", fd);
		n++;
	}
	closedir(dir);
	if (n == 0)
		fprintf(stderr, "escape: no descriptor above 2\n");
	return n > 0 ? 0 : 1;
}

static int
do_userns(void)
{
	if (unshare(CLONE_NEWUSER) < 0)
		return refused("unshare");
	printf("in a new user namespace\n");
	return 0;
}

static int
do_tiocsti(void)
{
	char c = '\n';
	int fd = 0;

	if (!isatty(fd) && (fd = open("/dev/tty", O_RDWR)) < 0)
		return refused("/dev/tty");
	if (ioctl(fd, TIOCSTI, &c) < 0)
		return refused("TIOCSTI");
	printf("typed into the terminal\n");
	return 0;
}

static int
do_withkey(const char *name, char *argv[])
{
	const char secret[] = "keyring-secret";

	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 ||
	    syscall(SYS_add_key, "user", name, secret, sizeof(secret) - 1,
	    KEY_SPEC_SESSION_KEYRING) < 0)
		return refused("add_key");
	execvp(argv[0], argv);
	return refused(argv[0]);
}

static int
do_key(const char *name)
{
	char buf[256];
	long id, n;

	if ((id = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING,
	    "user", name, 0)) < 0)
		return refused("keyctl search");
	if ((n = syscall(SYS_keyctl, KEYCTL_READ, id, buf, sizeof(buf))) < 0)
		return refused("keyctl read");
	printf("%.*s\n", (int)n, buf);
	return 0;
}

static int
do_withukey(const char *name, char *argv[])
{
	const char secret[] = "user-keyring-secret";

	if (syscall(SYS_add_key, "user", name, secret, sizeof(secret) - 1,
	    KEY_SPEC_USER_KEYRING) < 0)
		return refused("add_key");
	execvp(argv[0], argv);
	return refused(argv[0]);
}

/*
 * The user keyring is the uid's, whatever the session: a key in it is
 * read once the keyring is possessed, by a link from the session's.
 */
static int
do_ukey(const char *name)
{
	char buf[256];
	long id, n;

	if (syscall(SYS_keyctl, KEYCTL_LINK, KEY_SPEC_USER_KEYRING,
	    KEY_SPEC_SESSION_KEYRING) < 0)
		return refused("keyctl link @u");
	if ((id = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING,
	    "user", name, 0)) < 0)
		return refused("keyctl search");
	if ((n = syscall(SYS_keyctl, KEYCTL_READ, id, buf, sizeof(buf))) < 0)
		return refused("keyctl read");
	printf("%.*s\n", (int)n, buf);
	return 0;
}

/* Both ways to the caller's group; the caller sees what came. */
static int
do_killpg(pid_t pgid)
{
	int a, b;

	signal(SIGURG, SIG_IGN);
	a = kill(0, SIGURG);
	b = kill(-pgid, SIGURG);
	printf("kill(0): %d, kill(-%d): %d\n", a, (int)pgid, b);
	return 0;
}

static int
do_getfd(int target)
{
	char buf[256];
	ssize_t n;
	int pidfd, fd;

	if ((pidfd = (int)syscall(SYS_pidfd_open, getppid(), 0)) < 0)
		return refused("pidfd_open");
	if ((fd = (int)syscall(SYS_pidfd_getfd, pidfd, target, 0)) < 0)
		return refused("pidfd_getfd");
	if ((n = pread(fd, buf, sizeof(buf), 0)) < 0)
		return refused("pread");
	printf("%.*s", (int)n, buf);
	return 0;
}

#define NSWAP	32

/* Swap every pair for ms milliseconds; the number of swaps, or -1. */
static long
swap_for(char d[][4096], char l[][4096], long ms)
{
	struct timespec t0, t;
	long n = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (int i = 0; i < 100; i++, n++)
			if (syscall(SYS_renameat2, AT_FDCWD, d[n % NSWAP],
			    AT_FDCWD, l[n % NSWAP], RENAME_EXCHANGE) < 0)
				return -1;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 +
	    (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
	return n;
}

/*
 * Woken when DIR is opened or read (whoever is about to walk it), swap for
 * a while: a busy machine then still runs the swaps when they matter.
 */
static int
do_swap(const char *dir, const char *target, const char *secs, bool always)
{
	char d[NSWAP][4096], l[NSWAP][4096], ev[4096];
	time_t end = time(NULL) + atoi(secs);
	struct pollfd pfd;
	unsigned long total = 0;
	long n;
	int i;

	for (i = 0; i < NSWAP; i++) {
		snprintf(d[i], sizeof(d[i]), "%s/d%d", dir, i);
		snprintf(l[i], sizeof(l[i]), "%s/l%d", dir, i);
		if ((mkdir(d[i], 0755) < 0 && errno != EEXIST) ||
		    (symlink(target, l[i]) < 0 && errno != EEXIST))
			return refused("swap: set-up");
	}
	if ((pfd.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0 ||
	    inotify_add_watch(pfd.fd, dir, IN_OPEN | IN_ACCESS) < 0)
		return refused("inotify");
	pfd.events = POLLIN;
	while (time(NULL) < end) {
		if (!always && poll(&pfd, 1, 100) <= 0)
			continue;
		while (read(pfd.fd, ev, sizeof(ev)) > 0)
			;
		if ((n = swap_for(d, l, 150)) < 0)
			return refused("renameat2");
		total += (unsigned long)n;
	}
	printf("%lu swaps\n", total);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *v = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 3 && strcmp(v, "read") == 0)
		return do_read(argv[2]);
	if (argc == 3 && strcmp(v, "write") == 0)
		return do_write(argv[2]);
	if (argc == 4 && strcmp(v, "chroot") == 0)
		return do_chroot(argv[2], argv[3]);
	if (argc == 3 && strcmp(v, "ptrace") == 0)
		return do_ptrace((pid_t)atoi(argv[2]));
	if (argc == 3 && strcmp(v, "kill") == 0)
		return do_kill((pid_t)atoi(argv[2]));
	if (argc == 3 && strcmp(v, "mount") == 0)
		return do_mount(argv[2]);
	if (argc == 3 && strcmp(v, "remount") == 0)
		return do_remount(argv[2]);
	if (argc == 3 && strcmp(v, "connect") == 0)
		return do_connect(argv[2]);
	if (argc == 3 && strcmp(v, "listen") == 0)
		return do_listen(argv[2]);
	if (argc == 2 && strcmp(v, "fds") == 0)
		return do_fds();
	if (argc == 2 && strcmp(v, "userns") == 0)
		return do_userns();
	if (argc == 2 && strcmp(v, "tiocsti") == 0)
		return do_tiocsti();
	if (argc >= 4 && strcmp(v, "withkey") == 0)
		return do_withkey(argv[2], argv + 3);
	if (argc == 3 && strcmp(v, "key") == 0)
		return do_key(argv[2]);
	if (argc == 3 && strcmp(v, "getfd") == 0)
		return do_getfd(atoi(argv[2]));
	if ((argc == 5 || argc == 6) && strcmp(v, "swap") == 0)
		return do_swap(argv[2], argv[3], argv[4], argc == 6 &&
		    strcmp(argv[5], "always") == 0);
	if (argc >= 4 && strcmp(v, "withukey") == 0)
		return do_withukey(argv[2], argv + 3);
	if (argc == 3 && strcmp(v, "ukey") == 0)
		return do_ukey(argv[2]);
	if (argc == 3 && strcmp(v, "killpg") == 0)
		return do_killpg((pid_t)atoi(argv[2]));
	if (argc == 2 && strcmp(v, "euid") == 0) {
		printf("%u\n", (unsigned)geteuid());
		return geteuid() == 0 ? 0 : 1;
	}
	fprintf(stderr, "usage: escape read|write|chroot|ptrace|kill|mount|"
	    "remount|connect|listen|fds|euid|userns|tiocsti|withkey|key|"
	    "getfd|swap|withukey|ukey|killpg ...\n");
	return 2;
}
