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
escape.pids escape.signal files.read files.write
syscalls.preinit sameuser.ptrace sameuser.signal sameuser.environ sameuser.mem
sameuser.pgrp keyring.user keyring.session network.mptcp network.fastopen
network.unixdgram"
ids=$(json "$T/c.json" "' '.join(c['id'] for c in d['checks'])")
missing=""
for id in $want; do
	case " $ids " in *" $id "*) ;; *) missing="$missing $id" ;; esac
done
if [ -z "$missing" ]; then pass "compare: every check id is there"
else fail "compare: every check id is there" "missing:$missing"; fi
# Each id is documented: the list in sandbox(1) is the JSON's.
man=$(sed -n '/^The ids of the checks, stable/,/^\.Cm files\.read/p' "$TESTS_DIR/../../man/sandbox.1" | sed -n 's/^\.Cm //p' | tr -s ' ' '\n' | grep -v '^[,.]*$' | sort | tr '\n' ' ')
expect_out "compare: sandbox(1) lists every check id" "$man" sh -c "echo '$ids' | tr ' ' '\n' | sort | tr '\n' ' '"
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
# Each attack on the host around the sandbox works unconfined: the rows
# measure the attack, not a broken harness.
for id in sameuser.ptrace sameuser.signal sameuser.environ sameuser.mem \
    sameuser.pgrp keyring.user keyring.session network.fastopen \
    network.unixdgram syscalls.preinit; do
	expect_out "compare: none lets $id through" "allowed" cell "$T/c.json" $id none
done
if [ "$(cat /proc/sys/net/mptcp/enabled 2>/dev/null)" = 1 ]; then
	expect_out "compare: none lets network.mptcp through" "allowed" cell "$T/c.json" network.mptcp none
else
	skip "compare: none lets network.mptcp through" "MPTCP is off here"
fi
# A column that runs the program as nobody is set against a nobody victim.
case " $($S backends | awk '/^[a-z]/ { printf "%s ", $1 }') " in
*" chroot "*)
	[ "$(id -u)" = 0 ] &&
	expect_out "compare: --user nobody attacks a nobody victim" "yes" json "$T/c.json" \
	    "[c for c in d['checks'] if c['id'] == 'sameuser.ptrace'][0]['results']['chroot-user']['result'] in ('allowed', 'blocked') and [c for c in d['checks'] if c['id'] == 'keyring.user'][0]['results']['chroot-user']['result'] != 'n/a'"
	;;
esac
# The process-group row believes the victim, not the probe: a signal that
# stayed inside is no reach.
expect_out "compare: sameuser.pgrp is judged by the victim" "yes" json "$T/c.json" \
    "all((r['result'] == 'allowed') == ('reached a process' in r['detail']) for r in [c for c in d['checks'] if c['id'] == 'sameuser.pgrp'][0]['results'].values() if r['result'] != 'n/a')"
expect_out "compare: none reaches the host listener" "allowed" cell "$T/c.json" network.connect none
# chroot(8), as root, in the jail the chroot column built: the classic jail.
if [ "$(id -u)" = 0 ] && command -v chroot >/dev/null &&
    $S backends | grep -q '^chroot '; then
	expect_out "compare: chroot(8) is a column" "yes" json "$T/c.json" \
	    "any(b['name'] == 'chroot(8)' and b['available'] for b in d['backends'])"
	expect_out "compare: chroot(8) as root lets the escape through" "allowed" cell "$T/c.json" escape.chroot 'chroot(8)'
	expect_out "compare: chroot(8) builds no jail" "n/a" cell "$T/c.json" replication.build 'chroot(8)'
	expect_out "compare: chroot(8) runs the new rows" "yes" json "$T/c.json" \
	    "all(c['results']['chroot(8)']['result'] != 'n/a' for c in d['checks'] if c['id'].split('.')[0] in ('sameuser', 'keyring'))"
fi
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
timeout 600 $S compare --wide /bin/true >"$T/p.txt" 2>/dev/null
expect_out "compare: text form has the matrix" "yes" sh -c "grep -q '^  ptrace a host process' '$T/p.txt' && echo yes"
expect_out "compare: a group's checks are together" "yes" json "$T/p.json" \
    "(lambda g: all(g[i] == g[i + 1] or g[i + 1] not in g[:i + 1] for i in range(len(g) - 1)))([c['group'] for c in d['checks']])"

