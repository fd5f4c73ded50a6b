/*
 * check_asm_as.c -- the assembler: every row of cpu/isa.def, every alias and
 * pseudo-instruction (expected words recorded from GNU as, see
 * tests/gas/gen_cases.py), directives, symbols, sections, and every
 * diagnostic.
 */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asm/asm.h"
#include "cpu/isa.h"
#include "tests/check_asm_cases.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* ---- helpers ------------------------------------------------------------------ */

/* assemble: src into img; diagnostics into *diag (malloc'ed, may be NULL). */
static int assemble(const char *src, struct asm_image *img, char **diag)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    int n = asm_assemble("t.s", src, strlen(src), img, f);
    fclose(f);
    if (diag)
        *diag = buf;
    else
        free(buf);
    return n;
}

static const struct asm_section *section(const struct asm_image *img, const char *name)
{
    for (size_t i = 0; i < img->nsections; i++)
        if (!strcmp(img->sections[i].name, name))
            return &img->sections[i];
    return NULL;
}

static uint32_t word_at(const struct asm_section *s, uint32_t off)
{
    const uint8_t *b = s->data + off;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static const char frame[] =
    "CONST = 0x1234\n\t.text\n\t.globl __start\n__start:\ntop:\n%s\nfwd:\tnop\n"
    "\t.data\n\t.word 0\ndat:\t.word 1,2,3,4\n";

/* check_case: the words of one recorded GNU as case. */
static void check_case(const struct asm_case *c)
{
    char src[1024];
    struct asm_image img;
    char *diag;
    snprintf(src, sizeof src, frame, c->src);
    int e = assemble(src, &img, &diag);
    ck_assert_msg(e == 0, "errors for %s:\n%s", c->src, diag);
    const struct asm_section *t = section(&img, ".text");
    ck_assert_ptr_nonnull(t);
    ck_assert_msg(t->size == (uint32_t)(c->n + 1) * 4, "%s: %u bytes, GNU as makes %d words",
                  c->src, t->size, c->n);
    for (int i = 0; i < c->n; i++)
        ck_assert_msg(word_at(t, (uint32_t)i * 4) == c->words[i],
                      "%s: word %d is 0x%08x, GNU as makes 0x%08x", c->src, i,
                      word_at(t, (uint32_t)i * 4), c->words[i]);
    asm_image_free(&img);
    free(diag);
}

/* ---- recorded GNU as cases ------------------------------------------------------- */
START_TEST(test_rows)
{
    check_case(&row_cases[_i]);
}
END_TEST

START_TEST(test_rows_cover_table)
{
    /* one case per INSN row, in table order */
    ck_assert_int_eq((int)NELEM(row_cases), OP_COUNT - 1);
    for (int op = 1; op < OP_COUNT; op++) {
        char want[32];
        snprintf(want, sizeof want, "\t%s\t", isa_insns[op].mnemonic);
        const char *s = row_cases[op - 1].src;
        ck_assert_msg(strstr(s, want) || (isa_insns[op].operands[0] == 0 &&
                      strstr(s, isa_insns[op].mnemonic)), "row %s: case %s",
                      isa_insns[op].mnemonic, s);
    }
}
END_TEST

START_TEST(test_aliases)
{
    check_case(&alias_cases[_i]);
}
END_TEST

START_TEST(test_aliases_cover_table)
{
    for (size_t k = 0; k < ISA_NALIASES; k++) {
        bool found = false;
        char want[32];
        snprintf(want, sizeof want, "\t%s", isa_aliases[k].mnemonic);
        for (size_t i = 0; i < NELEM(alias_cases) && !found; i++) {
            const char *p = strstr(alias_cases[i].src, want);
            found = p && (p[strlen(want)] == 0 || p[strlen(want)] == '\t');
        }
        ck_assert_msg(found, "alias %s has no case", isa_aliases[k].mnemonic);
    }
}
END_TEST

START_TEST(test_pseudo)
{
    check_case(&pseudo_cases[_i]);
}
END_TEST

START_TEST(test_pseudo_noreorder)
{
    check_case(&noreorder_cases[_i]);
}
END_TEST

/* ---- directives -------------------------------------------------------------------- */
struct data_case {
    const char *src;
    const char *sect;
    uint32_t addr;
    int n;
    uint8_t bytes[40];
};

static const struct data_case data_cases[] = {
    { ".data\n.word 1, -1", ".data", ASM_DATA_BASE, 8, { 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff } },
    { ".data\n.half 0x1234, 7", ".data", ASM_DATA_BASE, 4, { 0x34, 0x12, 7, 0 } },
    { ".data\n.byte 1, 2, 0xff, -1, 'a'", ".data", ASM_DATA_BASE, 5, { 1, 2, 0xff, 0xff, 'a' } },
    /* SPIM's value:count */
    { ".data\n.word 7:3", ".data", ASM_DATA_BASE, 12, { 7, 0, 0, 0, 7, 0, 0, 0, 7, 0, 0, 0 } },
    { ".data\n.byte 9:2, 1", ".data", ASM_DATA_BASE, 3, { 9, 9, 1 } },
    { ".data\n.half 2:2", ".data", ASM_DATA_BASE, 4, { 2, 0, 2, 0 } },
    { ".data\n.ascii \"ab\", \"c\"", ".data", ASM_DATA_BASE, 3, { 'a', 'b', 'c' } },
    { ".data\n.asciiz \"ab\", \"c\"", ".data", ASM_DATA_BASE, 5, { 'a', 'b', 0, 'c', 0 } },
    /* SPIM: values and strings separated by blanks; a sign with a blank
     * before it and none after starts a value; "5 - 3" and "5-3" subtract */
    { ".data\n.word 1 2, 3", ".data", ASM_DATA_BASE, 12, { 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0 } },
    { ".data\n.byte 1 -1 'a' +2 7:2", ".data", ASM_DATA_BASE, 6, { 1, 0xff, 'a', 2, 7, 7 } },
    { ".data\nx: .half x x+2 1 -1", ".data", ASM_DATA_BASE, 8,
      { 0x00, 0x00, 0x02, 0x00, 1, 0, 0xff, 0xff } },
    { ".data\n.byte 5 - 3, 5-3, 5 -3", ".data", ASM_DATA_BASE, 4, { 2, 2, 5, 0xfd } },
    { ".data\n.asciiz \"ab\" \"c\"", ".data", ASM_DATA_BASE, 5, { 'a', 'b', 0, 'c', 0 } },
    { ".data\n.asciiz \"\\n\\t\\\\\\\"\\101\\x42\\0\"", ".data", ASM_DATA_BASE, 8,
      { '\n', '\t', '\\', '"', 'A', 'B', 0, 0 } },
    { ".data\n.byte 1\n.space 3\n.byte 2", ".data", ASM_DATA_BASE, 5, { 1, 0, 0, 0, 2 } },
    { ".data\n.space 2, 0xaa", ".data", ASM_DATA_BASE, 2, { 0xaa, 0xaa } },
    /* automatic alignment of .word and .half, and .align */
    { ".data\n.byte 1\n.word 2", ".data", ASM_DATA_BASE, 8, { 1, 0, 0, 0, 2, 0, 0, 0 } },
    { ".data\n.byte 1\n.half 2", ".data", ASM_DATA_BASE, 4, { 1, 0, 2, 0 } },
    { ".data\n.byte 1\n.align 3\n.byte 2", ".data", ASM_DATA_BASE, 9, { 1, 0, 0, 0, 0, 0, 0, 0, 2 } },
    { ".data\n.byte 1\n.align 0\n.word 2", ".data", ASM_DATA_BASE, 5, { 1, 2, 0, 0, 0 } },
    { ".data\n.byte 1\n.balign 4\n.byte 2", ".data", ASM_DATA_BASE, 5, { 1, 0, 0, 0, 2 } },
    /* other spellings */
    { ".data\n.long 1\n.short 2\n.2byte 3\n.4byte 4\n.int 5\n.hword 6", ".data", ASM_DATA_BASE, 18,
      { 1, 0, 0, 0, 2, 0, 3, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6, 0 } },
    { ".data\n.string \"x\"\n.skip 1", ".data", ASM_DATA_BASE, 3, { 'x', 0, 0 } },
    /* expressions: GNU precedence, %hi/%lo, symbols */
    { ".data\n.word 1+2*3, 1+2&3, 7-2-1, -7/2, -7%2", ".data", ASM_DATA_BASE, 20,
      { 7, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
    { ".data\n.word 1<<4|1, ~0 >> 28, !0, !5, 6^3", ".data", ASM_DATA_BASE, 20,
      { 0x11, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0 } },
    { ".data\n.half %hi(0x12348000), %lo(0x12348000)", ".data", ASM_DATA_BASE, 4,
      { 0x35, 0x12, 0x00, 0x80 } },
    { "x = 5\ny = x * 2\n.equ z, y + 1\n.set w, z - 1\n.data\n.byte x, y, z, w", ".data",
      ASM_DATA_BASE, 4, { 5, 10, 11, 10 } },
    { ".data\n.byte fwd\nfwd = 3", ".data", ASM_DATA_BASE, 1, { 3 } },
    { ".data\na: .word b - a\nb: .word .", ".data", ASM_DATA_BASE, 8,
      { 4, 0, 0, 0, 0x04, 0x00, 0x01, 0x10 } },
    { ".data\n.word 010, 0x1F, 0b101, 'A'", ".data", ASM_DATA_BASE, 16,
      { 8, 0, 0, 0, 0x1f, 0, 0, 0, 5, 0, 0, 0, 'A', 0, 0, 0 } },
    /* section addresses: SPIM semantics */
    { ".data 0x10000000\n.byte 1", ".data", 0x10000000, 1, { 1 } },
    { ".data\n.byte 1\n.data 0x10010004\n.byte 2", ".data", ASM_DATA_BASE, 5, { 1, 0, 0, 0, 2 } },
    { ".kdata\n.word 3", ".kdata", ASM_KDATA_BASE, 4, { 3, 0, 0, 0 } },
    { ".kdata 0x90001000\n.byte 3", ".kdata", 0x90001000, 1, { 3 } },
    { ".ktext\nnop", ".ktext", ASM_KTEXT_BASE, 4, { 0, 0, 0, 0 } },
    { ".ktext 0x80000000\neret", ".ktext", 0x80000000, 4, { 0x18, 0, 0, 0x42 } },
    { ".text 0x00400100\nnop", ".text", 0x00400100, 4, { 0 } },
    /* .rdata, .section and .previous map to the four sections */
    { ".rdata\n.byte 4\n.section .text\nnop\n.previous\n.byte 5", ".data", ASM_DATA_BASE, 2,
      { 4, 5 } },
    { ".section .rodata.str1.4,\"aMS\",@progbits,1\n.byte 6", ".data", ASM_DATA_BASE, 1, { 6 } },
    /* sections a program does not load are assembled and dropped */
    { ".data\n.byte 1\n.section .mdebug.abi32\n.previous\n.section .note.GNU-stack,\"\",@progbits\n"
      ".byte 9\n.section .comment\n.asciiz \"GCC\"\n.data\n.byte 2", ".data", ASM_DATA_BASE, 2, { 1, 2 } },
    /* ignored directives */
    { ".file \"x.c\"\n.option pic0\n.abicalls\n.data\n.type f, @object\n.size f, 4\n"
      ".ent f\n.frame $sp,0,$31\n.mask 0,0\n.fmask 0,0\n.end f\n.extern g 4\n.ident \"x\"\n"
      ".word 1", ".data", ASM_DATA_BASE, 4, { 1, 0, 0, 0 } },
    /* statements separated by ';' */
    { ".data; .byte 1; .byte 2 # comment; .byte 3", ".data", ASM_DATA_BASE, 2, { 1, 2 } },
    /* instructions in a section after data are aligned */
    { ".text\n.byte 1\nnop", ".text", ASM_TEXT_BASE, 8, { 1, 0, 0, 0, 0, 0, 0, 0 } },
};

START_TEST(test_data)
{
    const struct data_case *c = &data_cases[_i];
    struct asm_image img;
    char *diag;
    int e = assemble(c->src, &img, &diag);
    ck_assert_msg(e == 0, "errors for %s:\n%s", c->src, diag);
    const struct asm_section *s = section(&img, c->sect);
    ck_assert_msg(s != NULL, "%s: no section %s", c->src, c->sect);
    ck_assert_msg(s->addr == c->addr, "%s: %s at 0x%08x, want 0x%08x", c->src, c->sect, s->addr,
                  c->addr);
    ck_assert_msg(s->size == (uint32_t)c->n, "%s: %u bytes, want %d", c->src, s->size, c->n);
    for (int i = 0; i < c->n; i++)
        ck_assert_msg(s->data[i] == c->bytes[i], "%s: byte %d is 0x%02x, want 0x%02x", c->src, i,
                      s->data[i], c->bytes[i]);
    asm_image_free(&img);
    free(diag);
}
END_TEST

/* ---- symbols and labels --------------------------------------------------------------- */
struct sym_case {
    const char *src;
    const char *name;
    uint32_t value;
    bool global, is_label;
};

static const struct sym_case sym_cases[] = {
    { ".text\nmain: nop", "main", ASM_TEXT_BASE, false, true },
    { ".globl main\n.text\nmain: nop", "main", ASM_TEXT_BASE, true, true },
    { ".text\nnop\nmain: nop\n.global main", "main", ASM_TEXT_BASE + 4, true, true },
    { ".data\n.byte 1\nw: .word 2", "w", ASM_DATA_BASE + 4, false, true },    /* label moved */
    { ".data\n.byte 1\nw:\n.word 2", "w", ASM_DATA_BASE + 4, false, true },
    { ".data\n.byte 1\nh: .half 2", "h", ASM_DATA_BASE + 2, false, true },
    { ".data\n.byte 1\nw: .align 2", "w", ASM_DATA_BASE + 4, false, true },
    { ".data\n.byte 1\nb: .byte 2", "b", ASM_DATA_BASE + 1, false, true },
    { ".data\n.byte 1\n.align 0\nw: .word 2", "w", ASM_DATA_BASE + 1, false, true },
    { ".text\n.byte 1\nl: nop", "l", ASM_TEXT_BASE + 4, false, true },
    { "k = 0x1234", "k", 0x1234, false, false },
    { ".data\na: .word 0\nk = a + 4", "k", ASM_DATA_BASE + 4, false, false },
    { ".kdata\nkd: .word 0", "kd", ASM_KDATA_BASE, false, true },
    { ".text\nmain:\n.text 0x400010\nnop", "main", ASM_TEXT_BASE, false, true },
    { ".text 0x400010\nmain:\nnop", "main", 0x400010, false, true },
};

START_TEST(test_symbols)
{
    const struct sym_case *c = &sym_cases[_i];
    struct asm_image img;
    char *diag;
    int e = assemble(c->src, &img, &diag);
    ck_assert_msg(e == 0, "errors for %s:\n%s", c->src, diag);
    const struct asm_symbol *s = asm_symbol_find(&img, c->name);
    ck_assert_msg(s != NULL, "%s: no symbol %s", c->src, c->name);
    ck_assert_msg(s->value == c->value, "%s: %s = 0x%08x, want 0x%08x", c->src, c->name, s->value,
                  c->value);
    ck_assert_int_eq(s->global, c->global);
    ck_assert_int_eq(s->is_label, c->is_label);
    asm_image_free(&img);
    free(diag);
}
END_TEST

START_TEST(test_local_labels)
{
    struct asm_image img;
    char *diag;
    const char *src =
        "\t.set noreorder\n"
        "1:\tb 1f\n"          /* 0x400000 -> 0x400008 */
        "\tb 1b\n"            /* 0x400004 -> 0x400000 */
        "1:\tb 1b\n"          /* 0x400008 -> itself */
        "2:\tb 2f\n"          /* 0x40000c -> 0x400010 */
        "2:\tb 1b\n";         /* 0x400010 -> 0x400008 */
    ck_assert_int_eq(assemble(src, &img, &diag), 0);
    const struct asm_section *t = section(&img, ".text");
    ck_assert_uint_eq(word_at(t, 0), 0x10000001);
    ck_assert_uint_eq(word_at(t, 4), 0x1000fffe);
    ck_assert_uint_eq(word_at(t, 8), 0x1000ffff);
    ck_assert_uint_eq(word_at(t, 12), 0x10000000);
    ck_assert_uint_eq(word_at(t, 16), 0x1000fffd);
    /* numeric labels are not symbols */
    ck_assert_uint_eq(img.nsymbols, 0);
    asm_image_free(&img);
    free(diag);
}
END_TEST

struct entry_case { const char *src; uint32_t entry; };
static const struct entry_case entry_cases[] = {
    { ".text\nnop\nmain: nop\n__start: nop", ASM_TEXT_BASE + 8 },
    { ".text\nnop\nmain: nop", ASM_TEXT_BASE + 4 },
    { ".text 0x400100\nnop", 0x400100 },
    { ".ktext\nnop", ASM_KTEXT_BASE },
    { ".ktext\nnop\n.text\nnop", ASM_TEXT_BASE },
    { ".data\n.word 1", ASM_TEXT_BASE },
    { "main = 5\n.text\nnop", ASM_TEXT_BASE },       /* a constant is no entry point */
};

START_TEST(test_entry)
{
    struct asm_image img;
    ck_assert_int_eq(assemble(entry_cases[_i].src, &img, NULL), 0);
    ck_assert_uint_eq(img.entry, entry_cases[_i].entry);
    asm_image_free(&img);
}
END_TEST

START_TEST(test_symbols_sorted)
{
    struct asm_image img;
    ck_assert_int_eq(assemble(".data\nz: .word 1\ny: .word 2\n.text\nb: nop\na:\nc: nop\n"
                              "k = 3\n", &img, NULL), 0);
    ck_assert_uint_eq(img.nsymbols, 6);
    for (size_t i = 1; i < img.nsymbols; i++) {
        const struct asm_symbol *p = &img.symbols[i - 1], *q = &img.symbols[i];
        ck_assert(p->value < q->value || (p->value == q->value && strcmp(p->name, q->name) < 0));
    }
    const struct asm_symbol *s = asm_symbol_covering(&img, ASM_TEXT_BASE + 6);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s->name, "a");
    ck_assert_ptr_null(asm_symbol_covering(&img, 0x100));
    ck_assert_ptr_null(asm_symbol_find(&img, "nosuch"));
    asm_image_free(&img);
}
END_TEST

/* Of several labels at one address, asm_symbol_covering names the one a
 * person wrote: a global first, then a name before a toolchain's _ftext
 * (but __start is a person's), then the first by name. */
START_TEST(test_symbol_covering_prefers)
{
    static const struct { const char *src, *want; } cases[] = {
        { "_ftext:\nmain: nop\n", "main" },
        { ".globl _ftext\n_ftext:\nmain: nop\n", "_ftext" },
        { ".globl _ftext\n.globl main\n_ftext:\nmain: nop\n", "main" },
        { "__start:\nuser_end: nop\n", "__start" },
        { "b:\na: nop\n", "a" },
        { "a:\n.globl b\nb: nop\n", "b" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct asm_image img;
        ck_assert_int_eq(assemble(cases[i].src, &img, NULL), 0);
        const struct asm_symbol *s = asm_symbol_covering(&img, ASM_TEXT_BASE);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_eq(s->name, cases[i].want);
        asm_image_free(&img);
    }
}
END_TEST

/* ---- .include -------------------------------------------------------------------------- */
static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/check_asm.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

START_TEST(test_include)
{
    char path[256], *diag = NULL;
    size_t len = 0;
    struct asm_image img;
    make_tmpdir();
    write_file("main.s", ".include \"sub/defs.s\"\n.data\n.word VALUE\n.include \"sub/defs.s\"\n");
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    write_file("sub/defs.s", ".include \"more.s\"\nVALUE = BASE + 1\n");
    write_file("sub/more.s", "BASE = 41\n");
    snprintf(path, sizeof path, "%s/main.s", tmpdir);
    FILE *f = open_memstream(&diag, &len);
    int e = asm_assemble_file(path, &img, f);
    fclose(f);
    ck_assert_msg(e == 0, "%s", diag);
    const struct asm_section *d = section(&img, ".data");
    ck_assert_uint_eq(word_at(d, 0), 42);
    asm_image_free(&img);
    free(diag);

    /* a cycle, and a missing file: reported at the .include line */
    write_file("a.s", "nop\n.include \"b.s\"\n");
    write_file("b.s", ".include \"a.s\"\n");
    snprintf(path, sizeof path, "%s/a.s", tmpdir);
    f = open_memstream(&diag, &len);
    ck_assert_int_eq(asm_assemble_file(path, &img, f), 1);
    fclose(f);
    ck_assert_msg(strstr(diag, "b.s:1:10: error: '.include \"") && strstr(diag, "include cycle"),
                  "%s", diag);
    free(diag);

    write_file("c.s", "\n  .include \"nothere.s\"\n");
    snprintf(path, sizeof path, "%s/c.s", tmpdir);
    f = open_memstream(&diag, &len);
    ck_assert_int_eq(asm_assemble_file(path, &img, f), 1);
    fclose(f);
    ck_assert_msg(strstr(diag, "c.s:2:12: error: cannot open included file '") != NULL, "%s", diag);
    free(diag);

    /* errors inside an included file name that file */
    write_file("d.s", ".include \"e.s\"\n");
    write_file("e.s", "\n\tfoo $t0\n");
    snprintf(path, sizeof path, "%s/d.s", tmpdir);
    f = open_memstream(&diag, &len);
    ck_assert_int_eq(asm_assemble_file(path, &img, f), 1);
    fclose(f);
    ck_assert_msg(strstr(diag, "/e.s:2:2: error: unknown instruction 'foo'") != NULL, "%s", diag);
    free(diag);

    f = open_memstream(&diag, &len);
    snprintf(path, sizeof path, "%s/none.s", tmpdir);
    ck_assert_int_eq(asm_assemble_file(path, &img, f), 1);
    fclose(f);
    ck_assert_msg(strstr(diag, "error: cannot open") != NULL, "%s", diag);
    free(diag);
}
END_TEST

/* ---- the line table ------------------------------------------------------------------------ */

/* check_row: row k of img is (addr, size, file, line). */
static void check_row(const struct asm_image *img, size_t k, uint32_t addr, uint32_t size,
                      unsigned file, unsigned line)
{
    ck_assert_msg(k < img->nlines, "row %zu of %zu", k, img->nlines);
    const struct asm_line *l = &img->lines[k];
    ck_assert_msg(l->addr == addr && l->size == size && l->file == file && l->line == line,
                  "row %zu is {0x%08x, %u, file %u, line %u}, expected {0x%08x, %u, file %u, "
                  "line %u}", k, l->addr, l->size, l->file, l->line, addr, size, file, line);
}

/* line_addr: asm_line_addr's address, or 0xdeadbeef after -1. */
static uint32_t line_addr(const struct asm_image *img, const char *file, unsigned line)
{
    uint32_t a = 0x12345;
    if (asm_line_addr(img, file, line, &a) != 0) {
        ck_assert_uint_eq(a, 0x12345);      /* untouched on failure */
        return 0xdeadbeefu;
    }
    return a;
}

START_TEST(test_lines_simple)
{
    struct asm_image img;
    char *diag;
    int e = assemble("main:\taddiu $t0, $zero, 1\n\taddiu $t1, $zero, 2\n"
                     "\taddu $t2, $t0, $t1\n", &img, &diag);
    ck_assert_msg(e == 0, "%s", diag);
    ck_assert_uint_eq(img.nfiles, 1);
    ck_assert_str_eq(img.files[0], "t.s");
    ck_assert_uint_eq(img.nlines, 3);
    check_row(&img, 0, ASM_TEXT_BASE, 4, 0, 1);
    check_row(&img, 1, ASM_TEXT_BASE + 4, 4, 0, 2);
    check_row(&img, 2, ASM_TEXT_BASE + 8, 4, 0, 3);
    for (unsigned l = 1; l <= 3; l++) {
        ck_assert_uint_eq(line_addr(&img, "t.s", l), ASM_TEXT_BASE + 4 * (l - 1));
        const struct asm_line *r = asm_line_at(&img, ASM_TEXT_BASE + 4 * (l - 1) + 2);
        ck_assert_ptr_nonnull(r);
        ck_assert_uint_eq(r->line, l);
    }
    /* outside: below, just past the end, elsewhere; a line beyond the file */
    ck_assert_ptr_null(asm_line_at(&img, ASM_TEXT_BASE - 1));
    ck_assert_ptr_null(asm_line_at(&img, ASM_TEXT_BASE + 12));
    ck_assert_ptr_null(asm_line_at(&img, 0));
    ck_assert_ptr_null(asm_line_at(&img, 0xffffffffu));
    ck_assert_uint_eq(line_addr(&img, "t.s", 4), 0xdeadbeefu);
    ck_assert_uint_eq(line_addr(&img, "t.s", 1000), 0xdeadbeefu);
    ck_assert_uint_eq(line_addr(&img, "t.s", 0), 0xdeadbeefu);
    ck_assert_uint_eq(line_addr(&img, "u.s", 1), 0xdeadbeefu);
    ck_assert_uint_eq(line_addr(&img, "dir/t.s", 1), 0xdeadbeefu);   /* a '/': the full name */
    asm_image_free(&img);
    ck_assert_ptr_null(img.lines);
    ck_assert_ptr_null(img.files);
    ck_assert_uint_eq(img.nlines, 0);
    ck_assert_uint_eq(img.nfiles, 0);
    free(diag);
}
END_TEST

/* A pseudo-instruction, the reorder nop and several statements on a line are
 * one row each; an address inside a multi-word row finds it. */
START_TEST(test_lines_multiword)
{
    struct asm_image img;
    char *diag;
    int e = assemble("\tnop\n"
                     "\tli $t0, 0x12345678\n"            /* lui + ori */
                     "\tbeq $t0, $zero, out\n"           /* beq + nop (reorder) */
                     "\tnop; nop; nop\n"
                     "\t.set noreorder\n"
                     "\tbne $t0, $zero, out\n"           /* its slot is the next line's */
                     "\taddiu $t0, $t0, 1\n"
                     "out:\tjr $ra\n", &img, &diag);
    ck_assert_msg(e == 0, "%s", diag);
    ck_assert_uint_eq(img.nlines, 7);
    check_row(&img, 0, ASM_TEXT_BASE, 4, 0, 1);
    check_row(&img, 1, ASM_TEXT_BASE + 4, 8, 0, 2);
    check_row(&img, 2, ASM_TEXT_BASE + 12, 8, 0, 3);
    check_row(&img, 3, ASM_TEXT_BASE + 20, 12, 0, 4);
    check_row(&img, 4, ASM_TEXT_BASE + 32, 4, 0, 6);
    check_row(&img, 5, ASM_TEXT_BASE + 36, 4, 0, 7);
    check_row(&img, 6, ASM_TEXT_BASE + 40, 4, 0, 8);
    ck_assert_uint_eq(img.sections[0].size, 44);
    /* the li's second word, the branch's nop, the middle nop of line 4 */
    const struct asm_line *r = asm_line_at(&img, ASM_TEXT_BASE + 8);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->line, 2);
    ck_assert_uint_eq(r->addr, ASM_TEXT_BASE + 4);
    ck_assert_uint_eq(r->size, 8);
    r = asm_line_at(&img, ASM_TEXT_BASE + 17);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->line, 3);
    r = asm_line_at(&img, ASM_TEXT_BASE + 24);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->line, 4);
    ck_assert_ptr_null(asm_line_at(&img, ASM_TEXT_BASE + 44));
    asm_image_free(&img);
    free(diag);
}
END_TEST

