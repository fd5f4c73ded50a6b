/*
 * image.c -- struct asm_image helpers and asm_load (source or ELF).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "asm/asm_int.h"

void asm_image_free(struct asm_image *img)
{
    if (!img)
        return;
    for (size_t i = 0; i < img->nsections; i++)
        free(img->sections[i].data);
    free(img->sections);
    for (size_t i = 0; i < img->nsymbols; i++)
        free(img->symbols[i].name);
    free(img->symbols);
    free(img->lines);
    for (size_t i = 0; i < img->nfiles; i++)
        free(img->files[i]);
    free(img->files);
    memset(img, 0, sizeof *img);
}

const struct asm_symbol *asm_symbol_find(const struct asm_image *img, const char *name)
{
    for (size_t i = 0; img && i < img->nsymbols; i++)
        if (!strcmp(img->symbols[i].name, name))
            return &img->symbols[i];
    return NULL;
}

/* label_rank: among labels at one address, the one a person wrote: a global
 * before a local, a name before a toolchain's single-underscore one (_ftext,
 * _gp; __start is a person's). */
static int label_rank(const struct asm_symbol *s)
{
    bool toolchain = s->name[0] == '_' && s->name[1] != '_';
    return (s->global ? 2 : 0) + !toolchain;
}

/* Symbols are sorted by value, then name: the last label <= addr wins; among
 * several labels at one address, the highest label_rank, and of those the
 * first by name. */
const struct asm_symbol *asm_symbol_covering(const struct asm_image *img, uint32_t addr)
{
    const struct asm_symbol *best = NULL;
    if (!img || !img->nsymbols)
        return NULL;
    /* binary search: hi = the number of symbols with value <= addr */
    size_t lo = 0, hi = img->nsymbols;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (img->symbols[mid].value <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* walk back to the nearest label; at that value take the best ranked */
    for (size_t i = lo; i-- > 0;) {
        const struct asm_symbol *s = &img->symbols[i];
        if (best && s->value != best->value)
            break;
        if (!s->is_label)
            continue;
        /* walking backwards through names: the first name wins among equals */
        if (!best || label_rank(s) >= label_rank(best))
            best = s;
    }
    return best;
}

const struct asm_line *asm_line_at(const struct asm_image *img, uint32_t addr)
{
    if (!img || !img->nlines)
        return NULL;
    /* binary search: lo = the number of rows with addr <= addr */
    size_t lo = 0, hi = img->nlines;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (img->lines[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const struct asm_line *l = &img->lines[lo - 1];
    return addr - l->addr < l->size ? l : NULL;
}

/* A linear scan per file: a debugger command, not a hot path. */
int asm_line_addr(const struct asm_image *img, const char *file, unsigned line,
                  uint32_t *addr)
{
    if (!img || !file || line == 0)
        return -1;
    bool base = strchr(file, '/') == NULL;
    for (size_t f = 0; f < img->nfiles; f++) {
        const char *name = img->files[f];
        const char *slash = strrchr(name, '/');
        if (base && slash)
            name = slash + 1;
        if (strcmp(name, file))
            continue;
        /* rows are sorted by address: among rows of the best line the
         * first one seen has the lowest address */
        const struct asm_line *best = NULL;
        for (size_t i = 0; i < img->nlines; i++) {
            const struct asm_line *l = &img->lines[i];
            if (l->file == f && l->line >= line && (!best || l->line < best->line))
                best = l;
        }
        if (best) {
            *addr = best->addr;
            return 0;
        }
    }
    return -1;
}

char *asm_read_file(const char *path, size_t *len, int *err)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return NULL;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        *err = EISDIR;
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = asm_xrealloc(NULL, cap);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= ASM_MAX_FILE) {
            fclose(f);
            free(buf);
            *err = EFBIG;
            return NULL;
        }
        cap *= 2;
        buf = asm_xrealloc(buf, cap);
    }
    if (ferror(f)) {
        *err = errno ? errno : EIO;
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int asm_load(const char *path, struct asm_image *out, FILE *diag)
{
    size_t n;
    int err = 0, r;
    char *buf = asm_read_file(path, &n, &err);

    memset(out, 0, sizeof *out);
    if (!buf) {
        if (diag)
            fprintf(diag, "%s: error: cannot open: %s\n", path, strerror(err));
        return 1;
    }
    if (n >= 4 && !memcmp(buf, "\177ELF", 4))
        r = elf_read(path, (const uint8_t *)buf, n, out, diag);
    else
        r = asm_assemble(path, buf, n, out, diag);
    free(buf);
    return r;
}
