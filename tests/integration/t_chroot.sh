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
