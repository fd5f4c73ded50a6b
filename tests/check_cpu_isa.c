/*
 * check_cpu_isa.c -- the user ISA of the machine, table-driven (docs/isa.md
 * "Instructions", "Exceptions").
 *
 * Three tables run one instruction each on a fresh machine: ALU / multiply /
 * trap / privileged / reserved encodings (alu_cases), loads and stores
 * (mem_cases), branches and jumps (br_cases).  test_every_insn_has_a_case fails
 * when a row of isa.def has no case in any table.  The rest are the cases a
 * single instruction cannot show: delay slots, exceptions in them, ll/sc, eret,
 * $zero, unaligned pairs, interlocked loads.
 *
 * Register roles in the tables: S = $9 (rs), T = $10 (rt), D = $11 (result).
 */
#include "tests/cpu_harness.h"

#define S R_T1
#define T R_T2
#define D R_T3

#define D0  0xd0d0d0d0u   /* initial value of D: "unchanged" is visible */
#define HI0 0x0badcafeu
#define LO0 0x5eed5eedu
#define NONE (-1)

static struct cpu *M;
static void setup(void) { M = h_new(); }
static void teardown(void) { cpu_free(M); M = NULL; }

/* ---- ALU, multiply/divide, traps, CP0, reserved ------------------------------ */
enum form {
    F_R,      /* op d, s, t */
    F_SH,     /* op d, t, imm */
    F_SHV,    /* op d, t, s */
    F_I,      /* op d, s, imm (rt = D) */
    F_MD,     /* op s, t (HI/LO) */
    F_CL,     /* clz/clo d, s */
    F_MFHL,   /* mfhi/mflo d */
    F_MTHL,   /* mthi/mtlo s */
    F_T,      /* trap s, t, code imm */
    F_TI,     /* trap s, imm */
    F_SYS,    /* syscall imm */
    F_BRK,    /* break imm>>10, imm&0x3ff */
    F_M,      /* cache/pref: rt field = imm, offset 0, base s */
    F_CO,     /* the match word alone (tlb*, eret, wait, sync) */
    F_MFC0,   /* mfc0 d, imm & 31, sel imm >> 8 */
    F_MTC0,   /* mtc0 t, imm & 31, sel imm >> 8 */
    F_RAW,    /* the word imm */
};

struct alu_case {
    const char *name;
    enum isa_op op;          /* what the word decodes as (OP_RESERVED for RI rows) */
    enum form form;
    uint32_t imm;
    uint32_t s, t, d, hi, lo;
    int exc;                 /* NONE or the ExcCode */
    unsigned ce;             /* Cause.CE for CpU */
    uint32_t ed, ehi, elo;   /* D, HI, LO after */
    unsigned mode;           /* 0 kernel (kseg0), 1 supervisor, 2 user (mapped) */
    unsigned cp0;            /* 1 + CP0 register to check afterwards, 0 none */
    uint32_t ecp0;
};

