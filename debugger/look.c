/*
 * look.c -- "tlbvisor debug": looking at the machine.
 *
 * Everything here reads through probes (cpu_probe, vmm_translate, the
 * physical and guest-physical copies): no exception, no TLB fill, no A/D
 * bit, no statistic changes because the user looked.
 *
 * The guest OS's page tables are read the way its refill handler reads
 * them (docs/guestos.md, "Page tables"): a radix tree per process whose root
 * is the process's P_ROOT, with the layout taken from the guest OS's own
 * symbols (procs, curproc, P_PID, P_ROOT ...), so the debugger follows the
 * guest OS as it is built.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/isa.h"
#include "debugger/debug.h"

#define PAGE 4096u


void dbg_error(struct dbg *d, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("error: ", d->out);
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    fputc('\n', d->out);
}

/* ---- registers ------------------------------------------------------------------------ */

uint32_t dbg_pc(struct dbg *d)
{
    return d->s.vmm ? vmm_vm_pc(d->s.vmm, d->vm, NULL, NULL) : cpu_pc(d->s.cpu);
}

static uint32_t gpr(struct dbg *d, unsigned r)
{
    return d->s.vmm ? vmm_vm_reg(d->s.vmm, d->vm, r) : cpu_reg(d->s.cpu, r);
}

static uint32_t cp0(struct dbg *d, unsigned r)
{
    return d->s.vmm ? vmm_vcp0(d->s.vmm, d->vm, r) : cpu_cp0(d->s.cpu, r);
}

static int gpr_number(const char *name)
{
    char *end;
    if (isdigit((unsigned char)name[0])) {
        unsigned long n = strtoul(name, &end, 10);
        return *end || n > 31 ? -1 : (int)n;
    }
    for (int r = 0; r < 32; r++)
        if (!strcmp(name, isa_reg_names[r]))
            return r;
    return !strcmp(name, "s8") ? 30 : -1;
}

int dbg_reg(struct dbg *d, const char *name, uint32_t *out)
{
    int r = gpr_number(name);
    if (r >= 0) {
        *out = gpr(d, (unsigned)r);
        return 0;
    }
    if (!strcmp(name, "pc")) {
        *out = dbg_pc(d);
        return 0;
    }
    if (!strcmp(name, "hi") || !strcmp(name, "lo")) {
        bool hi = name[0] == 'h';
        if (d->s.vmm)
            *out = hi ? vmm_vm_hi(d->s.vmm, d->vm) : vmm_vm_lo(d->s.vmm, d->vm);
        else
            *out = hi ? cpu_hi(d->s.cpu) : cpu_lo(d->s.cpu);
        return 0;
    }
    for (unsigned c = 0; c < 32; c++)
        if (cpu_cp0_name(c) && !strcasecmp(name, cpu_cp0_name(c))) {
            *out = cp0(d, c);
            return 0;
        }
    return -1;
}

int dbg_set_reg(struct dbg *d, const char *name, uint32_t v, char *err, size_t n)
{
    int r = gpr_number(name);
    if (r == 0) {
        snprintf(err, n, "$zero is always 0");
        return -1;
    }
    if (r > 0) {
        if (d->s.vmm) {
            vmm_vm_set_reg(d->s.vmm, d->vm, (unsigned)r, v);
        } else {
            cpu_set_reg(d->s.cpu, (unsigned)r, v);
        }
        return 0;
    }
    if (!strcmp(name, "pc")) {
        if (v & 3) {
            snprintf(err, n, "$pc must be word-aligned, not 0x%08" PRIx32, v);
            return -1;
        }
        if (d->s.vmm)
            vmm_vm_set_pc(d->s.vmm, d->vm, v);
        else
            cpu_set_pc(d->s.cpu, v);
        return 0;
    }
    if (!strcmp(name, "hi") || !strcmp(name, "lo")) {
        uint32_t hi, lo;
        dbg_reg(d, "hi", &hi);
        dbg_reg(d, "lo", &lo);
        if (name[0] == 'h')
            hi = v;
        else
            lo = v;
        if (d->s.vmm)
            vmm_vm_set_hilo(d->s.vmm, d->vm, hi, lo);
        else
            cpu_set_hilo(d->s.cpu, hi, lo);
        return 0;
    }
    uint32_t dummy;
    if (dbg_reg(d, name, &dummy) == 0)
        snprintf(err, n, "$%s is a CP0 register: the guest changes it with mtc0, the "
                 "debugger does not", name);
    else
        snprintf(err, n, "no register $%s", name);
    return -1;
}

int look_regs(struct dbg *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (unsigned r = 0; r < 32; r++)
        fprintf(d->out, "%-4s %08" PRIx32 "%s", isa_reg_names[r], gpr(d, r),
                r % 4 == 3 ? "\n" : "   ");
    uint32_t hi, lo;
    dbg_reg(d, "hi", &hi);
    dbg_reg(d, "lo", &lo);
    char sym[96];
    uint32_t pc = dbg_pc(d);
    dbg_symbolize(d, pc, sym, sizeof sym);
    fprintf(d->out, "pc   %08" PRIx32 "%s%s%s   hi %08" PRIx32 "   lo %08" PRIx32 "\n", pc,
            *sym ? " <" : "", sym, *sym ? ">" : "", hi, lo);
    return 0;
}

/* ---- symbols and source lines ----------------------------------------------------------- */

static bool image_covers(const struct asm_image *img, uint32_t addr)
{
    for (size_t i = 0; i < img->nsections; i++)
        if (addr - img->sections[i].addr < img->sections[i].size)
            return true;
    return false;
}

/* The guest OS's current process id (its ASID), or 0 if unknown. */
uint32_t dbg_guest_asid(struct dbg *d)
{
    return cp0(d, CP0_ENTRYHI) & ENTRYHI_ASID;
}

const struct asm_image *dbg_image_for(struct dbg *d, uint32_t addr)
{
    if (addr >= KSEG0_BASE || d->o.kernel)
        return &d->kernel;
    uint32_t pid = dbg_guest_asid(d);
    if (pid >= 1 && pid <= (uint32_t)d->nprogs && image_covers(&d->progs[pid - 1], addr))
        return &d->progs[pid - 1];
    for (int i = 0; i < d->nprogs; i++)
        if (image_covers(&d->progs[i], addr))
            return &d->progs[i];
    return NULL;
}

const char *dbg_symbolize(struct dbg *d, uint32_t addr, char *buf, size_t n)
{
    const struct asm_image *img = dbg_image_for(d, addr);
    const struct asm_symbol *s = img ? asm_symbol_covering(img, addr) : NULL;
    buf[0] = 0;
    if (s && addr - s->value < 0x10000) {
        if (addr == s->value)
            snprintf(buf, n, "%s", s->name);
        else
            snprintf(buf, n, "%s+0x%" PRIx32, s->name, addr - s->value);
    }
    return buf;
}

const char *dbg_source(struct dbg *d, uint32_t addr, char *buf, size_t n)
{
    const struct asm_image *img = dbg_image_for(d, addr);
    const struct asm_line *l = img ? asm_line_at(img, addr) : NULL;
    if (!l || l->file >= img->nfiles)
        return NULL;
    const char *f = strrchr(img->files[l->file], '/');
    snprintf(buf, n, "%s:%u", f ? f + 1 : img->files[l->file], l->line);
    return buf;
}

