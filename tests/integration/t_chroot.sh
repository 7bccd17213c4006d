# The chroot backend and the jail verbs: programs run in a fresh jail with
# the same output as outside, as root and as nobody; build links, copies,
# keeps symlinks and strips setuid; sync follows a library update.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
J=$T/jail
chmod 755 "$T"

# same NAME CMD...: the output (stdout and stderr) in the jail equals the
# output outside.
same() {
	_name=$1
	shift
	_want=$(timeout 20 "$@" 2>&1 </dev/null)
	_got=$(timeout 20 $S --backend chroot --root "$J" "$@" 2>&1 </dev/null)
	if [ -n "$_want" ] && [ "$_got" = "$_want" ]; then
		pass "chroot: $_name"
	else
		fail "chroot: $_name" "got '$(echo "$_got" | head -c 300)', wanted '$(echo "$_want" | head -c 200)'"
	fi
}

if [ "$(id -u)" != 0 ]; then
	skip "chroot: as root" "not root"
else
	same "echo" /bin/echo hello jail
	same "coreutils seq" seq 3 7
	same "coreutils date" date -u -d @86400 +%F
	same "coreutils id" id -u
	same "bash arithmetic" bash -c 'echo $((6 * 7)) ${BASH_VERSION%%.*}'
	same "perl" perl -e 'print join(",", map { $_ * 2 } 1 .. 5), "\n"'
	command -v openssl >/dev/null && same "openssl version" openssl version
	command -v git >/dev/null && same "git --version" git --version
	command -v dig >/dev/null && same "dig -v" dig -v
	command -v unbound >/dev/null && same "unbound -V" unbound -V
	same "sh -c" sh -c 'echo "$0 $1"' a b
	printf '#!/bin/sh\necho "script $1"\n' >"$T/s.sh"
	chmod 755 "$T/s.sh"
	same "a #! script and its interpreter" "$T/s.sh" ok

	# Interpreters' libraries come as runtime sets.
	PY=$T/pyjail
	$S build --root "$PY" --runtime python --runtime perl /usr/bin/perl \
	    $( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 ) >"$T/out" 2>&1 ||
	    fail "build: python and perl sets" "$(cat "$T/out")"
	pl='use POSIX qw(floor); use List::Util qw(sum); print sum(1..10), " ", floor(2.5), "\n"'
	expect_out "chroot: perl with modules (runtime perl)" "$(perl -e "$pl")" \
	    $S --backend chroot --root "$PY" /usr/bin/perl -e "$pl"
	if [ -x /usr/bin/python3 ]; then
		py='import json, hashlib, ssl; print(json.dumps([1, 2]), hashlib.sha256(b"x").hexdigest()[:8])'
		expect_out "chroot: python3 with its stdlib and lib-dynload (runtime python)" \
		    "$(/usr/bin/python3 -c "$py")" \
		    $S --backend chroot --root "$PY" /usr/bin/python3 -c "$py"
	fi

	expect_out "chroot: only the closure is there" "absent" \
	    $S --backend chroot --root "$J" /bin/sh -c \
	    'test -e /etc/shadow || test -e /root || echo absent'
	expect_out "chroot: /dev/null and /tmp" "ok" \
	    $S --backend chroot --root "$J" /bin/sh -c \
	    'echo x >/dev/null && echo y >/tmp/f && test -c /dev/null && echo ok'
	expect_out "chroot: --user nobody in the jail" "65534" \
	    $S --backend chroot --root "$J" --user nobody id -u
	# The jail's passwd and group are made for the user: no other account.
	expect_out "chroot: --user: passwd holds root and the user only" \
	    "root nobody" $S --backend chroot --root "$T/uj" --user nobody \
	    /bin/sh -c 'n=; while IFS=: read a b; do n="$n $a"; done </etc/passwd; echo $n'
	expect_out "chroot: --user: names resolve inside" "nobody" \
	    $S --backend chroot --root "$T/uj" --user nobody id -un
	expect_out "chroot: --user: a refresh leaves them" "0" \
	    sh -c "$S sync --root $T/uj | sed -n 's/.*: \([0-9]*\) updated.*/\1/p'"

	# The jail's make-up.
	if [ "$(stat -c %d /usr/bin/seq)" = "$(stat -c %d "$T")" ] &&
	    [ "$(stat -c %i /usr/bin/seq)" = "$(stat -c %i "$J/usr/bin/seq")" ]; then
		pass "build: hard link on the same file system"
	else
		skip "build: hard link on the same file system" "another file system"
	fi
	if [ -L /lib ] && [ -L "$J/lib" ] && [ "$(readlink /lib)" = "$(readlink "$J/lib")" ]; then
		pass "build: directory symlinks kept"
	elif [ -L /lib ]; then
		fail "build: directory symlinks kept" "$(ls -ld "$J/lib")"
	fi
	# A soname link (libz.so.1 -> libz.so.1.2.13): the link and its target.
	lnk=
	for p in $(ldd "$(command -v perl)" | awk '/=>/ { print $3 }'); do
		d=$(realpath "$(dirname "$p")")/$(basename "$p")
		if [ -L "$d" ]; then lnk=$d; break; fi
	done
	if [ -z "$lnk" ]; then
		skip "build: the soname link is a link" "no soname link in perl's closure"
	elif [ -L "$J$lnk" ] && [ "$(readlink "$J$lnk")" = "$(readlink "$lnk")" ] &&
	    [ -f "$J$(realpath "$lnk")" ]; then
		pass "build: the soname link is a link, its target a file"
	else
		fail "build: the soname link is a link" "$(ls -l "$J$lnk" 2>&1)"
	fi
	grep -q "^f [lc] .* /usr/bin/seq$" "$J/.sandbox/manifest" &&
	    pass "build: manifest records origins" ||
	    fail "build: manifest records origins" "$(head -5 "$J/.sandbox/manifest")"

	# ldconfig writes /etc/ld.so.cache anew when a library is installed:
	# the next launch takes the new file, though only its inode changed.
	$S --backend chroot --root "$J" /bin/true
	cp -p /etc/ld.so.cache /etc/ld.so.cache.sbtest &&
	    mv -f /etc/ld.so.cache.sbtest /etc/ld.so.cache
	$S --backend chroot --root "$J" /bin/true
	ino=$(stat -c %i /etc/ld.so.cache)
	if grep -q "^f [lc] [0-9]* $ino .* /etc/ld.so.cache$" "$J/.sandbox/manifest" &&
	    [ "$(stat -c %i "$J/etc/ld.so.cache")" = "$ino" ]; then
		pass "chroot: a new ld.so.cache is taken at the next launch"
	else
		fail "chroot: a new ld.so.cache is taken at the next launch" \
		    "$(grep ld.so.cache "$J/.sandbox/manifest") (host inode $ino)"
	fi

	# A symlinked file (resolv.conf managed elsewhere): link and target.
	mkdir -p "$T/h/etc" "$T/h/run"
	echo "nameserver 192.0.2.1" >"$T/h/run/resolv.conf"
	ln -s ../run/resolv.conf "$T/h/etc/resolv.conf"
	$S build --root "$T/rj" --runtime none --file "$T/h/etc/resolv.conf" /bin/true >/dev/null 2>&1
	if [ -L "$T/rj$T/h/etc/resolv.conf" ] &&
	    [ "$(cat "$T/rj$T/h/run/resolv.conf" 2>/dev/null)" = "nameserver 192.0.2.1" ]; then
		pass "build: a symlinked file brings its target"
	else
		fail "build: a symlinked file brings its target" "$(ls -lR "$T/rj$T/h" 2>&1 | head -5)"
	fi

	# A policy's root and files (a run-time set among them).
	cat >"$T/jail.lua" <<EOF
