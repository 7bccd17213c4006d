# sandbox learn: run a program once, get a policy; the policy passes
# `sandbox check` and runs the program with the same output under the
# chroot, namespace and combined backends; a policy learned for a reading
# program does not let it write. As root and as nobody.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
D=$(dirname "$S")
chmod 755 "$T"
PY=/usr/bin/python3

registered() {
	$S backends 2>/dev/null | awk '/^[a-z]/ { print $1 }' | grep -qx "$1"
}

# has_policy_loader: `sandbox check` can load a Lua policy at all.
echo 'return { program = "/bin/true" }' >"$T/probe.lua"
if $S check "$T/probe.lua" >/dev/null 2>"$T/probe.err"; then
	loader=yes
else
	loader="no Lua policy loader in this build: $(head -c 120 "$T/probe.err")"
fi

# learned NAME POLICY CMD...: learn CMD into POLICY; same output as a plain
# run; the policy passes `sandbox check`.
learned() {
	_n=$1 _p=$2
	shift 2
	_want=$("$@" 2>/dev/null)
	printf '%s\n' "$_want" >"$T/$_n.want"
	expect_out "learn $_n: output as a plain run" "$_want" \
	    $S learn -o "$_p" -- "$@"
	if [ ! -s "$_p" ]; then
		fail "learn $_n: policy written" "no $_p"
		return
	fi
	pass "learn $_n: policy written"
	if [ "$loader" = yes ]; then
		expect_status "learn $_n: policy passes sandbox check" 0 \
		    $S check "$_p"
	else
		skip "learn $_n: sandbox check" "$loader"
	fi
}

# run_backends NAME POLICY [ENV...]: the learned policy under each backend
# gives the output of the plain run.
run_backends() {
	_n=$1 _p=$2
	shift 2
	for _b in chroot namespace combined; do
		if ! registered $_b; then
			skip "learn $_n: runs under $_b" "backend $_b not registered in this build"
			continue
		fi
		if [ "$loader" != yes ]; then
			skip "learn $_n: runs under $_b" "$loader"
			continue
		fi
		set -- env "$@"
		[ $_b = chroot ] && _root="-r $T/jail-$_n-$(id -u)" || _root=
		expect_out "learn $_n: same output under $_b ($(id -un))" \
		    "$(cat "$T/$_n.want")" \
		    timeout 60 "$@" $S -b $_b $_root -P "$_p"
	done
}

# The four programs with needs no ELF header shows.
pycode='import json, sqlite3, decimal
c = sqlite3.connect(":memory:")
print(json.dumps({"third": str(decimal.Decimal(1) / 3)}), c.execute("select 6*7").fetchone()[0])'
learned python "$T/python.lua" $PY -c "$pycode"
learned dlopen "$T/dlopen.lua" "$D/learn_dlhost" "$D/learn_plugin.so"
learned nss "$T/nss.lua" "$D/learn_nss" root localhost
learned locale "$T/locale.lua" env LANG=C.UTF-8 "$D/learn_locale"

