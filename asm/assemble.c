/*
 * assemble.c -- the two-pass driver: source files and .include, statements,
 * labels and symbols, sections and their addresses, data directives, and the
 * image at the end.
 *
 * Pass 1 runs every statement to find the addresses of labels; it reports
 * nothing.  Pass 2 runs the same statements again with every symbol known,
 * emits the bytes and reports every diagnostic.  Both passes make the same
 * choices (sizes of pseudo-instructions, alignments) because those depend only
 * on what the source says before the statement (struct asm_val's label/fwd),
 * never on values that pass 1 did not know.
 */
/* realpath() is XSI: ask for it (the Makefile sets only _POSIX_C_SOURCE) */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "asm/asm_int.h"

/* ---- small helpers ---------------------------------------------------------- */
void *asm_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("tlbvisor: out of memory\n", stderr);
        abort();
    }
    return q;
}

char *asm_xstrndup(const char *s, size_t n)
{
    char *d = asm_xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* ---- diagnostics -------------------------------------------------------------- */
static void vdiag(struct asm_ctx *c, int col, const char *kind, const char *fmt, va_list ap)
{
    if (c->pass != 2 || !c->diag)
        return;
    if (c->line > 0)
        fprintf(c->diag, "%s:%d:%d: %s: ", c->file, c->line, col > 0 ? col : 1, kind);
    else
        fprintf(c->diag, "%s: %s: ", c->file, kind);
    vfprintf(c->diag, fmt, ap);
    fputc('\n', c->diag);
}

void asm_error(struct asm_ctx *c, int col, const char *fmt, ...)
{
    va_list ap;
    if (c->pass == 2) {
        if (c->stmt_error)
            return;           /* one error per statement: the first is the cause */
        c->errors++;
    }
    c->stmt_error = true;
    va_start(ap, fmt);
    vdiag(c, col, "error", fmt, ap);
    va_end(ap);
}

void asm_warning(struct asm_ctx *c, int col, const char *fmt, ...)
{
    va_list ap;
    if (c->pass == 2)
        c->warnings++;
    va_start(ap, fmt);
    vdiag(c, col, "warning", fmt, ap);
    va_end(ap);
}

/* ---- symbols ------------------------------------------------------------------ */
static unsigned hash(const char *s, size_t n)
{
    unsigned h = 5381;
    for (size_t i = 0; i < n; i++)
        h = h * 33 + (unsigned char)s[i];
    return h % ASM_SYMTAB_SIZE;
}

struct sym *asm_sym_get(struct asm_ctx *c, const char *name, size_t len, bool create)
{
    unsigned h = hash(name, len);
    for (struct sym *s = c->symtab[h]; s; s = s->next)
        if (strlen(s->name) == len && !memcmp(s->name, name, len))
            return s;
    if (!create)
        return NULL;
    struct sym *s = asm_xrealloc(NULL, sizeof *s);
    memset(s, 0, sizeof *s);
    s->name = asm_xstrndup(name, len);
    s->next = c->symtab[h];
    c->symtab[h] = s;
    return s;
}

bool asm_local_ref(struct asm_ctx *c, long num, char dir, int64_t *value)
{
    if (dir == 'b') {
        for (size_t k = c->nlocals; k-- > 0;)
            if (c->locals[k].num == num && c->locals[k].seq <= c->seq) {
                *value = c->locals[k].value;
                return true;
            }
        return false;
    }
    for (size_t k = 0; k < c->nlocals; k++)
        if (c->locals[k].num == num && c->locals[k].seq > c->seq) {
            *value = c->locals[k].value;
            return true;
        }
    return false;
}

static void free_symbols(struct asm_ctx *c)
{
    for (int h = 0; h < ASM_SYMTAB_SIZE; h++) {
        struct sym *s = c->symtab[h];
        while (s) {
            struct sym *n = s->next;
            free(s->name);
            free(s);
            s = n;
        }
        c->symtab[h] = NULL;
    }
    free(c->locals);
    c->locals = NULL;
}

/* ---- sections and output --------------------------------------------------------- */
static const struct { const char *name; uint32_t base; bool exec; } sect_info[SEC_ALL] = {
    [SEC_TEXT]  = { ".text",  ASM_TEXT_BASE,  true },
    [SEC_DATA]  = { ".data",  ASM_DATA_BASE,  false },
    [SEC_KTEXT] = { ".ktext", ASM_KTEXT_BASE, true },
    [SEC_KDATA] = { ".kdata", ASM_KDATA_BASE, false },
    [SEC_DISCARD] = { "(discarded)", 0, false },
};

static void reset_sections(struct asm_ctx *c)
{
    for (int i = 0; i < SEC_ALL; i++) {
        struct sect *s = &c->sects[i];
        s->name = sect_info[i].name;
        s->base = sect_info[i].base;
        s->exec = sect_info[i].exec;
        s->base_set = false;
        s->size = 0;
    }
    c->cur = SEC_TEXT;
    c->prev_sect = SEC_DATA;
    c->npend = 0;
}

uint32_t asm_loc(const struct asm_ctx *c)
{
    const struct sect *s = &c->sects[c->cur];
    return s->base + s->size;
}

/* reserve: room for n more bytes in the current section, or an error. */
static bool reserve(struct asm_ctx *c, uint64_t n)
{
    struct sect *s = &c->sects[c->cur];
    uint64_t want = (uint64_t)s->size + n;
    if (want > ASM_MAX_SECTION || (uint64_t)s->base + want > 0x100000000ull) {
        asm_error(c, 0, "section %s is too large (it would end past 0x%llx)",
                  s->name, (unsigned long long)((uint64_t)s->base + want));
        return false;
    }
    if (want > s->cap) {
        uint64_t cap = s->cap ? s->cap : 4096;
        while (cap < want)
            cap *= 2;
        s->buf = asm_xrealloc(s->buf, (size_t)cap);
        s->cap = (uint32_t)(cap > ASM_MAX_SECTION ? ASM_MAX_SECTION : cap);
    }
    return true;
}

static void put_bytes(struct asm_ctx *c, const void *p, size_t n, bool keep_labels)
{
    struct sect *s = &c->sects[c->cur];
    if (n == 0 || !reserve(c, n))
        return;
    if (p)
        memcpy(s->buf + s->size, p, n);
    else
        memset(s->buf + s->size, 0, n);
    s->size += (uint32_t)n;
    s->base_set = true;
    if (!keep_labels)
        c->npend = 0;
}

/* note_line: in pass 2, the n bytes at addr of the current section are the
 * current line's: extend its row, or start one.  A row grows only while one
 * instance of one line writes one section, so a pseudo-instruction's words,
 * the reorder nop and the statements of "a: .byte 1; .word 2" make one row
 * (with the padding between them); padding before a line's first byte
 * belongs to no row.  Only appends: the assembler stays as fast as it was. */
static void note_line(struct asm_ctx *c, uint32_t addr, uint32_t n)
{
    if (c->pass != 2 || n == 0 || c->cur == SEC_DISCARD)
        return;
    if (c->nlines && c->row_serial == c->line_serial && c->row_sect == c->cur) {
        struct asm_line *l = &c->lines[c->nlines - 1];
        l->size = addr + n - l->addr;
        return;
    }
    if (c->nlines == c->caplines) {
        c->caplines = c->caplines ? c->caplines * 2 : 256;
        c->lines = asm_xrealloc(c->lines, c->caplines * sizeof *c->lines);
    }
    c->lines[c->nlines++] = (struct asm_line){ addr, n, c->file_index, (unsigned)c->line };
    c->row_serial = c->line_serial;
    c->row_sect = c->cur;
}

/* align: pad the current section with zeros to a multiple of a (a power of
 * two); labels defined at this point move with it, as in GNU as. */
static void align(struct asm_ctx *c, uint32_t a)
{
    uint32_t pad = (uint32_t)(-asm_loc(c)) & (a - 1);
    if (!pad)
        return;
    put_bytes(c, NULL, pad, true);
    uint32_t loc = asm_loc(c);
    for (size_t k = 0; k < c->npend; k++) {
        if (c->pend[k].local)
            c->locals[c->pend[k].index].value = loc;
        else
            c->pend[k].sym->value = loc;
    }
}

void asm_emit_insn(struct asm_ctx *c, uint32_t w)
{
    uint8_t b[4] = { (uint8_t)w, (uint8_t)(w >> 8), (uint8_t)(w >> 16), (uint8_t)(w >> 24) };
    align(c, 4);
    note_line(c, asm_loc(c), 4);
    put_bytes(c, b, 4, false);
    c->last_delay = (isa_insns[isa_decode(w)].flags & ISA_F_DELAY) != 0;
    c->stmt_words++;
}

static void add_pending(struct asm_ctx *c, bool local, size_t index, struct sym *s)
{
    if (c->npend == c->cappend) {
        c->cappend = c->cappend ? c->cappend * 2 : 8;
        c->pend = asm_xrealloc(c->pend, c->cappend * sizeof *c->pend);
    }
    c->pend[c->npend].local = local;
    c->pend[c->npend].index = index;
    c->pend[c->npend].sym = s;
    c->npend++;
}

/* ---- labels ---------------------------------------------------------------------- */
static void define_label(struct asm_ctx *c, const struct asm_tok *t)
{
    struct sym *s = asm_sym_get(c, t->text, t->len, true);
    long id = ++c->label_id;

    c->sects[c->cur].base_set = true;
    if (c->pass == 1) {
        if (s->defined)
            return;          /* reported in pass 2 */
        s->kind = SYM_LABEL;
        s->defined = true;
        s->value = asm_loc(c);
        s->def_seq = c->seq;
        s->def_id = id;
        s->def_file = c->file;
        s->def_line = c->line;
        s->sect = c->cur;
        add_pending(c, false, 0, s);
        return;
    }
    if (s->def_id != id) {
        if (s->kind == SYM_LABEL)
            asm_error(c, t->col, "duplicate label '%s' (first defined at %s:%d)",
                      s->name, s->def_file, s->def_line);
        else
            asm_error(c, t->col, "'%s' is already defined as a constant (at %s:%d)",
                      s->name, s->def_file, s->def_line);
        return;
    }
    s->value = asm_loc(c);
    add_pending(c, false, 0, s);
}

static void define_local(struct asm_ctx *c, const struct asm_tok *t)
{
    long num = 0;
    for (size_t k = 0; k < t->len; k++)
        num = num < 100000000 ? num * 10 + (t->text[k] - '0') : num;
    c->sects[c->cur].base_set = true;
    if (c->pass == 1) {
        if (c->nlocals == c->caplocals) {
            c->caplocals = c->caplocals ? c->caplocals * 2 : 16;
            c->locals = asm_xrealloc(c->locals, c->caplocals * sizeof *c->locals);
        }
        struct local_label *l = &c->locals[c->nlocals++];
        l->num = num;
        l->seq = c->seq;
        l->value = asm_loc(c);
        l->sect = c->cur;
        add_pending(c, true, c->nlocals - 1, NULL);
        return;
    }
    if (c->local_pass2 < c->nlocals) {
        c->locals[c->local_pass2].value = asm_loc(c);
        add_pending(c, true, c->local_pass2, NULL);
        c->local_pass2++;
    }
}

/* define_equ: name = value (from "=", .set or .equ). */
static void define_equ(struct asm_ctx *c, const struct asm_tok *t, const struct asm_val *v)
{
    struct sym *s = asm_sym_get(c, t->text, t->len, true);
    if (s->kind == SYM_LABEL) {
        asm_error(c, t->col, "'%s' is already defined as a label (at %s:%d)",
                  s->name, s->def_file, s->def_line);
        return;
    }
    if (s->kind == SYM_NONE || c->pass == 1) {
        if (!s->defined) {
            s->def_seq = c->seq;
            s->def_file = c->file;
            s->def_line = c->line;
        }
    }
    s->kind = SYM_EQU;
    s->defined = true;
    s->value = v->v;
    s->reloc = v->label;
    s->fwd_dep = v->fwd;
    s->unknown = v->unknown;
}

/* ---- operands of directives --------------------------------------------------------- */
static bool is_punct(const struct asm_tok *t, int ch)
{
    return t->kind == TK_PUNCT && t->num == (uint64_t)ch;
}

/* next_item: the end of the comma-separated item starting at from (index of
 * the ',' at depth 0 or of TK_END). */
static size_t item_end(const struct asm_tok *t, size_t from)
{
    int depth = 0;
    size_t i = from;
    for (; t[i].kind != TK_END; i++) {
        if (is_punct(&t[i], '('))
            depth++;
        else if (is_punct(&t[i], ')'))
            depth--;
        else if (depth <= 0 && is_punct(&t[i], ','))
            break;
    }
    return i;
}

/* const_expr: an expression that must be a number known when the line is
 * read (section addresses, counts, alignments). */
static bool const_expr(struct asm_ctx *c, const struct asm_tok *t, size_t from, size_t to,
                       const char *what, struct asm_val *v)
{
    if (!asm_expr_range(c, t, from, to, v))
        return false;
    if (v->unknown || v->fwd) {
        asm_error(c, t[from].col, "%s must be a constant defined before this line", what);
        return false;
    }
    return true;
}

static bool expect_end(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    if (t[i].kind != TK_END) {
        asm_error(c, t[i].col, "unexpected '%.*s' at end of statement",
                  (int)(t[i].len ? t[i].len : 1), t[i].text);
        return false;
    }
    return true;
}

/* ---- sections ------------------------------------------------------------------------- */
static void switch_section(struct asm_ctx *c, int sect)
{
    if (sect != c->cur)
        c->prev_sect = c->cur;
    c->cur = sect;
    c->npend = 0;
    c->autoalign = true;
}

/* set_address: SPIM's ".text ADDR": the first address of an empty section,
 * or padding up to ADDR; never backwards. */
static void set_address(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    struct asm_val v;
    if (t[i].kind == TK_END)
        return;
    size_t end = item_end(t, i);
    if (!const_expr(c, t, i, end, "a section address", &v) || !expect_end(c, t, end))
        return;
    if (v.v < 0 || v.v > 0xffffffffll) {
        asm_error(c, t[i].col, "section address 0x%llx is out of range",
                  (unsigned long long)v.v);
        return;
    }
    struct sect *s = &c->sects[c->cur];
    uint32_t a = (uint32_t)v.v;
    if (!s->base_set && s->size == 0) {
        s->base = a;
        s->base_set = true;
        return;
    }
    if (a < asm_loc(c)) {
        asm_error(c, t[i].col, "address 0x%08x is below the current end of %s (0x%08x); "
                  "a section's address can only move forward", a, s->name, asm_loc(c));
        return;
    }
    put_bytes(c, NULL, a - asm_loc(c), false);
}

/* ---- data directives ---------------------------------------------------------------- */
static void emit_value(struct asm_ctx *c, const struct asm_val *v, int size, int col)
{
    uint64_t u = (uint64_t)v->v;
    uint8_t b[4];
    if (c->pass == 2) {
        uint64_t lim = size == 4 ? 0xffffffffull : (1ull << (size * 8)) - 1;
        if (v->v > (int64_t)lim || v->v < -(int64_t)lim)
            asm_warning(c, col, "value 0x%llx truncated to 0x%llx",
                        (unsigned long long)u, (unsigned long long)(u & lim));
    }
    for (int k = 0; k < size; k++)
        b[k] = (uint8_t)(u >> (8 * k));
    note_line(c, asm_loc(c), (uint32_t)size);
    put_bytes(c, b, (size_t)size, false);
}

/* data_item_end: where the data item starting at from ends: at a top-level
 * comma, or, as in SPIM, where the next value follows a complete one after
 * blanks: ".word 1 2 3", and ".word 5 -3" (a sign with a blank before it and
 * none after starts a value: SPIM reads 5 and -3, where GNU as would
 * compute 5 - 3; "5 - 3" and "5-3" stay GNU's subtraction). */
static size_t data_item_end(const struct asm_tok *t, size_t from)
{
    int depth = 0;
    size_t i = from;
    for (; t[i].kind != TK_END; i++) {
        bool after_value = i > from &&
            (t[i - 1].kind == TK_NUM || t[i - 1].kind == TK_IDENT ||
             t[i - 1].kind == TK_LOCAL || is_punct(&t[i - 1], ')'));
        bool value = t[i].kind == TK_NUM || t[i].kind == TK_IDENT || t[i].kind == TK_LOCAL;
        bool signed_value = (is_punct(&t[i], '-') || is_punct(&t[i], '+')) &&
            t[i + 1].kind == TK_NUM && t[i + 1].text == t[i].text + 1 &&
            i > from && t[i].text > t[i - 1].text + t[i - 1].len;
        if (depth <= 0 && after_value && (value || signed_value))
            break;
        if (is_punct(&t[i], '('))
            depth++;
        else if (is_punct(&t[i], ')'))
            depth--;
        else if (depth <= 0 && is_punct(&t[i], ','))
            break;
    }
    return i;
}

/* data: .word / .half / .byte, items "expr" or SPIM's "expr:count",
 * separated by commas or (SPIM) blanks. */
static void data(struct asm_ctx *c, const struct asm_tok *t, size_t i, int size)
{
    if (c->autoalign && size > 1)
        align(c, (uint32_t)size);
    if (t[i].kind == TK_END)
        return;
    for (;;) {
        size_t end = data_item_end(t, i);
        size_t colon = i;
        int depth = 0;
        while (colon < end) {
            if (is_punct(&t[colon], '(')) depth++;
            if (is_punct(&t[colon], ')')) depth--;
            if (depth == 0 && is_punct(&t[colon], ':'))
                break;
            colon++;
        }
        struct asm_val v, n = { 1, false, false, false, false };
        if (!asm_expr_range(c, t, i, colon, &v))
            return;
        if (colon < end) {
            if (!const_expr(c, t, colon + 1, end, "a repeat count", &n))
                return;
            if (n.v < 0 || n.v > (int64_t)ASM_MAX_SECTION) {
                asm_error(c, t[colon + 1].col, "repeat count %lld is out of range",
                          (long long)n.v);
                return;
            }
            if (!reserve(c, (uint64_t)n.v * (uint64_t)size))
                return;
        }
        for (int64_t k = 0; k < n.v && !c->stmt_error; k++)
            emit_value(c, &v, size, t[i].col);
        if (t[end].kind == TK_END)
            return;
        if (!is_punct(&t[end], ',')) {
            i = end;          /* SPIM: the next value after blanks */
            continue;
        }
        if (t[end + 1].kind == TK_END)
            return;           /* SPIM allows a comma at the end of the line */
        i = end + 1;
    }
}

static void strings(struct asm_ctx *c, const struct asm_tok *t, size_t i, bool zero)
{
    for (;;) {
        if (t[i].kind != TK_STR) {
            asm_error(c, t[i].col, "expected a string in quotes");
            return;
        }
        char *s;
        size_t n;
        if (!asm_decode_string(c, &t[i], &s, &n))
            return;
        if (n + (zero ? 1 : 0) <= ASM_MAX_SECTION)
            note_line(c, asm_loc(c), (uint32_t)(n + (zero ? 1 : 0)));
        put_bytes(c, s, n + (zero ? 1 : 0), false);
        free(s);
        i++;
        if (t[i].kind == TK_END)
            return;
        if (t[i].kind == TK_STR)
            continue;         /* SPIM: strings separated by blanks */
        if (!is_punct(&t[i], ',')) {
            asm_error(c, t[i].col, "expected ',' between strings");
            return;
        }
        i++;
    }
}

static void space(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    struct asm_val n, f = { 0, false, false, false, false };
    size_t end = item_end(t, i);
    if (!const_expr(c, t, i, end, "the size of .space", &n))
        return;
    if (t[end].kind != TK_END &&
        (!asm_expr_range(c, t, end + 1, item_end(t, end + 1), &f) ||
         !expect_end(c, t, item_end(t, end + 1))))
        return;
    if (n.v < 0 || n.v > (int64_t)ASM_MAX_SECTION) {
        asm_error(c, t[i].col, ".space size %lld is out of range", (long long)n.v);
        return;
    }
    if (n.v == 0 || !reserve(c, (uint64_t)n.v))
        return;
    note_line(c, asm_loc(c), (uint32_t)n.v);
    struct sect *s = &c->sects[c->cur];
    memset(s->buf + s->size, (int)(f.v & 0xff), (size_t)n.v);
    s->size += (uint32_t)n.v;
    s->base_set = true;
    c->npend = 0;
}

static void do_align(struct asm_ctx *c, const struct asm_tok *t, size_t i, bool bytes)
{
    struct asm_val n;
    size_t end = item_end(t, i);
    if (!const_expr(c, t, i, end, "an alignment", &n))
        return;
    /* a fill value after a comma is accepted and ignored (zeros are used) */
    if (bytes) {
        if (n.v < 1 || n.v > 65536 || (n.v & (n.v - 1))) {
            asm_error(c, t[i].col, "alignment %lld is not a power of two from 1 to 65536",
                      (long long)n.v);
            return;
        }
        align(c, (uint32_t)n.v);
        return;
    }
    if (n.v < 0 || n.v > 16) {
        asm_error(c, t[i].col, "alignment %lld is out of range (0 to 16)", (long long)n.v);
        return;
    }
    if (n.v == 0) {
        c->autoalign = false;   /* GNU and SPIM: ".align 0" turns automatic alignment off */
        return;
    }
    align(c, 1u << n.v);
}

/* ---- .set, .globl, .equ --------------------------------------------------------------- */
struct set_state { bool reorder, at; };

static void do_set(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    static const char *const ignored[] = {
        "macro", "nomacro", "mips0", "mips1", "mips2", "mips32", "nomips16",
        "nomicromips", "volatile", "novolatile", "bopt", "nobopt", "move", "nomove",
        "hardfloat", "softfloat", "gp=default", "fp=default", "mips32r1", "noautoextend",
        "autoextend", NULL
    };
    if (t[i].kind != TK_IDENT) {
        asm_error(c, t[i].col, "expected an option or a symbol after .set");
        return;
    }
    if (is_punct(&t[i + 1], ',')) {          /* .set sym, expr */
        struct asm_val v;
        size_t end = item_end(t, i + 2);
        if (asm_expr_range(c, t, i + 2, end, &v) && expect_end(c, t, end))
            define_equ(c, &t[i], &v);
        return;
    }
    const struct asm_tok *o = &t[i];
#define IS(s) (o->len == strlen(s) && !memcmp(o->text, s, o->len))
    if (IS("reorder"))        c->reorder = true;
    else if (IS("noreorder")) c->reorder = false;
    else if (IS("at"))        c->at = true;
    else if (IS("noat"))      c->at = false;
    else if (IS("push")) {
        if (c->nset == (int)(sizeof c->setstack / sizeof c->setstack[0])) {
            asm_error(c, o->col, ".set push nested too deeply");
            return;
        }
        c->setstack[c->nset].reorder = c->reorder;
        c->setstack[c->nset].at = c->at;
        c->nset++;
    } else if (IS("pop")) {
        if (c->nset == 0) {
            asm_error(c, o->col, ".set pop without .set push");
            return;
        }
        c->nset--;
        c->reorder = c->setstack[c->nset].reorder;
        c->at = c->setstack[c->nset].at;
    } else {
        for (int k = 0; ignored[k]; k++)
            if (IS(ignored[k]))
                goto done;
        /* "arch=..." and the like */
        if (memchr(o->text, '=', o->len) || (o->len > 5 && !memcmp(o->text, "arch", 4)))
            goto done;
        asm_warning(c, o->col, "unknown .set option '%.*s' ignored", (int)o->len, o->text);
    }
#undef IS
done:
    (void)0;
}

static void globl(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    for (;;) {
        if (t[i].kind != TK_IDENT) {
            asm_error(c, t[i].col, "expected a symbol name");
            return;
        }
        asm_sym_get(c, t[i].text, t[i].len, true)->global = true;
        i++;
        if (t[i].kind == TK_END)
            return;
        if (!is_punct(&t[i], ',')) {
            asm_error(c, t[i].col, "expected ',' between symbol names");
            return;
        }
        i++;
    }
}

static void equ(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    if (t[i].kind != TK_IDENT || !is_punct(&t[i + 1], ',')) {
        asm_error(c, t[i].col, "expected 'symbol, value'");
        return;
    }
    struct asm_val v;
    size_t end = item_end(t, i + 2);
    if (asm_expr_range(c, t, i + 2, end, &v) && expect_end(c, t, end))
        define_equ(c, &t[i], &v);
}

/* ---- .include --------------------------------------------------------------------------- */
static void process_text(struct asm_ctx *c, const char *name, const char *text, size_t len);

static void include(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    char *rel;
    size_t rlen;
    if (t[i].kind != TK_STR) {
        asm_error(c, t[i].col, "expected a file name in quotes after .include");
        return;
    }
    if (!asm_decode_string(c, &t[i], &rel, &rlen))
        return;
    if (!expect_end(c, t, i + 1)) {
        free(rel);
        return;
    }
    /* relative to the including file's directory */
    char *path;
    const char *slash = strrchr(c->file, '/');
    if (rel[0] != '/' && slash) {
        size_t d = (size_t)(slash - c->file) + 1;
        path = asm_xrealloc(NULL, d + rlen + 1);
        memcpy(path, c->file, d);
        memcpy(path + d, rel, rlen + 1);
    } else {
        path = asm_xstrndup(rel, rlen);
    }
    free(rel);

    char *real = realpath(path, NULL);
    const char *key = real ? real : path;
    for (int k = 0; k < c->depth; k++) {
        if (!strcmp(c->stack[k], key)) {
            asm_error(c, t[i].col, "'.include \"%s\"' would include itself (include cycle)", path);
            goto out;
        }
    }
    if (c->depth >= ASM_MAX_INCLUDE_DEPTH) {
        asm_error(c, t[i].col, ".include nested too deeply (more than %d levels)",
                  ASM_MAX_INCLUDE_DEPTH);
        goto out;
    }
    struct src_file *f;
    for (f = c->files; f; f = f->next)
        if (!strcmp(f->path, key))
            break;
    if (!f) {
        size_t len;
        int err = 0;
        char *text = asm_read_file(path, &len, &err);
        if (!text) {
            asm_error(c, t[i].col, "cannot open included file '%s': %s", path, strerror(err));
            goto out;
        }
        f = asm_xrealloc(NULL, sizeof *f);
        f->path = asm_xstrndup(key, strlen(key));
        f->text = text;
        f->len = len;
        f->next = c->files;
        c->files = f;
    }
    {
        /* the name used in diagnostics is the path as written, kept in the
         * file list so that symbols may point at it */
        struct src_file *nm = asm_xrealloc(NULL, sizeof *nm);
        nm->path = path;
        nm->text = NULL;
        nm->len = 0;
        nm->next = c->names;
        c->names = nm;
        path = NULL;

        const char *sfile = c->file, *sstart = c->line_start;
        int sline = c->line;
        unsigned sindex = c->file_index;
        c->stack[c->depth++] = f->path;
        process_text(c, nm->path, f->text, f->len);
        c->depth--;
        c->file = sfile;
        c->line = sline;
        c->line_start = sstart;
        c->file_index = sindex;
        c->line_serial++;        /* the rest of the .include's line is a new instance */
    }
out:
    free(real);
    free(path);
}

/* ---- directives ----------------------------------------------------------------------------- */

/* Directives that compilers and SPIM programs emit and that mean nothing for
 * a linked tlbvisor program; accepted with their operands and ignored.
 * Listed in docs/assembler.md. */
static const char *const ignored_directives[] = {
    ".ent", ".end", ".frame", ".mask", ".fmask", ".file", ".type", ".size",
    ".extern", ".option", ".abicalls", ".loc", ".ident", ".gnu_attribute",
    ".module", ".nan", ".insn", ".hidden", ".protected", ".local", ".weak",
    ".cpload", ".cprestore", ".verstamp", ".livereg", ".aent", ".sdata_threshold",
    ".cfi_startproc", ".cfi_endproc", ".cfi_def_cfa", ".cfi_def_cfa_offset",
    ".cfi_offset", ".cfi_restore", ".cfi_sections", ".cfi_signal_frame",
    ".cfi_remember_state", ".cfi_restore_state", ".cfi_def_cfa_register",
    ".addrsig", ".addrsig_sym", ".p2alignl", ".stabs", ".stabn", ".stabd",
    NULL
};

static int data_section_name(const char *s, size_t n)
{
    static const struct { const char *name; int sect; } map[] = {
        { ".text", SEC_TEXT }, { ".data", SEC_DATA }, { ".ktext", SEC_KTEXT },
        { ".kdata", SEC_KDATA }, { ".rdata", SEC_DATA }, { ".rodata", SEC_DATA },
        { ".sdata", SEC_DATA }, { ".bss", SEC_DATA }, { ".sbss", SEC_DATA },
    };
    static const char *const discarded[] = {
        ".mdebug", ".note", ".comment", ".debug", ".gnu", ".pdr", ".reginfo", ".MIPS",
        ".gcc_except_table", ".eh_frame", ".stab", NULL
    };
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        size_t l = strlen(map[k].name);
        /* ".rodata.str1.4" and the like count as their prefix */
        if (n >= l && !memcmp(s, map[k].name, l) && (n == l || s[l] == '.'))
            return map[k].sect;
    }
    for (int k = 0; discarded[k]; k++) {
        size_t l = strlen(discarded[k]);
        if (n >= l && !memcmp(s, discarded[k], l) &&
            (n == l || s[l] == '.' || s[l] == '_' || s[l] == '-'))
            return SEC_DISCARD;
    }
    return -1;
}

