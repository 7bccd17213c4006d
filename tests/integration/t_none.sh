# The none backend behaves like running the program: output, exit status,
# signals, environment, terminal descriptors.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX

expect_out "none: output passes through" "hello world" $S --backend none echo hello world
expect_status "none: exit status passes through" 7 $S --backend none sh -c 'exit 7'
expect_status "none: killed by a signal is 128+N" 143 $S --backend none sh -c 'kill -TERM $$'
expect_status "none: not found is 127" 127 $S --backend none /nonexistent/prog
expect_err "none: not found names the program" "sandbox: /nonexistent/prog: No such file"
expect_status "none: not executable is 126" 126 $S --backend none /etc/passwd
expect_status "run: bad option is 125" 125 $S --no-such-option true
expect_err "run: bad option is named" "unknown option '--no-such-option'"
expect_err "run: a bad option prints the usage" "^usage: sandbox "
expect_status "run: unknown backend is 125" 125 $S --backend nosuch true
expect_status "run: a mistyped promise is 125" 125 $S -p 'stdio rpth' true
expect_err "run: a mistyped promise gets a did you mean" "unknown promise 'rpth' \(did you mean 'rpath'\?\)"
expect_status "run: a mistyped run-time set is 125" 125 $S --runtime pyton true
expect_err "run: a mistyped run-time set gets a did you mean" "no such set 'pyton' \(did you mean 'python'\? known: dns"
expect_status "run: no program is 125" 125 $S --backend none
expect_out "run verb: 'run build' runs a program" "build" $S run --backend none sh -c 'echo build'
expect_out "none: stdin passes through" "piped" sh -c "echo piped | $S --backend none cat"
expect_out "none: environment passes" "v1" env SB_T=v1 $S --backend none sh -c 'echo $SB_T'
expect_out "none: --env sets" "v2" $S --backend none --env SB_T=v2 sh -c 'echo $SB_T'
expect_out "none: --clearenv clears" "" env SB_T=v1 $S --backend none --clearenv /usr/bin/env
expect_out "none: args with spaces" "a b|c" $S --backend none sh -c 'printf "%s|%s\n" "$1" "$2"' sh "a b" c

# Signals sent to the sandbox reach the program. A background job of a
# script starts with SIGINT ignored, so perl restores the default first.
for sig in TERM INT HUP; do
	perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' $S --backend none sh -c \
	    "trap 'exit 42' $sig; i=0; while [ \$i -lt 100 ]; do sleep 0.05; i=\$((i+1)); done; exit 1" &
	pid=$!
	sleep 0.5
	kill -$sig $pid
	wait $pid
	st=$?
	if [ $st = 42 ]; then pass "none: SIG$sig reaches the program"
	else fail "none: SIG$sig reaches the program" "exit $st"; fi
done

# Stray descriptors do not leak into the program.
expect_out "none: descriptors above 2 are closed" "closed" sh -c "exec 7</etc/passwd; $S --backend none sh -c 'if [ -e /proc/self/fd/7 ]; then echo open; else echo closed; fi'"

# --user drops to that identity (we run as root here).
if [ "$(id -u)" = 0 ]; then
	expect_out "none: --user nobody" "65534:65534" $S --backend none --user nobody sh -c 'echo $(id -u):$(id -g)'
	expect_out "none: --user sets groups" "65534" $S --backend none --user nobody id -G
	expect_status "none: unknown user is 125" 125 $S --backend none --user no_such_user_x true
else
	skip "none: --user" "not root"
fi
expect_status "none: --user as nobody fails closed" 125 as_nobody $S --backend none --user root true
expect_err "none: --user as nobody says root is needed" "changing identity needs root"

# As env(1), the program is searched in the PATH it will have.
mkdir -p "$T/pathx" && printf '#!/bin/sh\necho from-pathx\n' >"$T/pathx/sb-hello-px" && chmod 755 "$T/pathx/sb-hello-px"
expect_out "run: --env PATH is the PATH searched" "from-pathx" $S --backend none --env PATH="$T/pathx:/usr/bin" sb-hello-px
expect_status "run: the caller's PATH is not searched then" 127 $S --backend none sb-hello-px
expect_out "run: --help goes to stdout" "usage: sandbox [run] [options] [--] program [arg ...]" sh -c "$S --help | head -n 1"
# --help: a line for each long option the parser takes, the default backend
# and the manual pages.
$S --help >"$T/help" 2>&1
missing=
for opt in $(sed -n 's/^.*{ "\([a-z-]*\)",.*_argument.*/\1/p' "$TESTS_DIR/../../core/cmd/options.c"); do
	grep -q -- "--$opt " "$T/help" || missing="$missing --$opt"
done
if [ -z "$missing" ] && grep -q '(default: combined)' "$T/help" &&
    grep -q 'sandbox(1)' "$T/help" && grep -q 'sandbox-policy(5)' "$T/help" &&
    grep -q 'sandbox(3)' "$T/help"; then
	pass "run: --help lists every option, the default backend, the pages"
else
	fail "run: --help lists every option, the default backend, the pages" "missing:$missing"
fi

# A uid in no user database has no group to guess (chroot(8) refuses too).
expect_status "none: --user with an unknown uid and no group is 125" 125 $S -b none --user 4242 id
expect_err "... and asks for a group" "uid 4242 is not in the user database: give a group too"
expect_out "none: --user and --group by unknown numbers" "4242 4343" $S -b none --user 4242 --group 4343 sh -c 'echo $(id -u) $(id -g)'
