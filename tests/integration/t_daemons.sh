# The article's daemons under their policies (policies/*.lua), serving real
# clients on loopback: nsd and unbound answer dig, ngircd and znc register
# an IRC client, lighttpd answers curl, pyrelay relays between channels.
# Each runs under each backend row (combined, the policies' own; chroot, a
# built jail; unveil and pledge alone); a row is skipped, with the reason,
# only when its backend is not registered or not usable on this machine.
# DAEMON_ROWS="pledge unveil" runs only those rows (the default is all).
# Every row runs with the open-files soft limit raised to the hard limit,
# but ulimit1024: the policies' own backend under systemd's default soft
# limit, 1024, which daemons raise themselves (setrlimit) at start.
# After serving, a probe (dprobe, static) run under the same policy shows
# what the policy forbids: /etc/shadow, a readable file outside the view,
# writing outside the data directory, connecting to an unlisted port,
# running another program.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
SRC=$(cd "$TESTS_DIR/../.." && pwd)
PY=/usr/bin/python3
PYLIB=$($PY -c 'import os; print(os.path.dirname(os.__file__))')
DPROBE=$(dirname "$S")/dprobe

# Everything the daemons read lives in a directory their users can reach.
W=$(mktemp -d /tmp/sandbox-daemons.XXXXXX)
chmod 755 "$W"
PIDS=""
cleanup() {
	for p in $PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	sleep 0.2
	for p in $PIDS; do
		kill -KILL "$p" 2>/dev/null
	done
	[ -n "$DAEMON_KEEP" ] || rm -rf "$W" "$T"
}
trap cleanup EXIT

# Checks that need no sandbox: the programs the tests use are installed.
missing=""
for f in /usr/sbin/nsd /usr/sbin/unbound /usr/sbin/ngircd /usr/bin/znc \
    /usr/sbin/lighttpd /usr/bin/dig /usr/bin/curl $PY "$DPROBE"; do
	[ -x "$f" ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
	fail "daemons: programs installed" "missing:$missing (make deps)"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	skip "daemons" "the policies drop to the daemons' users: needs root"
	exit 0
fi

cp -r "$SRC/policies" "$W/policies"
cp -r "$SRC/tests/daemons" "$W/conf"
chmod -R a+rX "$W"
P=$W/policies
echo "secret outside every view" >"$W/secret.txt"
chmod 644 "$W/secret.txt"

# A free TCP port on 127.0.0.1 (also free for UDP, for DNS).
freeport() {
	$PY - <<'EOF'
import socket
while True:
    t = socket.socket()
    t.bind(("127.0.0.1", 0))
    port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(port)
    break
EOF
}

# wait_tcp PORT: until something accepts on 127.0.0.1:PORT (30 s at most:
# a daemon loading its modules under pledge is slow on a busy machine).
wait_tcp() {
	$PY - "$1" <<'EOF'
import socket, sys, time
end = time.monotonic() + 30
while time.monotonic() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
EOF
}

# wait_dns PORT NAME: until the server answers NAME (30 s at most).
wait_dns() {
	_end=$(($(date +%s) + 30))
	while [ "$(date +%s)" -lt $_end ]; do
		dig +short +time=1 +tries=1 -p "$1" @127.0.0.1 "$2" A \
		    2>/dev/null | grep -qE '^[0-9.]+$' && return 0
		sleep 0.2
	done
	return 1
}

# start NAME CMD...: run CMD in the background (60 s at most), its output
# in $W/NAME.log; the pid of the supervising sandbox in $PID. The soft
# limit on open files: 1024 in the row ulimit1024, else the hard limit.
start() {
	_n=$1
	shift
	if [ "$row" = ulimit1024 ]; then _lim=1024; else _lim=$(ulimit -Hn); fi
	timeout -k 5 60 sh -c 'ulimit -Sn "$0" && exec "$@"' "$_lim" "$@" \
	    >"$W/$_n.log" 2>&1 </dev/null &
	PID=$!
	PIDS="$PIDS $PID"
}

# stop PID: SIGTERM (forwarded by the sandbox to the daemon), then wait,
# bounded: SIGKILL after 5 s.
stop() {
	kill -TERM "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# descendants PID: every process below PID, parents before children.
descendants() {
	for _c in $(pgrep -P "$1"); do
		echo "$_c"
		descendants "$_c"
	done
}

# The daemon's own process: the first one of PROGRAM running as USER below
# the sandbox last started ($PID), so that a daemon of another row still
# exiting is never taken for it (nsd renames its processes "nsd: main"...).
daemon_pid() {
	_mine=$(pgrep -u "$2" -f "^$1( |\$)")
	for _p in $(descendants "$PID"); do
		case " $(echo $_mine) " in *" $_p "*) echo "$_p"; return ;; esac
	done
}

# A TCP listener outside every sandbox, on a port no policy lists: a probe
# that reaches it prints its greeting.
LISTEN_PORT=$(freeport)
$PY - "$LISTEN_PORT" <<'EOF' >/dev/null 2>&1 &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
s.settimeout(1)
end = time.monotonic() + 600
while time.monotonic() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    c.sendall(b"greeting from outside\n")
    c.close()
EOF
PIDS="$PIDS $!"

# Backend rows: the option that selects the backend, and whether it is
# there to test. A row is skipped only with its reason.
backends_out=$($S backends 2>&1)
row_usable() {
	[ "$1" = ulimit1024 ] && set -- combined
	case $1 in combined|unveil|pledge|namespace|chroot) ;; *) return 1 ;; esac
	if ! echo "$backends_out" | grep -q "^$1 "; then
		WHY="backend $1 is not registered in this build"
		return 1
	fi
	if ! echo "$backends_out" | grep -q "^$1 *available"; then
		WHY="backend $1 is unavailable here: $(echo "$backends_out" |
		    sed -n "/^$1 /,/here:/p" | sed -n 's/.*here: //p')"
		return 1
	fi
	return 0
}
row_opts() {
	case $1 in
	combined|ulimit1024) echo "" ;;	# the policies' own backend
	chroot) echo "--backend chroot --root $W/jail-$2" ;;
	# Landlock alone cannot let Python list its library directory
	# without reading all of it (see policies/pyrelay.lua).
	unveil) [ "$2" = pyrelay ] &&
		echo "--backend unveil --unveil $PYLIB:r" ||
		echo "--backend unveil" ;;
	*) echo "--backend $1" ;;
	esac
}

