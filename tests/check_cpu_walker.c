/*
 * check_cpu_walker.c -- the x86-style hardware walker (docs/isa.md "Hardware
 * walker (walker mode)").  Most tests run for 2, 3 and 4 levels (loop tests,
 * _i = levels) over radix tables built in RAM by the harness (h_pt_*).
 */
#include "tests/cpu_harness.h"

static struct cpu *M;
static struct h_pt PT;

#define ROOT   0x00100000u
#define POOL   0x00101000u
#define VA_D   0x40403000u       /* a data page; no table in common with H_USER_VA */
#define PA_D   0x00050000u
#define UPPER  (PTE_P | PTE_W | PTE_U)
#define LEAF   (PTE_P | PTE_W | PTE_U)

static void teardown(void)
{
    cpu_free(M);
    M = NULL;
}

/* A walker machine with n levels and an empty root table at ROOT = PTBR. */
static void wnew(unsigned levels)
{
    M = h_new_cfg(H_MEM, CPU_MMU_WALKER, levels, false);
    h_pt_init(M, &PT, levels, ROOT, POOL);
    cpu_set_cp0(M, CP0_PTBR, ROOT);
}

/* PA of the PTE of level lvl for va (the tables must exist). */
static uint32_t slot(uint32_t va, unsigned lvl)
{
    return h_pt_slot(M, &PT, va, lvl, UPPER);
}
static uint32_t pte(uint32_t va, unsigned lvl) { return h_r32(M, slot(va, lvl)); }

static void assert_walker_fault(unsigned code, uint32_t epc, bool bd, uint32_t va)
{
    H_ASSERT_EXC(M, code, VEC_GENERAL, epc, bd);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), va);
    ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI) & ENTRYHI_VPN, va & ENTRYHI_VPN);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CONTEXT) & CONTEXT_BADVPN, (va >> 10) & CONTEXT_BADVPN);
}

/* ---- configuration ---------------------------------------------------------------------- */

START_TEST(test_config)
{
    unsigned levels = (unsigned)_i;
    wnew(levels);
    ck_assert_int_eq(cpu_mmu(M), CPU_MMU_WALKER);
    ck_assert_uint_eq((cpu_cp0(M, CP0_CONFIG) & CONFIG_MT) >> CONFIG_MT_SHIFT, CONFIG_MT_WALKER);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CONFIG) & CONFIG_LEVELS, levels);
}
END_TEST

START_TEST(test_config_default_levels)
{
    M = h_new_cfg(H_MEM, CPU_MMU_WALKER, 0, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CONFIG) & CONFIG_LEVELS, 2);
}
END_TEST

/* The harness's index split is the documented one. */
START_TEST(test_index_split)
{
    /* VPN 0xabcde = 1010 1011 1100 1101 1110 */
    const uint32_t va = 0xabcde000;
    ck_assert_uint_eq(h_pt_index(2, 0, va), 0xabcde >> 10);
    ck_assert_uint_eq(h_pt_index(2, 1, va), 0xabcde & 0x3ff);
    ck_assert_uint_eq(h_pt_index(3, 0, va), 0xabcde >> 14);
    ck_assert_uint_eq(h_pt_index(3, 1, va), (0xabcde >> 7) & 0x7f);
    ck_assert_uint_eq(h_pt_index(3, 2, va), 0xabcde & 0x7f);
    for (unsigned l = 0; l < 4; l++)
        ck_assert_uint_eq(h_pt_index(4, l, va), (0xabcde >> (15 - 5 * l)) & 0x1f);
}
END_TEST

/* ---- translation, A and D, counts ----------------------------------------------------------- */

/* A load: the PA is right, A is set on every level (one write each), the TLB
 * is filled at Random; the second load hits. */
START_TEST(test_load_translates_and_sets_a)
{
    unsigned n = (unsigned)_i;
    struct cpu_stats st;
    struct cpu_tlb_entry e;

    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    h_w32(M, PA_D + 0xab4, 0xc0ffee00);
    h_w32(M, PA_D + 0xab8, 0xc0ffee01);
    cpu_set_cp0(M, CP0_ENTRYHI, 7);
    cpu_set_reg(M, R_T0, VA_D + 0xab4);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 4, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xc0ffee00);
    st = h_stats(M);
    ck_assert_uint_eq(st.walks, 1);
    ck_assert_uint_eq(st.walker_reads, n);
    ck_assert_uint_eq(st.walker_writes, n);
    ck_assert_uint_eq(st.tlb_writes, 1);
    ck_assert_uint_eq(st.tlb_misses, 1);
    for (unsigned l = 0; l < n; l++)
        ck_assert_msg(pte(VA_D, l) & PTE_A, "level %u: A not set", l);
    ck_assert_uint_eq(pte(VA_D, n - 1) & PTE_D, 0);
    ck_assert_uint_eq(pte(VA_D, n - 1), PA_D | LEAF | PTE_A);
    /* the fill: entry Random (63 at the first step), current ASID, D = 0 */
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.hi, VA_D | 7);
    ck_assert_uint_eq(e.lo, PA_D | ENTRYLO_V);
    ck_assert(e.walker_w);
    ck_assert(e.walker_u);

    cpu_run(M, 1);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0xc0ffee01);
    st = h_stats(M);
    ck_assert_uint_eq(st.walks, 1);
    ck_assert_uint_eq(st.walker_reads, n);
    ck_assert_uint_eq(st.tlb_hits, 1);
}
END_TEST

