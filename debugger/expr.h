/*
 * expr.h -- the REPL's expressions and x/FMT formats.
 *
 * Expressions are what the debugger's commands take as addresses and values:
 *   set $t0 = main+4*2      x/4xw $sp+8      break *0x400020      until loop
 * They are C expressions over 32-bit unsigned integers, wrapping around:
 *
 *   lowest   |   ^   &   << >>   + -   * / %   highest (all left-associative)
 *   unary    - ~ ! *   (* loads the word at an address, through env->load)
 *   values   (expr)  123  0x7b  0b1111011  'a' '\n'  $t0 $4 $pc  main .L1
 *
 * Numbers: decimal (a leading 0 is still decimal: 010 is ten; there is no
 * octal), 0x hex, 0b binary; one that does not fit in 32 bits is an error.
 * Shifts are logical and a count of 32 or more gives 0.  Division and
 * remainder are unsigned; by zero is an error.  Character constants take the
 * escapes \n \t \r \0 \a \b \f \v \\ \' \" and \xHH.  A symbol is
 * [A-Za-z_.][A-Za-z0-9_.$]*, a register $ followed by [A-Za-z0-9_]+ (a name
 * of 128 characters or more is unknown without asking env).
 * Whitespace may go anywhere between tokens.
 *
 * The module knows nothing of the machine: symbols, registers and memory come
 * through a struct expr_env of callbacks.  It has no state of its own.
 *
 * Errors are one line, and every one but "empty expression" ends with the
 * 1-based column of the input it is about, e.g.
 *   unknown symbol 'mian' at column 1          division by zero at column 6
 *   unexpected ')' at column 7                 missing ')' for '(' at column 3
 *   missing operator before 'foo' at column 5  cannot read 0x00000003 at column 1
 * Syntax is checked before meaning: "mian )" is reported as the ')'; of
 * several errors of meaning, the leftmost is reported.
 */
#ifndef TLBVISOR_EXPR_H
#define TLBVISOR_EXPR_H

#include <stddef.h>
#include <stdint.h>

/* How an expression reaches the machine.  Each callback returns 0 and sets
 * *out, or -1 if the name is unknown / the word cannot be read.  Any callback
 * may be NULL (then every name, or every load, fails), and so may env. */
struct expr_env {
    int (*symbol)(void *ctx, const char *name, uint32_t *out);
    /* name without the '$': "t0", "4", "sp", "pc", "hi", "epc"... */
    int (*reg)(void *ctx, const char *name, uint32_t *out);
    /* the word at guest virtual address addr, for unary '*'; must change
     * nothing in the machine (see STYLE.md, "looking never changes it") */
    int (*load)(void *ctx, uint32_t addr, uint32_t *out);
    void *ctx;
};

/* Nesting (parentheses and unary operators) deeper than this is an error. */
#define EXPR_MAX_DEPTH 64

/* expr_eval: evaluate all of s.  Returns 0 and sets *out, or -1 with a
 * one-line message in err (errlen bytes, always NUL-terminated; err may be
 * NULL) and *out unchanged. */
int expr_eval(const char *s, const struct expr_env *env, uint32_t *out,
              char *err, size_t errlen);

/* expr_eval_prefix: evaluate the longest expression at the start of s and
 * stop before the first top-level token that cannot continue it: anything
 * but a binary operator where one could go (an unmatched ')', '=', "if", a
 * second value...).  Inside parentheses such a token is still an error.  On
 * success *end points at that token, blanks skipped (at the NUL if s was all
 * expression), so "$t0 = 5" gives *end = "= 5" and "main foo" gives "foo".
 * Returns 0 or -1 as expr_eval; *end is set only on success.  Columns in
 * messages count from s. */
int expr_eval_prefix(const char *s, const struct expr_env *env, uint32_t *out,
                     const char **end, char *err, size_t errlen);

/* ---- x/FMT ------------------------------------------------------------------ */

/* How "x" shows memory: count units of size, each in format fmt. */
struct xfmt {
    unsigned count;     /* 1..XFMT_MAX_COUNT */
    char fmt;           /* 'x' hex, 'd' signed, 'u' unsigned, 'c' char,
                           's' NUL-terminated string, 'i' instruction */
    char size;          /* 'b' byte, 'h' halfword, 'w' word; 's' and 'i'
                           do not use it */
};

#define XFMT_MAX_COUNT 65536u

/* xfmt_parse: parse the FMT of "x/FMT", with or without its '/': an optional
 * decimal count, then format and size letters in either order ("4xw", "4wx",
 * "s", "10i", "xb", "").  *f holds the last format on entry, as gdb does:
 * a missing letter keeps its previous value, but a missing count is 1 (gdb
 * repeats the count only when RET repeats the whole command).  'c' without a
 * size letter sets size 'b'; a size letter given with 's' or 'i' is accepted
 * and ignored (f->size keeps the previous size).  Returns 0, or -1 with a
 * message in err (f unchanged). */
int xfmt_parse(const char *s, struct xfmt *f, char *err, size_t errlen);

#endif
