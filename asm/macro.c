/*
 * macro.c -- pseudo-instructions that are not one row of cpu/isa.def.
 *
 * Every expansion here is the one GNU as 2.40 makes with -march=mips32 -O0
 * (read from mipsel-linux-gnu-objdump -d; tests/gas/ checks them byte for
 * byte), except where docs/assembler.md says otherwise.  The shape of an
 * expansion depends only on what GNU as knows when it reads the line: a
 * number defined earlier is a constant; a label or a later symbol is not
 * (see struct asm_val).
 */
#include <string.h>

#include "asm/asm_int.h"

#define AT 1
#define W(op) asm_insn_word(OP_##op)

/* ---- emitters ------------------------------------------------------------- */
static void r3(struct asm_ctx *c, uint32_t w, int d, int s, int t)
{
    asm_emit_insn(c, w | ISA_PUT_RD(d) | ISA_PUT_RS(s) | ISA_PUT_RT(t));
}

static void imm(struct asm_ctx *c, uint32_t w, int t, int s, uint32_t v)
{
    asm_emit_insn(c, w | ISA_PUT_RT(t) | ISA_PUT_RS(s) | ISA_PUT_IMM(v));
}

static void shift(struct asm_ctx *c, uint32_t w, int d, int t, unsigned sa)
{
    asm_emit_insn(c, w | ISA_PUT_RD(d) | ISA_PUT_RT(t) | ISA_PUT_SA(sa));
}

/* br: a branch with a raw 16-bit offset field (words after the delay slot). */
static void br(struct asm_ctx *c, uint32_t w, int s, int t, int off)
{
    asm_emit_insn(c, w | ISA_PUT_RS(s) | ISA_PUT_RT(t) | ISA_PUT_IMM((uint32_t)off));
}

static void br_to(struct asm_ctx *c, uint32_t w, int s, int t, const struct opnd *target)
{
    uint32_t pc = (asm_loc(c) + 3) & ~3u;
    if (c->pass == 2 && (target->val.v < 0 || target->val.v > 0xffffffffll)) {
        asm_error(c, target->col, "branch target 0x%llx is not an address",
                  (unsigned long long)target->val.v);
        asm_emit_insn(c, 0);
        return;
    }
    asm_emit_insn(c, w | ISA_PUT_RS(s) | ISA_PUT_RT(t) |
                     asm_branch_field(c, pc, target->val.v, target->col));
}

static void brk(struct asm_ctx *c, unsigned code)
{
    asm_emit_insn(c, W(BREAK) | ISA_PUT_CODEHI(code));
}

static void nop(struct asm_ctx *c)
{
    asm_emit_insn(c, 0);
}

static void move(struct asm_ctx *c, int d, int s)
{
    r3(c, W(OR), d, s, 0);    /* GNU as spells move as "or d,s,$zero" */
}

/* load_reg: li with a known 32-bit value. */
static void load_reg(struct asm_ctx *c, int r, uint32_t v)
{
    if ((int32_t)v >= -32768 && (int32_t)v <= 32767)
        imm(c, W(ADDIU), r, 0, v);
    else if (v <= 0xffffu)
        imm(c, W(ORI), r, 0, v);
    else if (!(v & 0xffffu))
        imm(c, W(LUI), r, 0, v >> 16);
    else {
        imm(c, W(LUI), r, 0, v >> 16);
        imm(c, W(ORI), r, r, v & 0xffffu);
    }
}

static uint32_t hi16(uint32_t v) { return (v + 0x8000u) >> 16; }

/* load_addr: la with an address: lui r,%hi; addiu r,r,%lo. */
static void load_addr(struct asm_ctx *c, int r, uint32_t v)
{
    imm(c, W(LUI), r, 0, hi16(v));
    imm(c, W(ADDIU), r, r, v & 0xffffu);
}

/* ---- operand checks --------------------------------------------------------- */

/* shape: do the operands have the kinds in s ('R' register, 'E' value,
 * 'M' offset($reg), 'A' value or offset($reg))? */
static bool shape(const struct opnd *op, int n, const char *s)
{
    if ((int)strlen(s) != n)
        return false;
    for (int i = 0; i < n; i++) {
        enum opnd_kind k = op[i].kind;
        switch (s[i]) {
        case 'R': if (k != OPND_REG) return false; break;
        case 'E': if (k != OPND_EXPR) return false; break;
        case 'M': if (k != OPND_MEM) return false; break;
        case 'A': if (k != OPND_EXPR && k != OPND_MEM) return false; break;
        }
    }
    return true;
}

