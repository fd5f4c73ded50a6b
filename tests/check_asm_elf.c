/*
 * check_asm_elf.c -- ELF32: write -> read round trip, a GNU ld executable,
 * malformed inputs (every truncation, field mutations, random corruption).
 */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asm/asm.h"
#include "tests/asm/gnu_spim_elf.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const char program[] =
    "\t.globl main\n"
    "\t.text\n"
    "main:\tla $a0, msg\n"
    "\tli $v0, 4\n"
    "\tsyscall\n"
    "loop:\tb loop\n"
    "\t.data\n"
    "msg:\t.asciiz \"hello\"\n"
    "\t.align 2\n"
    "tab:\t.word main, loop\n"
    "\t.ktext\n"
    "handler:\teret\n"
    "\t.kdata\n"
    "\t.globl kstack\n"
    "kstack:\t.space 16\n"
    "LIMIT = 0x1234\n";

static uint8_t *file_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* our_elf: program assembled and written; its bytes. */
static uint8_t *our_elf(size_t *len, struct asm_image *img)
{
    char path[] = "/tmp/check_asm_elf.XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(asm_assemble("p.s", program, strlen(program), img, NULL), 0);
    ck_assert_int_eq(elf_write(img, path, stderr), 0);
    uint8_t *b = file_bytes(path, len);
    unlink(path);
    return b;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void set32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static void set16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
}

/* read_err: elf_read of buf; returns the diagnostics (malloc'ed) and the
 * error count in *n. */
static char *read_err(const uint8_t *buf, size_t len, int *n)
{
    char *d = NULL;
    size_t dl = 0;
    struct asm_image img;
    FILE *f = open_memstream(&d, &dl);
    *n = elf_read("x.elf", buf, len, &img, f);
    fclose(f);
    if (*n == 0)
        asm_image_free(&img);
    else
        ck_assert_uint_eq(img.nsections, 0);
    return d;
}

START_TEST(test_roundtrip)
{
    struct asm_image a, b;
    size_t len;
    uint8_t *buf = our_elf(&len, &a);
    ck_assert_int_eq(elf_read("p.elf", buf, len, &b, stderr), 0);
    ck_assert_uint_eq(b.entry, a.entry);
    ck_assert_uint_eq(b.entry, ASM_TEXT_BASE);
    ck_assert_uint_eq(b.nsections, a.nsections);
    ck_assert_uint_eq(b.nsections, 4);
    for (size_t i = 0; i < a.nsections; i++) {
        const struct asm_section *x = &a.sections[i], *y = NULL;
        for (size_t j = 0; j < b.nsections; j++)
            if (!strcmp(b.sections[j].name, x->name))
                y = &b.sections[j];
        ck_assert_msg(y != NULL, "section %s lost", x->name);
        ck_assert_uint_eq(y->addr, x->addr);
        ck_assert_uint_eq(y->size, x->size);
        ck_assert_int_eq(y->exec, x->exec);
        ck_assert(!memcmp(y->data, x->data, x->size));
    }
    ck_assert_uint_eq(b.nsymbols, a.nsymbols);
    for (size_t i = 0; i < a.nsymbols; i++) {
        ck_assert_str_eq(b.symbols[i].name, a.symbols[i].name);
        ck_assert_uint_eq(b.symbols[i].value, a.symbols[i].value);
        ck_assert_int_eq(b.symbols[i].global, a.symbols[i].global);
        ck_assert_int_eq(b.symbols[i].is_label, a.symbols[i].is_label);
    }
    const struct asm_symbol *s = asm_symbol_find(&b, "main");
    ck_assert(s && s->global && s->is_label);
    s = asm_symbol_find(&b, "LIMIT");
    ck_assert(s && !s->global && !s->is_label && s->value == 0x1234);
    s = asm_symbol_find(&b, "kstack");
    ck_assert(s && s->global && s->value == ASM_KDATA_BASE);

    /* the header: ET_EXEC, EM_MIPS, ELF32 LE, e_flags 0x50001000 */
    ck_assert_uint_eq(buf[4], 1);
    ck_assert_uint_eq(buf[5], 1);
    ck_assert_uint_eq(buf[16], 2);
    ck_assert_uint_eq(buf[18], 8);
    ck_assert_uint_eq(get32(buf + 36), 0x50001000u);
    asm_image_free(&a);
    asm_image_free(&b);
    free(buf);
}
END_TEST

