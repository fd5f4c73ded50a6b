/*
 * cpu.c -- creating machines, their registers, and running them.
 *
 * cpu_run() is an outer loop (interrupts, the timer, the budget) around
 * exec(), the instruction loop: fetch through the fast cache, decode with
 * isa_decode() (generated from isa.def), one small case per instruction.
 * A case that raises an exception calls cpu_exception() (directly or via a
 * slow path) and jumps to `fault`; the instruction then does not retire.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cpu/internal.h"
#include "cpu/isa.h"

/* ---- creation ------------------------------------------------------------------ */

struct cpu *cpu_new(const struct cpu_config *cfg, const char **err)
{
    const char *unused;
    unsigned levels = cfg->levels ? cfg->levels : 2;
    struct cpu *c;

    if (!err)
        err = &unused;
    if (cfg->mem_size < CPU_MEM_MIN || cfg->mem_size > CPU_MEM_MAX || (cfg->mem_size & 0xfff)) {
        *err = "memory size must be a multiple of 4 KiB from 64 KiB to 509 MiB";
        return NULL;
    }
    if (cfg->mmu != CPU_MMU_SOFT && cfg->mmu != CPU_MMU_WALKER) {
        *err = "unknown MMU type";
        return NULL;
    }
    if (levels < 2 || levels > 4) {
        *err = "walker levels must be 2, 3 or 4";
        return NULL;
    }
    c = calloc(1, sizeof *c);
    if (c)
        c->ram = calloc(1, cfg->mem_size);
    if (!c || !c->ram) {
        free(c);
        *err = "out of memory";
        return NULL;
    }
    c->mem_size = cfg->mem_size;
    c->mmu = cfg->mmu;
    c->levels = cfg->mmu == CPU_MMU_WALKER ? levels : 0;
    c->no_fast_cache = cfg->no_fast_cache;
    c->status = STATUS_BEV;
    c->pc = VEC_REFILL;
    c->npc = VEC_REFILL + 4;
    c->stop = NO_STOP;
    c->break_skip_first = true;
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++)
        c->tlb[i].hi = KSEG0_BASE + (i << 12);
    fc_flush_all(c);
    cpu_build_decoder(c);
    cp0_set_mode(c);
    cp0_timer_rearm(c);
    bus_default_console(c);
    cpu_set_log(c, NULL, NULL);
    return c;
}

void cpu_free(struct cpu *c)
{
    if (!c)
        return;
    free(c->ram);
    free(c);
}

uint32_t cpu_mem_size(const struct cpu *c) { return c->mem_size; }
enum cpu_mmu cpu_mmu(const struct cpu *c) { return c->mmu; }

/* ---- registers --------------------------------------------------------------------- */

uint32_t cpu_reg(const struct cpu *c, unsigned n) { return c->r[n & 31]; }

void cpu_set_reg(struct cpu *c, unsigned n, uint32_t v)
{
    if (n & 31)
        c->r[n & 31] = v;
}

uint32_t cpu_hi(const struct cpu *c) { return c->hi; }
uint32_t cpu_lo(const struct cpu *c) { return c->lo; }
void cpu_set_hilo(struct cpu *c, uint32_t hi, uint32_t lo) { c->hi = hi; c->lo = lo; }
bool cpu_llbit(const struct cpu *c) { return c->llbit; }
void cpu_set_llbit(struct cpu *c, bool on) { c->llbit = on; }

uint32_t cpu_pc(const struct cpu *c) { return c->pc; }
uint32_t cpu_npc(const struct cpu *c) { return c->npc; }
bool cpu_in_delay_slot(const struct cpu *c) { return c->in_delay; }

void cpu_set_pc(struct cpu *c, uint32_t pc)
{
    c->pc = pc;
    c->npc = pc + 4;
    c->in_delay = false;
    c->stop_at = 0;
}

void cpu_set_pc_delay(struct cpu *c, uint32_t pc, uint32_t npc)
{
    c->pc = pc;
    c->npc = npc;
    c->in_delay = true;
    c->stop_at = 0;
}

uint64_t cpu_insns(const struct cpu *c) { return cpu_retired(c); }
uint64_t cpu_steps(const struct cpu *c) { return c->steps; }

