/*
 * check_vmm_shadow.c -- shadow paging: the guest on the hardware walker
 * under the VMM (vmm/shadow.c, docs/vmm.md "Shadow paging").
 *
 * Most tests run the same guest code on a bare walker machine and under a
 * one-VM VMM with shadow paging (ws_diff: the isolation checker on, which
 * also walks the shadow tables) and require that they agree on everything
 * the guest can see -- registers, its exception records, its results, its
 * page-table entries (A and D), its instruction count -- and then check
 * what the VMM did: hidden and true misses, page-table write traps, PTBR
 * traps, InvVA, the shadow pages, and the real TLB underneath.  Tests run
 * for 2, 3 and 4 levels where the levels matter (loop tests).
 *
 * The guest's page tables are built by the test, in guest memory, before
 * the guest runs (ws_map), from PFN 16 up; data pages from PFN 48.  The
 * guest's kernel code maps nothing itself: it writes PTBR, loads, stores,
 * writes its tables through kseg0, kseg1 or a mapping of them, and InvVA.
 */
#include "tests/check_vmm_harness.h"

#define WS_MEM      (256u << 10)         /* a VM's memory: 64 pages */
#define WS_TABLES   0x10000u             /* the tables' frames, from here */
#define WS_DATA     0x30000u             /* data frame k: WS_DATA + 4K k */
#define VA_A        0x00400000u
#define VA_B        0x10010000u
#define VA_C        0x7fff0000u
#define UPPER       (PTE_P | PTE_W | PTE_U)
#define LEAF_RW     (PTE_P | PTE_W | PTE_U)

static struct h_prog C, U;               /* kernel code, user code */

static void setup(void)
{
    vt_setup();
    memset(&C, 0, sizeof C);
    memset(&U, 0, sizeof U);
}
static void teardown(void) { vt_teardown(); }

/* ---- walker test machines ---------------------------------------------------------------- */

static struct vt *ws_bare(unsigned levels)
{
    struct vt *t = vt_alloc();
    t->cpu = h_new_cfg(WS_MEM, CPU_MMU_WALKER, levels, false);
    h_console(t->cpu, &t->con, NULL);
    return t;
}

/* A VMM with cfg's VMs (shadow paging) on a walker machine with spare
 * bytes beyond the VMs' memory for the shadow pool. */
static struct vt *ws_vmm_cfg(struct vmm_config *cfg, unsigned levels, uint32_t spare)
{
    struct vt *t = vt_alloc();
    const char *err = NULL;
    cfg->paging = VMM_PAGING_SHADOW;
    t->cpu = h_new_cfg(cfg->nvms * cfg->guest_mem + spare, CPU_MMU_WALKER, levels, false);
    memset(&t->con, 0, sizeof t->con);
    t->con.in = "";
    t->vmm = vmm_new(t->cpu, cfg, &vt_con_ops, &t->con, &err);
    ck_assert_msg(t->vmm != NULL, "vmm_new: %s", err ? err : "?");
    return t;
}

static void ws_config(struct vmm_config *cfg, unsigned nvms)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->nvms = nvms;
    cfg->guest_mem = WS_MEM;
    cfg->check = true;
}

static struct vt *ws_vmm(unsigned levels)
{
    struct vmm_config cfg;
    ws_config(&cfg, 1);
    return ws_vmm_cfg(&cfg, levels, 256u << 10);
}

/* ---- the guest's page tables (in every VM of t) ------------------------------------------- */

struct ws_pt {
    uint32_t root, next;     /* the root's PA; the next free table frame */
    unsigned levels;
};

static void ws_zero(struct vt *t, uint32_t pa)
{
    static const uint8_t z[4096];
    for (unsigned k = 0; k < vt_nvms(t); k++)
        vt_write(t, k, pa, z, sizeof z);
}

static void ws_pt_init(struct vt *t, struct ws_pt *pt, unsigned levels, uint32_t root)
{
    pt->root = root;
    pt->next = root + 0x1000;
    pt->levels = levels;
    ws_zero(t, root);
}

/* PA of the PTE of level lvl for va, making the missing tables above it. */
static uint32_t ws_slot(struct vt *t, struct ws_pt *pt, uint32_t va, unsigned lvl)
{
    uint32_t table = pt->root;
    for (unsigned l = 0; l < lvl; l++) {
        uint32_t slot = table + 4 * h_pt_index(pt->levels, l, va);
        uint32_t pte = vt_r32(t, 0, slot);
        if (!(pte & PTE_P)) {
            uint32_t frame = pt->next;
            pt->next += 0x1000;
            ws_zero(t, frame);
            pte = frame | UPPER;
            for (unsigned k = 0; k < vt_nvms(t); k++)
                vt_w32(t, k, slot, pte);
        }
        table = pte & PTE_PFN;
    }
    return table + 4 * h_pt_index(pt->levels, lvl, va);
}

