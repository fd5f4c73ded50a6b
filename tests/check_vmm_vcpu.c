/*
 * check_vmm_vcpu.c -- one VM under the VMM: every emulated instruction and CP0
 * register, delay slots, reflection of exceptions to the guest, hidden
 * kseg0/kseg1 fills, the guest's TLB entries in the real TLB, devices.
 *
 * Most tests run the same guest code on the bare machine and under the VMM
 * (vt_diff: the isolation checker on) and require that they agree on
 * everything the guest can see -- registers, what its exception handler
 * recorded, its results, its output, its exit status -- and on the number
 * of instructions it retired; then they check the exact values.  The
 * machinery is in tests/check_vmm_harness.h.  Several VMs, real ASIDs and
 * world switches are in check_vmm_vms.c.
 *
 * The last group are rules of the machine that a VMM easily gets wrong
 * (each was a VMM bug these tests found): devices by any access and any
 * mapping, eret and the LL bit, guest supervisor mode, duplicate entries.
 */
#include "tests/check_vmm_harness.h"

static struct h_prog C, U;       /* kernel code, user code */

static void setup(void)
{
    vt_setup();
    memset(&C, 0, sizeof C);
    memset(&U, 0, sizeof U);
}
static void teardown(void) { vt_teardown(); }

static const unsigned all_cp0[] = {
    CP0_INDEX, CP0_RANDOM, CP0_ENTRYLO, CP0_CONTEXT, CP0_WIRED, CP0_BADVADDR, CP0_COUNT,
    CP0_ENTRYHI, CP0_COMPARE, CP0_STATUS, CP0_CAUSE, CP0_EPC, CP0_PRID, CP0_CONFIG,
    CP0_PTBR, CP0_INVVA,
};
#define NCP0 (sizeof all_cp0 / sizeof all_cp0[0])

/* Store every CP0 register 0..31 (mfc0 + lui + sw each) at results base..base+31. */
static void e_dump_cp0(struct h_prog *p, unsigned base)
{
    for (unsigned r = 0; r < 32; r++)
        e_res_cp0(p, r, base + r);
}

/* ---- mfc0 / mtc0 ------------------------------------------------------------------------ */

START_TEST(test_cp0_reset_values)
{
    struct vt *v;

    e_dump_cp0(&C, 0);
    for (unsigned sel = 1; sel < 8; sel++) {     /* every sel but 0 reads 0 */
        h_emit(&C, enc_mfc0_sel(R_T0, CP0_PRID, sel));
        e_res(&C, R_T0, 48 + sel);
    }
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);

    /* the mfc0 of register r is the guest's instruction 3r */
    for (unsigned r = 0; r < 32; r++) {
        uint32_t want = 0;
        switch (r) {
        case CP0_RANDOM: want = 63 - 3 * r; break;
        case CP0_COUNT:  want = 3 * r; break;
        case CP0_STATUS: want = STATUS_BEV; break;
        case CP0_PRID:   want = PRID_TLBVISOR; break;
        case CP0_CONFIG: want = CONFIG_MT_TLB << CONFIG_MT_SHIFT; break;
        default:         break;
        }
        ck_assert_msg(vt_res(v, 0, r) == want, "CP0 %u reads 0x%08x, expected 0x%08x", r,
                      vt_res(v, 0, r), want);
    }
    for (unsigned sel = 1; sel < 8; sel++)
        ck_assert_uint_eq(vt_res(v, 0, 48 + sel), 0);
    ck_assert_uint_eq(vt_insns(v, 0), 96 + 7 * 3 + 4);
    ck_assert_uint_eq(vt_nexc(v, 0), 0);
}
END_TEST

/* Write w to every CP0 register 0..31 (in the order given, Status last so that
 * the code stays in kernel mode), then read them all back. */
static void cp0_write_all(uint32_t w, uint32_t status)
{
    for (unsigned r = 0; r < 32; r++)
        if (r != CP0_STATUS)
            e_mtc0i(&C, r, w);
    e_mtc0i(&C, CP0_STATUS, status);
    e_dump_cp0(&C, 0);
    e_halt(&C, 0);
}

START_TEST(test_cp0_write_ones)
{
    struct vt *v;
    cp0_write_all(0xffffffffu, 0xffffffffu);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, CP0_INDEX), 0x3f);
    ck_assert_uint_eq(vt_res(v, 0, CP0_RANDOM), 63);             /* Wired = 63 */
    ck_assert_uint_eq(vt_res(v, 0, CP0_ENTRYLO), 0xfffff700u);
    ck_assert_uint_eq(vt_res(v, 0, CP0_CONTEXT), 0xffe00000u);
    ck_assert_uint_eq(vt_res(v, 0, CP0_WIRED), 63);
    ck_assert_uint_eq(vt_res(v, 0, CP0_BADVADDR), 0);              /* read-only */
    ck_assert_uint_eq(vt_res(v, 0, CP0_ENTRYHI), 0xfffff0ffu);
    ck_assert_uint_eq(vt_res(v, 0, CP0_COMPARE), 0xffffffffu);
    ck_assert_uint_eq(vt_res(v, 0, CP0_STATUS), STATUS_MASK);
    ck_assert_uint_eq(vt_res(v, 0, CP0_CAUSE), CAUSE_IP_SW);       /* IP1:0 only */
    ck_assert_uint_eq(vt_res(v, 0, CP0_EPC), 0xffffffffu);
    ck_assert_uint_eq(vt_res(v, 0, CP0_PRID), PRID_TLBVISOR);
    ck_assert_uint_eq(vt_res(v, 0, CP0_CONFIG), CONFIG_MT_TLB << CONFIG_MT_SHIFT);
    ck_assert_uint_eq(vt_res(v, 0, CP0_PTBR), 0xffffffffu);
    ck_assert_uint_eq(vt_res(v, 0, CP0_INVVA), 0xffffffffu);
    for (unsigned r = 0; r < 32; r++) {
        bool impl = false;
        for (unsigned i = 0; i < NCP0; i++)
            impl |= all_cp0[i] == r;
        if (!impl)
            ck_assert_msg(vt_res(v, 0, r) == 0, "unimplemented CP0 %u reads 0x%08x", r,
                          vt_res(v, 0, r));
    }
    /* Count = all ones after step 29 (the mtc0), read at step 123: it wrapped */
    ck_assert_uint_eq(vt_res(v, 0, CP0_COUNT), 123 - 30);
    /* the guest's ASID 255 has a real ASID of its own */
    ck_assert_uint_eq(vt_rasid(v), 2);
}
END_TEST

START_TEST(test_cp0_write_zero_and_patterns)
{
    static const uint32_t pats[] = { 0, 0x5a5a5a5au, 0xa5a5a5a5u, 0x12345678u, 0x80000001u };
    struct vt *v;
    /* Status patterns keep EXL = 1, so the code stays in kernel mode */
    cp0_write_all(pats[_i], (pats[_i] | STATUS_EXL) & ~STATUS_IE);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, CP0_INDEX), pats[_i] & INDEX_MASK);
    ck_assert_uint_eq(vt_res(v, 0, CP0_ENTRYLO), pats[_i] & ENTRYLO_MASK);
    ck_assert_uint_eq(vt_res(v, 0, CP0_CONTEXT), pats[_i] & CONTEXT_PTEBASE);
    ck_assert_uint_eq(vt_res(v, 0, CP0_WIRED), pats[_i] & INDEX_MASK);
    ck_assert_uint_eq(vt_res(v, 0, CP0_ENTRYHI), pats[_i] & (ENTRYHI_VPN | ENTRYHI_ASID));
    ck_assert_uint_eq(vt_res(v, 0, CP0_COMPARE), pats[_i]);
    ck_assert_uint_eq(vt_res(v, 0, CP0_STATUS),
                      ((pats[_i] | STATUS_EXL) & ~STATUS_IE) & STATUS_MASK);
    ck_assert_uint_eq(vt_res(v, 0, CP0_EPC), pats[_i]);
    ck_assert_uint_eq(vt_res(v, 0, CP0_PTBR), pats[_i]);
    ck_assert_uint_eq(vt_res(v, 0, CP0_INVVA), pats[_i]);
    ck_assert_uint_eq(vt_res(v, 0, CP0_BADVADDR), 0);
    ck_assert_uint_eq(vt_res(v, 0, CP0_PRID), PRID_TLBVISOR);
}
END_TEST

/* Index: only bits 5:0 are written; P is kept (set by a tlbp miss). */
START_TEST(test_index_keeps_p)
{
    struct vt *v;
    e_mtc0i(&C, CP0_ENTRYHI, 0x12345000u);
    h_emit(&C, enc_op(OP_TLBP));                 /* miss: P */
    e_res_cp0(&C, CP0_INDEX, 0);
    e_mtc0i(&C, CP0_INDEX, 0xffffffc5u);
    e_res_cp0(&C, CP0_INDEX, 1);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), INDEX_P);
    ck_assert_uint_eq(vt_res(v, 0, 1), INDEX_P | 5);
}
END_TEST

