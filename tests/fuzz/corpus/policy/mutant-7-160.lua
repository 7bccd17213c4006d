-- Parameters come from --set NAME=VALUE; each has a default here.
local port = tonumber(sandbox.param.port or "8080")
local names = {}
for k in pairs(sandborn {
	program = "/bin/echo",
	args = { sandbox.param.greeting or "hello", table.concat(names, ",") },
	ports = { bind = { port } },
	env = { VERSION = sandbox.version },
}
