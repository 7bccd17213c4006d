/* compare.h: the matrix of `sandbox compare`: its rows, cells and printers. */
#ifndef SB_COMPARE_H
#define SB_COMPARE_H

#include "measure.h"

#define MAXCOLS		16
#define COMPARE_MAXROWS	32

enum row_kind { ROW_PROBE, ROW_NOBODY, ROW_DEPS };

struct row {
	const char	*id;
	const char	*group;
	const char	*title;
	enum row_kind	 kind;
	const char	*probe;
	const char	*args[3];	/* @pid @marker @wdir @port */
};

extern const struct row	compare_rows[];
extern const size_t	compare_nrows;

struct cell {
	const char	*result;	/* allowed, blocked, measured, n/a */
	char		 detail[256];
	char		 why[40];	/* errno or signal, for the table */
	double		 value;		/* cost rows */
	const char	*unit;
	bool		 ran;		/* the program ran: status is its own */
	int		 status;
};

struct compare {
	struct ms_env	 env;
	struct ms_column cols[MAXCOLS];
	size_t		 ncols;
	struct cell	 cells[COMPARE_MAXROWS][MAXCOLS];
	char		 port[8];
	int		 listener;
	char		**prog;		/* program and args for the cost rows */
	char		 path[4096];	/* the program, resolved in PATH */
	struct ms_run	 bare;		/* the program run unconfined */
	struct cell	 host[MAXCOLS];	/* the program run under a column */
	struct ms_jail	 jail;
	int		 jail_ok;	/* -1 unmeasured, 0 failed, 1 measured */
};

void	 compare_print_text(const struct compare *);
void	 compare_print_json(const struct compare *);

#endif
