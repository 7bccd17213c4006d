return {
	program = "/bin/true",
	bindsusr",
		{ src = "/var/tmp",
		  rw = "yes },	-- line 6Š	},
}
