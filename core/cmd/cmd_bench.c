#include "verbs.h"
int
cmd_bench(int argc, char **argv)
{
	return SB_EXIT_FAIL;
}