# probe ROW DAEMON SETS -- OP ARG: dprobe OP ARG under the daemon's policy
# (the policy's restrictions with dprobe in place of the daemon).
probe() {
	_row=$1 _d=$2 _sets=$3
	shift 4
	timeout -k 2 20 $S $(row_opts "$_row" "$_d") --policy "$P/$_d.lua" \
	    $_sets -- "$DPROBE" "$@" 2>&1 </dev/null
}

# Landlock's TCP port rules: enforced with the policies' net = "host", or
# not, in a build whose unveil backend says it applies them only with
# --net none (which, under combined, also means a network namespace).
ports_enforced() {
	echo "$backends_out" | grep -q "TCP bind/connect: a policy's ports"
}

# forbidden ROW DAEMON SETS READABLE WRITABLE_DIR: what the policy
# forbids, after a control that the probe itself runs under it. Rows with
# a view (combined, chroot, unveil) hide files; rows with promises
# (combined, pledge) forbid exec; Landlock's port rules forbid connecting
# to a port the policy does not list.
forbidden() {
	_row=$1 _d=$2 _sets=$3 _ok=$4 _wdir=$5
	tag="$_d/$_row"
	out=$(probe "$_row" "$_d" "$_sets" -- read "$_ok")
	if [ "$out" = "$(head -n 1 "$_ok")" ]; then
		pass "$tag: a probe under the policy reads $(basename "$_ok")"
	else
		fail "$tag: a probe under the policy reads $(basename "$_ok")" \
		    "$(echo "$out" | head -c 300)"
		return
	fi
	case $_row in combined|chroot|unveil|namespace)
		out=$(probe "$_row" "$_d" "$_sets" -- read /etc/shadow)
		case $out in
		root:*) fail "$tag: /etc/shadow is out of reach" "read it" ;;
		*) pass "$tag: /etc/shadow is out of reach (${out#dprobe: })" ;;
		esac
		out=$(probe "$_row" "$_d" "$_sets" -- read "$W/secret.txt")
		case $out in
		"secret outside"*) fail "$tag: a world-readable file outside the view is out of reach" "read it" ;;
		*) pass "$tag: a world-readable file outside the view is out of reach" ;;
		esac
		rm -f "$W/written-outside"
		probe "$_row" "$_d" "$_sets" -- write "$W/written-outside" >/dev/null
		if [ -e "$W/written-outside" ]; then
			fail "$tag: cannot write outside its data directory" "wrote $W/written-outside"
		else
			pass "$tag: cannot write outside its data directory"
		fi
	esac
	if [ -n "$_wdir" ]; then
		out=$(probe "$_row" "$_d" "$_sets" -- write "$_wdir/probe-wrote")
		# A jail writes in its own copy of the data directory.
		if [ -e "$_wdir/probe-wrote" ] || [ -e "$W/jail-$_d$_wdir/probe-wrote" ]; then
			pass "$tag: can write in its data directory"
		else
			fail "$tag: can write in its data directory" "$(echo "$out" | head -c 300)"
		fi
		rm -f "$_wdir/probe-wrote" "$W/jail-$_d$_wdir/probe-wrote"
	fi
	case $_row in combined|unveil)
		if ! ports_enforced; then
			skip "$tag: cannot connect to an unlisted port" \
			    "Landlock here has no TCP rules (ABI 4)"
		else
			out=$(probe "$_row" "$_d" "$_sets" -- connect "$LISTEN_PORT")
			case $out in
			*greeting*) fail "$tag: cannot connect to an unlisted port" "connected to $LISTEN_PORT" ;;
			*) pass "$tag: cannot connect to an unlisted port" ;;
			esac
		fi
	esac
	# The same policy with --net none: nothing outside can be reached.
	case $_row in combined|unveil)
		out=$(timeout -k 2 20 $S $(row_opts "$_row" "$_d") --net none \
		    --policy "$P/$_d.lua" $_sets -- "$DPROBE" connect \
		    "$LISTEN_PORT" 2>&1 </dev/null)
		case $out in
		*greeting*) fail "$tag: with --net none, cannot connect out" "connected to $LISTEN_PORT" ;;
		*) pass "$tag: with --net none, cannot connect out (${out#dprobe: })" ;;
		esac
	esac
	case $_row in combined|pledge)
		out=$(probe "$_row" "$_d" "$_sets" -- exec "$DPROBE")
		case $out in
		*usage:*) fail "$tag: cannot execute another program" "it ran" ;;
		*) pass "$tag: cannot execute another program" ;;
		esac
	esac
}