/* Labels, comments, blank lines and directives that emit nothing resolve to
 * the next line with code; data lines have rows too; rows are sorted by
 * address whatever the order of the sections in the source. */
START_TEST(test_lines_skip_and_sort)
{
    struct asm_image img;
    char *diag;
    int e = assemble("# a comment\n"             /* 1 */
                     "\t.data\n"                 /* 2 */
                     "b:\t.byte 1\n"             /* 3 */
                     "\t.word 2\n"               /* 4: aligned to 0x10010004 */
                     "\t.ktext\n"                /* 5 */
                     "\tnop\n"                   /* 6 */
                     "\t.text\n"                 /* 7 */
                     "\n"                        /* 8 */
                     "main:\n"                   /* 9 */
                     "\t# first code\n"          /* 10 */
                     "\tnop\n"                   /* 11 */
                     "loop:\n"                   /* 12 */
                     "\n"                        /* 13 */
                     "\taddiu $t0, $t0, 1\n"     /* 14 */
                     "\t.section .comment\n"     /* 15 */
                     "\t.asciiz \"discarded\"\n" /* 16 */
                     "\t.data\n"                 /* 17 */
                     "s:\t.asciiz \"hi\"\n"      /* 18 */
                     "\t.space 3\n"              /* 19 */
                     "# the end\n", &img, &diag);
    ck_assert_msg(e == 0, "%s", diag);
    ck_assert_uint_eq(img.nlines, 7);
    check_row(&img, 0, ASM_TEXT_BASE, 4, 0, 11);
    check_row(&img, 1, ASM_TEXT_BASE + 4, 4, 0, 14);
    check_row(&img, 2, ASM_DATA_BASE, 1, 0, 3);
    check_row(&img, 3, ASM_DATA_BASE + 4, 4, 0, 4);
    check_row(&img, 4, ASM_DATA_BASE + 8, 3, 0, 18);
    check_row(&img, 5, ASM_DATA_BASE + 11, 3, 0, 19);
    check_row(&img, 6, ASM_KTEXT_BASE, 4, 0, 6);
    /* the padding before line 4 belongs to no row */
    ck_assert_ptr_null(asm_line_at(&img, ASM_DATA_BASE + 1));
    ck_assert_ptr_null(asm_line_at(&img, ASM_DATA_BASE + 3));
    ck_assert_uint_eq(asm_line_at(&img, ASM_DATA_BASE + 13)->line, 19);

    ck_assert_uint_eq(line_addr(&img, "t.s", 1), ASM_DATA_BASE);        /* comment */
    ck_assert_uint_eq(line_addr(&img, "t.s", 2), ASM_DATA_BASE);        /* .data */
    ck_assert_uint_eq(line_addr(&img, "t.s", 5), ASM_KTEXT_BASE);       /* .ktext */
    ck_assert_uint_eq(line_addr(&img, "t.s", 7), ASM_TEXT_BASE);        /* .text */
    ck_assert_uint_eq(line_addr(&img, "t.s", 8), ASM_TEXT_BASE);        /* blank */
    ck_assert_uint_eq(line_addr(&img, "t.s", 9), ASM_TEXT_BASE);        /* label alone */
    ck_assert_uint_eq(line_addr(&img, "t.s", 10), ASM_TEXT_BASE);       /* comment */
    ck_assert_uint_eq(line_addr(&img, "t.s", 11), ASM_TEXT_BASE);
    ck_assert_uint_eq(line_addr(&img, "t.s", 12), ASM_TEXT_BASE + 4);   /* label alone */
    ck_assert_uint_eq(line_addr(&img, "t.s", 13), ASM_TEXT_BASE + 4);   /* blank */
    ck_assert_uint_eq(line_addr(&img, "t.s", 14), ASM_TEXT_BASE + 4);
    ck_assert_uint_eq(line_addr(&img, "t.s", 15), ASM_DATA_BASE + 8);   /* discarded */
    ck_assert_uint_eq(line_addr(&img, "t.s", 16), ASM_DATA_BASE + 8);
    ck_assert_uint_eq(line_addr(&img, "t.s", 19), ASM_DATA_BASE + 11);
    ck_assert_uint_eq(line_addr(&img, "t.s", 20), 0xdeadbeefu);         /* comment, then nothing */
    ck_assert_uint_eq(line_addr(&img, "t.s", 21), 0xdeadbeefu);         /* past the file */
    for (size_t k = 1; k < img.nlines; k++)
        ck_assert_uint_lt(img.lines[k - 1].addr + img.lines[k - 1].size - 1, img.lines[k].addr);
    asm_image_free(&img);
    free(diag);
}
END_TEST

