/*
 * insn.c -- instruction statements: operands, the machine instructions and
 * aliases of cpu/isa.def, delay slots, and the "did you mean" suggestions.
 * Pseudo-instructions that are not one row of the table are in macro.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "asm/asm_int.h"

/* Mnemonics of macro.c, for suggestions and "is this a known name". */
static const char *const macro_names[] = {
    "li", "la", "neg", "abs", "mulo", "mulou", "rem", "remu", "seq", "sne",
    "sgt", "sgtu", "sge", "sgeu", "sle", "sleu", "rol", "ror", "ulw", "usw",
    "ulh", "ulhu", "ush", "blt", "bltu", "bgt", "bgtu", "ble", "bleu", "bge",
    "bgeu", "bltl", "bltul", "bgtl", "bgtul", "blel", "bleul", "bgel", "bgeul",
    NULL
};

uint32_t asm_insn_word(enum isa_op op)
{
    return isa_insns[op].match;
}

void asm_need_at(struct asm_ctx *c, int col)
{
    if (!c->at)
        asm_error(c, col, "macro used $at after \".set noat\"");
}

uint32_t asm_branch_field(struct asm_ctx *c, uint32_t pc, int64_t target, int col)
{
    int64_t off = target - ((int64_t)pc + 4);
    if (c->pass == 2) {
        if (target & 3) {
            asm_error(c, col, "branch to misaligned address 0x%08llx",
                      (unsigned long long)(uint32_t)target);
            return 0;
        }
        if (off < -131072 || off > 131068) {
            asm_error(c, col, "branch target 0x%08llx is out of range (a branch reaches "
                      "-131072 to +131068 bytes from its delay slot)",
                      (unsigned long long)(uint32_t)target);
            return 0;
        }
    }
    return ISA_PUT_IMM((uint32_t)(off >> 2));
}

/* Floating-point mnemonics (COP1): recognised to say so clearly. */
bool asm_is_float_mnemonic(const char *mn)
{
    static const char *const fp[] = {
        "mfc1", "mtc1", "cfc1", "ctc1", "lwc1", "swc1", "ldc1", "sdc1", "bc1t",
        "bc1f", "bc1tl", "bc1fl", "l.s", "l.d", "s.s", "s.d", "li.s", "li.d",
        "mfhc1", "mthc1", "lwxc1", "swxc1", NULL
    };
    for (int k = 0; fp[k]; k++)
        if (!strcmp(fp[k], mn))
            return true;
    size_t n = strlen(mn);
    /* add.s, cvt.d.w, c.eq.d ... */
    return n > 2 && mn[n - 2] == '.' && strchr("sdwlp", mn[n - 1]) != NULL;
}

/* ---- suggestions ---------------------------------------------------------------- */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int d[24][24];
    if (la > 22 || lb > 22)
        return 99;
    for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int m = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < m) m = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < m) m = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < m)
                m = d[i - 2][j - 2] + 1;
            d[i][j] = m;
        }
    return d[la][lb];
}

/* subsequence: every character of a appears in b, in order (a letter was
 * left out: "adu" for "addu"). */
static bool subsequence(const char *a, const char *b)
{
    for (; *b; b++)
        if (*a == *b)
            a++;
    return !*a;
}

static void consider(const char *mn, const char *cand, const char **best, int *bd)
{
    /* scores in half steps: a name that starts like the typo, and one the
     * typo left a letter out of, come first */
    int d = 2 * distance(mn, cand);
    if (mn[0] != cand[0])
        d += 2;
    if (!subsequence(mn, cand) && !subsequence(cand, mn))
        d += 1;
    if (d < *bd) {
        *bd = d;
        *best = cand;
    }
}

static const char *suggest(const char *mn)
{
    const char *best = NULL;
    int bd = 99;
    for (int op = 1; op < OP_COUNT; op++)
        consider(mn, isa_insns[op].mnemonic, &best, &bd);
    for (size_t k = 0; k < ISA_NALIASES; k++)
        consider(mn, isa_aliases[k].mnemonic, &best, &bd);
    for (int k = 0; macro_names[k]; k++)
        consider(mn, macro_names[k], &best, &bd);
    size_t n = strlen(mn);
    int limit = n <= 5 ? 5 : 7;
    return bd <= limit ? best : NULL;
}

static bool known_mnemonic(const char *mn)
{
    for (int op = 1; op < OP_COUNT; op++)
        if (!strcmp(isa_insns[op].mnemonic, mn))
            return true;
    for (size_t k = 0; k < ISA_NALIASES; k++)
        if (!strcmp(isa_aliases[k].mnemonic, mn))
            return true;
    for (int k = 0; macro_names[k]; k++)
        if (!strcmp(macro_names[k], mn))
            return true;
    return false;
}

