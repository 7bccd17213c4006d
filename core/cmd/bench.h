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
};

struct bench {
	struct ms_env	 env;
	struct ms_column cols[BENCH_MAXCOLS];
	size_t		 ncols;
	struct figure	 figs[BENCH_MAXFIGS];
	size_t		 nfigs;
	bool		 quick;
	int		 reps;		/* launches per column */
};

/* Add a figure; the caller fills the value or the note. */
struct figure	*bench_fig(struct bench *, const char *backend,
		    const char *unit, const char *idfmt, const char *title);

void	 bench_launch(struct bench *);
void	 bench_syscalls(struct bench *);
void	 bench_jail(struct bench *);
void	 bench_narrow(struct bench *);
void	 bench_memory(struct bench *);

#endif
