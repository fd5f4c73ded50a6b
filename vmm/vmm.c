/*
 * vmm.c -- VMs, their memory, running them, world switches, virtual time
 * and the virtual console.
 *
 * Virtual time.  A VM's Count is the number of guest instructions it has
 * retired: those the CPU ran natively while the VM was current, plus one
 * for each instruction the VMM emulated.  That is exactly the count the
 * bare machine would have, so timer interrupts land on the same guest
 * instructions, and a VM's output equals the bare machine's.  The VMM keeps
 * the real Compare at the VM's next event (its virtual timer, the end of
 * its quantum) so that it gets control exactly then.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/internal.h"

static const char *const emul_names[EMUL_COUNT] = {
    "mfc0", "mtc0", "tlbr", "tlbwi", "tlbwr", "tlbp", "eret", "wait", "device",
};
static const char *const exit_names[EXIT_COUNT] = {
    "privileged", "TLB hidden", "TLB to guest", "device", "exception", "timer",
};

const char *vmm_emul_name(enum vmm_emul e) { return e < EMUL_COUNT ? emul_names[e] : "?"; }
const char *vmm_exit_name(enum vmm_exit e) { return e < EXIT_COUNT ? exit_names[e] : "?"; }
const char *vmm_paging_name(enum vmm_paging p)
{
    switch (p) {
    case VMM_PAGING_SOFT:   return "soft";
    case VMM_PAGING_SHADOW: return "shadow";
    case VMM_PAGING_NESTED: return "nested";
    }
    return "?";
}

/* ---- creation ---------------------------------------------------------------------- */

/* A deterministic shuffle of the machine frames, so that a VM's consecutive
 * frames are not consecutive in the machine: the pmap is a real map. */
