# llbit.s -- eret clears the LL bit.
#
# docs/isa.md: "eret clears the LL bit; nothing else does".  So sc after
# ll; eret fails and writes 0 (this .out, the bare machine's).  The VMM
# emulates eret, so it clears the real CPU's LL bit itself, and it keeps
# one LL bit per VM across world switches.
#
# run:
# status: 0
# bare: same

        .ktext 0x80000180
        j       adv_general

        .ktext 0x80001000
__start:
        la      $a0, m_title
        jal     puts
        la      $s0, word
        ll      $t0, 0($s0)
        li      $t0, 2                  # EXL
        mtc0    $t0, $12
        la      $t0, after
        mtc0    $t0, $14
        eret
after:
        li      $t1, 77
        sc      $t1, 0($s0)
        move    $a0, $t1
        jal     putdec
        li      $a0, ' '
        jal     putc
        lw      $a0, 0($s0)
        jal     putdec
        jal     putnl
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
word:     .word 5
m_title:  .asciiz "llbit: sc after ll and eret fails\n"
