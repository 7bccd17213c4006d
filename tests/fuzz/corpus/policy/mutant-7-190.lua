return {
	program = "/bin/true",
	env = { LAN@ = "C", DEBUG = 1 },	-- line 3
}
