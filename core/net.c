/*
 * net.c: the names of the network settings, in one list, for the command
 * line (--net), policies (net = ...) and the plan `sandbox check` prints.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "sb_internal.h"

static const struct {
	enum sandbox_net	 net;
	const char		*name;
} nets[] = {
	{ SANDBOX_NET_NONE, "none" },
	{ SANDBOX_NET_HOST, "host" },
};

int
sb_net_parse(const char *name, enum sandbox_net *net)
{
	size_t i;

	for (i = 0; i < sizeof(nets) / sizeof(nets[0]); i++)
		if (strcmp(nets[i].name, name) == 0) {
			*net = nets[i].net;
			return 0;
		}
	return -EINVAL;
}

const char *
sb_net_name(enum sandbox_net net)
{
	size_t i;

	for (i = 0; i < sizeof(nets) / sizeof(nets[0]); i++)
		if (nets[i].net == net)
			return nets[i].name;
	return "backend default";
}
