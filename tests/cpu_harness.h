/*
 * cpu_harness.h -- helpers shared by the cpu/ Check suites (tests/check_cpu_*.c).
 *
 * Everything here is static inline and uses only cpu/cpu.h and cpu/isa.h, so a
 * suite links against cpu/ alone.  It gives:
 *   - an instruction encoder built from isa_insns[op].match and the ISA_PUT_*
 *     macros (enc_r, enc_i, enc_m, enc_b, enc_j, enc_mfc0 ...);
 *   - a tiny program builder with forward-branch patching (struct h_prog);
 *   - machine creation, loading words into RAM, running from kseg0;
 *   - a console back end that captures output and feeds input from a string;
 *   - a log catcher and a trap-hook recorder;
 *   - a radix page-table builder for the walker (10/10, 6/7/7, 5/5/5/5).
 *
 * Conventions: code is loaded at PA H_CODE_PA and runs from kseg0 (H_CODE_VA)
 * unless a test says otherwise; the exception vectors live at PA 0 and 0x180.
 */
#ifndef TLBVISOR_TESTS_CPU_HARNESS_H
#define TLBVISOR_TESTS_CPU_HARNESS_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/isa.h"

/* ---- register numbers ------------------------------------------------------ */
enum {
    R_ZERO = 0, R_AT = 1, R_V0 = 2, R_V1 = 3, R_A0 = 4, R_A1 = 5, R_A2 = 6, R_A3 = 7,
    R_T0 = 8, R_T1 = 9, R_T2 = 10, R_T3 = 11, R_T4 = 12, R_T5 = 13, R_T6 = 14, R_T7 = 15,
    R_S0 = 16, R_S1 = 17, R_S2 = 18, R_S3 = 19, R_S4 = 20, R_S5 = 21, R_S6 = 22, R_S7 = 23,
    R_T8 = 24, R_T9 = 25, R_K0 = 26, R_K1 = 27, R_GP = 28, R_SP = 29, R_FP = 30, R_RA = 31,
};

/* ---- encoder --------------------------------------------------------------- */
#define H_NOP 0u

/* R-type "d,s,t" (add, slt, movz, sllv uses enc_shv). */
static inline uint32_t enc_r(enum isa_op op, unsigned rd, unsigned rs, unsigned rt)
{
    return isa_insns[op].match | ISA_PUT_RD(rd) | ISA_PUT_RS(rs) | ISA_PUT_RT(rt);
}
/* Shifts by a constant "d,t,<". */
static inline uint32_t enc_sh(enum isa_op op, unsigned rd, unsigned rt, unsigned sa)
{
    return isa_insns[op].match | ISA_PUT_RD(rd) | ISA_PUT_RT(rt) | ISA_PUT_SA(sa);
}
/* Variable shifts "d,t,s". */
static inline uint32_t enc_shv(enum isa_op op, unsigned rd, unsigned rt, unsigned rs)
{
    return isa_insns[op].match | ISA_PUT_RD(rd) | ISA_PUT_RT(rt) | ISA_PUT_RS(rs);
}
/* I-type "t,s,imm" (addiu, andi, lui with rs = 0). */
static inline uint32_t enc_i(enum isa_op op, unsigned rt, unsigned rs, uint32_t imm)
{
    return isa_insns[op].match | ISA_PUT_RT(rt) | ISA_PUT_RS(rs) | ISA_PUT_IMM(imm);
}
/* Loads and stores "t,o(b)". */
static inline uint32_t enc_m(enum isa_op op, unsigned rt, int32_t off, unsigned base)
{
    return isa_insns[op].match | ISA_PUT_RT(rt) | ISA_PUT_RS(base) | ISA_PUT_IMM((uint32_t)off);
}
/* Branches: off is in words, from the delay slot (target = pc + 4 + 4*off).
 * For REGIMM and one-register branches pass rt = 0 (match holds REGIMM's rt). */
