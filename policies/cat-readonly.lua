-- cat-readonly: cat(1) that can read one directory tree and nothing else;
-- it can write only to the descriptors it was given.
--
--	sandbox -P policies/cat-readonly.lua /bin/cat /usr/share/common-licenses/GPL
--	sandbox -P policies/cat-readonly.lua --set dir=/etc /bin/cat /etc/hostname
local p = sandbox.params {
	dir = { kind = "path", default = "/usr/share",
	    help = "the directory tree cat may read" },
}
local dir = p.dir

return {
	program = "/bin/cat",
	pledge  = "stdio rpath",
	unveil  = { [dir] = "r" },	-- read-only: no w, x or c
	net     = "none",
}