int dbg_symbol(struct dbg *d, const char *name, uint32_t *out)
{
    uint32_t pid = dbg_guest_asid(d);
    const struct asm_symbol *s = NULL;
    if (pid >= 1 && pid <= (uint32_t)d->nprogs)
        s = asm_symbol_find(&d->progs[pid - 1], name);
    for (int i = 0; !s && i < d->nprogs; i++)
        s = asm_symbol_find(&d->progs[i], name);
    if (!s)
        s = asm_symbol_find(&d->kernel, name);
    if (!s)
        return -1;
    *out = s->value;
    return 0;
}

/* ---- the guest OS's page tables ------------------------------------------------------------ */

static int kconst(struct dbg *d, const char *name, uint32_t *v)
{
    const struct asm_symbol *s = asm_symbol_find(&d->kernel, name);
    if (!s)
        return -1;
    *v = s->value;
    return 0;
}

static int gpa_read(struct dbg *d, uint32_t gpa, void *buf, size_t n)
{
    return d->s.vmm ? vmm_gpa_read(d->s.vmm, d->vm, gpa, buf, n)
                    : cpu_phys_read(d->s.cpu, gpa, buf, n);
}

static int gpa_word(struct dbg *d, uint32_t gpa, uint32_t *w)
{
    return gpa_read(d, gpa, w, 4);
}

/* The shape of the guest OS's tables: levels and the VA bit where each
 * level's index starts. */
struct pt_shape {
    unsigned levels;
    unsigned shift[4], bits[4];
    bool walker;             /* leaf entries are walker PTEs (else EntryLo values) */
};

static void pt_shape(struct dbg *d, struct pt_shape *p)
{
    p->walker = cpu_mmu(d->s.cpu) == CPU_MMU_WALKER;
    p->levels = p->walker ? (cp0(d, CP0_CONFIG) & CONFIG_LEVELS) : 2;
    if (p->levels < 2 || p->levels > 4)
        p->levels = 2;
    unsigned at = 32;
    for (unsigned l = 0; l < p->levels; l++) {
        p->bits[l] = cpu_level_bits[p->levels][l];
        at -= p->bits[l];
        p->shift[l] = at;
    }
}

/* A process of the guest OS. */
struct gproc {
    uint32_t pid, state, root_gpa;
    char name[40];
};

/* find_proc: the guest OS's process with pid (0: the current one). */
static int find_proc(struct dbg *d, uint32_t pid, struct gproc *out, char *err, size_t n)
{
    uint32_t procs, nproc, size, p_pid, p_state, p_root, p_name, curproc;
    if (d->o.kernel || kconst(d, "procs", &procs) || kconst(d, "NPROC", &nproc) ||
        kconst(d, "PROC_SIZE", &size) || kconst(d, "P_PID", &p_pid) ||
        kconst(d, "P_STATE", &p_state) || kconst(d, "P_ROOT", &p_root) ||
        kconst(d, "P_NAME", &p_name) || kconst(d, "curproc", &curproc)) {
        snprintf(err, n, "this needs tlbvisor's guest OS (its process table); "
                 "--kernel runs your own kernel");
        return -1;
    }
    if (pid == 0) {
        uint32_t cur;
        if (gpa_word(d, curproc - KSEG0_BASE, &cur) || gpa_word(d, cur - KSEG0_BASE + p_pid, &pid)) {
            snprintf(err, n, "cannot read the guest OS's current process");
            return -1;
        }
    }
    for (uint32_t i = 1; i < nproc; i++) {
        uint32_t base = procs - KSEG0_BASE + i * size, w[4], nameva;
        if (gpa_word(d, base + p_pid, &w[0]) || gpa_word(d, base + p_state, &w[1]) ||
            gpa_word(d, base + p_root, &w[2]) || gpa_word(d, base + p_name, &nameva))
            break;
        if (w[1] == 0 || w[0] != pid)
            continue;
        out->pid = pid;
        out->state = w[1];
        out->root_gpa = w[2] - KSEG0_BASE;
        out->name[0] = 0;
        if (nameva >= KSEG0_BASE && gpa_read(d, nameva - KSEG0_BASE, out->name,
                                             sizeof out->name - 1) == 0)
            out->name[sizeof out->name - 1] = 0;
        return 0;
    }
    snprintf(err, n, "the guest OS has no process %" PRIu32 " (ASID = pid)", pid);
    return -1;
}

/* One reference of a page-table walk. */
struct pt_ref {
    uint32_t gpa, entry;
    unsigned index;
};

/* pt_walk: walk process p's table for va: up to levels references into
 * refs; returns the number made, and *leaf whether the last is a leaf
 * entry that maps the page. */
static unsigned pt_walk(struct dbg *d, const struct pt_shape *sh, uint32_t root, uint32_t va,
                        struct pt_ref *refs, bool *leaf)
{
    uint32_t table = root;
    *leaf = false;
    for (unsigned l = 0; l < sh->levels; l++) {
        unsigned idx = (va >> sh->shift[l]) & ((1u << sh->bits[l]) - 1);
        refs[l].gpa = table + idx * 4;
        refs[l].index = idx;
        if (gpa_word(d, refs[l].gpa, &refs[l].entry))
            return l;
        uint32_t e = refs[l].entry;
        if (l + 1 == sh->levels) {
            *leaf = sh->walker ? (e & PTE_P) : (e & ENTRYLO_V);
            return l + 1;
        }
        if (!(e & PTE_P))                /* upper levels: bit 0 is present in both formats */
            return l + 1;
        table = e & PTE_PFN;
    }
    return sh->levels;
}

static void describe_leaf(const struct pt_shape *sh, uint32_t e, char *buf, size_t n)
{
    if (sh->walker)
        snprintf(buf, n, "PTE 0x%08" PRIx32 " (PFN 0x%05" PRIx32 "%s%s%s%s%s)", e, e >> 12,
                 e & PTE_P ? " P" : "", e & PTE_W ? " W" : "", e & PTE_U ? " U" : "",
                 e & PTE_A ? " A" : "", e & PTE_D ? " D" : "");
    else
        snprintf(buf, n, "EntryLo 0x%08" PRIx32 " (PFN 0x%05" PRIx32 "%s%s%s)", e, e >> 12,
                 e & ENTRYLO_V ? " V" : "", e & ENTRYLO_D ? " D" : "", e & ENTRYLO_G ? " G" : "");
}

/* pt_lookup: va in the guest OS's current process's table: its guest-
 * physical address.  0 or -1. */
static int pt_lookup(struct dbg *d, uint32_t va, uint32_t *gpa)
{
    struct gproc p;
    struct pt_shape sh;
    struct pt_ref refs[4];
    bool leaf;
    char err[8];
    if (va >= KSEG0_BASE || find_proc(d, 0, &p, err, sizeof err))
        return -1;
    pt_shape(d, &sh);
    unsigned n = pt_walk(d, &sh, p.root_gpa, va, refs, &leaf);
    if (!leaf)
        return -1;
    *gpa = (refs[n - 1].entry & PTE_PFN) | (va & (PAGE - 1));
    return 0;
}

