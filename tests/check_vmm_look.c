/*
 * check_vmm_look.c -- the VMM's looking API, what the debugger (the REPL)
 * shows of a VM: vmm_current, vmm_vm_steps, registers, HI/LO and PC (and
 * setting them), the vCPU's CP0, the guest's mode, its virtual TLB, who owns
 * each real TLB entry and machine frame, vmm_translate, and breakpoints
 * (VMM_STOP_BREAK, with cpu_break_skip_first off).
 *
 * The tests step the VMs with vmm_run(vmm, 1) and look between steps: at
 * the VM in the CPU and at a VM that is not (two VMs, a small quantum),
 * before and after the first vmm_run.  Where they can, they tie what the
 * looking functions say to what the guest itself then does or reads (a
 * register set is used by the next instruction, a CP0 value is what the
 * guest's own mfc0 reads, a machine address is where the guest's store
 * went).  The machinery is in tests/check_vmm_harness.h.
 */
#include "tests/check_vmm_harness.h"

static struct h_prog C, C1, U;   /* kernel code (VM 0, VM 1), user code */

static void setup(void)
{
    vt_setup();
    memset(&C, 0, sizeof C);
    memset(&C1, 0, sizeof C1);
    memset(&U, 0, sizeof U);
}
static void teardown(void) { vt_teardown(); }

/* ---- helpers ------------------------------------------------------------------------------ */

/* One machine step, which must end on its budget. */
static void step(struct vt *t)
{
    enum vmm_stop s = vmm_run(t->vmm, 1);
    ck_assert_msg(s == VMM_STOP_BUDGET, "vmm_run(1) stopped with %d: %s", (int)s,
                  vmm_error(t->vmm));
}

static uint32_t pc_of(struct vt *t, unsigned vm) { return vmm_vm_pc(t->vmm, vm, NULL, NULL); }
static uint64_t steps_of(struct vt *t, unsigned vm) { return vmm_vm_steps(t->vmm, vm); }

/* Step until VM vm is in the CPU about to execute pc; at most max steps. */
static void step_to(struct vt *t, unsigned vm, uint32_t pc, unsigned max)
{
    for (unsigned n = 0; n < max; n++) {
        if (vmm_current(t->vmm) == vm && pc_of(t, vm) == pc)
            return;
        step(t);
    }
    ck_abort_msg("VM %u did not reach 0x%08x in %u steps (VM %u current, at 0x%08x)", vm, pc,
                 max, vmm_current(t->vmm), pc_of(t, vmm_current(t->vmm)));
}

/* Step until VM vm is the current one; at most max steps. */
static void step_until_current(struct vt *t, unsigned vm, unsigned max)
{
    for (unsigned n = 0; n < max && vmm_current(t->vmm) != vm; n++)
        step(t);
    ck_assert_msg(vmm_current(t->vmm) == vm, "VM %u never became current", vm);
}

/* b . (with its delay slot) */
static unsigned e_self_loop(struct h_prog *p)
{
    unsigned at = h_emit(p, enc_b(OP_BEQ, 0, 0, -1));
    h_emit(p, H_NOP);
    return at;
}

/* The ALU loop both VMs of several tests run: s0 counts its iterations;
 * it touches neither s7 nor HI/LO. */
static void e_alu_loop(struct h_prog *p)
{
    h_emit(p, enc_i(OP_ADDIU, R_S0, R_S0, 1));          /* L */
    h_emit(p, enc_r(OP_ADDU, R_S1, R_S1, R_S0));
    h_emit(p, enc_b(OP_BEQ, 0, 0, -3));                 /* to L */
    h_emit(p, H_NOP);
}

static void count_events(void *ctx, const struct vmm_event *ev)
{
    (void)ev;
    (*(unsigned *)ctx)++;
}

/* ---- vmm_current ------------------------------------------------------------------------------ */

/* VM 0 is current before the first run; with two VMs and a quantum of 10,
 * VM 1 is after the first world switch, which comes after 10 instructions
 * of VM 0, and VM 0 again after 10 of VM 1. */
START_TEST(test_current)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 10);
    ck_assert_uint_eq(vmm_current(t->vmm), 0);
    e_alu_loop(&C);
    vt_image(t, -1u, &C, NULL);
    ck_assert_uint_eq(vmm_current(t->vmm), 0);

    unsigned n = 0;
    while (vmm_current(t->vmm) == 0 && n++ < 200) {
        ck_assert_uint_eq(vt_stats(t).world_switches, 0);
        step(t);
    }
    ck_assert_uint_eq(vmm_current(t->vmm), 1);
    ck_assert_uint_eq(vt_stats(t).world_switches, 1);
    ck_assert_uint_eq(steps_of(t, 0), 10);
    ck_assert_uint_eq(steps_of(t, 1), 0);
    step_until_current(t, 0, 200);
    ck_assert_uint_eq(vt_stats(t).world_switches, 2);
    ck_assert_uint_eq(steps_of(t, 1), 10);
}
END_TEST

/* ---- vmm_vm_steps ----------------------------------------------------------------------------- */

/* An ALU loop: every machine step after the first retires one guest
 * instruction, and the steps advance by exactly one each time.  The first
 * machine step is the hidden fill of the code page: no guest step. */
START_TEST(test_steps_alu_loop)
{
    struct vt *t = vt_vmm();
    h_emit(&C, enc_i(OP_ADDIU, R_S0, R_S0, 1));         /* L */
    h_emit(&C, enc_r(OP_ADDU, R_S1, R_S1, R_S0));
    h_emit(&C, enc_r(OP_XOR, R_S2, R_S2, R_S1));
    h_emit(&C, enc_b(OP_BEQ, 0, 0, -4));                /* to L */
    h_emit(&C, enc_sh(OP_SLL, R_S3, R_S0, 1));
    vt_image(t, 0, &C, NULL);

    ck_assert_uint_eq(steps_of(t, 0), 0);
    step(t);                                             /* the fill of the code page */
    ck_assert_uint_eq(steps_of(t, 0), 0);
    ck_assert_uint_eq(pc_of(t, 0), VT_CODE_VA);
    ck_assert_uint_eq(vt_stats(t).vm[0].hidden_fills, 1);
    for (unsigned i = 1; i <= 500; i++) {
        step(t);
        ck_assert_msg(steps_of(t, 0) == i, "after %u instructions: %llu steps", i,
                      (unsigned long long)steps_of(t, 0));
        ck_assert_uint_eq(pc_of(t, 0), VT_AT(i % 5));
        ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S0), (i + 4) / 5);
    }
    ck_assert_uint_eq(vt_insns(t, 0), 500);
    ck_assert_uint_eq(vmm_run(t->vmm, 37), VMM_STOP_BUDGET);
    ck_assert_uint_eq(steps_of(t, 0), 537);
    ck_assert_uint_eq(vt_stats(t).vm[0].hidden_fills, 1);
}
END_TEST

/* A load from a kseg0 page the real TLB does not have: the machine step
 * that misses is a hidden fill and no guest step; the retried load is one. */
START_TEST(test_steps_hidden_fill)
{
    struct vt *t = vt_vmm();
    h_li(&C, R_T0, KSEG0_BASE + 0x6000);
    h_emit(&C, enc_m(OP_LW, R_T1, 0x10, R_T0));          /* 2 */
    h_emit(&C, enc_i(OP_ADDIU, R_S0, 0, 1));
    e_self_loop(&C);
    vt_image(t, 0, &C, NULL);
    vt_w32(t, 0, 0x6010, 0xabcd1234u);

    step_to(t, 0, VT_AT(2), 10);
    ck_assert_uint_eq(steps_of(t, 0), 2);
    uint64_t fills = vt_stats(t).vm[0].hidden_fills;
    step(t);
    ck_assert_uint_eq(vt_stats(t).vm[0].hidden_fills, fills + 1);
    ck_assert_uint_eq(steps_of(t, 0), 2);
    ck_assert_uint_eq(pc_of(t, 0), VT_AT(2));
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_T1), 0);
    step(t);
    ck_assert_uint_eq(steps_of(t, 0), 3);
    ck_assert_uint_eq(pc_of(t, 0), VT_AT(3));
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_T1), 0xabcd1234u);
    struct vmm_stats st = vt_stats(t);
    for (unsigned c = 0; c < CPU_NEXC; c++)
        ck_assert_uint_eq(st.vm[0].reflected[c], 0);
}
END_TEST

/* An exception reflected to the guest is one guest step: a syscall from
 * guest user mode (_i = 0), a TLB miss of guest user mode (_i = 1).  In the
 * end the steps are the guest's Count (instructions) plus that one fault. */
START_TEST(test_steps_reflected)
{
    struct vt *t = vt_vmm();
    uint32_t vec = _i ? VEC_REFILL : VEC_GENERAL;
    unsigned code = _i ? EXC_TLBL : EXC_SYS;

    e_mode(&C, VT_SKIP, 0, 0);
    e_user(&C);
    h_emit(&U, enc_i(OP_ADDIU, R_S0, 0, 7));
    h_emit(&U, _i ? enc_m(OP_LW, R_T1, 0x100, R_ZERO) : enc_syscall(0));   /* 1 */
    h_emit(&U, enc_i(OP_ADDIU, R_S1, 0, 9));                                /* 2 */
    e_self_loop(&U);
    vt_image(t, 0, &C, &U);

    step_to(t, 0, VT_USER_VA + 4, 300);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_USER);
    uint64_t s = steps_of(t, 0);
    step(t);
    ck_assert_uint_eq(steps_of(t, 0), s + 1);
    ck_assert_uint_eq(pc_of(t, 0), vec);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_KERNEL);
    ck_assert_uint_eq(vmm_vcp0(t->vmm, 0, CP0_EPC), VT_USER_VA + 4);
    ck_assert_uint_eq(vmm_vcp0(t->vmm, 0, CP0_CAUSE) & CAUSE_EXC, code << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_stats(t).vm[0].reflected[code], 1);

    step_to(t, 0, VT_USER_VA + 8, 300);                  /* the recorder skipped it */
    ck_assert_uint_eq(steps_of(t, 0), (uint64_t)vmm_vcp0(t->vmm, 0, CP0_COUNT) + 1);
    ck_assert_uint_eq(steps_of(t, 0), vt_insns(t, 0) + 1);
    ck_assert_uint_eq(vt_nexc(t, 0), 1);
}
END_TEST

