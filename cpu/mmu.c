/*
 * mmu.c -- address translation: segments, the TLB, the hardware walker, the
 * fast cache in front of them, and the side-effect-free probes.
 *
 * Every translation, soft or walker, returns an enum mmu_result;
 * mmu_raise() alone turns a result into an exception.  tlb_set() alone writes
 * TLB entries, and keeps the fast cache coherent while doing it.
 *
 * Nested paging (docs/isa.md "Nested paging") is a second walker, walk2d(),
 * that walk() hands every walk to while c->nested.on; the soft TLB never
 * gets there.
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
    case MMU_NESTED_FAULT:  return "nested fault";
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

void tlb_flush_all(struct cpu *c)
{
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e = { KSEG0_BASE + (i << 12), 0, false, false };
        tlb_set(c, i, &e);
    }
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

const unsigned cpu_level_bits[5][4] = {
    [1] = { 20 }, [2] = { 10, 10 }, [3] = { 6, 7, 7 }, [4] = { 5, 5, 5, 5 },
};

struct walk_result {
    uint32_t pfn;            /* frame of the 4 KiB page */
    uint32_t leaf;           /* the leaf PTE (after A/D updates) */
    bool w, u;               /* effective permissions */
};

static enum mmu_result walk2d(struct cpu *c, uint32_t va, enum cpu_access acc,
                              enum cpu_mode mode, bool probe,
                              struct walk_result *res, struct cpu_walk2d *grid);

/* walk: read the radix table for va.  Unless probing, count every reference
 * and, if the translation is allowed, set A on every level and D on the leaf
 * of a store.  trace (may be NULL) records the levels read.  In nested mode
 * the walk is walk2d()'s (callers with a trace handle nested mode first). */
static enum mmu_result walk(struct cpu *c, uint32_t va, enum cpu_access acc,
                            enum cpu_mode mode, bool probe,
                            struct walk_result *res, struct cpu_walk *trace)
{
    uint32_t vpn = va >> 12;
    uint32_t table = c->ptbr & PAGE_MASK;
    uint32_t pte_pa[4], pte[4];
    unsigned shift = 20, n = 0, reads = 0;
    bool w = true, u = true;
    enum mmu_result r = MMU_OK;

    if (unlikely(c->nested.on))
        return walk2d(c, va, acc, mode, probe, res, NULL);
    if (!probe)
        c->st.walks++;
    if (trace)
        trace->nlevels = 0;
    for (;;) {
        unsigned bits = cpu_level_bits[c->levels][n];
        unsigned idx;
        shift -= bits;
        idx = (vpn >> shift) & ((1u << bits) - 1);
        pte_pa[n] = table + 4 * idx;
        if (!bus_is_ram(c, pte_pa[n], 4)) {
            r = MMU_BUS_ERROR;
            goto out;
        }
        pte[n] = ld32(c->ram + pte_pa[n]);
        reads++;
        if (trace) {
            trace->level[n].pte_pa = pte_pa[n];
            trace->level[n].pte = pte[n];
            trace->level[n].index = idx;
            trace->nlevels = n + 1;
        }
        if (!(pte[n] & PTE_P)) {
            r = MMU_PAGE_FAULT;
            goto out;
        }
        w = w && (pte[n] & PTE_W);
        u = u && (pte[n] & PTE_U);
        n++;
        if (n == c->levels || (pte[n - 1] & PTE_L))
            break;
        table = pte[n - 1] & PTE_PFN;
    }