/* ---- operands ---------------------------------------------------------------------- */
static bool is_punct(const struct asm_tok *t, int ch)
{
    return t->kind == TK_PUNCT && t->num == (uint64_t)ch;
}

#define MAX_OPNDS 6

/* SPIM accepts operands separated by blanks ("move $k1 $at", "bne $k0 0x18
 * ok_pc"): a value or register directly after a complete operand starts the
 * next one; so does a sign after a register. */
static bool starts_operand(const struct asm_tok *t)
{
    return t->kind == TK_REG || t->kind == TK_NUM || t->kind == TK_IDENT ||
           t->kind == TK_LOCAL || t->kind == TK_HILO || t->kind == TK_STR;
}

static bool ends_operand(const struct asm_tok *t)
{
    return t->kind == TK_REG || t->kind == TK_NUM || t->kind == TK_IDENT ||
           t->kind == TK_LOCAL || (t->kind == TK_PUNCT && t->num == ')');
}

/* parse_operands: split toks[i..] at top-level commas and classify each.
 * Returns the number of operands, or -1 after an error. */
static int parse_operands(struct asm_ctx *c, const struct asm_tok *t, size_t i,
                          struct opnd *op)
{
    int n = 0;
    if (t[i].kind == TK_END)
        return 0;
    for (;;) {
        size_t from = i;
        int depth = 0;
        bool spim_sep = false;
        while (t[i].kind != TK_END && !(depth == 0 && is_punct(&t[i], ','))) {
            if (depth == 0 && i > from &&
                ((starts_operand(&t[i]) && ends_operand(&t[i - 1])) ||
                 (t[i - 1].kind == TK_REG && (is_punct(&t[i], '-') || is_punct(&t[i], '+') ||
                                              is_punct(&t[i], '('))))) {
                spim_sep = true;      /* SPIM: operands separated by blanks */
                break;
            }
            if (is_punct(&t[i], '(')) depth++;
            if (is_punct(&t[i], ')')) depth--;
            i++;
        }
        size_t to = i;
        if (n == MAX_OPNDS) {
            asm_error(c, t[from].col, "too many operands");
            return -1;
        }
        struct opnd *o = &op[n++];
        memset(o, 0, sizeof *o);
        o->col = t[from].col;
        o->from = from;
        o->to = to;
        if (from == to) {
            asm_error(c, t[from].col, "missing operand %d", n);
            return -1;
        }
        if (depth > 0) {
            asm_error(c, t[to].col, "missing ')'");
            return -1;
        }
        if (t[from].kind == TK_REG && to - from > 1 && !is_punct(&t[from + 1], '(')) {
            asm_error(c, t[from + 1].col, "unexpected '%.*s' after register '%.*s'",
                      (int)(t[from + 1].len ? t[from + 1].len : 1), t[from + 1].text,
                      (int)t[from].len, t[from].text);
            return -1;
        }
        if (to - from == 1 && t[from].kind == TK_REG) {
            o->kind = OPND_REG;
            o->reg = (int)t[from].num;
        } else if (to - from >= 3 && is_punct(&t[to - 1], ')') && t[to - 2].kind == TK_REG &&
                   is_punct(&t[to - 3], '(')) {
            o->kind = OPND_MEM;
            o->reg = (int)t[to - 2].num;
            if (to - 3 > from) {
                o->has_expr = true;
                if (!asm_expr_range(c, t, from, to - 3, &o->val))
                    return -1;
            }
        } else {
            /* a register inside an expression is an error the expression
             * parser reports with its column */
            o->kind = OPND_EXPR;
            if (!asm_expr_range(c, t, from, to, &o->val))
                return -1;
        }
        if (t[i].kind == TK_END)
            return n;
        if (spim_sep)
            continue;
        i++;   /* the comma */
        if (t[i].kind == TK_END) {
            asm_error(c, t[i].col, "missing operand %d after ','", n + 1);
            return -1;
        }
    }
}

/* ---- machine instructions --------------------------------------------------------- */

/* A template operand: a letter, or 'M' for "o(b)". */
static int template_ops(const char *ops, char *letters)
{
    int n = 0;
    for (const char *p = ops; *p;) {
        if (p[0] == 'o' && p[1] == '(') {
            letters[n++] = 'M';
            p += 4;
        } else {
            letters[n++] = *p++;
        }
        if (*p == ',')
            p++;
    }
    return n;
}

