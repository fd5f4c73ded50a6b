/*
 * vmm.h -- the tlbvisor hypervisor: trap-and-emulate over the software TLB,
 * and shadow page tables over the hardware walker.
 *
 * The VMM is the machine's kernel mode.  It runs each VM's guest kernel in
 * supervisor mode and its user programs in user mode, and takes every
 * exception through the CPU's trap-to-host hook.  Per VM it keeps a vCPU
 * (the guest-visible CP0), a virtual TLB of 64 entries, and a pmap from
 * guest-physical frames (PFN) to machine frames (MFN).  When the guest
 * writes a TLB entry VPN -> PFN, the VMM installs VPN -> MFN in the real
 * TLB under a real ASID it assigns to (VM, guest ASID).  On a walker machine
 * (--mmu walker) the guest builds radix page tables instead, and the VMM
 * keeps a shadow of each (guest VA -> MFN) for the hardware to walk
 * (vmm/shadow.c).  See docs/vmm.md.
 *
 * Isolation invariant: while VM k runs, every valid real TLB entry and
 * shadow PTE that can match maps a machine frame owned by VM k.  No guest
 * input may break it; with check set, the VMM verifies it after every action.
 */
#ifndef TLBVISOR_VMM_H
#define TLBVISOR_VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"

struct vmm;

#define VMM_MAX_VMS          8
#define VMM_QUANTUM_DEFAULT  50000   /* guest instructions per world-switch slice */

enum vmm_asid_policy {
    VMM_ASID_TAG,            /* keep the real TLB across switches, tagged by real ASID */
    VMM_ASID_FLUSH,          /* flush the real TLB on every world switch */
};

/* How the VMM virtualizes the MMU.  A machine with the software TLB
 * (CPU_MMU_SOFT) takes VMM_PAGING_SOFT: the guest's tlbwi/tlbwr are
 * emulated.  A walker machine (CPU_MMU_WALKER) takes VMM_PAGING_SHADOW:
 * the guest's page tables are shadowed; or VMM_PAGING_NESTED: the hardware's
 * 2D walk through a nested table per VM (cpu_set_nested), the guest's page
 * tables and PTBR its own. */
enum vmm_paging {
    VMM_PAGING_SOFT,
    VMM_PAGING_SHADOW,
    VMM_PAGING_NESTED,
};

#define VMM_SHADOW_ROOTS     32      /* shadow roots cached per VM, by default */
#define VMM_SHADOW_MIN_PAGES 16      /* the fewest shadow pages a VM may be given */

/* A pmap entry a lab fixes: VM vm's guest frame pfn is machine frame mfn. */
struct vmm_pmap_entry {
    unsigned vm;
    uint32_t pfn, mfn;
};

struct vmm_config {
    unsigned nvms;           /* 1..VMM_MAX_VMS */
    uint32_t guest_mem;      /* guest-physical memory per VM: bytes, a multiple of 4 KiB */
    enum vmm_asid_policy asid;
    uint64_t quantum;        /* 0: VMM_QUANTUM_DEFAULT */
    bool l2tlb;              /* a second-level software TLB per VM (soft paging only) */
    enum vmm_paging paging;  /* must suit the machine's MMU (above) */
    unsigned nested_levels;  /* nested: levels of the nested tables, 1..4 (0: the guest's) */
    bool nested_large;       /* nested: large pages in the nested tables (the VM's memory
                                then comes in aligned blocks of contiguous frames) */
    bool pwc;                /* nested: the CPU's page-walk cache */
    unsigned shadow_roots;   /* shadow: roots cached per VM, 2..64 (0: VMM_SHADOW_ROOTS) */
    uint32_t shadow_pages;   /* shadow: pages of shadow tables per VM at most (0, or more
                                than there are: an equal share of the machine frames no
                                VM owns, the VMM's frame pool) */
    bool check;              /* check the isolation invariant after every VMM action */
    const struct vmm_pmap_entry *pmap;   /* fixed pmap entries (the rest are assigned) */
    size_t npmap;
};

/* vmm_new: a VMM owning cpu (it sets cpu's trap hook) with cfg's VMs, each
 * with its guest memory mapped to machine frames of cpu's RAM: cfg's fixed
 * pmap entries first, the other frames from a deterministic shuffle
 * (deliberately not contiguous).  The frames left over are the VMM's own
 * pool, where shadow paging keeps its tables.  Console output of VM k goes
 * to host->write (prefixed "[vmK] " at the start of each line when there
 * are several VMs); every VM reads the same input stream from host.  Returns NULL with *err set if
 * the VMs do not fit in the machine's memory (or leave too few frames for
 * shadow tables: VMM_SHADOW_MIN_PAGES per VM) or cfg is invalid. */
