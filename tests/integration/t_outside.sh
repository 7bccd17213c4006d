# Checks from outside: ordinary Debian programs and inputs a user gives,
# under each backend, as root and as nobody. Each check here was written
# when the case failed.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
TO="timeout 20"
chmod 755 "$T"

# ends NAME CMD...: CMD ends within the timeout (124 is the timeout's).
ends() {
	_n=$1
	shift
	$TO "$@" >"$T/out" 2>"$T/err" </dev/null
	_st=$?
	if [ $_st != 124 ]; then
		pass "$_n"
	else
		fail "$_n" "hung; stderr: $(head -c 300 "$T/err")"
	fi
}

# An empty promise string is pledge(""): only exiting is allowed. The
# child must not wait on a listener nobody holds yet.
for p in "" "   " "rpath"; do
	expect_status "pledge '$p': true exits" 0 \
	    $TO $S -b pledge -p "$p" /usr/bin/true
done
expect_status "pledge '': cat is killed at its open" 134 \
    $TO $S -b pledge -p "" /bin/cat /etc/hostname
expect_err "pledge '': the violation is reported" 'cat\[[0-9]+\]: pledge "[a-z]+"( or "[a-z ]+")*, syscall'
ends "combined -p '' ends" $S -b combined -p "" /usr/bin/true

# Promises separated by tabs, newlines (a Lua [[long string]]) or runs of
# spaces are words as with single spaces.
expect_out "pledge: tab and extra spaces between promises" "$(cat /etc/hostname)" \
    $TO $S -b pledge -p "$(printf '  stdio\trpath \n ')" /bin/cat /etc/hostname

# unveil: a path whose directory is missing is an error (ENOENT on
# OpenBSD); its letters must not go to the nearest existing ancestor,
# which for a typo may be / itself. A missing top-level name with c would
# give its letters to everything beneath /.
expect_status "unveil: a missing directory on the way is refused" 125 \
    $TO $S -b unveil -v /nonexistent-outside/x:rwc /usr/bin/true
expect_err "unveil: the refusal names the missing directory" 'no such directory /nonexistent-outside'
expect_status "unveil: a missing top-level path with c is refused" 125 \
    $TO $S -b unveil -v /nonexistent-outside:rwc /usr/bin/true
expect_status "combined: a missing directory on the way is refused" 125 \
    $TO $S -b combined -v /nonexistent-outside/x:rwc /usr/bin/true
mkdir "$T/uv"
expect_status "unveil: a missing last component with c still runs" 0 \
    $TO $S -b unveil -v "$T/uv/new:rwc" /bin/sh -c "echo x > $T/uv/new"

# An empty program name is not found (execvp(3) and env(1) say ENOENT).
for b in none chroot unveil namespace combined; do
	expect_status "$b: an empty program name is not found" 127 \
	    $TO $S -b $b ''
done

# A program named through a symbolic link (/bin -> usr/bin) is there under
# the name it was given: a shell that runs "$0" again, a script whose
# #! names the same path.
expect_out "chroot: /bin/sh is in its jail as /bin/sh" inner \
    $TO $S -b chroot /bin/sh -c '/bin/sh -c "echo inner"'
# The view holds the program as named (/bin -> usr/bin) and as it is.
expect_out "namespace: /bin/sh is in its view as /bin/sh" inner \
    $TO $S -b namespace /bin/sh -c '/bin/sh -c "echo inner"'

# --user by a number with no passwd entry: every backend runs it with that
# uid and the group given; the jail has no entry to show. Without a group
# it is refused, as chroot(8) refuses: no group is guessed.
if [ "$(id -u)" = 0 ] && ! getent passwd 4321 >/dev/null; then
	for b in chroot namespace combined unveil; do
		expect_out "$b: --user 4321 without an account" "4321 4322" \
		    $TO $S -b $b -u 4321 -g 4322 /usr/bin/busybox sh -c \
		    'echo $(/usr/bin/busybox id -u) $(/usr/bin/busybox id -g)'
		expect_status "$b: --user 4321 without an account nor a group is 125" 125 \
		    $TO $S -b $b -u 4321 /usr/bin/busybox true
	done