START_TEST(test_gnu_executable)
{
    struct asm_image img;
    ck_assert_int_eq(elf_read("gnu.elf", gnu_spim_elf, sizeof gnu_spim_elf, &img, stderr), 0);
    /* .MIPS.abiflags and .reginfo are not program sections */
    ck_assert_uint_eq(img.nsections, 2);
    ck_assert_str_eq(img.sections[0].name, ".text");
    ck_assert_uint_eq(img.sections[0].addr, 0x004000f0);
    ck_assert_uint_eq(img.sections[0].size, 0xe0);
    ck_assert(img.sections[0].exec);
    ck_assert_uint_eq(get32(img.sections[0].data), 0x24020004);    /* li $v0, 4 */
    ck_assert_str_eq(img.sections[1].name, ".data");
    ck_assert_uint_eq(img.sections[1].addr, 0x10010000);
    ck_assert(!img.sections[1].exec);
    ck_assert(!memcmp(img.sections[1].data, "Enter a number: ", 16));
    ck_assert_uint_eq(img.entry, 0x004000f0);
    const struct asm_symbol *s = asm_symbol_find(&img, "main");
    ck_assert(s && s->global && s->is_label && s->value == 0x004000f0);
    s = asm_symbol_find(&img, "recurse");
    ck_assert(s && !s->global && s->value == 0x004001a0);
    ck_assert_ptr_null(asm_symbol_find(&img, ".text"));      /* section symbols skipped */
    ck_assert_ptr_null(asm_symbol_find(&img, "sp.o"));       /* file symbols skipped */
    char buf[64];
    asm_disas(0x0c10005e, 0x00400118, &img, buf, sizeof buf);
    ck_assert_str_eq(buf, "jal 0x00400178 <fact>");
    asm_image_free(&img);
}
END_TEST

START_TEST(test_load)
{
    char path[] = "/tmp/check_asm_elf.XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, gnu_spim_elf, sizeof gnu_spim_elf), (ssize_t)sizeof gnu_spim_elf);
    close(fd);
    struct asm_image img;
    ck_assert_int_eq(asm_load(path, &img, stderr), 0);
    ck_assert_uint_eq(img.entry, 0x004000f0);
    asm_image_free(&img);
    unlink(path);

    ck_assert_int_eq(asm_assemble("p.s", "nop", 3, &img, NULL), 0);
    char *d = NULL;
    size_t dl = 0;
    FILE *f = open_memstream(&d, &dl);
    ck_assert_int_eq(elf_write(&img, "/nonexistent-dir/x.elf", f), -1);
    fclose(f);
    ck_assert_str_eq(d, "/nonexistent-dir/x.elf: error: cannot write\n");
    free(d);
    asm_image_free(&img);
}
END_TEST

/* ---- malformed files ------------------------------------------------------------ */
enum mut {
    M_SHORT, M_MAGIC, M_CLASS64, M_BIGENDIAN, M_MACHINE, M_REL, M_SHOFF, M_SHENTSIZE,
    M_SHSTRNDX, M_SECOFF, M_OVERLAP, M_WRAP, M_HUGE, M_SYMNAME, M_SECNAME, M_SYMENT,
    M_NOSECT_NOPH, M_PHOFF, M_PHSIZE,
};

struct mut_case { enum mut m; const char *msg; };

static const struct mut_case mut_cases[] = {
    { M_SHORT, "x.elf: error: truncated ELF header\n" },
    { M_MAGIC, "x.elf: error: not an ELF file\n" },
    { M_CLASS64, "x.elf: error: 64-bit ELF file; tlbvisor runs 32-bit MIPS\n" },
    { M_BIGENDIAN, "x.elf: error: big-endian ELF file; tlbvisor is little-endian (use "
                   "mipsel-linux-gnu tools)\n" },
    { M_MACHINE, "x.elf: error: not a MIPS executable (e_machine 3)\n" },
    { M_REL, "x.elf: error: relocatable object file, not an executable; link it first "
             "(mipsel-linux-gnu-ld)\n" },
    { M_SHOFF, "x.elf: error: section headers lie outside the file (truncated?)\n" },
    { M_SHENTSIZE, "x.elf: error: bad section header size\n" },
    { M_SHSTRNDX, "x.elf: error: bad section name table index\n" },
    { M_SECOFF, "x.elf: error: a section's bytes lie outside the file (truncated?)\n" },
    { M_OVERLAP, "x.elf: error: sections .text and .data overlap\n" },
    { M_WRAP, "x.elf: error: a section runs past the end of the address space\n" },
    { M_HUGE, "x.elf: error: sections are too large to load\n" },
    { M_SYMNAME, "x.elf: error: a symbol's name lies outside its string table\n" },
    { M_SECNAME, "x.elf: error: a section's name lies outside the name table\n" },
    { M_SYMENT, "x.elf: error: bad symbol table\n" },
    { M_NOSECT_NOPH, "x.elf: error: no loadable sections\n" },
    { M_PHOFF, "x.elf: error: program headers lie outside the file (truncated?)\n" },
    { M_PHSIZE, "x.elf: error: bad PT_LOAD segment\n" },
};