static void usage(struct asm_ctx *c, int col, const char *mn, const char *syn)
{
    asm_error(c, col, "bad operands for '%s' (expected: %s %s)", mn, mn, syn);
}

/* value32: a 32-bit value of operand o, known when the line is read. */
static bool const32(struct asm_ctx *c, const char *mn, const struct opnd *o, int opno,
                    uint32_t *out)
{
    if (!VAL_CONST(o->val)) {
        asm_error(c, o->col, "operand %d of '%s' must be a constant defined before this line",
                  opno, mn);
        return false;
    }
    if (o->val.v < -2147483648ll || o->val.v > 0xffffffffll) {
        asm_error(c, o->col, "value 0x%llx does not fit in 32 bits",
                  (unsigned long long)o->val.v);
        return false;
    }
    *out = (uint32_t)o->val.v;
    return true;
}

static bool fits_s16(uint32_t v) { return (int32_t)v >= -32768 && (int32_t)v <= 32767; }

/* ---- li, la ------------------------------------------------------------------- */
static int m_li(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    if (!shape(op, n, "RE")) {
        usage(c, col, mn, "$rt, value");
        return 1;
    }
    const struct asm_val *v = &op[1].val;
    if (VAL_CONST(*v)) {
        uint32_t u;
        if (!const32(c, mn, &op[1], 2, &u))
            return 1;
        load_reg(c, op[0].reg, u);
        return 1;
    }
    /* GNU as loads %lo() of what it does not know yet: say so instead of
     * loading a truncated value */
    if (c->pass == 2 && (int64_t)(int16_t)(v->v & 0xffff) != v->v) {
        if (v->label)
            asm_error(c, op[1].col, "'li' needs a number; use 'la' to load the address of a label");
        else
            asm_error(c, op[1].col, "value 0x%llx is defined after this line and does not fit "
                      "in 16 bits; define it before use", (unsigned long long)v->v);
    }
    imm(c, W(ADDIU), op[0].reg, 0, (uint32_t)v->v);
    return 1;
}

static int m_la(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    uint32_t u;
    if (!shape(op, n, "RA")) {
        usage(c, col, mn, "$rt, address  or  la $rt, address($base)");
        return 1;
    }
    int d = op[0].reg;
    const struct asm_val *v = &op[1].val;
    if (op[1].kind == OPND_EXPR) {
        if (VAL_CONST(*v)) {
            if (const32(c, mn, &op[1], 2, &u))
                load_reg(c, d, u);
        } else {
            load_addr(c, d, (uint32_t)v->v);
        }
        return 1;
    }
    int b = op[1].reg;
    if (!op[1].has_expr) {
        imm(c, W(ADDIU), d, b, 0);
        return 1;
    }
    int tmp = d == b ? AT : d;
    if (VAL_CONST(*v)) {
        if (!const32(c, mn, &op[1], 2, &u))
            return 1;
        if (fits_s16(u)) {
            imm(c, W(ADDIU), d, b, u);
            return 1;
        }
        if (tmp == AT)
            asm_need_at(c, col);
        load_reg(c, tmp, u);
    } else {
        if (tmp == AT)
            asm_need_at(c, col);
        load_addr(c, tmp, (uint32_t)v->v);
    }
    r3(c, W(ADDU), d, tmp, b);
    return 1;
}

/* ---- loads and stores with an address ------------------------------------------ */
static const struct { const char *mn; enum isa_op op; bool uses_rt; } mem_ops[] = {
    /* uses_rt: the instruction reads rt, so rt cannot hold the address */
    { "lb", OP_LB, false }, { "lbu", OP_LBU, false }, { "lh", OP_LH, false },
    { "lhu", OP_LHU, false }, { "lw", OP_LW, false }, { "ll", OP_LL, false },
    { "lwl", OP_LWL, true }, { "lwr", OP_LWR, true },
    { "sb", OP_SB, true }, { "sh", OP_SH, true }, { "sw", OP_SW, true },
    { "swl", OP_SWL, true }, { "swr", OP_SWR, true }, { "sc", OP_SC, true },
};

