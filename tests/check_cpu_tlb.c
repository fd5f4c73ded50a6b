/*
 * check_cpu_tlb.c -- CP0, the soft TLB, segments and privilege (docs/isa.md
 * "Privilege and segments", "CP0 registers", "Exceptions", "TLB (soft mode)").
 */
#include "tests/cpu_harness.h"

static struct cpu *M;
static void setup(void) { M = h_new(); }
static void teardown(void) { cpu_free(M); M = NULL; }

#define VA_U   0x00600000u       /* a kuseg page used for data (not H_USER_VA) */
#define PA_U   0x00005000u

/* Check the CP0 side of a TLB exception (TLBL/TLBS/Mod). */
static void assert_tlb_exc(unsigned code, uint32_t vec, uint32_t epc, bool bd,
                           uint32_t va, unsigned asid, uint32_t ptebase)
{
    H_ASSERT_EXC(M, code, vec, epc, bd);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), va);
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI), (va & ENTRYHI_VPN) | asid);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CONTEXT), ptebase | ((va >> 10) & CONTEXT_BADVPN));
}

/* ---- reset and CP0 registers ----------------------------------------------------- */

START_TEST(test_reset_state)
{
    struct cpu_tlb_entry e;

    ck_assert_uint_eq(cpu_pc(M), VEC_REFILL);
    ck_assert(!cpu_in_delay_slot(M));
    ck_assert_int_eq(cpu_mode(M), CPU_KERNEL);
    ck_assert_int_eq(cpu_mmu(M), CPU_MMU_SOFT);
    ck_assert_uint_eq(cpu_mem_size(M), H_MEM);
    ck_assert_uint_eq(cpu_cp0(M, CP0_STATUS), STATUS_BEV);
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_RANDOM), 63);
    ck_assert_uint_eq(cpu_cp0(M, CP0_WIRED), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYLO), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CONTEXT), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COMPARE), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_EPC), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_PRID), PRID_TLBVISOR);
    ck_assert_uint_eq((cpu_cp0(M, CP0_CONFIG) & CONFIG_MT) >> CONFIG_MT_SHIFT, CONFIG_MT_TLB);
    ck_assert_uint_eq(cpu_cp0(M, CP0_PTBR), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_INVVA), 0);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        cpu_tlb_read(M, i, &e);
        ck_assert_uint_eq(e.hi, KSEG0_BASE + (i << 12));
        ck_assert_uint_eq(e.lo & ENTRYLO_V, 0);
    }
    for (unsigned r = 0; r < 32; r++)
        ck_assert_uint_eq(cpu_reg(M, r), 0);
    ck_assert_uint_eq(cpu_hi(M), 0);
    ck_assert_uint_eq(cpu_lo(M), 0);
    ck_assert(!cpu_halted(M));
}
END_TEST

/* Write masks: each register keeps only its writable bits; read-only ones
 * ignore writes; unlisted numbers read 0. */
START_TEST(test_cp0_write_masks)
{
    static const struct { unsigned reg; uint32_t want; } t[] = {
        { CP0_CAUSE, CAUSE_IP_SW },
        { CP0_INDEX, INDEX_MASK },
        { CP0_RANDOM, 63 },
        { CP0_ENTRYLO, ENTRYLO_MASK },
        { CP0_CONTEXT, CONTEXT_PTEBASE },
        { CP0_WIRED, 63 },
        { CP0_BADVADDR, 0 },
        { CP0_COUNT, 0xffffffff },
        { CP0_ENTRYHI, ENTRYHI_VPN | ENTRYHI_ASID },
        { CP0_COMPARE, 0xffffffff },
        { CP0_EPC, 0xffffffff },
        { CP0_PRID, PRID_TLBVISOR },
        { CP0_PTBR, 0xffffffff },
        { CP0_INVVA, 0xffffffff },
        { 3, 0 }, { 5, 0 }, { 7, 0 }, { 17, 0 }, { 31, 0 },
    };
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
        cpu_set_cp0(M, t[i].reg, 0xffffffff);
        ck_assert_msg(cpu_cp0(M, t[i].reg) == t[i].want, "CP0 %u reads 0x%08x, expected 0x%08x",
                      t[i].reg, cpu_cp0(M, t[i].reg), t[i].want);
    }
    /* Config is read-only */
    uint32_t config = cpu_cp0(M, CP0_CONFIG);
    cpu_set_cp0(M, CP0_CONFIG, ~config);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CONFIG), config);
    /* Status: its bits only (EXL then forces kernel mode) */
    cpu_set_cp0(M, CP0_STATUS, 0xffffffff);
    ck_assert_uint_eq(cpu_cp0(M, CP0_STATUS), STATUS_MASK);
    ck_assert_int_eq(cpu_mode(M), CPU_KERNEL);
}
END_TEST

/* mtc0 / mfc0 go through the same masks as the host calls. */
START_TEST(test_mtc0_mfc0)
{
    cpu_set_reg(M, R_T0, 0xffffffff);
    H_EXEC(M, 6,
           enc_mtc0(R_T0, CP0_ENTRYHI),
           enc_mtc0(R_T0, CP0_ENTRYLO),
           enc_mtc0(R_T0, CP0_CONTEXT),
           enc_mfc0(R_T1, CP0_ENTRYHI),
           enc_mfc0(R_T2, CP0_ENTRYLO),
           enc_mfc0(R_T3, CP0_CONTEXT));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xfffff0ff);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0xfffff700);
    ck_assert_uint_eq(cpu_reg(M, R_T3), 0xffe00000);
}
END_TEST