static void shuffle(uint32_t *a, uint32_t n)
{
    uint32_t x = 0x9e3779b9u;
    for (uint32_t i = n - 1; i > 0; i--) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        uint32_t j = x % (i + 1), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

static void vcp0_reset(struct vm *vm)
{
    memset(&vm->cp0, 0, sizeof vm->cp0);
    vm->cp0.status = STATUS_BEV;
    vm_timer_rearm(vm);
    for (unsigned i = 0; i < NTLB; i++)
        vm->vtlb[i].hi = KSEG0_BASE + (i << 12);   /* invalid, unreachable, distinct */
}

/* vmm_walker_levels: the walker's levels (the guests' too) and where each
 * level's index bits are, for the VMM's own walks of guest tables. */
void vmm_walker_levels(struct vmm *m)
{
    unsigned s = 12;

    m->levels = cpu_cp0(m->cpu, CP0_CONFIG) & CONFIG_LEVELS;
    for (int l = (int)m->levels - 1; l >= 0; l--) {
        m->lv_bits[l] = cpu_level_bits[m->levels][l];
        m->lv_shift[l] = s;
        s += m->lv_bits[l];
    }
}

/* assign_blocks: the VMs' memory in aligned blocks of `block` free frames,
 * the blocks in a shuffled order (nested large pages map a block with one
 * entry).  0, or -1 if there are not enough. */
static int assign_blocks(struct vmm *m, uint32_t gpages, uint32_t block)
{
    uint32_t nblocks = m->mframes / block, have = 0, *list = malloc((nblocks + 1) * sizeof *list);
    if (!list)
        return -1;
    for (uint32_t b = 0; b < nblocks; b++) {
        bool free_ = true;
        for (uint32_t f = b * block; f < (b + 1) * block && free_; f++)
            free_ = m->owner[f] == OWNER_FREE;
        if (free_)
            list[have++] = b;
    }
    if ((uint64_t)have * block < (uint64_t)gpages * m->nvms) {
        free(list);
        return -1;
    }
    shuffle(list, have);
    uint32_t next = 0;
    for (unsigned k = 0; k < m->nvms; k++)
        for (uint32_t p = 0; p < gpages; p += block, next++)
            for (uint32_t i = 0; i < block; i++) {
                m->vms[k].pmap[p + i] = list[next] * block + i;
                m->owner[list[next] * block + i] = (int16_t)k;
            }
    free(list);
    return 0;
}

struct vmm *vmm_new(struct cpu *cpu, const struct vmm_config *cfg,
                    const struct cpu_console_ops *host, void *host_ctx, const char **err)
{
    const char *unused;
    struct vmm *m;
    uint32_t gpages, *frames;

    if (!err)
        err = &unused;
    if (cfg->nvms < 1 || cfg->nvms > VMM_MAX_VMS) {
        *err = "the number of VMs must be from 1 to 8";
        return NULL;
    }
    if (cfg->guest_mem < CPU_MEM_MIN || cfg->guest_mem > CPU_MEM_MAX || (cfg->guest_mem & 0xfff)) {
        *err = "a VM's memory must be a multiple of 4 KiB from 64 KiB to 509 MiB";
        return NULL;
    }
    if (cpu_mmu(cpu) == CPU_MMU_WALKER && cfg->paging == VMM_PAGING_SOFT) {
        *err = "a walker machine runs its VMs with shadow or nested paging (--paging)";
        return NULL;
    }
    if (cpu_mmu(cpu) == CPU_MMU_SOFT && cfg->paging != VMM_PAGING_SOFT) {
        *err = "shadow and nested paging need the hardware walker (--mmu walker)";
        return NULL;
    }
    struct vmm_config ncfg = *cfg;
    if (cfg->paging == VMM_PAGING_NESTED) {
        if (!ncfg.nested_levels)
            ncfg.nested_levels = cpu_cp0(cpu, CP0_CONFIG) & CONFIG_LEVELS;
        if (ncfg.nested_levels < 1 || ncfg.nested_levels > 4) {
            *err = "the nested tables have 1 to 4 levels (--nested-levels)";
            return NULL;
        }
        uint32_t block = nested_block(&ncfg);
        if (ncfg.nested_large && !block) {
            *err = "large pages in the nested table need --nested-levels 2 or more";
            return NULL;
        }
        if (block && cfg->npmap) {
            *err = "--pmap fixes single frames; --nested-large gives memory in blocks";
            return NULL;
        }
        if (block && cfg->guest_mem % (block * PAGE)) {
            *err = "with --nested-large a VM's memory must be a multiple of the large page";
            return NULL;
        }
    } else if (cfg->nested_large || cfg->pwc || cfg->nested_levels) {
        *err = "--nested-levels, --nested-large and --pwc are for nested paging "
               "(--paging nested)";
        return NULL;
    }
    cfg = &ncfg;
    if (cfg->paging != VMM_PAGING_SOFT && cfg->l2tlb) {
        *err = "--l2tlb serves the software TLB: a walker machine has none to serve";
        return NULL;
    }
    gpages = cfg->guest_mem / PAGE;
    uint32_t reserve = cfg->paging == VMM_PAGING_NESTED ? nested_reserve(cfg, gpages) : 0;
    if ((uint64_t)(gpages + reserve) * cfg->nvms > cpu_mem_size(cpu) / PAGE) {
        *err = "the VMs do not fit in the machine's memory";
        return NULL;
    }
    m = calloc(1, sizeof *m);
    if (!m) {
        *err = "out of memory";
        return NULL;
    }
    m->cpu = cpu;
    m->cfg = *cfg;
    if (!m->cfg.quantum)
        m->cfg.quantum = VMM_QUANTUM_DEFAULT;
    m->nvms = cfg->nvms;
    m->host = *host;
    m->host_ctx = host_ctx;
    m->mframes = cpu_mem_size(cpu) / PAGE;
    m->owner = malloc(m->mframes * sizeof *m->owner);
    frames = malloc(m->mframes * sizeof *frames);
    if (!m->owner || !frames)
        goto oom;
    for (uint32_t i = 0; i < m->mframes; i++) {
        frames[i] = i;
        m->owner[i] = -1;
    }
    shuffle(frames, m->mframes);
    /* Nested paging: each VM's nested tables in frames of the VMM's at the
     * top of memory, reserved before the VMs get theirs. */
    for (unsigned k = 0; k < m->nvms && reserve; k++) {
        struct vm *vm = &m->vms[k];
        vm->nt_first = vm->nt_next = m->mframes - (m->nvms - k) * reserve;
        vm->nt_end = vm->nt_first + reserve;
        for (uint32_t f = vm->nt_first; f < vm->nt_end; f++)
            m->owner[f] = OWNER_VMM;
    }
    for (unsigned k = 0; k < m->nvms; k++) {
        struct vm *vm = &m->vms[k];
        vm->id = k;
        vm->npages = gpages;
        vm->pmap = malloc(gpages * sizeof *vm->pmap);
        if (!vm->pmap)
            goto oom;
        for (uint32_t p = 0; p < gpages; p++)
            vm->pmap[p] = UINT32_MAX;
        vcp0_reset(vm);
    }
    /* The fixed entries first, then every other guest frame from the shuffle. */
    for (size_t i = 0; i < cfg->npmap; i++) {
        const struct vmm_pmap_entry *e = &cfg->pmap[i];
        if (e->vm >= m->nvms || e->pfn >= gpages || e->mfn >= m->mframes ||
            m->owner[e->mfn] != OWNER_FREE || m->vms[e->vm].pmap[e->pfn] != UINT32_MAX) {
            free(frames);
            vmm_free(m);
            *err = "a fixed pmap entry names a VM, a guest frame or a machine frame that does "
                   "not exist, or one already mapped";
            return NULL;
        }
        m->vms[e->vm].pmap[e->pfn] = e->mfn;
        m->owner[e->mfn] = (int16_t)e->vm;
    }
    uint32_t next = 0, block = cfg->paging == VMM_PAGING_NESTED ? nested_block(cfg) : 0;
    if (block && assign_blocks(m, gpages, block) < 0) {
        free(frames);
        vmm_free(m);
        *err = "the VMs' memory does not fit in the machine's aligned large pages "
               "(--nested-large): give the machine more memory (--mem)";
        return NULL;
    }
    for (unsigned k = 0; k < m->nvms && !block; k++) {
        for (uint32_t p = 0; p < gpages; p++) {
            if (m->vms[k].pmap[p] != UINT32_MAX)
                continue;
            while (m->owner[frames[next]] != OWNER_FREE)
                next++;
            m->vms[k].pmap[p] = frames[next];
            m->owner[frames[next]] = (int16_t)k;
        }
    }
    free(frames);
    m->cfg.pmap = NULL;                  /* the caller's: not kept */
    m->cfg.npmap = 0;
    for (unsigned r = 0; r < NTLB; r++)
        m->rmeta[r].vm = -1;
    for (unsigned a = 0; a < 256; a++)
        m->rasid_vm[a] = -1;
    m->next_rasid = 1;
    m->cur = &m->vms[0];
    if (cfg->paging == VMM_PAGING_NESTED || cfg->paging == VMM_PAGING_SHADOW) {
        const char *why = cfg->paging == VMM_PAGING_NESTED ? nested_init(m) : shadow_init(m);
        if (why) {
            vmm_free(m);
            *err = why;
            return NULL;
        }
    }
    cpu_set_trap_hook(cpu, vmm_trap, m);
    return m;
oom:
    free(frames);
    vmm_free(m);
    *err = "out of memory";
    return NULL;
}

void vmm_free(struct vmm *m)
{
    if (!m)
        return;
    for (unsigned k = 0; k < VMM_MAX_VMS; k++) {
        vcon_flush(m, &m->vms[k]);
        free(m->vms[k].pmap);
        free(m->vms[k].line);
    }
    shadow_free(m);
    free(m->owner);
    free(m->in);
    if (m->cpu)
        cpu_set_trap_hook(m->cpu, NULL, NULL);
    free(m);
}

uint32_t vmm_guest_mem(const struct vmm *m) { return m->cfg.guest_mem; }
uint32_t vmm_pmap(const struct vmm *m, unsigned vm, uint32_t pfn)
{
    return vm < m->nvms && pfn < m->vms[vm].npages ? m->vms[vm].pmap[pfn] : UINT32_MAX;
}
unsigned vmm_nvms(const struct vmm *m) { return m->nvms; }
uint32_t vmm_exit_status(const struct vmm *m, unsigned vm) { return m->vms[vm].exit_status; }
bool vmm_halted(const struct vmm *m, unsigned vm) { return m->vms[vm].halted; }
const char *vmm_error(const struct vmm *m) { return m->error; }

/* ---- guest-physical memory --------------------------------------------------------- */

static int gpa_copy(struct vmm *m, unsigned k, uint32_t gpa, void *buf, size_t n, bool write)
{
    struct vm *vm = &m->vms[k];
    uint8_t *b = buf;

    if (k >= m->nvms || n > m->cfg.guest_mem || gpa > m->cfg.guest_mem - n)
        return -1;
    while (n > 0) {
        uint32_t chunk = PAGE - (gpa & (PAGE - 1));
        uint32_t ma = vm->pmap[gpa / PAGE] * PAGE + (gpa & (PAGE - 1));
        if (chunk > n)
            chunk = (uint32_t)n;
        if ((write ? cpu_phys_write(m->cpu, ma, b, chunk)
                   : cpu_phys_read(m->cpu, ma, b, chunk)) < 0)
            return -1;
        b += chunk;
        gpa += chunk;
        n -= chunk;
    }
    return 0;
}

int vmm_gpa_write(struct vmm *m, unsigned vm, uint32_t gpa, const void *src, size_t n)
{
    int r = gpa_copy(m, vm, gpa, (void *)src, n, true);
    if (r == 0 && m->walker && n)
        shadow_gpa_written(m, &m->vms[vm], gpa, n);
    return r;
}

int vmm_gpa_read(struct vmm *m, unsigned vm, uint32_t gpa, void *dst, size_t n)
{
    return gpa_copy(m, vm, gpa, dst, n, false);
}

void vmm_vm_start(struct vmm *m, unsigned k, uint32_t pc)
{
    struct vm *vm = &m->vms[k];
    vm->at.pc = pc;
    vm->at.npc = pc + 4;
    vm->at.delay = false;
    vm->started = true;
    vm->slice_end = vm->insns + m->cfg.quantum;
}


/* ---- virtual time -------------------------------------------------------------------- */

static void timer_latch(struct vm *vm)
{
    while (vm->insns >= vm->cp0.timer_target) {
        vm->cp0.timer_irq = true;
        vm->cp0.timer_target += 1ull << 32;
    }
}

void vm_sync_insns(struct vmm *m)
{
    uint64_t now = cpu_insns(m->cpu);
    m->cur->insns += now - m->run_mark;
    m->run_mark = now;
    timer_latch(m->cur);
}

void vm_retire(struct vmm *m, struct vm *vm, uint64_t n)
{
    (void)m;
    vm->insns += n;
    timer_latch(vm);
}

uint32_t vm_count(const struct vm *vm)
{
    return (uint32_t)vm->insns + vm->cp0.count_bias;
}

/* vm_random: as the machine's Random, counted in the steps the bare machine
 * would have made (retired instructions and faulting ones), so a guest's
 * tlbwr picks the same entries under the VMM as on the bare machine. */
unsigned vm_random(const struct vm *vm)
{
    unsigned span = NTLB - vm->cp0.wired;
    return (unsigned)(63 - (vm->insns + vm->faults - vm->cp0.random_base) % span);
}

/* vm_timer_rearm: after Count or Compare change (the same rule as the machine:
 * the next time Count becomes equal to Compare, 1 to 2^32 instructions on). */
void vm_timer_rearm(struct vm *vm)
{
    uint32_t delta = vm->cp0.compare - vm_count(vm);
    vm->cp0.timer_target = vm->insns + (delta ? delta : (1ull << 32));
}

enum cpu_mode vm_mode(const struct vm *vm)
{
    uint32_t ksu = (vm->cp0.status & STATUS_KSU) >> STATUS_KSU_SHIFT;
    if (vm->cp0.status & STATUS_EXL)
        return CPU_KERNEL;
    return ksu == 1 ? CPU_SUPERVISOR : ksu == 0 ? CPU_KERNEL : CPU_USER;
}

bool vm_guest_kernel(const struct vm *vm)
{
    return vm_mode(vm) == CPU_KERNEL;
}

uint32_t vm_cause_ip(struct vmm *m, struct vm *vm)
{
    uint32_t ip = vm->cp0.cause & CAUSE_IP_SW;
    if (vm->cp0.timer_irq)
        ip |= 1u << (CAUSE_IP_SHIFT + IRQ_TIMER);
    if (vm->inten && vcon_ready(m, vm))
        ip |= 1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE);
    return ip;
}