/* ---- registers, HI and LO ----------------------------------------------------------------- */

/* addu t0, a0, a1; mfhi t1; mflo t2; results 0..2; halt. */
static void e_use_regs(struct h_prog *p)
{
    h_emit(p, enc_r(OP_ADDU, R_T0, R_A0, R_A1));
    h_emit(p, enc_r(OP_MFHI, R_T1, 0, 0));
    h_emit(p, enc_r(OP_MFLO, R_T2, 0, 0));
    e_res(p, R_T0, 0);
    e_res(p, R_T1, 1);
    e_res(p, R_T2, 2);
    e_halt(p, 0);
}

/* Before the first run: set and read the registers of VM _i (two VMs; VM 0
 * will be the one in the CPU, VM 1 will not), then the guest uses them. */
START_TEST(test_regs_before_first_run)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 0);
    unsigned k = (unsigned)_i, o = 1 - k;
    e_use_regs(&C);
    vt_image(t, -1u, &C, NULL);

    vmm_vm_set_reg(t->vmm, k, R_A0, 0x1200u);
    vmm_vm_set_reg(t->vmm, k, R_A1, 0x34u);
    vmm_vm_set_reg(t->vmm, k, R_ZERO, 0x55u);           /* $0 stays 0 */
    vmm_vm_set_hilo(t->vmm, k, 0xaaaa0000u + k, 0xbbbb0000u + k);
    vmm_vm_set_reg(t->vmm, o, R_A0, 0x7u);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, k, R_A0), 0x1200u);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, k, R_A1), 0x34u);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, k, R_ZERO), 0);
    ck_assert_uint_eq(vmm_vm_hi(t->vmm, k), 0xaaaa0000u + k);
    ck_assert_uint_eq(vmm_vm_lo(t->vmm, k), 0xbbbb0000u + k);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, o, R_A0), 0x7u);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, o, R_A1), 0);
    ck_assert_uint_eq(vmm_vm_hi(t->vmm, o), 0);
    ck_assert_uint_eq(vmm_vm_lo(t->vmm, o), 0);

    vt_run_halt(t, 100000);
    ck_assert_uint_eq(vt_res(t, k, 0), 0x1234u);
    ck_assert_uint_eq(vt_res(t, k, 1), 0xaaaa0000u + k);
    ck_assert_uint_eq(vt_res(t, k, 2), 0xbbbb0000u + k);
    ck_assert_uint_eq(vt_res(t, o, 0), 0x7u);
    ck_assert_uint_eq(vt_res(t, o, 1), 0);
    ck_assert_uint_eq(vt_res(t, o, 2), 0);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, k, R_T0), 0x1234u);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, o, R_T0), 0x7u);
}
END_TEST

/* Each VM's s7, HI and LO (which its code never touches) read as that VM's
 * at every step, whichever VM is in the CPU, across world switches; s0 of
 * the VM in the CPU is the CPU's. */
START_TEST(test_regs_each_vm_across_switches)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 10);
    unsigned switches = 0, last = 0;
    e_alu_loop(&C);
    vt_image(t, -1u, &C, NULL);
    for (unsigned k = 0; k < 2; k++) {
        vmm_vm_set_reg(t->vmm, k, R_S7, 0x5e700000u + k);
        vmm_vm_set_hilo(t->vmm, k, 0x41000000u + k, 0x10000000u + k);
    }
    for (unsigned n = 0; n < 200; n++) {
        step(t);
        unsigned cur = vmm_current(t->vmm);
        if (cur != last)
            switches++;
        last = cur;
        for (unsigned k = 0; k < 2; k++) {
            ck_assert_uint_eq(vmm_vm_reg(t->vmm, k, R_S7), 0x5e700000u + k);
            ck_assert_uint_eq(vmm_vm_hi(t->vmm, k), 0x41000000u + k);
            ck_assert_uint_eq(vmm_vm_lo(t->vmm, k), 0x10000000u + k);
        }
        ck_assert_uint_eq(vmm_vm_reg(t->vmm, cur, R_S0), cpu_reg(t->cpu, R_S0));
        ck_assert_uint_eq(cpu_reg(t->cpu, R_S7), 0x5e700000u + cur);
    }
    ck_assert_uint_ge(switches, 4);
}
END_TEST

/* A countdown of 30 iterations (92 instructions), then e_use_regs. */
static void e_countdown_use_regs(struct h_prog *p)
{
    h_emit(p, enc_i(OP_ADDIU, R_S0, 0, 30));
    h_emit(p, enc_i(OP_ADDIU, R_S0, R_S0, 0xffff));
    h_emit(p, enc_b(OP_BNE, R_S0, 0, -2));
    h_emit(p, H_NOP);
    e_use_regs(p);
}

/* After the first run, VM 0 not in the CPU (VM 1 is, quantum 10): its
 * registers and HI/LO, set now, are what it uses when it runs again. */
START_TEST(test_set_regs_other_vm_after_run)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 10);
    e_countdown_use_regs(&C);
    vt_image(t, -1u, &C, NULL);
    step_until_current(t, 1, 100);
    ck_assert_uint_lt(pc_of(t, 0), VT_AT(4));            /* still counting down */
    vmm_vm_set_reg(t->vmm, 0, R_A0, 0x1200u);
    vmm_vm_set_reg(t->vmm, 0, R_A1, 0x34u);
    vmm_vm_set_hilo(t->vmm, 0, 0xaaaa5555u, 0x5555aaaau);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_A0), 0x1200u);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_A1), 0x34u);
    ck_assert_uint_eq(vmm_vm_hi(t->vmm, 0), 0xaaaa5555u);
    ck_assert_uint_eq(vmm_vm_lo(t->vmm, 0), 0x5555aaaau);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 1, R_A0), 0);  /* the one in the CPU: untouched */
    ck_assert_uint_eq(cpu_reg(t->cpu, R_A0), 0);
    ck_assert_uint_eq(cpu_hi(t->cpu), 0);
    vt_run_halt(t, 100000);
    ck_assert_uint_eq(vt_res(t, 0, 0), 0x1234u);
    ck_assert_uint_eq(vt_res(t, 0, 1), 0xaaaa5555u);
    ck_assert_uint_eq(vt_res(t, 0, 2), 0x5555aaaau);
    ck_assert_uint_eq(vt_res(t, 1, 0), 0);
    ck_assert_uint_eq(vt_res(t, 1, 1), 0);
    ck_assert_uint_eq(vt_res(t, 1, 2), 0);
}
END_TEST

/* After the first run, the VM in the CPU: a register set now reads back and
 * is what the next instruction uses. */
START_TEST(test_set_reg_current_after_run)
{
    struct vt *t = vt_vmm_n(1 + (unsigned)_i, VMM_ASID_TAG, 1000);
    e_countdown_use_regs(&C);
    vt_image(t, 0, &C, NULL);
    step_to(t, 0, VT_AT(4), 200);                       /* the addu comes next */
    ck_assert_uint_eq(vmm_current(t->vmm), 0);
    vmm_vm_set_reg(t->vmm, 0, R_A0, 0x1200u);
    vmm_vm_set_reg(t->vmm, 0, R_A1, 0x34u);
    uint32_t a0 = vmm_vm_reg(t->vmm, 0, R_A0), a1 = vmm_vm_reg(t->vmm, 0, R_A1);
    step(t);
    uint32_t t0 = vmm_vm_reg(t->vmm, 0, R_T0);
    ck_assert_msg(a0 == 0x1200u && a1 == 0x34u && t0 == 0x1234u,
                  "vmm_vm_set_reg on the VM in the CPU: a0 reads 0x%x, a1 0x%x (set 0x1200, "
                  "0x34); the guest's addu t0, a0, a1 computed 0x%x, not 0x1234", a0, a1, t0);
}
END_TEST

START_TEST(test_set_hilo_current_after_run)
{
    struct vt *t = vt_vmm();
    e_countdown_use_regs(&C);
    vt_image(t, 0, &C, NULL);
    step_to(t, 0, VT_AT(4), 200);
    vmm_vm_set_hilo(t->vmm, 0, 0x01020304u, 0xa0b0c0d0u);
    ck_assert_uint_eq(vmm_vm_hi(t->vmm, 0), 0x01020304u);
    ck_assert_uint_eq(vmm_vm_lo(t->vmm, 0), 0xa0b0c0d0u);
    ck_assert_uint_eq(cpu_hi(t->cpu), 0x01020304u);
    vt_run_halt(t, 10000);
    ck_assert_uint_eq(vt_res(t, 0, 1), 0x01020304u);
    ck_assert_uint_eq(vt_res(t, 0, 2), 0xa0b0c0d0u);
}
END_TEST

/* ---- PC ------------------------------------------------------------------------------------- */

/* Stopped right after a taken branch: PC is the delay slot, delay, npc the
 * target; one step more: the target, outside a delay slot. */
