retu@n {
	progral = "/bin/true",
	env = { LANG = "C", DEBUG = 1 }	-- line 3
}