bool vm_irq_pending(struct vmm *m, struct vm *vm)
{
    uint32_t st = vm->cp0.status;
    if ((st & (STATUS_IE | STATUS_EXL)) != STATUS_IE)
        return false;
    uint32_t ip = vm->cp0.cause & CAUSE_IP_SW;
    if (vm->cp0.timer_irq)
        ip |= 1u << (CAUSE_IP_SHIFT + IRQ_TIMER);
    if (ip & st & STATUS_IM)
        return true;
    return (st & (1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE))) && vm->inten && vcon_ready(m, vm);
}

/* How long the VM may run natively before the VMM must look again. */
#define CONSOLE_POLL 65536u

static uint64_t next_event(struct vmm *m, struct vm *vm)
{
    uint64_t d = vm->cp0.timer_target - vm->insns;
    if (m->nvms > 1) {
        uint64_t q = vm->slice_end > vm->insns ? vm->slice_end - vm->insns : 1;
        if (q < d)
            d = q;
    }
    if (vm->inten && d > CONSOLE_POLL)
        d = CONSOLE_POLL;                /* a terminal's input arrives whenever */
    if (d > 0xffffffffu)
        d = 0xffffffffu;
    return d ? d : 1;
}

/* vmm_resume: continue VM vm (the current one) at `at`, or at its general
 * vector if an interrupt is now pending for it; in real supervisor mode for
 * the guest kernel, user mode for guest user code, with the real timer set
 * for the VM's next event. */
