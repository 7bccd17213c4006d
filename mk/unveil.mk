# unveil: the conformance suite's operation tester, dynamic and static, at
# the top of build/ so that the integration runner copies it for nobody.
UVTEST_SRC = tests/unveil/uvtest.c

$(B)/uvtest: $(UVTEST_SRC) $(B)/.deps
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -std=c11 -o $@ $(UVTEST_SRC)

$(B)/uvtest-static: $(UVTEST_SRC) $(B)/.deps
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -std=c11 -static -o $@ \
	    $(UVTEST_SRC)

check: $(B)/uvtest $(B)/uvtest-static

# A kernel without Landlock, simulated with a seccomp filter.
$(B)/nolandlock: tests/unveil/nolandlock.c $(B)/.deps
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -std=c11 -o $@ \
	    tests/unveil/nolandlock.c -lseccomp

check: $(B)/nolandlock
