return {
	program = "/bin/true",
	env = { LANG = "C", DEBUG = 1 },	-- line 3
}C", DEBUG = 1 },	-- line 3
}