void vmm_resume(struct vmm *m, struct vm *vm, struct resume at)
{
    if (vm_irq_pending(m, vm)) {
        m->ev_pc = at.pc;
        m->ev_insn = 0;
        vmm_reflect(m, vm, EXC_INT, 0, 0, 0, at.delay ? at.pc - 4 : at.pc, at.delay);
        return;
    }
    /* The guest kernel and guest supervisor mode both run in real
     * supervisor mode, where kseg0 and kseg1 go through the real TLB: for
     * the kernel the VMM fills them, for supervisor mode the guest's TLB
     * does, so those real entries go when the VM moves between the two. */
    enum cpu_mode mode = vm_mode(vm);
    uint32_t ksu = mode == CPU_USER ? 2u : 1u;
    if (m->walker) {
        shadow_mode(m, vm, mode);            /* the same, by shadow roots */
    } else if (mode != CPU_USER && (mode == CPU_SUPERVISOR) != vm->kseg_guest) {
        rtlb_drop_kseg(m, vm);
        vm->kseg_guest = mode == CPU_SUPERVISOR;
    }
    cpu_set_cp0(m->cpu, CP0_STATUS, ksu << STATUS_KSU_SHIFT | STATUS_IE |
                1u << (STATUS_IM_SHIFT + IRQ_TIMER));
    if (at.delay)
        cpu_set_pc_delay(m->cpu, at.pc, at.npc);
    else
        cpu_set_pc(m->cpu, at.pc);
    cpu_set_cp0(m->cpu, CP0_COMPARE,
                cpu_cp0(m->cpu, CP0_COUNT) + (uint32_t)next_event(m, vm));
}