static void pt_visit(struct dbg *d, const struct pt_shape *sh, uint32_t table, unsigned l,
                     uint32_t va, unsigned *count)
{
    for (unsigned i = 0; i < 1u << sh->bits[l]; i++) {
        uint32_t e, a = va | i << sh->shift[l];
        if (gpa_word(d, table + i * 4, &e) || !e)
            continue;
        if (l + 1 < sh->levels) {
            if (e & PTE_P)
                pt_visit(d, sh, e & PTE_PFN, l + 1, a, count);
            continue;
        }
        char desc[96];
        describe_leaf(sh, e, desc, sizeof desc);
        fprintf(d->out, "  0x%08" PRIx32 "-0x%08" PRIx32 "  %s\n", a, a + PAGE - 1, desc);
        (*count)++;
    }
}

int look_pt(struct dbg *d, int argc, char **argv)
{
    uint32_t pid = 0;
    struct gproc p;
    struct pt_shape sh;
    char err[160];
    if (argc > 2) {
        dbg_error(d, "usage: pt [ASID]");
        return -1;
    }
    if (argc == 2) {
        struct expr_env env = dbg_env(d);
        if (expr_eval(argv[1], &env, &pid, err, sizeof err)) {
            dbg_error(d, "pt: %s", err);
            return -1;
        }
    }
    if (find_proc(d, pid, &p, err, sizeof err)) {
        dbg_error(d, "pt: %s", err);
        return -1;
    }
    pt_shape(d, &sh);
    fprintf(d->out, "pid %" PRIu32 " (%s)%s: root table at PA 0x%08" PRIx32 ", %u levels, "
            "%s leaf entries\n", p.pid, p.name, d->nvms > 1 ? "" : "", p.root_gpa, sh.levels,
            sh.walker ? "walker PTE" : "software-TLB (EntryLo)");
    unsigned count = 0;
    pt_visit(d, &sh, p.root_gpa, 0, 0, &count);
    fprintf(d->out, "%u page%s mapped\n", count, count == 1 ? "" : "s");
    return 0;
}

/* ---- address spaces -------------------------------------------------------------------------- */

static const char *space_name(enum space sp)
{
    return sp == SP_VIRT ? "" : sp == SP_PHYS ? "phys " : "mach ";
}

int dbg_resolve(struct dbg *d, enum space sp, uint32_t addr, uint32_t *ma, char *err, size_t n)
{
    uint32_t gpa = addr;
    if (sp == SP_MACH) {
        if (addr >= cpu_mem_size(d->s.cpu)) {
            snprintf(err, n, "mach 0x%08" PRIx32 " is beyond the machine's memory", addr);
            return -1;
        }
        *ma = addr;
        return 0;
    }
    if (sp == SP_VIRT && addr >= KSEG0_BASE && addr < KSEG2_BASE) {
        /* kseg0/kseg1: the kernel's unmapped view, whatever mode the guest
         * is in now (the debugger looks as the kernel would) */
        gpa = addr - (addr < KSEG1_BASE ? KSEG0_BASE : KSEG1_BASE);
        if (gpa >= DEV_BASE && gpa - DEV_BASE < DEV_SIZE) {
            snprintf(err, n, "0x%08" PRIx32 " is a device register (reading it would "
                     "change the device)", addr);
            return -1;
        }
    } else if (sp == SP_VIRT) {
        if (d->s.vmm) {
            struct vmm_xlate x;
            enum mmu_result r = vmm_translate(d->s.vmm, d->vm, addr, CPU_LOAD, &x);
            if (r == MMU_OK && x.device) {
                snprintf(err, n, "0x%08" PRIx32 " is a device register (reading it would "
                         "change the device)", addr);
                return -1;
            }
            if (r == MMU_OK) {
                *ma = x.ma;
                return 0;
            }
            if ((r == MMU_TLB_REFILL || r == MMU_TLB_INVALID) && pt_lookup(d, addr, &gpa) == 0)
                goto phys;
            snprintf(err, n, "0x%08" PRIx32 " is not mapped in vm%u (%s)", addr, d->vm,
                     mmu_result_name(r));
            return -1;
        }
        struct cpu_xlate x;
        enum mmu_result r = cpu_probe(d->s.cpu, addr, CPU_LOAD,
                                      addr >= KSEG0_BASE ? CPU_KERNEL : cpu_mode(d->s.cpu), &x);
        if (r == MMU_OK) {
            gpa = x.pa;
        } else if ((r == MMU_TLB_REFILL || r == MMU_TLB_INVALID || r == MMU_PAGE_FAULT) &&
                   pt_lookup(d, addr, &gpa) == 0) {
            /* not in the TLB, but the guest OS's table maps it */
        } else {
            snprintf(err, n, "0x%08" PRIx32 " is not mapped (%s)", addr, mmu_result_name(r));
            return -1;
        }
    }
phys:
    if (d->s.vmm) {
        uint32_t mfn = vmm_pmap(d->s.vmm, d->vm, gpa / PAGE);
        if (mfn == UINT32_MAX) {
            snprintf(err, n, "PA 0x%08" PRIx32 " is beyond vm%u's memory", gpa, d->vm);
            return -1;
        }
        *ma = mfn * PAGE + (gpa & (PAGE - 1));
        return 0;
    }
    if (gpa >= cpu_mem_size(d->s.cpu)) {
        snprintf(err, n, "PA 0x%08" PRIx32 " is not memory", gpa);
        return -1;
    }
    *ma = gpa;
    return 0;
}

static int copy(struct dbg *d, enum space sp, uint32_t addr, void *buf, size_t len, bool write,
                char *err, size_t n)
{
    uint8_t *b = buf;
    while (len > 0) {
        uint32_t ma, chunk = PAGE - (addr & (PAGE - 1));
        if (chunk > len)
            chunk = (uint32_t)len;
        if (dbg_resolve(d, sp, addr, &ma, err, n))
            return -1;
        if (ma % PAGE + chunk > PAGE)    /* a machine page ends sooner (mach space) */
            chunk = PAGE - ma % PAGE;
        if ((write ? cpu_phys_write(d->s.cpu, ma, b, chunk)
                   : cpu_phys_read(d->s.cpu, ma, b, chunk)) < 0) {
            snprintf(err, n, "%s0x%08" PRIx32 " is beyond the machine's memory",
                     space_name(sp), addr);
            return -1;
        }
        b += chunk;
        addr += chunk;
        len -= chunk;
    }
    return 0;
}

int dbg_read(struct dbg *d, enum space sp, uint32_t addr, void *buf, size_t len, char *err,
             size_t n)
{
    return copy(d, sp, addr, buf, len, false, err, n);
}

int dbg_write(struct dbg *d, enum space sp, uint32_t addr, const void *buf, size_t len,
              char *err, size_t n)
{
    return copy(d, sp, addr, (void *)buf, len, true, err, n);
}

/* ---- expressions --------------------------------------------------------------------------- */

static int env_symbol(void *ctx, const char *name, uint32_t *out)
{
    return dbg_symbol(ctx, name, out);
}

static int env_reg(void *ctx, const char *name, uint32_t *out)
{
    return dbg_reg(ctx, name, out);
}

static int env_load(void *ctx, uint32_t addr, uint32_t *out)
{
    char err[8];
    return addr & 3 ? -1 : dbg_read(ctx, SP_VIRT, addr, out, 4, err, sizeof err);
}

struct expr_env dbg_env(struct dbg *d)
{
    return (struct expr_env){ env_symbol, env_reg, env_load, d };
}