START_TEST(test_pc_delay_slot)
{
    struct vt *t = vt_vmm();
    bool delay = true;
    uint32_t npc = 0;
    h_emit(&C, enc_i(OP_ADDIU, R_S0, 0, 1));
    h_emit(&C, enc_b(OP_BEQ, 0, 0, 3));                 /* 1: to 5 */
    h_emit(&C, enc_i(OP_ADDIU, R_S1, 0, 2));            /* 2: its delay slot */
    h_emit(&C, enc_i(OP_ADDIU, R_S2, 0, 3));
    h_emit(&C, H_NOP);
    h_emit(&C, enc_i(OP_ADDIU, R_S3, 0, 4));            /* 5 */
    e_self_loop(&C);
    vt_image(t, 0, &C, NULL);

    ck_assert_uint_eq(vmm_vm_pc(t->vmm, 0, &delay, &npc), VT_CODE_VA);   /* before the run */
    ck_assert(!delay);
    ck_assert_uint_eq(npc, VT_CODE_VA + 4);
    step_to(t, 0, VT_AT(1), 10);
    ck_assert_uint_eq(vmm_vm_pc(t->vmm, 0, &delay, &npc), VT_AT(1));
    ck_assert(!delay);
    ck_assert_uint_eq(npc, VT_AT(2));
    step(t);
    ck_assert_uint_eq(vmm_vm_pc(t->vmm, 0, &delay, &npc), VT_AT(2));
    ck_assert(delay);
    ck_assert_uint_eq(npc, VT_AT(5));
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S1), 0);
    step(t);
    ck_assert_uint_eq(vmm_vm_pc(t->vmm, 0, &delay, &npc), VT_AT(5));
    ck_assert(!delay);
    ck_assert_uint_eq(npc, VT_AT(6));
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S1), 2);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S2), 0);
}
END_TEST

/* A VM switched out in a delay slot (two VMs on "L: b L; addiu", an odd
 * quantum): while out it reports the delay slot and the target; when it is
 * back it continues exactly there (the delay slot, then the target). */
START_TEST(test_pc_delay_slot_other_vm)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 11);
    struct { uint32_t pc, npc; bool delay, valid; uint64_t steps; } out[2];
    unsigned last = 0, delays = 0, backs = 0;
    h_emit(&C, enc_b(OP_BEQ, 0, 0, -1));                /* L: b L */
    h_emit(&C, enc_i(OP_ADDIU, R_S0, R_S0, 1));
    vt_image(t, -1u, &C, NULL);
    memset(out, 0, sizeof out);
    for (unsigned n = 0; n < 300; n++) {
        step(t);
        unsigned cur = vmm_current(t->vmm);
        if (cur == last)
            continue;
        /* last went out: where it says it is */
        out[last].pc = vmm_vm_pc(t->vmm, last, &out[last].delay, &out[last].npc);
        out[last].steps = steps_of(t, last);
        out[last].valid = true;
        if (out[last].delay) {
            ck_assert_uint_eq(out[last].pc, VT_AT(1));
            ck_assert_uint_eq(out[last].npc, VT_AT(0));
            delays++;
        } else {
            ck_assert_uint_eq(out[last].pc, VT_AT(0));
        }
        /* cur came back (and may have run one step already) */
        if (out[cur].valid) {
            uint64_t ran = steps_of(t, cur) - out[cur].steps;
            bool d;
            uint32_t npc, pc = vmm_vm_pc(t->vmm, cur, &d, &npc);
            ck_assert_uint_eq(pc, cpu_pc(t->cpu));
            ck_assert_uint_le(ran, 1);
            if (ran == 0) {
                ck_assert_uint_eq(pc, out[cur].pc);
                ck_assert(d == out[cur].delay);
                if (d)
                    ck_assert_uint_eq(npc, out[cur].npc);
            } else {
                ck_assert_uint_eq(pc, out[cur].delay ? out[cur].npc : VT_AT(1));
            }
            backs++;
        }
        last = cur;
    }
    ck_assert_uint_ge(delays, 4);
    ck_assert_uint_ge(backs, 4);
}
END_TEST

/* After a VM powers off (one VM, _i = 0; two, _i = 1), its PC is after the
 * store to the power device, whether or not it is the VM left in the CPU
 * (the last to halt). */
START_TEST(test_pc_after_halt)
{
    struct vt *t = vt_vmm_n(1 + (unsigned)_i, VMM_ASID_TAG, 10);
    h_emit(&C, enc_i(OP_ADDIU, R_S0, 0, 1));
    e_halt(&C, 0x77);                                    /* 1, 2: li; 3: lui; 4: sw */
    vt_image(t, -1u, &C, NULL);
    vt_run_halt(t, 1000);
    for (unsigned k = 0; k <= (unsigned)_i; k++) {
        bool delay = true;
        uint32_t pc = vmm_vm_pc(t->vmm, k, &delay, NULL);
        ck_assert_uint_eq(vt_status(t, k), 0x77);
        ck_assert_msg(pc == VT_AT(5) && !delay, "VM %u (%s) halted after the store at 0x%08x; "
                      "its PC reads 0x%08x%s, not 0x%08x", k,
                      k == vmm_current(t->vmm) ? "in the CPU" : "not in the CPU", VT_AT(4), pc,
                      delay ? " (delay slot)" : "", VT_AT(5));
    }
}
END_TEST

/* 0: addiu s0; 1: b 1; 2: nop; 3: addiu s1, 0x55; halt 0x77. */
static void e_set_pc_image(struct h_prog *p)
{
    h_emit(p, enc_i(OP_ADDIU, R_S0, R_S0, 1));
    e_self_loop(p);
    h_emit(p, enc_i(OP_ADDIU, R_S1, 0, 0x55));           /* 3 */
    e_halt(p, 0x77);
}

/* vmm_vm_set_pc on the VM in the CPU (_i = 0), on it stopped in a delay
 * slot (_i = 1: the branch target is forgotten), and before the first run
 * (_i = 2): execution continues there. */
START_TEST(test_set_pc)
{
    struct vt *t = vt_vmm();
    bool delay = true;
    uint32_t npc = 0;
    e_set_pc_image(&C);
    vt_image(t, 0, &C, NULL);
    if (_i < 2) {
        for (unsigned n = 0; n < 20; n++)
            step(t);
        step_to(t, 0, VT_AT(_i ? 2 : 1), 10);
        vmm_vm_pc(t->vmm, 0, &delay, NULL);
        ck_assert(delay == (_i == 1));
    }
    vmm_vm_set_pc(t->vmm, 0, VT_AT(3));
    ck_assert_uint_eq(vmm_vm_pc(t->vmm, 0, &delay, &npc), VT_AT(3));
    ck_assert(!delay);
    ck_assert_uint_eq(npc, VT_AT(4));
    vt_run_halt(t, 1000);
    ck_assert_uint_eq(vt_status(t, 0), 0x77);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S1), 0x55);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S0), (_i < 2 ? 1u : 0u));
}
END_TEST

/* Two VMs: VM 1 out of the CPU (it has run), VM 0 in it: both set. */
START_TEST(test_set_pc_two_vms)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 10);
    e_set_pc_image(&C);
    vt_image(t, -1u, &C, NULL);
    step_until_current(t, 1, 100);
    step_until_current(t, 0, 100);
    vmm_vm_set_pc(t->vmm, 1, VT_AT(3));
    vmm_vm_set_pc(t->vmm, 0, VT_AT(3));
    ck_assert_uint_eq(pc_of(t, 1), VT_AT(3));
    ck_assert_uint_eq(pc_of(t, 0), VT_AT(3));
    vt_run_halt(t, 1000);
    for (unsigned k = 0; k < 2; k++) {
        ck_assert_uint_eq(vt_status(t, k), 0x77);
        ck_assert_uint_eq(vmm_vm_reg(t->vmm, k, R_S1), 0x55);
    }
}
END_TEST

/* ---- the vCPU ------------------------------------------------------------------------------- */

static const unsigned cp0_shown[] = {
    CP0_INDEX, CP0_ENTRYLO, CP0_CONTEXT, CP0_WIRED, CP0_BADVADDR, CP0_ENTRYHI, CP0_COMPARE,
    CP0_STATUS, CP0_CAUSE, CP0_EPC, CP0_PRID, CP0_CONFIG, CP0_PTBR, CP0_INVVA,
};
#define NSHOWN (sizeof cp0_shown / sizeof cp0_shown[0])

/* vmm_vcp0 reads what the guest wrote, and what its own mfc0 then reads
 * (Count and Random: at that instruction); reading changes nothing. */