# What each policy must name: the run-time needs, found by watching.
expect_in() {
	if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "$2 lacks $3"; fi
}
expect_not_in() {
	if grep -qE -- "$3" "$2"; then fail "$1" "$2 has /$3/: $(grep -E -- "$3" "$2" | head -3)"
	else pass "$1"; fi
}
expect_in "learn python: files name the sqlite3 library" "$T/python.lua" 'libsqlite3.so'
expect_in "learn python: unveil the standard library" "$T/python.lua" '["/usr/lib/python3.11"] = "r"'
expect_in "learn python: extension modules in files" "$T/python.lua" '/lib-dynload/_decimal'
expect_in "learn dlopen: the plugin in files" "$T/dlopen.lua" "\"$D/learn_plugin.so\""
expect_in "learn dlopen: the plugin's libm in files" "$T/dlopen.lua" 'libm.so.6'
expect_in "learn dlopen: pledge has prot_exec" "$T/dlopen.lua" 'prot_exec'
expect_not_in "learn dlopen: the closure is not in files" "$T/dlopen.lua" '^    "/usr/lib/x86_64-linux-gnu/libc.so.6"'
expect_in "learn nss: /etc/passwd in files" "$T/nss.lua" '"/etc/passwd",'
expect_in "learn nss: /etc/nsswitch.conf in files" "$T/nss.lua" '"/etc/nsswitch.conf",'
expect_in "learn nss: /etc/hosts in files" "$T/nss.lua" '"/etc/hosts",'
expect_in "learn locale: the C.UTF-8 locale" "$T/locale.lua" '/usr/lib/locale/C.utf8'
for p in python dlopen nss locale; do
	expect_not_in "learn $p: no rule on /" "$T/$p.lua" '^ *\["/"\]'
	expect_not_in "learn $p: reads only, no w or c" "$T/$p.lua" '\] = "[rx]*[wc]'
	expect_not_in "learn $p: pledge without wpath or cpath" "$T/$p.lua" '^  pledge = .*(wpath|cpath)'
	expect_in "learn $p: no network use" "$T/$p.lua" 'net = "none"'
done
run_backends python "$T/python.lua"
run_backends dlopen "$T/dlopen.lua"
run_backends nss "$T/nss.lua"
run_backends locale "$T/locale.lua" LANG=C.UTF-8

# Forks, execs and threads are followed (the filter is inherited).
expect_status "learn: exit status passes through" 3 \
    $S learn -o "$T/exit.lua" -- sh -c 'cat /etc/hostname >/dev/null; exit 3'
expect_in "learn: a forked child's exec is seen" "$T/exit.lua" '["/usr/bin/cat"] = "rx"'
expect_in "learn: a forked child's open is seen" "$T/exit.lua" '"/etc/hostname"'
expect_in "learn: exec and proc promises" "$T/exit.lua" 'proc exec'
$S learn -o "$T/thread.lua" -- $PY -c 'import threading
t = threading.Thread(target=lambda: open("/etc/hostname").read()); t.start(); t.join()' >/dev/null 2>&1
expect_in "learn: a thread's open is seen" "$T/thread.lua" '"/etc/hostname"'

# A writing run: c on the directory, w and c promises; --append adds it to
# the reading run's policy.
mkdir -p "$T/wdir" && echo data >"$T/in.txt"
$S learn -o "$T/rw.lua" -- cat "$T/in.txt" >/dev/null
expect_not_in "learn reader: no write promise" "$T/rw.lua" '^  pledge = .*wpath'
expect_status "learn --append: a writing run" 0 $S learn --append -o "$T/rw.lua" -- \
    sh -c 'echo x >"$1/f"; rm "$1/f"' sh "$T/wdir"
expect_in "learn --append: both runs listed" "$T/rw.lua" '-- Learned by `sandbox learn` from 2 runs of:'
expect_in "learn --append: the first program stays" "$T/rw.lua" 'program = "/usr/bin/cat"'
expect_in "learn --append: the reader's file stays" "$T/rw.lua" "\"$T/in.txt\""
expect_in "learn --append: c on the written directory" "$T/rw.lua" "[\"$T/wdir\"] = \"wc\""
expect_in "learn --append: write promises" "$T/rw.lua" 'wpath cpath'
expect_status "learn --append: needs -o" 125 $S learn --append -- true
expect_status "learn --append: refuses a policy it did not write" 125 \
    $S learn --append -o "$T/probe.lua" -- true
expect_err "learn --append: says why" "no learned record"
$S learn -- /bin/true >"$T/stdout.lua" 2>/dev/null
expect_in "learn: without -o the policy goes to stdout" "$T/stdout.lua" 'program = "/usr/bin/true"'
expect_status "learn: no program is 125" 125 $S learn
expect_status "learn: a missing program is 127" 127 $S learn -o "$T/none.lua" -- /nonexistent/prog

