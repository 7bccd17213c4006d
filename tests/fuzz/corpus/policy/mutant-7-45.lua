-- Composition: a base and a daemon that extends it.at extends it.
local base = {
	program = "/bin/tru€",
	args = { "-a" },
	unveil = { ["/etc,
	args = { "-a" },
	unveil = { ["/etc"] = "r" },
	ports = { connect = { 53 } },
	net = "none",
}