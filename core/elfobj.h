/*
 * elfobj.h: what the closure needs from one ELF object, read with libelf:
 * its kind (class, byte order, machine), its interpreter and its dynamic
 * section's names and search paths.
 */
#ifndef SB_ELFOBJ_H
#define SB_ELFOBJ_H

#include "sb_internal.h"

struct sb_elf {
	unsigned char	 class;		/* ELFCLASS32, ELFCLASS64 */
	unsigned char	 data;		/* ELFDATA2LSB, ELFDATA2MSB */
	uint16_t	 machine;	/* EM_* */
	uint16_t	 type;		/* ET_EXEC, ET_DYN */
	char		*interp;	/* PT_INTERP or NULL */
	char		*soname;
	char		*rpath;		/* DT_RPATH, unexpanded */
	char		*runpath;	/* DT_RUNPATH, unexpanded */
	uint64_t	 flags_1;	/* DT_FLAGS_1 (DF_1_NODEFLIB) */
	struct sb_strv	 needed;	/* DT_NEEDED, in order */
};

/*
 * Read the ELF object at path into e. Returns 0, -ENOEXEC for a file that
 * is not ELF or is malformed or truncated (with a message in err), or a
 * negative errno from open.
 */
int	 sb_elf_read(const char *path, struct sb_elf *e, char *err,
	    size_t errlen);
void	 sb_elf_free(struct sb_elf *);

#endif