# Only the calls that matter are stopped: copying 4 MB through a pipe in
# 4 kB reads and writes (over 2000 calls) stops a few dozen.
head -c 4194304 /dev/zero >"$T/big"
$S learn -o "$T/quiet.lua" -- sh -c 'cat "$1" | dd bs=4096 of=/dev/null 2>/dev/null' sh "$T/big"
stopped=$(sed -n 's/^-- (\([0-9]*\) system calls were stopped.*/\1/p' "$T/quiet.lua")
if [ -n "$stopped" ] && [ "$stopped" -lt 200 ]; then
	pass "learn: reads and writes run unwatched ($stopped calls stopped)"
else
	fail "learn: reads and writes run unwatched" "${stopped:-no count} calls stopped"
fi

# Odd file names stay names: quoted in Lua, encoded in the record.
odd=$(printf '%s/we"ird\\ name]]\nx' "$T")
printf 'odd\n' >"$odd"
expect_out "learn: an odd file name" "odd" $S learn -o "$T/odd.lua" -- cat "$odd"
if [ "$loader" = yes ]; then
	expect_status "learn: an odd file name, policy passes check" 0 $S check "$T/odd.lua"
fi
expect_status "learn --append: an odd file name reads back" 0 \
    $S learn --append -o "$T/odd.lua" -- cat "$odd"
n=$(grep -cF 'we\"ird\\ name]]\010x",' "$T/odd.lua")
if [ "$n" = 1 ]; then pass "learn --append: the odd name once in files"
else fail "learn --append: the odd name once in files" "$n times"; fi

# Network use: ports bound and connected, net = "host".
$S learn -o "$T/net.lua" -- $PY -c 'import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 28765)); s.listen(); c = socket.create_connection(("127.0.0.1", 28765))' >/dev/null 2>&1
expect_in "learn net: net host" "$T/net.lua" 'net = "host"'
expect_in "learn net: the ports" "$T/net.lua" 'ports = { bind = { 28765 }, connect = { 28765 } }'
expect_in "learn net: inet promise" "$T/net.lua" ' inet '

# Secrets: listed as paths (never contents), with a warning, and no
# directory rule covers them.
mkdir -p "$T/home/.ssh" && echo not-a-real-key >"$T/home/.ssh/id_rsa"
for f in a b c d; do echo $f >"$T/home/$f.txt"; done
$S learn -o "$T/secret.lua" -- sh -c 'cat "$1"/*.txt "$1/.ssh/id_rsa"' sh "$T/home" >/dev/null
expect_in "learn: a key is flagged" "$T/secret.lua" 'WARNING: looks sensitive (SSH keys'
expect_not_in "learn: no contents in the policy" "$T/secret.lua" 'not-a-real-key'
expect_not_in "learn: a home with .ssh is not unveiled whole" "$T/secret.lua" "^ *\\[\"$T/home\"\\]"
if [ "$(id -u)" = 0 ]; then
	$S learn -o "$T/shadow.lua" -- cat /etc/shadow >/dev/null
	expect_in "learn: /etc/shadow is flagged" "$T/shadow.lua" 'WARNING: looks sensitive (password hashes)'
fi

# A directory is unveiled whole only when the run used most of it: the
# documents served, not the database beside them (the run read three of
# the seven entries of $T/srv, and four of the five of site/).
mkdir -p "$T/srv/site"
for f in a b c d e; do echo $f >"$T/srv/site/$f.html"; done
for f in notes1 notes2 db1 db2 db3 db4; do echo $f >"$T/srv/$f"; done
$S learn -o "$T/srv.lua" -- sh -c 'cd "$1" && cat site/a.html site/b.html \
    site/c.html site/d.html notes1 notes2' sh "$T/srv" >/dev/null
expect_in "learn: a directory mostly used is unveiled whole" "$T/srv.lua" "[\"$T/srv/site\"] = \"r\""
expect_not_in "learn: a directory little used is not" "$T/srv.lua" "\\[\"$T/srv\"\\]"
expect_not_in "learn: a file the run did not use is not named" "$T/srv.lua" "$T/srv/db1"