static inline uint32_t enc_b(enum isa_op op, unsigned rs, unsigned rt, int32_t off)
{
    return isa_insns[op].match | ISA_PUT_RS(rs) | ISA_PUT_RT(rt) | ISA_PUT_IMM((uint32_t)off);
}
/* j / jal to an absolute target (its low 28 bits). */
static inline uint32_t enc_j(enum isa_op op, uint32_t target)
{
    return isa_insns[op].match | ISA_PUT_TARGET(target >> 2);
}
static inline uint32_t enc_jr(unsigned rs)
{
    return isa_insns[OP_JR].match | ISA_PUT_RS(rs);
}
static inline uint32_t enc_jalr(unsigned rd, unsigned rs)
{
    return isa_insns[OP_JALR].match | ISA_PUT_RD(rd) | ISA_PUT_RS(rs);
}
/* clz/clo "U,s": the destination goes in both rd and rt. */
static inline uint32_t enc_cl(enum isa_op op, unsigned rd, unsigned rs)
{
    return isa_insns[op].match | ISA_PUT_RD(rd) | ISA_PUT_RT(rd) | ISA_PUT_RS(rs);
}
/* Traps "s,t,q" and "s,j". */
static inline uint32_t enc_t(enum isa_op op, unsigned rs, unsigned rt, unsigned code)
{
    return isa_insns[op].match | ISA_PUT_RS(rs) | ISA_PUT_RT(rt) | ISA_PUT_CODELO(code);
}
static inline uint32_t enc_ti(enum isa_op op, unsigned rs, uint32_t imm)
{
    return isa_insns[op].match | ISA_PUT_RS(rs) | ISA_PUT_IMM(imm);
}
static inline uint32_t enc_syscall(uint32_t code)
{
    return isa_insns[OP_SYSCALL].match | ISA_PUT_CODE20(code);
}
static inline uint32_t enc_break(uint32_t hi, uint32_t lo)
{
    return isa_insns[OP_BREAK].match | ISA_PUT_CODEHI(hi) | ISA_PUT_CODELO(lo);
}
static inline uint32_t enc_mfc0_sel(unsigned rt, unsigned reg, unsigned sel)
{
    return isa_insns[OP_MFC0].match | ISA_PUT_RT(rt) | ISA_PUT_RD(reg) | ISA_PUT_SEL(sel);
}
static inline uint32_t enc_mtc0_sel(unsigned rt, unsigned reg, unsigned sel)
{
    return isa_insns[OP_MTC0].match | ISA_PUT_RT(rt) | ISA_PUT_RD(reg) | ISA_PUT_SEL(sel);
}
static inline uint32_t enc_mfc0(unsigned rt, unsigned reg) { return enc_mfc0_sel(rt, reg, 0); }
static inline uint32_t enc_mtc0(unsigned rt, unsigned reg) { return enc_mtc0_sel(rt, reg, 0); }
/* tlbr, tlbwi, tlbwr, tlbp, eret, wait, sync: the match word alone. */
static inline uint32_t enc_op(enum isa_op op) { return isa_insns[op].match; }

/* li in at most two instructions (lui + ori), always two so sizes are fixed. */
#define H_LI_WORDS 2

/* ---- program builder --------------------------------------------------------- */
#define H_PROG_MAX 512
struct h_prog {
    uint32_t w[H_PROG_MAX];
    unsigned n;
};

static inline unsigned h_emit(struct h_prog *p, uint32_t word)
{
    ck_assert_uint_lt(p->n, H_PROG_MAX);
    p->w[p->n] = word;
    return p->n++;
}
/* li rt, v as lui + ori (two words, whatever v is). */
static inline void h_li(struct h_prog *p, unsigned rt, uint32_t v)
{
    h_emit(p, enc_i(OP_LUI, rt, 0, v >> 16));
    h_emit(p, enc_i(OP_ORI, rt, rt, v & 0xffffu));
}
/* Offset for a branch at index from to reach index to. */
static inline int32_t h_off(unsigned from, unsigned to)
{
    return (int32_t)to - (int32_t)from - 1;
}
/* Point the (already emitted) branch at index at to the index to. */
static inline void h_patch(struct h_prog *p, unsigned at, unsigned to)
{
    p->w[at] = (p->w[at] & 0xffff0000u) | ISA_PUT_IMM((uint32_t)h_off(at, to));
}

