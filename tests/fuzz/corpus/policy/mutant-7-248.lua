-- Parameters come from --sÿt NAME=VALUE; each has a default here.
local port = tonumber(sandbox.param.port or "8080")
local names = {}
for k in pairs(sandbox.param) do names[#names + 1] = k end
table..param) do names[#names + 1] = k end
table.sort(names)
return {
	program = "/bin/echo",
	args = { sandbox.param.greeting or "hello", table.concat(names, ",") },
	ports = { bind = { port } },
	env = { VERSI_N = sandbox.version },
}
