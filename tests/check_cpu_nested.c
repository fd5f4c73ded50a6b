/*
 * check_cpu_nested.c -- nested paging, the hardware assist a VMM uses for
 * --paging nested (docs/isa.md "Nested paging").
 *
 * The machine here plays a VMM's host: guest-physical memory is GPA [0,
 * GLIM), whose frames live at machine addresses [GBASE, GBASE + GLIM) in a
 * shuffled order (gma() is the model); the nested table that says so is
 * built in machine memory at NROOT.  The guest's radix tables are built in
 * guest-physical space (rooted at GPA GROOT = PTBR) and written at their
 * machine addresses through the model, so every check compares the
 * machine's 2D walk with an independent computation.
 *
 * Counting tests run their code in supervisor mode from a kseg0 page whose
 * translation is pre-installed in wired TLB entry 0, so the only walks are
 * the data accesses'.  Loop tests over (n, m) use _i = 4 * (n - 2) + (m - 1)
 * for n guest levels in 2..4 and m nested levels in 1..4.
 */
#include "tests/cpu_harness.h"

static struct cpu *M;
static struct h_traps TR;

#define NMEM      (8u << 20)
#define GLIM      0x00200000u     /* guest-physical memory: 2 MiB = the nested limit */
#define NROOT     0x00200000u     /* nested tables (machine addresses) */
#define NPOOL     0x00201000u
#define NEND      0x00280000u     /* end of the nested-table area */
#define GBASE     0x00400000u     /* guest frames live in machine [4 MiB, 6 MiB) */
#define GROOT     0x00100000u     /* guest root table (GPA) */
#define GPOOL     0x00101000u
#define VA_D      0x40403000u     /* a data page (kuseg) */
#define GPA_D     0x00050000u     /* ... its guest frame; VA_D + i pages -> GPA_D + i pages */
#define CODE_GPA  0x00001000u
#define CODE_VA   (KSEG0_BASE + CODE_GPA)
#define GUP       (PTE_P | PTE_W | PTE_U)      /* guest upper-level entries */
#define GLEAF     (PTE_P | PTE_W | PTE_U)
#define NUP       (PTE_P | PTE_W)              /* nested entries */

static unsigned NL, ML;           /* guest levels n, nested levels m */
static bool shuf;                 /* guest frames shuffled, else GPA -> MA = GPA + moff */
static uint32_t moff;

static void teardown(void)
{
    cpu_free(M);
    M = NULL;
}

/* ---- the model: guest-physical -> machine ------------------------------------------------ */

static uint32_t gma(uint32_t gpa)
{
    if (!shuf)
        return gpa + moff;
    return GBASE + ((((gpa >> 12) * 167u + 31u) & 511u) << 12) + (gpa & 0xfff);
}
static void gw32(uint32_t gpa, uint32_t v) { h_w32(M, gma(gpa), v); }
static uint32_t gr32(uint32_t gpa) { return h_r32(M, gma(gpa)); }

/* ---- the nested table (machine space) ------------------------------------------------------ */

static const unsigned nbits_tab[5][4] = {
    [1] = { 20 }, [2] = { 10, 10 }, [3] = { 6, 7, 7 }, [4] = { 5, 5, 5, 5 },
};
static uint32_t npool;

/* Guest-frame-number bit where the index of nested level lvl starts. */
static unsigned nshift(unsigned lvl)
{
    unsigned s = 0;
    for (unsigned l = lvl + 1; l < ML; l++)
        s += nbits_tab[ML][l];
    return s;
}
static unsigned nindex(unsigned lvl, uint32_t gpa)
{
    return ((gpa >> 12) >> nshift(lvl)) & ((1u << nbits_tab[ML][lvl]) - 1u);
}
/* Machine address of the nested entry of level lvl for gpa (creating tables above it). */
static uint32_t nslot(uint32_t gpa, unsigned lvl)
{
    uint32_t table = NROOT;
    for (unsigned l = 0; l < lvl; l++) {
        uint32_t s = table + 4 * nindex(l, gpa), e = h_r32(M, s);
        if (!(e & PTE_P)) {
            e = npool | NUP;
            h_zero_frame(M, npool);
            npool += 0x1000;
            ck_assert_uint_le(npool, NEND);
            h_w32(M, s, e);
        }
        table = e & PTE_PFN;
    }
    return table + 4 * nindex(lvl, gpa);
}
static uint32_t nleaf(uint32_t gpa) { return nslot(gpa, ML - 1); }

/* Map all of guest-physical memory, 4 KiB frames, P and W. */
static void nmap_all(void)
{
    h_zero_frame(M, NROOT);
    npool = NPOOL;
    for (uint32_t g = 0; g < GLIM; g += 0x1000)
        h_w32(M, nleaf(g), (gma(g) & PTE_PFN) | NUP);
}

static void nested_on(bool pwc, bool large)
{
    struct cpu_nested ns = { .on = true, .root = NROOT, .levels = ML, .large = large,
                             .limit = GLIM, .pwc = pwc };
    ck_assert_int_eq(cpu_set_nested(M, &ns), 0);
}

/* ---- the guest's tables (guest-physical space) ------------------------------------------------- */

static uint32_t gpool;

static void gzero(uint32_t gpa)
{
    h_zero_frame(M, gma(gpa & PTE_PFN));
}
/* GPA of the guest PTE of level lvl for va (creating tables above it). */
static uint32_t gslot(uint32_t va, unsigned lvl)
{
    uint32_t table = GROOT;
    for (unsigned l = 0; l < lvl; l++) {
        uint32_t s = table + 4 * h_pt_index(NL, l, va), e = gr32(s);
        if (!(e & PTE_P)) {
            e = gpool | GUP;
            gzero(gpool);
            gpool += 0x1000;
            gw32(s, e);
        }
        table = e & PTE_PFN;
    }
    return table + 4 * h_pt_index(NL, lvl, va);
}
static uint32_t gpte(uint32_t va, unsigned lvl) { return gr32(gslot(va, lvl)); }
static void gmap(uint32_t va, uint32_t leaf) { gw32(gslot(va, NL - 1), leaf); }

/* ---- machines ------------------------------------------------------------------------------------ */

/* A walker machine with n guest levels, nested paging with m levels over a
 * shuffled guest-physical memory, guest tables at GROOT = PTBR mapping
 * VA_D + i pages -> GPA_D + i pages (i < 8), and a trap recorder that stops. */
static void nsetup_map(unsigned n, unsigned m, bool shuffled, uint32_t offset, bool pwc, bool large)
{
    M = h_new_cfg(NMEM, CPU_MMU_WALKER, n, false);
    NL = n;
    ML = m;
    shuf = shuffled;
    moff = offset;
    nmap_all();
    nested_on(pwc, large);
    gzero(GROOT);
    gpool = GPOOL;
    cpu_set_cp0(M, CP0_PTBR, GROOT);
    for (uint32_t i = 0; i < 8; i++)
        gmap(VA_D + 0x1000 * i, (GPA_D + 0x1000 * i) | GLEAF);
    memset(&TR, 0, sizeof TR);
    TR.action = CPU_TRAP_STOP;
    cpu_set_trap_hook(M, h_trap_fn, &TR);
}
static void nsetup(unsigned n, unsigned m, bool pwc) { nsetup_map(n, m, true, 0, pwc, false); }
static unsigned loop_n(int i) { return 2 + (unsigned)i / 4; }
static unsigned loop_m(int i) { return 1 + (unsigned)i % 4; }

static void set_mode(unsigned ksu)
{
    cpu_set_cp0(M, CP0_STATUS, ksu << STATUS_KSU_SHIFT);
}

/* Pre-install the code page's translation in wired entry 0. */
static void code_tlb(void)
{
    struct cpu_tlb_entry e = { CODE_VA, (gma(CODE_GPA) & ENTRYLO_PFN) | ENTRYLO_V | ENTRYLO_G,
                               false, false };
    cpu_tlb_write(M, 0, &e);
    cpu_set_cp0(M, CP0_WIRED, 1);
}

/* Load w at CODE_GPA and continue at CODE_VA in supervisor mode. */
static void sup_code(const uint32_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        gw32(CODE_GPA + 4 * i, w[i]);
    code_tlb();
    set_mode(1);
    cpu_set_pc(M, CODE_VA);
}
#define SUP(...) \
    sup_code((const uint32_t[]){ __VA_ARGS__ }, \
             (unsigned)(sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t)))

static struct cpu_stats delta(const struct cpu_stats *a, const struct cpu_stats *b)
{
    struct cpu_stats d;
    d.walks = b->walks - a->walks;
    d.nested_walks = b->nested_walks - a->nested_walks;
    d.walk_refs = b->walk_refs - a->walk_refs;
    d.walker_reads = b->walker_reads - a->walker_reads;
    d.walker_writes = b->walker_writes - a->walker_writes;
    d.nested_reads = b->nested_reads - a->nested_reads;
    d.nested_writes = b->nested_writes - a->nested_writes;
    d.pwc_hits = b->pwc_hits - a->pwc_hits;
    d.nested_faults = b->nested_faults - a->nested_faults;
    d.tlb_hits = b->tlb_hits - a->tlb_hits;
    d.tlb_misses = b->tlb_misses - a->tlb_misses;
    d.tlb_writes = b->tlb_writes - a->tlb_writes;
    for (unsigned k = 0; k < CPU_WALK_HIST; k++)
        d.walk_hist[k] = b->walk_hist[k] - a->walk_hist[k];
    return d;
}