static enum opnd_kind letter_kind(char l)
{
    switch (l) {
    case 'd': case 's': case 't': case 'U': case 'E': return OPND_REG;
    case 'M': return OPND_MEM;
    default: return OPND_EXPR;
    }
}

static const char *letter_name(char l)
{
    switch (l) {
    case 'd': return "$rd";
    case 's': return "$rs";
    case 't': return "$rt";
    case 'U': return "$rd";
    case '<': return "shift";
    case 'j': return "simm16";
    case 'i': return "imm16";
    case 'M': return "offset($base)";
    case 'p': return "label";
    case 'a': return "target";
    case 'c': return "code";
    case 'q': return "code";
    case 'B': return "code";
    case 'E': return "$cp0reg";
    case 'H': return "sel";
    case 'k': return "op";
    case 'h': return "hint";
    default: return "?";
    }
}

static void syntax(const char *mn, const char *ops, char *buf, size_t n)
{
    char l[8];
    int k = template_ops(ops, l);
    size_t p = (size_t)snprintf(buf, n, "%s", mn);
    for (int i = 0; i < k && p < n; i++)
        p += (size_t)snprintf(buf + p, n - p, "%s%s", i ? ", " : " ", letter_name(l[i]));
}

/* A candidate spelling: an INSN row or an ALIAS row. */
struct form {
    enum isa_op op;
    const char *ops;
    uint32_t match;
};

static int forms_of(const char *mn, struct form *f, int max)
{
    int n = 0;
    for (int op = 1; op < OP_COUNT && n < max; op++)
        if (!strcmp(isa_insns[op].mnemonic, mn))
            f[n++] = (struct form){ (enum isa_op)op, isa_insns[op].operands, isa_insns[op].match };
    for (size_t k = 0; k < ISA_NALIASES && n < max; k++)
        if (!strcmp(isa_aliases[k].mnemonic, mn))
            f[n++] = (struct form){ isa_aliases[k].op, isa_aliases[k].operands,
                                    isa_insns[isa_aliases[k].op].match | isa_aliases[k].match };
    return n;
}

/* kinds_match: do the operands fit the template letters (count and kinds)?
 * *dup is set when the short form "op $d, $s" stands for "op $d, $d, $s". */
static bool kinds_match(const char *l, int nl, const struct opnd *op, int n, bool short_form,
                        bool *dup)
{
    *dup = false;
    if (short_form) {
        /* GNU as's "op $d, $s" = "op $d, $d, $s"; not for the variable
         * shifts (d,t,s), which GNU as rejects too */
        if (!(n == nl - 1 && nl >= 2 && strchr("dtU", l[0]) && strchr("st", l[1]) &&
              (nl == 2 || (letter_kind(l[2]) != OPND_MEM && !(l[1] == 't' && l[2] == 's')))))
            return false;
        *dup = true;
    } else if (n != nl) {
        return false;
    }
    for (int i = 0, k = 0; i < nl; i++) {
        if (*dup && i == 1)
            continue;
        enum opnd_kind want = letter_kind(l[i]);
        if (op[k].kind != want)
            return false;
        k++;
    }
    return true;
}

/* range: check v against [lo, hi]; report at col. */
static bool range(struct asm_ctx *c, const struct asm_val *v, int64_t lo, int64_t hi,
                  int col, const char *what, int opno)
{
    if (v->unknown || (v->v >= lo && v->v <= hi))
        return true;
    if (c->pass == 2) {
        if (v->label)
            asm_error(c, col, "operand %d: %s 0x%llx (an address) is out of range %lld to %lld",
                      opno, what, (unsigned long long)v->v, (long long)lo, (long long)hi);
        else
            asm_error(c, col, "operand %d: %s %lld is out of range %lld to %lld", opno, what,
                      (long long)v->v, (long long)lo, (long long)hi);
    }
    return false;
}

/* fits: like range, silently (to choose a macro instead). */
static bool fits16(const struct asm_val *v)
{
    return v->unknown || v->hilo || (v->v >= -32768 && v->v <= 32767);
}

/* encode: the word for form f with operands op (dup: the short form).
 * Returns false after an error (only reported in pass 2). */
