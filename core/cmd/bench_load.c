/*
 * bench_load.c: how busy the machine was while `sandbox bench` measured,
 * and whether a difference of two figures is larger than their noise.
 * A busy machine stretches every figure (a bare fork and exec of 40 ms)
 * and makes small differences meaningless: the bench says so rather
 * than print them as findings.
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* The 1-minute load average, or -1. */
double
bench_parse_loadavg(const char *s)
{
	double v;

	return sscanf(s, "%lf", &v) == 1 ? v : -1;
}

/* From /proc/stat's "cpu" line: jiffies busy (not idle, not iowait), all. */
int
bench_parse_stat(const char *s, unsigned long long *busy,
    unsigned long long *total)
{
	unsigned long long v[8] = { 0 };
	int i;

	if (sscanf(s, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
	    &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) < 5)
		return -1;
	for (*total = 0, i = 0; i < 8; i++)
		*total += v[i];
	*busy = *total - v[3] - v[4];
	return 0;
}

/*
 * Busy: the load before, or after less the one the bench itself adds,
 * is half the cores or more; or other processes took a quarter of the
 * machine's time while it measured.
 */
bool
bench_busy(const struct bench_load *l)
{
	double cores = l->cores > 0 ? l->cores : 1;

	return l->before / cores >= 0.5 || (l->after - 1) / cores >= 0.5 ||
	    l->others >= 0.25;
}

double
bench_noise(const struct ms_stats *a, const struct ms_stats *b)
{
	double na = (a->p90 - a->p10) / 2, nb = (b->p90 - b->p10) / 2;

	return na > nb ? na : nb;
}

static void
read_file(const char *path, char *buf, size_t len)
{
	FILE *f;
	size_t n = 0;

	buf[0] = '\0';
	if ((f = fopen(path, "re")) == NULL)
		return;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* The machine's busy and total time, and ours (children included), in s. */
static void
sample(double *load, double *busy, double *total, double *ours)
{
	unsigned long long b = 0, t = 0;
	struct rusage self, kids;
	double hz = sysconf(_SC_CLK_TCK);
	char buf[4096];

	read_file("/proc/loadavg", buf, sizeof(buf));
	*load = bench_parse_loadavg(buf);
	read_file("/proc/stat", buf, sizeof(buf));
	bench_parse_stat(buf, &b, &t);
	*busy = b / (hz > 0 ? hz : 100);
	*total = t / (hz > 0 ? hz : 100);
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	*ours = self.ru_utime.tv_sec + self.ru_utime.tv_usec / 1e6 +
	    self.ru_stime.tv_sec + self.ru_stime.tv_usec / 1e6 +
	    kids.ru_utime.tv_sec + kids.ru_utime.tv_usec / 1e6 +
	    kids.ru_stime.tv_sec + kids.ru_stime.tv_usec / 1e6;
}

void
bench_load_start(struct bench *b)
{
	struct bench_load *l = &b->load;

	memset(l, 0, sizeof(*l));
	l->cores = sysconf(_SC_NPROCESSORS_ONLN);
	sample(&l->before, &l->busy0, &l->total0, &l->ours0);
}

void
bench_load_end(struct bench *b)
{
	struct bench_load *l = &b->load;
	double busy, total, ours, others;

	sample(&l->after, &busy, &total, &ours);
	others = (busy - l->busy0) - (ours - l->ours0);
	l->others = total > l->total0 ? others / (total - l->total0) : 0;
	if (l->others < 0)
		l->others = 0;
	l->busy = bench_busy(l);
}

/* One line: the load and whether it makes the figures noisy. */
void
bench_load_text(const struct bench *b, char *buf, size_t len)
{
	const struct bench_load *l = &b->load;

	snprintf(buf, len, "load %.2f before, %.2f after (1-minute average, "
	    "%ld cores); other processes used %.0f%% of the machine "
	    "meanwhile%s", l->before, l->after, l->cores, l->others * 100,
	    l->busy ? ": the machine is busy, the figures are noisy and "
	    "differences smaller than their noise mean nothing" : "");
}
