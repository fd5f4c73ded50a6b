# fault_divoverflow.s -- the one signed division that overflows:
# -2147483648 / -1.  The div macro checks for it and runs break 6.
#   0x00400008 bnez $t1 / 0x0040000c div / 0x00400010 break 7 /
#   0x00400014 li $at, -1 / 0x00400018 bne $t1, $at / 0x0040001c lui $at /
#   0x00400020 bne $t0, $at / 0x00400024 nop / 0x00400028 break 6
# fault: arithmetic overflow in division (pc 0x00400028)
# status: 136
        .text
        .globl main
main:
        li      $t0, 0x80000000     # 0x00400000 lui
        li      $t1, -1             # 0x00400004 addiu
        div     $t2, $t0, $t1
        jr      $ra
