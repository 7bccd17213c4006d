/* cmd_backends.c: sandbox backends: what each is, answers, and can do here. */
#include <stdio.h>

#include "sandbox.h"
#include "verbs.h"

static const struct {
	unsigned	 bit;
	const char	*word;
} drawbacks[] = {
	{ SANDBOX_ANSWERS_REPLICATION, "no-copies" },
	{ SANDBOX_ANSWERS_SYSCALLS, "syscalls" },
	{ SANDBOX_ANSWERS_ROOT, "no-root" },
	{ SANDBOX_ANSWERS_NETWORK, "network" },
};

static void
print_answers(unsigned answers)
{
	size_t i;
	int any = 0;

	for (i = 0; i < sizeof(drawbacks) / sizeof(drawbacks[0]); i++)
		if (answers & drawbacks[i].bit)
			printf("%s%s", any++ ? "," : "", drawbacks[i].word);
	printf("%-*s", any ? 1 : 2, any ? "" : "-");
}

/* Room for combined's, which says each of its parts' own in full. */
#define WHYLEN	8192

int
cmd_backends(int argc, char **argv)
{
	char why[WHYLEN];
	size_t i, n = sandbox_backend_count();
	int ok;

	if (argc > 1) {
		fprintf(stderr, "usage: sandbox backends\n");
		return SB_EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		why[0] = '\0';
		ok = sandbox_backend_probe(i, why, sizeof(why)) == 0;
		printf("%-10s %-12s ", sandbox_backend_name(i),
		    ok ? "available" : "unavailable");
		print_answers(sandbox_backend_answers(i));
		printf("\n    mechanism: %s\n    here: %s\n",
		    sandbox_backend_mechanism(i), why);
	}
	return 0;
}