    if (mode == CPU_USER && !u) {
        r = MMU_PAGE_FAULT;
        goto out;
    }
    if (acc == CPU_STORE && !w) {
        r = MMU_TLB_MOD;
        goto out;
    }

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
out:
    if (!probe) {
        c->st.walker_reads += reads;
        c->st.walk_refs += reads;
        c->st.walk_hist[reads < CPU_WALK_HIST ? reads : CPU_WALK_HIST - 1]++;
    }
    return r;
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

/* ---- nested paging ------------------------------------------------------------------------ */

/* The page-walk cache: CPU_PWC_SIZE entries, fully associative, FIFO
 * replacement (a round-robin pointer once full).  It holds upper-level
 * entries of successful walks only, with their A bits set, so a hit never
 * has anything to write back. */
void pwc_flush(struct cpu *c)
{
    c->pwc_n = 0;
    c->pwc_next = 0;
}

static int pwc_find(const struct cpu *c, unsigned dim, unsigned level, uint32_t table,
                    unsigned index)
{
    for (unsigned i = 0; i < c->pwc_n; i++) {
        const struct pwc_entry *e = &c->pwc[i];
        if (e->table == table && e->index == index && e->dim == dim && e->level == level)
            return (int)i;
    }
    return -1;
}

static void pwc_insert(struct cpu *c, unsigned dim, unsigned level, uint32_t table,
                       unsigned index, uint32_t pte)
{
    int i = pwc_find(c, dim, level, table, index);
    if (i < 0) {
        if (c->pwc_n < CPU_PWC_SIZE) {
            i = (int)c->pwc_n++;
        } else {
            i = (int)c->pwc_next;
            c->pwc_next = (c->pwc_next + 1) % CPU_PWC_SIZE;
        }
    }
    c->pwc[i].table = table;
    c->pwc[i].index = (uint16_t)index;
    c->pwc[i].dim = (uint8_t)dim;
    c->pwc[i].level = (uint8_t)level;
    c->pwc[i].pte = pte;
}

/* One GPA -> MA translation of a 2D walk (a row of the grid). */
struct nx {
    bool made;               /* translated (a guest-level PWC hit skips it) */
    uint32_t ma;             /* the machine address */
    uint32_t leaf, leaf_ma;  /* the leaf entry as read, and where it is */
    bool w;                  /* W over the nested levels */
    unsigned nent;           /* entries read from memory, upper levels first */
    struct { uint32_t table, ma; unsigned level; } ent[4];
};

/* A 2D walk in progress. */
struct w2d {
    bool probe;              /* change nothing, count nothing */
    bool pwc;                /* use the PWC (never when probing) */
    unsigned refs;           /* memory references (both dimensions) */
    unsigned guest_reads;    /* ... of them, guest PTE reads */
    unsigned hits;           /* PWC hits */
    uint32_t fault_gpa;      /* after MMU_NESTED_FAULT */
    struct cpu_walk2d *grid; /* the probe's record, or NULL */
    struct nx nx[5];         /* per row: guest levels, then the final GPA */
    uint32_t g_table[4], g_pte[4];  /* per guest level: table (GPA), PTE */
    unsigned g_index[4];
};

/* nested_xlate: translate gpa through the nested table as row `row` of the
 * walk: MMU_OK with k->nx[row] filled, MMU_NESTED_FAULT (k->fault_gpa = gpa)
 * or MMU_BUS_ERROR (a nested table outside RAM: the VMM's mistake). */
static enum mmu_result nested_xlate(struct cpu *c, struct w2d *k, unsigned row, uint32_t gpa)
{
    const struct cpu_nested *ns = &c->nested;
    struct nx *x = &k->nx[row];
    uint32_t gfn = gpa >> 12, table = ns->root & PAGE_MASK, ma = 0, e = 0, low;
    unsigned shift = 20, lvl = 0;
    bool w = true;