/* A result in D, HI/LO untouched. */
#define X(nm, o, f, im, s_, t_, ed_) \
    { nm, OP_##o, f, im, s_, t_, D0, HI0, LO0, NONE, 0, ed_, HI0, LO0, 0, 0, 0 }
/* HI/LO results, D untouched. */
#define XM(nm, o, s_, t_, hi_, lo_, ehi_, elo_) \
    { nm, OP_##o, F_MD, 0, s_, t_, D0, hi_, lo_, NONE, 0, D0, ehi_, elo_, 0, 0, 0 }
/* An exception; nothing changes. */
#define XE(nm, o, f, im, s_, t_, exc_) \
    { nm, OP_##o, f, im, s_, t_, D0, HI0, LO0, exc_, 0, D0, HI0, LO0, 0, 0, 0 }
/* No effect at all (traps not taken, sync, pref, cache). */
#define XN(nm, o, f, im, s_, t_) X(nm, o, f, im, s_, t_, D0)
/* Coprocessor Unusable with CE in mode. */
#define XC(nm, o, f, im, ce_, mode_) \
    { nm, OP_##o, f, im, 0, 0, D0, HI0, LO0, EXC_CPU, ce_, D0, HI0, LO0, mode_, 0, 0 }
/* Runs in a mode without an exception. */
#define XU(nm, o, f, im, s_, t_, ed_, mode_) \
    { nm, OP_##o, f, im, s_, t_, D0, HI0, LO0, NONE, 0, ed_, HI0, LO0, mode_, 0, 0 }
/* Kernel CP0 access, checking D and one CP0 register. */
#define XK(nm, o, f, im, t_, ed_, reg_, ecp0_) \
    { nm, OP_##o, f, im, 0, t_, D0, HI0, LO0, NONE, 0, ed_, HI0, LO0, 0, (reg_) + 1, ecp0_ }

static const struct alu_case alu_cases[] = {
    /* add / addu / sub / subu: Ov leaves D unchanged */
    X("add 1+2", ADD, F_R, 0, 1, 2, 3),
    X("add -1+1", ADD, F_R, 0, 0xffffffff, 1, 0),
    X("add max+min", ADD, F_R, 0, 0x7fffffff, 0x80000000, 0xffffffff),
    XE("add ov positive", ADD, F_R, 0, 0x7fffffff, 1, EXC_OV),
    XE("add ov negative", ADD, F_R, 0, 0x80000000, 0xffffffff, EXC_OV),
    X("addu wraps to min", ADDU, F_R, 0, 0x7fffffff, 1, 0x80000000),
    X("addu wraps through 0", ADDU, F_R, 0, 0xffffffff, 2, 1),
    X("sub 5-7", SUB, F_R, 0, 5, 7, 0xfffffffe),
    X("sub -1-max = min", SUB, F_R, 0, 0xffffffff, 0x7fffffff, 0x80000000),
    XE("sub ov min-1", SUB, F_R, 0, 0x80000000, 1, EXC_OV),
    XE("sub ov max-(-1)", SUB, F_R, 0, 0x7fffffff, 0xffffffff, EXC_OV),
    XE("sub ov 0-min", SUB, F_R, 0, 0, 0x80000000, EXC_OV),
    X("subu 0-1", SUBU, F_R, 0, 0, 1, 0xffffffff),
    X("subu min-1", SUBU, F_R, 0, 0x80000000, 1, 0x7fffffff),
    /* logic */
    X("and", AND, F_R, 0, 0xf0f0ff00, 0x0ff0f0f0, 0x00f0f000),
    X("or", OR, F_R, 0, 0xf0f0ff00, 0x0ff0f0f0, 0xfff0fff0),
    X("xor", XOR, F_R, 0, 0xf0f0ff00, 0x0ff0f0f0, 0xff000ff0),
    X("nor", NOR, F_R, 0, 0xf0f0ff00, 0x0ff0f0f0, 0x000f000f),
    /* set-less-than, signed vs unsigned */
    X("slt -1<1", SLT, F_R, 0, 0xffffffff, 1, 1),
    X("slt 1<-1", SLT, F_R, 0, 1, 0xffffffff, 0),
    X("slt equal", SLT, F_R, 0, 5, 5, 0),
    X("slt min<max", SLT, F_R, 0, 0x80000000, 0x7fffffff, 1),
    X("sltu big<1", SLTU, F_R, 0, 0xffffffff, 1, 0),
    X("sltu 1<big", SLTU, F_R, 0, 1, 0xffffffff, 1),
    X("sltu equal", SLTU, F_R, 0, 5, 5, 0),
    /* immediates: sign extension for addi(u)/slti(u), zero for andi/ori/xori */
    X("addi 5+(-1)", ADDI, F_I, 0xffff, 5, 0, 4),
    X("addi 0+0x8000 sign-extends", ADDI, F_I, 0x8000, 0, 0, 0xffff8000),
    X("addi max-1 +1", ADDI, F_I, 1, 0x7ffffffe, 0, 0x7fffffff),
    XE("addi ov positive", ADDI, F_I, 1, 0x7fffffff, 0, EXC_OV),
    XE("addi ov negative", ADDI, F_I, 0xffff, 0x80000000, 0, EXC_OV),
    X("addiu no ov", ADDIU, F_I, 1, 0x7fffffff, 0, 0x80000000),
    X("addiu 0x8000 sign-extends", ADDIU, F_I, 0x8000, 0, 0, 0xffff8000),
    X("addiu 0x7fff", ADDIU, F_I, 0x7fff, 0x10, 0, 0x800f),
    X("slti -2<-1", SLTI, F_I, 0xffff, 0xfffffffe, 0, 1),
    X("slti 0<-32768", SLTI, F_I, 0x8000, 0, 0, 0),
    X("slti 5<5", SLTI, F_I, 5, 5, 0, 0),
    X("slti 4<5", SLTI, F_I, 5, 4, 0, 1),
    X("sltiu 5<0xffffffff", SLTIU, F_I, 0xffff, 5, 0, 1),
    X("sltiu -2<-1 unsigned", SLTIU, F_I, 0xffff, 0xfffffffe, 0, 1),
    X("sltiu -1<-1", SLTIU, F_I, 0xffff, 0xffffffff, 0, 0),
    X("sltiu 0x8000<0xffff8000", SLTIU, F_I, 0x8000, 0x8000, 0, 1),
    X("andi zero-extends", ANDI, F_I, 0x8001, 0xffffffff, 0, 0x8001),
    X("ori zero-extends", ORI, F_I, 0x8765, 0x12340000, 0, 0x12348765),
    X("xori zero-extends", XORI, F_I, 0xffff, 0xffff0000, 0, 0xffffffff),
    X("xori 0x8000", XORI, F_I, 0x8000, 0x0000ffff, 0, 0x7fff),
    X("lui", LUI, F_I, 0x8001, 0, 0, 0x80010000),
    /* shifts by 0, 31 and in between */
    X("sll 0", SLL, F_SH, 0, 0, 0x80000001, 0x80000001),
    X("sll 31", SLL, F_SH, 31, 0, 0x80000001, 0x80000000),
    X("sll 4", SLL, F_SH, 4, 0, 0x80000001, 0x00000010),
    X("srl 0", SRL, F_SH, 0, 0, 0x80000001, 0x80000001),
    X("srl 31", SRL, F_SH, 31, 0, 0x80000001, 1),
    X("srl 4", SRL, F_SH, 4, 0, 0x80000001, 0x08000000),
    X("sra 0", SRA, F_SH, 0, 0, 0x80000000, 0x80000000),
    X("sra 31", SRA, F_SH, 31, 0, 0x80000000, 0xffffffff),
    X("sra 4", SRA, F_SH, 4, 0, 0x80000000, 0xf8000000),
    X("sra positive", SRA, F_SH, 30, 0, 0x40000000, 1),
    X("sllv by 36 uses 4", SLLV, F_SHV, 0, 36, 1, 0x10),
    X("sllv 31", SLLV, F_SHV, 0, 31, 1, 0x80000000),
    X("sllv 0", SLLV, F_SHV, 0, 0, 1, 1),
    X("sllv by 0xffffffe0 uses 0", SLLV, F_SHV, 0, 0xffffffe0, 1, 1),
    X("srlv 31", SRLV, F_SHV, 0, 31, 0x80000000, 1),
    X("srlv by 32 uses 0", SRLV, F_SHV, 0, 32, 0x80000000, 0x80000000),
    X("srlv 4", SRLV, F_SHV, 0, 4, 0x80000000, 0x08000000),
    X("srav 31", SRAV, F_SHV, 0, 31, 0x80000000, 0xffffffff),
    X("srav by 0x24 uses 4", SRAV, F_SHV, 0, 0x24, 0x80000000, 0xf8000000),
    X("srav positive", SRAV, F_SHV, 0, 30, 0x7fffffff, 1),
    /* conditional moves */
    X("movz t=0 moves", MOVZ, F_R, 0, 0x1234, 0, 0x1234),
    X("movz t!=0 keeps", MOVZ, F_R, 0, 0x1234, 1, D0),
    X("movn t!=0 moves", MOVN, F_R, 0, 0x1234, 0x80000000, 0x1234),
    X("movn t=0 keeps", MOVN, F_R, 0, 0x1234, 0, D0),
    /* count leading zeros / ones */
    X("clz 0", CLZ, F_CL, 0, 0, 0, 32),
    X("clz ~0", CLZ, F_CL, 0, 0xffffffff, 0, 0),
    X("clz 1", CLZ, F_CL, 0, 1, 0, 31),
    X("clz 0x8000", CLZ, F_CL, 0, 0x8000, 0, 16),
    X("clo ~0", CLO, F_CL, 0, 0xffffffff, 0, 32),
    X("clo 0", CLO, F_CL, 0, 0, 0, 0),
    X("clo 0xfffffffe", CLO, F_CL, 0, 0xfffffffe, 0, 31),
    X("clo 0x80000000", CLO, F_CL, 0, 0x80000000, 0, 1),
    X("clo 0xffff7fff", CLO, F_CL, 0, 0xffff7fff, 0, 16),
    /* multiply: 64-bit results in HI/LO */
    XM("mult -2*3", MULT, 0xfffffffe, 3, HI0, LO0, 0xffffffff, 0xfffffffa),
    XM("mult min*min", MULT, 0x80000000, 0x80000000, HI0, LO0, 0x40000000, 0),
    XM("mult max*max", MULT, 0x7fffffff, 0x7fffffff, HI0, LO0, 0x3fffffff, 1),
    XM("mult min*max", MULT, 0x80000000, 0x7fffffff, HI0, LO0, 0xc0000000, 0x80000000),
    XM("multu ~0*~0", MULTU, 0xffffffff, 0xffffffff, HI0, LO0, 0xfffffffe, 1),
    XM("multu 0xfffffffe*3", MULTU, 0xfffffffe, 3, HI0, LO0, 2, 0xfffffffa),
    XM("multu 2^31*2", MULTU, 0x80000000, 2, HI0, LO0, 1, 0),
    /* divide: LO quotient, HI remainder (sign of the dividend) */
    XM("div 100/7", DIV, 100, 7, HI0, LO0, 2, 14),
    XM("div 7/-2", DIV, 7, 0xfffffffe, HI0, LO0, 1, 0xfffffffd),
    XM("div -7/2", DIV, 0xfffffff9, 2, HI0, LO0, 0xffffffff, 0xfffffffd),
    XM("div min/-1", DIV, 0x80000000, 0xffffffff, HI0, LO0, 0, 0x80000000),
    XM("div by zero", DIV, 0x1234, 0, HI0, LO0, 0x1234, 0xffffffff),
    XM("div negative by zero", DIV, 0x80000001, 0, HI0, LO0, 0x80000001, 0xffffffff),
    XM("divu ~0/2", DIVU, 0xffffffff, 2, HI0, LO0, 1, 0x7fffffff),
    XM("divu 2^31/~0", DIVU, 0x80000000, 0xffffffff, HI0, LO0, 0x80000000, 0),
    XM("divu by zero", DIVU, 0x1234, 0, HI0, LO0, 0x1234, 0xffffffff),
    /* HI/LO moves */
    { "mfhi", OP_MFHI, F_MFHL, 0, 0, 0, D0, HI0, LO0, NONE, 0, HI0, HI0, LO0, 0, 0, 0 },
    { "mflo", OP_MFLO, F_MFHL, 0, 0, 0, D0, HI0, LO0, NONE, 0, LO0, HI0, LO0, 0, 0, 0 },
    XM("mthi", MTHI, 0x13572468, 0, HI0, LO0, 0x13572468, LO0),
    XM("mtlo", MTLO, 0x13572468, 0, HI0, LO0, HI0, 0x13572468),
    /* mul writes rd only */
    X("mul low word", MUL, F_R, 0, 0x10000, 0x10001, 0x00010000),
    X("mul negative", MUL, F_R, 0, 0xfffffffd, 5, 0xfffffff1),
    /* multiply-accumulate on the 64-bit HI:LO */
    XM("madd carry into hi", MADD, 1, 1, 0, 0xffffffff, 1, 0),
    XM("madd -1", MADD, 0xffffffff, 1, 0, 0, 0xffffffff, 0xffffffff),
    XM("madd borrow from hi", MADD, 0xffffffff, 1, 1, 0xffffffff, 1, 0xfffffffe),
    XM("madd 2^32", MADD, 0x10000, 0x10000, 0x12345678, 0x9abcdef0, 0x12345679, 0x9abcdef0),
    XM("maddu", MADDU, 0xffffffff, 1, 0, 0xffffffff, 1, 0xfffffffe),
    XM("maddu ~0*~0+1", MADDU, 0xffffffff, 0xffffffff, 0, 1, 0xfffffffe, 2),
    XM("maddu wraps 64 bits", MADDU, 1, 1, 0xffffffff, 0xffffffff, 0, 0),
    XM("msub 0-1", MSUB, 1, 1, 0, 0, 0xffffffff, 0xffffffff),
    XM("msub borrow", MSUB, 2, 1, 1, 0, 0, 0xfffffffe),
    XM("msub 0-(-1)", MSUB, 0xffffffff, 1, 0, 0, 0, 1),
    XM("msubu 0-~0", MSUBU, 0xffffffff, 1, 0, 0, 0xffffffff, 1),
    XM("msubu borrow", MSUBU, 1, 1, 1, 0, 0, 0xffffffff),
    XM("msubu to 1", MSUBU, 0xffffffff, 0xffffffff, 0xfffffffe, 2, 0, 1),
    /* traps: Tr when the condition holds, nothing otherwise */
    XE("teq equal", TEQ, F_T, 7, 5, 5, EXC_TR),
    XN("teq differ", TEQ, F_T, 7, 5, 6),
    XE("tne differ", TNE, F_T, 7, 5, 6, EXC_TR),
    XN("tne equal", TNE, F_T, 7, 5, 5),
    XE("tge 1>=-1", TGE, F_T, 0, 1, 0xffffffff, EXC_TR),
    XE("tge equal", TGE, F_T, 0, 3, 3, EXC_TR),
    XN("tge -1>=1", TGE, F_T, 0, 0xffffffff, 1),
    XE("tgeu ~0>=1", TGEU, F_T, 0, 0xffffffff, 1, EXC_TR),
    XN("tgeu 1>=~0", TGEU, F_T, 0, 1, 0xffffffff),
    XE("tlt -1<1", TLT, F_T, 0, 0xffffffff, 1, EXC_TR),
    XN("tlt 1<-1", TLT, F_T, 0, 1, 0xffffffff),
    XN("tlt equal", TLT, F_T, 0, 4, 4),
    XE("tltu 1<~0", TLTU, F_T, 0, 1, 0xffffffff, EXC_TR),
    XN("tltu ~0<1", TLTU, F_T, 0, 0xffffffff, 1),
    XE("teqi -1 sign-extended", TEQI, F_TI, 0xffff, 0xffffffff, 0, EXC_TR),
    XN("teqi 0xffff is not -1", TEQI, F_TI, 0xffff, 0xffff, 0),
    XE("tnei", TNEI, F_TI, 0xffff, 0xffff, 0, EXC_TR),
    XN("tnei equal", TNEI, F_TI, 0xffff, 0xffffffff, 0),
    XE("tgei 0>=-1", TGEI, F_TI, 0xffff, 0, 0, EXC_TR),
    XN("tgei -2>=-1", TGEI, F_TI, 0xffff, 0xfffffffe, 0),
    XN("tgeiu max>=~0", TGEIU, F_TI, 0xffff, 0x7fffffff, 0),
    XE("tgeiu ~0>=~0", TGEIU, F_TI, 0xffff, 0xffffffff, 0, EXC_TR),
    XN("tgeiu 0x8000>=0xffff8000", TGEIU, F_TI, 0x8000, 0x8000, 0),
    XE("tlti -2<-1", TLTI, F_TI, 0xffff, 0xfffffffe, 0, EXC_TR),
    XN("tlti 0<-1", TLTI, F_TI, 0xffff, 0, 0),
    XE("tltiu 5<~0", TLTIU, F_TI, 0xffff, 5, 0, EXC_TR),
    XN("tltiu ~0<0xffff8000", TLTIU, F_TI, 0x8000, 0xffffffff, 0),
    XE("tltiu 0x8000<0xffff8000", TLTIU, F_TI, 0x8000, 0x8000, 0, EXC_TR),
    /* syscall, break, and the no-ops */
    XE("syscall", SYSCALL, F_SYS, 0, 0, 0, EXC_SYS),
    XE("syscall with code", SYSCALL, F_SYS, 0xfffff, 0, 0, EXC_SYS),
    XE("break", BREAK, F_BRK, 0, 0, 0, EXC_BP),
    XE("break 7", BREAK, F_BRK, 7 << 10, 0, 0, EXC_BP),
    XN("sync", SYNC, F_CO, 0, 0, 0),
    XN("pref at unmapped kuseg", PREF, F_M, 0, 0x00000000, 0),
    XN("pref at kseg2", PREF, F_M, 4, 0xc0000000, 0),
    XN("cache at unmapped kuseg", CACHE, F_M, 0x1f, 0x00000000, 0),
    XN("cache at unbacked PA", CACHE, F_M, 0, 0xa1000000, 0),
    /* user and supervisor mode: ordinary instructions run, the no-ops never
     * fault, privileged ones raise CpU with CE = 0 */
    XU("user addu", ADDU, F_R, 0, 1, 2, 3, 2),
    XU("user cache kseg0", CACHE, F_M, 0, 0x80000000, 0, D0, 2),
    XU("user pref kseg1", PREF, F_M, 0, 0xa0000000, 0, D0, 2),
    XU("supervisor sync", SYNC, F_CO, 0, 0, 0, D0, 1),
    { "user syscall", OP_SYSCALL, F_SYS, 0, 0, 0, D0, HI0, LO0, EXC_SYS, 0, D0, HI0, LO0, 2, 0, 0 },
    XC("user mfc0", MFC0, F_MFC0, CP0_STATUS, 0, 2),
    XC("user mtc0", MTC0, F_MTC0, CP0_STATUS, 0, 2),
    XC("user tlbr", TLBR, F_CO, 0, 0, 2),
    XC("user tlbwi", TLBWI, F_CO, 0, 0, 2),
    XC("user tlbwr", TLBWR, F_CO, 0, 0, 2),
    XC("user tlbp", TLBP, F_CO, 0, 0, 2),
    XC("user eret", ERET, F_CO, 0, 0, 2),
    XC("user wait", WAIT, F_CO, 0, 0, 2),
    XC("supervisor mfc0", MFC0, F_MFC0, CP0_PRID, 0, 1),
    XC("supervisor mtc0", MTC0, F_MTC0, CP0_ENTRYHI, 0, 1),
    XC("supervisor tlbwr", TLBWR, F_CO, 0, 0, 1),
    XC("supervisor tlbp", TLBP, F_CO, 0, 0, 1),
    XC("supervisor eret", ERET, F_CO, 0, 0, 1),
    XC("supervisor wait", WAIT, F_CO, 0, 0, 1),
    /* kernel CP0 access */
    XK("mfc0 PRId", MFC0, F_MFC0, CP0_PRID, 0, PRID_TLBVISOR, CP0_PRID, PRID_TLBVISOR),
    XK("mfc0 sel 1 reads 0", MFC0, F_MFC0, CP0_STATUS | 1u << 8, 0, 0, CP0_STATUS, STATUS_BEV),
    XK("mfc0 unlisted reg 3 reads 0", MFC0, F_MFC0, 3, 0, 0, CP0_EPC, 0),
    XK("mtc0 EPC", MTC0, F_MTC0, CP0_EPC, 0x12345678, D0, CP0_EPC, 0x12345678),
    XK("mtc0 sel 2 ignored", MTC0, F_MTC0, CP0_EPC | 2u << 8, 0x12345678, D0, CP0_EPC, 0),
    XK("tlbp miss sets P", TLBP, F_CO, 0, 0, D0, CP0_INDEX, INDEX_P),
    /* reserved encodings: RI; COP1-3 and their loads/stores: CpU with CE */
    XE("special funct 0x01", RESERVED, F_RAW, 0x00000001, 0, 0, EXC_RI),
    XE("special funct 0x05", RESERVED, F_RAW, 0x00000005, 0, 0, EXC_RI),
    XE("special funct 0x0e", RESERVED, F_RAW, 0x0000000e, 0, 0, EXC_RI),
    XE("special funct 0x14 (dsllv)", RESERVED, F_RAW, 0x00000014, 0, 0, EXC_RI),
    XE("special funct 0x28", RESERVED, F_RAW, 0x00000028, 0, 0, EXC_RI),
    XE("special funct 0x3f", RESERVED, F_RAW, 0x0000003f, 0, 0, EXC_RI),
    XE("regimm rt 0x04", RESERVED, F_RAW, 0x04040000, 0, 0, EXC_RI),
    XE("regimm rt 0x1f", RESERVED, F_RAW, 0x041f0000, 0, 0, EXC_RI),
    XE("special2 funct 0x03", RESERVED, F_RAW, 0x70000003, 0, 0, EXC_RI),
    XE("special2 sdbbp", RESERVED, F_RAW, 0x7000003f, 0, 0, EXC_RI),
    XE("special3 (r2 ext)", RESERVED, F_RAW, 0x7c000000, 0, 0, EXC_RI),
    XE("opcode 0x18 (daddi)", RESERVED, F_RAW, 0x60000000, 0, 0, EXC_RI),
    XE("opcode 0x27 (lwu)", RESERVED, F_RAW, 0x9c000000, 0, 0, EXC_RI),
    XE("opcode 0x37 (ld)", RESERVED, F_RAW, 0xdc000000, 0, 0, EXC_RI),
    XE("opcode 0x3f (sd)", RESERVED, F_RAW, 0xfc000000, 0, 0, EXC_RI),
    XE("cop0 rs 0x01 (dmfc0)", RESERVED, F_RAW, 0x40200000, 0, 0, EXC_RI),
    XE("cop0 co funct 0x10", RESERVED, F_RAW, 0x42000010, 0, 0, EXC_RI),
    XE("cop0 co funct 0x03", RESERVED, F_RAW, 0x42000003, 0, 0, EXC_RI),
    XC("cop1", RESERVED, F_RAW, 0x44000000, 1, 0),
    XC("cop1 fmt", RESERVED, F_RAW, 0x46000000, 1, 0),
    XC("lwc1", RESERVED, F_RAW, 0xc4000000, 1, 0),
    XC("ldc1", RESERVED, F_RAW, 0xd4000000, 1, 0),
    XC("swc1", RESERVED, F_RAW, 0xe4000000, 1, 0),
    XC("sdc1", RESERVED, F_RAW, 0xf4000000, 1, 0),
    XC("user cop1", RESERVED, F_RAW, 0x44000000, 1, 2),
    XC("cop2", RESERVED, F_RAW, 0x48000000, 2, 0),
    XC("lwc2", RESERVED, F_RAW, 0xc8000000, 2, 0),
    XC("cop3", RESERVED, F_RAW, 0x4c000000, 3, 0),
};
#define N_ALU (sizeof alu_cases / sizeof alu_cases[0])

static uint32_t alu_encode(const struct alu_case *c)
{
    switch (c->form) {
    case F_R:    return enc_r(c->op, D, S, T);
    case F_SH:   return enc_sh(c->op, D, T, c->imm);
    case F_SHV:  return enc_shv(c->op, D, T, S);
    case F_I:    return enc_i(c->op, D, S, c->imm);
    case F_MD:   return enc_r(c->op, 0, S, T);
    case F_CL:   return enc_cl(c->op, D, S);
    case F_MFHL: return enc_r(c->op, D, 0, 0);
    case F_MTHL: return enc_r(c->op, 0, S, 0);
    case F_T:    return enc_t(c->op, S, T, c->imm);
    case F_TI:   return enc_ti(c->op, S, c->imm);
    case F_SYS:  return enc_syscall(c->imm);
    case F_BRK:  return enc_break(c->imm >> 10, c->imm & 0x3ff);
    case F_M:    return enc_m(c->op, c->imm, 0, S);
    case F_CO:   return enc_op(c->op);
    case F_MFC0: return enc_mfc0_sel(D, c->imm & 31, c->imm >> 8);
    case F_MTC0: return enc_mtc0_sel(T, c->imm & 31, c->imm >> 8);
    case F_RAW:  return c->imm;
    }
    return 0;
}

/* Check a register/value pair, naming the case. */
#define EQ(what, got, want) \
    ck_assert_msg((uint32_t)(got) == (uint32_t)(want), "%s: %s = 0x%08x, expected 0x%08x", \
                  c->name, what, (unsigned)(got), (unsigned)(want))

START_TEST(test_alu_table)
{
    const struct alu_case *c = &alu_cases[_i];
    uint32_t w = alu_encode(c);
    uint32_t pc0;
    struct cpu_stats st;

    /* The word is what the row says it is (catches a wrong encoder or row). */
    ck_assert_msg(isa_decode(w) == c->op, "%s: 0x%08x decodes as %d, not %d",
                  c->name, w, (int)isa_decode(w), (int)c->op);
    if (c->exc == EXC_RI)
        ck_assert_msg(isa_coprocessor(w) == 0, "%s: is a coprocessor word", c->name);

    cpu_set_reg(M, S, c->s);
    cpu_set_reg(M, T, c->t);
    cpu_set_reg(M, D, c->d);
    cpu_set_hilo(M, c->hi, c->lo);
    if (c->mode) {
        h_code_mapped(M, c->mode, &w, 1);
        pc0 = H_USER_VA;
        ck_assert_int_eq(cpu_mode(M), (int)c->mode);
    } else {
        h_code(M, &w, 1);
        pc0 = H_CODE_VA;
    }
    ck_assert_msg(cpu_run(M, 1) == CPU_STOP_BUDGET, "%s: run did not stop on budget", c->name);
    st = h_stats(M);
    ck_assert_msg(st.steps == 1, "%s: steps %llu", c->name, (unsigned long long)st.steps);

    if (c->exc == NONE) {
        EQ("PC", cpu_pc(M), pc0 + 4);
        EQ("D", cpu_reg(M, D), c->ed);
        EQ("HI", cpu_hi(M), c->ehi);
        EQ("LO", cpu_lo(M), c->elo);
        EQ("S", cpu_reg(M, S), c->s);
        if (c->form != F_MTC0)
            EQ("T", cpu_reg(M, T), c->t);
        EQ("retired", st.insns, 1);
        EQ("Count", cpu_cp0(M, CP0_COUNT), 1);
        ck_assert_msg(!(cpu_cp0(M, CP0_STATUS) & STATUS_EXL), "%s: EXL set", c->name);
        if (c->cp0)
            EQ("CP0", cpu_cp0(M, c->cp0 - 1), c->ecp0);
    } else {
        uint32_t cause = cpu_cp0(M, CP0_CAUSE);
        EQ("ExcCode", (cause & CAUSE_EXC) >> CAUSE_EXC_SHIFT, c->exc);
        EQ("PC", cpu_pc(M), VEC_GENERAL);
        EQ("EPC", cpu_cp0(M, CP0_EPC), pc0);
        EQ("BD", cause & CAUSE_BD, 0);
        if (c->exc == EXC_CPU)
            EQ("CE", (cause & CAUSE_CE) >> CAUSE_CE_SHIFT, c->ce);
        ck_assert_msg(cpu_cp0(M, CP0_STATUS) & STATUS_EXL, "%s: EXL clear", c->name);
        ck_assert_msg(cpu_mode(M) == CPU_KERNEL, "%s: not in kernel mode", c->name);
        EQ("D (unchanged)", cpu_reg(M, D), c->d);
        EQ("HI (unchanged)", cpu_hi(M), c->hi);
        EQ("LO (unchanged)", cpu_lo(M), c->lo);
        EQ("retired", st.insns, 0);
        EQ("Count", cpu_cp0(M, CP0_COUNT), 0);
        EQ("exceptions[code]", st.exceptions[c->exc], 1);
    }
}
END_TEST

/* ---- loads and stores ------------------------------------------------------------ */
#define MEM0 0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x12, 0x34, 0x56, 0x78
static const uint8_t mem0[12] = { MEM0 };
#define TINIT 0x11223344u

struct mem_case {
    const char *name;
    enum isa_op op;
    uint32_t base;           /* value of the base register S */
    int32_t off;
    int exc;
    uint32_t et;             /* T after (loads, sc) */
    bool store;              /* compare memory against emem, else against mem0 */
    uint8_t emem[12];
};
#define DV H_DATA_VA
#define LD(nm, o, off_, et_) { nm, OP_##o, DV, off_, NONE, et_, false, { 0 } }
#define LDE(nm, o, off_) { nm, OP_##o, DV, off_, EXC_ADEL, TINIT, false, { 0 } }
#define STE(nm, o, off_) { nm, OP_##o, DV, off_, EXC_ADES, TINIT, false, { 0 } }
#define ST(nm, o, off_, ...) { nm, OP_##o, DV, off_, NONE, TINIT, true, { __VA_ARGS__ } }

static const struct mem_case mem_cases[] = {
    LD("lb 0 sign-extends", LB, 0, 0xffffff80),
    LD("lb 1", LB, 1, 0xffffff91),
    LD("lb 8 positive", LB, 8, 0x12),
    LD("lb 11", LB, 11, 0x78),
    LD("lbu 0 zero-extends", LBU, 0, 0x80),
    LD("lbu 3", LBU, 3, 0xb3),
    LD("lh 0 sign-extends", LH, 0, 0xffff9180),
    LD("lh 2", LH, 2, 0xffffb3a2),
    LD("lh 8 positive", LH, 8, 0x3412),
    LDE("lh 1 misaligned", LH, 1),
    LDE("lh 3 misaligned", LH, 3),
    LD("lhu 2 zero-extends", LHU, 2, 0xb3a2),
    LD("lhu 8", LHU, 8, 0x3412),
    LDE("lhu 5 misaligned", LHU, 5),
    LD("lw 0", LW, 0, 0xb3a29180),
    LD("lw 4", LW, 4, 0xf7e6d5c4),
    LD("lw 8", LW, 8, 0x78563412),
    LDE("lw 1 misaligned", LW, 1),
    LDE("lw 2 misaligned", LW, 2),
    LDE("lw 3 misaligned", LW, 3),
    { "lw negative offset", OP_LW, DV + 12, -4, NONE, 0x78563412, false, { 0 } },
    { "lw through kseg1", OP_LW, KSEG1_BASE + H_DATA_PA, 8, NONE, 0x78563412, false, { 0 } },
    LD("ll 4", LL, 4, 0xf7e6d5c4),
    LDE("ll 2 misaligned", LL, 2),
    /* lwl / lwr at every byte offset of the word at +4 (rt was 0x11223344) */
    LD("lwl +0", LWL, 4, 0xc4223344),
    LD("lwl +1", LWL, 5, 0xd5c43344),
    LD("lwl +2", LWL, 6, 0xe6d5c444),
    LD("lwl +3", LWL, 7, 0xf7e6d5c4),
    LD("lwr +0", LWR, 4, 0xf7e6d5c4),
    LD("lwr +1", LWR, 5, 0x11f7e6d5),
    LD("lwr +2", LWR, 6, 0x1122f7e6),
    LD("lwr +3", LWR, 7, 0x112233f7),
    /* stores of 0x11223344 */
    ST("sb 1", SB, 1, 0x80, 0x44, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x12, 0x34, 0x56, 0x78),
    ST("sb 11", SB, 11, 0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x12, 0x34, 0x56, 0x44),
    ST("sh 2", SH, 2, 0x80, 0x91, 0x44, 0x33, 0xc4, 0xd5, 0xe6, 0xf7, 0x12, 0x34, 0x56, 0x78),
    ST("sh 8", SH, 8, 0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x44, 0x33, 0x56, 0x78),
    STE("sh 1 misaligned", SH, 1),
    STE("sh 7 misaligned", SH, 7),
    ST("sw 4", SW, 4, 0x80, 0x91, 0xa2, 0xb3, 0x44, 0x33, 0x22, 0x11, 0x12, 0x34, 0x56, 0x78),
    STE("sw 2 misaligned", SW, 2),
    STE("sw 5 misaligned", SW, 5),
    ST("swl +0", SWL, 4, 0x80, 0x91, 0xa2, 0xb3, 0x11, 0xd5, 0xe6, 0xf7, 0x12, 0x34, 0x56, 0x78),
    ST("swl +1", SWL, 5, 0x80, 0x91, 0xa2, 0xb3, 0x22, 0x11, 0xe6, 0xf7, 0x12, 0x34, 0x56, 0x78),
    ST("swl +2", SWL, 6, 0x80, 0x91, 0xa2, 0xb3, 0x33, 0x22, 0x11, 0xf7, 0x12, 0x34, 0x56, 0x78),
    ST("swl +3", SWL, 7, 0x80, 0x91, 0xa2, 0xb3, 0x44, 0x33, 0x22, 0x11, 0x12, 0x34, 0x56, 0x78),
    ST("swr +0", SWR, 4, 0x80, 0x91, 0xa2, 0xb3, 0x44, 0x33, 0x22, 0x11, 0x12, 0x34, 0x56, 0x78),
    ST("swr +1", SWR, 5, 0x80, 0x91, 0xa2, 0xb3, 0xc4, 0x44, 0x33, 0x22, 0x12, 0x34, 0x56, 0x78),
    ST("swr +2", SWR, 6, 0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0x44, 0x33, 0x12, 0x34, 0x56, 0x78),
    ST("swr +3", SWR, 7, 0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0x44, 0x12, 0x34, 0x56, 0x78),
    /* sc without a preceding ll: stores nothing, rt = 0 */
    LD("sc without ll fails", SC, 4, 0),
    STE("sc 2 misaligned", SC, 2),
};
#define N_MEM (sizeof mem_cases / sizeof mem_cases[0])

START_TEST(test_mem_table)
{
    const struct mem_case *c = &mem_cases[_i];
    uint32_t w = enc_m(c->op, T, c->off, S);
    uint8_t got[12];
    const uint8_t *want = c->store ? c->emem : mem0;
    struct cpu_stats st;

    ck_assert_int_eq(cpu_phys_write(M, H_DATA_PA, mem0, sizeof mem0), 0);
    cpu_set_reg(M, S, c->base);
    cpu_set_reg(M, T, TINIT);
    h_code(M, &w, 1);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    st = h_stats(M);

    ck_assert_int_eq(cpu_phys_read(M, H_DATA_PA, got, sizeof got), 0);
    for (unsigned i = 0; i < sizeof got; i++)
        ck_assert_msg(got[i] == want[i], "%s: byte %u = 0x%02x, expected 0x%02x",
                      c->name, i, got[i], want[i]);
    EQ("S", cpu_reg(M, S), c->base);
    if (c->exc == NONE) {
        EQ("T", cpu_reg(M, T), c->et);
        EQ("PC", cpu_pc(M), H_CODE_VA + 4);
        EQ("retired", st.insns, 1);
    } else {
        EQ("ExcCode", h_exccode(M), c->exc);
        EQ("PC", cpu_pc(M), VEC_GENERAL);
        EQ("EPC", cpu_cp0(M, CP0_EPC), H_CODE_VA);
        EQ("BadVAddr", cpu_cp0(M, CP0_BADVADDR), c->base + (uint32_t)c->off);
        EQ("T (unchanged)", cpu_reg(M, T), TINIT);
        EQ("retired", st.insns, 0);
        EQ("exceptions[code]", st.exceptions[c->exc], 1);
    }
}
END_TEST

/* ---- branches and jumps ---------------------------------------------------------------
 * Program (kseg0, base = H_CODE_VA):
 *   0  branch/jump to 6
 *   1  addiu $12, $12, 1      delay slot
 *   2  addiu $13, $0, 1       fall-through marker
 *   3-5 nop
 *   6  addiu $14, $0, 1       target marker
 */
struct br_case {
    const char *name;
    enum isa_op op;
    uint32_t s, t;
    bool taken;
    unsigned link;           /* register that receives PC + 8, 0 none */
};
#define BR(nm, o, s_, t_, tk) { nm, OP_##o, s_, t_, tk, 0 }
#define BRL(nm, o, s_, t_, tk, l) { nm, OP_##o, s_, t_, tk, l }

static const struct br_case br_cases[] = {
    BR("beq equal", BEQ, 5, 5, true),
    BR("beq differ", BEQ, 5, 6, false),
    BR("bne differ", BNE, 5, 6, true),
    BR("bne equal", BNE, 5, 5, false),
    BR("blez 0", BLEZ, 0, 0, true),
    BR("blez min", BLEZ, 0x80000000, 0, true),
    BR("blez 1", BLEZ, 1, 0, false),
    BR("bgtz 1", BGTZ, 1, 0, true),
    BR("bgtz 0", BGTZ, 0, 0, false),
    BR("bgtz min", BGTZ, 0x80000000, 0, false),
    BR("bltz -1", BLTZ, 0xffffffff, 0, true),
    BR("bltz 0", BLTZ, 0, 0, false),
    BR("bgez 0", BGEZ, 0, 0, true),
    BR("bgez max", BGEZ, 0x7fffffff, 0, true),
    BR("bgez min", BGEZ, 0x80000000, 0, false),
    BRL("bltzal taken", BLTZAL, 0x80000000, 0, true, 31),
    BRL("bltzal not taken links", BLTZAL, 1, 0, false, 31),
    BRL("bgezal taken", BGEZAL, 0, 0, true, 31),
    BRL("bgezal not taken links", BGEZAL, 0xffffffff, 0, false, 31),
    BR("beql taken", BEQL, 7, 7, true),
    BR("beql not taken", BEQL, 7, 8, false),
    BR("bnel taken", BNEL, 7, 8, true),
    BR("bnel not taken", BNEL, 7, 7, false),
    BR("blezl taken", BLEZL, 0, 0, true),
    BR("blezl not taken", BLEZL, 1, 0, false),
    BR("bgtzl taken", BGTZL, 1, 0, true),
    BR("bgtzl not taken", BGTZL, 0xffffffff, 0, false),
    BR("bltzl taken", BLTZL, 0xffffffff, 0, true),
    BR("bltzl not taken", BLTZL, 0, 0, false),
    BR("bgezl taken", BGEZL, 0, 0, true),
    BR("bgezl not taken", BGEZL, 0x80000000, 0, false),
    BRL("bltzall taken", BLTZALL, 0x80000000, 0, true, 31),
    BRL("bltzall not taken links", BLTZALL, 0, 0, false, 31),
    BRL("bgezall taken", BGEZALL, 1, 0, true, 31),
    BRL("bgezall not taken links", BGEZALL, 0xfffffff0, 0, false, 31),
    BR("j", J, 0, 0, true),
    BRL("jal", JAL, 0, 0, true, 31),
    BR("jr", JR, 0, 0, true),
    BRL("jalr rd=11", JALR, 0, 0, true, 11),
};
#define N_BR (sizeof br_cases / sizeof br_cases[0])

START_TEST(test_branch_table)
{
    const struct br_case *c = &br_cases[_i];
    const uint32_t base = H_CODE_VA, target = base + 24;
    bool likely = isa_insns[c->op].flags & ISA_F_LIKELY;
    bool annul = likely && !c->taken;
    uint32_t prog[7] = { 0, enc_i(OP_ADDIU, 12, 12, 1), enc_i(OP_ADDIU, 13, 0, 1),
                         0, 0, 0, enc_i(OP_ADDIU, 14, 0, 1) };
    uint32_t s = c->s;

    ck_assert_msg(isa_insns[c->op].flags & ISA_F_DELAY, "%s: no delay flag", c->name);
    switch (c->op) {
    case OP_J: case OP_JAL: prog[0] = enc_j(c->op, target); break;
    case OP_JR:             prog[0] = enc_jr(S); s = target; break;
    case OP_JALR:           prog[0] = enc_jalr(D, S); s = target; break;
    default:
        if (strcmp(isa_insns[c->op].operands, "s,t,p") == 0)
            prog[0] = enc_b(c->op, S, T, 5);
        else
            prog[0] = enc_b(c->op, S, 0, 5);
    }
    ck_assert_int_eq(isa_decode(prog[0]), c->op);
    cpu_set_reg(M, S, s);
    cpu_set_reg(M, T, c->t);
    cpu_set_reg(M, 31, 0xdead0031);
    cpu_set_reg(M, D, D0);
    h_code(M, prog, 7);

    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);          /* the branch */
    if (c->link)
        EQ("link", cpu_reg(M, c->link), base + 8);
    if (c->link != 31)
        EQ("$31 untouched", cpu_reg(M, 31), 0xdead0031);
    if (annul) {
        EQ("PC after annulled slot", cpu_pc(M), base + 8);
        ck_assert_msg(!cpu_in_delay_slot(M), "%s: in delay slot", c->name);
    } else {
        EQ("PC (delay slot)", cpu_pc(M), base + 4);
        ck_assert_msg(cpu_in_delay_slot(M), "%s: not in delay slot", c->name);
        EQ("npc", cpu_npc(M), c->taken ? target : base + 8);
        ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);      /* the delay slot */
        EQ("PC after slot", cpu_pc(M), c->taken ? target : base + 8);
        ck_assert_msg(!cpu_in_delay_slot(M), "%s: still in delay slot", c->name);
    }
    EQ("delay slot ran", cpu_reg(M, 12), annul ? 0 : 1);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);          /* a marker */
    EQ("fall-through marker", cpu_reg(M, 13), c->taken ? 0 : 1);
    EQ("target marker", cpu_reg(M, 14), c->taken ? 1 : 0);
    EQ("retired", h_stats(M).insns, annul ? 2 : 3);
    EQ("Count", cpu_cp0(M, CP0_COUNT), annul ? 2 : 3);
}
END_TEST

/* Every row of isa.def has at least one case in the tables above. */
START_TEST(test_every_insn_has_a_case)
{
    bool seen[OP_COUNT] = { false };
    char missing[2048] = "";

    for (unsigned i = 0; i < N_ALU; i++)
        seen[alu_cases[i].op] = true;
    for (unsigned i = 0; i < N_MEM; i++)
        seen[mem_cases[i].op] = true;
    for (unsigned i = 0; i < N_BR; i++)
        seen[br_cases[i].op] = true;
    for (unsigned op = 1; op < OP_COUNT; op++)
        if (!seen[op]) {
            strncat(missing, " ", sizeof missing - strlen(missing) - 1);
            strncat(missing, isa_insns[op].mnemonic, sizeof missing - strlen(missing) - 1);
        }
    ck_assert_msg(missing[0] == '\0', "instructions without a test case:%s", missing);
}
END_TEST

/* The encoder agrees with the decoder for every row (match word decodes back). */
START_TEST(test_encoder_roundtrip)
{
    for (unsigned op = 1; op < OP_COUNT; op++) {
        uint32_t w = isa_insns[op].match;
        ck_assert_msg(isa_decode(w) == (enum isa_op)op, "%s: match 0x%08x decodes as %d",
                      isa_insns[op].mnemonic, w, (int)isa_decode(w));
        ck_assert_msg((w & ~isa_insns[op].opmask) == 0, "%s: match outside opmask",
                      isa_insns[op].mnemonic);
    }
}
END_TEST

#undef EQ

/* ---- single cases ---------------------------------------------------------------------- */

/* Unused fields are ignored: sll $11, $10, 4 with rs = $9 in the word. */
START_TEST(test_unused_fields_ignored)
{
    uint32_t w = enc_sh(OP_SLL, D, T, 4) | ISA_PUT_RS(S);
    cpu_set_reg(M, S, 0xffffffff);
    cpu_set_reg(M, T, 3);
    h_code(M, &w, 1);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, D), 0x30);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
}
END_TEST

/* $zero: writes are discarded by ALU ops, loads, links and the host. */
START_TEST(test_zero_register)
{
    h_w32(M, H_DATA_PA, 0xcafef00d);
    cpu_set_reg(M, S, H_DATA_VA);
    cpu_set_reg(M, T, H_CODE_VA + 0x40);
    cpu_set_reg(M, 0, 0x55);
    ck_assert_uint_eq(cpu_reg(M, 0), 0);
    H_EXEC(M, 7,
           enc_i(OP_ADDIU, 0, 0, 5),
           enc_i(OP_LUI, 0, 0, 0x1234),
           enc_m(OP_LW, 0, 0, S),
           enc_i(OP_ORI, 0, 0, 0xffff),
           enc_r(OP_ADDU, R_T0, 0, 0),          /* $8 = $0 + $0 */
           enc_jalr(0, T),                      /* link into $0 */
           H_NOP);
    ck_assert_uint_eq(cpu_reg(M, 0), 0);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 0);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 0x40);
}
END_TEST

