/*
 * nested.c -- nested paging: the hardware's 2D walk (cpu_set_nested), a
 * nested table per VM.
 *
 * With nested paging the guest owns its page tables and its PTBR: the CPU
 * walks the guest's table in guest-physical memory and translates every
 * guest-physical address it meets (each guest PTE's, and the final one)
 * through the VM's nested table, guest-physical frame -> machine frame.
 * The guest's PTBR and InvVA writes do not trap.  The VMM's part:
 *
 *   - the nested table of each VM, in frames of its own (the top of the
 *     machine's memory, reserved before the VMs get theirs), filled on
 *     demand: a nested fault on a guest frame maps it (pmap[frame]) and the
 *     access is retried, unseen by the guest;
 *   - a nested fault on a device's guest-physical address is the guest's
 *     device access: emulated, as in the other modes; beyond the VM's
 *     memory, the bus error the bare machine would raise;
 *   - the guest's own page faults (its PTE not present, U or W refused) are
 *     reflected to it as the bare walker would raise them;
 *   - world switches load the VM's guest PTBR and nested root.
 *
 * With --nested-large the VM's memory is given in aligned blocks of
 * contiguous machine frames, and the nested table maps a block with one
 * large entry (PTE_L) at the level above the leaves.
 */
#include <stdlib.h>
#include <string.h>

#include "vmm/internal.h"

/* Frames of one nested level's table: a 1-level table holds an entry for
 * every frame of the VM's memory (cpu limit keeps walks inside it). */
static uint32_t table_frames(const struct vmm *m)
{
    if (m->cfg.nested_levels == 1)
        return (m->vms[0].npages * 4 + PAGE - 1) / PAGE;
    return 1;
}

/* nested_block: frames a large nested entry maps (0: no large pages). */
uint32_t nested_block(const struct vmm_config *cfg)
{
    unsigned m = cfg->nested_levels;
    if (!cfg->nested_large || m < 2)
        return 0;
    return 1u << cpu_level_bits[m][m - 1];
}

/* nested_reserve: how many machine frames every VM's nested table may need,
 * at most (all its tables, every level full for its memory). */
uint32_t nested_reserve(const struct vmm_config *cfg, uint32_t npages)
{
    unsigned m = cfg->nested_levels;
    uint32_t total = 0, span = 1;
    if (m == 1)
        return (npages * 4 + PAGE - 1) / PAGE;
    /* level l (0 = root) has one table per 2^(bits below l) frames */
    for (int l = (int)m - 1; l >= 0; l--) {
        total += (npages + span * (1u << cpu_level_bits[m][l]) - 1) / (span * (1u << cpu_level_bits[m][l]));
        span <<= cpu_level_bits[m][l];
    }
    return total;
}

static uint32_t rd(struct vmm *m, uint32_t ma)
{
    uint32_t v = 0;
    cpu_phys_read(m->cpu, ma, &v, 4);
    return v;
}

static void wr(struct vmm *m, uint32_t ma, uint32_t v)
{
    cpu_phys_write(m->cpu, ma, &v, 4);
}

/* take: the next reserved frame of vm, zeroed (a table of the nested tree). */
static uint32_t take(struct vmm *m, struct vm *vm, uint32_t n)
{
    static const uint8_t zero[PAGE];
    uint32_t f = vm->nt_next;
    if (f + n > vm->nt_end) {
        vmm_fail(m, "vm%u's nested table ran out of its frames (a VMM bug)", vm->id);
        return UINT32_MAX;
    }
    vm->nt_next += n;
    for (uint32_t i = 0; i < n; i++)
        cpu_phys_write(m->cpu, (f + i) * PAGE, zero, PAGE);
    vm->st.nested_pages += n;
    return f;
}

const char *nested_init(struct vmm *m)
{
    m->nested = true;
    vmm_walker_levels(m);
    for (unsigned k = 0; k < m->nvms; k++) {
        struct vm *vm = &m->vms[k];
        vm->nt_root = take(m, vm, table_frames(m));
        if (vm->nt_root == UINT32_MAX)
            return "the nested tables do not fit in the frames reserved for them";
    }
    return NULL;
}

/* nested_load: the VM's guest PTBR and nested table into the CPU (its TLB
 * entries are its real ASIDs': nothing to flush but the PWC). */
void nested_load(struct vmm *m, struct vm *vm)
{
    struct cpu_nested n = {
        .on = true, .root = vm->nt_root * PAGE, .levels = m->cfg.nested_levels,
        .large = m->cfg.nested_large, .limit = vm->npages * PAGE, .pwc = m->cfg.pwc,
    };
    cpu_set_cp0(m->cpu, CP0_PTBR, vm->cp0.ptbr);
    cpu_switch_nested(m->cpu, &n);
}

/* nested_save: what the guest wrote to its PTBR without trapping. */
void nested_save(struct vmm *m, struct vm *vm)
{
    vm->cp0.ptbr = cpu_cp0(m->cpu, CP0_PTBR);
}

/* map: the nested entries for guest frame gfn of vm, down to its leaf (or
 * its block's large entry).  false if the VMM failed. */
