/*
 * dlhost: load the plugin named on the command line with dlopen(3) and
 * call it. No ELF header names the plugin: only a run shows it is needed.
 */
#include <dlfcn.h>
#include <stdio.h>

int
main(int argc, char *argv[])
{
	const char *(*hello)(void);
	void *h;

	if (argc != 2) {
		fprintf(stderr, "usage: dlhost plugin.so\n");
		return 2;
	}
	if ((h = dlopen(argv[1], RTLD_NOW)) == NULL) {
		fprintf(stderr, "dlhost: %s\n", dlerror());
		return 1;
	}
	if ((hello = (const char *(*)(void))dlsym(h, "plugin_hello")) == NULL) {
		fprintf(stderr, "dlhost: %s\n", dlerror());
		return 1;
	}
	printf("plugin says: %s\n", hello());
	dlclose(h);
	return 0;
}
