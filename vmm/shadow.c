/*
 * shadow.c -- shadow page tables: the guest OS on the hardware walker.
 *
 * On a walker machine the guest builds radix page tables in its own
 * memory (guest VA -> guest PA) and writes its root to PTBR.  The hardware
 * must not walk those: their frames are guest-physical.  So the VMM keeps,
 * per guest root, a shadow tree in the same format (guest VA -> MFN) in
 * frames of its own pool, and the real PTBR points there.  Shadows are
 * filled lazily.  When the walker faults on the shadow, the VMM walks the
 * guest's tables in software, as the bare walker would (P, W, U over the
 * levels, large pages, A on every level, D on a store):
 *
 *   - they map the page: a *hidden miss*.  The VMM builds the shadow path
 *     (each shadow table mirrors the guest table at the same place; under
 *     a guest large page, tables of its own), writes the leaf VA -> pmap[PFN],
 *     and retries the instruction.  The guest sees nothing.
 *   - they do not: a *true miss*.  The VMM reflects the page fault (TLBL,
 *     TLBS or Mod, BadVAddr) to the guest's general vector, as the bare
 *     walker raises it.
 *
 * The guest kernel runs in supervisor mode, where kseg0 and kseg1 go
 * through the walker too.  They are the VMM's to map, as in soft mode:
 * PA = VA - base, then the pmap (devices are emulated, never mapped).  One
 * kseg subtree per VM serves all its roots: their kseg0/kseg1 root entries
 * point to the same shadow tables.  (Guest supervisor mode maps kseg0/kseg1
 * through the guest's tables, so it gets roots of its own: a "sup" root.)
 *
 * Coherence.  A guest frame that a shadow table mirrors is write-protected:
 * every shadow leaf mapping it (its kseg0/kseg1 alias, any user mapping)
 * is read-only.  A store to it faults; the VMM performs it on guest memory
 * (sb/sh/sw/swl/swr/sc), drops the shadow entries the changed word feeds
 * (and the subtrees below them, and the real TLB entries made from them),
 * and continues after the store.  A frame that gets many writes without
 * being walked in between (FLOOD_LIMIT: it was freed and is reused as
 * data) is unshadowed: the shadow tables mirroring it go, and with them
 * the protection.  So the shadow never holds a translation the guest's
 * tables do not, and the guest never sees a stale one.
 *
 * A and D.  A hidden miss sets A on every guest level it walked, D on the
 * leaf for a store.  A shadow leaf is writable only once the guest's D is
 * set (and W holds on every level, and the frame is not protected): the
 * first store to a clean page faults, the VMM sets D and makes the leaf
 * writable (a "dirty fault", hidden too).
 *
 * Bounds.  Shadow pages come from the VMM's pool (machine frames no VM
 * owns), at most sp_quota per VM.  Each VM caches cfg.shadow_roots roots;
 * a new one evicts the least recently used (never the current one).  When
 * a VM has no room left for a fill, it evicts its LRU roots, and failing
 * that drops every shadow page it has but its current root (a shadow
 * flush); the fills start over.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu/isa.h"
#include "vmm/internal.h"

#define UPPER       (PTE_P | PTE_W | PTE_U | PTE_A | PTE_D)  /* a shadow table entry */
#define SW_WOK      0x200u           /* a shadow leaf's software bit: the guest allows writes */
#define FLOOD_LIMIT 4u               /* writes to a shadowed table before it is unshadowed */
#define PAGE_MASK   0xfffff000u

/* ---- geometry -------------------------------------------------------------------------- */

static unsigned idx_of(const struct vmm *m, unsigned l, uint32_t va)
{
    return (va >> m->lv_shift[l]) & ((1u << m->lv_bits[l]) - 1u);
}

static unsigned nent(const struct vmm *m, unsigned l) { return 1u << m->lv_bits[l]; }

/* The VAs entry i of a level-l table at base maps: [lo, lo + span). */
static uint32_t entry_lo(const struct vmm *m, unsigned l, uint32_t base, unsigned i)
{
    return base + (i << m->lv_shift[l]);
}
static uint64_t span(const struct vmm *m, unsigned l) { return 1ull << m->lv_shift[l]; }

static bool in_kseg(uint32_t va) { return va >= KSEG0_BASE && va < KSEG2_BASE; }

/* ---- memory: shadow tables (machine) and guest tables (guest-physical) ------------------ */

static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void put32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

static uint32_t sp_get(struct vmm *m, int32_t p, unsigned i)
{
    uint8_t b[4];
    cpu_phys_read(m->cpu, m->sp[p].mfn * PAGE + 4 * i, b, 4);
    return le32(b);
}

/* Shadow page p changed: the isolation check looks at it next time. */
static void mark_dirty(struct vmm *m, int32_t p)
{
    struct spage *s = &m->sp[p];
    if (!m->cfg.check || s->dirty)
        return;
    struct vm *vm = &m->vms[s->vm];
    s->dirty = true;
    if (vm->ndirty < m->sp_quota)
        vm->dirty[vm->ndirty++] = p;
    else
        vm->check_full = true;
}

static void sp_set(struct vmm *m, int32_t p, unsigned i, uint32_t v)
{
    uint8_t b[4];
    put32(b, v);
    cpu_phys_write(m->cpu, m->sp[p].mfn * PAGE + 4 * i, b, 4);
    mark_dirty(m, p);
}

/* The first n entries of shadow page p. */
static void sp_read(struct vmm *m, int32_t p, uint32_t *e, unsigned n)
{
    uint8_t b[PAGE];
    cpu_phys_read(m->cpu, m->sp[p].mfn * PAGE, b, 4 * n);
    for (unsigned i = 0; i < n; i++)
        e[i] = le32(b + 4 * i);
}

