/*
 * trap.c -- the VMM's trap hook: every exception of a running VM comes here.
 *
 * The guest kernel runs in supervisor mode, so each privileged instruction
 * raises CpU and is emulated on the vCPU; every address it uses goes
 * through the TLB, so its unmapped segments are filled by the VMM (RAM
 * through kseg0 or kseg1) or emulated (devices).  A TLB miss on a mapped
 * address is served from the VM's virtual TLB when the guest has the entry
 * (the real TLB lost it: a hidden miss), else reflected to the guest's own
 * handler; a guest entry for a device page is emulated on every access.
 * Guest supervisor mode also runs in real supervisor mode, with kseg0 and
 * kseg1 mapped by the guest's TLB, as the machine maps them.  Everything else the guest would see on the bare machine is
 * reflected to it, with the vCPU's EPC/Cause/BadVAddr/EXL set as the
 * hardware would.
 *
 * On a walker machine, TLB faults are faults on the shadow page tables:
 * shadow.c serves them.
 *
 * Transparent work (hidden fills, emulation) resumes the guest exactly
 * where the bare machine would be, delay slots included (trap->npc,
 * cpu_set_pc_delay), so that its instruction count stays exact.
 */
#include "cpu/isa.h"
#include "vmm/internal.h"

/* ---- reflection: what the hardware would have done, on the vCPU ------------------------ */

static enum vmm_activity activity_of(unsigned code)
{
    switch (code) {
    case EXC_SYS:  return VMM_ACT_SYSCALL;
    case EXC_INT:  return VMM_ACT_INTERRUPT;
    case EXC_TLBL:
    case EXC_TLBS:
    case EXC_MOD:  return VMM_ACT_TLB;
    default:       return VMM_ACT_OTHER;
    }
}

void vmm_reflect(struct vmm *m, struct vm *vm, unsigned code, unsigned ce, uint32_t badva,
                 unsigned flags, uint32_t epc, bool bd)
{
    struct vcp0 *v = &vm->cp0;
    bool refill = (flags & RF_REFILL) && !(v->status & STATUS_EXL);
    uint32_t vec = refill ? VEC_REFILL : VEC_GENERAL;

    if (vm->activity == VMM_ACT_NONE || !(v->status & STATUS_EXL))
        vm->activity = activity_of(code);
    if (m->trace) {
        struct vmm_event ev = { .kind = VMM_EV_REFLECT, .code = code, .va = badva,
                                .target = vec, .pc = m->ev_pc, .insn = m->ev_insn,
                                .user = !vm_guest_kernel(vm),
                                .miss = (flags & RF_REFILL) != 0,
                                .value = code == EXC_SYS ? cpu_reg(m->cpu, 2) : 0,
                                .shadow = m->walker };
        vmm_emit(m, vm, &ev);
    }

    if (!(v->status & STATUS_EXL)) {
        v->epc = epc;
        v->cause = bd ? v->cause | CAUSE_BD : v->cause & ~CAUSE_BD;
    }
    v->cause = (v->cause & ~(CAUSE_EXC | CAUSE_CE)) |
               (uint32_t)code << CAUSE_EXC_SHIFT | (uint32_t)ce << CAUSE_CE_SHIFT;
    if (flags & (RF_BADVA | RF_TLB))
        v->badvaddr = badva;
    if (flags & RF_TLB) {
        v->entryhi = (v->entryhi & ENTRYHI_ASID) | (badva & ENTRYHI_VPN);
        v->context = (v->context & CONTEXT_PTEBASE) | ((badva >> 10) & CONTEXT_BADVPN);
    }
    v->status |= STATUS_EXL;
    vm->st.reflected[code]++;
    if (code != EXC_INT)
        vm->faults++;
    vmm_resume(m, vm, (struct resume){ vec, vec + 4, false });
}

/* vmm_reflect_trap: give the guest the exception the real CPU just took. */
void vmm_reflect_trap(struct vmm *m, struct vm *vm, const struct cpu_trap *t,
                      unsigned code, unsigned flags)
{
    m->ev_pc = t->pc;
    m->ev_insn = t->insn;
    vm->st.exits[code == EXC_TLBL || code == EXC_TLBS || code == EXC_MOD
                 ? EXIT_TLB_GUEST : EXIT_EXCEPTION]++;
    vmm_reflect(m, vm, code, t->ce, t->badvaddr, flags, t->epc, t->bd);
}