/* Loads are interlocked: the next instruction sees the loaded value. */
START_TEST(test_load_interlocked)
{
    h_w32(M, H_DATA_PA, 21);
    cpu_set_reg(M, S, H_DATA_VA);
    H_EXEC(M, 2,
           enc_m(OP_LW, R_T0, 0, S),
           enc_r(OP_ADDU, D, R_T0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, D), 42);
}
END_TEST

/* lwr/lwl and swr/swl pairs read and write an unaligned word (little-endian). */
START_TEST(test_unaligned_pairs)
{
    static const uint8_t bytes[12] = { MEM0 };
    uint8_t got[12];

    cpu_phys_write(M, H_DATA_PA, bytes, sizeof bytes);
    cpu_set_reg(M, S, H_DATA_VA + 3);
    cpu_set_reg(M, D, 0xaabbccdd);
    H_EXEC(M, 4,
           enc_m(OP_LWR, T, 0, S),
           enc_m(OP_LWL, T, 3, S),
           enc_m(OP_SWR, D, 4, S),              /* unaligned word at +7 */
           enc_m(OP_SWL, D, 7, S));
    ck_assert_uint_eq(cpu_reg(M, T), 0xe6d5c4b3);
    cpu_phys_read(M, H_DATA_PA, got, sizeof got);
    ck_assert_uint_eq(got[6], 0xe6);
    ck_assert_uint_eq(got[7], 0xdd);
    ck_assert_uint_eq(got[8], 0xcc);
    ck_assert_uint_eq(got[9], 0xbb);
    ck_assert_uint_eq(got[10], 0xaa);
    ck_assert_uint_eq(got[11], 0x78);
    /* lwl/lwr never raise alignment errors */
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_ADEL] + h_stats(M).exceptions[EXC_ADES], 0);
}
END_TEST