/* A store: A on every level and A|D on the leaf, one write-back per PTE; the
 * entry has D = 1 and the next store does not walk. */
START_TEST(test_store_sets_dirty)
{
    unsigned n = (unsigned)_i;
    struct cpu_stats st;

    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T1, 0x12345678);
    H_EXEC(M, 2, enc_m(OP_SW, R_T1, 0, R_T0), enc_m(OP_SB, R_T1, 5, R_T0));
    ck_assert_uint_eq(h_r32(M, PA_D), 0x12345678);
    ck_assert_uint_eq(h_r32(M, PA_D + 4), 0x7800);
    ck_assert_uint_eq(pte(VA_D, n - 1), PA_D | LEAF | PTE_A | PTE_D);
    for (unsigned l = 0; l + 1 < n; l++)
        ck_assert_uint_eq(pte(VA_D, l) & (PTE_A | PTE_D), PTE_A);
    st = h_stats(M);
    ck_assert_uint_eq(st.walks, 1);
    ck_assert_uint_eq(st.walker_reads, n);
    ck_assert_uint_eq(st.walker_writes, n);
    ck_assert_uint_eq(st.tlb_writes, 1);
    struct cpu_tlb_entry e;
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.lo, PA_D | ENTRYLO_V | ENTRYLO_D);
}
END_TEST

/* Load then store: the store hits a clean entry and walks again to set D. */
START_TEST(test_load_then_store_rewalks)
{
    unsigned n = (unsigned)_i;
    struct cpu_stats st;

    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 4,
           enc_m(OP_LW, R_T1, 0, R_T0),
           enc_m(OP_SW, R_T1, 8, R_T0),
           enc_m(OP_SW, R_T1, 12, R_T0),
           enc_m(OP_LW, R_T1, 16, R_T0));
    st = h_stats(M);
    ck_assert_uint_eq(st.walks, 2);
    ck_assert_uint_eq(st.walker_reads, 2 * n);
    ck_assert_uint_eq(st.walker_writes, n + 1);          /* A everywhere, then D */
    ck_assert_uint_eq(pte(VA_D, n - 1), PA_D | LEAF | PTE_A | PTE_D);
    ck_assert_uint_eq(st.exceptions[EXC_MOD], 0);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 16);
}
END_TEST

/* Two pages under the same tables: the second walk writes only its leaf's A. */
START_TEST(test_shared_tables_counts)
{
    unsigned n = (unsigned)_i;
    struct cpu_stats st;

    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    h_pt_map(M, &PT, VA_D + 0x1000, (PA_D + 0x1000) | LEAF | PTE_A, UPPER);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 2, enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0x1000, R_T0));
    st = h_stats(M);
    ck_assert_uint_eq(st.walks, 2);
    ck_assert_uint_eq(st.walker_reads, 2 * n);
    ck_assert_uint_eq(st.walker_writes, n);              /* 2nd leaf already had A */
    ck_assert_uint_eq(st.tlb_writes, 2);
}
END_TEST

/* PTBR bits 11:0 are ignored. */
START_TEST(test_ptbr_low_bits_ignored)
{
    unsigned n = (unsigned)_i;
    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    h_w32(M, PA_D, 0x0badf00d);
    cpu_set_cp0(M, CP0_PTBR, ROOT | 0xabc);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x0badf00d);
}
END_TEST

/* ---- faults ----------------------------------------------------------------------------------- */

/* Not present at level k: TLBL (load) / TLBS (store) at the general vector,
 * with k + 1 PTE reads, no write-back and no fill. */
