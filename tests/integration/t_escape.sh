# Escapes that must fail under combined, even when root starts it, and
# under namespace where they apply; each attempt is also shown to work
# where nothing confines it, so that a refusal means something. The
# helper (tests/escape/escape.c) exits 0 when an attempt worked, 1 when it
# was refused.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
E=$(dirname "$S")/escape
if [ ! -x "$E" ]; then
	skip "escape: helper not built"
	exit 0
fi
chmod 755 "$T"
echo HOST-MARKER >"$T/marker"
chmod 644 "$T/marker"
mkdir -m 755 "$T/sys"
cp "$E" "$T/suid" && chown 0:0 "$T/suid" && chmod 4755 "$T/suid"

# A host process to reach, and a host TCP listener, both bounded in time.
timeout 120 sleep 120 &
HP=$!
timeout 120 "$E" listen "$T/port" &
LP=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$T/port" 2>/dev/null)

# A library of the helper's closure, bound from the host.
LIBC=$($S deps "$E" | grep '/libc\.so' | tail -1)

# refused NAME CMD...: the attempt must be refused (exit 1).
refused() {
	_n=$1
	shift
	expect_status "$_n" 1 "$@"
}

# Controls: unconfined, each attempt works.
echo given >"$T/stdin-root"
echo given >"$T/stdin-nobody"
chown 65534 "$T/stdin-nobody"
chmod 644 "$T/stdin-root" "$T/stdin-nobody"
expect_status "control: none opens stdin again to write" 0 sh -c "setpriv --reuid=65534 --regid=65534 --clear-groups $S --backend none '$E' write /proc/self/fd/0 <'$T/stdin-nobody'"
expect_status "control: none reads the host marker" 0 $S --backend none "$E" read "$T/marker"
expect_status "control: none ptraces a host process" 0 $S --backend none "$E" ptrace $HP
expect_status "control: none signals a host process" 0 $S --backend none "$E" kill $HP
expect_status "control: none connects to the host listener" 0 $S --backend none "$E" connect "$PORT"
expect_status "control: a leaked descriptor is seen" 0 sh -c "exec 7<'$T/marker'; '$E' fds"
expect_status "control: the setuid helper gives root" 0 as_nobody "$T/suid" euid
if command -v script >/dev/null; then
	expect_status "control: none types into its terminal" 0 script -qec "$S --backend none '$E' tiocsti" /dev/null
fi
expect_status "control: namespace allows a nested user namespace" 0 $S --backend namespace "$E" userns
expect_status "control: namespace --net host connects" 0 $S --backend namespace --net host "$E" connect "$PORT"

# escapes B WHO OPTS...: every attempt under backend B, started as WHO.
escapes() {
	b=$1 who=$2
	shift 2
	run="$S --backend $b $*"
	[ "$who" = nobody ] && run="setpriv --reuid=65534 --regid=65534 --clear-groups $run"
	tag="$b ($who${1:+ $*})"
	refused "$tag: host marker unreachable" $run "$E" read "$T/marker"
	refused "$tag: /proc/1/root leads nowhere" $run "$E" read "/proc/1/root$T/marker"
	refused "$tag: chroot escape fails" $run "$E" chroot /tmp "$T/marker"
	refused "$tag: ptrace of a host process" $run "$E" ptrace $HP
	refused "$tag: host process invisible to signals" $run "$E" kill $HP
	refused "$tag: mount" $run "$E" mount /tmp
	refused "$tag: connect to a host listener" $run "$E" connect "$PORT"
	refused "$tag: write a bound library" $run "$E" write "$LIBC"
	refused "$tag: create in a system directory" $run "$E" write /usr/lib/.escape
	refused "$tag: write ld.so.cache" $run "$E" write /etc/ld.so.cache
	refused "$tag: remount a read-only bind writable" $run -v "$T/sys:rx" "$E" remount "$T/sys"
	# Root without --user is root inside (with no capability): no gain.
	[ "$who$*" != root ] &&
	    refused "$tag: setuid binary gives nothing" $run -v "$T/suid:rx" "$T/suid" euid
	refused "$tag: no descriptor leaks" sh -c "exec 7<'$T/marker'; $run '$E' fds"
	# stdin given to read, of a file the identity inside may write: not
	# opened again to write through /proc/self/fd; to read, it is.
	own=$T/stdin-root
	{ [ "$who" = nobody ] || [ -n "$*" ]; } && own=$T/stdin-nobody
	refused "$tag: stdin not opened again to write" sh -c "$run '$E' write /proc/self/fd/0 <'$own'"
	expect_status "$tag: ... but again to read" 0 sh -c "$run '$E' read /proc/self/fd/0 <'$own'"
	expect_status "$tag: ... and stdout again to write" 0 sh -c "$run '$E' write /dev/stdout >>'$own'"
	[ "$b" = combined ] &&
	    refused "$tag: no nested user namespace" $run "$E" userns
	command -v script >/dev/null &&
	    refused "$tag: TIOCSTI into the user's terminal" script -qec "$run '$E' tiocsti" /dev/null
}