/* ll then sc succeeds (rt = 1, stored); the LL bit stays set (only eret clears it). */
START_TEST(test_ll_sc_success)
{
    h_w32(M, H_DATA_PA, 41);
    cpu_set_reg(M, S, H_DATA_VA);
    H_EXEC(M, 6,
           enc_m(OP_LL, R_T0, 0, S),
           enc_i(OP_ADDIU, R_T0, R_T0, 1),
           enc_m(OP_SC, R_T0, 0, S),
           enc_i(OP_ADDIU, R_T4, 0, 99),
           enc_m(OP_SC, R_T4, 4, S),
           H_NOP);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 1);
    ck_assert_uint_eq(h_r32(M, H_DATA_PA), 42);
    ck_assert_uint_eq(cpu_reg(M, R_T4), 1);
    ck_assert_uint_eq(h_r32(M, H_DATA_PA + 4), 99);
}
END_TEST

/* eret between ll and sc clears the LL bit: sc fails and stores nothing. */
START_TEST(test_sc_fails_after_eret)
{
    h_w32(M, H_DATA_PA, 41);
    cpu_set_reg(M, S, H_DATA_VA);
    cpu_set_reg(M, R_T0, 7);
    cpu_set_cp0(M, CP0_EPC, H_CODE_VA + 8);
    cpu_set_cp0(M, CP0_STATUS, STATUS_EXL);
    H_EXEC(M, 3,
           enc_m(OP_LL, 12, 0, S),              /* $12 = 41 */
           enc_op(OP_ERET),
           enc_m(OP_SC, R_T0, 0, S));
    ck_assert_uint_eq(cpu_reg(M, 12), 41);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 0);
    ck_assert_uint_eq(h_r32(M, H_DATA_PA), 41);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 12);
}
END_TEST

