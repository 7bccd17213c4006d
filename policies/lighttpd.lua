-- lighttpd.lua: the web server, standing in for OpenBSD's httpd(8).
--
-- OpenBSD's httpd is not ported to Linux. lighttpd is the closest one
-- Debian ships: a small event-driven, single-process server for static
-- files and FastCGI (httpd's feature set), configured in one file, with
-- httpd's chroot and user options of its own (server.chroot,
-- server.username). OpenBSD chroots httpd in /var/www and its server
-- processes pledge "stdio rpath inet unix recvfd"; lighttpd needs less:
-- it has no privileged parent passing it descriptors (recvfd) and this
-- policy gives it no FastCGI socket (unix).
--
-- Parameters: `sandbox check --params policies/lighttpd.lua` lists them.
--
-- The configuration must not use include_shell (that runs a program at
-- start: Debian's default does, for its module list and MIME types). Flatten
-- it once (docs/daemons.md shows how): `lighttpd -p` prints it inside a
-- `config { }` block with var.CWD and var.PID, to be dropped with the
-- server.pid-file in /run, which this policy does not unveil.
local p = sandbox.params {
	config = { kind = "path", default = "/etc/lighttpd/lighttpd.conf",
	    help = "the configuration file" },
	confdir = { kind = "path",
	    help = "configuration, read only (default: the directory of " ..
	    "config)" },
	docroot = { kind = "path", default = "/var/www",
	    help = "the documents, read only" },
	logs = { kind = "path", also = "none", default = "/var/log/lighttpd",
	    help = "where its error log goes (server.errorlog), writable; " ..
	    "none: errors go to stderr" },
	uploads = { kind = "path", default = "/var/cache/lighttpd/uploads",
	    help = "server.upload-dirs, where request bodies are buffered, " ..
	    "writable; lighttpd checks at start that it exists" },
	port = { kind = "port", default = 80,
	    help = "server.port: the only TCP port it may bind (below " ..
	    "1024 needs net.ipv4.ip_unprivileged_port_start)" },
}
local config = p.config
local confdir = p.confdir or config:match("^(.*)/[^/]*$") or "/etc/lighttpd"
local docroot = p.docroot
local logs = p.logs
local uploads = p.uploads
local port = p.port

-- stdio: event loop, memory, time, sendfile(2);
-- rpath: configuration and documents;
-- inet: its listening socket and clients;
-- wpath cpath: it buffers request bodies in files under `uploads` and
--   opens (creating) its error log under `logs`.
-- Not: unix (FastCGI), proc/exec (CGI), dns, id.
local promises = "stdio rpath wpath cpath inet"
local files = { confdir, docroot, uploads, sandbox.runtime.localtime }
local unveil = {
	[confdir] = "r",
	[docroot] = "r",	-- what it serves; nothing else is reachable,
				-- not even through a symlink in the docroot
	[uploads] = "rwc",
}
if logs ~= "none" then
	files[#files + 1] = logs
	unveil[logs] = "rwc"
end

return {
	backend = "combined",
	program = "/usr/sbin/lighttpd",
	-- -D: foreground; -f: the configuration.
	args = { "-D", "-f", config },
	user = "www-data", group = "www-data",
	files = files,
	unveil = unveil,
	pledge = promises,
	net = "host",
	-- It only answers: it binds its port and connects nowhere.
	ports = { bind = { port }, connect = {} },
}