/* Writing Index keeps P (docs: "index 5:0 (P is kept)"). */
START_TEST(test_index_write_keeps_p)
{
    cpu_set_cp0(M, CP0_ENTRYHI, VA_U);
    H_EXEC(M, 1, enc_op(OP_TLBP));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), INDEX_P);
    cpu_set_cp0(M, CP0_INDEX, 5);
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), INDEX_P | 5);
    /* tlbwi and tlbr use the index bits whatever P says */
    cpu_set_cp0(M, CP0_ENTRYLO, PA_U | ENTRYLO_V);
    H_EXEC(M, 1, enc_op(OP_TLBWI));
    struct cpu_tlb_entry e;
    cpu_tlb_read(M, 5, &e);
    ck_assert_uint_eq(e.hi, VA_U);
    ck_assert_uint_eq(e.lo, PA_U | ENTRYLO_V);
    h_tlb(M, 6, 0x00777000 | 9, 0x00008000 | ENTRYLO_G);
    cpu_set_cp0(M, CP0_INDEX, 6);
    H_EXEC(M, 1, enc_op(OP_TLBR));
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI), 0x00777000 | 9);
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYLO), 0x00008000 | ENTRYLO_G);
}
END_TEST

START_TEST(test_mode)
{
    static const struct { uint32_t status; enum cpu_mode mode; } t[] = {
        { 0, CPU_KERNEL },
        { 1u << STATUS_KSU_SHIFT, CPU_SUPERVISOR },
        { 2u << STATUS_KSU_SHIFT, CPU_USER },
        { 3u << STATUS_KSU_SHIFT, CPU_USER },
        { 2u << STATUS_KSU_SHIFT | STATUS_EXL, CPU_KERNEL },
        { 1u << STATUS_KSU_SHIFT | STATUS_EXL, CPU_KERNEL },
    };
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
        cpu_set_cp0(M, CP0_STATUS, t[i].status);
        ck_assert_msg(cpu_mode(M) == t[i].mode, "Status 0x%x: mode %d", t[i].status, cpu_mode(M));
    }
}
END_TEST

/* ---- tlbwi, tlbr, tlbp ---------------------------------------------------------------- */

START_TEST(test_tlbwi)
{
    struct cpu_tlb_entry e;
    cpu_set_reg(M, R_T0, VA_U | 7);
    cpu_set_reg(M, R_T1, PA_U | ENTRYLO_D | ENTRYLO_V);
    cpu_set_reg(M, R_T2, 5);
    H_EXEC(M, 4,
           enc_mtc0(R_T0, CP0_ENTRYHI),
           enc_mtc0(R_T1, CP0_ENTRYLO),
           enc_mtc0(R_T2, CP0_INDEX),
           enc_op(OP_TLBWI));
    cpu_tlb_read(M, 5, &e);
    ck_assert_uint_eq(e.hi, VA_U | 7);
    ck_assert_uint_eq(e.lo, PA_U | ENTRYLO_D | ENTRYLO_V);
    ck_assert_uint_eq(h_stats(M).tlb_writes, 1);
    /* the others are untouched */
    cpu_tlb_read(M, 4, &e);
    ck_assert_uint_eq(e.hi, KSEG0_BASE + (4u << 12));
    cpu_tlb_read(M, 6, &e);
    ck_assert_uint_eq(e.hi, KSEG0_BASE + (6u << 12));
}
END_TEST

/* tlbr loads EntryHi (its ASID too) and EntryLo from entry Index. */
START_TEST(test_tlbr)
{
    h_tlb(M, 9, VA_U | 5, PA_U | ENTRYLO_V | ENTRYLO_G);
    cpu_set_cp0(M, CP0_ENTRYHI, 0x12345000 | 3);
    cpu_set_cp0(M, CP0_INDEX, 9);
    H_EXEC(M, 1, enc_op(OP_TLBR));
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI), VA_U | 5);
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYLO), PA_U | ENTRYLO_V | ENTRYLO_G);
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), 9);
    ck_assert_uint_eq(h_stats(M).tlb_writes, 0);
}
END_TEST

/* The ASID tlbr loads is the current ASID at once: the next load uses it. */
START_TEST(test_tlbr_changes_current_asid)
{
    h_map(M, 1, VA_U, PA_U, 5, ENTRYLO_V);
    h_w32(M, PA_U + 8, 0xabcd0123);
    h_tlb(M, 2, 0x00777000 | 5, 0);
    cpu_set_cp0(M, CP0_ENTRYHI, 3);
    cpu_set_cp0(M, CP0_INDEX, 2);
    cpu_set_reg(M, R_T0, VA_U + 8);
    H_EXEC(M, 2, enc_op(OP_TLBR), enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xabcd0123);
}
END_TEST