static void directive(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    const struct asm_tok *d = &t[i++];
#define IS(s) (d->len == strlen(s) && !memcmp(d->text, s, d->len))
    if (IS(".text"))       { switch_section(c, SEC_TEXT);  set_address(c, t, i); }
    else if (IS(".data"))  { switch_section(c, SEC_DATA);  set_address(c, t, i); }
    else if (IS(".ktext")) { switch_section(c, SEC_KTEXT); set_address(c, t, i); }
    else if (IS(".kdata")) { switch_section(c, SEC_KDATA); set_address(c, t, i); }
    else if (IS(".rdata") || IS(".sdata") || IS(".bss") || IS(".sbss") || IS(".rodata")) {
        switch_section(c, SEC_DATA);
        expect_end(c, t, i);
    } else if (IS(".section")) {
        int s = -1;
        if (t[i].kind == TK_IDENT)
            s = data_section_name(t[i].text, t[i].len);
        else if (t[i].kind == TK_STR && t[i].len > 2)
            s = data_section_name(t[i].text + 1, t[i].len - 2);
        if (s < 0) {
            asm_error(c, t[i].col, "unsupported section '%.*s' (tlbvisor has .text, .data, "
                      ".ktext and .kdata)", (int)(t[i].len ? t[i].len : 1), t[i].text);
            return;
        }
        switch_section(c, s);   /* flags and types after the name are ignored */
    } else if (IS(".previous")) {
        switch_section(c, c->prev_sect);
    } else if (IS(".word") || IS(".long") || IS(".int") || IS(".4byte")) {
        data(c, t, i, 4);
    } else if (IS(".half") || IS(".short") || IS(".hword") || IS(".2byte")) {
        data(c, t, i, 2);
    } else if (IS(".byte")) {
        data(c, t, i, 1);
    } else if (IS(".ascii")) {
        strings(c, t, i, false);
    } else if (IS(".asciiz") || IS(".string")) {
        strings(c, t, i, true);
    } else if (IS(".space") || IS(".skip")) {
        space(c, t, i);
    } else if (IS(".align")) {
        do_align(c, t, i, false);
    } else if (IS(".balign")) {
        do_align(c, t, i, true);
    } else if (IS(".globl") || IS(".global")) {
        globl(c, t, i);
    } else if (IS(".set")) {
        do_set(c, t, i);
    } else if (IS(".equ") || IS(".eqv")) {
        equ(c, t, i);
    } else if (IS(".include")) {
        include(c, t, i);
    } else if (IS(".float") || IS(".double") || IS(".single")) {
        asm_error(c, d->col, "floating point is not supported by tlbvisor ('%.*s')",
                  (int)d->len, d->text);
    } else {
        for (int k = 0; ignored_directives[k]; k++)
            if (IS(ignored_directives[k]))
                return;
        asm_error(c, d->col, "unknown directive '%.*s'", (int)d->len, d->text);
    }
#undef IS
}