# Not a terminal and no COLUMNS: the narrow view, every line in 100
# columns, every check there; with room for it, the wide one.
env -u COLUMNS timeout 600 $S compare /bin/true >"$T/n.txt" 2>/dev/null
expect_out "compare: the narrow view fits 100 columns" "yes" python3 -c 'import sys
lines = open(sys.argv[1]).read().split("\n")
long = [l for l in lines if len(l) > 100]
print("yes" if len(lines) > 40 and not long else "no: %s" % long[:2])' "$T/n.txt"
expect_out "compare: the narrow view has every check" "yes" python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read()
missing = [c["id"] for c in d["checks"] if ": " + c["title"] + "\n" not in t]
print("yes" if not missing else "missing: %s" % missing)' "$T/p.json" "$T/n.txt"
expect_out "compare: the narrow view has a line a backend" "yes" python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read().split("\n")
block = t[t.index("[syscall limits]"):]
names = [l.split()[0] for l in block[1:] if l.startswith("  ") and not l.startswith("   ") and ":" not in l.split()[0]]
print("yes" if names[:len(d["backends"])] == [b["name"] for b in d["backends"]] else "no: %s" % names)' "$T/p.json" "$T/n.txt"
COLUMNS=400 timeout 600 $S compare /bin/true >"$T/w.txt" 2>/dev/null
expect_out "compare: the wide view where it fits" "yes" sh -c "head -1 '$T/w.txt' | grep -q 'can the confined program\.\.\.  *none  *chroot' && echo yes"
expect_status "compare: one view at a time" 125 $S compare --wide --narrow

# A refusal its error does not explain (an exit status, a signal that
# reached no one outside) is marked in its cell and explained under it.
expect_out "compare: refusals without an errno are explained" "yes" python3 -c 'import re, sys
for f in sys.argv[1:]:
    t = open(f).read()
    table = t.split("\nprogram:")[0]
    notes = t.split("refusals their error does not explain:\n")[1].split("\n\n")[0] if "refusals their" in t else ""
    notes = dict(re.findall(r"^  \[(\d+)\] (.+)$", re.sub(r"\n {6}", " ", notes), re.M))
    odd = [m for m in re.findall(r"no:([A-Za-z0-9_-]+)(?:\[(\d+)\])?", table) if not re.match("E|SIG", m[0])]
    bad = [m for m in odd if not m[1] or not notes.get(m[1])]
    if not odd or bad:
        print("unexplained in %s: %s" % (f, bad[:2] or "no such cell")); break
else:
    print("yes")' "$T/p.txt" "$T/n.txt"

# The text matrix is aligned: every cell starts under its column's name.
expect_out "compare: text columns are aligned" "yes" python3 -c 'import sys
lines = open(sys.argv[1]).read().split("\n")
head = lines[0]
first = len("can the confined program...")
starts = [i for i in range(first, len(head)) if head[i] != " " and head[i - 1] == " "]
rows = [l for l in lines[1:lines.index("")] if l.startswith("  ")]
ok = len(starts) > 3 and rows and all(len(l) > s and l[s - 1] == " " and l[s] != " " for l in rows for s in starts)
print("yes" if ok else "no")' "$T/p.txt"

# Under the matrix, every n/a row of a usable column is named with its reason.
expect_out "compare: the legend names every n/a row" "yes" python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
legend = open(sys.argv[2]).read().split("\nn/a:\n")[1].split("\n\n")[0]
usable = [b["name"] for b in d["backends"] if b["available"]]
lines = legend.split("\n")
missing = [(c["id"], b) for c in d["checks"] for b in usable
    if c["results"][b]["result"] == "n/a" and not any(
        c["id"] in l.split(" under ")[0].replace(",", " ").split()
        and b in l.split(" under ")[1].split(":")[0].replace(",", " ").split()
        and c["results"][b]["detail"] in l for l in lines)]
print("yes" if not missing else "missing: %s" % missing[:4])' "$T/p.json" "$T/p.txt"

# A program that runs and exits non-zero ran: its exit status under each
# column without a jail is reported, set against the bare run's.
timeout 600 $S compare --json /usr/bin/grep -q nomatch /etc/hostname >"$T/g.json" 2>"$T/err"
expect_out "compare: the bare run's exit status is reported" "1" json "$T/g.json" "d['program_status']"
expect_out "compare: a non-zero exit under none ran" "measured 1" json "$T/g.json" \
    "' '.join(str(x) for x in (lambda r: (r['result'], r.get('status')))([c for c in d['checks'] if c['id'] == 'replication.files'][0]['results']['none']))"
expect_out "compare: no column says a program exiting 1 did not run" "yes" json "$T/g.json" \
    "not any('did not run' in r['detail'] for c in d['checks'] for r in c['results'].values())"

# A name, not a path: looked up in PATH as run does, for the jail too.
timeout 600 $S compare --json sh -c 'exit 3' >"$T/s.json" 2>"$T/err"
expect_out "compare: a program name is resolved in PATH" "yes" json "$T/s.json" \
    "d['program_path'].startswith('/') and d['program'][0] == 'sh'"