return {
	backend = "chroot",
	root = "$T/pj",
	files = { "$T/h/etc/resolv.conf", sandbox.runtime.localtime },
}
EOF
	expect_out "chroot: a policy's root and files" "nameserver 192.0.2.1" \
	    $S -P "$T/jail.lua" /bin/sh -c "read l <$T/h/etc/resolv.conf; echo \$l"
	if [ -d "$T/pj/dev" ] && [ -e "$T/pj/etc/localtime" ]; then
		pass "chroot: the policy's jail at its root, with its run-time set"
	else
		fail "chroot: the policy's jail at its root" "$(ls "$T/pj" 2>&1)"
	fi

	# setuid and setgid bits do not enter the jail (nor the link).
	su=$(command -v su || command -v passwd)
	if [ -n "$su" ] && [ -u "$su" ]; then
		$S build --root "$T/suid" --file "$su" /bin/true >"$T/out" 2>&1
		if [ -f "$T/suid$su" ] && [ ! -u "$T/suid$su" ] && [ ! -g "$T/suid$su" ] &&
		    [ "$(stat -c %i "$su")" != "$(stat -c %i "$T/suid$su")" ]; then
			pass "build: setuid stripped (copied, not linked)"
		else
			fail "build: setuid stripped" "$(ls -li "$su" "$T/suid$su" 2>&1)"
		fi
	fi

	# A jail on a nodev file system: stand-in files, the host's nodes
	# bind-mounted on entry in a private mount namespace.
	mkdir -p "$T/nd"
	if mount -t tmpfs -o nodev,size=64m tmpfs "$T/nd" 2>/dev/null; then
		$S build --root "$T/nd/j" --runtime none /bin/sh >"$T/out" 2>&1
		if grep -q "/dev: bind mounts" "$T/out"; then
			pass "build: on nodev, /dev is bind mounts made on entry"
		else
			fail "build: on nodev, /dev is bind mounts made on entry" "$(cat "$T/out")"
		fi
		expect_out "chroot: on nodev, /dev/null works" "ok" \
		    $S --backend chroot --root "$T/nd/j" /bin/sh -c \
		    'echo x >/dev/null && test -c /dev/null && test -c /dev/urandom && echo ok'
		if [ -f "$T/nd/j/dev/null" ] && [ ! -s "$T/nd/j/dev/null" ]; then
			pass "chroot: the bind mounts stayed in the child's namespace"
		else
			fail "chroot: the bind mounts stayed in the child's namespace" "$(ls -l "$T/nd/j/dev/null")"
		fi
		umount "$T/nd"
	else
		skip "build: nodev file system" "cannot mount a tmpfs here"
	fi

	# A library update followed by sync.
	if command -v cc >/dev/null; then
		P=$T/prefix
		mkdir -p "$P/lib" "$P/bin"
		echo 'const char *v(void) { return "v1"; }' >"$P/v.c"
		echo '#include <stdio.h>