for b in combined namespace; do
	if [ "$(id -u)" = 0 ]; then
		escapes $b root
		escapes $b root --user nobody
	fi
	escapes $b nobody
done
if [ -e "$T/sys/.escape" ] || [ -e /usr/lib/.escape ]; then
	fail "escape: a read-only directory was written"
	rm -f "$T/sys/.escape" /usr/lib/.escape
fi

# The article's point: a plain chroot jail run by root does not hold root.
if $S backends | grep -q '^chroot '; then
	J=$T/jail
	if $S build --root "$J" "$E" >"$T/out" 2>"$T/err"; then
		mkdir -p "$J/tmp" && echo JAIL-ESCAPED >"$T/jailmarker"
		expect_out "chroot (root, no --user): the classic escape works" \
		    JAIL-ESCAPED $S --backend chroot --root "$J" "$E" chroot /tmp "$T/jailmarker"
	else
		fail "chroot: build the jail" "$(head -c 300 "$T/err")"
	fi
else
	skip "chroot: the classic escape works under a plain jail" "no chroot backend in this build"
fi

# chroot --user X: a host process of the same user X is out of reach
# (ptrace, signals, what /proc shows of it), whoever starts the jail.
if $S backends | grep -q '^chroot '; then
	setpriv --reuid=65534 --regid=65534 --clear-groups timeout 120 sleep 120 &
	VP=$!
	_i=0
	while [ "$(ps -o comm= -p $VP)" != timeout ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	expect_status "control: none (root --user nobody) ptraces nobody's process" 0 \
	    $S --backend none --user nobody "$E" ptrace $VP
	for u in "--user nobody" ""; do
		run="$S --backend chroot $u"
		tag="chroot (root $u)"
		[ -z "$u" ] && { run="as_nobody $run"; tag="chroot (nobody)"; }
		refused "$tag: ptrace of the user's host process" $run "$E" ptrace $VP
		refused "$tag: the user's host process invisible to signals" $run "$E" kill $VP
		refused "$tag: the user's host process's environment" $run "$E" read /proc/$VP/environ
	done
	kill $VP 2>/dev/null
fi

# A supervisor killed with SIGKILL takes the whole confined tree down,
# background processes included: every backend but none (the baseline,
# which confines nothing) runs its program under an init of a pid
# namespace of its own, and that init dies with the supervisor.
# (SLEEP and SH are in the jail built for the chroot backend.)
D=$((200000 + $$ % 100000))
KJ=$T/kjail
$S build --root "$KJ" /bin/sh /bin/sleep >/dev/null 2>&1 || rm -rf "$KJ"
# sleep_pids: the "sleep $D" that run now; sleepers: how many.
sleep_pids() {
	pgrep -fx "(/bin/)?sleep $D"
}
sleepers() {
	sleep_pids | wc -l
}
# kill_supervisor WHO B OPTS...: start B with a shell running two sleeps
# (one in the background), SIGKILL the sandbox, print the sleeps left.
kill_supervisor() {
	_who=$1
	shift
	if [ "$_who" = nobody ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@" \
		    /bin/sh -c "sleep $D & sleep $D" >/dev/null 2>&1 &
	else
		"$@" /bin/sh -c "sleep $D & sleep $D" >/dev/null 2>&1 &
	fi
	_p=$!
	_i=0
	while [ "$(sleepers)" -lt 2 ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -9 $_p
	wait $_p 2>/dev/null
	sleep 0.3
	sleepers
	for _s in $(sleep_pids); do kill -9 "$_s"; done
}
expect_out "control: none leaves its program's tree behind" 2 \
    kill_supervisor root $S --backend none
for who in root nobody; do
	for b in chroot unveil pledge namespace combined; do
		set -- --backend $b
		case $b in
		chroot) [ -d "$KJ" ] || continue; set -- "$@" --root "$KJ" ;;
		unveil) set -- "$@" -v /usr:rx -v /bin:rx -v /lib:rx -v /lib64:rx ;;
		pledge) set -- "$@" --pledge "stdio rpath proc exec" ;;
		combined) set -- "$@" --pledge "stdio rpath proc exec" -v /usr/bin/sleep:rx ;;
		esac
		expect_out "$b ($who): a killed supervisor takes the whole tree" 0 \
		    kill_supervisor $who $S "$@"
		[ "$who" = root ] &&
		    expect_out "$b (root --user nobody): a killed supervisor takes the whole tree" \
		    0 kill_supervisor root $S --user nobody "$@"
	done
