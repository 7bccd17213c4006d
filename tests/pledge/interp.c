/*
 * interp.c: an ELF interpreter that is not the system's loader, for
 * pledge-badinterp: it runs no library and never ends a loading phase;
 * it opens the file its program was given (argv[1]) and prints it, or
 * "refused". Freestanding (x86_64 system calls): built -static-pie
 * -nostdlib.
 */
static long
sys(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b),
	    "d"(c) : "rcx", "r11", "memory");
	return r;
}

static char buf[256];

__attribute__((used)) void
interp_main(long *sp)
{
	const char *path = (const char *)sp[2];
	long fd, n;

	if (sp[0] < 2 || (fd = sys(257, -100, (long)path, 0)) < 0) {
		sys(1, 1, (long)"refused\n", 8);
		sys(231, 1, 0, 0);
	}
	if ((n = sys(0, fd, (long)buf, sizeof(buf))) > 0)
		sys(1, 1, (long)buf, n);
	sys(231, 0, 0, 0);
}

__asm__(".globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n"
    "\tcall interp_main\n");
