# fault_textwrite.s -- a store into the program's own code.
# The text page is mapped read-only (D = 0 in the TLB entry, W = 0 in the
# walker's PTE): the store raises Mod and the OS kills the process.
# fault: segmentation fault (write to read-only page) at 0x00400000 (pc 0x00400008)
# status: 139
        .text
        .globl main
main:
        la      $t0, main           # 0x00400000 lui, 0x00400004 addiu
        sw      $zero, 0($t0)       # 0x00400008: overwrite main's first word
        jr      $ra