struct vmm *vmm_new(struct cpu *cpu, const struct vmm_config *cfg,
                    const struct cpu_console_ops *host, void *host_ctx, const char **err);
void vmm_free(struct vmm *vmm);

/* Guest-physical memory of VM vm, for loaders: 0, or -1 outside it.  A
 * write to a guest page table that shadow paging shadows drops the shadow
 * entries it changes, as a guest's store would. */
int vmm_gpa_write(struct vmm *vmm, unsigned vm, uint32_t gpa, const void *src, size_t n);
int vmm_gpa_read(struct vmm *vmm, unsigned vm, uint32_t gpa, void *dst, size_t n);
/* vmm_pmap: the machine frame of VM vm's guest frame pfn. */
uint32_t vmm_pmap(const struct vmm *vmm, unsigned vm, uint32_t pfn);
uint32_t vmm_guest_mem(const struct vmm *vmm);
unsigned vmm_nvms(const struct vmm *vmm);

/* vmm_vm_start: VM vm begins at pc in (guest) kernel mode, with register r
 * values set by vmm_vm_set_reg before or after (vmm_vm_set_reg works at any
 * time: in the CPU if the VM is there). */
void vmm_vm_start(struct vmm *vmm, unsigned vm, uint32_t pc);
void vmm_vm_set_reg(struct vmm *vmm, unsigned vm, unsigned r, uint32_t v);

enum vmm_stop {
    VMM_STOP_BUDGET,         /* ran the steps it was given */
    VMM_STOP_HALT,           /* every VM has powered off */
    VMM_STOP_ERROR,          /* a VM hit a guest error (vmm_error) */
    VMM_STOP_BREAK,          /* the CPU reached a breakpoint (cpu_break_add): the
                                current VM is about to execute it */
};

/* vmm_run: run the VMs for up to n machine steps. */
enum vmm_stop vmm_run(struct vmm *vmm, uint64_t n);
uint32_t vmm_exit_status(const struct vmm *vmm, unsigned vm);
bool vmm_halted(const struct vmm *vmm, unsigned vm);
const char *vmm_error(const struct vmm *vmm);

/* ---- looking at a VM (the debugger) ------------------------------------------------------
 * None of these changes what the guest sees.  The current VM is the one in
 * the CPU (or, before the first vmm_run, the one that will be): its
 * registers are the CPU's; another VM's are the VMM's copies. */
unsigned vmm_current(const struct vmm *vmm);
/* vmm_vm_steps: VM vm's guest steps so far: instructions retired (native and
 * emulated) plus exceptions and interrupts delivered to it.  A guest step
 * of the debugger is what advances it. */
uint64_t vmm_vm_steps(struct vmm *vmm, unsigned vm);
uint32_t vmm_vm_reg(const struct vmm *vmm, unsigned vm, unsigned r);
uint32_t vmm_vm_hi(const struct vmm *vmm, unsigned vm);
uint32_t vmm_vm_lo(const struct vmm *vmm, unsigned vm);
void vmm_vm_set_hilo(struct vmm *vmm, unsigned vm, uint32_t hi, uint32_t lo);
/* vmm_vm_pc: where VM vm continues; *delay: that is a delay slot (of a
 * branch to *npc).  vmm_vm_set_pc: continue at pc, outside a delay slot. */
uint32_t vmm_vm_pc(const struct vmm *vmm, unsigned vm, bool *delay, uint32_t *npc);
void vmm_vm_set_pc(struct vmm *vmm, unsigned vm, uint32_t pc);
/* vmm_vcp0: the guest-visible CP0 register reg, as the guest's mfc0 would
 * read it; vmm_vm_mode: the guest's own mode. */
uint32_t vmm_vcp0(struct vmm *vmm, unsigned vm, unsigned reg);
enum cpu_mode vmm_vm_mode(const struct vmm *vmm, unsigned vm);
/* vmm_vtlb: entry i of VM vm's virtual TLB. */
void vmm_vtlb(const struct vmm *vmm, unsigned vm, unsigned i, struct cpu_tlb_entry *e);
/* vmm_rtlb_owner: what the VMM put in real TLB entry i: the VM (-1: none),
 * *vidx the virtual TLB entry it came from (-1: a kseg0/kseg1 fill, or on a
 * walker machine the walker's fill from a shadow table; 64 and up: the
 * L2TLB), *gasid the guest ASID its real ASID stands for (-1: none now,
 * after a rollover). */