/* Run one step and return the statistics it added. */
static struct cpu_stats step1(void)
{
    struct cpu_stats a = h_stats(M), b;
    cpu_run(M, 1);
    b = h_stats(M);
    return delta(&a, &b);
}

/* The histogram moved by exactly one walk, in bucket k. */
static void assert_hist_one(const struct cpu_stats *d, unsigned k)
{
    for (unsigned b = 0; b < CPU_WALK_HIST; b++)
        ck_assert_msg(d->walk_hist[b] == (b == k ? 1u : 0u), "bucket %u: %llu (expected the walk in %u)",
                      b, (unsigned long long)d->walk_hist[b], k);
}

static void assert_nested_trap(unsigned code, uint32_t va, uint32_t gpa)
{
    ck_assert_int_eq(TR.n, 1);
    ck_assert_uint_eq(TR.last.code, code);
    ck_assert(TR.last.nested);
    ck_assert_uint_eq(TR.last.gpa, gpa);
    ck_assert(!TR.last.refill);
    ck_assert_uint_eq(TR.last.badvaddr, va);
    ck_assert_uint_eq(TR.badvaddr, va);
    ck_assert_uint_eq(TR.entryhi & ENTRYHI_VPN, va & ENTRYHI_VPN);
    ck_assert_uint_eq(TR.context & CONTEXT_BADVPN, (va >> 10) & CONTEXT_BADVPN);
    ck_assert_uint_eq(TR.pc, VEC_GENERAL);
}

/* Every word of [lo, hi) of machine memory, for "nothing was written" checks. */
static uint8_t *snap(uint32_t lo, uint32_t hi)
{
    uint8_t *p = malloc(hi - lo);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(cpu_phys_read(M, lo, p, hi - lo), 0);
    return p;
}
static unsigned changed_words(const uint8_t *a, uint32_t lo, uint32_t hi)
{
    uint8_t *b = snap(lo, hi);
    unsigned n = 0;
    for (uint32_t i = 0; i < hi - lo; i += 4)
        n += memcmp(a + i, b + i, 4) != 0;
    free(b);
    return n;
}

/* ---- configuration -------------------------------------------------------------------------------- */

START_TEST(test_set_nested_api)
{
    struct cpu_nested ns = { .on = true, .root = NROOT, .levels = 2, .limit = GLIM }, got;

    M = h_new_cfg(NMEM, CPU_MMU_SOFT, 0, false);
    ck_assert_int_eq(cpu_set_nested(M, &ns), -1);         /* soft TLB: ignored */
    cpu_get_nested(M, &got);
    ck_assert(!got.on);
    cpu_free(M);

    M = h_new_cfg(NMEM, CPU_MMU_WALKER, 2, false);
    cpu_get_nested(M, &got);
    ck_assert(!got.on);
    ck_assert_uint_eq(got.levels, 0);
    for (unsigned bad = 0; bad < 8; bad += 5) {             /* 0 and 5 */
        ns.levels = bad;
        ck_assert_int_eq(cpu_set_nested(M, &ns), -1);
        cpu_get_nested(M, &got);
        ck_assert(!got.on);
    }
    for (unsigned m = 1; m <= 4; m++) {
        ns.levels = m;
        ns.pwc = m & 1;
        ns.large = m & 2;
        ck_assert_int_eq(cpu_set_nested(M, &ns), 0);
        cpu_get_nested(M, &got);
        ck_assert(got.on);
        ck_assert_uint_eq(got.levels, m);
        ck_assert_uint_eq(got.root, NROOT);
        ck_assert_uint_eq(got.limit, GLIM);
        ck_assert_int_eq(got.pwc, ns.pwc);
        ck_assert_int_eq(got.large, ns.large);
    }
    ck_assert_int_eq(cpu_set_nested(M, NULL), 0);
    cpu_get_nested(M, &got);
    ck_assert(!got.on);
}
END_TEST

/* cpu_set_nested and cpu_nested_flush flush the TLB. */
START_TEST(test_set_nested_flushes_tlb)
{
    struct cpu_tlb_entry e;
    nsetup(2, 2, false);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0, R_T0));
    cpu_set_reg(M, R_T0, VA_D);
    cpu_run(M, 1);
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.hi & ENTRYHI_VPN, VA_D);
    ck_assert(e.lo & ENTRYLO_V);
    for (int how = 0; how < 2; how++) {
        if (how == 0)
            nested_on(false, false);
        else
            cpu_nested_flush(M);
        for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
            cpu_tlb_read(M, i, &e);
            ck_assert_uint_eq(e.lo & ENTRYLO_V, 0);
            ck_assert_uint_eq(e.hi, KSEG0_BASE + (i << 12));
        }
        code_tlb();
        cpu_set_pc(M, CODE_VA + 4);
        ck_assert_uint_eq(step1().walks, 1);
        cpu_tlb_read(M, 63, &e);
        ck_assert(e.lo & ENTRYLO_V);
    }
}
END_TEST

/* cpu_switch_nested (a VMM's world switch between VMs with ASIDs of their
 * own) keeps the TLB, takes the new table, and refuses what cpu_set_nested
 * refuses. */
START_TEST(test_switch_nested_keeps_tlb)
{
    struct cpu_tlb_entry e;
    struct cpu_nested ns, got;
    nsetup(2, 2, false);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0, R_T0));
    cpu_set_reg(M, R_T0, VA_D);
    cpu_run(M, 1);
    cpu_get_nested(M, &ns);
    ns.root += 4 * 4096u;
    ck_assert_int_eq(cpu_switch_nested(M, &ns), 0);
    cpu_get_nested(M, &got);
    ck_assert_uint_eq(got.root, ns.root);
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.hi & ENTRYHI_VPN, VA_D);
    ck_assert(e.lo & ENTRYLO_V);
    ns.levels = 5;
    ck_assert_int_eq(cpu_switch_nested(M, &ns), -1);
    ck_assert_int_eq(cpu_switch_nested(M, NULL), -1);
}
END_TEST

/* ---- 2D walks: counts and translation ----------------------------------------------------------- */

/* A cold access costs n*m + n + m references; the second access to the page hits the TLB. */
START_TEST(test_cold_walk_counts)
{
    unsigned n = loop_n(_i), m = loop_m(_i), want = n * m + n + m;
    struct cpu_stats d;

    nsetup(n, m, false);
    gw32(GPA_D + 0x124, 0x600d0000 + (uint32_t)_i);
    gw32(GPA_D + 0x128, 0x600d1000 + (uint32_t)_i);
    cpu_set_reg(M, R_T0, VA_D + 0x124);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 4, R_T0));
    d = step1();
    ck_assert_msg(cpu_reg(M, R_T1) == 0x600d0000 + (uint32_t)_i, "n %u m %u: read 0x%08x, pc 0x%08x",
                  n, m, cpu_reg(M, R_T1), cpu_pc(M));
    ck_assert_int_eq(TR.n, 0);
    ck_assert_msg(d.walk_refs == want, "n %u m %u: %llu references, expected %u", n, m,
                  (unsigned long long)d.walk_refs, want);
    assert_hist_one(&d, want);
    ck_assert_uint_eq(d.walks, 1);
    ck_assert_uint_eq(d.nested_walks, 1);
    ck_assert_uint_eq(d.walker_reads, n);
    ck_assert_uint_eq(d.nested_reads, n * m + m);
    ck_assert_uint_eq(d.pwc_hits, 0);
    ck_assert_uint_eq(d.tlb_misses, 1);
    ck_assert_uint_eq(d.tlb_writes, 1);

    d = step1();
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0x600d1000 + (uint32_t)_i);
    ck_assert_uint_eq(d.walk_refs, 0);
    ck_assert_uint_eq(d.walks, 0);
    ck_assert_uint_eq(d.tlb_hits, 2);                       /* fetch and load */
    ck_assert_uint_eq(d.tlb_misses, 0);
}
END_TEST

/* The nested entry addresses of gpa's translation: every level's. */
static void nested_path(uint32_t gpa, uint32_t *ma)
{
    for (unsigned l = 0; l < ML; l++)
        ma[l] = nslot(gpa, l);
}

/* A store: the data reaches its shuffled machine address; guest A on every
 * level and D on the leaf, at the PTEs' machine addresses; nested A on every
 * entry used, nested D on the data page and on every guest table page the
 * walker wrote; no G in the TLB even for a G leaf. */
