# sandbox learn --user: the program is learned as that user, and the policy
# written runs it as that user, with the files that user needs.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
U=64123
chmod 711 "$T"
mkdir "$T/d"
echo mine >"$T/d/own"
chown -R $U:$U "$T/d"
chmod 700 "$T/d"

expect_out "learn --user: the program runs as the user" "$U $U" \
    $S learn -u $U -g $U -o "$T/u.lua" -- /bin/sh -c 'echo $(id -u) $(id -g)'
if grep -qx "  user = \"$U\"," "$T/u.lua" &&
    grep -qx "  group = \"$U\"," "$T/u.lua"; then
	pass "learn --user: the policy names the user and group"
else
	fail "learn --user: the policy names the user and group" \
	    "$(grep -n 'user\|group' "$T/u.lua" | head -5)"
fi
expect_out "learn --user: the policy runs as the user" "$U $U" $S -P "$T/u.lua"
$S check "$T/u.lua" >"$T/plan" 2>&1
if grep -q "^user  *$U\$" "$T/plan"; then
	pass "learn --user: check shows the user"
else
	fail "learn --user: check shows the user" "$(head -c 300 "$T/plan")"
fi

# A file only the user may read: learned as the user, granted, and read
# under the policy as the user.
expect_out "learn --user: the user's own file" "mine" \
    $S learn -u $U -g $U -o "$T/c.lua" -- /bin/cat "$T/d/own"
expect_out "learn --user: ... read under the policy" "mine" $S -P "$T/c.lua"

# --append runs as the recorded user, and keeps it in the policy.
expect_out "learn --append: a run added runs as the policy's user" "$U" \
    $S learn --append -o "$T/c.lua" -- /usr/bin/id -u
expect_out "learn --append: the policy keeps its user" "$U" \
    sh -c "grep -q '^  user = \"$U\",\$' '$T/c.lua' && $S -P '$T/c.lua' -- /usr/bin/id -u"
expect_status "learn --append: another --user is 125" 125 \
    $S learn --append -u nobody -o "$T/c.lua" -- /usr/bin/id -u
expect_err "learn --append: another --user is named" \
    "learned with --user $U, not nobody"

expect_status "learn --user: an unknown user is 125" 125 \
    $S learn -u no-such-user-here -- /bin/true
expect_err "learn --user: an unknown user is named" "no-such-user-here"