/* ---- machines ------------------------------------------------------------------ */
#define H_MEM      (4u << 20)           /* RAM of the default test machine */
#define H_CODE_PA  0x00001000u
#define H_CODE_VA  (KSEG0_BASE + H_CODE_PA)
#define H_DATA_PA  0x00002000u
#define H_DATA_VA  (KSEG0_BASE + H_DATA_PA)
#define H_CON_VA   (KSEG1_BASE + DEV_CONSOLE)   /* 0xbfd00000 */
#define H_POWER_VA (KSEG1_BASE + DEV_POWER)     /* 0xbfd00010 */

static inline void h_quiet_log(void *ctx, const char *msg) { (void)ctx; (void)msg; }

static inline struct cpu *h_new_cfg(uint32_t mem, enum cpu_mmu mmu, unsigned levels, bool no_fast)
{
    struct cpu_config cfg;
    const char *err = NULL;
    struct cpu *cpu;

    memset(&cfg, 0, sizeof cfg);
    cfg.mem_size = mem;
    cfg.mmu = mmu;
    cfg.levels = levels;
    cfg.no_fast_cache = no_fast;
    cpu = cpu_new(&cfg, &err);
    ck_assert_msg(cpu != NULL, "cpu_new failed: %s", err ? err : "(no message)");
    cpu_set_log(cpu, h_quiet_log, NULL);
    return cpu;
}
static inline struct cpu *h_new(void) { return h_new_cfg(H_MEM, CPU_MMU_SOFT, 0, false); }

static inline void h_w32(struct cpu *cpu, uint32_t pa, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    ck_assert_int_eq(cpu_phys_write(cpu, pa, b, 4), 0);
}
static inline uint32_t h_r32(struct cpu *cpu, uint32_t pa)
{
    uint8_t b[4];
    ck_assert_int_eq(cpu_phys_read(cpu, pa, b, 4), 0);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
/* Write n words at pa, little-endian. */
static inline void h_load(struct cpu *cpu, uint32_t pa, const uint32_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        h_w32(cpu, pa + 4 * i, w[i]);
}
/* Load the words at H_CODE_PA and continue at H_CODE_VA (kseg0). */
static inline void h_prog_at(struct cpu *cpu, uint32_t pa, const uint32_t *w, unsigned n)
{
    h_load(cpu, pa, w, n);
    cpu_set_pc(cpu, KSEG0_BASE + pa);
}
static inline void h_code(struct cpu *cpu, const uint32_t *w, unsigned n)
{
    h_prog_at(cpu, H_CODE_PA, w, n);
}
/* Load w[0..n) at H_CODE_PA, PC = its kseg0 address, run steps; returns why it stopped. */
static inline enum cpu_stop h_exec(struct cpu *cpu, const uint32_t *w, unsigned n, uint64_t steps)
{
    h_code(cpu, w, n);
    return cpu_run(cpu, steps);
}
#define H_EXEC(cpu, steps, ...) \
    h_exec((cpu), (const uint32_t[]){ __VA_ARGS__ }, \
           (unsigned)(sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t)), (steps))