/* .include'd files get their own index (once each, however often included),
 * named by the resolved path; their lines are found by basename or full path;
 * a line of the including file never resolves into the included one. */
START_TEST(test_lines_include)
{
    char path[256], inc[256], sub[256], *diag = NULL;
    size_t len = 0;
    struct asm_image img;
    make_tmpdir();
    write_file("main.s", "\t.text\n"                 /* 1 */
                         "main:\tnop\n"              /* 2 */
                         "\t.include \"inc.s\"\n"    /* 3 */
                         "\t# after\n"               /* 4 */
                         "\taddu $t0, $t1, $t2\n"    /* 5 */
                         "\t.include \"sub/x.s\"\n"  /* 6 */
                         "\t.include \"inc.s\"\n");  /* 7 */
    write_file("inc.s", "# included\n"               /* 1 */
                        "\n"                         /* 2 */
                        "\tli $t1, 0x12345678\n"     /* 3 */
                        "\taddiu $t1, $t1, 1\n");    /* 4 */
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    write_file("sub/x.s", "\tjr $ra\n");
    snprintf(path, sizeof path, "%s/main.s", tmpdir);
    FILE *f = open_memstream(&diag, &len);
    int e = asm_assemble_file(path, &img, f);
    fclose(f);
    ck_assert_msg(e == 0, "%s", diag);
    free(diag);

    ck_assert_uint_eq(img.nfiles, 3);
    ck_assert_str_eq(img.files[0], path);
    snprintf(inc, sizeof inc, "%s/inc.s", tmpdir);
    ck_assert_str_eq(img.files[1], inc);
    snprintf(sub, sizeof sub, "%s/sub/x.s", tmpdir);
    ck_assert_str_eq(img.files[2], sub);

    uint32_t t = ASM_TEXT_BASE;
    ck_assert_uint_eq(img.nlines, 7);
    check_row(&img, 0, t, 4, 0, 2);
    check_row(&img, 1, t + 4, 8, 1, 3);
    check_row(&img, 2, t + 12, 4, 1, 4);
    check_row(&img, 3, t + 16, 4, 0, 5);
    check_row(&img, 4, t + 20, 8, 2, 1);        /* jr + its nop */
    check_row(&img, 5, t + 28, 8, 1, 3);        /* inc.s again */
    check_row(&img, 6, t + 36, 4, 1, 4);

    const struct asm_line *r = asm_line_at(&img, t + 8);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->file, 1);
    ck_assert_uint_eq(r->line, 3);
    ck_assert_str_eq(img.files[r->file], inc);

    ck_assert_uint_eq(line_addr(&img, "inc.s", 1), t + 4);     /* comment: the first inclusion */
    ck_assert_uint_eq(line_addr(&img, "inc.s", 3), t + 4);
    ck_assert_uint_eq(line_addr(&img, "inc.s", 4), t + 12);
    ck_assert_uint_eq(line_addr(&img, "inc.s", 5), 0xdeadbeefu);
    ck_assert_uint_eq(line_addr(&img, inc, 4), t + 12);         /* the full path */
    ck_assert_uint_eq(line_addr(&img, "x.s", 1), t + 20);
    ck_assert_uint_eq(line_addr(&img, sub, 1), t + 20);
    ck_assert_uint_eq(line_addr(&img, "main.s", 2), t);
    ck_assert_uint_eq(line_addr(&img, "main.s", 3), t + 16);   /* not into inc.s */
    ck_assert_uint_eq(line_addr(&img, "main.s", 4), t + 16);
    ck_assert_uint_eq(line_addr(&img, "main.s", 6), 0xdeadbeefu);
    ck_assert_uint_eq(line_addr(&img, path, 5), t + 16);
    asm_image_free(&img);

    /* a statement after the .include on its line is the includer's row */
    write_file("m2.s", "\t.include \"inc.s\"; nop\n");
    snprintf(path, sizeof path, "%s/m2.s", tmpdir);
    ck_assert_int_eq(asm_assemble_file(path, &img, NULL), 0);
    ck_assert_uint_eq(img.nlines, 3);
    check_row(&img, 0, t, 8, 1, 3);
    check_row(&img, 1, t + 8, 4, 1, 4);
    check_row(&img, 2, t + 12, 4, 0, 1);
    asm_image_free(&img);
}
END_TEST

