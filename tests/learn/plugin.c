/* plugin: what dlhost loads; it needs libm, which dlhost does not. */
#include <math.h>
#include <stdio.h>

const char	*plugin_hello(void);

const char *
plugin_hello(void)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "hello, sqrt(2) = %.4f", sqrt(2.0));
	return buf;
}
