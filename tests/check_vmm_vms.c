/*
 * check_vmm_vms.c -- several VMs under one VMM: real ASIDs per (VM, guest
 * ASID), ASID rollover, the flush and tag policies, world switches every
 * quantum with each VM's registers, HI/LO, CP0 and virtual TLB preserved
 * (checked against the same program on the bare machine), isolation of
 * global entries and of equal guest addresses, tagged console output,
 * determinism, and vmm_new's checks.  Helpers: tests/check_vmm_harness.h.
 */
#include "tests/check_vmm_harness.h"

static struct h_prog C, U;

static void setup(void)
{
    vt_setup();
    memset(&C, 0, sizeof C);
    memset(&U, 0, sizeof U);
}
static void teardown(void) { vt_teardown(); }

/* A loop of 3n + 2 instructions that leaves reg = 0. */
static void e_spin(struct h_prog *p, unsigned reg, uint32_t n)
{
    unsigned at;
    h_li(p, reg, n);
    at = h_emit(p, enc_i(OP_ADDIU, reg, reg, 0xffff));
    h_emit(p, enc_b(OP_BNE, reg, 0, -2));
    h_emit(p, H_NOP);
    (void)at;
}

/* Frame owners: owner[mfn] = VM, -1 for none, from vt_mfn. */
static void owners(struct vt *t, int *owner, uint32_t frames)
{
    for (uint32_t f = 0; f < frames; f++)
        owner[f] = -1;
    for (unsigned k = 0; k < vt_nvms(t); k++)
        for (uint32_t p = 0; p < VT_GUEST_MEM / 4096; p++) {
            uint32_t m = vt_mfn(t, k, p);
            ck_assert_int_eq(owner[m], -1);
            owner[m] = (int)k;
        }
}

/* The test's own isolation check of the real TLB: the valid entries under
 * the current real ASID all map frames of one VM; with flush, no valid
 * entry has another ASID.  Returns that VM, or -1 if there are none. */
static int check_real_tlb(struct vt *t, const int *owner, bool flush)
{
    uint32_t rasid = vt_rasid(t);
    int vm = -1;
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(t->cpu, i, &e);
        if (!(e.lo & ENTRYLO_V))
            continue;
        ck_assert_msg(!(e.lo & ENTRYLO_G), "real entry %u is global", i);
        ck_assert_uint_lt(e.lo >> 12, cpu_mem_size(t->cpu) / 4096);
        ck_assert_msg(owner[e.lo >> 12] >= 0, "real entry %u maps a free frame", i);
        if ((e.hi & ENTRYHI_ASID) != rasid) {
            ck_assert_msg(!flush, "flush policy: entry %u of real ASID %u survived", i,
                          e.hi & ENTRYHI_ASID);
            continue;
        }
        if (vm < 0)
            vm = owner[e.lo >> 12];
        ck_assert_msg(owner[e.lo >> 12] == vm, "real ASID %u maps frames of VMs %d and %d",
                      rasid, vm, owner[e.lo >> 12]);
    }
    return vm;
}

/* ---- real ASIDs ------------------------------------------------------------------------------- */

/* Each (VM, guest ASID) pair has its own real ASID, allocated from 1 in the
 * order of first use: VM 0's ASIDs 0, 1, 2 get 1, 2, 3, VM 1's 4, 5, 6... */
START_TEST(test_asid_per_vm_and_asid)
{
    struct vt *v = vt_vmm_n(3, VMM_ASID_TAG, 0);
    for (unsigned g = 0; g < 3; g++)
        e_tlbwi(&C, g, (0x10000000u + (g << 12)) | g, ((5 + g) << 12) | ENTRYLO_V | ENTRYLO_D);
    e_mtc0i(&C, CP0_ENTRYHI, 0);
    e_halt(&C, 0);
    vt_image(v, -1u, &C, NULL);
    vt_run_halt(v, 100000);
    for (unsigned k = 0; k < 3; k++)
        for (unsigned g = 0; g < 3; g++) {
            uint32_t hi = (0x10000000u + (g << 12)) | (3 * k + g + 1);
            int r = vt_rtlb_find(v, hi);
            struct cpu_tlb_entry e;
            ck_assert_msg(r >= 0, "no real entry 0x%08x for VM %u ASID %u", hi, k, g);
            cpu_tlb_read(v->cpu, (unsigned)r, &e);
            ck_assert_uint_eq(e.lo, vt_mfn(v, k, 5 + g) << 12 | ENTRYLO_V | ENTRYLO_D);
        }
    struct vmm_stats st = vt_stats(v);
    ck_assert_uint_eq(st.asid_rollovers, 0);
    ck_assert_uint_eq(st.tlb_flushes, 0);
    ck_assert_uint_eq(st.world_switches, 2);
}
END_TEST

