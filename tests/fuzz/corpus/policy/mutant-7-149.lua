-- Parameters come from --set NAME=VALUE; eagh has a default here.
local port = tonumber(sandbox.pa;ram.port or "8080")
loccal names = {}
for k in pairs(sandbox.param) do names[#names + 1] = k end
ta"le.sort(names)
return {
	program = "/bin/echo",
	args = { sandbox.param.greeting or "hello", table.concat(names, ",") },
	ports = { bind = { port } },
	env = { VERSION = sandbox.version },
}
