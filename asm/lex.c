/*
 * lex.c -- source text to tokens, one statement at a time; string and
 * character literals.  See docs/assembler.md, "Syntax".
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "asm/asm_int.h"

static bool is_ident_start(int ch)
{
    return isalpha(ch) || ch == '_' || ch == '.';
}

static bool is_ident_char(int ch)
{
    return isalnum(ch) || ch == '_' || ch == '.' || ch == '$';
}

/* asm_reg_lookup: register number of name (without '$'), or -1.  Accepts the
 * numbers 0-31 and the o32 names, $s8 for $fp. */
int asm_reg_lookup(const char *name, size_t len)
{
    if (len == 0)
        return -1;
    if (isdigit((unsigned char)name[0])) {
        int v = 0;
        for (size_t i = 0; i < len; i++) {
            if (!isdigit((unsigned char)name[i]) || v > 31)
                return -1;
            v = v * 10 + (name[i] - '0');
        }
        return v <= 31 ? v : -1;
    }
    for (int r = 0; r < 32; r++)
        if (strlen(isa_reg_names[r]) == len && !memcmp(isa_reg_names[r], name, len))
            return r;
    if (len == 2 && !memcmp(name, "s8", 2))
        return 30;
    return -1;
}

/* decode_escape: the escape at s (just after the backslash); the value in
 * *val, and the number of characters consumed, or 0 for a bad escape. */
static size_t decode_escape(const char *s, const char *end, unsigned *val)
{
    if (s >= end)
        return 0;
    switch (*s) {
    case 'n': *val = '\n'; return 1;
    case 't': *val = '\t'; return 1;
    case 'r': *val = '\r'; return 1;
    case 'a': *val = '\a'; return 1;
    case 'b': *val = '\b'; return 1;
    case 'f': *val = '\f'; return 1;
    case 'v': *val = '\v'; return 1;
    case 'e': *val = 27; return 1;
    case '\\': *val = '\\'; return 1;
    case '"': *val = '"'; return 1;
    case '\'': *val = '\''; return 1;
    case 'x': case 'X': {
        size_t i = 1;
        unsigned v = 0;
        while (s + i < end && isxdigit((unsigned char)s[i])) {
            int ch = tolower((unsigned char)s[i]);
            v = (v * 16 + (unsigned)(isdigit(ch) ? ch - '0' : ch - 'a' + 10)) & 0xffu;
            i++;
        }
        if (i == 1)
            return 0;
        *val = v;
        return i;
    }
    default:
        if (*s >= '0' && *s <= '7') {
            size_t i = 0;
            unsigned v = 0;
            while (i < 3 && s + i < end && s[i] >= '0' && s[i] <= '7')
                v = v * 8 + (unsigned)(s[i++] - '0');
            *val = v & 0xffu;
            return i;
        }
        return 0;
    }
}

static void push(struct asm_tok **toks, size_t *n, size_t *cap, struct asm_tok t)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *toks = asm_xrealloc(*toks, *cap * sizeof **toks);
    }
    (*toks)[(*n)++] = t;
}

/* skip_line: move *p to the start of the next line. */
static void skip_line(const char **p, const char *end, bool *eol)
{
    while (*p < end && **p != '\n')
        (*p)++;
    if (*p < end)
        (*p)++;
    *eol = true;
}

