# pledge.mk: the preloaded library that ends a dynamic program's loading
# phase, and the conformance test program (static and dynamic).

PLEDGE_PRELOAD_SRC = backends/pledge_preload.c backends/pledge_table.c \
	backends/pledge_filter.c core/promises.c core/nearest.c
PLEDGE_PRELOAD_OBJ = $(PLEDGE_PRELOAD_SRC:%.c=$(B)/preload/%.o)

$(B)/preload/%.o: %.c $(B)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DSB_PLEDGE_PRELOAD $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# libseccomp is linked in, hidden: the library needs only the C library, so
# that a jail or a view need hold this one file, and a program's own
# libseccomp is not interposed. -z defs: a symbol of the library's own
# missing here fails the link, not every program it is preloaded into.
$(B)/libsandbox-pledge.so: $(PLEDGE_PRELOAD_OBJ)
	$(CC) -shared -Wl,-soname,libsandbox-pledge.so -Wl,-z,now -Wl,-z,defs \
	    -Wl,--exclude-libs,ALL -o $@ $(PLEDGE_PRELOAD_OBJ) \
	    -Wl,-Bstatic -lseccomp -Wl,-Bdynamic

# One named action per invocation, linked both ways.
$(B)/pledge-test: tests/pledge/pledge_test.c $(B)/.deps
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -o $@ $<

$(B)/pledge-test-static: tests/pledge/pledge_test.c $(B)/.deps
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -DPLEDGE_TEST_STATIC -static -o $@ $<

# sandbox_exec(3) under a pledge: no supervisor.
$(B)/pledge-exec: tests/pledge/pledge_exec.c $(B)/libsandbox.a
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(B)/libsandbox.a $(LIBS)

# The loading phase is the system loader's: a library constructor that runs
# in it (libpledge-ctor.so), and an image whose ELF interpreter is another
# program (pledge-badinterp: the static test program), get no more.
$(B)/libpledge-ctor.so: tests/pledge/ctor_lib.c $(B)/.deps
	$(CC) $(CFLAGS) $(WARN) -std=c11 -fPIC -shared -o $@ $<

$(B)/pledge-ctor: tests/pledge/ctor_main.c $(B)/libpledge-ctor.so
	$(CC) $(CFLAGS) $(WARN) -std=c11 -DPLEDGE_CTOR -o $@ $< \
	    -L$(B) -lpledge-ctor -Wl,-rpath,'$$ORIGIN'

$(B)/pledge-interp: tests/pledge/interp.c $(B)/.deps
	$(CC) -O1 -static-pie -nostdlib -fPIE -fno-stack-protector -o $@ $<

$(B)/pledge-badinterp: tests/pledge/ctor_main.c $(B)/pledge-interp
	$(CC) $(CFLAGS) $(WARN) -std=c11 -o $@ $< \
	    -Wl,--dynamic-linker=$(abspath $(B))/pledge-interp

# A thread rewrites a path the supervisor has checked (readlink).
$(B)/pledge-readlink-race: tests/pledge/readlink_race.c $(B)/.deps
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -pthread -o $@ $<

# Code of the program's own that runs before any constructor.
$(B)/pledge-preinit: tests/pledge/preinit.c $(B)/.deps
	$(CC) $(CFLAGS) $(WARN) -std=c11 -o $@ $<

EXTRA += $(B)/libsandbox-pledge.so $(B)/pledge-test $(B)/pledge-test-static \
	 $(B)/pledge-exec $(B)/libpledge-ctor.so $(B)/pledge-ctor \
	 $(B)/pledge-readlink-race $(B)/pledge-preinit
ifeq ($(shell uname -m),x86_64)
EXTRA += $(B)/pledge-badinterp
endif

install: install-pledge
install-pledge: $(B)/libsandbox-pledge.so
	install -d $(DESTDIR)$(LIBDIR)/sandbox
	install -m 644 $(B)/libsandbox-pledge.so \
	    $(DESTDIR)$(LIBDIR)/sandbox/libsandbox-pledge.so

uninstall: uninstall-pledge
uninstall-pledge:
	rm -f $(DESTDIR)$(LIBDIR)/sandbox/libsandbox-pledge.so
	-rmdir $(DESTDIR)$(LIBDIR)/sandbox 2>/dev/null

CPPFLAGS += -DSB_LIBDIR='"$(LIBDIR)"'

# The compiled-in LIBDIR follows PREFIX: a package runs `make` then
# `make install PREFIX=/usr DESTDIR=...`, and the installed command and
# library must look in /usr/lib/sandbox, not where the first `make` said.
# The stamp changes only when LIBDIR does, so what uses it is rebuilt then.
$(B)/.libdir: FORCE
	@mkdir -p $(B)
	@echo '$(LIBDIR)' | cmp -s - $@ || echo '$(LIBDIR)' > $@
$(B)/obj/backends/pledge.o $(B)/asan/obj/backends/pledge.o: $(B)/.libdir
FORCE:

.PHONY: install-pledge uninstall-pledge FORCE