START_TEST(test_tlbp)
{
    h_map(M, 9, VA_U, PA_U, 3, ENTRYLO_V);
    h_map(M, 20, 0x00800000, PA_U, 7, ENTRYLO_V | ENTRYLO_G);
    h_map(M, 30, 0x00900000, PA_U, 4, 0);                /* V = 0 still matches */

    /* hit */
    cpu_set_cp0(M, CP0_ENTRYHI, VA_U | 3);
    H_EXEC(M, 1, enc_op(OP_TLBP));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), 9);
    /* miss: other ASID; Index = P exactly (docs: "Index = P (0x80000000)") */
    cpu_set_cp0(M, CP0_ENTRYHI, VA_U | 4);
    H_EXEC(M, 1, enc_op(OP_TLBP));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), INDEX_P);
    /* hit after a miss clears P */
    cpu_set_cp0(M, CP0_ENTRYHI, VA_U | 3);
    H_EXEC(M, 1, enc_op(OP_TLBP));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), 9);
    /* G matches any ASID */
    cpu_set_cp0(M, CP0_ENTRYHI, 0x00800000 | 1);
    H_EXEC(M, 1, enc_op(OP_TLBP));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), 20);
    /* an entry with V = 0 matches */
    cpu_set_cp0(M, CP0_ENTRYHI, 0x00900000 | 4);
    H_EXEC(M, 1, enc_op(OP_TLBP));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX), 30);
    /* no entry for that VPN at all */
    cpu_set_cp0(M, CP0_ENTRYHI, 0x00a00000 | 4);
    H_EXEC(M, 1, enc_op(OP_TLBP));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX) & INDEX_P, INDEX_P);
    /* tlbp changes no entry and no EntryHi */
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI), 0x00a00000 | 4);
    ck_assert_uint_eq(h_stats(M).tlb_writes, 0);
}
END_TEST

/* cpu_tlb_write takes the index mod 64. */
START_TEST(test_tlb_write_index_mod_64)
{
    struct cpu_tlb_entry e;
    h_tlb(M, 64 + 3, VA_U | 1, PA_U | ENTRYLO_V);
    cpu_tlb_read(M, 3, &e);
    ck_assert_uint_eq(e.hi, VA_U | 1);
    ck_assert_uint_eq(e.lo, PA_U | ENTRYLO_V);
}
END_TEST

/* ---- Random, Wired, tlbwr --------------------------------------------------------------- */

/* Random starts at 63 and goes down by one per instruction step, wrapping from
 * Wired (0) back to 63. */
START_TEST(test_random_sequence)
{
    uint32_t nops[140] = { 0 };
    h_code(M, nops, 140);
    ck_assert_uint_eq(cpu_cp0(M, CP0_RANDOM), 63);
    for (unsigned k = 1; k <= 130; k++) {
        cpu_run(M, 1);
        ck_assert_msg(cpu_cp0(M, CP0_RANDOM) == 63 - (k % 64),
                      "after %u steps Random = %u", k, cpu_cp0(M, CP0_RANDOM));
    }
    /* reading does not step it */
    ck_assert_uint_eq(cpu_cp0(M, CP0_RANDOM), cpu_cp0(M, CP0_RANDOM));
}
END_TEST

/* With Wired = 60 Random cycles 63, 62, 61, 60, 63 ...; writing Wired resets it to 63. */
START_TEST(test_random_with_wired)
{
    uint32_t nops[40] = { 0 };
    h_code(M, nops, 40);
    cpu_run(M, 5);
    cpu_set_cp0(M, CP0_WIRED, 60);
    ck_assert_uint_eq(cpu_cp0(M, CP0_WIRED), 60);
    ck_assert_uint_eq(cpu_cp0(M, CP0_RANDOM), 63);
    for (unsigned k = 1; k <= 20; k++) {
        cpu_run(M, 1);
        ck_assert_msg(cpu_cp0(M, CP0_RANDOM) == 63 - (k % 4),
                      "Wired 60, %u steps: Random = %u", k, cpu_cp0(M, CP0_RANDOM));
    }
}
END_TEST

/* Faulting steps step Random too ("per instruction step"). */
START_TEST(test_random_counts_faulting_steps)
{
    H_EXEC(M, 1, enc_syscall(0));
    ck_assert_uint_eq(h_exccode(M), EXC_SYS);
    ck_assert_uint_eq(cpu_cp0(M, CP0_RANDOM), 62);
}
END_TEST

/* The guest's mfc0 sees the same sequence: 63 for the first instruction, then
 * one less per step.  mtc0 Wired sets Random to 63 during its own step, which
 * then counts like any other: the next instruction sees 62 (a host write
 * between steps is read back as 63, see test_random_with_wired). */
START_TEST(test_random_mfc0)
{
    cpu_set_reg(M, R_T0, 10);
    H_EXEC(M, 6,
           enc_mfc0(R_T1, CP0_RANDOM),          /* step 0: 63 */
           H_NOP,
           enc_mfc0(R_T2, CP0_RANDOM),          /* step 2: 61 */
           enc_mtc0(R_T0, CP0_WIRED),
           enc_mfc0(R_T3, CP0_RANDOM),          /* 62 */
           enc_mfc0(R_T4, CP0_RANDOM));         /* 61 */
    ck_assert_uint_eq(cpu_reg(M, R_T1), 63);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 61);
    ck_assert_uint_eq(cpu_reg(M, R_T3), 62);
    ck_assert_uint_eq(cpu_reg(M, R_T4), 61);
}
END_TEST

/* tlbwr writes entry Random: 10 nops then tlbwr writes entry 53. */
START_TEST(test_tlbwr_uses_random)
{
    uint32_t prog[12] = { 0 };
    struct cpu_tlb_entry e;

    prog[10] = enc_op(OP_TLBWR);
    cpu_set_cp0(M, CP0_ENTRYHI, VA_U | 9);
    cpu_set_cp0(M, CP0_ENTRYLO, PA_U | ENTRYLO_V);
    h_code(M, prog, 12);
    cpu_run(M, 11);
    cpu_tlb_read(M, 53, &e);
    ck_assert_uint_eq(e.hi, VA_U | 9);
    ck_assert_uint_eq(e.lo, PA_U | ENTRYLO_V);
    ck_assert_uint_eq(h_stats(M).tlb_writes, 1);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        if (i == 53)
            continue;
        cpu_tlb_read(M, i, &e);
        ck_assert_uint_eq(e.hi, KSEG0_BASE + (i << 12));
    }
}
END_TEST

