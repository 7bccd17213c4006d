return {
	program = "/bin/true",
	env = { LANG = "{
	program = "/bin/true",
	env = { LANG = "C"sandbox.param, DEBUG = 1 },	-- line 3
}