START_TEST(test_vcp0)
{
    struct vt *t = vt_vmm();
    uint32_t v1[32], v2[32];
    struct vmm_stats s1, s2;
    struct cpu_stats c1, c2;
    unsigned at;

    e_mtc0i(&C, CP0_ENTRYHI, 0x12345000u | 0x42);
    e_mtc0i(&C, CP0_EPC, 0xdeadbeefu);
    e_mtc0i(&C, CP0_COMPARE, 0x7fffffffu);
    e_mtc0i(&C, CP0_CONTEXT, 0xffffffffu);
    e_mtc0i(&C, CP0_WIRED, 5);                          /* mtc0 at 14 */
    e_mtc0i(&C, CP0_ENTRYLO, 0x6000u | ENTRYLO_V | ENTRYLO_D);
    e_mtc0i(&C, CP0_INDEX, 17);
    e_mtc0i(&C, CP0_PTBR, 0xcafe0000u);
    e_mtc0i(&C, CP0_STATUS, STATUS_IM | STATUS_EXL);
    at = h_emit(&C, enc_mfc0(R_S0, CP0_COUNT));          /* 27 */
    h_emit(&C, enc_mfc0(R_S1, CP0_RANDOM));
    for (unsigned i = 0; i < NSHOWN; i++)
        e_res_cp0(&C, cp0_shown[i], i);
    e_halt(&C, 0);
    vt_image(t, 0, &C, NULL);
    ck_assert_uint_eq(at, 27);

    ck_assert_uint_eq(vmm_vcp0(t->vmm, 0, CP0_STATUS), STATUS_BEV);     /* before the run */
    ck_assert_uint_eq(vmm_vcp0(t->vmm, 0, CP0_RANDOM), 63);
    step_to(t, 0, VT_AT(at), 200);

    s1 = vt_stats(t);
    c1 = h_stats(t->cpu);
    uint64_t steps = steps_of(t, 0);
    for (unsigned r = 0; r < 32; r++)
        v1[r] = vmm_vcp0(t->vmm, 0, r);
    for (unsigned r = 0; r < 32; r++)
        v2[r] = vmm_vcp0(t->vmm, 0, r);
    s2 = vt_stats(t);
    c2 = h_stats(t->cpu);
    for (unsigned r = 0; r < 32; r++)
        ck_assert_msg(v1[r] == v2[r], "CP0 %u read 0x%08x, then 0x%08x", r, v1[r], v2[r]);
    ck_assert_msg(!memcmp(&s1, &s2, sizeof s1), "reading the vCPU changed the VMM's statistics");
    ck_assert_msg(!memcmp(&c1, &c2, sizeof c1), "reading the vCPU changed the machine's");
    ck_assert_uint_eq(steps_of(t, 0), steps);
    ck_assert_uint_eq(pc_of(t, 0), VT_AT(at));

    ck_assert_uint_eq(v1[CP0_ENTRYHI], 0x12345042u);
    ck_assert_uint_eq(v1[CP0_EPC], 0xdeadbeefu);
    ck_assert_uint_eq(v1[CP0_COMPARE], 0x7fffffffu);
    ck_assert_uint_eq(v1[CP0_CONTEXT], 0xffe00000u);
    ck_assert_uint_eq(v1[CP0_WIRED], 5);
    ck_assert_uint_eq(v1[CP0_ENTRYLO], 0x6000u | ENTRYLO_V | ENTRYLO_D);
    ck_assert_uint_eq(v1[CP0_INDEX], 17);
    ck_assert_uint_eq(v1[CP0_PTBR], 0xcafe0000u);
    ck_assert_uint_eq(v1[CP0_STATUS], STATUS_IM | STATUS_EXL);
    ck_assert_uint_eq(v1[CP0_CAUSE], 0);
    ck_assert_uint_eq(v1[CP0_BADVADDR], 0);
    ck_assert_uint_eq(v1[CP0_PRID], PRID_TLBVISOR);
    ck_assert_uint_eq(v1[CP0_CONFIG], CONFIG_MT_TLB << CONFIG_MT_SHIFT);
    ck_assert_uint_eq(v1[CP0_COUNT], 27);
    ck_assert_uint_eq(v1[CP0_RANDOM], 63 - (27 - 14));
    ck_assert_uint_eq(v1[3], 0);                         /* unimplemented */

    /* the guest reads the same */
    vt_run_halt(t, 10000);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S0), v1[CP0_COUNT]);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S1), v1[CP0_RANDOM] - 1);   /* one step on */
    for (unsigned i = 0; i < NSHOWN; i++)
        ck_assert_msg(vt_res(t, 0, i) == v1[cp0_shown[i]], "CP0 %u: guest read 0x%08x, "
                      "vmm_vcp0 0x%08x", cp0_shown[i], vt_res(t, 0, i), v1[cp0_shown[i]]);
}
END_TEST

/* Two VMs: each one's vCPU, whichever is in the CPU (EPC written, Count =
 * its own instructions). */
START_TEST(test_vcp0_each_vm)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 10);
    e_mtc0i(&C, CP0_EPC, 0x1000u);
    e_alu_loop(&C);
    e_mtc0i(&C1, CP0_EPC, 0x2001u);
    e_alu_loop(&C1);
    vt_image(t, 0, &C, NULL);
    vt_image(t, 1, &C1, NULL);
    for (unsigned n = 0; n < 120; n++) {
        step(t);
        for (unsigned k = 0; k < 2; k++) {
            ck_assert_uint_eq(vmm_vcp0(t->vmm, k, CP0_COUNT), (uint32_t)steps_of(t, k));
            if (steps_of(t, k) >= 3)
                ck_assert_uint_eq(vmm_vcp0(t->vmm, k, CP0_EPC), (k ? 0x2001u : 0x1000u));
        }
    }
    ck_assert_uint_ge(vt_stats(t).world_switches, 4);
}
END_TEST

/* The guest's mode: kernel at boot; kernel with KSU = user while EXL is
 * set; user after the eret (_i = 0) or supervisor (_i = 1); kernel again
 * in its exception handler. */
START_TEST(test_vm_mode)
{
    struct vt *t = vt_vmm();
    unsigned eret;
    e_mode(&C, VT_SKIP, 0, 0);
    e_tlbwi(&C, 63, VT_USER_VA, VT_USER_PA | ENTRYLO_V | ENTRYLO_G);
    e_mtc0i(&C, CP0_STATUS, (_i ? 1u : 2u) << STATUS_KSU_SHIFT | STATUS_EXL);
    e_mtc0i(&C, CP0_EPC, VT_USER_VA);
    eret = h_emit(&C, enc_op(OP_ERET));
    h_emit(&U, enc_i(OP_ADDIU, R_S0, 0, 1));
    h_emit(&U, enc_syscall(0));
    e_self_loop(&U);
    vt_image(t, 0, &C, &U);

    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_KERNEL);
    step(t);
    step(t);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_KERNEL);
    step_to(t, 0, VT_AT(eret), 200);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_KERNEL);          /* EXL */
    step(t);
    ck_assert_uint_eq(pc_of(t, 0), VT_USER_VA);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), (_i ? CPU_SUPERVISOR : CPU_USER));
    step_to(t, 0, VEC_GENERAL, 10);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_KERNEL);
    step_to(t, 0, VT_USER_VA + 8, 300);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), (_i ? CPU_SUPERVISOR : CPU_USER));
}
END_TEST

/* ---- TLBs ----------------------------------------------------------------------------------- */

/* vmm_vtlb: the entries VM 0 wrote with tlbwi; VM 1's are untouched. */
START_TEST(test_vtlb)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 0);
    struct cpu_tlb_entry e;
    e_tlbwi(&C, 17, 0x7fffe000u | 0x42, 0xfffff000u | ENTRYLO_D | ENTRYLO_V | ENTRYLO_G);
    e_tlbwi(&C, 3, 0x00400000u | 7, 0x6000u | ENTRYLO_V);
    e_halt(&C, 0);
    e_halt(&C1, 0);
    vt_image(t, 0, &C, NULL);
    vt_image(t, 1, &C1, NULL);

    vmm_vtlb(t->vmm, 0, 17, &e);                         /* reset state */
    ck_assert_uint_eq(e.hi, KSEG0_BASE + (17u << 12));
    ck_assert_uint_eq(e.lo, 0);
    vt_run_halt(t, 10000);
    vmm_vtlb(t->vmm, 0, 17, &e);
    ck_assert_uint_eq(e.hi, 0x7fffe042u);
    ck_assert_uint_eq(e.lo, 0xfffff000u | ENTRYLO_D | ENTRYLO_V | ENTRYLO_G);
    vmm_vtlb(t->vmm, 0, 3, &e);
    ck_assert_uint_eq(e.hi, 0x00400007u);
    ck_assert_uint_eq(e.lo, 0x6000u | ENTRYLO_V);
    vmm_vtlb(t->vmm, 0, 18, &e);
    ck_assert_uint_eq(e.hi, KSEG0_BASE + (18u << 12));
    ck_assert_uint_eq(e.lo, 0);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        vmm_vtlb(t->vmm, 1, i, &e);
        ck_assert_uint_eq(e.hi, KSEG0_BASE + (i << 12));
        ck_assert_uint_eq(e.lo, 0);
    }
}
END_TEST

/* vmm_rtlb_owner after the guest (ASID 5) maps 0x00600000 -> PFN 6 in its
 * entry 9 and its user code touches it: one real entry for that page, VM 0's,
 * from entry 9, guest ASID 5, mapping the pmap's frame; the user code's
 * real entry is from entry 63; kseg0 fills have vidx -1 and the guest ASID
 * of their real ASID; empty entries are no one's. */
