# escape: the helper the escape tests run inside the sandboxes, at the top
# of build/ so that the integration runner copies it for nobody.
ESCAPE_SRC = tests/escape/escape.c

$(B)/escape: $(ESCAPE_SRC) $(B)/.deps
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -std=c11 -o $@ $(ESCAPE_SRC)

EXTRA += $(B)/escape