START_TEST(test_not_present_each_level)
{
    unsigned n = (unsigned)_i;

    for (unsigned k = 0; k < n; k++) {
        for (int store = 0; store < 2; store++) {
            struct cpu_stats st;
            wnew(n);
            h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
            h_w32(M, slot(VA_D, k), pte(VA_D, k) & ~PTE_P);
            cpu_set_cp0(M, CP0_ENTRYHI, 3);
            cpu_set_reg(M, R_T0, VA_D + 0x10);
            cpu_set_reg(M, R_T1, 0x55);
            H_EXEC(M, 1, store ? enc_m(OP_SW, R_T1, 0, R_T0) : enc_m(OP_LW, R_T1, 0, R_T0));
            assert_walker_fault(store ? EXC_TLBS : EXC_TLBL, H_CODE_VA, false, VA_D + 0x10);
            ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI), VA_D | 3);
            ck_assert_uint_eq(cpu_reg(M, R_T1), 0x55);
            st = h_stats(M);
            ck_assert_msg(st.walker_reads == k + 1, "levels %u, absent at %u: %llu reads",
                          n, k, (unsigned long long)st.walker_reads);
            ck_assert_uint_eq(st.walks, 1);
            ck_assert_uint_eq(st.walker_writes, 0);
            ck_assert_uint_eq(st.tlb_writes, 0);
            ck_assert_uint_eq(h_r32(M, PA_D + 0x10), 0);
            for (unsigned l = 0; l <= k; l++)
                ck_assert_uint_eq(h_r32(M, slot(VA_D, l)) & PTE_A, 0);
            cpu_free(M);
            M = NULL;
        }
    }
}
END_TEST

/* A fault with EXL = 0 still goes to the general vector; one in a delay slot
 * reports the branch with BD = 1. */
START_TEST(test_fault_in_delay_slot)
{
    wnew(2);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 3, H_NOP, enc_b(OP_BEQ, 0, 0, 5), enc_m(OP_LW, R_T1, 0, R_T0));
    assert_walker_fault(EXC_TLBL, H_CODE_VA + 4, true, VA_D);
}
END_TEST

/* A store to a page that is not writable at some level: Mod, in kernel mode
 * too; no D and no memory change.  Loads are fine.  The store hits the clean
 * entry the load made, and "a store that hits an entry with D = 0 walks again
 * to set D (or raise Mod)": the Mod comes from a second walk. */
START_TEST(test_write_protect_each_level)
{
    unsigned n = (unsigned)_i;

    for (unsigned k = 0; k < n; k++) {
        struct cpu_stats st;
        wnew(n);
        h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
        h_w32(M, slot(VA_D, k), pte(VA_D, k) & ~PTE_W);
        h_w32(M, PA_D + 8, 0x01010101);
        cpu_set_reg(M, R_T0, VA_D + 8);
        cpu_set_reg(M, R_T2, 0x02020202);
        H_EXEC(M, 2, enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_SW, R_T2, 0, R_T0));
        ck_assert_uint_eq(cpu_reg(M, R_T1), 0x01010101);
        assert_walker_fault(EXC_MOD, H_CODE_VA + 4, false, VA_D + 8);
        ck_assert_uint_eq(h_r32(M, PA_D + 8), 0x01010101);
        ck_assert_uint_eq(pte(VA_D, n - 1) & PTE_D, 0);
        st = h_stats(M);
        ck_assert_msg(st.walks == 2, "W=0 at %u of %u: %llu walks", k, n,
                      (unsigned long long)st.walks);
        ck_assert_uint_eq(st.walker_reads, 2 * n);
        ck_assert_uint_eq(st.walker_writes, n);           /* A, from the load */
        ck_assert_uint_eq(st.tlb_writes, 1);
        ck_assert_uint_eq(st.exceptions[EXC_MOD], 1);
        struct cpu_tlb_entry e;
        cpu_tlb_read(M, 63, &e);
        ck_assert(!e.walker_w);
        ck_assert_uint_eq(e.lo & ENTRYLO_D, 0);
        cpu_free(M);
        M = NULL;
    }
}
END_TEST

/* The consequence: a page made writable in the tables after a load cached it
 * read-only takes the store without an InvVA (the re-walk sees W = 1). */
START_TEST(test_write_enabled_without_invva)
{
    unsigned n = (unsigned)_i;
    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | PTE_P, UPPER);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T1, 0x77);
    H_EXEC(M, 1, enc_m(OP_LW, R_T2, 0, R_T0), enc_m(OP_SW, R_T1, 0, R_T0));
    h_w32(M, slot(VA_D, n - 1), pte(VA_D, n - 1) | PTE_W);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 8);
    ck_assert_uint_eq(h_r32(M, PA_D), 0x77);
    ck_assert_uint_eq(pte(VA_D, n - 1), PA_D | PTE_P | PTE_W | PTE_A | PTE_D);
    ck_assert_uint_eq(h_stats(M).walks, 2);
}
END_TEST

