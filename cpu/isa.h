/*
 * isa.h -- instruction fields, opcodes and the decoder, expanded from isa.def.
 *
 * This header is the one thing cpu/ and asm/ share.  It holds:
 *   - field get/set macros (one pair per field, the same for both directions);
 *   - enum isa_op, one constant per INSN row, OP_RESERVED first;
 *   - isa_decode(): instruction word -> enum isa_op, by opcode then funct;
 *   - isa_insns[] / isa_aliases[]: the rows as data, for the assembler and
 *     the disassembler.
 * It is header-only so that cpu/ links without asm/ and the other way round.
 */
#ifndef TLBVISOR_ISA_H
#define TLBVISOR_ISA_H

#include <stdbool.h>
#include <stdint.h>

/* ---- fields ---------------------------------------------------------------
 * ISA_GET_X(w) extracts field X; ISA_PUT_X(v) places a value into it (masked),
 * to be ORed into a word.  Bit positions are the MIPS32 ones. */
#define ISA_FIELD(w, lo, n)   (((uint32_t)(w) >> (lo)) & ((1u << (n)) - 1u))
#define ISA_PLACE(v, lo, n)   (((uint32_t)(v) & ((1u << (n)) - 1u)) << (lo))

#define ISA_GET_OP(w)      ISA_FIELD(w, 26, 6)
#define ISA_GET_RS(w)      ISA_FIELD(w, 21, 5)
#define ISA_GET_RT(w)      ISA_FIELD(w, 16, 5)
#define ISA_GET_RD(w)      ISA_FIELD(w, 11, 5)
#define ISA_GET_SA(w)      ISA_FIELD(w, 6, 5)
#define ISA_GET_FUNCT(w)   ISA_FIELD(w, 0, 6)
#define ISA_GET_IMM(w)     ISA_FIELD(w, 0, 16)
#define ISA_GET_SIMM(w)    ((int32_t)(int16_t)ISA_FIELD(w, 0, 16))
#define ISA_GET_TARGET(w)  ISA_FIELD(w, 0, 26)
#define ISA_GET_CODE20(w)  ISA_FIELD(w, 6, 20)   /* syscall */
#define ISA_GET_CODEHI(w)  ISA_FIELD(w, 16, 10)  /* break, first code */
#define ISA_GET_CODELO(w)  ISA_FIELD(w, 6, 10)   /* break second code, traps */
#define ISA_GET_SEL(w)     ISA_FIELD(w, 0, 3)

#define ISA_PUT_OP(v)      ISA_PLACE(v, 26, 6)
#define ISA_PUT_RS(v)      ISA_PLACE(v, 21, 5)
#define ISA_PUT_RT(v)      ISA_PLACE(v, 16, 5)
#define ISA_PUT_RD(v)      ISA_PLACE(v, 11, 5)
#define ISA_PUT_SA(v)      ISA_PLACE(v, 6, 5)
#define ISA_PUT_FUNCT(v)   ISA_PLACE(v, 0, 6)
#define ISA_PUT_IMM(v)     ISA_PLACE(v, 0, 16)
#define ISA_PUT_TARGET(v)  ISA_PLACE(v, 0, 26)
#define ISA_PUT_CODE20(v)  ISA_PLACE(v, 6, 20)
#define ISA_PUT_CODEHI(v)  ISA_PLACE(v, 16, 10)
#define ISA_PUT_CODELO(v)  ISA_PLACE(v, 6, 10)
#define ISA_PUT_SEL(v)     ISA_PLACE(v, 0, 3)

/* Major opcodes that select a sub-table. */
#define ISA_OP_SPECIAL   0x00u
#define ISA_OP_REGIMM    0x01u
#define ISA_OP_COP0      0x10u
#define ISA_OP_SPECIAL2  0x1cu
#define ISA_CO_BIT       (1u << 25)

/* Flags of INSN rows. */
#define ISA_F_DELAY   0x1u   /* followed by a delay slot */
#define ISA_F_LIKELY  0x2u   /* branch-likely: delay slot annulled if not taken */
#define ISA_F_PRIV    0x4u   /* kernel mode only */
/* Flags of ALIAS rows. */
#define ISA_A_NODIS   0x1u   /* assembler only; never printed */

/* ---- opcodes -------------------------------------------------------------- */
enum isa_op {
    OP_RESERVED = 0,            /* every encoding not in isa.def */
#define INSN(name, mn, cls, code, ops, fl) OP_##name,
#define ALIAS(mn, name, match, ops, fl)
#include "isa.def"
#undef INSN
#undef ALIAS
    OP_COUNT
};