START_TEST(test_rtlb_owner)
{
    struct vt *t = vt_vmm();
    unsigned found9 = 0, found63 = 0, kseg = 0, empty = 0;
    e_tlbwi(&C, 9, 0x00600000u | 5, (6u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 63, VT_USER_VA | 5, VT_USER_PA | ENTRYLO_V);
    e_enter_user(&C, VT_USER_VA);
    h_li(&U, R_T0, 0x00600000u);
    h_emit(&U, enc_m(OP_LW, R_T1, 0x20, R_T0));
    h_emit(&U, enc_m(OP_SW, R_T1, 0x24, R_T0));
    e_self_loop(&U);
    vt_image(t, 0, &C, &U);
    ck_assert_uint_eq(vmm_run(t->vmm, 200), VMM_STOP_BUDGET);
    ck_assert_uint_ge(pc_of(t, 0), VT_USER_VA + 16);     /* in its loop */
    ck_assert_uint_eq(vt_rasid(t), 2);                   /* guest ASID 0: 1, 5: 2 */

    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        int vidx = 99, gasid = 99;
        int k = vmm_rtlb_owner(t->vmm, i, &vidx, &gasid);
        cpu_tlb_read(t->cpu, i, &e);
        if (!(e.lo & ENTRYLO_V)) {
            ck_assert_int_eq(k, -1);
            ck_assert_int_eq(vidx, -1);
            ck_assert_int_eq(gasid, -1);
            empty++;
            continue;
        }
        ck_assert_int_eq(k, 0);
        ck_assert_int_eq(vmm_mfn_owner(t->vmm, e.lo >> 12), 0);
        ck_assert_int_eq(gasid, ((e.hi & ENTRYHI_ASID) == 1 ? 0 : 5));
        if ((e.hi & ENTRYHI_VPN) == 0x00600000u) {
            ck_assert_int_eq(vidx, 9);
            ck_assert_int_eq(gasid, 5);
            ck_assert_uint_eq(e.lo >> 12, vmm_pmap(t->vmm, 0, 6));
            found9++;
        } else if ((e.hi & ENTRYHI_VPN) == VT_USER_VA) {
            ck_assert_int_eq(vidx, 63);
            ck_assert_int_eq(gasid, 5);
            found63++;
        } else {
            ck_assert_uint_ge(e.hi, KSEG0_BASE);
            ck_assert_uint_lt(e.hi, KSEG2_BASE);
            ck_assert_int_eq(vidx, -1);
            kseg++;
        }
    }
    ck_assert_uint_eq(found9, 1);
    ck_assert_uint_eq(found63, 1);
    ck_assert_uint_ge(kseg, 1);
    ck_assert_uint_ge(empty, 1);
    ck_assert_uint_eq(vt_r32(t, 0, 6 * 4096 + 0x24), vt_r32(t, 0, 6 * 4096 + 0x20));
}
END_TEST

/* Two VMs (VM 1 with guest ASID 3): every valid real entry is some VM's,
 * maps a frame that VM owns, and comes from its virtual entry of the same
 * page (or is a kseg fill). */
START_TEST(test_rtlb_owner_two_vms)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 25);
    unsigned per_vm[2] = { 0, 0 }, mapped[2] = { 0, 0 };
    for (unsigned k = 0; k < 2; k++) {
        struct h_prog *p = k ? &C1 : &C;
        unsigned loop;
        e_tlbwi(p, 9, 0x00600000u | (k ? 3 : 0), ((6u + k) << 12) | ENTRYLO_V | ENTRYLO_D);
        h_li(p, R_T0, 0x00600000u);
        h_li(p, R_T2, KSEG0_BASE + 0x7000);
        loop = h_emit(p, enc_m(OP_SW, R_S0, 0x10, R_T0));
        h_emit(p, enc_m(OP_SW, R_S0, 0x10, R_T2));
        h_emit(p, enc_i(OP_ADDIU, R_S0, R_S0, 1));
        h_emit(p, enc_b(OP_BEQ, 0, 0, h_off(p->n, loop)));
        h_emit(p, H_NOP);
    }
    vt_image(t, 0, &C, NULL);
    vt_image(t, 1, &C1, NULL);
    ck_assert_uint_eq(vmm_run(t->vmm, 500), VMM_STOP_BUDGET);
    ck_assert_uint_ge(vt_stats(t).world_switches, 4);

    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e, ve;
        int vidx, gasid;
        int k = vmm_rtlb_owner(t->vmm, i, &vidx, &gasid);
        cpu_tlb_read(t->cpu, i, &e);
        if (!(e.lo & ENTRYLO_V)) {
            ck_assert_int_eq(k, -1);
            continue;
        }
        ck_assert_msg(k == 0 || k == 1, "real entry %u: owner %d", i, k);
        ck_assert_int_eq(vmm_mfn_owner(t->vmm, e.lo >> 12), k);
        per_vm[k]++;
        if (k == 0)
            ck_assert_int_eq(gasid, 0);
        else
            ck_assert_msg(gasid == 0 || gasid == 3, "VM 1's entry %u: guest ASID %d", i, gasid);
        if (vidx < 0) {
            ck_assert_uint_ge(e.hi, KSEG0_BASE);
            ck_assert_uint_lt(e.hi, KSEG2_BASE);
            continue;
        }
        ck_assert_int_lt(vidx, CPU_TLB_SIZE);
        vmm_vtlb(t->vmm, (unsigned)k, (unsigned)vidx, &ve);
        ck_assert_uint_eq(ve.hi & ENTRYHI_VPN, e.hi & ENTRYHI_VPN);
        ck_assert_uint_eq(vmm_pmap(t->vmm, (unsigned)k, ve.lo >> 12), e.lo >> 12);
        ck_assert_int_eq(gasid, (int)(ve.hi & ENTRYHI_ASID));
        mapped[k]++;
    }
    for (unsigned k = 0; k < 2; k++) {
        ck_assert_uint_ge(per_vm[k], 2);
        ck_assert_uint_eq(mapped[k], 1);
    }
}
END_TEST

/* ---- vmm_translate -------------------------------------------------------------------------- */

static void xl(struct vt *t, uint32_t va, enum cpu_access acc, struct vmm_xlate *x,
               enum mmu_result want)
{
    memset(x, 0xa5, sizeof *x);
    enum mmu_result r = vmm_translate(t->vmm, 0, va, acc, x);
    ck_assert_msg(r == want && x->r == want, "vmm_translate(0x%08x, %d): %s (out %s), not %s", va,
                  (int)acc, mmu_result_name(r), mmu_result_name(x->r), mmu_result_name(want));
}
static uint32_t ma_of(struct vt *t, uint32_t gpa)
{
    return vmm_pmap(t->vmm, 0, gpa / 4096) * 4096 + (gpa & 0xfff);
}

/* Guest entries: 9 RW, 10 read-only, 11 invalid, 12 beyond memory, 13 a
 * device page, 14 another ASID, 15 kseg2, 16 global of another ASID; then
 * ASID 5, and a store through entry 9. */