/* tlbwr never writes below Wired: Wired = 62, eight tlbwr at various steps. */
START_TEST(test_tlbwr_respects_wired)
{
    struct h_prog p = { .n = 0 };
    struct cpu_tlb_entry e;

    for (unsigned i = 0; i < 8; i++) {
        h_emit(&p, enc_i(OP_ADDIU, R_T0, R_T0, 0x1000));
        h_emit(&p, enc_mtc0(R_T0, CP0_ENTRYHI));
        for (unsigned k = 0; k < i; k++)
            h_emit(&p, H_NOP);
        h_emit(&p, enc_op(OP_TLBWR));
    }
    cpu_set_cp0(M, CP0_WIRED, 62);
    h_code(M, p.w, p.n);
    cpu_run(M, p.n);
    ck_assert_uint_eq(h_stats(M).tlb_writes, 8);
    for (unsigned i = 0; i < 62; i++) {
        cpu_tlb_read(M, i, &e);
        ck_assert_uint_eq(e.hi, KSEG0_BASE + (i << 12));
    }
    /* the last tlbwr wrote VPN 8 into 62 or 63 */
    struct cpu_tlb_entry a, b;
    cpu_tlb_read(M, 62, &a);
    cpu_tlb_read(M, 63, &b);
    ck_assert(a.hi == 0x8000 || b.hi == 0x8000);
}
END_TEST

/* ---- translation ----------------------------------------------------------------------------- */

/* An entry matches when VPNs are equal and (G or ASIDs are equal). */
START_TEST(test_asid_match)
{
    h_map(M, 7, VA_U, PA_U, 1, ENTRYLO_V);
    h_w32(M, PA_U + 0x10, 0x600df00d);
    cpu_set_reg(M, R_T0, VA_U + 0x10);
    cpu_set_cp0(M, CP0_ENTRYHI, 1);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x600df00d);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
    ck_assert_uint_eq(h_stats(M).tlb_hits, 1);
    ck_assert_uint_eq(h_stats(M).tlb_misses, 0);

    /* ASID 2: no match -> refill */
    cpu_set_cp0(M, CP0_ENTRYHI, 2);
    cpu_set_reg(M, R_T1, 0);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    assert_tlb_exc(EXC_TLBL, VEC_REFILL, H_CODE_VA, false, VA_U + 0x10, 2, 0);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0);
    ck_assert_uint_eq(h_stats(M).tlb_misses, 1);
}
END_TEST

START_TEST(test_global_matches_every_asid)
{
    h_map(M, 7, VA_U, PA_U, 1, ENTRYLO_V | ENTRYLO_G);
    h_w32(M, PA_U, 0x1234);
    cpu_set_reg(M, R_T0, VA_U);
    for (unsigned asid = 0; asid < 256; asid += 51) {
        cpu_set_cp0(M, CP0_ENTRYHI, asid);
        cpu_set_reg(M, R_T1, 0);
        H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
        ck_assert_uint_eq(cpu_reg(M, R_T1), 0x1234);
    }
}
END_TEST

/* Refill: no entry matches, EXL = 0 -> 0x80000000; load TLBL, store TLBS. */
START_TEST(test_refill_load)
{
    const uint32_t va = 0x7fff3abc;
    cpu_set_cp0(M, CP0_CONTEXT, 0xc0000000);
    cpu_set_cp0(M, CP0_ENTRYHI, 0x00001000 | 0x42);
    cpu_set_reg(M, R_T0, va);
    cpu_set_reg(M, R_T1, 0x77);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    assert_tlb_exc(EXC_TLBL, VEC_REFILL, H_CODE_VA, false, va, 0x42, 0xc0000000);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CONTEXT), 0xc01fffcc);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x77);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_TLBL], 1);
    ck_assert_uint_eq(h_stats(M).tlb_misses, 1);
    ck_assert_uint_eq(h_stats(M).insns, 0);
}
END_TEST

START_TEST(test_refill_store)
{
    cpu_set_reg(M, R_T0, VA_U + 0x124);
    H_EXEC(M, 1, enc_m(OP_SB, R_T1, 0, R_T0));
    assert_tlb_exc(EXC_TLBS, VEC_REFILL, H_CODE_VA, false, VA_U + 0x124, 0, 0);
}
END_TEST

/* A fetch that misses: TLBL, EPC = BadVAddr = the address fetched (not a delay slot). */
START_TEST(test_refill_fetch)
{
    cpu_set_reg(M, R_T0, VA_U + 0x40);
    cpu_set_cp0(M, CP0_ENTRYHI, 9);
    H_EXEC(M, 3, enc_jr(R_T0), H_NOP);
    assert_tlb_exc(EXC_TLBL, VEC_REFILL, VA_U + 0x40, false, VA_U + 0x40, 9, 0);
}
END_TEST

/* A miss in a delay slot: EPC = the branch, BD = 1. */
START_TEST(test_refill_in_delay_slot)
{
    cpu_set_reg(M, R_T0, VA_U);
    H_EXEC(M, 3, H_NOP, enc_b(OP_BEQ, 0, 0, 10), enc_m(OP_LW, R_T1, 0, R_T0));
    assert_tlb_exc(EXC_TLBL, VEC_REFILL, H_CODE_VA + 4, true, VA_U, 0, 0);
}
END_TEST