static bool encode(struct asm_ctx *c, const struct form *f, const struct opnd *op, bool dup,
                   uint32_t *out)
{
    char l[8];
    int nl = template_ops(f->ops, l);
    uint32_t w = f->match;
    uint32_t pc = (asm_loc(c) + 3) & ~3u;

    for (int i = 0; i < nl; i++) {
        /* the short form "op $d, x" fills template operand 1 with operand 0 */
        const struct opnd *o = &op[dup && i >= 1 ? (i == 1 ? 0 : i - 1) : i];
        int opno = (dup && i >= 1) ? (i == 1 ? 1 : i) : i + 1;
        const struct asm_val *v = &o->val;
        uint32_t u = (uint32_t)v->v;
        switch (l[i]) {
        case 'd': w |= ISA_PUT_RD(o->reg); break;
        case 's': w |= ISA_PUT_RS(o->reg); break;
        case 't': w |= ISA_PUT_RT(o->reg); break;
        case 'U': w |= ISA_PUT_RD(o->reg) | ISA_PUT_RT(o->reg); break;
        case 'E': w |= ISA_PUT_RD(o->reg); break;
        case '<':
            if (!range(c, v, 0, 31, o->col, "shift amount", opno)) return false;
            w |= ISA_PUT_SA(u);
            break;
        case 'j':
            if (!v->hilo && !range(c, v, -32768, 32767, o->col, "immediate", opno)) return false;
            w |= ISA_PUT_IMM(u);
            break;
        case 'i':
            if (!v->hilo && !range(c, v, 0, 65535, o->col, "immediate", opno)) return false;
            w |= ISA_PUT_IMM(u);
            break;
        case 'M':
            if (o->has_expr && !v->hilo &&
                !range(c, v, -32768, 32767, o->col, "offset", opno)) return false;
            w |= ISA_PUT_RS(o->reg) | (o->has_expr ? ISA_PUT_IMM(u) : 0);
            break;
        case 'p':
            if (c->pass == 2 && (v->v < 0 || v->v > 0xffffffffll)) {
                asm_error(c, o->col, "branch target 0x%llx is not an address",
                          (unsigned long long)v->v);
                return false;
            }
            w |= asm_branch_field(c, pc, v->v, o->col);
            break;
        case 'a':
            if (c->pass == 2) {
                if (v->v < 0 || v->v > 0xffffffffll || (v->v & 3)) {
                    asm_error(c, o->col, "jump target 0x%llx is not a word address",
                              (unsigned long long)v->v);
                    return false;
                }
                if ((u & 0xf0000000u) != ((pc + 4) & 0xf0000000u)) {
                    asm_error(c, o->col, "jump target 0x%08x is outside the 256 MiB region "
                              "of the jump at 0x%08x", u, pc);
                    return false;
                }
            }
            w |= ISA_PUT_TARGET(u >> 2);
            break;
        case 'c':
            if (!range(c, v, 0, 1023, o->col, "code", opno)) return false;
            w |= ISA_PUT_CODEHI(u);
            break;
        case 'q':
            if (!range(c, v, 0, 1023, o->col, "code", opno)) return false;
            w |= ISA_PUT_CODELO(u);
            break;
        case 'B':
            if (!range(c, v, 0, 0xfffff, o->col, "code", opno)) return false;
            w |= ISA_PUT_CODE20(u);
            break;
        case 'H':
            if (!range(c, v, 0, 7, o->col, "select", opno)) return false;
            w |= ISA_PUT_SEL(u);
            break;
        case 'k': case 'h':
            if (!range(c, v, 0, 31, o->col, l[i] == 'k' ? "cache operation" : "hint", opno))
                return false;
            w |= ISA_PUT_RT(u);
            break;
        default:
            break;
        }
    }
    *out = w;
    return true;
}

static bool is_load_store(enum isa_op op)
{
    switch (op) {
    case OP_LB: case OP_LBU: case OP_LH: case OP_LHU: case OP_LW: case OP_LWL: case OP_LWR:
    case OP_SB: case OP_SH: case OP_SW: case OP_SWL: case OP_SWR: case OP_LL: case OP_SC:
        return true;
    default:
        return false;
    }
}

/* Mnemonics that are macros whatever their operands. */
static bool always_macro(const char *mn)
{
    return !strcmp(mn, "li") || !strcmp(mn, "la");
}

