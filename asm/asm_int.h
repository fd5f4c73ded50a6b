/*
 * asm_int.h -- private to asm/: the assembler's state, tokens, expression
 * values, and the interfaces between its files.
 *
 *   lex.c      a source line -> tokens; string and character literals
 *   expr.c     expressions over tokens (GNU as precedence), %hi/%lo
 *   assemble.c the two-pass driver: statements, labels, sections,
 *              directives, .include, diagnostics, the image
 *   insn.c     operands, the machine instructions of cpu/isa.def, the
 *              mnemonic suggestions
 *   macro.c    pseudo-instructions (GNU as -march=mips32 -O0 expansions)
 *   disas.c    the disassembler
 *   elf.c      ELF32 reader and writer
 *   image.c    struct asm_image helpers and asm_load
 */
#ifndef TLBVISOR_ASM_INT_H
#define TLBVISOR_ASM_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "asm/asm.h"
#include "cpu/isa.h"

/* ---- tokens ------------------------------------------------------------- */
enum tok_kind {
    TK_END,         /* end of the statement (end of line, ';' or '#') */
    TK_IDENT,       /* symbol, directive or mnemonic: [A-Za-z_.][A-Za-z0-9_.$]* */
    TK_LOCAL,       /* numeric local label reference "1f" / "1b": num, dir */
    TK_REG,         /* $n or $name: num = register number */
    TK_NUM,         /* integer or character literal: num */
    TK_STR,         /* "..." (text/len include the quotes; decoded on use) */
    TK_PUNCT,       /* num = the character, or 'L' for <<, 'R' for >> */
    TK_HILO,        /* %hi / %lo: num = 'h' or 'l' */
};

struct asm_tok {
    enum tok_kind kind;
    int col;                /* 1-based column of the first character */
    const char *text;       /* the token's source text */
    size_t len;
    uint64_t num;
    char dir;               /* TK_LOCAL: 'f' or 'b' */
};

/* ---- expression values ------------------------------------------------------
 * Every symbol's value is known in pass 2 (a program is linked as it is
 * assembled), so a value is a number plus what GNU as would have known about
 * it when it first read the line; that decides the shape of li, la and the
 * immediate forms of the macros, in pass 1 and pass 2 alike. */
struct asm_val {
    int64_t v;
    bool label;      /* depends on a label (an address): GNU emits a relocation */
    bool fwd;        /* uses a symbol defined later in the source */
    bool unknown;    /* pass 1: a symbol is not defined (yet) */
    bool hilo;       /* the result of %hi() or %lo(): a 16-bit field value */
};

/* A value GNU as would treat as a plain number when it reads the line. */
#define VAL_CONST(x)  (!(x).label && !(x).fwd)

/* ---- symbols ---------------------------------------------------------------- */
enum sym_kind { SYM_NONE, SYM_LABEL, SYM_EQU };

struct sym {
    char *name;
    enum sym_kind kind;
    int64_t value;
    bool global;
    bool defined;
    bool reloc;            /* SYM_EQU: its value depends on a label */
    bool fwd_dep;          /* SYM_EQU: its expression used a later symbol */
    bool unknown;          /* pass 1: its value is not known yet */
    long def_seq;          /* statement number of the (first) definition */
    long def_id;           /* label definition number, to spot duplicates */
    const char *def_file;  /* where, for "first defined here" notes */
    int def_line;
    int sect;              /* section index of a label */
    struct sym *next;      /* hash chain */
};

struct local_label {       /* a numeric local label "1:" */
    long num;
    long seq;
    int64_t value;
    int sect;
};

/* ---- sections --------------------------------------------------------------- */
/* SEC_DISCARD takes what compilers put in sections a program does not load
 * (.mdebug.*, .note.*, .comment, .debug_* ...): assembled, then dropped. */
enum { SEC_TEXT, SEC_DATA, SEC_KTEXT, SEC_KDATA, SEC_COUNT, SEC_DISCARD = SEC_COUNT, SEC_ALL };

struct sect {
    const char *name;
    uint32_t base;
    bool base_set;         /* an address was given, or something was emitted */
    uint8_t *buf;
    uint32_t size, cap;
    bool exec;
};

/* Labels defined since the last byte was emitted in the current section:
 * automatic alignment moves them, as GNU as does. */
struct pending {
    bool local;
    size_t index;          /* into locals (local) */
    struct sym *sym;
};

struct src_file {          /* a file read for .include, kept for pass 2 */
    char *path;
    char *text;
    size_t len;
    struct src_file *next;
};

#define ASM_SYMTAB_SIZE 1024
#define ASM_MAX_INCLUDE_DEPTH 32
#define ASM_MAX_SECTION (64u << 20)   /* 64 MiB per section */

struct asm_ctx {
    FILE *diag;
    int pass;              /* 1 or 2; diagnostics only in pass 2 */
    int errors, warnings;

    /* where we are */
    const char *file;
    int line;
    const char *line_start;
    long seq;              /* statement number */
    long label_id;         /* label definitions so far */
    const char *stack[ASM_MAX_INCLUDE_DEPTH];
    int depth;
    bool stmt_error;       /* an error was reported for this statement */

    /* modes */
    bool reorder, at, autoalign;
    struct { bool reorder, at; } setstack[16];   /* .set push / pop */
    int nset;
    int prev_sect;

    /* output */
    struct sect sects[SEC_ALL];
    int cur;
    struct pending *pend;
    size_t npend, cappend;