/* A miss with EXL = 1 goes to the general vector and leaves EPC alone. */
START_TEST(test_miss_with_exl_general_vector)
{
    cpu_set_cp0(M, CP0_STATUS, STATUS_EXL);
    cpu_set_cp0(M, CP0_EPC, 0x00400800);
    cpu_set_reg(M, R_T0, VA_U + 4);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    assert_tlb_exc(EXC_TLBL, VEC_GENERAL, 0x00400800, false, VA_U + 4, 0, 0);
}
END_TEST

/* A matching entry with V = 0: TLB invalid, general vector. */
START_TEST(test_invalid_entry_general_vector)
{
    h_map(M, 12, VA_U, PA_U, 3, ENTRYLO_D);             /* V = 0 */
    cpu_set_cp0(M, CP0_ENTRYHI, 3);
    cpu_set_cp0(M, CP0_CONTEXT, 0x80200000);
    cpu_set_reg(M, R_T0, VA_U + 0xffc);
    H_EXEC(M, 1, enc_m(OP_SW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0, R_T0));
    assert_tlb_exc(EXC_TLBS, VEC_GENERAL, H_CODE_VA, false, VA_U + 0xffc, 3, 0x80200000);
    ck_assert_uint_eq(h_stats(M).tlb_misses, 1);
    cpu_set_pc(M, H_CODE_VA + 4);
    cpu_set_cp0(M, CP0_STATUS, 0);
    cpu_run(M, 1);
    assert_tlb_exc(EXC_TLBL, VEC_GENERAL, H_CODE_VA + 4, false, VA_U + 0xffc, 3, 0x80200000);
}
END_TEST

/* A store to an entry with D = 0: Mod at the general vector; loads are fine. */
START_TEST(test_mod)
{
    h_map(M, 12, VA_U, PA_U, 0, ENTRYLO_V);
    h_w32(M, PA_U + 8, 0x11111111);
    cpu_set_reg(M, R_T0, VA_U + 8);
    cpu_set_reg(M, R_T1, 0x22222222);
    H_EXEC(M, 2, enc_m(OP_LW, R_T2, 0, R_T0), enc_m(OP_SW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0x11111111);
    assert_tlb_exc(EXC_MOD, VEC_GENERAL, H_CODE_VA + 4, false, VA_U + 8, 0, 0);
    ck_assert_uint_eq(h_r32(M, PA_U + 8), 0x11111111);
    /* swl/swr and sb are stores too */
    static const enum isa_op st[] = { OP_SB, OP_SH, OP_SWL, OP_SWR, OP_SC };
    for (unsigned i = 0; i < sizeof st / sizeof st[0]; i++) {
        cpu_set_cp0(M, CP0_STATUS, 0);
        if (st[i] == OP_SC) {   /* sc with the LL bit set stores */
            H_EXEC(M, 2, enc_m(OP_LL, R_T2, 0, R_T0), enc_m(OP_SC, R_T1, 0, R_T0));
            ck_assert_uint_eq(cpu_cp0(M, CP0_EPC), H_CODE_VA + 4);
        } else {
            H_EXEC(M, 1, enc_m(st[i], R_T1, 0, R_T0));
            ck_assert_uint_eq(cpu_cp0(M, CP0_EPC), H_CODE_VA);
        }
        ck_assert_msg(h_exccode(M) == EXC_MOD, "%s: ExcCode %u", isa_insns[st[i]].mnemonic,
                      h_exccode(M));
        ck_assert_uint_eq(h_r32(M, PA_U + 8), 0x11111111);
    }
    /* with D = 1 the store goes through */
    h_map(M, 12, VA_U, PA_U, 0, ENTRYLO_V | ENTRYLO_D);
    cpu_set_cp0(M, CP0_STATUS, 0);
    H_EXEC(M, 1, enc_m(OP_SW, R_T1, 0, R_T0));
    ck_assert_uint_eq(h_r32(M, PA_U + 8), 0x22222222);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_MOD], 6);
}
END_TEST

/* The PFN comes from the entry; the offset from the VA. */
START_TEST(test_translation_pfn)
{
    h_map(M, 0, 0x7ffff000, 0x003ff000, 0, ENTRYLO_V | ENTRYLO_D);
    cpu_set_reg(M, R_T0, 0x7ffffffc);
    cpu_set_reg(M, R_T1, 0xfeedface);
    H_EXEC(M, 2, enc_m(OP_SW, R_T1, 0, R_T0), enc_m(OP_LBU, R_T2, -1, R_T0));
    ck_assert_uint_eq(h_r32(M, 0x003ffffc), 0xfeedface);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0);
}
END_TEST

/* kseg2 is mapped in kernel mode. */
START_TEST(test_kseg2_mapped_in_kernel)
{
    cpu_set_reg(M, R_T0, 0xc0001008);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    assert_tlb_exc(EXC_TLBL, VEC_REFILL, H_CODE_VA, false, 0xc0001008, 0,
                   0); /* Context.BadVPN holds VA bits 30:12 only */
    ck_assert_uint_eq(cpu_cp0(M, CP0_CONTEXT), (0x40001u << 2));
    h_map(M, 3, 0xc0001000, PA_U, 0, ENTRYLO_V);
    h_w32(M, PA_U + 8, 0x5a5a5a5a);
    cpu_set_cp0(M, CP0_STATUS, 0);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x5a5a5a5a);
}
END_TEST