uint32_t cpu_exit_status(const struct cpu *c) { return c->exit_status; }
bool cpu_halted(const struct cpu *c) { return c->halted; }
const char *cpu_error(const struct cpu *c) { return c->error; }

void cpu_get_stats(const struct cpu *c, struct cpu_stats *out)
{
    *out = c->st;
    out->insns = cpu_retired(c);
    out->steps = c->steps;
    out->tlb_hits += c->fc_hits;
    out->insns_mode[c->mode] += cpu_retired(c) - c->mode_since;
}

/* ---- breakpoints -------------------------------------------------------------------- */

bool cpu_break_at(const struct cpu *c, uint32_t va)
{
    for (unsigned i = 0; i < c->nbreaks; i++)
        if (c->breaks[i] == va)
            return true;
    return false;
}

bool cpu_break_in_page(const struct cpu *c, uint32_t va)
{
    for (unsigned i = 0; i < c->nbreaks; i++)
        if (((c->breaks[i] ^ va) & PAGE_MASK) == 0)
            return true;
    return false;
}

/* Pages holding a breakpoint are never in the fetch cache, so the fetch slow
 * path sees every instruction on them and the fast path stays check-free. */
int cpu_break_add(struct cpu *c, uint32_t va)
{
    if (cpu_break_at(c, va))
        return 0;
    if (c->nbreaks == CPU_MAX_BREAKS)
        return -1;
    c->breaks[c->nbreaks++] = va;
    fc_flush_page(c, va);
    return 0;
}

int cpu_break_del(struct cpu *c, uint32_t va)
{
    for (unsigned i = 0; i < c->nbreaks; i++) {
        if (c->breaks[i] == va) {
            c->breaks[i] = c->breaks[--c->nbreaks];
            return 0;
        }
    }
    return -1;
}

void cpu_break_skip_first(struct cpu *c, bool on)
{
    c->break_skip_first = on;
}

void cpu_break_clear(struct cpu *c)
{
    c->nbreaks = 0;
}

/* ---- the instruction loop -------------------------------------------------------------
 *
 * exec() keeps the hot state (pc, npc, in_delay, steps, the fast-cache set
 * and ASID tag) in locals.  SYNC() writes it back before anything that may
 * look at or change the machine (slow paths, CP0, exceptions); RELOAD()
 * picks up what such a call changed.  A case that faults has called
 * cpu_exception() after SYNC() and jumps to `fault`.
 */

/* decode: isa_decode() through the machine's flat table, indexed by opcode
 * and funct; REGIMM and COP0, which select on other fields, fall back. */
#define DEC_OTHER 0xffu
static inline enum isa_op decode(const struct cpu *c, uint32_t w)
{
    unsigned op = c->dec[((w >> 20) & 0xfc0u) | (w & 0x3fu)];
    return likely(op != DEC_OTHER) ? (enum isa_op)op : isa_decode(w);
}

void cpu_build_decoder(struct cpu *c)
{
    for (uint32_t i = 0; i < 4096; i++) {
        uint32_t op = i >> 6;
        c->dec[i] = (op == ISA_OP_REGIMM || op == ISA_OP_COP0)
            ? DEC_OTHER : (uint8_t)isa_decode(op << 26 | (i & 63));
    }
}

/* hilo_add: HI:LO += m (mod 2^64), for madd/msub and their unsigned forms. */
static inline void hilo_add(struct cpu *c, uint64_t m)
{
    uint64_t acc = ((uint64_t)c->hi << 32 | c->lo) + m;
    c->hi = (uint32_t)(acc >> 32);
    c->lo = (uint32_t)acc;
}

#define RS     ISA_GET_RS(w)
#define RT     ISA_GET_RT(w)
#define RD     ISA_GET_RD(w)
#define SA     ISA_GET_SA(w)
#define IMM    ISA_GET_IMM(w)
#define SIMM   ((uint32_t)ISA_GET_SIMM(w))
#define R(n)   (c->r[n])
#define SR(n)  ((int32_t)c->r[n])

#define SYNC() do {                                                        \
        c->pc = pc; c->npc = npc; c->in_delay = in_delay;                   \
        c->steps = steps; c->fc_hits = hits;                                \
    } while (0)
