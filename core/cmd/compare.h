/* compare.h: the matrix of `sandbox compare`: its rows, cells and printers. */
#ifndef SB_COMPARE_H
#define SB_COMPARE_H

#include "measure.h"

#define MAXCOLS		16
#define COMPARE_MAXROWS	48
#define COMPARE_MAXNOTES	32

/*
 * ROW_PROBE: the probe's verdict; ROW_NOBODY: started as nobody; ROW_DEPS:
 * a jail's cost; ROW_PGRP: run in a victim's process group, which says
 * whether the signal reached it; ROW_DGRAM: the host socket says whether
 * the datagram arrived; ROW_PREINIT: sandbox-probe-preinit's verdict.
 */
enum row_kind { ROW_PROBE, ROW_NOBODY, ROW_DEPS, ROW_PGRP, ROW_DGRAM,
	ROW_PREINIT };

struct row {
	const char	*id;
	const char	*group;
	const char	*title;
	enum row_kind	 kind;
	const char	*probe;
	/* @pid @marker @wdir @port @vpid @vaddr @secret @key @skey @sock */
	const char	*args[4];
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
	char		 secret[40];	/* what the same-user rows look for */
	char		 key[64];	/* its key in the victim's user keyring */
	char		 skey[72];	/* and in the caller's session keyring */
	long		 skey_id;
	struct ms_victim victim[2];	/* as the caller, as nobody */
	char		 sock[4200];	/* a host unix datagram socket */
	int		 sockfd;
	pid_t		 pgid;		/* the victim group of a ROW_PGRP run */
	int		 note[COMPARE_MAXROWS][MAXCOLS];	/* 1...: notes[-1] */
	const char	*notes[COMPARE_MAXNOTES];
	int		 nnotes;
};

/* compare_attack.c: victims, keys and the host socket of some rows. */
void	 compare_attack_init(struct compare *);
void	 compare_attack_cleanup(struct compare *);
const struct ms_victim *compare_victim(struct compare *,
	    const struct ms_column *);
int	 compare_pgrp_start(struct compare *, const struct ms_column *,
	    struct ms_victim *);
void	 compare_pgrp_judge(struct compare *, struct ms_victim *,
	    struct cell *);
void	 compare_dgram_judge(struct compare *, struct cell *);

/* compare_print.c */
void	 compare_number_notes(struct compare *);
const char *compare_cell_text(const struct compare *, size_t row,
	    size_t col, char *, size_t);
int	 compare_wide_width(const struct compare *);
void	 compare_print_wide(const struct compare *);
/* The legend folded to width, 0: not folded. */
void	 compare_print_legend(const struct compare *, int width);
void	 compare_print_program(const struct compare *);
void	 compare_print_notes(const struct compare *);
void	 compare_print_na(const struct compare *);
/* compare_narrow.c: a block a group, a line a backend, in 100 columns. */
void	 compare_print_narrow(const struct compare *, int width);
void	 compare_print_json(const struct compare *);

#endif