    x->made = true;
    x->nent = 0;
    if (k->grid) {
        k->grid->row[row].gpa = gpa;
        k->grid->rows = row + 1;
    }
    if (gpa >= ns->limit)
        goto fault;
    for (;;) {
        unsigned bits = cpu_level_bits[ns->levels][lvl];
        bool last = lvl + 1 == ns->levels;
        unsigned idx;
        int hit;
        shift -= bits;
        idx = (gfn >> shift) & ((1u << bits) - 1);
        ma = table + 4 * idx;
        hit = (!last && k->pwc) ? pwc_find(c, PWC_NESTED, lvl, table, idx) : -1;
        if (hit >= 0) {
            e = c->pwc[hit].pte;
            k->hits++;
        } else {
            if (!bus_is_ram(c, ma, 4))
                return MMU_BUS_ERROR;
            e = ld32(c->ram + ma);
            k->refs++;
            x->ent[x->nent].table = table;
            x->ent[x->nent].ma = ma;
            x->ent[x->nent].level = lvl;
            x->nent++;
            if (k->grid) {
                unsigned col = k->grid->row[row].ncols++;
                k->grid->row[row].nested[col].order = k->refs;
                k->grid->row[row].nested[col].ma = ma;
                k->grid->row[row].nested[col].pte = e;
            }
        }
        if (!(e & PTE_P))
            goto fault;
        w = w && (e & PTE_W);
        if (last || (ns->large && (e & PTE_L)))
            break;
        table = e & PTE_PFN;
        lvl++;
    }
    /* A large leaf maps 2^shift frames; the GPA's frame is the one inside it. */
    low = (1u << shift) - 1;
    x->ma = (((e >> 12) & ~low) | (gfn & low)) << 12 | (gpa & 0xfff);
    x->leaf = e;
    x->leaf_ma = ma;
    x->w = w;
    return MMU_OK;
fault:
    k->fault_gpa = gpa;
    return MMU_NESTED_FAULT;
}

/* nested_set: set bits in the nested entry at ma, counting the write-back. */
static void nested_set(struct cpu *c, uint32_t ma, uint32_t bits)
{
    uint32_t v = ld32(c->ram + ma);
    if ((v & bits) != bits) {
        st32(c->ram + ma, v | bits);
        c->st.nested_writes++;
    }
}

/* commit2d: after a successful 2D walk of n guest levels, row by row: A (and
 * D on the leaf of a store) in the guest PTE, if it lacks them; A in every
 * nested entry read, and D in the nested leaf of a page written (the guest
 * PTE's page if it was written back, the data page on a store), one write
 * per entry.  Then the PWC is filled with the upper-level entries read, as
 * they now are in memory. */
static void commit2d(struct cpu *c, struct w2d *k, unsigned n, bool store)
{
    for (unsigned r = 0; r <= n; r++) {
        const struct nx *x = &k->nx[r];
        bool written = store;
        if (!x->made)
            continue;                       /* a guest entry from the PWC: A is set */
        if (r < n) {
            uint32_t cur = ld32(c->ram + x->ma);
            uint32_t want = cur | PTE_A | (r == n - 1 && store ? PTE_D : 0);
            written = want != cur;
            if (written) {
                st32(c->ram + x->ma, want);
                c->st.walker_writes++;
            }
        }
        for (unsigned j = 0; j < x->nent; j++)
            nested_set(c, x->ent[j].ma, j + 1 == x->nent && written ? PTE_A | PTE_D : PTE_A);
    }
    if (!k->pwc)
        return;
    for (unsigned i = 0; i + 1 < n; i++)
        if (k->nx[i].made)
            pwc_insert(c, PWC_GUEST, i, k->g_table[i], k->g_index[i],
                       ld32(c->ram + k->nx[i].ma));
    for (unsigned r = 0; r <= n; r++) {
        const struct nx *x = &k->nx[r];
        if (!x->made)
            continue;
        for (unsigned j = 0; j + 1 < x->nent; j++)      /* the last one read is the leaf */
            pwc_insert(c, PWC_NESTED, x->ent[j].level, x->ent[j].table,
                       (x->ent[j].ma - x->ent[j].table) / 4, ld32(c->ram + x->ent[j].ma));
    }
}

/* walk2d_body: the 2D walk for va.  Rows 0..n-1 are the guest levels (the
 * PTE's GPA through the nested table, then the PTE), row n the final GPA.
 * A kseg0/kseg1 VA (supervisor mode) has the final row only. */
static enum mmu_result walk2d_body(struct cpu *c, struct w2d *k, uint32_t va,
                                   enum cpu_access acc, enum cpu_mode mode,
                                   struct walk_result *res)
{
    uint32_t vpn = va >> 12, table = c->ptbr & PAGE_MASK, gpa, low;
    unsigned n = 0, shift = 20;
    bool w = true, u = true, store = acc == CPU_STORE, gdirty = true;
    enum mmu_result r;