/* A word of guest-physical memory (gpa aligned, inside the VM). */
static uint32_t g_rd(struct vmm *m, const struct vm *vm, uint32_t gpa)
{
    uint8_t b[4];
    cpu_phys_read(m->cpu, vm->pmap[gpa / PAGE] * PAGE + (gpa & (PAGE - 1)), b, 4);
    return le32(b);
}

static void g_wr(struct vmm *m, const struct vm *vm, uint32_t gpa, uint32_t v)
{
    uint8_t b[4];
    put32(b, v);
    cpu_phys_write(m->cpu, vm->pmap[gpa / PAGE] * PAGE + (gpa & (PAGE - 1)), b, 4);
}

/* ---- the guest's walk ------------------------------------------------------------------ */

struct gwalk {
    unsigned n;                  /* levels read */
    uint32_t pte_gpa[4], pte[4];
    uint32_t gpfn;               /* the guest frame of va's 4 KiB page */
    uint32_t leaf;               /* the leaf PTE (after A/D) */
    bool w, u;                   /* W and U over every level */
};

/* gwalk: the bare walker's walk (walk() in cpu/mmu.c) of va for an access
 * acc in guest mode, on VM vm's memory from its PTBR with the machine's
 * levels.  With setad, an allowed access sets A on every level read and D
 * on the leaf of a store, as the walker does. */
static enum mmu_result gwalk(struct vmm *m, struct vm *vm, uint32_t va, enum cpu_access acc,
                             enum cpu_mode mode, bool setad, struct gwalk *g)
{
    uint32_t vpn = va >> 12, table = vm->cp0.ptbr & PAGE_MASK;
    unsigned shift = 20, n = 0;
    bool w = true, u = true;

    g->n = 0;
    for (;;) {
        unsigned bits = m->lv_bits[n];
        shift -= bits;
        uint32_t gpa = table + 4 * ((vpn >> shift) & ((1u << bits) - 1));
        if (table / PAGE >= vm->npages)      /* no RAM there (devices hold no tables) */
            return MMU_BUS_ERROR;
        g->pte_gpa[n] = gpa;
        g->pte[n] = g_rd(m, vm, gpa);
        g->n = n + 1;
        if (!(g->pte[n] & PTE_P))
            return MMU_PAGE_FAULT;
        w = w && (g->pte[n] & PTE_W);
        u = u && (g->pte[n] & PTE_U);
        n++;
        if (n == m->levels || (g->pte[n - 1] & PTE_L))
            break;
        table = g->pte[n - 1] & PTE_PFN;
    }
    if (mode == CPU_USER && !u)
        return MMU_PAGE_FAULT;
    if (acc == CPU_STORE && !w)
        return MMU_TLB_MOD;
    uint32_t low = (1u << shift) - 1;
    g->gpfn = ((g->pte[n - 1] >> 12) & ~low) | (vpn & low);
    g->w = w;
    g->u = u;
    if (setad) {
        for (unsigned i = 0; i < n; i++) {
            uint32_t want = g->pte[i] | PTE_A;
            if (i == n - 1 && acc == CPU_STORE)
                want |= PTE_D;
            if (want != g->pte[i]) {
                g->pte[i] = want;
                g_wr(m, vm, g->pte_gpa[i], want);
            }
        }
    }
    g->leaf = g->pte[n - 1];
    return MMU_OK;
}

/* ---- the pool -------------------------------------------------------------------------- */

static void protect(struct vmm *m, struct vm *vm, uint32_t gfn);

static void gfn_link(struct vmm *m, struct vm *vm, int32_t p, uint32_t gfn)
{
    struct spage *s = &m->sp[p];
    s->gfn = gfn;
    s->gprev = -1;
    s->gnext = vm->gfn_head[gfn];
    if (s->gnext >= 0)
        m->sp[s->gnext].gprev = p;
    vm->gfn_head[gfn] = p;
    if (vm->pt_refs[gfn]++ == 0)
        protect(m, vm, gfn);
}

static void gfn_unlink(struct vmm *m, struct vm *vm, int32_t p)
{
    struct spage *s = &m->sp[p];
    if (s->gfn == NO_GFN)
        return;
    if (s->gprev >= 0)
        m->sp[s->gprev].gnext = s->gnext;
    else
        vm->gfn_head[s->gfn] = s->gnext;
    if (s->gnext >= 0)
        m->sp[s->gnext].gprev = s->gprev;
    vm->pt_refs[s->gfn]--;               /* 0: no longer protected (lazily: see fill) */
    s->gfn = NO_GFN;
}

/* sp_alloc: a zeroed shadow page for vm: level, first VA, parent entry,
 * tree, and the guest table it mirrors (NO_GFN: none).  The caller made
 * room (ensure_room). */
static int32_t sp_alloc(struct vmm *m, struct vm *vm, unsigned level, uint32_t va,
                        int32_t parent, unsigned pidx, int32_t root, uint32_t gfn)
{
    static const uint8_t zero[PAGE];
    int32_t p = m->sp_free;
    struct spage *s = &m->sp[p];

    m->sp_free = s->next_free;
    m->owner[s->mfn] = OWNER_VMM;
    s->vm = (int16_t)vm->id;
    s->level = (uint8_t)level;
    s->dirty = false;
    s->root = root;
    s->parent = parent;
    s->pidx = pidx;
    s->va = va;
    s->gfn = NO_GFN;
    s->gnext = s->gprev = -1;
    cpu_phys_write(m->cpu, s->mfn * PAGE, zero, PAGE);
    mark_dirty(m, p);
    vm->sp_used++;
    vm->st.shadow_pages = vm->sp_used;
    if (vm->sp_used > vm->st.shadow_pages_peak)
        vm->st.shadow_pages_peak = vm->sp_used;
    if (gfn != NO_GFN)
        gfn_link(m, vm, p, gfn);
    return p;
}