/* A store as the first access to a read-only page: Mod straight from the walk. */
START_TEST(test_write_protect_first_access)
{
    unsigned n = (unsigned)_i;
    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | PTE_P | PTE_U, UPPER);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 1, enc_m(OP_SH, R_T2, 2, R_T0));
    assert_walker_fault(EXC_MOD, H_CODE_VA, false, VA_D + 2);
    ck_assert_uint_eq(h_stats(M).walker_reads, n);
    ck_assert_uint_eq(h_stats(M).tlb_writes, 0);
}
END_TEST

/* User mode: U must be set at every level; kernel and supervisor ignore U. */
START_TEST(test_user_bit_each_level)
{
    unsigned n = (unsigned)_i;

    for (unsigned k = 0; k < n; k++) {
        for (unsigned ksu = 0; ksu <= 2; ksu++) {
            uint32_t w[2] = { enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_SW, R_T1, 4, R_T0) };
            wnew(n);
            /* code at H_USER_VA through the walker, user-accessible */
            h_pt_map(M, &PT, H_USER_VA, H_CODE_PA | PTE_P | PTE_U, UPPER);
            h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
            h_w32(M, slot(VA_D, k), pte(VA_D, k) & ~PTE_U);
            h_w32(M, PA_D, 0x44);
            h_load(M, H_CODE_PA, w, 2);
            cpu_set_reg(M, R_T0, VA_D);
            h_set_ksu(M, ksu);
            cpu_set_pc(M, H_USER_VA);
            cpu_run(M, ksu == 2 ? 1 : 2);
            if (ksu == 2) {
                H_ASSERT_EXC(M, EXC_TLBL, VEC_GENERAL, H_USER_VA, false);
                ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), VA_D);
                ck_assert_uint_eq(cpu_reg(M, R_T1), 0);
            } else {
                ck_assert_msg(cpu_pc(M) == H_USER_VA + 8, "mode %u, U=0 at %u: pc 0x%08x",
                              ksu, k, cpu_pc(M));
                ck_assert_uint_eq(cpu_reg(M, R_T1), 0x44);
                ck_assert_uint_eq(h_r32(M, PA_D + 4), 0x44);
            }
            cpu_free(M);
            M = NULL;
        }
    }
}
END_TEST

/* A kernel access fills an entry for a U=0 page; a user access then hits it
 * and must still fault (TLBS for a store). */
START_TEST(test_user_fault_on_tlb_hit)
{
    uint32_t w[1] = { enc_m(OP_SW, R_T1, 0, R_T0) };
    wnew(2);
    h_pt_map(M, &PT, H_USER_VA, H_CODE_PA | PTE_P | PTE_U, UPPER);
    h_pt_map(M, &PT, VA_D, PA_D | PTE_P | PTE_W, UPPER);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T1, 9);
    H_EXEC(M, 1, enc_m(OP_SW, R_T1, 0, R_T0));           /* kernel: fine */
    ck_assert_uint_eq(h_r32(M, PA_D), 9);
    ck_assert_uint_eq(h_stats(M).walks, 1);
    cpu_set_reg(M, R_T1, 10);
    h_load(M, 0x3000, w, 1);
    h_pt_map(M, &PT, H_USER_VA, 0x3000 | PTE_P | PTE_U, UPPER);
    h_set_ksu(M, 2);
    cpu_set_pc(M, H_USER_VA);
    cpu_run(M, 1);
    H_ASSERT_EXC(M, EXC_TLBS, VEC_GENERAL, H_USER_VA, false);
    ck_assert_uint_eq(h_r32(M, PA_D), 9);
}
END_TEST

/* Large pages: a leaf with L at each upper level maps the VA's 4 KiB page
 * inside it; the PFN's low index bits are ignored. */
START_TEST(test_large_pages)
{
    unsigned n = (unsigned)_i;

    for (unsigned lvl = 0; lvl + 1 < n; lvl++) {
        unsigned shift = h_pt_shift(n, lvl);            /* the large page is 2^shift bytes */
        uint32_t size = 1u << shift;
        uint32_t base = size >= H_MEM ? 0 : size;       /* a frame of that alignment in RAM */
        uint32_t va = 0x10000000u + (size < 0x10000000u ? size * 2 : 0) + 0x2344;
        uint32_t pa = base + (va & (size - 1));
        uint32_t junk = size > 0x2000 ? 0x1000 : 0;     /* low PFN bits, ignored */
        struct cpu_walk wk;
        struct cpu_tlb_entry e;

        ck_assert_uint_lt(pa + 4, H_MEM);
        wnew(n);
        h_w32(M, h_pt_slot(M, &PT, va, lvl, UPPER), base | junk | PTE_P | PTE_W | PTE_L);
        h_w32(M, pa, 0x1a2ee000 + lvl);
        cpu_set_reg(M, R_T0, va);
        H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
        ck_assert_msg(cpu_reg(M, R_T1) == 0x1a2ee000 + lvl,
                      "levels %u, large at %u: read 0x%08x (pc 0x%08x)", n, lvl,
                      cpu_reg(M, R_T1), cpu_pc(M));
        ck_assert_uint_eq(h_stats(M).walker_reads, lvl + 1);
        ck_assert_uint_eq(h_stats(M).walker_writes, lvl + 1);
        cpu_tlb_read(M, 63, &e);                        /* one 4 KiB page in the TLB */
        ck_assert_uint_eq(e.hi & ENTRYHI_VPN, va & ENTRYHI_VPN);
        ck_assert_uint_eq(e.lo & ENTRYLO_PFN, pa & ENTRYLO_PFN);
        ck_assert_int_eq(cpu_probe_walk(M, va + 0x1000, &wk), MMU_OK);
        ck_assert_uint_eq(wk.nlevels, lvl + 1);
        ck_assert_uint_eq(wk.pa, pa + 0x1000);
        cpu_free(M);
        M = NULL;
    }
}
END_TEST