START_TEST(test_store_sets_ad)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    struct cpu_stats d;
    struct cpu_tlb_entry e;
    uint8_t *before;
    uint32_t ma[4];

    nsetup(n, m, false);
    gmap(VA_D, GPA_D | GLEAF | PTE_G);
    cpu_set_cp0(M, CP0_ENTRYHI, 9);
    cpu_set_reg(M, R_T0, VA_D + 0x40);
    cpu_set_reg(M, R_T1, 0x5707e000);
    SUP(enc_m(OP_SW, R_T1, 0, R_T0));
    before = snap(NROOT, NEND);
    d = step1();
    ck_assert_int_eq(TR.n, 0);
    ck_assert_uint_eq(h_r32(M, gma(GPA_D + 0x40)), 0x5707e000);
    ck_assert_uint_eq(d.walk_refs, n * m + n + m);

    /* guest A/D */
    for (unsigned l = 0; l + 1 < n; l++)
        ck_assert_uint_eq(gpte(VA_D, l) & (PTE_A | PTE_D), PTE_A);
    ck_assert_uint_eq(gpte(VA_D, n - 1), GPA_D | GLEAF | PTE_G | PTE_A | PTE_D);
    ck_assert_uint_eq(d.walker_writes, n);

    /* nested A on every entry of the n + 1 translations; D on the leaves written */
    for (unsigned l = 0; l <= n; l++) {
        uint32_t gpa = l < n ? gslot(VA_D, l) : GPA_D;
        nested_path(gpa, ma);
        for (unsigned j = 0; j < m; j++) {
            uint32_t v = h_r32(M, ma[j]);
            ck_assert_msg(v & PTE_A, "row %u nested level %u: no A (0x%08x)", l, j, v);
            if (j == m - 1)
                ck_assert_msg(v & PTE_D, "row %u: nested leaf not dirty (0x%08x)", l, v);
            else
                ck_assert_uint_eq(v & PTE_D, 0);
        }
    }
    /* a page nobody touched */
    ck_assert_uint_eq(h_r32(M, nleaf(0x00060000)) & (PTE_A | PTE_D), 0);
    /* every nested write-back changed one entry, once */
    ck_assert_uint_eq(d.nested_writes, changed_words(before, NROOT, NEND));
    ck_assert_uint_gt(d.nested_writes, 0);
    free(before);

    /* the TLB: VA -> machine frame, ASID 9, D, no G */
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.hi, VA_D | 9);
    ck_assert_uint_eq(e.lo, (gma(GPA_D) & ENTRYLO_PFN) | ENTRYLO_V | ENTRYLO_D);
    ck_assert(e.walker_w);
    ck_assert(e.walker_u);
}
END_TEST

/* A load caches a clean entry; a store to it walks again and sets D in both
 * dimensions; the third access does not walk. */
START_TEST(test_load_then_store)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    struct cpu_stats d;
    struct cpu_tlb_entry e;

    nsetup(n, m, false);
    cpu_set_reg(M, R_T0, VA_D);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_SW, R_T1, 8, R_T0), enc_m(OP_SW, R_T1, 12, R_T0));
    step1();
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.lo & ENTRYLO_D, 0);
    ck_assert_uint_eq(gpte(VA_D, n - 1) & PTE_D, 0);
    ck_assert_uint_eq(h_r32(M, nleaf(GPA_D)) & PTE_D, 0);
    d = step1();
    ck_assert_uint_eq(d.walks, 1);
    ck_assert_uint_eq(d.walk_refs, n * m + n + m);
    ck_assert_uint_eq(d.walker_writes, 1);                  /* the guest leaf's D */
    ck_assert_uint_eq(gpte(VA_D, n - 1) & PTE_D, PTE_D);
    ck_assert_uint_eq(h_r32(M, nleaf(GPA_D)) & PTE_D, PTE_D);
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.lo & ENTRYLO_D, ENTRYLO_D);
    d = step1();
    ck_assert_uint_eq(d.walks, 0);
    ck_assert_int_eq(TR.n, 0);
    ck_assert_uint_eq(cpu_pc(M), CODE_VA + 12);
}
END_TEST

/* Entries are tagged with the current ASID: another ASID walks again. */
START_TEST(test_asid_tagged)
{
    nsetup(3, 2, false);
    gw32(GPA_D, 0xa51d);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_cp0(M, CP0_ENTRYHI, 1);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 0, R_T0));
    ck_assert_uint_eq(step1().walks, 1);
    ck_assert_uint_eq(step1().walks, 0);
    cpu_set_cp0(M, CP0_ENTRYHI, 2);
    ck_assert_uint_eq(step1().walks, 1);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0xa51d);
}
END_TEST

/* User mode: code and data through 2D walks; U is the guest's. */
START_TEST(test_user_mode)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    uint32_t code[3] = { enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 0, R_T3), H_NOP };
    struct cpu_stats d;

    nsetup(n, m, false);
    gmap(H_USER_VA, CODE_GPA | PTE_P | PTE_U);
    for (unsigned i = 0; i < 3; i++)
        gw32(CODE_GPA + 4 * i, code[i]);
    gw32(GPA_D, 0x05e7);
    gmap(VA_D + 0x1000, (GPA_D + 0x1000) | PTE_P | PTE_W);    /* no U */
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T3, VA_D + 0x1000);
    set_mode(2);
    cpu_set_pc(M, H_USER_VA);
    d = step1();
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x05e7);
    ck_assert_uint_eq(d.walks, 2);                            /* the fetch, then the load */
    ck_assert_uint_eq(d.walk_refs, 2 * (n * m + n + m));
    ck_assert_uint_eq(d.walk_hist[n * m + n + m], 2);
    d = step1();
    ck_assert_int_eq(TR.n, 1);
    ck_assert_uint_eq(TR.last.code, EXC_TLBL);
    ck_assert(!TR.last.nested);
    ck_assert_uint_eq(TR.last.badvaddr, VA_D + 0x1000);
    ck_assert_uint_eq(d.nested_faults, 0);
}
END_TEST

/* ---- supervisor kseg0 / kseg1 ---------------------------------------------------------------------- */

/* The guest kernel's unmapped segments: m references, the right machine
 * address, a TLB entry at the kseg VA under the current ASID. */
START_TEST(test_supervisor_kseg)
{
    unsigned m = loop_m(_i), n = loop_n(_i);
    struct cpu_stats d;
    struct cpu_tlb_entry e;

    nsetup(n, m, false);
    gw32(GPA_D + 0x10, 0x5e60);
    gw32(GPA_D + 0x1014, 0x5e61);
    cpu_set_cp0(M, CP0_ENTRYHI, 3);
    cpu_set_reg(M, R_T0, KSEG0_BASE + GPA_D);
    cpu_set_reg(M, R_T3, KSEG1_BASE + GPA_D + 0x1000);
    cpu_set_reg(M, R_T4, 0x77);
    SUP(enc_m(OP_LW, R_T1, 0x10, R_T0), enc_m(OP_LW, R_T2, 0x14, R_T3),
        enc_m(OP_SW, R_T4, 0x18, R_T0));
    d = step1();
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x5e60);
    ck_assert_uint_eq(d.walk_refs, m);
    assert_hist_one(&d, m);
    ck_assert_uint_eq(d.walks, 1);
    ck_assert_uint_eq(d.nested_walks, 1);
    ck_assert_uint_eq(d.walker_reads, 0);
    ck_assert_uint_eq(d.nested_reads, m);
    cpu_tlb_read(M, 63, &e);
    ck_assert_uint_eq(e.hi, (KSEG0_BASE + GPA_D) | 3);
    ck_assert_uint_eq(e.lo, (gma(GPA_D) & ENTRYLO_PFN) | ENTRYLO_V);
    ck_assert(e.walker_w);
    ck_assert(!e.walker_u);
    d = step1();                                              /* kseg1 */
    ck_assert_uint_eq(cpu_reg(M, R_T2), 0x5e61);
    ck_assert_uint_eq(d.walk_refs, m);
    /* a store: the clean entry walks again and sets nested D */
    ck_assert_uint_eq(h_r32(M, nleaf(GPA_D)) & PTE_D, 0);
    d = step1();
    ck_assert_int_eq(TR.n, 0);
    ck_assert_uint_eq(h_r32(M, gma(GPA_D + 0x18)), 0x77);
    ck_assert_uint_eq(d.walks, 1);
    ck_assert_uint_eq(h_r32(M, nleaf(GPA_D)) & (PTE_A | PTE_D), PTE_A | PTE_D);
}
END_TEST

/* ---- nested faults ----------------------------------------------------------------------------------- */