/* lex_number: a number at s; returns its length, 0 after an error. */
static size_t lex_number(struct asm_ctx *c, const char *s, const char *end,
                         int col, struct asm_tok *t)
{
    size_t i = 0;
    uint64_t v = 0;
    int base = 10;
    bool overflow = false;

    /* numeric local label reference: digits then 'f' or 'b' */
    while (s + i < end && isdigit((unsigned char)s[i]))
        i++;
    if (s + i < end && (s[i] == 'f' || s[i] == 'b') &&
        !(s + i + 1 < end && is_ident_char((unsigned char)s[i + 1])) &&
        !(i == 1 && s[0] == '0' && s[i] == 'b' && s + i + 1 < end && isdigit((unsigned char)s[i + 1]))) {
        long num = 0;
        for (size_t k = 0; k < i; k++)
            num = num < 100000000 ? num * 10 + (s[k] - '0') : num;
        t->kind = TK_LOCAL;
        t->num = (uint64_t)num;
        t->dir = s[i];
        return i + 1;
    }
    i = 0;
    if (s[0] == '0' && s + 1 < end && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    } else if (s[0] == '0' && s + 1 < end && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        i = 2;
    } else if (s[0] == '0') {
        base = 8;
    }
    size_t digits = 0;
    while (s + i < end && isalnum((unsigned char)s[i])) {
        int ch = tolower((unsigned char)s[i]);
        int d = isdigit(ch) ? ch - '0' : (ch >= 'a' && ch <= 'z') ? ch - 'a' + 10 : 99;
        if (d >= base) {
            asm_error(c, col, "invalid digit '%c' in %s number", s[i],
                      base == 16 ? "hexadecimal" : base == 8 ? "octal" :
                      base == 2 ? "binary" : "decimal");
            return 0;
        }
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            overflow = true;
        v = v * (uint64_t)base + (uint64_t)d;
        i++;
        digits++;
    }
    if ((base == 16 || base == 2) && digits == 0) {
        asm_error(c, col, "missing digits after '%.2s'", s);
        return 0;
    }
    if (overflow) {
        asm_error(c, col, "number '%.*s' is too large", (int)i, s);
        return 0;
    }
    t->kind = TK_NUM;
    t->num = v;
    return i;
}