static void e_xlate_entries(struct h_prog *p)
{
    e_tlbwi(p, 9, 0x00600000u | 5, (6u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(p, 10, 0x00601000u | 5, (7u << 12) | ENTRYLO_V);
    e_tlbwi(p, 11, 0x00602000u | 5, (8u << 12) | ENTRYLO_D);
    e_tlbwi(p, 12, 0x00603000u | 5, (0x100u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(p, 13, 0x00604000u | 5, DEV_BASE | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(p, 14, 0x00605000u | 7, (9u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(p, 15, 0xc0000000u | 5, (10u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(p, 16, 0x00606000u | 7, (11u << 12) | ENTRYLO_V | ENTRYLO_D | ENTRYLO_G);
    e_tlbwi(p, 63, VT_USER_VA, VT_USER_PA | ENTRYLO_V | ENTRYLO_G);
    e_mtc0i(p, CP0_ENTRYHI, 5);
    h_li(p, R_T0, 0x00600abcu);
    h_li(p, R_T1, 0x5a5a1234u);
    h_emit(p, enc_m(OP_SW, R_T1, 0, R_T0));
}

/* In guest kernel mode. */
START_TEST(test_translate_kernel)
{
    struct vt *t = vt_vmm();
    struct vmm_xlate x;
    unsigned loop;
    uint8_t b[4];
    e_xlate_entries(&C);
    loop = e_self_loop(&C);
    vt_image(t, 0, &C, NULL);
    step_to(t, 0, VT_AT(loop), 500);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_KERNEL);
    struct vmm_stats s1 = vt_stats(t);

    /* kseg0, kseg1: unmapped, PA = VA - base, through the pmap */
    xl(t, 0x80004010u, CPU_LOAD, &x, MMU_OK);
    ck_assert(!x.mapped);
    ck_assert_int_eq(x.vidx, -1);
    ck_assert(!x.device);
    ck_assert_uint_eq(x.gpa, 0x4010u);
    ck_assert_uint_eq(x.ma, ma_of(t, 0x4010u));
    ck_assert_uint_eq(x.asid, 5);
    xl(t, 0xa0004010u, CPU_STORE, &x, MMU_OK);
    ck_assert(!x.mapped);
    ck_assert_uint_eq(x.gpa, 0x4010u);
    ck_assert_uint_eq(x.ma, ma_of(t, 0x4010u));
    xl(t, VT_CODE_VA, CPU_FETCH, &x, MMU_OK);
    ck_assert_uint_eq(x.ma, ma_of(t, VT_CODE_PA));
    /* the machine address really holds the guest's memory */
    ck_assert_int_eq(cpu_phys_read(t->cpu, x.ma, b, 4), 0);
    ck_assert_uint_eq((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                      (uint32_t)b[3] << 24, C.w[0]);
    /* the devices, and beyond the VM's memory */
    xl(t, 0xbfd00000u, CPU_LOAD, &x, MMU_OK);
    ck_assert(x.device);
    ck_assert(!x.mapped);
    ck_assert_uint_eq(x.gpa, DEV_CONSOLE);
    xl(t, 0xbfd00010u, CPU_STORE, &x, MMU_OK);
    ck_assert(x.device);
    ck_assert_uint_eq(x.gpa, DEV_POWER);
    xl(t, 0x80010000u, CPU_LOAD, &x, MMU_BUS_ERROR);
    ck_assert_uint_eq(x.gpa, 0x10000u);

    /* kuseg through the guest's TLB */
    xl(t, 0x00600abcu, CPU_LOAD, &x, MMU_OK);
    ck_assert(x.mapped);
    ck_assert(!x.device);
    ck_assert_int_eq(x.vidx, 9);
    ck_assert_uint_eq(x.gpa, 0x6abcu);
    ck_assert_uint_eq(x.ma, ma_of(t, 0x6abcu));
    ck_assert_uint_eq(x.asid, 5);
    ck_assert_int_eq(cpu_phys_read(t->cpu, x.ma, b, 4), 0);      /* the guest's store */
    ck_assert_uint_eq((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                      (uint32_t)b[3] << 24, 0x5a5a1234u);
    xl(t, 0x00600abcu, CPU_STORE, &x, MMU_OK);
    ck_assert_uint_eq(x.ma, ma_of(t, 0x6abcu));
    xl(t, 0x00601008u, CPU_LOAD, &x, MMU_OK);
    ck_assert_int_eq(x.vidx, 10);
    ck_assert_uint_eq(x.gpa, 0x7008u);
    ck_assert_uint_eq(x.ma, ma_of(t, 0x7008u));
    xl(t, 0x00601008u, CPU_FETCH, &x, MMU_OK);
    xl(t, 0x00601008u, CPU_STORE, &x, MMU_TLB_MOD);
    ck_assert(x.mapped);
    ck_assert_int_eq(x.vidx, 10);
    xl(t, 0x00602000u, CPU_LOAD, &x, MMU_TLB_INVALID);
    ck_assert(x.mapped);
    ck_assert_int_eq(x.vidx, 11);
    xl(t, 0x00602000u, CPU_STORE, &x, MMU_TLB_INVALID);
    xl(t, 0x00603004u, CPU_LOAD, &x, MMU_BUS_ERROR);
    ck_assert_int_eq(x.vidx, 12);
    ck_assert_uint_eq(x.gpa, 0x100004u);
    xl(t, 0x00604008u, CPU_LOAD, &x, MMU_OK);
    ck_assert(x.device);
    ck_assert(x.mapped);
    ck_assert_int_eq(x.vidx, 13);
    ck_assert_uint_eq(x.gpa, DEV_CONSOLE + CONSOLE_CTRL);
    xl(t, 0x00605000u, CPU_LOAD, &x, MMU_TLB_REFILL);          /* ASID 7's */
    ck_assert(x.mapped);
    ck_assert_int_eq(x.vidx, -1);
    ck_assert_uint_eq(x.asid, 5);
    xl(t, 0x00607000u, CPU_STORE, &x, MMU_TLB_REFILL);         /* no entry */
    ck_assert_int_eq(x.vidx, -1);
    xl(t, 0x00606010u, CPU_LOAD, &x, MMU_OK);                  /* global */
    ck_assert_int_eq(x.vidx, 16);
    ck_assert_uint_eq(x.gpa, 0xb010u);
    xl(t, 0xc0000123u, CPU_LOAD, &x, MMU_OK);                  /* kseg2: mapped */
    ck_assert(x.mapped);
    ck_assert_int_eq(x.vidx, 15);
    ck_assert_uint_eq(x.gpa, 0xa123u);
    ck_assert_uint_eq(x.ma, ma_of(t, 0xa123u));
    xl(t, 0xc0001000u, CPU_LOAD, &x, MMU_TLB_REFILL);

    struct vmm_stats s2 = vt_stats(t);
    ck_assert(!memcmp(&s1, &s2, sizeof s1));
    ck_assert_uint_eq(vmm_vcp0(t->vmm, 0, CP0_ENTRYHI), 5);
}
END_TEST

/* In guest user mode: kseg0, kseg1 and kseg2 are address errors; kuseg as
 * in kernel mode. */
START_TEST(test_translate_user)
{
    struct vt *t = vt_vmm();
    struct vmm_xlate x;
    e_xlate_entries(&C);
    e_enter_user(&C, VT_USER_VA);
    e_self_loop(&U);
    vt_image(t, 0, &C, &U);
    step_to(t, 0, VT_USER_VA, 500);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_USER);

    xl(t, 0x80004000u, CPU_LOAD, &x, MMU_ADDRESS_ERROR);
    ck_assert(!x.device);
    xl(t, 0x80004000u, CPU_FETCH, &x, MMU_ADDRESS_ERROR);
    xl(t, 0xa0004000u, CPU_STORE, &x, MMU_ADDRESS_ERROR);
    xl(t, 0xbfd00000u, CPU_LOAD, &x, MMU_ADDRESS_ERROR);
    ck_assert(!x.device);
    xl(t, 0xc0000123u, CPU_LOAD, &x, MMU_ADDRESS_ERROR);
    xl(t, 0x00600abcu, CPU_LOAD, &x, MMU_OK);
    ck_assert_int_eq(x.vidx, 9);
    ck_assert_uint_eq(x.ma, ma_of(t, 0x6abcu));
    xl(t, VT_USER_VA + 4, CPU_FETCH, &x, MMU_OK);
    ck_assert_int_eq(x.vidx, 63);
    ck_assert_uint_eq(x.gpa, VT_USER_PA + 4);
    xl(t, 0x00601000u, CPU_STORE, &x, MMU_TLB_MOD);
    xl(t, 0x00607000u, CPU_LOAD, &x, MMU_TLB_REFILL);
}
END_TEST

/* In guest supervisor mode the machine maps every segment through the TLB
 * (docs/isa.md, "Privilege and segments"): the guest's stores through its
 * entries for 0x80100000 (kseg0) and 0xe0000000 reach PFNs 6 and 7, and
 * vmm_translate must say so ("as its guest sees it now").  (Not 0x80008000:
 * the guest's reset entry 8, V = 0, holds that page.) */
START_TEST(test_translate_supervisor)
{
    struct vt *t = vt_vmm();
    struct vmm_xlate x;
    unsigned loop;
    e_tlbwi(&C, 20, 0x80100000u, (6u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 21, 0xe0000000u, (7u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 22, 0xc0000000u, (8u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 63, VT_USER_VA, VT_USER_PA | ENTRYLO_V | ENTRYLO_G);
    e_mtc0i(&C, CP0_STATUS, 1u << STATUS_KSU_SHIFT | STATUS_EXL);
    e_mtc0i(&C, CP0_EPC, VT_USER_VA);
    h_emit(&C, enc_op(OP_ERET));
    h_li(&U, R_T0, 0x80100000u);
    h_li(&U, R_T1, 0x600du);
    h_emit(&U, enc_m(OP_SW, R_T1, 0x30, R_T0));
    h_li(&U, R_T2, 0xe0000000u);
    h_emit(&U, enc_m(OP_SW, R_T1, 0x34, R_T2));
    h_li(&U, R_T3, 0xc0000000u);
    h_emit(&U, enc_m(OP_SW, R_T1, 0x38, R_T3));
    loop = e_self_loop(&U);
    vt_image(t, 0, &C, &U);
    step_to(t, 0, VT_USER_VA + 4 * loop, 500);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_SUPERVISOR);
    ck_assert_uint_eq(vt_nexc(t, 0), 0);
    ck_assert_uint_eq(vt_r32(t, 0, 6 * 4096 + 0x30), 0x600du);  /* the machine mapped them */
    ck_assert_uint_eq(vt_r32(t, 0, 7 * 4096 + 0x34), 0x600du);
    ck_assert_uint_eq(vt_r32(t, 0, 8 * 4096 + 0x38), 0x600du);

    xl(t, 0xc0000038u, CPU_STORE, &x, MMU_OK);
    ck_assert_int_eq(x.vidx, 22);
    xl(t, VT_USER_VA, CPU_FETCH, &x, MMU_OK);
    ck_assert_int_eq(x.vidx, 63);
    xl(t, 0x80100030u, CPU_STORE, &x, MMU_OK);
    ck_assert(x.mapped);
    ck_assert_int_eq(x.vidx, 20);
    ck_assert_uint_eq(x.gpa, 0x6030u);
    ck_assert_uint_eq(x.ma, ma_of(t, 0x6030u));
    xl(t, 0xe0000034u, CPU_STORE, &x, MMU_OK);
    ck_assert(x.mapped);
    ck_assert_int_eq(x.vidx, 21);
    ck_assert_uint_eq(x.gpa, 0x7034u);
    xl(t, 0x80200000u, CPU_LOAD, &x, MMU_TLB_REFILL);           /* no entry: a miss */
    xl(t, 0x80004000u, CPU_LOAD, &x, MMU_TLB_INVALID);          /* reset entry 4 */
    ck_assert_int_eq(x.vidx, 4);
}
END_TEST

/* ---- machine frames ------------------------------------------------------------------------- */

/* Each VM owns the frames of its pmap (where its memory really is), the two
 * VMs' frames differ, a fixed pmap entry's frame is its VM's, and frames of
 * no VM or beyond the machine's memory are no one's. */
START_TEST(test_mfn_owner)
{
    static const struct vmm_pmap_entry fixed[] = { { 1, 3, 0 } };
    struct vmm_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.nvms = 2;
    cfg.guest_mem = VT_GUEST_MEM;
    cfg.check = true;
    cfg.pmap = fixed;
    cfg.npmap = 1;
    struct vt *t = vt_vmm_cfg(&cfg, NULL);
    uint32_t frames = cpu_mem_size(t->cpu) / 4096, npages = VT_GUEST_MEM / 4096;
    int owned[2] = { 0, 0 }, none = 0;

    ck_assert_uint_eq(vmm_pmap(t->vmm, 1, 3), 0);
    ck_assert_int_eq(vmm_mfn_owner(t->vmm, 0), 1);
    for (unsigned k = 0; k < 2; k++)
        for (uint32_t p = 0; p < npages; p++) {
            uint32_t m = vmm_pmap(t->vmm, k, p);
            ck_assert_uint_lt(m, frames);
            ck_assert_int_eq(vmm_mfn_owner(t->vmm, m), (int)k);
            ck_assert_uint_ne(m, vmm_pmap(t->vmm, 1 - k, p));
            if (p == 2 || p == 3 || p == npages - 1)
                ck_assert_uint_eq(vt_mfn(t, k, p), m);
        }
    for (uint32_t f = 0; f < frames; f++) {
        int o = vmm_mfn_owner(t->vmm, f);
        ck_assert_int_ge(o, -1);
        ck_assert_int_le(o, 1);
        if (o < 0)
            none++;
        else
            owned[o]++;
    }
    ck_assert_int_eq(owned[0], (int)npages);
    ck_assert_int_eq(owned[1], (int)npages);
    ck_assert_int_eq(none, (int)(frames - 2 * npages));
    ck_assert_int_eq(vmm_mfn_owner(t->vmm, frames), -1);
    ck_assert_int_eq(vmm_mfn_owner(t->vmm, frames + 12345), -1);
    ck_assert_int_eq(vmm_mfn_owner(t->vmm, 0xfffffu), -1);
    ck_assert_int_eq(vmm_mfn_owner(t->vmm, 0xffffffffu), -1);
}
END_TEST

/* ---- breakpoints ---------------------------------------------------------------------------- */

/* Ten addiu s<i>, then halt. */
static void e_straight(struct h_prog *p)
{
    for (unsigned i = 0; i < 8; i++)
        h_emit(p, enc_i(OP_ADDIU, R_S0 + i, 0, 0x10 + i));
    h_emit(p, enc_i(OP_ADDIU, R_T0, 0, 1));
    h_emit(p, enc_i(OP_ADDIU, R_T1, 0, 2));
}

/* A breakpoint in guest kernel code (_i = 0) or user code (_i = 1): the run
 * stops before it, with the VM's PC there; "continue" (the default
 * skip-first) goes on from it. */
START_TEST(test_break_stops)
{
    struct vt *t = vt_vmm();
    uint32_t bp = _i ? VT_USER_VA + 20 : VT_AT(5);
    bool delay = true;
    if (_i) {
        e_user(&C);
        e_straight(&U);
        h_emit(&U, enc_syscall(0));
    } else {
        e_straight(&C);
        e_halt(&C, 0x42);
    }
    vt_image(t, 0, &C, _i ? &U : NULL);
    ck_assert_int_eq(cpu_break_add(t->cpu, bp), 0);
    ck_assert_int_eq(vmm_run(t->vmm, 10000), VMM_STOP_BREAK);
    ck_assert_uint_eq(vmm_vm_pc(t->vmm, 0, &delay, NULL), bp);
    ck_assert(!delay);
    ck_assert_uint_eq(vmm_current(t->vmm), 0);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), (_i ? CPU_USER : CPU_KERNEL));
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S4), 0x14);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S5), 0);           /* not yet */
    if (!_i)
        ck_assert_uint_eq(steps_of(t, 0), 5);
    vt_run_halt(t, 10000);
    ck_assert_uint_eq(vt_status(t, 0), (_i ? 0x100u | EXC_SYS : 0x42u));
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S5), 0x15);
}
END_TEST

/* With skip-first off, a breakpoint on the instruction a run starts at is
 * hit: the VM's first instruction (_i = 0), the instruction after an
 * emulated mtc0 that ended the previous run's budget (_i = 1), the
 * instruction after a hidden fill's retry that did (_i = 2). */
START_TEST(test_break_no_skip_first_run_start)
{
    struct vt *t = vt_vmm();
    unsigned at;
    e_mtc0i(&C, CP0_EPC, 0x1234u);                      /* 0, 1, 2: mtc0 */
    h_li(&C, R_T0, KSEG0_BASE + 0x6000);                /* 3, 4 */
    at = h_emit(&C, enc_m(OP_LW, R_T1, 0, R_T0));        /* 5: a hidden fill */
    h_emit(&C, enc_i(OP_ADDIU, R_S0, 0, 1));             /* 6 */
    e_halt(&C, 0x42);
    vt_image(t, 0, &C, NULL);
    cpu_break_skip_first(t->cpu, false);

    uint32_t bp = _i == 0 ? VT_AT(0) : _i == 1 ? VT_AT(3) : VT_AT(6);
    if (_i == 1)
        step_to(t, 0, VT_AT(2), 10);
    if (_i == 2)
        step_to(t, 0, VT_AT(at), 10);
    ck_assert_int_eq(cpu_break_add(t->cpu, bp), 0);
    if (_i == 1) {
        step(t);                                         /* mtc0: emulated */
        ck_assert_uint_eq(pc_of(t, 0), bp);
    }
    if (_i == 2) {
        step(t);                                         /* the fill */
        ck_assert_uint_eq(pc_of(t, 0), VT_AT(at));
        step(t);                                         /* the load */
        ck_assert_uint_eq(pc_of(t, 0), bp);
    }
    uint64_t s = steps_of(t, 0);
    ck_assert_int_eq(vmm_run(t->vmm, 10000), VMM_STOP_BREAK);
    ck_assert_uint_eq(pc_of(t, 0), bp);
    ck_assert_uint_eq(steps_of(t, 0), s);
    /* again: it stays there */
    ck_assert_int_eq(vmm_run(t->vmm, 10000), VMM_STOP_BREAK);
    ck_assert_uint_eq(pc_of(t, 0), bp);
    /* the debugger steps off it itself */
    ck_assert_int_eq(cpu_break_del(t->cpu, bp), 0);
    vt_run_halt(t, 10000);
    ck_assert_uint_eq(vt_status(t, 0), 0x42);
}
END_TEST

/* With skip-first off, a breakpoint where a trap handled inside vmm_run
 * resumes the guest: the instruction after an emulated mtc0 (_i = 0), the
 * general vector after a reflected syscall (_i = 1). */
START_TEST(test_break_after_trap)
{
    struct vt *t = vt_vmm();
    uint32_t bp;
    if (_i == 0) {
        h_emit(&C, enc_i(OP_ADDIU, R_S0, 0, 1));
        e_mtc0i(&C, CP0_EPC, 0x1234u);                  /* 1, 2, 3: mtc0 */
        h_emit(&C, enc_i(OP_ADDIU, R_S1, 0, 1));         /* 4 */
        e_halt(&C, 0x42);
        bp = VT_AT(4);
    } else {
        e_mode(&C, VT_SKIP, 0, 0);
        e_user(&C);
        h_emit(&U, enc_i(OP_ADDIU, R_S0, 0, 1));
        h_emit(&U, enc_syscall(0));
        e_self_loop(&U);
        bp = VEC_GENERAL;
    }
    vt_image(t, 0, &C, &U);
    cpu_break_skip_first(t->cpu, false);
    ck_assert_int_eq(cpu_break_add(t->cpu, bp), 0);
    step(t);                                             /* off the start */
    ck_assert_int_eq(vmm_run(t->vmm, 10000), VMM_STOP_BREAK);
    ck_assert_uint_eq(pc_of(t, 0), bp);
    if (_i == 0) {
        ck_assert_uint_eq(vmm_vcp0(t->vmm, 0, CP0_EPC), 0x1234u);
        ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S1), 0);
        ck_assert_uint_eq(steps_of(t, 0), 4);
    } else {
        ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_KERNEL);
        ck_assert_uint_eq(vmm_vcp0(t->vmm, 0, CP0_EPC), VT_USER_VA + 4);
        ck_assert_uint_eq(vmm_vcp0(t->vmm, 0, CP0_CAUSE) & CAUSE_EXC, EXC_SYS << CAUSE_EXC_SHIFT);
    }
}
END_TEST

