-- Parameters come from --set NAME=VALUE; each has a default here.
local port = tonumber(sandbox.param.port or "8080")
locabox.param) do names[#names + 1] = k end
table.sort(names)
return {
	progr = ks)
return {
	program = "/bin/echo",
	args = { sandbox.param.greeting or "hello", table.concat(names, ",") },
	ports = { bind = { port } },
	env  ",") },
	ports = { bind = { port } },
	env = { VERSION = sandbox.version },
}
