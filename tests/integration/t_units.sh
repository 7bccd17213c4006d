# The systemd units of docs/systemd: one for each daemon policy, accepted by
# systemd-analyze verify (--man=no: the pages need not be installed),
# stopping as sandbox(1) says (KillMode=mixed), and naming a policy and
# parameters that `sandbox check` accepts.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
SRC=$TESTS_DIR/../..
UNITS=$SRC/docs/systemd

# Each policy that runs a daemon as its own user has a unit.
for pol in "$SRC"/policies/*.lua; do
	grep -q '^[[:space:]]*user = ' "$pol" || continue
	name=$(basename "$pol" .lua)
	if [ -f "$UNITS/sandbox-$name.service" ]; then
		pass "units: $name has a unit"
	else
		fail "units: $name has a unit" "no docs/systemd/sandbox-$name.service"
	fi
done

if ! command -v systemd-analyze >/dev/null; then
	skip "units: systemd-analyze verify" "no systemd-analyze"
fi
for unit in "$UNITS"/*.service; do
	name=$(basename "$unit")
	# verify wants the program to exist: the built command stands in for
	# the installed one, the source tree's policies for the installed ones.
	sed -e "s|/usr/local/bin/sandbox|$S|" \
	    -e "s|/usr/local/share/sandbox/policies|$SRC/policies|" \
	    "$unit" >"$T/$name"
	if command -v systemd-analyze >/dev/null; then
		(cd "$T" && systemd-analyze verify --man=no "./$name") >"$T/verify" 2>&1
		if [ $? = 0 ] && ! grep -q "$name" "$T/verify"; then
			pass "units: $name passes systemd-analyze verify"
		else
			fail "units: $name passes systemd-analyze verify" "$(head -3 "$T/verify")"
		fi
	fi
	if grep -qx 'KillMode=mixed' "$unit" && grep -q '^LimitNOFILE=' "$unit"; then
		pass "units: $name says KillMode=mixed and its open-files limit"
	else
		fail "units: $name says KillMode=mixed and its open-files limit"
	fi
	# The policy and its --set words, checked as the unit would run them.
	args=$(sed -n 's/^ExecStart=[^ ]* --policy //p' "$T/$name")
	pol=${args%% *}
	sets=${args#"$pol"}
	# check finds missing files: the script `make install` puts in place
	# and the log directory the administrator makes are not here.
	case $pol in */pyrelay.lua)
		sets="$sets --set script=$SRC/policies/pyrelay.py --set data=none"
	esac
	# shellcheck disable=SC2086
	expect_status "units: $name's policy and parameters pass check" 0 \
	    $S check $sets "$pol"
done