const char *v(void); int main(void) { puts(v()); return 0; }' >"$P/m.c"
		cc -shared -fPIC -Wl,-soname,libv.so.1 -o "$P/lib/libv.so.1" "$P/v.c" &&
		cc -o "$P/bin/prog" "$P/m.c" -L"$P/lib" -l:libv.so.1 \
		    -Wl,-rpath,"$P/lib" || fail "sync: fixture" "cc failed"
		U=$T/ujail
		$S build --root "$U" --runtime none "$P/bin/prog" >"$T/b1" 2>&1
		expect_out "sync: program runs in its jail" "v1" \
		    $S --backend chroot --root "$U" "$P/bin/prog"
		expect_out "sync: nothing changed, nothing updated" "0" \
		    sh -c "$S sync --root $U | sed -n 's/.*: \([0-9]*\) updated.*/\1/p'"
		echo 'const char *v(void) { return "v2"; }' >"$P/v.c"
		cc -shared -fPIC -Wl,-soname,libv.so.1 -o "$P/lib/libv.new" "$P/v.c"
		mv "$P/lib/libv.new" "$P/lib/libv.so.1"
		expect_out "sync: a changed library is 1 updated" "1" \
		    sh -c "$S sync --root $U | sed -n 's/.*: \([0-9]*\) updated.*/\1/p'"
		expect_out "sync: the jail runs the new library" "v2" \
		    $S --backend chroot --root "$U" "$P/bin/prog"
		# The program no longer needs the library: sync removes it.
		echo 'int main(void) { return 0; }' >"$P/m2.c"
		cc -o "$P/bin/prog.new" "$P/m2.c" && mv "$P/bin/prog.new" "$P/bin/prog"
		$S sync --root "$U" >"$T/s3" 2>&1
		if [ ! -e "$U$P/lib/libv.so.1" ] && grep -q '[1-9][0-9]* removed' "$T/s3"; then
			pass "sync: what is no longer needed is removed"
		else
			fail "sync: what is no longer needed is removed" "$(cat "$T/s3")"
		fi
	else
		skip "sync: library update" "no cc"
	fi
fi

# An ordinary user: a user namespace, no root needed.
NB=$(mktemp -d /tmp/sb-nobody.XXXXXX)
chown 65534:65534 "$NB" 2>/dev/null
if ! as_nobody $S backends 2>/dev/null | grep -q '^chroot  *available'; then
	skip "chroot as nobody" "no user namespaces for ordinary users here"
elif [ "$(stat -c %u "$NB")" = 65534 ]; then
	want=$(seq 2 4)
	expect_out "chroot as nobody: same output" "$want" \
	    as_nobody $S --backend chroot --root "$NB/j" seq 2 4
	expect_out "chroot as nobody: own identity" "65534" \
	    as_nobody $S --backend chroot --root "$NB/j" id -u
	expect_out "chroot as nobody: /dev/null bound" "ok" \
	    as_nobody $S --backend chroot --root "$NB/j" /bin/sh -c \
	    'echo x >/dev/null && test -c /dev/null && echo ok'
	expect_out "chroot as nobody: default jail under XDG_CACHE_HOME" "hi" \
	    as_nobody env XDG_CACHE_HOME="$NB/cache" $S --backend chroot echo hi
	if ls "$NB/cache/sandbox/jails/" 2>/dev/null | grep -q '^echo-'; then
		pass "chroot as nobody: jail named after the program"
	else
		fail "chroot as nobody: jail named after the program" "$(ls -R "$NB" | head)"
	fi
	# A jail root built and shares is entered as it is.
	if [ "$(id -u)" = 0 ]; then
		$S build --root "$T/shared" /usr/bin/seq >/dev/null 2>&1
		expect_out "chroot as nobody: root's shared jail, as it is" "$(seq 2)" \
		    as_nobody $S --backend chroot --root "$T/shared" /usr/bin/seq 2
		expect_status "chroot as nobody: not in root's jail is 127" 127 \
		    as_nobody $S --backend chroot --root "$T/shared" /usr/bin/perl -e 1
	fi
	expect_status "chroot as nobody: --user root fails closed" 125 \
	    as_nobody $S --backend chroot --root "$NB/j" --user root true
else
	skip "chroot as nobody" "cannot give a directory to nobody"
fi
rm -rf "$NB"

# Bad input.
expect_status "build: non-ELF program is 125" 125 $S build --root "$T/bad" /etc/passwd
expect_err "build: non-ELF program is named" "/etc/passwd: not an ELF file"
expect_status "build: no --root is 125" 125 $S build /bin/true
expect_status "sync: no manifest is 125" 125 $S sync --root "$T/nonexistent"
expect_err "sync: no manifest is named" "manifest"
printf 'garbage\n' >"$T/notelf"
chmod 755 "$T/notelf"
expect_status "chroot: an executable that is not ELF is 126, as execve says" 126 \
    $S --backend chroot --root "$T/bad2" "$T/notelf"
expect_err "chroot: an executable that is not ELF is named" "notelf: not an ELF file"

# A named directory comes with what it holds, but a link inside it that
# points out of it stays a link: the target is not copied into the jail.
mkdir -p "$T/www/sub" && echo page >"$T/www/index.html" && echo secret >"$T/outside"
ln -s "$T/outside" "$T/www/evil"
ln -s ../index.html "$T/www/sub/ok"
expect_status "build: a directory named with --file" 0 $S build --root "$T/wj" --file "$T/www" /bin/cat
expect_out "chroot: a link inside the named tree is followed" "page" \
    $S --backend chroot --root "$T/wj" cat "$T/www/sub/ok"
expect_status "chroot: a link out of the named tree is not followed" 1 \
    $S --backend chroot --root "$T/wj" cat "$T/www/evil"
if [ -e "$T/wj$T/outside" ]; then fail "build: the target out of the tree stays out" "copied"
else pass "build: the target out of the tree stays out"; fi