#define RELOAD() do {                                                      \
        pc = c->pc; npc = c->npc; in_delay = c->in_delay;                   \
        steps = c->steps; hits = c->fc_hits;                                \
        fcm = c->fcm; asid_tag = c->asid_tag;                               \
        fetch_page = FC_EMPTY;                                              \
    } while (0)

/* fast_lookup: the host address of va for an access of kind acc with
 * alignment bits amask, if the fast cache holds its page, else NULL. */
static inline uint8_t *fast_lookup(struct fc_entry (*fcm)[FC_SIZE], uint32_t asid_tag,
                                   uint64_t *hits, unsigned acc, uint32_t va, uint32_t amask)
{
    struct fc_entry *e = &fcm[acc][(va >> 12) & FC_MASK];
    if (likely(e->tag == ((va & (PAGE_MASK | amask)) | asid_tag))) {
        *hits += e->mapped;
        return e->page + (va & 0xfff);
    }
    return NULL;
}

#define LOAD(va, size, out) do {                                           \
        uint32_t va_ = (va);                                                \
        uint8_t *p_ = fast_lookup(fcm, asid_tag, &hits, CPU_LOAD, va_, (size) - 1); \
        if (likely(p_ != NULL)) {                                           \
            out = (size) == 4 ? ld32(p_) : (size) == 2 ? ld16(p_) : p_[0];  \
        } else {                                                            \
            SYNC();                                                         \
            if (mem_load_slow(c, va_, (size), &out)) goto fault;            \
            fetch_page = FC_EMPTY;                                          \
        }                                                                   \
    } while (0)

/* LOADW: the aligned word holding va, for lwl/lwr (faults report va). */
#define LOADW(va, out) do {                                                 \
        uint32_t va_ = (va);                                                \
        uint8_t *p_ = fast_lookup(fcm, asid_tag, &hits, CPU_LOAD, va_ & ~3u, 3); \
        if (likely(p_ != NULL)) {                                           \
            out = ld32(p_);                                                 \
        } else {                                                            \
            SYNC();                                                         \
            if (mem_load_word_slow(c, va_, &out)) goto fault;               \
            fetch_page = FC_EMPTY;                                          \
        }                                                                   \
    } while (0)

#define STORE(va, size, val) do {                                          \
        uint32_t va_ = (va), v_ = (val);                                    \
        uint8_t *p_ = fast_lookup(fcm, asid_tag, &hits, CPU_STORE, va_, (size) - 1); \
        if (likely(p_ != NULL)) {                                           \
            if ((size) == 4) st32(p_, v_);                                  \
            else if ((size) == 2) st16(p_, v_);                             \
            else p_[0] = (uint8_t)v_;                                       \
        } else {                                                            \
            SYNC();                                                         \
            if (mem_store_slow(c, va_, (size), v_)) goto fault;             \
            fetch_page = FC_EMPTY;                                          \
        }                                                                   \
    } while (0)

/* Branches: the delay slot runs next; a taken branch continues at its target
 * after it.  A branch-likely that is not taken skips (annuls) its slot. */
#define BTARGET     (pc + 4 + (SIMM << 2))
#define BRANCH(cond) do { delay = true; if (cond) nnpc = BTARGET; } while (0)
#define BRANCH_LIKELY(cond) do {                                  \
        if (cond) { delay = true; nnpc = BTARGET; }               \
        else { npc = nnpc; nnpc += 4; }                           \
    } while (0)
#define RAISE(code) do { SYNC(); cpu_exception(c, (code), 0, 0); goto fault; } while (0)
#define KERNEL_ONLY() do {                                        \
        if (cpu_mode(c) != CPU_KERNEL) {                          \
            SYNC(); cpu_exception(c, EXC_CPU, 0, EXF_CE(0));      \
            goto fault;                                           \
        }                                                         \
    } while (0)
#define SOFT_TLB_ONLY() do { if (c->mmu != CPU_MMU_SOFT) RAISE(EXC_RI); } while (0)
/* A kernel operation: run stmt with the machine in sync, then reload. */
#define KOP(stmt) do { SYNC(); stmt; RELOAD(); } while (0)

