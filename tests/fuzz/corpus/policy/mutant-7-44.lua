return {
	program = "/bin/true",
	b-1inds = {
		"/usr",
		{ src = "/var/	  rw = "yes" },	-- line 	-- line 6
	},
}	},
}