static int m_mem(struct asm_ctx *c, const char *mn, enum isa_op o, bool uses_rt,
                 const struct opnd *op, int n, int col)
{
    if (!shape(op, n, "RA"))
        return 0;
    int t = op[0].reg;
    const struct asm_val *v = &op[1].val;
    uint32_t u = (uint32_t)v->v;
    bool base = op[1].kind == OPND_MEM;
    int b = base ? op[1].reg : 0;

    if (c->pass == 2 && (v->v < -2147483648ll || v->v > 0xffffffffll)) {
        asm_error(c, op[1].col, "address 0x%llx does not fit in 32 bits",
                  (unsigned long long)v->v);
        return 1;
    }
    if (!base && VAL_CONST(*v) && fits_s16(u)) {
        imm(c, isa_insns[o].match, t, 0, u);
        return 1;
    }
    int tmp = (uses_rt || t == 0 || (base && t == b)) ? AT : t;
    if (tmp == AT)
        asm_need_at(c, col);
    (void)mn;
    imm(c, W(LUI), tmp, 0, hi16(u));
    if (base)
        r3(c, W(ADDU), tmp, tmp, b);
    imm(c, isa_insns[o].match, t, tmp, u & 0xffffu);
    return 1;
}

/* ---- unaligned loads and stores --------------------------------------------------- */

/* unaligned_base: for ulw & co: the base register and the offset to use; an
 * address that does not fit "off($b)" is put in $at first (la at). */
static bool unaligned_base(struct asm_ctx *c, const struct opnd *a, int extra, int col,
                           int *b, uint32_t *off, bool *via_at)
{
    const struct asm_val *v = &a->val;
    uint32_t u = (uint32_t)v->v;
    *via_at = false;
    *b = a->kind == OPND_MEM ? a->reg : 0;
    if (a->kind == OPND_MEM && !a->has_expr) {
        *off = 0;
        return true;
    }
    if (VAL_CONST(*v) && fits_s16(u) && fits_s16(u + (uint32_t)extra)) {
        *off = u;
        return true;
    }
    asm_need_at(c, col);
    if (VAL_CONST(*v))
        load_reg(c, AT, u);
    else
        load_addr(c, AT, u);
    if (a->kind == OPND_MEM)
        r3(c, W(ADDU), AT, AT, a->reg);
    *b = AT;
    *off = 0;
    *via_at = true;
    return true;
}

static int m_unaligned(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    int b;
    uint32_t off;
    bool via;
    if (!shape(op, n, "RA")) {
        usage(c, col, mn, "$rt, offset($base)");
        return 1;
    }
    int t = op[0].reg;
    bool word = mn[2] == 'w';        /* ulw, usw: 4 bytes; ulh, ulhu, ush: 2 */
    unaligned_base(c, &op[1], word ? 3 : 1, col, &b, &off, &via);
    if (!strcmp(mn, "ulw")) {
        if (t == b) {
            asm_need_at(c, col);
            imm(c, W(LWL), AT, b, off + 3);
            imm(c, W(LWR), AT, b, off);
            move(c, t, AT);
        } else {
            imm(c, W(LWL), t, b, off + 3);
            imm(c, W(LWR), t, b, off);
        }
    } else if (!strcmp(mn, "usw")) {
        imm(c, W(SWL), t, b, off + 3);
        imm(c, W(SWR), t, b, off);
    } else if (!strcmp(mn, "ulh") || !strcmp(mn, "ulhu")) {
        uint32_t hi = mn[3] == 'u' ? W(LBU) : W(LB);
        if (via) {
            imm(c, hi, t, AT, 1);
            imm(c, W(LBU), AT, AT, 0);
            shift(c, W(SLL), t, t, 8);
            r3(c, W(OR), t, t, AT);
        } else {
            asm_need_at(c, col);
            imm(c, hi, AT, b, off + 1);
            imm(c, W(LBU), t, b, off);
            shift(c, W(SLL), AT, AT, 8);
            r3(c, W(OR), t, t, AT);
        }
    } else { /* ush */
        if (via) {
            imm(c, W(SB), t, AT, 0);
            shift(c, W(SRL), t, t, 8);
            imm(c, W(SB), t, AT, 1);
            imm(c, W(LBU), AT, AT, 0);
            shift(c, W(SLL), t, t, 8);
            r3(c, W(OR), t, t, AT);
        } else {
            asm_need_at(c, col);
            imm(c, W(SB), t, b, off);
            shift(c, W(SRL), AT, t, 8);
            imm(c, W(SB), AT, b, off + 1);
        }
    }
    return 1;
}

/* ---- branches ---------------------------------------------------------------------- */
enum cond { C_LT, C_LE, C_GT, C_GE };

