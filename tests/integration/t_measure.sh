# sandbox compare and sandbox bench (quick mode): they run, their JSON
# parses with the expected ids, and what they measure holds on this machine.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX

# json FILE EXPR: evaluate a Python expression over the parsed document d.
json() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
print(r if not isinstance(r, bool) else ("yes" if r else "no"))' "$@"
}

# cell FILE CHECK BACKEND: the result of one cell of the matrix.
cell() {
	json "$1" "[c for c in d['checks'] if c['id'] == '$2'][0]['results'].get('$3', {}).get('result', 'absent')"
}

if ! command -v python3 >/dev/null; then
	fail "measure: python3 is needed to read the JSON"
	exit 0
fi

timeout 600 $S compare --json >"$T/c.json" 2>"$T/c.err"
st=$?
if [ $st = 0 ]; then pass "compare --json runs"
else fail "compare --json runs" "exit $st: $(head -c 300 "$T/c.err")"; fi
if python3 -m json.tool "$T/c.json" >/dev/null 2>&1; then
	pass "compare --json is one JSON document"
else
	fail "compare --json is one JSON document" "$(head -c 300 "$T/c.json")"
fi

# Every check the contract names, and every backend of this build.
want="replication.files replication.bytes replication.refresh replication.update
syscalls.ptrace syscalls.mount syscalls.socket syscalls.exec syscalls.fork
root.nobody root.uid0 network.connect escape.chroot escape.procroot
escape.pids escape.signal files.read files.write"
ids=$(json "$T/c.json" "' '.join(c['id'] for c in d['checks'])")
missing=""
for id in $want; do
	case " $ids " in *" $id "*) ;; *) missing="$missing $id" ;; esac
done
if [ -z "$missing" ]; then pass "compare: every check id is there"
else fail "compare: every check id is there" "missing:$missing"; fi
backends=$($S backends | awk '/^[a-z]/ { printf "%s ", $1 }')
cols=$(json "$T/c.json" "' '.join(b['name'] for b in d['backends'])")
missing=""
for b in $backends; do
	case " $cols " in *" $b "*) ;; *) missing="$missing $b" ;; esac
done
if [ -z "$missing" ]; then pass "compare: a column for every backend"
else fail "compare: a column for every backend" "missing:$missing"; fi
expect_out "compare: every cell is measured or n/a" "yes" json "$T/c.json" \
    "all(r['result'] in ('allowed', 'blocked', 'n/a', 'measured') for c in d['checks'] for r in c['results'].values())"

# Without confinement everything goes through (we are root here).
if [ "$(id -u)" = 0 ]; then
	expect_out "compare: none lets ptrace through" "allowed" cell "$T/c.json" syscalls.ptrace none
	expect_out "compare: none lets the chroot escape through" "allowed" cell "$T/c.json" escape.chroot none
fi
expect_out "compare: none reads outside" "allowed" cell "$T/c.json" files.read none
expect_out "compare: none reaches the host listener" "allowed" cell "$T/c.json" network.connect none
expect_out "compare: none starts as nobody" "allowed" cell "$T/c.json" root.nobody none

# The strongest backend this build has blocks ptrace and the listener.
strong=""
for b in combined namespace pledge; do
	case " $backends " in *" $b "*) strong=$b; break ;; esac
done
if [ -n "$strong" ] && [ "$(cell "$T/c.json" syscalls.fork "$strong")" != n/a ]; then
	expect_out "compare: $strong blocks ptrace" "blocked" cell "$T/c.json" syscalls.ptrace "$strong"
else
	skip "compare: the strongest backend blocks ptrace" "no confining backend available in this build"
fi
case " $backends " in
*" chroot "*)
	[ "$(id -u)" = 0 ] &&
	expect_out "compare: a jail with --user stops the chroot escape" "blocked" cell "$T/c.json" escape.chroot chroot-user
	expect_out "compare: a jail replicates files" "yes" json "$T/c.json" \
	    "[c for c in d['checks'] if c['id'] == 'replication.files'][0]['results']['chroot'].get('value', 0) > 0"
	;;
*) skip "compare: chroot rows" "no chroot backend in this build" ;;
esac
if command -v bwrap >/dev/null && [ "$(cell "$T/c.json" syscalls.fork bwrap)" = allowed ]; then
	expect_out "compare: bwrap hides host processes" "blocked" cell "$T/c.json" escape.pids bwrap
else
	skip "compare: bwrap column" "bwrap not usable here"
fi

# A program argument: the cost rows are for it.
timeout 600 $S compare --json /bin/true >"$T/p.json" 2>/dev/null
expect_out "compare: the program argument is measured" "/bin/true" json "$T/p.json" "d['program'][0]"
expect_out "compare: text form has the matrix" "yes" sh -c "$S compare /bin/true | grep -q '^  ptrace a host process' && echo yes"
expect_status "compare: bad option is 125" 125 $S compare --bogus
expect_err "compare: bad option says usage" "usage: sandbox compare"

timeout 600 $S bench --quick --json >"$T/b.json" 2>"$T/b.err"
st=$?
if [ $st = 0 ]; then pass "bench --quick --json runs"
else fail "bench --quick --json runs" "exit $st: $(head -c 300 "$T/b.err")"; fi
if python3 -m json.tool "$T/b.json" >/dev/null 2>&1; then
	pass "bench --json is one JSON document"
else
	fail "bench --json is one JSON document" "$(head -c 300 "$T/b.json")"
fi
expect_out "bench: every figure has id, title, value and unit" "yes" json "$T/b.json" \
    "all(set(('id', 'title', 'value', 'unit')) <= set(f) for f in d['figures'])"
expect_out "bench: ids are unique" "yes" json "$T/b.json" \
    "len(set(f['id'] for f in d['figures'])) == len(d['figures'])"
for id in launch.bare launch.none syscall.getppid.bare syscall.open.bare rss.none; do
	expect_out "bench: $id measured" "yes" json "$T/b.json" \
	    "[f for f in d['figures'] if f['id'] == '$id'][0]['value'] > 0"
done
expect_out "bench: a launch under none costs more than a bare exec" "yes" json "$T/b.json" \
    "[f for f in d['figures'] if f['id'] == 'launch.none'][0]['p10'] > [f for f in d['figures'] if f['id'] == 'launch.bare'][0]['min']"
for b in $backends; do
	expect_out "bench: launch.$b is there" "yes" json "$T/b.json" \
	    "any(f['id'] == 'launch.$b' for f in d['figures'])"
done
expect_out "bench: text form is a table" "yes" sh -c "$S bench --quick | grep -q '^launch.bare ' && echo yes"
expect_status "bench: bad option is 125" 125 $S bench --bogus