static bool map(struct vmm *m, struct vm *vm, uint32_t gfn)
{
    unsigned levels = m->cfg.nested_levels, shift = 20;
    uint32_t table = vm->nt_root;
    uint32_t block = nested_block(&m->cfg);

    for (unsigned l = 0; l < levels; l++) {
        shift -= cpu_level_bits[levels][l];
        uint32_t idx = (gfn >> shift) & ((1u << cpu_level_bits[levels][l]) - 1);
        uint32_t ma = table * PAGE + 4 * idx;
        uint32_t e = rd(m, ma);
        if (l + 1 == levels) {
            wr(m, ma, vm->pmap[gfn] << 12 | PTE_P | PTE_W | PTE_U);
            return true;
        }
        if (block && l + 2 == levels) {
            /* the block's first frame: the VM's memory comes in aligned,
             * contiguous blocks (vmm_new) */
            uint32_t first = gfn & ~(block - 1);
            wr(m, ma, vm->pmap[first] << 12 | PTE_P | PTE_W | PTE_U | PTE_L);
            return true;
        }
        if (!(e & PTE_P)) {
            uint32_t t = take(m, vm, table_frames(m));
            if (t == UINT32_MAX)
                return false;
            e = t << 12 | PTE_P | PTE_W | PTE_U;
            wr(m, ma, e);
        }
        table = e >> 12;
    }
    return true;
}

static void trace_nested(struct vmm *m, struct vm *vm, const struct cpu_trap *t)
{
    if (m->trace) {
        struct vmm_event ev = { .kind = VMM_EV_FILL, .pc = t->pc, .insn = t->insn,
                                .va = t->badvaddr, .vidx = -1, .ridx = -1,
                                .vpn = t->gpa >> 12, .pfn = t->gpa >> 12,
                                .mfn = vm->pmap[t->gpa / PAGE], .nested = true,
                                .user = !vm_guest_kernel(vm) };
        vmm_emit(m, vm, &ev);
    }
}

void nested_fault(struct vmm *m, struct vm *vm, const struct cpu_trap *t)
{
    uint32_t gpa = t->gpa;

    if (!t->nested) {                    /* the guest's own page fault */
        enum cpu_access acc = t->fetch ? CPU_FETCH : t->code == EXC_TLBL ? CPU_LOAD : CPU_STORE;
        vm->st.true_misses++;
        vmm_reflect_trap(m, vm, t, t->code == EXC_MOD ? EXC_MOD
                                  : acc == CPU_STORE ? EXC_TLBS : EXC_TLBL, RF_TLB);
        return;
    }
    if (pa_is_device(gpa)) {
        /* the guest's device access, if gpa is where its access goes; a
         * page-table reference into the device window is a bus error, as
         * the bare walker raises it */
        enum cpu_access acc = t->fetch ? CPU_FETCH : t->code == EXC_TLBL ? CPU_LOAD : CPU_STORE;
        uint32_t va = t->badvaddr, final = UINT32_MAX;
        if (vm_mode(vm) != CPU_USER && va >= KSEG0_BASE && va < KSEG2_BASE)
            final = va - (va < KSEG1_BASE ? KSEG0_BASE : KSEG1_BASE);
        else if (guest_translate(m, vm, va, acc, vm_mode(vm), &final) != MMU_OK)
            final = UINT32_MAX;
        if (final != UINT32_MAX && final >> 12 == gpa >> 12 && !t->fetch)
            vmm_emulate_device(m, vm, t, final);
        else
            vmm_reflect_bus(m, vm, t);
        return;
    }
    if (gpa / PAGE >= vm->npages) {      /* memory the VM does not have */
        vmm_reflect_bus(m, vm, t);
        return;
    }
    if (!map(m, vm, gpa / PAGE))
        return;
    vm->st.exits[EXIT_TLB_HIDDEN]++;
    vm->st.hidden_fills++;
    vm->st.nested_fills++;
    trace_nested(m, vm, t);
    vmm_resume(m, vm, retry(t));
}

/* nested_check: the isolation invariant for nested tables: every present
 * entry of the running VM's tree is a table in its reserved frames or maps
 * frames it owns. */
static bool check_table(struct vmm *m, const struct vm *vm, uint32_t table, unsigned l)
{
    unsigned levels = m->cfg.nested_levels;
    uint32_t n = levels == 1 ? vm->npages : 1u << cpu_level_bits[levels][l];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t e = rd(m, table * PAGE + 4 * i);
        if (!(e & PTE_P))
            continue;
        uint32_t f = e >> 12;
        bool leaf = l + 1 == levels || (e & PTE_L);
        uint32_t count = 1;
        if (leaf && (e & PTE_L)) {
            count = nested_block(&m->cfg);
            if (!count || l + 2 != levels) {
                vmm_fail(m, "isolation check: vm%u's nested table has a large entry where "
                         "none may be", vm->id);
                return false;
            }
        }
        if (leaf) {
            for (uint32_t j = 0; j < count; j++)
                if (f + j >= m->mframes || m->owner[f + j] != (int)vm->id) {
                    vmm_fail(m, "isolation check: vm%u's nested table maps machine frame "
                             "0x%05x, which it does not own", vm->id, f + j);
                    return false;
                }
        } else {
            if (f < vm->nt_first || f >= vm->nt_next) {
                vmm_fail(m, "isolation check: vm%u's nested table points at frame 0x%05x, "
                         "not one of its tables", vm->id, f);
                return false;
            }
            if (!check_table(m, vm, f, l + 1))
                return false;
        }
    }
    return true;
}

void nested_check(struct vmm *m)
{
    check_table(m, m->cur, m->cur->nt_root, 0);
}
