# The namespace and combined backends run real programs, as root and as
# nobody, with the same output as outside; the view holds only what was
# bound; the network is a loopback device unless --net host; an unveiled
# directory is writable only when asked.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
chmod 755 "$T"
mkdir -m 755 "$T/data" "$T/ro"
mkdir -m 777 "$T/rw"
printf 'alpha\nbeta\n' >"$T/data/a"
printf 'gamma\n' >"$T/data/b"
chmod 644 "$T/data/a" "$T/data/b"
PY=/usr/bin/python3
PYLIB=$(ls -d /usr/lib/python3.[0-9]* 2>/dev/null | head -1)
LOC="-v /usr/lib/locale"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"

# same NAME CMD...: the program's output under each backend and identity
# is its output outside.
same() {
	_name=$1
	shift
	_want=$("$@" 2>/dev/null </dev/null)
	for _b in namespace combined; do
		expect_out "$_b (root): $_name" "$_want" $S --backend $_b $V "$@"
		expect_out "$_b (nobody): $_name" "$_want" $NOBODY $S --backend $_b $V "$@"
	done
}

V=
same "sh runs" sh -c 'echo hello; echo $((6 * 7))'
V="-v $T/data"
same "ls lists an unveiled directory" ls "$T/data"
same "cat reads an unveiled file" cat "$T/data/a" "$T/data/b"
V="$LOC"
same "perl runs" perl -e 'print 6 * 7, "\n"'
if [ -n "$PYLIB" ]; then
	V="-v $PYLIB $LOC"
	same "python3 -c runs" $PY -c 'print(sum(range(10)))'
else
	skip "python3 -c runs" "no python3 here"
fi
V=
expect_out "namespace (root): ls -ln as outside" "$(ls -ln "$T/data")" $S --backend namespace -v "$T/data" ls -ln "$T/data"

for b in namespace combined; do
	expect_status "$b: exit status passes through" 7 $S --backend $b sh -c 'exit 7'
	expect_status "$b: killed by a signal is 128+N" 143 $S --backend $b sh -c 'kill -TERM $$'
	expect_out "$b: stdin passes through" "piped" sh -c "echo piped | $S --backend $b cat"
	expect_out "$b: the program is pid 2, under an init" "2" $S --backend $b sh -c 'echo $$'
	expect_out "$b: only its own processes are seen" "/proc/1 /proc/2" $S --backend $b sh -c 'echo /proc/[0-9]*'
	expect_out "$b: its own hostname" "sandbox" $S --backend $b cat /proc/sys/kernel/hostname
	expect_status "$b: what is not bound does not exist" 1 $S --backend $b cat /etc/passwd
	expect_err "$b: ... ENOENT, as unveil" "No such file or directory"
	expect_out "$b: a private, empty /tmp" "/tmp/*" $S --backend $b sh -c 'echo /tmp/*'
	expect_out "$b: a minimal /dev" "fd full null random shm stderr stdin stdout tty urandom zero" \
	    $S --backend $b sh -c 'cd /dev && echo *'
	expect_status "$b: not found is 127" 127 $S --backend $b /nonexistent/prog
	expect_out "$b: --user nobody" "65534 65534 " $S --backend $b --user nobody sh -c \
	    'while read k a b; do case $k in Uid:|Gid:) printf "%s " $a;; esac; done < /proc/self/status; echo' 

	# Network: a lone loopback by default, the host's with --net host.
	ifs_host=$(perl -ne 'print "$1 " if /^\s*(\w+):/' /proc/net/dev)
	expect_out "$b: --net none by default: only lo" "lo " $S --backend $b $LOC perl -ne 'print "$1 " if /^\s*(\w+):/' /proc/net/dev
	expect_out "$b: --net none: only lo" "lo " $S --backend $b --net none $LOC perl -ne 'print "$1 " if /^\s*(\w+):/' /proc/net/dev
	expect_out "$b: --net host: the host's devices" "$ifs_host" $S --backend $b --net host $LOC perl -ne 'print "$1 " if /^\s*(\w+):/' /proc/net/dev

	# Unveiled rwc: writable; r: read-only; the rest: absent.
	rm -f "$T/rw/f" "$T/ro/f"
	expect_out "$b (nobody): an rwc directory is writable" "ok" $NOBODY $S --backend $b -v "$T/rw:rwc" -v "$T/ro:r" sh -c "echo x > '$T/rw/f' && echo ok"
	expect_out "$b: ... and the write reaches the host" "x" cat "$T/rw/f"
	expect_status "$b (nobody): an r directory is not writable" 2 $NOBODY $S --backend $b -v "$T/rw:rwc" -v "$T/ro:r" sh -c "echo x > '$T/ro/f'"
	expect_status "$b (root): an r directory is not writable" 2 $S --backend $b -v "$T/rw:rwc" -v "$T/ro:r" sh -c "echo x > '$T/ro/f'"
	expect_status "$b: an unveiled file without x does not run" 126 $S --backend $b -v /usr/bin/id:r sh -c 'exec /usr/bin/id'