/* Map va's page with leaf PTE leaf; returns the leaf's PA. */
static uint32_t ws_map(struct vt *t, struct ws_pt *pt, uint32_t va, uint32_t leaf)
{
    uint32_t slot = ws_slot(t, pt, va, pt->levels - 1);
    for (unsigned k = 0; k < vt_nvms(t); k++)
        vt_w32(t, k, slot, leaf);
    return slot;
}

static uint32_t data(unsigned k) { return WS_DATA + 0x1000 * k; }

/* Data frame k holds marker 0xd000 + k in its first word, in every VM. */
static void ws_markers(struct vt *t, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        for (unsigned vm = 0; vm < vt_nvms(t); vm++)
            vt_w32(t, vm, data(k), 0xd000 + k);
}

/* ---- guest code ------------------------------------------------------------------------------ */

static void e_load(struct h_prog *p, uint32_t va, unsigned res)
{
    h_li(p, R_T0, va);
    h_emit(p, enc_m(OP_LW, R_T1, 0, R_T0));
    e_res(p, R_T1, res);
}

static void e_store(struct h_prog *p, uint32_t va, uint32_t v)
{
    h_li(p, R_T0, va);
    h_li(p, R_T1, v);
    h_emit(p, enc_m(OP_SW, R_T1, 0, R_T0));
}

/* ---- the comparison ------------------------------------------------------------------------ */

/* The setup of a test: tables and markers, the same on both machines. */
typedef void (*ws_build_fn)(struct vt *t, unsigned levels, uint32_t *pte_pa);

/* Run C (and U) on a bare walker machine and under the VMM; they must
 * agree on everything, and on the words at the n guest-physical addresses
 * the build names (its page-table entries).  Returns the VMM machine. */
static struct vt *ws_diff_cfg(unsigned levels, ws_build_fn build, struct vmm_config *cfg,
                              uint32_t spare)
{
    uint32_t pa_b[16] = { 0 }, pa_v[16] = { 0 };
    struct vt *b = ws_bare(levels);
    struct vt *v = cfg ? ws_vmm_cfg(cfg, levels, spare) : ws_vmm(levels);

    vt_image(b, 0, &C, U.n ? &U : NULL);
    vt_image(v, 0, &C, U.n ? &U : NULL);
    build(b, levels, pa_b);
    build(v, levels, pa_v);
    vt_run_halt(b, 2000000);
    vt_run_halt(v, 2000000);
    vt_assert_same(b, v);
    for (unsigned i = 0; i < 16 && pa_b[i]; i++)
        ck_assert_msg(vt_r32(b, 0, pa_b[i]) == vt_r32(v, 0, pa_v[i]),
                      "PTE at 0x%05x: bare 0x%08x, VMM 0x%08x", pa_b[i], vt_r32(b, 0, pa_b[i]),
                      vt_r32(v, 0, pa_v[i]));
    return v;
}

static struct vt *ws_diff(unsigned levels, ws_build_fn build)
{
    return ws_diff_cfg(levels, build, NULL, 0);
}

/* ---- hidden and true misses -------------------------------------------------------------- */

/* VA_A: data 0, writable; VA_C: data 1, read-only; VA_A + 4K (same leaf
 * table) and VA_B (no table) not mapped. */
static void build_misses(struct vt *t, unsigned levels, uint32_t *pa)
{
    struct ws_pt pt;
    ws_pt_init(t, &pt, levels, WS_TABLES);
    ws_markers(t, 2);
    pa[0] = ws_map(t, &pt, VA_A, data(0) | LEAF_RW);
    pa[1] = ws_map(t, &pt, VA_C, data(1) | PTE_P | PTE_U);
    pa[2] = WS_TABLES + 4 * h_pt_index(levels, 0, VA_A);
}

