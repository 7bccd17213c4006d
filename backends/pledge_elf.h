/* pledge_elf.h: does a program image need the dynamic loader? */
#ifndef SB_PLEDGE_ELF_H
#define SB_PLEDGE_ELF_H

/* 1 when path (or its #! interpreter) has PT_INTERP, 0 when static. */
int	 pledge_elf_dynamic(const char *path);

#endif