# A policy learned for a reading program does not let it write.
writer='cat "$1"; if [ -n "$2" ]; then echo x >"$2"; fi'
$S learn -o "$T/reader.lua" -- sh -c "$writer" sh "$T/in.txt" >/dev/null
for b in unveil pledge namespace combined chroot; do
	if ! registered $b; then
		skip "learn reader: cannot write under $b" "backend $b not registered in this build"
		continue
	fi
	if [ "$loader" != yes ]; then
		skip "learn reader: cannot write under $b" "$loader"
		continue
	fi
	[ $b = chroot ] && root="-r $T/jail-reader" || root=
	rm -f "$T/wdir/w"
	timeout 60 $S -b $b $root -P "$T/reader.lua" -- sh -c "$writer" sh \
	    "$T/in.txt" "$T/wdir/w" >/dev/null 2>&1
	if [ -e "$T/wdir/w" ]; then
		fail "learn reader: cannot write under $b" "$T/wdir/w was created"
	else
		pass "learn reader: cannot write under $b"
	fi
done

# As an ordinary user: no privilege is needed to learn.
# Sticky, as /tmp: a jail under a directory others may change is refused.
mkdir -p "$T/nobody" && chmod 1777 "$T/nobody"
N=$T/nobody
nobody_learn() {
	_n=$1
	shift
	_want=$(cat "$T/$_n.want")
	expect_out "learn $_n as nobody: output as a plain run" "$_want" \
	    as_nobody $S learn -o "$N/$_n.lua" -- "$@"
	if cmp -s "$N/$_n.lua" /dev/null || [ ! -s "$N/$_n.lua" ]; then
		fail "learn $_n as nobody: policy written"
	else
		pass "learn $_n as nobody: policy written"
	fi
}
nobody_learn python $PY -c "$pycode"
nobody_learn dlopen "$D/learn_dlhost" "$D/learn_plugin.so"
nobody_learn nss "$D/learn_nss" root localhost
nobody_learn locale env LANG=C.UTF-8 "$D/learn_locale"
expect_in "learn as nobody: the plugin in files" "$N/dlopen.lua" "\"$D/learn_plugin.so\""
expect_in "learn as nobody: /etc/passwd in files" "$N/nss.lua" '"/etc/passwd",'
for b in namespace combined chroot; do
	if ! registered $b || [ "$loader" != yes ]; then
		skip "learn as nobody: runs under $b" "$(registered $b && echo "$loader" || echo "backend $b not registered in this build")"
		continue
	fi
	[ $b = chroot ] && root="-r $N/jail" || root=
	for n in python dlopen nss; do
		expect_out "learn $n as nobody: same output under $b" \
		    "$(cat "$T/$n.want")" \
		    as_nobody timeout 60 $S -b $b $root -P "$N/$n.lua"
	done
done

# works_under NAME POLICY MADE [as_nobody]: the learned policy, as written,
# runs the program under the backends that read a policy's unveil (exit 0)
# and the program makes MADE again (- when it makes nothing).
works_under() {
	_n=$1 _p=$2 _made=$3
	shift 3
	for _b in combined namespace unveil pledge; do
		if ! registered $_b || [ "$loader" != yes ]; then
			skip "$_n: works under $_b" "$(registered $_b && echo "$loader" || echo "backend $_b not registered in this build")"
			continue
		fi
		[ "$_made" = - ] || rm -rf "$_made"
		expect_status "$_n: works under $_b" 0 "$@" timeout 60 $S -b $_b -P "$_p"
		[ "$_made" = - ] && continue
		if [ -e "$_made" ]; then pass "$_n: made $_made under $_b"
		else fail "$_n: made $_made under $_b" "missing"; fi
	done
}

