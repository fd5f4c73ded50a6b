/*
 * tlb.c -- the virtual TLBs, the real TLB, real ASIDs, and the isolation check.
 *
 * The real TLB holds only what the VMM put there: for the running VM,
 * entries made from its virtual TLB (VPN -> pmap[PFN]) and its hidden kseg
 * fills; in tag mode, other VMs' entries too, under their own real ASIDs.
 * The VMM never sets G in a real entry (a global entry would match every
 * VM).  It remembers where each real entry came from (rmeta), so that when
 * the guest overwrites a virtual entry, the real entries made from it go
 * too.
 *
 * Real ASIDs: each (VM, guest ASID) gets one, from 1 to 255, on first use.
 * When they run out the VMM flushes the real TLB and starts again (a
 * rollover).  In flush mode every world switch does the same.
 *
 * On a walker machine the hardware fills the real TLB itself, from the
 * shadow tables (shadow.c): the VMM tells its entries apart by their real
 * ASIDs (rasid_vm), and drops them by page range and ASID.
 */
#include <string.h>

#include "vmm/internal.h"

/* ---- the virtual TLB -------------------------------------------------------------------- */

int vtlb_lookup(const struct vm *vm, uint32_t va, uint32_t asid)
{
    for (int i = 0; i < NTLB; i++) {
        const struct cpu_tlb_entry *e = &vm->vtlb[i];
        if ((e->hi ^ va) & ENTRYHI_VPN)
            continue;
        if (!(e->lo & ENTRYLO_G) && (e->hi & ENTRYHI_ASID) != asid)
            continue;
        return i;                            /* the first match, as the machine does */
    }
    return -1;
}

static void rtlb_clear(struct vmm *m, unsigned r)
{
    struct cpu_tlb_entry e = { KSEG0_BASE + (r << 12), 0, false, false };
    cpu_tlb_write(m->cpu, r, &e);
    m->rmeta[r].vm = -1;
}

#define NO_PAGE 1u                   /* not a page: a VPN's low 12 bits are 0 */

/* Drop every real entry of vm made from virtual entry vidx, and, unless vpn
 * is NO_PAGE, every real entry of vm for page vpn (whatever it came from). */
static void rtlb_drop(struct vmm *m, const struct vm *vm, int vidx, uint32_t vpn)
{
    for (unsigned r = 0; r < NTLB; r++) {
        if (m->rmeta[r].vm != (int)vm->id)
            continue;
        if (m->rmeta[r].vidx == vidx) {
            rtlb_clear(m, r);
        } else if (vpn != NO_PAGE) {
            struct cpu_tlb_entry e;
            cpu_tlb_read(m->cpu, r, &e);
            if ((e.hi & ENTRYHI_VPN) == vpn)
                rtlb_clear(m, r);
        }
    }
}

static void rtlb_drop_origin(struct vmm *m, const struct vm *vm, int vidx)
{
    rtlb_drop(m, vm, vidx, NO_PAGE);
}

void rtlb_drop_kseg(struct vmm *m, const struct vm *vm)
{
    if (m->walker) {
        rtlb_drop_range(m, vm, KSEG0_BASE, KSEG2_BASE, NULL);
        return;
    }
    for (unsigned r = 0; r < NTLB; r++) {
        struct cpu_tlb_entry e;
        if (m->rmeta[r].vm != (int)vm->id)
            continue;
        cpu_tlb_read(m->cpu, r, &e);
        if (e.hi >= KSEG0_BASE && e.hi < KSEG2_BASE)
            rtlb_clear(m, r);
    }
}

/* Whether a virtual entry can be put in the real TLB while the guest kernel
 * runs: kseg0 and kseg1 are the VMM's to map (PA = VA - base), whatever the
 * guest's TLB says.  (In guest supervisor mode they are mapped through the
 * guest's TLB, and on_tlb installs those entries on a miss.) */
static bool mappable(uint32_t va)
{
    return va < KSEG0_BASE || va >= KSEG2_BASE;
}

