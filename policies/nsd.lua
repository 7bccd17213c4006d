-- nsd.lua: the authoritative DNS server.
--
-- OpenBSD runs nsd chrooted in /var/nsd as user _nsd; here it runs as
-- Debian's `nsd` user in a view holding its program and libraries, its
-- configuration and zones (read only) and its data directory.
--
-- Parameters: `sandbox check --params policies/nsd.lua` lists them.
--
-- The configuration should say `username: ""`, `chroot: ""`, put
-- zonelistfile, xfrdfile and xfrdir under `data`, and keep zonesdir (where
-- relative zonefile names are found; nsd's default is /etc/nsd) and every
-- zone file inside `confdir`: a zone elsewhere is out of the view and not
-- served. No `logfile:` line: nsd chowns its log file to its user at
-- start, and the policy has no chown, so any logfile, `logfile: ""`
-- included, ends in a violation (`pledge "chown", syscall 92
-- chown("")`); without one nsd logs to syslog (unix, below).
local p = sandbox.params {
	config = { kind = "path", default = "/etc/nsd/nsd.conf",
	    help = "the configuration file" },
	confdir = { kind = "path",
	    help = "configuration and zone files, read only (default: " ..
	    "the directory of config)" },
	data = { kind = "path", default = "/var/lib/nsd",
	    help = "what nsd writes: zone list, xfrd state, zone transfers" },
	port = { kind = "port", default = 53,
	    help = "the port to serve (nsd -p, overriding the config; " ..
	    "below 1024 needs net.ipv4.ip_unprivileged_port_start)" },
}
local config = p.config
local confdir = p.confdir or config:match("^(.*)/[^/]*$") or "/etc/nsd"
local data = p.data
local port = p.port

return {
	backend = "combined",
	program = "/usr/sbin/nsd",
	-- -d: foreground, under the sandbox's supervision.
	args = { "-d", "-c", config, "-p", tostring(port) },
	user = "nsd", group = "nsd",
	files = { confdir, data, sandbox.runtime.localtime },
	-- syslogd's socket, in the view when there is one.
	binds = { { src = "/dev/log", optional = true } },
	unveil = {
		[confdir] = "r",	-- nsd.conf and the zone files
		[data] = "rwc",		-- zone.list, xfrd.state, xfr temporaries
	},
	-- stdio: event loop, memory, time, socketpairs to its children;
	-- rpath: configuration and zones;
	-- wpath cpath: the zone list and xfrd state it keeps in `data`;
	-- inet: UDP and TCP sockets it serves on;
	-- proc: nsd forks its server processes and xfrd, and signals them;
	-- unix: syslog(3) through /dev/log, where nsd logs unless the
	--   configuration names a logfile (OpenBSD's sendsyslog(2) needs no
	--   promise; Linux has only the socket);
	-- route: getaddrinfo(3) of its ip-address with AI_ADDRCONFIG reads
	--   the interface addresses over a NETLINK_ROUTE socket (OpenBSD
	--   answers the same question, getifaddrs' sysctl, under inet).
	-- Not: exec, dns, id.
	pledge = "stdio rpath wpath cpath inet unix proc route",
	net = "host",
	-- It only answers: it binds its port and connects nowhere (a
	-- secondary doing zone transfers would add 53 to connect).
	ports = { bind = { port }, connect = {} },
}