/* Random counts the VM's own steps down from 63 to Wired; writing Wired
 * starts it again at 63 (the next instruction reads 62). */
START_TEST(test_random_sequence)
{
    struct vt *v;
    for (unsigned i = 0; i < 4; i++)
        h_emit(&C, enc_mfc0(R_T0 + i, CP0_RANDOM));          /* steps 0..3 */
    e_mtc0i(&C, CP0_WIRED, 60);                              /* steps 4..6 */
    for (unsigned i = 0; i < 6; i++)
        h_emit(&C, enc_mfc0(R_S0 + i, CP0_RANDOM));          /* steps 7..12 */
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_T0), 63);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_T1), 62);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_T2), 61);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_T3), 60);
    /* Wired 60: span 4; 62 61 60 63 62 61 */
    static const uint32_t want[] = { 62, 61, 60, 63, 62, 61 };
    for (unsigned i = 0; i < 6; i++)
        ck_assert_uint_eq(cpu_reg(v->cpu, R_S0 + i), want[i]);
}
END_TEST

/* A reflected exception is a step for Random, as on the machine; a hidden
 * fill (the first touch of a kseg0 page) is not. */
START_TEST(test_random_counts_guest_faults)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 0);                               /* steps 0..9 */
    h_emit(&C, enc_mfc0(R_S0, CP0_RANDOM));                  /* step 10: 53 */
    h_emit(&C, enc_syscall(0));                              /* a fault step */
    h_emit(&C, enc_mfc0(R_S1, CP0_RANDOM));
    h_li(&C, R_T0, KSEG0_BASE + 0x7000);
    h_emit(&C, enc_m(OP_LW, R_T1, 0, R_T0));                 /* hidden under the VMM */
    h_emit(&C, enc_mfc0(R_S2, CP0_RANDOM));
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    /* steps: the syscall 11, the recorder's 52 instructions, the mfc0 64;
     * the li, the load (a hidden fill: no step), the mfc0 at 68 */
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S0), 53);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S1), 63 - 64 % 64);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S2), 63 - 68 % 64);
    ck_assert_uint_eq(vt_nexc(v, 0), 1);
}
END_TEST

/* Count: the value written, plus one for the mtc0 itself, plus one per
 * guest instruction. */
START_TEST(test_count_write)
{
    struct vt *v;
    e_mtc0i(&C, CP0_COUNT, 1000);
    h_emit(&C, enc_mfc0(R_S0, CP0_COUNT));
    h_emit(&C, H_NOP);
    h_emit(&C, enc_mfc0(R_S1, CP0_COUNT));
    e_mtc0i(&C, CP0_COUNT, 0xffffffffu);
    h_emit(&C, enc_mfc0(R_S2, CP0_COUNT));
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S0), 1001);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S1), 1003);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S2), 0);
}
END_TEST

/* Count reaching Compare raises IP7 (with interrupts off it stays pending);
 * writing Compare clears it. */
START_TEST(test_compare_clears_timer)
{
    struct vt *v;
    e_mtc0i(&C, CP0_COUNT, 0);                   /* Count 1 after it */
    e_mtc0i(&C, CP0_COMPARE, 10);                /* Count 4 after it */
    for (unsigned i = 0; i < 8; i++)
        h_emit(&C, H_NOP);                        /* Count 12: it passed 10 */
    e_res_cp0(&C, CP0_CAUSE, 0);
    e_res_cp0(&C, CP0_CAUSE, 1);                 /* still latched */
    h_emit(&C, enc_mfc0(R_T0, CP0_COMPARE));
    h_emit(&C, enc_mtc0(R_T0, CP0_COMPARE));     /* same value: still clears */
    e_res_cp0(&C, CP0_CAUSE, 2);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), 1u << (CAUSE_IP_SHIFT + IRQ_TIMER));
    ck_assert_uint_eq(vt_res(v, 0, 1), 1u << (CAUSE_IP_SHIFT + IRQ_TIMER));
    ck_assert_uint_eq(vt_res(v, 0, 2), 0);
}
END_TEST

/* The timer interrupt is taken on exactly the instruction the bare machine
 * takes it on: virtual time is the guest's instruction count. */
START_TEST(test_timer_interrupt_exact)
{
    struct vt *v;
    unsigned loop, at;
    e_mtc0i(&C, CP0_COMPARE, 100 + _i);
    e_mtc0i(&C, CP0_COUNT, 0);
    e_mtc0i(&C, CP0_STATUS, STATUS_IE | 1u << (STATUS_IM_SHIFT + IRQ_TIMER));
    loop = h_emit(&C, enc_i(OP_ADDIU, R_S0, R_S0, 1));
    h_li(&C, R_T0, KSEG0_BASE + 0x6000);                     /* hidden fills and */
    h_emit(&C, enc_m(OP_SW, R_S0, 0, R_T0));
    h_emit(&C, enc_mfc0(R_T1, CP0_EPC));                     /* emulation on the way */
    at = h_emit(&C, enc_b(OP_BEQ, 0, 0, 0));
    h_emit(&C, enc_i(OP_ADDIU, R_S1, R_S1, 1));
    h_patch(&C, at, loop);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_status(v, 0), 0x100);               /* Int */
    ck_assert_uint_eq(vt_nexc(v, 0), 1);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE) & ~CAUSE_BD,
                      1u << (CAUSE_IP_SHIFT + IRQ_TIMER) | EXC_INT << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_VEC), 0x180);
}
END_TEST

START_TEST(test_entryhi_changes_real_asid)
{
    struct vt *v;
    e_mtc0i(&C, CP0_ENTRYHI, 0x00400000u | 7);
    e_res_cp0(&C, CP0_ENTRYHI, 0);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0x00400007u);
    /* guest ASID 0 got real ASID 1 when the VM started; ASID 7 the next */
    ck_assert_uint_eq(vt_rasid(v), 2);
}
END_TEST

START_TEST(test_entryhi_same_asid_same_real_asid)
{
    struct vt *v;
    e_mtc0i(&C, CP0_ENTRYHI, 7);
    e_mtc0i(&C, CP0_ENTRYHI, 9);
    e_mtc0i(&C, CP0_ENTRYHI, 0x7000 | 7);        /* 7 again: its real ASID again */
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_rasid(v), 2);
    ck_assert_uint_eq(vt_stats(v).asid_rollovers, 0);
}
END_TEST

/* Status: the written bits take effect (KSU user with EXL = 0 sends the next
 * fetch from kseg0 to AdEL, as on the machine). */
START_TEST(test_status_to_user_mode)
{
    struct vt *v;
    e_mtc0i(&C, CP0_STATUS, 2u << STATUS_KSU_SHIFT);
    h_emit(&C, H_NOP);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_status(v, 0), 0x100 | EXC_ADEL);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), VT_CODE_VA + 12);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_BADVA), VT_CODE_VA + 12);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_STATUS), 2u << STATUS_KSU_SHIFT | STATUS_EXL);
}
END_TEST

/* Cause: IP1:0 are writable and raise software interrupts when enabled;
 * the interrupt is taken before the next instruction. */
START_TEST(test_cause_software_interrupt)
{
    struct vt *v;
    e_mtc0i(&C, CP0_CAUSE, 0xffffffffu);
    e_res_cp0(&C, CP0_CAUSE, 0);
    e_mtc0i(&C, CP0_STATUS, STATUS_IE | 2u << STATUS_IM_SHIFT);   /* IM1 */
    h_emit(&C, enc_i(OP_ADDIU, R_S0, 0, 1));
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), CAUSE_IP_SW);
    ck_assert_uint_eq(vt_status(v, 0), 0x100);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), VT_AT(9));
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), CAUSE_IP_SW);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S0), 0);
}
END_TEST

/* InvVA drops every virtual entry of the page, whatever its ASID, and the
 * real entries made from them: the next access misses to the guest. */
START_TEST(test_invva)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 0);
    e_tlbwi(&C, 3, 0x10000000u | 1, (6u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 4, 0x10000000u | 2, (7u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 5, 0x10001000u | 0, (8u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 6, 0x10000000u | 0, (9u << 12) | ENTRYLO_V | ENTRYLO_D | ENTRYLO_G);
    h_li(&C, R_T0, 0x10000000u);
    h_emit(&C, enc_m(OP_SW, R_T0, 0, R_T0));                /* through entry 6 (G) */
    e_mtc0i(&C, CP0_INVVA, 0x10000abcu);
    h_emit(&C, enc_m(OP_LW, R_S0, 0, R_T0));                /* a miss now: skipped */
    for (unsigned i = 3; i <= 6; i++) {
        e_mtc0i(&C, CP0_INDEX, i);
        h_emit(&C, enc_op(OP_TLBR));
        e_res_cp0(&C, CP0_ENTRYHI, 2 * i);
        e_res_cp0(&C, CP0_ENTRYLO, 2 * i + 1);
    }
    e_res_cp0(&C, CP0_INVVA, 0);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0x10000abcu);
    for (unsigned i = 3; i <= 6; i++)
        if (i == 5) {
            ck_assert_uint_eq(vt_res(v, 0, 2 * i), 0x10001000u);
            ck_assert_uint_eq(vt_res(v, 0, 2 * i + 1), (8u << 12) | ENTRYLO_V | ENTRYLO_D);
        } else {
            ck_assert_uint_eq(vt_res(v, 0, 2 * i), KSEG0_BASE + (i << 12));
            ck_assert_uint_eq(vt_res(v, 0, 2 * i + 1), 0);
        }
    ck_assert_uint_eq(vt_nexc(v, 0), 1);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), EXC_TLBL << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_VEC), 0);
    ck_assert_uint_eq(vt_rtlb_count_vpn(v, 0x10000000u), 0);
    ck_assert_uint_eq(vt_r32(v, 0, 9 * 4096), 0x10000000u);  /* the store went to PFN 9 */
}
END_TEST