# confined PROGRAM USER ROW LOG: the daemon's process runs as USER with no
# new privileges, under seccomp where the row pledges (LOG, its output,
# shows whether the exact promises were installed), in a jail for chroot.
confined() {
	_pid=$(daemon_pid "$1" "$2")
	tag="$(basename "$1")/$3"
	if [ -z "$_pid" ]; then
		fail "$tag: runs as $2" "no $1 process of $2"
		return
	fi
	pass "$tag: runs as $2"
	st=/proc/$_pid/status
	if grep -q '^NoNewPrivs:[[:space:]]*1' "$st"; then
		pass "$tag: no new privileges"
	else
		fail "$tag: no new privileges" "$(grep NoNewPrivs "$st")"
	fi
	case $3 in combined|pledge)
		if grep -q '^Seccomp:[[:space:]]*2' "$st"; then
			pass "$tag: under a seccomp filter"
		else
			fail "$tag: under a seccomp filter" "$(grep Seccomp "$st")"
		fi
		# The exact promises come from a preloaded library after ld.so;
		# without it only the loader's wider first filter applies.
		if grep -q 'cannot be preloaded' "$W/$4.log"; then
			fail "$tag: its exact promises are installed" \
			    "$(grep 'cannot be preloaded' "$W/$4.log" | head -n 1)"
		else
			pass "$tag: its exact promises are installed"
		fi
	esac
	case $3 in chroot)
		r=$(readlink "/proc/$_pid/root")
		if [ "$r" != / ]; then
			pass "$tag: its root is the jail"
		else
			fail "$tag: its root is the jail" "root is $r"
		fi
	esac
}

