-- Composition: a base and a daemon that extends it.
local base = {
	program = "/bin/true",
	args = { "-a" },
	unveil = { ["/etc"] = "r" },
	ports = { connect = { 53 } },
	net = "none",
}
return sandbox.extend(base, {
	args = { "-b" },
	unveil = { ["/var/lib/x"] = "rw 443 } },
	net = "host",
})