/* 255 real ASIDs: the 256th (VM, ASID) pair flushes the real TLB and starts
 * again at 1; the guest sees nothing (the same as the bare machine), and
 * its mappings come back through hidden refills. */
START_TEST(test_asid_rollover)
{
    unsigned loops = (unsigned)_i + 1, outer, inner;
    struct vt *v;
    e_tlbwi(&C, 8, 0x00600000u, (6u << 12) | ENTRYLO_V | ENTRYLO_D);    /* ASID 0 */
    h_li(&C, R_T0, 0x00600000u);
    h_li(&C, R_T1, 0xabc);
    h_emit(&C, enc_m(OP_SW, R_T1, 0, R_T0));
    h_li(&C, R_S1, loops);
    outer = C.n;
    h_li(&C, R_S0, 1);
    inner = h_emit(&C, enc_mtc0(R_S0, CP0_ENTRYHI));
    h_emit(&C, enc_i(OP_ADDIU, R_S0, R_S0, 1));
    h_emit(&C, enc_i(OP_SLTIU, R_T2, R_S0, 256));
    h_emit(&C, enc_b(OP_BNE, R_T2, 0, h_off(C.n, inner)));
    h_emit(&C, H_NOP);
    h_emit(&C, enc_i(OP_ADDIU, R_S1, R_S1, 0xffff));
    h_emit(&C, enc_b(OP_BNE, R_S1, 0, h_off(C.n, outer)));
    h_emit(&C, H_NOP);
    e_mtc0i(&C, CP0_ENTRYHI, 0);
    h_emit(&C, enc_m(OP_LW, R_S2, 0, R_T0));                 /* a hidden refill */
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S2), 0xabc);
    ck_assert_uint_eq(vt_nexc(v, 0), 0);
    struct vmm_stats st = vt_stats(v);
    /* loop 1: ASIDs 1..254 get 2..255, 255 rolls over and gets 1; then
     * ASID 0 gets 2.  Loop 2 (after the flush only 255 has one): 1..254 get
     * 2..255, 255 keeps 1, and ASID 0 rolls over again and gets 1. */
    ck_assert_uint_eq(st.asid_rollovers, loops);
    ck_assert_uint_eq(st.tlb_flushes, loops);
    ck_assert_uint_eq(vt_rasid(v), loops == 1 ? 2 : 1);
    ck_assert_int_ge(vt_rtlb_find(v, 0x00600000u | vt_rasid(v)), 0);
    ck_assert_uint_eq(vt_rtlb_count_vpn(v, 0x00600000u), 1);
    /* the code page is filled again under each new real ASID: at the start
     * (1), for ASIDs 1..255 (255), then loop 2: 1..254 and 255 again, whose
     * fill under real ASID 1 was evicted since (255); the code page under
     * ASID 0's new real ASID (1), the load (1). */
    ck_assert_uint_eq(st.vm[0].exits[EXIT_TLB_HIDDEN], loops == 1 ? 258 : 513);
}
END_TEST

/* ---- world switches ------------------------------------------------------------------------------ */

/* Each VM runs exactly quantum guest instructions per slice.  With n VMs of
 * N instructions each (N not a multiple of Q), every VM has ceil(N/Q)
 * slices and every slice but the very last ends in a switch. */
START_TEST(test_world_switch_every_quantum)
{
    static const unsigned nvms[] = { 2, 3, 8 };
    unsigned n = nvms[_i % 3];
    enum vmm_asid_policy pol = _i < 3 ? VMM_ASID_TAG : VMM_ASID_FLUSH;
    struct vt *v = vt_vmm_n(n, pol, 1000);
    e_spin(&C, R_S0, 831);                                   /* 2495 */
    e_halt(&C, 0);                                           /* 4: N = 2499 */
    vt_image(v, -1u, &C, NULL);
    vt_run_halt(v, 1000000);
    struct vmm_stats st = vt_stats(v);
    for (unsigned k = 0; k < n; k++) {
        ck_assert_uint_eq(st.vm[k].insns, 2499);
        ck_assert_uint_eq(st.vm[k].exits[EXIT_TIMER], 2);
        ck_assert(vmm_halted(v->vmm, k));
    }
    ck_assert_uint_eq(st.world_switches, 3 * n - 1);
    ck_assert_uint_eq(st.tlb_flushes, pol == VMM_ASID_FLUSH ? 3 * n - 1 : 0);
    /* tag: each VM filled its code page once; flush: once per slice */
    for (unsigned k = 0; k < n; k++)
        ck_assert_uint_eq(st.vm[k].hidden_fills, pol == VMM_ASID_FLUSH ? 3 : 1);
}
END_TEST