static void sp_release(struct vmm *m, struct vm *vm, int32_t p)
{
    struct spage *s = &m->sp[p];
    gfn_unlink(m, vm, p);
    m->owner[s->mfn] = OWNER_FREE;
    s->vm = -1;
    s->dirty = false;
    s->next_free = m->sp_free;
    m->sp_free = p;
    vm->sp_used--;
    vm->st.shadow_pages = vm->sp_used;
}

/* Whether root page p (level 0) shares the VM's kseg subtree at entry i. */
static bool kseg_link_at(const struct vmm *m, const struct vm *vm, int32_t p, unsigned i)
{
    const struct spage *s = &m->sp[p];
    return s->level == 0 && s->root >= 0 && !vm->roots[s->root].sup &&
           i >= m->ks_lo && i < m->ks_hi;
}

/* free_tree: give back page p and every page below it (not the kseg
 * subtree a root links to). */
static void free_tree(struct vmm *m, struct vm *vm, int32_t p)
{
    unsigned level = m->sp[p].level;
    if (level + 1u < m->levels) {
        uint32_t e[1024];
        unsigned n = nent(m, level);
        sp_read(m, p, e, n);
        for (unsigned i = 0; i < n; i++)
            if ((e[i] & PTE_P) && !kseg_link_at(m, vm, p, i))
                free_tree(m, vm, m->sp_of_mfn[e[i] >> 12]);
    }
    sp_release(m, vm, p);
}

/* drop_entry: clear entry i of shadow page p (and free what hangs below
 * it), and drop the real TLB entries it may have made. */
static void drop_entry(struct vmm *m, struct vm *vm, int32_t p, unsigned i)
{
    uint32_t e = sp_get(m, p, i);
    const struct spage *s = &m->sp[p];
    unsigned level = s->level;
    uint32_t lo = entry_lo(m, level, s->va, i);
    const uint8_t *set = s->root >= 0 ? vm->roots[s->root].asids : NULL;

    if (!(e & PTE_P))
        return;
    sp_set(m, p, i, 0);
    if (level + 1u < m->levels)
        free_tree(m, vm, m->sp_of_mfn[e >> 12]);
    rtlb_drop_range(m, vm, lo, lo + span(m, level), set);
}

/* The kseg subtree's root entry i is now v, in every kernel root of vm. */
static void kseg_link(struct vmm *m, struct vm *vm, unsigned i, uint32_t v)
{
    vm->kseg_top[i - m->ks_lo] = v;
    for (unsigned r = 0; r < m->cfg.shadow_roots; r++)
        if (vm->roots[r].page >= 0 && !vm->roots[r].sup)
            sp_set(m, vm->roots[r].page, i, v);
}

/* ---- write protection -------------------------------------------------------------------- */

/* Whether shadow page p's entry i is a leaf of vm mapping mfn. */
static bool leaf_maps(struct vmm *m, const struct vm *vm, int32_t p, unsigned i, uint32_t mfn)
{
    return (uint32_t)p < m->nsp && m->sp[p].vm == (int)vm->id &&
           m->sp[p].level + 1u == m->levels && i < nent(m, m->levels - 1) &&
           (sp_get(m, p, i) & (PTE_P | PTE_PFN)) == (mfn << 12 | PTE_P);
}

/* rmap_add: shadow leaf (p, i) maps guest frame gfn writable. */
static void rmap_add(struct vmm *m, struct vm *vm, uint32_t gfn, int32_t p, unsigned i)
{
    struct rmap *r = &vm->rmap[gfn];
    uint32_t key = (uint32_t)p << 10 | i;

    for (uint32_t k = 0; k < r->n; k++)
        if (r->e[k] == key)
            return;
    if (r->n == r->cap) {                /* drop the entries that went, then grow */
        uint32_t j = 0;
        for (uint32_t k = 0; k < r->n; k++)
            if (leaf_maps(m, vm, (int32_t)(r->e[k] >> 10), r->e[k] & 1023, vm->pmap[gfn]))
                r->e[j++] = r->e[k];
        r->n = j;
        if (r->n == r->cap) {
            uint32_t cap = r->cap ? 2 * r->cap : 4;
            uint32_t *e = realloc(r->e, cap * sizeof *e);
            if (!e) {
                vmm_fail(m, "out of memory");
                return;
            }
            r->e = e;
            r->cap = cap;
        }
    }
    r->e[r->n++] = key;
}

/* protect: guest frame gfn became a page table: every shadow leaf of vm
 * mapping it becomes read-only, and real TLB entries that write it go. */
static void protect(struct vmm *m, struct vm *vm, uint32_t gfn)
{
    struct rmap *r = &vm->rmap[gfn];
    uint32_t mfn = vm->pmap[gfn];

    for (uint32_t k = 0; k < r->n; k++) {
        int32_t p = (int32_t)(r->e[k] >> 10);
        unsigned i = r->e[k] & 1023;
        if (leaf_maps(m, vm, p, i, mfn)) {
            uint32_t e = sp_get(m, p, i);
            if (e & PTE_W)
                sp_set(m, p, i, e & ~PTE_W);
        }
    }
    r->n = 0;
    rtlb_drop_mfn_dirty(m, mfn);
}

/* ---- roots ------------------------------------------------------------------------------- */

static const uint8_t *cur_asid_set(const struct vm *vm, uint8_t set[32])
{
    unsigned a = vm->cp0.entryhi & ENTRYHI_ASID;
    memset(set, 0, 32);
    set[a / 8] = (uint8_t)(1u << (a % 8));
    return set;
}

