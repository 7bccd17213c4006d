/*
 * fuzz.c: a bounded, deterministic fuzz run of the policy loader and the
 * ELF reader. fuzz policy|elf CORPUS COUNT SEED [SAVE]: every file of the
 * directory CORPUS is tried as it is, then COUNT mutants of them, drawn
 * from SEED (the same seed gives the same mutants). Each must be loaded or
 * refused with a message that starts with its path and holds no control
 * character, in bounded time, without a crash (a crash or a hang ends the
 * run: a signal, or SIGALRM). With SAVE, each mutant with an outcome not
 * seen before is kept there: that is how CORPUS was grown.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gelf.h>

#include "elfobj.h"
#include "policy.h"
#include "sandbox.h"

#define MAXIN	(256 * 1024)	/* bytes of one input */
#define MAXFILES 256
#define WATCHDOG 15		/* seconds for one input, then SIGALRM */

struct input {
	char	*name;
	unsigned char *buf;
	size_t	 len;
};

static struct input corpus[MAXFILES];
static size_t ncorpus;
static uint64_t rng;
static char outcomes[4096][160];
static size_t noutcomes;

static uint64_t
next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
below(size_t n)
{
	return n == 0 ? 0 : (size_t)(next() % n);
}

/* Lua tokens and names the loader treats specially. */
static const char *const lua_dict[] = {
	"function", "end", "return", "local", "for", "while", "do", "if",
	"then", "{", "}", "(", ")", "[", "]", "..", "=", ",", ";", "#", "...",
	"nil", "true", "false", "1e308", "-1", "0x7fffffffffffffff", "2^53",
	"\"", "'", "[[", "]]", "--", "\n", "\\n", "\\27", "\\0", "%b()",
	".-", "(.-)", "setmetatable", "getmetatable", "__index", "__len",
	"__newindex", "__gc", "__tostring", "__call", "table.concat",
	"table.insert", "table.unpack", "table.sort", "table.move",
	"string.rep", "string.find", "string.gsub", "string.format",
	"pcall", "xpcall", "error", "select", "rawset", "collectgarbage",
	"sandbox.extend", "sandbox.param", "sandbox.runtime", "math.maxinteger",
	"program", "args", "files", "unveil", "binds", "pledge", "net", "env",
	"user", "group", "root", "ports", "backend", "clearenv", "tmpfs",
	"execpromises", "\"/bin/true\"", "\"stdio rpath\"", "\"rwxc\"",
};

/* Values that make a length or an offset wrong, in a binary field. */
static const unsigned char magic[] = { 0, 1, 0x7f, 0x80, 0xff, 0x40 };

static void
mutate_once(unsigned char *b, size_t *len, int lua)
{
	size_t n = *len, at = below(n + 1), k;
	const char *tok;

	switch (below(lua ? 6 : 5)) {
	case 0:				/* flip a bit */
		if (n > 0)
			b[below(n)] ^= 1u << below(8);
		break;
	case 1:				/* an interesting byte */
		if (n > 0)
			b[below(n)] = magic[below(sizeof(magic))];
		break;
	case 2:				/* cut short */
		*len = below(n + 1);
		break;
	case 3:				/* drop a run */
		k = below(n - (at < n ? at : n) + 1) % 64;
		memmove(b + at, b + at + k, n - at - k);
		*len = n - k;
		break;
	case 4:				/* repeat a run */
		k = below(64);
		if (at + k > n || n + k > MAXIN)
			break;
		memmove(b + at + k, b + at, n - at);
		*len = n + k;
		break;
	default:			/* a token of the language */
		tok = lua_dict[below(sizeof(lua_dict) / sizeof(lua_dict[0]))];
		k = strlen(tok);
		if (n + k + 1 > MAXIN)
			break;
		memmove(b + at + k, b + at, n - at);
		memcpy(b + at, tok, k);
		*len = n + k;
		break;
	}
}

static int
write_file(const char *path, const unsigned char *b, size_t len)
{
	int fd;
	ssize_t w;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0)
		return -1;
	w = write(fd, b, len);
	close(fd);
	return w == (ssize_t)len ? 0 : -1;
}

static void
read_corpus(const char *dir)
{
	struct dirent **ents;
	char path[4096];
	int n, i, fd;
	ssize_t r;

	if ((n = scandir(dir, &ents, NULL, alphasort)) < 0) {
		perror(dir);
		exit(2);
	}
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' && ncorpus < MAXFILES) {
			snprintf(path, sizeof(path), "%s/%s", dir,
			    ents[i]->d_name);
			if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
				corpus[ncorpus].buf = malloc(MAXIN);
				r = read(fd, corpus[ncorpus].buf, MAXIN);
				close(fd);
				if (r >= 0) {
					corpus[ncorpus].len = r;
					corpus[ncorpus++].name =
					    strdup(ents[i]->d_name);
				}
			}
		}
		free(ents[i]);
	}
	free(ents);
}