# A file the program creates gives its directory "wc" (a missing file can
# be neither unveiled nor bound, so a rule on it would hold only while it
# is there); a file that was there and is only written keeps a file rule.
mkdir -p "$T/o2" "$T/o3" && echo old >"$T/o3/keep"
$S learn -o "$T/mk.lua" -- sh -c 'echo x >"$1/f"; echo y >"$2"' sh "$T/o2" "$T/o3/keep"
expect_in "learn create: the directory of a made file gets wc" "$T/mk.lua" "[\"$T/o2\"] = \"wc\""
expect_not_in "learn create: no rule on the made file" "$T/mk.lua" "^ *\\[\"$T/o2/f\"\\]"
expect_in "learn create: a file only written keeps its rule" "$T/mk.lua" "[\"$T/o3/keep\"] = \"w\""
expect_not_in "learn create: no c where nothing was made" "$T/mk.lua" "^ *\\[\"$T/o3\"\\]"
works_under "learn create: after the file is removed" "$T/mk.lua" "$T/o2/f"
mkdir -p "$T/tw/in" "$T/tw/out" && echo a >"$T/tw/in/a" && echo b >"$T/tw/in/b"
$S learn -o "$T/tar.lua" -- sh -c 'cd "$1" && tar czf out/t.tgz in' sh "$T/tw"
expect_in "learn tar: the archive's directory gets wc" "$T/tar.lua" "[\"$T/tw/out\"] = \"wc\""
works_under "learn tar: after the archive is removed" "$T/tar.lua" "$T/tw/out/t.tgz"
# tar -C lists the directory above: the rule beneath it is written with the
# r it gets there anyway (Landlock rights add up along a path).
rm -f "$T/tw/out/t.tgz"
$S learn -o "$T/tarC.lua" -- tar czf "$T/tw/out/t.tgz" -C "$T/tw" in
expect_in "learn tar -C: the archive's directory gets rwc" "$T/tarC.lua" "[\"$T/tw/out\"] = \"rwc\""
works_under "learn tar -C: after the archive is removed" "$T/tarC.lua" "$T/tw/out/t.tgz"
mkdir -p "$T/so" && printf 'b\na\n' >"$T/so/in.txt"
$S learn -o "$T/sort.lua" -- sort -o "$T/so/sorted.txt" "$T/so/in.txt"
expect_not_in "learn sort -o: no rule on the output" "$T/sort.lua" "^ *\\[\"$T/so/sorted.txt\"\\]"
works_under "learn sort -o: after the output is removed" "$T/sort.lua" "$T/so/sorted.txt"
as_nobody mkdir -p "$N/o2"
as_nobody $S learn -o "$N/mk.lua" -- sh -c 'echo x >"$1/f"' sh "$N/o2"
expect_in "learn create as nobody: the directory gets wc" "$N/mk.lua" "[\"$N/o2\"] = \"wc\""
works_under "learn create as nobody: after the file is removed" "$N/mk.lua" "$N/o2/f" as_nobody

# mkdir -p tries every directory on the way: those that were there are
# looked up, not given c; the one above what it made gets the rule.
mkdir -p "$T/mp"
$S learn -o "$T/mkdirp.lua" -- mkdir -p "$T/mp/a/b"
expect_not_in "learn mkdir -p: no c on / or /tmp" "$T/mkdirp.lua" '^ *\["(/|/tmp)"\]'
expect_not_in "learn mkdir -p: no rule on what it made" "$T/mkdirp.lua" "^ *\\[\"$T/mp/a"
works_under "learn mkdir -p: after the directories are removed" "$T/mkdirp.lua" "$T/mp/a"