/* root_evict: drop root slot r of vm and its tree; the real TLB entries
 * made from it go too (its guest frames are no longer protected, so they
 * could go stale unseen). */
static void root_evict(struct vmm *m, struct vm *vm, unsigned r)
{
    struct sroot *s = &vm->roots[r];
    free_tree(m, vm, s->page);
    if (s->sup) {
        rtlb_drop_range(m, vm, 0, 1ull << 32, s->asids);
    } else {
        rtlb_drop_range(m, vm, 0, KSEG0_BASE, s->asids);
        rtlb_drop_range(m, vm, KSEG2_BASE, 1ull << 32, s->asids);
    }
    s->page = -1;
    vm->st.root_evictions++;
}

/* evict_lru: evict vm's least recently used root but the current one.
 * false if it has no other. */
static bool evict_lru(struct vmm *m, struct vm *vm)
{
    int best = -1;
    for (unsigned r = 0; r < m->cfg.shadow_roots; r++)
        if (vm->roots[r].page >= 0 && (int)r != vm->cur_root &&
            (best < 0 || vm->roots[r].used < vm->roots[best].used))
            best = (int)r;
    if (best < 0)
        return false;
    root_evict(m, vm, (unsigned)best);
    return true;
}

/* zap_root: clear every entry of root slot r that is the guest's (not the
 * shared kseg links), and stop mirroring its guest frame. */
static void zap_root(struct vmm *m, struct vm *vm, unsigned r)
{
    int32_t p = vm->roots[r].page;
    uint32_t e[1024];
    unsigned n = nent(m, 0);
    sp_read(m, p, e, n);
    for (unsigned i = 0; i < n; i++)
        if ((e[i] & PTE_P) && !kseg_link_at(m, vm, p, i))
            drop_entry(m, vm, p, i);
    gfn_unlink(m, vm, p);
}

/* shadow_flush: drop all of vm's shadow pages but its current root's page. */
static void shadow_flush(struct vmm *m, struct vm *vm)
{
    for (unsigned r = 0; r < m->cfg.shadow_roots; r++)
        if (vm->roots[r].page >= 0 && (int)r != vm->cur_root)
            root_evict(m, vm, r);
    if (vm->cur_root >= 0)
        zap_root(m, vm, (unsigned)vm->cur_root);
    for (unsigned i = m->ks_lo; i < m->ks_hi; i++) {
        uint32_t e = vm->kseg_top[i - m->ks_lo];
        if (e & PTE_P) {
            kseg_link(m, vm, i, 0);
            free_tree(m, vm, m->sp_of_mfn[e >> 12]);
        }
    }
    rtlb_drop_range(m, vm, 0, 1ull << 32, NULL);
    vm->st.shadow_flushes++;
}

/* ensure_room: make room in vm's share for need more pages. */
static void ensure_room(struct vmm *m, struct vm *vm, unsigned need)
{
    while (vm->sp_used + need > m->sp_quota) {
        if (!evict_lru(m, vm)) {
            shadow_flush(m, vm);
            return;
        }
    }
}

static void set_real_ptbr(struct vmm *m, struct vm *vm)
{
    if (vm == m->cur && vm->cur_root >= 0)
        cpu_set_cp0(m->cpu, CP0_PTBR, m->sp[vm->roots[vm->cur_root].page].mfn * PAGE);
}

/* root_switch: make vm's current root the shadow of guest root gptbr (for
 * guest supervisor mode if sup), from the cache or new, and point the real
 * PTBR at it. */
static void root_switch(struct vmm *m, struct vm *vm, uint32_t gptbr, bool sup)
{
    int r = -1, free_slot = -1;

    for (unsigned i = 0; i < m->cfg.shadow_roots; i++) {
        if (vm->roots[i].page < 0) {
            if (free_slot < 0)
                free_slot = (int)i;
        } else if (vm->roots[i].gptbr == gptbr && vm->roots[i].sup == sup) {
            r = (int)i;
        }
    }
    if (r < 0) {
        if (free_slot < 0) {
            int old = vm->cur_root;
            for (unsigned i = 0; i < m->cfg.shadow_roots; i++)
                if ((int)i != old &&
                    (free_slot < 0 || vm->roots[i].used < vm->roots[free_slot].used))
                    free_slot = (int)i;
            root_evict(m, vm, (unsigned)free_slot);
        }
        ensure_room(m, vm, 1);
        r = free_slot;
        struct sroot *s = &vm->roots[r];
        memset(s, 0, sizeof *s);
        s->page = sp_alloc(m, vm, 0, 0, -1, 0, r, NO_GFN);   /* mirrors gptbr once walked */
        s->gptbr = gptbr;
        s->sup = sup;
        if (!sup)
            for (unsigned i = m->ks_lo; i < m->ks_hi; i++)
                if (vm->kseg_top[i - m->ks_lo])
                    sp_set(m, s->page, i, vm->kseg_top[i - m->ks_lo]);
    }
    vm->cur_root = r;
    vm->roots[r].used = ++vm->lru_clock;
    shadow_asid(m, vm);
    set_real_ptbr(m, vm);
}

void shadow_asid(struct vmm *m, struct vm *vm)
{
    (void)m;
    if (vm->cur_root >= 0) {
        unsigned a = vm->cp0.entryhi & ENTRYHI_ASID;
        vm->roots[vm->cur_root].asids[a / 8] |= (uint8_t)(1u << (a % 8));
    }
}

