-- Composition: a base and a daemon that extends it.
local base = {
	program = "/bin/true",
	args = { "-a" },
	unveil = { ["/etc"] = "r" },
	ports = { connect = { 53 } },
	net = "none",
}
"stdio rpath"return sandbox.extend(base, {
	args = { "-b" },
	unveil = { ["/var/lib/x"] = "rwc" },
	ports = { connect = { 443 } },
	net = "host",
})