/* cpu_eret (the host's eret) clears the LL bit too. */
START_TEST(test_sc_fails_after_cpu_eret)
{
    cpu_set_reg(M, S, H_DATA_VA);
    cpu_set_reg(M, R_T0, 7);
    H_EXEC(M, 1, enc_m(OP_LL, 12, 0, S), enc_m(OP_SC, R_T0, 0, S));
    cpu_set_cp0(M, CP0_EPC, H_CODE_VA + 4);
    cpu_set_cp0(M, CP0_STATUS, STATUS_EXL);
    cpu_eret(M);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
    ck_assert_uint_eq(cpu_cp0(M, CP0_STATUS) & STATUS_EXL, 0);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 0);
    ck_assert_uint_eq(h_r32(M, H_DATA_PA), 0);
}
END_TEST

/* eret: PC = EPC, EXL cleared, no delay slot (the next word does not run). */
START_TEST(test_eret)
{
    cpu_set_cp0(M, CP0_EPC, H_CODE_VA + 16);
    cpu_set_cp0(M, CP0_STATUS, STATUS_EXL | STATUS_IM);
    H_EXEC(M, 2,
           enc_op(OP_ERET),
           enc_i(OP_ADDIU, 12, 0, 1),
           H_NOP, H_NOP,
           enc_i(OP_ADDIU, 13, 0, 1));
    ck_assert_uint_eq(cpu_reg(M, 12), 0);
    ck_assert_uint_eq(cpu_reg(M, 13), 1);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 20);
    ck_assert_uint_eq(cpu_cp0(M, CP0_STATUS), STATUS_IM);
    ck_assert_uint_eq(h_stats(M).insns, 2);
}
END_TEST

