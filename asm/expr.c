/*
 * expr.c -- expressions, with GNU as's operator precedence (not C's):
 *
 *   highest   unary - + ~ !, (), %hi(), %lo()
 *             * / % << >>
 *             | & ^
 *   lowest    + -
 *
 * Arithmetic is 64-bit two's complement; the user of a value checks its range.
 */
#include <stdlib.h>
#include <string.h>

#include "asm/asm_int.h"

static bool parse_level(struct asm_ctx *c, const struct asm_tok *t, size_t *i,
                        int level, struct asm_val *out);

static bool is_punct(const struct asm_tok *t, int ch)
{
    return t->kind == TK_PUNCT && t->num == (uint64_t)ch;
}

static void merge(struct asm_val *a, const struct asm_val *b)
{
    a->fwd |= b->fwd;
    a->unknown |= b->unknown;
}

static bool primary(struct asm_ctx *c, const struct asm_tok *t, size_t *i,
                    struct asm_val *out)
{
    const struct asm_tok *k = &t[*i];
    memset(out, 0, sizeof *out);

    switch (k->kind) {
    case TK_NUM:
        out->v = (int64_t)k->num;
        (*i)++;
        return true;
    case TK_IDENT: {
        (*i)++;
        if (k->len == 1 && k->text[0] == '.') {
            out->v = asm_loc(c);
            out->label = true;
            return true;
        }
        struct sym *s = asm_sym_get(c, k->text, k->len, false);
        if (!s || !s->defined) {
            if (c->pass == 2) {
                asm_error(c, k->col, "undefined symbol '%.*s'", (int)k->len, k->text);
                return false;
            }
            out->unknown = out->fwd = true;
            return true;
        }
        out->v = s->value;
        out->label = s->kind == SYM_LABEL || s->reloc;
        out->fwd = s->def_seq > c->seq || s->fwd_dep;
        out->unknown = s->unknown;
        return true;
    }
    case TK_LOCAL: {
        int64_t v;
        (*i)++;
        out->label = true;
        if (!asm_local_ref(c, (long)k->num, k->dir, &v)) {
            if (c->pass == 2) {
                asm_error(c, k->col, "undefined local label '%lu%c'",
                          (unsigned long)k->num, k->dir);
                return false;
            }
            out->unknown = out->fwd = true;
            return true;
        }
        out->v = v;
        out->fwd = k->dir == 'f';
        return true;
    }
    case TK_HILO: {
        struct asm_val in;
        (*i)++;
        if (!is_punct(&t[*i], '(')) {
            asm_error(c, t[*i].col, "expected '(' after '%.3s'", k->text);
            return false;
        }
        (*i)++;
        if (!parse_level(c, t, i, 1, &in))
            return false;
        if (!is_punct(&t[*i], ')')) {
            asm_error(c, t[*i].col, "expected ')'");
            return false;
        }
        (*i)++;
        uint32_t v = (uint32_t)in.v;
        if (k->num == 'h')
            out->v = (int64_t)((v + 0x8000u) >> 16);
        else
            out->v = (int16_t)(v & 0xffffu);
        out->hilo = true;
        merge(out, &in);
        return true;
    }
    case TK_PUNCT:
        if (is_punct(k, '(')) {
            (*i)++;
            if (!parse_level(c, t, i, 1, out))
                return false;
            if (!is_punct(&t[*i], ')')) {
                asm_error(c, t[*i].col, "expected ')'");
                return false;
            }
            (*i)++;
            return true;
        }
        if (is_punct(k, '-') || is_punct(k, '+') || is_punct(k, '~') || is_punct(k, '!')) {
            (*i)++;
            if (!primary(c, t, i, out))
                return false;
            uint64_t u = (uint64_t)out->v;
            switch (k->num) {
            case '-': out->v = (int64_t)(0 - u); break;
            case '~': out->v = (int64_t)~u; break;
            case '!': out->v = !u; break;
            default: break;
            }
            out->hilo = false;
            return true;
        }
        break;
    case TK_REG:
        asm_error(c, k->col, "register '%.*s' where a value was expected", (int)k->len, k->text);
        return false;
    case TK_STR:
        asm_error(c, k->col, "string where a value was expected");
        return false;
    case TK_END:
        asm_error(c, k->col, "missing value");
        return false;
    default:
        break;
    }
    asm_error(c, k->col, "unexpected '%.*s' in expression", (int)(k->len ? k->len : 1), k->text);
    return false;
}

