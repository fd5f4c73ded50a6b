/*
 * cpu.h -- the tlbvisor machine: CPU, CP0, TLB, MMU, physical memory, devices.
 *
 * struct cpu is opaque.  Every function takes the machine it works on as its
 * first argument and cpu/ has no global state, so a program may create as many
 * machines as it likes (a test per fixture, a VMM per VM...).
 *
 * The machine is described in docs/isa.md.  In short: a 32-bit little-endian
 * MIPS32r1 integer CPU with delay slots, a CP0 with R3000-style EntryLo and
 * Context, a 64-entry ASID-tagged TLB that is refilled either by software
 * (CPU_MMU_SOFT) or by an x86-style hardware walker (CPU_MMU_WALKER), RAM from
 * physical address 0, and a console and a power device in kseg1.  A walker
 * machine can also do nested (2D) paging for a VMM (cpu_set_nested).
 *
 * Three ways in:
 *   cpu_run()     runs up to N instructions and says why it stopped;
 *   trap hook     when set, every exception goes to a C function instead of
 *                 the guest's vector (this is how the VMM runs guests);
 *   cpu_probe*()  translate and read for a debugger, changing nothing.
 */
#ifndef TLBVISOR_CPU_H
#define TLBVISOR_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu;

/* ---- CP0 ------------------------------------------------------------------ */
enum {
    CP0_INDEX = 0, CP0_RANDOM = 1, CP0_ENTRYLO = 2, CP0_CONTEXT = 4,
    CP0_WIRED = 6, CP0_BADVADDR = 8, CP0_COUNT = 9, CP0_ENTRYHI = 10,
    CP0_COMPARE = 11, CP0_STATUS = 12, CP0_CAUSE = 13, CP0_EPC = 14,
    CP0_PRID = 15, CP0_CONFIG = 16, CP0_PTBR = 22, CP0_INVVA = 23,
};

#define INDEX_P          0x80000000u   /* tlbp found no match */
#define INDEX_MASK       0x0000003fu

#define ENTRYLO_PFN      0xfffff000u
#define ENTRYLO_D        0x00000400u   /* dirty: writes allowed */
#define ENTRYLO_V        0x00000200u   /* valid */
#define ENTRYLO_G        0x00000100u   /* global: matches every ASID */
#define ENTRYLO_MASK     (ENTRYLO_PFN | ENTRYLO_D | ENTRYLO_V | ENTRYLO_G)

#define ENTRYHI_VPN      0xfffff000u
#define ENTRYHI_ASID     0x000000ffu

#define CONTEXT_PTEBASE  0xffe00000u   /* bits 31:21, written by software */
#define CONTEXT_BADVPN   0x001ffffcu   /* bits 20:2 = VA bits 30:12 */

#define STATUS_IE        0x00000001u
#define STATUS_EXL       0x00000002u
#define STATUS_KSU       0x00000018u
#define STATUS_KSU_SHIFT 3
#define STATUS_IM        0x0000ff00u
#define STATUS_IM_SHIFT  8
#define STATUS_BEV       0x00400000u
#define STATUS_MASK      (STATUS_IE | STATUS_EXL | STATUS_KSU | STATUS_IM | STATUS_BEV)

#define CAUSE_BD         0x80000000u
#define CAUSE_CE         0x30000000u   /* coprocessor number, for CpU */
#define CAUSE_CE_SHIFT   28
#define CAUSE_IP         0x0000ff00u
#define CAUSE_IP_SHIFT   8
#define CAUSE_IP_SW      0x00000300u   /* IP1:0, the only writable bits */
#define CAUSE_EXC        0x0000007cu
#define CAUSE_EXC_SHIFT  2

#define CONFIG_MT_SHIFT  7             /* MMU type, bits 9:7 */
#define CONFIG_MT        0x00000380u
#define CONFIG_MT_TLB    1u
#define CONFIG_MT_WALKER 3u
#define CONFIG_LEVELS    0x00000007u   /* walker levels, bits 2:0 */

#define PRID_TLBVISOR    0x00007401u   /* fixed: "tlbvisor rev 1" */

/* Interrupt lines (Cause.IP / Status.IM bit numbers). */
#define IRQ_CONSOLE      2
#define IRQ_TIMER        7

/* Exception codes (Cause.ExcCode). */
enum cpu_exc {
    EXC_INT = 0, EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3, EXC_ADEL = 4,
    EXC_ADES = 5, EXC_IBE = 6, EXC_DBE = 7, EXC_SYS = 8, EXC_BP = 9,
    EXC_RI = 10, EXC_CPU = 11, EXC_OV = 12, EXC_TR = 13,
};
#define CPU_NEXC 32   /* size of per-code tables */

