/*
 * expr.c -- the REPL's expressions and x/FMT formats (see expr.h).
 *
 * A recursive-descent parser that evaluates as it goes: unary() reads a
 * value with its prefix operators, binary() climbs the precedence table.
 * There is no token list; the cursor walks the string and the column of an
 * error is its distance from the start.
 *
 * Errors come in two kinds.  A syntax error stops the parse at once.  An
 * error of meaning (unknown name, division by zero, unreadable word) is
 * written down if it is the first and the parse goes on with the value 0, so
 * a syntax error further right still wins; once one is written down no more
 * callbacks are made.
 */
#include "debugger/expr.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct ex {
    const char *s;              /* the start of the input: columns count from here */
    const char *p;              /* the cursor */
    const struct expr_env *env;
    char *err;
    size_t errlen;
    bool failed;                /* a syntax error: stop */
    bool wrong;                 /* an error of meaning is in err: keep checking syntax */
    int depth;
    const char *op;             /* the last operator or '(' read, for "expected a value after" */
    size_t oplen;
};

enum { OP_OR = 1, OP_XOR, OP_AND, OP_SHL, OP_SHR, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD };

static size_t column(const struct ex *x, const char *at)
{
    return (size_t)(at - x->s) + 1;
}

static void vmessage(char *err, size_t errlen, const char *fmt, va_list ap)
{
    if (err && errlen)
        vsnprintf(err, errlen, fmt, ap);
}

