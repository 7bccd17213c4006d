/* nearest.c: "did you mean": the known word nearest to a mistyped one. */
#include <string.h>

#include "nearest.h"

int
sb_distance(const char *a, const char *b)
{
	int d[32][32], i, j, la = (int)strlen(a), lb = (int)strlen(b), c;

	if (la >= 32 || lb >= 32)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

const char *
sb_nearest(const char *word, const char *const *first, size_t n,
    size_t stride)
{
	const char *best = NULL, *name;
	size_t i, len = strlen(word);
	/* One edit in a short word, two from six letters: no wild guesses. */
	int d, bestd = len >= 6 ? 3 : 2;

	for (i = 0; i < n; i++) {
		name = *(const char *const *)((const char *)first + i * stride);
		if (name == NULL)
			break;
		if ((d = sb_distance(word, name)) < bestd) {
			bestd = d;
			best = name;
		}
	}
	return best;
}