/* A refusal names its input first, and shows no raw control byte. */
static const char *
check_message(const char *path, const char *msg)
{
	const unsigned char *p;
	size_t n = strlen(path);

	if (strncmp(msg, path, n) != 0 || msg[n] != ':')
		return "the message does not start with FILE:";
	for (p = (const unsigned char *)msg; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "a control byte in the message";
	return NULL;
}

/*
 * An ELF object accepted has every segment's file bytes in the file, as
 * libelf reads its program headers.
 */
static const char *
check_accepted_elf(const char *path)
{
	struct stat st;
	GElf_Phdr ph;
	Elf *elf;
	size_t n, i;
	const char *bad = NULL;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0)
		return "cannot reopen the input";
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (elf == NULL || elf_getphdrnum(elf, &n) != 0)
		bad = "accepted, but libelf reads no program headers";
	for (i = 0; bad == NULL && i < n; i++)
		if (gelf_getphdr(elf, i, &ph) == NULL)
			bad = "accepted, with a program header unreadable";
		else if (ph.p_filesz > 0 && (ph.p_offset > (uint64_t)st.st_size ||
		    ph.p_filesz > (uint64_t)st.st_size - ph.p_offset))
			bad = "accepted, with a segment past the end of the file";
	if (elf != NULL)
		elf_end(elf);
	close(fd);
	return bad;
}

/* The outcome, less its numbers: one class of message. */
static void
outcome(const char *path, int r, const char *msg, char *out, size_t len)
{
	size_t n = strlen(path), i = 0;

	if (r == 0)
		msg = "ok";
	else if (strncmp(msg, path, n) == 0)
		msg += n;
	/* Up to the details in parentheses: the check that failed. */
	for (; *msg != '\0' && *msg != '(' && i + 1 < len; msg++)
		if (*msg < '0' || *msg > '9')
			out[i++] = *msg;
	out[i] = '\0';
}

static int
new_outcome(const char *o)
{
	size_t i;

	for (i = 0; i < noutcomes; i++)
		if (strcmp(outcomes[i], o) == 0)
			return 0;
	if (noutcomes < sizeof(outcomes) / sizeof(outcomes[0]))
		snprintf(outcomes[noutcomes++], sizeof(outcomes[0]), "%s", o);
	return 1;
}

/* One input: 0 when it keeps the contract, else what broke. */
static const char *
try_one(int lua, const char *path, char *cls, size_t clslen)
{
	char err[1024];
	struct sandbox *sb;
	struct sb_elf e;
	const char *bad = NULL;
	int r;

	alarm(WATCHDOG);
	if (lua) {
		if ((sb = sandbox_new()) == NULL)
			return "out of memory";
		r = sandbox_load_policy(sb, path);
		if (r < 0)
			bad = check_message(path, sandbox_error(sb));
		outcome(path, r, sandbox_error(sb), cls, clslen);
		sandbox_free(sb);
	} else {
		err[0] = '\0';
		r = sb_elf_read(path, &e, err, sizeof(err));
		if (r < 0)
			bad = check_message(path, err);
		else {
			sb_elf_free(&e);
			bad = check_accepted_elf(path);
		}
		outcome(path, r, err, cls, clslen);
	}
	alarm(0);
	return bad;
}

int
main(int argc, char **argv)
{
	static unsigned char buf[MAXIN];
	char path[64], cls[160], keep[4096];
	const char *bad;
	unsigned long count, i, failed = 0, saved = 0;
	size_t len, j, m;
	int lua;

	if (argc < 5 || (strcmp(argv[1], "policy") != 0 &&
	    strcmp(argv[1], "elf") != 0)) {
		fprintf(stderr, "usage: fuzz policy|elf corpus count seed "
		    "[save]\n");
		return 2;
	}
	lua = strcmp(argv[1], "policy") == 0;
	count = strtoul(argv[3], NULL, 10);
	rng = strtoull(argv[4], NULL, 10);
	read_corpus(argv[2]);
	if (ncorpus == 0) {
		fprintf(stderr, "%s: no input\n", argv[2]);
		return 2;
	}
	snprintf(path, sizeof(path), "/tmp/sandbox-fuzz.%ld%s", (long)getpid(),
	    lua ? ".lua" : "");
	for (i = 0; i < ncorpus + count; i++) {
		if (i < ncorpus) {
			len = corpus[i].len;
			memcpy(buf, corpus[i].buf, len);
		} else {
			j = below(ncorpus);
			len = corpus[j].len;
			memcpy(buf, corpus[j].buf, len);
			for (m = 1 + below(4); m > 0; m--)
				mutate_once(buf, &len, lua);
		}
		if (write_file(path, buf, len) < 0) {
			perror(path);
			return 2;
		}
		if ((bad = try_one(lua, path, cls, sizeof(cls))) != NULL) {
			failed++;
			snprintf(keep, sizeof(keep), "%s.fail%lu", path, i);
			write_file(keep, buf, len);
			printf("FAIL %s input %lu: %s (kept in %s)\n", argv[1],
			    i, bad, keep);
		}
		if (new_outcome(cls) && argc > 5 && i >= ncorpus) {
			snprintf(keep, sizeof(keep), "%s/mutant-%lu-%lu%s",
			    argv[5], strtoul(argv[4], NULL, 10), i,
			    lua ? ".lua" : "");
			if (write_file(keep, buf, len) == 0)
				saved++;
		}
	}
	unlink(path);
	printf("fuzz %s: %zu corpus inputs, %lu mutants (seed %s), %zu "
	    "outcomes%s\n", argv[1], ncorpus, count, argv[4], noutcomes,
	    saved ? "" : "");
	if (saved)
		printf("fuzz %s: %lu new mutants kept in %s\n", argv[1], saved,
		    argv[5]);
	printf("%lu passed, %lu failed\n", ncorpus + count - failed, failed);
	return failed ? 1 : 0;
}