/* With skip-first off, a breakpoint on the instruction the guest's eret
 * returns to after a user TLB miss it handled (the recorder skips the
 * load): hit, without the trace (_i = 0) and with it (_i = 1), where the
 * VMM runs that instruction alone to watch the retry. */
START_TEST(test_break_after_eret)
{
    struct vt *t = vt_vmm();
    unsigned events = 0;
    e_mode(&C, VT_SKIP, 0, 0);
    e_user(&C);
    h_li(&U, R_T0, 0x00600000u);
    h_emit(&U, enc_m(OP_LW, R_T1, 0, R_T0));             /* 2: a miss, skipped */
    h_emit(&U, enc_i(OP_ADDIU, R_S0, 0, 1));             /* 3: eret returns here */
    e_self_loop(&U);
    vt_image(t, 0, &C, &U);
    if (_i)
        vmm_set_trace(t->vmm, count_events, &events);
    cpu_break_skip_first(t->cpu, false);
    ck_assert_int_eq(cpu_break_add(t->cpu, VT_USER_VA + 12), 0);
    ck_assert_int_eq(vmm_run(t->vmm, 10000), VMM_STOP_BREAK);
    ck_assert_uint_eq(pc_of(t, 0), VT_USER_VA + 12);
    ck_assert_int_eq(vmm_vm_mode(t->vmm, 0), CPU_USER);
    ck_assert_uint_eq(vmm_vm_reg(t->vmm, 0, R_S0), 0);
    ck_assert_uint_eq(vt_nexc(t, 0), 1);
    ck_assert_uint_eq(vt_rec(t, 0, 1, RF_CAUSE), EXC_TLBL << CAUSE_EXC_SHIFT);
    ck_assert(_i ? events > 0 : events == 0);
}
END_TEST

/* Two VMs on the same loop, a breakpoint at its head, skip-first off: every
 * arrival of either VM there is reported, world switches or not -- when VM
 * k stops there, its s0 (the loop's count) equals the number of its stops
 * so far.  The debugger continues with runs of 1000 steps (_i = 0..2) or
 * of one step (_i = 3..5, so that runs also start where a quantum ended:
 * with a quantum of 8, a multiple of the loop, both VMs are switched at the
 * breakpoint); it steps off by taking the breakpoint away for one guest
 * step. */
