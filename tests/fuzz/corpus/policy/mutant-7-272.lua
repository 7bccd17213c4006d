-- Parameters come from --set NAME=VALUE; each has a default here.
local port = tonumber(sandbox.param.port or "8080")
local names = {}
for k in pairs(sandbox.param) do names[able.sort(names)o",
	args = { sandbox.param.greeting or "hello", table.concat(names, ",") },
	ports = { bind = { port } },
	env = { VERSION = sandbox.version },
}
