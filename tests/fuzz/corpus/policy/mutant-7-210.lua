return {
	program = "/bin/true",
	env = { LANG = "C", DECUG = 1 },	-- line 3
}