static void exec(struct cpu *c)
{
    uint32_t pc, npc;
    bool in_delay;
    uint64_t steps, hits;
    struct fc_entry (*fcm)[FC_SIZE];
    uint32_t asid_tag;
    /* The page instructions are being fetched from: its host address and
     * whether it is mapped.  Any slow path may change translations, so each
     * one empties it (RELOAD does too). */
    uint32_t fetch_page, fetch_mapped = 0;
    const uint8_t *fetch_host = NULL;

    RELOAD();
    while (steps < c->stop_at) {
        uint32_t w, v;

        if (likely((pc & (PAGE_MASK | 3u)) == fetch_page)) {
            hits += fetch_mapped;
            w = ld32(fetch_host + (pc & 0xfff));
        } else {
            struct fc_entry *e = &fcm[CPU_FETCH][(pc >> 12) & FC_MASK];
            if (likely(e->tag == ((pc & (PAGE_MASK | 3u)) | asid_tag))) {
                fetch_page = pc & PAGE_MASK;
                fetch_mapped = e->mapped;
                fetch_host = e->page;
                hits += fetch_mapped;
                w = ld32(fetch_host + (pc & 0xfff));
            } else {
                uint32_t fw;
                int r;
                SYNC();
                r = mem_fetch_slow(c, pc, &fw);
                if (r > 0)
                    break;              /* breakpoint */
                if (r < 0)
                    goto fault;
                fetch_page = FC_EMPTY;
                w = fw;
            }
        }

        uint32_t nnpc = npc + 4;
        bool delay = false;

        switch (decode(c, w)) {
        /* -- ALU -- */
        case OP_SLL:   R(RD) = R(RT) << SA; break;
        case OP_SRL:   R(RD) = R(RT) >> SA; break;
        case OP_SRA:   R(RD) = (uint32_t)(SR(RT) >> SA); break;
        case OP_SLLV:  R(RD) = R(RT) << (R(RS) & 31); break;
        case OP_SRLV:  R(RD) = R(RT) >> (R(RS) & 31); break;
        case OP_SRAV:  R(RD) = (uint32_t)(SR(RT) >> (R(RS) & 31)); break;
        case OP_MOVZ:  if (R(RT) == 0) R(RD) = R(RS); break;
        case OP_MOVN:  if (R(RT) != 0) R(RD) = R(RS); break;
        case OP_ADD: {
            int32_t s;
            if (__builtin_add_overflow(SR(RS), SR(RT), &s))
                RAISE(EXC_OV);
            R(RD) = (uint32_t)s;
            break;
        }
        case OP_ADDU:  R(RD) = R(RS) + R(RT); break;
        case OP_SUB: {
            int32_t s;
            if (__builtin_sub_overflow(SR(RS), SR(RT), &s))
                RAISE(EXC_OV);
            R(RD) = (uint32_t)s;
            break;
        }
        case OP_SUBU:  R(RD) = R(RS) - R(RT); break;
        case OP_AND:   R(RD) = R(RS) & R(RT); break;
        case OP_OR:    R(RD) = R(RS) | R(RT); break;
        case OP_XOR:   R(RD) = R(RS) ^ R(RT); break;
        case OP_NOR:   R(RD) = ~(R(RS) | R(RT)); break;
        case OP_SLT:   R(RD) = SR(RS) < SR(RT); break;
        case OP_SLTU:  R(RD) = R(RS) < R(RT); break;
        case OP_ADDI: {
            int32_t s;
            if (__builtin_add_overflow(SR(RS), (int32_t)SIMM, &s))
                RAISE(EXC_OV);
            R(RT) = (uint32_t)s;
            break;
        }
        case OP_ADDIU: R(RT) = R(RS) + SIMM; break;
        case OP_SLTI:  R(RT) = SR(RS) < (int32_t)SIMM; break;
        case OP_SLTIU: R(RT) = R(RS) < SIMM; break;
        case OP_ANDI:  R(RT) = R(RS) & IMM; break;
        case OP_ORI:   R(RT) = R(RS) | IMM; break;
        case OP_XORI:  R(RT) = R(RS) ^ IMM; break;
        case OP_LUI:   R(RT) = IMM << 16; break;
        case OP_CLZ:   R(RD) = R(RS) ? (uint32_t)__builtin_clz(R(RS)) : 32; break;
        case OP_CLO:   R(RD) = ~R(RS) ? (uint32_t)__builtin_clz(~R(RS)) : 32; break;

        /* -- multiply and divide -- */
        case OP_MFHI:  R(RD) = c->hi; break;
        case OP_MTHI:  c->hi = R(RS); break;
        case OP_MFLO:  R(RD) = c->lo; break;
        case OP_MTLO:  c->lo = R(RS); break;
        case OP_MULT: {
            int64_t m = (int64_t)SR(RS) * SR(RT);
            c->hi = (uint32_t)((uint64_t)m >> 32);
            c->lo = (uint32_t)m;
            break;
        }
        case OP_MULTU: {
            uint64_t m = (uint64_t)R(RS) * R(RT);
            c->hi = (uint32_t)(m >> 32);
            c->lo = (uint32_t)m;
            break;
        }
        case OP_DIV:
            if (R(RT) == 0) {
                c->hi = R(RS);
                c->lo = 0xffffffffu;
            } else if (R(RS) == 0x80000000u && R(RT) == 0xffffffffu) {
                c->lo = 0x80000000u;
                c->hi = 0;
            } else {
                c->lo = (uint32_t)(SR(RS) / SR(RT));
                c->hi = (uint32_t)(SR(RS) % SR(RT));
            }
            break;
        case OP_DIVU:
            if (R(RT) == 0) {
                c->hi = R(RS);
                c->lo = 0xffffffffu;
            } else {
                c->lo = R(RS) / R(RT);
                c->hi = R(RS) % R(RT);
            }
            break;
        case OP_MUL:   R(RD) = (uint32_t)((int64_t)SR(RS) * SR(RT)); break;
        case OP_MADD:  hilo_add(c, (uint64_t)((int64_t)SR(RS) * SR(RT))); break;
        case OP_MSUB:  hilo_add(c, -(uint64_t)((int64_t)SR(RS) * SR(RT))); break;
        case OP_MADDU: hilo_add(c, (uint64_t)R(RS) * R(RT)); break;
        case OP_MSUBU: hilo_add(c, -((uint64_t)R(RS) * R(RT))); break;

        /* -- loads and stores -- */
        case OP_LB:  LOAD(R(RS) + SIMM, 1, v); R(RT) = (uint32_t)(int32_t)(int8_t)v; break;
        case OP_LBU: LOAD(R(RS) + SIMM, 1, v); R(RT) = v; break;
        case OP_LH:  LOAD(R(RS) + SIMM, 2, v); R(RT) = (uint32_t)(int32_t)(int16_t)v; break;
        case OP_LHU: LOAD(R(RS) + SIMM, 2, v); R(RT) = v; break;
        case OP_LW:  LOAD(R(RS) + SIMM, 4, v); R(RT) = v; break;
        case OP_LL:  LOAD(R(RS) + SIMM, 4, v); R(RT) = v; c->llbit = true; break;
        case OP_LWL: {
            uint32_t va = R(RS) + SIMM;
            LOADW(va, v);
            R(RT) = isa_lwl(R(RT), v, va);
            break;
        }
        case OP_LWR: {
            uint32_t va = R(RS) + SIMM;
            LOADW(va, v);
            R(RT) = isa_lwr(R(RT), v, va);
            break;
        }
        case OP_SB:  STORE(R(RS) + SIMM, 1, R(RT)); break;
        case OP_SH:  STORE(R(RS) + SIMM, 2, R(RT)); break;
        case OP_SW:  STORE(R(RS) + SIMM, 4, R(RT)); break;
        case OP_SC:
            if (c->llbit) {
                STORE(R(RS) + SIMM, 4, R(RT));
                R(RT) = 1;
            } else if ((R(RS) + SIMM) & 3u) {
                SYNC();
                cpu_exception(c, EXC_ADES, R(RS) + SIMM, EXF_BADVA);
                goto fault;
            } else {
                R(RT) = 0;
            }
            break;          /* the LL bit stays: only eret clears it (docs/isa.md) */
        case OP_SWL:
        case OP_SWR: {
            /* Merge into the aligned word, as a store (faults are TLBS/Mod). */
            uint32_t va = R(RS) + SIMM, mask, val;
            uint8_t *q = fast_lookup(fcm, asid_tag, &hits, CPU_STORE, va & ~3u, 3);
            isa_swlr(decode(c, w) == OP_SWL, R(RT), va, &mask, &val);
            if (likely(q != NULL)) {
                st32(q, (ld32(q) & ~mask) | (val & mask));
            } else {
                SYNC();
                if (mem_merge_slow(c, va, mask, val))
                    goto fault;
                fetch_page = FC_EMPTY;
            }
            break;
        }
        case OP_SYNC:
        case OP_PREF:
        case OP_CACHE:
            break;

        /* -- branches and jumps -- */
        case OP_BEQ:     BRANCH(R(RS) == R(RT)); break;
        case OP_BNE:     BRANCH(R(RS) != R(RT)); break;
        case OP_BLEZ:    BRANCH(SR(RS) <= 0); break;
        case OP_BGTZ:    BRANCH(SR(RS) > 0); break;
        case OP_BLTZ:    BRANCH(SR(RS) < 0); break;
        case OP_BGEZ:    BRANCH(SR(RS) >= 0); break;
        case OP_BEQL:    BRANCH_LIKELY(R(RS) == R(RT)); break;
        case OP_BNEL:    BRANCH_LIKELY(R(RS) != R(RT)); break;
        case OP_BLEZL:   BRANCH_LIKELY(SR(RS) <= 0); break;
        case OP_BGTZL:   BRANCH_LIKELY(SR(RS) > 0); break;
        case OP_BLTZL:   BRANCH_LIKELY(SR(RS) < 0); break;
        case OP_BGEZL:   BRANCH_LIKELY(SR(RS) >= 0); break;
        case OP_BLTZAL:  { bool t = SR(RS) < 0;  R(31) = pc + 8; BRANCH(t); break; }
        case OP_BGEZAL:  { bool t = SR(RS) >= 0; R(31) = pc + 8; BRANCH(t); break; }
        case OP_BLTZALL: { bool t = SR(RS) < 0;  R(31) = pc + 8; BRANCH_LIKELY(t); break; }
        case OP_BGEZALL: { bool t = SR(RS) >= 0; R(31) = pc + 8; BRANCH_LIKELY(t); break; }
        case OP_J:
            delay = true;
            nnpc = ((pc + 4) & 0xf0000000u) | ISA_GET_TARGET(w) << 2;
            break;
        case OP_JAL:
            delay = true;
            nnpc = ((pc + 4) & 0xf0000000u) | ISA_GET_TARGET(w) << 2;
            R(31) = pc + 8;
            break;
        case OP_JR:
            delay = true;
            nnpc = R(RS);
            break;
        case OP_JALR:
            delay = true;
            nnpc = R(RS);
            R(RD) = pc + 8;
            break;

        /* -- traps -- */
        case OP_SYSCALL: RAISE(EXC_SYS);
        case OP_BREAK:   RAISE(EXC_BP);
        case OP_TGE:   if (SR(RS) >= SR(RT)) RAISE(EXC_TR); break;
        case OP_TGEU:  if (R(RS) >= R(RT)) RAISE(EXC_TR); break;
        case OP_TLT:   if (SR(RS) < SR(RT)) RAISE(EXC_TR); break;
        case OP_TLTU:  if (R(RS) < R(RT)) RAISE(EXC_TR); break;
        case OP_TEQ:   if (R(RS) == R(RT)) RAISE(EXC_TR); break;
        case OP_TNE:   if (R(RS) != R(RT)) RAISE(EXC_TR); break;
        case OP_TGEI:  if (SR(RS) >= (int32_t)SIMM) RAISE(EXC_TR); break;
        case OP_TGEIU: if (R(RS) >= SIMM) RAISE(EXC_TR); break;
        case OP_TLTI:  if (SR(RS) < (int32_t)SIMM) RAISE(EXC_TR); break;
        case OP_TLTIU: if (R(RS) < SIMM) RAISE(EXC_TR); break;
        case OP_TEQI:  if (R(RS) == SIMM) RAISE(EXC_TR); break;
        case OP_TNEI:  if (R(RS) != SIMM) RAISE(EXC_TR); break;

        /* -- kernel -- */
        case OP_MFC0:
            KERNEL_ONLY();
            KOP(v = cp0_read(c, RD, ISA_GET_SEL(w)));
            R(RT) = v;
            break;
        case OP_MTC0:
            /* In nested mode the guest kernel (supervisor) writes PTBR and InvVA. */
            if (cpu_mode(c) != CPU_KERNEL && !nested_guest_cp0(c, RD, ISA_GET_SEL(w))) {
                SYNC();
                cpu_exception(c, EXC_CPU, 0, EXF_CE(0));
                goto fault;
            }
            KOP(cp0_write(c, RD, ISA_GET_SEL(w), R(RT)));
            break;
        case OP_TLBR:
            SOFT_TLB_ONLY();        /* RI in walker mode, in every mode */
            KERNEL_ONLY();
            KOP(tlb_op_read(c));
            break;
        case OP_TLBWI:
            SOFT_TLB_ONLY();        /* RI in walker mode, in every mode */
            KERNEL_ONLY();
            KOP(tlb_op_write(c, c->index & INDEX_MASK));
            break;
        case OP_TLBWR:
            SOFT_TLB_ONLY();        /* RI in walker mode, in every mode */
            KERNEL_ONLY();
            KOP(tlb_op_write(c, cp0_random(c)));
            break;
        case OP_TLBP:
            SOFT_TLB_ONLY();        /* RI in walker mode, in every mode */
            KERNEL_ONLY();
            KOP(tlb_op_probe(c));
            break;
        case OP_ERET:
            KERNEL_ONLY();
            steps++;                /* eret retires in the mode it ran in */
            KOP(cpu_eret(c));
            continue;
        case OP_WAIT: {
            int r;
            KERNEL_ONLY();
            KOP(r = cp0_wait(c));
            if (r < 0) {
                c->stop = CPU_STOP_ERROR;   /* the wait does not run */
                goto out;
            }
            break;
        }

        case OP_RESERVED:
        case OP_COUNT: {
            unsigned cop = isa_coprocessor(w);
            SYNC();
            if (cop)
                cpu_exception(c, EXC_CPU, 0, EXF_CE(cop));
            else
                cpu_exception(c, EXC_RI, 0, 0);
            goto fault;
        }
        }

        c->r[0] = 0;
        pc = npc;
        npc = nnpc;
        in_delay = delay;
        steps++;
        continue;
fault:
        RELOAD();
        steps++;
        c->sync_exc++;
    }
out:
    SYNC();
}