/* ---- match words ------------------------------------------------------------
 * ISA_MATCH_<class>(code) is the word with the opcode fields set and every
 * operand zero; ISA_MASK_<class> covers the opcode fields. */
#define ISA_MATCH_OPC(c)       ISA_PUT_OP(c)
#define ISA_MATCH_SPECIAL(c)   (ISA_PUT_OP(ISA_OP_SPECIAL) | ISA_PUT_FUNCT(c))
#define ISA_MATCH_REGIMM(c)    (ISA_PUT_OP(ISA_OP_REGIMM) | ISA_PUT_RT(c))
#define ISA_MATCH_SPECIAL2(c)  (ISA_PUT_OP(ISA_OP_SPECIAL2) | ISA_PUT_FUNCT(c))
#define ISA_MATCH_COP0(c)      (ISA_PUT_OP(ISA_OP_COP0) | ISA_PUT_RS(c))
#define ISA_MATCH_CO(c)        (ISA_PUT_OP(ISA_OP_COP0) | ISA_CO_BIT | ISA_PUT_FUNCT(c))

#define ISA_MASK_OPC       0xfc000000u
#define ISA_MASK_SPECIAL   0xfc00003fu
#define ISA_MASK_REGIMM    0xfc1f0000u
#define ISA_MASK_SPECIAL2  0xfc00003fu
#define ISA_MASK_COP0      0xffe00000u
#define ISA_MASK_CO        0xfe00003fu

/* One INSN row as data. */
struct isa_insn {
    const char *mnemonic;
    const char *operands;   /* syntax letters, see isa.def */
    uint32_t match;         /* opcode fields */
    uint32_t opmask;        /* bits that select this instruction */
    unsigned flags;         /* ISA_F_* */
};

/* One ALIAS row as data. */
struct isa_alias {
    const char *mnemonic;
    enum isa_op op;         /* the instruction it spells */
    uint32_t match;         /* fixed operand fields (ORed into isa_insns[op].match) */
    const char *operands;
    unsigned flags;         /* ISA_A_* */
};