void shadow_load(struct vmm *m, struct vm *vm)
{
    if (vm->cur_root < 0)
        root_switch(m, vm, vm->cp0.ptbr & PAGE_MASK, vm_mode(vm) == CPU_SUPERVISOR);
    set_real_ptbr(m, vm);
    vm->check_full = true;
}

void shadow_mode(struct vmm *m, struct vm *vm, enum cpu_mode mode)
{
    bool sup = mode == CPU_SUPERVISOR;
    if (mode == CPU_USER || (vm->cur_root >= 0 && vm->roots[vm->cur_root].sup == sup))
        return;
    root_switch(m, vm, vm->cp0.ptbr & PAGE_MASK, sup);
    /* kseg0/kseg1 mean something else now: the real entries for them go */
    rtlb_drop_range(m, vm, KSEG0_BASE, KSEG2_BASE, NULL);
}

void shadow_ptbr(struct vmm *m, struct vm *vm)
{
    vm->st.ptbr_traps++;
    root_switch(m, vm, vm->cp0.ptbr & PAGE_MASK,
                vm->cur_root >= 0 && vm->roots[vm->cur_root].sup);
}

/* ---- filling ------------------------------------------------------------------------------ */

/* path: the leaf-level shadow page for va in vm's current root (kseg: in
 * its kseg subtree), creating the tables on the way; each new one mirrors
 * the guest table g read at its level (none under a large page, none for
 * kseg).  -1 if the shadow and the guest's tables disagree (a VMM bug) and
 * the check is on. */
static int32_t path(struct vmm *m, struct vm *vm, uint32_t va, const struct gwalk *g, bool kseg)
{
    int32_t p;
    unsigned l = 0;

    if (kseg) {
        unsigned i = idx_of(m, 0, va);
        uint32_t e = vm->kseg_top[i - m->ks_lo];
        if (!(e & PTE_P)) {
            int32_t c = sp_alloc(m, vm, 1, va & ~(uint32_t)(span(m, 0) - 1), -1, i, SP_KSEG,
                                 NO_GFN);
            e = m->sp[c].mfn << 12 | UPPER;
            kseg_link(m, vm, i, e);
        }
        p = m->sp_of_mfn[e >> 12];
        l = 1;
    } else {
        p = vm->roots[vm->cur_root].page;
    }
    for (; l + 1 < m->levels; l++) {
        unsigned i = idx_of(m, l, va);
        uint32_t e = sp_get(m, p, i);
        uint32_t want = !kseg && l + 1 < g->n ? g->pte[l] >> 12 : NO_GFN;
        if (e & PTE_P) {
            int32_t c = m->sp_of_mfn[e >> 12];
            if (m->sp[c].gfn == want) {
                p = c;
                continue;
            }
            if (m->cfg.check) {
                vmm_fail(m, "shadow paging: VM %u's shadow table for VA 0x%08x at level %u "
                         "mirrors guest frame 0x%05x, not 0x%05x (a VMM bug)", vm->id, va,
                         l + 1, m->sp[c].gfn, want);
                return -1;
            }
            drop_entry(m, vm, p, i);
        }
        int32_t c = sp_alloc(m, vm, l + 1, va & ~(uint32_t)(span(m, l) - 1), p, i,
                             kseg ? SP_KSEG : vm->cur_root, want);
        sp_set(m, p, i, m->sp[c].mfn << 12 | UPPER);
        p = c;
    }
    return p;
}

static void trace_shadow(struct vmm *m, struct vm *vm, const struct cpu_trap *t,
                         enum vmm_event_kind kind, uint32_t pfn, uint32_t mfn, uint32_t value)
{
    if (m->trace) {
        struct vmm_event ev = { .kind = kind, .pc = t->pc, .insn = t->insn, .va = t->badvaddr,
                                .vidx = -1, .ridx = -1, .vpn = t->badvaddr >> 12, .pfn = pfn,
                                .mfn = mfn, .value = value, .rasid = m->cur_rasid,
                                .user = !vm_guest_kernel(vm), .shadow = true };
        m->ev_pc = t->pc;
        m->ev_insn = t->insn;
        vmm_emit(m, vm, &ev);
    }
}

/* fill: the shadow leaf for t's address va -> guest frame gfn (kseg: the
 * VMM's mapping of kseg0/kseg1; else from the guest's walk g), then retry. */
static void fill(struct vmm *m, struct vm *vm, const struct cpu_trap *t, const struct gwalk *g,
                 uint32_t gfn, bool kseg)
{
    uint32_t va = t->badvaddr;
    uint8_t set[32];

    /* progress guard: the same access served again and again is a VMM bug */
    if (vm->fault_trap + 1 == m->ntraps && vm->fault_pc == t->pc && vm->fault_va == va) {
        if (++vm->fault_repeats > 8) {
            vmm_fail(m, "shadow paging: VM %u's access to 0x%08x at 0x%08x faults again after "
                     "each fill (a VMM bug)", vm->id, va, t->pc);
            return;
        }
    } else {
        vm->fault_repeats = 0;
    }
    vm->fault_trap = m->ntraps;
    vm->fault_pc = t->pc;
    vm->fault_va = va;

    ensure_room(m, vm, m->levels - 1);
    for (unsigned l = 0; !kseg && l < g->n; l++)
        vm->flood[g->pte_gpa[l] / PAGE] = 0;     /* its tables are in use: not a flood */
    if (!kseg) {
        struct sroot *r = &vm->roots[vm->cur_root];
        if (m->sp[r->page].gfn == NO_GFN)    /* its guest root is walked: mirror it */
            gfn_link(m, vm, r->page, r->gptbr / PAGE);
    }
    int32_t p = path(m, vm, va, g, kseg);
    if (p < 0)
        return;
    unsigned i = idx_of(m, m->levels - 1, va);
    uint32_t old = sp_get(m, p, i);
    bool wok = kseg || (g->w && (g->leaf & PTE_D));
    uint32_t leaf = vm->pmap[gfn] << 12 | PTE_P | PTE_A | PTE_D;
    if (!kseg && g->u)
        leaf |= PTE_U;
    if (wok)
        leaf |= SW_WOK;
    if (wok && !vm->pt_refs[gfn])        /* (pt_refs now: the path may have protected gfn) */
        leaf |= PTE_W;
    sp_set(m, p, i, leaf);
    if (leaf & PTE_W)
        rmap_add(m, vm, gfn, p, i);
    vm->st.hidden_misses++;
    if (old & PTE_P)
        vm->st.dirty_faults++;
    else if (kseg)
        vm->st.kseg_fills++;
    vm->st.exits[EXIT_TLB_HIDDEN]++;
    /* The real TLB may hold a stale entry for the page under this ASID (made
     * from another root): the retry must walk the shadow. */
    rtlb_drop_range(m, vm, va & PAGE_MASK, (uint64_t)(va & PAGE_MASK) + PAGE,
                    cur_asid_set(vm, set));
    trace_shadow(m, vm, t, VMM_EV_FILL, gfn, vm->pmap[gfn], leaf);
    vmm_resume(m, vm, retry(t));
}