START_TEST(test_malformed)
{
    struct asm_image img;
    size_t len;
    uint8_t *b = our_elf(&len, &img);
    asm_image_free(&img);
    uint32_t shoff = get32(b + 32);
    uint8_t *sh1 = b + shoff + 40;             /* .text */
    uint8_t *sh2 = b + shoff + 80;             /* .data */
    uint8_t *symsh = b + shoff + 40 * 5;       /* .symtab (after 4 sections) */
    size_t n = len;

    switch (mut_cases[_i].m) {
    case M_SHORT: n = 40; break;
    case M_MAGIC: b[1] = 'X'; break;
    case M_CLASS64: b[4] = 2; break;
    case M_BIGENDIAN: b[5] = 2; break;
    case M_MACHINE: set16(b + 18, 3); break;
    case M_REL: set16(b + 16, 1); break;
    case M_SHOFF: set32(b + 32, 0xfffffff0u); break;
    case M_SHENTSIZE: set16(b + 46, 64); break;
    case M_SHSTRNDX: set16(b + 50, 200); break;
    case M_SECOFF: set32(sh1 + 16, 0x7ffffff0u); break;
    case M_OVERLAP: set32(sh2 + 12, get32(sh1 + 12) + 4); break;
    case M_WRAP: set32(sh2 + 12, 0xfffffffcu); break;
    case M_HUGE: set32(sh2 + 20, 0x7fffffffu); break;
    case M_SYMNAME: set32(b + get32(symsh + 16) + 16, 0x00ffffffu); break;
    case M_SECNAME: set32(sh1, 0x00ffffffu); break;
    case M_SYMENT: set32(symsh + 36, 12); break;
    case M_NOSECT_NOPH: set16(b + 48, 0); set16(b + 44, 0); break;
    case M_PHOFF: set16(b + 48, 0); set32(b + 28, 0xffffff00u); break;
    case M_PHSIZE: set16(b + 48, 0); set32(b + 52 + 16, 0x10000000u); break;
    }
    int e;
    char *d = read_err(b, n, &e);
    ck_assert_msg(!strcmp(d, mut_cases[_i].msg), "got '%s', want '%s'", d, mut_cases[_i].msg);
    ck_assert_int_eq(e, 1);
    free(d);
    free(b);
}
END_TEST

START_TEST(test_program_headers_only)
{
    struct asm_image img;
    size_t len;
    uint8_t *b = our_elf(&len, &img);
    asm_image_free(&img);
    set16(b + 48, 0);           /* no section headers: the PT_LOAD segments are used */
    set16(b + 50, 0);
    ck_assert_int_eq(elf_read("x.elf", b, len, &img, stderr), 0);
    ck_assert_uint_eq(img.nsections, 4);
    ck_assert_uint_eq(img.sections[0].addr, ASM_TEXT_BASE);
    ck_assert(img.sections[0].exec);
    ck_assert_uint_eq(img.nsymbols, 0);
    asm_image_free(&img);
    free(b);
}
END_TEST

START_TEST(test_every_truncation)
{
    struct asm_image img;
    size_t len;
    uint8_t *b = our_elf(&len, &img);
    asm_image_free(&img);
    for (size_t n = 0; n < len; n++) {
        /* a fresh copy of exactly n bytes, so that ASan sees any overread */
        uint8_t *c = malloc(n ? n : 1);
        memcpy(c, b, n);
        int e;
        free(read_err(c, n, &e));
        ck_assert_msg(e == 1, "a file cut at %zu of %zu bytes was accepted", n, len);
        free(c);
    }
    free(b);
}
END_TEST

START_TEST(test_corruption)
{
    /* random byte changes: any outcome but a crash, a leak or an overread */
    size_t len;
    struct asm_image img;
    uint8_t *orig = _i == 0 ? our_elf(&len, &img) : NULL;
    if (_i == 0)
        asm_image_free(&img);
    else {
        len = sizeof gnu_spim_elf;
        orig = malloc(len);
        memcpy(orig, gnu_spim_elf, len);
    }
    uint32_t seed = 99 + (uint32_t)_i;
    uint8_t *c = malloc(len);
    for (int iter = 0; iter < 20000; iter++) {
        memcpy(c, orig, len);
        int k = 1 + iter % 4;
        for (int j = 0; j < k; j++) {
            seed = seed * 1664525u + 1013904223u;
            size_t at = (seed >> 8) % len;
            if (iter % 3 == 0)
                at = (seed >> 8) % 64;                 /* the header */
            else if (iter % 3 == 1)
                at = get32(orig + 32) + (seed >> 8) % (len - get32(orig + 32)); /* section headers */
            c[at] = (uint8_t)(seed >> 24);
        }
        if (elf_read("c.elf", c, len, &img, NULL) == 0)
            asm_image_free(&img);
    }
    free(c);
    free(orig);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("elf");
    TCase *t = tcase_create("elf");
    tcase_add_test(t, test_roundtrip);
    tcase_add_test(t, test_gnu_executable);
    tcase_add_test(t, test_load);
    tcase_add_loop_test(t, test_malformed, 0, (int)NELEM(mut_cases));
    tcase_add_test(t, test_program_headers_only);
    tcase_add_test(t, test_every_truncation);
    tcase_add_loop_test(t, test_corruption, 0, 2);
    tcase_set_timeout(t, 120);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
