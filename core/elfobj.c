/*
 * elfobj.c: read the program headers and the dynamic section with libelf.
 * Every segment, the dynamic section and each string it names are checked
 * against the file's size first: a file cut short is refused, and the
 * message says which check failed, where.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfobj.h"

struct dynstr {
	uint64_t	 addr;		/* DT_STRTAB, a virtual address */
	uint64_t	 size;		/* DT_STRSZ */
	const char	*base;		/* in the file, once located */
};

/* Where a message is written: the caller's buffer, for the file path. */
struct elf_msg {
	char		*err;
	size_t		 errlen;
	const char	*path;
};

static int
bad(char *err, size_t errlen, const char *path, const char *what)
{
	snprintf(err, errlen, "%s: %s", path, what);
	return -ENOEXEC;
}

static int __attribute__((format(printf, 2, 3)))
badf(const struct elf_msg *m, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return bad(m->err, m->errlen, m->path, what);
}

static const char *
seg_name(uint32_t type)
{
	switch (type) {
	case PT_LOAD:		return "PT_LOAD";
	case PT_DYNAMIC:	return "PT_DYNAMIC";
	case PT_INTERP:		return "PT_INTERP";
	case PT_NOTE:		return "PT_NOTE";
	case PT_TLS:		return "PT_TLS";
	default:		return "segment";
	}
}

/*
 * The bytes of every segment are in the file: a program cut short would
 * load, if at all, with pages the kernel cannot read (SIGBUS).
 */
static int
check_segments(Elf *elf, size_t phnum, size_t rawsz, const struct elf_msg *m)
{
	GElf_Phdr ph;
	size_t i;

	for (i = 0; i < phnum; i++) {
		if (gelf_getphdr(elf, i, &ph) == NULL)
			return badf(m, "truncated ELF program headers "
			    "(header %zu unreadable)", i);
		if (ph.p_filesz > ph.p_memsz && ph.p_type == PT_LOAD)
			return badf(m, "malformed ELF program headers "
			    "(PT_LOAD, program header %zu: %#jx bytes in the "
			    "file, more than "
			    "%#jx in memory)", i, (uintmax_t)ph.p_filesz,
			    (uintmax_t)ph.p_memsz);
		if (ph.p_filesz == 0)
			continue;
		if (ph.p_offset > rawsz || ph.p_filesz > rawsz - ph.p_offset)
			return badf(m, "truncated ELF file (%s, program "
			    "header %zu: bytes %#jx to %#jx, past the end of "
			    "the file at %#zx)",
			    seg_name(ph.p_type), i, (uintmax_t)ph.p_offset,
			    (uintmax_t)(ph.p_offset + ph.p_filesz), rawsz);
	}
	return 0;
}

/*
 * Bytes [off, off + len) of the file: libelf reads just that chunk (the
 * file is not mapped whole) and checks it against the file's size.
 */
static const char *
chunk(Elf *elf, size_t filesz, uint64_t off, uint64_t len)
{
	Elf_Data *d;

	if (len == 0 || off > filesz || len > filesz - off)
		return NULL;
	d = elf_getdata_rawchunk(elf, off, len, ELF_T_BYTE);
	return d != NULL && d->d_size == len ? d->d_buf : NULL;
}

/* A string inside [off, off + len) of the file, NUL-terminated there. */
static char *
file_string(Elf *elf, size_t filesz, uint64_t off, uint64_t len)
{
	const char *s, *nul;

	if ((s = chunk(elf, filesz, off, len)) == NULL ||
	    (nul = memchr(s, '\0', len)) == NULL)
		return NULL;
	return strndup(s, nul - s);
}

/* The file offset of a virtual address, through the PT_LOAD segments. */
static int
vaddr_offset(Elf *elf, size_t phnum, uint64_t addr, uint64_t *off,
    uint64_t *avail)
{
	GElf_Phdr ph;
	size_t i;

	for (i = 0; i < phnum; i++) {
		if (gelf_getphdr(elf, i, &ph) == NULL || ph.p_type != PT_LOAD)
			continue;
		if (addr >= ph.p_vaddr && addr - ph.p_vaddr < ph.p_filesz) {
			*off = ph.p_offset + (addr - ph.p_vaddr);
			*avail = ph.p_filesz - (addr - ph.p_vaddr);
			return 0;
		}
	}
	return -1;
}

static char *
dyn_string(const struct dynstr *ds, uint64_t off)
{
	const char *s, *nul;

	if (off >= ds->size)
		return NULL;
	s = ds->base + off;
	if ((nul = memchr(s, '\0', ds->size - off)) == NULL)
		return NULL;
	return strndup(s, nul - s);
}

/* Two passes over the dynamic section: find the strings, then use them. */
static int
read_dynamic(Elf *elf, const GElf_Phdr *dp, size_t phnum, size_t rawsz,
    struct sb_elf *e, const struct elf_msg *m)
{
	struct dynstr ds = { 0, 0, NULL };
	Elf_Data *d;
	GElf_Dyn dyn;
	uint64_t off, avail;
	size_t i, n, entsz;
	char **slot, *s;