/* ---- page-table writes --------------------------------------------------------------------- */

/* mirrors: the shadow pages mirroring guest frame gfn, copied into
 * m->scratch (the list changes as they are dropped); their number. */
static uint32_t mirrors(struct vmm *m, const struct vm *vm, uint32_t gfn)
{
    uint32_t n = 0;
    for (int32_t p = vm->gfn_head[gfn]; p >= 0; p = m->sp[p].gnext)
        m->scratch[n++] = p;
    return n;
}

/* pt_changed: word w of guest frame gfn changed: every shadow entry made
 * from it goes (a root's kseg links excepted: kseg0/kseg1 are the VMM's). */
static void pt_changed(struct vmm *m, struct vm *vm, uint32_t gfn, unsigned w)
{
    uint32_t n = mirrors(m, vm, gfn);
    for (uint32_t k = 0; k < n; k++) {
        int32_t p = m->scratch[k];
        const struct spage *s = &m->sp[p];
        if (s->vm != (int)vm->id || s->gfn != gfn)   /* freed on the way (a table that maps itself) */
            continue;
        if (w < nent(m, s->level) && !kseg_link_at(m, vm, p, w))
            drop_entry(m, vm, p, w);
    }
}

/* unshadow: stop mirroring guest frame gfn: the shadow tables made from it
 * go (a current root is emptied instead), so it is no longer protected. */
static void unshadow(struct vmm *m, struct vm *vm, uint32_t gfn)
{
    uint32_t n = mirrors(m, vm, gfn);
    for (uint32_t k = 0; k < n; k++) {
        int32_t p = m->scratch[k];
        const struct spage *s = &m->sp[p];
        if (s->vm != (int)vm->id || s->gfn != gfn)
            continue;
        if (s->level == 0 && s->root == vm->cur_root)
            zap_root(m, vm, (unsigned)s->root);
        else if (s->level == 0)
            root_evict(m, vm, (unsigned)s->root);
        else
            drop_entry(m, vm, s->parent, s->pidx);
    }
    vm->flood[gfn] = 0;
    vm->st.unshadowed++;
}

/* pt_write: t is a store to guest-physical gpa, in a frame that is a page
 * table: do it on guest memory as the CPU would, update the shadow, and
 * continue after it. */
static void pt_write(struct vmm *m, struct vm *vm, const struct cpu_trap *t, uint32_t gpa)
{
    uint32_t w = t->insn, v, mask, val, old, new;
    unsigned rt = ISA_GET_RT(w), sh;
    enum isa_op op = isa_decode(w);
    uint32_t gfn = gpa / PAGE;

    v = cpu_reg(m->cpu, rt);
    switch (op) {
    case OP_SB:
        sh = 8 * (gpa & 3);
        mask = 0xffu << sh;
        val = (v & 0xffu) << sh;
        break;
    case OP_SH:
        sh = 8 * (gpa & 2);
        mask = 0xffffu << sh;
        val = (v & 0xffffu) << sh;
        break;
    case OP_SW:
    case OP_SC:
        mask = 0xffffffffu;
        val = v;
        break;
    case OP_SWL:
    case OP_SWR:
        isa_swlr(op == OP_SWL, v, t->badvaddr, &mask, &val);
        break;
    default:
        vmm_fail(m, "shadow paging: VM %u's write fault at 0x%08x is not a store (0x%08x)",
                 vm->id, t->pc, w);
        return;
    }
    gpa &= ~3u;
    old = g_rd(m, vm, gpa);
    new = (old & ~mask) | (val & mask);
    g_wr(m, vm, gpa, new);
    if (op == OP_SC)
        cpu_set_reg(m->cpu, rt, 1);
    if (new != old)
        pt_changed(m, vm, gfn, (gpa & (PAGE - 1)) / 4);
    vm->st.pt_write_traps++;
    vm->st.exits[EXIT_TLB_HIDDEN]++;
    trace_shadow(m, vm, t, VMM_EV_EMULATE, gfn, vm->pmap[gfn], new);
    if (vm->pt_refs[gfn] && ++vm->flood[gfn] >= FLOOD_LIMIT)
        unshadow(m, vm, gfn);
    vm_retire(m, vm, 1);
    vmm_resume(m, vm, after(t));
}

/* ---- the fault ------------------------------------------------------------------------------ */

