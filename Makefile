# sandbox: one plain Makefile. `make`, `make check`, `make install`, `make clean`.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
LIBDIR	?= $(PREFIX)/lib
INCDIR	?= $(PREFIX)/include
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/sandbox
COMPDIR	?= $(PREFIX)/share/bash-completion/completions
DESTDIR	?=

CC	?= cc
PKGS	 = lua5.4 libbsd libseccomp libelf
# Debian packages the build and the tests need, by what they provide.
DEBS	 = liblua5.4-dev libbsd-dev libseccomp-dev libelf-dev libcmocka-dev \
	   mandoc pkg-config
TESTDEBS = busybox-static \
	   nsd unbound ngircd znc lighttpd dnsutils python3 curl procps libc6-dev \
	   systemd

CFLAGS	?= -O2 -g
WARN	 = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-unused-parameter
CPPFLAGS += -D_GNU_SOURCE -Iinclude -Icore
ALL_CFLAGS = $(CFLAGS) $(WARN) -std=c11 -fPIC -fvisibility=hidden \
	     $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS	 = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

B	 = build
LIB_SRC	 = $(wildcard core/*.c) $(wildcard backends/*.c)
CMD_SRC	 = $(wildcard core/cmd/*.c)
LIB_OBJ	 = $(LIB_SRC:%.c=$(B)/obj/%.o)
CMD_OBJ	 = $(CMD_SRC:%.c=$(B)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS	 = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
ASAN_UNITS = $(UNIT_SRC:tests/unit/%.c=$(B)/asan/%)
# Extra targets backends add (a preload library, probe helpers).
EXTRA	 =

all: deps $(B)/sandbox $(B)/libsandbox.a $(B)/libsandbox.so

-include $(wildcard mk/*.mk)

# Install what the build needs when root on Debian; otherwise say how.
deps: $(B)/.deps
$(B)/.deps: Makefile
	@sh tests/deps.sh $(DEBS) -- $(TESTDEBS)
	@mkdir -p $(B) && touch $@

$(B)/obj/%.o: %.c $(B)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libsandbox.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/libsandbox.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libsandbox.so.0 -o $@ $(LIB_OBJ) $(LIBS)
	ln -sf libsandbox.so $(B)/libsandbox.so.0

# The command takes Lua, libbsd, libseccomp and libelf from their static
# archives: ld.so then maps only libc and libm, about a millisecond less on
# every launch (issue 6). The shared library keeps them shared.
CMD_LIBS = -Wl,-Bstatic $(shell pkg-config --static --libs-only-l $(PKGS) \
	   2>/dev/null | sed 's/-lm //; s/-ldl //') -Wl,-Bdynamic -lm

$(B)/sandbox: $(CMD_OBJ) $(B)/libsandbox.a $(EXTRA)
	$(CC) $(LDFLAGS) -o $@ $(CMD_OBJ) $(B)/libsandbox.a $(CMD_LIBS)

# Unit tests link the command's objects too (options, statuses), less main.
TEST_LINK = $(filter-out $(B)/obj/core/cmd/main.o,$(CMD_OBJ)) $(B)/libsandbox.a

$(B)/tests/%: tests/unit/%.c $(TEST_LINK)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Icore/cmd $(ALL_CFLAGS) -o $@ $< $(TEST_LINK) \
	    $(LIBS) -lcmocka

# The same unit tests under AddressSanitizer and UBSan, from their own objects.
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
ASAN_OBJ = $(LIB_SRC:%.c=$(B)/asan/obj/%.o) \
	   $(filter-out $(B)/asan/obj/core/cmd/main.o,$(CMD_SRC:%.c=$(B)/asan/obj/%.o))

$(B)/asan/obj/%.o: %.c $(B)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -O1 -MMD -MP -c -o $@ $<

$(B)/asan/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Icore/cmd $(ALL_CFLAGS) $(SAN) -O1 -o $@ $< \
	    $(ASAN_OBJ) $(LIBS) -lcmocka

# A bounded fuzz run of the policy loader and the ELF reader, under ASan.
$(B)/asan/fuzz: tests/fuzz/fuzz.c $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -O1 -o $@ $< $(ASAN_OBJ) $(LIBS)

check: all $(UNITS) $(ASAN_UNITS) $(B)/asan/fuzz
	@sh tests/run-units.sh $(UNITS)
	@ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    sh tests/run-units.sh $(ASAN_UNITS)
	@sh tests/lint-man.sh man/*
	@sh tests/fuzz/run.sh $(B)/asan/fuzz
	@sh tests/integration/run.sh $(B)/sandbox

# The same, with the exhaustive comparisons whole (every program of
# /usr/bin and /usr/sbin against ldd, not a sample).
check-full:
	$(MAKE) check SANDBOX_CHECK_FULL=1

# The long and the wide run of every backend (minutes): docs/soak.md.
soak: all
	sh tests/soak/soak.sh $(B)/sandbox >docs/soak.md.new && \
	    mv docs/soak.md.new docs/soak.md

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(B)/sandbox $(DESTDIR)$(BINDIR)/sandbox
	install -m 644 $(B)/libsandbox.a $(DESTDIR)$(LIBDIR)/libsandbox.a
	install -m 755 $(B)/libsandbox.so $(DESTDIR)$(LIBDIR)/libsandbox.so.0
	ln -sf libsandbox.so.0 $(DESTDIR)$(LIBDIR)/libsandbox.so
	install -m 644 include/sandbox.h $(DESTDIR)$(INCDIR)/sandbox.h
	install -m 644 man/sandbox.1 $(DESTDIR)$(MANDIR)/man1/sandbox.1
	install -m 644 man/sandbox.3 $(DESTDIR)$(MANDIR)/man3/sandbox.3
	install -m 644 man/sandbox-policy.5 $(DESTDIR)$(MANDIR)/man5/sandbox-policy.5
	install -d $(DESTDIR)$(DATADIR)/policies
	install -m 644 policies/*.lua $(DESTDIR)$(DATADIR)/policies/
	install -m 644 policies/pyrelay.py $(DESTDIR)$(DATADIR)/pyrelay.py
	install -d $(DESTDIR)$(COMPDIR)
	install -m 644 core/cmd/completion.bash $(DESTDIR)$(COMPDIR)/sandbox

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sandbox $(DESTDIR)$(LIBDIR)/libsandbox.a \
	    $(DESTDIR)$(LIBDIR)/libsandbox.so.0 $(DESTDIR)$(LIBDIR)/libsandbox.so \
	    $(DESTDIR)$(INCDIR)/sandbox.h $(DESTDIR)$(MANDIR)/man1/sandbox.1 \
	    $(DESTDIR)$(MANDIR)/man3/sandbox.3 \
	    $(DESTDIR)$(MANDIR)/man5/sandbox-policy.5 \
	    $(DESTDIR)$(DATADIR)/pyrelay.py $(DESTDIR)$(COMPDIR)/sandbox
	rm -rf $(DESTDIR)$(DATADIR)/policies
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf $(B)

.PHONY: all deps check check-full soak install uninstall clean
.DELETE_ON_ERROR:
# Keep the sanitizer objects between runs: they are not intermediates to us.
.SECONDARY: $(ASAN_OBJ)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