START_TEST(test_hidden_and_true_misses)
{
    unsigned levels = (unsigned)_i;
    struct vt *v;
    struct vmm_stats st;

    e_mode(&C, VT_SKIP, 0, 0);
    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, VA_A, 0);                         /* hidden miss */
    e_store(&C, VA_A, 0x55);                     /* first write: hidden */
    h_li(&C, R_T1, 0xdead);
    e_load(&C, VA_A + 0x1000, 1);                /* true: leaf not present */
    e_load(&C, VA_B, 2);                         /* true: no table */
    e_store(&C, VA_C, 0x66);                     /* true: Mod */
    e_load(&C, VA_C, 3);                         /* hidden */
    e_halt(&C, 0);
    v = ws_diff(levels, build_misses);

    ck_assert_uint_eq(vt_res(v, 0, 0), 0xd000);
    ck_assert_uint_eq(vt_res(v, 0, 1), 0xdead);
    ck_assert_uint_eq(vt_res(v, 0, 3), 0xd001);
    ck_assert_uint_eq(vt_r32(v, 0, data(0)), 0x55);
    ck_assert_uint_eq(vt_nexc(v, 0), 3);
    ck_assert_uint_eq((vt_rec(v, 0, 1, RF_CAUSE) & CAUSE_EXC) >> 2, EXC_TLBL);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_BADVA), VA_A + 0x1000);
    ck_assert_uint_eq(vt_rec(v, 0, 1, RF_VEC), 0x180);
    ck_assert_uint_eq((vt_rec(v, 0, 2, RF_CAUSE) & CAUSE_EXC) >> 2, EXC_TLBL);
    ck_assert_uint_eq(vt_rec(v, 0, 2, RF_BADVA), VA_B);
    ck_assert_uint_eq((vt_rec(v, 0, 3, RF_CAUSE) & CAUSE_EXC) >> 2, EXC_MOD);
    ck_assert_uint_eq(vt_rec(v, 0, 3, RF_BADVA), VA_C);
    st = vt_stats(v);
    ck_assert_uint_eq(st.paging, VMM_PAGING_SHADOW);
    ck_assert_uint_eq(st.levels, levels);
    ck_assert_uint_eq(st.vm[0].true_misses, 3);
    ck_assert_uint_eq(st.vm[0].reflected[EXC_TLBL], 2);
    ck_assert_uint_eq(st.vm[0].reflected[EXC_MOD], 1);
    ck_assert_uint_eq(st.vm[0].exits[EXIT_TLB_GUEST], 3);
    /* VA_A's load, its first write, VA_C's load; the rest are kseg fills */
    ck_assert_uint_eq(st.vm[0].hidden_misses - st.vm[0].kseg_fills, 3);
    ck_assert_uint_eq(st.vm[0].dirty_faults, 1);
    ck_assert_uint_eq(st.vm[0].pt_write_traps, 0);
    ck_assert_uint_eq(st.vm[0].ptbr_traps, 1);
}
END_TEST

/* User mode: a page whose U is 0 at one level is a page fault (TLBL) for
 * user code, though the shadow maps it for the kernel already. */
static void build_user(struct vt *t, unsigned levels, uint32_t *pa)
{
    struct ws_pt pt;
    (void)pa;
    ws_pt_init(t, &pt, levels, WS_TABLES);
    ws_markers(t, 2);
    ws_map(t, &pt, VT_USER_VA, VT_USER_PA | PTE_P | PTE_U);
    ws_map(t, &pt, VA_B, data(0) | PTE_P | PTE_W);          /* kernel only */
    ws_map(t, &pt, VA_C, data(1) | LEAF_RW);
}

START_TEST(test_user_u_bit)
{
    struct vt *v;
    struct vmm_stats st;

    e_mode(&C, VT_SKIP, 0, 0);
    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, VA_B, 0);                         /* the kernel may */
    e_enter_user(&C, VT_USER_VA);
    h_li(&U, R_T0, VA_B);
    h_emit(&U, enc_m(OP_LW, R_T1, 0, R_T0));     /* TLBL: U = 0 */
    h_emit(&U, enc_m(OP_SW, R_T1, 0, R_T0));     /* TLBS: U = 0 before W */
    h_li(&U, R_T0, VA_C);
    h_emit(&U, enc_m(OP_LW, R_T2, 0, R_T0));     /* fine */
    h_emit(&U, enc_break(0, 0));
    v = ws_diff((unsigned)_i, build_user);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0xd000);
    ck_assert_uint_eq(vt_nexc(v, 0), 3);
    ck_assert_uint_eq((vt_rec(v, 0, 1, RF_CAUSE) & CAUSE_EXC) >> 2, EXC_TLBL);
    ck_assert_uint_eq((vt_rec(v, 0, 2, RF_CAUSE) & CAUSE_EXC) >> 2, EXC_TLBS);
    ck_assert_uint_eq(vt_rec(v, 0, 2, RF_BADVA), VA_B);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_T2), 0xd001);
    st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].true_misses, 2);
}
END_TEST

/* Config says walker and the levels; tlb* are reserved instructions. */
START_TEST(test_config_and_tlb_ops)
{
    struct vt *b, *v;
    unsigned levels = (unsigned)_i;

    e_mode(&C, VT_SKIP, 0, 0);
    e_res_cp0(&C, CP0_CONFIG, 0);
    h_emit(&C, enc_op(OP_TLBWR));
    h_emit(&C, enc_op(OP_TLBP));
    e_halt(&C, 0);
    b = ws_bare(levels);
    v = ws_vmm(levels);
    vt_image(b, 0, &C, NULL);
    vt_image(v, 0, &C, NULL);
    vt_run_halt(b, 100000);
    vt_run_halt(v, 100000);
    vt_assert_same(b, v);
    ck_assert_uint_eq(vt_res(v, 0, 0), CONFIG_MT_WALKER << CONFIG_MT_SHIFT | levels);
    ck_assert_uint_eq(vt_nexc(v, 0), 2);
    ck_assert_uint_eq((vt_rec(v, 0, 1, RF_CAUSE) & CAUSE_EXC) >> 2, EXC_RI);
}
END_TEST

/* Guest supervisor mode maps kseg0 through the guest's own tables (the
 * machine's rule), the guest kernel's kseg0 is PA = VA - base: VA
 * 0x80031000 is data 2 for the one and data 1 for the other, and the VMM
 * switches shadow roots when the guest moves between them. */