expect_out "compare: a named program exiting 3 ran under none" "3" json "$T/s.json" \
    "[c for c in d['checks'] if c['id'] == 'replication.files'][0]['results']['none'].get('status')"
case " $backends " in
*" chroot "*)
	for col in chroot chroot-user; do
		expect_out "compare: $col builds a jail for a program name" "yes" json "$T/s.json" \
		    "all(c['results']['$col']['result'] == 'measured' for c in d['checks'] if c['id'].startswith('replication.'))"
	done ;;
esac

# A program that is not there: refused before anything is measured.
expect_status "compare: a missing program is 127" 127 timeout 60 $S compare /nonexistent/prog
expect_err "compare: a missing program is named" "sandbox: /nonexistent/prog: No such file or directory"
expect_out "compare: nothing measured for a missing program" "" sh -c "timeout 60 $S compare --json /nonexistent/prog 2>/dev/null"
expect_status "compare: a missing name is 127" 127 timeout 60 $S compare no-such-program-here
expect_status "compare: a directory is 126" 126 timeout 60 $S compare /
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
expect_out "bench: titles are distinct" "yes" json "$T/b.json" \
    "len(set(f['title'] for f in d['figures'])) == len(d['figures'])"
timeout 600 $S bench --quick >"$T/b.txt" 2>/dev/null
expect_out "bench: text form is a table" "yes" sh -c "grep -q '^launch.bare ' '$T/b.txt' && echo yes"
# Each figure's line has its whole title, where the header puts "what",
# and its value ends where "median" ends, however long the id.
expect_out "bench: text columns are aligned and titles whole" "yes" python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().split("\n\n")[0].split("\n")
head, rows = lines[0], {l.split(" ")[0]: l for l in lines[1:]}
at, end = head.index(" what ") + 1, head.index(" median ") + len(" median")
bad = [f["id"] for f in d["figures"] if f["id"] not in rows or
    rows[f["id"]][at:at + len(f["title"]) + 1] != f["title"] + " " or
    rows[f["id"]][end - 1] == " " or rows[f["id"]][end] != " "]
print("yes" if not bad and len(rows) == len(lines) - 1 else "bad: %s" % bad[:4])' "$T/b.json" "$T/b.txt"
expect_status "bench: bad option is 125" 125 $S bench --bogus

# Quick still takes enough samples for a spread, in every series it prints.
expect_out "bench: --quick has 10 samples a series or more" "yes" json "$T/b.json" \
    "all(f['n'] >= 10 for f in d['figures'] if 'n' in f) and any('n' in f for f in d['figures'])"
# The load is measured and said; a busy machine is warned about.
expect_out "bench: the load before and after is reported" "yes" json "$T/b.json" \
    "all(k in d['load'] for k in ('before', 'after', 'others', 'cores', 'busy')) and d['load']['cores'] > 0"
expect_out "bench: the text says the load" "yes" sh -c "grep -q '^load [0-9.]* before, [0-9.]* after' '$T/b.txt' && echo yes"
if [ "$(json "$T/b.json" "d['load']['busy']")" = yes ]; then
	expect_out "bench: a busy machine is warned about" "yes" sh -c "grep -q 'warning: .*busy' '$T/b.err' && echo yes"
else
	expect_out "bench: no warning on a quiet machine" "no" sh -c "grep -q 'warning: .*busy' '$T/b.err' && echo yes || echo no"
fi
# An overhead no larger than its noise is said to be so, with the noise;
# none is negative and unflagged.
expect_out "bench: overheads within the noise are flagged" "yes" json "$T/b.json" \
    "all(f['noise'] >= 0 and f['within_noise'] == (f['value'] <= f['noise']) for f in d['figures'] if f['id'].startswith('overhead.')) and any(f['id'].startswith('overhead.') for f in d['figures'])"
# In the text: an overhead is "within noise" with its figures, or positive.
expect_out "bench: a negative overhead is printed as within noise" "yes" python3 -c 'import re, sys
lines = open(sys.argv[1]).read().split("\n\n")[0].split("\n")
end = lines[0].index(" median ") + len(" median")
rows = [l for l in lines[1:] if l.startswith("overhead.")]
bad = [l.split()[0] for l in rows if not (
    re.search(r"within noise .*measured -?[0-9.]+ ns, noise [0-9.]+ ns", l)
    if "within noise" in l else float(l[:end].split()[-1]) > 0)]
print("yes" if rows and not bad else "bad: %s" % bad)' "$T/b.txt"

