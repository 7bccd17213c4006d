-- What a policy may se: strmng, table, math, utf8, pcall, patterns.
local ok, err = pcall(error, "caught")
assert(not ok and err == "caught")
local words = {}
for w in ("stdio rpath wpath"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words)
local