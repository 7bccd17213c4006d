# Bash completion (core/cmd/completion.bash): what it offers is what the
# command takes, read from the command and its sources, not a copy.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
SRC=$TESTS_DIR/../..
COMPLETION=$SRC/core/cmd/completion.bash

# offers WORD...: what completing after these words offers, one a line.
offers() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    _sandbox; printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$@"
}

# expect_offers NAME WANTED-LIST WORD...: each wanted word is offered.
expect_offers() {
	_name=$1 _want=$2 _missing=
	shift 2
	offers "$@" >"$T/offered"
	for w in $_want; do
		grep -qxF -- "$w" "$T/offered" || _missing="$_missing $w"
	done
	if [ -z "$_missing" ] && [ -n "$_want" ]; then
		pass "$_name"
	else
		fail "$_name" "not offered:$_missing"
	fi
}

verbs=$($S --help | sed -n 's/^\(usage:\)\{0,1\} *sandbox \([a-z]*\) .*/\2/p' | grep -v '^$')
expect_offers "completion: every verb of --help" "$verbs" "$S" ""
opts=$(sed -n 's/^.*{ "\([a-z-]*\)",.*_argument.*/--\1/p' "$SRC/core/cmd/options.c")
expect_offers "completion: every run option" "$opts" "$S" -
expect_offers "completion: every run option after another" "$opts" "$S" -b none -
backends=$($S --help | sed -n 's/^backends: \([^(]*\).*/\1/p')
expect_offers "completion: every backend" "$backends" "$S" -b ""
promises=$(grep -o '\[SB_P_[A-Z_]*\] = "[a-z_]*"' "$SRC/core/promises.c" | sed 's/.*"\(.*\)"/\1/')
expect_offers "completion: every promise" "$promises" "$S" -p ""
expect_offers "completion: the next promise of a list" "stdio rpath" "$S" -p "stdio rp"
sets=$(sed -n 's/^	{ "\([a-z_]*\)", ".*/\1/p' "$SRC/core/runtime.c")
expect_offers "completion: every run-time set" "$sets" "$S" --runtime ""
expect_offers "completion: check's options" "--set" "$S" check --s
mkdir -p "$T/pol" && : >"$T/pol/web.lua" && : >"$T/pol/notes.txt"
expect_offers "completion: check takes policy files" "$T/pol/web.lua" "$S" check "$T/pol/"
if grep -qxF "$T/pol/notes.txt" "$T/offered"; then
	fail "completion: check offers only .lua files" "notes.txt offered"
else
	pass "completion: check offers only .lua files"
fi
# After the program, its words are its own: no sandbox option is offered.
offers "$S" -b none ls - >"$T/after"
if grep -q -- '--backend' "$T/after"; then
	fail "completion: the program's own words are left alone" "$(head -3 "$T/after")"
else
	pass "completion: the program's own words are left alone"
fi
rlimits=$(sed -n 's/^	{ "\([a-z]*\)",	*RLIMIT_.*/\1=/p' "$SRC/core/rlimit.c")
expect_offers "completion: every --rlimit name" "$rlimits" "$S" --rlimit ""