int dbg_parse_addr(struct dbg *d, int argc, char **argv, int i, enum space *sp, uint32_t *v)
{
    char buf[512], err[160];
    *sp = SP_VIRT;
    if (i < argc && (!strcmp(argv[i], "phys") || !strcmp(argv[i], "mach"))) {
        *sp = argv[i][0] == 'p' ? SP_PHYS : SP_MACH;
        i++;
    }
    if (i >= argc) {
        dbg_error(d, "%s: an address is missing", argv[0]);
        return -1;
    }
    if (cmd_join(argc - i, argv + i, buf, sizeof buf) < 0) {
        dbg_error(d, "%s: the address is too long", argv[0]);
        return -1;
    }
    struct expr_env env = dbg_env(d);
    if (expr_eval(buf, &env, v, err, sizeof err)) {
        dbg_error(d, "%s: %s", argv[0], err);
        return -1;
    }
    return 0;
}

/* ---- instructions ------------------------------------------------------------------------- */

void dbg_insn_format(struct dbg *d, const char *mark, uint32_t pc, char *buf, size_t n)
{
    char sym[96], dis[200], src[96], err[160], s2[100] = "";
    uint32_t w;
    const struct asm_image *img = dbg_image_for(d, pc);
    dbg_symbolize(d, pc, sym, sizeof sym);
    if (dbg_read(d, SP_VIRT, pc, &w, 4, err, sizeof err))
        snprintf(dis, sizeof dis, "(cannot read: %s)", err);
    else
        asm_disas(w, pc, img, dis, sizeof dis);
    if (*sym)
        snprintf(s2, sizeof s2, "<%s>", sym);
    const char *line = dbg_source(d, pc, src, sizeof src);
    char tag[16] = "";
    if (d->nvms > 1)
        snprintf(tag, sizeof tag, "[vm%u] ", d->vm);
    snprintf(buf, n, "%s%s0x%08" PRIx32 " %-20s %s%s%s", tag, mark, pc, s2, dis,
             line ? "   # " : "", line ? line : "");
}

void dbg_insn_line(struct dbg *d, const char *mark, uint32_t pc)
{
    char buf[512];
    dbg_insn_format(d, mark, pc, buf, sizeof buf);
    fprintf(d->out, "%s\n", buf);
}

int look_disas(struct dbg *d, int argc, char **argv)
{
    uint32_t addr = dbg_pc(d), count = 8;
    char err[160];
    struct expr_env env = dbg_env(d);
    if (argc > 3) {
        dbg_error(d, "usage: disas [ADDR [N]]");
        return -1;
    }
    if (argc >= 2 && expr_eval(argv[1], &env, &addr, err, sizeof err)) {
        dbg_error(d, "disas: %s", err);
        return -1;
    }
    if (argc == 3 && cmd_parse_uint("disas", argv[2], &count, err, sizeof err)) {
        dbg_error(d, "%s", err);
        return -1;
    }
    if (count > 4096)
        count = 4096;
    addr &= ~3u;
    uint32_t pc = dbg_pc(d);
    for (uint32_t i = 0; i < count; i++, addr += 4) {
        const struct asm_image *img = dbg_image_for(d, addr);
        const struct asm_symbol *s = img ? asm_symbol_covering(img, addr) : NULL;
        if (s && s->value == addr)
            fprintf(d->out, "%s:\n", s->name);
        dbg_insn_line(d, addr == pc ? "=> " : "   ", addr);
    }
    return 0;
}

/* ---- x/NFMT ---------------------------------------------------------------------------------- */

int look_x(struct dbg *d, int argc, char **argv)
{
    char err[160];
    int i = 1;
    enum space sp;
    uint32_t addr;

    if (i < argc && argv[i][0] == '/') {
        if (xfmt_parse(argv[i], &d->xf, err, sizeof err)) {
            dbg_error(d, "x: %s", err);
            return -1;
        }
        i++;
    } else {
        d->xf.count = d->xf.count ? d->xf.count : 1;
    }
    if (i >= argc) {                     /* "x" alone: go on where the last one stopped */
        sp = d->x_space;
        addr = d->x_next;
    } else if (dbg_parse_addr(d, argc, argv, i, &sp, &addr)) {
        return -1;
    }
    const struct xfmt *f = &d->xf;
    unsigned size = f->size == 'b' ? 1 : f->size == 'h' ? 2 : 4;
    if (f->fmt == 'i')
        size = 4;
    if (f->fmt != 's' && addr % size) {
        dbg_error(d, "x: %s0x%08" PRIx32 " is not aligned to %u bytes", space_name(sp), addr,
                  size);
        return -1;
    }
    const char *tag = space_name(sp);
    for (unsigned k = 0; k < f->count; k++) {
        if (f->fmt == 's') {
            char str[256];
            size_t len = 0;
            uint8_t c;
            while (len < sizeof str - 1) {
                if (dbg_read(d, sp, addr + (uint32_t)len, &c, 1, err, sizeof err)) {
                    dbg_error(d, "x: %s", err);
                    return -1;
                }
                if (!c)
                    break;
                str[len++] = (char)c;
            }
            str[len] = 0;
            fprintf(d->out, "%s0x%08" PRIx32 ": \"", tag, addr);
            for (size_t j = 0; j < len; j++) {
                unsigned char ch = (unsigned char)str[j];
                if (ch == '\n')
                    fputs("\\n", d->out);
                else if (ch == '"' || ch == '\\')
                    fprintf(d->out, "\\%c", ch);
                else if (ch < 32 || ch >= 127)
                    fprintf(d->out, "\\x%02x", ch);
                else
                    fputc(ch, d->out);
            }
            fputs("\"\n", d->out);
            addr += (uint32_t)len + 1;
            continue;
        }
        if (f->fmt == 'i') {
            uint32_t w;
            char dis[128], sym[96];
            if (dbg_read(d, sp, addr, &w, 4, err, sizeof err)) {
                dbg_error(d, "x: %s", err);
                return -1;
            }
            asm_disas(w, addr, sp == SP_VIRT ? dbg_image_for(d, addr) : NULL, dis, sizeof dis);
            dbg_symbolize(d, addr, sym, sizeof sym);
            fprintf(d->out, "%s0x%08" PRIx32 "%s%s%s:  %08" PRIx32 "  %s\n", tag, addr,
                    sp == SP_VIRT && *sym ? " <" : "", sp == SP_VIRT ? sym : "",
                    sp == SP_VIRT && *sym ? ">" : "", w, dis);
            addr += 4;
            continue;
        }
        unsigned per = size == 4 && f->fmt != 'c' ? 4 : 8;
        uint32_t v = 0;
        if (dbg_read(d, sp, addr, &v, size, err, sizeof err)) {
            if (k % per)
                fputc('\n', d->out);
            dbg_error(d, "x: %s", err);
            return -1;
        }
        if (k % per == 0)
            fprintf(d->out, "%s0x%08" PRIx32 ":", tag, addr);
        int32_t sv = size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : (int32_t)v;
        switch (f->fmt) {
        case 'x': fprintf(d->out, "  0x%0*" PRIx32, (int)size * 2, v); break;
        case 'd': fprintf(d->out, "  %" PRId32, sv); break;
        case 'u': fprintf(d->out, "  %" PRIu32, v); break;
        case 'c':
            if (v >= 32 && v < 127)
                fprintf(d->out, "  '%c'", (int)v);
            else
                fprintf(d->out, "  %" PRIu32, v);
            break;
        default: break;
        }
        addr += size;
        if (k % per == per - 1 || k + 1 == f->count)
            fputc('\n', d->out);
    }
    d->x_next = addr;
    d->x_space = sp;
    return 0;
}

