"""pyrelay: relay messages between IRC channels, the job of PyLink's relay.

    python3 -I -S pyrelay.py NICK HOST:PORT/#CHANNEL HOST:PORT/#CHANNEL ...
            [--log FILE]

PyLink (the article's Python IRC services daemon) is not in Debian; this
program stands in for it: a long-running Python daemon that connects out
to IRC servers, joins one channel on each link, and repeats every message
said on one link on all the others as "<nick> text". Each link may be on
its own server, or several on one server. With --log it appends each
relayed line to FILE (its data directory).

Standard library only, and little of it (socket, selectors, sys, os), so
that a sandbox needs to give it only a handful of files: see
policies/pyrelay.lua.
"""
import os
import selectors
import socket
import sys


class Link:
    """One IRC connection and the channel it relays."""

    def __init__(self, nick, spec):
        hostport, _, self.channel = spec.partition("/")
        host, _, port = hostport.rpartition(":")
        if not host or not port.isdigit() or not self.channel:
            raise ValueError("link '%s': expected HOST:PORT/#CHANNEL" % spec)
        self.name = spec
        self.nick = nick
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.sock.setblocking(False)
        self.buf = b""
        self.joined = False
        self.send("NICK " + nick)
        self.send("USER %s 0 * :pyrelay" % nick)

    def send(self, line):
        self.sock.sendall((line + "\r\n").encode())

    def lines(self):
        """Complete lines received; None when the server closed."""
        try:
            data = self.sock.recv(4096)
        except BlockingIOError:
            return []
        if not data:
            return None
        self.buf += data
        out = []
        while b"\r\n" in self.buf:
            raw, self.buf = self.buf.split(b"\r\n", 1)
            out.append(raw.decode("utf-8", "replace"))
        return out


def parse(line):
    """(source nick, command, params) of one IRC line."""
    src = ""
    if line.startswith(":"):
        src, _, line = line[1:].partition(" ")
    head, sep, trailing = line.partition(" :")
    params = head.split()
    if sep:
        params.append(trailing)
    if not params:
        return src.split("!")[0], "", []
    return src.split("!")[0], params[0].upper(), params[1:]


def handle(link, links, line, log):
    nick, cmd, params = parse(line)
    if cmd == "PING":
        link.send("PONG :" + (params[-1] if params else ""))
    elif cmd == "433":
        link.nick += "_"
        link.send("NICK " + link.nick)
    elif cmd == "001":
        link.send("JOIN " + link.channel)
    elif cmd == "366":
        link.joined = True
        print("pyrelay: joined %s" % link.name, flush=True)
    elif cmd == "PRIVMSG" and len(params) == 2 and params[0] == link.channel:
        if nick in [other.nick for other in links]:
            return
        text = "<%s> %s" % (nick, params[1])
        for other in links:
            if other is not link and other.joined:
                other.send("PRIVMSG %s :%s" % (other.channel, text))
        if log is not None:
            log.write("%s %s\n" % (link.channel, text))
            log.flush()


def main(argv):
    log = None
    if len(argv) >= 2 and argv[-2] == "--log":
        log = open(argv[-1], "a", encoding="utf-8")
        argv = argv[:-2]
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    nick = argv[0]
    try:
        links = [Link(nick, spec) for spec in argv[1:]]
    except (OSError, ValueError) as e:
        print("pyrelay: %s" % e, file=sys.stderr)
        return 1
    sel = selectors.DefaultSelector()
    for link in links:
        sel.register(link.sock, selectors.EVENT_READ, link)
    print("pyrelay: pid %d, %d links" % (os.getpid(), len(links)), flush=True)
    while True:
        for key, _ in sel.select():
            link = key.data
            got = link.lines()
            if got is None:
                print("pyrelay: %s closed" % link.name, file=sys.stderr)
                return 1
            for line in got:
                handle(link, links, line, log)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