/* cpu_exc_name: "TLBL", "AdEL", ... for an exception code ("?" if unknown). */
const char *cpu_exc_name(unsigned code);
/* cpu_cp0_name: "EntryHi", "PTBR", ... for a CP0 register (NULL if the
 * machine has no register n). */
const char *cpu_cp0_name(unsigned n);

/* Vectors. */
#define VEC_REFILL       0x80000000u
#define VEC_GENERAL      0x80000180u

/* Segments and the device window. */
#define KSEG0_BASE       0x80000000u
#define KSEG1_BASE       0xa0000000u
#define KSEG2_BASE       0xc0000000u
#define DEV_BASE         0x1fd00000u   /* physical */
#define DEV_CONSOLE      0x1fd00000u   /* +0 out, +4 in, +8 status/control */
#define DEV_POWER        0x1fd00010u   /* write: halt with that exit status */
#define DEV_SIZE         0x1000u
#define CONSOLE_OUT      0x0u
#define CONSOLE_IN       0x4u
#define CONSOLE_CTRL     0x8u
#define CONSOLE_READY    0x1u          /* CTRL read: a read of IN will not block */
#define CONSOLE_INTEN    0x2u          /* CTRL read/write: raise line 2 when ready */

/* Walker PTE. */
#define PTE_P            0x001u
#define PTE_W            0x002u
#define PTE_U            0x004u
#define PTE_G            0x008u
#define PTE_A            0x020u
#define PTE_D            0x040u
#define PTE_L            0x080u
#define PTE_PFN          0xfffff000u

/* The radix tables' shape, the walker's and the nested table's alike: the
 * index bits of the 20-bit page (or frame) number at each level, upper
 * level first, for 1 to 4 levels (the walker takes 2 to 4). */
extern const unsigned cpu_level_bits[5][4];

/* ---- creating machines -------------------------------------------------- */
enum cpu_mmu { CPU_MMU_SOFT, CPU_MMU_WALKER };

#define CPU_MEM_DEFAULT  (16u << 20)
#define CPU_MEM_MIN      (64u << 10)
#define CPU_MEM_MAX      DEV_BASE       /* RAM must end below the devices */

struct cpu_config {
    uint32_t mem_size;       /* bytes of RAM from PA 0; multiple of 4 KiB */
    enum cpu_mmu mmu;
    unsigned levels;         /* walker levels: 2, 3 or 4 (0 means 2) */
    bool no_fast_cache;      /* disable the host-side translation cache (tests) */
};

/* Console back end.  read() returns the next input byte (0-255) or -1 at end
 * of input, and may block; ready() returns whether read() would return at once
 * (true at end of input); write() outputs one byte; wait(), which may be NULL,
 * blocks until ready() would be true (the wait instruction uses it).  ctx is
 * passed back to each. */
struct cpu_console_ops {
    int  (*read)(void *ctx);
    bool (*ready)(void *ctx);
    void (*write)(void *ctx, uint8_t byte);
    void (*wait)(void *ctx);
};

/* cpu_new: a machine in its reset state: kernel mode, Status = BEV, PC =
 * VEC_REFILL, RAM zero, TLB entries invalid (each holds a distinct kseg0 VPN),
 * no console attached (output is dropped, input is at its end: see
 * cpu_set_console).  Returns NULL, with a message in *err if err is
 * not NULL, when the configuration is invalid or memory runs out. */
struct cpu *cpu_new(const struct cpu_config *cfg, const char **err);
void cpu_free(struct cpu *cpu);

/* cpu_set_console: route the console through ops (copied) with ctx. */
void cpu_set_console(struct cpu *cpu, const struct cpu_console_ops *ops, void *ctx);

/* cpu_set_log: where machine messages (machine checks) go; default stderr. */
void cpu_set_log(struct cpu *cpu, void (*log)(void *ctx, const char *msg), void *ctx);

/* ---- physical memory (host side) -------------------------------------------
 * Copy to or from RAM, for loaders and debuggers.  No devices, no statistics.
 * Return 0, or -1 if [pa, pa+n) is not all RAM. */
int cpu_phys_write(struct cpu *cpu, uint32_t pa, const void *src, size_t n);
int cpu_phys_read(struct cpu *cpu, uint32_t pa, void *dst, size_t n);
uint32_t cpu_mem_size(const struct cpu *cpu);
enum cpu_mmu cpu_mmu(const struct cpu *cpu);

