/*
 * cp0.c -- coprocessor 0: its registers, exceptions, interrupts and the timer.
 *
 * Count and Random are not stored: both are computed from the instruction
 * counters, so they cost nothing per instruction and every run sees the same
 * values.  The timer is an event: the run loop asks cp0_timer_deadline() how
 * many steps it may run before Count can reach Compare.
 */
#include <stdio.h>

#include "cpu/internal.h"

static const char *const exc_names[CPU_NEXC] = {
    [EXC_INT] = "Int", [EXC_MOD] = "Mod", [EXC_TLBL] = "TLBL", [EXC_TLBS] = "TLBS",
    [EXC_ADEL] = "AdEL", [EXC_ADES] = "AdES", [EXC_IBE] = "IBE", [EXC_DBE] = "DBE",
    [EXC_SYS] = "Sys", [EXC_BP] = "Bp", [EXC_RI] = "RI", [EXC_CPU] = "CpU",
    [EXC_OV] = "Ov", [EXC_TR] = "Tr",
};

const char *cpu_exc_name(unsigned code)
{
    return code < CPU_NEXC && exc_names[code] ? exc_names[code] : "?";
}

static const char *const cp0_names[32] = {
    [CP0_INDEX] = "Index", [CP0_RANDOM] = "Random", [CP0_ENTRYLO] = "EntryLo",
    [CP0_CONTEXT] = "Context", [CP0_WIRED] = "Wired", [CP0_BADVADDR] = "BadVAddr",
    [CP0_COUNT] = "Count", [CP0_ENTRYHI] = "EntryHi", [CP0_COMPARE] = "Compare",
    [CP0_STATUS] = "Status", [CP0_CAUSE] = "Cause", [CP0_EPC] = "EPC", [CP0_PRID] = "PRId",
    [CP0_CONFIG] = "Config", [CP0_PTBR] = "PTBR", [CP0_INVVA] = "InvVA",
};

const char *cpu_cp0_name(unsigned n)
{
    return n < 32 ? cp0_names[n] : NULL;
}

/* ---- mode ----------------------------------------------------------------- */

enum cpu_mode cpu_mode(const struct cpu *c)
{
    if (c->status & STATUS_EXL)
        return CPU_KERNEL;
    switch ((c->status & STATUS_KSU) >> STATUS_KSU_SHIFT) {
    case 0:  return CPU_KERNEL;
    case 1:  return CPU_SUPERVISOR;
    default: return CPU_USER;        /* 3 is reserved; tlbvisor treats it as user */
    }
}

/* cp0_set_mode: after Status changes.  Selects the fast-cache set of the new
 * mode and charges the instructions retired since the last change to the
 * mode they ran in, so per-mode counts cost nothing per instruction. */
void cp0_set_mode(struct cpu *c)
{
    enum cpu_mode m = cpu_mode(c);
    uint64_t retired = cpu_retired(c);

    c->st.insns_mode[c->mode] += retired - c->mode_since;
    c->mode_since = retired;
    c->mode = m;
    c->fcm = c->fc[m];
}

/* ---- timer -------------------------------------------------------------------- */

static uint32_t count(const struct cpu *c)
{
    return (uint32_t)cpu_retired(c) + c->count_bias;
}

/* The next retired count at which Count becomes equal to Compare: 1 to 2^32
 * instructions from now. */
void cp0_timer_rearm(struct cpu *c)
{
    uint32_t delta = c->compare - count(c);
    c->timer_target = cpu_retired(c) + (delta ? delta : (1ull << 32));
    c->stop_at = 0;
}

void cp0_timer_update(struct cpu *c)
{
    if (cpu_retired(c) == c->timer_target) {
        c->timer_irq = true;
        c->timer_target += 1ull << 32;
    }
}

uint64_t cp0_timer_deadline(const struct cpu *c)
{
    /* Retired never runs ahead of steps, so stopping after this many steps
     * can only be early, never late. */
    return c->steps + (c->timer_target - cpu_retired(c));
}

/* ---- Random ----------------------------------------------------------------------- */

unsigned cp0_random(const struct cpu *c)
{
    unsigned span = CPU_TLB_SIZE - c->wired;            /* Wired..63 */
    return (unsigned)(63 - (c->steps - c->random_base) % span);
}

/* ---- interrupts ------------------------------------------------------------------- */

/* cause_ip: the live interrupt lines as Cause.IP bits.  The console is asked
 * only for lines in mask: on a terminal asking is a system call. */