fi

# A file rule beneath a directory with c, lacking only c: c is a right of
# the directory on Linux (c on a file is dropped), so the file rule does
# not narrow it. sandbox learn writes such policies ("dir" = "c" for the
# file created, the file "rw"); they must run under unveil.
mkdir "$T/lc" && chmod 777 "$T/lc" && : >"$T/lc/f"
expect_out "unveil: a file rule without c beneath a directory with c" "x" \
    $TO $S -b unveil -v "$T/lc:c" -v "$T/lc/f:rw" /bin/sh -c \
    "echo x > $T/lc/f && read l < $T/lc/f && echo \$l"
$TO $S learn -o "$T/lc.lua" -- /bin/sh -c \
    "cd $T/lc && tar cf $T/lc/a.tar f && tar tf a.tar" \
    >/dev/null 2>&1
for b in unveil combined; do
	expect_out "$b: a policy sandbox learn wrote for tar runs" f \
	    $TO $S -b $b -P "$T/lc.lua"
done

# glibc loads libgcc_s at the first pthread_exit or pthread_cancel, and
# aborts without it; the chroot jail and the namespace view hold it by
# default (the libgcc set). A Python extension module's own library
# (_sqlite3 needs libsqlite3) comes with the python set under every view.
cat >"$T/pex.c" <<'C'
#include <pthread.h>
#include <stdio.h>
static void *f(void *a) { pthread_exit(a); }
int main(void) { pthread_t t; pthread_create(&t, NULL, f, NULL);
	pthread_join(t, NULL); puts("joined"); return 0; }
C
if cc -o "$T/pex" "$T/pex.c" -lpthread 2>/dev/null; then
	for b in none chroot unveil; do
		expect_out "$b: pthread_exit finds libgcc_s" joined $TO $S -b $b "$T/pex"
	done
	# The default run-time sets are bound so that libgcc_s can be mapped
	# executable (dlopen failed with EPERM on a noexec bind).
	for b in namespace combined; do
		expect_out "$b: pthread_exit finds libgcc_s" joined \
		    $TO $S -b $b "$T/pex"
	done
fi
cat >"$T/py.lua" <<'LUA'
return { program = "/usr/bin/python3",
  args = { "-c", "import sqlite3; print(sqlite3.connect(':memory:').execute('select 6*7').fetchone()[0])" },
  files = { sandbox.runtime.python } }
LUA
chmod 644 "$T/py.lua"
for b in chroot unveil; do
	expect_out "$b: python's sqlite3 module loads its library" 42 $TO $S -b $b -P "$T/py.lua"
done
expect_out "namespace: python's sqlite3 module loads its library" 42 \
    $TO $S -b namespace -P "$T/py.lua"

# setlocale(3) finds C.UTF-8 under unveil without a rule, as in a jail or
# the namespace view: Perl warns loudly when it cannot.
expect_out "unveil: perl finds the C.UTF-8 locale" ok \
    $TO $S -b unveil --env LANG=C.UTF-8 --env LC_ALL= /usr/bin/perl -e 'print "ok\n"'
expect_status "unveil: and says nothing about it" 0 test ! -s "$T/err"

# -v PATH:PERMS with letters other than rwxc is an error, upper case too
# ("/etc:R"), not a path "/etc:R" that is not there.
expect_status "unveil: -v DIR:R is bad permissions" 125 \
    $TO $S -b unveil -v /etc:R /usr/bin/true
expect_err "unveil: the error names the letters" "bad permissions 'R'"
echo x >"$T/a:b"
chmod 644 "$T/a:b"
expect_status "unveil: -v FILE-WITH-COLON stays a path" 0 \
    $TO $S -b unveil -v "$T/a:b" /bin/sh -c "read l < '$T/a:b'"
if [ -x "$T/pex" ]; then
	expect_out "pledge stdio: pthread_exit finds libgcc_s" joined \
	    $TO $S -b pledge -p stdio "$T/pex"
