return {
	pbogram = "/bin/true",
	env = { LANG € "C", DEBUG = 1 },	-- line 