/* An image with errors is empty; an image read from ELF has no line table. */
START_TEST(test_lines_error_and_elf)
{
    struct asm_image img;
    char path[256];
    ck_assert_int_eq(asm_assemble("e.s", "nop\nnop\nfoo\n", 12, &img, NULL), 1);
    ck_assert_ptr_null(img.lines);
    ck_assert_uint_eq(img.nlines, 0);
    ck_assert_ptr_null(img.files);
    ck_assert_uint_eq(img.nfiles, 0);
    ck_assert_ptr_null(asm_line_at(&img, ASM_TEXT_BASE));
    ck_assert_int_eq(asm_line_addr(&img, "e.s", 1, &(uint32_t){ 0 }), -1);

    ck_assert_int_eq(asm_assemble("e.s", "nop\nnop\n", 8, &img, NULL), 0);
    ck_assert_uint_eq(img.nlines, 2);
    make_tmpdir();
    snprintf(path, sizeof path, "%s/e.elf", tmpdir);
    ck_assert_int_eq(elf_write(&img, path, NULL), 0);
    asm_image_free(&img);
    ck_assert_int_eq(asm_load(path, &img, NULL), 0);
    ck_assert_uint_eq(img.sections[0].size, 8);
    ck_assert_uint_eq(img.nlines, 0);
    ck_assert_uint_eq(img.nfiles, 0);
    ck_assert_ptr_null(asm_line_at(&img, ASM_TEXT_BASE));
    ck_assert_int_eq(asm_line_addr(&img, "e.s", 1, &(uint32_t){ 0 }), -1);
    asm_image_free(&img);
}
END_TEST

