#!/bin/sh
# run.sh SANDBOX [TEST...]: run the integration tests (t_*.sh) against the
# built command. Each test file is a shell script using lib.sh; the closing
# line counts the checks that passed and failed.
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$(dirname "$1")" && pwd)
shift
# Tests also run as nobody, who may not reach the build tree (a clone under
# /root): run a copy of the built files from a directory anyone can read.
bin=$(mktemp -d /tmp/sandbox-test.XXXXXX)
results=$(mktemp)
trap 'rm -rf "$results" "$bin"' EXIT
find "$build" -maxdepth 1 -type f -exec cp -p {} "$bin"/ \;
chmod 755 "$bin"
SANDBOX=$bin/sandbox
export SANDBOX TESTS_DIR="$here" SANDBOX_BUILD="$build"
[ $# -gt 0 ] || set -- "$here"/t_*.sh
for t in "$@"; do
	echo "== $(basename "$t")"
	RESULTS="$results" sh "$t" || echo "FAIL $(basename "$t"): exited $?" >>"$results"
done
passed=$(grep -c '^PASS' "$results")
failed=$(grep -c '^FAIL' "$results")
skipped=$(grep -c '^SKIP' "$results")
grep -E '^(FAIL|SKIP)' "$results"
echo "integration: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
