# The daemon tests' probe (tests/daemons/dprobe.c), static: one binary that
# a chroot jail can hold alone and a seccomp filter governs from its start.
$(B)/dprobe: tests/daemons/dprobe.c $(B)/.deps
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -static -o $@ $<

EXTRA += $(B)/dprobe
