/*
 * mmu.c -- address translation: segments, the TLB, the hardware walker, the
 * fast cache in front of them, and the side-effect-free probes.
 *
 * Every translation, soft or walker, returns an enum mmu_result;
 * mmu_raise() alone turns a result into an exception.  tlb_set() alone writes
 * TLB entries, and keeps the fast cache coherent while doing it.
 */
#include "cpu/internal.h"

const char *mmu_result_name(enum mmu_result r)
{
    switch (r) {
    case MMU_OK:            return "ok";
    case MMU_ADDRESS_ERROR: return "address error";
    case MMU_TLB_REFILL:    return "TLB miss";
    case MMU_TLB_INVALID:   return "TLB invalid";
    case MMU_TLB_MOD:       return "TLB modified";
    case MMU_PAGE_FAULT:    return "page fault";
    case MMU_BUS_ERROR:     return "bus error";
    }
    return "?";
}

/* ---- the fast cache ------------------------------------------------------------- */

void fc_flush_page(struct cpu *c, uint32_t va)
{
    uint32_t page = va & PAGE_MASK;
    unsigned slot = (va >> 12) & FC_MASK;

    for (unsigned m = 0; m < 3; m++)
        for (unsigned a = 0; a < 3; a++)
            if ((c->fc[m][a][slot].tag & PAGE_MASK) == page)
                c->fc[m][a][slot].tag = FC_EMPTY;
}

void fc_flush_all(struct cpu *c)
{
    for (unsigned m = 0; m < 3; m++)
        for (unsigned a = 0; a < 3; a++)
            for (unsigned i = 0; i < FC_SIZE; i++)
                c->fc[m][a][i].tag = FC_EMPTY;
}

static void fc_fill(struct cpu *c, enum cpu_mode mode, enum cpu_access acc,
                    uint32_t va, const struct cpu_xlate *x)
{
    /* A translation that hit two entries is not cached: every access to it
     * must be a lookup that counts its machine check, as without the cache. */
    if (c->no_fast_cache || c->mc_hit || (acc == CPU_FETCH && cpu_break_in_page(c, va)))
        return;
    struct fc_entry *e = &c->fc[mode][acc][(va >> 12) & FC_MASK];
    e->tag = (va & PAGE_MASK) | c->asid_tag;
    e->mapped = x->mapped;
    e->page = c->ram + (x->pa & PAGE_MASK);
}

/* ---- the TLB ---------------------------------------------------------------------- */

/* The one function that writes a TLB entry. */
static void tlb_set(struct cpu *c, unsigned i, const struct cpu_tlb_entry *e)
{
    i %= CPU_TLB_SIZE;
    fc_flush_page(c, c->tlb[i].hi);
    fc_flush_page(c, e->hi);
    c->tlb[i].hi = e->hi & (ENTRYHI_VPN | ENTRYHI_ASID);
    c->tlb[i].lo = e->lo & ENTRYLO_MASK;
    c->tlb[i].walker_w = e->walker_w;
    c->tlb[i].walker_u = e->walker_u;
}

void cpu_tlb_write(struct cpu *c, unsigned i, const struct cpu_tlb_entry *e)
{
    tlb_set(c, i, e);
}

void cpu_tlb_read(const struct cpu *c, unsigned i, struct cpu_tlb_entry *e)
{
    *e = c->tlb[i % CPU_TLB_SIZE];
}

/* tlb_lookup: the entry matching va under asid, or -1.  Two matches are a
 * machine check: logged (unless probing), counted, and the first is used.
 * In walker mode an entry with V = 0 (reset, or dropped by InvVA) is empty
 * and matches nothing; in soft mode it matches (TLB invalid), as on MIPS. */
