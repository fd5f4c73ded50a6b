/*
 * boot.c -- the guest OS's boot loader (see boot.h and guestos/abi.inc).
 *
 * Physical memory after loading:
 *   0 ..                 the guest OS (its kseg0 sections at their PAs)
 *   BOOTINFO_PA          the boot-info block and the module table
 *   MODULES_PA ..        for each program: its pages, then its page list,
 *                        then its name
 *   BI_FREE .. RAM end   free frames, for the guest OS to allocate
 * Each program page is a whole frame: the guest maps it at its virtual page
 * (read-only unless a writable section touches it).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "asm/asm.h"
#include "debugger/boot.h"
#include "guestos_abi.h"

#define PAGE 4096u

struct page {
    uint32_t va;             /* page-aligned */
    uint32_t pa;
    bool writable;
};

static int cpu_write(void *ctx, uint32_t pa, const void *src, size_t n)
{
    return cpu_phys_write(ctx, pa, src, n);
}

static int cpu_read(void *ctx, uint32_t pa, void *dst, size_t n)
{
    return cpu_phys_read(ctx, pa, dst, n);
}

struct boot_target boot_target_cpu(struct cpu *cpu)
{
    struct boot_target t = { cpu_write, cpu_read, cpu_mem_size(cpu), cpu };
    return t;
}

/* Write one little-endian word at pa (which the caller checked is memory). */
static void put32(const struct boot_target *t, uint32_t pa, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    t->write(t->ctx, pa, b, 4);
}

static int page_cmp(const void *a, const void *b)
{
    const struct page *x = a, *y = b;
    return x->va < y->va ? -1 : x->va > y->va;
}

static const struct page *page_find(const struct page *pages, size_t n, uint32_t va)
{
    struct page key = { va & ~(PAGE - 1), 0, false };
    return bsearch(&key, pages, n, sizeof *pages, page_cmp);
}

/* load_guestos_image: the embedded guest OS's sections into memory. */
static int load_guestos_image(const struct boot_target *t, uint32_t *entry, FILE *diag)
{
    struct asm_image os;

    if (elf_read("guest OS", guestos_image, guestos_image_size, &os, diag) != 0)
        return -1;
    for (size_t i = 0; i < os.nsections; i++) {
        const struct asm_section *s = &os.sections[i];
        if (s->size && t->write(t->ctx, s->addr - KSEG0_BASE, s->data, s->size) < 0) {
            fprintf(diag, "tlbvisor: the guest OS does not fit in %" PRIu32 " KiB of RAM\n",
                    t->mem_size >> 10);
            asm_image_free(&os);
            return -1;
        }
    }
    *entry = os.entry;
    asm_image_free(&os);
    return 0;
}

/* load_program: program img (from path) as module mod: its pages from
 * *cursor, then its page list and name.  Advances *cursor.  0 or -1. */