/* A PTE address outside RAM: DBE for data, IBE for a fetch. */
START_TEST(test_table_outside_ram)
{
    wnew(2);
    cpu_set_cp0(M, CP0_PTBR, 0x01000000);               /* past 4 MiB of RAM */
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    H_ASSERT_EXC(M, EXC_DBE, VEC_GENERAL, H_CODE_VA, false);
    cpu_set_cp0(M, CP0_STATUS, 0);
    cpu_set_reg(M, R_T0, H_USER_VA);
    H_EXEC(M, 3, enc_jr(R_T0), H_NOP);
    H_ASSERT_EXC(M, EXC_IBE, VEC_GENERAL, H_USER_VA, false);
}
END_TEST

/* tlbr, tlbwi, tlbwr and tlbp raise RI in walker mode, even in kernel mode. */
START_TEST(test_tlb_insns_reserved)
{
    static const enum isa_op ops[] = { OP_TLBR, OP_TLBWI, OP_TLBWR, OP_TLBP };
    wnew(2);
    for (unsigned i = 0; i < 4; i++) {
        cpu_set_cp0(M, CP0_STATUS, 0);
        H_EXEC(M, 1, enc_op(ops[i]));
        H_ASSERT_EXC(M, EXC_RI, VEC_GENERAL, H_CODE_VA, false);
    }
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_RI], 4);
    ck_assert_uint_eq(h_stats(M).tlb_writes, 0);
}
END_TEST

/* ... in every mode (docs/isa.md): RI, not CpU, in supervisor and user mode,
 * so a guest kernel sees the same exception under the VMM as on the machine. */
START_TEST(test_tlb_insns_reserved_every_mode)
{
    static const enum isa_op ops[] = { OP_TLBR, OP_TLBWI, OP_TLBWR, OP_TLBP };
    for (unsigned ksu = 1; ksu <= 2; ksu++) {
        for (unsigned i = 0; i < 4; i++) {
            uint32_t w = enc_op(ops[i]);
            wnew(2);
            h_pt_map(M, &PT, H_USER_VA, H_CODE_PA | PTE_P | PTE_U, UPPER);
            h_load(M, H_CODE_PA, &w, 1);
            h_set_ksu(M, ksu);
            cpu_set_pc(M, H_USER_VA);
            cpu_run(M, 1);
            ck_assert_msg(h_exccode(M) == EXC_RI, "%s in mode %u: ExcCode %u",
                          isa_insns[ops[i]].mnemonic, ksu, h_exccode(M));
            H_ASSERT_EXC(M, EXC_RI, VEC_GENERAL, H_USER_VA, false);
            cpu_free(M);
            M = NULL;
        }
    }
}
END_TEST

/* A user fetch from a page without U: TLBL with EPC = BadVAddr = the PC. */
START_TEST(test_user_fetch_needs_u)
{
    wnew(3);
    h_pt_map(M, &PT, H_USER_VA, H_CODE_PA | PTE_P, UPPER);
    h_set_ksu(M, 2);
    cpu_set_pc(M, H_USER_VA + 8);
    cpu_run(M, 1);
    assert_walker_fault(EXC_TLBL, H_USER_VA + 8, false, H_USER_VA + 8);
    ck_assert_uint_eq(h_stats(M).tlb_writes, 0);
}
END_TEST

/* A leaf whose PFN is outside RAM: DBE on the access (not on the walk). */
START_TEST(test_leaf_outside_ram)
{
    wnew(2);
    h_pt_map(M, &PT, VA_D, 0x01000000 | LEAF, UPPER);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    H_ASSERT_EXC(M, EXC_DBE, VEC_GENERAL, H_CODE_VA, false);
    ck_assert_uint_eq(h_stats(M).walks, 1);
}
END_TEST