/* ---- statements ----------------------------------------------------------------------------- */
static bool all_digits(const struct asm_tok *t)
{
    for (size_t k = 0; k < t->len; k++)
        if (!isdigit((unsigned char)t->text[k]))
            return false;
    return t->len > 0;
}

static void statement(struct asm_ctx *c, const struct asm_tok *t)
{
    size_t i = 0;
    c->seq++;
    c->stmt_error = false;
    for (;;) {
        if (t[i].kind == TK_IDENT && is_punct(&t[i + 1], ':')) {
            define_label(c, &t[i]);
            i += 2;
        } else if (t[i].kind == TK_NUM && all_digits(&t[i]) && is_punct(&t[i + 1], ':')) {
            define_local(c, &t[i]);
            i += 2;
        } else {
            break;
        }
    }
    c->stmt_error = false;
    switch (t[i].kind) {
    case TK_END:
        return;
    case TK_IDENT:
        if (is_punct(&t[i + 1], '=')) {
            struct asm_val v;
            size_t end = item_end(t, i + 2);
            if (asm_expr_range(c, t, i + 2, end, &v) && expect_end(c, t, end))
                define_equ(c, &t[i], &v);
            return;
        }
        if (t[i].text[0] == '.') {
            directive(c, t, i);
            return;
        }
        asm_insn(c, t, i);
        return;
    default:
        asm_error(c, t[i].col, "expected an instruction, a directive or a label, found '%.*s'",
                  (int)(t[i].len ? t[i].len : 1), t[i].text);
        return;
    }
}