static void build_sup(struct vt *t, unsigned levels, uint32_t *pa)
{
    struct ws_pt pt;
    (void)pa;
    ws_pt_init(t, &pt, levels, WS_TABLES);
    ws_markers(t, 3);
    ws_map(t, &pt, VT_USER_VA, VT_USER_PA | PTE_P | PTE_U);
    ws_map(t, &pt, 0x80031000u, data(2) | LEAF_RW);
}

START_TEST(test_guest_supervisor_kseg0)
{
    struct vt *v;
    unsigned at;

    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, 0x80031000u, 0);                  /* the kernel's: data 1 */
    at = e_mode(&C, VT_CONT, 0, 0);
    e_mtc0i(&C, CP0_STATUS, 1u << STATUS_KSU_SHIFT | STATUS_EXL);
    e_mtc0i(&C, CP0_EPC, VT_USER_VA);
    h_emit(&C, enc_op(OP_ERET));
    h_patch_li(&C, at, R_T9, VT_AT(C.n));        /* back here after the syscall */
    e_load(&C, 0x80031000u, 2);                  /* the kernel's again */
    e_halt(&C, 0);
    h_li(&U, R_T0, 0x80031000u);
    h_emit(&U, enc_m(OP_LW, R_T3, 0, R_T0));     /* supervisor: the guest's mapping */
    h_li(&U, R_T2, 0x5151);
    h_emit(&U, enc_m(OP_SW, R_T2, 4, R_T0));
    h_emit(&U, enc_syscall(0));
    v = ws_diff((unsigned)_i, build_sup);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0xd001);
    ck_assert_uint_eq(cpu_reg(v->cpu, R_T3), 0xd002);
    ck_assert_uint_eq(vt_res(v, 0, 2), 0xd001);
    ck_assert_uint_eq(vt_r32(v, 0, data(2) + 4), 0x5151);
    ck_assert_uint_eq(vt_r32(v, 0, data(1) + 4), 0);
}
END_TEST

/* ---- page-table writes --------------------------------------------------------------------- */

static uint32_t leaf_pa;                 /* VA_A's leaf PTE */

/* VA_A -> data 0; data 1 waits.  The leaf table is also mapped at VA_B as
 * a page (a guest that writes its tables through a mapping). */
static void build_ptw(struct vt *t, unsigned levels, uint32_t *pa)
{
    struct ws_pt pt;
    ws_pt_init(t, &pt, levels, WS_TABLES);
    ws_markers(t, 2);
    leaf_pa = ws_map(t, &pt, VA_A, data(0) | LEAF_RW);
    ws_map(t, &pt, VA_B, (leaf_pa & PTE_PFN) | LEAF_RW);
    pa[0] = leaf_pa;
}

/* The store of variant k that turns VA_A's PTE (data 0, A set by the first
 * load) into one for data 1, at address base + offset of the PTE. */
static void e_pte_store(struct h_prog *p, unsigned k, uint32_t at)
{
    uint32_t pte1 = data(1) | LEAF_RW;
    h_li(p, R_T0, at);
    switch (k) {
    case 0:                                      /* sw */
        h_li(p, R_T1, pte1);
        h_emit(p, enc_m(OP_SW, R_T1, 0, R_T0));
        break;
    case 1:                                      /* sb: the PFN's low byte */
        h_li(p, R_T1, (data(1) >> 8) & 0xff);
        h_emit(p, enc_m(OP_SB, R_T1, 1, R_T0));
        break;
    case 2:                                      /* sh: the low half */
        h_li(p, R_T1, pte1 & 0xffff);
        h_emit(p, enc_m(OP_SH, R_T1, 0, R_T0));
        break;
    case 3:                                      /* swr at +0: the word */
        h_li(p, R_T1, pte1);
        h_emit(p, enc_m(OP_SWR, R_T1, 0, R_T0));
        break;
    case 4:                                      /* swl at +3: the word */
        h_li(p, R_T1, pte1);
        h_emit(p, enc_m(OP_SWL, R_T1, 3, R_T0));
        break;
    default:                                     /* sc after ll */
        h_emit(p, enc_m(OP_LL, R_T1, 0, R_T0));
        h_li(p, R_T1, pte1);
        h_emit(p, enc_m(OP_SC, R_T1, 0, R_T0));
        e_res(p, R_T1, 5);
        break;
    }
}

/* A store to the guest's page table (each kind of store, through kseg0,
 * kseg1 and a mapping of the table), InvVA, and the next access sees the
 * new mapping; the guest's PTE is what the bare machine has. */