/* A bus error where the bare machine would raise one. */
void vmm_reflect_bus(struct vmm *m, struct vm *vm, const struct cpu_trap *t)
{
    m->ev_pc = t->pc;
    m->ev_insn = t->insn;
    vm->st.exits[EXIT_EXCEPTION]++;
    vmm_reflect(m, vm, t->fetch ? EXC_IBE : EXC_DBE, 0, 0, 0, t->epc, t->bd);
}

/* ---- the vCPU's CP0 ----------------------------------------------------------------------- */

uint32_t vcp0_read(struct vmm *m, struct vm *vm, unsigned reg)
{
    const struct vcp0 *v = &vm->cp0;
    switch (reg) {
    case CP0_INDEX:    return v->index;
    case CP0_RANDOM:   return vm_random(vm);
    case CP0_ENTRYLO:  return v->entrylo;
    case CP0_CONTEXT:  return v->context;
    case CP0_WIRED:    return v->wired;
    case CP0_BADVADDR: return v->badvaddr;
    case CP0_COUNT:    return vm_count(vm);
    case CP0_ENTRYHI:  return v->entryhi;
    case CP0_COMPARE:  return v->compare;
    case CP0_STATUS:   return v->status;
    case CP0_CAUSE:    return (v->cause & ~CAUSE_IP) | vm_cause_ip(m, vm);
    case CP0_EPC:      return v->epc;
    case CP0_PRID:     return PRID_TLBVISOR;
    case CP0_CONFIG:                         /* the machine's MMU, as the bare machine's */
        return m->walker || m->nested ? CONFIG_MT_WALKER << CONFIG_MT_SHIFT | m->levels
                         : CONFIG_MT_TLB << CONFIG_MT_SHIFT;
    case CP0_PTBR:     return v->ptbr;
    case CP0_INVVA:    return v->invva;
    default:           return 0;
    }
}

/* vcp0_write: mtc0 on the vCPU, with the machine's masks and side effects.
 * The instruction has not retired yet (as on the machine). */
void vcp0_write(struct vmm *m, struct vm *vm, unsigned reg, uint32_t val)
{
    struct vcp0 *v = &vm->cp0;
    switch (reg) {
    case CP0_INDEX:    v->index = (v->index & INDEX_P) | (val & INDEX_MASK); break;
    case CP0_ENTRYLO:  v->entrylo = val & ENTRYLO_MASK; break;
    case CP0_CONTEXT:  v->context = (v->context & ~CONTEXT_PTEBASE) | (val & CONTEXT_PTEBASE); break;
    case CP0_WIRED:
        v->wired = val & INDEX_MASK;
        v->random_base = vm->insns + vm->faults;
        break;
    case CP0_COUNT:
        v->count_bias = val - (uint32_t)vm->insns;
        vm_timer_rearm(vm);
        break;
    case CP0_ENTRYHI:
        v->entryhi = val & (ENTRYHI_VPN | ENTRYHI_ASID);
        rasid_update(m);                     /* the guest's ASID may have changed */
        if (m->walker)
            shadow_asid(m, vm);
        break;
    case CP0_COMPARE:
        v->compare = val;
        v->timer_irq = false;
        vm_timer_rearm(vm);
        break;
    case CP0_STATUS:   v->status = val & STATUS_MASK; break;
    case CP0_CAUSE:    v->cause = (v->cause & ~CAUSE_IP_SW) | (val & CAUSE_IP_SW); break;
    case CP0_EPC:      v->epc = val; break;
    case CP0_PTBR:
        v->ptbr = val;
        if (m->walker)
            shadow_ptbr(m, vm);              /* the real PTBR: its shadow */
        else if (m->nested)
            cpu_set_cp0(m->cpu, CP0_PTBR, val);   /* the guest's own, as the CPU takes it */
        break;
    case CP0_INVVA:
        v->invva = val;
        if (m->walker)
            shadow_invva(m, vm, val);
        else if (m->nested)
            cpu_set_cp0(m->cpu, CP0_INVVA, val);
        else
            vtlb_invalidate_va(m, vm, val);
        break;
    default:           break;                /* read-only or unimplemented */
    }
}