/* file_index: in pass 2, the index of name in the image's files[] (added the
 * first time); there are few files, a list will do. */
static unsigned file_index(struct asm_ctx *c, const char *name)
{
    size_t k;
    if (c->pass != 2)
        return 0;
    for (k = 0; k < c->nfnames; k++)
        if (!strcmp(c->fnames[k], name))
            return (unsigned)k;
    if (c->nfnames == c->capfnames) {
        c->capfnames = c->capfnames ? c->capfnames * 2 : 8;
        c->fnames = asm_xrealloc(c->fnames, c->capfnames * sizeof *c->fnames);
    }
    c->fnames[c->nfnames] = asm_xstrndup(name, strlen(name));
    return (unsigned)c->nfnames++;
}

static void process_text(struct asm_ctx *c, const char *name, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    struct asm_tok *toks = NULL;
    size_t n = 0, cap = 0;

    c->file = name;
    c->file_index = file_index(c, name);
    c->line = 0;
    while (p < end) {
        bool eol = false;
        c->line++;
        c->line_serial++;
        c->line_start = p;
        while (!eol) {
            c->stmt_error = false;
            if (!asm_lex_stmt(c, &p, end, &toks, &n, &cap, &eol)) {
                c->seq++;       /* keep statement numbers equal in both passes */
                continue;
            }
            statement(c, toks);
            /* the lexer may leave p at end without eol on the last line */
            if (p >= end)
                eol = true;
        }
    }
    free(toks);
}