/* ---- registers ------------------------------------------------------------ */
uint32_t cpu_reg(const struct cpu *cpu, unsigned n);
void cpu_set_reg(struct cpu *cpu, unsigned n, uint32_t v);   /* $0 stays 0 */
uint32_t cpu_hi(const struct cpu *cpu);
uint32_t cpu_lo(const struct cpu *cpu);
void cpu_set_hilo(struct cpu *cpu, uint32_t hi, uint32_t lo);
/* The LL bit: ll sets it, eret clears it, sc stores only while it is set.
 * A VMM keeps one per VM. */
bool cpu_llbit(const struct cpu *cpu);
void cpu_set_llbit(struct cpu *cpu, bool on);

/* cpu_pc: the address of the next instruction to execute.  cpu_in_delay_slot:
 * whether that instruction is a delay slot (the branch target is then
 * cpu_npc()).  cpu_set_pc: continue at pc, outside any delay slot. */
uint32_t cpu_pc(const struct cpu *cpu);
uint32_t cpu_npc(const struct cpu *cpu);
bool cpu_in_delay_slot(const struct cpu *cpu);
void cpu_set_pc(struct cpu *cpu, uint32_t pc);
/* cpu_set_pc_delay: continue at pc as the delay slot of a branch to npc
 * (a VMM resuming a trapped delay-slot instruction without re-running the
 * branch). */
void cpu_set_pc_delay(struct cpu *cpu, uint32_t pc, uint32_t npc);

/* cpu_insns: instructions retired so far (cpu_get_stats().insns, cheaply);
 * cpu_steps: instructions started so far (.steps). */
uint64_t cpu_insns(const struct cpu *cpu);
uint64_t cpu_steps(const struct cpu *cpu);

/* cpu_cp0: read CP0 register n as mfc0 would (Random and Count are computed
 * from the instruction count, Cause.IP shows the live interrupt lines).
 * Unimplemented registers read 0. */
uint32_t cpu_cp0(struct cpu *cpu, unsigned n);
/* cpu_set_cp0: write CP0 register n as mtc0 would, with the same masks and
 * side effects (Compare clears the timer line, Wired resets Random, InvVA
 * drops TLB entries...).  Read-only registers ignore the write. */
void cpu_set_cp0(struct cpu *cpu, unsigned n, uint32_t v);

/* cpu_eret: what eret does: PC = EPC, EXL = 0, LL bit cleared. */
void cpu_eret(struct cpu *cpu);

/* cpu_mode: 0 kernel, 1 supervisor, 2 user (EXL forces kernel). */
enum cpu_mode { CPU_KERNEL = 0, CPU_SUPERVISOR = 1, CPU_USER = 2 };
enum cpu_mode cpu_mode(const struct cpu *cpu);

/* ---- TLB ------------------------------------------------------------------ */
#define CPU_TLB_SIZE 64

/* One entry, in EntryHi / EntryLo form.  In walker mode lo holds the PFN,
 * G, V=1 and D = "writes allowed without a walk" (PTE W and D both set);
 * walker_w / walker_u are the effective W and U permissions.  In nested
 * mode the PFN is the machine frame, G is never set, and W and D must hold
 * in both dimensions. */
struct cpu_tlb_entry {
    uint32_t hi;             /* VPN | ASID */
    uint32_t lo;             /* PFN | D | V | G */
    bool walker_w, walker_u;
};

void cpu_tlb_read(const struct cpu *cpu, unsigned index, struct cpu_tlb_entry *e);
/* cpu_tlb_write: write entry index (mod 64) as tlbwi would.  This is the one
 * function that changes TLB entries; it keeps the fast cache coherent. */
void cpu_tlb_write(struct cpu *cpu, unsigned index, const struct cpu_tlb_entry *e);

/* ---- running ---------------------------------------------------------------- */
enum cpu_stop {
    CPU_STOP_BUDGET,         /* ran the instructions it was given */
    CPU_STOP_BREAK,          /* about to execute a breakpoint address */
    CPU_STOP_HALT,           /* the guest wrote the power device */
    CPU_STOP_TRAP,           /* the trap hook asked to stop */
    CPU_STOP_ERROR,          /* a guest error the machine cannot go on from */
};

/* cpu_run: execute up to n instructions.  n counts every instruction that
 * started, including one that raised an exception, so a run always ends.
 * A breakpoint stops the run before the instruction at its address, except
 * the first instruction of the run (so "continue" steps off a breakpoint). */
