# fault_unaligned.s -- a word load from an address that is not a multiple of 4.
# fault: bus error (unaligned access) at 0x10010001 (pc 0x00400008)
# status: 135
        .data
word:   .word   0x11223344
        .text
        .globl main
main:
        la      $t0, word           # 0x00400000, 0x00400004 (= 0x10010000)
        lw      $t1, 1($t0)         # 0x00400008: lw from 0x10010001
        jr      $ra
