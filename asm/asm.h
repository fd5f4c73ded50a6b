/*
 * asm.h -- the tlbvisor assembler, disassembler and ELF32 reader/writer.
 *
 * A program, whether assembled from source or read from an ELF executable,
 * becomes a struct asm_image: its loadable sections (address + bytes), its
 * symbols and its entry point.  The front end loads images into a machine;
 * the REPL and the tracer use the symbols and the disassembler.
 *
 * Diagnostics go to the FILE given (stderr in the front end), GCC style:
 *   file:line:col: error: message
 *   file:line:col: warning: message
 * and every error of a file is reported, not just the first.
 *
 * asm/ depends on nothing of the machine but cpu/isa.h, the instruction table.
 */
#ifndef TLBVISOR_ASM_H
#define TLBVISOR_ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Default section addresses (SPIM's layout). */
#define ASM_TEXT_BASE   0x00400000u
#define ASM_DATA_BASE   0x10010000u
#define ASM_KTEXT_BASE  0x80000180u   /* SPIM's .ktext; ".ktext 0x80000000" for a refill handler */
/* SPIM puts .kdata at 0x90000000, which is PA 256 MiB: tlbvisor's kseg0 is
 * real RAM (16 MiB by default), so its .kdata starts at PA 2 MiB instead. */
#define ASM_KDATA_BASE  0x80200000u

struct asm_section {
    char name[16];          /* ".text", ".data", ".ktext", ".kdata", or the ELF name */
    uint32_t addr;          /* virtual address of data[0] */
    uint32_t size;
    uint8_t *data;          /* size bytes, owned by the image (zeros for NOBITS) */
    bool exec;              /* holds code */
};

struct asm_symbol {
    char *name;             /* owned by the image */
    uint32_t value;
    bool global;
    bool is_label;          /* a label (address), not an .equ constant */
};

/* One row of the line table: the code or data emitted for source line `line`
 * (1-based) of file files[file] starts at addr and takes size bytes.  A
 * pseudo-instruction's words and reorder mode's delay-slot nop belong to the
 * row of the line that wrote them; alignment padding in front of a line's
 * first byte belongs to no row. */
struct asm_line { uint32_t addr, size; unsigned file, line; };

struct asm_image {
    struct asm_section *sections;
    size_t nsections;
    struct asm_symbol *symbols;   /* sorted by value, then name */
    size_t nsymbols;
    uint32_t entry;
    /* The line table, filled by the assembler only: an image read by
     * elf_read has no debug information (nlines = nfiles = 0). */
    struct asm_line *lines;       /* sorted by addr, never overlapping; only rows that emitted bytes */
    size_t nlines;
    char **files;                 /* files[0] is the main source (its name as given to
                                   * asm_assemble); then each .include'd file, as its
                                   * path was resolved (the including file's directory
                                   * + the name written), once each */
    size_t nfiles;
};

/* asm_assemble: assemble the source text src (named name in diagnostics;
 * .include paths are relative to name's directory) into *out.  Returns the
 * number of errors; on 0, *out holds the program and must be freed with
 * asm_image_free.  On errors *out is left empty. */
int asm_assemble(const char *name, const char *src, size_t len,
                 struct asm_image *out, FILE *diag);

/* asm_assemble_file: the same for a file on disk. */
int asm_assemble_file(const char *path, struct asm_image *out, FILE *diag);

/* asm_load: read a program, assembling it if it is source (anything that does
 * not start with the ELF magic) or reading it if it is an ELF executable.
 * Returns 0 or the number of errors (>0). */
int asm_load(const char *path, struct asm_image *out, FILE *diag);

void asm_image_free(struct asm_image *img);

/* asm_symbol_find: the symbol named name, or NULL. */
const struct asm_symbol *asm_symbol_find(const struct asm_image *img, const char *name);
/* asm_symbol_covering: the label with the greatest value <= addr, or NULL.
 * Of several labels at that value: a global one before a local one, a name
 * before a toolchain's single-underscore name (_ftext), then the first by name. */
const struct asm_symbol *asm_symbol_covering(const struct asm_image *img, uint32_t addr);

/* asm_line_at: the row of img's line table whose [addr, addr+size) covers
 * addr, or NULL. */
const struct asm_line *asm_line_at(const struct asm_image *img, uint32_t addr);

/* asm_line_addr: the first (lowest) address of line `line` (1-based) of file
 * `file`, matched against files[] by the full string, or by basename when
 * `file` has no '/'.  If that line emitted nothing (a comment, a label alone,
 * a blank line, a directive), the next line of the same file that did.  When
 * several files match, the first in files[] that has such a line wins.
 * Returns 0 with *addr set, or -1 (no such file, or no code at or after
 * line). */
int asm_line_addr(const struct asm_image *img, const char *file, unsigned line,
                  uint32_t *addr);

/* ---- ELF32 little-endian MIPS ------------------------------------------------ */

/* elf_write: write img as an ET_EXEC ELF32 LE MIPS file with one PT_LOAD per
 * section, section headers and a symbol table.  Returns 0 or -1 (message
 * on diag). */
int elf_write(const struct asm_image *img, const char *path, FILE *diag);

/* elf_read: read an ELF32 LE MIPS executable (ours or GNU ld's) from memory.
 * Loadable sections come from the section headers (or, without them, the
 * PT_LOAD segments); symbols from .symtab.  No debug information is read:
 * the image has no line table (nlines = nfiles = 0), and elf_write writes
 * none.  Every malformed input is an error, never a crash.  Returns 0 or
 * the number of errors. */
int elf_read(const char *name, const uint8_t *buf, size_t len,
             struct asm_image *out, FILE *diag);

/* ---- disassembler -------------------------------------------------------------
 * asm_disas: one instruction word at address pc into buf (at most n bytes,
 * always NUL-terminated), e.g. "addiu $sp,$sp,-32" or "beq $t0,$zero,0x00400010".
 * With img non-NULL, branch and jump targets get a "<symbol+off>" suffix.
 * Words no row matches print as ".word 0x...".  Returns buf. */
char *asm_disas(uint32_t word, uint32_t pc, const struct asm_image *img,
                char *buf, size_t n);

/* asm_disas_image: the listing of every code section of img on out, with
 * labels, the way "tlbvisor disas" prints it. */
void asm_disas_image(const struct asm_image *img, FILE *out);

#endif /* TLBVISOR_ASM_H */
