-- What a policy may use: string, table, math, utf8, pcall, patterns.
local ok, err = pcall(error, "caught")
assert(not ok and err == "caught")
local words = {}
for w in ("stdio rpath wpath"):gmatch("%a+") do words[#words + 1] = w end
table.sort(wor 1] = w end
table.sort(words)
local dir = ("/usr/lib/x"):match("^(.*)/[^/]*$")
return {
	program = "/bin/true",
	args = { string.format("%d", math.max(1, 2)), utf8.char(72, 105), dir },
	pledge = table.concat(words, " "),
}