bool asm_lex_stmt(struct asm_ctx *c, const char **pp, const char *end,
                  struct asm_tok **toks, size_t *n, size_t *cap, bool *eol)
{
    const char *p = *pp;
    *n = 0;
    *eol = false;
    for (;;) {
        struct asm_tok t = { TK_END, (int)(p - c->line_start) + 1, p, 0, 0, 0 };
        if (p >= end) {
            push(toks, n, cap, t);
            *eol = true;
            *pp = p;
            return true;
        }
        unsigned char ch = (unsigned char)*p;
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
            p++;
            continue;
        }
        if (ch == '\n' || ch == '#') {
            push(toks, n, cap, t);
            skip_line(&p, end, eol);
            *pp = p;
            return true;
        }
        if (ch == ';') {
            push(toks, n, cap, t);
            *pp = p + 1;
            return true;
        }
        if (ch == '"') {
            const char *s = p + 1;
            while (s < end && *s != '"' && *s != '\n') {
                if (*s == '\\' && s + 1 < end && s[1] != '\n')
                    s++;
                s++;
            }
            if (s >= end || *s != '"') {
                asm_error(c, t.col, "unterminated string");
                goto fail;
            }
            t.kind = TK_STR;
            t.len = (size_t)(s + 1 - p);
            p = s + 1;
            push(toks, n, cap, t);
            continue;
        }
        if (ch == '\'') {
            const char *s = p + 1;
            unsigned v;
            if (s >= end || *s == '\n' || *s == '\'') {
                asm_error(c, t.col, "empty or unterminated character literal");
                goto fail;
            }
            if (*s == '\\') {
                size_t k = decode_escape(s + 1, end, &v);
                if (!k) {
                    asm_error(c, t.col + 1, "bad escape '\\%c'",
                              s + 1 < end && s[1] != '\n' ? s[1] : ' ');
                    goto fail;
                }
                s += 1 + k;
            } else {
                v = (unsigned char)*s++;
            }
            if (s >= end || *s != '\'') {
                asm_error(c, t.col, "unterminated character literal");
                goto fail;
            }
            t.kind = TK_NUM;
            t.num = v;
            t.len = (size_t)(s + 1 - p);
            p = s + 1;
            push(toks, n, cap, t);
            continue;
        }
        if (isdigit(ch)) {
            size_t k = lex_number(c, p, end, t.col, &t);
            if (!k)
                goto fail;
            t.len = k;
            p += k;
            if (p < end && *p == '.' && p + 1 < end && isdigit((unsigned char)p[1])) {
                const char *q = p + 1;
                while (q < end && (isalnum((unsigned char)*q) || *q == '.'))
                    q++;
                asm_error(c, t.col, "floating point is not supported by tlbvisor ('%.*s')",
                          (int)(q - t.text), t.text);
                goto fail;
            }
            if (p < end && is_ident_char((unsigned char)*p)) {
                asm_error(c, t.col, "invalid number '%.*s'", (int)(k + 1), t.text);
                goto fail;
            }
            push(toks, n, cap, t);
            continue;
        }
        if (ch == '$') {
            const char *s = p + 1;
            while (s < end && (isalnum((unsigned char)*s) || *s == '_'))
                s++;
            size_t len = (size_t)(s - p - 1);
            int r = asm_reg_lookup(p + 1, len);
            if (r < 0 && len >= 2 && p[1] == 'L') {
                /* GCC's local labels for MIPS: "$L4" is a symbol */
                s = p + 1;
                while (s < end && is_ident_char((unsigned char)*s))
                    s++;
                t.kind = TK_IDENT;
                t.len = (size_t)(s - p);
                p = s;
                push(toks, n, cap, t);
                continue;
            }
            if (r < 0) {
                if (len >= 2 && p[1] == 'f' && isdigit((unsigned char)p[2]))
                    asm_error(c, t.col, "floating point is not supported by tlbvisor ('%.*s')",
                              (int)len + 1, p);
                else if (len == 0)
                    asm_error(c, t.col, "missing register name after '$'");
                else
                    asm_error(c, t.col, "bad register name '%.*s'", (int)len + 1, p);
                goto fail;
            }
            t.kind = TK_REG;
            t.num = (uint64_t)r;
            t.len = len + 1;
            p = s;
            push(toks, n, cap, t);
            continue;
        }
        if (is_ident_start(ch)) {
            const char *s = p + 1;
            while (s < end && is_ident_char((unsigned char)*s))
                s++;
            t.kind = TK_IDENT;
            t.len = (size_t)(s - p);
            p = s;
            push(toks, n, cap, t);
            continue;
        }
        if (ch == '%') {
            if (end - p >= 3 && (!strncmp(p, "%hi", 3) || !strncmp(p, "%lo", 3)) &&
                !(end - p > 3 && is_ident_char((unsigned char)p[3]))) {
                t.kind = TK_HILO;
                t.num = (uint64_t)(unsigned char)p[1];
                t.len = 3;
                p += 3;
                push(toks, n, cap, t);
                continue;
            }
        }
        if ((ch == '<' || ch == '>') && p + 1 < end && p[1] == (char)ch) {
            t.kind = TK_PUNCT;
            t.num = ch == '<' ? 'L' : 'R';
            t.len = 2;
            p += 2;
            push(toks, n, cap, t);
            continue;
        }
        if (ch && strchr(",():=+-*/%&|^~!@", ch)) {   /* '@' for ".type f, @function" */
            t.kind = TK_PUNCT;
            t.num = ch;
            t.len = 1;
            p++;
            push(toks, n, cap, t);
            continue;
        }
        if (isprint(ch))
            asm_error(c, t.col, "unexpected character '%c'", ch);
        else
            asm_error(c, t.col, "unexpected character 0x%02x", ch);
        goto fail;
    }
fail:
    skip_line(&p, end, eol);
    *pp = p;
    *n = 0;
    {
        struct asm_tok t = { TK_END, 1, p, 0, 0, 0 };
        push(toks, n, cap, t);
    }
    return false;
}

bool asm_decode_string(struct asm_ctx *c, const struct asm_tok *tok,
                       char **out, size_t *outlen)
{
    const char *s = tok->text + 1;
    const char *end = tok->text + tok->len - 1;   /* the closing quote */
    char *buf = asm_xrealloc(NULL, tok->len + 1);
    size_t n = 0;

    while (s < end) {
        if (*s == '\\') {
            unsigned v;
            size_t k = decode_escape(s + 1, end, &v);
            if (!k) {
                asm_error(c, tok->col + (int)(s - tok->text), "bad escape '\\%c'",
                          s + 1 < end ? s[1] : ' ');
                free(buf);
                return false;
            }
            buf[n++] = (char)v;
            s += 1 + k;
        } else {
            buf[n++] = *s++;
        }
    }
    buf[n] = 0;
    *out = buf;
    *outlen = n;
    return true;
}