/* TLB entry through the host interface. */
static inline void h_tlb(struct cpu *cpu, unsigned idx, uint32_t hi, uint32_t lo)
{
    struct cpu_tlb_entry e;
    memset(&e, 0, sizeof e);
    e.hi = hi;
    e.lo = lo;
    cpu_tlb_write(cpu, idx, &e);
}
/* Map va -> pa in entry idx (flags: ENTRYLO_V | D | G), ASID asid. */
static inline void h_map(struct cpu *cpu, unsigned idx, uint32_t va, uint32_t pa,
                         unsigned asid, uint32_t flags)
{
    h_tlb(cpu, idx, (va & ENTRYHI_VPN) | (asid & ENTRYHI_ASID), (pa & ENTRYLO_PFN) | flags);
}
static inline void h_set_ksu(struct cpu *cpu, unsigned ksu)
{
    uint32_t st = cpu_cp0(cpu, CP0_STATUS) & ~STATUS_KSU;
    cpu_set_cp0(cpu, CP0_STATUS, st | (ksu << STATUS_KSU_SHIFT));
}

#define H_USER_VA 0x00400000u
/* Load w at H_CODE_PA, map H_USER_VA -> H_CODE_PA global in TLB entry 63 (V, no D),
 * and continue there in mode ksu (1 supervisor, 2 user). */
static inline void h_code_mapped(struct cpu *cpu, unsigned ksu, const uint32_t *w, unsigned n)
{
    h_load(cpu, H_CODE_PA, w, n);
    h_map(cpu, 63, H_USER_VA, H_CODE_PA, 0, ENTRYLO_V | ENTRYLO_G);
    h_set_ksu(cpu, ksu);
    cpu_set_pc(cpu, H_USER_VA);
}

static inline uint32_t h_exccode(struct cpu *cpu)
{
    return (cpu_cp0(cpu, CP0_CAUSE) & CAUSE_EXC) >> CAUSE_EXC_SHIFT;
}

/* Check that the machine has just taken exception code at vector vec with
 * EPC epc and BD bd (vector reached, nothing of the guest handler run). */
#define H_ASSERT_EXC(cpu, code, vec, epc, bd) do {                                   \
        uint32_t c_ = cpu_cp0((cpu), CP0_CAUSE);                                     \
        ck_assert_msg(((c_ & CAUSE_EXC) >> CAUSE_EXC_SHIFT) == (uint32_t)(code),     \
                      "ExcCode %u, expected %u", (c_ & CAUSE_EXC) >> CAUSE_EXC_SHIFT, \
                      (unsigned)(code));                                             \
        ck_assert_uint_eq(cpu_pc(cpu), (vec));                                       \
        ck_assert_uint_eq(cpu_cp0((cpu), CP0_EPC), (epc));                           \
        ck_assert_uint_eq(!!(c_ & CAUSE_BD), !!(bd));                                \
        ck_assert(cpu_cp0((cpu), CP0_STATUS) & STATUS_EXL);                          \
        ck_assert_int_eq(cpu_mode(cpu), CPU_KERNEL);                                 \
    } while (0)

static inline struct cpu_stats h_stats(struct cpu *cpu)
{
    struct cpu_stats s;
    memset(&s, 0, sizeof s);
    cpu_get_stats(cpu, &s);
    return s;
}

/* ---- console back end ------------------------------------------------------- */
struct h_console {
    char out[8192];
    size_t nout;
    const char *in;          /* input bytes (may contain NULs: see nin) */
    size_t nin, pos;
    bool hold;               /* ready() says false and there is more input */
    int reads;               /* read() calls */
    int waits;               /* wait() calls */
};
static inline int h_con_read(void *ctx)
{
    struct h_console *c = ctx;
    c->reads++;
    if (c->pos >= c->nin)
        return -1;
    return (uint8_t)c->in[c->pos++];
}
static inline bool h_con_ready(void *ctx)
{
    struct h_console *c = ctx;
    if (c->pos >= c->nin)
        return true;            /* end of input: a read returns at once */
    return !c->hold;
}
static inline void h_con_write(void *ctx, uint8_t byte)
{
    struct h_console *c = ctx;
    if (c->nout < sizeof c->out - 1)
        c->out[c->nout++] = (char)byte;
    c->out[c->nout] = '\0';
}
/* wait(): the machine sleeps until input is ready; here that releases a hold. */
static inline void h_con_wait(void *ctx)
{
    struct h_console *c = ctx;
    c->waits++;
    c->hold = false;
}
static inline void h_console(struct cpu *cpu, struct h_console *c, const char *in)
{
    static const struct cpu_console_ops ops = {
        .read = h_con_read, .ready = h_con_ready, .write = h_con_write, .wait = h_con_wait,
    };
    memset(c, 0, sizeof *c);
    c->in = in ? in : "";
    c->nin = strlen(c->in);
    cpu_set_console(cpu, &ops, c);
}

