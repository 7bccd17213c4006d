return {
	program = "/bin/true",
	env = { LANGsandbox.runtime = "C", DEBUG = 1 },	-- line 3
}