/* ---- world switches ----------------------------------------------------------------- */

static void save_cpu(struct vmm *m, struct vm *vm)
{
    for (unsigned r = 1; r < 32; r++)
        vm->regs[r] = cpu_reg(m->cpu, r);
    vm->hi = cpu_hi(m->cpu);
    vm->lo = cpu_lo(m->cpu);
    vm->llbit = cpu_llbit(m->cpu);
    if (m->nested)
        nested_save(m, vm);                  /* the PTBR it wrote without trapping */
}

static void load_cpu(struct vmm *m, struct vm *vm)
{
    for (unsigned r = 1; r < 32; r++)
        cpu_set_reg(m->cpu, r, vm->regs[r]);
    cpu_set_hilo(m->cpu, vm->hi, vm->lo);
    cpu_set_llbit(m->cpu, vm->llbit);
    m->cur = vm;
    m->run_mark = cpu_insns(m->cpu);
    vm->slice_end = vm->insns + m->cfg.quantum;
    rasid_update(m);
    if (m->walker)
        shadow_load(m, vm);                  /* its real PTBR: its shadow root */
    if (m->nested)
        nested_load(m, vm);                  /* its PTBR and nested table */
}

/* The next VM to run after cur: round robin over the VMs that have not
 * halted and are not waiting for input that has not come.  NULL if all
 * have halted.  When every live VM waits for input, wait for the host. */
static struct vm *pick_next(struct vmm *m)
{
    for (;;) {
        bool live = false;
        for (unsigned i = 1; i <= m->nvms; i++) {
            struct vm *vm = &m->vms[(m->cur->id + i) % m->nvms];
            if (vm->halted || !vm->started)
                continue;
            live = true;
            if (vm->waiting_input && vcon_ready(m, vm))
                vm->waiting_input = false;
            if (!vm->waiting_input)
                return vm;
        }
        if (!live)
            return NULL;
        vcon_wait(m);
    }
}

void vmm_world_switch(struct vmm *m, struct resume at)
{
    struct vm *from = m->cur, *to;

    from->at = at;
    save_cpu(m, from);
    to = pick_next(m);
    if (!to) {
        m->stop = true;
        m->stop_reason = VMM_STOP_HALT;
        return;
    }
    if (to != from) {
        m->st.world_switches++;
        if (m->cfg.asid == VMM_ASID_FLUSH)
            rtlb_flush(m);
        if (m->trace) {
            struct vmm_event ev = { .kind = VMM_EV_SWITCH, .value = to->id };
            vmm_emit(m, from, &ev);
        }
    }
    load_cpu(m, to);
    vmm_resume(m, to, to->at);
}

