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

/* guestos_boot: load the guest OS and the programs at paths[0..n) (assembly
 * or ELF) into cpu, and set its PC to the kernel.  Returns 0, or -1 after
 * printing why on diag (a program that does not assemble, does not fit in
 * RAM, uses kernel addresses...). */
int guestos_boot(struct cpu *cpu, char *const *paths, int n, FILE *diag);

/* The guest OS's statistics block, as the guest left it (zeros if the guest
 * never wrote it). */
struct guestos_stats {
    uint32_t faults, ptmisses, switches, procs, killed, frames, frames_peak;
};
void guestos_read_stats(struct cpu *cpu, struct guestos_stats *out);

/* The guest OS image, as built (guestos/mkimage). */
extern const unsigned char guestos_image[];
extern const size_t guestos_image_size;

#endif