/* The program of VM k for test_state_preserved: distinct values in every
 * register, HI, LO, CP0 register and a virtual TLB entry; a spin through
 * many world switches; then a dump of everything to the results page. */
static uint32_t st_val(unsigned k, unsigned r) { return (k + 1) << 24 | r << 16 | 0xa5c3u; }

static void state_program(struct h_prog *p, unsigned k)
{
    memset(p, 0, sizeof *p);
    e_tlbwi(p, 30 + k, (0x00700000u + (k << 12)) | (0x40 + k),
            ((5 + k) << 12) | ENTRYLO_V | (k & 1 ? ENTRYLO_D : ENTRYLO_G));
    e_mtc0i(p, CP0_ENTRYHI, (0x00900000u + (k << 12)) | (k + 10));
    e_mtc0i(p, CP0_ENTRYLO, ((k + 3) << 12) | ENTRYLO_V);
    e_mtc0i(p, CP0_CONTEXT, (k + 1) << 21);
    e_mtc0i(p, CP0_INDEX, 20 + k);
    e_mtc0i(p, CP0_WIRED, k + 1);
    e_mtc0i(p, CP0_EPC, 0x1000 * k + 0x44);
    e_mtc0i(p, CP0_COMPARE, 0x70000000u + k);
    e_mtc0i(p, CP0_COUNT, 0x100 * k);
    e_mtc0i(p, CP0_STATUS, 0x100u << k);
    e_mtc0i(p, CP0_CAUSE, k & 3 ? (k & 3) << 8 : 0);
    e_mtc0i(p, CP0_PTBR, 0x11111111u * k);
    e_mtc0i(p, CP0_INVVA, 0x22220000u + k);
    h_li(p, R_T0, st_val(k, 32));
    h_emit(p, enc_r(OP_MTHI, 0, R_T0, 0));
    h_li(p, R_T0, st_val(k, 33));
    h_emit(p, enc_r(OP_MTLO, 0, R_T0, 0));
    for (unsigned r = 1; r < 32; r++)
        if (r != R_K1 && r != R_T9)
            h_li(p, r, st_val(k, r));
    h_li(p, R_K1, VT_RES_VA);
    e_spin(p, R_T9, 300 + 17 * k);
    for (unsigned r = 1; r < 32; r++)
        h_emit(p, enc_m(OP_SW, r, (int32_t)(4 * r), R_K1));
    h_emit(p, enc_r(OP_MFHI, R_T0, 0, 0));
    h_emit(p, enc_m(OP_SW, R_T0, 4 * 32, R_K1));
    h_emit(p, enc_r(OP_MFLO, R_T0, 0, 0));
    h_emit(p, enc_m(OP_SW, R_T0, 4 * 33, R_K1));
    for (unsigned r = 0; r < 32; r++) {
        h_emit(p, enc_mfc0(R_T0, r));
        h_emit(p, enc_m(OP_SW, R_T0, (int32_t)(4 * (40 + r)), R_K1));
    }
    for (unsigned i = 0; i < 2; i++) {                       /* tlbr 30+k, and 30+k+1 */
        h_li(p, R_T0, 30 + k + i);
        h_emit(p, enc_mtc0(R_T0, CP0_INDEX));
        h_emit(p, enc_op(OP_TLBR));
        h_emit(p, enc_mfc0(R_T0, CP0_ENTRYHI));
        h_emit(p, enc_m(OP_SW, R_T0, (int32_t)(4 * (80 + 2 * i)), R_K1));
        h_emit(p, enc_mfc0(R_T0, CP0_ENTRYLO));
        h_emit(p, enc_m(OP_SW, R_T0, (int32_t)(4 * (81 + 2 * i)), R_K1));
    }
    e_halt(p, k);
}

/* Registers, HI/LO, every CP0 register (Count and Random included) and the
 * virtual TLB of each VM survive world switches every few instructions:
 * each VM's dump equals the bare machine's run of the same program. */
