/*
 * internal.h -- struct vmm, struct vm and what the files of vmm/ share.
 *
 *   vmm.c    VMs, memory (pmap), running, world switches, virtual time,
 *            the virtual console, statistics
 *   trap.c   the trap hook: privileged-instruction emulation, TLB faults,
 *            device emulation, reflection of exceptions to the guest
 *   tlb.c    the virtual TLB, the real TLB (what the VMM installs), real
 *            ASIDs, the isolation checker
 *   shadow.c shadow page tables (walker machines): the frame pool, shadow
 *            roots, hidden and true misses, write protection, A/D
 */
#ifndef TLBVISOR_VMM_INTERNAL_H
#define TLBVISOR_VMM_INTERNAL_H

#include "cpu/cpu.h"
#include "vmm/vmm.h"

#define PAGE 4096u
#define OWNER_FREE  (-1)             /* owner[] of a machine frame nobody has */
#define OWNER_VMM   (-2)             /* ... of one holding the VMM's nested or shadow tables */
#define NTLB CPU_TLB_SIZE
#define L2_SIZE 256u                 /* entries of a VM's second-level software TLB */
#define LINE_MAX 65536u              /* a VM's console line is broken after this many bytes */

/* Whether physical address pa is a device register's (the device window). */
static inline bool pa_is_device(uint32_t pa)
{
    return pa >= DEV_BASE && pa - DEV_BASE < DEV_SIZE;
}

/* The guest-visible CP0 of a VM.  Count and Random are computed from the
 * VM's own instruction count, as the machine computes them from its own. */
struct vcp0 {
    uint32_t index, entrylo, context, wired, badvaddr, entryhi;
    uint32_t compare, status, cause, epc, ptbr, invva;
    uint32_t count_bias;         /* Count = insns + count_bias */
    uint64_t random_base;        /* steps (insns + faults) when Random was last 63 */
    uint64_t timer_target;       /* insns at which Count next equals Compare */
    bool timer_irq;              /* IP7, latched until Compare is written */
};

/* Where a VM continues: an instruction, and whether it is a delay slot
 * (then npc is the branch's target). */
struct resume {
    uint32_t pc, npc;
    bool delay;
};

/* ---- shadow paging (shadow.c) ----------------------------------------------------------
 * A shadow page is a machine frame of the VMM's pool holding one table of a
 * shadow tree: the same radix format and levels as the guest's, entries
 * VA -> MFN for the hardware walker.  A page that mirrors a guest table
 * (a table the VMM walked in the guest's memory) records that guest frame
 * (gfn), and the guest frame is then write-protected. */
#define NO_GFN      UINT32_MAX
#define SP_KSEG     (-2)             /* spage.root of the VM's kseg0/kseg1 subtree */

struct spage {
    uint32_t mfn;                    /* the machine frame */
    int16_t vm;                      /* its VM, -1: free */
    uint8_t level;                   /* 0: a root */
    bool dirty;                      /* written since the isolation check last looked */
    int32_t root;                    /* the roots[] slot of its tree, or SP_KSEG */
    int32_t parent;                  /* the page whose entry pidx points here (-1: none) */
    uint32_t pidx;
    uint32_t va;                     /* the first VA it maps */
    uint32_t gfn;                    /* the guest table it mirrors, or NO_GFN */
    int32_t gnext, gprev;            /* the other pages mirroring gfn */
    int32_t next_free;
};

struct sroot {                       /* a cached shadow root */
    int32_t page;                    /* its spage, -1: a free slot */
    uint32_t gptbr;                  /* the guest's root table (PTBR & ~0xfff) */
    bool sup;                        /* for guest supervisor mode (kseg0/kseg1 the guest's) */
    uint64_t used;                   /* LRU stamp */
    uint8_t asids[32];               /* guest ASIDs that ran on it (a bit each) */
};

struct rmap {                        /* the writable shadow leaves mapping a guest frame */
    uint32_t *e;                     /* spage << 10 | entry (checked when used) */
    uint32_t n, cap;
};

