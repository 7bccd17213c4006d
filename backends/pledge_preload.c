/*
 * pledge_preload.c: libsandbox-pledge.so, preloaded into dynamic programs
 * run under a pledge. Its constructor runs once ld.so has loaded every
 * library: it tells the supervisor that loading is over (a magic ioctl the
 * supervisor sees), or, where no supervisor listens, installs the exact
 * promises itself over the loader's wider first filter.
 * Built only into the preloaded library (SB_PLEDGE_PRELOAD, mk/pledge.mk).
 */
#ifdef SB_PLEDGE_PRELOAD
#include <sys/syscall.h>

#include <dlfcn.h>
#include <locale.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pledge.h"

static void
die(const char *what, const char *promises)
{
	static const char pre[] = "sandbox: pledge: cannot apply ";

	(void)!write(STDERR_FILENO, pre, sizeof(pre) - 1);
	(void)!write(STDERR_FILENO, what, strlen(what));
	(void)!write(STDERR_FILENO, " \"", 2);
	(void)!write(STDERR_FILENO, promises, strlen(promises));
	(void)!write(STDERR_FILENO, "\"\n", 2);
	_exit(125);
}

/* Fail closed: a program that cannot be narrowed does not run. */
static void
narrow_to(const char *what, const char *promises)
{
	scmp_filter_ctx ctx;
	uint64_t set;

	if (sb_promises_parse(promises, &set, NULL, 0) < 0 ||
	    pledge_filter_build(set, 0, NULL, &ctx) < 0)
		die(what, promises);
	if (seccomp_load(ctx) < 0)
		die(what, promises);
	seccomp_release(ctx);
}

/*
 * Under a filter of its own no supervisor serves the locale and zone files
 * by name: load the environment's now, so that the program's setlocale(3)
 * and localtime(3) find them loaded. The locale object is kept, never
 * freed: glibc unloads a locale read from files (C.UTF-8 is a directory)
 * when nothing uses it any more. The program itself starts in "C".
 */
static void
preload_locale(void)
{
	setlocale(LC_ALL, "");
	(void)duplocale(LC_GLOBAL_LOCALE);
	setlocale(LC_ALL, "C");
	tzset();
}

__attribute__((constructor)) static void
pledge_preload_init(void)
{
	const char *stage2 = getenv(PLEDGE_ENV_STAGE2);

	/*
	 * glibc dlopens libgcc_s at the first pthread_exit or pthread_cancel
	 * and aborts without it; under promises without rpath and prot_exec
	 * that load would be a violation, where OpenBSD needs no promise.
	 * Loaded now, while loading is allowed, it is found already there.
	 */
	(void)dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_NODELETE);
	if (stage2 != NULL) {
		preload_locale();
		/* A supervisor above serves no more loading for this image. */
		syscall(SYS_ioctl, (int)PLEDGE_MAGIC_FD, PLEDGE_MAGIC_REQ, 0);
		narrow_to("promises", stage2);
		unsetenv(PLEDGE_ENV_STAGE2);
	} else
		syscall(SYS_ioctl, (int)PLEDGE_MAGIC_FD, PLEDGE_MAGIC_REQ, 0);
}
#endif /* SB_PLEDGE_PRELOAD */
