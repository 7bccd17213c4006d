# measure.mk: the probe helper of `sandbox compare` and `sandbox bench`, and
# the generated comparison page (`make docs`).

# Static, so that it runs unchanged in a bare jail and under every view.
PROBE_CFLAGS = -O2 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE \
	       -std=c11 -static

PROBE_SRC = core/probe/probe.c core/probe/probe_victim.c \
	    core/probe/probe_net.c

$(B)/sandbox-probe: $(PROBE_SRC) core/probe/probe.h $(B)/.deps
	@mkdir -p $(B)
	$(CC) $(PROBE_CFLAGS) -o $@ $(PROBE_SRC)

# Dynamic: its DT_PREINIT_ARRAY runs before a preloaded library's code.
$(B)/sandbox-probe-preinit: core/probe/preinit.c $(B)/.deps
	@mkdir -p $(B)
	$(CC) -O2 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE \
	    -std=c11 -o $@ \
	    core/probe/preinit.c

EXTRA += $(B)/sandbox-probe $(B)/sandbox-probe-preinit

install: install-probe
install-probe: $(B)/sandbox-probe $(B)/sandbox-probe-preinit
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(B)/sandbox-probe $(DESTDIR)$(BINDIR)/sandbox-probe
	install -m 755 $(B)/sandbox-probe-preinit \
	    $(DESTDIR)$(BINDIR)/sandbox-probe-preinit

uninstall: uninstall-probe
uninstall-probe:
	rm -f $(DESTDIR)$(BINDIR)/sandbox-probe \
	    $(DESTDIR)$(BINDIR)/sandbox-probe-preinit

# The comparison page, from a real run on this machine.
docs: all
	sh docs/gen.sh $(B)/sandbox docs

.PHONY: install-probe uninstall-probe docs

# The tests read the JSON with python3; bwrap is the peer compared with.
TESTDEBS += python3 bubblewrap
$(B)/.deps: mk/measure.mk