/* ---- the image ----------------------------------------------------------------------------- */
static int cmp_sym(const void *a, const void *b)
{
    const struct asm_symbol *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int cmp_line(const void *a, const void *b)
{
    const struct asm_line *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void build_image(struct asm_ctx *c, struct asm_image *img)
{
    memset(img, 0, sizeof *img);
    img->sections = asm_xrealloc(NULL, SEC_COUNT * sizeof *img->sections);
    for (int i = 0; i < SEC_COUNT; i++) {
        struct sect *s = &c->sects[i];
        if (!s->size)
            continue;
        struct asm_section *o = &img->sections[img->nsections++];
        memset(o, 0, sizeof *o);
        snprintf(o->name, sizeof o->name, "%s", s->name);
        o->addr = s->base;
        o->size = s->size;
        o->data = asm_xrealloc(NULL, s->size);
        memcpy(o->data, s->buf, s->size);
        o->exec = s->exec;
    }
    size_t cap = 0;
    for (int h = 0; h < ASM_SYMTAB_SIZE; h++) {
        for (struct sym *s = c->symtab[h]; s; s = s->next) {
            if (!s->defined || s->kind == SYM_NONE)
                continue;
            if ((s->name[0] == '.' || s->name[0] == '$') && s->name[1] == 'L')
                continue;       /* compiler-local labels, as GNU as drops them */
            if (img->nsymbols == cap) {
                cap = cap ? cap * 2 : 64;
                img->symbols = asm_xrealloc(img->symbols, cap * sizeof *img->symbols);
            }
            struct asm_symbol *o = &img->symbols[img->nsymbols++];
            o->name = asm_xstrndup(s->name, strlen(s->name));
            o->value = (uint32_t)s->value;
            o->global = s->global;
            o->is_label = s->kind == SYM_LABEL;
        }
    }
    if (img->nsymbols)
        qsort(img->symbols, img->nsymbols, sizeof *img->symbols, cmp_sym);

    /* the line table: rows are in source order, sorted already unless the
     * program switched sections; sections do not overlap (check_overlaps),
     * so neither do rows */
    for (size_t k = 1; k < c->nlines; k++)
        if (c->lines[k].addr < c->lines[k - 1].addr) {
            qsort(c->lines, c->nlines, sizeof *c->lines, cmp_line);
            break;
        }
    img->lines = c->lines;
    img->nlines = c->nlines;
    img->files = c->fnames;
    img->nfiles = c->nfnames;
    c->lines = NULL;
    c->nlines = c->caplines = 0;
    c->fnames = NULL;
    c->nfnames = c->capfnames = 0;

    struct sym *e = asm_sym_get(c, "__start", 7, false);
    if (!e || e->kind != SYM_LABEL)
        e = asm_sym_get(c, "main", 4, false);
    if (e && e->kind == SYM_LABEL)
        img->entry = (uint32_t)e->value;
    else if (c->sects[SEC_TEXT].size)
        img->entry = c->sects[SEC_TEXT].base;
    else if (c->sects[SEC_KTEXT].size)
        img->entry = c->sects[SEC_KTEXT].base;
    else
        img->entry = c->sects[SEC_TEXT].base;
}

static void check_overlaps(struct asm_ctx *c)
{
    for (int i = 0; i < SEC_COUNT; i++)
        for (int j = i + 1; j < SEC_COUNT; j++) {
            struct sect *a = &c->sects[i], *b = &c->sects[j];
            if (!a->size || !b->size)
                continue;
            uint64_t a0 = a->base, a1 = a0 + a->size, b0 = b->base, b1 = b0 + b->size;
            if (a0 < b1 && b0 < a1) {
                c->line = 0;
                asm_error(c, 0, "sections %s (0x%08x-0x%08x) and %s (0x%08x-0x%08x) overlap",
                          a->name, a->base, (uint32_t)(a1 - 1), b->name, b->base,
                          (uint32_t)(b1 - 1));
                c->stmt_error = false;
            }
        }
}

static void run_pass(struct asm_ctx *c, int pass, const char *name, const char *src, size_t len)
{
    c->pass = pass;
    c->seq = 0;
    c->label_id = 0;
    c->local_pass2 = 0;
    c->reorder = true;
    c->at = true;
    c->autoalign = true;
    c->last_delay = false;
    c->in_delay_slot = false;
    c->depth = 0;
    c->nset = 0;
    reset_sections(c);
    char *real = realpath(name, NULL);
    c->stack[c->depth++] = real ? real : name;
    process_text(c, name, src, len);
    c->depth = 0;
    free(real);
}

int asm_assemble(const char *name, const char *src, size_t len,
                 struct asm_image *out, FILE *diag)
{
    struct asm_ctx *c = asm_xrealloc(NULL, sizeof *c);
    memset(c, 0, sizeof *c);
    c->diag = diag;
    memset(out, 0, sizeof *out);

    run_pass(c, 1, name, src, len);
    run_pass(c, 2, name, src, len);
    check_overlaps(c);

    int errors = c->errors;
    if (!errors)
        build_image(c, out);

    free_symbols(c);
    for (int i = 0; i < SEC_ALL; i++)
        free(c->sects[i].buf);
    free(c->pend);
    free(c->lines);
    for (size_t k = 0; k < c->nfnames; k++)
        free(c->fnames[k]);
    free(c->fnames);
    for (struct src_file **list = &c->files; list; list = list == &c->files ? &c->names : NULL)
        while (*list) {
            struct src_file *f = *list;
            *list = f->next;
            free(f->path);
            free(f->text);
            free(f);
        }
    free(c);
    return errors;
}

int asm_assemble_file(const char *path, struct asm_image *out, FILE *diag)
{
    size_t len;
    int err = 0;
    char *text = asm_read_file(path, &len, &err);
    memset(out, 0, sizeof *out);
    if (!text) {
        if (diag)
            fprintf(diag, "%s: error: cannot open: %s\n", path, strerror(err));
        return 1;
    }
    int n = asm_assemble(path, text, len, out, diag);
    free(text);
    return n;
}