START_TEST(test_pt_write_emulated)
{
    unsigned kind = (unsigned)_i % 6, via = (unsigned)_i / 6;
    struct vt *v;
    struct vmm_stats st;
    uint32_t base;

    memset(&C, 0, sizeof C);
    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, VA_A, 0);
    /* the leaf's address, through kseg0, kseg1 or VA_B (build_ptw's map) */
    base = via == 0 ? KSEG0_BASE : via == 1 ? KSEG1_BASE : 0;
    {
        struct vt *probe = ws_bare(2 + via);     /* leaf_pa for these levels */
        uint32_t pa0[16];
        build_ptw(probe, 2 + via, pa0);
    }
    e_pte_store(&C, kind, via < 2 ? base + leaf_pa : VA_B + (leaf_pa & 0xfff));
    h_li(&C, R_T0, VA_A);
    h_emit(&C, enc_mtc0(R_T0, CP0_INVVA));
    e_load(&C, VA_A, 1);
    e_halt(&C, 0);
    v = ws_diff(2 + via, build_ptw);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0xd000);
    ck_assert_uint_eq(vt_res(v, 0, 1), 0xd001);
    ck_assert_uint_eq(vt_r32(v, 0, leaf_pa) & PTE_PFN, data(1));
    if (kind == 5)
        ck_assert_uint_eq(vt_res(v, 0, 5), 1);   /* the sc succeeded */
    st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].pt_write_traps, 1);
    ck_assert_uint_eq(st.vm[0].invva_traps, 1);
    ck_assert_uint_eq(st.vm[0].true_misses, 0);
}
END_TEST

/* Without InvVA: the bare machine may go on using its TLB's stale entry
 * (the guest's mistake), but under the VMM the guest never sees a stale
 * translation: the write drops the shadow entry and the real TLB's. */
START_TEST(test_no_stale_translation)
{
    unsigned via = (unsigned)_i;
    struct vt *v;
    uint32_t pa[16], mfn0;

    v = ws_vmm(2);
    build_ptw(v, 2, pa);
    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, VA_A, 0);
    e_load(&C, VA_A + 4, 2);                     /* the real TLB holds VA_A now */
    e_pte_store(&C, 0, via ? VA_B + (leaf_pa & 0xfff) : KSEG0_BASE + leaf_pa);
    e_load(&C, VA_A, 1);                         /* no InvVA */
    e_halt(&C, 0);
    vt_image(v, 0, &C, NULL);
    vt_run_halt(v, 100000);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0xd000);
    ck_assert_uint_eq(vt_res(v, 0, 1), 0xd001);
    mfn0 = vt_mfn(v, 0, data(0) >> 12);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(v->cpu, i, &e);
        ck_assert_msg(!((e.lo & ENTRYLO_V) && e.lo >> 12 == mfn0),
                      "real TLB[%u] still maps data 0 (VA 0x%08x)", i, e.hi);
    }
}
END_TEST

/* A burst of writes to a table the shadow mirrors: after FLOOD (4) traps
 * the VMM unshadows it and the rest run natively; the mapping still works. */
START_TEST(test_write_flood_unshadows)
{
    struct vt *v;
    struct vmm_stats st;

    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, VA_A, 0);
    h_li(&C, R_T0, 0);                           /* set by build: the leaf table + 0x800 */
    unsigned at = C.n - 2;
    for (unsigned i = 0; i < 32; i++)
        h_emit(&C, enc_m(OP_SW, R_ZERO, (int32_t)(4 * i), R_T0));
    e_load(&C, VA_A, 1);
    e_halt(&C, 0);
    {
        struct vt *probe = ws_bare(2);
        uint32_t pa0[16];
        build_ptw(probe, 2, pa0);
    }
    h_patch_li(&C, at, R_T0, KSEG0_BASE + (leaf_pa & PTE_PFN) + 0x800);
    v = ws_diff(2, build_ptw);
    ck_assert_uint_eq(vt_res(v, 0, 1), 0xd000);
    st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].pt_write_traps, 4);
    ck_assert_uint_eq(st.vm[0].unshadowed, 1);
}
END_TEST

/* The host writes a guest PTE (a loader, the debugger): the shadow follows. */
START_TEST(test_host_write_to_table)
{
    struct vt *v = ws_vmm(2);
    uint32_t pa[16];
    unsigned spin;

    build_ptw(v, 2, pa);
    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, VA_A, 0);
    spin = h_emit(&C, enc_m(OP_LW, R_T2, VT_RES_PA + 4 * 10, R_AT));   /* $at: e_res's base */
    h_emit(&C, enc_b(OP_BEQ, R_T2, R_ZERO, h_off(C.n, spin)));
    h_emit(&C, H_NOP);
    e_load(&C, VA_A, 1);
    e_halt(&C, 0);
    vt_image(v, 0, &C, NULL);
    ck_assert_int_eq(vt_run(v, 3000), VT_STOP_BUDGET);
    ck_assert_uint_eq(vt_res(v, 0, 0), 0xd000);
    vt_w32(v, 0, leaf_pa, data(1) | LEAF_RW);    /* no InvVA: the VMM must see it */
    vt_w32(v, 0, VT_RES_PA + 4 * 10, 1);
    vt_run_halt(v, 100000);
    ck_assert_uint_eq(vt_res(v, 0, 1), 0xd001);
}
END_TEST