/* ---- diagnostics ------------------------------------------------------------------------- */
struct diag_case {
    const char *src;
    const char *diag;     /* the exact output, every line */
    int errors;
};

static const struct diag_case diag_cases[] = {
    /* instructions and operands */
    { "\tadu $t0, $t1, $t2", "t.s:1:2: error: unknown instruction 'adu'; did you mean 'addu'?\n", 1 },
    { "\tlwz $t0, 0($t1)", "t.s:1:2: error: unknown instruction 'lwz'; did you mean 'lw'?\n", 1 },
    { "\tfrobnicate", "t.s:1:2: error: unknown instruction 'frobnicate'\n", 1 },
    { "\taddu $t0, $t1, $t2, $t3",
      "t.s:1:2: error: 'addu' takes 3 operands, not 4 (addu $rd, $rs, $rt)\n", 1 },
    { "\tsyscall $t0, $t1",
      "t.s:1:2: error: 'syscall' takes 1 or 0 operands, not 2 (syscall code)\n", 1 },
    { "\tlw $t0, $t1",
      "t.s:1:10: error: operand 2 of 'lw' must be offset($reg) (lw $rt, offset($base))\n", 1 },
    { "\tmult $t0, 5",
      "t.s:1:12: error: operand 2 of 'mult' must be a register (mult $rs, $rt)\n", 1 },
    { "\tlui $t0, $t1",
      "t.s:1:11: error: operand 2 of 'lui' must be a value, not a register (lui $rt, imm16)\n", 1 },
    { "\tandi $t0, $t1, $t2",
      "t.s:1:17: error: operand 3 of 'andi' must be a value, not a register (andi $rt, $rs, imm16)\n", 1 },
    { "\taddu $t0, $foo, $t1", "t.s:1:12: error: bad register name '$foo'\n", 1 },
    { "\taddu $t0, $32, $t1", "t.s:1:12: error: bad register name '$32'\n", 1 },
    { "\taddu $t0, $, $t1", "t.s:1:12: error: missing register name after '$'\n", 1 },
    { "\taddu $t0, $t1 $t2, $t3",
      "t.s:1:2: error: 'addu' takes 3 operands, not 4 (addu $rd, $rs, $rt)\n", 1 },
    /* SPIM: operands separated by blanks, a comma at the end of .word */
    { "\t.set noat\n\tmove $k1 $at\n\t.set at\n\tsw $v0 s1\n\tbne $k0 0x18 t1\nt1:\n\taddi $t0 $t0 -4\n"
      "\tlw $a0 4 ($t1)\n\tlw $a0 ($t1)\n\tmfc0 $k0 $13\n\t.data\ns1: .word 1, 2,\n", "", 0 },
    { "\taddu $t0, , $t1", "t.s:1:12: error: missing operand 2\n", 1 },
    { "\taddu $t0, $t1,", "t.s:1:16: error: missing operand 3 after ','\n", 1 },
    { "\tlw $t0, 4($t1", "t.s:1:15: error: missing ')'\n", 1 },
    { "\tsll $t0, $t1, 32", "t.s:1:16: error: operand 3: shift amount 32 is out of range 0 to 31\n", 1 },
    { "\taddi $t0, $t1, 0x8000",
      "t.s:1:17: error: operand 3: immediate 32768 is out of range -32768 to 32767\n", 1 },
    { "\tori $t0, $t1, -1",
      "t.s:1:16: error: operand 3: immediate -1 is out of range 0 to 65535\n", 1 },
    { "\tlui $t0, 0x10000",
      "t.s:1:11: error: operand 2: immediate 65536 is out of range 0 to 65535\n", 1 },
    { "\tbreak 1024", "t.s:1:8: error: operand 1: code 1024 is out of range 0 to 1023\n", 1 },
    { "\tmfc0 $t0, $12, 8", "t.s:1:17: error: operand 3: select 8 is out of range 0 to 7\n", 1 },
    { "\tli $t0, 0x100000000", "t.s:1:10: error: value 0x100000000 does not fit in 32 bits\n", 1 },
    { "\tli $t0", "t.s:1:2: error: bad operands for 'li' (expected: li $rt, value)\n", 1 },
    { "\tblt $t0, $t1",
      "t.s:1:2: error: bad operands for 'blt' (expected: blt $rs, $rt, label  or  $rs, value, label)\n", 1 },
    { "\tli $t0, main\nmain: nop",
      "t.s:1:10: error: 'li' needs a number; use 'la' to load the address of a label\n", 1 },
    { "\tli $t0, k\nk = 0x12345",
      "t.s:1:10: error: value 0x12345 is defined after this line and does not fit in 16 bits; "
      "define it before use\n", 1 },
    { "\tbeq $t0, k, x\nk = 5\nx: nop",
      "t.s:1:11: error: operand 2 of 'beq' must be a constant defined before this line\n", 1 },
    { "\tmul $t0, $t1, lab\nlab: nop",
      "t.s:1:16: error: operand 3 of 'mul' must be a constant defined before this line\n", 1 },
    /* symbols and branches */
    { "\tj nowhere", "t.s:1:4: error: undefined symbol 'nowhere'\n", 1 },
    { "\tb 1f", "t.s:1:4: error: undefined local label '1f'\n", 1 },
    { "a: nop\na: nop", "t.s:2:1: error: duplicate label 'a' (first defined at t.s:1)\n", 1 },
    { "a = 1\na: nop", "t.s:2:1: error: 'a' is already defined as a constant (at t.s:1)\n", 1 },
    { "a: nop\na = 1", "t.s:2:1: error: 'a' is already defined as a label (at t.s:1)\n", 1 },
    { "\tb main+2\nmain: nop", "t.s:1:4: error: branch to misaligned address 0x0040000a\n", 1 },
    { "\tb far\n.space 0x20000\nfar: nop",
      "t.s:1:4: error: branch target 0x00420008 is out of range (a branch reaches -131072 to "
      "+131068 bytes from its delay slot)\n", 1 },
    { "\t.text 0x0ffffff8\n\tj 0x10000000",
      "t.s:2:4: error: jump target 0x10000000 is outside the 256 MiB region of the jump at "
      "0x0ffffff8\n", 1 },
    { "\t.text 0x0ffffffc\n\tj 0x10000000", "", 0 },   /* the delay slot's region counts */
    { "\tb $L5\n$L5: nop", "", 0 },                  /* GCC's local labels */
    { "\tb $X5", "t.s:1:4: error: bad register name '$X5'\n", 1 },
    { "\tj 0x400002", "t.s:1:4: error: jump target 0x400002 is not a word address\n", 1 },
    /* strings and characters */
    { ".data\n.ascii \"abc", "t.s:2:8: error: unterminated string\n", 1 },
    { ".data\n.ascii \"a\\qb\"", "t.s:2:10: error: bad escape '\\q'\n", 1 },
    { ".data\n.byte 'ab'", "t.s:2:7: error: unterminated character literal\n", 1 },
    { ".data\n.byte ''", "t.s:2:7: error: empty or unterminated character literal\n", 1 },
    { ".data\n.ascii 5", "t.s:2:8: error: expected a string in quotes\n", 1 },
    /* numbers and expressions */
    { ".data\n.word 08", "t.s:2:7: error: invalid digit '8' in octal number\n", 1 },
    { ".data\n.word 0x", "t.s:2:7: error: missing digits after '0x'\n", 1 },
    { ".data\n.word 99999999999999999999", "t.s:2:7: error: number '99999999999999999999' is too large\n", 1 },
    { ".data\n.word 12ab", "t.s:2:7: error: invalid digit 'a' in decimal number\n", 1 },
    { ".data\n.word 1/0", "t.s:2:8: error: division by zero\n", 1 },
    { ".data\n.word (1", "t.s:2:9: error: expected ')'\n", 1 },
    { ".data\n.space 1 2", "t.s:2:10: error: unexpected '2' after expression\n", 1 },
    { ".data\n.word 1:", "t.s:2:9: error: missing value\n", 1 },
    { ".data\n.word 1:x\nx=2", "t.s:2:9: error: a repeat count must be a constant defined before this line\n", 1 },
    { ".data\n.byte 300", "t.s:2:7: warning: value 0x12c truncated to 0x2c\n", 0 },
    { ".data\n.half 0x12345", "t.s:2:7: warning: value 0x12345 truncated to 0x2345\n", 0 },
    { "\t`", "t.s:1:2: error: unexpected character '`'\n", 1 },
    { "\t@", "t.s:1:2: error: expected an instruction, a directive or a label, found '@'\n", 1 },
    /* directives */
    { ".foo 1", "t.s:1:1: error: unknown directive '.foo'\n", 1 },
    { ".set bogus", "t.s:1:6: warning: unknown .set option 'bogus' ignored\n", 0 },
    { ".set pop", "t.s:1:6: error: .set pop without .set push\n", 1 },
    { ".set push\n.set noat\n.set pop\n\taddu $at, $t0, $t1",
      "t.s:4:7: warning: used $at without \".set noat\"\n", 0 },
    { ".set noreorder\n.set push\n.set reorder\n.set pop\n\tb x\n\tli $t0, 0x12345\nx: nop",
      "t.s:6:2: warning: macro instruction expanded into multiple instructions in a branch delay slot\n", 0 },
    { ".data\n.word 1_", "t.s:2:7: error: invalid number '1_'\n", 1 },
    { ".data\n.float 1.0", "t.s:2:8: error: floating point is not supported by tlbvisor ('1.0')\n", 1 },
    { ".data\n.double 2", "t.s:2:1: error: floating point is not supported by tlbvisor ('.double')\n", 1 },
    { "\tadd.s $t0, $t1, $t2", "t.s:1:2: error: floating point is not supported by tlbvisor ('add.s')\n", 1 },
    { "\tmtc1 $t0, $t1", "t.s:1:2: error: floating point is not supported by tlbvisor ('mtc1')\n", 1 },
    { "\tlwc1 $t2, 0($t0)", "t.s:1:2: error: floating point is not supported by tlbvisor ('lwc1')\n", 1 },
    { "\tmfc1 $t0, $f2", "t.s:1:12: error: floating point is not supported by tlbvisor ('$f2')\n", 1 },
    { ".section .weird", "t.s:1:10: error: unsupported section '.weird' (tlbvisor has .text, .data, "
      ".ktext and .kdata)\n", 1 },
    { ".text\nnop\n.text 0x400000",
      "t.s:3:7: error: address 0x00400000 is below the current end of .text (0x00400004); a "
      "section's address can only move forward\n", 1 },
    { ".text x\nx = 1", "t.s:1:7: error: a section address must be a constant defined before this line\n", 1 },
    { ".data\n.space -1", "t.s:2:8: error: .space size -1 is out of range\n", 1 },
    { ".data\n.align 17", "t.s:2:8: error: alignment 17 is out of range (0 to 16)\n", 1 },
    { ".data\n.balign 3", "t.s:2:9: error: alignment 3 is not a power of two from 1 to 65536\n", 1 },
    { ".globl 5", "t.s:1:8: error: expected a symbol name\n", 1 },
    { ".include foo", "t.s:1:10: error: expected a file name in quotes after .include\n", 1 },
    { ".equ 5", "t.s:1:6: error: expected 'symbol, value'\n", 1 },
    { ".text 0x10010000\nnop\n.data\n.word 1", "t.s: error: sections .text (0x10010000-0x10010003) and .data "
      "(0x10010000-0x10010003) overlap\n", 1 },
    { "5", "t.s:1:1: error: expected an instruction, a directive or a label, found '5'\n", 1 },
    /* $at and delay slots */
    { "\taddu $at, $t0, $t1", "t.s:1:7: warning: used $at without \".set noat\"\n", 0 },
    { "\t.set noat\n\taddu $at, $t0, $t1", "", 0 },
    { "\t.set noat\n\tblt $t0, $t1, x\nx: nop", "t.s:2:2: error: macro used $at after \".set noat\"\n", 1 },
    { "\t.set noreorder\n\tb x\n\tli $t0, 0x12345\nx: nop",
      "t.s:3:2: warning: macro instruction expanded into multiple instructions in a branch delay slot\n", 0 },
    { "\tbgeu $t0, 0, x\nx: nop", "t.s:1:2: warning: branch bgeu is always true\n", 0 },
    { "\tdiv $t0, $t1, 0", "t.s:1:16: warning: divide by zero\n", 0 },
    /* every error of a file is reported, one per statement */
    { "\tfoo\n\tbar $t0\n\taddu $t0\n\tsll $t0, $t1, 99",
      "t.s:1:2: error: unknown instruction 'foo'\n"
      "t.s:2:2: error: unknown instruction 'bar'; did you mean 'bal'?\n"
      "t.s:3:2: error: 'addu' takes 3 operands, not 1 (addu $rd, $rs, $rt)\n"
      "t.s:4:16: error: operand 3: shift amount 99 is out of range 0 to 31\n", 4 },
};