/* An exception in a delay slot: EPC = the branch, BD = 1; the branch retired. */
START_TEST(test_exception_in_delay_slot)
{
    cpu_set_reg(M, S, 0x7fffffff);
    cpu_set_reg(M, T, 1);
    cpu_set_reg(M, D, D0);
    H_EXEC(M, 3,
           H_NOP,
           enc_b(OP_BEQ, 0, 0, 4),
           enc_r(OP_ADD, D, S, T));             /* overflows */
    H_ASSERT_EXC(M, EXC_OV, VEC_GENERAL, H_CODE_VA + 4, true);
    ck_assert_uint_eq(cpu_reg(M, D), D0);
    ck_assert(!cpu_in_delay_slot(M));
    ck_assert_uint_eq(h_stats(M).insns, 2);
    ck_assert_uint_eq(h_stats(M).steps, 3);
}
END_TEST

/* Not-taken branches also have a delay slot: BD = 1 there. */
START_TEST(test_exception_in_not_taken_delay_slot)
{
    cpu_set_reg(M, S, 1);
    H_EXEC(M, 2,
           enc_b(OP_BEQ, S, 0, 4),             /* not taken */
           enc_syscall(0));
    H_ASSERT_EXC(M, EXC_SYS, VEC_GENERAL, H_CODE_VA, true);
}
END_TEST