START_TEST(test_state_preserved)
{
    static const uint64_t quanta[] = { 7, 37, 1000 };
    enum vmm_asid_policy pol = _i & 1 ? VMM_ASID_FLUSH : VMM_ASID_TAG;
    struct vt *v = vt_vmm_n(3, pol, quanta[_i / 2]);
    struct h_prog prog[3];

    for (unsigned k = 0; k < 3; k++) {
        state_program(&prog[k], k);
        vt_image(v, k, &prog[k], NULL);
    }
    vt_run_halt(v, 10000000);
    for (unsigned k = 0; k < 3; k++) {
        struct vt *b = vt_bare(NULL);
        vt_image(b, 0, &prog[k], NULL);
        vt_run_halt(b, 1000000);
        ck_assert_uint_eq(vmm_exit_status(v->vmm, k), k);
        ck_assert_uint_eq(vt_insns(v, k), vt_insns(b, 0));
        for (unsigned i = 0; i < 90; i++)
            ck_assert_msg(vt_res(v, k, i) == vt_res(b, 0, i),
                          "VM %u word %u: 0x%08x, bare 0x%08x", k, i, vt_res(v, k, i),
                          vt_res(b, 0, i));
        for (unsigned r = 1; r < 32; r++)
            if (r != R_K1 && r != R_T9 && r != R_T0)
                ck_assert_uint_eq(vt_res(v, k, r), st_val(k, r));
        ck_assert_uint_eq(vt_res(v, k, 32), st_val(k, 32));
        ck_assert_uint_eq(vt_res(v, k, 33), st_val(k, 33));
        ck_assert_uint_eq(vt_res(v, k, 40 + CP0_ENTRYHI), (0x00900000u + (k << 12)) | (k + 10));
        ck_assert_uint_eq(vt_res(v, k, 40 + CP0_PTBR), 0x11111111u * k);
        ck_assert_uint_eq(vt_res(v, k, 80), (0x00700000u + (k << 12)) | (0x40 + k));
    }
    struct vmm_stats st = vt_stats(v);
    ck_assert_uint_gt(st.world_switches, quanta[_i / 2] < 1000 ? 30 : 2);
}
END_TEST

/* ---- isolation ---------------------------------------------------------------------------------- */

/* A global entry of VM 0 never matches in VM 1: VM 1's access to the same
 * address is a TLB miss of its own (its virtual TLB has no entry). */
START_TEST(test_global_entry_stays_in_its_vm)
{
    enum vmm_asid_policy pol = _i ? VMM_ASID_FLUSH : VMM_ASID_TAG;
    struct vt *v = vt_vmm_n(2, pol, 20);
    struct h_prog c1;
    e_tlbwi(&C, 0, 0x00600000u | 7, (6u << 12) | ENTRYLO_V | ENTRYLO_D | ENTRYLO_G);
    h_li(&C, R_T0, 0x00600000u);
    h_li(&C, R_T1, 0xaaaa0000u);
    h_emit(&C, enc_m(OP_SW, R_T1, 0, R_T0));
    e_spin(&C, R_S0, 200);
    h_emit(&C, enc_m(OP_LW, R_S1, 0, R_T0));
    e_res(&C, R_S1, 0);
    e_halt(&C, 0);
    vt_image(v, 0, &C, NULL);
    memset(&c1, 0, sizeof c1);
    e_spin(&c1, R_S0, 50);                                   /* VM 0 has mapped by now */
    e_mtc0i(&c1, CP0_ENTRYHI, 7);
    h_li(&c1, R_T0, 0x00600000u);
    h_emit(&c1, enc_m(OP_LW, R_S1, 0, R_T0));                /* refill: halt 0x102 */
    e_halt(&c1, 0);
    vt_image(v, 1, &c1, NULL);
    vt_run_halt(v, 1000000);
    ck_assert_uint_eq(vmm_exit_status(v->vmm, 0), 0);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0xaaaa0000u);
    ck_assert_uint_eq(vmm_exit_status(v->vmm, 1), 0x100 | EXC_TLBL);
    ck_assert_uint_eq(vt_rec(v, 1, 1, RF_BADVA), 0x00600000u);
    ck_assert_uint_eq(vt_rec(v, 1, 1, RF_VEC), 0);
    ck_assert_uint_eq(vt_r32(v, 1, 6 * 4096), 0);
    ck_assert_uint_gt(vt_stats(v).world_switches, 4);
}
END_TEST

/* Three VMs map the same address with the same ASID to their frame 6 and
 * take turns writing and reading it: each sees only its own values; the
 * real TLB is checked between slices (the test's own isolation check). */