done

# A stopped program (SIGSTOP) shows as a stopped job (the supervisor stops
# alike), and SIGTERM then SIGCONT to the supervisor ends it, as for a
# stopped child of a shell.
# stopped_job B OPTS...: prints the supervisor's state while the program
# is stopped, then its exit status after TERM and CONT.
stopped_job() {
	"$@" /bin/sleep $D >/dev/null 2>&1 &
	_p=$!
	_i=0
	while [ "$(sleepers)" -lt 1 ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	_s=$(sleep_pids)
	kill -STOP $_s
	_i=0
	while [ "$(ps -o stat= -p $_p | cut -c1)" != T ] && [ $_i -lt 20 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "$(ps -o stat= -p $_p | cut -c1)"
	kill -TERM $_p
	kill -CONT $_p
	_i=0
	while kill -0 $_p 2>/dev/null && [ $_i -lt 30 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if kill -0 $_p 2>/dev/null; then
		echo hung
		kill -CONT $_s
		kill -9 $_p $_s 2>/dev/null
	fi
	wait $_p
	echo $?
}
for b in none chroot unveil pledge namespace; do
	set -- --backend $b
	case $b in
	chroot) [ -d "$KJ" ] || continue; set -- "$@" --root "$KJ" ;;
	unveil) set -- "$@" -v /usr:rx -v /bin:rx -v /lib:rx -v /lib64:rx ;;
	pledge) set -- "$@" --pledge "stdio rpath" ;;
	esac
	expect_out "$b: a stopped program, TERM and CONT to the supervisor" \
	    "T
143" stopped_job $S "$@"
done

