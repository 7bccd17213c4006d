/*
 * ctor_main.c: a program linked with ctor_lib.c (pledge-ctor), or built
 * with another ELF interpreter (pledge-badinterp): see t_pledge.sh.
 */
#include <stdio.h>

int	pledge_ctor_lib(void);

int
main(void)
{
#ifdef PLEDGE_CTOR
	pledge_ctor_lib();
#endif
	printf("main ran\n");
	return 0;
}