fi

# With -v /usr:rx, the host's /bin -> usr/bin link is in the view too, so
# /bin/sh and /bin/echo resolve (tar's compressor runs via /bin/sh,
# Python's subprocess runs "/bin/echo"), as under unveil.
expect_out "unveil: -v /usr:rx reaches /bin/echo" hi \
    $TO $S -b unveil -v /usr:rx /usr/bin/python3 -c \
    'import subprocess; subprocess.run(["/bin/echo", "hi"])'
expect_out "namespace: -v /usr:rx reaches /bin/echo" hi \
    $TO $S -b namespace -v /usr:rx /usr/bin/python3 -c \
    'import subprocess; subprocess.run(["/bin/echo", "hi"])'

# A jail at / under another spelling ("//", "/usr/..") is refused as "/"
# is. Checked in a private mount namespace where / is read-only, so that
# a regression fails on EROFS instead of writing to the host's root.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	for r in // /usr/.. /./; do
		expect_status "build --root $r is refused" 125 timeout 20 \
		    unshare -m sh -c "mount --make-rprivate / &&
		    mount -o remount,bind,ro / && exec $S build --root $r /bin/true"
		expect_err "build --root $r: says why" "refusing to build a jail at /"
	done
fi

# On a terminal, ttyname(3) names it inside as outside: the namespace view
# binds the program's own /dev/pts/N, and no other pty.
if command -v script >/dev/null; then
	for b in none unveil namespace combined; do
		_got=$(timeout 20 script -qec "$S -b $b /usr/bin/busybox tty" /dev/null \
		    </dev/null 2>&1 | tr -d '\r')
		case $_got in
		/dev/pts/*) pass "$b: tty names the terminal" ;;
		*) fail "$b: tty names the terminal" "got '$_got'" ;;
		esac
	done
	# Only that pty: the others of the host stay out of the view.
	_n=$(timeout 20 script -qec "$S -b namespace /usr/bin/busybox ls /dev/pts" \
	    /dev/null </dev/null 2>&1 | tr -d '\r' | wc -w)
	if [ "$_n" = 1 ]; then pass "namespace: /dev/pts holds the program's pty alone"
	else fail "namespace: /dev/pts holds the program's pty alone" "$_n entries"; fi
fi

# An interpreter needs its library, which no ELF header names: without it
# Python cannot start; --runtime brings the set, under every view.
for b in chroot unveil namespace combined; do
	expect_status "$b nobody: python3 without its library fails" 1 \
	    as_nobody $TO $S -q -b $b /usr/bin/python3 -c 'import json'
	expect_out "$b nobody: --runtime python" "py 2" \
	    as_nobody $TO $S -b $b --runtime python /usr/bin/python3 \
	    -c 'import json, sqlite3; print("py", json.loads("2"))'
	expect_out "$b root: --runtime perl" "pl 3" \
	    $TO $S -b $b --runtime perl /usr/bin/perl \
	    -MPOSIX -e 'print "pl ", POSIX::floor(3.5), "\n"'
done
expect_status "--runtime with an unknown set is 125" 125 $S --runtime nosuch /bin/true
expect_err "... and names the sets known" "no such set 'nosuch' \(known: dns, users"

# A restriction asked for on the command line that the backend chosen does
# not apply is refused, never dropped: "-b pledge -v" would run unveiled.
expect_status "pledge backend with --unveil is 125" 125 $S -b pledge -p "stdio rpath" -v /etc/hostname cat /etc/passwd
expect_err "... and names the backends that apply it" "the pledge backend does not apply unveil rules; backends that do: unveil, namespace, combined"
expect_status "unveil backend with --pledge is 125" 125 $S -b unveil -p stdio -v /etc /bin/true
expect_status "namespace backend with --pledge is 125" 125 $S -b namespace -p stdio /bin/true
expect_status "unveil backend with --execpromises is 125" 125 $S -b unveil --execpromises stdio /bin/true
expect_status "pledge backend with --net none is 125" 125 $S -b pledge -p "stdio inet" -n none /bin/true
expect_status "chroot backend with --net none is 125" 125 $S -b chroot -n none /bin/true
expect_status "none backend with --unveil is 125" 125 $S -b none -v /etc /bin/true
expect_status "unveil backend with --root is 125" 125 $S -b unveil -r /nonexistent /bin/true
expect_status "--net host asks nothing of a backend" 0 $S -b pledge -p stdio -n host /bin/true
# A policy's fields are the whole plan: a backend chosen to compare applies
# its part of it.
expect_status "a policy's unveil under -b pledge is its plan, not an error" 0 \
    $S -P "$TESTS_DIR/../../policies/cat-readonly.lua" -b pledge -- /bin/true

# The namespace view walks symlinks as the kernel does: under a directory
# whose name starts with a dot, and with ".." in their targets.
d=$(mktemp -d /var/tmp/sbdot.XXXXXX)
mkdir "$d/.conf" "$d/lib"
echo dotted >"$d/.conf/t"
ln -s t "$d/.conf/l"
echo up >"$d/lib/f"
ln -s ../lib/f "$d/.conf/up"
chmod -R a+rX "$d"
for b in namespace combined; do
	expect_out "$b: a link under a dot directory" dotted $S -b $b -v "$d/.conf/l" cat "$d/.conf/l"
	expect_out "$b: a link whose target has .." up $S -b $b -v "$d/.conf/up" cat "$d/.conf/up"
	expect_out "$b nobody: a link whose target has .." up as_nobody $S -b $b -v "$d/.conf/up" cat "$d/.conf/up"
done
rm -rf "$d"

# What execve(2) would answer, whatever the backend: a script whose
# interpreter is missing is 127, a file neither ELF nor #! is 126.
printf '#!/nonexistent/interp\necho hi\n' >"$T/badinterp"
printf 'echo plain\n' >"$T/noshebang"
chmod 755 "$T/badinterp" "$T/noshebang"
for b in none chroot unveil pledge namespace combined; do
	o=; [ $b = pledge ] && o="-p stdio"
	expect_status "$b: a missing interpreter is 127" 127 $S -b $b $o "$T/badinterp"
	expect_status "$b: neither ELF nor #! is 126" 126 $S -b $b $o "$T/noshebang"
done

# /proc/self in a rule is the program's own, not the supervisor's: taken as
# written under unveil, the view's own /proc under namespace and combined.
for b in unveil namespace combined; do
	expect_out "$b: a rule on /proc/self/status" "Name:	cat" sh -c \
	    "$S -b $b -v /proc/self/status cat /proc/self/status | head -1"
	expect_out "$b nobody: a rule on /proc/self/fd" "0" sh -c \
	    "setpriv --reuid=65534 --regid=65534 --clear-groups $S -b $b -v /proc/self/fd:r ls /proc/self/fd | head -1"
done

# Killed with SIGKILL, the sandbox takes its program with it, also when the
# program runs as another user (a change of identity clears the
# parent-death signal: it is set again after the drop).
if [ "$(id -u)" = 0 ]; then
	for b in chroot unveil pledge namespace combined; do
		o=; [ $b = pledge ] && o="-p stdio"; [ $b = unveil ] && o="-v /tmp"
		setsid $S -b $b $o --user nobody /bin/sleep 47 </dev/null >/dev/null 2>&1 &
		sp=$!
		i=0
		while ! pgrep -u nobody -f 'sleep 47' >/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -KILL $sp
		wait $sp 2>/dev/null
		i=0
		while pgrep -u nobody -f 'sleep 47' >/dev/null && [ $i -lt 30 ]; do
			sleep 0.1; i=$((i + 1))
		done
		if pgrep -u nobody -f 'sleep 47' >/dev/null; then
			fail "$b --user nobody: the program dies with a killed sandbox" "still running"
			pkill -KILL -u nobody -f 'sleep 47'
		else
			pass "$b --user nobody: the program dies with a killed sandbox"
		fi
	done
fi
