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
-- Parameters (sandbox --policy policies/lighttpd.lua --set NAME=VALUE):
--   config   the configuration file        default /etc/lighttpd/lighttpd.conf
--   confdir  configuration, read only      default the directory of config
--   docroot  the documents, read only      default /var/www
--   logs     where its error log goes      default /var/log/lighttpd;
--            (server.errorlog), writable   `none`: errors go to stderr
--   uploads  server.upload-dirs, where     default /var/cache/lighttpd/uploads
--            request bodies are buffered,  (Debian's); lighttpd checks at
--            writable                      start that it exists
--   port     server.port: the only TCP     default 80 (below 1024 needs
--            port it may bind              net.ipv4.ip_unprivileged_port_start)
--
-- The configuration must not use include_shell (that runs a program at
-- start: Debian's default does, for its module list and MIME types). Flatten
-- it once (docs/daemons.md shows how): `lighttpd -p` prints it inside a
-- `config { }` block with var.CWD and var.PID, to be dropped with the
-- server.pid-file in /run, which this policy does not unveil.
local p = sandbox.param
local config = p.config or "/etc/lighttpd/lighttpd.conf"
local confdir = p.confdir or config:match("^(.*)/[^/]*$") or "/etc/lighttpd"
local docroot = p.docroot or "/var/www"
local logs = p.logs or "/var/log/lighttpd"
local uploads = p.uploads or "/var/cache/lighttpd/uploads"
local port = math.tointeger(tonumber(p.port or "80"))

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
