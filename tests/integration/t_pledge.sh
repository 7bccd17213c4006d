# The pledge backend: conformance with pledge(2) where Linux can match it,
# written from the manual and OpenBSD's regress/sys/kern/pledge. For each
# promise: a call it allows and a call it does not, for the static and
# the dynamic build of tests/pledge/pledge_test.c, through the command.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
D=$(dirname "$SANDBOX")
TO="timeout 20"
chmod 777 "$T"

# allows NAME PROMISES ACTION [ARG]: the action runs to its end.
allows() {
	_n=$1 _p=$2
	shift 2
	$TO $S --backend pledge --pledge "$_p" $P "$@" >"$T/out" 2>"$T/err" </dev/null
	_st=$?
	if [ $_st = 0 ] && grep -q '^done' "$T/out"; then
		pass "$KIND: $_n"
	else
		fail "$KIND: $_n" "exit $_st, out '$(head -c 100 "$T/out")', err '$(head -c 300 "$T/err")'"
	fi
}

# denies NAME PROMISES MISSING ACTION [ARG]: SIGABRT (134) and the report
# names the missing promise first (other ways to allow the call may follow).
denies() {
	_n=$1 _p=$2 _m=$3
	shift 3
	$TO $S --backend pledge --pledge "$_p" $P "$@" >"$T/out" 2>"$T/err" </dev/null
	_st=$?
	if [ $_st = 134 ] && grep -qE "pledge \"$_m\"( or \"[a-z_ ]+\")*, syscall" "$T/err"; then
		pass "$KIND: $_n"
	else
		fail "$KIND: $_n" "exit $_st, wanted 134 naming \"$_m\"; out '$(head -c 100 "$T/out")', err '$(head -c 300 "$T/err")'"
	fi
}

