#!/bin/sh
# lint-man.sh PAGE...: the man pages stay clean under mandoc's lint.
out=$(mandoc -Tlint -Wwarning "$@" 2>&1)
if [ -n "$out" ]; then
	echo "$out"
	echo "man lint: FAILED"
	exit 1
fi
echo "man lint: $# pages clean"