static void message(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void message(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(err, errlen, fmt, ap);
    va_end(ap);
}

/* syntax: a syntax error; it replaces any error of meaning. */
static void syntax(struct ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void syntax(struct ex *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(x->err, x->errlen, fmt, ap);
    va_end(ap);
    x->failed = true;
}

/* wrong: an error of meaning; only the first is kept. */
static void wrong(struct ex *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void wrong(struct ex *x, const char *fmt, ...)
{
    if (x->wrong)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmessage(x->err, x->errlen, fmt, ap);
    va_end(ap);
    x->wrong = true;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int hex_digit(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void skip_blanks(struct ex *x)
{
    while (is_blank(*x->p))
        x->p++;
}

/* word_len: the length of the run of name/number characters at p. */
static size_t word_len(const char *p)
{
    size_t n = 0;
    while (is_alpha(p[n]) || is_digit(p[n]) || p[n] == '.' || p[n] == '$')
        n++;
    return n;
}

/* unexpected: the syntax error for the punctuation at x->p, where it cannot
 * go (names, numbers and quotes are dealt with before). */
static void unexpected(struct ex *x)
{
    const char *at = x->p;
    unsigned char c = (unsigned char)*at;
    if ((c == '<' || c == '>') && at[1] == c)
        syntax(x, "unexpected '%.2s' at column %zu", at, column(x, at));
    else if (c < 0x20 || c >= 0x7f)
        syntax(x, "unexpected character 0x%02x at column %zu", c, column(x, at));
    else
        syntax(x, "unexpected '%c' at column %zu", c, column(x, at));
}

/* after_value: the syntax error for what follows a complete value and is not
 * an operator (the caller has ruled out the end of input). */
static void after_value(struct ex *x)
{
    const char *at = x->p;
    size_t n = word_len(at);
    if (n)
        syntax(x, "missing operator before '%.*s' at column %zu", (int)n, at, column(x, at));
    else if (*at == '(')
        syntax(x, "missing operator before '(' at column %zu", column(x, at));
    else if (*at == '\'')
        syntax(x, "missing operator before a character constant at column %zu", column(x, at));
    else
        unexpected(x);
}

/* number: a decimal, 0x or 0b literal; the cursor is on its first digit. */
static uint32_t number(struct ex *x)
{
    const char *at = x->p;
    size_t n = word_len(at);
    x->p += n;
    unsigned base = 10;
    const char *d = at, *end = at + n;
    if (n > 2 && at[0] == '0' && (at[1] == 'x' || at[1] == 'X')) {
        base = 16;
        d += 2;
    } else if (n > 2 && at[0] == '0' && (at[1] == 'b' || at[1] == 'B')) {
        base = 2;
        d += 2;
    }
    for (const char *q = d; q < end; q++) {
        int v = hex_digit(*q);
        if (v < 0 || (unsigned)v >= base) {
            syntax(x, "bad number '%.*s' at column %zu", (int)n, at, column(x, at));
            return 0;
        }
    }
    uint32_t v = 0;
    for (const char *q = d; q < end; q++) {
        uint32_t dv = (uint32_t)hex_digit(*q);
        if (v > (UINT32_MAX - dv) / base) {
            syntax(x, "number '%.*s' at column %zu does not fit in 32 bits", (int)n, at,
                   column(x, at));
            return 0;
        }
        v = v * base + dv;
    }
    return v;
}

/* character: a character constant; the cursor is on its opening quote. */
static uint32_t character(struct ex *x)
{
    const char *at = x->p;
    const char *q = at + 1;
    uint32_t v;
    if (*q == '\0') {
        syntax(x, "unterminated character constant at column %zu", column(x, at));
        return 0;
    }
    if (*q == '\'') {
        syntax(x, "empty character constant at column %zu", column(x, at));
        return 0;
    }
    if (*q != '\\') {
        v = (unsigned char)*q++;
    } else {
        const char *esc = q++;
        switch (*q) {
        case 'n':  v = '\n'; q++; break;
        case 't':  v = '\t'; q++; break;
        case 'r':  v = '\r'; q++; break;
        case '0':  v = 0;    q++; break;
        case 'a':  v = '\a'; q++; break;
        case 'b':  v = '\b'; q++; break;
        case 'f':  v = '\f'; q++; break;
        case 'v':  v = '\v'; q++; break;
        case '\\': v = '\\'; q++; break;
        case '\'': v = '\''; q++; break;
        case '"':  v = '"';  q++; break;
        case 'x':
            q++;
            if (hex_digit(*q) < 0) {
                syntax(x, "'\\x' needs a hex digit at column %zu", column(x, esc));
                return 0;
            }
            v = (uint32_t)hex_digit(*q++);
            if (hex_digit(*q) >= 0)
                v = v * 16 + (uint32_t)hex_digit(*q++);
            break;
        case '\0':
            syntax(x, "unterminated character constant at column %zu", column(x, at));
            return 0;
        default:
            if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
                syntax(x, "unknown escape '\\' 0x%02x at column %zu", (unsigned char)*q,
                       column(x, esc));
            else
                syntax(x, "unknown escape '\\%c' at column %zu", *q, column(x, esc));
            return 0;
        }
    }
    if (*q == '\'') {
        x->p = q + 1;
        return v;
    }
    /* Tell "'ab'" from "'a": is there a closing quote before the next blank? */
    const char *r = q;
    while (*r && *r != '\'' && !is_blank(*r))
        r++;
    if (*r == '\'')
        syntax(x, "character constant at column %zu has more than one character",
               column(x, at));
    else
        syntax(x, "unterminated character constant at column %zu", column(x, at));
    return 0;
}

/* named: a register ($ at the cursor) or a symbol. */
static uint32_t named(struct ex *x)
{
    const char *at = x->p;
    bool reg = *at == '$';
    const char *name = reg ? at + 1 : at;
    size_t n = 0;
    if (reg) {
        while (is_alpha(name[n]) || is_digit(name[n]))
            n++;
        if (n == 0) {
            syntax(x, "expected a register name after '$' at column %zu", column(x, at));
            return 0;
        }
    } else {
        n = word_len(name);
    }
    x->p = name + n;
    if (x->wrong)
        return 0;

    char buf[128];
    uint32_t v = 0;
    int r = -1;
    const struct expr_env *e = x->env;
    if (n < sizeof buf) {
        memcpy(buf, name, n);
        buf[n] = '\0';
        if (reg && e && e->reg)
            r = e->reg(e->ctx, buf, &v);
        else if (!reg && e && e->symbol)
            r = e->symbol(e->ctx, buf, &v);
    }
    if (r == 0)
        return v;
    if (reg)
        wrong(x, "unknown register '$%.*s' at column %zu", (int)n, name, column(x, at));
    else
        wrong(x, "unknown symbol '%.*s' at column %zu", (int)n, name, column(x, at));
    return 0;
}

static uint32_t binary(struct ex *x, int minprec);

/* unary: a value with its prefix operators. */
static uint32_t unary(struct ex *x)
{
    skip_blanks(x);
    const char *at = x->p;
    char c = *at;
    if (c == '\0') {
        if (x->op)
            syntax(x, "expected a value after '%.*s' at column %zu", (int)x->oplen, x->op,
                   column(x, x->op));
        else
            syntax(x, "empty expression");
        return 0;
    }
    uint32_t v = 0;
    if (c == '-' || c == '~' || c == '!' || c == '*' || c == '(') {
        if (++x->depth > EXPR_MAX_DEPTH) {
            syntax(x, "expression nested too deeply at column %zu", column(x, at));
            return 0;
        }
        x->p++;
        x->op = at;
        x->oplen = 1;
        if (c == '(') {
            v = binary(x, 1);
            if (!x->failed) {
                skip_blanks(x);
                if (*x->p == ')')
                    x->p++;
                else if (*x->p == '\0')
                    syntax(x, "missing ')' for '(' at column %zu", column(x, at));
                else
                    after_value(x);
            }
        } else {
            v = unary(x);
            if (c == '-')
                v = 0u - v;
            else if (c == '~')
                v = ~v;
            else if (c == '!')
                v = v == 0;
            else if (!x->failed && !x->wrong) {
                uint32_t addr = v;
                const struct expr_env *e = x->env;
                if (!e || !e->load || e->load(e->ctx, addr, &v) != 0) {
                    wrong(x, "cannot read 0x%08x at column %zu", (unsigned)addr, column(x, at));
                    v = 0;
                }
            }
        }
        x->depth--;
    } else if (is_digit(c)) {
        v = number(x);
    } else if (c == '\'') {
        v = character(x);
    } else if (c == '$' || is_alpha(c) || c == '.') {
        v = named(x);
    } else {
        unexpected(x);
    }
    return x->failed ? 0 : v;
}

/* binop: the binary operator at p: its OP_*, precedence (1 lowest) and length, or 0. */
static int binop(const char *p, int *prec, size_t *len)
{
    *len = 1;
    switch (*p) {
    case '|': *prec = 1; return OP_OR;
    case '^': *prec = 2; return OP_XOR;
    case '&': *prec = 3; return OP_AND;
    case '+': *prec = 5; return OP_ADD;
    case '-': *prec = 5; return OP_SUB;
    case '*': *prec = 6; return OP_MUL;
    case '/': *prec = 6; return OP_DIV;
    case '%': *prec = 6; return OP_MOD;
    case '<':
    case '>':
        if (p[1] != p[0])
            return 0;
        *len = 2;
        *prec = 4;
        return *p == '<' ? OP_SHL : OP_SHR;
    default:
        return 0;
    }
}

/* binary: operators of precedence minprec and above, left to right. */
static uint32_t binary(struct ex *x, int minprec)
{
    uint32_t l = unary(x);
    for (;;) {
        if (x->failed)
            return 0;
        skip_blanks(x);
        int prec;
        size_t len;
        int op = binop(x->p, &prec, &len);
        if (!op || prec < minprec)
            return l;
        const char *at = x->p;
        x->p += len;
        x->op = at;
        x->oplen = len;
        uint32_t r = binary(x, prec + 1);
        if (x->failed)
            return 0;
        switch (op) {
        case OP_OR:  l |= r; break;
        case OP_XOR: l ^= r; break;
        case OP_AND: l &= r; break;
        case OP_SHL: l = r >= 32 ? 0 : l << r; break;
        case OP_SHR: l = r >= 32 ? 0 : l >> r; break;
        case OP_ADD: l += r; break;
        case OP_SUB: l -= r; break;
        case OP_MUL: l *= r; break;
        case OP_DIV:
        case OP_MOD:
            if (r == 0) {
                wrong(x, "division by zero at column %zu", column(x, at));
                l = 0;
            } else {
                l = op == OP_DIV ? l / r : l % r;
            }
            break;
        }
    }
}

/* parse: the expression at the start of s; 0 with x->p after it, or -1. */
static int parse(struct ex *x, const char *s, const struct expr_env *env, uint32_t *v,
                 char *err, size_t errlen)
{
    memset(x, 0, sizeof *x);
    x->s = x->p = s;
    x->env = env;
    x->err = err;
    x->errlen = errlen;
    *v = binary(x, 1);
    if (x->failed)
        return -1;
    skip_blanks(x);
    return 0;
}

int expr_eval_prefix(const char *s, const struct expr_env *env, uint32_t *out,
                     const char **end, char *err, size_t errlen)
{
    struct ex x;
    uint32_t v;
    if (parse(&x, s, env, &v, err, errlen) != 0 || x.wrong)
        return -1;
    *out = v;
    *end = x.p;
    return 0;
}

int expr_eval(const char *s, const struct expr_env *env, uint32_t *out, char *err,
              size_t errlen)
{
    struct ex x;
    uint32_t v;
    if (parse(&x, s, env, &v, err, errlen) != 0)
        return -1;
    if (*x.p != '\0') {
        after_value(&x);
        return -1;
    }
    if (x.wrong)
        return -1;
    *out = v;
    return 0;
}

/* ---- x/FMT ------------------------------------------------------------------ */

int xfmt_parse(const char *s, struct xfmt *f, char *err, size_t errlen)
{
    const char *fmt = s;
    if (*s == '/')
        s++;
    unsigned long count = 0;
    const char *digits = s;
    while (is_digit(*s)) {
        if (count <= XFMT_MAX_COUNT)
            count = count * 10 + (unsigned)(*s - '0');
        s++;
    }
    if (s > digits && count == 0) {
        message(err, errlen, "x/%s: the count must be at least 1", fmt + (*fmt == '/'));
        return -1;
    }
    if (count > XFMT_MAX_COUNT) {
        message(err, errlen, "x/%s: the count is more than %u", fmt + (*fmt == '/'),
                XFMT_MAX_COUNT);
        return -1;
    }
    char letter = 0, size = 0;
    for (; *s; s++) {
        char c = *s;
        const char *what = fmt + (*fmt == '/');
        if (strchr("xducsi", c)) {
            if (letter) {
                message(err, errlen, "x/%s: two formats, '%c' and '%c'", what, letter, c);
                return -1;
            }
            letter = c;
        } else if (strchr("bhw", c)) {
            if (size) {
                message(err, errlen, "x/%s: two sizes, '%c' and '%c'", what, size, c);
                return -1;
            }
            size = c;
        } else if (c == 'g') {
            message(err, errlen, "x/%s: size 'g' (8 bytes) is not supported: use b, h or w",
                    what);
            return -1;
        } else if (is_digit(c)) {
            message(err, errlen, "x/%s: the count must come before the letters", what);
            return -1;
        } else if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f) {
            message(err, errlen, "x/%s: unknown letter 0x%02x: formats are x d u c s i, "
                    "sizes b h w", what, (unsigned char)c);
            return -1;
        } else {
            message(err, errlen, "x/%s: unknown letter '%c': formats are x d u c s i, "
                    "sizes b h w", what, c);
            return -1;
        }
    }
    f->count = count ? (unsigned)count : 1;
    if (letter)
        f->fmt = letter;
    /* 's' and 'i' have no size: theirs is ignored, the previous one kept. */
    if (f->fmt != 's' && f->fmt != 'i') {
        if (size)
            f->size = size;
        else if (letter == 'c')
            f->size = 'b';
    }
    return 0;
}