/* ---- A and D ---------------------------------------------------------------------------------- */

static uint32_t ad_pa[4];                /* VA_A's PTEs, level 0 to the leaf */

static void build_ad(struct vt *t, unsigned levels, uint32_t *pa)
{
    struct ws_pt pt;
    ws_pt_init(t, &pt, levels, WS_TABLES);
    ws_markers(t, 1);
    ws_map(t, &pt, VA_A, data(0) | LEAF_RW);     /* no A, no D anywhere */
    for (unsigned l = 0; l < levels; l++)
        pa[l] = ad_pa[l] = ws_slot(t, &pt, VA_A, l);
}

/* A load sets A on every level and leaves the shadow leaf read-only (the
 * guest's D is 0); the first store sets D and makes it writable. */
START_TEST(test_accessed_dirty)
{
    unsigned levels = 2 + (unsigned)_i / 2;
    bool store = _i & 1;
    struct vt *v;
    struct vmm_stats st;
    struct cpu_tlb_entry e;
    int r;

    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, VA_A, 0);
    if (store)
        e_store(&C, VA_A + 8, 0x77);
    e_halt(&C, 0);
    v = ws_diff(levels, build_ad);
    for (unsigned l = 0; l < levels; l++)
        ck_assert_msg(vt_r32(v, 0, ad_pa[l]) & PTE_A, "level %u: A not set", l);
    ck_assert_uint_eq((vt_r32(v, 0, ad_pa[levels - 1]) & PTE_D) != 0, store);
    for (unsigned l = 0; l + 1 < levels; l++)
        ck_assert_uint_eq(vt_r32(v, 0, ad_pa[l]) & PTE_D, 0);
    st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].dirty_faults, store ? 1 : 0);
    /* the real TLB entry made from the shadow leaf: writable after the store only */
    r = vt_rtlb_find(v, VA_A | vt_rasid(v));
    ck_assert_int_ge(r, 0);
    cpu_tlb_read(v->cpu, (unsigned)r, &e);
    ck_assert_uint_eq(e.walker_w, store);
    ck_assert_uint_eq((e.lo & ENTRYLO_D) != 0, store);
    ck_assert_uint_eq(e.lo >> 12, vt_mfn(v, 0, data(0) >> 12));
}
END_TEST

/* A cleared by the guest (a page-table write) comes back on the next access
 * after InvVA, as on the bare machine; InvVA drops the shadow leaf and the
 * real TLB's entries for the page. */
START_TEST(test_invva)
{
    struct vt *v;
    struct vmm_stats st;
    uint32_t leaf;

    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_load(&C, VA_A, 0);
    h_li(&C, R_T0, 0);
    unsigned at = C.n - 2;
    h_li(&C, R_T1, data(0) | LEAF_RW);           /* A and D clear */
    h_emit(&C, enc_m(OP_SW, R_T1, 0, R_T0));
    h_li(&C, R_T0, VA_A);
    h_emit(&C, enc_mtc0(R_T0, CP0_INVVA));
    if (_i == 0)
        e_load(&C, VA_A, 1);                     /* A again */
    e_halt(&C, 0);
    {
        struct vt *probe = ws_bare(2);
        uint32_t pa0[16];
        build_ad(probe, 2, pa0);
    }
    h_patch_li(&C, at, R_T0, KSEG0_BASE + ad_pa[1]);
    v = ws_diff(2, build_ad);
    leaf = vt_r32(v, 0, ad_pa[1]);
    st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].invva_traps, 1);
    ck_assert_uint_eq(st.vm[0].pt_write_traps, 1);
    if (_i == 0) {
        ck_assert_uint_eq(leaf & PTE_A, PTE_A);
        ck_assert_uint_eq(st.vm[0].hidden_misses - st.vm[0].kseg_fills, 2);
    } else {
        ck_assert_uint_eq(leaf & PTE_A, 0);
        ck_assert_uint_eq(vt_rtlb_count_vpn(v, VA_A), 0);
    }
}
END_TEST

/* ---- roots ---------------------------------------------------------------------------------------- */

#define NROOTS 5

/* NROOTS roots, root k mapping VA_A to data k (and each its own tables). */
static void build_roots(struct vt *t, unsigned levels, uint32_t *pa)
{
    (void)pa;
    ws_markers(t, NROOTS);
    for (unsigned k = 0; k < NROOTS; k++) {
        struct ws_pt pt;
        ws_pt_init(t, &pt, levels, WS_TABLES + 0x4000 * k);
        ws_map(t, &pt, VA_A, data(k) | LEAF_RW);
    }
}

/* Three rounds over NROOTS address spaces (ASID k + 1, PTBR root k): each
 * reads VA_A (its own data frame), adds, and stores the round back. */