/* ---- CP0 ------------------------------------------------------------------------------------- */


static void decode_cp0(unsigned r, uint32_t v, char *buf, size_t n)
{
    static const char *const modes[4] = { "kernel", "supervisor", "user", "?" };
    buf[0] = 0;
    switch (r) {
    case CP0_STATUS:
        snprintf(buf, n, "%s%s%s IM=0x%02" PRIx32 "%s",
                 v & STATUS_EXL ? "EXL " : "", modes[(v & STATUS_KSU) >> STATUS_KSU_SHIFT],
                 v & STATUS_IE ? " IE" : "", (v & STATUS_IM) >> STATUS_IM_SHIFT,
                 v & STATUS_BEV ? " BEV" : "");
        break;
    case CP0_CAUSE:
        snprintf(buf, n, "%s%s IP=0x%02" PRIx32, v & CAUSE_BD ? "BD " : "",
                 cpu_exc_name((v & CAUSE_EXC) >> CAUSE_EXC_SHIFT),
                 (v & CAUSE_IP) >> CAUSE_IP_SHIFT);
        break;
    case CP0_ENTRYHI:
        snprintf(buf, n, "VPN 0x%05" PRIx32 " ASID %" PRIu32, v >> 12, v & ENTRYHI_ASID);
        break;
    case CP0_ENTRYLO:
        snprintf(buf, n, "PFN 0x%05" PRIx32 "%s%s%s", v >> 12, v & ENTRYLO_D ? " D" : "",
                 v & ENTRYLO_V ? " V" : "", v & ENTRYLO_G ? " G" : "");
        break;
    case CP0_INDEX:
        if (v & INDEX_P)
            snprintf(buf, n, "P (tlbp found nothing)");
        break;
    default:
        break;
    }
}

int look_cp0(struct dbg *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    char dv[64], dr[64];
    if (d->s.vmm)
        fprintf(d->out, "%-9s %-10s %-30s %-10s %s\n", "", "vm", "(what the guest sees)", "real",
                "(the VMM's machine)");
    for (unsigned r = 0; r < 32; r++) {
        if (!cpu_cp0_name(r))
            continue;
        uint32_t real = cpu_cp0(d->s.cpu, r);
        decode_cp0(r, real, dr, sizeof dr);
        if (d->s.vmm) {
            uint32_t v = vmm_vcp0(d->s.vmm, d->vm, r);
            decode_cp0(r, v, dv, sizeof dv);
            fprintf(d->out, "%-9s 0x%08" PRIx32 " %-30s 0x%08" PRIx32 " %s\n", cpu_cp0_name(r), v,
                    dv, real, dr);
        } else {
            fprintf(d->out, "%-9s 0x%08" PRIx32 " %s\n", cpu_cp0_name(r), real, dr);
        }
    }
    return 0;
}

/* ---- TLBs and the pmap ------------------------------------------------------------------------ */

static int parse_vm(struct dbg *d, int argc, char **argv, int i, unsigned *vm)
{
    char err[160];
    uint32_t v;
    *vm = d->vm;
    if (i >= argc)
        return 0;
    if (cmd_parse_uint(argv[0], argv[i], &v, err, sizeof err) || v >= d->nvms) {
        dbg_error(d, "%s: '%s' is not a VM (there %s %u: 0-%u)", argv[0], argv[i],
                  d->nvms == 1 ? "is" : "are", d->nvms, d->nvms - 1);
        return -1;
    }
    *vm = v;
    return 0;
}

int look_tlb(struct dbg *d, int argc, char **argv)
{
    unsigned shown = 0;
    (void)argv;
    if (argc > 1) {
        dbg_error(d, "usage: tlb");
        return -1;
    }
    bool walker = cpu_mmu(d->s.cpu) == CPU_MMU_WALKER;
    fprintf(d->out, "real TLB (%s ASID %" PRIu32 "):\n", d->s.vmm ? "the machine's; real" : "current",
            cpu_cp0(d->s.cpu, CP0_ENTRYHI) & ENTRYHI_ASID);
    fprintf(d->out, "  idx  VPN      ASID  %-9s flags  %s\n", d->s.vmm ? "MFN" : "PFN",
            d->s.vmm ? "owner" : "");
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(d->s.cpu, i, &e);
        if (!(e.lo & ENTRYLO_V))
            continue;
        shown++;
        fprintf(d->out, "  %3u  0x%05" PRIx32 "  %3" PRIu32 "   0x%05" PRIx32 "   %s%s%s", i,
                e.hi >> 12, e.hi & ENTRYHI_ASID, e.lo >> 12,
                e.lo & ENTRYLO_D ? "D" : "-", e.lo & ENTRYLO_V ? "V" : "-",
                e.lo & ENTRYLO_G ? "G" : "-");
        if (walker)
            fprintf(d->out, " %s%s", e.walker_w ? "W" : "-", e.walker_u ? "U" : "-");
        if (d->s.vmm) {
            int vidx, gasid, vm = vmm_rtlb_owner(d->s.vmm, i, &vidx, &gasid);
            if (vm < 0)
                fputs("    (none)", d->out);
            else if (walker)
                fprintf(d->out, "    vm%d ASID %d: the walker's fill", vm, gasid);
            else if (vidx < 0)
                fprintf(d->out, "    vm%d ASID %d: hidden %s fill", vm, gasid,
                        e.hi < KSEG1_BASE ? "kseg0" : "kseg1");
            else if (vidx >= CPU_TLB_SIZE)
                fprintf(d->out, "    vm%d ASID %d: from the L2TLB", vm, gasid);
            else
                fprintf(d->out, "    vm%d ASID %d: guest TLB[%d]", vm, gasid, vidx);
        }
        fputc('\n', d->out);
    }
    fprintf(d->out, "%u of %u entries valid\n", shown, CPU_TLB_SIZE);
    return 0;
}

int look_vtlb(struct dbg *d, int argc, char **argv)
{
    unsigned vm, shown = 0;
    if (!d->s.vmm) {
        dbg_error(d, "vtlb: there is no VMM on the bare machine (the guest's TLB is the real "
                  "one: use tlb)");
        return -1;
    }
    if (argc > 2) {
        dbg_error(d, "usage: vtlb [VM]");
        return -1;
    }
    if (parse_vm(d, argc, argv, 1, &vm))
        return -1;
    fprintf(d->out, "vm%u's virtual TLB (guest ASID %" PRIu32 ", Wired %" PRIu32 "):\n", vm,
            vmm_vcp0(d->s.vmm, vm, CP0_ENTRYHI) & ENTRYHI_ASID, vmm_vcp0(d->s.vmm, vm, CP0_WIRED));
    fprintf(d->out, "  idx  VPN      ASID  PFN       flags  MFN\n");
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        vmm_vtlb(d->s.vmm, vm, i, &e);
        if (!(e.lo & ENTRYLO_V))
            continue;
        shown++;
        uint32_t mfn = vmm_pmap(d->s.vmm, vm, e.lo >> 12);
        fprintf(d->out, "  %3u  0x%05" PRIx32 "  %3" PRIu32 "   0x%05" PRIx32 "   %s%s%s    ", i,
                e.hi >> 12, e.hi & ENTRYHI_ASID, e.lo >> 12, e.lo & ENTRYLO_D ? "D" : "-",
                e.lo & ENTRYLO_V ? "V" : "-", e.lo & ENTRYLO_G ? "G" : "-");
        if (mfn == UINT32_MAX)
            fputs("(beyond the VM's memory)\n", d->out);
        else
            fprintf(d->out, "0x%05" PRIx32 "\n", mfn);
    }
    fprintf(d->out, "%u of %u entries valid\n", shown, CPU_TLB_SIZE);
    return 0;
}