/* ---- the second-level TLB (--l2tlb) ------------------------------------------------------
 * A direct-mapped cache per VM of the entries the guest's tlbwr evicted
 * from its virtual TLB, so that a later miss on them is served by the VMM
 * without entering the guest (as in Disco).  To the guest the TLB looks
 * bigger than 64 entries, and it must never see a translation it has
 * invalidated, so the L2 drops:
 *   - a page's copy when the guest writes that page again (tlbwi, tlbwr);
 *   - everything when the guest writes an invalid entry, or reads one with
 *     tlbr (an OS invalidates or scans its TLB to flush it);
 *   - the page InvVA names.
 * tlbp finds L2 entries too: the entry moves back into the virtual TLB, at
 * Random, and tlbp answers its index.  Global entries are not cached.
 * Real entries made from L2 slot s have origin NTLB + s. */

static unsigned l2_slot(uint32_t va, uint32_t asid)
{
    return ((va >> 12) ^ (asid * 0x9du)) % L2_SIZE;
}

int l2_lookup(const struct vm *vm, uint32_t va, uint32_t asid)
{
    unsigned s = l2_slot(va, asid);
    const struct cpu_tlb_entry *e = &vm->l2[s];
    if ((e->lo & ENTRYLO_V) && !((e->hi ^ va) & ENTRYHI_VPN) && (e->hi & ENTRYHI_ASID) == asid)
        return (int)s;
    return -1;
}

static void l2_drop_slot(struct vmm *m, struct vm *vm, unsigned s)
{
    if (vm->l2[s].lo & ENTRYLO_V) {
        rtlb_drop_origin(m, vm, (int)(NTLB + s));
        vm->l2[s].lo = 0;
    }
}

static void l2_drop_all(struct vmm *m, struct vm *vm)
{
    for (unsigned s = 0; s < L2_SIZE; s++)
        l2_drop_slot(m, vm, s);
}

static void l2_drop_page(struct vmm *m, struct vm *vm, uint32_t hi)
{
    int s = l2_lookup(vm, hi, hi & ENTRYHI_ASID);
    if (s >= 0)
        l2_drop_slot(m, vm, (unsigned)s);
}

static void l2_insert(struct vmm *m, struct vm *vm, const struct cpu_tlb_entry *e)
{
    if (!(e->lo & ENTRYLO_V) || (e->lo & ENTRYLO_G) || !mappable(e->hi))
        return;
    unsigned s = l2_slot(e->hi, e->hi & ENTRYHI_ASID);
    l2_drop_slot(m, vm, s);
    vm->l2[s] = *e;
}

/* vtlb_write: the guest's tlbwi (random false) or tlbwr (random true) of
 * entry i. */
void vtlb_write(struct vmm *m, struct vm *vm, unsigned i, bool random)
{
    struct cpu_tlb_entry *e = &vm->vtlb[i % NTLB];
    uint32_t asid = vm->cp0.entryhi & ENTRYHI_ASID;

    if (m->cfg.l2tlb) {
        struct cpu_tlb_entry old = *e;
        uint32_t hi = vm->cp0.entryhi & (ENTRYHI_VPN | ENTRYHI_ASID);
        if (!(vm->cp0.entrylo & ENTRYLO_V))
            l2_drop_all(m, vm);              /* invalidating: a flush */
        else
            l2_drop_page(m, vm, hi);         /* this page's new translation wins */
        if (random && old.hi != hi)
            l2_insert(m, vm, &old);          /* evicted: keep it in the L2 */
    }
    e->hi = vm->cp0.entryhi & (ENTRYHI_VPN | ENTRYHI_ASID);
    e->lo = vm->cp0.entrylo & ENTRYLO_MASK;
    /* What the real TLB holds for the old entry goes, and so does anything
     * for the new entry's page: the guest may now have two entries for it,
     * and the machine uses the lower-numbered one. */
    rtlb_drop(m, vm, (int)(i % NTLB), e->hi & ENTRYHI_VPN);
    m->last_ridx = -1;
    /* Install it at once when it is for the running address space (the
     * guest's refill handler is about to eret into the access) and is the
     * entry the machine would use for its page. */
    if (vm == m->cur && (e->lo & ENTRYLO_V) && mappable(e->hi) &&
        vtlb_lookup(vm, e->hi, asid) == (int)(i % NTLB) &&
        (e->lo >> 12) < vm->npages)
        rtlb_install(m, vm, e->hi, vm->pmap[e->lo >> 12], (e->lo & ENTRYLO_D) != 0,
                     (int)(i % NTLB));
    if (m->trace) {
        struct vmm_event ev = { .kind = VMM_EV_TLBWRITE, .pc = m->ev_pc, .insn = m->ev_insn,
                                .vidx = (int)(i % NTLB), .ridx = m->last_ridx,
                                .vpn = e->hi >> 12, .pfn = e->lo >> 12, .value = e->lo,
                                .mfn = m->last_ridx >= 0 ? m->last_mfn : 0,
                                .rasid = m->cur_rasid };
        vmm_emit(m, vm, &ev);
    }
}

