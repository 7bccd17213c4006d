-- pyrelay.lua: a Python IRC relay, standing in for PyLink.
--
-- PyLink (IRC services and a relay between networks, in Python) is not in
-- Debian. policies/pyrelay.py does the part of its job that matters for
-- confinement: a long-running Python daemon that connects out to IRC
-- servers and relays channels between them. A Python program is the
-- article's "dependency you discover at run time": ldd of python3 shows
-- libc, libm, libz and libexpat, not the standard library the interpreter
-- imports. Those files come from the run-time set
-- sandbox.runtime.python_startup (what the interpreter opens to start:
-- encodings, its landmark, lib-dynload) and the list below (what
-- pyrelay.py imports), measured with `python3 -I -S -X importtime
-- pyrelay.py ...` while it relays: not /usr/lib/python3.X whole (that is
-- sandbox.runtime.python, for programs whose imports are not known).
--
-- Under the chroot and namespace views the interpreter finds exactly these
-- files in its library directory. Under --backend unveil alone (Landlock on
-- the host's tree), it cannot list /usr/lib/python3.X, and so imports
-- nothing, unless that directory is unveiled: Landlock cannot grant the
-- listing of a directory without the reading of all it holds. Add
-- `--unveil /usr/lib/python3.11:r` on the command line there.
--
-- Parameters: `sandbox check --params policies/pyrelay.lua` lists them.
local p = sandbox.params {
	script = { kind = "path",
	    default = "/usr/local/share/sandbox/pyrelay.py",
	    help = "the relay program" },
	nick = { kind = "word", default = "pyrelay", help = "its IRC nick" },
	links = { kind = "word",
	    default = "127.0.0.1:6667/#a,127.0.0.1:6667/#b",
	    help = "HOST:PORT/#CHANNEL,...: the channels it joins and " ..
	    "relays (their ports are the only ones it may connect to)" },
	data = { kind = "path", also = "none", default = "/var/lib/pyrelay",
	    help = "where it appends relay.log; none: no log, no wpath cpath" },
	python = { kind = "word", default = "3.11",
	    help = "the interpreter's version (Debian 12: 3.11)" },
}
local script = p.script
local nick = p.nick
local links = p.links
local data = p.data
local ver = p.python

local args = { "-I", "-S", script, nick }
local connect = {}
for link in links:gmatch("[^,%s]+") do
	args[#args + 1] = link
	local port = link:match(":(%d+)/")
	if port == nil then
		error("links: '" .. link .. "' is not HOST:PORT/#CHANNEL")
	end
	connect[#connect + 1] = math.tointeger(tonumber(port))
end

-- The standard library modules pyrelay.py imports beyond the start-up
-- set, measured while it relays (python3 -X importtime and strace): socket
-- and selectors and what they import in turn; and, found only once it
-- connects, the idna codec that getaddrinfo() applies to a host name, with
-- stringprep and re behind it.
local lib = "/usr/lib/python" .. ver
local tag = "cpython-" .. ver:gsub("%.", "")
local modules = {
	"socket", "selectors", "enum", "functools", "keyword", "operator",
	"reprlib", "types", "copyreg", "collections/__init__",
	"collections/abc",
	"encodings/idna", "stringprep", "re/__init__", "re/_casefix",
	"re/_compiler", "re/_constants", "re/_parser",
}
local files = { script, sandbox.runtime.python_startup, sandbox.runtime.locale }
for _, m in ipairs(modules) do
	local dir, base = m:match("^(.-)/?([^/]+)$")
	local pre = lib .. "/" .. (dir ~= "" and dir .. "/" or "")
	files[#files + 1] = pre .. base .. ".py"
	files[#files + 1] = pre .. "__pycache__/" .. base .. "." .. tag .. ".pyc"
end

-- stdio: the selector loop, memory, time, getrandom (hash seeds);
-- rpath: the interpreter reads its standard library and the script;
-- inet: TCP connections to the IRC servers;
-- wpath cpath, with data only: it appends (creating) relay.log.
-- Not: dns (links name addresses), proc/exec, unix, prot_exec (every
-- module it imports is built in or pure Python: no dlopen after start).
local promises = "stdio rpath inet"
-- Everything in files is visible read only; unveil adds the writable.
local unveil = {}
if data ~= "none" then
	args[#args + 1] = "--log"
	args[#args + 1] = data .. "/relay.log"
	promises = promises .. " wpath cpath"
	files[#files + 1] = data
	unveil[data] = "rwc"
end

return {
	backend = "combined",
	program = "/usr/bin/python3",
	args = args,
	-- No Debian package, so no user of its own: nobody.
	user = "nobody", group = "nogroup",
	files = files,
	unveil = unveil,
	clearenv = true,
	env = { LANG = "C.UTF-8" },
	pledge = promises,
	net = "host",
	-- It binds nothing; it connects only to its links' ports.
	ports = { bind = {}, connect = connect },
}
