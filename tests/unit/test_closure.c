/*
 * test_closure.c: the ELF closure on fixtures built here with gcc: RPATH
 * inherited by the libraries a program loads, RUNPATH not; $ORIGIN; a
 * missing library; a library of another machine or class passed over; a
 * truncated file and a non-ELF file refused with a message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <gelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closure.h"
#include "closure_int.h"
#include "elfobj.h"

static char dir[64];

static int
sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/*
 * d/lib/liba.so; d/lib/libb.so needs liba.so and has no search path of
 * its own; d/rpath and d/runpath need libb.so through $ORIGIN/lib, one as
 * DT_RPATH (inherited: libb finds liba), one as DT_RUNPATH (not: liba is
 * not found). d/bad/liba.so is liba.so with e_machine set to EM_386.
 */
static int
setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/sb-closure.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	return sh("cd %s && mkdir lib bad other && "
	    "echo 'int a(void){return 1;}' >a.c && "
	    "echo 'int a(void); int b(void){return a();}' >b.c && "
	    "echo 'int b(void); int main(void){return b();}' >m.c && "
	    "echo 'int m(void){return 2;}' >mi.c && "
	    "cc -shared -fPIC -o lib/liba.so -Wl,-soname,liba.so a.c && "
	    "cc -shared -fPIC -o lib/libb.so -Wl,-soname,libb.so b.c "
	    "-Llib -la && "
	    "cc -o rpath m.c -Llib -lb -Wl,--disable-new-dtags "
	    "-Wl,-rpath,'$ORIGIN/lib' -Wl,-rpath-link,lib && "
	    "cc -o runpath m.c -Llib -lb -Wl,--enable-new-dtags "
	    "-Wl,-rpath,'$ORIGIN/lib' -Wl,-rpath-link,lib && "
	    "cc -shared -fPIC -o other/libmi.so -Wl,-soname,libmi.so mi.c && "
	    "cc -o missing m.c -Wl,--no-as-needed -Llib -lb -Lother -lmi "
	    "-Wl,-rpath-link,lib "
	    "-Wl,--disable-new-dtags -Wl,-rpath,'$ORIGIN/lib' && "
	    "rm other/libmi.so && "
	    "cp lib/liba.so bad/liba.so && "
	    "printf '\\003\\000' | dd of=bad/liba.so bs=1 seek=18 "
	    "conv=notrunc status=none && "
	    "cc -o twodirs m.c -Llib -lb -Wl,--disable-new-dtags "
	    "-Wl,-rpath,'$ORIGIN/bad:$ORIGIN/lib' -Wl,-rpath-link,lib && "
	    "head -c 200 rpath >truncated && "
	    "echo 'not elf' >text && "
	    "printf '#!%s/rpath\\n' >script.sh && chmod +x script.sh && "
	    "mkdir elsewhere && ln -s ../rpath elsewhere/rpath && "
	    "mkdir -p hw/lib/glibc-hwcaps/x86-64-v3 && cp lib/* hw/lib/ && "
	    "cp lib/liba.so hw/lib/glibc-hwcaps/x86-64-v3/ && "
	    "cp rpath hw/rpath", dir,
	    dir) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	sh("rm -rf %s", dir);
	return 0;
}

static bool
has(const struct sb_strv *sv, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return sb_strv_contains(sv, path);
}

static int
closure(const char *name, struct sb_strv *out, char *err, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return sb_closure(path, out, err, len);
}

static void
test_rpath_inherited(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	assert_int_equal(closure("rpath", &out, err, sizeof(err)), 0);
	assert_true(has(&out, "%s/rpath", dir));
	assert_true(has(&out, "%s/lib/libb.so", dir));
	/* libb.so has no path of its own: the program's RPATH serves it. */
	assert_true(has(&out, "%s/lib/liba.so", dir));
	assert_true(has(&out, "/lib64/ld-linux-x86-64.so.2") ||
	    has(&out, "/lib/ld-linux-aarch64.so.1"));
	assert_true(out.n >= 5);
	sb_strv_clear(&out);
}

/* Through a link in another directory, $ORIGIN is the real program's. */
static void
test_origin_of_linked_program(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	assert_int_equal(closure("elsewhere/rpath", &out, err, sizeof(err)),
	    0);
	assert_true(has(&out, "%s/elsewhere/rpath", dir));
	assert_true(has(&out, "%s/rpath", dir));
	assert_true(has(&out, "%s/lib/liba.so", dir));
	sb_strv_clear(&out);
}

/* A glibc-hwcaps variant joins the closure beside the baseline library. */
static void
test_hwcaps_variant(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	assert_int_equal(closure("hw/rpath", &out, err, sizeof(err)), 0);
	assert_true(has(&out, "%s/hw/lib/liba.so", dir));
	assert_true(has(&out, "%s/hw/lib/glibc-hwcaps/x86-64-v3/liba.so",
	    dir));
	sb_strv_clear(&out);
}

static void
test_runpath_not_inherited(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];
	int r;

	r = closure("runpath", &out, err, sizeof(err));
	assert_int_equal(r, -ENOENT);
	assert_non_null(strstr(err, "liba.so: needed by "));
	assert_non_null(strstr(err, "/lib/libb.so: not found"));
	sb_strv_clear(&out);
}

static void
test_missing_library(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	assert_int_equal(closure("missing", &out, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "libmi.so: needed by"));
	sb_strv_clear(&out);
}

/* The EM_386 liba.so comes first in the RPATH and is passed over. */
static void
test_wrong_machine_skipped(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	assert_int_equal(closure("twodirs", &out, err, sizeof(err)), 0);
	assert_true(has(&out, "%s/lib/liba.so", dir));
	assert_false(has(&out, "%s/bad/liba.so", dir));
	sb_strv_clear(&out);
}

