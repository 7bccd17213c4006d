# Test programs for `sandbox learn` (tests/integration/t_learn.sh): each
# needs files at run time that no ELF header names. Top-level files of
# build/, so that the integration runner copies them where nobody can read.
LEARN_PROGS = $(B)/learn_dlhost $(B)/learn_plugin.so $(B)/learn_nss \
	      $(B)/learn_locale
EXTRA	+= $(LEARN_PROGS)

$(B)/learn_dlhost: tests/learn/dlhost.c $(B)/.deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) -Wall -Wextra -o $@ $< -ldl

$(B)/learn_plugin.so: tests/learn/plugin.c $(B)/.deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) -Wall -Wextra -shared -fPIC -o $@ $< -lm

$(B)/learn_nss: tests/learn/nss.c $(B)/.deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) -Wall -Wextra -o $@ $<

$(B)/learn_locale: tests/learn/localeprog.c $(B)/.deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) -Wall -Wextra -o $@ $<

# t_learn.sh learns a Python program (the interpreter's run-time needs are
# the point); the rest (cc, getent) comes with the build dependencies.
TESTDEBS += python3
$(B)/.deps: mk/learn.mk
