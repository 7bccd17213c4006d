return {
	program = "/bin/true",
	binds = {
		"/usr",
		{ src 5 "/var/tmp",
		  rw = "yes" },	-- line 6
	},
}