/* Two matching entries: machine check logged and counted, the lower entry used. */
START_TEST(test_duplicate_entries)
{
    struct h_log log = { .count = 0 };
    cpu_set_log(M, h_log_fn, &log);
    h_map(M, 7, VA_U, 0x6000, 0, ENTRYLO_V);
    h_map(M, 3, VA_U, 0x7000, 0, ENTRYLO_V | ENTRYLO_G);
    h_w32(M, 0x6000, 0x66666666);
    h_w32(M, 0x7000, 0x77777777);
    cpu_set_reg(M, R_T0, VA_U);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x77777777);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
    ck_assert_uint_ge(h_stats(M).machine_checks, 1);
    ck_assert_int_ge(log.count, 1);
    ck_assert_msg(strstr(log.last, "machine check") != NULL, "log: %s", log.last);
    /* a second access goes on working (no crash) and counts again */
    uint64_t mc = h_stats(M).machine_checks;
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 4, R_T0));
    ck_assert_uint_eq(h_stats(M).machine_checks, mc + 1);
}
END_TEST

/* InvVA drops every entry for the page, whatever its ASID, and no other. */
START_TEST(test_invva_drops_entries)
{
    struct cpu_xlate x;
    h_map(M, 4, VA_U, PA_U, 1, ENTRYLO_V);
    h_map(M, 5, VA_U, PA_U, 2, ENTRYLO_V);
    h_map(M, 6, VA_U + 0x1000, PA_U, 1, ENTRYLO_V);
    cpu_set_cp0(M, CP0_ENTRYHI, 1);
    ck_assert_int_eq(cpu_probe(M, VA_U, CPU_LOAD, CPU_KERNEL, &x), MMU_OK);
    cpu_set_reg(M, R_T0, VA_U + 0xabc);
    H_EXEC(M, 1, enc_mtc0(R_T0, CP0_INVVA));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INVVA), VA_U + 0xabc);
    ck_assert_int_eq(cpu_probe(M, VA_U, CPU_LOAD, CPU_KERNEL, &x), MMU_TLB_REFILL);
    cpu_set_cp0(M, CP0_ENTRYHI, 2);
    ck_assert_int_eq(cpu_probe(M, VA_U, CPU_LOAD, CPU_KERNEL, &x), MMU_TLB_REFILL);
    cpu_set_cp0(M, CP0_ENTRYHI, 1);
    ck_assert_int_eq(cpu_probe(M, VA_U + 0x1000, CPU_LOAD, CPU_KERNEL, &x), MMU_OK);
    ck_assert_int_eq(x.tlb_index, 6);
    /* tlbp agrees, and a real access goes to the refill vector */
    cpu_set_cp0(M, CP0_ENTRYHI, VA_U | 1);
    H_EXEC(M, 2, enc_op(OP_TLBP), enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_cp0(M, CP0_INDEX) & INDEX_P, INDEX_P);
    ck_assert_uint_eq(cpu_pc(M), VEC_REFILL);
}
END_TEST

/* ---- privilege and segments --------------------------------------------------------------- */

struct seg_case { uint32_t va; bool store; unsigned code; uint32_t vec; };
static const struct seg_case user_seg_cases[] = {
    { 0x80000000, false, EXC_ADEL, VEC_GENERAL },
    { 0x80001000, true,  EXC_ADES, VEC_GENERAL },
    { 0x9ffffffc, false, EXC_ADEL, VEC_GENERAL },
    { 0xa0000000, false, EXC_ADEL, VEC_GENERAL },
    { 0xbfd00000, true,  EXC_ADES, VEC_GENERAL },
    { 0xc0000000, false, EXC_ADEL, VEC_GENERAL },
    { 0xfffffffc, true,  EXC_ADES, VEC_GENERAL },
    { 0x7ffffffc, false, EXC_TLBL, VEC_REFILL },     /* kuseg: mapped, a miss */
    { 0x00000000, true,  EXC_TLBS, VEC_REFILL },
};

/* User mode: kseg0/1/2 raise address errors with BadVAddr; kuseg is mapped. */
START_TEST(test_user_segments)
{
    const struct seg_case *c = &user_seg_cases[_i];
    uint32_t w = enc_m(c->store ? OP_SW : OP_LW, R_T1, 0, R_T0);
    cpu_set_reg(M, R_T0, c->va);
    cpu_set_reg(M, R_T1, 0x31);
    h_code_mapped(M, 2, &w, 1);
    ck_assert_int_eq(cpu_mode(M), CPU_USER);
    cpu_run(M, 1);
    H_ASSERT_EXC(M, c->code, c->vec, H_USER_VA, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), c->va);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x31);
}
END_TEST

/* User fetch from kseg0: AdEL with EPC = BadVAddr = the address. */
START_TEST(test_user_fetch_kseg0)
{
    uint32_t w[2] = { enc_jr(R_T0), H_NOP };
    cpu_set_reg(M, R_T0, H_CODE_VA);
    h_code_mapped(M, 2, w, 2);
    cpu_run(M, 3);
    H_ASSERT_EXC(M, EXC_ADEL, VEC_GENERAL, H_CODE_VA, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), H_CODE_VA);
}
END_TEST

/* Supervisor mode maps kseg0 and kseg1 through the TLB. */
START_TEST(test_supervisor_maps_kseg0)
{
    uint32_t w[3] = { enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 0, R_T3), H_NOP };
    h_map(M, 40, 0x80100000, 0x6000, 0, ENTRYLO_V);
    h_map(M, 41, 0xa0100000, 0x7000, 0, ENTRYLO_V);
    h_w32(M, 0x6010, 0x60606060);
    h_w32(M, 0x7010, 0x70707070);
    h_w32(M, 0x100010, 0xdeaddead);                      /* what kernel mode would read */
    cpu_set_reg(M, R_T0, 0x80100010);
    cpu_set_reg(M, R_T3, 0xa0100010);
    h_code_mapped(M, 1, w, 3);
    ck_assert_int_eq(cpu_mode(M), CPU_SUPERVISOR);
    ck_assert_int_eq(cpu_run(M, 2), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x60606060);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0x70707070);
    /* not in the TLB: a refill */
    cpu_set_reg(M, R_T0, 0x80200000);
    cpu_set_pc(M, H_USER_VA);
    cpu_run(M, 1);
    assert_tlb_exc(EXC_TLBL, VEC_REFILL, H_USER_VA, false, 0x80200000, 0, 0);
}
END_TEST