int look_pmap(struct dbg *d, int argc, char **argv)
{
    unsigned vm;
    uint32_t first = 0, count = 64;
    char err[160];
    if (!d->s.vmm) {
        dbg_error(d, "pmap: there is no VMM on the bare machine (physical = machine)");
        return -1;
    }
    if (argc > 4) {
        dbg_error(d, "usage: pmap [VM [PFN [N]]]");
        return -1;
    }
    if (parse_vm(d, argc, argv, 1, &vm))
        return -1;
    struct expr_env env = dbg_env(d);
    if (argc >= 3 && expr_eval(argv[2], &env, &first, err, sizeof err)) {
        dbg_error(d, "pmap: %s", err);
        return -1;
    }
    if (argc == 4 && cmd_parse_uint("pmap", argv[3], &count, err, sizeof err)) {
        dbg_error(d, "%s", err);
        return -1;
    }
    uint32_t frames = vmm_guest_mem(d->s.vmm) / PAGE;
    if (first >= frames) {
        dbg_error(d, "pmap: vm%u has frames 0x0-0x%" PRIx32, vm, frames - 1);
        return -1;
    }
    if (count > frames - first)
        count = frames - first;
    fprintf(d->out, "vm%u's pmap (guest-physical frame -> machine frame), %" PRIu32 " frames:\n",
            vm, frames);
    for (uint32_t i = 0; i < count; i++) {
        if (i % 8 == 0)
            fprintf(d->out, "  PFN 0x%05" PRIx32 ":", first + i);
        fprintf(d->out, " %05" PRIx32, vmm_pmap(d->s.vmm, vm, first + i));
        if (i % 8 == 7 || i + 1 == count)
            fputc('\n', d->out);
    }
    if (first + count < frames)
        fprintf(d->out, "  ... (pmap %u 0x%" PRIx32 " %u for more)\n", vm, first + count, 64u);
    return 0;
}

/* ---- translate and walk -------------------------------------------------------------------- */

static void real_tlb_line(struct dbg *d, uint32_t va, uint32_t asid)
{
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        int vidx, gasid, vm = vmm_rtlb_owner(d->s.vmm, i, &vidx, &gasid);
        if (vm != (int)d->vm || (va < KSEG0_BASE && gasid != (int)asid))
            continue;
        cpu_tlb_read(d->s.cpu, i, &e);
        if ((e.hi ^ va) & ENTRYHI_VPN)
            continue;
        fprintf(d->out, "  real TLB[%u]: VPN 0x%05" PRIx32 " -> MFN 0x%05" PRIx32
                " under real ASID %" PRIu32 ": the next access hits\n", i, va >> 12, e.lo >> 12,
                e.hi & ENTRYHI_ASID);
        return;
    }
    if (cpu_mmu(d->s.cpu) == CPU_MMU_WALKER) {
        struct cpu_nested nest;
        cpu_get_nested(d->s.cpu, &nest);
        fprintf(d->out, "  not in the real TLB: the next access %s\n", nest.on
                ? "makes the CPU walk both dimensions (no VM exit)"
                : "makes the CPU walk the shadow table");
        return;
    }
    fprintf(d->out, "  not in the real TLB: the next access traps to the VMM\n");
}

