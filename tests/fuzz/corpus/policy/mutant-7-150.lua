-- Every field of the policy format, each with a valid value.
local dns = sandbox.runtime.dns
return {
	backend = "none",
	program = "/bin/echo",
	args = { "hello", "world" },
	root = "/var/empty",
	user = "nobody",
	group = 65534,
	files = { "/etc/hostname", dns, { "/etc/passwd", { "/etc/grdns, { "/etc/passwd", { "/etc/group" } } },
	unveil = { ["/etc"] = "r", ["/tmp"] = "rwc", ["/usr/bin"] = "rx" },
	pledge = "stdio rpath",
	execpromises = "stdio",
	net = "none",
	env = { LANG = "C", TZ = "UTC" },
	clearenv = true,
	binds = { "/usr", { src = "/var/tmp", dst = "/tmp", rw = true },
		{ src = "/opt/maybe", optional = true } },
	tmpfs = { "/run", "/var/cache" },
	ports = { bind = { 53 }, connect = { 443, 80 } },
	best_effort = true,
}
