# sandbox deps against ldd, the reference, over every ELF program in
# /usr/bin and /usr/sbin: every file ldd names (compared by real path) must
# be in our closure. ldd runs only here, on the system's own programs.
# `make check` takes every fourth ELF program (the same ones each run, so a
# failure reproduces); `make check-full` (SANDBOX_CHECK_FULL=1) takes all.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX

step=4
[ -n "${SANDBOX_CHECK_FULL:-}" ] && step=1
checked=0 missed=0 errors=0 seen=0
: >"$T/report"
for p in /usr/bin/* /usr/sbin/*; do
	[ -f "$p" ] && [ ! -L "$p" ] || continue
	head -c 4 "$p" 2>/dev/null | grep -q 'ELF' || continue
	seen=$((seen + 1))
	[ $((seen % step)) = 0 ] || continue
	ldd_out=$(timeout 10 ldd "$p" 2>/dev/null) || continue
	case $ldd_out in *"not found"*|*"not a dynamic"*|*statically*) continue ;; esac
	if ! timeout 10 $S deps "$p" >"$T/ours" 2>"$T/err"; then
		errors=$((errors + 1))
		echo "$p: deps failed: $(cat "$T/err")" >>"$T/report"
		continue
	fi
	checked=$((checked + 1))
	xargs -r realpath -e <"$T/ours" 2>/dev/null | sort -u >"$T/ours.real"
	echo "$ldd_out" | awk '/=>/ { print $3; next } $1 ~ /^\// { print $1 }' |
	    xargs -r realpath -e 2>/dev/null | sort -u >"$T/ldd.real"
	if [ -n "$(comm -23 "$T/ldd.real" "$T/ours.real")" ]; then
		missed=$((missed + 1))
		echo "$p: misses $(comm -23 "$T/ldd.real" "$T/ours.real" | tr '\n' ' ')" >>"$T/report"
	fi
done
if [ $checked -gt $((200 / step)) ] && [ $missed = 0 ] && [ $errors = 0 ]; then
	pass "deps: closure covers ldd for $checked programs (1 in $step)"
else
	fail "deps: closure covers ldd" "$checked checked, $missed missing, $errors errors: $(head -5 "$T/report")"
fi

# The closure keeps symlink chains: the link named and its target.
$S deps /usr/bin/ls >"$T/ls" 2>"$T/err"
libc=$(ldd /usr/bin/ls | awk '/libc.so/ { print $3 }')
if grep -qx "$libc" "$T/ls" && grep -qx "$(realpath "$libc")" "$T/ls"; then
	pass "deps: the soname link and its target"
else
	fail "deps: the soname link and its target" "$(cat "$T/ls" | tr '\n' ' ')"
fi
interp=$(readelf -l /usr/bin/ls 2>/dev/null | sed -n 's/.*interpreter: \(.*\)]/\1/p')
if [ -n "$interp" ] && grep -qx "$interp" "$T/ls"; then
	pass "deps: the ELF interpreter"
else
	fail "deps: the ELF interpreter" "$interp not in output"
fi

# Scripts pull in their interpreter, through env too.
printf '#!/bin/sh\necho hi\n' >"$T/s.sh"
printf '#!/usr/bin/env perl\nprint 1;\n' >"$T/p.pl"
chmod +x "$T/s.sh" "$T/p.pl"
$S deps "$T/s.sh" >"$T/o1" 2>&1
if grep -qx /bin/sh "$T/o1" && grep -qx "$(realpath /bin/sh)" "$T/o1"; then
	pass "deps: #! script brings its interpreter"
else
	fail "deps: #! script brings its interpreter" "$(cat "$T/o1" | tr '\n' ' ')"
fi
$S deps "$T/p.pl" >"$T/o2" 2>&1
perl=$(command -v perl)
if grep -qx /usr/bin/env "$T/o2" && grep -qx "$perl" "$T/o2" &&
    grep -qx "$(realpath "$perl")" "$T/o2"; then
	pass "deps: #!/usr/bin/env perl brings env and perl"
else
	fail "deps: #!/usr/bin/env perl brings perl" "$(cat "$T/o2" | tr '\n' ' ')"
fi

# A static program is its own closure.
bb=$(command -v busybox)
if [ -n "$bb" ] && ! readelf -l "$bb" 2>/dev/null | grep -q INTERP; then
	expect_out "deps: a static program is alone" "$(realpath "$bb")" \
	    sh -c "$S deps $(realpath "$bb")"
fi

# Bad input: a clear error and 125.
expect_status "deps: non-ELF file is 125" 125 $S deps /etc/passwd
expect_err "deps: non-ELF file is named" "/etc/passwd: not an ELF file"
expect_status "deps: missing program is 125" 125 $S deps /nonexistent/x
expect_err "deps: missing program is named" "/nonexistent/x: No such file"
head -c 100 /usr/bin/ls >"$T/trunc"
expect_status "deps: truncated ELF is 125" 125 $S deps "$T/trunc"
expect_err "deps: truncated ELF is named" "trunc: truncated"

# deps --root looks inside a jail: the jail's own files.
if [ "$(id -u)" = 0 ]; then
	$S build --root "$T/jail" --runtime none /bin/sh >/dev/null 2>&1
	$S deps --root "$T/jail" /bin/sh >"$T/in" 2>"$T/err"
	if [ -s "$T/in" ] && grep -qx "$(realpath /bin/sh)" "$T/in"; then
		pass "deps --root: closure inside a jail"
	else
		fail "deps --root: closure inside a jail" "$(cat "$T/err")"
	fi
	expect_status "deps --root: a program not in the jail is 125" 125 \
	    $S deps --root "$T/jail" /usr/bin/perl
	expect_err "deps --root: a program not in the jail is named" "perl"
fi

# ld.so tries, in each search directory, the glibc-hwcaps levels this CPU
# supports, then the legacy tls/ and platform subdirectories (glibc 2.36),
# then the directory: a library found only there is found by deps too.
if command -v cc >/dev/null; then
	H=$T/hw
	mkdir -p "$H/lib" "$H/bin"
	echo 'int f(void) { return 3; }' >"$H/f.c"
	echo 'int f(void); int main(void) { return f(); }' >"$H/m.c"
	cc -shared -fPIC -Wl,-soname,libhwf.so -o "$H/lib/libhwf.so" "$H/f.c" &&
	    cc -o "$H/bin/m" "$H/m.c" -L"$H/lib" -lhwf -Wl,-rpath,"$H/lib" ||
	    fail "deps: hwcaps fixture" "cc failed"
	# deps_only_in SUBDIR: the library only in $H/lib/SUBDIR, found there.
	deps_only_in() {
		rm -rf "$H/lib/glibc-hwcaps" "$H/lib/tls" "$H/lib/x86_64"
		mkdir -p "$H/lib/$1"
		mv "$H/lib/libhwf.so" "$H/lib/$1/libhwf.so"
		timeout 10 "$H/bin/m"
		host=$?
		timeout 10 $S deps "$H/bin/m" >"$T/hw.out" 2>"$T/err"
		st=$?
		mv "$H/lib/$1/libhwf.so" "$H/lib/libhwf.so"
		if [ "$host" != 3 ]; then
			skip "deps: a library only in $1/" "ld.so does not look there here"
		elif [ $st = 0 ] && grep -qx "$H/lib/$1/libhwf.so" "$T/hw.out"; then
			pass "deps: a library only in $1/"
		else
			fail "deps: a library only in $1/" "exit $st: $(cat "$T/err" "$T/hw.out" | head -3)"
		fi
	}
	if /lib64/ld-linux-x86-64.so.2 --help 2>/dev/null | grep -q 'x86-64-v2 (supported'; then
		deps_only_in glibc-hwcaps/x86-64-v2
	else
		skip "deps: a library only in glibc-hwcaps/x86-64-v2/" "CPU below x86-64-v2"
	fi
	if [ "$(uname -m)" = x86_64 ]; then
		deps_only_in tls
		deps_only_in x86_64
	fi
else
	skip "deps: hwcaps subdirectories" "no cc"
fi

# A program cut short, or whose dynamic section points outside the file,
# is refused (125), and the message says which check failed.
static=$SANDBOX_BUILD/sandbox-probe
if [ -f "$static" ]; then
	head -c 1000 "$static" >"$T/cut-static"
	chmod +x "$T/cut-static"
	expect_status "deps: a static program cut to 1000 bytes is 125" 125 $S deps "$T/cut-static"
	expect_err "deps: the cut static program: which segment, past the end" \
	    "cut-static: truncated ELF file \(PT_LOAD, program header [0-9]+: .* past the end of the file at 0x3e8\)"
else
	skip "deps: a static program cut short" "no $static"
fi
head -c 1000 /bin/ls >"$T/cut-ls"
expect_status "deps: a dynamic program cut to 1000 bytes is 125" 125 $S deps "$T/cut-ls"
expect_err "deps: the cut dynamic program: past the end" "cut-ls: truncated ELF file \(PT_LOAD"
if python3 "$TESTS_DIR/elfpatch.py" /bin/ls "$T/far-needed" needed; then
	expect_status "deps: a DT_NEEDED string far out is 125" 125 $S deps "$T/far-needed"
	expect_err "deps: the far string's offset is named" \
	    "far-needed: malformed dynamic section \(entry [0-9]+: string offset 0x7fff0000 outside the string table"
fi
if python3 "$TESTS_DIR/elfpatch.py" /bin/ls "$T/far-strtab" strtab; then
	expect_status "deps: a DT_STRTAB in no segment is 125" 125 $S deps "$T/far-strtab"
	expect_err "deps: the stray DT_STRTAB is named" \
	    "far-strtab: malformed dynamic section \(DT_STRTAB 0x7fff0000 is in no PT_LOAD"
fi
