#!/bin/sh
# run.sh FUZZ: the bounded fuzz run of make check (about a minute): every
# input kept in tests/fuzz/corpus is tried, then a fixed number of mutants
# drawn from seed 1, so that each run tries the same ones. A failing input
# is kept under /tmp and named. To grow the corpus, run the fuzzer with
# another seed and a directory to keep new outcomes in (see fuzz.c).
fuzz=${1:?usage: run.sh FUZZ}
here=$(cd "$(dirname "$0")" && pwd)
export ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$here/../lsan.supp
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
# fuzz WHAT COUNT: its failures and its closing lines; its exit status.
fuzz() {
	"$fuzz" "$1" "$here/corpus/$1" "$2" 1 >"$out" 2>&1
	_st=$?
	grep -E '^(FAIL|fuzz )' "$out" | head -20
	tail -1 "$out"
	return $_st
}
fuzz elf 5000 || status=1
fuzz policy 500 || status=1
exit $status
