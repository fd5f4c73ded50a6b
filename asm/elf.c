/*
 * elf.c -- ELF32 little-endian MIPS executables: write ours, read ours and
 * GNU ld's.  Self-contained (no <elf.h>): the few constants are below.
 *
 * Layout written (docs/assembler.md, "ELF output"):
 *   ELF header | program headers (one PT_LOAD per section) | section bytes,
 *   each at a file offset congruent to its address modulo 4 KiB |
 *   .symtab | .strtab | .shstrtab | section headers
 *   [0] NULL, the sections in image order, .symtab, .strtab, .shstrtab.
 * e_flags = EF_MIPS_ARCH_32 | EF_MIPS_ABI_O32 (0x50001000), what GNU ld
 * writes for -march=mips32 non-PIC objects.
 *
 * The reader trusts nothing: every offset, size, count and string is checked
 * against the buffer before use.
 */
#include <stdlib.h>
#include <string.h>

#include "asm/asm_int.h"

enum {
    EHDR_SIZE = 52, PHDR_SIZE = 32, SHDR_SIZE = 40, SYM_SIZE = 16,
    ET_EXEC = 2, ET_REL = 1, EM_MIPS = 8,
    PT_LOAD = 1, PF_X = 1, PF_W = 2, PF_R = 4,
    SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8,
    SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4,
    STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2,
    STT_NOTYPE = 0, STT_SECTION = 3, STT_FILE = 4,
    SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1,
};
#define EF_MIPS_ARCH_32  0x50000000u
#define EF_MIPS_ABI_O32  0x00001000u
#define SEG_ALIGN        0x1000u
#define ELF_MAX_LOAD     (256u << 20)    /* refuse to load more than this */

/* ---- byte buffer ----------------------------------------------------------------- */
struct buf {
    uint8_t *p;
    size_t len, cap;
};

static void grow(struct buf *b, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        b->p = asm_xrealloc(b->p, cap);
        b->cap = cap;
    }
}

static void out_bytes(struct buf *b, const void *p, size_t n)
{
    grow(b, n);
    if (p)
        memcpy(b->p + b->len, p, n);
    else
        memset(b->p + b->len, 0, n);
    b->len += n;
}

static void out16(struct buf *b, uint32_t v)
{
    uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    out_bytes(b, x, 2);
}