void shadow_fault(struct vmm *m, struct vm *vm, const struct cpu_trap *t)
{
    uint32_t va = t->badvaddr;
    enum cpu_access acc = t->fetch ? CPU_FETCH : t->code == EXC_TLBL ? CPU_LOAD : CPU_STORE;
    enum cpu_mode mode = vm_mode(vm);
    struct gwalk g;

    if (mode == CPU_KERNEL && in_kseg(va)) {     /* the VMM's to map */
        uint32_t pa = va - (va < KSEG1_BASE ? KSEG0_BASE : KSEG1_BASE);
        if (pa_is_device(pa))
            vmm_emulate_device(m, vm, t, pa);
        else if (pa / PAGE >= vm->npages)
            vmm_reflect_bus(m, vm, t);
        else if (acc == CPU_STORE && vm->pt_refs[pa / PAGE])
            pt_write(m, vm, t, pa);
        else
            fill(m, vm, t, NULL, pa / PAGE, true);
        return;
    }
    switch (gwalk(m, vm, va, acc, mode, true, &g)) {
    case MMU_OK:
        break;
    case MMU_TLB_MOD:
        vm->st.true_misses++;
        vmm_reflect_trap(m, vm, t, EXC_MOD, RF_TLB);
        return;
    case MMU_BUS_ERROR:                          /* a table outside the VM's memory */
        vmm_reflect_bus(m, vm, t);
        return;
    default:                                     /* not present, or not the user's */
        vm->st.true_misses++;
        vmm_reflect_trap(m, vm, t, acc == CPU_STORE ? EXC_TLBS : EXC_TLBL, RF_TLB);
        return;
    }
    uint32_t gpa = g.gpfn << 12 | (va & (PAGE - 1));
    if (pa_is_device(gpa))
        vmm_emulate_device(m, vm, t, gpa);
    else if (g.gpfn >= vm->npages)               /* the guest mapped memory it does not have */
        vmm_reflect_bus(m, vm, t);
    else if (acc == CPU_STORE && vm->pt_refs[g.gpfn])
        pt_write(m, vm, t, gpa);
    else
        fill(m, vm, t, &g, g.gpfn, false);
}

/* ---- InvVA, the loader's writes, looking ---------------------------------------------------- */

/* shadow_invva: the guest's InvVA.  The machine drops the page's TLB
 * entries under every ASID: so does the VMM, in the real TLB, and it drops
 * the page's leaf in the current shadow root (the next access walks the
 * guest's tables again, as the walker would).  The other roots' leaves
 * stay: they cannot be stale, since every change to a guest table the
 * shadow mirrors is a trapped write that drops them already. */
void shadow_invva(struct vmm *m, struct vm *vm, uint32_t va)
{
    int32_t p;
    unsigned l;

    vm->st.invva_traps++;
    va &= PAGE_MASK;
    rtlb_drop_range(m, vm, va, (uint64_t)va + PAGE, NULL);
    if (vm->cur_root < 0 || (in_kseg(va) && !vm->roots[vm->cur_root].sup))
        return;                                  /* kseg0/kseg1: the VMM's own */
    p = vm->roots[vm->cur_root].page;
    for (l = 0; l + 1 < m->levels; l++) {
        uint32_t e = sp_get(m, p, idx_of(m, l, va));
        if (!(e & PTE_P))
            return;
        p = m->sp_of_mfn[e >> 12];
    }
    if (sp_get(m, p, idx_of(m, l, va)) & PTE_P)
        sp_set(m, p, idx_of(m, l, va), 0);
}

void shadow_gpa_written(struct vmm *m, struct vm *vm, uint32_t gpa, size_t n)
{
    uint32_t end = gpa + (uint32_t)n;
    for (uint32_t a = gpa & ~3u; a < end; a += 4)
        if (vm->pt_refs[a / PAGE])
            pt_changed(m, vm, a / PAGE, (a & (PAGE - 1)) / 4);
}

enum mmu_result guest_translate(struct vmm *m, const struct vm *vm, uint32_t va,
                                enum cpu_access acc, enum cpu_mode mode, uint32_t *gpa)
{
    struct gwalk g;
    enum mmu_result r = gwalk(m, (struct vm *)vm, va, acc, mode, false, &g);
    if (r == MMU_OK)
        *gpa = g.gpfn << 12 | (va & (PAGE - 1));
    return r;
}

/* ---- the isolation check ------------------------------------------------------------------- */

/* check_page: every entry of vm's shadow page p leads to vm's own: tables
 * to its shadow pages of the next level, leaves to its machine frames; and
 * the page itself is the VMM's frame.  false after vmm_fail. */
static bool check_page(struct vmm *m, const struct vm *vm, int32_t p)
{
    const struct spage *s = &m->sp[p];
    uint32_t e[1024];
    unsigned n = nent(m, s->level);

    if (m->owner[s->mfn] != OWNER_VMM) {
        vmm_fail(m, "isolation check: VM %u's shadow table at machine frame 0x%05x is not "
                 "the VMM's (owner %d)", vm->id, s->mfn, m->owner[s->mfn]);
        return false;
    }
    sp_read(m, p, e, n);
    for (unsigned i = 0; i < n; i++) {
        uint32_t f = e[i] >> 12;
        if (!(e[i] & PTE_P))
            continue;
        if (s->level + 1u < m->levels) {
            int32_t c = f < m->mframes ? m->sp_of_mfn[f] : -1;
            if (c < 0 || m->sp[c].vm != (int)vm->id || m->sp[c].level != s->level + 1) {
                vmm_fail(m, "isolation check: VM %u's shadow table 0x%05x entry %u points to "
                         "machine frame 0x%05x, not one of its shadow tables", vm->id, s->mfn,
                         i, f);
                return false;
            }
        } else if (f >= m->mframes || m->owner[f] != (int)vm->id) {
            vmm_fail(m, "isolation check: VM %u's shadow PTE for VA 0x%08x maps machine frame "
                     "0x%05x, which it does not own", vm->id, entry_lo(m, s->level, s->va, i),
                     f);
            return false;
        }
    }
    return true;
}