for KIND in static dynamic; do
	if [ $KIND = static ]; then P=$D/pledge-test-static; else P=$D/pledge-test; fi
	F=$T/$KIND.file
	rm -rf "$F" "$F.new" "$F.dir" "$F.fifo"
	echo data >"$F"
	chmod 666 "$F"

	allows "stdio: write" "stdio" stdio
	allows "stdio: fstat" "stdio" fstat
	allows "stdio: fcntl F_GETFL" "stdio" fcntl
	allows "stdio: ioctl FIONREAD" "stdio" fionread
	allows "stdio: sendto a NULL address" "stdio" sendto-null
	allows "stdio: threads" "stdio" thread
	allows "stdio: kill to self" "stdio" kill-self
	allows "stdio: raise" "stdio" raise
	allows "stdio: /dev/null by name" "stdio" devnull
	allows "stdio: /etc/localtime by name" "stdio" localtime
	denies "stdio: sendto an address needs inet" "stdio" inet sendto-addr
	denies "stdio: fcntl F_GETLK needs flock" "stdio" flock fcntl-lock
	denies "stdio: kill to another needs proc" "stdio" proc kill-other
	allows "proc: a forked child kills itself" "stdio proc" fork-kill-self

	allows "rpath: open read-only" "stdio rpath" rpath /etc/passwd
	denies "rpath: needed to open read-only" "stdio" rpath rpath /etc/passwd
	allows "rpath: stat" "stdio rpath" stat /etc/passwd
	denies "rpath: needed to stat" "stdio" rpath stat /etc/passwd
	allows "wpath: open write-only" "stdio wpath" wpath "$F"
	denies "wpath: needed to open write-only" "stdio rpath" wpath wpath "$F"
	allows "rpath wpath: open read-write" "stdio rpath wpath" rdwr "$F"
	denies "wpath: needed to open read-write" "stdio rpath" wpath rdwr "$F"
	allows "cpath: create" "stdio wpath cpath" cpath "$F.new"
	denies "cpath: needed to create" "stdio wpath" cpath cpath "$F.new2"
	allows "cpath: mkdir" "stdio cpath" mkdir "$F.dir"
	denies "cpath: needed to mkdir" "stdio rpath wpath" cpath mkdir "$F.dir2"
	allows "cpath: unlink" "stdio cpath" unlink "$F.new"
	allows "dpath: mkfifo" "stdio dpath" dpath "$F.fifo"
	denies "dpath: needed to mkfifo" "stdio cpath" dpath dpath "$F.fifo2"
	allows "tmppath: unlink (path not checked)" "stdio tmppath" unlink "$F.fifo"
	allows "fattr: chmod" "stdio fattr" fattr "$F"
	denies "fattr: needed to chmod" "stdio rpath wpath cpath" fattr fattr "$F"
	allows "chown: chown" "stdio chown" chown "$F"
	denies "chown: needed to chown" "stdio fattr" chown chown "$F"
	allows "flock: flock" "stdio flock" flock
	allows "flock: fcntl F_GETLK" "stdio flock" fcntl-lock
	denies "flock: needed to flock" "stdio" flock flock

	allows "inet: AF_INET socket" "stdio inet" inet
	allows "inet: AF_INET6 socket" "stdio inet" inet6
	denies "inet: needed for AF_INET" "stdio unix" inet inet
	allows "inet: setsockopt SO_REUSEADDR" "stdio inet" sockopt
	allows "unix: AF_UNIX socket" "stdio unix" unix
	denies "unix: needed for AF_UNIX" "stdio inet" unix unix
	allows "mcast: IP_ADD_MEMBERSHIP" "stdio inet mcast" mcast
	denies "mcast: needed for IP_ADD_MEMBERSHIP" "stdio inet" mcast mcast
	allows "route: netlink route socket" "stdio route" route
	denies "route: needed for netlink" "stdio inet" route route
	allows "tty: TCFLSH" "stdio tty" tty
	denies "tty: needed for TCFLSH" "stdio" tty tty
	allows "stdio: TIOCGWINSZ, a query" "stdio" winsize
	allows "proc: fork" "stdio proc" fork
	denies "proc: needed to fork" "stdio" proc fork
	allows "exec: execve" "stdio exec" exec
	denies "exec: needed to execve" "stdio" exec exec
	allows "prot_exec: PROT_EXEC mapping" "stdio prot_exec" prot_exec
	denies "prot_exec: needed for PROT_EXEC" "stdio" prot_exec prot_exec
	allows "settime: settimeofday" "stdio settime" settime
	denies "settime: needed for settimeofday" "stdio" settime settime
	allows "id: setuid" "stdio id" id
	denies "id: needed for setuid" "stdio" id id
	allows "id: setrlimit" "stdio id" setrlimit
	denies "id: needed for setrlimit" "stdio" id setrlimit
	allows "unveil: landlock" "stdio unveil" unveil
	denies "unveil: needed for landlock" "stdio" unveil unveil
	# sendmsg's address is in memory: the supervisor reads it. Without
	# inet, unix or dns, no address (OpenBSD: pledge_sendit).
	allows "stdio: sendmsg without an address" "stdio" sendmsg
	allows "stdio: sendmmsg without an address" "stdio" sendmmsg
	denies "stdio: sendmsg to an address needs inet, unix or dns" "stdio" inet sendmsg-addr "$T/nosock"
	expect_err "$KIND: ... and the report names every way" 'pledge "inet" or "unix" or "dns", syscall [0-9]+ sendmsg\(3, msg 0x[0-9a-f]+ \(with an address\)\)'
	denies "stdio: sendmmsg to an address needs inet, unix or dns" "stdio" inet sendmmsg-addr "$T/nosock"
	expect_out "$KIND: unix: sendmsg to an address" "done ENOENT" $TO $S --backend pledge --pledge "stdio unix" $P sendmsg-addr "$T/nosock"
	expect_out "$KIND: error: sendmsg to an address is ENOSYS" "done ENOSYS" $TO $S --backend pledge --pledge "stdio error" $P sendmsg-addr "$T/nosock"
	# Another thread could write an address in after the reading: refused.
	expect_out "$KIND: stdio: sendmsg beside another thread is EPERM" "done EPERM" $TO $S --backend pledge --pledge stdio $P sendmsg-threads
	expect_err "$KIND: ... and said" 'sendmsg under stdio without inet, unix or dns: its header could be changed by its other threads.*: EPERM'
	expect_out "$KIND: stdio: sendmsg with its header in shared memory is EPERM" "done EPERM" $TO $S --backend pledge --pledge stdio $P sendmsg-shared
	expect_err "$KIND: ... and said" 'could be changed by another process \(not in private anonymous memory\).*: EPERM'
	# From any descriptor, also the number the launch channel had.
	for n in 3 4 5 6 7 8; do
		denies "stdio: sendmsg to an address from descriptor $n" "stdio" inet sendmsg-from $n
	done
	expect_out "$KIND: proc: sendmsg from a vfork child is EPERM" "done EPERM" $TO $S --backend pledge --pledge "stdio proc" $P sendmsg-vfork
	expect_err "$KIND: ... and said" 'could be changed by a process sharing its memory.*: EPERM'

	# OpenBSD strips setuid, setgid and sticky under pledge; here EPERM.
	chmod 644 "$F"
	expect_out "$KIND: fattr: chmod with setuid is EPERM" "done EPERM" $TO $S --backend pledge --pledge "stdio fattr" $P chmod-setuid "$F"
	expect_out "$KIND: fattr: fchmod with setgid is EPERM" "done EPERM" $TO $S --backend pledge --pledge "stdio rpath fattr" $P fchmod-setgid "$F"
	expect_out "$KIND: fattr: fchmodat with sticky is EPERM" "done EPERM" $TO $S --backend pledge --pledge "stdio fattr" $P fchmodat-sticky "$F"
	expect_out "$KIND: ... and the mode is unchanged" "644" stat -c %a "$F"
	chmod 666 "$F"
	expect_out "$KIND: dpath: mkfifo with setuid is EPERM" "done EPERM" $TO $S --backend pledge --pledge "stdio dpath" $P mkfifo-setuid "$F.sfifo"
	if [ -e "$F.sfifo" ]; then fail "$KIND: ... and no fifo is made" "$(ls -l "$F.sfifo")"
	else pass "$KIND: ... and no fifo is made"; fi
	denies "fattr: needed for chmod with setuid" "stdio rpath" fattr chmod-setuid "$F"
	expect_err "$KIND: ... and the report shows the mode" 'chmod\(".*", 04755\)'
	denies "fattr: needed for fchmod of a descriptor served by name" "stdio" fattr fchmod-served

	# tty: the break and modem-line ioctls of cu(1) (OpenBSD: TIOC[SC]BRK,
	# TIOC[SC]DTR; Linux sets DTR with TIOCMBIS, TIOCMBIC).
	allows "tty: TIOCSBRK TIOCCBRK" "stdio tty" break
	denies "tty: needed for TIOCSBRK" "stdio" tty break
	allows "tty: TIOCMGET TIOCMBIS TIOCMBIC" "stdio tty" modem
	denies "tty: needed for TIOCMBIS" "stdio" tty modem

	# Paths allowed by name are compared as OpenBSD does, after "." and
	# ".." (canonpath): what is left outside is a violation, reported.
	denies "stdio: /usr/share/zoneinfo/.. is not served" "stdio" rpath rpath /usr/share/zoneinfo/..
	denies "stdio: nor a path out of /usr/share/zoneinfo" "stdio" rpath rpath /usr/share/zoneinfo/../../../etc/passwd
	denies "stdio: nor the stat of /usr/share/zoneinfo/.." "stdio" rpath stat /usr/share/zoneinfo/..
	allows "stdio: a zone file by a path with . and //" "stdio" rpath //usr/share/zoneinfo/./UTC

	# setrlimit: id or proc (OpenBSD), the report names both.
	allows "proc: setrlimit" "stdio proc" setrlimit
	denies "id or proc: needed for setrlimit" "stdio" id setrlimit
	expect_err "$KIND: ... and the report names both and the limits" 'pledge "id" or "proc", syscall [0-9]+ prlimit64\(0, RLIMIT_NOFILE, \{cur [0-9]+, max [0-9]+\}, 0\)'

	allows "ps vminfo bpf pf wroute audio video tape sendfd recvfd: accepted" \
	    "stdio ps vminfo bpf pf wroute audio video tape sendfd recvfd" stdio

	# glibc compatibility: clone3 and openat2 say ENOSYS so glibc falls back.
	expect_out "$KIND: clone3 is ENOSYS" "done ENOSYS" $TO $S --backend pledge --pledge stdio $P clone3
	expect_out "$KIND: openat2 is ENOSYS" "done ENOSYS" $TO $S --backend pledge --pledge "stdio rpath" $P openat2
	# error: violations return ENOSYS and the program continues.
	expect_out "$KIND: error: socket is ENOSYS" "done ENOSYS" $TO $S --backend pledge --pledge "stdio error" $P inet
	expect_out "$KIND: error: open is ENOSYS" "done ENOSYS" $TO $S --backend pledge --pledge "stdio error" $P rpath /etc/passwd
	# The kill cannot be caught: a SIGABRT handler gets SIGKILL instead.
	expect_status "$KIND: a SIGABRT handler does not save the program" 137 $TO $S --backend pledge --pledge stdio $P catch-abort
	expect_err "$KIND: ... and the violation is reported" 'pledge "inet" or "dns", syscall [0-9]+ socket\(AF_INET,'
	expect_status "$KIND: no promise allows ptrace" 134 $TO $S --backend pledge --pledge "stdio rpath wpath cpath proc exec id" $P ptrace
	expect_err "$KIND: ... and the report says so" 'pledge "\(no promise allows it\)", syscall [0-9]+ ptrace'