# combined over a built jail (the policy names a root), started by root:
# the jail is read-only, signals and ptrace stay inside, no network.
if $S backends | grep -q '^chroot ' && [ "$(id -u)" = 0 ]; then
	J2=$T/cjail
	for u in "" "--user nobody"; do
		tag="combined (root${u:+ $u}, jail)"
		run="$S --root $J2 $u"
		refused "$tag: host marker unreachable" $run "$E" read "$T/marker"
		refused "$tag: chroot escape fails" $run "$E" chroot /tmp "$T/marker"
		refused "$tag: ptrace of a host process" $run "$E" ptrace $HP
		refused "$tag: signal a host process" $run "$E" kill $HP
		refused "$tag: mount" $run "$E" mount /tmp
		refused "$tag: connect to a host listener" $run "$E" connect "$PORT"
		refused "$tag: write a hard-linked library" $run "$E" write "$LIBC"
		refused "$tag: create in a system directory" $run "$E" write /usr/lib/.escape
		refused "$tag: no descriptor leaks" sh -c "exec 7<'$T/marker'; $run '$E' fds"
		expect_status "$tag: its /tmp is writable" 0 $run "$E" write /tmp/scratch
	done
	if [ -e "$J2/usr/lib/.escape" ]; then
		fail "combined (jail): a read-only jail was written"
	fi
	expect_status "control: chroot (root) writes the hard-linked library" 0 $S --backend chroot --root "$J2" "$E" write "$LIBC"

	# Its /tmp is writable by every user, and what is there is bound back
	# into the private one. An entry another user made a link to / is
	# left out, and one swapped between a directory and such a link
	# while the sandbox starts is never the host's: each start reads the
	# host marker through every entry, for 10 s, against a swapper.
	RJ=$T/rjail
	if $S build --root "$RJ" /bin/sh /bin/cat >"$T/out" 2>"$T/err"; then
		as_nobody mkdir "$RJ/tmp/kept"
		as_nobody sh -c "echo KEPT >'$RJ/tmp/kept/f'"
		as_nobody ln -s / "$RJ/tmp/root"
		expect_out "combined (root, jail): /tmp entries are bound back" \
		    KEPT $S --backend combined --root "$RJ" /bin/cat /tmp/kept/f
		refused "combined (root, jail): a /tmp entry linked to / is not the host's" \
		    $S --backend combined --root "$RJ" /bin/cat "/tmp/root$T/marker"
		rm -rf "$RJ/tmp/kept" "$RJ/tmp/root"
		as_nobody timeout 20 "$E" swap "$RJ/tmp" / 11 >/dev/null &
		SW=$!
		sleep 0.5
		end=$(($(date +%s) + 10)) runs=0 seen=0 bad=0
		while [ "$(date +%s)" -lt $end ]; do
			runs=$((runs + 1))
			$S --backend combined --root "$RJ" /bin/sh -c "cat /tmp/*$T/marker 2>/dev/null; exit 0" \
			    >"$T/out" 2>"$T/err" </dev/null || bad=$((bad + 1))
			grep -q HOST-MARKER "$T/out" && seen=$((seen + 1))
		done
		wait $SW
		if [ $seen -eq 0 ] && [ $bad -eq 0 ] && [ $runs -ge 5 ]; then
			pass "combined (root, jail): /tmp swapped to a link to / meanwhile: host never seen ($runs starts)"
		else
			fail "combined (root, jail): /tmp swapped to a link to / meanwhile" \
			    "$seen of $runs starts saw the host's /, $bad failed: $(head -c 200 "$T/err")"
		fi
	else
		fail "combined (root, jail): build a jail with a shell" "$(head -c 300 "$T/err")"
	fi
fi

# The caller's session keyring (a Kerberos cache, cached passwords): every
# confining backend gives the program an empty one of its own.
expect_out "control: none reads the caller's session key" keyring-secret \
    "$E" withkey sbkey $S --backend none "$E" key sbkey
for b in chroot unveil namespace combined; do
	refused "$b (root): the caller's session keyring is out of reach" \
	    "$E" withkey sbkey $S --backend $b "$E" key sbkey
	refused "$b (root --user nobody): the caller's session keyring is out of reach" \
	    "$E" withkey sbkey $S --backend $b --user nobody "$E" key sbkey
	refused "$b (nobody): the caller's session keyring is out of reach" \
	    as_nobody "$E" withkey sbkey $S --backend $b "$E" key sbkey
done

# The user keyring (@u) is the uid's, not the session's: a program of the
# same uid links it into its own session keyring and reads every key in it,
# unless its backend refuses the key calls or gives it a user namespace.
UK=sbukey$$
if as_nobody "$E" withukey $UK true 2>"$T/err"; then
	expect_out "control: none reads the user's @u key" user-keyring-secret \
	    as_nobody $S --backend none "$E" ukey $UK
	for b in chroot unveil namespace combined; do
		refused "$b (root --user nobody): the user keyring is out of reach" \
		    $S --backend $b --user nobody "$E" ukey $UK
		refused "$b (nobody): the user keyring is out of reach" \
		    as_nobody $S --backend $b "$E" ukey $UK
	done
	# combined over a jail, as root: no user namespace either.
	[ -d "$T/cjail" ] &&
	    refused "combined (root --user nobody, jail): the user keyring is out of reach" \
	    $S --root "$T/cjail" --user nobody "$E" ukey $UK
	# pledge kills a program that calls keyctl but to join a keyring.
	expect_status "pledge (nobody): the user keyring is out of reach" 134 \
	    as_nobody $S --backend pledge --pledge "stdio rpath" "$E" ukey $UK
