/* bench.h: the figures of `sandbox bench`, measured and then printed. */
#ifndef SB_BENCH_H
#define SB_BENCH_H

#include "measure.h"

#define BENCH_MAXFIGS	160
#define BENCH_MAXCOLS	16

struct figure {
	char		 id[64];	/* stable: launch.none, syscall.open.pledge */
	char		 title[128];
	char		 backend[32];	/* empty when not about one backend */
	double		 value;		/* the median when there are stats */
	const char	*unit;
	struct ms_stats	 st;		/* st.n == 0: a single measurement */
	bool		 valid;		/* false: note says why not measured */
	char		 note[192];
	double		 noise;		/* a difference: its noise, > 0 */
	bool		 within_noise;	/* the difference is not larger */
};

/* How busy the machine was: before, during and after the measurements. */
struct bench_load {
	double		 before, after;	/* 1-minute load average */
	double		 others;	/* share of the machine others used */
	long		 cores;
	bool		 busy;
	double		 busy0, total0, ours0;	/* at the start, seconds */
};

struct bench {
	struct ms_env	 env;
	struct ms_column cols[BENCH_MAXCOLS];
	size_t		 ncols;
	struct figure	 figs[BENCH_MAXFIGS];
	size_t		 nfigs;
	bool		 quick;
	int		 reps;		/* launches per column */
	struct bench_load load;
};

/* Every series has at least this many samples: p10 and p90 mean something. */
#define BENCH_MIN_SAMPLES	10

/* Add a figure; the caller fills the value or the note. */
struct figure	*bench_fig(struct bench *, const char *backend,
		    const char *unit, const char *idfmt, const char *title);

void	 bench_launch(struct bench *);
void	 bench_syscalls(struct bench *);
void	 bench_jail(struct bench *);
void	 bench_narrow(struct bench *);
void	 bench_memory(struct bench *);

/* bench_load.c */
void	 bench_load_start(struct bench *);
void	 bench_load_end(struct bench *);
void	 bench_load_text(const struct bench *, char *, size_t);
double	 bench_parse_loadavg(const char *);
int	 bench_parse_stat(const char *, unsigned long long *busy,
	    unsigned long long *total);
bool	 bench_busy(const struct bench_load *);
/* The noise of a difference of two series: the larger half p10..p90. */
double	 bench_noise(const struct ms_stats *, const struct ms_stats *);

#endif