static uint32_t cause_ip(struct cpu *c, uint32_t mask)
{
    uint32_t ip = c->cause & CAUSE_IP_SW;
    if (c->timer_irq)
        ip |= 1u << (CAUSE_IP_SHIFT + IRQ_TIMER);
    if ((mask & (1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE))) && bus_console_irq(c))
        ip |= 1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE);
    return ip & mask;
}

bool cp0_irq_pending(struct cpu *c)
{
    if ((c->status & (STATUS_IE | STATUS_EXL)) != STATUS_IE)
        return false;
    return cause_ip(c, c->status & STATUS_IM) != 0;
}

/* The wait instruction (kernel mode; see docs/isa.md).  Returns 0 to go on,
 * -1 when nothing can ever wake the machine (the run stops with an error). */
int cp0_wait(struct cpu *c)
{
    uint32_t im = c->status & STATUS_IM;
    bool ie = (c->status & (STATUS_IE | STATUS_EXL)) == STATUS_IE;

    if (cp0_irq_pending(c))
        return 0;
    if (ie && (im & (1u << (CAUSE_IP_SHIFT + IRQ_TIMER)))) {
        /* Sleep until Count reaches Compare: after this instruction retires,
         * Count must equal Compare. */
        uint64_t skip = c->timer_target - (cpu_retired(c) + 1);
        c->count_bias += (uint32_t)skip;
        c->timer_target = cpu_retired(c) + 1;
        c->stop_at = 0;
        return 0;
    }
    if (ie && (im & (1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE))) && c->con_inten) {
        if (!c->con.ready(c->con_ctx) && c->con.wait)
            c->con.wait(c->con_ctx);
        c->stop_at = 0;
        return 0;
    }
    snprintf(c->error, sizeof c->error,
             "wait at 0x%08x with no interrupt enabled: the machine would sleep forever",
             c->pc);
    return -1;
}

/* ---- exceptions -------------------------------------------------------------------- */

void cpu_exception(struct cpu *c, unsigned code, uint32_t bad, unsigned flags)
{
    uint32_t fault_pc = c->pc, fault_npc = c->npc;
    bool bd = c->in_delay;
    bool refill = (flags & EXF_REFILL) && !(c->status & STATUS_EXL);
    unsigned ce = (flags >> 8) & 3u;
    struct cpu_trap t;

    c->st.exceptions[code]++;
    if (c->trap_fn) {
        /* Fetch the word for the hook before the mode changes. */
        t.insn = 0;
        if (!(flags & EXF_FETCH) && code != EXC_INT)
            cpu_probe_read(c, fault_pc, &t.insn, 4);
    }

    if (!(c->status & STATUS_EXL)) {
        c->epc = bd ? fault_pc - 4 : fault_pc;
        c->cause = bd ? c->cause | CAUSE_BD : c->cause & ~CAUSE_BD;
    }
    c->cause = (c->cause & ~(CAUSE_EXC | CAUSE_CE)) |
               (uint32_t)code << CAUSE_EXC_SHIFT | (uint32_t)ce << CAUSE_CE_SHIFT;
    if (flags & (EXF_BADVA | EXF_TLB))
        c->badvaddr = bad;
    if (flags & EXF_TLB) {
        c->entryhi = (c->entryhi & ENTRYHI_ASID) | (bad & ENTRYHI_VPN);
        c->context = (c->context & CONTEXT_PTEBASE) | ((bad >> 10) & CONTEXT_BADVPN);
    }
    c->status |= STATUS_EXL;
    cp0_set_mode(c);

    if (refill)
        c->st.refills++;
    c->pc = refill ? VEC_REFILL : VEC_GENERAL;
    c->npc = c->pc + 4;
    c->in_delay = false;

    if (c->trap_fn) {
        t.code = code;
        t.epc = bd ? fault_pc - 4 : fault_pc;
        t.pc = fault_pc;
        t.npc = fault_npc;
        t.bd = bd;
        t.badvaddr = bad;
        t.refill = refill;
        t.fetch = (flags & EXF_FETCH) != 0;
        t.ce = ce;
        t.nested = (flags & EXF_NESTED) != 0;
        t.gpa = t.nested ? c->nested_gpa : 0;
        if (c->trap_fn(c->trap_ctx, c, &t) == CPU_TRAP_STOP && c->stop == NO_STOP)
            c->stop = CPU_STOP_TRAP;
        c->stop_at = 0;      /* the hook may have changed anything */
    }
}