static void out32(struct buf *b, uint32_t v)
{
    uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    out_bytes(b, x, 4);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static size_t add_str(struct buf *b, const char *s)
{
    size_t at = b->len;
    out_bytes(b, s, strlen(s) + 1);
    return at;
}

/* ---- writer ----------------------------------------------------------------------- */
struct shdr {
    uint32_t name, type, flags, addr, offset, size, link, info, align, entsize;
};

static void out_shdr(struct buf *b, const struct shdr *s)
{
    out32(b, s->name); out32(b, s->type); out32(b, s->flags); out32(b, s->addr);
    out32(b, s->offset); out32(b, s->size); out32(b, s->link); out32(b, s->info);
    out32(b, s->align); out32(b, s->entsize);
}

/* section_of: ELF section index (1-based) holding address v, or SHN_ABS. */
static uint32_t section_of(const struct asm_image *img, uint32_t v)
{
    for (size_t i = 0; i < img->nsections; i++)
        if (v >= img->sections[i].addr &&
            (uint64_t)v <= (uint64_t)img->sections[i].addr + img->sections[i].size)
            return (uint32_t)(i + 1);
    return SHN_ABS;
}

static void out_sym(struct buf *b, uint32_t name, uint32_t value, int bind, uint32_t shndx)
{
    out32(b, name);
    out32(b, value);
    out32(b, 0);
    uint8_t info[2] = { (uint8_t)((bind << 4) | STT_NOTYPE), 0 };
    out_bytes(b, info, 2);
    out16(b, shndx);
}

int elf_write(const struct asm_image *img, const char *path, FILE *diag)
{
    struct buf f = { 0 }, symtab = { 0 }, strtab = { 0 }, shstr = { 0 };
    size_t ns = img->nsections;
    size_t *offsets = asm_xrealloc(NULL, (ns ? ns : 1) * sizeof *offsets);
    int nlocal = 1;

    /* header and program headers; offsets patched below */
    out_bytes(&f, NULL, EHDR_SIZE + PHDR_SIZE * ns);

    for (size_t i = 0; i < ns; i++) {
        const struct asm_section *s = &img->sections[i];
        size_t want = (f.len & ~(size_t)(SEG_ALIGN - 1)) + (s->addr & (SEG_ALIGN - 1));
        if (want < f.len)
            want += SEG_ALIGN;
        out_bytes(&f, NULL, want - f.len);
        offsets[i] = f.len;
        out_bytes(&f, s->data, s->size);
    }

    /* symbols: locals first, then globals (ELF requires it) */
    out_bytes(&symtab, NULL, SYM_SIZE);
    add_str(&strtab, "");
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < img->nsymbols; i++) {
            const struct asm_symbol *s = &img->symbols[i];
            if (s->global != (pass == 1))
                continue;
            uint32_t name = (uint32_t)add_str(&strtab, s->name);
            out_sym(&symtab, name, s->value, s->global ? STB_GLOBAL : STB_LOCAL,
                    s->is_label ? section_of(img, s->value) : SHN_ABS);
            if (!s->global)
                nlocal++;
        }

    add_str(&shstr, "");
    uint32_t *names = asm_xrealloc(NULL, (ns + 3) * sizeof *names);
    for (size_t i = 0; i < ns; i++)
        names[i] = (uint32_t)add_str(&shstr, img->sections[i].name);
    names[ns] = (uint32_t)add_str(&shstr, ".symtab");
    names[ns + 1] = (uint32_t)add_str(&shstr, ".strtab");
    names[ns + 2] = (uint32_t)add_str(&shstr, ".shstrtab");

    while (f.len % 4)
        out_bytes(&f, NULL, 1);
    size_t symoff = f.len;
    out_bytes(&f, symtab.p, symtab.len);
    size_t stroff = f.len;
    out_bytes(&f, strtab.p, strtab.len);
    size_t shstroff = f.len;
    out_bytes(&f, shstr.p, shstr.len);
    while (f.len % 4)
        out_bytes(&f, NULL, 1);
    size_t shoff = f.len;

    struct shdr sh = { 0 };
    out_shdr(&f, &sh);
    for (size_t i = 0; i < ns; i++) {
        const struct asm_section *s = &img->sections[i];
        sh = (struct shdr){ names[i], SHT_PROGBITS,
                            SHF_ALLOC | (s->exec ? SHF_EXECINSTR : SHF_WRITE),
                            s->addr, (uint32_t)offsets[i], s->size, 0, 0, s->exec ? 4 : 1, 0 };
        if (!s->exec && s->addr % 4 == 0)
            sh.align = 4;
        out_shdr(&f, &sh);
    }
    sh = (struct shdr){ names[ns], SHT_SYMTAB, 0, 0, (uint32_t)symoff, (uint32_t)symtab.len,
                        (uint32_t)(ns + 2), (uint32_t)nlocal, 4, SYM_SIZE };
    out_shdr(&f, &sh);
    sh = (struct shdr){ names[ns + 1], SHT_STRTAB, 0, 0, (uint32_t)stroff, (uint32_t)strtab.len,
                        0, 0, 1, 0 };
    out_shdr(&f, &sh);
    sh = (struct shdr){ names[ns + 2], SHT_STRTAB, 0, 0, (uint32_t)shstroff, (uint32_t)shstr.len,
                        0, 0, 1, 0 };
    out_shdr(&f, &sh);

    /* ELF header */
    uint8_t *h = f.p;
    memcpy(h, "\177ELF", 4);
    h[4] = 1;          /* ELFCLASS32 */
    h[5] = 1;          /* ELFDATA2LSB */
    h[6] = 1;          /* EV_CURRENT */
    h[16] = ET_EXEC; h[17] = 0;
    h[18] = EM_MIPS; h[19] = 0;
    put32(h + 20, 1);
    put32(h + 24, img->entry);
    put32(h + 28, ns ? EHDR_SIZE : 0);
    put32(h + 32, (uint32_t)shoff);
    put32(h + 36, EF_MIPS_ARCH_32 | EF_MIPS_ABI_O32);
    h[40] = EHDR_SIZE; h[41] = 0;
    h[42] = PHDR_SIZE; h[43] = 0;
    h[44] = (uint8_t)ns; h[45] = (uint8_t)(ns >> 8);
    h[46] = SHDR_SIZE; h[47] = 0;
    h[48] = (uint8_t)(ns + 4); h[49] = (uint8_t)((ns + 4) >> 8);
    h[50] = (uint8_t)(ns + 3); h[51] = (uint8_t)((ns + 3) >> 8);
    for (size_t i = 0; i < ns; i++) {
        const struct asm_section *s = &img->sections[i];
        uint8_t *p = f.p + EHDR_SIZE + i * PHDR_SIZE;
        put32(p, PT_LOAD);
        put32(p + 4, (uint32_t)offsets[i]);
        put32(p + 8, s->addr);
        put32(p + 12, s->addr);
        put32(p + 16, s->size);
        put32(p + 20, s->size);
        put32(p + 24, PF_R | (s->exec ? PF_X : PF_W));
        put32(p + 28, SEG_ALIGN);
    }

    int rc = 0;
    FILE *o = fopen(path, "wb");
    if (!o || fwrite(f.p, 1, f.len, o) != f.len) {
        if (diag)
            fprintf(diag, "%s: error: cannot write\n", path);
        rc = -1;
    }
    if (o && fclose(o) != 0 && rc == 0) {
        if (diag)
            fprintf(diag, "%s: error: cannot write\n", path);
        rc = -1;
    }
    free(f.p);
    free(symtab.p);
    free(strtab.p);
    free(shstr.p);
    free(names);
    free(offsets);
    return rc;
}