# Policies load: without the Lua loader every row would fail the same way.
if $S check "$P/unbound.lua" >"$T/check" 2>&1; then
	pass "daemons: sandbox check policies/unbound.lua"
elif grep -q "not built yet" "$T/check"; then
	skip "daemons" "Lua policies are not built in: $(head -c 200 "$T/check")"
	exit 0
else
	fail "daemons: sandbox check policies/unbound.lua" "$(head -c 300 "$T/check")"
fi
for pol in "$P"/*.lua; do
	# check finds missing files: pyrelay's script is not installed here.
	sets=
	case $pol in */pyrelay.lua) sets="--set script=$P/pyrelay.py --set data=none" ;; esac
	# shellcheck disable=SC2086
	expect_status "daemons: sandbox check $(basename "$pol")" 0 $S check $sets "$pol"
done

# ---- nsd: an authoritative server answering dig from a test zone --------
nsd_setup() {
	NSD_PORT=$(freeport)
	d=$W/nsd-$1
	rm -rf "$d"
	mkdir -p "$d/conf" "$d/data" "$d/hidden"
	sed -e "s|@PORT@|$NSD_PORT|g" -e "s|@CONF@|$d/conf|g" \
	    -e "s|@DATA@|$d/data|g" -e "s|@HIDDEN@|$d/hidden|g" \
	    "$W/conf/nsd.conf" >"$d/conf/nsd.conf"
	cp "$W/conf/example.test.zone" "$d/conf/"
	# A zone file outside the view: nsd must fail to load it.
	cp "$W/conf/hidden.test.zone" "$d/hidden/"
	chown -R nsd:nsd "$d/data"
	chmod -R a+rX "$d"
	NSD_SETS="--set config=$d/conf/nsd.conf --set data=$d/data --set port=$NSD_PORT"
	NSD_DATA=$d/data
}
nsd_row() {
	row=$1
	nsd_setup "$row"
	start "nsd-$row" $S $(row_opts "$row" nsd) --policy "$P/nsd.lua" $NSD_SETS
	pid=$PID
	if ! wait_dns "$NSD_PORT" www.example.test; then
		fail "nsd/$row: answers dig" "not ready in 30 s: $(tail -c 400 "$W/nsd-$row.log")"
		stop "$pid"
		return
	fi
	got=$(dig +short +time=2 -p "$NSD_PORT" @127.0.0.1 www.example.test A)
	if [ "$got" = 192.0.2.80 ]; then pass "nsd/$row: answers dig (A)"
	else fail "nsd/$row: answers dig (A)" "got '$got'"; fi
	got=$(dig +short +time=2 -p "$NSD_PORT" @127.0.0.1 www.example.test TXT)
	if [ "$got" = '"served by nsd under its policy"' ]; then
		pass "nsd/$row: answers dig (TXT)"
	else fail "nsd/$row: answers dig (TXT)" "got '$got'"; fi
	case $row in combined|chroot|unveil|namespace)
		got=$(dig +time=2 -p "$NSD_PORT" @127.0.0.1 www.hidden.test A | grep -c 'status: NOERROR')
		if [ "$got" = 0 ]; then pass "nsd/$row: a zone file outside its view is not served"
		else fail "nsd/$row: a zone file outside its view is not served" "answered"; fi
	esac
	confined /usr/sbin/nsd nsd "$row" "nsd-$row"
	stop "$pid"
	# xfrd saves its state when it stops: in the data directory (or the
	# jail's copy of it).
	if [ -s "$NSD_DATA/xfrd.state" ] || [ -s "$W/jail-nsd$NSD_DATA/xfrd.state" ]; then
		pass "nsd/$row: saved its xfrd state in its data directory"
	else
		fail "nsd/$row: saved its xfrd state in its data directory" "no xfrd.state"
	fi
	forbidden "$row" nsd "$NSD_SETS" "$d/conf/nsd.conf" "$NSD_DATA"
}

