-- znc.lua: the IRC bouncer ZNC.
--
-- ZNC stays connected to IRC servers for its users and relays their
-- clients. It runs as Debian's `_znc` user in a view holding its program,
-- libraries and modules and its data directory, where all its state lives
-- (configs/znc.conf, users/, moddata/).
--
-- Parameters: `sandbox check --params policies/znc.lua` lists them.
local p = sandbox.params {
	data = { kind = "path", default = "/var/lib/znc",
	    help = "ZNC's data directory (znc -d)" },
	port = { kind = "port", default = 6697,
	    help = "the port of its Listener: the only TCP port it may bind" },
	ircports = { kind = "ports", default = "6667,6697",
	    help = "the IRC servers' ports it may connect to, " ..
	    "comma-separated" },
}
local data = p.data
local port = p.port
local connect = p.ircports

return {
	backend = "combined",
	program = "/usr/bin/znc",
	-- -f: foreground; -d: its data directory.
	args = { "-f", "-d", data },
	user = "_znc", group = "_znc",
	-- ZNC finds its home from HOME before it reads -d.
	env = { HOME = data },
	files = {
		data,
		"/usr/lib/znc",		-- its modules, dlopen(3)ed at start
		"/usr/share/znc",	-- module data (web skins, translations)
		sandbox.runtime.dns,	-- the IRC servers' names
		sandbox.runtime.users,	-- getpwuid(3) of its own user
		sandbox.runtime.ssl,	-- TLS to servers and from clients
		sandbox.runtime.localtime,
	},
	unveil = {
		[data] = "rwc",		-- znc.conf (rewritten on save), logs
		["/usr/lib/znc"] = "r",
		["/usr/share/znc"] = "r",
	},
	-- stdio: event loop, memory, threads (its resolver thread);
	-- rpath: configuration, modules, certificates;
	-- wpath cpath: it saves znc.conf (a new file renamed over the old)
	--   and module data under `data`;
	-- flock: it holds a fcntl(2) lock on znc.conf against a second ZNC;
	-- inet: its listener, its clients, the IRC servers;
	-- dns: it resolves the servers' names (resolv.conf, hosts);
	-- route: getaddrinfo(3) with AI_ADDRCONFIG first reads the interface
	--   addresses over a NETLINK_ROUTE socket (OpenBSD's dns covers it);
	-- prot_exec: at start it dlopen(3)s every module in /usr/lib/znc to
	--   list them, and later the ones a user loads.
	-- Not: proc/exec (the `shell` module, which runs commands, would need
	--   both: leave it unloaded), unix, id.
	pledge = "stdio rpath wpath cpath flock inet dns route prot_exec",
	net = "host",
	ports = { bind = { port }, connect = connect },
}
