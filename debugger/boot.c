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

/* Write one little-endian word at pa (which the caller checked is RAM). */
static void put32(struct cpu *cpu, uint32_t pa, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    cpu_phys_write(cpu, pa, b, 4);
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

/* load_kernel: the embedded guest OS's sections into physical memory. */
static int load_kernel(struct cpu *cpu, uint32_t *entry, FILE *diag)
{
    struct asm_image os;

    if (elf_read("guest OS", guestos_image, guestos_image_size, &os, diag) != 0)
        return -1;
    for (size_t i = 0; i < os.nsections; i++) {
        const struct asm_section *s = &os.sections[i];
        if (s->size && cpu_phys_write(cpu, s->addr - KSEG0_BASE, s->data, s->size) < 0) {
            fprintf(diag, "tlbvisor: the guest OS does not fit in %" PRIu32 " KiB of RAM\n",
                    cpu_mem_size(cpu) >> 10);
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
static int load_program(struct cpu *cpu, const char *path, const struct asm_image *img,
                        unsigned mod, uint32_t *cursor, FILE *diag)
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
    if (*cursor + need > cpu_mem_size(cpu)) {
        fprintf(diag, "%s: error: the programs do not fit in %" PRIu32 " KiB of RAM "
                "(use --mem)\n", path, cpu_mem_size(cpu) >> 10);
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
            cpu_phys_write(cpu, p->pa + (va & (PAGE - 1)), s->data + off, chunk);
            off += chunk;
        }
    }
    list = pa;
    for (size_t i = 0; i < npages; i++) {
        put32(cpu, list + 8 * i, pages[i].va | (pages[i].writable ? GUESTOS_PG_WRITABLE : 0));
        put32(cpu, list + 8 * i + 4, pages[i].pa);
    }
    name = list + (uint32_t)npages * GUESTOS_PG_ENTRY_SIZE;
    cpu_phys_write(cpu, name, base, strlen(base) + 1);
    *cursor = (name + (uint32_t)strlen(base) + 1 + PAGE - 1) & ~(PAGE - 1);

    /* The module: SPIM's heap starts at 0x10020000, or after larger data. */
    uint32_t brk = (end + 7) & ~7u;
    if (brk < GUESTOS_USER_HEAP)
        brk = GUESTOS_USER_HEAP;
    uint32_t m = GUESTOS_BOOTINFO_PA + GUESTOS_BI_MODS + mod * GUESTOS_MOD_SIZE;
    put32(cpu, m + GUESTOS_M_ENTRY, img->entry);
    put32(cpu, m + GUESTOS_M_NAME, KSEG0_BASE + name);
    put32(cpu, m + GUESTOS_M_NPAGES, (uint32_t)npages);
    put32(cpu, m + GUESTOS_M_PAGES, KSEG0_BASE + list);
    put32(cpu, m + GUESTOS_M_BRK, brk);
    err = 0;
out:
    free(pages);
    return err;
}

int guestos_boot(struct cpu *cpu, char *const *paths, int n, FILE *diag)
{
    uint32_t entry, cursor = GUESTOS_MODULES_PA;

    if (n > (int)GUESTOS_MAX_MODS) {
        fprintf(diag, "tlbvisor: at most %u programs, not %d\n", GUESTOS_MAX_MODS, n);
        return -1;
    }
    if (cpu_mem_size(cpu) < GUESTOS_MODULES_PA + 64 * PAGE) {
        fprintf(diag, "tlbvisor: the guest OS needs at least %u KiB of RAM (use --mem)\n",
                (GUESTOS_MODULES_PA >> 10) + 256);
        return -1;
    }
    if (load_kernel(cpu, &entry, diag) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        struct asm_image img;
        if (asm_load(paths[i], &img, diag) != 0)
            return -1;
        int r = load_program(cpu, paths[i], &img, (unsigned)i, &cursor, diag);
        asm_image_free(&img);
        if (r < 0)
            return -1;
    }
    put32(cpu, GUESTOS_BOOTINFO_PA + GUESTOS_BI_MAGIC, GUESTOS_BOOT_MAGIC);
    put32(cpu, GUESTOS_BOOTINFO_PA + GUESTOS_BI_VERSION, GUESTOS_BOOT_VERSION);
    put32(cpu, GUESTOS_BOOTINFO_PA + GUESTOS_BI_MEMSIZE, cpu_mem_size(cpu));
    put32(cpu, GUESTOS_BOOTINFO_PA + GUESTOS_BI_FREE, cursor);
    put32(cpu, GUESTOS_BOOTINFO_PA + GUESTOS_BI_NMODS, (uint32_t)n);
    cpu_set_pc(cpu, entry);
    return 0;
}

/* get32: the little-endian word at offset off of the statistics block. */
static uint32_t get32(const uint8_t *b, uint32_t off)
{
    return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 | (uint32_t)b[off + 2] << 16 |
           (uint32_t)b[off + 3] << 24;
}

void guestos_read_stats(struct cpu *cpu, struct guestos_stats *out)
{
    uint8_t b[GUESTOS_ST_SIZE];

    memset(b, 0, sizeof b);
    cpu_phys_read(cpu, GUESTOS_BOOTINFO_PA + GUESTOS_BI_STATS, b, sizeof b);
    out->faults = get32(b, GUESTOS_ST_FAULTS);
    out->ptmisses = get32(b, GUESTOS_ST_PTMISSES);
    out->switches = get32(b, GUESTOS_ST_SWITCHES);
    out->procs = get32(b, GUESTOS_ST_PROCS);
    out->killed = get32(b, GUESTOS_ST_KILLED);
    out->frames = get32(b, GUESTOS_ST_FRAMES);
    out->frames_peak = get32(b, GUESTOS_ST_FRAMES_PEAK);
}
