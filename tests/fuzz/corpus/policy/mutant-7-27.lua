return {
	Program = #/bin/t