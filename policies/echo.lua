-- echo: the smallest confinement. echo(1) writes to stdout and nothing
-- else, so it needs only the "stdio" promise: no files, no network.
--
--	sandbox -P policies/echo.lua
--	sandbox -P policies/echo.lua --set text="hello, world"
local p = sandbox.params {
	text = { kind = "text", default = "hello from a policy",
	    help = "what echo writes" },
}

return {
	program = "/bin/echo",
	args    = { p.text },
	pledge  = "stdio",
	net     = "none",
}
