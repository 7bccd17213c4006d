-- ngircd.lua: the IRC server ngIRCd.
--
-- The article lists ngircd among the daemons traditionally jailed (it has
-- a ChrootDir option of its own). Here it runs as Debian's `irc` user (the
-- package's ServerUID) in a view holding its program and libraries and its
-- configuration, read only: an IRC server keeps its state in memory.
--
-- Parameters: `sandbox check --params policies/ngircd.lua` lists them.
--
-- The configuration must say `PAM = no` (Debian's does; ngircd's own
-- default, when the line is absent, is yes in a build with PAM, as
-- Debian's is): with PAM, ngircd forks a PAM helper at the first client's
-- login, which this policy does not allow (without lookups the fork
-- itself is the violation, `pledge "proc", syscall 56 clone`), and the
-- helper would need the PAM configuration and modules the view lacks.
local p = sandbox.params {
	config = { kind = "path", default = "/etc/ngircd/ngircd.conf",
	    help = "the configuration file" },
	confdir = { kind = "path",
	    help = "configuration, MOTD, help, read only (default: the " ..
	    "directory of config)" },
	port = { kind = "port", default = 6667,
	    help = "the port of the config's `Ports` line: the only TCP " ..
	    "port it may bind" },
	lookups = { kind = "word", default = "yes",
	    help = "yes: the config has DNS = yes or Ident = yes (a " ..
	    "resolver child per client: proc, dns, connect to port 113); " ..
	    "no: both are no" },
}
local config = p.config
local confdir = p.confdir or config:match("^(.*)/[^/]*$") or "/etc/ngircd"
local port = p.port
if p.lookups ~= "yes" and p.lookups ~= "no" then
	error("--set lookups=" .. p.lookups .. ": expected yes or no")
end
local lookups = p.lookups == "yes"

-- stdio: event loop, memory, time;
-- rpath: configuration, MOTD and help text (re-read on REHASH);
-- inet: the listening socket and its clients;
-- unix: syslog(3) through /dev/log (OpenBSD's sendsyslog(2) needs no
--   promise; Linux has only the socket);
-- with lookups: proc to fork the resolver child per connection, dns for
--   its reverse lookups (resolv.conf, hosts); the ident query connects
--   to the client's port 113.
-- Not: wpath, cpath (it writes nothing with PidFile unset), exec, id.
local promises = "stdio rpath inet unix"
-- users: ServerUID and ServerGID name `irc`, looked up at start.
local files = { confdir, sandbox.runtime.users, sandbox.runtime.localtime }
local connect = {}
if lookups then
	promises = promises .. " proc dns"
	files[#files + 1] = sandbox.runtime.dns
	connect = { 113 }
end

return {
	backend = "combined",
	program = "/usr/sbin/ngircd",
	-- -n: no fork, no detach; the sandbox supervises it.
	args = { "-n", "-f", config },
	user = "irc", group = "irc",
	files = files,
	-- syslogd's socket, in the view when there is one.
	binds = { { src = "/dev/log", optional = true } },
	unveil = {
		[confdir] = "r",
		["/usr/share/doc/ngircd"] = "r",	-- HelpFile Commands.txt
	},
	pledge = promises,
	net = "host",
	-- It binds its port; it connects only for ident lookups and to
	-- peers of a network ([Server] blocks, none by default).
	ports = { bind = { port }, connect = connect },
}