static int tlb_lookup(struct cpu *c, uint32_t va, uint32_t asid, bool probe)
{
    uint32_t vpn = va & ENTRYHI_VPN;
    int found = -1;

    for (int i = 0; i < CPU_TLB_SIZE; i++) {
        const struct cpu_tlb_entry *e = &c->tlb[i];
        if ((e->hi & ENTRYHI_VPN) != vpn)
            continue;
        if (c->mmu == CPU_MMU_WALKER && !(e->lo & ENTRYLO_V))
            continue;
        if (!(e->lo & ENTRYLO_G) && (e->hi & ENTRYHI_ASID) != asid)
            continue;
        if (found < 0) {
            found = i;
            if (probe)
                break;
            continue;
        }
        c->st.machine_checks++;
        c->mc_hit = true;
        if (c->mc_logged < 10) {
            c->mc_logged++;
            cpu_logf(c, "machine check: TLB entries %d and %d both match VA 0x%08x "
                     "(ASID %u); using entry %d%s", found, i, va, asid, found,
                     c->mc_logged == 10 ? " (further machine checks not logged)" : "");
        }
        break;
    }
    return found;
}

void tlb_op_read(struct cpu *c)
{
    const struct cpu_tlb_entry *e = &c->tlb[c->index & INDEX_MASK];
    c->entryhi = e->hi;
    c->entrylo = e->lo;
    c->asid_tag = (c->entryhi & ENTRYHI_ASID) << 2;
}

void tlb_op_write(struct cpu *c, unsigned i)
{
    struct cpu_tlb_entry e = { c->entryhi, c->entrylo, false, false };
    tlb_set(c, i, &e);
    c->st.tlb_writes++;
}

void tlb_op_probe(struct cpu *c)
{
    int i = tlb_lookup(c, c->entryhi, c->entryhi & ENTRYHI_ASID, true);
    c->index = i < 0 ? INDEX_P : (uint32_t)i;
}

void tlb_invalidate_va(struct cpu *c, uint32_t va)
{
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        if (((c->tlb[i].hi ^ va) & ENTRYHI_VPN) == 0) {
            /* An invalid entry at a kseg0 VPN no access can reach. */
            struct cpu_tlb_entry e = { (KSEG0_BASE >> 12 | i) << 12, 0, false, false };
            tlb_set(c, i, &e);
        }
    }
}

/* ---- the walker ----------------------------------------------------------------------- */

/* Index bits per level, upper levels first. */
static const unsigned walk_bits[5][4] = {
    [2] = { 10, 10 }, [3] = { 6, 7, 7 }, [4] = { 5, 5, 5, 5 },
};

struct walk_result {
    uint32_t pfn;            /* frame of the 4 KiB page */
    uint32_t leaf;           /* the leaf PTE (after A/D updates) */
    bool w, u;               /* effective permissions */
};

/* walk: read the radix table for va.  Unless probing, count every reference
 * and, if the translation is allowed, set A on every level and D on the leaf
 * of a store.  trace (may be NULL) records the levels read. */
static enum mmu_result walk(struct cpu *c, uint32_t va, enum cpu_access acc,
                            enum cpu_mode mode, bool probe,
                            struct walk_result *res, struct cpu_walk *trace)
{
    uint32_t vpn = va >> 12;
    uint32_t table = c->ptbr & PAGE_MASK;
    uint32_t pte_pa[4], pte[4];
    unsigned shift = 20, n = 0;
    bool w = true, u = true;

    if (!probe)
        c->st.walks++;
    if (trace)
        trace->nlevels = 0;
    for (;;) {
        unsigned bits = walk_bits[c->levels][n];
        unsigned idx;
        shift -= bits;
        idx = (vpn >> shift) & ((1u << bits) - 1);
        pte_pa[n] = table + 4 * idx;
        if (!bus_is_ram(c, pte_pa[n], 4))
            return MMU_BUS_ERROR;
        pte[n] = ld32(c->ram + pte_pa[n]);
        if (!probe)
            c->st.walker_reads++;
        if (trace) {
            trace->level[n].pte_pa = pte_pa[n];
            trace->level[n].pte = pte[n];
            trace->level[n].index = idx;
            trace->nlevels = n + 1;
        }
        if (!(pte[n] & PTE_P))
            return MMU_PAGE_FAULT;
        w = w && (pte[n] & PTE_W);
        u = u && (pte[n] & PTE_U);
        n++;
        if (n == c->levels || (pte[n - 1] & PTE_L))
            break;
        table = pte[n - 1] & PTE_PFN;
    }