void cpu_set_trap_hook(struct cpu *c, cpu_trap_fn fn, void *ctx)
{
    c->trap_fn = fn;
    c->trap_ctx = ctx;
}

void cpu_eret(struct cpu *c)
{
    c->pc = c->epc;
    c->npc = c->epc + 4;
    c->in_delay = false;
    c->status &= ~STATUS_EXL;
    c->llbit = false;
    cp0_set_mode(c);
    c->stop_at = 0;          /* interrupts may be enabled now */
}

/* ---- registers --------------------------------------------------------------------- */

uint32_t cp0_read(struct cpu *c, unsigned reg, unsigned sel)
{
    if (sel != 0)
        return 0;
    switch (reg) {
    case CP0_INDEX:    return c->index;
    case CP0_RANDOM:   return cp0_random(c);
    case CP0_ENTRYLO:  return c->entrylo;
    case CP0_CONTEXT:  return c->context;
    case CP0_WIRED:    return c->wired;
    case CP0_BADVADDR: return c->badvaddr;
    case CP0_COUNT:    return count(c);
    case CP0_ENTRYHI:  return c->entryhi;
    case CP0_COMPARE:  return c->compare;
    case CP0_STATUS:   return c->status;
    case CP0_CAUSE:    return (c->cause & ~CAUSE_IP) | cause_ip(c, CAUSE_IP);
    case CP0_EPC:      return c->epc;
    case CP0_PRID:     return PRID_TLBVISOR;
    case CP0_CONFIG:
        return c->mmu == CPU_MMU_WALKER
            ? CONFIG_MT_WALKER << CONFIG_MT_SHIFT | c->levels
            : CONFIG_MT_TLB << CONFIG_MT_SHIFT;
    case CP0_PTBR:     return c->ptbr;
    case CP0_INVVA:    return c->invva;
    default:           return 0;
    }
}

void cp0_write(struct cpu *c, unsigned reg, unsigned sel, uint32_t v)
{
    if (sel != 0)
        return;
    switch (reg) {
    case CP0_INDEX:
        c->index = (c->index & INDEX_P) | (v & INDEX_MASK);
        break;
    case CP0_ENTRYLO:
        c->entrylo = v & ENTRYLO_MASK;
        break;
    case CP0_CONTEXT:
        c->context = (c->context & ~CONTEXT_PTEBASE) | (v & CONTEXT_PTEBASE);
        break;
    case CP0_WIRED:
        c->wired = v & INDEX_MASK;
        c->random_base = c->steps;
        break;
    case CP0_COUNT:
        c->count_bias = v - (uint32_t)cpu_retired(c);
        cp0_timer_rearm(c);
        break;
    case CP0_ENTRYHI:
        c->entryhi = v & (ENTRYHI_VPN | ENTRYHI_ASID);
        c->asid_tag = (c->entryhi & ENTRYHI_ASID) << 2;
        break;
    case CP0_COMPARE:
        c->compare = v;
        c->timer_irq = false;
        cp0_timer_rearm(c);
        break;
    case CP0_STATUS:
        c->status = v & STATUS_MASK;
        cp0_set_mode(c);
        c->stop_at = 0;
        break;
    case CP0_CAUSE:
        c->cause = (c->cause & ~CAUSE_IP_SW) | (v & CAUSE_IP_SW);
        c->stop_at = 0;
        break;
    case CP0_EPC:
        c->epc = v;
        break;
    case CP0_PTBR:
        c->ptbr = v;
        pwc_flush(c);        /* not the TLB: its entries are ASID-tagged */
        break;
    case CP0_INVVA:
        c->invva = v;
        tlb_invalidate_va(c, v);
        pwc_flush(c);
        break;
    default:                 /* Random, BadVAddr, PRId, Config, unlisted */
        break;
    }
}

bool nested_guest_cp0(const struct cpu *c, unsigned reg, unsigned sel)
{
    return c->nested.on && sel == 0 && (reg == CP0_PTBR || reg == CP0_INVVA) &&
           cpu_mode(c) == CPU_SUPERVISOR;
}

uint32_t cpu_cp0(struct cpu *c, unsigned n) { return cp0_read(c, n, 0); }
void cpu_set_cp0(struct cpu *c, unsigned n, uint32_t v) { cp0_write(c, n, 0, v); }