    /* delay slots */
    bool last_delay;       /* the last word emitted has a delay slot */
    bool in_delay_slot;    /* noreorder: this statement is in a delay slot */
    int stmt_words;        /* words emitted by this statement */

    /* symbols */
    struct sym *symtab[ASM_SYMTAB_SIZE];
    struct local_label *locals;
    size_t nlocals, caplocals, local_pass2;

    struct src_file *files;    /* included files' text, by real path */
    struct src_file *names;    /* included files' names as written (for diagnostics) */

    /* the line table, built in pass 2 (handed to the image at the end) */
    struct asm_line *lines;    /* in the order the bytes were emitted */
    size_t nlines, caplines;
    long line_serial;          /* source lines read so far (a line's instance) */
    long row_serial;           /* the line instance that wrote lines[nlines - 1] */
    int row_sect;              /* and its section */
    char **fnames;             /* the image's files[] */
    size_t nfnames, capfnames;
    unsigned file_index;       /* index of c->file in fnames */
};

/* ---- diagnostics (assemble.c) --------------------------------------------- */
void asm_error(struct asm_ctx *c, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void asm_warning(struct asm_ctx *c, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- lexer (lex.c) ------------------------------------------------------------ */
/* asm_lex_stmt: tokenize one statement starting at *p (it ends at the end of
 * the line, at ';' or at '#'); tokens go to *toks (grown with realloc, *n
 * and *cap updated), the last one TK_END.  *p is left after the
 * statement: at the next statement on the line or at the next line (then
 * *eol is set).  Lexical errors are reported and the statement ends. */
bool asm_lex_stmt(struct asm_ctx *c, const char **p, const char *end,
                  struct asm_tok **toks, size_t *n, size_t *cap, bool *eol);

/* asm_decode_string: decode the string literal tok into out (malloc'ed,
 * *outlen bytes, plus a NUL).  Returns false after reporting a bad escape. */
bool asm_decode_string(struct asm_ctx *c, const struct asm_tok *tok,
                       char **out, size_t *outlen);

/* asm_reg_lookup: register number of name (without '$'), or -1. */
int asm_reg_lookup(const char *name, size_t len);

/* ---- expressions (expr.c) ------------------------------------------------------ */
/* asm_expr: parse and evaluate an expression from toks[*i]; *i moves past
 * it.  Returns false after reporting an error. */
bool asm_expr(struct asm_ctx *c, const struct asm_tok *toks, size_t *i,
              struct asm_val *out);
/* asm_expr_range: the same, and the expression must span toks[from..to). */
bool asm_expr_range(struct asm_ctx *c, const struct asm_tok *toks, size_t from,
                    size_t to, struct asm_val *out);

/* ---- symbols (assemble.c) ----------------------------------------------------- */
struct sym *asm_sym_get(struct asm_ctx *c, const char *name, size_t len, bool create);
/* asm_local_ref: value of numeric local label num in direction dir ('f'/'b')
 * seen from the current statement; false if there is none. */
bool asm_local_ref(struct asm_ctx *c, long num, char dir, int64_t *value);

/* ---- output (assemble.c) -------------------------------------------------------- */
uint32_t asm_loc(const struct asm_ctx *c);       /* current address */
/* asm_emit_insn: append one instruction word (aligning to 4 first). */
void asm_emit_insn(struct asm_ctx *c, uint32_t w);

/* ---- instructions (insn.c, macro.c) ------------------------------------------- */
enum opnd_kind { OPND_REG, OPND_EXPR, OPND_MEM, OPND_BAD };
struct opnd {
    enum opnd_kind kind;
    int col;
    int reg;               /* OPND_REG, and the base of OPND_MEM */
    bool has_expr;         /* OPND_MEM: an offset was written */
    struct asm_val val;    /* OPND_EXPR, OPND_MEM offset */
    size_t from, to;       /* token range */
};

/* asm_insn: assemble the instruction statement whose mnemonic is toks[i];
 * reorder mode adds the delay-slot nop. */
void asm_insn(struct asm_ctx *c, const struct asm_tok *toks, size_t i);

/* asm_macro: the pseudo-instruction mn with operands op[0..n).  Returns 1 if
 * it handled it (maybe with errors), 0 if mn/operands are not a macro. */
int asm_macro(struct asm_ctx *c, const char *mn, const struct opnd *op, int n,
              int mncol);

/* Helpers for macro.c, in insn.c. */
uint32_t asm_insn_word(enum isa_op op);       /* the row's match word */
void asm_need_at(struct asm_ctx *c, int col);  /* error if .set noat */
/* asm_branch_field: the 16-bit offset field for a branch at address pc to
 * target; reports range and alignment errors at col. */
uint32_t asm_branch_field(struct asm_ctx *c, uint32_t pc, int64_t target, int col);
bool asm_is_float_mnemonic(const char *mn);

/* ---- small helpers ------------------------------------------------------------ */
void *asm_xrealloc(void *p, size_t n);

/* asm_read_file: the whole file at path, malloc'd (*len bytes), or NULL with
 * an errno value in *err (EISDIR for a directory, EFBIG past ASM_MAX_FILE). */
#define ASM_MAX_FILE (256u << 20)
char *asm_read_file(const char *path, size_t *len, int *err);
char *asm_xstrndup(const char *s, size_t n);

#endif /* TLBVISOR_ASM_INT_H */