# As root, a directory keeps its host owner: a daemon's data directory stays
# the daemon's in the jail.
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$T/data" && chown nobody:nogroup "$T/data"
	expect_status "build: a data directory" 0 $S build --root "$T/oj" --file "$T/data" /bin/touch
	expect_out "build: the directory keeps its host owner" "nobody" stat -c %U "$T/oj$T/data"
	expect_status "chroot: --user nobody writes its own directory" 0 \
	    $S --backend chroot --root "$T/oj" --user nobody touch "$T/data/f"
fi

# A jail is trusted as ssh's StrictModes trusts ~/.ssh: root refuses a jail
# another user owns or could change, a .sandbox that is a link, a manifest
# others may write.
if [ "$(id -u)" = 0 ] && as_nobody $S backends 2>/dev/null | grep -q '^chroot  *available'; then
	NT=$(mktemp -d /tmp/sb-trust.XXXXXX)
	chmod 755 "$NT"
	mkdir -p "$NT/nb" "$NT/own"
	chown 65534:65534 "$NT/nb" "$NT/own"
	as_nobody $S build --root "$NT/nb/j" --runtime none /usr/bin/id >/dev/null 2>&1
	expect_status "trust: root refuses a jail under a user's directory" 125 \
	    $S --backend chroot --root "$NT/nb/j" /usr/bin/id
	expect_err "trust: the directory is named" "$NT/nb is owned by uid 65534"
	expect_status "trust: root's sync refuses it too" 125 $S sync --root "$NT/nb/j"
	as_nobody $S build --root "$NT/own" --runtime none /usr/bin/id >/dev/null 2>&1
	expect_status "trust: root refuses a jail a user owns" 125 \
	    $S --backend chroot --root "$NT/own" /usr/bin/id
	expect_err "trust: the owner is named" "jail $NT/own is owned by uid 65534"
	expect_status "trust: nobody still uses its own jail" 0 \
	    as_nobody $S --backend chroot --root "$NT/own" /usr/bin/id
	# .sandbox a link: root would write its lock and manifest there.
	$S build --root "$NT/j5" --runtime none /bin/true >/dev/null 2>&1
	mkdir "$NT/elsewhere"
	mv "$NT/j5/.sandbox" "$NT/j5.sb"
	ln -s "$NT/elsewhere" "$NT/j5/.sandbox"
	expect_status "trust: a .sandbox that is a symlink is refused" 125 \
	    $S --backend chroot --root "$NT/j5" /bin/true
	if [ -z "$(ls -A "$NT/elsewhere")" ]; then
		pass "trust: nothing written through the link"
	else
		fail "trust: nothing written through the link" "$(ls "$NT/elsewhere")"
	fi
	rm "$NT/j5/.sandbox"
	mv "$NT/j5.sb" "$NT/j5/.sandbox"
	chmod 666 "$NT/j5/.sandbox/manifest"
	expect_status "trust: a manifest others may write is refused" 125 \
	    $S --backend chroot --root "$NT/j5" /bin/true
	chmod 644 "$NT/j5/.sandbox/manifest"
	expect_status "trust: the repaired jail runs" 0 \
	    $S --backend chroot --root "$NT/j5" /bin/true
	mkdir -m 777 "$NT/ww"
	expect_status "trust: no jail under a world-writable directory" 125 \
	    $S build --root "$NT/ww/j" /bin/true
	mkdir -m 1777 "$NT/sticky"
	expect_status "trust: a sticky directory (as /tmp) is fine" 0 \
	    $S build --root "$NT/sticky/j" --runtime none /bin/true
	rm -rf "$NT"
fi

# A non-empty directory that is no jail is not built into: its files stay.
P=$T/notjail
mkdir -p "$P/etc" "$P/lib" "$P/tmp"
echo mine >"$P/etc/passwd"
echo notes >"$P/bin"
chmod 700 "$P/tmp"
expect_status "build: a non-empty directory that is no jail is refused" 125 \
    $S --backend chroot --root "$P" /bin/true
expect_err "build: it says why" "not a jail built by sandbox"
if [ "$(cat "$P/bin")" = notes ] && [ "$(cat "$P/etc/passwd")" = mine ] &&
    [ "$(stat -c %a "$P/tmp")" = 700 ] && [ ! -e "$P/.sandbox" ]; then
	pass "build: its files are left as they were"
else
	fail "build: its files are left as they were" "$(ls -la "$P")"
fi
expect_status "build verb: refused too" 125 $S build --root "$P" /bin/true
mkdir "$T/empty"
expect_status "build: an empty directory is fine" 0 \
    $S build --root "$T/empty" --runtime none /bin/true

# The manifest names programs by absolute path: a sync from elsewhere, with
# another PATH, finds them.
mkdir -p "$T/cwd"
cp /bin/echo "$T/cwd/myecho"
(cd "$T/cwd" && $S build --root "$T/abs" --runtime none ./myecho echo) >/dev/null 2>&1
if grep -qx "program $T/cwd/myecho" "$T/abs/.sandbox/manifest" &&
    grep -Eqx "program (/usr)?/bin/echo" "$T/abs/.sandbox/manifest"; then
	pass "build: programs recorded as absolute paths"
else
	fail "build: programs recorded as absolute paths" "$(grep ^program "$T/abs/.sandbox/manifest")"
fi
expect_status "sync: from another directory, without PATH" 0 \
    sh -c "cd / && env -i $S sync --root $T/abs"