START_TEST(test_diagnostics)
{
    const struct diag_case *c = &diag_cases[_i];
    struct asm_image img;
    char *diag;
    int e = assemble(c->src, &img, &diag);
    ck_assert_msg(!strcmp(diag, c->diag), "source:\n%s\ngot:\n%swant:\n%s", c->src, diag, c->diag);
    ck_assert_int_eq(e, c->errors);
    if (e == 0)
        asm_image_free(&img);
    else
        ck_assert_uint_eq(img.nsections, 0);
    free(diag);
}
END_TEST

/* ---- robustness ----------------------------------------------------------------------------- */
START_TEST(test_garbage)
{
    /* random bytes and random token soup must never crash, hang or leak */
    static const char *const pieces[] = {
        "$t0", "$at", ",", "(", ")", "5", "-", "0x", "'a'", "\"s\"", "\"\\", ":", "=", "lw",
        "li", "la", "blt", "div", ".word", ".text", ".data 0x10000000", ".align", ".space",
        "1f", "1b", "1:", "lab", "lab:", "%hi(", "%lo", "<<", "\n", ";", "#", ".include",
        ".set", "noreorder", "0:", "\t", "jal", "ulw", "beq", "~", "!", "mfc0", "$12", "\0",
    };
    unsigned seed = 12345;
    char src[512];
    for (int iter = 0; iter < 4000; iter++) {
        size_t n = 0;
        while (n < sizeof src - 40) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 16) % 5 == 0) {
                src[n++] = (char)(seed >> 8);
            } else {
                const char *p = pieces[(seed >> 16) % NELEM(pieces)];
                size_t l = strlen(p);
                memcpy(src + n, p, l);
                n += l;
                src[n++] = ' ';
            }
            if ((seed >> 24) % 23 == 0)
                break;
        }
        struct asm_image img;
        FILE *f = fopen("/dev/null", "w");
        if (asm_assemble("g.s", src, n, &img, f) == 0)
            asm_image_free(&img);
        fclose(f);
    }
}
END_TEST