done

# Signals sent to the sandbox reach the program through the init.
for b in namespace combined; do
	rm -f "$T/rw/ready"
	# --foreground: timeout must signal the sandbox alone, not its whole
	# process group, or the program gets the signal twice.
	timeout --foreground 20 $S --backend $b $LOC -v "$T/rw:rwc" perl -e \
	    '$SIG{TERM} = sub { exit 42 }; open(F, ">", $ARGV[0]); close(F); sleep 10; exit 1' "$T/rw/ready" &
	pid=$!
	i=0
	while [ ! -e "$T/rw/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -TERM $pid
	wait $pid
	st=$?
	if [ $st = 42 ]; then pass "$b: SIGTERM reaches the program"
	else fail "$b: SIGTERM reaches the program" "exit $st"; fi
done

# Unveiled paths as unveil(2) takes them: / (its entries, but the view's
# own /dev, /proc and /tmp), / with no letters, relative paths.
UVT=$(dirname "$S")/uvtest-static
host=$(cat /etc/hostname)
for b in namespace combined; do
	expect_out "$b: -v /:rx shows the host's files" "$host" $S -b $b -v /:rx cat /etc/hostname
	expect_out "$b: -v /:r, read-only" "ok EROFS" $S -b $b -v /:r "$UVT" read /etc/hostname + write /etc/hostname
	expect_out "$b (nobody): -v /:r" "ok" $NOBODY $S -b $b -v /:r "$UVT" read /etc/hostname
	expect_out "$b: -v /:r keeps the private /tmp" "0" $S -b $b -v /:rx sh -c 'ls -A /tmp | wc -l'
	expect_out "$b: -v /: shows nothing more" "ENOENT" $S -b $b -v /: "$UVT" read /etc/hostname
	mkdir -m 777 "$T/rel-$b"
	expect_out "$b: -v .:rwc is the working directory" "ok" sh -c "cd '$T/rel-$b' && $S -b $b -v .:rwc '$UVT' create f"
	expect_out "$b (nobody): -v d:rwc from the parent" "ok" sh -c "cd '$T' && $NOBODY $S -b $b -v rel-$b:rwc '$UVT' create rel-$b/g"
	expect_out "$b: ... the files are the host's" "f g" sh -c "ls '$T/rel-$b' | tr '\n' ' ' | sed 's/ \$//'"
done

# tmppath creates in /tmp under combined, written either way, with unveil
# rules or without; the user's own rule on /tmp stands.
for who in root nobody; do
	run=
	[ $who = nobody ] && run=$NOBODY
	expect_out "combined ($who): stdio tmppath creates in /tmp" "ok" $run $S -p "stdio tmppath" "$UVT" create /tmp/tp
	expect_out "combined ($who): ... with unveil rules too" "ok ok" $run $S -v /etc/hostname -p "stdio rpath tmppath" "$UVT" create /tmp/tp + read /etc/hostname
done
expect_out "combined: ... not past the user's /tmp:r" "EROFS" $S -v /tmp:r -v /etc/hostname -p "stdio rpath tmppath" "$UVT" create /tmp/uvt-tp-$$

# A policy's binds (elsewhere, read-only or writable, optional) and tmpfs.
cat >"$T/ns.lua" <<POL
return {
  backend = "namespace",
  binds = { { src = "$T/data", dst = "/srv/data" }, { src = "$T/rw", rw = true },
            { src = "/nonexistent/dir", optional = true } },
  tmpfs = { "/scratch" },
}
POL
chmod 644 "$T/ns.lua"
rm -f "$T/rw/f"
for who in root nobody; do
	rm -f "$T/rw/f"
	run="$S"
	[ $who = nobody ] && run="$NOBODY $S"
	expect_out "namespace ($who): a bind shows src at dst" "/srv/data/a /srv/data/b" $run -P "$T/ns.lua" sh -c 'echo /srv/data/*'
	expect_status "namespace ($who): ... read-only" 2 $run -P "$T/ns.lua" sh -c 'echo x > /srv/data/new'
	expect_out "namespace ($who): an rw bind is writable" "ok" $run -P "$T/ns.lua" sh -c "echo x > '$T/rw/f' && echo ok"
	expect_out "namespace ($who): a tmpfs is private and writable" "ok /scratch/f" $run -P "$T/ns.lua" sh -c 'echo x > /scratch/f && echo ok /scratch/*'
	expect_out "namespace ($who): an optional missing bind is skipped" "/nonexist*" $run -P "$T/ns.lua" sh -c 'echo /nonexist*'
done
printf 'return { binds = { "/nonexistent/dir" } }\n' >"$T/bad.lua"
expect_status "namespace: a missing bind is refused" 125 $S --backend namespace -P "$T/bad.lua" true
expect_err "namespace: ... and named" "/nonexistent/dir"

# Where user namespaces cannot be made, combined refuses and names the
# view, unless --best-effort, which runs without it and says so.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	nouserns="unshare --user --map-root-user sh -c 'echo 0 >/proc/sys/user/max_user_namespaces && exec \"\$@\"' sh"
	expect_status "combined: no user namespaces: refused" 125 sh -c "$nouserns $S true"
	expect_err "combined: ... naming the view" "cannot apply the namespace view"
	expect_out "combined: ... --best-effort runs" "ran" sh -c "$nouserns $S --best-effort sh -c 'echo ran'"
	expect_err "combined: ... and says what was not applied" "namespace view not applied"
	expect_out "backends: says namespaces are unavailable" "namespace  unavailable" sh -c "$nouserns $S backends | grep -o '^namespace  unavailable'"
else
	skip "combined: no user namespaces" "not root"
fi

# A path unveiled to write or create must exist: the view binds what exists.
expect_status "namespace: a missing path unveiled rwc is refused" 125 $S --backend namespace -v "$T/not-there/x:rwc" true
expect_err "namespace: the refusal names the path" "unveil $T/not-there/x: no such file"
expect_status "namespace: a missing path unveiled r simply does not exist" 0 $S --backend namespace -v "$T/not-there/x:r" true

# A policy's file inside a directory it unveils for writing stays writable:
# its own read-only bind must not take back what the unveil gave.
wd=$(mktemp -d /var/tmp/sbwd.XXXXXX)
echo old >"$wd/db"
chmod -R a+rwX "$wd"
cat >"$T/wd.lua" <<POLICY
return { program = "/bin/sh", args = { "-c", "echo new > $wd/db" },
  files = { "$wd/db" }, unveil = { ["$wd"] = "rwc" } }
POLICY
for b in namespace combined; do
	echo old >"$wd/db"
	expect_status "$b: a policy's file in a writable unveil is writable" 0 $S -b $b -P "$T/wd.lua"
	expect_out "$b: ... and was written" new cat "$wd/db"
done
expect_status "namespace: a file the user unveils r in a rw directory stays read-only" 2 \
    $S -b namespace -v "$wd:rw" -v "$wd/db:r" sh -c "echo x > $wd/db"
rm -rf "$wd"

# Each unveiled path is bound as the plan found it: one another user swaps
# for a link meanwhile is refused, never followed. Directories of a
# nobody-owned one swapped with links to a host directory while the view
# is built, again and again for 10 s: no directory of the view ever shows
# that host directory's file (a start may fail instead: the path changed).
E=$(dirname "$S")/escape
if [ "$(id -u)" = 0 ] && [ -x "$E" ]; then
	sw=$(mktemp -d /tmp/sb-swap.XXXXXX)
	mkdir -m 755 "$sw/secret" "$sw/d"
	echo HOST-SECRET >"$sw/secret/marker"
	chmod 755 "$sw"
	chown 65534:65534 "$sw/d"
	as_nobody timeout 20 "$E" swap "$sw/d" "$sw/secret" 11 always >/dev/null &
	SW=$!
	sleep 0.5
	vs=""
	for i in 0 1 2 3; do vs="$vs -v $sw/d/d$i"; done
	end=$(($(date +%s) + 10)) runs=0 seen=0
	while [ "$(date +%s)" -lt $end ]; do
		runs=$((runs + 1))
		$S -b namespace $vs sh -c "for f in $sw/d/*; do [ -L \"\$f\" ] || cat \"\$f/marker\"; done 2>/dev/null; exit 0" \
		    >"$T/out" 2>"$T/err" </dev/null
		grep -q HOST-SECRET "$T/out" && seen=$((seen + 1))
	done
	wait $SW
	if [ $seen -eq 0 ] && [ $runs -ge 5 ]; then
		pass "namespace: a path swapped for a link while the view is built is not followed ($runs starts)"
	else
		fail "namespace: a path swapped for a link while the view is built" \
		    "$seen of $runs starts showed the host directory through a directory"
	fi
	rm -rf "$sw"
fi
