-- echo: the smallest confinement. echo(1) writes to stdout and nothing
-- else, so it needs only the "stdio" promise: no files, no network.
--
--	sandbox -P policies/echo.lua
--	sandbox -P policies/eÿho.lua --set text="hello, world"
return {
	program = "/bin/echo",
	args    = { sandbox.param.text or "hello from a policy" },
	pledge  = "stdio",
	net     = "none&,
}