# A relative --root is taken from the current directory, by every verb and
# by a run, whether it exists yet or not.
expect_out "chroot: a new relative --root" "rel" \
    sh -c "cd $T/cwd && $S --backend chroot --root rj /bin/echo rel"
expect_out "chroot: an existing relative --root" "rel" \
    sh -c "cd $T/cwd && $S --backend chroot --root rj /bin/echo rel"
expect_status "sync: a relative --root" 0 sh -c "cd $T/cwd && $S sync --root rj"
if [ -f "$T/cwd/rj/.sandbox/manifest" ]; then
	pass "chroot: the relative root is under the current directory"
else
	fail "chroot: the relative root is under the current directory" "$(ls "$T/cwd")"
fi

if command -v cc >/dev/null; then
	# A build with LD_LIBRARY_PATH: the sync uses the same.
	L=$T/llp
	mkdir -p "$L/lib"
	echo 'int f(void) { return 7; }' >"$L/f.c"
	echo 'int f(void); int main(void) { return f(); }' >"$L/m.c"
	cc -shared -fPIC -o "$L/lib/libllp.so" "$L/f.c" &&
	    cc -o "$L/m" "$L/m.c" -L"$L/lib" -lllp || fail "llp: fixture" "cc failed"
	LD_LIBRARY_PATH=$L/lib $S build --root "$T/llpj" --runtime none "$L/m" >/dev/null 2>&1
	expect_status "sync: with the build's LD_LIBRARY_PATH" 0 \
	    env -u LD_LIBRARY_PATH $S sync --root "$T/llpj"

	# An up-to-date jail is entered from its manifest alone: each hit
	# is checked. The library updated on the host (a new inode) is
	# the new one in the jail; another LD_LIBRARY_PATH brings its own.
	expect_status "chroot: an up-to-date jail, LD_LIBRARY_PATH kept" 7 \
	    env LD_LIBRARY_PATH=$L/lib $S --backend chroot --root "$T/llpj" "$L/m"
	echo 'int f(void) { return 8; }' >"$L/f.c"
	cc -shared -fPIC -o "$L/lib/libllp.new" "$L/f.c" &&
	    mv "$L/lib/libllp.new" "$L/lib/libllp.so"
	expect_status "chroot: a library replaced on the host is taken" 8 \
	    env LD_LIBRARY_PATH=$L/lib $S --backend chroot --root "$T/llpj" "$L/m"
	mkdir -p "$L/lib2"
	echo 'int f(void) { return 9; }' >"$L/f.c"
	cc -shared -fPIC -o "$L/lib2/libllp.so" "$L/f.c"
	expect_status "chroot: another LD_LIBRARY_PATH is not the jail's" 9 \
	    env LD_LIBRARY_PATH=$L/lib2 $S --backend chroot --root "$T/llpj" "$L/m"

	# $ORIGIN in the program's RUNPATH: no /proc in the jail, so
	# LD_ORIGIN_PATH is set for ld.so.
	O=$T/origin
	mkdir -p "$O/bin" "$O/lib"
	echo 'const char *v(void) { return "origin"; }' >"$O/v.c"
	echo '#include <stdio.h>
const char *v(void); int main(void) { puts(v()); return 0; }' >"$O/m.c"
	cc -shared -fPIC -o "$O/lib/libov.so" "$O/v.c" &&
	    cc -o "$O/bin/prog" "$O/m.c" -L"$O/lib" -lov \
	    -Wl,-rpath,'$ORIGIN/../lib' || fail "origin: fixture" "cc failed"
	expect_out "chroot: \$ORIGIN in the program's RUNPATH" "origin" \
	    $S --backend chroot --root "$T/oj2" "$O/bin/prog"
	expect_out "chroot: a LD_ORIGIN_PATH given is kept" "$T/x" \
	    $S --backend chroot --root "$T/oj2" --env LD_ORIGIN_PATH="$T/x" \
	    /bin/sh -c 'echo $LD_ORIGIN_PATH'
