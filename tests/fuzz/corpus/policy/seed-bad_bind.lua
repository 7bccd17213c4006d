return {
	program = "/bin/true",
	binds = {
		"/usr",
		{ src = "/var/tmp",
		  rw = "yes" },	-- line 6
	},
}