enum cpu_stop cpu_run(struct cpu *cpu, uint64_t n);

/* After CPU_STOP_HALT: the value written to the power device. */
uint32_t cpu_exit_status(const struct cpu *cpu);
bool cpu_halted(const struct cpu *cpu);
/* After CPU_STOP_ERROR: what went wrong, one line. */
const char *cpu_error(const struct cpu *cpu);

/* Breakpoints on virtual addresses (any ASID, any mode). */
int cpu_break_add(struct cpu *cpu, uint32_t va);    /* 0, or -1 if the table is full */
int cpu_break_del(struct cpu *cpu, uint32_t va);    /* 0, or -1 if there was none */
void cpu_break_clear(struct cpu *cpu);
/* cpu_break_skip_first: whether a run's first instruction is exempt from
 * breakpoints (the default).  A debugger that steps off a breakpoint
 * itself turns it off, so that a run that resumes mid-way (a VMM's inner
 * runs, a budget that ended just before a breakpoint) misses none. */
void cpu_break_skip_first(struct cpu *cpu, bool on);

/* ---- trap to host ------------------------------------------------------------
 * With a hook set, an exception performs its CP0 side (EPC, Cause, BD,
 * BadVAddr, EntryHi, Context, EXL = 1, kernel mode) and then calls the hook
 * instead of fetching from the vector.  PC holds the vector the guest would
 * have used.  The hook runs as the machine's kernel: it may read and write
 * registers, CP0, the TLB and memory, and must leave the machine where it is
 * to continue (typically cpu_set_pc / cpu_eret).  It returns
 * CPU_TRAP_RESUME to go on, or CPU_TRAP_STOP to end cpu_run with
 * CPU_STOP_TRAP once it returns. */
struct cpu_trap {
    unsigned code;           /* enum cpu_exc */
    uint32_t epc;            /* address of the instruction (the branch, if bd) */
    uint32_t pc;             /* address of the instruction that trapped */
    uint32_t npc;            /* where execution goes after it (the branch target
                                if it is in a delay slot); for an interrupt, pc is
                                the next instruction and npc the one after */
    bool bd;                 /* it was in a delay slot */
    uint32_t badvaddr;       /* for address and TLB exceptions */
    uint32_t insn;           /* the instruction word, if it was fetched */
    bool refill;             /* a TLB miss that would use the refill vector */
    bool fetch;              /* the fault was fetching the instruction itself */
    unsigned ce;             /* coprocessor number, for CpU */
    bool nested;             /* a nested fault (see "nested paging" below): TLBL/TLBS
                                raised by the nested dimension, not by the guest's
                                own page tables */
    uint32_t gpa;            /* for a nested fault: the guest-physical address whose
                                translation faulted (a guest PTE's address or the
                                access's final GPA); 0 otherwise */
};
enum cpu_trap_action { CPU_TRAP_RESUME, CPU_TRAP_STOP };
typedef enum cpu_trap_action (*cpu_trap_fn)(void *ctx, struct cpu *cpu,
                                            const struct cpu_trap *trap);
void cpu_set_trap_hook(struct cpu *cpu, cpu_trap_fn fn, void *ctx);

/* ---- statistics ------------------------------------------------------------ */
#define CPU_WALK_HIST 32
struct cpu_stats {
    uint64_t insns;              /* retired instructions */
    uint64_t insns_mode[3];      /* ... of them, by enum cpu_mode */
    uint64_t steps;              /* started instructions (insns + faulting ones) */
    uint64_t exceptions[CPU_NEXC]; /* by ExcCode, interrupts included */
    uint64_t tlb_hits;           /* mapped accesses that found their entry */
    uint64_t tlb_misses;         /* mapped accesses that found none */
    uint64_t refills;            /* exceptions delivered to the refill vector */
    uint64_t tlb_writes;         /* tlbwi, tlbwr, and walker fills */
    uint64_t walks;              /* walker: page-table walks started */
    uint64_t walker_reads;       /* walker: PTE reads (nested mode: guest PTEs) */
    uint64_t walker_writes;      /* walker: A/D write-backs (nested mode: to guest PTEs) */
    uint64_t machine_checks;     /* lookups that matched two TLB entries */
    /* Walk costs (docs/isa.md "Statistics").  A reference is a read of a
     * page-table entry from memory; A/D write-backs are counted apart
     * (walker_writes, nested_writes), PWC hits are not references. */
    uint64_t walk_refs;          /* references made by walks, both dimensions */
    uint64_t walk_hist[CPU_WALK_HIST];  /* walks by the references they made:
                                    [k] = k references, the last bucket k or more */
    uint64_t nested_walks;       /* walks made in nested mode (also in .walks) */
    uint64_t nested_reads;       /* nested-table entries read (walker_reads are
                                    the guest dimension's) */
    uint64_t nested_writes;      /* A/D write-backs to nested-table entries */
    uint64_t pwc_hits;           /* upper-level entries found in the PWC */
    uint64_t nested_faults;      /* nested faults raised */
};
void cpu_get_stats(const struct cpu *cpu, struct cpu_stats *out);