void vmm_halt_vm(struct vmm *m, struct vm *vm, uint32_t status)
{
    if (vm->line_len)                    /* end its last line: the next one is another VM's */
        vcon_write(m, vm, '\n');
    if (m->trace) {
        struct vmm_event ev = { .kind = VMM_EV_HALT, .value = status };
        vmm_emit(m, vm, &ev);
    }
    vm->halted = true;
    vm->exit_status = status;
    vmm_world_switch(m, vm->at);
}

void vmm_fail(struct vmm *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->error, sizeof m->error, fmt, ap);
    va_end(ap);
    m->stop = true;
    m->stop_reason = VMM_STOP_ERROR;
}

/* ---- running ------------------------------------------------------------------------- */

enum vmm_stop vmm_run(struct vmm *m, uint64_t n)
{
    if (m->stop)
        return m->stop_reason;
    if (!m->entered) {                   /* the first run: enter VM 0 */
        m->entered = true;
        load_cpu(m, m->cur);
        vmm_resume(m, m->cur, m->cur->at);
    }
    while (n > 0 && !m->stop) {
        uint64_t before = cpu_steps(m->cpu);
        enum cpu_stop r;
        if (m->retry_watch) {
            /* Tracing: run the instruction the guest returned to, alone, to
             * see that it no longer traps (the lecture's "the retried load
             * hits"). */
            struct vm *vm = m->cur;
            uint64_t traps = m->ntraps;
            m->retry_watch = false;
            r = cpu_run(m->cpu, 1);
            if (m->ntraps == traps && cpu_pc(m->cpu) != m->retry_pc) {
                struct vmm_event ev = { .kind = VMM_EV_RETRY, .pc = m->retry_pc, .user = true };
                cpu_probe_read(m->cpu, m->retry_pc, &ev.insn, 4);
                vmm_emit(m, vm, &ev);
            }
        } else {
            r = cpu_run(m->cpu, n);
        }
        n -= cpu_steps(m->cpu) - before;
        if (r == CPU_STOP_BREAK && !m->stop) {
            vm_sync_insns(m);
            return VMM_STOP_BREAK;
        }
        if (r == CPU_STOP_TRAP && !m->stop)
            continue;                    /* the hook stopped the CPU to watch a retry */
        if (r != CPU_STOP_BUDGET && !m->stop)
            vmm_fail(m, "the machine stopped: %s", r == CPU_STOP_ERROR ? cpu_error(m->cpu) : "?");
    }
    if (m->stop)
        return m->stop_reason;
    vm_sync_insns(m);
    return VMM_STOP_BUDGET;
}

/* ---- looking at a VM ------------------------------------------------------------------- */

/* in_cpu: whether vm's registers are the CPU's now (a VM that has halted
 * keeps them in its copy: the CPU may have moved on to a vector). */
static bool in_cpu(const struct vmm *m, unsigned k)
{
    return m->entered && m->cur == &m->vms[k] && !m->vms[k].halted;
}

void vmm_vm_set_reg(struct vmm *m, unsigned k, unsigned r, uint32_t v)
{
    r &= 31;
    if (!r)
        return;
    if (in_cpu(m, k))
        cpu_set_reg(m->cpu, r, v);
    m->vms[k].regs[r] = v;
}

unsigned vmm_current(const struct vmm *m) { return m->cur->id; }

uint64_t vmm_vm_steps(struct vmm *m, unsigned k)
{
    if (in_cpu(m, k))
        vm_sync_insns(m);
    const struct vm *vm = &m->vms[k];
    return vm->insns + vm->faults + vm->st.reflected[EXC_INT];
}

uint32_t vmm_vm_reg(const struct vmm *m, unsigned k, unsigned r)
{
    r &= 31;
    if (!r)
        return 0;
    return in_cpu(m, k) ? cpu_reg(m->cpu, r) : m->vms[k].regs[r];
}

uint32_t vmm_vm_hi(const struct vmm *m, unsigned k)
{
    return in_cpu(m, k) ? cpu_hi(m->cpu) : m->vms[k].hi;
}

uint32_t vmm_vm_lo(const struct vmm *m, unsigned k)
{
    return in_cpu(m, k) ? cpu_lo(m->cpu) : m->vms[k].lo;
}

void vmm_vm_set_hilo(struct vmm *m, unsigned k, uint32_t hi, uint32_t lo)
{
    if (in_cpu(m, k))
        cpu_set_hilo(m->cpu, hi, lo);
    m->vms[k].hi = hi;
    m->vms[k].lo = lo;
}