struct vm {
    unsigned id;
    uint32_t npages;             /* guest-physical frames */
    uint32_t *pmap;              /* PFN -> MFN */
    struct vcp0 cp0;
    struct cpu_tlb_entry vtlb[NTLB];
    struct cpu_tlb_entry l2[L2_SIZE];    /* --l2tlb: entries its tlbwr evicted (V = 0: empty) */
    /* its CPU state while another VM runs */
    uint32_t regs[32], hi, lo;
    bool llbit;
    struct resume at;
    bool started;
    uint64_t insns;              /* guest instructions retired: native + emulated */
    uint64_t faults;             /* synchronous exceptions reflected to it: with insns,
                                    the instruction steps the bare machine would count */
    uint64_t slice_end;          /* insns at which its quantum ends */
    bool kseg_guest;             /* its real kseg0/kseg1 entries are its own TLB's (it
                                    runs in supervisor mode), not the VMM's fills */
    bool halted;
    uint32_t exit_status;
    bool waiting_input;          /* in wait, for console input */
    /* its console */
    size_t in_pos;               /* read position in the shared input */
    bool inten;
    char *line;                  /* output so far of the line being written (several VMs) */
    size_t line_len, line_cap;
    uint8_t asid_map[256];       /* guest ASID -> real ASID (0: none) */
    enum vmm_activity activity;  /* for the trace */
    /* shadow paging */
    struct sroot *roots;         /* cfg.shadow_roots slots */
    int cur_root;                /* the slot the real PTBR points to (-1: none yet) */
    uint64_t lru_clock;
    uint32_t sp_used;            /* shadow pages it holds */
    uint32_t *kseg_top;          /* root entries of its kseg0/kseg1 subtree, shared by its roots */
    uint32_t *pt_refs;           /* per guest frame: shadow pages mirroring it (> 0: write-protected) */
    int32_t *gfn_head;           /* per guest frame: the first of them */
    uint8_t *flood;              /* per guest frame: writes emulated since it was last walked */
    struct rmap *rmap;           /* per guest frame */
    int32_t *dirty;              /* shadow pages written since the last isolation check */
    uint32_t ndirty;
    bool check_full;             /* the next check walks every shadow page it has */
    uint64_t fault_trap;         /* progress guard: the trap count of the last hidden fill, */
    uint32_t fault_pc, fault_va; /* its instruction and address, */
    unsigned fault_repeats;      /* and how often in a row the same one faulted */
    /* nested paging: its nested table's frames [nt_first, nt_end), used up to nt_next */
    uint32_t nt_root, nt_first, nt_next, nt_end;
    struct vmm_vm_stats st;
};

struct vmm {
    struct cpu *cpu;
    struct vmm_config cfg;
    unsigned nvms;
    struct vm vms[VMM_MAX_VMS];
    struct vm *cur;
    uint64_t run_mark;           /* cpu_insns() when cur's count was last brought up to date */
    uint32_t cur_rasid;          /* the real ASID in EntryHi while cur runs */
    /* machine frames */
    uint32_t mframes;
    int16_t *owner;              /* MFN -> VM id, -1 free */
    /* the real TLB: what the VMM put in each entry */
    struct { int vm; int vidx; } rmeta[NTLB];   /* vidx -1: a kseg fill */
    unsigned rnext;              /* the next entry to replace */
    unsigned next_rasid;
    int16_t rasid_vm[256];       /* real ASID -> its VM (-1: none) */
    uint8_t rasid_gasid[256];    /* ... and the guest ASID it stands for */
    /* shadow paging */
    bool walker;                 /* a walker machine: shadow paging */
    bool nested;                 /* a walker machine: nested paging */
    unsigned levels;             /* the walker's (and so every guest's) levels */
    unsigned lv_bits[4], lv_shift[4];   /* index bits of each level, and where they start */
    unsigned ks_lo, ks_hi;       /* root entries of kseg0/kseg1: [ks_lo, ks_hi) */
    struct spage *sp;            /* the pool */
    uint32_t nsp;
    int32_t sp_free;
    int32_t *sp_of_mfn;          /* MFN -> pool index (-1: not a pool frame) */
    uint32_t sp_quota;           /* pages per VM at most */
    int32_t *scratch;            /* nsp pool indices, for walking a changing list */
    /* the console */
    struct cpu_console_ops host;
    void *host_ctx;
    uint8_t *in;                 /* the shared input so far */
    size_t in_len, in_cap;
    bool in_eof;
    /* the trace */
    void (*trace)(void *ctx, const struct vmm_event *ev);
    void *trace_ctx;
    bool retry_watch;            /* trace the retry of the instruction at retry_pc */
    uint32_t retry_pc;
    uint64_t ntraps;             /* traps taken (to see whether a step trapped) */
    uint32_t ev_pc, ev_insn;     /* the guest instruction being handled */
    int last_ridx;               /* where rtlb_install last wrote */
    uint32_t last_mfn;
    /* run control */
    bool entered;                /* the first VM has been loaded into the CPU */
    bool stop;
    enum vmm_stop stop_reason;
    char error[192];
    struct vmm_stats st;
};