    if (mode == CPU_USER && !u)
        return MMU_PAGE_FAULT;
    if (acc == CPU_STORE && !w)
        return MMU_TLB_MOD;

    /* The leaf maps 2^shift pages; the VA's page is the one inside it. */
    uint32_t low = (1u << shift) - 1;
    res->pfn = ((pte[n - 1] >> 12) & ~low) | (vpn & low);
    res->w = w;
    res->u = u;
    if (!probe) {
        for (unsigned i = 0; i < n; i++) {
            uint32_t want = pte[i] | PTE_A;
            if (i == n - 1 && acc == CPU_STORE)
                want |= PTE_D;
            if (want != pte[i]) {
                pte[i] = want;
                st32(c->ram + pte_pa[i], want);
                c->st.walker_writes++;
            }
        }
    }
    res->leaf = pte[n - 1];
    if (trace)
        trace->pa = res->pfn << 12 | (va & 0xfff);
    return MMU_OK;
}

static void walker_fill(struct cpu *c, unsigned i, uint32_t va, const struct walk_result *r)
{
    struct cpu_tlb_entry e;
    e.hi = (va & ENTRYHI_VPN) | (c->entryhi & ENTRYHI_ASID);
    e.lo = r->pfn << 12 | ENTRYLO_V |
           ((r->leaf & PTE_G) ? ENTRYLO_G : 0) |
           ((r->w && (r->leaf & PTE_D)) ? ENTRYLO_D : 0);
    e.walker_w = r->w;
    e.walker_u = r->u;
    tlb_set(c, i, &e);
    c->st.tlb_writes++;
}

/* ---- translation ------------------------------------------------------------------------ */

enum mmu_result mmu_translate(struct cpu *c, uint32_t va, enum cpu_access acc,
                              enum cpu_mode mode, bool probe, struct cpu_xlate *x)
{
    uint32_t asid = c->entryhi & ENTRYHI_ASID;
    int i;

    x->mapped = false;
    x->tlb_index = -1;
    x->from_walk = false;
    if (!probe)
        c->mc_hit = false;
    if (mode == CPU_USER && va >= KSEG0_BASE)
        return MMU_ADDRESS_ERROR;
    if (mode == CPU_KERNEL && va >= KSEG0_BASE && va < KSEG2_BASE) {
        x->pa = va < KSEG1_BASE ? va - KSEG0_BASE : va - KSEG1_BASE;
        return MMU_OK;
    }

    x->mapped = true;
    i = tlb_lookup(c, va, asid, probe);

    if (c->mmu == CPU_MMU_SOFT) {
        if (i < 0 || !(c->tlb[i].lo & ENTRYLO_V)) {
            if (!probe)
                c->st.tlb_misses++;
            x->tlb_index = i;
            return i < 0 ? MMU_TLB_REFILL : MMU_TLB_INVALID;
        }
        if (!probe)
            c->st.tlb_hits++;
        x->tlb_index = i;
        if (acc == CPU_STORE && !(c->tlb[i].lo & ENTRYLO_D))
            return MMU_TLB_MOD;
        x->pa = (c->tlb[i].lo & ENTRYLO_PFN) | (va & 0xfff);
        return MMU_OK;
    }

    /* Walker mode: the TLB caches walks. */
    struct walk_result wr;
    enum mmu_result r;
    if (i >= 0) {
        const struct cpu_tlb_entry *e = &c->tlb[i];
        x->tlb_index = i;
        if (!probe)
            c->st.tlb_hits++;
        if (mode == CPU_USER && !e->walker_u)
            return MMU_PAGE_FAULT;
        if (acc != CPU_STORE || (e->lo & ENTRYLO_D)) {
            x->pa = (e->lo & ENTRYLO_PFN) | (va & 0xfff);
            return MMU_OK;
        }
        /* A store to a clean entry walks again: to set D, or to raise Mod
         * if the tables (not the cached entry) say the page is read-only. */
        r = walk(c, va, acc, mode, probe, &wr, NULL);
        if (r != MMU_OK)
            return r;
        if (!probe)
            walker_fill(c, (unsigned)i, va, &wr);
    } else {
        if (!probe)
            c->st.tlb_misses++;
        r = walk(c, va, acc, mode, probe, &wr, NULL);
        if (r != MMU_OK)
            return r;
        x->from_walk = true;
        if (!probe) {
            x->tlb_index = (int)cp0_random(c);
            walker_fill(c, (unsigned)x->tlb_index, va, &wr);
        }
    }
    x->pa = wr.pfn << 12 | (va & 0xfff);
    return MMU_OK;
}

