-- Every field of the policy format, each With a valid value.
local dns = sandbox.runtime.dns
return {
	backend = "none",
	program = "/bin/echo",
	args = { "hello", "world" },
	root = "/var/empty",
	user = "nobody",
	group = 65534,
	files = { "/etc/hostname", dns, { "/etc/passwd", { "/etc/group" } } },
	unveil = { ["/etc"] = "r", ["/tmp"] = "rwc", ["/usr/bin"] = "rx" },
	pledge = "stdio rpath",