static void e_rounds(struct h_prog *p, unsigned rounds)
{
    for (unsigned r = 0; r < rounds; r++)
        for (unsigned k = 0; k < NROOTS; k++) {
            e_mtc0i(p, CP0_ENTRYHI, k + 1);
            e_mtc0i(p, CP0_PTBR, WS_TABLES + 0x4000 * k);
            e_load(p, VA_A, r * NROOTS + k);
            e_store(p, VA_A, 0xe000 + r * 16 + k);
        }
    e_halt(p, 0);
}

/* More roots than the cache holds (2): each switch evicts the least
 * recently used, and a root made again is right. */
START_TEST(test_root_cache_eviction)
{
    unsigned levels = (unsigned)_i;
    struct vmm_config cfg;
    struct vt *v;
    struct vmm_stats st;

    e_rounds(&C, 3);
    ws_config(&cfg, 1);
    cfg.shadow_roots = 2;
    v = ws_diff_cfg(levels, build_roots, &cfg, 256u << 10);
    for (unsigned k = 0; k < NROOTS; k++) {
        ck_assert_uint_eq(vt_res(v, 0, k), 0xd000 + k);
        ck_assert_uint_eq(vt_res(v, 0, NROOTS + k), 0xe000 + k);
        ck_assert_uint_eq(vt_res(v, 0, 2 * NROOTS + k), 0xe010 + k);
    }
    st = vt_stats(v);
    ck_assert_uint_eq(st.shadow_roots, 2);
    ck_assert_uint_eq(st.vm[0].ptbr_traps, 3 * NROOTS);
    /* the boot root (PTBR 0) and the first root fill the cache; every switch
     * after that evicts one */
    ck_assert_uint_eq(st.vm[0].root_evictions, 3 * NROOTS - 1);
}
END_TEST

/* With the default cache every root stays: a switch back is a hit. */
START_TEST(test_root_cache_hits)
{
    struct vt *v;
    struct vmm_stats st;

    e_rounds(&C, 3);
    v = ws_diff(2, build_roots);
    st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].ptbr_traps, 3 * NROOTS);
    ck_assert_uint_eq(st.vm[0].root_evictions, 0);
    /* one hidden miss for VA_A per root, and the first writes */
    ck_assert_uint_eq(st.vm[0].hidden_misses - st.vm[0].kseg_fills, 2 * NROOTS);
}
END_TEST

/* PTBR writes trap (one each), reads answer the guest's value (low bits
 * too), and the real PTBR is a shadow root in the VMM's own frames. */
START_TEST(test_ptbr_traps)
{
    struct vt *v;
    struct vmm_stats st;
    uint32_t real;

    e_mtc0i(&C, CP0_PTBR, WS_TABLES | 0xabc);
    e_res_cp0(&C, CP0_PTBR, 0);
    e_mtc0i(&C, CP0_PTBR, WS_TABLES + 0x4000);
    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    e_res_cp0(&C, CP0_PTBR, 1);
    e_load(&C, VA_A, 2);
    e_halt(&C, 0);
    v = ws_diff(2, build_roots);
    ck_assert_uint_eq(vt_res(v, 0, 0), WS_TABLES | 0xabc);
    ck_assert_uint_eq(vt_res(v, 0, 1), WS_TABLES);
    ck_assert_uint_eq(vt_res(v, 0, 2), 0xd000);
    st = vt_stats(v);
    ck_assert_uint_eq(st.vm[0].ptbr_traps, 4);
    ck_assert_uint_eq(st.vm[0].emulated[EMUL_MTC0], 4);
    real = cpu_cp0(v->cpu, CP0_PTBR);
    ck_assert_uint_ne(real, WS_TABLES);
    ck_assert_uint_eq(real & 0xfff, 0);
    ck_assert_int_eq(vmm_mfn_owner(v->vmm, real >> 12), -1);
    ck_assert_uint_lt(real >> 12, cpu_mem_size(v->cpu) / 4096);
}
END_TEST

/* ---- bounds ------------------------------------------------------------------------------------ */

/* Ten 4 MiB regions on 4 levels need 3 shadow tables each: with 16 pages
 * a VM, the VMM flushes its shadow again and again, and every load is right. */
static void build_regions(struct vt *t, unsigned levels, uint32_t *pa)
{
    struct ws_pt pt;
    (void)pa;
    ws_pt_init(t, &pt, levels, WS_TABLES);
    ws_markers(t, 10);
    for (unsigned k = 0; k < 10; k++)
        ws_map(t, &pt, VA_A + (k << 22), data(k) | LEAF_RW);
}

START_TEST(test_page_bound)
{
    struct vmm_config cfg;
    struct vt *v;
    struct vmm_stats st;

    e_mtc0i(&C, CP0_PTBR, WS_TABLES);
    for (unsigned r = 0; r < 2; r++)
        for (unsigned k = 0; k < 10; k++)
            e_load(&C, VA_A + (k << 22), r * 10 + k);
    e_halt(&C, 0);
    ws_config(&cfg, 1);
    cfg.shadow_pages = VMM_SHADOW_MIN_PAGES;
    v = ws_diff_cfg(4, build_regions, &cfg, 256u << 10);
    for (unsigned k = 0; k < 20; k++)
        ck_assert_uint_eq(vt_res(v, 0, k), 0xd000 + k % 10);
    st = vt_stats(v);
    ck_assert_uint_eq(st.shadow_quota, VMM_SHADOW_MIN_PAGES);
    ck_assert_uint_gt(st.vm[0].shadow_flushes, 0);
    ck_assert_uint_le(st.vm[0].shadow_pages_peak, VMM_SHADOW_MIN_PAGES);
}
END_TEST