void shadow_check(struct vmm *m)
{
    struct vm *vm = m->cur;
    uint32_t ptbr = cpu_cp0(m->cpu, CP0_PTBR);

    if (vm->cur_root < 0)
        return;
    if (ptbr != m->sp[vm->roots[vm->cur_root].page].mfn * PAGE) {
        vmm_fail(m, "isolation check: the real PTBR is 0x%08x, not VM %u's shadow root", ptbr,
                 vm->id);
        return;
    }
    if (vm->check_full) {
        uint32_t owned = 0;
        for (uint32_t p = 0; p < m->nsp; p++) {
            if (m->sp[p].vm != (int)vm->id)
                continue;
            owned++;
            m->sp[p].dirty = false;
            if (!check_page(m, vm, (int32_t)p))
                return;
        }
        if (owned != vm->sp_used) {
            vmm_fail(m, "shadow paging: VM %u holds %u shadow pages, not %u (a VMM bug)",
                     vm->id, owned, vm->sp_used);
            return;
        }
        vm->check_full = false;
    } else {
        for (uint32_t k = 0; k < vm->ndirty; k++) {
            int32_t p = vm->dirty[k];
            if (m->sp[p].vm != (int)vm->id)
                continue;                        /* freed (maybe another VM's now) */
            m->sp[p].dirty = false;
            if (!check_page(m, vm, p))
                return;
        }
    }
    vm->ndirty = 0;
}

/* ---- creation ------------------------------------------------------------------------------- */

const char *shadow_init(struct vmm *m)
{
    uint32_t pool = 0, share;

    m->walker = true;
    vmm_walker_levels(m);
    m->ks_lo = KSEG0_BASE >> m->lv_shift[0];
    m->ks_hi = KSEG2_BASE >> m->lv_shift[0];
    if (!m->cfg.shadow_roots)
        m->cfg.shadow_roots = VMM_SHADOW_ROOTS;
    if (m->cfg.shadow_roots < 2 || m->cfg.shadow_roots > 64)
        return "a VM caches from 2 to 64 shadow roots";

    for (uint32_t f = 0; f < m->mframes; f++)
        pool += m->owner[f] == OWNER_FREE;
    share = pool / m->nvms;
    m->sp_quota = m->cfg.shadow_pages && m->cfg.shadow_pages < share ? m->cfg.shadow_pages
                                                                     : share;
    if (m->sp_quota < VMM_SHADOW_MIN_PAGES)
        return m->cfg.shadow_pages && m->cfg.shadow_pages < share
            ? "a VM needs at least 16 shadow pages"
            : "the machine's memory leaves fewer than 16 frames per VM for shadow page tables";
    m->sp = calloc(pool ? pool : 1, sizeof *m->sp);
    m->scratch = malloc((pool ? pool : 1) * sizeof *m->scratch);
    m->sp_of_mfn = malloc(m->mframes * sizeof *m->sp_of_mfn);
    if (!m->sp || !m->scratch || !m->sp_of_mfn)
        return "out of memory";
    m->nsp = pool;
    m->sp_free = -1;
    for (uint32_t f = m->mframes; f-- > 0;) {   /* the free list in machine-frame order */
        m->sp_of_mfn[f] = -1;
        if (m->owner[f] != OWNER_FREE)
            continue;
        int32_t p = (int32_t)--pool;
        m->sp[p].mfn = f;
        m->sp[p].vm = -1;
        m->sp[p].next_free = m->sp_free;
        m->sp_free = p;
        m->sp_of_mfn[f] = p;
    }
    for (unsigned k = 0; k < m->nvms; k++) {
        struct vm *vm = &m->vms[k];
        vm->roots = malloc(m->cfg.shadow_roots * sizeof *vm->roots);
        vm->kseg_top = calloc(m->ks_hi - m->ks_lo, sizeof *vm->kseg_top);
        vm->pt_refs = calloc(vm->npages, sizeof *vm->pt_refs);
        vm->gfn_head = malloc(vm->npages * sizeof *vm->gfn_head);
        vm->flood = calloc(vm->npages, 1);
        vm->rmap = calloc(vm->npages, sizeof *vm->rmap);
        vm->dirty = malloc(m->sp_quota * sizeof *vm->dirty);
        if (!vm->roots || !vm->kseg_top || !vm->pt_refs || !vm->gfn_head || !vm->flood ||
            !vm->rmap || !vm->dirty)
            return "out of memory";
        for (unsigned r = 0; r < m->cfg.shadow_roots; r++)
            vm->roots[r].page = -1;
        for (uint32_t g = 0; g < vm->npages; g++)
            vm->gfn_head[g] = -1;
        vm->cur_root = -1;
    }
    return NULL;
}

void shadow_free(struct vmm *m)
{
    for (unsigned k = 0; k < VMM_MAX_VMS; k++) {
        struct vm *vm = &m->vms[k];
        if (vm->rmap)
            for (uint32_t g = 0; g < vm->npages; g++)
                free(vm->rmap[g].e);
        free(vm->roots);
        free(vm->kseg_top);
        free(vm->pt_refs);
        free(vm->gfn_head);
        free(vm->flood);
        free(vm->rmap);
        free(vm->dirty);
    }
    free(m->sp);
    free(m->scratch);
    free(m->sp_of_mfn);
}