/* ---- probe: looking without touching ---------------------------------------
 * Translate as an access of the given kind would in the given mode, with the
 * current ASID and TLB or page tables: no exception, no A/D bits, no TLB
 * fill, no Random step, no statistics. */
enum cpu_access { CPU_FETCH, CPU_LOAD, CPU_STORE };

/* Translation results.  The same set serves the soft TLB and the walker;
 * mmu_raise() in cpu/ is the one place that turns them into exceptions. */
enum mmu_result {
    MMU_OK = 0,
    MMU_ADDRESS_ERROR,      /* segment not allowed in this mode, or unaligned */
    MMU_TLB_REFILL,         /* soft TLB: no entry matches */
    MMU_TLB_INVALID,        /* soft TLB: the entry has V = 0 */
    MMU_TLB_MOD,            /* store to a clean page (soft D = 0, walker W = 0) */
    MMU_PAGE_FAULT,         /* walker: not present, or user access to U = 0 */
    MMU_BUS_ERROR,          /* no RAM or device at the physical address */
    MMU_NESTED_FAULT,       /* nested mode: the nested dimension refused a GPA */
};
const char *mmu_result_name(enum mmu_result r);

struct cpu_xlate {
    uint32_t pa;
    bool mapped;             /* went through the TLB / page tables */
    int tlb_index;           /* matching TLB entry, or -1 */
    bool from_walk;          /* walker mode: found by walking (not in the TLB) */
};
enum mmu_result cpu_probe(struct cpu *cpu, uint32_t va, enum cpu_access acc,
                          enum cpu_mode mode, struct cpu_xlate *out);

/* cpu_probe_read: copy n bytes at virtual address va (current mode) into dst.
 * Devices are not read (their reads have side effects).  Returns MMU_OK, or
 * the result for the first byte that could not be read. */
enum mmu_result cpu_probe_read(struct cpu *cpu, uint32_t va, void *dst, size_t n);

/* cpu_probe_walk: the walker's references for va, without side effects.
 * Fills up to 4 levels; returns the translation result.  In nested mode it
 * shows the guest dimension: pte_pa are the guest PTEs' guest-physical
 * addresses and pa the final GPA (set once the guest levels are walked); the
 * result is the whole 2D walk's.  The nested references are in
 * cpu_probe_walk2d(). */
struct cpu_walk {
    unsigned nlevels;        /* levels read (stops at a non-present or large PTE) */
    struct { uint32_t pte_pa; uint32_t pte; unsigned index; } level[4];
    uint32_t pa;
};
enum mmu_result cpu_probe_walk(struct cpu *cpu, uint32_t va, struct cpu_walk *out);

/* ---- nested paging (AMD NPT / Intel EPT style) --------------------------------
 * A hardware assist for a VMM on a walker machine (docs/isa.md "Nested
 * paging").  While it is on, the walker's tables (rooted at PTBR) are the
 * guest's and hold guest-physical addresses (GPAs); every GPA the walker
 * meets is translated to a machine address through a second, nested table
 * that the VMM owns:
 *
 *   - a TLB miss on a mapped access makes a 2D walk: each guest PTE's GPA
 *     goes through the nested table (m references) before the PTE is read
 *     (1), and so does the final GPA; n guest levels cost n*m + n + m
 *     references (24 for 4 and 4).  The TLB caches the whole VA -> machine
 *     frame, ASID-tagged (never global), writable only if the guest and the
 *     nested tables both allow it;
 *   - supervisor-mode kseg0/kseg1 (the guest kernel's unmapped segments):
 *     GPA = VA - 0x80000000 (0xa0000000), then the nested table alone (m
 *     references), cached in the TLB like any translation.  Kernel mode is
 *     the host: its kseg0/kseg1 stay machine addresses;
 *   - a nested fault (nested entry not present, GPA >= limit, a store or an
 *     A/D write-back through a nested W = 0 page) raises TLBL/TLBS with
 *     trap.nested set and trap.gpa the GPA that faulted; without a trap hook
 *     it is delivered as a page fault (general vector).  The guest's own
 *     faults stay ordinary TLBL/TLBS/Mod;
 *   - supervisor mode may write PTBR and InvVA with mtc0 (no CpU); both flush
 *     the PWC, InvVA also drops the page's TLB entries;
 *   - with pwc set, a page-walk cache of CPU_PWC_SIZE upper-level entries of
 *     both dimensions saves references (stats.pwc_hits).
 *
 * The nested table: 4-byte entries as the walker's (P, W, A, D, L; U and G
 * are ignored), `levels` levels over the 20-bit guest frame number:
 * 1: 20 bits (one table of limit/4096 entries), 2: 10/10, 3: 6/7/7,
 * 4: 5/5/5/5.  The walker sets A in the nested entries it uses and D in the
 * leaf of a page it writes (a store, or a guest A/D write-back). */