    if (va >= KSEG0_BASE && va < KSEG2_BASE) {
        /* The guest kernel's unmapped segments: guest-physical at once. */
        gpa = va - (va < KSEG1_BASE ? KSEG0_BASE : KSEG1_BASE);
        u = false;
        goto final;
    }
    for (;;) {
        unsigned bits = cpu_level_bits[c->levels][n], idx;
        int hit;
        uint32_t e;
        shift -= bits;
        idx = (vpn >> shift) & ((1u << bits) - 1);
        gpa = table + 4 * idx;
        k->g_table[n] = table;
        k->g_index[n] = idx;
        hit = (n + 1 < c->levels && k->pwc) ? pwc_find(c, PWC_GUEST, n, table, idx) : -1;
        if (hit >= 0) {
            e = c->pwc[hit].pte;
            k->hits++;
            k->nx[n].made = false;
        } else {
            r = nested_xlate(c, k, n, gpa);
            if (r != MMU_OK)
                return r;
            if (!bus_is_ram(c, k->nx[n].ma, 4))
                return MMU_BUS_ERROR;
            e = ld32(c->ram + k->nx[n].ma);
            k->refs++;
            k->guest_reads++;
            if (k->grid) {
                k->grid->row[n].has_guest = true;
                k->grid->row[n].guest_order = k->refs;
                k->grid->row[n].guest_ma = k->nx[n].ma;
                k->grid->row[n].guest_pte = e;
                k->grid->row[n].guest_index = idx;
            }
        }
        k->g_pte[n] = e;
        if (!(e & PTE_P))
            return MMU_PAGE_FAULT;
        w = w && (e & PTE_W);
        u = u && (e & PTE_U);
        n++;
        if (n == c->levels || (e & PTE_L))
            break;
        table = e & PTE_PFN;
    }
    if (mode == CPU_USER && !u)
        return MMU_PAGE_FAULT;
    if (store && !w)
        return MMU_TLB_MOD;
    low = (1u << shift) - 1;
    gpa = (((k->g_pte[n - 1] >> 12) & ~low) | (vpn & low)) << 12 | (va & 0xfff);
    gdirty = store || (k->g_pte[n - 1] & PTE_D);

final:
    if (k->grid)
        k->grid->final_row = true;
    r = nested_xlate(c, k, n, gpa);
    if (r != MMU_OK)
        return r;
    if (store && !k->nx[n].w) {
        k->fault_gpa = gpa;
        return MMU_NESTED_FAULT;
    }
    /* Setting A/D in a guest PTE is a store to guest memory: its page must
     * be writable in the nested table. */
    for (unsigned i = 0; i < n; i++) {
        uint32_t need = PTE_A | (i == n - 1 && store ? PTE_D : 0);
        if (k->nx[i].made && (k->g_pte[i] & need) != need && !k->nx[i].w) {
            k->fault_gpa = k->g_table[i] + 4 * k->g_index[i];
            return MMU_NESTED_FAULT;
        }
    }

    res->pfn = k->nx[n].ma >> 12;
    res->w = w && k->nx[n].w;
    res->u = u;
    /* No G: a guest's global page must not match another VM's ASIDs. */
    res->leaf = gdirty && (store || (k->nx[n].leaf & PTE_D)) ? PTE_D : 0;
    if (!k->probe)
        commit2d(c, k, n, store);
    if (k->grid)
        k->grid->ma = k->nx[n].ma;
    return MMU_OK;
}

/* walk2d: a 2D walk, with its statistics (unless probing).  grid may be NULL. */
static enum mmu_result walk2d(struct cpu *c, uint32_t va, enum cpu_access acc,
                              enum cpu_mode mode, bool probe,
                              struct walk_result *res, struct cpu_walk2d *grid)
{
    struct w2d k;
    enum mmu_result r;