/* vmm_new refuses what cannot work. */
START_TEST(test_config_checks)
{
    struct vmm_config cfg;
    struct cpu *walker = h_new_cfg(4u << 20, CPU_MMU_WALKER, 2, false);
    struct cpu *soft = h_new_cfg(4u << 20, CPU_MMU_SOFT, 0, false);
    const char *err = NULL;
    struct vmm *m;

    ws_config(&cfg, 1);
    cfg.guest_mem = 1u << 20;
    ck_assert_ptr_null(vmm_new(walker, &cfg, &vt_con_ops, NULL, &err));   /* soft on a walker */
    ck_assert_ptr_nonnull(strstr(err, "shadow"));
    cfg.paging = VMM_PAGING_SHADOW;
    ck_assert_ptr_null(vmm_new(soft, &cfg, &vt_con_ops, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err, "walker"));
    cfg.paging = VMM_PAGING_SHADOW;
    cfg.l2tlb = true;
    ck_assert_ptr_null(vmm_new(walker, &cfg, &vt_con_ops, NULL, &err));
    cfg.l2tlb = false;
    cfg.shadow_roots = 1;
    ck_assert_ptr_null(vmm_new(walker, &cfg, &vt_con_ops, NULL, &err));
    cfg.shadow_roots = 0;
    cfg.nvms = 4;                                /* no frames left for shadow tables */
    ck_assert_ptr_null(vmm_new(walker, &cfg, &vt_con_ops, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err, "shadow page tables"));
    cfg.nvms = 3;
    m = vmm_new(walker, &cfg, &vt_con_ops, NULL, &err);
    ck_assert_ptr_nonnull(m);
    vmm_free(m);
    cpu_free(walker);
    cpu_free(soft);
}
END_TEST

/* ---- several VMs ------------------------------------------------------------------------------- */

/* Three VMs switching every few hundred instructions, tagged and flushed:
 * each VM's results are the bare machine's, with the checker on. */
START_TEST(test_three_vms)
{
    struct vmm_config cfg;
    struct vt *b, *v;
    uint32_t pa[16];

    e_rounds(&C, 3);
    b = ws_bare(3);
    vt_image(b, 0, &C, NULL);
    build_roots(b, 3, pa);
    vt_run_halt(b, 1000000);
    ws_config(&cfg, 3);
    cfg.asid = _i ? VMM_ASID_FLUSH : VMM_ASID_TAG;
    cfg.quantum = 31;
    cfg.shadow_roots = 3;
    v = ws_vmm_cfg(&cfg, 3, 1u << 20);
    vt_image(v, -1u, &C, NULL);
    build_roots(v, 3, pa);
    vt_run_halt(v, 3000000);
    for (unsigned k = 0; k < 3; k++) {
        ck_assert_uint_eq(vt_status(v, k), vt_status(b, 0));
        ck_assert_uint_eq(vt_insns(v, k), vt_insns(b, 0));
        for (unsigned i = 0; i < 3 * NROOTS; i++)
            ck_assert_uint_eq(vt_res(v, k, i), vt_res(b, 0, i));
    }
    ck_assert_uint_gt(vt_stats(v).world_switches, 10);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------------ */

static Suite *shadow_suite(void)
{
    Suite *s = suite_create("vmm_shadow");
    TCase *tc;

    tc = tcase_create("misses");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_hidden_and_true_misses, 2, 5);
    tcase_add_loop_test(tc, test_user_u_bit, 2, 5);
    tcase_add_loop_test(tc, test_config_and_tlb_ops, 2, 5);
    tcase_add_loop_test(tc, test_guest_supervisor_kseg0, 2, 5);
    suite_add_tcase(s, tc);

    tc = tcase_create("page-table writes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_pt_write_emulated, 0, 18);
    tcase_add_loop_test(tc, test_no_stale_translation, 0, 2);
    tcase_add_test(tc, test_write_flood_unshadows);
    tcase_add_test(tc, test_host_write_to_table);
    suite_add_tcase(s, tc);

    tc = tcase_create("A/D, InvVA");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_accessed_dirty, 0, 6);
    tcase_add_loop_test(tc, test_invva, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("roots and bounds");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_root_cache_eviction, 2, 5);
    tcase_add_test(tc, test_root_cache_hits);
    tcase_add_test(tc, test_ptbr_traps);
    tcase_add_test(tc, test_page_bound);
    tcase_add_test(tc, test_config_checks);
    tcase_add_loop_test(tc, test_three_vms, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(shadow_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