int look_translate(struct dbg *d, int argc, char **argv)
{
    uint32_t va, gpa;
    enum space sp;
    if (dbg_parse_addr(d, argc, argv, 1, &sp, &va))
        return -1;
    if (sp != SP_VIRT) {
        dbg_error(d, "translate: give a virtual address");
        return -1;
    }
    if (d->nvms > 1 || d->s.vmm)
        fprintf(d->out, "vm%u, ", d->vm);
    enum cpu_mode mode = d->s.vmm ? vmm_vm_mode(d->s.vmm, d->vm) : cpu_mode(d->s.cpu);
    uint32_t asid = dbg_guest_asid(d);
    fprintf(d->out, "%s mode, ASID %" PRIu32 ":\n",
            mode == CPU_USER ? "user" : mode == CPU_SUPERVISOR ? "supervisor" : "kernel", asid);
    if (d->s.vmm) {
        struct vmm_xlate x;
        enum mmu_result r = vmm_translate(d->s.vmm, d->vm, va, CPU_LOAD, &x);
        if (r == MMU_ADDRESS_ERROR) {
            fprintf(d->out, "  VA 0x%08" PRIx32 ": an address error in this mode\n", va);
            return 0;
        }
        if (!x.mapped) {
            fprintf(d->out, "  VA 0x%08" PRIx32 " -> PA 0x%08" PRIx32 ": %s, unmapped "
                    "(PA = VA - 0x%08" PRIx32 ")\n", va, x.gpa, va < KSEG1_BASE ? "kseg0" : "kseg1",
                    va < KSEG1_BASE ? KSEG0_BASE : KSEG1_BASE);
            gpa = x.gpa;
        } else if (cpu_mmu(d->s.cpu) == CPU_MMU_WALKER) {
            /* shadow or nested paging: the guest's own page table says */
            uint32_t root = vmm_vcp0(d->s.vmm, d->vm, CP0_PTBR) & PTE_PFN;
            if (r != MMU_OK && r != MMU_BUS_ERROR) {
                fprintf(d->out, "  VA 0x%08" PRIx32 ": the guest's page table (PTBR 0x%08" PRIx32
                        ") does not map it: the guest would take a page fault (%s)\n", va, root,
                        mmu_result_name(r));
                return 0;
            }
            fprintf(d->out, "  VA 0x%08" PRIx32 " -> PA 0x%08" PRIx32 ": the guest's page table "
                    "(PTBR 0x%08" PRIx32 "; walk shows the entries)\n", va, x.gpa, root);
            gpa = x.gpa;
        } else if (r == MMU_OK || r == MMU_BUS_ERROR) {
            struct cpu_tlb_entry e;
            vmm_vtlb(d->s.vmm, d->vm, (unsigned)x.vidx, &e);
            fprintf(d->out, "  VA 0x%08" PRIx32 " -> PA 0x%08" PRIx32 ": guest TLB[%d] VPN 0x%05"
                    PRIx32 " -> PFN 0x%05" PRIx32 "%s%s\n", va, x.gpa, x.vidx, e.hi >> 12,
                    e.lo >> 12, e.lo & ENTRYLO_D ? " D" : "", e.lo & ENTRYLO_G ? " G" : "");
            gpa = x.gpa;
        } else {
            fprintf(d->out, "  VA 0x%08" PRIx32 ": %s in vm%u's TLB: the guest would take a "
                    "TLB %s\n", va, r == MMU_TLB_REFILL ? "no entry" : "an invalid entry",
                    d->vm, r == MMU_TLB_REFILL ? "miss (refill)" : "invalid exception");
            if (pt_lookup(d, va, &gpa))
                return 0;
            fprintf(d->out, "  the guest OS's page table maps it: VA 0x%08" PRIx32 " -> PA 0x%08"
                    PRIx32 " (see walk)\n", va, gpa);
        }
        if (x.device) {
            fprintf(d->out, "  PA 0x%08" PRIx32 " is a device register: the VMM emulates it\n",
                    gpa);
            return 0;
        }
        uint32_t mfn = vmm_pmap(d->s.vmm, d->vm, gpa / PAGE);
        if (mfn == UINT32_MAX) {
            fprintf(d->out, "  PA 0x%08" PRIx32 " is beyond vm%u's memory: a bus error\n", gpa,
                    d->vm);
            return 0;
        }
        struct cpu_nested nest;
        cpu_get_nested(d->s.cpu, &nest);
        fprintf(d->out, "  PA 0x%08" PRIx32 " -> MA 0x%08" PRIx32 ": %s PFN 0x%05" PRIx32
                " -> MFN 0x%05" PRIx32 "\n", gpa, mfn * PAGE + (gpa & (PAGE - 1)),
                nest.on ? "the nested table (the pmap)" : "pmap", gpa / PAGE, mfn);
        if (cpu_mmu(d->s.cpu) == CPU_MMU_WALKER && !nest.on && vmm_current(d->s.vmm) == d->vm) {
            struct cpu_walk w;
            enum mmu_result sr = cpu_probe_walk(d->s.cpu, va, &w);
            if (sr == MMU_OK)
                fprintf(d->out, "  the shadow table (real PTBR 0x%08" PRIx32 ") maps VA 0x%08"
                        PRIx32 " -> MA 0x%08" PRIx32 ": a TLB miss walks it, no VM exit\n",
                        cpu_cp0(d->s.cpu, CP0_PTBR), va, w.pa);
            else
                fprintf(d->out, "  not in the shadow table yet (real PTBR 0x%08" PRIx32 "): the "
                        "next TLB miss is a hidden miss, filled by the VMM\n",
                        cpu_cp0(d->s.cpu, CP0_PTBR));
        }
        real_tlb_line(d, va, x.asid);
        return 0;
    }
    struct cpu_xlate x;
    enum mmu_result r = cpu_probe(d->s.cpu, va, CPU_LOAD, mode, &x);
    if (r == MMU_OK) {
        if (!x.mapped)
            fprintf(d->out, "  VA 0x%08" PRIx32 " -> PA 0x%08" PRIx32 ": unmapped segment\n", va,
                    x.pa);
        else if (x.tlb_index >= 0)
            fprintf(d->out, "  VA 0x%08" PRIx32 " -> PA 0x%08" PRIx32 ": TLB[%d]\n", va, x.pa,
                    x.tlb_index);
        else
            fprintf(d->out, "  VA 0x%08" PRIx32 " -> PA 0x%08" PRIx32 ": not in the TLB; the "
                    "walker finds it in the page table (see walk)\n", va, x.pa);
        return 0;
    }
    fprintf(d->out, "  VA 0x%08" PRIx32 ": %s\n", va, mmu_result_name(r));
    if ((r == MMU_TLB_REFILL || r == MMU_TLB_INVALID) && pt_lookup(d, va, &gpa) == 0)
        fprintf(d->out, "  the guest OS's page table maps it: VA 0x%08" PRIx32 " -> PA 0x%08"
                PRIx32 " (see walk)\n", va, gpa);
    return 0;
}

static void ma_of(struct dbg *d, uint32_t gpa, char *buf, size_t n)
{
    buf[0] = 0;
    if (d->s.vmm) {
        uint32_t mfn = vmm_pmap(d->s.vmm, d->vm, gpa / PAGE);
        if (mfn != UINT32_MAX)
            snprintf(buf, n, " (MA 0x%08" PRIx32 ")", mfn * PAGE + (gpa & (PAGE - 1)));
    }
}

/* walk_shadow: under shadow paging, the guest's walk of its own table (in
 * guest-physical memory: what the VMM reads on a hidden miss) and then the
 * real walker's walk of the shadow table (what a TLB miss costs). */
static int walk_shadow(struct dbg *d, uint32_t va)
{
    struct pt_shape sh;
    struct pt_ref refs[4];
    bool leaf = true;
    char desc[96], ma[40];
    uint32_t root = vmm_vcp0(d->s.vmm, d->vm, CP0_PTBR) & PTE_PFN;
    pt_shape(d, &sh);
    if (va >= KSEG0_BASE && va < KSEG2_BASE) {
        fprintf(d->out, "VA 0x%08" PRIx32 " is the guest kernel's kseg%c: not in its page "
                "table; the shadow maps it to PA 0x%08" PRIx32 "'s frame\n", va,
                va < KSEG1_BASE ? '0' : '1', va & 0x1fffffffu);
    } else {
        fprintf(d->out, "the guest's table (PTBR 0x%08" PRIx32 "), as the VMM reads it on a "
                "hidden miss:\n", root);
        unsigned n = pt_walk(d, &sh, root, va, refs, &leaf);
        for (unsigned l = 0; l < n; l++) {
            ma_of(d, refs[l].gpa, ma, sizeof ma);
            if (l + 1 == sh.levels || (refs[l].entry & PTE_L))
                describe_leaf(&sh, refs[l].entry, desc, sizeof desc);
            else
                snprintf(desc, sizeof desc, "0x%08" PRIx32 "%s", refs[l].entry,
                         refs[l].entry & PTE_P ? "" : " (no table)");
            fprintf(d->out, "  %u. level %u, index %u: PA 0x%08" PRIx32 "%s = %s\n", l + 1,
                    l + 1, refs[l].index, refs[l].gpa, ma, desc);
        }
        if (!leaf)
            fprintf(d->out, "  -> not mapped: a true miss, the guest's page fault\n");
    }
    if (vmm_current(d->s.vmm) != d->vm) {
        fprintf(d->out, "(vm%u is not in the CPU: its shadow is not the real PTBR's now)\n",
                d->vm);
        return 0;
    }
    struct cpu_walk w;
    enum mmu_result r = cpu_probe_walk(d->s.cpu, va, &w);
    fprintf(d->out, "the shadow table (real PTBR 0x%08" PRIx32 "), as the walker reads it on "
            "a TLB miss:\n", cpu_cp0(d->s.cpu, CP0_PTBR));
    for (unsigned l = 0; l < w.nlevels; l++)
        fprintf(d->out, "  %u. level %u, index %u: MA 0x%08" PRIx32 " = 0x%08" PRIx32 "\n",
                l + 1, l + 1, w.level[l].index, w.level[l].pte_pa, w.level[l].pte);
    if (r == MMU_OK)
        fprintf(d->out, "  -> MA 0x%08" PRIx32 " (%u reference%s)\n", w.pa, w.nlevels,
                w.nlevels == 1 ? "" : "s");
    else if (leaf)
        fprintf(d->out, "  -> not filled yet (%s): the next access is a hidden miss\n",
                mmu_result_name(r));
    else
        fprintf(d->out, "  -> not mapped (%s): the next access faults to the VMM, which "
                "reflects it (a true miss)\n", mmu_result_name(r));
    return 0;
}