START_TEST(test_same_address_three_vms)
{
    enum vmm_asid_policy pol = _i ? VMM_ASID_FLUSH : VMM_ASID_TAG;
    struct vt *v = vt_vmm_n(3, pol, 13);
    uint32_t frames = cpu_mem_size(v->cpu) / 4096;
    int *owner = calloc(frames, sizeof *owner);
    unsigned loop, seen[3] = { 0 };
    enum vt_stop stop;

    ck_assert_ptr_nonnull(owner);
    for (unsigned k = 0; k < 3; k++) {
        struct h_prog p;
        memset(&p, 0, sizeof p);
        e_tlbwi(&p, 9, 0x00600000u, (6u << 12) | ENTRYLO_V | ENTRYLO_D);
        h_li(&p, R_T0, 0x00600000u);
        h_li(&p, R_S0, 100);
        h_li(&p, R_S2, 0);
        loop = h_emit(&p, enc_sh(OP_SLL, R_T1, R_S0, 4));
        h_emit(&p, enc_i(OP_ORI, R_T1, R_T1, k));
        h_emit(&p, enc_m(OP_SW, R_T1, 0, R_T0));
        h_emit(&p, H_NOP);
        h_emit(&p, H_NOP);
        h_emit(&p, enc_m(OP_LW, R_T2, 0, R_T0));
        h_emit(&p, enc_r(OP_XOR, R_T2, R_T2, R_T1));
        h_emit(&p, enc_r(OP_OR, R_S2, R_S2, R_T2));           /* any difference */
        h_emit(&p, enc_i(OP_ADDIU, R_S0, R_S0, 0xffff));
        h_emit(&p, enc_b(OP_BNE, R_S0, 0, h_off(p.n, loop)));
        h_emit(&p, H_NOP);
        e_halt_reg(&p, R_S2);
        vt_image(v, k, &p, NULL);
    }
    owners(v, owner, frames);
    while ((stop = vt_run(v, 5)) == VT_STOP_BUDGET) {
        int vm = check_real_tlb(v, owner, pol == VMM_ASID_FLUSH);
        if (vm >= 0)
            seen[vm]++;
    }
    ck_assert_int_eq(stop, VT_STOP_HALT);
    for (unsigned k = 0; k < 3; k++) {
        ck_assert_uint_eq(vmm_exit_status(v->vmm, k), 0);
        ck_assert_uint_eq(vt_r32(v, k, 6 * 4096), 1u << 4 | k);
        ck_assert_uint_gt(seen[k], 0);
    }
    free(owner);
}
END_TEST

/* ---- the console ---------------------------------------------------------------------------------- */

/* The LL bit is each VM's own.  Only VM 1 runs ll; every VM then spins
 * across world switches, runs sc, records what it wrote, and erets.  As on
 * the bare machine, VM 1's sc succeeds and the others' fail: VM 1's ll does
 * not let VM 0's sc succeed, and VM 0's eret does not clear VM 1's bit. */
START_TEST(test_llbit_per_vm)
{
    enum vmm_asid_policy pol = _i ? VMM_ASID_FLUSH : VMM_ASID_TAG;
    struct vt *v = vt_vmm_n(3, pol, 1000);
    struct h_prog prog[3];

    for (unsigned k = 0; k < 3; k++) {
        struct h_prog *p = &prog[k];
        unsigned li;
        memset(p, 0, sizeof *p);
        h_li(p, R_S0, VT_RES_VA);
        if (k == 1)
            h_emit(p, enc_m(OP_LL, R_T0, 0x100, R_S0));
        e_spin(p, R_S1, 500);
        h_li(p, R_T1, 77);
        h_emit(p, enc_m(OP_SC, R_T1, 0x100, R_S0));
        e_res(p, R_T1, 0);
        e_mtc0i(p, CP0_STATUS, STATUS_EXL);
        li = p->n;
        e_mtc0i(p, CP0_EPC, 0);
        h_emit(p, enc_op(OP_ERET));
        h_patch_li(p, li, R_T9, VT_AT(p->n));
        e_halt(p, 0);
        vt_image(v, k, p, NULL);
    }
    vt_run_halt(v, 1000000);
    ck_assert_uint_ge(vt_stats(v).world_switches, 5);
    for (unsigned k = 0; k < 3; k++) {
        ck_assert_uint_eq(vt_res(v, k, 0), k == 1 ? 1u : 0u);
        ck_assert_uint_eq(vt_res(v, k, 0x100 / 4), k == 1 ? 77 : 0);
    }
}
END_TEST

/* Each VM's output comes whole line by line, tagged "[vmK] ", however the
 * slices cut the lines; a last line without a newline gets one at the halt. */
START_TEST(test_output_tagged)
{
    struct vt *v = vt_vmm_n(3, VMM_ASID_TAG, 11);
    static const char *const text[3] = { "zero\nnought\n", "one\nuno\nlast", "two\n" };
    for (unsigned k = 0; k < 3; k++) {
        struct h_prog p;
        memset(&p, 0, sizeof p);
        h_li(&p, R_S0, H_CON_VA);
        for (const char *c = text[k]; *c; c++) {
            h_emit(&p, enc_i(OP_ADDIU, R_T0, 0, (uint8_t)*c));
            h_emit(&p, enc_m(OP_SB, R_T0, 0, R_S0));
            h_emit(&p, H_NOP);
        }
        e_halt(&p, 0);
        vt_image(v, k, &p, NULL);
    }
    vt_run_halt(v, 100000);
    /* Exact: a model of the scheduler (slices of 11 guest instructions,
     * checked at the real timer, so a slice whose 11th instruction is an
     * emulated sb runs one more) gives this order. */
    ck_assert_str_eq(v->con.out,
                     "[vm0] zero\n[vm1] one\n[vm2] two\n[vm1] uno\n[vm0] nought\n[vm1] last\n");
}
END_TEST