/* A device GPA (kseg1), a GPA >= limit: nested faults without a walk. */
START_TEST(test_nested_fault_limit)
{
    static const struct { uint32_t va; bool store; uint32_t gpa; } cases[] = {
        { 0xbfd00000u, false, 0x1fd00000u },
        { 0xbfd00010u, true, 0x1fd00010u },
        { KSEG0_BASE + GLIM, false, GLIM },
        { KSEG0_BASE + GLIM - 4, true, 0 },                 /* the last word: fine */
    };
    for (unsigned c = 0; c < 4; c++) {
        struct cpu_stats d;
        nsetup(2, 2, false);
        cpu_set_reg(M, R_T0, cases[c].va);
        cpu_set_reg(M, R_T1, 0x99);
        if (cases[c].store)
            SUP(enc_m(OP_SW, R_T1, 0, R_T0));
        else
            SUP(enc_m(OP_LW, R_T1, 0, R_T0));
        d = step1();
        if (!cases[c].gpa) {
            ck_assert_int_eq(TR.n, 0);
            ck_assert_uint_eq(h_r32(M, gma(GLIM - 4)), 0x99);
        } else {
            assert_nested_trap(cases[c].store ? EXC_TLBS : EXC_TLBL, cases[c].va, cases[c].gpa);
            ck_assert_uint_eq(TR.last.pc, CODE_VA);
            ck_assert_uint_eq(TR.last.insn, cases[c].store ? enc_m(OP_SW, R_T1, 0, R_T0)
                                                            : enc_m(OP_LW, R_T1, 0, R_T0));
            ck_assert_uint_eq(d.walk_refs, 0);
            ck_assert_uint_eq(d.walks, 1);
            assert_hist_one(&d, 0);
            ck_assert_uint_eq(d.nested_faults, 1);
            ck_assert_uint_eq(d.tlb_writes, 0);
        }
        cpu_free(M);
        M = NULL;
    }
}
END_TEST

/* A guest leaf whose frame is beyond the limit: the fault comes after the
 * guest walk, with gpa = the final GPA. */
START_TEST(test_nested_fault_final_gpa)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    struct cpu_stats d;

    nsetup(n, m, false);
    gmap(VA_D, (GLIM + 0x3000) | GLEAF);
    cpu_set_reg(M, R_T0, VA_D + 0x20);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0));
    d = step1();
    assert_nested_trap(EXC_TLBL, VA_D + 0x20, GLIM + 0x3020);
    ck_assert_uint_eq(d.walk_refs, n * m + n);
    ck_assert_uint_eq(gpte(VA_D, 0) & PTE_A, 0);              /* a faulting walk writes nothing */
}
END_TEST

/* A guest PTE's GPA not present in the nested table: a nested fault with gpa
 * = that PTE's address, at each guest level; nothing is written. */
START_TEST(test_nested_fault_on_guest_pte)
{
    unsigned n = loop_n(_i), m = loop_m(_i);

    for (unsigned k = 0; k < n; k++) {
        struct cpu_stats d;
        uint8_t *nbefore, *gbefore;
        uint32_t pte_gpa;

        nsetup(n, m, false);
        pte_gpa = gslot(VA_D, k);
        h_w32(M, nleaf(pte_gpa), 0);
        cpu_set_reg(M, R_T0, VA_D + 4);
        SUP(enc_m(OP_SW, R_T1, 0, R_T0));
        nbefore = snap(NROOT, NEND);
        gbefore = snap(GBASE, GBASE + GLIM);
        d = step1();
        assert_nested_trap(EXC_TLBS, VA_D + 4, pte_gpa);
        ck_assert_msg(d.walk_refs == k * (m + 1) + m, "n %u m %u level %u: %llu refs", n, m, k,
                      (unsigned long long)d.walk_refs);
        ck_assert_uint_eq(d.walker_reads, k);
        ck_assert_uint_eq(d.nested_faults, 1);
        ck_assert_uint_eq(d.tlb_writes, 0);
        ck_assert_uint_eq(changed_words(nbefore, NROOT, NEND), 0);
        ck_assert_uint_eq(changed_words(gbefore, GBASE, GBASE + GLIM), 0);
        free(nbefore);
        free(gbefore);
        cpu_free(M);
        M = NULL;
    }
}
END_TEST

/* The guest's own faults stay ordinary: not present, W = 0, U = 0. */
START_TEST(test_guest_faults_not_nested)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    struct cpu_stats d;

    /* not present at the last level */
    nsetup(n, m, false);
    gmap(VA_D, 0);
    cpu_set_reg(M, R_T0, VA_D + 8);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0));
    d = step1();
    ck_assert_int_eq(TR.n, 1);
    ck_assert_uint_eq(TR.last.code, EXC_TLBL);
    ck_assert(!TR.last.nested);
    ck_assert_uint_eq(TR.last.gpa, 0);
    ck_assert(!TR.last.refill);
    ck_assert_uint_eq(TR.last.badvaddr, VA_D + 8);
    ck_assert_uint_eq(TR.pc, VEC_GENERAL);
    ck_assert_uint_eq(d.nested_faults, 0);
    ck_assert_uint_eq(d.walk_refs, n * (m + 1));
    cpu_free(M);

    /* a store to a guest read-only page: Mod */
    nsetup(n, m, false);
    gmap(VA_D, GPA_D | PTE_P | PTE_U);
    cpu_set_reg(M, R_T0, VA_D);
    SUP(enc_m(OP_SW, R_T1, 0, R_T0));
    d = step1();
    ck_assert_int_eq(TR.n, 1);
    ck_assert_uint_eq(TR.last.code, EXC_MOD);
    ck_assert(!TR.last.nested);
    ck_assert_uint_eq(d.nested_faults, 0);
    ck_assert_uint_eq(d.walk_refs, n * m + n);               /* no final translation */
}
END_TEST

/* A store to a page that is read-only in the nested table: a nested fault
 * (TLBS, not Mod); loads are fine; nothing is written. */
START_TEST(test_nested_write_protect)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    struct cpu_tlb_entry e;

    nsetup(n, m, false);
    h_w32(M, nleaf(GPA_D), (gma(GPA_D) & PTE_PFN) | PTE_P);
    gw32(GPA_D + 0x30, 0x0123);
    cpu_set_reg(M, R_T0, VA_D + 0x30);
    cpu_set_reg(M, R_T2, 0x4567);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_SW, R_T2, 0, R_T0));
    step1();
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x0123);
    cpu_tlb_read(M, 63, &e);
    ck_assert(!e.walker_w);
    ck_assert_uint_eq(e.lo & ENTRYLO_D, 0);
    step1();
    assert_nested_trap(EXC_TLBS, VA_D + 0x30, GPA_D + 0x30);
    ck_assert_uint_eq(gr32(GPA_D + 0x30), 0x0123);
    ck_assert_uint_eq(gpte(VA_D, n - 1) & PTE_D, 0);
    ck_assert_uint_eq(h_r32(M, nleaf(GPA_D)) & PTE_D, 0);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_MOD], 0);
}
END_TEST

/* W = 0 at an upper nested level write-protects too (W is ANDed over the levels). */
START_TEST(test_nested_write_protect_upper)
{
    nsetup(2, 3, false);
    h_w32(M, nslot(GPA_D, 1), h_r32(M, nslot(GPA_D, 1)) & ~PTE_W);
    cpu_set_reg(M, R_T0, VA_D);
    SUP(enc_m(OP_SW, R_T1, 0, R_T0));
    step1();
    assert_nested_trap(EXC_TLBS, VA_D, GPA_D);
}
END_TEST

/* Setting A/D in a guest PTE is a write into guest memory: a guest table page
 * that is read-only in the nested table takes a nested fault when the walker
 * must write there, and none when the bits are already set. */
START_TEST(test_nested_write_protect_guest_table)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    uint32_t leaf_gpa;

    nsetup(n, m, false);
    leaf_gpa = gslot(VA_D, n - 1);
    h_w32(M, nleaf(leaf_gpa), (gma(leaf_gpa) & PTE_PFN) | PTE_P);
    gw32(GPA_D, 0xabc);
    cpu_set_reg(M, R_T0, VA_D);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_SW, R_T1, 4, R_T0),
        enc_m(OP_SW, R_T1, 4, R_T0));
    step1();
    assert_nested_trap(EXC_TLBL, VA_D, leaf_gpa);
    ck_assert_uint_eq(gpte(VA_D, n - 1) & PTE_A, 0);

    /* A already set in the leaf (the upper levels are writable): no fault */
    gmap(VA_D, GPA_D | GLEAF | PTE_A);
    TR.n = 0;
    set_mode(1);
    cpu_set_pc(M, CODE_VA + 4);
    step1();
    ck_assert_int_eq(TR.n, 0);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xabc);
    /* a store needs D there */
    step1();
    assert_nested_trap(EXC_TLBS, VA_D + 4, leaf_gpa);
    gmap(VA_D, GPA_D | GLEAF | PTE_A | PTE_D);
    TR.n = 0;
    set_mode(1);
    cpu_set_pc(M, CODE_VA + 12);
    step1();
    ck_assert_int_eq(TR.n, 0);
    ck_assert_uint_eq(gr32(GPA_D + 4), 0xabc);
}
END_TEST

/* An instruction fetch that faults in the nested dimension. */
START_TEST(test_nested_fetch_fault)
{
    nsetup(3, 2, false);
    gmap(H_USER_VA, CODE_GPA | PTE_P | PTE_U);
    h_w32(M, nleaf(CODE_GPA), 0);
    set_mode(2);
    cpu_set_pc(M, H_USER_VA + 8);
    cpu_run(M, 1);
    assert_nested_trap(EXC_TLBL, H_USER_VA + 8, CODE_GPA + 8);
    ck_assert(TR.last.fetch);
    ck_assert_uint_eq(TR.last.insn, 0);
    ck_assert_uint_eq(TR.epc, H_USER_VA + 8);
}
END_TEST

