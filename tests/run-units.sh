#!/bin/sh
# run-units.sh TEST...: run each cmocka test binary; fail if any fails.
fail=0
for t in "$@"; do
	echo "== $t"
	"$t" || { echo "FAILED: $t"; fail=1; }
done
exit $fail
