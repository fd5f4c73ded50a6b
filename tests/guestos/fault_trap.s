# fault_trap.s -- a trap instruction whose condition holds.
# fault: trap (pc 0x00400004)
# status: 133
        .text
        .globl main
main:
        li      $t0, 5              # 0x00400000
        teq     $t0, $t0            # 0x00400004: 5 == 5, trap
        jr      $ra