/* ---- log catcher --------------------------------------------------------------- */
struct h_log {
    char last[512];
    int count;
};
static inline void h_log_fn(void *ctx, const char *msg)
{
    struct h_log *l = ctx;
    l->count++;
    snprintf(l->last, sizeof l->last, "%s", msg);
}

/* ---- trap recorder ------------------------------------------------------------- */
struct h_traps {
    int n;
    struct cpu_trap last;
    uint32_t epc, cause, status, badvaddr, entryhi, context, pc;   /* CP0 seen in the hook */
    enum cpu_mode mode;
    enum cpu_trap_action action;
    int skip;                /* resume at EPC + 4 (after eret) instead of stopping */
};
static inline enum cpu_trap_action h_trap_fn(void *ctx, struct cpu *cpu, const struct cpu_trap *t)
{
    struct h_traps *r = ctx;
    r->n++;
    r->last = *t;
    r->epc = cpu_cp0(cpu, CP0_EPC);
    r->cause = cpu_cp0(cpu, CP0_CAUSE);
    r->status = cpu_cp0(cpu, CP0_STATUS);
    r->badvaddr = cpu_cp0(cpu, CP0_BADVADDR);
    r->entryhi = cpu_cp0(cpu, CP0_ENTRYHI);
    r->context = cpu_cp0(cpu, CP0_CONTEXT);
    r->pc = cpu_pc(cpu);
    r->mode = cpu_mode(cpu);
    if (r->skip) {
        cpu_set_cp0(cpu, CP0_EPC, t->epc + 4);
        cpu_eret(cpu);
        return CPU_TRAP_RESUME;
    }
    return r->action;
}

/* ---- walker page tables -------------------------------------------------------- */
struct h_pt {
    uint32_t root;           /* PA of the root table */
    uint32_t next;           /* next free frame for tables */
    unsigned levels;
};
/* Index bits of level lvl (0 = root) for n levels: 10/10, 6/7/7, 5/5/5/5. */
static inline unsigned h_pt_bits(unsigned levels, unsigned lvl)
{
    static const unsigned bits[3][4] = { { 10, 10 }, { 6, 7, 7 }, { 5, 5, 5, 5 } };
    return bits[levels - 2][lvl];
}
/* VA bit where the index of level lvl starts. */
static inline unsigned h_pt_shift(unsigned levels, unsigned lvl)
{
    unsigned s = 12;
    for (unsigned l = lvl + 1; l < levels; l++)
        s += h_pt_bits(levels, l);
    return s;
}
static inline unsigned h_pt_index(unsigned levels, unsigned lvl, uint32_t va)
{
    return (va >> h_pt_shift(levels, lvl)) & ((1u << h_pt_bits(levels, lvl)) - 1u);
}
static inline void h_zero_frame(struct cpu *cpu, uint32_t pa)
{
    static const uint8_t z[4096];
    ck_assert_int_eq(cpu_phys_write(cpu, pa, z, sizeof z), 0);
}
static inline void h_pt_init(struct cpu *cpu, struct h_pt *pt, unsigned levels,
                             uint32_t root, uint32_t pool)
{
    pt->root = root;
    pt->next = pool;
    pt->levels = levels;
    h_zero_frame(cpu, root);
}
/* PA of the PTE of level lvl for va, creating the missing tables above it with
 * upper-level PTEs PFN | upper (upper should include PTE_P). */