/* Without a trap hook a nested fault is delivered as a page fault. */
START_TEST(test_nested_fault_no_hook)
{
    nsetup(2, 2, false);
    cpu_set_trap_hook(M, NULL, NULL);
    h_w32(M, nleaf(GPA_D), 0);
    cpu_set_reg(M, R_T0, VA_D);
    SUP(H_NOP, enc_b(OP_BEQ, 0, 0, 5), enc_m(OP_LW, R_T1, 0, R_T0));
    cpu_run(M, 3);
    H_ASSERT_EXC(M, EXC_TLBL, VEC_GENERAL, CODE_VA + 4, true);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), VA_D);
    ck_assert_uint_eq(h_stats(M).nested_faults, 1);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_TLBL], 1);
    ck_assert_uint_eq(h_stats(M).refills, 0);
}
END_TEST

/* ---- large nested pages -------------------------------------------------------------------------------- */

/* Every GPA through large entries at nested level lvl: lvl + 1 references per
 * translation, and the right machine address. */
START_TEST(test_nested_large)
{
    unsigned n = loop_n(_i), m = loop_m(_i);

    for (unsigned lvl = 0; lvl + 1 < m; lvl++) {
        uint32_t size, base, per;
        struct cpu_stats d;

        ML = m;
        size = 0x1000u << nshift(lvl);                    /* bytes a large entry maps */
        base = size <= GBASE ? GBASE : 0;                 /* machine memory, size-aligned */
        nsetup_map(n, m, false, base, false, true);
        /* replace the tables by large entries at lvl */
        for (uint32_t g = 0; g < GLIM; g += size)
            h_w32(M, nslot(g, lvl), ((base + g) & PTE_PFN) | NUP | PTE_L |
                  (size > 0x2000 ? 0x1000 : 0));          /* low PFN bits are ignored */
        cpu_nested_flush(M);
        gw32(GPA_D + 0x3c, 0x1a76e000 + lvl);
        cpu_set_reg(M, R_T0, VA_D + 0x3c);
        SUP(enc_m(OP_LW, R_T1, 0, R_T0));
        d = step1();
        ck_assert_msg(cpu_reg(M, R_T1) == 0x1a76e000 + lvl, "m %u large at %u: read 0x%08x",
                      m, lvl, cpu_reg(M, R_T1));
        per = lvl + 1;
        ck_assert_msg(d.walk_refs == n * per + n + per, "n %u m %u large at %u: %llu refs", n, m, lvl,
                      (unsigned long long)d.walk_refs);
        assert_hist_one(&d, n * per + n + per);
        ck_assert(h_r32(M, nslot(GPA_D, lvl)) & PTE_A);
        cpu_free(M);
        M = NULL;
    }
}
END_TEST

/* Without `large`, L in an upper nested entry is ignored: the entry points
 * to the next table. */
START_TEST(test_nested_large_off)
{
    for (int large = 0; large < 2; large++) {
        nsetup(2, 2, false);
        h_w32(M, nslot(GPA_D, 0), h_r32(M, nslot(GPA_D, 0)) | PTE_L);
        nested_on(false, large);
        gw32(GPA_D, 0x600d);
        cpu_set_reg(M, R_T0, VA_D);
        SUP(enc_m(OP_LW, R_T1, 0, R_T0));
        step1();
        if (!large) {
            ck_assert_int_eq(TR.n, 0);
            ck_assert_uint_eq(cpu_reg(M, R_T1), 0x600d);
        } else {
            /* read as a large page of nested-table frames: not the data */
            ck_assert(TR.n == 1 || cpu_reg(M, R_T1) != 0x600d);
        }
        cpu_free(M);
        M = NULL;
    }
}
END_TEST

/* ---- the page-walk cache ------------------------------------------------------------------------------ */

/* Filled when a walk completes: a cold walk costs n*m + n + m either way; a
 * walk of the neighbouring page then finds every upper-level entry in the
 * PWC: 3 references (nested leaf + guest leaf, nested leaf of the data). */
START_TEST(test_pwc_counts)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    struct cpu_stats d;

    nsetup(n, m, true);
    gw32(GPA_D + 0x1000, 0xe1);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T3, GROOT);
    SUP(enc_mtc0(R_T3, CP0_PTBR),                     /* drop what installing the code cached */
        enc_m(OP_LW, R_T1, 0, R_T0),
        enc_m(OP_LW, R_T1, 0x1000, R_T0),
        enc_m(OP_LW, R_T1, 0x2000, R_T0));
    cpu_run(M, 1);
    d = step1();
    ck_assert_uint_eq(d.walk_refs, n * m + n + m);
    ck_assert_uint_eq(d.pwc_hits, 0);
    d = step1();
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xe1);
    ck_assert_msg(d.walk_refs == 3, "n %u m %u: %llu refs", n, m, (unsigned long long)d.walk_refs);
    ck_assert_uint_eq(d.pwc_hits, (n - 1) + 2 * (m - 1));
    ck_assert_uint_eq(d.walker_reads, 1);
    ck_assert_uint_eq(d.nested_reads, 2);
    assert_hist_one(&d, 3);
    /* the PWC saves nothing else: counts and results as without it */
    ck_assert_int_eq(TR.n, 0);
    d = step1();
    ck_assert_uint_eq(d.walk_refs, 3);
}
END_TEST

/* Every flush empties the PWC: the next walk costs n*m + n + m again.
 * how: 0 none (the control), 1 mtc0 PTBR (supervisor), 2 mtc0 InvVA
 * (supervisor), 3 cpu_set_cp0 PTBR, 4 cpu_nested_flush, 5 cpu_set_nested. */
START_TEST(test_pwc_flushes)
{
    const unsigned n = 4, m = 4;
    unsigned how = (unsigned)_i;
    struct cpu_stats d;

    nsetup(n, m, true);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T3, GROOT);
    cpu_set_reg(M, R_T4, 0x7f000000);                   /* an InvVA of a page nobody maps */
    SUP(enc_mtc0(R_T3, CP0_PTBR),
        enc_m(OP_LW, R_T1, 0, R_T0),
        how == 1 ? enc_mtc0(R_T3, CP0_PTBR) : how == 2 ? enc_mtc0(R_T4, CP0_INVVA) : H_NOP,
        enc_m(OP_LW, R_T1, 0x1000, R_T0),
        enc_m(OP_LW, R_T1, 0, R_T0));
    cpu_run(M, 2);
    if (how == 3)
        cpu_set_cp0(M, CP0_PTBR, GROOT);
    else if (how == 4)
        cpu_nested_flush(M);
    else if (how == 5)
        nested_on(true, false);
    if (how >= 4)
        code_tlb();                                     /* the TLB went too */
    cpu_run(M, 1);
    ck_assert_int_eq(TR.n, 0);
    d = step1();
    ck_assert_msg(d.walk_refs == (how ? n * m + n + m : 3), "flush %u: %llu refs", how,
                  (unsigned long long)d.walk_refs);
    ck_assert_uint_eq(d.pwc_hits, how ? 0 : (n - 1) + 2 * (m - 1));
    /* PTBR and InvVA (of another page) keep the TLB; the host's flushes do not */
    d = step1();
    ck_assert_uint_eq(d.walks, how >= 4 ? 1 : 0);
}
END_TEST

/* FIFO replacement over CPU_PWC_SIZE entries: with n = 2 and m = 1 each walk
 * caches exactly one entry (the guest root entry of its 4 MiB region). */
START_TEST(test_pwc_fifo)
{
    struct h_prog p;
    const uint32_t region = 0x00400000u, base = 0x08000000u;
    struct cpu_stats d;
    unsigned i;

    nsetup(2, 1, true);
    /* regions 0..CPU_PWC_SIZE, each with pages 0 and 1 mapped */
    for (i = 0; i <= CPU_PWC_SIZE; i++) {
        gmap(base + region * i, GPA_D | GLEAF);
        gmap(base + region * i + 0x1000, GPA_D | GLEAF);
    }
    p.n = 0;
    h_emit(&p, enc_mtc0(R_T3, CP0_PTBR));
    for (i = 0; i <= CPU_PWC_SIZE; i++) {               /* fill: 33 entries, the first evicted */
        h_li(&p, R_T0, base + region * i);
        h_emit(&p, enc_m(OP_LW, R_T1, 0, R_T0));
    }
    h_li(&p, R_T0, base);                               /* region 0 again: evicted */
    h_emit(&p, enc_m(OP_LW, R_T1, 0x1000, R_T0));
    h_li(&p, R_T0, base + region * 2);                  /* region 2: still there */
    h_emit(&p, enc_m(OP_LW, R_T1, 0x1000, R_T0));
    h_li(&p, R_T0, base + region);                      /* region 1: evicted by region 0's refill */
    h_emit(&p, enc_m(OP_LW, R_T1, 0x1000, R_T0));
    cpu_set_reg(M, R_T3, GROOT);
    sup_code(p.w, p.n);
    cpu_run(M, 1 + 3 * (CPU_PWC_SIZE + 1) + 2);
    ck_assert_int_eq(TR.n, 0);
    d = step1();
    ck_assert_uint_eq(d.walk_refs, 5);
    ck_assert_uint_eq(d.pwc_hits, 0);
    cpu_run(M, 2);
    d = step1();
    ck_assert_uint_eq(d.walk_refs, 3);
    ck_assert_uint_eq(d.pwc_hits, 1);
    cpu_run(M, 2);
    d = step1();
    ck_assert_uint_eq(d.walk_refs, 5);
    ck_assert_uint_eq(d.pwc_hits, 0);
}
END_TEST