/* ---- privileged instructions ----------------------------------------------------------------- */

/* wait: the machine's rule, on the VM: go on if an interrupt is pending;
 * jump Count to Compare if the timer can fire; wait for input if the
 * console can; else the VM would sleep forever. */
static void emulate_wait(struct vmm *m, struct vm *vm, const struct cpu_trap *t)
{
    uint32_t st = vm->cp0.status, im = st & STATUS_IM;
    bool ie = (st & (STATUS_IE | STATUS_EXL)) == STATUS_IE;

    if (vm_irq_pending(m, vm)) {
        vm_retire(m, vm, 1);
    } else if (ie && (im & (1u << (CAUSE_IP_SHIFT + IRQ_TIMER)))) {
        uint64_t skip = vm->cp0.timer_target - (vm->insns + 1);
        vm->cp0.count_bias += (uint32_t)skip;
        vm->cp0.timer_target = vm->insns + 1;
        vm_retire(m, vm, 1);
    } else if (ie && (im & (1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE))) && vm->inten) {
        vm_retire(m, vm, 1);
        if (!vcon_ready(m, vm)) {
            if (m->nvms > 1) {
                vm->waiting_input = true;    /* another VM runs meanwhile */
                vmm_world_switch(m, after(t));
                return;
            }
            vcon_wait(m);
        }
    } else {
        vmm_fail(m, "wait at 0x%08x with no interrupt enabled: VM %u would sleep forever",
                 t->pc, vm->id);
        return;
    }
    vmm_resume(m, vm, after(t));
}

static void emulate(struct vmm *m, struct vm *vm, const struct cpu_trap *t)
{
    uint32_t w = t->insn, value = 0;
    enum vmm_emul kind;
    bool traced = true;                      /* tlbw* report themselves */

    m->ev_pc = t->pc;
    m->ev_insn = w;
    switch (isa_decode(w)) {
    case OP_MFC0:
        value = ISA_GET_SEL(w) ? 0 : vcp0_read(m, vm, ISA_GET_RD(w));
        cpu_set_reg(m->cpu, ISA_GET_RT(w), value);
        kind = EMUL_MFC0;
        break;
    case OP_MTC0:
        value = cpu_reg(m->cpu, ISA_GET_RT(w));
        if (ISA_GET_SEL(w) == 0)
            vcp0_write(m, vm, ISA_GET_RD(w), value);
        kind = EMUL_MTC0;
        break;
    case OP_TLBR:
        vtlb_read(m, vm);
        value = vm->cp0.index & INDEX_MASK;
        kind = EMUL_TLBR;
        break;
    case OP_TLBWI:
        vtlb_write(m, vm, vm->cp0.index & INDEX_MASK, false);
        kind = EMUL_TLBWI;
        traced = false;
        break;
    case OP_TLBWR:
        vtlb_write(m, vm, vm_random(vm), true);
        kind = EMUL_TLBWR;
        traced = false;
        break;
    case OP_TLBP:
        vtlb_probe(m, vm);
        value = vm->cp0.index;
        kind = EMUL_TLBP;
        break;
    case OP_ERET: {
        bool user;
        vm->st.exits[EXIT_PRIV]++;
        vm->st.emulated[EMUL_ERET]++;
        vm_retire(m, vm, 1);
        vm->cp0.status &= ~STATUS_EXL;
        cpu_set_llbit(m->cpu, false);        /* eret clears the LL bit */
        user = !vm_guest_kernel(vm);
        if (m->trace) {
            struct vmm_event ev = { .kind = VMM_EV_ERET, .pc = t->pc, .insn = w,
                                    .target = vm->cp0.epc, .user = user };
            vmm_emit(m, vm, &ev);
            /* Watch the retry of a user access that missed in the TLB. */
            m->retry_watch = user && vm->activity == VMM_ACT_TLB;
            m->retry_pc = vm->cp0.epc;
        }
        vm->activity = VMM_ACT_NONE;
        vmm_resume(m, vm, (struct resume){ vm->cp0.epc, vm->cp0.epc + 4, false });
        return;
    }
    case OP_WAIT:
        vm->st.exits[EXIT_PRIV]++;
        vm->st.emulated[EMUL_WAIT]++;
        if (m->trace) {
            struct vmm_event ev = { .kind = VMM_EV_EMULATE, .pc = t->pc, .insn = w };
            vmm_emit(m, vm, &ev);
        }
        emulate_wait(m, vm, t);
        return;
    default:                                 /* not ours to emulate */
        vmm_reflect_trap(m, vm, t, EXC_CPU, 0);
        return;
    }
    vm->st.exits[EXIT_PRIV]++;
    vm->st.emulated[kind]++;
    if (traced && m->trace) {
        struct vmm_event ev = { .kind = VMM_EV_EMULATE, .pc = t->pc, .insn = w,
                                .value = value };
        vmm_emit(m, vm, &ev);
    }
    vm_retire(m, vm, 1);
    vmm_resume(m, vm, after(t));
}

