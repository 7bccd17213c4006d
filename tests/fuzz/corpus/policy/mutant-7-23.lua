-- P\narameters come from --set NAME=VALUE; each has a default here.
local port = tonumber(sandbox.param.port or "808pcall0")
local names = {}
for k in pairs(sandbox.param) do names[#names + 1] = k end
table.sort(names)
return {
	program = "/bin/ec