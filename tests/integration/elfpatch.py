#!/usr/bin/env python3
# elfpatch.py IN OUT WHAT: copy a 64-bit little-endian ELF program with one
# field of its dynamic section made wrong, for t_deps.sh. WHAT is needed
# (the first DT_NEEDED's string offset far out) or strtab (DT_STRTAB at an
# address no segment has).
import struct
import sys

src, dst, what = sys.argv[1:4]
b = bytearray(open(src, "rb").read())
phoff, = struct.unpack_from("<Q", b, 0x20)
phentsize, phnum = struct.unpack_from("<HH", b, 0x36)
tag_of = {"needed": 1, "strtab": 5}
for i in range(phnum):
    o = phoff + i * phentsize
    ptype, = struct.unpack_from("<I", b, o)
    if ptype != 2:	# PT_DYNAMIC
        continue
    off, = struct.unpack_from("<Q", b, o + 8)
    size, = struct.unpack_from("<Q", b, o + 32)
    for e in range(off, off + size, 16):
        tag, = struct.unpack_from("<q", b, e)
        if tag == tag_of[what]:
            struct.pack_into("<Q", b, e + 8, 0x7fff0000)
            open(dst, "wb").write(b)
            sys.exit(0)
sys.exit("no such entry")