#define CPU_PWC_SIZE 32

struct cpu_nested {
    bool on;
    uint32_t root;           /* machine address of the root table (bits 11:0 ignored) */
    unsigned levels;         /* m: 1..4 */
    bool large;              /* L in an upper-level entry maps a large region
                                (else L is ignored there) */
    uint32_t limit;          /* GPAs >= limit fault without a walk (the VM's memory) */
    bool pwc;                /* the page-walk cache is on */
};

/* cpu_set_nested: turn nested paging on (n->on) with that table, or off (n
 * NULL or !n->on).  Flushes the TLB and the PWC.  Returns 0, or -1 (nothing
 * changed) on a soft-TLB machine or for levels outside 1..4 when on. */
int cpu_set_nested(struct cpu *cpu, const struct cpu_nested *n);
/* cpu_switch_nested: the same, to switch between VMs whose TLB entries are
 * under ASIDs of their own: only the PWC is dropped, the TLB stays. */
int cpu_switch_nested(struct cpu *cpu, const struct cpu_nested *n);
/* cpu_get_nested: the setting last made (all zero at reset). */
void cpu_get_nested(const struct cpu *cpu, struct cpu_nested *out);
/* cpu_nested_flush: drop every TLB entry and the PWC, after the VMM changed
 * nested entries (the hardware does not watch the tables). */
void cpu_nested_flush(struct cpu *cpu);

/* cpu_probe_walk2d: the references a cold 2D walk for va would make (a
 * supervisor load: no permission checks but the nested W an A/D write-back
 * would need; no TLB, no PWC), without side effects.  Printable as Bhargava
 * et al.'s grid: one row per guest level read plus one for the final GPA;
 * in a row, the nested references (columns) and then the guest PTE read.
 * A kseg0/kseg1 VA is translated as supervisor mode does: no guest rows,
 * one final row (n = 0).  With nested mode off on a walker machine, the
 * plain walk is shown with m = 0 (a row per level, no nested columns, gpa =
 * guest_ma = the PTE's physical address).  A soft-TLB machine returns
 * MMU_TLB_REFILL with *out zeroed. */
struct cpu_walk2d {
    unsigned n, m;           /* guest levels of the machine (0 for kseg0/1), nested levels */
    unsigned rows;           /* rows filled: guest levels read + the final row,
                                fewer if a fault stopped the walk */
    struct {
        uint32_t gpa;        /* the GPA translated on this row: a guest PTE's
                                address, or the final GPA on the last row */
        unsigned ncols;      /* nested references made on this row */
        struct { unsigned order; uint32_t ma, pte; } nested[4];
                             /* order: 1-based position in the whole walk;
                                ma: the entry's machine address */
        bool has_guest;      /* a guest PTE was read (never on the final row) */
        unsigned guest_order;
        uint32_t guest_ma, guest_pte;
        unsigned guest_index;   /* the VA's index at this guest level */
    } row[5];
    unsigned refs;           /* references in all */
    uint32_t ma;             /* the final machine address, if MMU_OK */
    bool final_row;          /* the last row is the final GPA's (the guest walk ended) */
    bool nested_fault;       /* the walk stopped on a nested fault ... */
    uint32_t fault_gpa;      /* ... translating this GPA */
};
enum mmu_result cpu_probe_walk2d(struct cpu *cpu, uint32_t va, struct cpu_walk2d *out);

#endif /* TLBVISOR_CPU_H */