fi
# java finds libjli through $ORIGIN/../lib; a self-contained JDK (not one
# whose conf links to /etc) comes with --file.
jdk=
for d in /usr/lib/jvm/*; do
	if [ ! -L "$d" ] && [ -x "$d/bin/java" ] && [ ! -L "$d/conf" ]; then
		jdk=$d
		break
	fi
done
if [ -n "$jdk" ]; then
	$S build --root "$T/javaj" --file "$jdk" "$jdk/bin/java" >"$T/out" 2>&1
	expect_status "chroot: java -version (\$ORIGIN/../lib)" 0 \
	    timeout 60 $S --backend chroot --root "$T/javaj" "$jdk/bin/java" -version
else
	skip "chroot: java -version" "no self-contained JDK"
fi

# A program gone from the host (an upgrade dropped it): the others still
# run, the gone one is not found (127), sync drops it and says so.
mkdir -p "$T/gone"
cp /bin/echo "$T/gone/e1"
cp /usr/bin/seq "$T/gone/s1"
$S build --root "$T/gj" --runtime none "$T/gone/e1" "$T/gone/s1" >/dev/null 2>&1
rm "$T/gone/e1"
expect_out "chroot: a program still on the host runs" "$(seq 2)" \
    $S --backend chroot --root "$T/gj" "$T/gone/s1" 2
expect_status "chroot: the program gone is 127" 127 \
    $S --backend chroot --root "$T/gj" "$T/gone/e1" x
cp /bin/echo "$T/gone/e2"
$S build --root "$T/gj2" --runtime none "$T/gone/e2" "$T/gone/s1" >/dev/null 2>&1
rm "$T/gone/e2"
expect_status "sync: a program gone from the host is dropped" 0 \
    $S sync --root "$T/gj2"
expect_err "sync: and named on stderr" "no longer on the host.*$T/gone/e2"
if [ ! -e "$T/gj2$T/gone/e2" ] && ! grep -q "program $T/gone/e2" "$T/gj2/.sandbox/manifest"; then
	pass "sync: the program left the jail and its manifest"
else
	fail "sync: the program left the jail and its manifest" "$(ls "$T/gj2$T/gone")"
fi

# An interrupted build (here: a file it cannot read) leaves what it had
# copied known to the manifest; the next build removes what it no longer
# needs.
NI=$(mktemp -d /tmp/sb-intr.XXXXXX)
chmod 755 "$NI"
chown 65534:65534 "$NI"
if [ "$(id -u)" = 0 ] && [ "$(stat -c %u "$NI")" = 65534 ]; then
	mkdir "$NI/unr"
	echo secret >"$NI/unr/secret"
	chmod 000 "$NI/unr/secret"
	expect_status "build: an unreadable file stops the build" 125 \
	    as_nobody $S build --root "$NI/j" --runtime none --file "$NI/unr" /usr/bin/seq
	as_nobody $S build --root "$NI/j" --runtime none /bin/true >"$T/out" 2>&1
	if [ -e "$NI/j/bin/true" ] && [ ! -e "$NI/j/usr/bin/seq" ]; then
		pass "build: what the interrupted build copied is pruned"
	else
		fail "build: what the interrupted build copied is pruned" "$(cat "$T/out"; ls "$NI/j/usr/bin")"
	fi
fi
rm -rf "$NI"

# The chroot backend maps only the caller's ids: the message says so.
NG=$(mktemp -d /tmp/sb-grp.XXXXXX)
chmod 755 "$NG"
chown 65534:65534 "$NG" 2>/dev/null
if [ "$(stat -c %u "$NG")" = 65534 ]; then
	expect_status "chroot as nobody: --group root is 125" 125 \
	    as_nobody $S --backend chroot --root "$NG/j" --group root id
	expect_err "chroot as nobody: the message is the chroot backend's" \
	    "maps only (your|their) own uid and gid"
fi
rm -rf "$NG"

# A program in its jail must not change what a later build or sync trusts.
# Its .sandbox (manifest, lock) is hidden, empty and read-only, on every
# way into a jail; and a build never follows a link the program made in
# place of one of the jail's directories.
NM=$(mktemp -d /tmp/sb-man.XXXXXX)
chmod 755 "$NM"
chown 65534:65534 "$NM"
if [ "$(id -u)" = 0 ] && [ "$(stat -c %u "$NM")" = 65534 ]; then
	as_nobody mkdir -m 700 "$NM/secret"
	as_nobody sh -c "echo k3 >'$NM/secret/k3'"
	as_nobody $S build --root "$NM/j" --runtime none /bin/sh /bin/cat \
	    /bin/ls >/dev/null 2>&1
	# (timeout runs a command, not the shell function as_nobody)
	NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
	inject="echo 'file $NM/secret/k3' >>/.sandbox/manifest"
	# hidden TAG CMD...: CMD runs a program in the jail (in "$@" and
	# "$J1"), which tries to write the manifest; then the next run must
	# not find the file, and the manifest must not name it.
	hidden() {
		_tag=$1
		shift
		expect_out "$_tag: .sandbox is empty inside" "end" \
		    "$@" /bin/sh -c 'ls -A /.sandbox; echo end'
		timeout 20 "$@" /bin/sh -c "$inject" >/dev/null 2>&1 </dev/null
		expect_status "$_tag: the injected file is not in the next run" 1 \
		    "$@" /bin/cat "$NM/secret/k3"
		if grep -q secret "$J1/.sandbox/manifest"; then
			fail "$_tag: the manifest is unchanged" "$(tail -2 "$J1/.sandbox/manifest")"
		else
			pass "$_tag: the manifest is unchanged"
		fi
	}
	J1=$NM/j
	hidden "jail (chroot as nobody)" $NOBODY $S --backend chroot --root "$J1"
	hidden "jail (combined as nobody)" $NOBODY $S --root "$J1"
	expect_status "sync as nobody: the jail syncs" 0 as_nobody $S sync --root "$J1"
	if [ -e "$J1$NM/secret/k3" ]; then
		fail "sync as nobody: the host file stays out" "linked into the jail"
	else
		pass "sync as nobody: the host file stays out"
	fi
	J1=$T/rootj
	$S build --root "$J1" --runtime none /bin/sh /bin/cat /bin/ls >/dev/null 2>&1
	hidden "jail (chroot as root, --user nobody)" $S --backend chroot --user nobody --root "$J1"
	hidden "jail (chroot as root)" $S --backend chroot --root "$J1"
	hidden "jail (combined as root)" $S --root "$J1"
	hidden "jail (root's, entered by nobody)" $NOBODY $S --backend chroot --root "$J1"

	# A file of the user's in the jail is a copy, not a hard link: what the
	# program writes there does not reach the host's file.
	as_nobody sh -c "echo mine >'$NM/own.txt'"
	as_nobody $S build --root "$NM/w" --runtime none --file "$NM/own.txt" \
	    /bin/sh >/dev/null 2>&1
	as_nobody $S --backend chroot --root "$NM/w" /bin/sh -c \
	    "echo evil >>'$NM/own.txt'" >/dev/null 2>&1
	expect_out "jail (nobody): writing the user's file leaves the host's" \
	    mine cat "$NM/own.txt"
	$S build --root "$T/wj2" --runtime none --file "$NM/own.txt" /bin/sh \
	    >/dev/null 2>&1
	$S --backend chroot --root "$T/wj2" --user nobody /bin/sh -c \
	    "echo evil >>'$NM/own.txt'" >/dev/null 2>&1
	expect_out "jail (root, --user nobody): writing nobody's file leaves the host's" \
	    mine cat "$NM/own.txt"

	# A copy the program changed and set back to the host's size and time
	# is still stale: its ctime is not the one the build left.
	as_nobody $S build --root "$NM/w2" --runtime none --file "$NM/own.txt" \
	    /bin/sh /bin/cat /usr/bin/touch >/dev/null 2>&1
	M=$(stat -c %y "$NM/own.txt")
	as_nobody $S --backend chroot --root "$NM/w2" /bin/sh -c \
	    "echo evil >'$NM/own.txt' && touch -d '$M' '$NM/own.txt'" >/dev/null 2>&1
	if [ "$(cat "$NM/w2$NM/own.txt")" = evil ] &&
	    [ "$(stat -c %y "$NM/w2$NM/own.txt")" = "$M" ]; then
		expect_out "jail (nobody): a copy changed and set back is restored" \
		    mine as_nobody $S --backend chroot --root "$NM/w2" /bin/cat "$NM/own.txt"
	else
		fail "jail (nobody): a copy changed and set back is restored" "the change did not happen"
	fi

	# A fifo left in place of the jail's passwd does not block a sync.
	$S build --root "$T/fj" --runtime none --user nobody /bin/sh /bin/rm \
	    /usr/bin/mkfifo >/dev/null 2>&1
	$S --backend chroot --root "$T/fj" /bin/sh -c \
	    'rm /etc/passwd && mkfifo /etc/passwd' >/dev/null 2>&1
	expect_status "sync: a fifo in place of passwd is replaced, not read" 0 \
	    timeout 20 $S sync --root "$T/fj"
	if [ -f "$T/fj/etc/passwd" ] && [ ! -p "$T/fj/etc/passwd" ]; then
		pass "sync: passwd is a file again"
	else
		fail "sync: passwd is a file again" "$(ls -l "$T/fj/etc/passwd")"
	fi

	# The program makes a directory the build will prune a link to a host
	# directory: the build removes nothing there.
	as_nobody mkdir -p "$NM/d/e" "$NM/h/e"
	as_nobody $S build --root "$NM/p" --runtime none --file "$NM/d" \
	    /bin/sh /bin/rm /bin/ln >/dev/null 2>&1
	as_nobody $S --backend chroot --root "$NM/p" /bin/sh -c \
	    "rm -r '$NM/d' && ln -s '$NM/h' '$NM/d'" >/dev/null 2>&1
	expect_status "build as nobody: prunes a jail whose directory is a link" 0 \
	    as_nobody $S build --root "$NM/p" --runtime none /bin/sh
	if [ -d "$NM/h/e" ]; then
		pass "build: nothing removed through a link the program made"
	else
		fail "build: nothing removed through a link the program made" "$NM/h/e is gone"
	fi
fi
rm -rf "$NM"

# Out of descriptors: said as such (EMFILE), exit 125, nothing half-done.
# A complete jail rebuilt with 7 descriptors once took a directory it
# could not open for something else and tried to remove it; it must stay
# whole and run. Then every verb and backend, with 5 to 12 descriptors,
# either works or fails with 125 and EMFILE named.
FD=$T/fdjail
if $S build --root "$FD" /bin/sh /bin/cat >"$T/out" 2>&1; then
	expect_status "build: with 7 descriptors, exit 125" 125 \
	    sh -c "ulimit -n 7; exec $S build --root '$FD' /bin/sh /bin/cat"
	expect_err "build: ... EMFILE named, no misleading error" "EMFILE"
	if grep -q "not empty" "$T/err"; then
		fail "build: no 'Directory not empty' for want of descriptors"
	fi
	expect_out "build: ... the jail still runs" ok $S --backend chroot --root "$FD" /bin/sh -c 'echo ok'
	bad=""
	for n in 5 6 7 8 9 10 11 12; do
		for v in "build --root $FD /bin/sh /bin/cat" "sync --root $FD" \
		    "--backend chroot --root $FD /bin/cat /dev/null" \
		    "--backend combined --root $FD /bin/cat /dev/null" \
		    "--backend none /bin/true" "--backend unveil -v /usr /bin/true" \
		    "--backend namespace /bin/true" "--backend combined /bin/true" \
		    "deps /bin/sh"; do
			(ulimit -n $n; exec $S $v) >/dev/null 2>"$T/err" </dev/null
			rc=$?
			if [ $rc != 0 ] && { [ $rc != 125 ] ||
			    ! grep -q EMFILE "$T/err"; }; then
				bad="$bad [$n: $v: $rc $(head -c 120 "$T/err")]"
			fi
		done
	done
	if [ -z "$bad" ]; then
		pass "descriptors 5..12: every verb and backend works or says EMFILE with 125"
	else
		fail "descriptors 5..12: every verb and backend works or says EMFILE with 125" "$bad"
	fi
	expect_out "... and the jail still runs" ok $S --backend chroot --root "$FD" /bin/sh -c 'echo ok'
else
	fail "build: a jail for the descriptor checks" "$(head -c 300 "$T/out")"
fi

# Out of processes: said as such (EAGAIN), exit 125.
if command -v prlimit >/dev/null; then
	for b in none namespace combined; do
		expect_status "$b (nobody): out of processes, exit 125" 125 \
		    as_nobody prlimit --nproc=1 -- $S --backend $b /bin/true
		expect_err "... EAGAIN named" "EAGAIN: out of processes"
	done
fi

# Out of space: a build is all or nothing. A jail on a small file system
# of its own, then a build for python into it that cannot fit: it fails
# with 125 and ENOSPC named, and the jail is as it was, manifest and all,
# with no half-copied file and the space given back; it still runs, and
# a sync of it still works.
SM=$T/small
if [ "$(id -u)" = 0 ] && [ -x /usr/bin/python3 ] && mkdir -m 755 "$SM" &&
    mount -t tmpfs -o size=20m,mode=755 tmpfs "$SM"; then
	if $S build --root "$SM/j" /bin/sh /bin/cat >"$T/out" 2>&1; then
		cp "$SM/j/.sandbox/manifest" "$T/manifest.before"
		used=$(df -k --output=used "$SM" | tail -1)
		expect_status "build: out of space, exit 125" 125 \
		    $S build --root "$SM/j" --runtime python /usr/bin/python3
		expect_err "build: ... ENOSPC named" "ENOSPC"
		if cmp -s "$T/manifest.before" "$SM/j/.sandbox/manifest" &&
		    [ -z "$(find "$SM/j" -path "$SM/j/.sandbox" -prune -o -name 'python3*' -print)" ] &&
		    [ "$(df -k --output=used "$SM" | tail -1)" -le $((used + 64)) ]; then
			pass "build: ... the jail, its manifest and the space are as they were"
		else
			fail "build: ... the jail, its manifest and the space are as they were" \
			    "$(find "$SM/j" -name 'python3*' | head -3) used $used -> $(df -k --output=used "$SM" | tail -1)"
		fi
		expect_out "build: ... the jail still runs" ok \
		    $S --backend chroot --root "$SM/j" /bin/sh -c 'echo ok'
		expect_status "sync: ... and still syncs" 0 $S sync --root "$SM/j"
	else
		fail "build: a jail on a small file system" "$(head -c 300 "$T/out")"
	fi
	# A sync too: the host's program grows past the room left; the
	# jail keeps its old copy, whole, which still runs.
	mkdir -m 755 "$T/grow" && cp /bin/true "$T/grow/prog"
	if $S build --root "$SM/k" --runtime none "$T/grow/prog" >"$T/out" 2>&1; then
		cp "$SM/k/.sandbox/manifest" "$T/manifest.k"
		size=$(stat -c %s "$SM/k$T/grow/prog")
		head -c 24M /dev/zero >>"$T/grow/prog"
		expect_status "sync: out of space, exit 125" 125 $S sync --root "$SM/k"
		expect_err "sync: ... ENOSPC named" "ENOSPC"
		if cmp -s "$T/manifest.k" "$SM/k/.sandbox/manifest" &&
		    [ "$(stat -c %s "$SM/k$T/grow/prog")" = "$size" ] &&
		    [ -z "$(ls -A "$SM/k/.sandbox/stage")" ]; then
			pass "sync: ... the jail and its manifest are as they were"
		else
			fail "sync: ... the jail and its manifest are as they were" \
			    "size $size -> $(stat -c %s "$SM/k$T/grow/prog")"
		fi
		# A run would refresh the jail first, and fail as the sync did.
		expect_status "sync: ... the old copy still runs (chroot(8))" 0 \
		    chroot "$SM/k" "$T/grow/prog"
	else
		fail "sync: a jail on a small file system" "$(head -c 300 "$T/out")"
	fi
	umount "$SM"
else
	skip "build: out of space" "not root, no python3 or no tmpfs"
fi

# A build reads each host file through one descriptor opened with no link
# on the way: a directory another user swaps for a link to a directory
# of root's while the jail is built again and again (8 s) never puts
# root's file in the jail in place of the user's, under a directory.
E=$(dirname "$S")/escape
if [ "$(id -u)" = 0 ] && [ -x "$E" ]; then
	HS=$(mktemp -d /tmp/sb-hswap.XXXXXX)
	chmod 755 "$HS"
	mkdir -m 700 "$HS/secret" && echo ROOT-SECRET >"$HS/secret/f"
	mkdir -m 755 "$HS/d" "$HS/d/d0"
	echo users >"$HS/d/d0/f"
	chown -R 65534:65534 "$HS/d"
	as_nobody timeout 15 "$E" swap "$HS/d" "$HS/secret" 9 always >/dev/null &
	SW=$!
	sleep 0.3
	end=$(($(date +%s) + 8)) runs=0 seen=0
	while [ "$(date +%s)" -lt $end ]; do
		runs=$((runs + 1))
		$S build --root "$HS/j" --runtime none --file "$HS/d/d0/f" /bin/true \
		    >/dev/null 2>&1 </dev/null
		# A link in the jail is the user's own (the build saw a link);
		# root's file under the user's directory in the jail is not.
		[ ! -L "$HS/j$HS/d/d0" ] &&
		    grep -qs ROOT-SECRET "$HS/j$HS/d/d0/f" && seen=$((seen + 1))
	done
	wait $SW
	if [ $seen -eq 0 ] && [ $runs -ge 3 ]; then
		pass "build: a host directory swapped for a link meanwhile is not followed ($runs builds)"
	else
		fail "build: a host directory swapped for a link meanwhile" "$seen of $runs builds brought root's file in"
	fi
	rm -rf "$HS"
fi
