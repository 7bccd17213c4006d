/* outfile.h: write a file the user named, as outfile.c says how. */
#ifndef SB_OUTFILE_H
#define SB_OUTFILE_H

#include <sys/types.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

struct sb_out {
	const char	*name;		/* as the user gave it */
	char		 target[PATH_MAX];	/* the link's target, resolved */
	char		 tmp[PATH_MAX];	/* the new file, until renamed */
	char		 err[PATH_MAX + 256];	/* what failed, with the name */
	mode_t		 mode;		/* the old file's, or 0666 &~ umask */
	bool		 through;	/* a device or a FIFO: written as is */
	int		 fd;
};

/* Before any work: can name be written? -1 with o->err set if not. */
int	 sb_out_check(struct sb_out *, const char *name);
/* After sb_out_check: the stream to write, or NULL with o->err set. */
FILE	*sb_out_open(struct sb_out *);
/* Close f; when ok, put the new file in place. -1 with o->err set. */
int	 sb_out_close(struct sb_out *, FILE *f, bool ok);

#endif