/* A PWC makes no difference to what is translated, only to the counts. */
START_TEST(test_pwc_same_results)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    uint32_t sum[2];
    uint64_t refs[2];

    for (int pwc = 0; pwc < 2; pwc++) {
        struct h_prog p;
        nsetup(n, m, pwc);
        for (uint32_t i = 0; i < 8; i++)
            gw32(GPA_D + 0x1000 * i + 4 * i, 100 + i);
        p.n = 0;
        h_li(&p, R_T0, VA_D);
        for (uint32_t i = 0; i < 8; i++) {
            h_emit(&p, enc_m(OP_LW, R_T1, (int32_t)(0x1000 * i + 4 * i), R_T0));
            h_emit(&p, enc_r(OP_ADDU, R_S0, R_S0, R_T1));
            h_emit(&p, enc_m(OP_SW, R_S0, (int32_t)(0x1000 * i), R_T0));
        }
        sup_code(p.w, p.n);
        cpu_run(M, p.n);
        ck_assert_int_eq(TR.n, 0);
        sum[pwc] = cpu_reg(M, R_S0);
        refs[pwc] = h_stats(M).walk_refs;
        ck_assert_uint_eq(gr32(GPA_D + 0x7000), sum[pwc]);
        ck_assert_uint_eq(gpte(VA_D + 0x7000, n - 1) & (PTE_A | PTE_D), PTE_A | PTE_D);
        cpu_free(M);
        M = NULL;
    }
    ck_assert_uint_eq(sum[0], sum[1]);
    ck_assert_uint_eq(sum[0], 8 * 100 + 28);
    ck_assert_uint_lt(refs[1], refs[0]);
}
END_TEST

/* ---- CP0 from the guest kernel --------------------------------------------------------------------------- */

/* In nested mode supervisor code writes PTBR and InvVA without a trap; every
 * other privileged instruction still raises CpU; user mode always does. */
START_TEST(test_mtc0_supervisor)
{
    static const bool ok[7] = { true, true, false, false, false, false, false };
    uint32_t w[7] = {
        enc_mtc0(R_T0, CP0_PTBR), enc_mtc0(R_T0, CP0_INVVA), enc_mtc0(R_T0, CP0_ENTRYHI),
        enc_mfc0(R_T1, CP0_PTBR), enc_mtc0_sel(R_T0, CP0_PTBR, 1), enc_mtc0(R_T0, CP0_STATUS),
        enc_op(OP_ERET),
    };
    nsetup(2, 2, false);
    for (unsigned c = 0; c < 7; c++) {
        TR.n = 0;
        cpu_set_cp0(M, CP0_PTBR, GROOT);
        cpu_set_reg(M, R_T0, 0x00345000);
        sup_code(&w[c], 1);
        cpu_run(M, 1);
        if (ok[c]) {
            ck_assert_msg(TR.n == 0, "case %u trapped (%s)", c, cpu_exc_name(TR.last.code));
            ck_assert_uint_eq(cpu_pc(M), CODE_VA + 4);
            ck_assert_int_eq(cpu_mode(M), CPU_SUPERVISOR);
        } else {
            ck_assert_msg(TR.n == 1 && TR.last.code == EXC_CPU, "case %u: %d traps", c, TR.n);
            ck_assert_uint_eq(TR.last.ce, 0);
        }
    }
    /* the writes took effect */
    cpu_set_cp0(M, CP0_PTBR, 1);
    sup_code(&w[0], 2);
    cpu_run(M, 2);
    ck_assert_uint_eq(cpu_cp0(M, CP0_PTBR), 0x00345000);
    ck_assert_uint_eq(cpu_cp0(M, CP0_INVVA), 0x00345000);

    /* user mode: CpU */
    TR.n = 0;
    cpu_set_cp0(M, CP0_PTBR, GROOT);
    gmap(H_USER_VA, CODE_GPA | PTE_P | PTE_U);
    cpu_tlb_write(M, 0, &(struct cpu_tlb_entry){ KSEG0_BASE, 0, false, false });
    set_mode(2);
    cpu_set_pc(M, H_USER_VA);
    cpu_run(M, 1);
    ck_assert_int_eq(TR.n, 1);
    ck_assert_uint_eq(TR.last.code, EXC_CPU);
    ck_assert_uint_eq(TR.last.pc, H_USER_VA);
}
END_TEST

/* Outside nested mode supervisor PTBR and InvVA writes raise CpU as before. */
START_TEST(test_mtc0_supervisor_not_nested)
{
    uint32_t w[2] = { enc_mtc0(R_T0, CP0_PTBR), enc_mtc0(R_T0, CP0_INVVA) };
    for (unsigned c = 0; c < 2; c++) {
        M = h_new_cfg(NMEM, CPU_MMU_WALKER, 2, false);
        memset(&TR, 0, sizeof TR);
        TR.action = CPU_TRAP_STOP;
        cpu_set_trap_hook(M, h_trap_fn, &TR);
        h_load(M, H_CODE_PA, &w[c], 1);
        h_map(M, 0, H_USER_VA, H_CODE_PA, 0, ENTRYLO_V | ENTRYLO_G);
        cpu_set_reg(M, R_T0, 0x00345000);
        h_set_ksu(M, 1);
        cpu_set_pc(M, H_USER_VA);
        cpu_run(M, 1);
        ck_assert_int_eq(TR.n, 1);
        ck_assert_uint_eq(TR.last.code, EXC_CPU);
        ck_assert_uint_eq(cpu_cp0(M, CP0_PTBR), 0);
        cpu_free(M);
        M = NULL;
    }
}
END_TEST

/* A supervisor InvVA drops the page's entries: the next access walks. */
START_TEST(test_invva_supervisor)
{
    nsetup(3, 3, false);
    gw32(GPA_D, 0x1111);
    cpu_set_reg(M, R_T0, VA_D);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0, R_T0), enc_mtc0(R_T0, CP0_INVVA),
        enc_m(OP_LW, R_T1, 0, R_T0));
    ck_assert_uint_eq(step1().walks, 1);
    ck_assert_uint_eq(step1().walks, 0);
    gmap(VA_D, (GPA_D + 0x1000) | GLEAF);
    gw32(GPA_D + 0x1000, 0x2222);
    step1();
    ck_assert_uint_eq(step1().walks, 1);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x2222);
    ck_assert_int_eq(TR.n, 0);
}
END_TEST

/* ---- probes ----------------------------------------------------------------------------------------------- */

struct machine_state {
    struct cpu_stats st;
    struct cpu_tlb_entry tlb[CPU_TLB_SIZE];
    uint32_t random;
    uint8_t *nested, *guest;
};
static void state_save(struct machine_state *s)
{
    s->st = h_stats(M);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++)
        cpu_tlb_read(M, i, &s->tlb[i]);
    s->random = cpu_cp0(M, CP0_RANDOM);
    s->nested = snap(NROOT, NEND);
    s->guest = snap(GBASE, GBASE + GLIM);
}
static void state_same(struct machine_state *s)
{
    struct cpu_stats now = h_stats(M);
    ck_assert_int_eq(memcmp(&now, &s->st, sizeof now), 0);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(M, i, &e);
        ck_assert_int_eq(memcmp(&e, &s->tlb[i], sizeof e), 0);
    }
    ck_assert_uint_eq(cpu_cp0(M, CP0_RANDOM), s->random);
    ck_assert_uint_eq(changed_words(s->nested, NROOT, NEND), 0);
    ck_assert_uint_eq(changed_words(s->guest, GBASE, GBASE + GLIM), 0);
    free(s->nested);
    free(s->guest);
}

/* The grid: rows = guest levels + 1, m nested columns and a guest cell per
 * guest row, orders 1..n*m+n+m row by row, the entries' addresses as the
 * model computes them: a cold walk, even with a warm PWC.  Nothing changes. */