void mmu_raise(struct cpu *c, enum mmu_result r, uint32_t va, enum cpu_access acc)
{
    bool st = acc == CPU_STORE;
    unsigned fetch = acc == CPU_FETCH ? EXF_FETCH : 0;

    switch (r) {
    case MMU_OK:
        break;
    case MMU_ADDRESS_ERROR:
        cpu_exception(c, st ? EXC_ADES : EXC_ADEL, va, EXF_BADVA | fetch);
        break;
    case MMU_TLB_REFILL:
        cpu_exception(c, st ? EXC_TLBS : EXC_TLBL, va, EXF_TLB | EXF_REFILL | fetch);
        break;
    case MMU_TLB_INVALID:
    case MMU_PAGE_FAULT:
        cpu_exception(c, st ? EXC_TLBS : EXC_TLBL, va, EXF_TLB | fetch);
        break;
    case MMU_TLB_MOD:
        cpu_exception(c, EXC_MOD, va, EXF_TLB);
        break;
    case MMU_BUS_ERROR:
        cpu_exception(c, acc == CPU_FETCH ? EXC_IBE : EXC_DBE, va, fetch);
        break;
    }
}

/* ---- slow paths of the execute loop ------------------------------------------------------ */

/* translate_access: alignment, translation, exception.  0 with x filled, or
 * -1 after raising the exception. */
static int translate_access(struct cpu *c, uint32_t va, unsigned size,
                            enum cpu_access acc, struct cpu_xlate *x)
{
    enum mmu_result r = (va & (size - 1))
        ? MMU_ADDRESS_ERROR
        : mmu_translate(c, va, acc, cpu_mode(c), false, x);
    if (r != MMU_OK) {
        mmu_raise(c, r, va, acc);
        return -1;
    }
    return 0;
}

int mem_fetch_slow(struct cpu *c, uint32_t pc, uint32_t *w)
{
    struct cpu_xlate x;

    /* Only the instruction the run started at is exempt (so "continue" steps
     * off a breakpoint); an interrupt taken before the first step must still
     * stop at a breakpoint on its vector. */
    if (c->nbreaks && !(c->break_skip_first && c->steps == c->run_start && pc == c->run_pc) &&
        cpu_break_at(c, pc)) {
        c->stop = CPU_STOP_BREAK;
        c->stop_at = 0;
        return 1;
    }
    if (translate_access(c, pc, 4, CPU_FETCH, &x) < 0)
        return -1;
    if (!bus_is_ram(c, x.pa, 4)) {
        /* Devices do not hold code. */
        mmu_raise(c, MMU_BUS_ERROR, pc, CPU_FETCH);
        return -1;
    }
    fc_fill(c, cpu_mode(c), CPU_FETCH, pc, &x);
    *w = ld32(c->ram + x.pa);
    return 0;
}

int mem_load_slow(struct cpu *c, uint32_t va, unsigned size, uint32_t *v)
{
    struct cpu_xlate x;

    if (translate_access(c, va, size, CPU_LOAD, &x) < 0)
        return -1;
    if (bus_is_ram(c, x.pa, size)) {
        const uint8_t *p = c->ram + x.pa;
        fc_fill(c, cpu_mode(c), CPU_LOAD, va, &x);
        *v = size == 4 ? ld32(p) : size == 2 ? ld16(p) : p[0];
        return 0;
    }
    if (bus_dev_read(c, x.pa, size, v) == 0) {
        if (size < 4)
            *v &= (1u << (8 * size)) - 1;
        return 0;
    }
    mmu_raise(c, MMU_BUS_ERROR, va, CPU_LOAD);
    return -1;
}