/* ---- devices --------------------------------------------------------------------------- */

static int dev_read(struct vmm *m, struct vm *vm, uint32_t pa, uint32_t *v)
{
    switch (pa) {
    case DEV_CONSOLE + CONSOLE_OUT:  *v = 0; return 0;
    case DEV_CONSOLE + CONSOLE_IN: {
        int c = vcon_read(m, vm);
        *v = c < 0 ? 0xffffffffu : (uint32_t)c;
        return 0;
    }
    case DEV_CONSOLE + CONSOLE_CTRL:
        *v = (vcon_ready(m, vm) ? CONSOLE_READY : 0) | (vm->inten ? CONSOLE_INTEN : 0);
        return 0;
    case DEV_POWER:                  *v = 0; return 0;
    default:                         return -1;
    }
}

/* dev_write: 1 if the VM powered off, 0, or -1 for no device. */
static int dev_write(struct vmm *m, struct vm *vm, uint32_t pa, uint32_t v)
{
    switch (pa) {
    case DEV_CONSOLE + CONSOLE_OUT:  vcon_write(m, vm, (uint8_t)v); return 0;
    case DEV_CONSOLE + CONSOLE_IN:   return 0;
    case DEV_CONSOLE + CONSOLE_CTRL: vm->inten = (v & CONSOLE_INTEN) != 0; return 0;
    case DEV_POWER:                  return 1;
    default:                         return -1;
    }
}

/* A load or store of the guest kernel to a device: decode it and do it. */
static void trace_device(struct vmm *m, struct vm *vm, const struct cpu_trap *t,
                         uint32_t v, bool store)
{
    if (m->trace) {
        struct vmm_event ev = { .kind = VMM_EV_DEVICE, .pc = t->pc, .insn = t->insn,
                                .va = t->badvaddr, .value = v, .store = store };
        vmm_emit(m, vm, &ev);
    }
}

/* vmm_emulate_device: a load or store of the VM to device register pa, by any
 * segment or TLB entry, done as the machine does it: loads and stores of
 * any size at the register's address; lwl, lwr, swl and swr as accesses of
 * the aligned word (swl/swr write rt shifted into place); ll sets the LL
 * bit; sc reaches here only with the LL bit set (otherwise the CPU writes
 * 0 without an access), and stores. */