/* ---- TLB instructions --------------------------------------------------------------------- */

START_TEST(test_tlbwi_tlbr)
{
    struct vt *v;
    e_tlbwi(&C, 17, 0x7fffe000u | 0x42, 0xfffff000u | ENTRYLO_D | ENTRYLO_V | ENTRYLO_G);
    e_mtc0i(&C, CP0_ENTRYHI, 3);
    e_mtc0i(&C, CP0_ENTRYLO, 0);
    e_mtc0i(&C, CP0_INDEX, 17);
    h_emit(&C, enc_op(OP_TLBR));
    e_res_cp0(&C, CP0_ENTRYHI, 0);
    e_res_cp0(&C, CP0_ENTRYLO, 1);
    e_mtc0i(&C, CP0_INDEX, 18);                  /* an entry never written: reset state */
    h_emit(&C, enc_op(OP_TLBR));
    e_res_cp0(&C, CP0_ENTRYHI, 2);
    e_res_cp0(&C, CP0_ENTRYLO, 3);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0x7fffe042u);
    ck_assert_uint_eq(vt_res(v, 0, 1), 0xfffff000u | ENTRYLO_D | ENTRYLO_V | ENTRYLO_G);
    ck_assert_uint_eq(vt_res(v, 0, 2), KSEG0_BASE + (18u << 12));
    ck_assert_uint_eq(vt_res(v, 0, 3), 0);
    /* tlbr loaded ASID 0x42, then ASID 0 of the reset entry: real ASID 1 again */
    ck_assert_uint_eq(vt_rasid(v), 1);
    /* a PFN beyond the VM's memory is never put in the real TLB */
    ck_assert_uint_eq(vt_rtlb_count_vpn(v, 0x7fffe000u), 0);
}
END_TEST

/* tlbr loads the entry's ASID into EntryHi: the real ASID follows. */
START_TEST(test_tlbr_loads_asid)
{
    struct vt *v;
    e_tlbwi(&C, 9, 0x00800000u | 0x33, 0);
    e_mtc0i(&C, CP0_ENTRYHI, 0);
    e_mtc0i(&C, CP0_INDEX, 9);
    h_emit(&C, enc_op(OP_TLBR));
    e_res_cp0(&C, CP0_ENTRYHI, 0);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0x00800033u);
    ck_assert_uint_eq(vt_rasid(v), 2);          /* 0x33's, allocated by the tlbwi's EntryHi */
}
END_TEST

/* tlbwr writes entry Random: the same entry as on the bare machine. */
START_TEST(test_tlbwr)
{
    struct vt *v;
    for (unsigned i = 0; (int)i < _i; i++)
        h_emit(&C, H_NOP);
    e_mtc0i(&C, CP0_ENTRYHI, 0x00600000u);
    e_mtc0i(&C, CP0_ENTRYLO, (5u << 12) | ENTRYLO_V);
    h_emit(&C, enc_mfc0(R_S0, CP0_RANDOM));
    h_emit(&C, enc_op(OP_TLBWR));                /* Random is one less by now */
    h_emit(&C, enc_op(OP_TLBP));
    h_emit(&C, enc_mfc0(R_S1, CP0_INDEX));
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S0), 63 - (_i + 6) % 64);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S1), 63 - (_i + 7) % 64);
}
END_TEST

/* tlbwr never picks a wired entry. */
START_TEST(test_tlbwr_wired)
{
    struct vt *v;
    e_mtc0i(&C, CP0_WIRED, 62);
    for (unsigned i = 0; i < 5; i++) {
        e_mtc0i(&C, CP0_ENTRYHI, 0x00600000u + (i << 12));
        e_mtc0i(&C, CP0_ENTRYLO, (5u << 12) | ENTRYLO_V);
        h_emit(&C, enc_op(OP_TLBWR));
        h_emit(&C, enc_op(OP_TLBP));
        e_res_cp0(&C, CP0_INDEX, i);
    }
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    for (unsigned i = 0; i < 5; i++) {
        uint32_t x = vt_res(v, 0, i);
        ck_assert_msg(x == 62 || x == 63 || x == INDEX_P, "tlbwr wrote entry %u", x);
    }
}
END_TEST

START_TEST(test_tlbp)
{
    struct vt *v;
    e_tlbwi(&C, 20, 0x10000000u | 4, (6u << 12) | ENTRYLO_V);
    e_tlbwi(&C, 21, 0x10001000u | 9, 0);                                 /* V = 0 */
    e_tlbwi(&C, 22, 0x10002000u | 9, (7u << 12) | ENTRYLO_G);           /* global */
    e_mtc0i(&C, CP0_ENTRYHI, 0x10000000u | 4);
    h_emit(&C, enc_op(OP_TLBP));
    e_res_cp0(&C, CP0_INDEX, 0);                                         /* 20 */
    e_mtc0i(&C, CP0_ENTRYHI, 0x10000000u | 5);
    h_emit(&C, enc_op(OP_TLBP));
    e_res_cp0(&C, CP0_INDEX, 1);                                         /* P: other ASID */
    e_mtc0i(&C, CP0_ENTRYHI, 0x10001000u | 9);
    h_emit(&C, enc_op(OP_TLBP));
    e_res_cp0(&C, CP0_INDEX, 2);                                         /* 21: V = 0 matches */
    e_mtc0i(&C, CP0_ENTRYHI, 0x10002abcu | 200);
    h_emit(&C, enc_op(OP_TLBP));
    e_res_cp0(&C, CP0_INDEX, 3);                                         /* 22: G */
    e_mtc0i(&C, CP0_ENTRYHI, 0x80005000u);
    h_emit(&C, enc_op(OP_TLBP));
    e_res_cp0(&C, CP0_INDEX, 4);                                         /* 5: a reset entry */
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), 20);
    ck_assert_uint_eq(vt_res(v, 0, 1), INDEX_P);
    ck_assert_uint_eq(vt_res(v, 0, 2), 21);
    ck_assert_uint_eq(vt_res(v, 0, 3), 22);
    ck_assert_uint_eq(vt_res(v, 0, 4), 5);
}
END_TEST

/* tlbwi/tlbr with P set in Index use the index bits. */
START_TEST(test_tlbwi_with_p)
{
    struct vt *v;
    e_mtc0i(&C, CP0_ENTRYHI, 0x55555000u);
    h_emit(&C, enc_op(OP_TLBP));                                         /* P */
    e_mtc0i(&C, CP0_INDEX, 0xffffffffu);                                 /* P | 63 */
    e_mtc0i(&C, CP0_ENTRYLO, (6u << 12) | ENTRYLO_V);
    h_emit(&C, enc_op(OP_TLBWI));
    e_mtc0i(&C, CP0_ENTRYHI, 0);
    h_emit(&C, enc_op(OP_TLBR));
    e_res_cp0(&C, CP0_ENTRYHI, 0);
    e_res_cp0(&C, CP0_INDEX, 1);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0x55555000u);
    ck_assert_uint_eq(vt_res(v, 0, 1), INDEX_P | 63);
}
END_TEST

/* ---- eret and wait ------------------------------------------------------------------------ */

START_TEST(test_eret)
{
    struct vt *v;
    unsigned at;
    e_mtc0i(&C, CP0_STATUS, STATUS_EXL);
    e_mtc0i(&C, CP0_EPC, 0);                     /* patched below */
    at = C.n - 3;
    h_emit(&C, enc_op(OP_ERET));
    h_emit(&C, enc_i(OP_ADDIU, R_S0, 0, 1));     /* skipped: eret has no delay slot */
    unsigned there = C.n;
    C.w[at] = enc_i(OP_LUI, R_T9, 0, (VT_CODE_VA + 4 * there) >> 16);
    C.w[at + 1] = enc_i(OP_ORI, R_T9, R_T9, (VT_CODE_VA + 4 * there) & 0xffff);
    e_res_cp0(&C, CP0_STATUS, 0);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S0), 0);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0);                   /* EXL cleared */
    ck_assert_uint_eq(vt_insns(v, 0), 6 + 1 + 3 + 4);
}
END_TEST