# A database written in place: not in files (a read-only bind there would
# make it "a readonly database"), its directory rwc for the journal.
sq='import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("create table if not exists t(x)")
c.execute("insert into t values(2)"); c.commit(); print("rows", c.execute("select count(*) from t").fetchone()[0] > 0)'
mkdir -p "$T/sq" && $PY -c "$sq" "$T/sq/db.sqlite" >/dev/null
$S learn -o "$T/sql.lua" -- $PY -c "$sq" "$T/sq/db.sqlite" >/dev/null
expect_not_in "learn sqlite: the database is not in files" "$T/sql.lua" "^    \"$T/sq/db.sqlite\","
expect_in "learn sqlite: its directory rwc" "$T/sql.lua" "[\"$T/sq\"] = \"rwc\""
for b in combined namespace unveil pledge; do
	if ! registered $b || [ "$loader" != yes ]; then
		skip "learn sqlite: writes under $b" "not available"
		continue
	fi
	expect_out "learn sqlite: writes under $b" "rows True" timeout 60 $S -b $b -P "$T/sql.lua"
done

# /proc/PID: no pid of the learning run in the policy. The first process's
# own /proc/self needs no rule; a scan of other processes (ps) and a
# child's own entries give /proc read-only as a whole.
$S learn -o "$T/self.lua" -- cat /proc/self/stat >/dev/null
expect_not_in "learn /proc/self: no pid in the policy" "$T/self.lua" '/proc/[0-9]'
works_under "learn /proc/self" "$T/self.lua" -
$S learn -o "$T/kids.lua" -- sh -c 'cat /proc/self/status >/dev/null; ls /dev/fd/ >/dev/null' 
expect_not_in "learn /proc of children: no pid in the policy" "$T/kids.lua" '/proc/[0-9]'
expect_in "learn /proc of children: /proc read-only" "$T/kids.lua" '["/proc"] = "r",'
works_under "learn /proc of children" "$T/kids.lua" -
scan='n=0; for f in /proc/[0-9]*/stat; do read l <"$f" && n=$((n+1)); done; [ $n -gt 0 ]'
$S learn -o "$T/scan.lua" -- sh -c "$scan"
expect_not_in "learn /proc scan: no pid in the policy" "$T/scan.lua" '/proc/[0-9]'
expect_in "learn /proc scan: /proc read-only" "$T/scan.lua" '["/proc"] = "r",'
works_under "learn /proc scan" "$T/scan.lua" -
as_nobody $S learn -o "$N/scan.lua" -- sh -c "$scan"
works_under "learn /proc scan as nobody" "$N/scan.lua" - as_nobody
$S learn -o "$T/ps.lua" -- ps -o pid,comm >/dev/null
expect_not_in "learn ps: no pid in the policy" "$T/ps.lua" '/proc/[0-9]'
expect_in "learn ps: /proc read-only" "$T/ps.lua" '["/proc"] = "r",'
# (ps's libnuma asks get_mempolicy, which no promise allows: not pledge.)
for b in namespace unveil; do
	if ! registered $b || [ "$loader" != yes ]; then
		skip "learn ps: runs under $b" "not available"
		continue
	fi
	expect_out "learn ps: runs under $b" "PID COMMAND" sh -c \
	    "timeout 60 $S -b $b -P '$T/ps.lua' | head -1 | tr -s ' ' | sed 's/^ //'"
done

# The output is checked before the program runs: no run for nothing.
expect_status "learn: an output directory that is missing is 125" 125 \
    $S learn -o "$T/nonexistent/dir/x.lua" -- touch "$T/ran"
expect_err "learn: says where it cannot write" "cannot write the policy in $T/nonexistent/dir"
expect_status "learn: a directory as the output is 125" 125 \
    $S learn -o "$T" -- touch "$T/ran"
mkdir -p "$T/closed" && chmod 755 "$T/closed"
expect_status "learn as nobody: an unwritable output directory is 125" 125 \
    as_nobody $S learn -o "$T/closed/x.lua" -- touch "$N/ran"
cp "$T/exit.lua" "$N/locked.lua" && chmod 600 "$N/locked.lua"
expect_status "learn --append as nobody: an unreadable policy is 125" 125 \
    as_nobody $S learn --append -o "$N/locked.lua" -- touch "$N/ran"
if [ -e "$T/ran" ] || [ -e "$N/ran" ]; then
	fail "learn: the program is not run when the policy cannot be saved"
