# measure.mk: the probe helper of `sandbox compare` and `sandbox bench`, and
# the generated comparison page (`make docs`).

# Static, so that it runs unchanged in a bare jail and under every view.
PROBE_CFLAGS = -O2 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE \
	       -std=c11 -static

$(B)/sandbox-probe: core/probe/probe.c $(B)/.deps
	@mkdir -p $(B)
	$(CC) $(PROBE_CFLAGS) -o $@ core/probe/probe.c

EXTRA += $(B)/sandbox-probe

install: install-probe
install-probe: $(B)/sandbox-probe
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(B)/sandbox-probe $(DESTDIR)$(BINDIR)/sandbox-probe

uninstall: uninstall-probe
uninstall-probe:
	rm -f $(DESTDIR)$(BINDIR)/sandbox-probe

# The comparison page, from a real run on this machine.
docs: all
	sh docs/gen.sh $(B)/sandbox docs

.PHONY: install-probe uninstall-probe docs

# The tests read the JSON with python3; bwrap is the peer compared with.
TESTDEBS += python3 bubblewrap
$(B)/.deps: mk/measure.mk
