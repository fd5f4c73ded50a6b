# fault_divzero.s -- division by zero through the div macro.
# div $t2, $t0, $t1 expands to: bnez $t1, 1f / div $t0, $t1 (delay slot) /
# break 7 / 1: ... ; with $t1 = 0 the break 7 at 0x00400010 runs.
# fault: division by zero (pc 0x00400010)
# status: 136
        .text
        .globl main
main:
        li      $t0, 7              # 0x00400000
        li      $t1, 0              # 0x00400004
        div     $t2, $t0, $t1       # 0x00400008 bnez, 0x0040000c div, 0x00400010 break 7
        jr      $ra