uint32_t vmm_vm_pc(const struct vmm *m, unsigned k, bool *delay, uint32_t *npc)
{
    if (in_cpu(m, k)) {
        if (delay)
            *delay = cpu_in_delay_slot(m->cpu);
        if (npc)
            *npc = cpu_npc(m->cpu);
        return cpu_pc(m->cpu);
    }
    if (delay)
        *delay = m->vms[k].at.delay;
    if (npc)
        *npc = m->vms[k].at.npc;
    return m->vms[k].at.pc;
}

void vmm_vm_set_pc(struct vmm *m, unsigned k, uint32_t pc)
{
    if (in_cpu(m, k))
        cpu_set_pc(m->cpu, pc);
    m->vms[k].at = (struct resume){ pc, pc + 4, false };
}

uint32_t vmm_vcp0(struct vmm *m, unsigned k, unsigned reg)
{
    if (in_cpu(m, k))
        vm_sync_insns(m);
    return vcp0_read(m, &m->vms[k], reg);
}

enum cpu_mode vmm_vm_mode(const struct vmm *m, unsigned k) { return vm_mode(&m->vms[k]); }

void vmm_vtlb(const struct vmm *m, unsigned k, unsigned i, struct cpu_tlb_entry *e)
{
    *e = m->vms[k].vtlb[i % NTLB];
}

int vmm_rtlb_owner(const struct vmm *m, unsigned i, int *vidx, int *gasid)
{
    struct cpu_tlb_entry e;
    int k = m->rmeta[i % NTLB].vm;

    *vidx = -1;
    *gasid = -1;
    cpu_tlb_read(m->cpu, i % NTLB, &e);
    if (m->walker || m->nested) {        /* the walker fills it: known by its real ASID */
        unsigned a = e.hi & ENTRYHI_ASID;
        if (!(e.lo & ENTRYLO_V) || m->rasid_vm[a] < 0)
            return -1;
        *gasid = m->rasid_gasid[a];
        return m->rasid_vm[a];
    }
    if (k < 0 || !(e.lo & ENTRYLO_V))
        return -1;
    *vidx = m->rmeta[i % NTLB].vidx;
    for (unsigned a = 0; a < 256; a++)
        if (m->vms[k].asid_map[a] == (e.hi & ENTRYHI_ASID))
            *gasid = (int)a;
    return k;
}

int vmm_mfn_owner(const struct vmm *m, uint32_t mfn)
{
    return mfn < m->mframes && m->owner[mfn] >= 0 ? m->owner[mfn] : -1;
}

enum mmu_result vmm_translate(struct vmm *m, unsigned k, uint32_t va, enum cpu_access acc,
                              struct vmm_xlate *x)
{
    const struct vm *vm = &m->vms[k];
    enum cpu_mode mode = vm_mode(vm);

    memset(x, 0, sizeof *x);
    x->vidx = -1;
    x->asid = vm->cp0.entryhi & ENTRYHI_ASID;
    /* user mode: kuseg only; supervisor mode maps every segment through
     * the TLB on this machine (docs/isa.md); kernel mode: kseg0/kseg1 unmapped */
    if (va >= KSEG0_BASE && mode == CPU_USER)
        return x->r = MMU_ADDRESS_ERROR;
    if (mode == CPU_KERNEL && va >= KSEG0_BASE && va < KSEG2_BASE) {
        x->gpa = va < KSEG1_BASE ? va - KSEG0_BASE : va - KSEG1_BASE;
    } else if (m->nested && mode != CPU_USER && va >= KSEG0_BASE && va < KSEG2_BASE) {
        x->gpa = va < KSEG1_BASE ? va - KSEG0_BASE : va - KSEG1_BASE;   /* nested only */
    } else if (m->walker || m->nested) {
        x->mapped = true;
        if (m->nested && in_cpu(m, k))
            nested_save(m, (struct vm *)vm);     /* the guest's PTBR now */
        enum mmu_result r = guest_translate(m, vm, va, acc, mode, &x->gpa);
        if (r != MMU_OK)
            return x->r = r;
    } else {
        int i = vtlb_lookup(vm, va, x->asid);
        x->mapped = true;
        x->vidx = i;
        if (i < 0)
            return x->r = MMU_TLB_REFILL;
        uint32_t lo = vm->vtlb[i].lo;
        if (!(lo & ENTRYLO_V))
            return x->r = MMU_TLB_INVALID;
        if (acc == CPU_STORE && !(lo & ENTRYLO_D))
            return x->r = MMU_TLB_MOD;
        x->gpa = (lo & ENTRYLO_PFN) | (va & (PAGE - 1));
    }
    if (pa_is_device(x->gpa)) {
        x->device = true;
        return x->r = MMU_OK;
    }
    if (x->gpa / PAGE >= vm->npages)
        return x->r = MMU_BUS_ERROR;
    x->ma = vm->pmap[x->gpa / PAGE] * PAGE + (x->gpa & (PAGE - 1));
    return x->r = MMU_OK;
}

