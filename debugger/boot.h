/*
 * boot.h -- the guest OS's boot loader.
 *
 * Puts the guest OS (embedded in tlbvisor at build time) into a machine's
 * physical memory, with the boot-info block and one boot module per program
 * that guestos/abi.inc describes, and points the machine at the kernel's
 * entry.  docs/guestos.md, "Booting", has the layout.
 */
#ifndef TLBVISOR_BOOT_H
#define TLBVISOR_BOOT_H

#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"

/* Where a loader writes: a machine's physical memory, or a VM's
 * guest-physical memory.  write/read return 0, or -1 if [pa, pa+n) is not
 * all memory. */
struct boot_target {
    int (*write)(void *ctx, uint32_t pa, const void *src, size_t n);
    int (*read)(void *ctx, uint32_t pa, void *dst, size_t n);
    uint32_t mem_size;
    void *ctx;
};

/* boot_target_cpu: a target writing cpu's physical memory. */
struct boot_target boot_target_cpu(struct cpu *cpu);

/* guestos_load: load the guest OS and the programs at paths[0..n) (assembly
 * or ELF) into t; *entry = where the machine must start (kernel mode).
 * Returns 0, or -1 after printing why on diag (a program that does not
 * assemble, does not fit in memory, uses kernel addresses...). */
int guestos_load(const struct boot_target *t, char *const *paths, int n, FILE *diag,
                 uint32_t *entry);

/* guestos_boot: guestos_load into cpu's memory, and PC = the entry. */
int guestos_boot(struct cpu *cpu, char *const *paths, int n, FILE *diag);

/* kernel_load: "--kernel FILE": FILE's sections into t (kseg0/kseg1 at their
 * physical addresses, kuseg at PA = VA), *entry = its entry point, which
 * must be in kseg0 or kseg1.  0, or -1 with a message on diag. */
int kernel_load(const struct boot_target *t, const char *path, FILE *diag, uint32_t *entry);

/* The guest OS's statistics block, as the guest left it (zeros if the guest
 * never wrote it). */
struct guestos_stats {
    uint32_t faults, ptmisses, switches, procs, killed, frames, frames_peak;
};
void guestos_read_stats(const struct boot_target *t, struct guestos_stats *out);

/* The guest OS image, as built (guestos/mkimage). */
extern const unsigned char guestos_image[];
extern const size_t guestos_image_size;

#endif
