/*
 * internal.h -- struct vmm, struct vm and what the files of vmm/ share.
 *
 *   vmm.c    VMs, memory (pmap), running, world switches, virtual time,
 *            the virtual console, statistics
 *   trap.c   the trap hook: privileged-instruction emulation, TLB faults,
 *            device emulation, reflection of exceptions to the guest
 *   tlb.c    the virtual TLB, the real TLB (what the VMM installs), real
 *            ASIDs, the isolation checker
 */
#ifndef TLBVISOR_VMM_INTERNAL_H
#define TLBVISOR_VMM_INTERNAL_H

#include "cpu/cpu.h"
#include "vmm/vmm.h"

#define PAGE 4096u
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

/* ---- vmm.c ------------------------------------------------------------------------ */
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
void vmm_check_invariant(struct vmm *m);

#endif /* TLBVISOR_VMM_INTERNAL_H */