/* ---- nested.c ----------------------------------------------------------------------- */
uint32_t nested_block(const struct vmm_config *cfg);          /* frames a large entry maps */
uint32_t nested_reserve(const struct vmm_config *cfg, uint32_t npages);
const char *nested_init(struct vmm *m);
void nested_load(struct vmm *m, struct vm *vm);
void nested_save(struct vmm *m, struct vm *vm);
void nested_fault(struct vmm *m, struct vm *vm, const struct cpu_trap *t);
void nested_check(struct vmm *m);

/* ---- vmm.c ------------------------------------------------------------------------ */
void vmm_walker_levels(struct vmm *m);               /* m->levels, lv_bits, lv_shift */
void vm_sync_insns(struct vmm *m);                    /* bring cur->insns up to date */
void vm_retire(struct vmm *m, struct vm *vm, uint64_t n);   /* emulated instructions */
uint32_t vm_count(const struct vm *vm);
unsigned vm_random(const struct vm *vm);
void vm_timer_rearm(struct vm *vm);
bool vm_irq_pending(struct vmm *m, struct vm *vm);   /* deliverable now */
uint32_t vm_cause_ip(struct vmm *m, struct vm *vm);
enum cpu_mode vm_mode(const struct vm *vm);           /* the guest's own mode */
bool vm_guest_kernel(const struct vm *vm);
void vmm_resume(struct vmm *m, struct vm *vm, struct resume at);
void vmm_world_switch(struct vmm *m, struct resume at);
void vmm_halt_vm(struct vmm *m, struct vm *vm, uint32_t status);
void vmm_fail(struct vmm *m, const char *fmt, ...);
/* the virtual console */
bool vcon_ready(struct vmm *m, struct vm *vm);
int vcon_read(struct vmm *m, struct vm *vm);
void vcon_write(struct vmm *m, struct vm *vm, uint8_t b);
void vcon_wait(struct vmm *m);
void vcon_flush(struct vmm *m, struct vm *vm);       /* a partial line, tagged */

/* vmm_emit: report ev to the trace, if there is one (fills in vm and activity). */
static inline void vmm_emit(struct vmm *m, struct vm *vm, struct vmm_event *ev)
{
    if (m->trace) {
        ev->vm = vm->id;
        ev->activity = vm->activity;
        m->trace(m->trace_ctx, ev);
    }
}

/* ---- trap.c ------------------------------------------------------------------------ */
enum cpu_trap_action vmm_trap(void *ctx, struct cpu *cpu, const struct cpu_trap *t);
/* Where a VM goes on after trap t: the instruction again (retry), or the
 * one after it (after: the branch target if it was in a delay slot). */
static inline struct resume retry(const struct cpu_trap *t)
{
    return (struct resume){ t->pc, t->npc, t->bd };
}
static inline struct resume after(const struct cpu_trap *t)
{
    return (struct resume){ t->npc, t->npc + 4, false };
}
/* vmm_reflect_trap: give the guest the exception the real CPU just took
 * (as code, with flags); vmm_reflect_bus: the bus error the bare machine
 * would raise for t's access; vmm_emulate_device: t's access to device
 * register pa, performed. */
