# kernel.s -- tlbvisor's guest OS: the file the build assembles.
#
# A small Unix-like kernel for the tlbvisor machine, written to be read:
# see docs/guestos.md for a guided tour.  Order matters only for vectors.s,
# which must come first: it places the exception vectors at 0x80000000 and
# 0x80000180.

        .include "abi.inc"
        .include "kernel.inc"
        .include "vectors.s"
        .include "boot.s"
        .include "trap.s"
        .include "syscall.s"
        .include "proc.s"
        .include "vm.s"
        .include "console.s"
        .include "data.s"
