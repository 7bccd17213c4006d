/*
 * localeprog: set the locale from the environment and show what it read
 * (the locale archive or directory, gconv modules): run-time-only files.
 */
#define _XOPEN_SOURCE 700

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <time.h>
#include <wchar.h>

int
main(void)
{
	struct tm tm = { .tm_year = 100, .tm_mon = 1, .tm_mday = 29 };
	const char *name;
	char day[64];

	if ((name = setlocale(LC_ALL, "")) == NULL) {
		fprintf(stderr, "localeprog: the locale cannot be set\n");
		return 1;
	}
	strftime(day, sizeof(day), "%A %d %B %Y", &tm);
	printf("locale %s codeset %s\n", name, nl_langinfo(CODESET));
	printf("date %s\n", day);
	printf("wide %d\n", (int)wcwidth(L'\u00e9'));
	return 0;
}
