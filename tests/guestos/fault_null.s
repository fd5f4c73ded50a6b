# fault_null.s -- follow a NULL pointer read from memory.
# Nothing is mapped at page 0: the load misses, the page table has no
# entry, and the OS kills the process.
# fault: segmentation fault at 0x00000000 (pc 0x00400008)
# status: 139
        .data
ptr:    .word   0                   # a NULL pointer
        .text
        .globl main
main:
        lw      $t0, ptr            # 0x00400000 lui, 0x00400004 lw
        lw      $t1, 0($t0)         # 0x00400008: *NULL
        jr      $ra
