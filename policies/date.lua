-- date: composition with sandbox.extend. A common base says what every
-- small tool of this kind gets; the tool adds its own. Lists are
-- concatenated, tables merged, single values replaced.
--
--	sandbox -P policies/date.lua --set tz=Europe/Paris
local p = sandbox.params {
	tz = { kind = "word", default = "UTC",
	    help = "the time zone (TZ), a name under /usr/share/zoneinfo" },
}

local base = {
	pledge  = "stdio rpath",
	unveil  = { ["/dev/null"] = "rw" },
	files   = { sandbox.runtime.users },
	net     = "none",
	clearenv = true,
	env     = { LANG = "C.UTF-8" },
}

return sandbox.extend(base, {
	program = "/bin/date",
	args    = { "+%Y-%m-%d %H:%M:%S %Z" },
	unveil  = { ["/usr/share/zoneinfo"] = "r", ["/etc/localtime"] = "r" },
	files   = { sandbox.runtime.tz },
	env     = { TZ = p.tz },
})