static inline uint32_t h_pt_slot(struct cpu *cpu, struct h_pt *pt, uint32_t va,
                                 unsigned lvl, uint32_t upper)
{
    uint32_t table = pt->root;
    for (unsigned l = 0; l < lvl; l++) {
        uint32_t slot = table + 4 * h_pt_index(pt->levels, l, va);
        uint32_t pte = h_r32(cpu, slot);
        if (!(pte & PTE_P)) {
            uint32_t frame = pt->next;
            pt->next += 4096;
            h_zero_frame(cpu, frame);
            pte = frame | upper;
            h_w32(cpu, slot, pte);
        }
        table = pte & PTE_PFN;
    }
    return table + 4 * h_pt_index(pt->levels, lvl, va);
}
/* Map the 4 KiB page of va with leaf PTE leaf (PFN | flags); returns the leaf's PA. */
static inline uint32_t h_pt_map(struct cpu *cpu, struct h_pt *pt, uint32_t va,
                                uint32_t leaf, uint32_t upper)
{
    uint32_t slot = h_pt_slot(cpu, pt, va, pt->levels - 1, upper);
    h_w32(cpu, slot, leaf);
    return slot;
}

/* ---- a small guest kernel ---------------------------------------------------------
 * hk_build() loads a complete little system, for tests that need many TLB
 * events: a user program that, for `rounds` rounds, walks `pages` data pages at
 * VA 0x10000000 (load, add, store back), then makes a syscall; the kernel's
 * syscall handler switches the address space (ASID 1 <-> 2, Context.PTEBase
 * A <-> B and PTBR A <-> B); the last syscall ($v0 = 10) halts the machine
 * with the running sum ($s1).  Soft mode: a refill handler at 0x80000000
 * reads the PTE through Context (R3000 linear tables at PA 2 MiB and 4 MiB)
 * and uses tlbwr; odd data pages are mapped with D = 0, so their first store
 * after a refill raises Mod, which the handler fixes with tlbp/tlbr/tlbwi.
 * Walker mode: 2-level radix tables rooted at PA 2 MiB and 4 MiB, every data
 * page writable.  Any other exception halts with 0xe00 | Cause.ExcCode << 2.
 * The machine needs HK_MEM of RAM.  hk_model() is the exit status expected. */
#define HK_MEM        (8u << 20)
#define HK_TABLE_A    0x00200000u
#define HK_TABLE_B    0x00400000u
#define HK_FRAMES_A   0x00600000u
#define HK_FRAMES_B   0x00700000u
#define HK_DATA_VA    0x10000000u

static inline uint32_t hk_model(unsigned rounds, unsigned pages)
{
    static uint32_t mem[2][256];
    uint32_t s1 = 0;
    memset(mem, 0, sizeof mem);
    for (unsigned r = 0; r < rounds; r++)
        for (unsigned i = 0; i < pages; i++) {
            s1 += mem[r & 1][i];
            s1 += 1;
            mem[r & 1][i] = s1;
        }
    return s1;
}