else
	fail "control: a key in nobody's user keyring" "$(head -c 300 "$T/err")"
fi

# kill(0) and killpg of the caller's process group (the shell that started
# the sandbox) stay in the sandbox: a shell traps what comes.
# reach_group WHO CMD...: "reached" if the program's SIGURG came to the
# shell that started it, run as WHO (root or nobody).
mkdir -m 777 "$T/pgd"
reach_group() {
	_who=$1
	shift
	rm -f "$T/pgd/pg"
	_sh=sh
	[ "$_who" = nobody ] && _sh="setpriv --reuid=65534 --regid=65534 --clear-groups sh"
	$_sh -c 'trap "echo reached >>$0" URG
	    pg=$(ps -o pgid= -p $$ | tr -d " ")
	    "$@" killpg "$pg" >/dev/null 2>&1
	    sleep 0.3; :' "$T/pgd/pg" "$@" "$E"
	head -1 "$T/pgd/pg" 2>/dev/null
}
for who in root nobody; do
	expect_out "control: none ($who) reaches the caller's process group" \
	    reached reach_group $who $S --backend none
	for b in chroot unveil namespace combined; do
		expect_out "$b ($who): the caller's process group is out of reach" \
		    "" reach_group $who $S --backend $b
	done
done
expect_out "pledge (stdio): kill(0) stays in the sandbox" "" \
    reach_group root $S --backend pledge --pledge stdio
expect_out "pledge (stdio proc): killpg stays in the sandbox" "" \
    reach_group root $S --backend pledge --pledge "stdio proc"

# The supervisor's descriptors: what the command was given it closes, and
# the program may not take the rest (the seccomp listener) as ptrace would.
expect_out "control: a descriptor is taken from a dumpable parent" HOST-MARKER \
    sh -c "exec 7<'$T/marker'; '$E' getfd 7"
refused "none (root): the caller's descriptors are not the supervisor's" \
    sh -c "exec 7<'$T/marker'; $S --backend none '$E' getfd 7"
for fd in 3 4 5; do
	refused "none (nobody): the supervisor's descriptor $fd cannot be taken" \
	    as_nobody $S --backend none "$E" getfd $fd
	# Refused as ptrace would be, not merely because fd is not there.
	expect_err "... for want of permission" "pidfd_getfd: Operation not permitted"
done
expect_status "pledge: pidfd_getfd is no promise's, proc recvfd included" 134 \
    $S --backend pledge --pledge "stdio proc recvfd" "$E" getfd 4

kill $HP $LP 2>/dev/null
wait 2>/dev/null

# The chroot backend keeps the user's terminal too: TIOCSTI is refused,
# as root, as root with --user, and as an ordinary user.
if command -v script >/dev/null && $S backends | grep -q '^chroot ' &&
    [ -d "$T/jail" ]; then
	for u in "" "--user nobody"; do
		refused "chroot (root${u:+ $u}): TIOCSTI into the user's terminal" \
		    script -qec "$S --backend chroot --root '$T/jail' $u '$E' tiocsti" /dev/null
	done
	NJ=$(mktemp -d /tmp/sb-tty.XXXXXX)
	chmod 755 "$NJ"
	chown 65534:65534 "$NJ"
	if [ "$(stat -c %u "$NJ")" = 65534 ]; then
		cp "$E" "$NJ/escape" && chmod 755 "$NJ/escape"
		refused "chroot (nobody): TIOCSTI into the user's terminal" \
		    script -qec "setpriv --reuid=65534 --regid=65534 --clear-groups $S --backend chroot --root '$NJ/j' '$NJ/escape' tiocsti" /dev/null
	fi
	rm -rf "$NJ"
fi
