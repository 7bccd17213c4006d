return {
	program = "/bin/t LEBUG = 1 },	-- line 3
}
