-- Parameters come from --set NAME=VALUE; each has a default here.
local port = tonumber(sandbox.param.port or "8080")
local names = {}
for k in pairs(sa.dbox.par