else
	pass "learn: the program is not run when the policy cannot be saved"
fi

# -o names what is there: only a regular file (or a new name) is replaced;
# a device or a FIFO is written through, a link followed, never replaced.
O=$T/outputs
mkdir -p "$O"
if mknod "$O/null" c 1 3 2>/dev/null; then
	expect_status "learn -o a character device: 0" 0 \
	    $S learn -o "$O/null" -- true
	if [ -c "$O/null" ]; then
		pass "learn -o a character device: still that device"
	else
		fail "learn -o a character device: still that device" "$(ls -l "$O/null")"
	fi
else
	skip "learn -o a character device" "mknod refused here"
fi
mkfifo "$O/fifo"
timeout 30 cat "$O/fifo" >"$O/fifo.got" &
reader=$!
expect_status "learn -o a FIFO: 0" 0 timeout 20 $S learn -o "$O/fifo" -- true
wait $reader
if [ -p "$O/fifo" ] && grep -q 'program = "/usr/bin/true"' "$O/fifo.got"; then
	pass "learn -o a FIFO: written through, still a FIFO"
else
	fail "learn -o a FIFO: written through, still a FIFO" "$(ls -l "$O/fifo"; head -c 200 "$O/fifo.got")"
fi
echo old >"$O/real.lua"
chmod 640 "$O/real.lua"
ln -s real.lua "$O/link.lua"
expect_status "learn -o a symbolic link: 0" 0 $S learn -o "$O/link.lua" -- true
if [ -L "$O/link.lua" ] && grep -q 'program = "/usr/bin/true"' "$O/real.lua"; then
	pass "learn -o a symbolic link: the target is written, the link kept"
else
	fail "learn -o a symbolic link: the target is written, the link kept" "$(ls -l "$O")"
fi
expect_out "learn -o a regular file: its mode is kept" "640" stat -c %a "$O/real.lua"
ln -s nowhere "$O/dangling.lua"
expect_status "learn -o a link to nothing: 125" 125 $S learn -o "$O/dangling.lua" -- true
expect_err "learn -o a link to nothing: says so" "dangling.lua: a symbolic link to nothing"
# A name beside the output, planted as a link, is not written through.
echo victim >"$O/victim"
ln -s victim "$O/x.lua.tmp"
expect_status "learn -o beside a planted link: 0" 0 $S learn -o "$O/x.lua" -- true
expect_out "learn -o beside a planted link: the link's target untouched" "victim" cat "$O/victim"
if [ -f "$O/x.lua" ] && [ ! -L "$O/x.lua" ] && [ -z "$(ls "$O" | grep '^\.x\.lua\.')" ]; then
	pass "learn -o a new name: a regular file, no temporary left"
else
	fail "learn -o a new name: a regular file, no temporary left" "$(ls -la "$O")"
fi
if $PY -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$O/sock"; then
	expect_status "learn -o a socket: 125" 125 $S learn -o "$O/sock" -- touch "$O/ran"
	expect_err "learn -o a socket: says what it is not" "not a regular file, a character device or a FIFO"
	if [ -S "$O/sock" ] && [ ! -e "$O/ran" ]; then
		pass "learn -o a socket: kept, the program not run"
	else
		fail "learn -o a socket: kept, the program not run" "$(ls -l "$O")"
	fi
fi
# A link to a pipe (as /dev/stdout, not used here: an old build would put
# a file in its place): the pipe has no path, it is written through.
ln -s /proc/self/fd/1 "$O/stdout"
expect_out "learn -o a link to a pipe: written through" 'program = "/usr/bin/true",' \
    sh -c "$S learn -o '$O/stdout' -- true | grep -x ' *program = \"/usr/bin/true\",' | sed 's/^ *//'"
if [ -L "$O/stdout" ]; then
	pass "learn -o a link to a pipe: the link kept"
else
	fail "learn -o a link to a pipe: the link kept" "$(ls -l "$O/stdout")"
fi