void vtlb_read(struct vmm *m, struct vm *vm)
{
    if (m->cfg.l2tlb)
        l2_drop_all(m, vm);                  /* reading the TLB: a scan to flush it */
    const struct cpu_tlb_entry *e = &vm->vtlb[vm->cp0.index & INDEX_MASK];
    vm->cp0.entryhi = e->hi;
    vm->cp0.entrylo = e->lo;
    rasid_update(m);                         /* tlbr loads the entry's ASID */
}

void vtlb_probe(struct vmm *m, struct vm *vm)
{
    uint32_t hi = vm->cp0.entryhi, asid = hi & ENTRYHI_ASID;
    int i = vtlb_lookup(vm, hi, asid);

    if (i < 0 && m->cfg.l2tlb) {
        int s = l2_lookup(vm, hi, asid);
        if (s >= 0) {                        /* back into the virtual TLB, at Random */
            struct cpu_tlb_entry back = vm->l2[s], out;
            i = (int)vm_random(vm);
            out = vm->vtlb[i];
            l2_drop_slot(m, vm, (unsigned)s);
            rtlb_drop_origin(m, vm, i);
            vm->vtlb[i] = back;
            l2_insert(m, vm, &out);
        }
    }
    vm->cp0.index = i < 0 ? INDEX_P : (uint32_t)i;
}

void vtlb_invalidate_va(struct vmm *m, struct vm *vm, uint32_t va)
{
    for (unsigned s = 0; m->cfg.l2tlb && s < L2_SIZE; s++)
        if (!((vm->l2[s].hi ^ va) & ENTRYHI_VPN))
            l2_drop_slot(m, vm, s);
    for (unsigned i = 0; i < NTLB; i++) {
        if (((vm->vtlb[i].hi ^ va) & ENTRYHI_VPN) == 0) {
            rtlb_drop_origin(m, vm, (int)i);
            vm->vtlb[i].hi = KSEG0_BASE + (i << 12);
            vm->vtlb[i].lo = 0;
        }
    }
}

/* ---- the real TLB ----------------------------------------------------------------------------- */

void rtlb_install(struct vmm *m, struct vm *vm, uint32_t va, uint32_t mfn, bool dirty, int vidx)
{
    struct cpu_tlb_entry e = { 0 };
    unsigned r;

    e.hi = (va & ENTRYHI_VPN) | m->cur_rasid;
    e.lo = mfn << 12 | ENTRYLO_V | (dirty ? ENTRYLO_D : 0);
    for (r = 0; r < NTLB; r++) {             /* replace the same page, never duplicate it */
        struct cpu_tlb_entry old;
        cpu_tlb_read(m->cpu, r, &old);
        if (old.hi == e.hi && (old.lo & ENTRYLO_V))
            break;
    }
    if (r == NTLB) {
        r = m->rnext;
        m->rnext = (m->rnext + 1) % NTLB;
    }
    cpu_tlb_write(m->cpu, r, &e);
    m->rmeta[r].vm = (int)vm->id;
    m->rmeta[r].vidx = vidx;
    m->last_ridx = (int)r;
    m->last_mfn = mfn;
}