/* Branch opcodes, normal and likely. */
static uint32_t bw(enum isa_op o, bool likely)
{
    if (!likely)
        return asm_insn_word(o);
    switch (o) {
    case OP_BEQ:  return W(BEQL);
    case OP_BNE:  return W(BNEL);
    case OP_BLEZ: return W(BLEZL);
    case OP_BGTZ: return W(BGTZL);
    case OP_BLTZ: return W(BLTZL);
    case OP_BGEZ: return W(BGEZL);
    default:      return asm_insn_word(o);
    }
}

static void always(struct asm_ctx *c, const char *mn, int col, bool likely, const struct opnd *t)
{
    asm_warning(c, col, "branch %s is always true", mn);
    br_to(c, bw(OP_BEQ, likely), 0, 0, t);
}

/* set-and-branch through $at: slt(u) at,x,y then bnez/beqz at */
static void via_at(struct asm_ctx *c, int col, bool uns, int x, int y, bool nez, bool likely,
                   const struct opnd *t)
{
    asm_need_at(c, col);
    r3(c, uns ? W(SLTU) : W(SLT), AT, x, y);
    br_to(c, bw(nez ? OP_BNE : OP_BEQ, likely), AT, 0, t);
}

static void branch_rr(struct asm_ctx *c, const char *mn, int col, enum cond cd, bool uns,
                      bool likely, int s, int t, const struct opnd *tg)
{
    switch (cd) {
    case C_LT:
        if (!uns) {
            if (t == 0) br_to(c, bw(OP_BLTZ, likely), s, 0, tg);
            else if (s == 0) br_to(c, bw(OP_BGTZ, likely), t, 0, tg);
            else via_at(c, col, false, s, t, true, likely, tg);
        } else {
            if (t == 0) nop(c);
            else if (s == 0) br_to(c, bw(OP_BNE, likely), 0, t, tg);
            else via_at(c, col, true, s, t, true, likely, tg);
        }
        break;
    case C_LE:
        if (!uns) {
            if (t == 0) br_to(c, bw(OP_BLEZ, likely), s, 0, tg);
            else if (s == 0) br_to(c, bw(OP_BGEZ, likely), t, 0, tg);
            else via_at(c, col, false, t, s, false, likely, tg);
        } else {
            if (t == 0) br_to(c, bw(OP_BEQ, likely), s, 0, tg);
            else if (s == 0) always(c, mn, col, likely, tg);
            else via_at(c, col, true, t, s, false, likely, tg);
        }
        break;
    case C_GT:
        if (!uns) {
            if (t == 0) br_to(c, bw(OP_BGTZ, likely), s, 0, tg);
            else if (s == 0) br_to(c, bw(OP_BLTZ, likely), t, 0, tg);
            else via_at(c, col, false, t, s, true, likely, tg);
        } else {
            if (t == 0) br_to(c, bw(OP_BNE, likely), s, 0, tg);
            else if (s == 0) nop(c);
            else via_at(c, col, true, t, s, true, likely, tg);
        }
        break;
    case C_GE:
        if (!uns) {
            if (t == 0) br_to(c, bw(OP_BGEZ, likely), s, 0, tg);
            else if (s == 0) br_to(c, bw(OP_BLEZ, likely), t, 0, tg);
            else via_at(c, col, false, s, t, false, likely, tg);
        } else {
            if (t == 0) always(c, mn, col, likely, tg);
            else if (s == 0) br_to(c, bw(OP_BEQ, likely), 0, t, tg);
            else via_at(c, col, true, s, t, false, likely, tg);
        }
        break;
    }
}

/* set-and-branch with an immediate: slti(u) at,s,imm or li at + slt(u). */
static void via_at_imm(struct asm_ctx *c, int col, bool uns, int s, uint32_t v, bool nez,
                       bool likely, const struct opnd *t)
{
    asm_need_at(c, col);
    if (fits_s16(v)) {
        imm(c, uns ? W(SLTIU) : W(SLTI), AT, s, v);
    } else {
        load_reg(c, AT, v);
        r3(c, uns ? W(SLTU) : W(SLT), AT, s, AT);
    }
    br_to(c, bw(nez ? OP_BNE : OP_BEQ, likely), AT, 0, t);
}

/* blt/bge (signed or not) against an immediate */
static void branch_lt_imm(struct asm_ctx *c, int col, bool ge, bool uns, bool likely, int s,
                          uint32_t v, const struct opnd *t, const char *mn)
{
    if (v == 0) {
        if (!uns) br_to(c, bw(ge ? OP_BGEZ : OP_BLTZ, likely), s, 0, t);
        else if (ge) always(c, mn, col, likely, t);
        else nop(c);
    } else if (v == 1) {
        if (!uns) br_to(c, bw(ge ? OP_BGTZ : OP_BLEZ, likely), s, 0, t);
        else br_to(c, bw(ge ? OP_BNE : OP_BEQ, likely), s, 0, t);
    } else {
        via_at_imm(c, col, uns, s, v, !ge, likely, t);
    }
}