# ---- unbound: a resolver answering local-data ---------------------------
unbound_setup() {
	UB_PORT=$(freeport)
	d=$W/unbound-$1
	rm -rf "$d"
	mkdir -p "$d/conf" "$d/data"
	sed -e "s|@PORT@|$UB_PORT|g" -e "s|@DATA@|$d/data|g" \
	    "$W/conf/unbound.conf" >"$d/conf/unbound.conf"
	chown -R unbound:unbound "$d/data"
	chmod -R a+rX "$d"
	UB_SETS="--set config=$d/conf/unbound.conf --set data=$d/data --set port=$UB_PORT"
	UB_DATA=$d/data
	UB_CONF=$d/conf/unbound.conf
}
unbound_row() {
	row=$1
	unbound_setup "$row"
	start "unbound-$row" $S $(row_opts "$row" unbound) --policy "$P/unbound.lua" $UB_SETS
	pid=$PID
	if ! wait_dns "$UB_PORT" resolver.sandbox.test; then
		fail "unbound/$row: answers dig" "not ready in 30 s: $(tail -c 400 "$W/unbound-$row.log")"
		stop "$pid"
		return
	fi
	got=$(dig +short +time=2 -p "$UB_PORT" @127.0.0.1 resolver.sandbox.test A)
	if [ "$got" = 192.0.2.53 ]; then pass "unbound/$row: answers dig (local-data A)"
	else fail "unbound/$row: answers dig (local-data A)" "got '$got'"; fi
	got=$(dig +short +time=2 -p "$UB_PORT" @127.0.0.1 resolver.sandbox.test TXT)
	if [ "$got" = '"answered by unbound under its policy"' ]; then
		pass "unbound/$row: answers dig (local-data TXT)"
	else fail "unbound/$row: answers dig (local-data TXT)" "got '$got'"; fi
	got=$(dig +time=2 -p "$UB_PORT" @127.0.0.1 nothing.sandbox.test A | grep -c 'status: NXDOMAIN')
	if [ "$got" = 1 ]; then pass "unbound/$row: NXDOMAIN for a name not in local-data"
	else fail "unbound/$row: NXDOMAIN for a name not in local-data" "no NXDOMAIN"; fi
	confined /usr/sbin/unbound unbound "$row" "unbound-$row"
	stop "$pid"
	forbidden "$row" unbound "$UB_SETS" "$UB_CONF" "$UB_DATA"
}

# ---- ngircd: an IRC server registering a client -------------------------
ngircd_setup() {
	IRC_PORT=$(freeport)
	d=$W/ngircd-$1
	rm -rf "$d"
	mkdir -p "$d/conf"
	sed -e "s|@PORT@|$IRC_PORT|g" -e "s|@CONF@|$d/conf|g" \
	    "$W/conf/ngircd.conf" >"$d/conf/ngircd.conf"
	cp "$W/conf/ngircd.motd" "$d/conf/"
	chmod -R a+rX "$d"
	IRC_SETS="--set config=$d/conf/ngircd.conf --set port=$IRC_PORT --set lookups=no"
	IRC_CONF=$d/conf/ngircd.conf
}
# irc PORT NICK [ircclient options]: register; the transcript in $T/irc.
irc() {
	_port=$1 _nick=$2
	shift 2
	timeout -k 2 20 $PY "$W/conf/ircclient.py" 127.0.0.1 "$_port" "$_nick" \
	    --timeout 10 "$@" >"$T/irc" 2>&1
}
ngircd_row() {
	row=$1
	ngircd_setup "$row"
	start "ngircd-$row" $S $(row_opts "$row" ngircd) --policy "$P/ngircd.lua" $IRC_SETS
	NGIRCD_PID=$PID
	if ! wait_tcp "$IRC_PORT"; then
		fail "ngircd/$row: registers an IRC client" "not ready in 30 s: $(tail -c 400 "$W/ngircd-$row.log")"
		stop "$NGIRCD_PID"
		NGIRCD_PID=""
		return
	fi
	if irc "$IRC_PORT" alice && grep -q "^:irc.sandbox.test 001 alice " "$T/irc"; then
		pass "ngircd/$row: registers an IRC client (001 welcome)"
	else
		fail "ngircd/$row: registers an IRC client (001 welcome)" "$(tail -c 300 "$T/irc")"
	fi
	if irc "$IRC_PORT" bob --expect ' 372 bob :- motd: ' &&
	    grep -q 'welcome to the sandboxed ircd' "$T/irc"; then
		pass "ngircd/$row: reads its MOTD from its configuration directory"
	else
		fail "ngircd/$row: reads its MOTD from its configuration directory" "$(tail -c 300 "$T/irc")"
	fi
	confined /usr/sbin/ngircd irc "$row" "ngircd-$row"
	# Left running for znc and pyrelay; ngircd_stop ends it.
}
ngircd_stop() {
	[ -n "$NGIRCD_PID" ] && stop "$NGIRCD_PID"
	[ -n "$NGIRCD_PID" ] && forbidden "$1" ngircd "$IRC_SETS" "$IRC_CONF" ""
	NGIRCD_PID=""
}