/* ---- the TLB in walker mode ---------------------------------------------------------------------- */

/* The TLB is not coherent with the tables: a changed PTE is seen only after
 * InvVA drops the entry. */
START_TEST(test_invva)
{
    unsigned n = (unsigned)_i;
    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    h_w32(M, PA_D, 0xaaaaaaaa);
    h_w32(M, 0x60000, 0xbbbbbbbb);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xaaaaaaaa);
    h_pt_map(M, &PT, VA_D, 0x60000 | LEAF, UPPER);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xaaaaaaaa);    /* stale, as documented */
    H_EXEC(M, 2, enc_mtc0(R_T0, CP0_INVVA), enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xbbbbbbbb);
    ck_assert_uint_eq(h_stats(M).walks, 2);
}
END_TEST

/* Writing PTBR does not flush; a new ASID walks the new table.  G entries
 * match every ASID. */
START_TEST(test_ptbr_asid_global)
{
    struct h_pt other;
    wnew(2);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    h_pt_map(M, &PT, 0x00500000, 0x70000 | LEAF | PTE_G, UPPER);
    h_pt_init(M, &other, 2, 0x200000, 0x201000);
    h_pt_map(M, &other, VA_D, 0x60000 | LEAF, UPPER);
    h_w32(M, PA_D, 1);
    h_w32(M, 0x60000, 2);
    h_w32(M, 0x70000, 3);
    cpu_set_cp0(M, CP0_ENTRYHI, 1);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T3, 0x00500000);
    H_EXEC(M, 2, enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 0, R_T3));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 1);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 3);
    ck_assert_uint_eq(h_stats(M).walks, 2);
    cpu_set_cp0(M, CP0_PTBR, 0x200000);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 1);              /* same ASID: the old entry */
    cpu_set_cp0(M, CP0_ENTRYHI, 2);
    H_EXEC(M, 2, enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 0, R_T3));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 2);              /* new ASID: new table */
    ck_assert_uint_eq(cpu_reg(M, R_T2), 3);              /* G: no walk */
    ck_assert_uint_eq(h_stats(M).walks, 3);
}
END_TEST

/* Fills go to entry Random; Wired protects the low entries. */
START_TEST(test_fill_uses_random_and_wired)
{
    struct cpu_tlb_entry e;
    wnew(2);
    for (unsigned i = 0; i < 4; i++)
        h_pt_map(M, &PT, VA_D + 0x1000 * i, (PA_D + 0x1000 * i) | LEAF, UPPER);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 4, H_NOP, H_NOP, H_NOP, enc_m(OP_LW, R_T1, 0, R_T0));
    cpu_tlb_read(M, 60, &e);                             /* Random was 63 - 3 */
    ck_assert_uint_eq(e.hi & ENTRYHI_VPN, VA_D);
    cpu_set_cp0(M, CP0_WIRED, 63);
    H_EXEC(M, 4,
           enc_m(OP_LW, R_T1, 0x1000, R_T0),
           enc_m(OP_LW, R_T1, 0x2000, R_T0),
           H_NOP,
           enc_m(OP_LW, R_T1, 0x3000, R_T0));
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.hi & ENTRYHI_VPN, VA_D + 0x3000);
    cpu_tlb_read(M, 60, &e);
    ck_assert_uint_eq(e.hi & ENTRYHI_VPN, VA_D);
    for (unsigned i = 0; i < 60; i++) {
        cpu_tlb_read(M, i, &e);
        ck_assert_uint_eq(e.hi, KSEG0_BASE + (i << 12));
    }
}
END_TEST

/* Supervisor mode maps kseg0 through the walker, also at the VPNs that the
 * reset (invalid) TLB entries hold: an invalid entry is not a hit. */
START_TEST(test_supervisor_kseg0_through_walker)
{
    uint32_t w[2] = { enc_m(OP_LW, R_T1, 0x10, R_T0), enc_m(OP_LW, R_T2, 0x10, R_T3) };
    wnew(2);
    h_pt_map(M, &PT, H_USER_VA, H_CODE_PA | PTE_P, UPPER);
    h_pt_map(M, &PT, KSEG0_BASE, PA_D | LEAF, UPPER);           /* reset entry 0's VPN */
    h_pt_map(M, &PT, 0x80100000, 0x60000 | LEAF, UPPER);
    h_w32(M, PA_D + 0x10, 0x5e1f0000);
    h_w32(M, 0x60010, 0x5e1f0001);
    h_w32(M, 0x10, 0xbad0bad0);                                  /* PA 0 + 0x10 */
    h_w32(M, 0x100010, 0xbad1bad1);
    h_load(M, H_CODE_PA, w, 2);
    cpu_set_reg(M, R_T0, KSEG0_BASE);
    cpu_set_reg(M, R_T3, 0x80100000);
    h_set_ksu(M, 1);
    cpu_set_pc(M, H_USER_VA);
    ck_assert_int_eq(cpu_run(M, 2), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x5e1f0000);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0x5e1f0001);
}
END_TEST