const uint8_t *vmm_input(const struct vmm *m, size_t *len, bool *eof)
{
    *len = m->in_len;
    *eof = m->in_eof;
    return m->in;
}

void vmm_set_trace(struct vmm *m, void (*fn)(void *ctx, const struct vmm_event *ev), void *ctx)
{
    m->trace = fn;
    m->trace_ctx = ctx;
}

void vmm_get_stats(const struct vmm *m, struct vmm_stats *out)
{
    *out = m->st;
    out->paging = m->cfg.paging;
    out->levels = m->levels;
    out->nested_levels = m->nested ? m->cfg.nested_levels : 0;
    out->nested_large = m->nested && m->cfg.nested_large;
    out->pwc = m->nested && m->cfg.pwc;
    out->shadow_roots = m->walker ? m->cfg.shadow_roots : 0;
    out->shadow_quota = m->walker ? m->sp_quota : 0;
    out->shadow_pool = m->nsp;
    for (unsigned k = 0; k < m->nvms; k++) {
        out->vm[k] = m->vms[k].st;
        out->vm[k].insns = m->vms[k].insns;
    }
}

/* ---- the virtual console --------------------------------------------------------------
 * Every VM reads the same input: the host's, kept in m->in as it arrives,
 * each VM with its own read position. */

bool vcon_ready(struct vmm *m, struct vm *vm)
{
    return vm->in_pos < m->in_len || m->in_eof || m->host.ready(m->host_ctx);
}

int vcon_read(struct vmm *m, struct vm *vm)
{
    if (vm->in_pos == m->in_len) {
        if (m->in_eof)
            return -1;
        int c = m->host.read(m->host_ctx);
        if (c < 0) {
            m->in_eof = true;
            return -1;
        }
        if (m->in_len == m->in_cap) {
            size_t cap = m->in_cap ? 2 * m->in_cap : 256;
            uint8_t *p = realloc(m->in, cap);
            if (!p) {
                vmm_fail(m, "out of memory");
                return -1;
            }
            m->in = p;
            m->in_cap = cap;
        }
        m->in[m->in_len++] = (uint8_t)c;
    }
    return m->in[vm->in_pos++];
}

/* With one VM its output goes straight through.  With several, each VM's
 * output is kept until its line ends and then written whole, tagged
 * "[vmK] ", so that lines of different VMs never mix. */
void vcon_write(struct vmm *m, struct vm *vm, uint8_t b)
{
    if (m->nvms == 1) {
        m->host.write(m->host_ctx, b);
        return;
    }
    if (vm->line_len == vm->line_cap) {  /* grows to LINE_MAX + 1 at most */
        size_t cap = vm->line_cap ? 2 * vm->line_cap : 128;
        char *p = realloc(vm->line, cap > LINE_MAX + 1 ? LINE_MAX + 1 : cap);
        if (!p) {
            vmm_fail(m, "out of memory");
            return;
        }
        vm->line = p;
        vm->line_cap = cap > LINE_MAX + 1 ? LINE_MAX + 1 : cap;
    }
    vm->line[vm->line_len++] = (char)b;
    if (b == '\n')
        vcon_flush(m, vm);
    else if (vm->line_len == LINE_MAX)      /* a guest that never ends its line */
        vcon_write(m, vm, '\n');
}

void vcon_flush(struct vmm *m, struct vm *vm)
{
    char tag[16];
    int n;

    if (!vm->line_len)
        return;
    n = snprintf(tag, sizeof tag, "[vm%u] ", vm->id);
    for (int i = 0; i < n; i++)
        m->host.write(m->host_ctx, (uint8_t)tag[i]);
    for (size_t i = 0; i < vm->line_len; i++)
        m->host.write(m->host_ctx, (uint8_t)vm->line[i]);
    vm->line_len = 0;
}

void vcon_wait(struct vmm *m)
{
    if (m->host.wait)
        m->host.wait(m->host_ctx);
}