/* One VM: no tags, no buffering, no added newline. */
START_TEST(test_output_one_vm_untagged)
{
    struct vt *v = vt_vmm();
    h_li(&C, R_S0, H_CON_VA);
    h_emit(&C, enc_i(OP_ADDIU, R_T0, 0, 'a'));
    h_emit(&C, enc_m(OP_SB, R_T0, 0, R_S0));
    h_emit(&C, enc_i(OP_ADDIU, R_T0, 0, '\n'));
    h_emit(&C, enc_m(OP_SB, R_T0, 0, R_S0));
    h_emit(&C, enc_i(OP_ADDIU, R_T0, 0, 'b'));
    h_emit(&C, enc_m(OP_SB, R_T0, 0, R_S0));
    e_halt(&C, 3);
    vt_image(v, 0, &C, NULL);
    vt_run_halt(v, 1000);
    ck_assert_str_eq(v->con.out, "a\nb");
    ck_assert_uint_eq(vmm_exit_status(v->vmm, 0), 3);
}
END_TEST

/* Every VM reads the whole input, each from its own position. */
START_TEST(test_input_shared)
{
    struct vmm_config cfg = { .nvms = 2, .guest_mem = VT_GUEST_MEM, .quantum = 5,
                              .check = true };
    struct vt *v = vt_vmm_cfg(&cfg, "xyz");
    h_li(&C, R_S0, H_CON_VA);
    for (unsigned i = 0; i < 4; i++) {
        h_emit(&C, enc_m(OP_LW, R_T0, CONSOLE_IN, R_S0));
        e_res(&C, R_T0, i);
        e_spin(&C, R_T1, 3);
    }
    e_halt(&C, 0);
    vt_image(v, -1u, &C, NULL);
    vt_run_halt(v, 100000);
    for (unsigned k = 0; k < 2; k++) {
        ck_assert_uint_eq(vt_res(v, k, 0), 'x');
        ck_assert_uint_eq(vt_res(v, k, 1), 'y');
        ck_assert_uint_eq(vt_res(v, k, 2), 'z');
        ck_assert_uint_eq(vt_res(v, k, 3), 0xffffffffu);
    }
    ck_assert_int_eq(v->con.reads, 4);                       /* the host's input, read once */
}
END_TEST

/* ---- halts and errors -------------------------------------------------------------------------------- */

/* VMs halt one by one with their own statuses; the others go on. */
START_TEST(test_halts_one_by_one)
{
    struct vt *v = vt_vmm_n(3, VMM_ASID_TAG, 50);
    for (unsigned k = 0; k < 3; k++) {
        struct h_prog p;
        memset(&p, 0, sizeof p);
        e_spin(&p, R_S0, 100 * (3 - k));
        e_halt(&p, 40 + k);
        vt_image(v, k, &p, NULL);
    }
    ck_assert_int_eq(vt_run(v, 400), VT_STOP_BUDGET);
    ck_assert(!vmm_halted(v->vmm, 0) && !vmm_halted(v->vmm, 1));
    vt_run_halt(v, 100000);
    for (unsigned k = 0; k < 3; k++) {
        ck_assert(vmm_halted(v->vmm, k));
        ck_assert_uint_eq(vmm_exit_status(v->vmm, k), 40 + k);
        ck_assert_uint_eq(vt_insns(v, k), 2 + 300 * (3 - k) + 4);
    }
}
END_TEST

/* A guest error in one VM stops the run with its message. */
START_TEST(test_error_in_one_vm)
{
    struct vt *v = vt_vmm_n(2, VMM_ASID_TAG, 50);
    struct h_prog p;
    e_spin(&C, R_S0, 1000);
    e_halt(&C, 0);
    vt_image(v, 0, &C, NULL);
    memset(&p, 0, sizeof p);
    e_spin(&p, R_S0, 10);
    h_emit(&p, enc_op(OP_WAIT));
    vt_image(v, 1, &p, NULL);
    ck_assert_int_eq(vt_run(v, 100000), VT_STOP_ERROR);
    ck_assert_ptr_nonnull(strstr(vmm_error(v->vmm), "VM 1"));
    ck_assert(!vmm_halted(v->vmm, 0));
}
END_TEST

/* ---- determinism ----------------------------------------------------------------------------------- */

/* A busy three-VM system: TLB refills by the guest, hidden refills, Mod,
 * syscalls, timer interrupts, world switches. */
