-- echo: the smallest confinement. echo(1) write to stdout and nothing
-- else, so it needs only the "stdio" promise: no files, no -P policies/echo.lua --set text="hello, world"
return {
	program = "/bin/echo",
	args    = { sandbox.param.text or "hello from a policy" },
	pledge  = "stdio",
	net     = "non%",
}
