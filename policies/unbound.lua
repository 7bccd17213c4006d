-- unbound.lua: the validating, recursive, caching DNS resolver.
--
-- OpenBSD runs unbound chrooted in /var/unbound as user _unbound; here it
-- runs as Debian's `unbound` user in a view holding only its program and
-- libraries, its configuration (read only) and its data directory.
--
-- Parameters: `sandbox check --params policies/unbound.lua` lists them.
--
-- Example: unbound answering local-data on 127.0.0.1:5353, then a query:
--   sandbox --policy policies/unbound.lua --set config=/tmp/u/unbound.conf \
--       --set port=5353 &
--   dig @127.0.0.1 -p 5353 resolver.sandbox.test
local p = sandbox.params {
	config = { kind = "path", default = "/etc/unbound/unbound.conf",
	    help = "the configuration file" },
	confdir = { kind = "path",
	    help = "configuration, read only (default: the directory of " ..
	    "config)" },
	data = { kind = "path", default = "/var/lib/unbound",
	    help = "what unbound may write: the auto-trust-anchor file " ..
	    "(root.key) and its temporary copy" },
	port = { kind = "port", default = 53,
	    help = "the port of the config's `port:` line: the only TCP " ..
	    "port it may bind (below 1024 needs " ..
	    "net.ipv4.ip_unprivileged_port_start)" },
}
local config = p.config
local confdir = p.confdir or config:match("^(.*)/[^/]*$") or "/etc/unbound"
local data = p.data
local port = p.port

return {
	backend = "combined",
	program = "/usr/sbin/unbound",
	-- -d: stay in the foreground, the sandbox supervises it;
	-- -p: no pid file (there is nothing writable to put it in).
	args = { "-d", "-p", "-c", config },
	-- The package's user; the configuration should say `username: ""`
	-- and `chroot: ""`: the sandbox already did both, before exec.
	user = "unbound", group = "unbound",
	files = {
		confdir, data,
		-- it resolves nothing through libc; it logs with local time
		sandbox.runtime.localtime,
	},
	unveil = {
		[confdir] = "r",	-- unbound.conf, included files, keys
		[data] = "rwc",		-- root.key is rewritten by RFC 5011
	},
	-- stdio: its event loop, memory, time, randomness (getrandom);
	-- rpath: the configuration and trust anchor, read at start;
	-- wpath cpath: the trust-anchor update writes root.key.XXXX and
	--   renames it over root.key; unveil confines both to `data`;
	-- inet: UDP and TCP sockets to serve and to query upstream;
	-- route: getaddrinfo(3) of its interface with AI_ADDRCONFIG reads
	--   the interface addresses over a NETLINK_ROUTE socket (OpenBSD
	--   answers the same question, getifaddrs' sysctl, under inet);
	-- proc: at start unbound sets its open-files limit (setrlimit) to
	--   what its outgoing-range needs, 4140 with the defaults, above
	--   systemd's default soft limit of 1024. OpenBSD allows setrlimit
	--   under proc or id; proc is the narrower (it forks nothing, and in
	--   the view's pid namespace it can signal only itself).
	-- Not: exec (no helpers), dns (it is the resolver, it does not use
	-- libc's), unix (logs go to stderr with -d), id (no setuid: the
	-- sandbox dropped to `unbound` already).
	pledge = "stdio rpath wpath cpath inet route proc",
	-- It serves the host's clients and asks the world's servers.
	net = "host",
	ports = {
		bind = { port },	-- DNS over TCP on its own port
		connect = { 53, 853 },	-- upstream DNS over TCP and TLS
	},
}