int vmm_rtlb_owner(const struct vmm *vmm, unsigned i, int *vidx, int *gasid);
/* vmm_translate: VM vm's virtual address va as its guest sees it now (its
 * mode, its ASID, its TLB -- or, on a walker machine, its page tables from
 * its PTBR, without touching A/D), then through the pmap. */
struct vmm_xlate {
    enum mmu_result r;       /* MMU_OK, or what the guest would take */
    bool mapped;             /* through the guest's TLB or page tables (else kseg0/kseg1) */
    int vidx;                /* the guest TLB entry (-1: none, unmapped, or a walker machine) */
    bool device;             /* gpa is a device register */
    uint32_t gpa;            /* guest-physical address */
    uint32_t ma;             /* machine address (if not a device) */
    uint32_t asid;           /* the guest ASID used */
};
enum mmu_result vmm_translate(struct vmm *vmm, unsigned vm, uint32_t va, enum cpu_access acc,
                              struct vmm_xlate *out);
/* vmm_mfn_owner: the VM that owns machine frame mfn, or -1 (the VMM's, or none). */
int vmm_mfn_owner(const struct vmm *vmm, uint32_t mfn);

/* ---- the trace ------------------------------------------------------------------------
 * With a trace function set, the VMM reports each thing it does as an event.
 * The front end (debugger/trace.c) prints them as the flow the lectures
 * draw, in three columns: Process | Guest OS | VMM. */
enum vmm_event_kind {
    VMM_EV_REFLECT,          /* the guest's instruction trapped; the VMM gave the guest the
                                exception: code, va, target (its vector); for a
                                syscall, value = $v0 */
    VMM_EV_EMULATE,          /* a privileged instruction of the guest kernel, emulated:
                                value = what mfc0 read or mtc0 wrote (tlbp: the index).
                                With shadow set: a store to a write-protected guest page
                                table, emulated: va its address, pfn the table's guest
                                frame, value the entry's new value */
    VMM_EV_TLBWRITE,         /* the guest's tlbwi/tlbwr: guest TLB[vidx] = vpn -> pfn; real
                                TLB[ridx] = vpn -> mfn under rasid if installed (ridx -1: not) */
    VMM_EV_FILL,             /* a TLB miss the VMM served without the guest: real TLB[ridx] =
                                vpn -> mfn, from the guest's TLB[vidx] (-1: kseg0/kseg1;
                                64 and up: the L2TLB).  With shadow set: a shadow page
                                table's entry vpn -> mfn, filled from the guest's tables
                                (or kseg0/kseg1 when va is there and the guest kernel
                                runs); ridx and vidx -1 (the walker fills the real TLB
                                on the retry) */
    VMM_EV_DEVICE,           /* a device access emulated: va, value, store */
    VMM_EV_ERET,             /* the guest's eret: target, user = returning to user mode */
    VMM_EV_RETRY,            /* the instruction that trapped ran again, without trapping */
    VMM_EV_SWITCH,           /* a world switch: to VM value */
    VMM_EV_HALT,             /* the VM powered off: value = its status */
};
enum vmm_activity {          /* what the guest kernel is handling, from reflection to eret */
    VMM_ACT_NONE, VMM_ACT_TLB, VMM_ACT_SYSCALL, VMM_ACT_INTERRUPT, VMM_ACT_OTHER,
};
struct vmm_event {
    enum vmm_event_kind kind;
    unsigned vm;
    bool user;               /* the instruction ran in the guest's user mode */
    enum vmm_activity activity;
    uint32_t pc, insn;       /* the guest instruction (insn 0 for a fetch) */
    unsigned code;           /* exception code */
    uint32_t va, value, target;
    bool store;
    bool miss;               /* REFLECT of a TLB exception: no entry (not just invalid) */
    int vidx, ridx;
    uint32_t vpn, pfn, mfn;
    unsigned rasid;
    bool shadow;             /* shadow paging's FILL or EMULATE (above); REFLECT on a
                                walker machine (a TLBL/TLBS is a page fault) */
    bool nested;             /* nested paging's FILL: a nested fault on guest frame pfn,
                                mapped to mfn in the VM's nested table */
};
void vmm_set_trace(struct vmm *vmm, void (*fn)(void *ctx, const struct vmm_event *ev),
                   void *ctx);

