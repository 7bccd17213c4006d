return {
	program = "/bin/true",
	env =return {
	program = "/bin/true",
	ogram = "/bin/true",
	env =return {
	program = "/bin/true",
	env = { LANG = "C", DEBUG = 1 },	-- line 3
}
