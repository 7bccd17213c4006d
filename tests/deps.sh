#!/bin/sh
# deps.sh BUILD-DEBS -- TEST-DEBS: install the Debian packages the build and
# the tests need when they are missing; as root with apt-get, install them,
# otherwise stop with the exact command that would.
missing=""
for p in "$@"; do
	[ "$p" = "--" ] && continue
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq </dev/null >/dev/null 2>&1 || true
	apt-get install -y -qq --no-install-recommends $missing </dev/null ||
		{ echo "deps: apt-get install failed" >&2; exit 1; }
	exit 0
fi
echo "deps: missing packages:$missing" >&2
echo "deps: run: sudo apt-get install$missing" >&2
exit 1