/* walk_grid: a nested-paging walk as Bhargava et al. draw it: a row per
 * guest level and one for the final guest-physical address; in each, the
 * nested references that translate that row's GPA (columns nL1..nLm) and
 * then the guest entry read; each cell the reference's order in the walk
 * and the machine address it read. */
static int walk_grid(struct dbg *d, uint32_t va)
{
    struct cpu_walk2d w;
    enum mmu_result r = cpu_probe_walk2d(d->s.cpu, va, &w);
    char cell[32];

    fprintf(d->out, "2D walk of VA 0x%08" PRIx32 ": %u guest level%s x %u nested level%s "
            "(guest PTBR 0x%08" PRIx32 "), %u reference%s\n", va, w.n, w.n == 1 ? "" : "s",
            w.m, w.m == 1 ? "" : "s", cpu_cp0(d->s.cpu, CP0_PTBR), w.refs,
            w.refs == 1 ? "" : "s");
    fprintf(d->out, "%-16s", "");
    for (unsigned c = 0; c < w.m; c++) {
        snprintf(cell, sizeof cell, "nL%u", c + 1);
        fprintf(d->out, " %-14s", cell);
    }
    fprintf(d->out, " %s\n", "guest entry");
    for (unsigned i = 0; i < w.rows; i++) {
        bool final = w.final_row && i + 1 == w.rows;
        if (final)
            snprintf(cell, sizeof cell, "GPA");
        else
            snprintf(cell, sizeof cell, "gL%u", i + 1);
        fprintf(d->out, "%-4s 0x%08" PRIx32 " ", cell, w.row[i].gpa);
        for (unsigned c = 0; c < w.m; c++) {
            if (c < w.row[i].ncols)
                snprintf(cell, sizeof cell, "%2u:0x%08" PRIx32, w.row[i].nested[c].order,
                         w.row[i].nested[c].ma);
            else
                snprintf(cell, sizeof cell, "%s", c == w.row[i].ncols && w.nested_fault &&
                         i + 1 == w.rows ? "(fault)" : "-");
            fprintf(d->out, " %-14s", cell);
        }
        if (w.row[i].has_guest)
            fprintf(d->out, " %2u:0x%08" PRIx32 " = 0x%08" PRIx32, w.row[i].guest_order,
                    w.row[i].guest_ma, w.row[i].guest_pte);
        else if (final && r == MMU_OK)
            fprintf(d->out, " -> MA 0x%08" PRIx32, w.ma);
        fputc('\n', d->out);
    }
    if (r == MMU_OK)
        fprintf(d->out, "VA 0x%08" PRIx32 " -> MA 0x%08" PRIx32 " in %u references (n*m + n + m "
                "= %u for a cold walk)\n", va, w.ma, w.refs, w.n * w.m + w.n + w.m);
    else if (w.nested_fault)
        fprintf(d->out, "a nested fault translating GPA 0x%08" PRIx32 ": the VMM would map it "
                "(or emulate a device)\n", w.fault_gpa);
    else
        fprintf(d->out, "the guest's table does not map it: %s (the guest would fault)\n",
                mmu_result_name(r));
    return 0;
}

int look_walk(struct dbg *d, int argc, char **argv)
{
    uint32_t va;
    enum space sp;
    char err[160], desc[96], ma[40];
    if (dbg_parse_addr(d, argc, argv, 1, &sp, &va))
        return -1;
    if (sp != SP_VIRT) {
        dbg_error(d, "walk: give a virtual address");
        return -1;
    }
    if (cpu_mmu(d->s.cpu) == CPU_MMU_WALKER) {
        struct cpu_nested nest;
        cpu_get_nested(d->s.cpu, &nest);
        if (nest.on)
            return walk_grid(d, va);
    }
    if (d->s.vmm && cpu_mmu(d->s.cpu) == CPU_MMU_WALKER)
        return walk_shadow(d, va);
    if (!d->s.vmm && cpu_mmu(d->s.cpu) == CPU_MMU_WALKER) {
        struct cpu_walk w;
        enum mmu_result r = cpu_probe_walk(d->s.cpu, va, &w);
        fprintf(d->out, "the walker's references for VA 0x%08" PRIx32 " (PTBR 0x%08" PRIx32
                "):\n", va, cpu_cp0(d->s.cpu, CP0_PTBR));
        for (unsigned l = 0; l < w.nlevels; l++)
            fprintf(d->out, "  %u. level %u, index %u: PTE at PA 0x%08" PRIx32 " = 0x%08" PRIx32
                    "\n", l + 1, l + 1, w.level[l].index, w.level[l].pte_pa, w.level[l].pte);
        if (r == MMU_OK)
            fprintf(d->out, "  -> PA 0x%08" PRIx32 " (%u reference%s)\n", w.pa, w.nlevels,
                    w.nlevels == 1 ? "" : "s");
        else
            fprintf(d->out, "  -> %s (%u reference%s)\n", mmu_result_name(r), w.nlevels,
                    w.nlevels == 1 ? "" : "s");
        return 0;
    }
    /* The soft TLB: no hardware walker; the guest OS's refill handler reads its table. */
    struct gproc p;
    struct pt_shape sh;
    struct pt_ref refs[4];
    bool leaf;
    if (va >= KSEG0_BASE) {
        dbg_error(d, "walk: 0x%08" PRIx32 " is not a user address: the guest OS maps only "
                  "kuseg in its page tables", va);
        return -1;
    }
    if (find_proc(d, 0, &p, err, sizeof err)) {
        dbg_error(d, "walk: %s", err);
        return -1;
    }
    pt_shape(d, &sh);
    fprintf(d->out, "the soft TLB has no walker: the guest OS's refill handler reads pid %"
            PRIu32 "'s table (root at PA 0x%08" PRIx32 ") for VA 0x%08" PRIx32 ":\n", p.pid,
            p.root_gpa, va);
    unsigned n = pt_walk(d, &sh, p.root_gpa, va, refs, &leaf);
    for (unsigned l = 0; l < n; l++) {
        ma_of(d, refs[l].gpa, ma, sizeof ma);
        if (l + 1 == sh.levels) {
            describe_leaf(&sh, refs[l].entry, desc, sizeof desc);
        } else {
            snprintf(desc, sizeof desc, "0x%08" PRIx32 "%s", refs[l].entry,
                     refs[l].entry & PTE_P ? "" : " (no table)");
        }
        fprintf(d->out, "  %u. level %u, index %u: entry at PA 0x%08" PRIx32 "%s = %s\n", l + 1,
                l + 1, refs[l].index, refs[l].gpa, ma, desc);
    }
    if (leaf) {
        uint32_t gpa = (refs[n - 1].entry & PTE_PFN) | (va & (PAGE - 1));
        ma_of(d, gpa, ma, sizeof ma);
        fprintf(d->out, "  -> PA 0x%08" PRIx32 "%s\n", gpa, ma);
    } else {
        fprintf(d->out, "  -> not mapped: the guest OS would fault (or map it on demand)\n");
    }
    return 0;
}

int look_stats(struct dbg *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fflush(stdout);
    session_report(&d->s, d->ended ? d->end : END_BUDGET, false, d->out, true);
    return 0;
}