/* jr's delay slot: a break there reports the jr. */
START_TEST(test_exception_in_jr_delay_slot)
{
    cpu_set_reg(M, S, H_CODE_VA + 0x100);
    H_EXEC(M, 3,
           H_NOP,
           enc_jr(S),
           enc_break(0, 0));
    H_ASSERT_EXC(M, EXC_BP, VEC_GENERAL, H_CODE_VA + 4, true);
}
END_TEST

/* An exception with EXL = 1 already leaves EPC and BD alone (general vector). */
START_TEST(test_nested_exception_keeps_epc)
{
    cpu_set_cp0(M, CP0_EPC, 0x00400abc);
    cpu_set_cp0(M, CP0_STATUS, STATUS_EXL);
    H_EXEC(M, 1, enc_syscall(0));
    ck_assert_uint_eq(h_exccode(M), EXC_SYS);
    ck_assert_uint_eq(cpu_pc(M), VEC_GENERAL);
    ck_assert_uint_eq(cpu_cp0(M, CP0_EPC), 0x00400abc);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_BD, 0);
}
END_TEST

/* A branch in a delay slot (docs/isa.md): the first branch's target runs as the
 * second branch's delay slot, then execution continues at the second target. */
START_TEST(test_branch_in_delay_slot)
{
    /* 0: beq -> 4; 1: beq -> 8; 4: addiu $12 (slot of #1); 8: addiu $13 */
    uint32_t p[10] = { 0 };
    p[0] = enc_b(OP_BEQ, 0, 0, h_off(0, 4));
    p[1] = enc_b(OP_BEQ, 0, 0, h_off(1, 8));
    p[2] = enc_i(OP_ADDIU, 15, 0, 1);
    p[4] = enc_i(OP_ADDIU, 12, 0, 1);
    p[5] = enc_i(OP_ADDIU, 14, 0, 1);
    p[8] = enc_i(OP_ADDIU, 13, 0, 1);
    h_code(M, p, 10);
    ck_assert_int_eq(cpu_run(M, 2), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 16);
    ck_assert(cpu_in_delay_slot(M));
    ck_assert_uint_eq(cpu_npc(M), H_CODE_VA + 32);
    ck_assert_int_eq(cpu_run(M, 2), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, 12), 1);
    ck_assert_uint_eq(cpu_reg(M, 13), 1);
    ck_assert_uint_eq(cpu_reg(M, 14), 0);
    ck_assert_uint_eq(cpu_reg(M, 15), 0);
}
END_TEST