static inline void hk_build(struct cpu *cpu, unsigned rounds, unsigned pages)
{
    struct h_prog p;
    unsigned at, at2, at3, sys, modl, exitl, inner, outer;
    bool walker = cpu_mmu(cpu) == CPU_MMU_WALKER;

    ck_assert_uint_le(pages, 256);
    ck_assert_uint_ge(cpu_mem_size(cpu), HK_MEM);

    /* refill handler at 0x80000000 */
    p.n = 0;
    h_emit(&p, enc_mfc0(R_K0, CP0_CONTEXT));
    h_emit(&p, enc_m(OP_LW, R_K0, 0, R_K0));
    h_emit(&p, enc_mtc0(R_K0, CP0_ENTRYLO));
    h_emit(&p, enc_op(OP_TLBWR));
    h_emit(&p, enc_op(OP_ERET));
    h_load(cpu, 0, p.w, p.n);

    /* general handler at 0x80000180 */
    p.n = 0;
    h_emit(&p, enc_mfc0(R_K0, CP0_CAUSE));
    h_emit(&p, enc_i(OP_ANDI, R_K0, R_K0, CAUSE_EXC));
    h_emit(&p, enc_i(OP_ADDIU, R_K1, 0, EXC_SYS << 2));
    at = h_emit(&p, enc_b(OP_BEQ, R_K0, R_K1, 0));
    h_emit(&p, H_NOP);
    h_emit(&p, enc_i(OP_ADDIU, R_K1, 0, EXC_MOD << 2));
    at2 = h_emit(&p, enc_b(OP_BEQ, R_K0, R_K1, 0));
    h_emit(&p, H_NOP);
    h_emit(&p, enc_i(OP_LUI, R_K1, 0, H_POWER_VA >> 16));
    h_emit(&p, enc_i(OP_ORI, R_K0, R_K0, 0xe00));
    h_emit(&p, enc_m(OP_SW, R_K0, (int32_t)(H_POWER_VA & 0xffff), R_K1));
    h_emit(&p, enc_b(OP_BEQ, 0, 0, -1));
    h_emit(&p, H_NOP);
    sys = p.n;
    h_patch(&p, at, sys);
    h_emit(&p, enc_i(OP_ADDIU, R_K1, 0, 10));
    at3 = h_emit(&p, enc_b(OP_BEQ, R_V0, R_K1, 0));
    h_emit(&p, H_NOP);
    h_emit(&p, enc_mfc0(R_K0, CP0_ENTRYHI));
    h_emit(&p, enc_i(OP_XORI, R_K0, R_K0, 3));
    h_emit(&p, enc_mtc0(R_K0, CP0_ENTRYHI));
    h_emit(&p, enc_i(OP_LUI, R_K1, 0, (HK_TABLE_A ^ HK_TABLE_B) >> 16));
    h_emit(&p, enc_mfc0(R_K0, CP0_CONTEXT));
    h_emit(&p, enc_r(OP_XOR, R_K0, R_K0, R_K1));
    h_emit(&p, enc_mtc0(R_K0, CP0_CONTEXT));
    h_emit(&p, enc_mfc0(R_K0, CP0_PTBR));
    h_emit(&p, enc_r(OP_XOR, R_K0, R_K0, R_K1));
    h_emit(&p, enc_mtc0(R_K0, CP0_PTBR));
    h_emit(&p, enc_mfc0(R_K0, CP0_EPC));
    h_emit(&p, enc_i(OP_ADDIU, R_K0, R_K0, 4));
    h_emit(&p, enc_mtc0(R_K0, CP0_EPC));
    h_emit(&p, enc_op(OP_ERET));
    exitl = p.n;
    h_patch(&p, at3, exitl);
    h_emit(&p, enc_i(OP_LUI, R_K1, 0, H_POWER_VA >> 16));
    h_emit(&p, enc_m(OP_SW, R_S1, (int32_t)(H_POWER_VA & 0xffff), R_K1));
    h_emit(&p, enc_b(OP_BEQ, 0, 0, -1));
    h_emit(&p, H_NOP);
    modl = p.n;
    h_patch(&p, at2, modl);
    h_emit(&p, enc_op(OP_TLBP));
    h_emit(&p, enc_op(OP_TLBR));
    h_emit(&p, enc_mfc0(R_K0, CP0_ENTRYLO));
    h_emit(&p, enc_i(OP_ORI, R_K0, R_K0, ENTRYLO_D));
    h_emit(&p, enc_mtc0(R_K0, CP0_ENTRYLO));
    h_emit(&p, enc_op(OP_TLBWI));
    h_emit(&p, enc_op(OP_ERET));
    ck_assert_uint_lt(0x180 + 4 * p.n, H_CODE_PA);
    h_load(cpu, 0x180, p.w, p.n);

    /* user program at VA 0x00400000 = PA H_CODE_PA */
    p.n = 0;
    h_emit(&p, enc_i(OP_ADDIU, R_S0, 0, rounds));
    outer = h_emit(&p, enc_i(OP_LUI, R_T0, 0, HK_DATA_VA >> 16));
    h_emit(&p, enc_i(OP_ADDIU, R_T1, 0, pages));
    inner = h_emit(&p, enc_m(OP_LW, R_T2, 0, R_T0));
    h_emit(&p, enc_r(OP_ADDU, R_S1, R_S1, R_T2));
    h_emit(&p, enc_i(OP_ADDIU, R_S1, R_S1, 1));
    h_emit(&p, enc_m(OP_SW, R_S1, 0, R_T0));
    h_emit(&p, enc_i(OP_ADDIU, R_T1, R_T1, -1));
    at = h_emit(&p, enc_b(OP_BNE, R_T1, 0, 0));
    h_patch(&p, at, inner);
    h_emit(&p, enc_i(OP_ADDIU, R_T0, R_T0, 4096));     /* delay slot */
    h_emit(&p, enc_i(OP_ADDIU, R_V0, 0, 0));
    h_emit(&p, enc_syscall(0));
    h_emit(&p, enc_i(OP_ADDIU, R_S0, R_S0, -1));
    at = h_emit(&p, enc_b(OP_BNE, R_S0, 0, 0));
    h_patch(&p, at, outer);
    h_emit(&p, H_NOP);
    h_emit(&p, enc_i(OP_ADDIU, R_V0, 0, 10));
    h_emit(&p, enc_syscall(0));
    h_load(cpu, H_CODE_PA, p.w, p.n);

    /* address spaces */
    if (!walker) {
        for (int t = 0; t < 2; t++) {
            uint32_t table = t ? HK_TABLE_B : HK_TABLE_A;
            uint32_t frames = t ? HK_FRAMES_B : HK_FRAMES_A;
            h_w32(cpu, table + ((H_USER_VA >> 12) << 2), H_CODE_PA | ENTRYLO_V | ENTRYLO_G);
            for (unsigned i = 0; i < pages; i++)
                h_w32(cpu, table + (((HK_DATA_VA >> 12) + i) << 2),
                      (frames + 4096 * i) | ENTRYLO_V | (i & 1 ? 0 : ENTRYLO_D));
        }
    } else {
        for (int t = 0; t < 2; t++) {
            struct h_pt pt;
            uint32_t table = t ? HK_TABLE_B : HK_TABLE_A;
            uint32_t frames = t ? HK_FRAMES_B : HK_FRAMES_A;
            h_pt_init(cpu, &pt, cpu_cp0(cpu, CP0_CONFIG) & CONFIG_LEVELS, table, table + 0x10000);
            h_pt_map(cpu, &pt, H_USER_VA, H_CODE_PA | PTE_P | PTE_U, PTE_P | PTE_W | PTE_U);
            for (unsigned i = 0; i < pages; i++)
                h_pt_map(cpu, &pt, HK_DATA_VA + 4096 * i,
                         (frames + 4096 * i) | PTE_P | PTE_W | PTE_U, PTE_P | PTE_W | PTE_U);
        }
    }
    cpu_set_cp0(cpu, CP0_ENTRYHI, 1);
    cpu_set_cp0(cpu, CP0_CONTEXT, KSEG0_BASE | HK_TABLE_A);
    cpu_set_cp0(cpu, CP0_PTBR, HK_TABLE_A);
    cpu_set_cp0(cpu, CP0_STATUS, 2u << STATUS_KSU_SHIFT);
    cpu_set_pc(cpu, H_USER_VA);
}

#endif /* TLBVISOR_TESTS_CPU_HARNESS_H */