static void busy_image(struct vt *v)
{
    for (unsigned k = 0; k < 3; k++) {
        struct h_prog p, u;
        unsigned loop;
        memset(&p, 0, sizeof p);
        memset(&u, 0, sizeof u);
        e_mode(&p, VT_SKIP, 0, 0);
        for (unsigned i = 0; i < 6; i++)
            e_tlbwi(&p, i, (0x10000000u + (i << 12)) | (i & 1),
                    ((5 + i + k) << 12) | ENTRYLO_V | (i & 2 ? 0 : ENTRYLO_D));
        e_mtc0i(&p, CP0_COMPARE, 500 + 100 * k);
        e_tlbwi(&p, 63, VT_USER_VA, VT_USER_PA | ENTRYLO_V | ENTRYLO_G);
        e_mtc0i(&p, CP0_STATUS, 2u << STATUS_KSU_SHIFT | STATUS_EXL | STATUS_IE |
                1u << (STATUS_IM_SHIFT + IRQ_TIMER));
        e_mtc0i(&p, CP0_EPC, VT_USER_VA);
        h_emit(&p, enc_op(OP_ERET));
        h_li(&u, R_S0, 200);
        h_li(&u, R_T0, 0x10000000u);
        loop = h_emit(&u, enc_i(OP_ANDI, R_T1, R_S0, 7));
        h_emit(&u, enc_sh(OP_SLL, R_T1, R_T1, 12));
        h_emit(&u, enc_r(OP_ADDU, R_T1, R_T1, R_T0));
        h_emit(&u, enc_m(OP_LW, R_T2, 0, R_T1));
        h_emit(&u, enc_m(OP_SW, R_S0, 0, R_T1));
        h_emit(&u, enc_syscall(0));
        h_emit(&u, enc_i(OP_ADDIU, R_S0, R_S0, 0xffff));
        h_emit(&u, enc_b(OP_BNE, R_S0, 0, h_off(u.n, loop)));
        h_emit(&u, H_NOP);
        h_emit(&u, enc_break(0, 0));                         /* halts: mode HALT below */
        vt_image(v, k, &p, &u);
    }
}

static void assert_same_vmm(struct vt *a, struct vt *b)
{
    struct vmm_stats sa = vt_stats(a), sb = vt_stats(b);
    ck_assert_int_eq(memcmp(&sa, &sb, sizeof sa), 0);
    ck_assert_str_eq(a->con.out, b->con.out);
    for (unsigned k = 0; k < 3; k++) {
        ck_assert_uint_eq(vmm_exit_status(a->vmm, k), vmm_exit_status(b->vmm, k));
        for (uint32_t pa = 0; pa < VT_GUEST_MEM; pa += 4)
            ck_assert_uint_eq(vt_r32(a, k, pa), vt_r32(b, k, pa));
    }
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry ea, eb;
        cpu_tlb_read(a->cpu, i, &ea);
        cpu_tlb_read(b->cpu, i, &eb);
        ck_assert(ea.hi == eb.hi && ea.lo == eb.lo);
    }
}

/* Two identical VMMs give identical statistics, memory and real TLBs, also
 * when one of them is run in small chunks (flush and tag, with and without
 * the second-level TLB). */
START_TEST(test_determinism)
{
    static const uint64_t chunk[] = { 1000000, 1, 7, 1000 };
    struct vmm_config cfg = { .nvms = 3, .guest_mem = VT_GUEST_MEM, .quantum = 97,
                              .asid = _i & 1 ? VMM_ASID_FLUSH : VMM_ASID_TAG,
                              .l2tlb = _i & 2, .check = true };
    struct vt *a = vt_vmm_cfg(&cfg, NULL);
    struct vt *b = vt_vmm_cfg(&cfg, NULL);
    enum vt_stop s;
    busy_image(a);
    busy_image(b);
    vt_run_halt(a, 10000000);
    while ((s = vt_run(b, chunk[_i / 2])) == VT_STOP_BUDGET)
        ;
    ck_assert_int_eq(s, VT_STOP_HALT);
    assert_same_vmm(a, b);
    struct vmm_stats st = vt_stats(a);
    for (unsigned k = 0; k < 3; k++) {
        ck_assert_uint_eq(vmm_exit_status(a->vmm, k), 0x100 | EXC_BP);
        ck_assert_uint_eq(st.vm[k].reflected[EXC_SYS], 200);
        ck_assert_uint_gt(st.vm[k].reflected[EXC_MOD], 0);
        ck_assert_uint_gt(st.vm[k].reflected[EXC_INT], 0);
    }
    ck_assert_uint_gt(st.world_switches, 10);
}
END_TEST

/* ---- vmm_new and the loaders ------------------------------------------------------------------------ */

