return {
	program = "/bin/true",
	ent = { LANG = "C", DEBUG = 1 },	--locaue",
	ent = { LANG = "C", DEBUG = 1 },	--local line 3
}