void vmm_reflect_trap(struct vmm *m, struct vm *vm, const struct cpu_trap *t,
                      unsigned code, unsigned flags);
void vmm_reflect_bus(struct vmm *m, struct vm *vm, const struct cpu_trap *t);
void vmm_emulate_device(struct vmm *m, struct vm *vm, const struct cpu_trap *t, uint32_t pa);
/* Reflection flags. */
#define RF_BADVA   0x1u
#define RF_TLB     0x2u
#define RF_REFILL  0x4u
void vmm_reflect(struct vmm *m, struct vm *vm, unsigned code, unsigned ce, uint32_t badva,
                 unsigned flags, uint32_t epc, bool bd);
uint32_t vcp0_read(struct vmm *m, struct vm *vm, unsigned reg);
void vcp0_write(struct vmm *m, struct vm *vm, unsigned reg, uint32_t v);

/* ---- tlb.c -------------------------------------------------------------------------- */
int vtlb_lookup(const struct vm *vm, uint32_t va, uint32_t asid);
int l2_lookup(const struct vm *vm, uint32_t va, uint32_t asid);   /* a slot, or -1 */
void vtlb_write(struct vmm *m, struct vm *vm, unsigned i, bool random);  /* from EntryHi/EntryLo */
void vtlb_read(struct vmm *m, struct vm *vm);
void vtlb_probe(struct vmm *m, struct vm *vm);
void vtlb_invalidate_va(struct vmm *m, struct vm *vm, uint32_t va);
/* rtlb_install: real entry VPN(va) | cur_rasid -> MFN, from vTLB entry vidx of
 * vm (-1 for a kseg0/kseg1 fill). */
void rtlb_install(struct vmm *m, struct vm *vm, uint32_t va, uint32_t mfn, bool dirty, int vidx);
void rtlb_flush(struct vmm *m);
void rtlb_drop_kseg(struct vmm *m, const struct vm *vm);   /* vm's kseg0/kseg1 entries */
uint32_t rasid_of(struct vmm *m, struct vm *vm, uint32_t gasid);
void rasid_update(struct vmm *m);                      /* after the guest ASID changes */
/* rtlb_drop_range: drop the real TLB entries of vm for pages in [lo, hi),
 * under the real ASIDs of the guest ASIDs in the bit set gasids (NULL: any
 * of vm's).  rtlb_drop_mfn: drop the writable entries that map mfn. */
void rtlb_drop_range(struct vmm *m, const struct vm *vm, uint32_t lo, uint64_t hi,
                     const uint8_t *gasids);
void rtlb_drop_mfn_dirty(struct vmm *m, uint32_t mfn);
void vmm_check_invariant(struct vmm *m);

/* ---- shadow.c ------------------------------------------------------------------------ */
const char *shadow_init(struct vmm *m);                /* NULL, or why it cannot be */
void shadow_free(struct vmm *m);
void shadow_load(struct vmm *m, struct vm *vm);        /* vm enters the CPU: its real PTBR */
void shadow_mode(struct vmm *m, struct vm *vm, enum cpu_mode mode);   /* before it resumes */
void shadow_ptbr(struct vmm *m, struct vm *vm);        /* after the guest wrote PTBR */
void shadow_asid(struct vmm *m, struct vm *vm);        /* after the guest's ASID changed */
void shadow_invva(struct vmm *m, struct vm *vm, uint32_t va);
void shadow_fault(struct vmm *m, struct vm *vm, const struct cpu_trap *t);
void shadow_gpa_written(struct vmm *m, struct vm *vm, uint32_t gpa, size_t n);
/* guest_translate: va through vm's own page tables (its PTBR, the walker's
 * rules), as the bare walker would: the guest-physical address.  Shadow and
 * nested paging both use it. */
enum mmu_result guest_translate(struct vmm *m, const struct vm *vm, uint32_t va,
                                enum cpu_access acc, enum cpu_mode mode, uint32_t *gpa);
void shadow_check(struct vmm *m);                      /* the running VM's shadow tables */

#endif /* TLBVISOR_VMM_INTERNAL_H */