static int m_branch(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    char base[8];
    size_t len = strlen(mn);
    bool likely = false;
    if (len >= sizeof base)
        return 0;
    memcpy(base, mn, len + 1);
    /* bltl, bgeul ... : the base name plus 'l' */
    if (len >= 4 && base[len - 1] == 'l') {
        static const char *const names[] = { "blt", "bltu", "ble", "bleu", "bgt", "bgtu",
                                             "bge", "bgeu", NULL };
        for (int k = 0; names[k]; k++)
            if (strlen(names[k]) == len - 1 && !memcmp(names[k], base, len - 1)) {
                base[len - 1] = 0;
                likely = true;
                break;
            }
    }
    enum cond cd;
    bool uns = base[3] == 'u';
    if (!strncmp(base, "blt", 3)) cd = C_LT;
    else if (!strncmp(base, "ble", 3)) cd = C_LE;
    else if (!strncmp(base, "bgt", 3)) cd = C_GT;
    else cd = C_GE;

    if (shape(op, n, "RRE")) {
        branch_rr(c, mn, col, cd, uns, likely, op[0].reg, op[1].reg, &op[2]);
        return 1;
    }
    if (!shape(op, n, "REE")) {
        usage(c, col, mn, "$rs, $rt, label  or  $rs, value, label");
        return 1;
    }
    uint32_t v;
    if (!const32(c, mn, &op[1], 2, &v)) {
        nop(c);
        return 1;
    }
    int s = op[0].reg;
    switch (cd) {
    case C_LT: branch_lt_imm(c, col, false, uns, likely, s, v, &op[2], mn); break;
    case C_GE: branch_lt_imm(c, col, true, uns, likely, s, v, &op[2], mn); break;
    case C_LE:   /* ble x,v = blt x,v+1 */
        if ((!uns && v == 0x7fffffffu) || (uns && v == 0xffffffffu))
            always(c, mn, col, likely, &op[2]);
        else
            branch_lt_imm(c, col, false, uns, likely, s, v + 1, &op[2], mn);
        break;
    case C_GT:   /* bgt x,v = bge x,v+1 */
        if ((!uns && v == 0x7fffffffu) || (uns && v == 0xffffffffu))
            nop(c);
        else
            branch_lt_imm(c, col, true, uns, likely, s, v + 1, &op[2], mn);
        break;
    }
    return 1;
}

/* beq/bne/beql/bnel with an immediate */
static int m_beq_imm(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    if (!shape(op, n, "REE"))
        return 0;
    bool ne = mn[1] == 'n', likely = mn[3] == 'l';
    uint32_t v;
    if (!const32(c, mn, &op[1], 2, &v)) {
        nop(c);
        return 1;
    }
    if (v == 0) {
        br_to(c, bw(ne ? OP_BNE : OP_BEQ, likely), op[0].reg, 0, &op[2]);
        return 1;
    }
    asm_need_at(c, col);
    load_reg(c, AT, v);
    br_to(c, bw(ne ? OP_BNE : OP_BEQ, likely), op[0].reg, AT, &op[2]);
    return 1;
}

/* ---- jumps through registers ---------------------------------------------------------- */
static int m_jump(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    (void)col;
    if (!strcmp(mn, "j") && shape(op, n, "R")) {
        asm_emit_insn(c, W(JR) | ISA_PUT_RS(op[0].reg));
        return 1;
    }
    if (!strcmp(mn, "jal") && shape(op, n, "R")) {
        asm_emit_insn(c, W(JALR) | ISA_PUT_RD(31) | ISA_PUT_RS(op[0].reg));
        return 1;
    }
    if (!strcmp(mn, "jal") && shape(op, n, "RR")) {
        asm_emit_insn(c, W(JALR) | ISA_PUT_RD(op[0].reg) | ISA_PUT_RS(op[1].reg));
        return 1;
    }
    return 0;
}

/* ---- arithmetic -------------------------------------------------------------------------- */

/* three_ops: "op d,s,x" or the short "op d,x" (= op d,d,x); x is operand 2 of
 * the result.  kind: 'R' register or 'E' value.  Returns false if the
 * operands have another shape. */
