# fault_overflow.s -- signed overflow in add (addu would wrap silently).
# fault: arithmetic overflow (pc 0x00400008)
# status: 136
        .text
        .globl main
main:
        li      $t0, 0x7fffffff     # 0x00400000 lui, 0x00400004 ori
        addi    $t1, $t0, 1         # 0x00400008: 0x7fffffff + 1 overflows
        jr      $ra
