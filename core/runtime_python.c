/*
 * runtime_python.c: the run-time set "python_startup", what a Python 3
 * interpreter opens before it runs a line of the program.
 *
 * No ELF header names these files: the interpreter finds its standard
 * library from the landmark os.py next to its prefix, imports the
 * encodings package for the file system and standard stream encodings, and
 * loads extension modules from lib-dynload with dlopen(3). Most of the
 * start-up modules (os, io, abc, codecs, site, stat, posixpath) are frozen
 * into the 3.11 interpreter and read from no file. Measured with
 * `python3 -I -S -X importtime -c pass` and strace on Debian 12's 3.11.
 *
 * The set is deliberately not /usr/lib/python3.X whole (55 MB, thousands of
 * files; the run-time set "python" is that): a policy adds the modules its
 * program imports on top of it (see policies/pyrelay.lua). Globs cover
 * every installed 3.X.
 */
#include <stddef.h>

#include "runtime.h"

const char *const sb_runtime_python_paths[] = {
	/* The prefix landmark; without it the interpreter warns and guesses. */
	"/usr/lib/python3.*/os.py",
	/* The start-up encodings: the package, its alias table, UTF-8. */
	"/usr/lib/python3.*/encodings/__init__.py",
	"/usr/lib/python3.*/encodings/aliases.py",
	"/usr/lib/python3.*/encodings/utf_8.py",
	"/usr/lib/python3.*/encodings/__pycache__/__init__.cpython-3*.pyc",
	"/usr/lib/python3.*/encodings/__pycache__/aliases.cpython-3*.pyc",
	"/usr/lib/python3.*/encodings/__pycache__/utf_8.cpython-3*.pyc",
	/* Extension modules not built into the interpreter (3 MB). */
	"/usr/lib/python3.*/lib-dynload",
	/* The C.UTF-8 locale that PEP 538 coerces a C locale to. */
	"/usr/lib/locale/C.utf8",
	NULL
};