/* rtlb_drop_range: see internal.h. */
void rtlb_drop_range(struct vmm *m, const struct vm *vm, uint32_t lo, uint64_t hi,
                     const uint8_t *gasids)
{
    for (unsigned r = 0; r < NTLB; r++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(m->cpu, r, &e);
        unsigned a = e.hi & ENTRYHI_ASID, g = m->rasid_gasid[a];
        uint32_t va = e.hi & ENTRYHI_VPN;
        if (!(e.lo & ENTRYLO_V) || m->rasid_vm[a] != (int)vm->id || va < lo || va >= hi)
            continue;
        if (gasids && !(gasids[g / 8] & (1u << (g % 8))))
            continue;
        rtlb_clear(m, r);
    }
}

void rtlb_drop_mfn_dirty(struct vmm *m, uint32_t mfn)
{
    for (unsigned r = 0; r < NTLB; r++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(m->cpu, r, &e);
        if ((e.lo & (ENTRYLO_V | ENTRYLO_D)) == (ENTRYLO_V | ENTRYLO_D) && e.lo >> 12 == mfn)
            rtlb_clear(m, r);
    }
}

void rtlb_flush(struct vmm *m)
{
    for (unsigned r = 0; r < NTLB; r++)
        rtlb_clear(m, r);
    for (unsigned k = 0; k < m->nvms; k++)
        memset(m->vms[k].asid_map, 0, sizeof m->vms[k].asid_map);
    for (unsigned a = 0; a < 256; a++)
        m->rasid_vm[a] = -1;
    m->next_rasid = 1;
    m->st.tlb_flushes++;
}

uint32_t rasid_of(struct vmm *m, struct vm *vm, uint32_t gasid)
{
    if (!vm->asid_map[gasid]) {
        if (m->next_rasid > ENTRYHI_ASID) {  /* every real ASID is taken: start again */
            rtlb_flush(m);
            m->st.asid_rollovers++;
        }
        m->rasid_vm[m->next_rasid] = (int16_t)vm->id;
        m->rasid_gasid[m->next_rasid] = (uint8_t)gasid;
        vm->asid_map[gasid] = (uint8_t)m->next_rasid++;
    }
    return vm->asid_map[gasid];
}

void rasid_update(struct vmm *m)
{
    m->cur_rasid = rasid_of(m, m->cur, m->cur->cp0.entryhi & ENTRYHI_ASID);
    cpu_set_cp0(m->cpu, CP0_ENTRYHI, m->cur_rasid);
}

/* ---- the isolation invariant ------------------------------------------------------------------ */

/* vmm_check_invariant: the real ASID is the running VM's, every real TLB
 * entry that can match maps one of its machine frames, and (shadow paging)
 * its shadow tables are sound: shadow_check looks at every entry the VMM
 * wrote since the last check, and at every shadow page of the VM when it
 * enters the CPU or changes roots. */
void vmm_check_invariant(struct vmm *m)
{
    if ((cpu_cp0(m->cpu, CP0_ENTRYHI) & ENTRYHI_ASID) != m->cur_rasid) {
        vmm_fail(m, "isolation check: the real ASID is %u, not VM %u's %u",
                 cpu_cp0(m->cpu, CP0_ENTRYHI) & ENTRYHI_ASID, m->cur->id, m->cur_rasid);
        return;
    }
    for (unsigned r = 0; r < NTLB; r++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(m->cpu, r, &e);
        if (!(e.lo & ENTRYLO_V))
            continue;
        if (!(e.lo & ENTRYLO_G) && (e.hi & ENTRYHI_ASID) != m->cur_rasid)
            continue;                        /* cannot match while this VM runs */
        uint32_t mfn = e.lo >> 12;
        if (mfn >= m->mframes || m->owner[mfn] != (int)m->cur->id) {
            vmm_fail(m, "isolation check: real TLB entry %u maps VA 0x%08x to machine "
                     "frame 0x%05x, which VM %u does not own", r, e.hi & ENTRYHI_VPN, mfn,
                     m->cur->id);
            return;
        }
    }
    if (m->walker)
        shadow_check(m);
    if (m->nested && !m->stop)
        nested_check(m);
}