static void
test_wrong_class_skipped(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	/* ELFCLASS32 in e_ident: libelf reads it as a 32-bit object. */
	assert_int_equal(sh("cd %s && cp lib/liba.so bad/liba.so && "
	    "printf '\\001' | dd of=bad/liba.so bs=1 seek=4 conv=notrunc "
	    "status=none", dir), 0);
	assert_int_equal(closure("twodirs", &out, err, sizeof(err)), 0);
	assert_true(has(&out, "%s/lib/liba.so", dir));
	assert_false(has(&out, "%s/bad/liba.so", dir));
	sb_strv_clear(&out);
}

static void
test_truncated(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	assert_int_equal(closure("truncated", &out, err, sizeof(err)),
	    -ENOEXEC);
	assert_non_null(strstr(err, "truncated"));
	assert_int_equal(out.n, 0);
}

static void
test_not_elf(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	assert_int_equal(closure("text", &out, err, sizeof(err)), -ENOEXEC);
	assert_non_null(strstr(err, "text: not an ELF file"));
	assert_int_equal(closure("nonexistent", &out, err, sizeof(err)),
	    -ENOENT);
}

static void
test_script_interpreter(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];

	assert_int_equal(closure("script.sh", &out, err, sizeof(err)), 0);
	assert_true(has(&out, "%s/script.sh", dir));
	assert_true(has(&out, "%s/rpath", dir));
	assert_true(has(&out, "%s/lib/liba.so", dir));
	sb_strv_clear(&out);
}

static void
test_elf_read(void **state)
{
	struct sb_elf e;
	char path[PATH_MAX + 64], err[256];

	snprintf(path, sizeof(path), "%s/rpath", dir);
	assert_int_equal(sb_elf_read(path, &e, err, sizeof(err)), 0);
	assert_string_equal(e.rpath, "$ORIGIN/lib");
	assert_null(e.runpath);
	assert_non_null(e.interp);
	assert_true(sb_strv_contains(&e.needed, "libb.so"));
	sb_elf_free(&e);
	snprintf(path, sizeof(path), "%s/runpath", dir);
	assert_int_equal(sb_elf_read(path, &e, err, sizeof(err)), 0);
	assert_string_equal(e.runpath, "$ORIGIN/lib");
	assert_null(e.rpath);
	sb_elf_free(&e);
	snprintf(path, sizeof(path), "%s/lib/liba.so", dir);
	assert_int_equal(sb_elf_read(path, &e, err, sizeof(err)), 0);
	assert_string_equal(e.soname, "liba.so");
	assert_int_equal(e.type, ET_DYN);
	assert_null(e.interp);
	sb_elf_free(&e);
}

static void
test_expand(void **state)
{
	char out[PATH_MAX];

	assert_int_equal(sb_closure_expand("$ORIGIN/../lib", "/opt/x/bin",
	    ELFCLASS64, EM_X86_64, out, sizeof(out)), 0);
	assert_string_equal(out, "/opt/x/bin/../lib");
	assert_int_equal(sb_closure_expand("${ORIGIN}/p/$PLATFORM",
	    "/o", ELFCLASS64, EM_X86_64, out, sizeof(out)), 0);
	assert_string_equal(out, "/o/p/x86_64");
	assert_int_equal(sb_closure_expand("/usr/$LIB/x", "/o", ELFCLASS64,
	    EM_X86_64, out, sizeof(out)), 0);
	assert_true(strcmp(out, "/usr/lib/x86_64-linux-gnu/x") == 0 ||
	    strcmp(out, "/usr/lib64/x") == 0);
	/* Unknown tokens make the entry unusable, as in ld.so. */
	assert_int_equal(sb_closure_expand("$ORIGINAL/x", "/o", ELFCLASS64,
	    EM_X86_64, out, sizeof(out)), -1);
	assert_int_equal(sb_closure_expand("$FOO", "/o", ELFCLASS64,
	    EM_X86_64, out, sizeof(out)), -1);
	assert_int_equal(sb_closure_expand("$ORIGIN", "/o", ELFCLASS64,
	    EM_X86_64, out, 2), -1);
}

static int
count_dir(const char *d, void *arg)
{
	struct sb_strv *sv = arg;

	return sb_strv_push(sv, d);
}

static void
test_expand_list(void **state)
{
	struct sb_strv sv = { NULL, 0, 0 };

	assert_int_equal(sb_closure_expand_list("$ORIGIN:/a/:$BAD::/b",
	    "/o", ELFCLASS64, EM_X86_64, count_dir, &sv), 0);
	assert_int_equal(sv.n, 3);
	assert_string_equal(sv.v[0], "/o");
	assert_string_equal(sv.v[1], "/a");
	assert_string_equal(sv.v[2], "/b");
	sb_strv_clear(&sv);
}

/* A real program of the system: libc and the interpreter are found. */
static void
test_system_program(void **state)
{
	struct sb_strv out = { NULL, 0, 0 };
	char err[512];
	size_t i;
	bool libc = false;

	assert_int_equal(sb_closure("sh", &out, err, sizeof(err)), 0);
	for (i = 0; i < out.n; i++)
		if (strstr(out.v[i], "/libc.so.6") != NULL)
			libc = true;
	assert_true(libc);
	sb_strv_clear(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rpath_inherited),
		cmocka_unit_test(test_origin_of_linked_program),
		cmocka_unit_test(test_hwcaps_variant),
		cmocka_unit_test(test_runpath_not_inherited),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_wrong_machine_skipped),
		cmocka_unit_test(test_wrong_class_skipped),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_script_interpreter),
		cmocka_unit_test(test_elf_read),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_expand_list),
		cmocka_unit_test(test_system_program),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