int mem_store_slow(struct cpu *c, uint32_t va, unsigned size, uint32_t v)
{
    struct cpu_xlate x;

    if (translate_access(c, va, size, CPU_STORE, &x) < 0)
        return -1;
    if (bus_is_ram(c, x.pa, size)) {
        uint8_t *p = c->ram + x.pa;
        fc_fill(c, cpu_mode(c), CPU_STORE, va, &x);
        if (size == 4)
            st32(p, v);
        else if (size == 2)
            st16(p, v);
        else
            p[0] = (uint8_t)v;
        return 0;
    }
    if (bus_dev_write(c, x.pa, size, v) == 0)
        return 0;
    mmu_raise(c, MMU_BUS_ERROR, va, CPU_STORE);
    return -1;
}

int mem_merge_slow(struct cpu *c, uint32_t va, uint32_t mask, uint32_t v)
{
    struct cpu_xlate x;

    /* Translate the effective address itself (no alignment check): a fault
     * reports it in BadVAddr, as MIPS32 does; the access is the aligned word. */
    if (translate_access(c, va, 1, CPU_STORE, &x) < 0)
        return -1;
    x.pa &= ~3u;
    if (bus_is_ram(c, x.pa, 4)) {
        uint8_t *p = c->ram + x.pa;
        fc_fill(c, cpu_mode(c), CPU_STORE, va, &x);
        st32(p, (ld32(p) & ~mask) | (v & mask));
        return 0;
    }
    if (bus_dev_write(c, x.pa, 4, v) == 0)
        return 0;
    mmu_raise(c, MMU_BUS_ERROR, va, CPU_STORE);
    return -1;
}

int mem_load_word_slow(struct cpu *c, uint32_t va, uint32_t *v)
{
    struct cpu_xlate x;

    if (translate_access(c, va, 1, CPU_LOAD, &x) < 0)
        return -1;
    x.pa &= ~3u;
    if (bus_is_ram(c, x.pa, 4)) {
        fc_fill(c, cpu_mode(c), CPU_LOAD, va, &x);
        *v = ld32(c->ram + x.pa);
        return 0;
    }
    if (bus_dev_read(c, x.pa, 4, v) == 0)
        return 0;
    mmu_raise(c, MMU_BUS_ERROR, va, CPU_LOAD);
    return -1;
}

/* ---- probes ---------------------------------------------------------------------------------- */

enum mmu_result cpu_probe(struct cpu *c, uint32_t va, enum cpu_access acc,
                          enum cpu_mode mode, struct cpu_xlate *out)
{
    enum mmu_result r = mmu_translate(c, va, acc, mode, true, out);
    if (r == MMU_OK && !bus_is_ram(c, out->pa, 1) &&
        !(out->pa >= DEV_BASE && out->pa - DEV_BASE < DEV_SIZE))
        r = MMU_BUS_ERROR;
    return r;
}

enum mmu_result cpu_probe_read(struct cpu *c, uint32_t va, void *dst, size_t n)
{
    uint8_t *d = dst;
    enum cpu_mode mode = cpu_mode(c);

    while (n > 0) {
        struct cpu_xlate x;
        uint32_t chunk = 0x1000 - (va & 0xfff);
        enum mmu_result r = mmu_translate(c, va, CPU_LOAD, mode, true, &x);
        if (chunk > n)
            chunk = (uint32_t)n;
        if (r != MMU_OK)
            return r;
        if (!bus_is_ram(c, x.pa, chunk))
            return MMU_BUS_ERROR;
        memcpy(d, c->ram + x.pa, chunk);
        d += chunk;
        n -= chunk;
        va += chunk;
    }
    return MMU_OK;
}

enum mmu_result cpu_probe_walk(struct cpu *c, uint32_t va, struct cpu_walk *out)
{
    struct walk_result wr;

    memset(out, 0, sizeof *out);
    if (c->mmu != CPU_MMU_WALKER)
        return MMU_TLB_REFILL;
    return walk(c, va, CPU_LOAD, CPU_KERNEL, true, &wr, out);
}