# ---- znc: a bouncer, registering a client through to ngircd -------------
znc_row() {
	row=$1
	ZNC_PORT=$(freeport)
	d=$W/znc-$row
	rm -rf "$d"
	mkdir -p "$d/data/configs"
	salt=sandboxsalt
	hash=$(printf '%s' "secret$salt" | sha256sum | cut -d' ' -f1)
	sed -e "s|@PORT@|$ZNC_PORT|g" -e "s|@IRCPORT@|$IRC_PORT|g" \
	    -e "s|@HASH@|$hash|g" -e "s|@SALT@|$salt|g" \
	    "$W/conf/znc.conf" >"$d/data/configs/znc.conf"
	chown -R _znc:_znc "$d/data"
	chmod -R a+rX "$d"
	sets="--set data=$d/data --set port=$ZNC_PORT --set ircports=$IRC_PORT"
	start "znc-$row" $S $(row_opts "$row" znc) --policy "$P/znc.lua" $sets
	pid=$PID
	if ! wait_tcp "$ZNC_PORT"; then
		fail "znc/$row: registers a client through to ngircd" "not ready in 30 s: $(tail -c 400 "$W/znc-$row.log")"
		stop "$pid"
		return
	fi
	# The welcome comes from ngircd, relayed by ZNC once it connected.
	if irc "$ZNC_PORT" tester --pass tester/test:secret \
	    --expect '^:irc\.sandbox\.test 001 tester'; then
		pass "znc/$row: registers a client through to ngircd (001 from irc.sandbox.test)"
	else
		fail "znc/$row: registers a client through to ngircd (001 from irc.sandbox.test)" \
		    "$(tail -c 300 "$T/irc"); log: $(tail -c 300 "$W/znc-$row.log")"
	fi
	if irc "$ZNC_PORT" tester --pass tester/test:wrong --expect ' 001 '; then
		fail "znc/$row: refuses a wrong password" "welcomed"
	else
		pass "znc/$row: refuses a wrong password"
	fi
	confined /usr/bin/znc _znc "$row" "znc-$row"
	stop "$pid"
	forbidden "$row" znc "$sets" "$d/data/configs/znc.conf" "$d/data"
}