/* wait with the timer enabled: Count jumps to Compare, no instruction is
 * spent, and the interrupt is taken with EPC after the wait. */
START_TEST(test_wait_timer)
{
    struct vt *v, *b;
    e_mtc0i(&C, CP0_COMPARE, 1000000);
    e_mtc0i(&C, CP0_STATUS, STATUS_IE | 1u << (STATUS_IM_SHIFT + IRQ_TIMER));
    unsigned w = h_emit(&C, enc_op(OP_WAIT));
    e_halt(&C, 0);
    v = vt_diff_in(&C, NULL, NULL, &b);
    ck_assert_uint_eq(vt_status(v, 0), 0x100);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), VT_CODE_VA + 4 * (w + 1));
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), 1u << (CAUSE_IP_SHIFT + IRQ_TIMER));
    /* the recorder's mfc0 Count is the 27th instruction after the wait */
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_COUNT), 1000000 + 26);
    ck_assert_uint_lt(vt_insns(v, 0), 100);
    ck_assert_uint_eq(vt_stats(v).vm[0].emulated[EMUL_WAIT], 1);
}
END_TEST

START_TEST(test_wait_nothing_enabled)
{
    struct vt *b = vt_bare(NULL), *v = vt_vmm();
    h_emit(&C, enc_op(OP_WAIT));
    e_halt(&C, 0);
    vt_image(b, 0, &C, NULL);
    vt_image(v, 0, &C, NULL);
    ck_assert_int_eq(vt_run(b, 1000), VT_STOP_ERROR);
    ck_assert_int_eq(vt_run(v, 1000), VT_STOP_ERROR);
    ck_assert_ptr_nonnull(strstr(vmm_error(v->vmm), "wait at 0x80001000"));
    ck_assert_ptr_nonnull(strstr(vmm_error(v->vmm), "sleep forever"));
    ck_assert_uint_eq(vt_insns(v, 0), 0);
    ck_assert_int_eq(vt_run(v, 1000), VT_STOP_ERROR);         /* it stays stopped */
}
END_TEST

/* Interrupts enabled but masked by EXL: nothing can wake the VM either. */
START_TEST(test_wait_exl_nothing_enabled)
{
    struct vt *v = vt_vmm();
    e_mtc0i(&C, CP0_STATUS, STATUS_IE | STATUS_EXL | STATUS_IM);
    h_emit(&C, enc_op(OP_WAIT));
    e_halt(&C, 0);
    vt_image(v, 0, &C, NULL);
    ck_assert_int_eq(vt_run(v, 1000), VT_STOP_ERROR);
    ck_assert_ptr_nonnull(strstr(vmm_error(v->vmm), "wait"));
}
END_TEST

/* wait for console input: the VMM waits for the host, then the console
 * interrupt is taken. */
START_TEST(test_wait_console)
{
    struct vt *b = vt_bare("q"), *v;
    struct vmm_config cfg = { .nvms = 1, .guest_mem = VT_GUEST_MEM, .check = true };
    v = vt_vmm_cfg(&cfg, "q");
    h_li(&C, R_T0, H_CON_VA);
    h_emit(&C, enc_i(OP_ADDIU, R_T1, 0, CONSOLE_INTEN));
    h_emit(&C, enc_m(OP_SW, R_T1, CONSOLE_CTRL, R_T0));
    e_mtc0i(&C, CP0_STATUS, STATUS_IE | 1u << (STATUS_IM_SHIFT + IRQ_CONSOLE));
    h_emit(&C, enc_op(OP_WAIT));
    e_halt(&C, 0);
    vt_image(b, 0, &C, NULL);
    vt_image(v, 0, &C, NULL);
    b->con.hold = true;
    v->con.hold = true;
    vt_run_halt(b, 10000);
    vt_run_halt(v, 10000);
    vt_assert_same(b, v);
    ck_assert_int_eq(v->con.waits, 1);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), 1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE));
}
END_TEST

/* ---- delay slots ---------------------------------------------------------------------------- */

/* slot: an instruction the VMM must handle (emulation, a hidden fill, a
 * device), in the delay slot of a taken or not-taken branch. */
static uint32_t slot_insn(unsigned kind)
{
    switch (kind) {
    case 0: return enc_mfc0(R_S1, CP0_PRID);                  /* emulated */
    case 1: return enc_mtc0(R_S0, CP0_EPC);                   /* emulated */
    case 2: return enc_m(OP_LW, R_S1, 0x10, R_S3);            /* kseg0 page, first touch */
    case 3: return enc_m(OP_SB, R_S2, 0, R_S4);               /* console */
    case 4: return enc_op(OP_TLBP);
    default: return enc_m(OP_SW, R_S0, 0x20, R_S5);           /* kseg1 RAM, first touch */
    }
}
struct br_case { enum isa_op op; bool taken; };
static const struct br_case br_cases[] = {
    { OP_BNE, true }, { OP_BNE, false }, { OP_BNEL, true }, { OP_BNEL, false },
    { OP_BGEZAL, true }, { OP_BGEZAL, false }, { OP_JAL, true }, { OP_JR, true },
};
#define NBR (sizeof br_cases / sizeof br_cases[0])

static void delay_case(unsigned kind, struct br_case bc)
{
    unsigned at, tgt, li_t1;
    h_li(&C, R_S0, 0x1234);
    h_li(&C, R_S2, 'Z');
    h_li(&C, R_S3, KSEG0_BASE + 0x6000);
    h_li(&C, R_S4, H_CON_VA);
    h_li(&C, R_S5, KSEG1_BASE + 0x7000);
    h_li(&C, R_T0, bc.op == OP_BGEZAL ? (bc.taken ? 1 : 0xffffffffu) : bc.taken);
    li_t1 = C.n;
    h_li(&C, R_T1, 0);
    switch (bc.op) {
    case OP_BNE: case OP_BNEL: case OP_BGEZAL:
        at = h_emit(&C, enc_b(bc.op, R_T0, 0, 0));
        break;
    case OP_JAL:
        at = h_emit(&C, enc_j(OP_JAL, 0));
        break;
    default:
        at = h_emit(&C, enc_jr(R_T1));
        break;
    }
    h_emit(&C, slot_insn(kind));
    h_emit(&C, enc_i(OP_ADDIU, R_S6, R_S6, 1));               /* the not-taken path */
    h_emit(&C, enc_i(OP_ADDIU, R_S6, R_S6, 2));
    tgt = h_emit(&C, enc_i(OP_ADDIU, R_S7, R_S7, 1));
    if (bc.op == OP_JAL)
        C.w[at] = enc_j(OP_JAL, VT_AT(tgt));
    else if (bc.op == OP_JR)
        h_patch_li(&C, li_t1, R_T1, VT_AT(tgt));
    else
        h_patch(&C, at, tgt);
    e_halt(&C, 0);
}

/* Every kind of slot instruction behind every kind of branch, taken and
 * not: the guest continues where the bare machine does, with the same
 * registers (links included) and the same instruction count. */
START_TEST(test_delay_slot)
{
    unsigned kind = (unsigned)_i % 6;
    struct br_case bc = br_cases[(unsigned)_i / 6];
    bool annulled = bc.op == OP_BNEL && !bc.taken;
    struct vt *v;

    delay_case(kind, bc);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_nexc(v, 0), 0);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S6), bc.taken ? 0 : 3);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S7), 1);
    if (kind == 0)
        ck_assert_uint_eq(cpu_reg(v->cpu, R_S1), annulled ? 0 : PRID_TLBVISOR);
    if (kind == 3)
        ck_assert_str_eq(v->con.out, annulled ? "" : "Z");
    if (bc.op == OP_JAL || bc.op == OP_BGEZAL)
        ck_assert_uint_eq(cpu_reg(v->cpu, R_RA), VT_AT(14 + 2));
}
END_TEST

/* A syscall in a delay slot: EPC is the branch, BD is set. */
START_TEST(test_delay_slot_syscall)
{
    struct vt *v;
    unsigned at, cont;
    unsigned li = e_mode(&C, VT_CONT, 0, 0);
    at = h_emit(&C, enc_b(OP_BEQ, 0, 0, 0));
    h_emit(&C, enc_syscall(5));
    h_emit(&C, H_NOP);
    cont = h_emit(&C, H_NOP);
    h_patch(&C, at, cont);
    h_patch_li(&C, li, R_T9, VT_AT(cont));
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), VT_CODE_VA + 4 * at);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), CAUSE_BD | EXC_SYS << CAUSE_EXC_SHIFT);
}
END_TEST

/* ---- reflection ------------------------------------------------------------------------------- */

/* A user TLB miss: the guest's refill vector, with EPC, Cause, BadVAddr,
 * EntryHi (VPN of the address, ASID kept), Context (PTEBase kept) and EXL. */