/* ---- the run loop ------------------------------------------------------------------- */

/* How long the machine may run between looks at the console when its
 * interrupt is armed but its input is not ready (a terminal). */
#define CONSOLE_POLL_STEPS 65536

enum cpu_stop cpu_run(struct cpu *c, uint64_t n)
{
    uint64_t end = c->steps + n < c->steps ? UINT64_MAX : c->steps + n;

    if (c->halted)
        return CPU_STOP_HALT;
    c->stop = NO_STOP;
    c->error[0] = 0;
    c->run_start = c->steps;
    c->run_pc = c->pc;
    for (;;) {
        if (c->stop != NO_STOP)
            break;
        if (c->steps >= end) {
            c->stop = CPU_STOP_BUDGET;
            break;
        }
        /* At most one interrupt per step: a trap hook that returns to a
         * still-pending interrupt must not spin the host. */
        if (c->irq_steps != c->steps + 1 && cp0_irq_pending(c)) {
            c->irq_steps = c->steps + 1;
            cpu_exception(c, EXC_INT, 0, 0);
            continue;
        }
        uint64_t stop_at = cp0_timer_deadline(c);
        if (stop_at > end)
            stop_at = end;
        if (c->con_inten && stop_at - c->steps > CONSOLE_POLL_STEPS)
            stop_at = c->steps + CONSOLE_POLL_STEPS;
        c->stop_at = stop_at;
        exec(c);
        cp0_timer_update(c);
    }
    c->stop_at = 0;
    return c->stop;
}