    k.probe = probe;
    k.pwc = !probe && c->nested.pwc;
    k.refs = k.guest_reads = k.hits = 0;
    k.fault_gpa = 0;
    k.grid = grid;
    r = walk2d_body(c, &k, va, acc, mode, res);
    if (!probe) {
        c->st.walks++;
        c->st.nested_walks++;
        c->st.walk_refs += k.refs;
        c->st.walker_reads += k.guest_reads;
        c->st.nested_reads += k.refs - k.guest_reads;
        c->st.walk_hist[k.refs < CPU_WALK_HIST ? k.refs : CPU_WALK_HIST - 1]++;
        c->st.pwc_hits += k.hits;
        if (r == MMU_NESTED_FAULT)
            c->nested_gpa = k.fault_gpa;
    }
    if (grid) {
        grid->refs = k.refs;
        grid->nested_fault = r == MMU_NESTED_FAULT;
        grid->fault_gpa = r == MMU_NESTED_FAULT ? k.fault_gpa : 0;
    }
    return r;
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
    case MMU_NESTED_FAULT:
        /* As a page fault, marked for the trap hook (c->nested_gpa is set). */
        c->st.nested_faults++;
        cpu_exception(c, st ? EXC_TLBS : EXC_TLBL, va, EXF_TLB | EXF_NESTED | fetch);
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
    if (c->nested.on) {
        /* The guest dimension of the 2D walk, in guest-physical addresses. */
        struct cpu_walk2d g;
        enum mmu_result r = cpu_probe_walk2d(c, va, &g);
        unsigned l;
        for (l = 0; l < g.rows && l < 4 && g.row[l].has_guest; l++) {
            out->level[l].pte_pa = g.row[l].gpa;
            out->level[l].pte = g.row[l].guest_pte;
            out->level[l].index = g.row[l].guest_index;
        }
        out->nlevels = l;
        if (g.final_row)
            out->pa = g.row[g.rows - 1].gpa;
        return r;
    }
    return walk(c, va, CPU_LOAD, CPU_KERNEL, true, &wr, out);
}

enum mmu_result cpu_probe_walk2d(struct cpu *c, uint32_t va, struct cpu_walk2d *out)
{
    struct walk_result wr;

    memset(out, 0, sizeof *out);
    if (c->mmu != CPU_MMU_WALKER)
        return MMU_TLB_REFILL;
    if (!c->nested.on) {
        /* The plain walk as a grid without nested columns. */
        struct cpu_walk wk;
        enum mmu_result r = walk(c, va, CPU_LOAD, CPU_KERNEL, true, &wr, &wk);
        out->n = c->levels;
        for (unsigned l = 0; l < wk.nlevels; l++) {
            out->row[l].gpa = wk.level[l].pte_pa;
            out->row[l].has_guest = true;
            out->row[l].guest_order = l + 1;
            out->row[l].guest_ma = wk.level[l].pte_pa;
            out->row[l].guest_pte = wk.level[l].pte;
            out->row[l].guest_index = wk.level[l].index;
        }
        out->rows = out->refs = wk.nlevels;
        if (r == MMU_OK) {
            out->final_row = true;
            out->row[out->rows++].gpa = wk.pa;
            out->ma = wk.pa;
        }
        return r;
    }
    out->n = va >= KSEG0_BASE && va < KSEG2_BASE ? 0 : c->levels;
    out->m = c->nested.levels;
    return walk2d(c, va, CPU_LOAD, CPU_SUPERVISOR, true, &wr, out);
}

/* ---- nested paging: the host's controls ------------------------------------------------------ */

int cpu_set_nested(struct cpu *c, const struct cpu_nested *n)
{
    if (c->mmu != CPU_MMU_WALKER)
        return -1;
    if (n && n->on && (n->levels < 1 || n->levels > 4))
        return -1;
    if (n)
        c->nested = *n;
    else
        memset(&c->nested, 0, sizeof c->nested);
    tlb_flush_all(c);
    pwc_flush(c);
    return 0;
}

int cpu_switch_nested(struct cpu *c, const struct cpu_nested *n)
{
    if (c->mmu != CPU_MMU_WALKER || !n || !n->on || n->levels < 1 || n->levels > 4)
        return -1;
    c->nested = *n;
    pwc_flush(c);
    return 0;
}

void cpu_get_nested(const struct cpu *c, struct cpu_nested *out)
{
    *out = c->nested;
}

void cpu_nested_flush(struct cpu *c)
{
    tlb_flush_all(c);
    pwc_flush(c);
}
