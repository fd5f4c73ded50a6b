# fault_unaligned_store.s -- a halfword store to an odd address.
# fault: bus error (unaligned access) at 0x10010003 (pc 0x00400008)
# status: 135
        .data
word:   .word   0
        .text
        .globl main
main:
        la      $t0, word           # 0x00400000, 0x00400004 (= 0x10010000)
        sh      $t0, 3($t0)         # 0x00400008: sh to 0x10010003
        jr      $ra
