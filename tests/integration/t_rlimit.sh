# Resource limits (--rlimit, a policy's rlimits): the program sees each
# under every backend; a limit that cannot be applied is refused (125).
. "$TESTS_DIR/lib.sh"
S=$SANDBOX

# under BACKEND ARGS...: the backend, with what it needs to run sh.
under() {
	_b=$1
	shift
	if [ $_b = pledge ]; then
		$S -b pledge -p 'stdio rpath proc' "$@"
	else
		$S -b $_b "$@"
	fi
}
# Each limit as dash's ulimit reports it (as in KiB, core in blocks of
# 512 bytes), under each backend.
for b in none chroot unveil pledge namespace combined; do
	expect_out "rlimit: $b: nofile soft and hard" "100 200" \
	    under $b --rlimit nofile=100:200 sh -c 'echo $(ulimit -n) $(ulimit -Hn)'
	expect_out "rlimit: $b: as" "1048576 1048576" \
	    under $b --rlimit as=1G sh -c 'echo $(ulimit -v) $(ulimit -Hv)'
	expect_out "rlimit: $b: core" "2048 4096" \
	    under $b --rlimit core=1M:2M sh -c 'echo $(ulimit -c) $(ulimit -Hc)'
	expect_out "rlimit: $b: core 0" "0 0" \
	    under $b --rlimit core=0 sh -c 'echo $(ulimit -c) $(ulimit -Hc)'
	expect_out "rlimit: $b: nproc" "50 60" \
	    under $b --rlimit nproc=50:60 sh -c 'echo $(ulimit -p) $(ulimit -Hp)'
	expect_out "rlimit: $b: several at once" "100 1048576 0 50" \
	    under $b --rlimit nofile=100 --rlimit as=1G --rlimit core=0 \
	    --rlimit nproc=50 sh -c 'echo $(ulimit -n) $(ulimit -v) $(ulimit -c) $(ulimit -p)'
done

cat >"$T/rl.lua" <<'LUA'
return {
	backend = "none", program = "/bin/sh",
	args = { "-c", "echo $(ulimit -n) $(ulimit -Hn) $(ulimit -v) $(ulimit -c) $(ulimit -p)" },
	rlimits = { nofile = "64:128", as = "2G", core = 0, nproc = 40 },
}
LUA
expect_out "rlimit: a policy's rlimits" "64 128 2097152 0 40" $S -P "$T/rl.lua"
expect_out "rlimit: --rlimit over the policy's" "32 32 2097152 0 40" \
    $S -P "$T/rl.lua" --rlimit nofile=32
$S check "$T/rl.lua" >"$T/plan" 2>&1
if grep -q '^rlimit  *as 2147483648:2147483648$' "$T/plan" &&
    grep -q '^  *nofile 64:128$' "$T/plan"; then
	pass "rlimit: check prints the limits in the plan"
else
	fail "rlimit: check prints the limits in the plan" "$(cat "$T/plan")"
fi
cat >"$T/bad.lua" <<'LUA'
return { backend = "none", program = "/bin/true", rlimits = { nofiel = 10 } }
LUA
expect_status "rlimit: a policy's unknown limit is 125" 125 $S -P "$T/bad.lua"
expect_err "rlimit: a policy's unknown limit is named" \
    "field 'rlimits.nofiel': rlimit: unknown limit 'nofiel'"
cat >"$T/bad.lua" <<'LUA'
return { backend = "none", program = "/bin/true", rlimits = { nofile = 1.5 } }
LUA
expect_status "rlimit: a policy's fraction is 125" 125 $S -P "$T/bad.lua"

# Bad values: refused, never dropped.
expect_status "rlimit: an unknown name is 125" 125 $S -b none --rlimit nofiles=10 true
expect_err "rlimit: an unknown name is named" "unknown limit 'nofiles'"
expect_status "rlimit: a bad number is 125" 125 $S -b none --rlimit nofile=lots true
expect_err "rlimit: a bad number is named" "rlimit nofile: bad value 'lots'"
expect_status "rlimit: soft above hard is 125" 125 $S -b none --rlimit nofile=20:10 true
expect_status "rlimit: no value is 125" 125 $S -b none --rlimit nofile true

# Above the hard limit, an ordinary caller is refused; root may raise it,
# also into a user namespace of the program's own.
hard=$(sh -c 'ulimit -Hn')
more=$((hard + 1))
expect_status "rlimit: above the hard limit as a user is 125" 125 \
    as_nobody $S -b none --rlimit nofile=$more true
expect_err "rlimit: above the hard limit names the limit" \
    "rlimit nofile: cannot raise the hard limit to $more"
if sh -c "ulimit -Hn $more" 2>/dev/null; then
	for b in none namespace combined; do
		expect_out "rlimit: $b: root raises the hard limit" \
		    "$more $more" $S -b $b --rlimit nofile=$more \
		    sh -c 'echo $(ulimit -n) $(ulimit -Hn)'
	done
else
	# Root without CAP_SYS_RESOURCE (a container): refused as well.
	for b in none namespace combined; do
		expect_status "rlimit: $b: root without CAP_SYS_RESOURCE is 125" \
		    125 $S -b $b --rlimit nofile=$more true
		expect_err "rlimit: $b: says CAP_SYS_RESOURCE is needed" \
		    "raising it needs CAP_SYS_RESOURCE"
	done
fi

# NPROC counts the processes of the real uid: set before the identity
# changes, it holds the program's user (a uid no other process has), so
# that with 1 the program cannot fork, as root or not.
for b in none combined; do
	expect_status "rlimit: $b: nproc holds the program's user" 2 \
	    $S -b $b -u 64123 -g 64123 --rlimit nproc=1 \
	    sh -c '/bin/true && echo forked'
	expect_err "rlimit: $b: nproc 1 leaves no fork" "Cannot fork"
done
expect_out "rlimit: nproc 2 lets it fork" "forked" $S -b none -u 64123 \
    -g 64123 --rlimit nproc=2 sh -c '/bin/true && echo forked'

# No one may set nofile above fs.nr_open: refused, and said why.
expect_status "rlimit: nofile above fs.nr_open is 125" 125 \
    $S -b none --rlimit nofile=infinity true
expect_err "rlimit: nofile above fs.nr_open says so" "above fs.nr_open"
