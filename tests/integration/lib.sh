# lib.sh: checks for integration tests. Each check appends PASS, FAIL or
# SKIP with its name to $RESULTS and prints it.
: "${SANDBOX:?}" "${RESULTS:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

_report() {
	echo "$1 $2" | tee -a "$RESULTS"
}

pass() { _report PASS "$1"; }
fail() { _report FAIL "$1${2:+: $2}"; }
skip() { _report SKIP "$1${2:+: $2}"; }

# expect_status NAME WANT CMD...: run CMD, compare its exit status.
expect_status() {
	_name=$1 _want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err" </dev/null
	_got=$?
	if [ "$_got" = "$_want" ]; then
		pass "$_name"
	else
		fail "$_name" "exit $_got, wanted $_want; stderr: $(head -c 300 "$T/err")"
	fi
}

# expect_out NAME WANT CMD...: run CMD, compare its stdout.
expect_out() {
	_name=$1 _want=$2
	shift 2
	_got=$("$@" 2>"$T/err" </dev/null)
	if [ "$_got" = "$_want" ]; then
		pass "$_name"
	else
		fail "$_name" "got '$(echo "$_got" | head -c 200)', wanted '$_want'; stderr: $(head -c 300 "$T/err")"
	fi
}

# expect_err NAME PATTERN: the last command's stderr matches PATTERN (grep -E).
expect_err() {
	if grep -qE "$2" "$T/err"; then
		pass "$1"
	else
		fail "$1" "stderr '$(head -c 300 "$T/err")' lacks /$2/"
	fi
}

# as_nobody CMD...: run CMD as an ordinary user.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
