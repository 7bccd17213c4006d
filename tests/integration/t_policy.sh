# Lua policies through the command: every example policy checks, a broken
# or hostile one is refused with FILE:LINE and exit 125, and a policy runs
# its program through `sandbox -P`.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
P=$(cd "$TESTS_DIR/../../policies" && pwd)
F=$(cd "$TESTS_DIR/../fixtures/policies" && pwd)

# pyrelay's script and log directory are where `make install` and the
# administrator put them: here, the source tree's script and no log.
for f in "$P"/*.lua; do
	sets=
	case $f in */pyrelay.lua) sets="--set script=$P/pyrelay.py --set data=none" ;; esac
	# shellcheck disable=SC2086
	expect_status "check: policies/$(basename "$f")" 0 timeout 10 $S check $sets "$f"
done
expect_status "check: all example policies at once" 0 timeout 10 \
    $S check $(ls "$P"/*.lua | grep -v pyrelay)
expect_out "check: prints the resolved plan" "program       /bin/echo hello from a policy" \
    sh -c "$S check '$P/echo.lua' | grep '^program'"

# A broken policy: FILE:LINE, the field, what was expected; exit 125.
cat >"$T/broken.lua" <<'POLICY'
return {
	program = "/bin/true",
	pledge = { "stdio" },
}
POLICY
expect_status "check: broken policy is 125" 125 timeout 10 $S check "$T/broken.lua"
expect_err "check: broken policy names file:line and field" \
    "^sandbox: $T/broken.lua:3: field 'pledge': expected a string of promises, got table\$"
expect_status "check: one broken among good ones is 125" 125 timeout 10 $S check "$P/echo.lua" "$T/broken.lua"
expect_status "run: broken policy is 125" 125 timeout 10 $S --backend none -P "$T/broken.lua" /bin/true
expect_err "run: broken policy names file:line" "^sandbox: $T/broken.lua:3: "
expect_status "check: syntax error is 125" 125 timeout 10 $S check "$F/bad_syntax.lua"
expect_err "check: syntax error names file:line once" "^sandbox: $F/bad_syntax.lua:3: '}' expected near"
expect_status "check: missing policy is 125" 125 timeout 10 $S check "$T/none.lua"
expect_err "check: missing policy is named" "^sandbox: $T/none.lua: No such file or directory"

# Hostile scripts are refused (timeout only guards against a hang).
for h in loop pcall_loop os_execute io_open require string_dump gc pattern; do
	expect_status "check: hostile $h is 125" 125 timeout 10 $S check "$F/hostile_$h.lua"
done
# Loops in C that count no instruction: the time limit stops them.
for h in concat insert find rep gsub; do
	start=$(date +%s)
	expect_status "check: hostile time_$h is 125" 125 timeout 20 $S check "$F/hostile_time_$h.lua"
	expect_err "check: time_$h names the file, the line and the limit" \
	    "^sandbox: $F/hostile_time_$h.lua:[0-9]+: the policy exceeds its time limit of 2 s\$"
	took=$(($(date +%s) - start))
	# 2 s of processor time; wall-clock time, longer on a loaded machine.
	if [ $took -le 15 ]; then
		pass "check: time_$h stopped within 15 s"
	else
		fail "check: time_$h stopped within 15 s" "took $took s"
	fi
done
expect_status "check: memory bomb is 125" 125 timeout 10 $S check "$F/hostile_memory.lua"
expect_err "check: the memory bomb is named with its line" \
    "^sandbox: $F/hostile_memory.lua:3: the policy exceeds its memory limit"

# A policy runs its program; parameters and the command line reach it.
expect_out "run: -P runs the policy's program" "hello from a policy" \
    timeout 10 $S --backend none -P "$P/echo.lua"
expect_out "run: --set reaches sandbox.param" "hi there" \
    timeout 10 $S --backend none -P "$P/echo.lua" --set "text=hi there"
expect_out "run: a program on the command line overrides the policy's" "other" \
    timeout 10 $S --backend none -P "$P/echo.lua" /bin/echo other
expect_out "run: policy env and clearenv" "C.UTF-8 UTC" \
    timeout 10 $S --backend none -P "$P/date.lua" /bin/sh -c 'echo $LANG $TZ $HOME'
expect_out "run: --env overrides the policy's env" "C.UTF-8 Asia/Tokyo" \
    timeout 10 $S --backend none -P "$P/date.lua" --env TZ=Asia/Tokyo /bin/sh -c 'echo $LANG $TZ'

# What the plan can tell is wrong is found by check, with its line, not
# only when the program runs.
cat >"$T/wide.lua" <<'POLICY'
return { backend = "pledge", program = "/bin/true",
  pledge = "stdio",
  execpromises = "stdio rpath" }
POLICY
expect_status "check: execpromises wider than the promises is 125" 125 $S check "$T/wide.lua"
expect_err "... with its file and line" "wide.lua:3: field 'execpromises': execpromises wider than the promises \(rpath\)"
cat >"$T/dots.lua" <<'POLICY'
return { backend = "namespace", program = "/bin/true",
  binds = { { src = "/etc", dst = "/x/../y" } } }
POLICY
expect_status "check: a bind's place with .. is 125" 125 $S check "$T/dots.lua"
expect_err "... with its file and line" "dots.lua:2: field 'binds\[1\]': binds: '/x/../y'"

# The line of a field is found however long the lines before it.
python3 -c "
import sys
lines = ['-- ' + 'x' * 220000 for _ in range(5)]
open(sys.argv[1], 'w').write('\n'.join(lines) + '\nreturn { pledge = \"stdio foo\" }\n')
" "$T/long.lua"
expect_status "check: a policy of long lines" 125 $S check "$T/long.lua"
expect_err "... names the line of the field" "long.lua:6: field 'pledge': unknown promise 'foo'"

# A policy's strings cannot forge a line nor drive the terminal: each
# message and the plan quote them encoded (vis(3)), one line each.
esc=$(printf '\033')
printf 'error("bad\\n\\27[2Jsandbox: all policies good")\n' >"$T/forge-err.lua"
printf 'return { program = "/bin/true", pledge = "stdio\\n\\27[2Jsandbox: all policies good" }\n' >"$T/forge-field.lua"
printf 'return { program = "/bin/true", args = { "a\\n\\27[2Jsandbox: all policies good" } }\n' >"$T/forge-plan.lua"
for f in forge-err forge-field; do
	expect_status "check: $f is 125" 125 $S check "$T/$f.lua"
	if [ "$(wc -l <"$T/err")" = 1 ] && ! grep -q "$esc" "$T/err" &&
	    grep -q '\\033\[2J' "$T/err"; then
		pass "check: $f: one line, the escape encoded"
	else
		fail "check: $f: one line, the escape encoded" "$(cat -A "$T/err" | head -3)"
	fi
done
expect_status "check: forge-plan is good" 0 $S check "$T/forge-plan.lua"
expect_out "check: the plan quotes a value encoded, on its line" \
    'program       /bin/true a\n\033[2Jsandbox: all policies good' \
    sh -c "$S check '$T/forge-plan.lua' | grep '^program'"
$S check "$T/forge-plan.lua" >"$T/plan" 2>&1
if grep -q "$esc" "$T/plan" || grep -q '^sandbox: all' "$T/plan"; then
	fail "check: no escape, no forged line in the plan" "$(cat -A "$T/plan" | head -5)"
else
	pass "check: no escape, no forged line in the plan"
fi
# A warning quoting a policy's path is encoded too (the run goes on).
printf 'return { program = "/bin/true", backend = "unveil", unveil = { ["/tmp/\\n\\27[2Jsandbox: all policies good"] = "r" } }\n' >"$T/forge-warn.lua"
$S -P "$T/forge-warn.lua" >"$T/warn" 2>&1
if grep -q "$esc" "$T/warn" || grep -q '^sandbox: all' "$T/warn" ||
    ! grep -q '\\033\[2J' "$T/warn"; then
	fail "run: a warning quotes the policy's path encoded" "$(cat -A "$T/warn" | head -3)"
else
	pass "run: a warning quotes the policy's path encoded"
fi
# The same for an option's value quoted back, by check and by a run.
bad_net=$(printf 'x\n\033[2Jsandbox: all policies good')
for verb in check run; do
	if [ $verb = check ]; then
		expect_status "$verb: a forged --net is 125" 125 $S check --net "$bad_net" "$P/echo.lua"
	else
		expect_status "$verb: a forged --net is 125" 125 $S --net "$bad_net" /bin/true
	fi
	# (the message is one line; a run prints the usage after it)
	if ! grep -q '^sandbox: all' "$T/err" && ! grep -q "$esc" "$T/err" &&
	    grep -q "not 'x\\\\n\\\\033\[2J" "$T/err"; then
		pass "$verb: the forged option is quoted encoded"
	else
		fail "$verb: the forged option is quoted encoded" "$(cat -A "$T/err" | head -3)"
	fi
done

# Declared parameters (sandbox.params): a misspelt name or a value not of
# its kind is an error with FILE:LINE, never a run with the default.
expect_status "check: a misspelt --set is 125" 125 $S check --set prot=5353 "$P/nsd.lua"
expect_err "... names the line and the nearest parameter" \
    "^sandbox: $P/nsd.lua:[0-9]+: --set prot: no such parameter \(did you mean 'port'\?\)\$"
expect_status "run: a misspelt --set is 125" 125 timeout 10 $S --backend none -P "$P/echo.lua" --set txt=hi
expect_err "... named by the run too" "echo.lua:[0-9]+: --set txt: no such parameter \(did you mean 'text'\?\)"
expect_status "check: --set port=abc is 125" 125 $S check --set port=abc "$P/nsd.lua"
expect_err "... says what a port is" "nsd.lua:[0-9]+: --set port=abc: expected a port number from 1 to 65535"
expect_status "check: --set port=70000 is 125" 125 $S check --set port=70000 "$P/unbound.lua"
expect_status "check: a relative path parameter is 125" 125 $S check --set data=var/lib "$P/znc.lua"
expect_err "... says a path is absolute" "set data=var/lib: expected an absolute path"
expect_status "check: a list of ports with a word is 125" 125 $S check --set ircports=6667,x "$P/znc.lua"
expect_status "check: a word with a blank is 125" 125 $S check --set "tz=Europe/Paris x" "$P/date.lua"
expect_status "check: a policy that declares none refuses any --set" 125 $S check --set x=1 "$P/shell.lua"
expect_out "check: a port parameter reaches the plan as a number" "bind ports    5353" \
    sh -c "$S check --set port=5353 '$P/nsd.lua' | grep '^bind ports'"
expect_out "check: the other value a path parameter takes" "program       /usr/sbin/lighttpd -D -f /etc/lighttpd/lighttpd.conf" \
    sh -c "$S check --set logs=none '$P/lighttpd.lua' | grep '^program'"

# Options after the file names, as before them.
expect_out "check: --set after the file" "bind ports    5353" \
    sh -c "$S check '$P/nsd.lua' --set port=5353 | grep '^bind ports'"
expect_status "check: a misspelt --set after the file is 125" 125 $S check "$P/nsd.lua" --set prot=5353
expect_status "check: -- ends the options" 125 $S check "$P/echo.lua" -- --set
expect_err "... what follows is a file" "^sandbox: --set: No such file or directory"

# --params lists what a policy declares, kinds and defaults.
expect_out "check --params: a parameter, its kind and default" "port port (default 53)" \
    sh -c "$S check --params '$P/nsd.lua' | grep '^port'"
expect_out "check --params: its help on the next line" "	the configuration file" \
    sh -c "$S check '$P/unbound.lua' --params | grep -A1 '^config ' | tail -1"
expect_out "check --params: a policy that declares none" \
    "no parameters declared: sandbox.param takes any --set, unchecked" \
    $S check --params "$F/valid_param.lua"

# A policy that declares nothing takes any --set, as before, with a warning.
expect_status "check: an undeclared policy still takes --set" 0 $S check --set port=1 "$F/valid_param.lua"
expect_err "... and says it is not checked" "warning: .*valid_param.lua declares no parameters: --set port is not checked"
expect_out "run: an undeclared policy still takes --set" "yo greeting" \
    timeout 10 $S --backend none -P "$F/valid_param.lua" --set greeting=yo
expect_err "... and says it is not checked" "warning: .*valid_param.lua declares no parameters: --set greeting is not checked"
expect_status "run: -q keeps the warning quiet" 0 timeout 10 $S -q --backend none -P "$F/valid_param.lua" --set greeting=yo
if [ -s "$T/err" ]; then fail "... nothing on stderr" "$(head -2 "$T/err")"; else pass "... nothing on stderr"; fi

# Declarations are checked too.
cat >"$T/decl.lua" <<'POLICY'
local p = sandbox.params {
	port = { kind = "prot", default = 53 },
}
return { program = "/bin/true" }
POLICY
expect_status "check: an unknown kind is 125" 125 $S check "$T/decl.lua"
expect_err "... with the nearest kind" "decl.lua:1: sandbox.params: port: unknown kind 'prot' \(did you mean 'port'\?\)"
cat >"$T/decl2.lua" <<'POLICY'
local p = sandbox.params { port = { kind = "port", default = "http" } }
return { program = "/bin/true" }
POLICY
expect_status "check: a default not of its kind is 125" 125 $S check "$T/decl2.lua"
expect_err "... says so" "decl2.lua:1: sandbox.params: port: the default 'http' is not a port number"

# What only a run would find: a user or group that does not exist, a
# program missing or not executable, a listed file missing.
cat >"$T/ids.lua" <<'POLICY'
return {
	program = "/bin/true",
	user = "no-such-user-x",
	group = "no-such-group-x",
}
POLICY
expect_status "check: a user that does not exist is 125" 125 $S check "$T/ids.lua"
expect_err "... with its line" "^sandbox: $T/ids.lua:3: field 'user': no such user 'no-such-user-x'"
expect_err "... and the group's" "^sandbox: $T/ids.lua:4: field 'group': no such group 'no-such-group-x'"
printf 'return { program = "/bin/true", user = 4242, group = 4242 }\n' >"$T/numids.lua"
expect_status "check: a numeric user needs no entry" 0 $S check "$T/numids.lua"
printf 'return {\n\tprogram = "/usr/bin/no-such-program",\n}\n' >"$T/noprog.lua"
expect_status "check: a missing program is 125" 125 $S check "$T/noprog.lua"
expect_err "... with its line" "^sandbox: $T/noprog.lua:2: field 'program': /usr/bin/no-such-program: No such file or directory"
printf 'return { program = "no-such-program-in-path" }\n' >"$T/nopath.lua"
expect_status "check: a program not in PATH is 125" 125 $S check "$T/nopath.lua"
printf '#!/bin/sh\n' >"$T/noexec"
chmod 644 "$T/noexec"
printf 'return { program = "%s" }\n' "$T/noexec" >"$T/noexec.lua"
expect_status "check: a program not executable is 125" 125 $S check "$T/noexec.lua"
expect_err "... says so" "field 'program': .*noexec: Permission denied"
printf 'return {\n\tprogram = "/bin/true",\n\tfiles = { "/etc/hostname", "/no/such/file" },\n}\n' >"$T/nofile.lua"
expect_status "check: a missing file is 125" 125 $S check "$T/nofile.lua"
expect_err "... with its line" "^sandbox: $T/nofile.lua:3: field 'files': /no/such/file: No such file or directory"