void vmm_emulate_device(struct vmm *m, struct vm *vm, const struct cpu_trap *t, uint32_t pa)
{
    uint32_t w = t->insn, va = t->badvaddr, v, mask;
    unsigned rt = ISA_GET_RT(w);
    enum isa_op op = isa_decode(w);
    int r;

    if (t->fetch) {                          /* devices hold no code */
        vmm_reflect_bus(m, vm, t);
        return;
    }
    switch (op) {
    case OP_LB: case OP_LBU: case OP_LH: case OP_LHU: case OP_LW: case OP_LL:
    case OP_LWL: case OP_LWR:
        if (dev_read(m, vm, op == OP_LWL || op == OP_LWR ? pa & ~3u : pa, &v) < 0) {
            vmm_reflect_bus(m, vm, t);
            return;
        }
        switch (op) {
        case OP_LB:  v = (uint32_t)(int32_t)(int8_t)v; break;
        case OP_LBU: v &= 0xff; break;
        case OP_LH:  v = (uint32_t)(int32_t)(int16_t)v; break;
        case OP_LHU: v &= 0xffff; break;
        case OP_LL:  cpu_set_llbit(m->cpu, true); break;
        case OP_LWL: v = isa_lwl(cpu_reg(m->cpu, rt), v, va); break;
        case OP_LWR: v = isa_lwr(cpu_reg(m->cpu, rt), v, va); break;
        default:     break;
        }
        cpu_set_reg(m->cpu, rt, v);
        trace_device(m, vm, t, v, false);
        break;
    case OP_SB: case OP_SH: case OP_SW: case OP_SC: case OP_SWL: case OP_SWR:
        v = cpu_reg(m->cpu, rt);
        if (op == OP_SWL || op == OP_SWR) {
            isa_swlr(op == OP_SWL, v, va, &mask, &v);
            pa &= ~3u;
        }
        trace_device(m, vm, t, v, true);
        r = dev_write(m, vm, pa, v);
        if (r < 0) {
            vmm_reflect_bus(m, vm, t);
            return;
        }
        if (op == OP_SC)
            cpu_set_reg(m->cpu, rt, 1);
        if (r > 0) {                         /* power: the store retires, the VM stops */
            vm->st.exits[EXIT_DEVICE]++;
            vm->st.emulated[EMUL_DEVICE]++;
            vm_retire(m, vm, 1);
            vm->at = after(t);
            vmm_halt_vm(m, vm, v);
            return;
        }
        break;
    default:                                 /* no other instruction reaches memory */
        vmm_reflect_bus(m, vm, t);
        return;
    }
    vm->st.exits[EXIT_DEVICE]++;
    vm->st.emulated[EMUL_DEVICE]++;
    vm_retire(m, vm, 1);
    vmm_resume(m, vm, after(t));
}

/* ---- TLB faults ---------------------------------------------------------------------------- */

static void trace_fill(struct vmm *m, struct vm *vm, const struct cpu_trap *t, int vidx)
{
    if (m->trace) {
        struct vmm_event ev = { .kind = VMM_EV_FILL, .pc = t->pc, .insn = t->insn,
                                .va = t->badvaddr, .vidx = vidx, .ridx = m->last_ridx,
                                .vpn = t->badvaddr >> 12, .mfn = m->last_mfn,
                                .rasid = m->cur_rasid, .user = !vm_guest_kernel(vm) };
        vmm_emit(m, vm, &ev);
    }
}

/* A hidden fill of an unmapped guest-kernel address (kseg0, or RAM through
 * kseg1): PA = VA - segment base, then the pmap. */
static void kseg_fill(struct vmm *m, struct vm *vm, const struct cpu_trap *t, uint32_t pa)
{
    if (pa / PAGE >= vm->npages) {
        vmm_reflect_bus(m, vm, t);
        return;
    }
    rtlb_install(m, vm, t->badvaddr, vm->pmap[pa / PAGE], true, -1);
    vm->st.exits[EXIT_TLB_HIDDEN]++;
    vm->st.hidden_fills++;
    trace_fill(m, vm, t, -1);
    vmm_resume(m, vm, retry(t));
}

