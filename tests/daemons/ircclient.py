#!/usr/bin/python3
"""ircclient.py: a minimal IRC client for the daemon tests.

    ircclient.py HOST PORT NICK [--pass PASS] [--join CHAN] [--say CHAN TEXT]
                 [--expect REGEX] [--timeout SECONDS]

Registers (PASS, NICK, USER), waits for the 001 welcome, optionally joins a
channel and says something, then reads until a line matches --expect (or
until the welcome when there is none). Prints every line received; exits 0
when the expected line came, 1 otherwise (timeout, refused, closed).
"""
import argparse
import re
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("nick")
    ap.add_argument("--pass", dest="password")
    ap.add_argument("--join", action="append", default=[])
    ap.add_argument("--say", nargs=2, metavar=("CHAN", "TEXT"))
    ap.add_argument("--expect")
    ap.add_argument("--timeout", type=float, default=10.0)
    a = ap.parse_args()

    deadline = time.monotonic() + a.timeout
    try:
        s = socket.create_connection((a.host, a.port), timeout=a.timeout)
    except OSError as e:
        print("ircclient: connect: %s" % e, file=sys.stderr)
        return 1
    def send(line):
        s.sendall((line + "\r\n").encode())
    if a.password:
        send("PASS " + a.password)
    send("NICK " + a.nick)
    send("USER %s 0 * :sandbox test client" % a.nick)
    want = re.compile(a.expect) if a.expect else None
    welcomed = False
    buf = b""
    while time.monotonic() < deadline:
        s.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            data = s.recv(4096)
        except socket.timeout:
            break
        except OSError as e:
            print("ircclient: %s" % e, file=sys.stderr)
            return 1
        if not data:
            break
        buf += data
        while b"\r\n" in buf:
            raw, buf = buf.split(b"\r\n", 1)
            line = raw.decode(errors="replace")
            print(line, flush=True)
            if line.startswith("PING"):
                send("PONG" + line[4:])
            parts = line.split()
            if not welcomed and len(parts) > 1 and parts[1] == "001":
                welcomed = True
                for c in a.join:
                    send("JOIN " + c)
                if not a.join and a.say:
                    send("PRIVMSG %s :%s" % tuple(a.say))
                if want is None:
                    send("QUIT :done")
                    return 0
            if (welcomed and a.say and len(parts) > 2 and parts[1] == "366"
                    and parts[3] == a.say[0]):
                send("PRIVMSG %s :%s" % tuple(a.say))
            if want is not None and want.search(line):
                send("QUIT :done")
                return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