# Backends say what they can do here whole: combined repeats each part's
# own line, the pledge one too, not cut short.
expect_out "backends: combined's parts are said whole" "yes" sh -c "$S backends | sed -n '/^combined/,/^[a-z]/p' | tr -d '\n' | grep -q 'approximated (sandbox(1)).*net none by default' && echo yes"

# The generated page names no path of the machine that built it: the tree
# (here the directory of the copy under test) and the scratch directory.
sh "$TESTS_DIR/../../docs/gen.sh" "$S" "$T/docs" "$T/c.json" "$T/b.json" 2>/dev/null
tree=$(cd "$(dirname "$S")/.." && pwd -P)
expect_out "docs: no path of the build tree" "no" sh -c 'grep -Eq "(^|[ \"\`:=(])$0/" "$1"/comparison.md "$1"/compare.json "$1"/bench.json && echo yes || echo no' "$tree" "$T/docs"
expect_out "docs: commands relative to the tree" "yes" sh -c 'grep -qF -- "$0" "$1" && echo yes' \
    "\`$(basename "$(dirname "$S")")/sandbox -q -b none\`" "$T/docs/comparison.md"
expect_out "docs: no scratch directory of a run" "no" sh -c "grep -Eho 'sandbox-measure[.][A-Za-z0-9]+' '$T/docs/comparison.md' | grep -v 'XXXXXX\$' | grep -q . && echo yes || echo no"
expect_out "docs: combined's availability is whole" "yes" sh -c "grep '^- \*\*combined\*\*' '$T/docs/comparison.md' | grep -q 'net none by default' && echo yes"

# The charts drawn from the same JSON: well-formed SVG with a title, a cell
# for every check under every column, a bar for every column that builds
# a jail in every jail row and every other column named as without one.
for f in matrix jail; do
	expect_out "docs: $f.svg is well-formed with a title" "yes" python3 -c 'import sys, xml.dom.minidom
d = xml.dom.minidom.parse(sys.argv[1])
t = d.documentElement.getElementsByTagName("title")
print("yes" if t and t[0].parentNode == d.documentElement and t[0].firstChild.data.strip() else "no title")' "$T/docs/$f.svg"
done
expect_out "docs: matrix.svg has a cell for every check and column" "yes" python3 -c 'import json, sys, xml.dom.minidom
d = json.load(open(sys.argv[1]))
g = xml.dom.minidom.parse(sys.argv[2]).getElementsByTagName("g")
cells = {(e.getAttribute("data-check"), e.getAttribute("data-column")): e.getAttribute("data-result") for e in g if e.getAttribute("class") == "cell"}
want = {(c["id"], b["name"]): c["results"].get(b["name"], {}).get("result", "") for c in d["checks"] for b in d["backends"]}
words = {(e.getAttribute("data-check"), e.getAttribute("data-column")): " ".join(t.firstChild.data for t in e.getElementsByTagName("text")) for e in g if e.getAttribute("class") == "cell"}
bad = [k for k in want if cells.get(k) != want[k] or (want[k] in ("blocked", "allowed", "n/a") and not words[k].startswith(want[k]))]
print("yes" if not bad and len(cells) == len(want) else "bad: %s" % bad[:4])' "$T/c.json" "$T/docs/matrix.svg"
expect_out "docs: jail.svg has a bar for every jail and names the rest" "yes" python3 -c 'import json, sys, xml.dom.minidom
d = json.load(open(sys.argv[1]))
x = xml.dom.minidom.parse(sys.argv[2])
bars = {(e.getAttribute("data-check"), e.getAttribute("data-column")) for e in x.getElementsByTagName("g") if e.getAttribute("class") == "bar"}
named = {e.getAttribute("data-column") for e in x.getElementsByTagName("tspan")}
rows = [c for c in d["checks"] if c["id"].startswith("replication.")]
jail = [b["name"] for b in d["backends"] if any(c["results"][b["name"]]["result"] == "measured" and c["results"][b["name"]]["value"] > 0 for c in rows)]
bad = [(c["id"], b) for c in rows for b in jail if (c["id"], b) not in bars]
rest = [b["name"] for b in d["backends"] if b["name"] not in jail and b["name"] not in named]
print("yes" if jail and not bad and not rest and len(bars) == len(rows) * len(jail) else "bad: %s %s" % (bad[:4], rest))' "$T/c.json" "$T/docs/jail.svg"
expect_out "docs: the page shows both charts" "2" sh -c "grep -c '^!\[.*\](\(matrix\|jail\)\.svg)\$' '$T/docs/comparison.md'"
expect_out "docs: no path of the build tree in the charts" "no" sh -c 'grep -Eq "(^|[ \"\`:=(>])$0/" "$1"/matrix.svg "$1"/jail.svg && echo yes || echo no' "$tree" "$T/docs"
