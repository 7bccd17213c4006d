-- shell: an interactive sh(1) that may run the system's programs and
-- write only below /tmp. Children inherit the execpromises.
--
--	sandbox -P policies/shell.lua
sandbox.params {}	-- none: any --set is an error

local bin = { "/bin", "/usr/bin", "/usr/local/bin" }
local unveil = { ["/tmp"] = "rwc", ["/dev/null"] = "rw", ["/dev/tty"] = "rw" }
for _, d in ipairs(bin) do
	unveil[d] = "rx"
end
for _, f in ipairs(sandbox.runtime.terminfo) do
	unveil[f] = "r"
end

return {
	program      = "/bin/sh",
	args         = { "-i" },
	pledge       = "stdio rpath wpath cpath tty proc exec getpw",
	execpromises = "stdio rpath wpath cpath tty proc exec getpw",
	unveil       = unveil,
	files        = { sandbox.runtime.terminfo, sandbox.runtime.users },
	env          = { PS1 = "sandbox$ " },
	net          = "none",
}