static int op_level(const struct asm_tok *t)
{
    if (t->kind != TK_PUNCT)
        return 0;
    switch (t->num) {
    case '*': case '/': case '%': case 'L': case 'R': return 3;
    case '|': case '&': case '^': return 2;
    case '+': case '-': return 1;
    default: return 0;
    }
}

static bool parse_level(struct asm_ctx *c, const struct asm_tok *t, size_t *i,
                        int level, struct asm_val *out)
{
    if (level > 3)
        return primary(c, t, i, out);
    if (!parse_level(c, t, i, level + 1, out))
        return false;
    while (op_level(&t[*i]) == level) {
        const struct asm_tok *op = &t[(*i)++];
        struct asm_val r;
        if (!parse_level(c, t, i, level + 1, &r))
            return false;
        uint64_t a = (uint64_t)out->v, b = (uint64_t)r.v;
        bool lab = false;
        switch (op->num) {
        case '+': a += b; lab = out->label || r.label; break;
        case '-':
            a -= b;
            /* label - label is a constant (a distance); GNU knows it when
             * both are already defined */
            lab = out->label && !r.label;
            if (out->label && r.label && (out->fwd || r.fwd))
                out->fwd = true;
            if (!out->label && r.label)
                lab = true;
            break;
        case '*': a *= b; lab = out->label || r.label; break;
        case '/': case '%':
            if (b == 0) {
                if (c->pass == 2 && !r.unknown) {
                    asm_error(c, op->col, "division by zero");
                    return false;
                }
                a = 0;
            } else if ((int64_t)b == -1) {
                a = op->num == '/' ? 0 - a : 0;
            } else {
                a = op->num == '/' ? (uint64_t)((int64_t)a / (int64_t)b)
                                   : (uint64_t)((int64_t)a % (int64_t)b);
            }
            lab = out->label || r.label;
            break;
        case 'L': a = b >= 64 ? 0 : a << b; lab = out->label || r.label; break;
        case 'R': a = b >= 64 ? ((int64_t)a < 0 ? ~0ull : 0) :
                      (uint64_t)((int64_t)a >> b); lab = out->label || r.label; break;
        case '|': a |= b; lab = out->label || r.label; break;
        case '&': a &= b; lab = out->label || r.label; break;
        case '^': a ^= b; lab = out->label || r.label; break;
        }
        out->v = (int64_t)a;
        out->label = lab;
        out->hilo = false;
        merge(out, &r);
    }
    return true;
}

bool asm_expr(struct asm_ctx *c, const struct asm_tok *toks, size_t *i,
              struct asm_val *out)
{
    return parse_level(c, toks, i, 1, out);
}

bool asm_expr_range(struct asm_ctx *c, const struct asm_tok *toks, size_t from,
                    size_t to, struct asm_val *out)
{
    size_t i = from;
    if (from >= to) {
        asm_error(c, toks[from].col, "missing value");
        return false;
    }
    if (toks[to].kind != TK_END && (is_punct(&toks[to], '-') || is_punct(&toks[to], '+'))) {
        /* the range ends before a sign that starts the next value (SPIM's
         * ".word 5 -3"): parse a copy that ends there */
        size_t n = to - from;
        struct asm_tok *cp = malloc((n + 1) * sizeof *cp);
        if (!cp) {
            asm_error(c, toks[from].col, "out of memory");
            return false;
        }
        memcpy(cp, toks + from, n * sizeof *cp);
        cp[n] = toks[to];
        cp[n].kind = TK_END;
        cp[n].len = 0;
        size_t k = 0;
        bool ok = asm_expr(c, cp, &k, out);
        if (ok && k != n) {
            asm_error(c, cp[k].col, "unexpected '%.*s' after expression",
                      (int)(cp[k].len ? cp[k].len : 1), cp[k].text);
            ok = false;
        }
        free(cp);
        return ok;
    }
    if (!asm_expr(c, toks, &i, out))
        return false;
    if (i != to) {
        asm_error(c, toks[i].col, "unexpected '%.*s' after expression",
                  (int)(toks[i].len ? toks[i].len : 1), toks[i].text);
        return false;
    }
    return true;
}