static void on_tlb(struct vmm *m, struct vm *vm, const struct cpu_trap *t)
{
    uint32_t va = t->badvaddr;
    bool store = t->code != EXC_TLBL;
    unsigned miss = store ? EXC_TLBS : EXC_TLBL;

    if (vm_guest_kernel(vm) && va >= KSEG0_BASE && va < KSEG2_BASE) {
        uint32_t pa = va < KSEG1_BASE ? va - KSEG0_BASE : va - KSEG1_BASE;
        if (pa_is_device(pa))
            vmm_emulate_device(m, vm, t, pa);
        else
            kseg_fill(m, vm, t, pa);
        return;
    }
    /* A mapped address: the guest's TLB decides. */
    int i = vtlb_lookup(vm, va, vm->cp0.entryhi & ENTRYHI_ASID);
    if (i < 0 && m->cfg.l2tlb) {
        int s = l2_lookup(vm, va, vm->cp0.entryhi & ENTRYHI_ASID);
        uint32_t lo = s >= 0 ? vm->l2[s].lo : 0;
        if (s >= 0 && (!store || (lo & ENTRYLO_D)) && (lo >> 12) < vm->npages) {
            rtlb_install(m, vm, va, vm->pmap[lo >> 12], (lo & ENTRYLO_D) != 0, (int)NTLB + s);
            vm->st.exits[EXIT_TLB_HIDDEN]++;
            vm->st.l2tlb_hits++;
            trace_fill(m, vm, t, (int)NTLB + s);
            vmm_resume(m, vm, retry(t));
            return;
        }
    }
    if (i < 0) {
        vmm_reflect_trap(m, vm, t, miss, RF_TLB | RF_REFILL);
        return;
    }
    uint32_t lo = vm->vtlb[i].lo;
    if (!(lo & ENTRYLO_V)) {
        vmm_reflect_trap(m, vm, t, miss, RF_TLB);
        return;
    }
    if (store && !(lo & ENTRYLO_D)) {
        vmm_reflect_trap(m, vm, t, EXC_MOD, RF_TLB);
        return;
    }
    if (pa_is_device((lo & ENTRYLO_PFN) | (va & (PAGE - 1)))) {
        vmm_emulate_device(m, vm, t, (lo & ENTRYLO_PFN) | (va & (PAGE - 1)));
        return;
    }
    if ((lo >> 12) >= vm->npages) {          /* the guest mapped memory it does not have */
        vmm_reflect_bus(m, vm, t);
        return;
    }
    rtlb_install(m, vm, va, vm->pmap[lo >> 12], (lo & ENTRYLO_D) != 0, i);
    vm->st.exits[EXIT_TLB_HIDDEN]++;
    vm->st.hidden_fills++;
    trace_fill(m, vm, t, i);
    vmm_resume(m, vm, retry(t));
}

/* ---- the hook ---------------------------------------------------------------------------------- */

enum cpu_trap_action vmm_trap(void *ctx, struct cpu *cpu, const struct cpu_trap *t)
{
    struct vmm *m = ctx;
    struct vm *vm = m->cur;
    (void)cpu;

    vm_sync_insns(m);
    m->ntraps++;
    if (m->nested)
        nested_save(m, vm);                  /* its PTBR, for mfc0 and the trace */
    switch (t->code) {
    case EXC_INT:                            /* the real timer: a virtual timer or a quantum */
        vm->st.exits[EXIT_TIMER]++;
        if (m->nvms > 1 && vm->insns >= vm->slice_end)
            vmm_world_switch(m, retry(t));
        else
            vmm_resume(m, vm, retry(t));
        break;
    case EXC_CPU:
        if (t->ce == 0 && vm_guest_kernel(vm))
            emulate(m, vm, t);
        else
            vmm_reflect_trap(m, vm, t, EXC_CPU, 0);
        break;
    case EXC_TLBL:
    case EXC_TLBS:
    case EXC_MOD:
        if (m->nested)
            nested_fault(m, vm, t);          /* the nested table's, or the guest's own */
        else if (m->walker)
            shadow_fault(m, vm, t);          /* a fault on the shadow tables */
        else
            on_tlb(m, vm, t);
        break;
    case EXC_ADEL:
    case EXC_ADES:
        vmm_reflect_trap(m, vm, t, t->code, RF_BADVA);
        break;
    default:                                 /* syscall, break, RI, Ov, Tr, bus errors */
        vmm_reflect_trap(m, vm, t, t->code, 0);
        break;
    }
    if (m->cfg.check && !m->stop)
        vmm_check_invariant(m);
    /* Stop the CPU to end the run, or to let vmm_run watch a retry. */
    return m->stop || m->retry_watch ? CPU_TRAP_STOP : CPU_TRAP_RESUME;
}