static int load_program(const struct boot_target *t, const char *path,
                        const struct asm_image *img, unsigned mod, uint32_t *cursor, FILE *diag)
{
    struct page *pages = NULL;
    size_t npages = 0, cap = 0;
    uint32_t end = 0, pa, list, name;
    const char *base = strrchr(path, '/');
    int err = -1;

    base = base ? base + 1 : path;
    /* The pages the sections touch, and whether a writable section does. */
    for (size_t i = 0; i < img->nsections; i++) {
        const struct asm_section *s = &img->sections[i];
        if (s->size == 0)
            continue;
        uint32_t last = s->addr + s->size - 1;
        if (last < s->addr || last >= KSEG0_BASE) {
            fprintf(diag, "%s: error: section %s at 0x%08" PRIx32 " is in kernel space; a "
                    "program for the guest OS lives below 0x80000000 (use .text and .data, "
                    "or run a kernel with --kernel)\n", path, s->name, s->addr);
            goto out;
        }
        if (s->addr < GUESTOS_USER_STUB + PAGE && last >= GUESTOS_USER_STUB) {
            fprintf(diag, "%s: error: section %s at 0x%08" PRIx32 " overlaps the page at "
                    "0x%08x, which the guest OS keeps for its exit stub\n", path, s->name,
                    s->addr, GUESTOS_USER_STUB);
            goto out;
        }
        if (last + 1 > end)
            end = last + 1;
        for (uint32_t va = s->addr & ~(PAGE - 1); va <= last; va += PAGE) {   /* last < 2 GiB */
            if (npages == cap) {
                cap = cap ? 2 * cap : 16;
                struct page *np = realloc(pages, cap * sizeof *pages);
                if (!np) {
                    fprintf(diag, "tlbvisor: out of memory\n");
                    goto out;
                }
                pages = np;
            }
            pages[npages].va = va;
            pages[npages].writable = !s->exec;
            npages++;
        }
    }
    qsort(pages, npages, sizeof *pages, page_cmp);
    size_t n = 0;
    for (size_t i = 0; i < npages; i++) {
        if (n && pages[n - 1].va == pages[i].va)
            pages[n - 1].writable |= pages[i].writable;
        else
            pages[n++] = pages[i];
    }
    npages = n;

    /* Frames for the pages, then the page list and the name. */
    uint64_t need = (uint64_t)npages * PAGE + npages * GUESTOS_PG_ENTRY_SIZE + strlen(base) + 1;
    if (*cursor + need > t->mem_size) {
        fprintf(diag, "%s: error: the programs do not fit in %" PRIu32 " KiB of RAM "
                "(use --mem)\n", path, t->mem_size >> 10);
        goto out;
    }
    pa = *cursor;
    for (size_t i = 0; i < npages; i++, pa += PAGE)
        pages[i].pa = pa;
    for (size_t i = 0; i < img->nsections; i++) {
        const struct asm_section *s = &img->sections[i];
        for (uint32_t off = 0; off < s->size; ) {
            uint32_t va = s->addr + off;
            uint32_t chunk = PAGE - (va & (PAGE - 1));
            if (chunk > s->size - off)
                chunk = s->size - off;
            const struct page *p = page_find(pages, npages, va);
            t->write(t->ctx, p->pa + (va & (PAGE - 1)), s->data + off, chunk);
            off += chunk;
        }
    }
    list = pa;
    for (size_t i = 0; i < npages; i++) {
        put32(t, list + 8 * i, pages[i].va | (pages[i].writable ? GUESTOS_PG_WRITABLE : 0));
        put32(t, list + 8 * i + 4, pages[i].pa);
    }
    name = list + (uint32_t)npages * GUESTOS_PG_ENTRY_SIZE;
    t->write(t->ctx, name, base, strlen(base) + 1);
    *cursor = (name + (uint32_t)strlen(base) + 1 + PAGE - 1) & ~(PAGE - 1);

    /* The module: SPIM's heap starts at 0x10020000, or after larger data. */
    uint32_t brk = (end + 7) & ~7u;
    if (brk < GUESTOS_USER_HEAP)
        brk = GUESTOS_USER_HEAP;
    uint32_t m = GUESTOS_BOOTINFO_PA + GUESTOS_BI_MODS + mod * GUESTOS_MOD_SIZE;
    put32(t, m + GUESTOS_M_ENTRY, img->entry);
    put32(t, m + GUESTOS_M_NAME, KSEG0_BASE + name);
    put32(t, m + GUESTOS_M_NPAGES, (uint32_t)npages);
    put32(t, m + GUESTOS_M_PAGES, KSEG0_BASE + list);
    put32(t, m + GUESTOS_M_BRK, brk);
    err = 0;
out:
    free(pages);
    return err;
}

int guestos_load(const struct boot_target *t, char *const *paths, int n, FILE *diag,
                 uint32_t *entry)
{
    uint32_t cursor = GUESTOS_MODULES_PA;

    if (n > (int)GUESTOS_MAX_MODS) {
        fprintf(diag, "tlbvisor: at most %u programs, not %d\n", GUESTOS_MAX_MODS, n);
        return -1;
    }
    if (t->mem_size < GUESTOS_MODULES_PA + 64 * PAGE) {
        fprintf(diag, "tlbvisor: the guest OS needs at least %u KiB of RAM (use --mem)\n",
                (GUESTOS_MODULES_PA >> 10) + 256);
        return -1;
    }
    if (load_guestos_image(t, entry, diag) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        struct asm_image img;
        if (asm_load(paths[i], &img, diag) != 0)
            return -1;
        int r = load_program(t, paths[i], &img, (unsigned)i, &cursor, diag);
        asm_image_free(&img);
        if (r < 0)
            return -1;
    }
    put32(t, GUESTOS_BOOTINFO_PA + GUESTOS_BI_MAGIC, GUESTOS_BOOT_MAGIC);
    put32(t, GUESTOS_BOOTINFO_PA + GUESTOS_BI_VERSION, GUESTOS_BOOT_VERSION);
    put32(t, GUESTOS_BOOTINFO_PA + GUESTOS_BI_MEMSIZE, t->mem_size);
    put32(t, GUESTOS_BOOTINFO_PA + GUESTOS_BI_FREE, cursor);
    put32(t, GUESTOS_BOOTINFO_PA + GUESTOS_BI_NMODS, (uint32_t)n);
    return 0;
}