	if (dp->p_offset > rawsz || dp->p_filesz > rawsz - dp->p_offset)
		return badf(m, "truncated dynamic section (past the end of "
		    "the file)");
	entsz = gelf_fsize(elf, ELF_T_DYN, 1, EV_CURRENT);
	d = elf_getdata_rawchunk(elf, dp->p_offset, dp->p_filesz, ELF_T_DYN);
	if (d == NULL || entsz == 0)
		return badf(m, "malformed dynamic section (%s)",
		    elf_errmsg(-1) != NULL ? elf_errmsg(-1) : "unreadable");
	n = d->d_size / entsz;
	for (i = 0; i < n && gelf_getdyn(d, i, &dyn) != NULL; i++) {
		if (dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_STRTAB)
			ds.addr = dyn.d_un.d_ptr;
		else if (dyn.d_tag == DT_STRSZ)
			ds.size = dyn.d_un.d_val;
		else if (dyn.d_tag == DT_FLAGS_1)
			e->flags_1 = dyn.d_un.d_val;
	}
	if (ds.addr == 0)
		return 0;	/* no strings: nothing named */
	if (vaddr_offset(elf, phnum, ds.addr, &off, &avail) < 0)
		return badf(m, "malformed dynamic section (DT_STRTAB %#jx "
		    "is in no PT_LOAD segment's file bytes)",
		    (uintmax_t)ds.addr);
	if (ds.size > avail)
		return badf(m, "malformed dynamic section (DT_STRSZ %#jx "
		    "runs past its segment, %#jx bytes left)",
		    (uintmax_t)ds.size, (uintmax_t)avail);
	if ((ds.base = chunk(elf, rawsz, off, ds.size)) == NULL)
		return badf(m, "truncated dynamic section (the string table "
		    "is past the end of the file)");
	for (i = 0; i < n && gelf_getdyn(d, i, &dyn) != NULL; i++) {
		if (dyn.d_tag == DT_NULL)
			break;
		slot = dyn.d_tag == DT_RPATH ? &e->rpath :
		    dyn.d_tag == DT_RUNPATH ? &e->runpath :
		    dyn.d_tag == DT_SONAME ? &e->soname : NULL;
		if (slot == NULL && dyn.d_tag != DT_NEEDED)
			continue;
		if ((s = dyn_string(&ds, dyn.d_un.d_val)) == NULL)
			return badf(m, "malformed dynamic section (entry %zu: "
			    "string offset %#jx outside the string table of "
			    "%#jx bytes, or not ended)", i,
			    (uintmax_t)dyn.d_un.d_val, (uintmax_t)ds.size);
		if (slot == NULL) {
			if (sb_strv_push(&e->needed, s) < 0) {
				free(s);
				return badf(m, "out of memory");
			}
			free(s);
		} else {
			free(*slot);
			*slot = s;
		}
	}
	return 0;
}

static int
read_elf(Elf *elf, size_t rawsz, const char *path, struct sb_elf *e,
    char *err, size_t errlen)
{
	const struct elf_msg m = { err, errlen, path };
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t phnum, i;
	int r;

	if (elf_kind(elf) != ELF_K_ELF)
		return bad(err, errlen, path, "not an ELF file");
	if (gelf_getehdr(elf, &eh) == NULL)
		return bad(err, errlen, path,
		    "truncated or malformed ELF header");
	e->class = eh.e_ident[EI_CLASS];
	e->data = eh.e_ident[EI_DATA];
	e->machine = eh.e_machine;
	e->type = eh.e_type;
	if (e->type != ET_EXEC && e->type != ET_DYN)
		return bad(err, errlen, path,
		    "ELF file is neither an executable nor a shared object");
	if (elf_getphdrnum(elf, &phnum) != 0)
		return bad(err, errlen, path, "malformed ELF program headers");
	/* libelf may just see no headers where the file was cut short. */
	if (phnum == 0 || eh.e_phoff > rawsz ||
	    phnum > (rawsz - eh.e_phoff) /
	    (eh.e_phentsize ? eh.e_phentsize : 1))
		return bad(err, errlen, path, "truncated ELF program headers");
	if ((r = check_segments(elf, phnum, rawsz, &m)) < 0)
		return r;
	for (i = 0; i < phnum; i++) {
		if (gelf_getphdr(elf, i, &ph) == NULL)
			return bad(err, errlen, path,
			    "truncated ELF program headers");
		if (ph.p_type == PT_INTERP && e->interp == NULL) {
			e->interp = file_string(elf, rawsz, ph.p_offset,
			    ph.p_filesz);
			if (e->interp == NULL)
				return bad(err, errlen, path,
				    "truncated or malformed PT_INTERP");
		} else if (ph.p_type == PT_DYNAMIC &&
		    (r = read_dynamic(elf, &ph, phnum, rawsz, e, &m)) < 0)
			return r;
	}
	return 0;
}

int
sb_elf_read(const char *path, struct sb_elf *e, char *err, size_t errlen)
{
	struct stat st;
	Elf *elf;
	int fd, r;

	memset(e, 0, sizeof(*e));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return bad(err, errlen, path, "libelf is out of date");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return r;
	}
	/* Read, not mapped: only the headers and a few chunks are needed. */
	if (!S_ISREG(st.st_mode))
		r = bad(err, errlen, path, "not a regular file");
	else if ((elf = elf_begin(fd, ELF_C_READ, NULL)) == NULL)
		r = bad(err, errlen, path, "truncated or malformed ELF file");
	else {
		r = read_elf(elf, st.st_size, path, e, err, errlen);
		elf_end(elf);
	}
	close(fd);
	if (r < 0)
		sb_elf_free(e);
	return r;
}

void
sb_elf_free(struct sb_elf *e)
{
	free(e->interp);
	free(e->soname);
	free(e->rpath);
	free(e->runpath);
	sb_strv_clear(&e->needed);
	memset(e, 0, sizeof(*e));
}
