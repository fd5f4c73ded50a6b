# fault_kernel.s -- a user load from kernel memory (kseg0, 0x80000000,
# where the OS's exception vectors live).  In user mode any address with
# the top bit set is an address error.
# fault: segmentation fault at 0x80000000 (pc 0x00400004)
# status: 139
        .text
        .globl main
main:
        lui     $t0, 0x8000         # 0x00400000
        lw      $t1, 0($t0)         # 0x00400004
        jr      $ra
