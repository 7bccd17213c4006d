# The unveil backend (Landlock): a conformance suite after unveil(2) and
# OpenBSD's regress/sys/kern/unveil, where Linux can match it. Each check
# runs the operation tester (build/uvtest, dynamic and static) in the
# sandbox and compares what each operation returned: "ok" or an errno name.
# Landlock refuses with EACCES (EXDEV for reparenting) where OpenBSD says
# ENOENT for paths no rule covers.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
BIN=$(dirname "$S")

if ! $S backends | grep -A2 '^unveil ' | grep -q 'Landlock ABI'; then
	skip "unveil: all" "no Landlock on this kernel"
	expect_status "unveil: no Landlock refuses" 125 $S -b unveil true
	exit 0
fi
abi=$($S backends | grep -A2 '^unveil ' | \
    sed -n 's/.*Landlock ABI \([0-9]*\).*/\1/p' | head -n 1)

# A fresh tree for each suite: the operations change it.
fixture() {
	D=$(mktemp -d /tmp/uvt.XXXXXX)
	mkdir -p "$D/pub/sub" "$D/priv" "$D/rw/d" "$D/ro" "$D/bin"
	echo pub >"$D/pub/f"
	echo g >"$D/pub/sub/g"
	echo secret >"$D/priv/secret"
	echo e >"$D/rw/existing"
	echo e >"$D/rw/victim"
	echo k >"$D/rw/keep"
	mkdir "$D/rw/d2" "$D/hl" "$D/hl/sub"
	echo s >"$D/hl/secret"
	ln "$D/hl/secret" "$D/hl/alias"
	echo t >"$D/hl/sub/t"
	ln "$D/hl/sub/t" "$D/hl/t2"
	mkdir -p "$D/hl2/sub" "$D/hl2/other"
	echo u >"$D/hl2/sub/u"
	ln "$D/hl2/sub/u" "$D/hl2/other/u2"
	echo o >"$D/rw/other"
	echo h >"$D/rw/d2/h"
	echo r >"$D/ro/file"
	cp "$BIN/uvtest-static" "$D/bin/prog"
	cp "$BIN/uvtest-static" "$D/ro/prog"
	printf '#!/bin/sh\necho script ran\n' >"$D/bin/script"
	chmod 755 "$D/bin/script"
	ln -s priv/secret "$D/link"
	ln -s ../priv/secret "$D/pub/out"
	ln -s pub/f "$D/plink"
	chmod -R a+rwX "$D"
	[ "$WHO" = nobody ] && chown -R nobody:nogroup "$D"
}

# run ARGS...: the sandbox as $WHO, from the fixture directory.
run() {
	(
	cd "${D:-/}" || exit 125
	if [ "$WHO" = nobody ]; then
		as_nobody "$S" -b unveil "$@"
	else
		"$S" -b unveil "$@"
	fi
	)
}

# uv NAME WANT [options] -- OPS...
uv() {
	_n=$1 _w=$2
	shift 2
	_opts=
	while [ "$1" != -- ]; do _opts="$_opts $1"; shift; done
	shift
	expect_out "unveil $WHO $LINK: $_n" "$_w" run $_opts -- "$PROG" "$@"
}