START_TEST(test_vmm_new_checks)
{
    struct cpu *cpu = h_new_cfg(1u << 20, CPU_MMU_SOFT, 0, false);
    struct vmm_config cfg = { .nvms = 1, .guest_mem = 64u << 10 };
    struct h_console con;
    const char *err = NULL;
    struct vmm *m;
    memset(&con, 0, sizeof con);
    cfg.nvms = 0;
    ck_assert_ptr_null(vmm_new(cpu, &cfg, &vt_con_ops, &con, &err));
    ck_assert_ptr_nonnull(strstr(err, "number of VMs"));
    cfg.nvms = VMM_MAX_VMS + 1;
    ck_assert_ptr_null(vmm_new(cpu, &cfg, &vt_con_ops, &con, &err));
    cfg.nvms = 1;
    cfg.guest_mem = (64u << 10) + 1;
    ck_assert_ptr_null(vmm_new(cpu, &cfg, &vt_con_ops, &con, &err));
    ck_assert_ptr_nonnull(strstr(err, "multiple of 4 KiB"));
    cfg.guest_mem = 60u << 10;
    ck_assert_ptr_null(vmm_new(cpu, &cfg, &vt_con_ops, &con, &err));
    cfg.guest_mem = 512u << 10;
    cfg.nvms = 3;
    ck_assert_ptr_null(vmm_new(cpu, &cfg, &vt_con_ops, &con, &err));
    ck_assert_ptr_nonnull(strstr(err, "do not fit"));
    cfg.nvms = 2;                                            /* exactly the machine */
    m = vmm_new(cpu, &cfg, &vt_con_ops, &con, NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(vmm_nvms(m), 2);
    ck_assert_uint_eq(vmm_guest_mem(m), 512u << 10);
    uint8_t b[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    ck_assert_int_eq(vmm_gpa_write(m, 1, (512u << 10) - 8, b, 8), 0);
    ck_assert_int_eq(vmm_gpa_write(m, 1, (512u << 10) - 7, b, 8), -1);
    ck_assert_int_eq(vmm_gpa_write(m, 1, 0xfffffffcu, b, 8), -1);
    ck_assert_int_eq(vmm_gpa_write(m, 2, 0, b, 8), -1);
    ck_assert_int_eq(vmm_gpa_read(m, 0, 0, b, (512u << 10) + 1), -1);
    ck_assert_int_eq(vmm_gpa_read(m, 1, (512u << 10) - 8, b, 8), 0);
    ck_assert_uint_eq(b[7], 8);
    /* the two VMs' frames are all of the machine's, each once (pmaps are
     * permutations): write a distinct word to every page of both */
    for (unsigned k = 0; k < 2; k++)
        for (uint32_t pg = 0; pg < 128; pg++) {
            uint32_t w = 0xf0000000u | k << 16 | pg;
            ck_assert_int_eq(vmm_gpa_write(m, k, pg * 4096, &w, 4), 0);
        }
    unsigned seen[2][128] = { { 0 } }, consecutive = 0;
    uint32_t prev = ~0u;
    for (uint32_t f = 0; f < 256; f++) {
        uint32_t w;
        ck_assert_int_eq(cpu_phys_read(cpu, f * 4096, &w, 4), 0);
        ck_assert_uint_eq(w >> 28, 0xf);
        seen[(w >> 16) & 1][w & 0xffff]++;
        consecutive += prev + 1 == w;
        prev = w;
    }
    for (unsigned k = 0; k < 2; k++)
        for (uint32_t pg = 0; pg < 128; pg++)
            ck_assert_uint_eq(seen[k][pg], 1);
    ck_assert_uint_lt(consecutive, 32);                      /* not contiguous */
    vmm_free(m);
    cpu_free(cpu);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------------------ */

static Suite *vms_suite(void)
{
    Suite *s = suite_create("vmm_vms");
    TCase *tc;

    tc = tcase_create("asids");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_asid_per_vm_and_asid);
    tcase_add_loop_test(tc, test_asid_rollover, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("world_switches");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_world_switch_every_quantum, 0, 6);
    tcase_add_loop_test(tc, test_state_preserved, 0, 6);
    tcase_add_loop_test(tc, test_llbit_per_vm, 0, 2);
    tcase_add_test(tc, test_halts_one_by_one);
    tcase_add_test(tc, test_error_in_one_vm);
    suite_add_tcase(s, tc);

    tc = tcase_create("isolation");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_global_entry_stays_in_its_vm, 0, 2);
    tcase_add_loop_test(tc, test_same_address_three_vms, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("console");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_output_tagged);
    tcase_add_test(tc, test_output_one_vm_untagged);
    tcase_add_test(tc, test_input_shared);
    suite_add_tcase(s, tc);

    tc = tcase_create("determinism");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_determinism, 0, 8);
    tcase_add_test(tc, test_vmm_new_checks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vms_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