START_TEST(test_user_refill)
{
    struct vt *v;
    e_mtc0i(&C, CP0_CONTEXT, 0x80600000u);
    e_tlbwi(&C, 63, VT_USER_VA, VT_USER_PA | ENTRYLO_V | ENTRYLO_G);
    e_mtc0i(&C, CP0_ENTRYHI, 5);
    e_enter_user(&C, VT_USER_VA);
    h_emit(&U, enc_i(OP_LUI, R_T0, 0, 0x1234));
    h_emit(&U, enc_m(OP_LW, R_T1, 0x5678, R_T0));
    v = vt_diff(&C, &U);
    ck_assert_uint_eq(vt_status(v, 0), 0x100 | EXC_TLBL);
    ck_assert_uint_eq(vt_nexc(v, 0), 1);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_VEC), 0);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), VT_USER_VA + 4);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), EXC_TLBL << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_BADVA), 0x12345678u);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_ENTRYHI), 0x12345000u | 5);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CONTEXT), 0x80600000u | (0x12345678u >> 10 & CONTEXT_BADVPN));
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_STATUS), 2u << STATUS_KSU_SHIFT | STATUS_EXL);
    struct vmm_stats st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].reflected[EXC_TLBL], 1);
    ck_assert_uint_eq(st.vm[0].exits[EXIT_TLB_GUEST], 1);
}
END_TEST

/* A store miss, then a load miss in a delay slot (BD, EPC = the branch). */
START_TEST(test_user_refill_store_bd)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 2);
    e_user(&C);
    h_emit(&U, enc_i(OP_LUI, R_T0, 0, 0x0100));
    h_emit(&U, enc_m(OP_SW, R_T1, 8, R_T0));                 /* 1: TLBS */
    h_emit(&U, enc_b(OP_BEQ, 0, 0, 3));
    h_emit(&U, enc_m(OP_LW, R_T1, 12, R_T0));                /* 2: TLBL in a delay slot */
    v = vt_diff(&C, &U);
    ck_assert_uint_eq(vt_nexc(v, 0), 2);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), EXC_TLBS << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_BADVA), 0x01000008u);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), VT_USER_VA + 4);
    ck_assert_uint_eq(vt_rec(v, 0, 2, RF_CAUSE), CAUSE_BD | EXC_TLBL << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 2, RF_EPC), VT_USER_VA + 8);
    ck_assert_uint_eq(vt_rec(v, 0, 2, RF_BADVA), 0x0100000cu);
    for (unsigned n = 1; n <= 2; n++)
        ck_assert_uint_eq(vt_rec(v, 0, n, RF_VEC), 0);
}
END_TEST

/* A fetch miss: EPC = BadVAddr = the address fetched. */
START_TEST(test_user_refill_fetch)
{
    struct vt *v;
    e_user(&C);
    h_emit(&U, enc_i(OP_LUI, R_T0, 0, 0x0100));
    h_emit(&U, enc_jr(R_T0));
    h_emit(&U, H_NOP);
    v = vt_diff(&C, &U);
    ck_assert_uint_eq(vt_nexc(v, 0), 1);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), EXC_TLBL << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), 0x01000000u);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_BADVA), 0x01000000u);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_VEC), 0);
}
END_TEST

/* A miss with EXL = 1 goes to the general vector and leaves EPC and BD alone. */
START_TEST(test_miss_with_exl)
{
    struct vt *v;
    e_mtc0i(&C, CP0_EPC, 0x0badc0deu);
    e_mtc0i(&C, CP0_STATUS, STATUS_EXL);
    h_li(&C, R_T0, 0x20000000u);
    h_emit(&C, enc_m(OP_LW, R_T1, 4, R_T0));
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_VEC), 0x180);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), 0x0badc0deu);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), EXC_TLBL << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_BADVA), 0x20000004u);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_ENTRYHI), 0x20000000u);
}
END_TEST

/* An entry with V = 0: TLB invalid, general vector; a store to D = 0: Mod. */
START_TEST(test_invalid_and_mod)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 3);
    e_tlbwi(&C, 10, 0x10000000u, (6u << 12));                            /* V = 0 */
    e_tlbwi(&C, 11, 0x10001000u, (7u << 12) | ENTRYLO_V);               /* D = 0 */
    e_user(&C);
    h_emit(&U, enc_i(OP_LUI, R_T0, 0, 0x1000));
    h_emit(&U, enc_m(OP_LW, R_T1, 0, R_T0));                 /* 1: TLBL invalid */
    h_emit(&U, enc_m(OP_SW, R_T1, 0, R_T0));                 /* 2: TLBS invalid */
    h_emit(&U, enc_m(OP_LW, R_T2, 0x1004, R_T0));            /* fine */
    h_emit(&U, enc_m(OP_SW, R_T2, 0x1008, R_T0));            /* 3: Mod */
    v = vt_diff(&C, &U);
    ck_assert_uint_eq(vt_nexc(v, 0), 3);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), EXC_TLBL << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 2, RF_CAUSE), EXC_TLBS << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 3, RF_CAUSE), EXC_MOD << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 3, RF_BADVA), 0x10001008u);
    ck_assert_uint_eq(vt_rec(v, 0, 3, RF_ENTRYHI), 0x10001000u);
    for (unsigned n = 1; n <= 3; n++)
        ck_assert_uint_eq(vt_rec(v, 0, n, RF_VEC), 0x180);
}
END_TEST

/* Every privileged instruction in guest user mode: CpU, CE = 0, reflected;
 * a COP1 instruction: CpU with CE = 1, in user and kernel mode. */
START_TEST(test_privileged_from_user)
{
    static const unsigned n = 9;
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, n + 1);
    e_user(&C);
    h_emit(&U, enc_mfc0(R_T0, CP0_STATUS));
    h_emit(&U, enc_mtc0(R_T0, CP0_STATUS));
    h_emit(&U, enc_op(OP_TLBR));
    h_emit(&U, enc_op(OP_TLBWI));
    h_emit(&U, enc_op(OP_TLBWR));
    h_emit(&U, enc_op(OP_TLBP));
    h_emit(&U, enc_op(OP_ERET));
    h_emit(&U, enc_op(OP_WAIT));
    h_emit(&U, 0x44000000u);                     /* mfc1 $0, $f0: COP1 */
    h_emit(&U, enc_syscall(0));
    v = vt_diff(&C, &U);
    ck_assert_uint_eq(vt_nexc(v, 0), n + 1);
    for (unsigned i = 1; i <= n; i++) {
        ck_assert_uint_eq(vt_rec(v, 0, i, RF_EPC), VT_USER_VA + 4 * (i - 1));
        ck_assert_uint_eq(vt_rec(v, 0, i, RF_CAUSE), EXC_CPU << CAUSE_EXC_SHIFT |
                          (i == n ? 1u << CAUSE_CE_SHIFT : 0));
        ck_assert_uint_eq(vt_rec(v, 0, i, RF_VEC), 0x180);
    }
    ck_assert_uint_eq(vt_rec(v, 0, n + 1, RF_CAUSE), EXC_SYS << CAUSE_EXC_SHIFT);
    struct vmm_stats st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].reflected[EXC_CPU], n);
    ck_assert_uint_eq(st.vm[0].reflected[EXC_SYS], 1);
}
END_TEST

START_TEST(test_cop1_in_kernel)
{
    struct vt *v;
    h_emit(&C, 0x44000000u);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_status(v, 0), 0x100 | EXC_CPU);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), EXC_CPU << CAUSE_EXC_SHIFT | 1u << CAUSE_CE_SHIFT);
}
END_TEST

/* The other exceptions, in kernel and user mode: Sys, Bp, RI, Ov, Tr, AdEL,
 * AdES, each reflected with the bare machine's CP0. */
START_TEST(test_other_exceptions)
{
    struct h_prog *p = _i ? &U : &C;
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 0);
    if (_i)
        e_user(&C);
    h_li(p, R_T0, 0x7fffffffu);
    h_emit(p, enc_syscall(0x12345));
    h_emit(p, 0xfc000000u);                                   /* reserved */
    h_emit(p, enc_r(OP_ADD, R_T1, R_T0, R_T0));               /* Ov */
    h_emit(p, enc_t(OP_TEQ, R_T0, R_T0, 7));                  /* Tr */
    h_emit(p, enc_m(OP_LW, R_T1, 2, R_T0));                   /* AdEL: unaligned */
    h_emit(p, enc_m(OP_SH, R_T1, 2, R_T0));                   /* AdES */
    h_li(p, R_T2, 0xc0000000u);
    h_emit(p, enc_m(OP_LB, R_T1, 0, R_T2));                   /* kernel: TLBL; user: AdEL */
    h_emit(p, enc_m(OP_SB, R_T1, 0, R_T2));                   /* kernel: TLBS; user: AdES */
    h_emit(p, enc_break(1, 2));                               /* halts */
    v = vt_diff(&C, _i ? &U : NULL);
    ck_assert_uint_eq(vt_nexc(v, 0), 9);
    static const unsigned codes[2][9] = {
        { EXC_SYS, EXC_RI, EXC_OV, EXC_TR, EXC_ADEL, EXC_ADES, EXC_TLBL, EXC_TLBS, EXC_BP },
        { EXC_SYS, EXC_RI, EXC_OV, EXC_TR, EXC_ADEL, EXC_ADES, EXC_ADEL, EXC_ADES, EXC_BP },
    };
    for (unsigned i = 0; i < 9; i++)
        ck_assert_uint_eq(vt_rec(v, 0, i + 1, RF_CAUSE), codes[_i][i] << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 5, RF_BADVA), 0x80000001u);
    ck_assert_uint_eq(vt_rec(v, 0, 6, RF_BADVA), 0x80000001u);
    ck_assert_uint_eq(vt_rec(v, 0, 7, RF_BADVA), 0xc0000000u);
    ck_assert_uint_eq(vt_status(v, 0), 0x100 | EXC_BP);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_T1), 0);             /* nothing retired into it */
}
END_TEST

