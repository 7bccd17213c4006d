#!/bin/sh
# overhead.sh SANDBOX [RUNS]: the cost of a learning run against a plain run
# and a run under the none backend (the fastest of RUNS interleaved runs, in
# ms) for a Python start with imports, a small C build and a shell loop;
# when strace is installed, also the ptrace way of watching the same calls.
# Not part of `make check`: timings belong to measurements, not to tests.
S=${1:?usage: overhead.sh path/to/sandbox [runs]}
N=${2:-15}
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

ms() {
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1
	e=$(date +%s%N)
	echo $(( (e - s) / 1000 ))
}

minimum() {
	sort -n "$1" | head -1 | awk '{ printf "%.1f", $1 / 1000 }'
}

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'
}

# row NAME CMD...: the three ways, interleaved N times (so that drift in
# the machine's speed falls on all three alike), the fastest of each in ms (the least disturbed by other load).
row() {
	name=$1
	shift
	: >"$w/plain"; : >"$w/none"; : >"$w/learn"; : >"$w/ptrace"
	i=0
	while [ $i -lt "$N" ]; do
		ms "$@" >>"$w/plain"
		ms "$S" -b none -- "$@" >>"$w/none"
		ms "$S" learn -o "$w/p.lua" -- "$@" >>"$w/learn"
		# The ptrace way, stopping on about the same calls.
		[ -n "$STRACE" ] && ms $STRACE "$@" >>"$w/ptrace"
		i=$((i + 1))
	done
	plain=$(minimum "$w/plain")
	none=$(minimum "$w/none")
	learn=$(minimum "$w/learn")
	ptrace=-
	[ -n "$STRACE" ] && ptrace=$(minimum "$w/ptrace")
	notes=$(sed -n 's/^-- (\([0-9]*\) system calls.*/\1/p' "$w/p.lua")
	printf '%-28s %8s %8s %8s %8s %8s %8s %8s\n' "$name" "$plain" "$none" \
	    "$learn" "$ptrace" "$(echo "$none $learn" | awk '{ printf "%+.0f%%", ($2 / $1 - 1) * 100 }')" \
	    "$notes" "$(echo "$none $learn $notes" | awk '{ printf "%.0f", ($2 - $1) * 1000 / $3 }')"
}

# strace -f --seccomp-bpf: ptrace stops on the same kinds of calls.
STRACE=
command -v strace >/dev/null 2>&1 && STRACE="strace -f --seccomp-bpf -qq -o /dev/null -e trace=%file,%network,%process,mmap,mprotect,ioctl"

printf '%-28s %8s %8s %8s %8s %8s %8s %8s\n' workload plain none learn strace vs-none stopped us/stop
row "python3 import json,sqlite3" /usr/bin/python3 -c 'import json, sqlite3'
row "cc: 3 small programs" sh -c "cd '$w' && cc -O2 -o a '$here/dlhost.c' -ldl && cc -O2 -o b '$here/nss.c' && cc -O2 -o c '$here/localeprog.c'"
row "sh: 50 forks and execs" sh -c 'i=0; while [ $i -lt 50 ]; do /bin/true; i=$((i+1)); done'
