/*
 * internal.h -- struct cpu and the functions the files of cpu/ share.
 * Nothing outside cpu/ includes this; the public contract is cpu.h.
 *
 *   cpu.c   creation, accessors, the run loop and the execute switch
 *   cp0.c   CP0 registers, exceptions, interrupts, the timer
 *   mmu.c   segments, the TLB, the walker, the fast cache, probes
 *   bus.c   physical memory and devices
 */
#ifndef TLBVISOR_CPU_INTERNAL_H
#define TLBVISOR_CPU_INTERNAL_H

#include <string.h>

#include "cpu/cpu.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- the fast translation cache -----------------------------------------------
 * A direct-mapped cache per (mode, access kind) from a virtual page to the
 * host address of its RAM frame, in front of the whole translation (segment
 * rules, TLB or walker).  An entry's tag is the page | ASID << 2; an access
 * compares it with (va & (page | alignment bits)) | ASID << 2, so an
 * unaligned access, another ASID or a stale page all miss.  Bit 11 is never
 * set in a real tag, which makes FC_EMPTY match nothing.  Only RAM pages are
 * cached, and a store entry exists only once a store to the page has been
 * allowed (D set).  Coherence: fc_flush_page() runs whenever a TLB entry is
 * written (old and new page), mode changes select another set, ASID changes
 * are in the tag. */
#define FC_BITS   7
#define FC_SIZE   (1u << FC_BITS)
#define FC_MASK   (FC_SIZE - 1u)
#define FC_EMPTY  0x800u
#define PAGE_MASK 0xfffff000u

struct fc_entry {
    uint32_t tag;
    uint32_t mapped;        /* 1 if it stands for a TLB entry (counts a TLB hit) */
    uint8_t *page;          /* host address of the frame */
};

/* ---- the page-walk cache (nested mode) ----------------------------------------------
 * Upper-level (non-leaf) entries of both dimensions, keyed by dimension,
 * level, the table's address (a GPA for the guest, a machine address for the
 * nested dimension) and the index in it.  ma is where the entry lives in
 * machine memory.  Filled when a walk succeeds; see mmu.c. */
enum { PWC_GUEST = 0, PWC_NESTED = 1 };
struct pwc_entry {
    uint32_t table;
    uint16_t index;
    uint8_t dim, level;
    uint32_t pte;
};

#define CPU_MAX_BREAKS 64
#define NO_STOP ((enum cpu_stop)-1)

struct cpu {
    /* -- hot: the execute loop reads these every instruction -- */
    uint32_t r[32];
    uint32_t pc;            /* the instruction being executed / to execute */
    uint32_t npc;           /* the one after it (a branch target after a branch) */
    uint64_t steps;         /* instructions started (retired + faulting) */
    uint64_t stop_at;       /* the execute loop returns when steps reaches it */
    struct fc_entry (*fcm)[FC_SIZE];  /* fc[current mode] */
    uint32_t asid_tag;      /* EntryHi.ASID << 2, for fast-cache tags */
    uint64_t fc_hits;       /* mapped accesses served by the fast cache */
    uint32_t hi, lo;
    bool in_delay;          /* the instruction at pc is a delay slot */
    bool llbit;

    /* -- CP0 -- */
    uint32_t index, entrylo, context, wired, badvaddr, entryhi;
    uint32_t compare, status, cause, epc, ptbr, invva;
    uint32_t count_bias;    /* Count = retired + count_bias */
    uint64_t random_base;   /* steps when Random was last reset to 63 */
    uint64_t timer_target;  /* retired count at which Count next equals Compare */
    bool timer_irq;         /* IP7, latched until Compare is written */
    uint64_t sync_exc;      /* steps that raised an exception */
    uint64_t irq_steps;     /* steps at the last interrupt taken */
    enum cpu_mode mode;     /* the mode insns_mode is charging */
    uint64_t mode_since;    /* retired count when that mode began */

    /* -- MMU -- */
    enum cpu_mmu mmu;
    unsigned levels;
    bool no_fast_cache;
    struct cpu_tlb_entry tlb[CPU_TLB_SIZE];

    /* -- nested paging (mmu.c) -- */
    struct cpu_nested nested;  /* .on only on walker machines */
    uint32_t nested_gpa;    /* the GPA of the nested fault being raised */
    struct pwc_entry pwc[CPU_PWC_SIZE];
    unsigned pwc_n;         /* entries in use: pwc[0..pwc_n) */
    unsigned pwc_next;      /* the one to replace next once full (round-robin) */

    /* -- memory and devices -- */
    uint8_t *ram;
    uint32_t mem_size;
    struct cpu_console_ops con;
    void *con_ctx;
    bool con_inten;
    bool halted;
    uint32_t exit_status;

    /* -- run control -- */
    enum cpu_stop stop;     /* NO_STOP while running */
    uint64_t run_start;     /* steps when cpu_run began (breakpoint skip) */
    uint32_t run_pc;        /* PC when cpu_run began: the one breakpoint skipped */
    bool break_skip_first;  /* skip it (cpu_break_skip_first) */
    char error[192];
    uint32_t breaks[CPU_MAX_BREAKS];
    unsigned nbreaks;
    cpu_trap_fn trap_fn;
    void *trap_ctx;
    void (*log)(void *ctx, const char *msg);
    void *log_ctx;
    unsigned mc_logged;
    bool mc_hit;             /* the last lookup was a machine check: do not cache it */

    struct cpu_stats st;    /* insns/steps/tlb_hits are completed by cpu_get_stats */
    uint8_t dec[4096];      /* enum isa_op by opcode << 6 | funct (cpu_build_decoder) */