START_TEST(test_probe_walk2d)
{
    unsigned n = loop_n(_i), m = loop_m(_i), order = 0;
    struct cpu_walk2d g;
    struct machine_state s;
    uint32_t ma[4];

    nsetup(n, m, true);
    /* warm the PWC with the neighbouring page's walk: the probe must not use it */
    cpu_set_reg(M, R_T0, VA_D + 0x1000);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0));
    cpu_run(M, 1);
    ck_assert_int_eq(TR.n, 0);
    state_save(&s);
    ck_assert_int_eq(cpu_probe_walk2d(M, VA_D + 0x5a4, &g), MMU_OK);
    ck_assert_uint_eq(g.n, n);
    ck_assert_uint_eq(g.m, m);
    ck_assert_uint_eq(g.rows, n + 1);
    ck_assert_uint_eq(g.refs, n * m + n + m);
    ck_assert(g.final_row);
    ck_assert(!g.nested_fault);
    ck_assert_uint_eq(g.ma, gma(GPA_D + 0x5a4));
    for (unsigned r = 0; r <= n; r++) {
        uint32_t gpa = r < n ? gslot(VA_D, r) : GPA_D + 0x5a4;
        ck_assert_uint_eq(g.row[r].gpa, gpa);
        ck_assert_uint_eq(g.row[r].ncols, m);
        nested_path(gpa, ma);
        for (unsigned j = 0; j < m; j++) {
            ck_assert_uint_eq(g.row[r].nested[j].order, ++order);
            ck_assert_uint_eq(g.row[r].nested[j].ma, ma[j]);
            ck_assert_uint_eq(g.row[r].nested[j].pte, h_r32(M, ma[j]));
        }
        ck_assert_int_eq(g.row[r].has_guest, r < n);
        if (r < n) {
            ck_assert_uint_eq(g.row[r].guest_order, ++order);
            ck_assert_uint_eq(g.row[r].guest_ma, gma(gpa));
            ck_assert_uint_eq(g.row[r].guest_pte, gr32(gpa));
            ck_assert_uint_eq(g.row[r].guest_index, h_pt_index(n, r, VA_D));
        }
    }
    ck_assert_uint_eq(order, n * m + n + m);
    state_same(&s);
}
END_TEST

/* The 4 x 4 grid, written out: Bhargava et al.'s 24 references. */
START_TEST(test_probe_walk2d_24)
{
    static const unsigned want[5][5] = {
        { 1, 2, 3, 4, 5 }, { 6, 7, 8, 9, 10 }, { 11, 12, 13, 14, 15 }, { 16, 17, 18, 19, 20 },
        { 21, 22, 23, 24, 0 },
    };
    struct cpu_walk2d g;

    nsetup(4, 4, false);
    ck_assert_int_eq(cpu_probe_walk2d(M, VA_D, &g), MMU_OK);
    ck_assert_uint_eq(g.rows, 5);
    ck_assert_uint_eq(g.refs, 24);
    for (unsigned r = 0; r < 5; r++) {
        for (unsigned j = 0; j < 4; j++)
            ck_assert_uint_eq(g.row[r].nested[j].order, want[r][j]);
        ck_assert_uint_eq(g.row[r].has_guest ? g.row[r].guest_order : 0, want[r][4]);
    }
}
END_TEST

/* Faults stop the grid: a nested fault on a guest PTE's GPA, a guest PTE not
 * present; and a kseg0 VA has one row. */
START_TEST(test_probe_walk2d_stops)
{
    struct cpu_walk2d g;
    uint32_t pte_gpa;

    nsetup(3, 2, false);
    pte_gpa = gslot(VA_D, 1);
    h_w32(M, nleaf(pte_gpa), 0);
    ck_assert_int_eq(cpu_probe_walk2d(M, VA_D, &g), MMU_NESTED_FAULT);
    ck_assert(g.nested_fault);
    ck_assert_uint_eq(g.fault_gpa, pte_gpa);
    ck_assert_uint_eq(g.rows, 2);
    ck_assert_uint_eq(g.row[1].ncols, 2);
    ck_assert(!g.row[1].has_guest);
    ck_assert(!g.final_row);
    ck_assert_uint_eq(g.refs, 3 + 2);
    ck_assert_uint_eq(h_stats(M).nested_faults, 0);
    h_w32(M, nleaf(pte_gpa), (gma(pte_gpa) & PTE_PFN) | NUP);

    gmap(VA_D, 0);
    ck_assert_int_eq(cpu_probe_walk2d(M, VA_D, &g), MMU_PAGE_FAULT);
    ck_assert(!g.nested_fault);
    ck_assert_uint_eq(g.rows, 3);
    ck_assert(g.row[2].has_guest);
    ck_assert_uint_eq(g.row[2].guest_pte, 0);
    ck_assert_uint_eq(g.refs, 9);

    ck_assert_int_eq(cpu_probe_walk2d(M, KSEG0_BASE + GPA_D + 8, &g), MMU_OK);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_uint_eq(g.rows, 1);
    ck_assert_uint_eq(g.row[0].gpa, GPA_D + 8);
    ck_assert_uint_eq(g.row[0].ncols, 2);
    ck_assert_uint_eq(g.ma, gma(GPA_D + 8));
    ck_assert_uint_eq(g.refs, 2);

    ck_assert_int_eq(cpu_probe_walk2d(M, KSEG1_BASE + DEV_CONSOLE, &g), MMU_NESTED_FAULT);
    ck_assert_uint_eq(g.fault_gpa, DEV_CONSOLE);
    ck_assert_uint_eq(g.rows, 1);
    ck_assert_uint_eq(g.refs, 0);
}
END_TEST

/* cpu_probe goes through both dimensions (from the TLB or a walk),
 * cpu_probe_walk shows the guest dimension in GPAs, cpu_probe_read reads the
 * guest's data; none changes anything. */
START_TEST(test_probe_nested)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    struct cpu_xlate x;
    struct cpu_walk w;
    struct machine_state s;
    uint32_t v = 0;

    nsetup(n, m, false);
    gw32(GPA_D + 0x2c, 0xfeed);
    state_save(&s);
    ck_assert_int_eq(cpu_probe(M, VA_D + 0x2c, CPU_STORE, CPU_USER, &x), MMU_OK);
    ck_assert_uint_eq(x.pa, gma(GPA_D + 0x2c));
    ck_assert(x.mapped);
    ck_assert(x.from_walk);
    ck_assert_int_eq(cpu_probe(M, KSEG0_BASE + GPA_D, CPU_LOAD, CPU_SUPERVISOR, &x), MMU_OK);
    ck_assert_uint_eq(x.pa, gma(GPA_D));
    ck_assert_int_eq(cpu_probe(M, KSEG0_BASE + GPA_D, CPU_LOAD, CPU_KERNEL, &x), MMU_OK);
    ck_assert_uint_eq(x.pa, GPA_D);                               /* the host's kseg0 */
    ck_assert_int_eq(cpu_probe(M, KSEG1_BASE + DEV_CONSOLE, CPU_LOAD, CPU_SUPERVISOR, &x),
                     MMU_NESTED_FAULT);
    ck_assert_int_eq(cpu_probe_walk(M, VA_D + 0x2c, &w), MMU_OK);
    ck_assert_uint_eq(w.nlevels, n);
    ck_assert_uint_eq(w.pa, GPA_D + 0x2c);
    for (unsigned l = 0; l < n; l++) {
        ck_assert_uint_eq(w.level[l].pte_pa, gslot(VA_D, l));
        ck_assert_uint_eq(w.level[l].pte, gpte(VA_D, l));
        ck_assert_uint_eq(w.level[l].index, h_pt_index(n, l, VA_D));
    }
    set_mode(1);
    ck_assert_int_eq(cpu_probe_read(M, VA_D + 0x2c, &v, 4), MMU_OK);
    ck_assert_uint_eq(v, 0xfeed);
    state_same(&s);
    /* from the TLB */
    cpu_set_reg(M, R_T0, VA_D);
    SUP(enc_m(OP_LW, R_T1, 0, R_T0));
    cpu_run(M, 1);
    ck_assert_int_eq(cpu_probe(M, VA_D + 0x2c, CPU_LOAD, CPU_SUPERVISOR, &x), MMU_OK);
    ck_assert(!x.from_walk);
    ck_assert_int_eq(x.tlb_index, 63);
    ck_assert_uint_eq(x.pa, gma(GPA_D + 0x2c));
}
END_TEST

/* Outside nested mode the grid is the plain walk (m = 0); a soft machine has none. */
START_TEST(test_probe_walk2d_plain)
{
    struct cpu_walk2d g;
    struct h_pt pt;

    M = h_new_cfg(NMEM, CPU_MMU_WALKER, 3, false);
    h_pt_init(M, &pt, 3, 0x100000, 0x101000);
    h_pt_map(M, &pt, VA_D, 0x50000 | PTE_P | PTE_W, PTE_P | PTE_W);
    cpu_set_cp0(M, CP0_PTBR, 0x100000);
    ck_assert_int_eq(cpu_probe_walk2d(M, VA_D + 4, &g), MMU_OK);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(g.m, 0);
    ck_assert_uint_eq(g.rows, 4);
    ck_assert_uint_eq(g.refs, 3);
    ck_assert_uint_eq(g.ma, 0x50004);
    for (unsigned r = 0; r < 3; r++) {
        ck_assert_uint_eq(g.row[r].ncols, 0);
        ck_assert_uint_eq(g.row[r].guest_order, r + 1);
        ck_assert_uint_eq(g.row[r].guest_ma, h_pt_slot(M, &pt, VA_D, r, PTE_P | PTE_W));
    }
    ck_assert_uint_eq(g.row[3].gpa, 0x50004);
    ck_assert_uint_eq(h_stats(M).walks, 0);
    cpu_free(M);
    M = h_new_cfg(NMEM, CPU_MMU_SOFT, 0, false);
    ck_assert_int_eq(cpu_probe_walk2d(M, VA_D, &g), MMU_TLB_REFILL);
    ck_assert_uint_eq(g.rows, 0);
}
END_TEST