START_TEST(test_empty_and_null_diag)
{
    struct asm_image img;
    ck_assert_int_eq(asm_assemble("e.s", "", 0, &img, NULL), 0);
    ck_assert_uint_eq(img.nsections, 0);
    ck_assert_uint_eq(img.entry, ASM_TEXT_BASE);
    asm_image_free(&img);
    ck_assert_int_eq(asm_assemble("e.s", "foo", 3, &img, NULL), 1);
    /* no newline at the end, CRLF line ends */
    ck_assert_int_eq(asm_assemble("e.s", "nop\r\nnop", 8, &img, NULL), 0);
    ck_assert_uint_eq(img.sections[0].size, 8);
    asm_image_free(&img);
}
END_TEST

START_TEST(test_load_source)
{
    char path[256];
    struct asm_image img;
    make_tmpdir();
    write_file("p.s", ".text\nmain: li $v0, 10\nsyscall\n");
    snprintf(path, sizeof path, "%s/p.s", tmpdir);
    ck_assert_int_eq(asm_load(path, &img, NULL), 0);
    ck_assert_uint_eq(img.entry, ASM_TEXT_BASE);
    ck_assert_uint_eq(img.sections[0].size, 8);
    asm_image_free(&img);
    snprintf(path, sizeof path, "%s/missing.s", tmpdir);
    ck_assert_int_eq(asm_load(path, &img, NULL), 1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("asm");
    TCase *t = tcase_create("gnu");
    tcase_add_loop_test(t, test_rows, 0, (int)NELEM(row_cases));
    tcase_add_test(t, test_rows_cover_table);
    tcase_add_loop_test(t, test_aliases, 0, (int)NELEM(alias_cases));
    tcase_add_test(t, test_aliases_cover_table);
    tcase_add_loop_test(t, test_pseudo, 0, (int)NELEM(pseudo_cases));
    tcase_add_loop_test(t, test_pseudo_noreorder, 0, (int)NELEM(noreorder_cases));
    suite_add_tcase(s, t);

    t = tcase_create("directives");
    tcase_add_loop_test(t, test_data, 0, (int)NELEM(data_cases));
    tcase_add_loop_test(t, test_symbols, 0, (int)NELEM(sym_cases));
    tcase_add_test(t, test_local_labels);
    tcase_add_loop_test(t, test_entry, 0, (int)NELEM(entry_cases));
    tcase_add_test(t, test_symbols_sorted);
    tcase_add_test(t, test_symbol_covering_prefers);
    tcase_add_test(t, test_include);
    suite_add_tcase(s, t);

    t = tcase_create("lines");
    tcase_add_test(t, test_lines_simple);
    tcase_add_test(t, test_lines_multiword);
    tcase_add_test(t, test_lines_skip_and_sort);
    tcase_add_test(t, test_lines_include);
    tcase_add_test(t, test_lines_error_and_elf);
    suite_add_tcase(s, t);

    t = tcase_create("diagnostics");
    tcase_add_loop_test(t, test_diagnostics, 0, (int)NELEM(diag_cases));
    tcase_add_test(t, test_garbage);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_empty_and_null_diag);
    tcase_add_test(t, test_load_source);
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