suite() {
	fixture
	P="$D"
	# Reading.
	uv "read in an r directory" ok -v $P/pub:r -- read $P/pub/f
	uv "read beneath an r directory" ok -v $P/pub:r -- read $P/pub/sub/g
	uv "read outside every rule" EACCES -v $P/pub:r -- read $P/priv/secret
	uv "readdir an r directory" ok -v $P/pub:r -- readdir $P/pub
	uv "readdir outside" EACCES -v $P/pub:r -- readdir $P/priv
	uv "read with w only" EACCES -v $P/rw:w -- read $P/rw/existing
	uv "no rules: nothing of the tree" EACCES -- read $P/pub/f
	# Writing and truncating.
	uv "write in an r directory" EACCES -v $P/pub:r -- write $P/pub/f
	uv "write in a w directory" ok -v $P/rw:w -- write $P/rw/existing
	if [ "$abi" -ge 3 ]; then
		uv "truncate with r" EACCES -v $P/rw:r -- trunc $P/rw/existing
		uv "truncate with w" ok -v $P/rw:rw -- trunc $P/rw/existing
	fi
	# Creating and removing need c.
	uv "create with rw" EACCES -v $P/rw:rw -- create $P/rw/new1
	uv "create with rwc" "ok ok" -v $P/rw:rwc -- create $P/rw/new1 + read $P/rw/new1
	uv "unlink with rw" EACCES -v $P/rw:rw -- unlink $P/rw/victim
	uv "unlink with c" ok -v $P/rw:c -- unlink $P/rw/victim
	uv "mkdir with rw" EACCES -v $P/rw:rw -- mkdir $P/rw/nd
	uv "mkdir with rwc" "ok ok" -v $P/rw:rwc -- mkdir $P/rw/nd + readdir $P/rw/nd
	uv "rmdir with rw" EACCES -v $P/rw:rw -- rmdir $P/rw/d
	uv "rmdir with c" ok -v $P/rw:c -- rmdir $P/rw/d
	uv "symlink with rw" EACCES -v $P/rw:rw -- symlink x $P/rw/sl
	uv "symlink with c" ok -v $P/rw:c -- symlink x $P/rw/sl
	uv "rename within a c directory" ok -v $P/rw:rwc -- rename $P/rw/existing $P/rw/renamed
	uv "rename into an r directory" EACCES -v $P/rw:rwc -v $P/ro:r -- rename $P/rw/renamed $P/ro/moved
	uv "rename between c directories" ok -v $P/rw:rwc -v $P/ro:rc -- rename $P/rw/renamed $P/ro/moved
	uv "create outside" EACCES -v $P/rw:rwc -- create $P/priv/new
	# Executing needs x.
	uv "exec with rx" ok -v $P/bin:rx -- exec $P/bin/prog
	uv "exec with r" EACCES -v $P/ro:r -- exec $P/ro/prog
	# File rules: the file alone, file rights only.
	uv "file rule: the file" ok -v $P/pub/f:r -- read $P/pub/f
	uv "file rule: not its siblings" EACCES -v $P/pub/f:r -- read $P/pub/sub/g
	uv "file rule: not its directory" EACCES -v $P/pub/f:r -- readdir $P/pub
	uv "file rule w: write, not read" "ok EACCES" -v $P/rw/keep:w -- write $P/rw/keep + read $P/rw/keep
	# Nested rules: a deeper rule adds its rights.
	uv "nested: deeper rule wider" "ok EACCES" -v $P/pub:r -v $P/pub/sub:rw -- write $P/pub/sub/g + write $P/pub/f
	# A deeper rule narrower than its enclosing rule (OpenBSD: the deepest
	# wins): split where exact, refused where not.
	uv "nested narrower file: split" "EACCES ok ok ok ok" -v $P/rw:rw -v $P/rw/keep:r -- write $P/rw/keep + read $P/rw/keep + write $P/rw/other + readdir $P/rw + write $P/rw/d2/h
	uv "nested narrower file: no create in the split" EACCES -v $P/rw:rw -v $P/rw/keep:r -- create $P/rw/new9
	uv "nested narrower directory: split" "EACCES ok ok" -v $P/pub:rw -v $P/pub/sub:r -- write $P/pub/sub/g + read $P/pub/sub/g + write $P/pub/f
	uv "nested narrower, x withheld" "EACCES ok" -v $P/bin:rx -v $P/bin/prog:r -- exec $P/bin/prog + read $P/bin/prog
	uv "nested: a tree but one file" "EACCES ok ok ok" -v $P:r -v $P/priv/secret: -- read $P/priv/secret + read $P/pub/sub/g + readdir $P/priv + read $P/ro/file
	uv "nested: hidden file under r" "EACCES ok" -v $P/pub:r -v $P/pub/f: -- read $P/pub/f + read $P/pub/sub/g
	expect_status "unveil $WHO $LINK: hiding a directory under r is refused" 125 run -v $P/pub:r -v $P/pub/sub: -- $PROG stat /
	expect_status "unveil $WHO $LINK: nested narrower rule is refused" 125 run -v $P/rw:rwc -v $P/rw/d2:r -- $PROG stat /
	expect_err "unveil $WHO $LINK: nested refusal says why" "cannot narrow"
	# A split gives each entry a rule, and a rule binds to an inode: a
	# hard link beside the narrower file would carry all the letters to it.
	expect_status "unveil $WHO $LINK: a narrower file with a hard link beside it is refused" 125 \
	    run -v $P/hl:r -v $P/hl/secret: -- $PROG read $P/hl/secret
	expect_err "unveil $WHO $LINK: ... and the refusal names the hard link" "hard link"
	expect_status "unveil $WHO $LINK: ... also with the link a level up" 125 \
	    run -v $P/hl:rw -v $P/hl/sub/t:r -- $PROG write $P/hl/sub/t
	uv "a hard link deeper in the tree is the enclosing rule's, as on OpenBSD" "EACCES ok" \
	    -v $P/hl2:r -v $P/hl2/sub/u: -- read $P/hl2/sub/u + read $P/hl2/other/u2
	uv "nested narrower under --best-effort" ok --best-effort -v $P/rw:rwc -v $P/rw/d2:r -- create $P/rw/d2/f
	# Symlinks: the rule binds to the target.
	uv "symlinked rule: through the link" ok -v $P/link:r -- read $P/link
	uv "symlinked rule: the target" ok -v $P/link:r -- read $P/priv/secret
	uv "symlinked rule: not the target's siblings" EACCES -v $P/link:r -- readdir $P/priv
	uv "link out of an r directory" EACCES -v $P/pub:r -- read $P/pub/out
	uv "link into an r directory" ok -v $P/pub:r -- read $P/plink
	# A path that does not exist yet.
	uv "not yet there, rwc: create and use" "ok ok ok" -v $P/ro/later:rwc -- create $P/ro/later + write $P/ro/later + read $P/ro/later
	uv "not yet there, rwc: no listing" EACCES -v $P/ro/later2:rwc -- readdir $P/ro
	uv "not yet there, r: nothing" EACCES -v $P/ro/later3:r -- create $P/ro/later3
	uv "not yet there, deep: mkdir" "ok ok" --best-effort -v $P/ro/a/b:rwc -- mkdir $P/ro/a + mkdir $P/ro/a/b
	expect_status "unveil $WHO $LINK: not yet there inside a narrower rule is refused" 125 run -v $P/ro:r -v $P/ro/log:rwc -- $PROG stat /
	expect_err "unveil $WHO $LINK: the refusal names the parent" "would go to everything beneath"
	uv "not yet there inside a narrower rule, --best-effort" "ok ok" --best-effort -v $P/ro:r -v $P/ro/log:rwc -- create $P/ro/log + read $P/ro/file
	# The root and relative paths.
	uv "/ with r: read anywhere" "ok EACCES" -v /:r -- read $P/priv/secret + write $P/priv/secret
	uv "relative rule" "ok EACCES" -v pub:r -- read $P/pub/f + read $P/priv/secret
	# What Linux does not restrict (documented differences).
	uv "stat outside is not restricted" ok -v $P/pub:r -- stat $P/priv/secret
	# The minimal run-time is there without rules.
	uv "/dev/null is writable" "ok ok" -- write /dev/null + read /dev/null
	uv "/dev/urandom is readable" ok -- read /dev/urandom
	# The ELF closure is visible, nothing more of the library directories.
	libc=$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)
	if [ $LINK = dynamic ]; then
		uv "its libc is readable" ok -- read "$libc"
	else
		uv "a static program gets no libc" EACCES -- read "$libc"
	fi
	uv "a library outside the closure is hidden" EACCES -- read "$(readlink -f /lib/x86_64-linux-gnu/libm.so.6)"
	uv "a program outside the closure is hidden" EACCES -- exec /bin/true
	rm -rf "$D"
	D=
}

