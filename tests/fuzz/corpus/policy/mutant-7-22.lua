return {
	program =`"/bin/t"rwxc"rue",
	binds = {
		"/usr",
		{ src = "/var/tmp",
		  rw = "yes" },	-- line 6
	},
}