/* eret from user mode is CpU; eret to a kernel address with KSU = user is
 * AdEL on the fetch, with EPC = BadVAddr = that address. */
START_TEST(test_eret_to_kernel_address_as_user)
{
    struct vt *v;
    e_mtc0i(&C, CP0_STATUS, 2u << STATUS_KSU_SHIFT | STATUS_EXL);
    e_mtc0i(&C, CP0_EPC, VT_AT(0));
    h_emit(&C, enc_op(OP_ERET));
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_status(v, 0), 0x100 | EXC_ADEL);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_EPC), VT_AT(0));
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_BADVA), VT_AT(0));
}
END_TEST

/* ---- hidden fills ----------------------------------------------------------------------------- */

/* kseg0 and kseg1 RAM of the guest kernel are filled by the VMM: no guest
 * exception, one hidden fill per page touched, real entries VA -> the
 * machine frame of PA = VA - segment base, under the VM's real ASID. */
START_TEST(test_hidden_fills)
{
    struct vt *v;
    h_li(&C, R_T0, KSEG0_BASE + 0x6000);
    h_li(&C, R_T1, 0xfeedface);
    h_emit(&C, enc_m(OP_SW, R_T1, 0x40, R_T0));             /* fill 2 (1: the code page) */
    h_li(&C, R_T2, KSEG1_BASE + 0x6000);
    h_emit(&C, enc_m(OP_LW, R_S0, 0x40, R_T2));             /* fill 3: the same frame */
    h_emit(&C, enc_m(OP_SW, R_S0, 0x44, R_T2));
    h_li(&C, R_T3, KSEG1_BASE + 0xf000);
    h_emit(&C, enc_m(OP_LW, R_S1, 0, R_T3));                /* fill 4: the last page */
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S0), 0xfeedface);
    ck_assert_uint_eq(vt_r32(v, 0, 0x6044), 0xfeedface);
    ck_assert_uint_eq(vt_nexc(v, 0), 0);
    struct vmm_stats st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].hidden_fills, 4);
    ck_assert_uint_eq(st.vm[0].exits[EXIT_TLB_HIDDEN], 4);
    for (unsigned c = 0; c < CPU_NEXC; c++)
        ck_assert_uint_eq(st.vm[0].reflected[c], 0);
    uint32_t rasid = vt_rasid(v);
    ck_assert_uint_eq(rasid, 1);
    static const struct { uint32_t va, pfn; } fills[] = {
        { VT_CODE_VA, 1 }, { KSEG0_BASE + 0x6000, 6 }, { KSEG1_BASE + 0x6000, 6 },
        { KSEG1_BASE + 0xf000, 15 },
    };
    for (unsigned i = 0; i < 4; i++) {
        int r = vt_rtlb_find(v, fills[i].va | rasid);
        struct cpu_tlb_entry e;
        ck_assert_msg(r >= 0, "no real entry for 0x%08x", fills[i].va);
        cpu_tlb_read(v->cpu, (unsigned)r, &e);
        ck_assert_uint_eq(e.lo, vt_mfn(v, 0, fills[i].pfn) << 12 | ENTRYLO_V | ENTRYLO_D);
    }
}
END_TEST

/* kseg0 and kseg1 beyond the VM's memory: DBE (IBE for a fetch), as on a
 * bare machine with that much RAM; nothing goes in the real TLB. */
START_TEST(test_kseg_beyond_memory)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 4);
    h_li(&C, R_T0, KSEG0_BASE + VT_GUEST_MEM);
    h_emit(&C, enc_m(OP_LW, R_T1, 0, R_T0));
    h_li(&C, R_T0, KSEG1_BASE + VT_GUEST_MEM + 0x1000);
    h_emit(&C, enc_m(OP_SW, R_T1, 0, R_T0));
    h_li(&C, R_T0, KSEG0_BASE + 0x1fffffffu - 3);
    h_emit(&C, enc_m(OP_LW, R_T1, 0, R_T0));
    h_li(&C, R_T0, KSEG0_BASE + 0x100000);
    h_emit(&C, enc_jr(R_T0));
    h_emit(&C, H_NOP);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_nexc(v, 0), 4);
    for (unsigned i = 1; i <= 3; i++) {
        ck_assert_uint_eq(vt_rec(v, 0, i, RF_CAUSE), EXC_DBE << CAUSE_EXC_SHIFT);
        ck_assert_uint_eq(vt_rec(v, 0, i, RF_BADVA), 0);    /* bus errors set nothing */
    }
    ck_assert_uint_eq(vt_rec(v, 0, 4, RF_CAUSE), EXC_IBE << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 4, RF_EPC), KSEG0_BASE + 0x100000);
    ck_assert_uint_eq(vt_rtlb_count_vpn(v, KSEG0_BASE + VT_GUEST_MEM), 0);
    ck_assert_uint_eq(vt_rtlb_count_vpn(v, KSEG0_BASE + 0x100000), 0);
}
END_TEST

/* The guest's entry VPN -> PFN is put in the real TLB as VPN -> pmap[PFN],
 * under the real ASID of its ASID, D as the guest set it, never G. */
START_TEST(test_guest_entry_in_real_tlb)
{
    struct vt *v;
    struct cpu_tlb_entry e;
    int r;
    e_tlbwi(&C, 10, 0x00500000u, (7u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 11, 0x00501000u, (8u << 12) | ENTRYLO_V);
    e_tlbwi(&C, 12, 0x00502000u | 9, (9u << 12) | ENTRYLO_V | ENTRYLO_G);
    e_tlbwi(&C, 13, 0xc0000000u | 9, (10u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 14, 0x00503000u | 9, (16u << 12) | ENTRYLO_V | ENTRYLO_D); /* beyond */
    e_tlbwi(&C, 15, 0x00504000u | 9, (0xfffffu << 12) | ENTRYLO_V);
    e_tlbwi(&C, 16, 0x80005000u | 9, (5u << 12) | ENTRYLO_V);              /* kseg0 */
    e_tlbwi(&C, 17, 0x00505000u | 8, (11u << 12) | ENTRYLO_V);             /* ASID 8 now */
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    /* ASID 0: real 1; ASID 9: real 2; ASID 8: real 3 (the last EntryHi) */
    r = vt_rtlb_find(v, 0x00500000u | 1);
    ck_assert_int_ge(r, 0);
    cpu_tlb_read(v->cpu, (unsigned)r, &e);
    ck_assert_uint_eq(e.lo, vt_mfn(v, 0, 7) << 12 | ENTRYLO_V | ENTRYLO_D);
    r = vt_rtlb_find(v, 0x00501000u | 1);
    ck_assert_int_ge(r, 0);
    cpu_tlb_read(v->cpu, (unsigned)r, &e);
    ck_assert_uint_eq(e.lo, vt_mfn(v, 0, 8) << 12 | ENTRYLO_V);
    r = vt_rtlb_find(v, 0x00502000u | 2);
    ck_assert_int_ge(r, 0);
    cpu_tlb_read(v->cpu, (unsigned)r, &e);
    ck_assert_uint_eq(e.lo, vt_mfn(v, 0, 9) << 12 | ENTRYLO_V);          /* G dropped */
    r = vt_rtlb_find(v, 0xc0000000u | 2);
    ck_assert_int_ge(r, 0);
    cpu_tlb_read(v->cpu, (unsigned)r, &e);
    ck_assert_uint_eq(e.lo, vt_mfn(v, 0, 10) << 12 | ENTRYLO_V | ENTRYLO_D);
    ck_assert_uint_eq(vt_rtlb_count_vpn(v, 0x00503000u), 0);
    ck_assert_uint_eq(vt_rtlb_count_vpn(v, 0x00504000u), 0);
    ck_assert_uint_eq(vt_rtlb_count_vpn(v, 0x80005000u), 0);
    r = vt_rtlb_find(v, 0x00505000u | 3);
    ck_assert_int_ge(r, 0);
    cpu_tlb_read(v->cpu, (unsigned)r, &e);
    ck_assert_uint_eq(e.lo, vt_mfn(v, 0, 11) << 12 | ENTRYLO_V);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        cpu_tlb_read(v->cpu, i, &e);
        ck_assert(!(e.lo & ENTRYLO_G));
    }
}
END_TEST

/* Accesses through the guest's mappings: data lands in the guest frame;
 * a PFN beyond the VM's memory is a bus error; after the real entry is
 * lost (another address space), the access is a hidden refill. */
START_TEST(test_guest_mapping_access)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 0);
    e_tlbwi(&C, 10, 0x00500000u, (7u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 11, 0x00501000u, (16u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 12, 0x00502000u, (0xfffffu << 12) | ENTRYLO_V | ENTRYLO_D);
    h_li(&C, R_T0, 0x00500000u);
    h_li(&C, R_T1, 0x600d);
    h_emit(&C, enc_m(OP_SW, R_T1, 0x10, R_T0));
    h_emit(&C, enc_m(OP_SW, R_T1, 0x1010, R_T0));            /* DBE */
    h_emit(&C, enc_m(OP_LW, R_T2, 0x2010, R_T0));            /* DBE */
    e_mtc0i(&C, CP0_ENTRYHI, 1);                             /* another space... */
    e_mtc0i(&C, CP0_ENTRYHI, 0);                             /* ...and back */
    h_emit(&C, enc_m(OP_LW, R_S0, 0x10, R_T0));
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_r32(v, 0, 7 * 4096 + 0x10), 0x600d);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S0), 0x600d);
    ck_assert_uint_eq(vt_nexc(v, 0), 2);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_CAUSE), EXC_DBE << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_rec(v, 0, 2, RF_CAUSE), EXC_DBE << CAUSE_EXC_SHIFT);
    ck_assert_uint_eq(vt_stats(v).vm[0].reflected[EXC_DBE], 2);
}
END_TEST