# ---- pyrelay: relays between two channels on ngircd ---------------------
pyrelay_row() {
	row=$1
	d=$W/pyrelay-$row
	rm -rf "$d"
	mkdir -p "$d/data"
	chown nobody:nogroup "$d/data"
	chmod -R a+rX "$d"
	sets="--set script=$P/pyrelay.py --set nick=relay --set data=$d/data"
	sets="$sets --set links=127.0.0.1:$IRC_PORT/#left,127.0.0.1:$IRC_PORT/#right"
	start "pyrelay-$row" $S $(row_opts "$row" pyrelay) --policy "$P/pyrelay.lua" $sets
	pid=$PID
	i=0
	while [ $i -lt 200 ] && [ "$(grep -c 'pyrelay: joined' "$W/pyrelay-$row.log")" -lt 2 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ "$(grep -c 'pyrelay: joined' "$W/pyrelay-$row.log")" -lt 2 ]; then
		# Say whether the sandbox is still there, and how it ended if not.
		_st=running
		kill -0 "$pid" 2>/dev/null || { wait "$pid"; _st="exited $?"; }
		fail "pyrelay/$row: relays a message between channels" \
		    "did not join both channels in 20 s (sandbox $_st): $(tail -c 400 "$W/pyrelay-$row.log"); processes: $(ps -o pid=,stat=,wchan:32=,comm= -u nobody | tr '\n' ';')"
		stop "$pid"
		return
	fi
	# bob listens on #right; alice speaks on #left; the relay repeats it.
	timeout -k 2 30 $PY "$W/conf/ircclient.py" 127.0.0.1 "$IRC_PORT" bob \
	    --join '#right' --timeout 25 \
	    --expect 'PRIVMSG #right :<alice> hello from the left' >"$T/bob" 2>&1 &
	bobpid=$!
	sleep 1
	irc "$IRC_PORT" alice --join '#left' --say '#left' 'hello from the left' \
	    --timeout 6 --expect 'never matches'
	if wait "$bobpid"; then
		pass "pyrelay/$row: relays a message between channels"
	else
		fail "pyrelay/$row: relays a message between channels" \
		    "$(tail -c 300 "$T/bob"); relay: $(tail -c 300 "$W/pyrelay-$row.log")"
	fi
	log=$d/data/relay.log
	[ -e "$log" ] || log=$W/jail-pyrelay$d/data/relay.log
	if grep -q '#left <alice> hello from the left' "$log" 2>/dev/null; then
		pass "pyrelay/$row: logs in its data directory"
	else
		fail "pyrelay/$row: logs in its data directory" "no line in relay.log"
	fi
	confined /usr/bin/python3 nobody "$row" "pyrelay-$row"
	stop "$pid"
	forbidden "$row" pyrelay "$sets" "$P/pyrelay.py" "$d/data"
}

# ---- lighttpd (for OpenBSD's httpd): static files over HTTP -------------
lighttpd_row() {
	row=$1
	WWW_PORT=$(freeport)
	d=$W/lighttpd-$row
	rm -rf "$d"
	mkdir -p "$d/conf" "$d/htdocs" "$d/logs" "$d/uploads"
	sed -e "s|@PORT@|$WWW_PORT|g" -e "s|@DOCROOT@|$d/htdocs|g" \
	    -e "s|@LOGS@|$d/logs|g" -e "s|@UPLOADS@|$d/uploads|g" \
	    "$W/conf/lighttpd.conf" >"$d/conf/lighttpd.conf"
	echo "served by lighttpd under its policy" >"$d/htdocs/index.html"
	# A symlink out of the document root, to a file anyone may read.
	ln -s "$W/secret.txt" "$d/htdocs/leak.txt"
	chown www-data:www-data "$d/logs" "$d/uploads"
	chmod -R a+rX "$d"
	sets="--set config=$d/conf/lighttpd.conf --set docroot=$d/htdocs --set logs=$d/logs --set uploads=$d/uploads --set port=$WWW_PORT"
	start "lighttpd-$row" $S $(row_opts "$row" lighttpd) --policy "$P/lighttpd.lua" $sets
	pid=$PID
	if ! wait_tcp "$WWW_PORT"; then
		fail "lighttpd/$row: answers an HTTP GET" "not ready in 30 s: $(tail -c 400 "$W/lighttpd-$row.log")"
		stop "$pid"
		return
	fi
	got=$(curl -sS -m 5 "http://127.0.0.1:$WWW_PORT/" 2>&1)
	if [ "$got" = "served by lighttpd under its policy" ]; then
		pass "lighttpd/$row: answers an HTTP GET"
	else
		fail "lighttpd/$row: answers an HTTP GET" "got '$got'"
	fi
	# Rows with a view: a symlink in the docroot leads nowhere outside.
	case $row in combined|chroot|unveil|namespace)
		code=$(curl -s -m 5 -o "$T/leak" -w '%{http_code}' "http://127.0.0.1:$WWW_PORT/leak.txt")
		if grep -q 'secret outside' "$T/leak"; then
			fail "lighttpd/$row: a symlink out of the docroot leaks nothing" "HTTP $code served the file"
		else
			pass "lighttpd/$row: a symlink out of the docroot leaks nothing (HTTP $code)"
		fi
	esac
	confined /usr/sbin/lighttpd www-data "$row" "lighttpd-$row"
	stop "$pid"
	log=$d/logs/error.log
	[ -e "$log" ] || log=$W/jail-lighttpd$d/logs/error.log
	if grep -q 'server started' "$log" 2>/dev/null; then
		pass "lighttpd/$row: logs in its log directory"
	else
		fail "lighttpd/$row: logs in its log directory" "no 'server started' in error.log"
	fi
	forbidden "$row" lighttpd "$sets" "$d/htdocs/index.html" "$d/logs"
}