done

# dns and getpw: files served by name, no rpath (dynamic: glibc's NSS).
P=$D/pledge-test KIND=dynamic
allows "dns: getaddrinfo localhost" "stdio dns" dns
denies "dns: needed for the resolver files" "stdio route unix" rpath dns
allows "getpw: getpwuid" "stdio getpw" getpw
denies "getpw: needed for the user database" "stdio unix" rpath getpw

# A descriptor the supervisor opened for a file allowed by name is the
# program's: fchmod on it needs fattr (above), and cannot set setgid. The
# file is the test's own, in /usr/share/zoneinfo, removed after.
if [ "$(id -u)" = 0 ] && zf=$(mktemp /usr/share/zoneinfo/sandbox-test.XXXXXX); then
	chmod 644 "$zf"
	expect_out "stdio fattr: fchmod of a served descriptor with setgid is EPERM" "done EPERM" \
	    $TO $S --backend pledge --pledge "stdio fattr" $D/pledge-test fchmod-setgid "$zf"
	expect_out "... and the file keeps its mode" "644" stat -c %a "$zf"
	rm -f "$zf"
fi

# A datagram to a host socket (as /dev/log, the journal): under stdio it
# never arrives; under unix it does.
rm -f "$T/log.sock" "$T/log.got"
python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)
s.settimeout(15)
for i in range(2):
    try:
        d = s.recv(16)
    except socket.timeout:
        break
    with open(sys.argv[2], "ab") as f:
        f.write(d)' "$T/log.sock" "$T/log.got" &