/* ---- devices ------------------------------------------------------------------------------------ */

START_TEST(test_console_and_power)
{
    struct vt *v, *b;
    h_li(&C, R_S0, H_CON_VA);
    h_li(&C, R_T0, 0x4241);
    h_emit(&C, enc_m(OP_SB, R_T0, CONSOLE_OUT, R_S0));       /* A */
    h_emit(&C, enc_sh(OP_SRL, R_T0, R_T0, 8));
    h_emit(&C, enc_m(OP_SH, R_T0, CONSOLE_OUT, R_S0));       /* B */
    h_li(&C, R_T0, 0x12345643);
    h_emit(&C, enc_m(OP_SW, R_T0, CONSOLE_OUT, R_S0));       /* C */
    h_emit(&C, enc_m(OP_LW, R_T1, CONSOLE_OUT, R_S0));       /* reads 0 */
    e_res(&C, R_T1, 0);
    h_emit(&C, enc_m(OP_LW, R_T1, CONSOLE_CTRL, R_S0));      /* READY */
    e_res(&C, R_T1, 1);
    h_emit(&C, enc_i(OP_ADDIU, R_T0, 0, 0xff));
    h_emit(&C, enc_m(OP_SW, R_T0, CONSOLE_CTRL, R_S0));      /* INTEN */
    h_emit(&C, enc_m(OP_LW, R_T1, CONSOLE_CTRL, R_S0));
    e_res(&C, R_T1, 2);
    h_emit(&C, enc_m(OP_SW, R_ZERO, CONSOLE_CTRL, R_S0));
    h_emit(&C, enc_m(OP_LBU, R_T1, CONSOLE_IN, R_S0));       /* 'x' */
    e_res(&C, R_T1, 3);
    h_emit(&C, enc_m(OP_LB, R_T1, CONSOLE_IN, R_S0));        /* 0xff, sign-extended */
    e_res(&C, R_T1, 4);
    h_emit(&C, enc_m(OP_LHU, R_T1, CONSOLE_IN, R_S0));       /* 0xfe */
    e_res(&C, R_T1, 5);
    h_emit(&C, enc_m(OP_LW, R_T1, CONSOLE_IN, R_S0));        /* end: 0xffffffff */
    e_res(&C, R_T1, 6);
    h_emit(&C, enc_m(OP_LHU, R_T1, CONSOLE_IN, R_S0));       /* 0xffff */
    e_res(&C, R_T1, 7);
    h_emit(&C, enc_m(OP_LH, R_T1, CONSOLE_IN, R_S0));        /* 0xffffffff */
    e_res(&C, R_T1, 8);
    h_emit(&C, enc_m(OP_LW, R_T1, CONSOLE_CTRL, R_S0));      /* READY at the end */
    e_res(&C, R_T1, 9);
    h_emit(&C, enc_m(OP_SW, R_T0, CONSOLE_IN, R_S0));        /* ignored */
    h_emit(&C, enc_m(OP_LW, R_T1, DEV_POWER - DEV_CONSOLE, R_S0));
    e_res(&C, R_T1, 10);
    h_li(&C, R_T0, 0x12345);
    h_emit(&C, enc_m(OP_SW, R_T0, DEV_POWER - DEV_CONSOLE, R_S0));
    h_emit(&C, enc_i(OP_ADDIU, R_S7, 0, 1));                 /* never runs */
    v = vt_diff_in(&C, NULL, "x\xff\xfe", &b);
    ck_assert_str_eq(v->con.out, "ABC");
    ck_assert_uint_eq(vt_res(v, 0, 0), 0);
    ck_assert_uint_eq(vt_res(v, 0, 1), CONSOLE_READY);
    ck_assert_uint_eq(vt_res(v, 0, 2), CONSOLE_READY | CONSOLE_INTEN);
    ck_assert_uint_eq(vt_res(v, 0, 3), 'x');
    ck_assert_uint_eq(vt_res(v, 0, 4), 0xffffffffu);
    ck_assert_uint_eq(vt_res(v, 0, 5), 0xfe);
    ck_assert_uint_eq(vt_res(v, 0, 6), 0xffffffffu);
    ck_assert_uint_eq(vt_res(v, 0, 7), 0xffff);
    ck_assert_uint_eq(vt_res(v, 0, 8), 0xffffffffu);
    ck_assert_uint_eq(vt_res(v, 0, 9), CONSOLE_READY);
    ck_assert_uint_eq(vt_res(v, 0, 10), 0);
    ck_assert_uint_eq(vmm_exit_status(v->vmm, 0), 0x12345);
    ck_assert(vmm_halted(v->vmm, 0));
    ck_assert_uint_eq(cpu_reg(v->cpu, R_S7), 0);
    struct vmm_stats st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].emulated[EMUL_DEVICE], 18);
    ck_assert_uint_eq(st.vm[0].exits[EXIT_DEVICE], 18);
    ck_assert_int_eq(vt_run(v, 100), VT_STOP_HALT);          /* halted stays halted */
}
END_TEST

/* The device window outside the registers: DBE; a fetch from a device: IBE. */
START_TEST(test_device_errors)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 7);
    h_li(&C, R_S0, H_CON_VA);
    h_emit(&C, enc_m(OP_LW, R_T1, 0xc, R_S0));               /* 1 DBE */
    h_emit(&C, enc_m(OP_SB, R_T1, 0x1, R_S0));               /* 2 DBE */
    h_emit(&C, enc_m(OP_LW, R_T1, 0xffc, R_S0));             /* 3 DBE */
    h_emit(&C, enc_m(OP_LW, R_T1, 0x14, R_S0));              /* 4 DBE */
    h_emit(&C, enc_m(OP_LW, R_T1, 0x2, R_S0));               /* 5 AdEL */
    h_li(&C, R_T0, KSEG1_BASE + DEV_BASE + 0x1000);
    h_emit(&C, enc_m(OP_LW, R_T1, 0, R_T0));                 /* 6 DBE: past the window */
    h_emit(&C, enc_jr(R_S0));                                /* 7 IBE */
    h_emit(&C, H_NOP);
    v = vt_diff(&C, NULL);
    static const unsigned codes[] = { EXC_DBE, EXC_DBE, EXC_DBE, EXC_DBE, EXC_ADEL,
                                      EXC_DBE, EXC_IBE };
    ck_assert_uint_eq(vt_nexc(v, 0), 7);
    ck_assert_uint_eq(vt_rec(v, 0, 7, RF_EPC), H_CON_VA);
    for (unsigned i = 0; i < 7; i++)
        ck_assert_uint_eq(vt_rec(v, 0, i + 1, RF_CAUSE) & CAUSE_EXC,
                          codes[i] << CAUSE_EXC_SHIFT);
    ck_assert_str_eq(v->con.out, "");
}
END_TEST

/* ---- machine rules a VMM easily gets wrong -----------------------------------------------------
 * Each test below is a minimal guest on which the VMM once disagreed with
 * the bare machine.  vt_diff names the first difference. */