static bool three_ops(const struct opnd *op, int n, char kind, struct opnd *out)
{
    char s3[4] = { 'R', 'R', kind, 0 }, s2[3] = { 'R', kind, 0 };
    if (shape(op, n, s3)) {
        out[0] = op[0]; out[1] = op[1]; out[2] = op[2];
        return true;
    }
    if (shape(op, n, s2)) {
        out[0] = op[0]; out[1] = op[0]; out[2] = op[1];
        return true;
    }
    return false;
}

/* add, addu, sub, subu, and, or, xor, nor, slt, sltu with an immediate */
static int m_arith_imm(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    struct opnd o[3];
    uint32_t v;
    if (!three_ops(op, n, 'E', o))
        return 0;
    if (!const32(c, mn, &o[2], n, &v)) {
        nop(c);
        return 1;
    }
    int d = o[0].reg, s = o[1].reg;
    static const struct {
        const char *mn; enum isa_op rop, iop; char kind;   /* 's' signed, 'u' unsigned, 'n' negated */
    } t[] = {
        { "add", OP_ADD, OP_ADDI, 's' }, { "addu", OP_ADDU, OP_ADDIU, 's' },
        { "sub", OP_SUB, OP_ADDI, 'n' }, { "subu", OP_SUBU, OP_ADDIU, 'n' },
        { "and", OP_AND, OP_ANDI, 'u' }, { "or", OP_OR, OP_ORI, 'u' },
        { "xor", OP_XOR, OP_XORI, 'u' }, { "nor", OP_NOR, OP_ORI, 'u' },
        { "slt", OP_SLT, OP_SLTI, 's' }, { "sltu", OP_SLTU, OP_SLTIU, 's' },
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        if (strcmp(t[k].mn, mn))
            continue;
        bool fits = t[k].kind == 's' ? fits_s16(v) :
                    t[k].kind == 'u' ? v <= 0xffffu : fits_s16(0u - v);
        if (fits) {
            imm(c, isa_insns[t[k].iop].match, d, s, t[k].kind == 'n' ? 0u - v : v);
            if (t[k].rop == OP_NOR)
                r3(c, W(NOR), d, d, 0);
        } else {
            asm_need_at(c, col);
            load_reg(c, AT, v);
            r3(c, isa_insns[t[k].rop].match, d, s, AT);
        }
        return 1;
    }
    return 0;
}

/* mul with an immediate; mulo, mulou */
static int m_mul(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    struct opnd o[3];
    int t;
    bool is_mul = !strcmp(mn, "mul");
    if (three_ops(op, n, 'E', o)) {
        uint32_t v;
        if (!const32(c, mn, &o[2], n, &v)) {
            nop(c);
            return 1;
        }
        asm_need_at(c, col);
        load_reg(c, AT, v);
        t = AT;
    } else if (!is_mul && three_ops(op, n, 'R', o)) {
        t = o[2].reg;
    } else {
        if (is_mul)
            return 0;
        usage(c, col, mn, "$rd, $rs, $rt");
        return 1;
    }
    int d = o[0].reg, s = o[1].reg;
    if (is_mul) {
        r3(c, W(MULT), 0, s, t);
        r3(c, W(MFLO), d, 0, 0);
    } else if (!strcmp(mn, "mulo")) {
        asm_need_at(c, col);
        r3(c, W(MULT), 0, s, t);
        r3(c, W(MFLO), d, 0, 0);
        shift(c, W(SRA), d, d, 31);
        r3(c, W(MFHI), AT, 0, 0);
        br(c, W(BEQ), d, AT, 2);
        nop(c);
        brk(c, 6);
        r3(c, W(MFLO), d, 0, 0);
    } else {
        asm_need_at(c, col);
        r3(c, W(MULTU), 0, s, t);
        r3(c, W(MFHI), AT, 0, 0);
        r3(c, W(MFLO), d, 0, 0);
        br(c, W(BEQ), AT, 0, 2);
        nop(c);
        brk(c, 6);
    }
    return 1;
}

/* div, divu, rem, remu with three operands (two-operand div/divu is the
 * machine instruction, as in SPIM: insn.c matches it before this). */