START_TEST(test_break_every_arrival_two_vms)
{
    struct vt *t = vt_vmm_n(2, VMM_ASID_TAG, 7 + (uint64_t)(_i % 3));
    uint64_t budget = _i < 3 ? 1000 : 1;
    unsigned hits[2] = { 0, 0 };
    e_alu_loop(&C);
    vt_image(t, -1u, &C, NULL);
    cpu_break_skip_first(t->cpu, false);
    ck_assert_int_eq(cpu_break_add(t->cpu, VT_AT(0)), 0);
    for (unsigned n = 0; n < 80; n++) {
        enum vmm_stop r;
        unsigned runs = 0;
        while ((r = vmm_run(t->vmm, budget)) == VMM_STOP_BUDGET && budget == 1)
            ck_assert_uint_lt(++runs, 100);
        ck_assert_int_eq(r, VMM_STOP_BREAK);
        unsigned k = vmm_current(t->vmm);
        ck_assert_uint_eq(pc_of(t, k), VT_AT(0));
        ck_assert_msg(vmm_vm_reg(t->vmm, k, R_S0) == hits[k],
                      "VM %u stopped at the breakpoint after %u iterations, but only %u "
                      "stops were reported", k, vmm_vm_reg(t->vmm, k, R_S0), hits[k]);
        hits[k]++;
        uint64_t s = steps_of(t, k);
        ck_assert_int_eq(cpu_break_del(t->cpu, VT_AT(0)), 0);
        for (unsigned i = 0; i < 4 && steps_of(t, k) == s; i++) {
            step(t);
            ck_assert_uint_eq(vmm_current(t->vmm), k);
        }
        ck_assert_uint_eq(steps_of(t, k), s + 1);
        ck_assert_int_eq(cpu_break_add(t->cpu, VT_AT(0)), 0);
    }
    ck_assert_uint_ge(hits[0], 10);
    ck_assert_uint_ge(hits[1], 10);
    ck_assert_uint_ge(vt_stats(t).world_switches, 10);
}
END_TEST

/* ---- looking changes nothing ------------------------------------------------------------------ */

/* Everything the debugger can look at, of every VM. */
static void look_at_everything(struct vt *t)
{
    struct vmm *m = t->vmm;
    volatile uint64_t sink = vmm_current(m);
    for (unsigned k = 0; k < vmm_nvms(m); k++) {
        bool delay;
        uint32_t npc;
        struct cpu_tlb_entry e;
        struct vmm_xlate x;
        static const uint32_t vas[] = { 0, VT_USER_VA, VT_USER_VA + 0x1000, KSEG0_BASE,
                                        VT_CODE_VA, 0xbfd00000u, 0xc0000000u, 0x80010000u };
        sink += vmm_vm_steps(m, k);
        for (unsigned r = 0; r < 32; r++)
            sink += vmm_vm_reg(m, k, r) + vmm_vcp0(m, k, r);
        sink += vmm_vm_hi(m, k) + vmm_vm_lo(m, k) + vmm_vm_pc(m, k, &delay, &npc) + npc + delay;
        sink += vmm_vm_mode(m, k);
        for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
            vmm_vtlb(m, k, i, &e);
            sink += e.hi;
        }
        for (unsigned i = 0; i < sizeof vas / sizeof vas[0]; i++)
            for (unsigned a = CPU_FETCH; a <= CPU_STORE; a++)
                sink += vmm_translate(m, k, vas[i], (enum cpu_access)a, &x) + x.ma;
    }
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        int vidx, gasid;
        sink += (uint64_t)(vmm_rtlb_owner(m, i, &vidx, &gasid) + vidx + gasid);
    }
    for (uint32_t f = 0; f < cpu_mem_size(t->cpu) / 4096 + 2; f++)
        sink += (uint64_t)vmm_mfn_owner(m, f);
    (void)sink;
}

/* Two VMs (quantum 37) in user mode with timer interrupts, TLB misses and
 * syscalls, stepped one machine step at a time to the halt, twice: looking at
 * everything after each step changes nothing the VMs do or the VMM counts. */
START_TEST(test_looking_changes_nothing)
{
    struct vt *t[2];
    uint64_t nsteps[2];
    e_mode(&C, VT_SKIP, 0, 9);                          /* halt at the 9th exception */
    e_tlbwi(&C, 63, VT_USER_VA, VT_USER_PA | ENTRYLO_V | ENTRYLO_G);
    e_mtc0i(&C, CP0_COUNT, 0);
    e_mtc0i(&C, CP0_COMPARE, 150);
    e_mtc0i(&C, CP0_STATUS, 2u << STATUS_KSU_SHIFT | STATUS_EXL | STATUS_IE |
                            1u << (STATUS_IM_SHIFT + IRQ_TIMER));
    e_mtc0i(&C, CP0_EPC, VT_USER_VA);
    h_emit(&C, enc_op(OP_ERET));
    h_emit(&U, enc_i(OP_ADDIU, R_S0, R_S0, 1));          /* L */
    h_emit(&U, enc_m(OP_LW, R_T0, 0x100, R_ZERO));       /* a miss */
    h_emit(&U, enc_syscall(0));
    h_emit(&U, enc_i(OP_ADDIU, R_S1, 0, 40));
    h_emit(&U, enc_i(OP_ADDIU, R_S1, R_S1, 0xffff));
    h_emit(&U, enc_b(OP_BNE, R_S1, 0, -2));
    h_emit(&U, enc_r(OP_ADDU, R_S2, R_S2, R_S0));
    h_emit(&U, enc_b(OP_BEQ, 0, 0, -8));                 /* to L */
    h_emit(&U, H_NOP);
    for (unsigned i = 0; i < 2; i++) {
        t[i] = vt_vmm_n(2, VMM_ASID_TAG, 37);
        vt_image(t[i], -1u, &C, &U);
        nsteps[i] = 0;
        for (;;) {
            if (i)
                look_at_everything(t[i]);
            enum vmm_stop s = vmm_run(t[i]->vmm, 1);
            if (s == VMM_STOP_HALT)
                break;
            ck_assert_msg(s == VMM_STOP_BUDGET, "stopped with %d: %s", (int)s,
                          vmm_error(t[i]->vmm));
            ck_assert_uint_lt(++nsteps[i], 20000);
        }
    }
    ck_assert_uint_eq(nsteps[0], nsteps[1]);
    struct vmm_stats s0 = vt_stats(t[0]), s1 = vt_stats(t[1]);
    ck_assert(!memcmp(&s0, &s1, sizeof s0));
    for (unsigned k = 0; k < 2; k++) {
        ck_assert_uint_eq(vt_status(t[0], k), vt_status(t[1], k));
        ck_assert_uint_eq(vt_nexc(t[0], k), 9);
        ck_assert_uint_ge(s0.vm[k].reflected[EXC_INT], 1);
        for (uint32_t a = VT_REC_PA; a < VT_REC_PA + 0x1000; a += 4)
            ck_assert_msg(vt_r32(t[0], k, a) == vt_r32(t[1], k, a),
                          "VM %u, record word 0x%x: 0x%08x, looked at: 0x%08x", k,
                          a - VT_REC_PA, vt_r32(t[0], k, a), vt_r32(t[1], k, a));
        for (unsigned r = 0; r < 32; r++)
            ck_assert_uint_eq(vmm_vm_reg(t[0]->vmm, k, r), vmm_vm_reg(t[1]->vmm, k, r));
    }
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------ */

static Suite *look_suite(void)
{
    Suite *s = suite_create("vmm_look");
    TCase *tc;

    tc = tcase_create("steps");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_current);
    tcase_add_test(tc, test_steps_alu_loop);
    tcase_add_test(tc, test_steps_hidden_fill);
    tcase_add_loop_test(tc, test_steps_reflected, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("registers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_regs_before_first_run, 0, 2);
    tcase_add_test(tc, test_regs_each_vm_across_switches);
    tcase_add_test(tc, test_set_regs_other_vm_after_run);
    tcase_add_loop_test(tc, test_set_reg_current_after_run, 0, 2);
    tcase_add_test(tc, test_set_hilo_current_after_run);
    tcase_add_test(tc, test_pc_delay_slot);
    tcase_add_test(tc, test_pc_delay_slot_other_vm);
    tcase_add_loop_test(tc, test_pc_after_halt, 0, 2);
    tcase_add_loop_test(tc, test_set_pc, 0, 3);
    tcase_add_test(tc, test_set_pc_two_vms);
    suite_add_tcase(s, tc);

    tc = tcase_create("vcpu");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_vcp0);
    tcase_add_test(tc, test_vcp0_each_vm);
    tcase_add_loop_test(tc, test_vm_mode, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("tlb");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_vtlb);
    tcase_add_test(tc, test_rtlb_owner);
    tcase_add_test(tc, test_rtlb_owner_two_vms);
    tcase_add_test(tc, test_translate_kernel);
    tcase_add_test(tc, test_translate_user);
    tcase_add_test(tc, test_translate_supervisor);
    tcase_add_test(tc, test_mfn_owner);
    suite_add_tcase(s, tc);

    tc = tcase_create("breakpoints");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_break_stops, 0, 2);
    tcase_add_loop_test(tc, test_break_no_skip_first_run_start, 0, 3);
    tcase_add_loop_test(tc, test_break_after_trap, 0, 2);
    tcase_add_loop_test(tc, test_break_after_eret, 0, 2);
    tcase_add_loop_test(tc, test_break_every_arrival_two_vms, 0, 6);
    suite_add_tcase(s, tc);

    tc = tcase_create("invisible");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_looking_changes_nothing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(look_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
