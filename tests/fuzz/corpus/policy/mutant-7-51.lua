re]]turn {
	program = "/bin/true",
	en@ = { LAine 3
}