/* The same after InvVA: the dropped entry must not be used either. */
START_TEST(test_invva_dropped_entry_not_used)
{
    uint32_t w[3] = { enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 0, R_T3), H_NOP };
    struct cpu_tlb_entry e;
    wnew(2);
    h_pt_map(M, &PT, H_USER_VA, H_CODE_PA | PTE_P, UPPER);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    h_w32(M, PA_D, 0x11111111);
    cpu_set_reg(M, R_T0, VA_D);
    H_EXEC(M, 2, enc_m(OP_LW, R_T1, 0, R_T0), enc_mtc0(R_T0, CP0_INVVA));
    /* Whatever entry InvVA left behind, its VPN must translate by walking. */
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.lo & ENTRYLO_V, 0);
    uint32_t dropped = e.hi & ENTRYHI_VPN;
    h_pt_map(M, &PT, dropped, 0x60000 | LEAF, UPPER);
    h_w32(M, 0x60000, 0x22222222);
    h_load(M, H_CODE_PA, w, 3);
    cpu_set_reg(M, R_T3, dropped);
    cpu_set_cp0(M, CP0_ENTRYHI, e.hi & ENTRYHI_ASID);
    h_set_ksu(M, 1);
    cpu_set_pc(M, H_USER_VA);
    ck_assert_int_eq(cpu_run(M, 2), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x11111111);    /* walked again */
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0x22222222);
}
END_TEST

/* User code fetched through the walker. */
START_TEST(test_fetch_through_walker)
{
    unsigned n = (unsigned)_i;
    uint32_t w[3] = { enc_i(OP_ADDIU, R_T1, 0, 5), enc_i(OP_ADDIU, R_T1, R_T1, 6), H_NOP };
    wnew(n);
    h_pt_map(M, &PT, H_USER_VA, H_CODE_PA | PTE_P | PTE_U, UPPER);
    h_load(M, H_CODE_PA, w, 3);
    h_set_ksu(M, 2);
    cpu_set_pc(M, H_USER_VA);
    ck_assert_int_eq(cpu_run(M, 3), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 11);
    ck_assert_uint_eq(h_stats(M).walks, 1);
    ck_assert_uint_eq(h_stats(M).walker_reads, n);
    ck_assert_uint_eq(h_stats(M).tlb_hits, 2);
    ck_assert_uint_eq(h_stats(M).tlb_misses, 1);
}
END_TEST

/* ---- probes ---------------------------------------------------------------------------------------- */

/* cpu_probe_walk reports each level and changes nothing: no A/D, no stats, no
 * TLB fill, no Random step. */
START_TEST(test_probe_walk)
{
    unsigned n = (unsigned)_i;
    struct cpu_walk wk;
    struct cpu_stats before, after;
    struct cpu_tlb_entry e0[CPU_TLB_SIZE], e1;
    uint8_t ram0[0x8000], ram1[0x8000];
    uint32_t random0;

    wnew(n);
    h_pt_map(M, &PT, VA_D, PA_D | LEAF, UPPER);
    cpu_get_stats(M, &before);
    random0 = cpu_cp0(M, CP0_RANDOM);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++)
        cpu_tlb_read(M, i, &e0[i]);
    cpu_phys_read(M, ROOT, ram0, sizeof ram0);

    ck_assert_int_eq(cpu_probe_walk(M, VA_D + 0x123, &wk), MMU_OK);
    ck_assert_uint_eq(wk.nlevels, n);
    ck_assert_uint_eq(wk.pa, PA_D + 0x123);
    for (unsigned l = 0; l < n; l++) {
        ck_assert_uint_eq(wk.level[l].pte_pa, slot(VA_D, l));
        ck_assert_uint_eq(wk.level[l].pte, pte(VA_D, l));
        ck_assert_uint_eq(wk.level[l].index, h_pt_index(n, l, VA_D));
    }
    /* not present at the last level: nlevels still counts it */
    h_w32(M, slot(VA_D, n - 1), 0);
    ck_assert_int_eq(cpu_probe_walk(M, VA_D, &wk), MMU_PAGE_FAULT);
    ck_assert_uint_eq(wk.nlevels, n);
    h_w32(M, slot(VA_D, n - 1), PA_D | LEAF);
    /* cpu_probe: from a walk, no fill */
    struct cpu_xlate x;
    ck_assert_int_eq(cpu_probe(M, VA_D + 4, CPU_STORE, CPU_USER, &x), MMU_OK);
    ck_assert_uint_eq(x.pa, PA_D + 4);
    ck_assert(x.mapped);
    ck_assert(x.from_walk);

    cpu_get_stats(M, &after);
    ck_assert_int_eq(memcmp(&before, &after, sizeof before), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_RANDOM), random0);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        cpu_tlb_read(M, i, &e1);
        ck_assert_uint_eq(e1.hi, e0[i].hi);
        ck_assert_uint_eq(e1.lo, e0[i].lo);
    }
    cpu_phys_read(M, ROOT, ram1, sizeof ram1);
    ck_assert_int_eq(memcmp(ram0, ram1, sizeof ram0), 0);
}
END_TEST

