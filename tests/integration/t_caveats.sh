# What sandbox(1) admits a backend lets through, and where it says another
# backend closes it: each caveat is shown both ways, so that the page and
# the code cannot drift apart (a hole closed, or one opened, fails here).
. "$TESTS_DIR/lib.sh"
S=$SANDBOX
chmod 755 "$T"
LDSO=$(readelf -l /bin/true 2>/dev/null | sed -n 's/.*interpreter: \(.*\)]/\1/p')

# x is checked at execve only: a dynamic program unveiled r alone runs
# through the loader under unveil; the views mount it noexec.
mkdir -m 755 "$T/ro"
printf 'int main(void) { return 42; }\n' >"$T/p.c"
if command -v cc >/dev/null && cc -o "$T/ro/prog" "$T/p.c" && [ -n "$LDSO" ]; then
	chmod 755 "$T/ro/prog"
	# (The shell is the sandbox's program: the one under test is not.)
	expect_status "caveats: unveil r: exec refused" 126 \
	    $S -b unveil -v "$T/ro:r" /bin/sh -c "exec $T/ro/prog"
	expect_status "caveats: unveil r: run through the loader (documented)" 42 \
	    $S -b unveil -v "$T/ro:r" /bin/sh -c "exec $LDSO $T/ro/prog"
	for b in namespace combined; do
		$S -b $b -v "$T/ro:r" /bin/sh -c "exec $LDSO $T/ro/prog" \
		    >/dev/null 2>&1 </dev/null
		st=$?
		if [ $st != 42 ]; then
			pass "caveats: $b r: not run through the loader"
		else
			fail "caveats: $b r: not run through the loader" "it ran (42)"
		fi
	done
else
	skip "caveats: x through the loader" "no cc or no ELF interpreter"
fi

# Without prot_exec, wpath still opens /proc/self/mem for writing under
# pledge alone (documented); combined with an unveil rule does not let it be
# opened.
printf '#include <fcntl.h>\nint main(void) { return open("/proc/self/mem", O_RDWR) < 0 ? 2 : 0; }\n' >"$T/mem.c"
if command -v cc >/dev/null && cc -static -o "$T/mem" "$T/mem.c"; then
	chmod 755 "$T/mem"
	expect_status "caveats: pledge wpath: /proc/self/mem opens for writing (documented)" 0 \
	    $S -b pledge -p 'stdio rpath wpath' "$T/mem"
	expect_status "caveats: combined wpath, -v: /proc/self/mem is not opened for writing" 2 \
	    $S -b combined -p 'stdio rpath wpath' -v "$T:rx" "$T/mem"
else
	skip "caveats: /proc/self/mem" "no cc -static"
fi

# Narrower execpromises: an executed image may write a first-image
# process's memory through /proc (documented) under pledge alone, where
# Yama does not stop it; combined with an unveil rule does not let it.
cat >"$T/ppmem.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
/* The parent's pid as /proc names it (the host's, under pledge). */
int
main(void)
{
	char line[128], p[64];
	int ppid = 0;
	FILE *f = fopen("/proc/self/status", "r");

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		sscanf(line, "PPid: %d", &ppid);
	snprintf(p, sizeof(p), "/proc/%d/mem", ppid);
	return ppid > 0 && open(p, O_RDWR) >= 0 ? 0 : 2;
}
C
yama=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)
if ! command -v cc >/dev/null || ! cc -static -o "$T/ppmem" "$T/ppmem.c"; then
	skip "caveats: execpromises and /proc/pid/mem" "no cc -static"
elif [ "$yama" != 0 ]; then
	skip "caveats: execpromises and /proc/pid/mem" "Yama ptrace_scope $yama stops it here"
else
	chmod 755 "$T/ppmem"
	expect_status "caveats: execpromises: a new image writes its parent's memory (documented)" 0 \
	    $S -b pledge -p 'stdio rpath wpath proc exec' --execpromises 'stdio rpath wpath' \
	    /bin/sh -c "$T/ppmem; exit \$?"
	expect_status "caveats: combined -v: it does not" 2 \
	    $S -b combined -p 'stdio rpath wpath proc exec' --execpromises 'stdio rpath wpath' \
	    -v "$T:rx" /bin/sh -c "$T/ppmem; exit \$?"
fi

# Root without --user keeps its capabilities under unveil and pledge
# (documented); --user drops them all.
if [ "$(id -u)" = 0 ]; then
	for b in pledge unveil; do
		[ $b = pledge ] && o="-p 'stdio rpath'" || o="-v /proc:r"
		caps=$(eval "$S -b $b $o /bin/grep CapEff /proc/self/status" 2>/dev/null | awk '{ print $2 }')
		if [ -n "$caps" ] && [ "$caps" != 0000000000000000 ]; then
			pass "caveats: $b as root keeps root's capabilities (documented)"
		else
			fail "caveats: $b as root keeps root's capabilities (documented)" "CapEff '$caps'"
		fi
		caps=$(eval "$S -b $b -u nobody $o /bin/grep CapEff /proc/self/status" 2>/dev/null | awk '{ print $2 }')
		if [ "$caps" = 0000000000000000 ]; then
			pass "caveats: $b --user nobody has none"
		else
			fail "caveats: $b --user nobody has none" "CapEff '$caps'"
		fi
	done
fi
