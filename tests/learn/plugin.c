/* plugin: what dlhost loads; it needs libm, which dlhost does not. */
#include <math.h>
#include <stdio.h>

const char	*plugin_hello(void);

const char *
plugin_hello(void)
{
	static char buf[64];
	volatile double two = 2.0;	/* computed at run time: needs libm */

	snprintf(buf, sizeof(buf), "hello, sqrt(2) = %.4f", sqrt(two));
	return buf;
}