rpid=$!
i=0
while [ ! -S "$T/log.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
for KIND in static dynamic; do
	if [ $KIND = static ]; then P=$D/pledge-test-static; else P=$D/pledge-test; fi
	expect_status "$KIND: stdio: a datagram to a host socket by sendmsg is killed" 134 \
	    $TO $S --backend pledge --pledge stdio $P sendmsg-addr "$T/log.sock"
done
sleep 0.5
if [ -s "$T/log.got" ]; then fail "... and nothing arrives" "got '$(cat "$T/log.got")'"
else pass "... and nothing arrives"; fi
expect_out "unix: the same datagram by sendmsg" "done" $TO $S --backend pledge --pledge "stdio unix" $D/pledge-test sendmsg-addr "$T/log.sock"
i=0
while [ ! -s "$T/log.got" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
expect_out "... and it arrives" "x" cat "$T/log.got"
kill $rpid 2>/dev/null
wait $rpid 2>/dev/null

# The report: program, pid, promise, syscall and its key argument.
expect_status "report: exit status is 128+SIGABRT" 134 $TO $S --backend pledge --pledge stdio /bin/cat /etc/passwd
expect_err "report: names program, pid, promise, syscall, path" \
    '^sandbox: cat\[[0-9]+\]: pledge "rpath", syscall [0-9]+ openat\("/etc/passwd", O_RDONLY'

# Bad promises, execpromises.
expect_status "unknown promise is 125" 125 $S --backend pledge --pledge "stdio bogus" true
expect_err "unknown promise is named" "bogus"
expect_status "no promises is 125" 125 $S --backend pledge true
expect_status "execpromises wider than promises is 125" 125 $S --backend pledge --pledge "stdio exec" --execpromises "stdio inet" true
expect_err "execpromises wider names the promise" "wider.*inet"
# Narrower execpromises hold from a new image's first instruction: the
# filter holds them, the supervisor the first image's other promises.
expect_status "execpromises: the new image gets them (dynamic)" 134 $TO $S --backend pledge --pledge "stdio exec inet" --execpromises "stdio" $D/pledge-test exec-inet
expect_err "... its inet is reported" 'pledge "inet"( or "dns")?, syscall [0-9]+ socket\(AF_INET'
expect_status "execpromises: a static new image gets them too" 134 $TO $S --backend pledge --pledge "stdio exec inet" --execpromises "stdio" $D/pledge-test-static exec-inet
expect_out "execpromises: the first image keeps its promises" "done" $TO $S --backend pledge --pledge "stdio exec inet" --execpromises "stdio" $D/pledge-test inet
expect_out "execpromises: ... and so do its forks" "done" $TO $S --backend pledge --pledge "stdio exec inet proc" --execpromises "stdio" $D/pledge-test fork
expect_status "execpromises: the preinit code of an exec'd image holds them" 134 $TO $S --backend pledge \
    --pledge "stdio rpath exec" --execpromises stdio env PLEDGE_PREINIT_READ=/etc/hostname "$D/pledge-preinit"
expect_err "... and its open is reported" 'pledge "rpath", syscall [0-9]+ openat\("/etc/hostname"'
expect_out "execpromises: a shell's children under them" "first second back" sh -c "$TO $S --backend pledge \
    --pledge 'stdio rpath proc exec inet' --execpromises 'stdio rpath proc exec' \
    sh -c 'echo first; sh -c \"echo second\"; echo back' | tr '\n' ' ' | sed 's/ \$//'"
expect_status "execpromises: ... a grandchild image holds them" 134 $TO $S --backend pledge \
    --pledge "stdio rpath proc exec inet" --execpromises "stdio rpath proc exec" sh -c "sh -c '$D/pledge-test inet'"
# The locale and zone files are served by name to a new image too.
for loc in C.UTF-8 C; do
	expect_out "execpromises stdio: date under LANG=$loc and a time zone" "CET" $TO env LANG=$loc TZ=Europe/Paris \
	    $S --backend pledge --pledge "stdio exec" --execpromises stdio /usr/bin/env /usr/bin/date -d @0 +%Z
done
expect_status "execpromises narrower under a pledge above: refused" 125 $TO $S --backend pledge --pledge "stdio rpath proc exec prot_exec" \
    $S --backend pledge --pledge "stdio rpath exec prot_exec" --execpromises "stdio rpath prot_exec" /bin/true
expect_err "... and said" "no supervisor here .* execpromises narrower"
if command -v setarch >/dev/null; then
	expect_status "execpromises narrower without randomisation: refused" 125 setarch -R $S --backend pledge \
	    --pledge "stdio exec inet" --execpromises stdio /bin/true
	expect_err "... and said" "need address space randomisation"
fi
expect_out "execpromises equal to the promises" "done" $TO $S --backend pledge --pledge "stdio exec" --execpromises "stdio exec" $D/pledge-test exec

# Promises only shrink: a pledge inside a pledge cannot widen it.
expect_status "shrink: inner inet is refused by the outer pledge" 134 $TO $S --backend pledge \
    --pledge "stdio rpath proc exec prot_exec" $S --backend pledge --pledge "stdio inet" $D/pledge-test-static inet
expect_err "shrink: the outer supervisor names inet" 'pledge "inet" or "dns", syscall'
expect_status "shrink: inner narrower promises apply" 159 $TO $S --backend pledge \
    --pledge "stdio rpath proc exec prot_exec inet" $S --backend pledge --pledge "stdio" $D/pledge-test-static inet

# Real programs under the promises they need.
expect_out "echo under stdio" "hi" $TO $S --backend pledge --pledge stdio /bin/echo hi
expect_out "cat a file under stdio rpath" "data" $TO $S --backend pledge --pledge "stdio rpath" /bin/cat "$T/static.file"
expect_out "sort under stdio rpath" "a b c" sh -c "printf 'c\nb\na\n' | $TO $S --backend pledge --pledge 'stdio rpath' sort | tr '\n' ' ' | sed 's/ \$//'"
expect_out "sh with proc exec" "hello" $TO $S --backend pledge --pledge "stdio rpath proc exec" /bin/sh -c '/bin/echo hello'
# dash blocks signals around vfork: SIGABRT would wait forever, so SIGKILL.
$TO $S --backend pledge --pledge "stdio rpath exec" /bin/sh -c '/bin/echo hello; true' >"$T/out" 2>"$T/err"
st=$?
if [ $st = 134 ] || [ $st = 137 ]; then pass "sh without proc cannot fork"
else fail "sh without proc cannot fork" "exit $st"; fi
expect_err "sh without proc: the report names proc" 'pledge "proc", syscall [0-9]+ v?fork'
expect_status "sh without exec cannot exec" 134 $TO $S --backend pledge --pledge "stdio rpath proc" /bin/sh -c 'exec /bin/echo hello'
expect_err "sh without exec: the report names exec and the path" 'pledge "exec", syscall [0-9]+ execve\("/bin/echo"'

# A TCP client with inet dns against a local listener (perl listens on a
# port the kernel picks, writes it down, and answers each connection).
rm -f "$T/port"
perl -MIO::Socket::INET -e '
	my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0,
	    Listen => 5, ReuseAddr => 1) or exit 1;
	open(my $f, ">", "$ARGV[0].tmp") or exit 1;
	print $f $s->sockport, "\n"; close $f; rename "$ARGV[0].tmp", $ARGV[0];
	$SIG{ALRM} = sub { exit 2 }; alarm 60;
	while (my $c = $s->accept) {
		<$c>;
		print $c "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\npledge";
		close $c;
	}' "$T/port" &
lpid=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$T/port" 2>/dev/null)
expect_out "tcp client (busybox wget) with stdio inet dns" "pledge" $TO $S --backend pledge --pledge "stdio inet dns" \
    busybox wget -q -O - "http://localhost:$port/"
expect_status "tcp client without dns cannot resolve" 134 $TO $S --backend pledge --pledge "stdio inet" \
    busybox wget -q -O - "http://localhost:$port/"
expect_out "tcp client by address needs no dns" "pledge" $TO $S --backend pledge --pledge "stdio inet" \
    busybox wget -q -O - "http://127.0.0.1:$port/"
kill $lpid 2>/dev/null
wait $lpid 2>/dev/null

# The unprivileged: as nobody, the same supervisor works.
expect_out "as nobody: echo under stdio" "hi" as_nobody $TO $S --backend pledge --pledge stdio /bin/echo hi
expect_status "as nobody: a violation is 134" 134 as_nobody $TO $S --backend pledge --pledge stdio $D/pledge-test inet

# The loading phase ends even when the library is not preloaded: a program
# exec'd without LD_PRELOAD gets its exact promises, not the loader's.
expect_status "loading: LD_PRELOAD cleared, prot_exec still refused" 134 $TO $S --backend pledge \
    --pledge "stdio rpath proc exec" /bin/sh -c "exec env -u LD_PRELOAD $D/pledge-test prot_exec"
expect_err "loading: ... and reported" 'pledge "prot_exec", syscall [0-9]+ mmap'
expect_status "loading: an exec'd dynamic image gets the exact promises" 134 $TO $S --backend pledge \
    --pledge "stdio rpath proc exec" /bin/sh -c "exec $D/pledge-test prot_exec"
expect_status "loading: an exec'd static image gets the exact promises" 134 $TO $S --backend pledge \
    --pledge "stdio rpath proc exec" /bin/sh -c "exec $D/pledge-test-static prot_exec"

# The library must be readable by the program's user: refused otherwise.
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$T/priv" && cp "$D/sandbox" "$D/libsandbox-pledge.so" "$T/priv/"
	chmod 600 "$T/priv/libsandbox-pledge.so"
	expect_status "preload unreadable by --user nobody is 125" 125 $T/priv/sandbox --backend pledge --pledge stdio --user nobody /bin/echo hi
	expect_err "... and said" "not readable by the program's user"
	expect_out "static programs need no preload" "done" $T/priv/sandbox --backend pledge --pledge stdio --user nobody $D/pledge-test-static stdio
fi

# sandbox_exec(3): the calling process becomes the program, and a
# supervisor of its own, detached, serves its loading and punishes (134).
X=$D/pledge-exec
expect_out "exec mode: echo under stdio" "hi" $TO $X stdio /bin/echo hi
expect_out "exec mode: dynamic, allowed call" "done" $TO $X "stdio inet" $D/pledge-test inet
expect_status "exec mode: dynamic, inet refused" 134 $TO $X stdio $D/pledge-test inet
expect_status "exec mode: dynamic, the loader's prot_exec is gone after loading" 134 $TO $X stdio $D/pledge-test prot_exec
expect_status "exec mode: dynamic, the loader's rpath is gone after loading" 134 $TO $X stdio $D/pledge-test rpath /etc/passwd
expect_out "exec mode: static, allowed call" "done" $TO $X "stdio inet" $D/pledge-test-static inet
expect_status "exec mode: static, inet refused" 134 $TO $X stdio $D/pledge-test-static inet
expect_out "exec mode: error gives ENOSYS" "done ENOSYS" $TO $X "stdio error" $D/pledge-test inet
expect_out "exec mode: clone3 is ENOSYS" "done ENOSYS" $TO $X stdio $D/pledge-test-static clone3
expect_status "exec mode: execpromises hold in a new image" 134 $TO $X -e stdio "stdio exec inet" $D/pledge-test exec-inet
expect_out "exec mode: ... not in the first" "done" $TO $X -e stdio "stdio exec inet" $D/pledge-test inet
expect_out "exec mode: the supervisor holds no pipe open" "hi" sh -c "$TO $X stdio /bin/echo hi | cat"

# The program's own code that runs first (DT_PREINIT_ARRAY) runs under its
# promises: served loading reads nothing else; with no supervisor of its
# own (nested under another pledge), the program is refused.
expect_out "control: preinit code reads a file" "$(head -c 128 /etc/hostname)
main ran" env PLEDGE_PREINIT_READ=/etc/hostname "$D/pledge-preinit"
expect_status "exec mode: preinit code under stdio reads nothing" 134 $TO env PLEDGE_PREINIT_READ=/etc/hostname \
    $X stdio "$D/pledge-preinit"
expect_status "nested: preinit code under an inner stdio reads nothing (refused)" 125 $TO env PLEDGE_PREINIT_READ=/etc/hostname \
    $S --backend pledge --pledge "stdio rpath proc exec prot_exec" $S --backend pledge --pledge stdio "$D/pledge-preinit"
expect_err "... and said" "no supervisor here .* its own code would run with rpath prot_exec before its promises"
# A nested program narrowed by its own preloaded library ends the outer
# supervisor's loading phase too: it does not keep the loader's prot_exec.
expect_status "nested: the outer's prot_exec is not the loader's for good" 134 $TO $S --backend pledge \
    --pledge "stdio rpath proc exec" $S --backend pledge --pledge "stdio rpath prot_exec" "$D/pledge-test" prot_exec
expect_err "... the outer supervisor names prot_exec" 'pledge "prot_exec", syscall [0-9]+ mmap'
expect_out "nested: dynamic, both hold what it needs" "done" $TO $S --backend pledge \
    --pledge "stdio rpath proc exec prot_exec" $S --backend pledge --pledge "stdio rpath prot_exec" "$D/pledge-test" prot_exec
expect_out "supervised: preinit code under stdio is refused the file" "" sh -c \
    "PLEDGE_PREINIT_READ=/etc/hostname $TO $S --backend pledge --pledge stdio '$D/pledge-preinit' 2>/dev/null | grep -v refused"

# /dev/null by name, as a shell redirects to it (O_CREAT|O_TRUNC).
expect_out "sh: >/dev/null without wpath cpath" "ok" $TO $S --backend pledge --pledge "stdio rpath" /bin/sh -c 'echo hi >/dev/null; echo ok'
expect_status "sh: >file needs wpath cpath" 134 $TO $S --backend pledge --pledge "stdio rpath" /bin/sh -c "echo hi >$T/redir"
expect_err "sh: ... and the report names them" 'pledge "wpath cpath"( or "tmppath")?, syscall [0-9]+ openat\(".*/redir", O_WRONLY\|O_CREAT\|O_TRUNC'

# More real programs under the promises OpenBSD's own pledge them with.
expect_status "ls under stdio rpath" 0 $TO $S --backend pledge --pledge "stdio rpath" ls /etc
expect_status "ls -l under stdio rpath reads the passwd file" 0 $TO $S --backend pledge --pledge "stdio rpath" ls -l /etc
expect_status "id needs getpw or rpath" 134 $TO $S --backend pledge --pledge "stdio" id
expect_err "... and the report names the file, not unix" 'pledge "(rpath|getpw)".*/etc/(passwd|group|nsswitch)'

expect_status "ls -l under stdio rpath getpw" 0 $TO $S --backend pledge --pledge "stdio rpath getpw" ls -l /etc
expect_status "cp under stdio rpath wpath cpath" 0 $TO $S --backend pledge --pledge "stdio rpath wpath cpath" cp /etc/passwd "$T/cp.copy"
expect_out "... and the copy is whole" "$(md5sum </etc/passwd)" sh -c "md5sum <'$T/cp.copy'"
expect_status "cp without cpath cannot create" 134 $TO $S --backend pledge --pledge "stdio rpath wpath" cp /etc/passwd "$T/cp.copy2"
expect_status "id under stdio getpw" 0 $TO $S --backend pledge --pledge "stdio getpw" id
expect_out "bash with pipes and substitutions under stdio rpath proc exec" "sub 1 2" $TO $S --backend pledge \
    --pledge "stdio rpath proc exec" bash -c 'x=$(echo sub); for i in 1 2; do echo $i; done | { read a; read b; echo $x $a $b; }'

# Without SHELL or HOME, bash asks getpwuid(3): glibc's nscd probe must fail
# softly so that the lookup reads /etc/passwd under rpath, as on OpenBSD.
expect_out "bash without SHELL and HOME under stdio rpath proc exec" "sub /root" $TO \
    env -i PATH=/usr/bin:/bin $S --backend pledge --pledge "stdio rpath proc exec" \
    bash -c 'x=$(echo sub); echo $x ~'
expect_status "another unix socket under rpath is still a violation" 134 $TO $S --backend pledge \
    --pledge "stdio rpath" python3 -c 'import socket; socket.socket(socket.AF_UNIX)'

# -q keeps the report to itself; --verbose says what error answered.
expect_status "-q: still killed" 134 $TO $S -q --backend pledge --pledge stdio $D/pledge-test inet
if [ -s "$T/err" ]; then fail "-q: no report" "$(head -c 200 "$T/err")"; else pass "-q: no report"; fi
expect_out "--verbose error: the program continues" "done ENOSYS" $TO $S --verbose --backend pledge --pledge "stdio error" $D/pledge-test inet
expect_err "--verbose error: the call is reported with its answer" 'pledge "inet" or "dns", syscall [0-9]+ socket\(AF_INET, .*: ENOSYS'

# dns alone resolves names, as on OpenBSD: glibc's resolver setsockopt
# (IP_RECVERR) on its UDP socket is part of it.
expect_out "dns: getent hosts under stdio rpath dns" "127.0.0.1       localhost" \
    $TO $S --backend pledge --pledge "stdio rpath dns" getent hosts localhost

# libcap's constructor asks prctl questions (securebits, ambient set) that
# change nothing: stdio allows them, so programs linking libcap start.
if [ -x /usr/sbin/ngircd ]; then
	expect_status "stdio: libcap's prctl questions (ngircd --version)" 0 \
	    $TO $S --backend pledge --pledge "stdio rpath" /usr/sbin/ngircd --version
else
	skip "stdio: libcap's prctl questions" "ngircd is not installed"
fi

# A path the program chooses is shown with vis(3): no raw escape sequence
# reaches the terminal, and a newline cannot forge a second report line.
evil=$(printf '%s/x\033[31m\nsandbox: cat[1]: pledge "fake"' "$T")
expect_status "a violation with control bytes in its path" 134 $TO $S --backend pledge --pledge stdio cat "$evil"
if [ "$(wc -l <"$T/err")" -eq 1 ] && ! grep -q "$(printf '\033')" "$T/err" &&
    grep -q 'x\\033\[31m\\nsandbox: cat\[1\]: pledge \\"fake\\"' "$T/err"; then
	pass "... is reported on one line, its bytes encoded"
else
	fail "... is reported on one line, its bytes encoded" "$(od -c "$T/err" | head -5)"
fi

# Lookups need only their promise: the libraries glibc dlopens for them
# (NSS modules, libidn2 for AI_IDN), searched through ld.so's directories,
# are answered as absent.
expect_status "dns: getent ahosts (AI_IDN) under stdio dns" 0 $TO $S --backend pledge --pledge "stdio dns" getent ahosts localhost
expect_out "getpw: id nobody (its groups) under stdio getpw" "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)" \
    $TO $S --backend pledge --pledge "stdio getpw" id nobody
expect_status "getpw: another library is still a violation" 134 $TO $S --backend pledge --pledge "stdio getpw" \
    cat /lib/x86_64-linux-gnu/libz.so.1
expect_status "getpw: another file in /usr/lib is still a violation" 134 $TO $S --backend pledge --pledge "stdio getpw" \
    cat /usr/lib/os-release

# Where tmppath alone would also allow the call (a file under /tmp), the
# report names both ways.
seq 1 100000 >"$T/nums"
expect_status "sort's temporary file under stdio rpath" 134 $TO $S --backend pledge --pledge "stdio rpath" sort -S 100k -T /tmp "$T/nums"
expect_err "... the report names wpath cpath or tmppath" 'pledge "wpath cpath" or "tmppath", syscall [0-9]+ openat\("/tmp/sort'
expect_status "sort under stdio rpath tmppath" 0 $TO $S --backend pledge --pledge "stdio rpath tmppath" sort -S 100k -T /tmp -o /dev/null "$T/nums"

# libnuma (loaded by ps) asks the NUMA policy: ENOSYS, a system without it.
expect_status "ps under stdio rpath prot_exec" 0 $TO $S --backend pledge --pledge "stdio rpath prot_exec" ps -o pid,comm

# The loading phase is the system loader's: an image whose ELF interpreter
# is another program, and a library constructor that runs before the
# preloaded library, read no more than the loader would.
if [ -x "$D/pledge-badinterp" ]; then
	expect_out "control: another interpreter reads the file" "$(head -c 256 /etc/hostname)" "$D/pledge-badinterp" /etc/hostname
	expect_status "another ELF interpreter gets no loading phase" 134 $TO $S --backend pledge --pledge stdio "$D/pledge-badinterp" /etc/hostname
	expect_err "... and its open is reported" 'pledge "rpath", syscall [0-9]+ openat\("/etc/hostname"'
fi
expect_out "control: a library constructor reads a file" "$(cat /etc/hostname)
main ran" env PLEDGE_CTOR_READ=/etc/hostname "$D/pledge-ctor"
expect_status "a library constructor while loading reads no file" 134 $TO env PLEDGE_CTOR_READ=/etc/hostname \
    $S --backend pledge --pledge stdio "$D/pledge-ctor"
expect_err "... and its open is reported" 'pledge "rpath", syscall [0-9]+ openat\("/etc/hostname"'
expect_out "... with rpath it reads it" "$(cat /etc/hostname)
main ran" $TO env PLEDGE_CTOR_READ=/etc/hostname $S --backend pledge --pledge "stdio rpath" "$D/pledge-ctor"

# Libraries' constructors that run while loading read public facts of the
# kernel (libcap: the last capability, libgomp: the CPUs): granted then.
for prog in "systemd-escape foo/bar" "msgmerge --version"; do
	set -- $prog
	if command -v "$1" >/dev/null; then
		expect_status "loading: $1 under stdio (its libraries' constructors)" 0 $TO $S --backend pledge --pledge stdio "$@"
	fi
done

# A call let through after its path was checked could be made on another
# path: a thread rewrites readlink's path between "/proc/self/exe" and a
# link. The supervisor answers with what it read itself, or refuses.
ln -sf the-secret-target "$T/secret-link"
expect_out "readlink: a thread racing the checked path reads nothing else" "held" \
    $TO $S --backend pledge --pledge "stdio error" "$D/pledge-readlink-race" "$T/secret-link" the-secret-target
expect_out "readlink: /proc/self/exe is still read under stdio" "$(command -v readlink | xargs readlink -f)" \
    $TO $S --backend pledge --pledge stdio readlink /proc/self/exe

# Out of descriptors is said as what it is (125), or the program runs:
# never a violation the supervisor made up for want of its own.
for n in 4 5 6 7 8 9 10 11 12; do
	(ulimit -n $n; $TO $S --backend pledge --pledge stdio /bin/true) >"$T/out" 2>"$T/err" </dev/null
	st=$?
	if [ $st = 0 ] || { [ $st = 125 ] && ! grep -q 'pledge "' "$T/err"; }; then
		pass "ulimit -n $n: runs or is refused (exit $st)"
	else
		fail "ulimit -n $n: runs or is refused" "exit $st, err '$(head -c 300 "$T/err")'"
	fi
done
for n in 4 5 6 7 8; do
	(ulimit -n $n; $TO "$D/pledge-exec" stdio /bin/true) >"$T/out" 2>"$T/err" </dev/null
	st=$?
	if [ $st = 0 ] || { [ $st = 125 ] && grep -q 'descriptors' "$T/err"; }; then
		pass "exec mode, ulimit -n $n: runs or is refused (exit $st)"
	else
		fail "exec mode, ulimit -n $n: runs or is refused" "exit $st, err '$(head -c 300 "$T/err")'"
	fi
done
expect_status "ulimit -n 7: refused" 125 sh -c "ulimit -n 7; exec $S --backend pledge --pledge stdio /bin/true"
expect_err "... naming the descriptors" "descriptors it needs"

# Started by root with --user, the supervisor opens the loader's files
# with the program's identity: an ELF file in a directory only root may
# enter is not handed to a library constructor that runs while loading.
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$T/ctor" "$T/rootonly" && chmod 755 "$T/ctor" && chmod 700 "$T/rootonly"
	cp "$D/pledge-ctor" "$D/libpledge-ctor.so" "$T/ctor/"
	cp /bin/true "$T/rootonly/elf" && chmod 644 "$T/rootonly/elf"
	expect_out "--user: a root-only directory's ELF file is not served" "refused
main ran" $TO env PLEDGE_CTOR_READ="$T/rootonly/elf" $S --backend pledge --pledge stdio --user nobody "$T/ctor/pledge-ctor"
	expect_out "--user: control: as root the file is read" "ELF" sh -c "PLEDGE_CTOR_READ='$T/rootonly/elf' \
	    $TO $S --backend pledge --pledge stdio '$T/ctor/pledge-ctor' | head -c 4 | tail -c 3"
fi