    struct fc_entry fc[3][3][FC_SIZE];   /* [mode][enum cpu_access][slot] */
};

/* ---- little-endian host access to guest bytes ---------------------------------- */
static inline uint32_t ld32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}
static inline uint32_t ld16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static inline void st32(uint8_t *p, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    memcpy(p, &v, 4);
}
static inline void st16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

static inline uint64_t cpu_retired(const struct cpu *c) { return c->steps - c->sync_exc; }

void cpu_build_decoder(struct cpu *c);

/* ---- cp0.c ----------------------------------------------------------------------- */
/* Flags for cpu_exception. */
#define EXF_BADVA    0x001u   /* set BadVAddr */
#define EXF_TLB      0x002u   /* also EntryHi.VPN and Context.BadVPN */
#define EXF_REFILL   0x004u   /* a soft-TLB miss: refill vector if EXL was 0 */
#define EXF_FETCH    0x008u   /* the instruction itself could not be fetched */
#define EXF_NESTED   0x010u   /* a nested fault: the trap record's gpa is c->nested_gpa */
#define EXF_CE(n)    ((unsigned)(n) << 8)

/* cpu_exception: the one way an exception happens.  Writes EPC/BD (unless EXL
 * was set), Cause, BadVAddr/EntryHi/Context as flags say, sets EXL, and either
 * jumps to the vector or calls the trap hook.  The faulting instruction is the
 * one at c->pc (c->in_delay says whether it is a delay slot). */
void cpu_exception(struct cpu *c, unsigned code, uint32_t badvaddr, unsigned flags);
void cp0_set_mode(struct cpu *c);          /* after Status changes */
uint32_t cp0_read(struct cpu *c, unsigned reg, unsigned sel);
void cp0_write(struct cpu *c, unsigned reg, unsigned sel, uint32_t v);
unsigned cp0_random(const struct cpu *c);
bool cp0_irq_pending(struct cpu *c);
void cp0_timer_rearm(struct cpu *c);       /* after Count or Compare change */
void cp0_timer_update(struct cpu *c);      /* latch IP7 if Count reached Compare */
uint64_t cp0_timer_deadline(const struct cpu *c);  /* steps by which to check */
int cp0_wait(struct cpu *c);               /* the wait instruction: 0, or -1 = stop */
/* nested_guest_cp0: whether mtc0 to reg, sel may run outside kernel mode:
 * in nested mode supervisor code writes PTBR and InvVA (sel 0) without CpU,
 * the guest owning its page-table root.  Out of line: the execute loop
 * calls it only on the way to raising CpU. */
bool nested_guest_cp0(const struct cpu *c, unsigned reg, unsigned sel);

/* ---- mmu.c ------------------------------------------------------------------------ */
/* mmu_translate: VA -> PA for an access of kind acc in mode.  With probe set
 * it changes nothing (no A/D, no fill, no statistics, no log). */
enum mmu_result mmu_translate(struct cpu *c, uint32_t va, enum cpu_access acc,
                              enum cpu_mode mode, bool probe, struct cpu_xlate *x);
/* mmu_raise: the one place a translation result becomes an exception. */
void mmu_raise(struct cpu *c, enum mmu_result r, uint32_t va, enum cpu_access acc);
void fc_flush_page(struct cpu *c, uint32_t va);
void fc_flush_all(struct cpu *c);
void tlb_op_read(struct cpu *c);
void tlb_op_write(struct cpu *c, unsigned index);
void tlb_op_probe(struct cpu *c);
void tlb_invalidate_va(struct cpu *c, uint32_t va);
void tlb_flush_all(struct cpu *c);         /* every entry back to its reset state */
void pwc_flush(struct cpu *c);

/* Slow paths of the execute loop.  They return 0 on success, or -1 after
 * raising an exception; mem_fetch_slow returns 1 to stop at a breakpoint.
 * Loads return the value zero-extended. */
int mem_fetch_slow(struct cpu *c, uint32_t pc, uint32_t *w);
int mem_load_slow(struct cpu *c, uint32_t va, unsigned size, uint32_t *v);
int mem_store_slow(struct cpu *c, uint32_t va, unsigned size, uint32_t v);
/* mem_merge_slow: the aligned word holding va = (word & ~mask) | (v & mask),
 * as a store (swl, swr); mem_load_word_slow: load the aligned word holding va
 * (lwl, lwr).  Faults report va itself in BadVAddr, as on MIPS32. */
int mem_merge_slow(struct cpu *c, uint32_t va, uint32_t mask, uint32_t v);
int mem_load_word_slow(struct cpu *c, uint32_t va, uint32_t *v);
bool cpu_break_at(const struct cpu *c, uint32_t va);
bool cpu_break_in_page(const struct cpu *c, uint32_t va);

/* ---- bus.c ------------------------------------------------------------------------ */
static inline bool bus_is_ram(const struct cpu *c, uint32_t pa, uint32_t n)
{
    return pa < c->mem_size && n <= c->mem_size - pa;
}
/* Device access at physical address pa: 0, or -1 if no device answers there. */
int bus_dev_read(struct cpu *c, uint32_t pa, unsigned size, uint32_t *v);
int bus_dev_write(struct cpu *c, uint32_t pa, unsigned size, uint32_t v);
bool bus_console_irq(struct cpu *c);
void bus_default_console(struct cpu *c);
void cpu_logf(struct cpu *c, const char *fmt, ...);

#endif /* TLBVISOR_CPU_INTERNAL_H */