/* jalr rd, rs with rd = rs: rs is read before rd is written. */
START_TEST(test_jalr_same_register)
{
    cpu_set_reg(M, S, H_CODE_VA + 0x40);
    H_EXEC(M, 2, enc_jalr(S, S), H_NOP);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 0x40);
    ck_assert_uint_eq(cpu_reg(M, S), H_CODE_VA + 8);
}
END_TEST

/* j takes its region from the delay slot's address: a j in the last word of a
 * 256 MiB region jumps into the next region (pages mapped through the TLB). */
START_TEST(test_jump_region_from_delay_slot)
{
    uint32_t w[2] = { enc_j(OP_J, 0x00000100), H_NOP };

    h_w32(M, 0x3ffc, w[0]);
    h_w32(M, 0x4000, w[1]);
    h_w32(M, 0x4100, enc_i(OP_ADDIU, 12, 0, 1));
    h_map(M, 10, 0x0ffff000, 0x3000, 0, ENTRYLO_V | ENTRYLO_G);
    h_map(M, 11, 0x10000000, 0x4000, 0, ENTRYLO_V | ENTRYLO_G);
    cpu_set_pc(M, 0x0ffffffc);
    ck_assert_int_eq(cpu_run(M, 2), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_pc(M), 0x10000100);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, 12), 1);
}
END_TEST

/* A jump to a misaligned address: AdEL on the fetch, EPC = BadVAddr = it. */
START_TEST(test_jump_misaligned)
{
    cpu_set_reg(M, S, H_CODE_VA + 0x42);
    H_EXEC(M, 3, enc_jr(S), H_NOP);
    H_ASSERT_EXC(M, EXC_ADEL, VEC_GENERAL, H_CODE_VA + 0x42, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), H_CODE_VA + 0x42);
}
END_TEST

/* lwl/lwr/swl/swr faults report the effective address, as MIPS32 does
 * (vAddr, not the aligned word): BadVAddr = base + offset. */
START_TEST(test_partial_word_fault_badvaddr)
{
    static const enum isa_op ops[] = { OP_LWL, OP_LWR, OP_SWL, OP_SWR };
    for (unsigned i = 0; i < 4; i++) {
        bool store = ops[i] == OP_SWL || ops[i] == OP_SWR;
        cpu_set_cp0(M, CP0_STATUS, 0);
        cpu_set_reg(M, S, 0x00600001);
        H_EXEC(M, 1, enc_m(ops[i], T, 2, S));
        ck_assert_uint_eq(h_exccode(M), store ? EXC_TLBS : EXC_TLBL);
        ck_assert_msg(cpu_cp0(M, CP0_BADVADDR) == 0x00600003, "%s: BadVAddr 0x%08x",
                      isa_insns[ops[i]].mnemonic, cpu_cp0(M, CP0_BADVADDR));
        ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI) & ENTRYHI_VPN, 0x00600000);
    }
    /* Mod on a clean page, and a bus error, the same way */
    h_map(M, 3, 0x00600000, 0x6000, 0, ENTRYLO_V);
    cpu_set_cp0(M, CP0_STATUS, 0);
    H_EXEC(M, 1, enc_m(OP_SWR, T, 2, S));
    ck_assert_uint_eq(h_exccode(M), EXC_MOD);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), 0x00600003);
    /* user mode: an address error on kseg0 reports the address itself */
    uint32_t w = enc_m(OP_LWL, T, 2, S);
    cpu_set_cp0(M, CP0_STATUS, 0);
    cpu_set_reg(M, S, 0x80002001);
    h_code_mapped(M, 2, &w, 1);
    cpu_run(M, 1);
    ck_assert_uint_eq(h_exccode(M), EXC_ADEL);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), 0x80002003);
}
END_TEST

/* A backward branch loop: exact instruction count. */
START_TEST(test_backward_loop)
{
    /* t0 = 10; loop: t1 += t0; t0 -= 1; bne t0, 0, loop; nop */
    H_EXEC(M, 1000,
           enc_i(OP_ADDIU, R_T0, 0, 10),
           enc_r(OP_ADDU, R_T1, R_T1, R_T0),
           enc_i(OP_ADDIU, R_T0, R_T0, -1),
           enc_b(OP_BNE, R_T0, 0, -3),
           H_NOP,
           enc_i(OP_ADDIU, 12, 0, 1),
           enc_b(OP_BEQ, 0, 0, -1),             /* spin here */
           H_NOP);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 55);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 0);
    ck_assert_uint_eq(cpu_reg(M, 12), 1);
    ck_assert_uint_eq(h_stats(M).insns, 1000);
}
END_TEST

/* Every exception code of the ISA is reported once in the statistics, and an
 * instruction that faults does not retire. */
START_TEST(test_faulting_insn_counts_as_step_only)
{
    H_EXEC(M, 3, H_NOP, enc_syscall(0), H_NOP);
    /* 2 steps reached the vector (nop, syscall), the third ran the nop at 0x180 */
    struct cpu_stats st = h_stats(M);
    ck_assert_uint_eq(st.steps, 3);
    ck_assert_uint_eq(st.insns, 2);
    ck_assert_uint_eq(st.exceptions[EXC_SYS], 1);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 2);
    ck_assert_uint_eq(cpu_pc(M), VEC_GENERAL + 4);
}
END_TEST

static Suite *isa_suite(void)
{
    Suite *s = suite_create("cpu_isa");
    TCase *tc;

    tc = tcase_create("tables");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_alu_table, 0, (int)N_ALU);
    tcase_add_loop_test(tc, test_mem_table, 0, (int)N_MEM);
    tcase_add_loop_test(tc, test_branch_table, 0, (int)N_BR);
    tcase_add_test(tc, test_every_insn_has_a_case);
    tcase_add_test(tc, test_encoder_roundtrip);
    suite_add_tcase(s, tc);

    tc = tcase_create("cases");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unused_fields_ignored);
    tcase_add_test(tc, test_zero_register);
    tcase_add_test(tc, test_load_interlocked);
    tcase_add_test(tc, test_unaligned_pairs);
    tcase_add_test(tc, test_ll_sc_success);
    tcase_add_test(tc, test_sc_fails_after_eret);
    tcase_add_test(tc, test_sc_fails_after_cpu_eret);
    tcase_add_test(tc, test_eret);
    tcase_add_test(tc, test_exception_in_delay_slot);
    tcase_add_test(tc, test_exception_in_not_taken_delay_slot);
    tcase_add_test(tc, test_exception_in_jr_delay_slot);
    tcase_add_test(tc, test_nested_exception_keeps_epc);
    tcase_add_test(tc, test_branch_in_delay_slot);
    tcase_add_test(tc, test_jalr_same_register);
    tcase_add_test(tc, test_jump_region_from_delay_slot);
    tcase_add_test(tc, test_jump_misaligned);
    tcase_add_test(tc, test_partial_word_fault_badvaddr);
    tcase_add_test(tc, test_backward_loop);
    tcase_add_test(tc, test_faulting_insn_counts_as_step_only);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(isa_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
