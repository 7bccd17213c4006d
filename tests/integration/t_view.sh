# The namespace view: the directories it makes to hold a bind mount carry
# the host's owner and mode, so that a program that checks them (git's
# "dubious ownership") sees what it would see on the host.
. "$TESTS_DIR/lib.sh"
S=$SANDBOX

U=64123
# words CMD...: CMD's output, its lines as one line of words.
words() {
	"$@" | tr '\n' ' ' | sed 's/ $//'
}
mkdir -p "$T/own/repo/sub"
echo data >"$T/own/repo/sub/file"
chmod 711 "$T"
chown -R $U:$U "$T/own"
chmod 750 "$T/own"
chmod 705 "$T/own/repo"
for b in namespace combined; do
	# Only the file is bound: $T, own, repo and sub are made by the view.
	expect_out "view: $b: a made directory has the host's owner and mode" \
	    "$U $U 750 $U $U 705 0 0 711" words \
	    $S -b $b -u $U -g $U -v "$T/own/repo/sub/file" stat -c '%u %g %a' \
	    "$T/own" "$T/own/repo" "$T"
	expect_out "view: $b: the program as the owner reads through them" \
	    "data" $S -b $b -u $U -g $U -v "$T/own/repo/sub/file" \
	    cat "$T/own/repo/sub/file"
done

# git refuses a work tree whose top another user owns: the view's own
# directory there must be the host's user's, not root's.
if command -v git >/dev/null 2>&1; then
	git init -q "$T/own/g" && git -C "$T/own/g" config user.email t@t &&
	    git -C "$T/own/g" config user.name t &&
	    echo x >"$T/own/g/x" && git -C "$T/own/g" add x &&
	    git -C "$T/own/g" commit -q -m x
	chown -R $U:$U "$T/own/g"
	for b in namespace combined; do
		expect_out "view: $b: git as the owner of a work tree whose top the view made" \
		    "x" $S -b $b -u $U -g $U --env HOME=/nonexistent \
		    -v "$T/own/g/.git:rwc" -v "$T/own/g/x" \
		    git -C "$T/own/g" ls-files
	done
else
	skip "view: git as the owner of a work tree" "no git"
fi