static int m_div(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    struct opnd o[3];
    bool rem = mn[0] == 'r', uns = mn[strlen(mn) - 1] == 'u';
    uint32_t dw = uns ? W(DIVU) : W(DIV);
    uint32_t mf = rem ? W(MFHI) : W(MFLO);
    bool is_div = !rem;

    if (three_ops(op, n, 'R', o) && !(is_div && n == 2)) {
        int d = o[0].reg, s = o[1].reg, t = o[2].reg;
        if (is_div && d == 0) {                  /* div $zero,s,t: the machine instruction */
            r3(c, dw, 0, s, t);
            return 1;
        }
        if (t == 0) {
            asm_warning(c, o[2].col, "divide by zero");
            brk(c, 7);
            return 1;
        }
        br(c, W(BNE), t, 0, 2);
        r3(c, dw, 0, s, t);
        brk(c, 7);
        if (!uns) {
            asm_need_at(c, col);
            imm(c, W(ADDIU), AT, 0, 0xffffu);
            br(c, W(BNE), t, AT, 4);
            imm(c, W(LUI), AT, 0, 0x8000u);
            br(c, W(BNE), s, AT, 2);
            nop(c);
            brk(c, 6);
        }
        r3(c, mf, d, 0, 0);
        return 1;
    }
    if (three_ops(op, n, 'E', o)) {
        uint32_t v;
        if (!const32(c, mn, &o[2], n, &v)) {
            nop(c);
            return 1;
        }
        int d = o[0].reg, s = o[1].reg;
        if (v == 0) {
            asm_warning(c, o[2].col, "divide by zero");
            brk(c, 7);
        } else if (v == 1) {
            move(c, d, rem ? 0 : s);
        } else if (v == 0xffffffffu && !uns) {
            if (rem)
                move(c, d, 0);
            else
                r3(c, W(SUB), d, 0, s);
        } else {
            asm_need_at(c, col);
            load_reg(c, AT, v);
            r3(c, dw, 0, s, AT);
            r3(c, mf, d, 0, 0);
        }
        return 1;
    }
    if (is_div)
        return 0;
    usage(c, col, mn, "$rd, $rs, $rt  or  $rd, $rs, value");
    return 1;
}

/* abs */
static int m_abs(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    int d, s;
    if (shape(op, n, "RR")) { d = op[0].reg; s = op[1].reg; }
    else if (shape(op, n, "R")) { d = s = op[0].reg; }
    else { usage(c, col, mn, "$rd, $rs"); return 1; }
    br(c, W(BGEZ), s, 0, 2);
    if (d == s)
        nop(c);
    else
        move(c, d, s);
    r3(c, W(SUB), d, 0, s);
    return 1;
}

/* seq, sne, sge, sgeu, sgt, sgtu, sle, sleu */
static int m_set(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    struct opnd o[3];
    bool uns = mn[3] == 'u';
    uint32_t slt = uns ? W(SLTU) : W(SLT), slti = uns ? W(SLTIU) : W(SLTI);
    int d, s, t;
    uint32_t v = 0;
    bool isimm;

    if (three_ops(op, n, 'R', o)) {
        isimm = false;
        t = o[2].reg;
    } else if (three_ops(op, n, 'E', o)) {
        isimm = true;
        t = 0;
        if (!const32(c, mn, &o[2], n, &v)) {
            nop(c);
            return 1;
        }
    } else {
        usage(c, col, mn, "$rd, $rs, $rt  or  $rd, $rs, value");
        return 1;
    }
    d = o[0].reg;
    s = o[1].reg;

    if (!strcmp(mn, "seq") || !strcmp(mn, "sne")) {
        bool eq = mn[1] == 'e';
        int x;                 /* the register that is zero iff s == t */
        if (!isimm) {
            if (s == 0) x = t;
            else if (t == 0) x = s;
            else { r3(c, W(XOR), d, s, t); x = d; }
        } else if (v == 0) {
            x = s;
        } else if (v <= 0xffffu) {
            imm(c, W(XORI), d, s, v);
            x = d;
        } else if ((int32_t)v < 0 && (int32_t)v > -32768) {
            imm(c, W(ADDIU), d, s, 0u - v);
            x = d;
        } else {
            asm_need_at(c, col);
            load_reg(c, AT, v);
            r3(c, W(XOR), d, s, AT);
            x = d;
        }
        if (eq)
            imm(c, W(SLTIU), d, x, 1);
        else
            r3(c, W(SLTU), d, 0, x);
        return 1;
    }
    bool ge = !strncmp(mn, "sge", 3), gt = !strncmp(mn, "sgt", 3);
    if (ge) {                  /* !(s < t) */
        if (!isimm)
            r3(c, slt, d, s, t);
        else if (fits_s16(v))
            imm(c, slti, d, s, v);
        else {
            asm_need_at(c, col);
            load_reg(c, AT, v);
            r3(c, slt, d, s, AT);
        }
        imm(c, W(XORI), d, d, 1);
        return 1;
    }
    /* sgt: t < s; sle: !(t < s) */
    if (isimm) {
        asm_need_at(c, col);
        load_reg(c, AT, v);
        t = AT;
    }
    r3(c, slt, d, t, s);
    if (!gt)
        imm(c, W(XORI), d, d, 1);
    return 1;
}

