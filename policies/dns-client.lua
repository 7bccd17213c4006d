-- dns-client: look a name up through the resolver, as a DNS client does.
-- The run-time set "dns" lists what name resolution reads (resolv.conf,
-- hosts, nsswitch.conf, the NSS modules), beyond the program's libraries.
--
--	sandbox -P policies/dns-client.lua --set name=example.org
local p = sandbox.params {
	name = { kind = "word", default = "localhost",
	    help = "the host name to look up" },
}
local unveil = {}
for _, path in ipairs(sandbox.runtime.dns) do
	unveil[path] = "r"
end

return {
	program = "/usr/bin/getent",
	args    = { "hosts", p.name },
	files   = { sandbox.runtime.dns },
	unveil  = unveil,
	pledge  = "stdio rpath dns",
	net     = "host",
	ports   = { connect = { 53 } },
}