static void dispatch(struct asm_ctx *c, const char *mn, int mncol, const struct opnd *op, int n)
{
    struct form f[8];
    int nf = forms_of(mn, f, 8);

    if (always_macro(mn) && asm_macro(c, mn, op, n, mncol))
        return;

    int kind_ok = -1;
    bool dup = false;
    /* exact operand counts first, then the short forms */
    for (int round = 0; round < 2 && kind_ok < 0; round++)
        for (int k = 0; k < nf; k++) {
            char l[8];
            int nl = template_ops(f[k].ops, l);
            if (kinds_match(l, nl, op, n, round == 1, &dup)) {
                kind_ok = k;
                break;
            }
        }
    if (kind_ok >= 0) {
        const struct form *fm = &f[kind_ok];
        /* loads and stores whose offset does not fit become macros */
        if (is_load_store(fm->op) && op[1].kind == OPND_MEM && op[1].has_expr &&
            (!fits16(&op[1].val) || op[1].val.label || op[1].val.fwd) && !op[1].val.hilo) {
            if (asm_macro(c, mn, op, n, mncol))
                return;
        }
        uint32_t w;
        if (!encode(c, fm, op, dup, &w))
            w = 0;      /* keep the size the same in both passes */
        asm_emit_insn(c, w);
        return;
    }
    if (asm_macro(c, mn, op, n, mncol))
        return;

    /* no form fits: explain against the first spelling */
    if (nf == 0) {
        const char *s = suggest(mn);
        if (s)
            asm_error(c, mncol, "unknown instruction '%s'; did you mean '%s'?", mn, s);
        else
            asm_error(c, mncol, "unknown instruction '%s'", mn);
        return;
    }
    char l[8], buf[128];
    for (int k = 0; k < nf; k++) {         /* a spelling with this many operands */
        int m = template_ops(f[k].ops, l);
        if (m == n) {
            syntax(mn, f[k].ops, buf, sizeof buf);
            for (int i = 0; i < n; i++) {
                enum opnd_kind want = letter_kind(l[i]);
                if (op[i].kind == want)
                    continue;
                if (want == OPND_REG)
                    asm_error(c, op[i].col, "operand %d of '%s' must be a register (%s)",
                              i + 1, mn, buf);
                else if (want == OPND_MEM)
                    asm_error(c, op[i].col, "operand %d of '%s' must be offset($reg) (%s)",
                              i + 1, mn, buf);
                else
                    asm_error(c, op[i].col, "operand %d of '%s' must be a value, not a "
                              "register (%s)", i + 1, mn, buf);
                return;
            }
        }
    }
    syntax(mn, f[0].ops, buf, sizeof buf);
    {
        /* list every spelling's operand count */
        char counts[64] = "";
        size_t p = 0;
        int seen = 0;
        for (int k = 0; k < nf; k++) {
            int m = template_ops(f[k].ops, l);
            if (seen & (1 << m))
                continue;
            seen |= 1 << m;
            p += (size_t)snprintf(counts + p, sizeof counts - p, "%s%d", p ? " or " : "", m);
        }
        asm_error(c, mncol, "'%s' takes %s operand%s, not %d (%s)", mn, counts,
                  (nf == 1 && template_ops(f[0].ops, l) == 1) ? "" : "s", n, buf);
    }
}

void asm_insn(struct asm_ctx *c, const struct asm_tok *t, size_t i)
{
    char mn[32];
    const struct asm_tok *m = &t[i];
    struct opnd op[MAX_OPNDS];
    bool in_slot = c->in_delay_slot;

    if (m->len >= sizeof mn) {
        asm_error(c, m->col, "unknown instruction '%.*s'", (int)m->len, m->text);
        return;
    }
    for (size_t k = 0; k < m->len; k++)
        mn[k] = (char)tolower((unsigned char)m->text[k]);
    mn[m->len] = 0;

    c->stmt_words = 0;
    c->last_delay = false;
    if (asm_is_float_mnemonic(mn)) {
        asm_error(c, m->col, "floating point is not supported by tlbvisor ('%s')", mn);
        return;
    }
    int n = parse_operands(c, t, i + 1, op);
    if (n < 0) {
        if (known_mnemonic(mn))
            asm_emit_insn(c, 0);   /* keep addresses stable after the error */
        return;
    }
    if (c->at) {
        for (int k = 0; k < n; k++)
            if ((op[k].kind == OPND_REG || op[k].kind == OPND_MEM) && op[k].reg == 1) {
                asm_warning(c, op[k].col, "used $at without \".set noat\"");
                break;
            }
    }
    dispatch(c, mn, m->col, op, n);

    if (in_slot && c->stmt_words > 1)
        asm_warning(c, m->col, "macro instruction expanded into multiple instructions "
                    "in a branch delay slot");
    if (c->last_delay && c->reorder) {
        asm_emit_insn(c, 0);    /* reorder mode: the delay slot gets a nop */
        c->last_delay = false;
    }
    c->in_delay_slot = !c->reorder && c->last_delay;
}