/* Supervisor and user: CpU for mfc0 (Cause.CE = 0), registers untouched. */
START_TEST(test_cpu_for_cp0_outside_kernel)
{
    for (unsigned ksu = 1; ksu <= 2; ksu++) {
        uint32_t w = enc_mfc0(R_T1, CP0_STATUS);
        cpu_set_cp0(M, CP0_STATUS, 0);
        cpu_set_reg(M, R_T1, 0x99);
        h_code_mapped(M, ksu, &w, 1);
        cpu_run(M, 1);
        H_ASSERT_EXC(M, EXC_CPU, VEC_GENERAL, H_USER_VA, false);
        ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_CE, 0);
        ck_assert_uint_eq(cpu_reg(M, R_T1), 0x99);
    }
}
END_TEST

/* eret to user mode: PC = EPC, EXL = 0, mode is KSU again. */
START_TEST(test_eret_to_user)
{
    h_map(M, 63, H_USER_VA, 0x3000, 0, ENTRYLO_V | ENTRYLO_G);
    h_w32(M, 0x3000, enc_i(OP_ADDIU, R_T0, 0, 77));
    cpu_set_cp0(M, CP0_STATUS, (2u << STATUS_KSU_SHIFT) | STATUS_EXL);
    cpu_set_cp0(M, CP0_EPC, H_USER_VA);
    H_EXEC(M, 2, enc_op(OP_ERET));
    ck_assert_int_eq(cpu_mode(M), CPU_USER);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 77);
    ck_assert_uint_eq(cpu_pc(M), H_USER_VA + 4);
}
END_TEST

/* After the kernel has used kseg0, a guest eret to user mode must not let
 * user code reach kseg0 (the translation mode changes with eret), and an
 * exception back to kernel mode must let the kernel reach it again. */
START_TEST(test_eret_switches_translation_mode)
{
    uint32_t user[2] = { enc_m(OP_LW, R_T2, 0, R_T0), H_NOP };
    h_load(M, 0x3000, user, 2);
    h_map(M, 63, H_USER_VA, 0x3000, 0, ENTRYLO_V | ENTRYLO_G);
    h_w32(M, H_DATA_PA, 0x4b4b4b4b);
    cpu_set_reg(M, R_T0, H_DATA_VA);
    cpu_set_cp0(M, CP0_STATUS, (2u << STATUS_KSU_SHIFT) | STATUS_EXL);
    cpu_set_cp0(M, CP0_EPC, H_USER_VA);
    /* kernel: load kseg0 (hot in any cache), then eret to the user's load */
    H_EXEC(M, 3, enc_m(OP_LW, R_T1, 0, R_T0), enc_op(OP_ERET));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x4b4b4b4b);
    H_ASSERT_EXC(M, EXC_ADEL, VEC_GENERAL, H_USER_VA, false);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), H_DATA_VA);
    /* the handler (kernel again) reads kseg0 */
    h_w32(M, 0x180, enc_m(OP_LW, R_T3, 0, R_T0));
    cpu_run(M, 1);
    ck_assert_uint_eq(cpu_reg(M, R_T3), 0x4b4b4b4b);
}
END_TEST

/* ---- coherence of the translation cache ---------------------------------------------------- */

/* Overwriting an entry (tlbwi or cpu_tlb_write) or changing the ASID or the
 * mode takes effect for the very next access. */
START_TEST(test_changes_take_effect_at_once)
{
    h_w32(M, 0x6000, 0x66666666);
    h_w32(M, 0x7000, 0x77777777);
    h_map(M, 10, VA_U, 0x6000, 1, ENTRYLO_V);
    cpu_set_cp0(M, CP0_ENTRYHI, VA_U | 1);
    cpu_set_cp0(M, CP0_INDEX, 10);
    cpu_set_cp0(M, CP0_ENTRYLO, 0x7000 | ENTRYLO_V);
    cpu_set_reg(M, R_T0, VA_U);
    cpu_set_reg(M, R_T4, 2);
    H_EXEC(M, 5,
           enc_m(OP_LW, R_T1, 0, R_T0),         /* 0x66666666 */
           enc_op(OP_TLBWI),                    /* entry 10 -> 0x7000, ASID 1 */
           enc_m(OP_LW, R_T2, 0, R_T0),         /* 0x77777777 */
           enc_mtc0(R_T4, CP0_ENTRYHI),         /* ASID 2 */
           enc_m(OP_LW, R_T3, 0, R_T0),         /* miss */
           H_NOP);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x66666666);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0x77777777);
    ck_assert_uint_eq(cpu_pc(M), VEC_REFILL);
    ck_assert_uint_eq(cpu_cp0(M, CP0_EPC), H_CODE_VA + 16);

    /* host write */
    cpu_set_cp0(M, CP0_STATUS, 0);
    cpu_set_cp0(M, CP0_ENTRYHI, 1);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x77777777);
    h_map(M, 10, VA_U, 0x6000, 1, ENTRYLO_V);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x66666666);

    /* mode: kseg0 works in kernel mode, then not in user mode */
    cpu_set_reg(M, R_T0, H_DATA_VA);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
    uint32_t w = enc_m(OP_LW, R_T1, 0, R_T0);
    h_code_mapped(M, 2, &w, 1);
    cpu_run(M, 1);
    ck_assert_uint_eq(h_exccode(M), EXC_ADEL);
}
END_TEST