/* Indexed by enum isa_op; isa_insns[OP_RESERVED] is all zero. */
static const struct isa_insn isa_insns[OP_COUNT] = {
#define INSN(name, mn, cls, code, ops, fl) \
    [OP_##name] = { mn, ops, ISA_MATCH_##cls(code), ISA_MASK_##cls, fl },
#define ALIAS(mn, name, match, ops, fl)
#include "isa.def"
#undef INSN
#undef ALIAS
};

static const struct isa_alias isa_aliases[] = {
#define INSN(name, mn, cls, code, ops, fl)
#define ALIAS(mn, name, m, ops, fl) { mn, OP_##name, m, ops, fl },
#include "isa.def"
#undef INSN
#undef ALIAS
};
#define ISA_NALIASES (sizeof isa_aliases / sizeof isa_aliases[0])

/* ---- decoder ----------------------------------------------------------------
 * Sub-tables indexed by the selecting field; entries not listed in isa.def are
 * 0 = OP_RESERVED.  A duplicate encoding in isa.def is a compile error
 * (-Woverride-init, part of -Wextra). */
#define ISA_ROW_OPC(n, c)
#define ISA_ROW_SPECIAL(n, c)
#define ISA_ROW_REGIMM(n, c)
#define ISA_ROW_SPECIAL2(n, c)
#define ISA_ROW_COP0(n, c)
#define ISA_ROW_CO(n, c)
#define ALIAS(mn, name, match, ops, fl)

#undef ISA_ROW_OPC
#define ISA_ROW_OPC(n, c) [c] = OP_##n,
#define INSN(name, mn, cls, code, ops, fl) ISA_ROW_##cls(name, code)
static const uint8_t isa_dec_opc[64] = {
#include "isa.def"
};
#undef ISA_ROW_OPC
#define ISA_ROW_OPC(n, c)

#undef ISA_ROW_SPECIAL
#define ISA_ROW_SPECIAL(n, c) [c] = OP_##n,
static const uint8_t isa_dec_special[64] = {
#include "isa.def"
};
#undef ISA_ROW_SPECIAL
#define ISA_ROW_SPECIAL(n, c)

#undef ISA_ROW_REGIMM
#define ISA_ROW_REGIMM(n, c) [c] = OP_##n,
static const uint8_t isa_dec_regimm[32] = {
#include "isa.def"
};
#undef ISA_ROW_REGIMM
#define ISA_ROW_REGIMM(n, c)

#undef ISA_ROW_SPECIAL2
#define ISA_ROW_SPECIAL2(n, c) [c] = OP_##n,
static const uint8_t isa_dec_special2[64] = {
#include "isa.def"
};
#undef ISA_ROW_SPECIAL2
#define ISA_ROW_SPECIAL2(n, c)

#undef ISA_ROW_COP0
#define ISA_ROW_COP0(n, c) [c] = OP_##n,
static const uint8_t isa_dec_cop0[32] = {
#include "isa.def"
};
#undef ISA_ROW_COP0
#define ISA_ROW_COP0(n, c)

#undef ISA_ROW_CO
#define ISA_ROW_CO(n, c) [c] = OP_##n,
static const uint8_t isa_dec_co[64] = {
#include "isa.def"
};
#undef ISA_ROW_CO
#undef INSN
#undef ALIAS
#undef ISA_ROW_OPC
#undef ISA_ROW_SPECIAL
#undef ISA_ROW_REGIMM
#undef ISA_ROW_SPECIAL2
#undef ISA_ROW_COP0

/* isa_decode: which instruction word w is (OP_RESERVED if none).  It looks only
 * at the selecting fields; fields an instruction does not use are ignored. */
static inline enum isa_op isa_decode(uint32_t w)
{
    uint32_t op = ISA_GET_OP(w);

    switch (op) {
    case ISA_OP_SPECIAL:  return (enum isa_op)isa_dec_special[ISA_GET_FUNCT(w)];
    case ISA_OP_REGIMM:   return (enum isa_op)isa_dec_regimm[ISA_GET_RT(w)];
    case ISA_OP_SPECIAL2: return (enum isa_op)isa_dec_special2[ISA_GET_FUNCT(w)];
    case ISA_OP_COP0:
        if (w & ISA_CO_BIT)
            return (enum isa_op)isa_dec_co[ISA_GET_FUNCT(w)];
        return (enum isa_op)isa_dec_cop0[ISA_GET_RS(w)];
    default:              return (enum isa_op)isa_dec_opc[op];
    }
}

/* isa_coprocessor: for the COP1-COP3 opcodes and their loads and stores, the
 * coprocessor number (1-3) the CPU reports in Cause.CE with Coprocessor
 * Unusable; 0 for every other word. */
static inline unsigned isa_coprocessor(uint32_t w)
{
    switch (ISA_GET_OP(w)) {
    case 0x11: case 0x31: case 0x35: case 0x39: case 0x3d:  /* COP1 lwc1 ldc1 swc1 sdc1 */
        return 1;
    case 0x12: case 0x32: case 0x36: case 0x3a: case 0x3e:  /* COP2 lwc2 ldc2 swc2 sdc2 */
        return 2;
    case 0x13:                                              /* COP3 (COP1X) */
        return 3;
    default:
        return 0;
    }
}

/* The unaligned word loads and stores (little-endian), for the CPU and for
 * the VMM's device emulation.  va is the effective address; word is the
 * aligned word holding it.  isa_lwl/isa_lwr: the new rt.  isa_swlr: which
 * bytes of the aligned word swl (left) or swr writes (*mask) and their
 * value (*val, rt shifted into place: a device sees this whole word). */
static inline uint32_t isa_lwl(uint32_t rt, uint32_t word, uint32_t va)
{
    uint32_t sh = (3 - (va & 3)) * 8;
    return (word << sh) | (rt & (uint32_t)((1ull << sh) - 1));
}

static inline uint32_t isa_lwr(uint32_t rt, uint32_t word, uint32_t va)
{
    uint32_t sh = (va & 3) * 8;
    return (word >> sh) | (rt & ~(uint32_t)(0xffffffffu >> sh));
}

static inline void isa_swlr(bool left, uint32_t rt, uint32_t va, uint32_t *mask, uint32_t *val)
{
    uint32_t b = va & 3;
    if (left) {
        *mask = 0xffffffffu >> ((3 - b) * 8);
        *val = rt >> ((3 - b) * 8);
    } else {
        *mask = 0xffffffffu << (b * 8);
        *val = rt << (b * 8);
    }
}

/* Register names, index = register number. */
static const char *const isa_reg_names[32] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
    "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7",
    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
    "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra",
};

#endif /* TLBVISOR_ISA_H */