/* ---- statistics outside nested mode ---------------------------------------------------------------------- */

/* The plain walker fills the histogram (n references a walk) and walk_refs =
 * walker_reads; the nested counters stay zero. */
START_TEST(test_plain_walker_hist)
{
    unsigned n = (unsigned)_i;
    struct cpu_stats st;
    struct h_pt pt;

    M = h_new_cfg(NMEM, CPU_MMU_WALKER, n, false);
    h_pt_init(M, &pt, n, 0x100000, 0x101000);
    for (unsigned i = 0; i < 3; i++)
        h_pt_map(M, &pt, VA_D + 0x1000 * i, (0x50000 + 0x1000 * i) | PTE_P | PTE_W, PTE_P | PTE_W);
    /* a large page at level 0: one reference */
    h_w32(M, h_pt_slot(M, &pt, 0x60000000, 0, PTE_P | PTE_W), PTE_P | PTE_W | PTE_L);
    cpu_set_cp0(M, CP0_PTBR, 0x100000);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T3, 0x60000000);
    H_EXEC(M, 5, enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0x1000, R_T0),
           enc_m(OP_SW, R_T1, 0x2000, R_T0), enc_m(OP_LW, R_T1, 0, R_T0),
           enc_m(OP_LW, R_T1, 0, R_T3));
    st = h_stats(M);
    ck_assert_uint_eq(st.walks, 4);
    ck_assert_uint_eq(st.walk_hist[n], 3);
    ck_assert_uint_eq(st.walk_hist[1], 1);
    ck_assert_uint_eq(st.walk_refs, 3 * n + 1);
    ck_assert_uint_eq(st.walk_refs, st.walker_reads);
    ck_assert_uint_eq(st.nested_walks + st.nested_reads + st.nested_writes + st.pwc_hits +
                      st.nested_faults, 0);
}
END_TEST

/* The soft TLB never walks. */
START_TEST(test_soft_no_walk_stats)
{
    struct cpu_stats st;
    M = h_new();
    h_map(M, 5, VA_D, 0x50000, 0, ENTRYLO_V | ENTRYLO_D);
    cpu_set_reg(M, R_T0, VA_D);
    cpu_set_reg(M, R_T3, 0x00700000);
    H_EXEC(M, 2, enc_m(OP_SW, R_T1, 0, R_T0), enc_m(OP_LW, R_T1, 0, R_T3));
    st = h_stats(M);
    ck_assert_uint_eq(st.exceptions[EXC_TLBL], 1);
    ck_assert_uint_eq(st.walk_refs + st.walks + st.nested_walks + st.pwc_hits, 0);
    for (unsigned k = 0; k < CPU_WALK_HIST; k++)
        ck_assert_uint_eq(st.walk_hist[k], 0);
}
END_TEST

/* ---- a whole system ---------------------------------------------------------------------------------------- */

/* The harness's little guest kernel (hk_build) runs in kernel mode on
 * machine addresses; its user program's accesses are 2D walks through an
 * identity nested table.  It computes what it computes on the plain walker,
 * with and without the PWC and the fast cache, and the histogram adds up. */
#define SYS_MEM   (16u << 20)
#define SYS_LIM   HK_MEM
#define SYS_NT    0x00c00000u

static void sys_nested(struct cpu *c, unsigned m, bool pwc)
{
    struct cpu_nested ns = { .on = true, .root = SYS_NT, .levels = m, .limit = SYS_LIM, .pwc = pwc };
    struct cpu *save = M;
    unsigned save_m = ML;
    M = c;
    ML = m;
    h_zero_frame(c, SYS_NT);
    npool = SYS_NT + 0x1000;
    for (uint32_t g = 0; g < SYS_LIM; g += 0x1000) {
        uint32_t table = SYS_NT;
        for (unsigned l = 0; l + 1 < m; l++) {
            uint32_t s = table + 4 * nindex(l, g), e = h_r32(c, s);
            if (!(e & PTE_P)) {
                e = npool | NUP;
                h_zero_frame(c, npool);
                npool += 0x1000;
                h_w32(c, s, e);
            }
            table = e & PTE_PFN;
        }
        h_w32(c, table + 4 * nindex(m - 1, g), g | NUP);
    }
    ck_assert_int_eq(cpu_set_nested(c, &ns), 0);
    M = save;
    ML = save_m;
}

START_TEST(test_nested_system)
{
    unsigned n = loop_n(_i), m = loop_m(_i);
    struct cpu *c[3];
    struct cpu_stats st[3];

    for (int k = 0; k < 3; k++) {
        enum cpu_stop why;
        uint64_t sum = 0, walks = 0;
        c[k] = h_new_cfg(SYS_MEM, CPU_MMU_WALKER, n, k == 2);
        hk_build(c[k], 4, 60);
        sys_nested(c[k], m, k >= 1);
        why = cpu_run(c[k], 400000);
        ck_assert_msg(why == CPU_STOP_HALT, "n %u m %u run %d: stop %d, pc 0x%08x, cause 0x%08x",
                      n, m, k, why, cpu_pc(c[k]), cpu_cp0(c[k], CP0_CAUSE));
        ck_assert_uint_eq(cpu_exit_status(c[k]), hk_model(4, 60));
        st[k] = h_stats(c[k]);
        ck_assert_uint_eq(st[k].exceptions[EXC_TLBL] + st[k].exceptions[EXC_TLBS], 0);
        ck_assert_uint_eq(st[k].walks, st[k].nested_walks);
        ck_assert_uint_eq(st[k].tlb_writes, st[k].walks);
        for (unsigned b = 0; b < CPU_WALK_HIST; b++) {
            sum += b * st[k].walk_hist[b];
            walks += st[k].walk_hist[b];
        }
        ck_assert_uint_eq(walks, st[k].walks);
        ck_assert_uint_eq(sum, st[k].walk_refs);
        ck_assert_uint_eq(st[k].walk_refs, st[k].walker_reads + st[k].nested_reads);
        if (k == 0)
            ck_assert_uint_eq(st[k].walk_refs, st[k].walks * (n * m + n + m));
    }
    ck_assert_uint_lt(st[1].walk_refs, st[0].walk_refs);
    ck_assert_uint_gt(st[1].pwc_hits, 0);
    ck_assert_int_eq(memcmp(&st[1], &st[2], sizeof st[1]), 0);      /* fast cache on/off */
    for (int k = 0; k < 3; k++)
        cpu_free(c[k]);
}
END_TEST

static Suite *nested_suite(void)
{
    Suite *s = suite_create("cpu_nested");
    TCase *tc = tcase_create("nested");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_set_nested_api);
    tcase_add_test(tc, test_set_nested_flushes_tlb);
    tcase_add_test(tc, test_switch_nested_keeps_tlb);
    tcase_add_loop_test(tc, test_cold_walk_counts, 0, 12);
    tcase_add_loop_test(tc, test_store_sets_ad, 0, 12);
    tcase_add_loop_test(tc, test_load_then_store, 0, 12);
    tcase_add_test(tc, test_asid_tagged);
    tcase_add_loop_test(tc, test_user_mode, 0, 12);
    tcase_add_loop_test(tc, test_supervisor_kseg, 0, 12);
    tcase_add_test(tc, test_nested_fault_limit);
    tcase_add_loop_test(tc, test_nested_fault_final_gpa, 0, 12);
    tcase_add_loop_test(tc, test_nested_fault_on_guest_pte, 0, 12);
    tcase_add_loop_test(tc, test_guest_faults_not_nested, 0, 12);
    tcase_add_loop_test(tc, test_nested_write_protect, 0, 12);
    tcase_add_test(tc, test_nested_write_protect_upper);
    tcase_add_loop_test(tc, test_nested_write_protect_guest_table, 0, 12);
    tcase_add_test(tc, test_nested_fetch_fault);
    tcase_add_test(tc, test_nested_fault_no_hook);
    tcase_add_loop_test(tc, test_nested_large, 0, 12);
    tcase_add_test(tc, test_nested_large_off);
    tcase_add_loop_test(tc, test_pwc_counts, 0, 12);
    tcase_add_loop_test(tc, test_pwc_flushes, 0, 6);
    tcase_add_test(tc, test_pwc_fifo);
    tcase_add_loop_test(tc, test_pwc_same_results, 0, 12);
    tcase_add_test(tc, test_mtc0_supervisor);
    tcase_add_test(tc, test_mtc0_supervisor_not_nested);
    tcase_add_test(tc, test_invva_supervisor);
    tcase_add_loop_test(tc, test_probe_walk2d, 0, 12);
    tcase_add_test(tc, test_probe_walk2d_24);
    tcase_add_test(tc, test_probe_walk2d_stops);
    tcase_add_loop_test(tc, test_probe_nested, 0, 12);
    tcase_add_test(tc, test_probe_walk2d_plain);
    tcase_add_loop_test(tc, test_plain_walker_hist, 2, 5);
    tcase_add_test(tc, test_soft_no_walk_stats);
    tcase_add_loop_test(tc, test_nested_system, 0, 12);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(nested_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