# The scripts and dynamic programs find their interpreter and libraries.
scripts() {
	fixture
	expect_out "unveil $WHO: a script runs" "script ran" run -- "$D/bin/script"
	expect_out "unveil $WHO: a dynamic program runs" "hello" run -- /bin/echo hello
	expect_status "unveil $WHO: ls of a hidden directory fails" 2 run -v "$D/pub" -- ls "$D/priv"
	expect_out "unveil $WHO: ls of an unveiled directory" "$(printf 'f\nout\nsub')" run -v "$D/pub" -- ls "$D/pub"
	if [ "$WHO" = root ]; then
		expect_out "unveil: --user nobody with rules" "ok EACCES" run --user nobody -v "$D/pub" -v "$D/bin:rx" -- "$D/bin/prog" read "$D/pub/f" + read "$D/priv/secret"
	fi
	rm -rf "$D"
	D=
}

for WHO in root nobody; do
	[ "$WHO" = root ] && [ "$(id -u)" != 0 ] && continue
	for LINK in dynamic static; do
		PROG=$BIN/uvtest
		[ $LINK = static ] && PROG=$BIN/uvtest-static
		suite
	done
	scripts
done

# Network (Landlock ABI 4): TCP connect and bind.
WHO=root LINK=dynamic PROG=$BIN/uvtest
if [ "$abi" -ge 4 ]; then
	pf=$(mktemp)
	timeout 25 "$BIN/uvtest" listen "$pf" >/dev/null &
	lpid=$!
	i=0
	while [ ! -s "$pf" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
	port=$(cat "$pf")
	uv "TCP connect, default net" ok -- connect "$port"
	uv "TCP connect, --net host" ok --net host -- connect "$port"
	uv "TCP connect, --net none" EACCES --net none -- connect "$port"
	uv "TCP bind, --net none" EACCES --net none -- bind 0
	WHO=nobody uv "TCP connect, --net none" EACCES --net none -- connect "$port"
	# Ports in a policy open holes in --net none: the listener's port only.
	other=$((port == 65535 ? port - 1 : port + 1))
	printf 'return { net = "none", ports = { connect = { %s }, bind = { %s } } }\n' "$port" "$other" >"$T/ports.lua"
	chmod 644 "$T/ports.lua"
	chmod 755 "$T"
	uv "policy connect port" "ok EACCES" -P "$T/ports.lua" -- connect "$port" + connect "$other"
	uv "policy bind port" "EACCES" -P "$T/ports.lua" -- bind "$port"
	WHO=nobody uv "policy connect port" "ok EACCES" -P "$T/ports.lua" -- connect "$port" + connect "$other"
	WHO=nobody uv "TCP connect, --net host" ok --net host -- connect "$port"
	# What Landlock does not see is refused beside it, so that programs
	# fall back to what it checks: MPTCP as a kernel without it, TCP Fast
	# Open as a kernel without it (EPIPE: unbound then calls connect).
	uv "MPTCP, --net none" EPROTONOSUPPORT --net none -- mpconnect "$port"
	uv "TCP Fast Open, --net none" EPIPE --net none -- tfo "$port"
	printf 'return { net = "none", ports = { connect = { %s } } }\n' "$other" >"$T/other.lua"
	chmod 644 "$T/other.lua"
	uv "MPTCP past policy ports" "EACCES EPROTONOSUPPORT" -P "$T/other.lua" -- connect "$port" + mpconnect "$port"
	uv "TCP Fast Open past policy ports" EPIPE -P "$T/other.lua" -- tfo "$port"
	WHO=nobody uv "MPTCP, --net none" EPROTONOSUPPORT --net none -- mpconnect "$port"
	WHO=nobody uv "TCP Fast Open, --net none" EPIPE --net none -- tfo "$port"
	# TCP_FASTOPEN_CONNECT goes through connect: Landlock checks it.
	uv "TCP_FASTOPEN_CONNECT, --net none" EACCES --net none -- tfoconnect "$port"
	uv "MPTCP and Fast Open, --net host" "ok ok ok" --net host -- mpconnect "$port" + tfo "$port" + tfoconnect "$port"
	# What stays open, as sandbox.1 says: listen without bind, UDP.
	uv "listen without bind, --net none" ok --net none -- listen0
	uv "UDP, --net none" ok --net none -- udpsend "$port"
	mkdir "$T/u" && chmod 755 "$T/u"
	timeout 25 "$BIN/uvtest" uplisten "$T/u/s" >/dev/null &
	upid=$!
	i=0
	while [ ! -S "$T/u/s" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
	uv "path unix socket not unveiled, --net none" ok --net none -- upconnect "$T/u/s"
	kill "$upid" 2>/dev/null
	wait "$upid" 2>/dev/null
	printf 'return { backend = "combined", net = "host", ports = { connect = { %s } } }\n' "$other" >"$T/cports.lua"
	chmod 644 "$T/cports.lua"
	expect_out "unveil: combined, MPTCP and Fast Open past ports" "EACCES EPROTONOSUPPORT EPIPE" $S -P "$T/cports.lua" -- "$BIN/uvtest" connect "$port" + mpconnect "$port" + tfo "$port"
	expect_out "unveil: combined with pledge, MPTCP and Fast Open past ports" "EACCES EPROTONOSUPPORT EPIPE" $S -P "$T/cports.lua" -p "stdio inet" -- "$BIN/uvtest-static" connect "$port" + mpconnect "$port" + tfo "$port"
	kill "$lpid" 2>/dev/null
	wait "$lpid" 2>/dev/null
	rm -f "$pf"
else
	skip "unveil: TCP" "Landlock ABI $abi < 4"
fi

# Scopes (Landlock ABI 6): abstract unix sockets and signals stay inside.
if [ "$abi" -ge 6 ]; then
	name=uvt-$$
	timeout 25 "$BIN/uvtest" ulisten "$name" >/dev/null &
	upid=$!
	sleep 0.3
	expect_out "unveil: abstract unix socket outside, none backend" ok $S -b none -- "$BIN/uvtest" uconnect "$name"
	uv "abstract unix socket outside is scoped" EPERM -- uconnect "$name"
	# In its pid namespace the program cannot even name the process;
	# the scope itself keeps kill(0) in (t_escape.sh).
	uv "signal outside: no such process" ESRCH -- kill "$upid"
	expect_out "unveil: signal to itself" "ok" run -v "$BIN:rx" -- sh -c "$BIN/uvtest kill \$\$"
	kill "$upid" 2>/dev/null
	wait "$upid" 2>/dev/null
else
	skip "unveil: scopes" "Landlock ABI $abi < 6"
fi

# Objects in LD_PRELOAD load with the program (a pledge shim, for one).
# (libz: in no closure of the test programs nor in a default set.)
pre=$(readlink -f /usr/lib/x86_64-linux-gnu/libz.so.1 2>/dev/null)
if [ -f "$pre" ]; then
	expect_out "unveil: LD_PRELOAD objects are visible" ok env LD_PRELOAD="$pre" $S -b unveil -- "$BIN/uvtest" read "$pre"
	expect_out "unveil: and only with LD_PRELOAD" EACCES $S -b unveil -- "$BIN/uvtest" read "$pre"
else
	skip "unveil: LD_PRELOAD" "no libgcc_s here"
fi

# Bad input.
expect_status "unveil: bad letters are 125" 125 $S -b unveil -v /etc:rz true
expect_err "unveil: bad letters are named" "bad permissions 'rz'"
expect_status "unveil: an unreachable path is 125" 125 as_nobody $S -b unveil -v /root/.uvt-x/y:r true
expect_out "unveil: backends reports the ABI" "yes" sh -c "$S backends | grep -q 'Landlock ABI $abi' && echo yes"
if [ "$abi" -ge 4 ]; then
	expect_out "unveil: backends says what network rules leave open" "yes" sh -c "$S backends | grep -A2 '^unveil ' | grep 'MPTCP and TCP Fast Open refused' | grep -q 'not restricted: listen without bind, UDP and other protocols, path unix sockets' && echo yes"
fi
expect_out "unveil: backends says every part of combined" "yes" sh -c "$S backends | sed -n '/^combined/,\$p' | grep -q 'net none by default' && echo yes"

# A kernel without Landlock (simulated): refuse, or run and say so.
NL=$BIN/nolandlock
expect_status "unveil: no Landlock refuses to run" 125 $NL $S -b unveil true
expect_err "unveil: no Landlock says why" "no Landlock.*refusing"
expect_out "unveil: no Landlock, --best-effort runs unconfined" ok $NL $S -b unveil --best-effort "$BIN/uvtest" read /etc/passwd
expect_err "unveil: no Landlock, --best-effort says so" "nothing is hidden"
expect_out "unveil: no Landlock, --best-effort --quiet is quiet" "" sh -c "$NL $S -b unveil --best-effort -q true 2>&1"
expect_out "unveil: backends says unavailable" "yes" sh -c "$NL $S backends | grep -q '^unveil.*unavailable' && echo yes"