/* ---- statistics -------------------------------------------------------------------- */
enum vmm_emul {              /* emulated privileged instructions, by kind */
    EMUL_MFC0, EMUL_MTC0, EMUL_TLBR, EMUL_TLBWI, EMUL_TLBWR, EMUL_TLBP, EMUL_ERET,
    EMUL_WAIT, EMUL_DEVICE, EMUL_COUNT
};
enum vmm_exit {              /* why the guest left for the VMM */
    EXIT_PRIV,               /* a privileged instruction (CpU) */
    EXIT_TLB_HIDDEN,         /* a real TLB miss the VMM served (kseg fill, vTLB); shadow
                                paging: any walker fault it served unseen (hidden miss,
                                first write, write to a write-protected page table) */
    EXIT_TLB_GUEST,          /* a TLB exception reflected to the guest */
    EXIT_DEVICE,             /* a kseg1 device access */
    EXIT_EXCEPTION,          /* another exception reflected (syscall, break, faults) */
    EXIT_TIMER,              /* the real timer: a quantum or a virtual timer */
    EXIT_COUNT
};
struct vmm_vm_stats {
    uint64_t insns;                      /* guest instructions retired (native + emulated) */
    uint64_t exits[EXIT_COUNT];
    uint64_t emulated[EMUL_COUNT];
    uint64_t hidden_fills;               /* kseg0/kseg1 fills and vTLB refills, unseen by the guest */
    uint64_t reflected[CPU_NEXC];        /* exceptions delivered to the guest, by code */
    uint64_t l2tlb_hits;
    /* shadow paging (docs/vmm.md, "Shadow paging") */
    uint64_t hidden_misses;              /* walker faults on the shadow that the guest's tables
                                            (or kseg0/kseg1) map: filled, retried unseen */
    uint64_t kseg_fills;                 /* ... of them: kseg0/kseg1 of the guest kernel */
    uint64_t dirty_faults;               /* ... of them: a first write to a page mapped read-only
                                            in the shadow (guest D set, made writable) */
    uint64_t true_misses;                /* page faults and Mods reflected to the guest */
    uint64_t pt_write_traps;             /* stores to write-protected guest page tables, emulated */
    uint64_t ptbr_traps;                 /* mtc0 PTBR: shadow root switches */
    uint64_t invva_traps;                /* mtc0 InvVA */
    uint64_t root_evictions;             /* shadow roots dropped from the cache (LRU) */
    uint64_t unshadowed;                 /* guest tables unshadowed after a flood of writes */
    uint64_t shadow_flushes;             /* all of a VM's shadow pages dropped to make room */
    uint64_t shadow_pages;               /* shadow page-table pages in use now */
    uint64_t shadow_pages_peak;          /* ... at most (each one 4 KiB of machine memory) */
    /* nested paging (docs/vmm.md, "Nested paging") */
    uint64_t nested_fills;               /* nested faults on its memory: mapped, retried unseen */
    uint64_t nested_pages;               /* pages of its nested table (4 KiB each) */
};
struct vmm_stats {
    uint64_t world_switches;
    uint64_t tlb_flushes;                /* whole real-TLB flushes (policy, ASID rollover) */
    uint64_t asid_rollovers;
    enum vmm_paging paging;
    unsigned levels;                     /* walker levels (0: the software TLB) */
    unsigned nested_levels;              /* nested: levels of the nested tables */
    bool nested_large, pwc;              /* nested: large pages, the page-walk cache */
    unsigned shadow_roots;               /* shadow: roots cached per VM */
    uint64_t shadow_quota;               /* shadow: pages per VM at most */
    uint64_t shadow_pool;                /* shadow: the VMM's frame pool (pages) */
    struct vmm_vm_stats vm[VMM_MAX_VMS];
};
void vmm_get_stats(const struct vmm *vmm, struct vmm_stats *out);

/* vmm_input: the console input the VMs have read so far (every VM reads
 * the same stream), e.g. to replay it to a bare machine.  *eof says
 * whether its end was reached. */
const uint8_t *vmm_input(const struct vmm *vmm, size_t *len, bool *eof);
const char *vmm_emul_name(enum vmm_emul e);
const char *vmm_exit_name(enum vmm_exit e);
const char *vmm_paging_name(enum vmm_paging p);     /* "soft", "shadow", "nested" */

#endif /* TLBVISOR_VMM_H */