/* lwl/lwr/swl/swr, ll and sc on a device.  The machine performs them as
 * word accesses of the aligned device register (docs/isa.md: "Devices can
 * be accessed with any size of load or store"): swr prints 'Q', lwl and ll
 * read CTRL.  (The VMM once reflected DBE for each.) */
START_TEST(test_device_unaligned_ops)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 0);
    h_li(&C, R_S0, H_CON_VA);
    h_li(&C, R_T0, 'Q');
    h_emit(&C, enc_m(OP_SWR, R_T0, CONSOLE_OUT, R_S0));
    h_emit(&C, enc_m(OP_LWL, R_T1, CONSOLE_CTRL + 3, R_S0));
    e_res(&C, R_T1, 0);
    h_emit(&C, enc_m(OP_LL, R_T2, CONSOLE_CTRL, R_S0));
    e_res(&C, R_T2, 1);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_str_eq(v->con.out, "Q");
    ck_assert_uint_eq(vt_nexc(v, 0), 0);
}
END_TEST

/* The device window reached other than through kseg1.  A device is a
 * physical address: kseg0 0x9fd00000 and a TLB entry with PFN 0x1fd00 reach
 * the console as kseg1 does.  (The VMM once gave DBE for both.) */
START_TEST(test_device_through_kseg0_and_tlb)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 0);
    h_li(&C, R_T0, 'K');
    h_li(&C, R_S0, KSEG0_BASE + DEV_CONSOLE);
    h_emit(&C, enc_m(OP_SB, R_T0, CONSOLE_OUT, R_S0));
    e_tlbwi(&C, 7, 0x00600000u, DEV_CONSOLE | ENTRYLO_V | ENTRYLO_D);
    h_li(&C, R_T0, 'T');
    h_li(&C, R_S0, 0x00600000u);
    h_emit(&C, enc_m(OP_SB, R_T0, CONSOLE_OUT, R_S0));
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_str_eq(v->con.out, "KT");
}
END_TEST

/* eret clears the LL bit.  docs/isa.md: "eret clears the LL bit"; so sc
 * after ll; eret fails (writes 0).  The VMM emulates eret, so it must clear
 * the real CPU's LL bit itself (check_vmm_vms.c has the bit per VM). */
START_TEST(test_eret_clears_llbit)
{
    struct vt *v;
    unsigned li;
    h_li(&C, R_S0, VT_RES_VA);
    h_emit(&C, enc_m(OP_LL, R_T0, 0x100, R_S0));
    e_mtc0i(&C, CP0_STATUS, STATUS_EXL);
    li = C.n;
    e_mtc0i(&C, CP0_EPC, 0);
    h_emit(&C, enc_op(OP_ERET));
    h_patch_li(&C, li, R_T9, VT_AT(C.n));
    h_li(&C, R_T1, 77);
    h_emit(&C, enc_m(OP_SC, R_T1, 0x100, R_S0));
    e_res(&C, R_T1, 0);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0);
}
END_TEST

/* Guest supervisor mode.  A guest with KSU = 1 (and EXL = 0) is in
 * supervisor mode, where the machine maps kseg0, kseg1 and kseg2 through
 * the TLB (docs/isa.md, "Privilege and segments"): a store to a mapped
 * kseg2 page works.  (The VMM once ran it in real user mode: AdES.) */
START_TEST(test_guest_supervisor_kseg2)
{
    struct vt *v;
    e_tlbwi(&C, 40, 0xc0000000u, (6u << 12) | ENTRYLO_V | ENTRYLO_D);
    e_tlbwi(&C, 63, VT_USER_VA, VT_USER_PA | ENTRYLO_V | ENTRYLO_G);
    e_mtc0i(&C, CP0_STATUS, 1u << STATUS_KSU_SHIFT | STATUS_EXL);
    e_mtc0i(&C, CP0_EPC, VT_USER_VA);
    h_emit(&C, enc_op(OP_ERET));
    h_li(&U, R_T0, 0xc0000000u);
    h_li(&U, R_T1, 0x5u);
    h_emit(&U, enc_m(OP_SW, R_T1, 0x20, R_T0));
    h_emit(&U, enc_syscall(0));
    v = vt_diff(&C, &U);
    ck_assert_uint_eq(vt_status(v, 0), 0x100 | EXC_SYS);
    ck_assert_uint_eq(vt_r32(v, 0, 6 * 4096 + 0x20), 5);
}
END_TEST

/* Duplicate virtual TLB entries.  Two entries match one address: the
 * machine uses the lower-numbered one (docs/isa.md, a machine check), so
 * the load reads entry 5's frame, or with entry 5 V = 0 is a TLB-invalid
 * exception.  (The VMM once let the later write of entry 9 replace entry
 * 5's real entry.) */
START_TEST(test_duplicate_entries_lowest_wins)
{
    struct vt *v;
    e_mode(&C, VT_SKIP, 0, 0);
    h_li(&C, R_S0, KSEG0_BASE);
    h_li(&C, R_T0, 0x66);
    h_emit(&C, enc_m(OP_SW, R_T0, 0x6000, R_S0));
    h_li(&C, R_T0, 0x77);
    h_emit(&C, enc_m(OP_SW, R_T0, 0x7000, R_S0));
    e_tlbwi(&C, 5, 0x00600000u, (6u << 12) | (_i ? 0 : ENTRYLO_V | ENTRYLO_D));
    e_tlbwi(&C, 9, 0x00600000u, (7u << 12) | ENTRYLO_V | ENTRYLO_D);
    h_li(&C, R_S1, 0x00600000u);
    h_emit(&C, enc_m(OP_LW, R_T1, 0, R_S1));
    e_res(&C, R_T1, 0);
    e_halt(&C, 0);
    v = vt_diff(&C, NULL);
    ck_assert_uint_eq(vt_res(v, 0, 0), _i ? 0 : 0x66);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------------ */

static Suite *vmm_suite(void)
{
    Suite *s = suite_create("vmm");
    TCase *tc;

    tc = tcase_create("cp0");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cp0_reset_values);
    tcase_add_test(tc, test_cp0_write_ones);
    tcase_add_loop_test(tc, test_cp0_write_zero_and_patterns, 0, 5);
    tcase_add_test(tc, test_index_keeps_p);
    tcase_add_test(tc, test_random_sequence);
    tcase_add_test(tc, test_random_counts_guest_faults);
    tcase_add_test(tc, test_count_write);
    tcase_add_test(tc, test_compare_clears_timer);
    tcase_add_loop_test(tc, test_timer_interrupt_exact, 0, 12);
    tcase_add_test(tc, test_entryhi_changes_real_asid);
    tcase_add_test(tc, test_entryhi_same_asid_same_real_asid);
    tcase_add_test(tc, test_status_to_user_mode);
    tcase_add_test(tc, test_cause_software_interrupt);
    tcase_add_test(tc, test_invva);
    suite_add_tcase(s, tc);

    tc = tcase_create("tlb_ops");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_tlbwi_tlbr);
    tcase_add_test(tc, test_tlbr_loads_asid);
    tcase_add_loop_test(tc, test_tlbwr, 0, 66);
    tcase_add_test(tc, test_tlbwr_wired);
    tcase_add_test(tc, test_tlbp);
    tcase_add_test(tc, test_tlbwi_with_p);
    suite_add_tcase(s, tc);

    tc = tcase_create("eret_wait");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_eret);
    tcase_add_test(tc, test_eret_to_kernel_address_as_user);
    tcase_add_test(tc, test_wait_timer);
    tcase_add_test(tc, test_wait_nothing_enabled);
    tcase_add_test(tc, test_wait_exl_nothing_enabled);
    tcase_add_test(tc, test_wait_console);
    suite_add_tcase(s, tc);

    tc = tcase_create("delay_slots");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_delay_slot, 0, (int)(6 * NBR));
    tcase_add_test(tc, test_delay_slot_syscall);
    suite_add_tcase(s, tc);

    tc = tcase_create("reflection");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_user_refill);
    tcase_add_test(tc, test_user_refill_store_bd);
    tcase_add_test(tc, test_user_refill_fetch);
    tcase_add_test(tc, test_miss_with_exl);
    tcase_add_test(tc, test_invalid_and_mod);
    tcase_add_test(tc, test_privileged_from_user);
    tcase_add_test(tc, test_cop1_in_kernel);
    tcase_add_loop_test(tc, test_other_exceptions, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("memory");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_hidden_fills);
    tcase_add_test(tc, test_kseg_beyond_memory);
    tcase_add_test(tc, test_guest_entry_in_real_tlb);
    tcase_add_test(tc, test_guest_mapping_access);
    suite_add_tcase(s, tc);

    tc = tcase_create("devices");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_console_and_power);
    tcase_add_test(tc, test_device_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("machine_rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_device_unaligned_ops);
    tcase_add_test(tc, test_device_through_kseg0_and_tlb);
    tcase_add_test(tc, test_eret_clears_llbit);
    tcase_add_test(tc, test_guest_supervisor_kseg2);
    tcase_add_loop_test(tc, test_duplicate_entries_lowest_wins, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vmm_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