int guestos_boot(struct cpu *cpu, char *const *paths, int n, FILE *diag)
{
    struct boot_target t = boot_target_cpu(cpu);
    uint32_t entry;

    if (guestos_load(&t, paths, n, diag, &entry) < 0)
        return -1;
    cpu_set_pc(cpu, entry);
    return 0;
}

/* load_pa: where a --kernel program's byte at va goes in physical memory:
 * kseg0 and kseg1 addresses by their segment's rule, kuseg addresses at
 * PA = VA (a boot loader placing a user image for the kernel to map
 * itself).  -1 for kseg2, which has no such place. */
static int64_t load_pa(uint32_t va)
{
    if (va < KSEG0_BASE)
        return va;
    if (va < KSEG1_BASE)
        return va - KSEG0_BASE;
    if (va < KSEG2_BASE)
        return va - KSEG1_BASE;
    return -1;
}

/* place_kernel: copy img's sections into t.  0, or -1 with a message
 * naming the section that cannot be placed. */
static int place_kernel(const struct boot_target *t, const struct asm_image *img,
                        const char *path, FILE *diag)
{
    size_t bytes = 0;

    for (size_t i = 0; i < img->nsections; i++)
        bytes += img->sections[i].size;
    if (bytes == 0) {
        fprintf(diag, "%s: error: the program is empty: there is nothing to run\n", path);
        return -1;
    }
    for (size_t i = 0; i < img->nsections; i++) {
        const struct asm_section *s = &img->sections[i];
        uint32_t last = s->addr + s->size - 1;
        int64_t pa = load_pa(s->addr);
        if (s->size == 0)
            continue;
        if (pa < 0 || load_pa(last) != pa + s->size - 1) {
            fprintf(diag, "%s: error: section %s at 0x%08" PRIx32 " cannot be loaded: "
                    "a --kernel program goes in kseg0 (0x80000000-0x9fffffff) or kseg1, "
                    "or in kuseg at PA = VA\n", path, s->name, s->addr);
            return -1;
        }
        if (t->write(t->ctx, (uint32_t)pa, s->data, s->size) < 0) {
            fprintf(diag, "%s: error: section %s (0x%08" PRIx32 "-0x%08" PRIx32 ") needs "
                    "physical memory up to 0x%08" PRIx32 ", but RAM is %" PRIu32 " KiB "
                    "(use --mem, or give the section a lower address)\n", path, s->name,
                    s->addr, last, (uint32_t)(pa + s->size - 1), t->mem_size >> 10);
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            const struct asm_section *t = &img->sections[j];
            int64_t tpa = load_pa(t->addr);
            if (t->size && tpa < pa + s->size && pa < tpa + t->size) {
                fprintf(diag, "%s: error: sections %s (0x%08" PRIx32 ") and %s (0x%08" PRIx32
                        ") would share physical memory at 0x%08" PRIx32 "\n", path, t->name,
                        t->addr, s->name, s->addr, (uint32_t)(pa > tpa ? pa : tpa));
                return -1;
            }
        }
    }
    if (img->entry >= KSEG0_BASE && img->entry < KSEG2_BASE)
        return 0;
    fprintf(diag, "%s: error: entry point 0x%08" PRIx32 " is not in kseg0 or kseg1: the "
            "machine starts unmapped, in kernel mode (name the kernel's entry __start)\n",
            path, img->entry);
    return -1;
}

int kernel_load(const struct boot_target *t, const char *path, FILE *diag, uint32_t *entry)
{
    struct asm_image img;
    int r;

    if (asm_load(path, &img, diag) != 0)
        return -1;
    r = place_kernel(t, &img, path, diag);
    *entry = img.entry;
    asm_image_free(&img);
    return r;
}

/* get32: the little-endian word at offset off of the statistics block. */
static uint32_t get32(const uint8_t *b, uint32_t off)
{
    return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 | (uint32_t)b[off + 2] << 16 |
           (uint32_t)b[off + 3] << 24;
}

void guestos_read_stats(const struct boot_target *t, struct guestos_stats *out)
{
    uint8_t b[GUESTOS_ST_SIZE];

    memset(b, 0, sizeof b);
    t->read(t->ctx, GUESTOS_BOOTINFO_PA + GUESTOS_BI_STATS, b, sizeof b);
    out->faults = get32(b, GUESTOS_ST_FAULTS);
    out->ptmisses = get32(b, GUESTOS_ST_PTMISSES);
    out->switches = get32(b, GUESTOS_ST_SWITCHES);
    out->procs = get32(b, GUESTOS_ST_PROCS);
    out->killed = get32(b, GUESTOS_ST_KILLED);
    out->frames = get32(b, GUESTOS_ST_FRAMES);
    out->frames_peak = get32(b, GUESTOS_ST_FRAMES_PEAK);
}