# ---- what the policy headers warn of, shown true ------------------------
# nsd with a logfile is killed at start (it chowns the file); ngircd with
# PAM at its first client (it forks a PAM helper). The policies' headers
# and docs/daemons.md say so, with zonesdir for nsd.
header_says() {
	for _f in "$SRC/policies/$1.lua" "$SRC/docs/daemons.md"; do
		if grep -q "$2" "$_f"; then
			pass "$1: $(basename "$_f") says $3"
		else
			fail "$1: $(basename "$_f") says $3" "no /$2/"
		fi
	done
}
warnings_shown() {
	row=combined
	nsd_setup logfile
	sed -i 's|^\(\s*verbosity: 1\)$|\1\n\tlogfile: ""|' "$d/conf/nsd.conf"
	timeout -k 2 20 $S --policy "$P/nsd.lua" $NSD_SETS >"$T/nsd-logfile" 2>&1 </dev/null
	st=$?
	if [ $st = 134 ] && grep -q 'pledge "chown", syscall [0-9]* chown("")' "$T/nsd-logfile"; then
		pass "nsd: with logfile: \"\" it is killed at start, reported (chown)"
	else
		fail "nsd: with logfile: \"\" it is killed at start, reported (chown)" "exit $st: $(tail -c 300 "$T/nsd-logfile")"
	fi
	header_says nsd 'logfile: ""' "logfile: \"\" ends in a chown violation"
	header_says nsd 'zonesdir' "where zonesdir must be"
	ngircd_setup pam
	sed -i 's|^\(\s*\)PAM = no$|\1PAM = yes|' "$IRC_CONF"
	start ngircd-pam $S --policy "$P/ngircd.lua" $IRC_SETS
	_pam=$PID
	wait_tcp "$IRC_PORT" && irc "$IRC_PORT" alice
	i=0
	while kill -0 "$_pam" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	stop "$_pam"
	if grep -q 'pledge "proc", syscall [0-9]* clone' "$W/ngircd-pam.log" &&
	    ! grep -q ' 001 alice ' "$T/irc"; then
		pass "ngircd: with PAM = yes the first client ends it, reported (proc)"
	else
		fail "ngircd: with PAM = yes the first client ends it, reported (proc)" "$(tail -c 300 "$W/ngircd-pam.log")"
	fi
	header_says ngircd 'PAM = no' "PAM = yes is killed at the first client"
}

for row in ${DAEMON_ROWS:-combined chroot unveil pledge ulimit1024}; do
	if ! row_usable "$row"; then
		for dm in nsd unbound ngircd znc pyrelay lighttpd; do
			skip "$dm/$row" "$WHY"
		done
		continue
	fi
	nsd_row "$row"
	unbound_row "$row"
	ngircd_row "$row"
	if [ -z "$NGIRCD_PID" ]; then
		# ngircd failed under this row (reported above): znc and pyrelay
		# are still tested, against an ngircd under the none backend.
		ngircd_setup "$row-server"
		start "ngircd-$row-server" $S --backend none --policy "$P/ngircd.lua" $IRC_SETS
		IRC_SERVER_PID=$PID
		if wait_tcp "$IRC_PORT"; then
			znc_row "$row"
			pyrelay_row "$row"
		else
			fail "ngircd/none: an IRC server for znc/$row and pyrelay/$row" \
			    "$(tail -c 300 "$W/ngircd-$row-server.log")"
		fi
		stop "$IRC_SERVER_PID"
	else
		znc_row "$row"
		pyrelay_row "$row"
		ngircd_stop "$row"
	fi
	lighttpd_row "$row"
done
if row_usable combined; then
	warnings_shown
else
	skip "nsd, ngircd: their policies' warnings" "$WHY"
fi
exit 0