/* ---- a whole system on the walker ------------------------------------------------------------------ */

START_TEST(test_walker_system)
{
    unsigned n = (unsigned)_i;
    struct cpu_stats st;
    enum cpu_stop why;

    M = h_new_cfg(HK_MEM, CPU_MMU_WALKER, n, false);
    hk_build(M, 4, 80);
    why = cpu_run(M, 200000);
    ck_assert_msg(why == CPU_STOP_HALT, "stop %d, pc 0x%08x, cause 0x%08x", why, cpu_pc(M),
                  cpu_cp0(M, CP0_CAUSE));
    ck_assert_uint_eq(cpu_exit_status(M), hk_model(4, 80));
    st = h_stats(M);
    ck_assert_uint_eq(st.exceptions[EXC_SYS], 5);
    ck_assert_uint_eq(st.exceptions[EXC_TLBL] + st.exceptions[EXC_TLBS] + st.exceptions[EXC_MOD], 0);
    ck_assert_uint_eq(st.walker_reads % n, 0);
    ck_assert_uint_ge(st.walks, 2 * 80 + 1);
    ck_assert_uint_eq(st.tlb_writes, st.walks);          /* every walk here fills */
    /* every data page of both address spaces was loaded and stored */
    for (unsigned t = 0; t < 2; t++) {
        struct h_pt pt = { t ? HK_TABLE_B : HK_TABLE_A, 0, n };
        for (unsigned i = 0; i < 80; i++) {
            uint32_t leaf = h_r32(M, h_pt_slot(M, &pt, HK_DATA_VA + 4096 * i, n - 1, 0));
            ck_assert_uint_eq(leaf & (PTE_A | PTE_D), PTE_A | PTE_D);
        }
    }
}
END_TEST

static Suite *walker_suite(void)
{
    Suite *s = suite_create("cpu_walker");
    TCase *tc = tcase_create("walker");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_loop_test(tc, test_config, 2, 5);
    tcase_add_test(tc, test_config_default_levels);
    tcase_add_test(tc, test_index_split);
    tcase_add_loop_test(tc, test_load_translates_and_sets_a, 2, 5);
    tcase_add_loop_test(tc, test_store_sets_dirty, 2, 5);
    tcase_add_loop_test(tc, test_load_then_store_rewalks, 2, 5);
    tcase_add_loop_test(tc, test_shared_tables_counts, 2, 5);
    tcase_add_loop_test(tc, test_ptbr_low_bits_ignored, 2, 5);
    tcase_add_loop_test(tc, test_not_present_each_level, 2, 5);
    tcase_add_test(tc, test_fault_in_delay_slot);
    tcase_add_loop_test(tc, test_write_protect_each_level, 2, 5);
    tcase_add_loop_test(tc, test_write_protect_first_access, 2, 5);
    tcase_add_loop_test(tc, test_write_enabled_without_invva, 2, 5);
    tcase_add_loop_test(tc, test_user_bit_each_level, 2, 5);
    tcase_add_test(tc, test_user_fault_on_tlb_hit);
    tcase_add_loop_test(tc, test_large_pages, 2, 5);
    tcase_add_test(tc, test_table_outside_ram);
    tcase_add_test(tc, test_tlb_insns_reserved);
    tcase_add_test(tc, test_tlb_insns_reserved_every_mode);
    tcase_add_test(tc, test_user_fetch_needs_u);
    tcase_add_test(tc, test_leaf_outside_ram);
    tcase_add_loop_test(tc, test_invva, 2, 5);
    tcase_add_test(tc, test_ptbr_asid_global);
    tcase_add_test(tc, test_fill_uses_random_and_wired);
    tcase_add_test(tc, test_supervisor_kseg0_through_walker);
    tcase_add_test(tc, test_invva_dropped_entry_not_used);
    tcase_add_loop_test(tc, test_fetch_through_walker, 2, 5);
    tcase_add_loop_test(tc, test_probe_walk, 2, 5);
    tcase_add_loop_test(tc, test_walker_system, 2, 5);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(walker_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