/* A page whose entry loses D: the next store raises Mod. */
START_TEST(test_dirty_cleared_takes_effect)
{
    h_map(M, 10, VA_U, 0x6000, 0, ENTRYLO_V | ENTRYLO_D);
    cpu_set_reg(M, R_T0, VA_U);
    cpu_set_reg(M, R_T1, 5);
    H_EXEC(M, 1, enc_m(OP_SW, R_T1, 0, R_T0));
    ck_assert_uint_eq(h_r32(M, 0x6000), 5);
    h_map(M, 10, VA_U, 0x6000, 0, ENTRYLO_V);
    cpu_set_reg(M, R_T1, 6);
    H_EXEC(M, 1, enc_m(OP_SW, R_T1, 0, R_T0));
    ck_assert_uint_eq(h_exccode(M), EXC_MOD);
    ck_assert_uint_eq(h_r32(M, 0x6000), 5);
}
END_TEST

/* ---- a whole software-refilled system ---------------------------------------------------- */

/* The guest kernel of the harness: refills through Context, Mod, syscalls that
 * switch ASIDs.  It must finish with the model's sum and the expected counts. */
START_TEST(test_refill_handler_system)
{
    struct cpu *c = h_new_cfg(HK_MEM, CPU_MMU_SOFT, 0, false);
    struct cpu_stats st;
    enum cpu_stop why;

    hk_build(c, 4, 80);
    why = cpu_run(c, 200000);
    ck_assert_msg(why == CPU_STOP_HALT, "stop %d, pc 0x%08x", why, cpu_pc(c));
    ck_assert_uint_eq(cpu_exit_status(c), hk_model(4, 80));
    ck_assert(cpu_halted(c));
    st = h_stats(c);
    ck_assert_uint_eq(st.exceptions[EXC_SYS], 5);
    /* every refill (a miss at the refill vector) was followed by one tlbwr */
    ck_assert_uint_eq(st.tlb_writes, st.exceptions[EXC_TLBL] + st.exceptions[EXC_TLBS]
                      + st.exceptions[EXC_MOD]);
    /* the first round of each ASID misses on every page; odd pages are clean */
    ck_assert_uint_ge(st.exceptions[EXC_TLBL], 2 * 80);
    ck_assert_uint_ge(st.exceptions[EXC_MOD], 2 * 40);
    ck_assert_uint_eq(st.machine_checks, 0);
    ck_assert_uint_eq(st.insns, cpu_cp0(c, CP0_COUNT));
    cpu_free(c);
}
END_TEST

static Suite *tlb_suite(void)
{
    Suite *s = suite_create("cpu_tlb");
    TCase *tc;

    tc = tcase_create("cp0");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reset_state);
    tcase_add_test(tc, test_cp0_write_masks);
    tcase_add_test(tc, test_mtc0_mfc0);
    tcase_add_test(tc, test_index_write_keeps_p);
    tcase_add_test(tc, test_mode);
    suite_add_tcase(s, tc);

    tc = tcase_create("tlb_ops");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_tlbwi);
    tcase_add_test(tc, test_tlbr);
    tcase_add_test(tc, test_tlbr_changes_current_asid);
    tcase_add_test(tc, test_tlbp);
    tcase_add_test(tc, test_tlb_write_index_mod_64);
    tcase_add_test(tc, test_random_sequence);
    tcase_add_test(tc, test_random_with_wired);
    tcase_add_test(tc, test_random_counts_faulting_steps);
    tcase_add_test(tc, test_random_mfc0);
    tcase_add_test(tc, test_tlbwr_uses_random);
    tcase_add_test(tc, test_tlbwr_respects_wired);
    suite_add_tcase(s, tc);

    tc = tcase_create("translation");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_asid_match);
    tcase_add_test(tc, test_global_matches_every_asid);
    tcase_add_test(tc, test_refill_load);
    tcase_add_test(tc, test_refill_store);
    tcase_add_test(tc, test_refill_fetch);
    tcase_add_test(tc, test_refill_in_delay_slot);
    tcase_add_test(tc, test_miss_with_exl_general_vector);
    tcase_add_test(tc, test_invalid_entry_general_vector);
    tcase_add_test(tc, test_mod);
    tcase_add_test(tc, test_translation_pfn);
    tcase_add_test(tc, test_kseg2_mapped_in_kernel);
    tcase_add_test(tc, test_duplicate_entries);
    tcase_add_test(tc, test_invva_drops_entries);
    tcase_add_test(tc, test_changes_take_effect_at_once);
    tcase_add_test(tc, test_dirty_cleared_takes_effect);
    tcase_add_test(tc, test_refill_handler_system);
    suite_add_tcase(s, tc);

    tc = tcase_create("privilege");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_user_segments, 0,
                        (int)(sizeof user_seg_cases / sizeof user_seg_cases[0]));
    tcase_add_test(tc, test_user_fetch_kseg0);
    tcase_add_test(tc, test_supervisor_maps_kseg0);
    tcase_add_test(tc, test_cpu_for_cp0_outside_kernel);
    tcase_add_test(tc, test_eret_to_user);
    tcase_add_test(tc, test_eret_switches_translation_mode);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tlb_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