/* ---- reader --------------------------------------------------------------------------- */
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* in_bounds: [off, off+size) lies within len, without overflow. */
static bool in_bounds(uint64_t off, uint64_t size, size_t len)
{
    return off <= len && size <= len - off;
}

static int fail(FILE *diag, const char *name, const char *msg)
{
    if (diag)
        fprintf(diag, "%s: error: %s\n", name, msg);
    return 1;
}

/* str_at: the NUL-terminated string at offset off of a string table that
 * lies at [tab, tab+tablen) of the buffer, or NULL. */
static const char *str_at(const uint8_t *buf, uint32_t tab, uint32_t tablen, uint32_t off)
{
    if (off >= tablen)
        return NULL;
    const char *s = (const char *)buf + tab + off;
    if (!memchr(s, 0, tablen - off))
        return NULL;
    return s;
}

static int cmp_sym(const void *a, const void *b)
{
    const struct asm_symbol *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int cmp_sect(const void *a, const void *b)
{
    const struct asm_section *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static bool add_section(struct asm_image *img, const char *name, uint32_t addr, uint32_t size,
                        const uint8_t *bytes, uint32_t filesz, bool exec)
{
    img->sections = asm_xrealloc(img->sections, (img->nsections + 1) * sizeof *img->sections);
    struct asm_section *s = &img->sections[img->nsections++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->addr = addr;
    s->size = size;
    s->exec = exec;
    s->data = asm_xrealloc(NULL, size);
    memset(s->data, 0, size);
    if (bytes && filesz)
        memcpy(s->data, bytes, filesz);
    return true;
}

int elf_read(const char *name, const uint8_t *buf, size_t len,
             struct asm_image *out, FILE *diag)
{
    memset(out, 0, sizeof *out);
    if (len < EHDR_SIZE || memcmp(buf, "\177ELF", 4))
        return fail(diag, name, len >= 4 && !memcmp(buf, "\177ELF", 4)
                    ? "truncated ELF header" : "not an ELF file");
    if (buf[4] != 1)
        return fail(diag, name, buf[4] == 2 ? "64-bit ELF file; tlbvisor runs 32-bit MIPS"
                                            : "bad ELF class");
    if (buf[5] != 1)
        return fail(diag, name, buf[5] == 2 ? "big-endian ELF file; tlbvisor is little-endian "
                                              "(use mipsel-linux-gnu tools)"
                                            : "bad ELF data encoding");
    uint16_t type = get16(buf + 16), machine = get16(buf + 18);
    if (machine != EM_MIPS) {
        char m[96];
        snprintf(m, sizeof m, "not a MIPS executable (e_machine %u)", machine);
        return fail(diag, name, m);
    }
    if (type != ET_EXEC)
        return fail(diag, name, type == ET_REL ? "relocatable object file, not an executable; "
                                                 "link it first (mipsel-linux-gnu-ld)"
                                               : "not an executable (e_type is not ET_EXEC)");
    uint32_t entry = get32(buf + 24), phoff = get32(buf + 28), shoff = get32(buf + 32);
    uint16_t phentsize = get16(buf + 42), phnum = get16(buf + 44);
    uint16_t shentsize = get16(buf + 46), shnum = get16(buf + 48), shstrndx = get16(buf + 50);
    uint64_t total = 0;

    if (shnum) {
        if (shentsize != SHDR_SIZE)
            return fail(diag, name, "bad section header size");
        if (!in_bounds(shoff, (uint64_t)shnum * SHDR_SIZE, len))
            return fail(diag, name, "section headers lie outside the file (truncated?)");
        if (shstrndx >= shnum)
            return fail(diag, name, "bad section name table index");
        const uint8_t *ss = buf + shoff + (size_t)shstrndx * SHDR_SIZE;
        uint32_t strtab = get32(ss + 16), strtablen = get32(ss + 20);
        if (get32(ss + 4) != SHT_STRTAB || !in_bounds(strtab, strtablen, len))
            return fail(diag, name, "bad section name table");

        int symidx = -1;
        for (uint32_t i = 1; i < shnum; i++) {
            const uint8_t *sh = buf + shoff + (size_t)i * SHDR_SIZE;
            uint32_t stype = get32(sh + 4), flags = get32(sh + 8), addr = get32(sh + 12);
            uint32_t off = get32(sh + 16), size = get32(sh + 20);
            if (stype == SHT_SYMTAB && symidx < 0)
                symidx = (int)i;
            if (!(flags & SHF_ALLOC) || size == 0 ||
                (stype != SHT_PROGBITS && stype != SHT_NOBITS))
                continue;
            const char *sname = str_at(buf, strtab, strtablen, get32(sh));
            if (!sname)
                goto bad_name;
            if ((uint64_t)addr + size > 0x100000000ull) {
                asm_image_free(out);
                return fail(diag, name, "a section runs past the end of the address space");
            }
            total += size;
            if (size > ELF_MAX_LOAD || total > ELF_MAX_LOAD) {
                asm_image_free(out);
                return fail(diag, name, "sections are too large to load");
            }
            if (stype == SHT_PROGBITS && !in_bounds(off, size, len)) {
                asm_image_free(out);
                return fail(diag, name, "a section's bytes lie outside the file (truncated?)");
            }
            add_section(out, sname, addr, size, stype == SHT_PROGBITS ? buf + off : NULL,
                        stype == SHT_PROGBITS ? size : 0, (flags & SHF_EXECINSTR) != 0);
        }
        if (symidx >= 0) {
            const uint8_t *sh = buf + shoff + (size_t)symidx * SHDR_SIZE;
            uint32_t off = get32(sh + 16), size = get32(sh + 20), link = get32(sh + 24);
            uint32_t entsize = get32(sh + 36);
            if (entsize != SYM_SIZE || !in_bounds(off, size, len) || link == 0 || link >= shnum) {
                asm_image_free(out);
                return fail(diag, name, "bad symbol table");
            }
            const uint8_t *lk = buf + shoff + (size_t)link * SHDR_SIZE;
            uint32_t st = get32(lk + 16), stlen = get32(lk + 20);
            if (get32(lk + 4) != SHT_STRTAB || !in_bounds(st, stlen, len)) {
                asm_image_free(out);
                return fail(diag, name, "bad symbol string table");
            }
            size_t n = size / SYM_SIZE, cap = 0;
            for (size_t k = 1; k < n; k++) {
                const uint8_t *s = buf + off + k * SYM_SIZE;
                uint8_t info = s[12];
                uint16_t shndx = get16(s + 14);
                int bind = info >> 4, stt = info & 15;
                if (stt == STT_SECTION || stt == STT_FILE || shndx == SHN_UNDEF)
                    continue;
                const char *sn = str_at(buf, st, stlen, get32(s));
                if (!sn) {
                    asm_image_free(out);
                    return fail(diag, name, "a symbol's name lies outside its string table");
                }
                if (!*sn)
                    continue;
                if (out->nsymbols == cap) {
                    cap = cap ? cap * 2 : 64;
                    out->symbols = asm_xrealloc(out->symbols, cap * sizeof *out->symbols);
                }
                struct asm_symbol *o = &out->symbols[out->nsymbols++];
                o->name = asm_xstrndup(sn, strlen(sn));
                o->value = get32(s + 4);
                o->global = bind == STB_GLOBAL || bind == STB_WEAK;
                o->is_label = shndx != SHN_ABS && shndx < SHN_LORESERVE;
            }
        }
    }
    if (out->nsections == 0 && phnum) {
        /* no section headers (or no loadable sections): use PT_LOAD segments */
        if (phentsize != PHDR_SIZE || !in_bounds(phoff, (uint64_t)phnum * PHDR_SIZE, len)) {
            asm_image_free(out);
            return fail(diag, name, "program headers lie outside the file (truncated?)");
        }
        for (uint32_t i = 0; i < phnum; i++) {
            const uint8_t *ph = buf + phoff + (size_t)i * PHDR_SIZE;
            uint32_t off = get32(ph + 4), vaddr = get32(ph + 8), filesz = get32(ph + 16);
            uint32_t memsz = get32(ph + 20), flags = get32(ph + 24);
            if (get32(ph) != PT_LOAD || memsz == 0)
                continue;
            if (filesz > memsz || !in_bounds(off, filesz, len) ||
                (uint64_t)vaddr + memsz > 0x100000000ull) {
                asm_image_free(out);
                return fail(diag, name, "bad PT_LOAD segment");
            }
            total += memsz;
            if (memsz > ELF_MAX_LOAD || total > ELF_MAX_LOAD) {
                asm_image_free(out);
                return fail(diag, name, "segments are too large to load");
            }
            char sn[16];
            snprintf(sn, sizeof sn, "segment%u", i);
            add_section(out, sn, vaddr, memsz, buf + off, filesz, (flags & PF_X) != 0);
        }
    }
    if (out->nsections == 0) {
        asm_image_free(out);
        return fail(diag, name, "no loadable sections");
    }
    qsort(out->sections, out->nsections, sizeof *out->sections, cmp_sect);
    for (size_t i = 1; i < out->nsections; i++) {
        const struct asm_section *a = &out->sections[i - 1], *b = &out->sections[i];
        if ((uint64_t)a->addr + a->size > b->addr) {
            char m[128];
            snprintf(m, sizeof m, "sections %s and %s overlap", a->name, b->name);
            asm_image_free(out);
            return fail(diag, name, m);
        }
    }
    if (out->nsymbols)
        qsort(out->symbols, out->nsymbols, sizeof *out->symbols, cmp_sym);
    out->entry = entry;
    return 0;

bad_name:
    asm_image_free(out);
    return fail(diag, name, "a section's name lies outside the name table");
}