/* rol, ror */
static int m_rotate(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int col)
{
    struct opnd o[3];
    bool left = mn[1] == 'o' && mn[2] == 'l';
    if (three_ops(op, n, 'R', o)) {
        int d = o[0].reg, s = o[1].reg, t = o[2].reg;
        asm_need_at(c, col);
        r3(c, W(SUBU), AT, 0, t);
        r3(c, left ? W(SRLV) : W(SLLV), AT, AT, s);
        r3(c, left ? W(SLLV) : W(SRLV), d, t, s);
        r3(c, W(OR), d, d, AT);
        return 1;
    }
    if (three_ops(op, n, 'E', o)) {
        uint32_t v;
        if (!const32(c, mn, &o[2], n, &v)) {
            nop(c);
            return 1;
        }
        int d = o[0].reg, s = o[1].reg;
        unsigned sa = v & 31;
        if (sa == 0) {
            shift(c, W(SRL), d, s, 0);
            return 1;
        }
        asm_need_at(c, col);
        shift(c, left ? W(SLL) : W(SRL), AT, s, sa);
        shift(c, left ? W(SRL) : W(SLL), d, s, 32 - sa);
        r3(c, W(OR), d, d, AT);
        return 1;
    }
    usage(c, col, mn, "$rd, $rs, $rt  or  $rd, $rs, shift");
    return 1;
}

/* ---- the table ---------------------------------------------------------------------------- */
typedef int (*macro_fn)(struct asm_ctx *, const char *, const struct opnd *, int, int);

static const struct { const char *mn; macro_fn fn; } macros[] = {
    { "li", m_li }, { "la", m_la },
    { "ulw", m_unaligned }, { "usw", m_unaligned }, { "ulh", m_unaligned },
    { "ulhu", m_unaligned }, { "ush", m_unaligned },
    { "blt", m_branch }, { "bltu", m_branch }, { "ble", m_branch }, { "bleu", m_branch },
    { "bgt", m_branch }, { "bgtu", m_branch }, { "bge", m_branch }, { "bgeu", m_branch },
    { "bltl", m_branch }, { "bltul", m_branch }, { "blel", m_branch }, { "bleul", m_branch },
    { "bgtl", m_branch }, { "bgtul", m_branch }, { "bgel", m_branch }, { "bgeul", m_branch },
    { "beq", m_beq_imm }, { "bne", m_beq_imm }, { "beql", m_beq_imm }, { "bnel", m_beq_imm },
    { "j", m_jump }, { "jal", m_jump },
    { "add", m_arith_imm }, { "addu", m_arith_imm }, { "sub", m_arith_imm },
    { "subu", m_arith_imm }, { "and", m_arith_imm }, { "or", m_arith_imm },
    { "xor", m_arith_imm }, { "nor", m_arith_imm }, { "slt", m_arith_imm },
    { "sltu", m_arith_imm },
    { "mul", m_mul }, { "mulo", m_mul }, { "mulou", m_mul },
    { "div", m_div }, { "divu", m_div }, { "rem", m_div }, { "remu", m_div },
    { "abs", m_abs },
    { "seq", m_set }, { "sne", m_set }, { "sge", m_set }, { "sgeu", m_set },
    { "sgt", m_set }, { "sgtu", m_set }, { "sle", m_set }, { "sleu", m_set },
    { "rol", m_rotate }, { "ror", m_rotate },
};

int asm_macro(struct asm_ctx *c, const char *mn, const struct opnd *op, int n, int mncol)
{
    for (size_t k = 0; k < sizeof macros / sizeof macros[0]; k++)
        if (!strcmp(macros[k].mn, mn))
            return macros[k].fn(c, mn, op, n, mncol);
    for (size_t k = 0; k < sizeof mem_ops / sizeof mem_ops[0]; k++)
        if (!strcmp(mem_ops[k].mn, mn))
            return m_mem(c, mn, mem_ops[k].op, mem_ops[k].uses_rt, op, n, mncol);
    return 0;
}
