# walker_selfref.s -- page tables that map themselves (walker, shadow
# paging).
#
# The kernel (16 MiB, hardware walker with 2 levels) builds a root R at PA
# 0x00400000 and a leaf table T at 0x00401000, with pages F1, F2, F3 at
# 0x00500000.. holding 0x1111, 0x2222, 0x3333:
#   R[1] -> T            VA 0x00400000: T[0] -> F1
#   R[0x3ff] -> R        the recursive map: VA 0xffc00000 + 4K*i is the leaf
#                        table of R[i] as a page, VA 0xfffff000 is R itself
#   T[5] -> T            VA 0x00405000 is T, a leaf table mapped as its own page
# Then it changes the tables through those mappings -- sw, sb, sh, swr, swl
# into T and R while the walker uses them -- and through kseg0, dropping
# each changed present entry with InvVA as the machine requires, and reads
# the pages again: each access sees the new mapping (a swl that makes the
# entry not present gets a page fault), the walker's A and D bits appear in
# the entries, and a burst of writes to T (which the VMM answers by
# unshadowing it) leaves every mapping right.  Under the VMM, T and R are
# write-protected in the shadow, every store to them is emulated, and the
# shadow's entries follow.  The same as on the bare machine.
#
# run: --mmu walker --paging shadow
# status: 0
# bare: same

        .ktext 0x80000000
        j       adv_refill
        .ktext 0x80000180
        j       adv_general

        .ktext 0x80001000
__start:
        la      $a0, m_title
        jal     puts
        li      $t0, 0x80400000         # R
        li      $t1, 0x00401007
        sw      $t1, 4($t0)             # R[1] = T
        li      $t1, 0x00400007
        sw      $t1, 0xffc($t0)         # R[0x3ff] = R
        li      $t0, 0x80401000         # T
        li      $t1, 0x00500007
        sw      $t1, 0($t0)             # T[0] = F1
        li      $t1, 0x00401007
        sw      $t1, 20($t0)            # T[5] = T
        li      $t0, 0x80500000
        li      $t1, 0x1111
        sw      $t1, 0($t0)
        li      $t1, 0x2222
        sw      $t1, 0x1000($t0)
        li      $t1, 0x3333
        sw      $t1, 0x2000($t0)
        li      $t0, 0x00400000
        mtc0    $t0, $22                # PTBR = R
        lui     $s0, 0x0040             # VA 0x00400000
        li      $s1, 0xffc01000         # T, through the recursive map
        li      $s2, 0xfffff000         # R, through the recursive map

        la      $a0, m_1                # 1: F1
        jal     puts
        lw      $a0, 0($s0)
        jal     puthex
        lw      $a0, 0($s1)             # T[0]: A set
        jal     putpte
        la      $a0, m_2                # 2: T[0] = F2, through the recursive map
        jal     puts
        li      $t1, 0x00501007
        sw      $t1, 0($s1)
        mtc0    $s0, $23                # InvVA
        lw      $a0, 0($s0)
        jal     puthex
        jal     putnl
        la      $a0, m_3                # 3: T[0] = F3, through kseg0
        jal     puts
        li      $t0, 0x80401000
        li      $t1, 0x00502007
        sw      $t1, 0($t0)
        mtc0    $s0, $23
        lw      $a0, 0($s0)
        jal     puthex
        lw      $a0, 4($s2)             # R[1], through R as a page: A set
        jal     putpte
        la      $a0, m_4                # 4: R[2] = T, through R as a page
        jal     puts
        li      $t1, 0x00401007
        sw      $t1, 8($s2)
        lui     $s3, 0x0080             # VA 0x00800000: T[0] again
        lw      $a0, 0($s3)
        jal     puthex
        jal     putnl
        la      $a0, m_5                # 5: T[6] = F1, through T mapped at 0x00405000
        jal     puts
        li      $t0, 0x00405000
        li      $t1, 0x00500007
        sw      $t1, 24($t0)
        lw      $a0, 0x6000($s0)
        jal     puthex
        jal     putnl
        la      $a0, m_6                # 6: sb: T[0]'s PFN byte, F3 -> F2
        jal     puts
        li      $t1, 0x10
        sb      $t1, 1($s1)
        mtc0    $s0, $23
        mtc0    $s3, $23
        lw      $a0, 0($s0)
        jal     puthex
        lw      $a0, 0($s3)
        jal     putval
        lw      $a0, 0($s1)
        jal     putpte
        la      $a0, m_7                # 7: sh: T[0]'s low half, -> F3
        jal     puts
        li      $t1, 0x2007
        sh      $t1, 0($s1)
        mtc0    $s0, $23
        mtc0    $s3, $23
        lw      $a0, 0($s0)
        jal     puthex
        lw      $a0, 0($s1)
        jal     putpte
        la      $a0, m_8                # 8: swr (the whole word), -> F1
        jal     puts
        li      $t1, 0x00500007
        swr     $t1, 0($s1)
        mtc0    $s0, $23
        mtc0    $s3, $23
        lw      $a0, 0($s0)
        jal     puthex
        jal     putnl
        la      $a0, m_9                # 9: swl: three bytes, not present any more
        jal     puts
        li      $t1, 0x00501007
        swl     $t1, 2($s1)
        mtc0    $s0, $23
        mtc0    $s3, $23
        li      $a0, 0x5a5a5a5a
        lw      $a0, 0($s0)             # a page fault (TLBL)
        jal     puthex
        lw      $a0, 0($s1)
        jal     putpte
        la      $a0, m_10               # 10: back to F1; a store sets D
        jal     puts
        li      $t1, 0x00500007
        sw      $t1, 0($s1)
        li      $t1, 0x4444
        sw      $t1, 0($s0)
        lw      $a0, 0($s0)
        jal     puthex
        lw      $a0, 0($s1)
        jal     putpte
        la      $a0, m_11               # 11: a burst of writes into T: T[16..23] = F1..
        jal     puts
        li      $t0, 0x00405040
        li      $t1, 0x00500007
        li      $t2, 8
1:      sw      $t1, 0($t0)
        addiu   $t0, $t0, 4
        addiu   $t2, $t2, -1
        bnez    $t2, 1b
        li      $s4, 0
        li      $t0, 0x00410000
        li      $t2, 8
2:      lw      $t1, 0($t0)
        addu    $s4, $s4, $t1
        addiu   $t0, $t0, 0x1000
        addiu   $t2, $t2, -1
        bnez    $t2, 2b
        move    $a0, $s4
        jal     puthex
        lw      $a0, 0($s0)
        jal     putval
        lw      $a0, 0x40($s1)          # T[16]
        jal     putpte
        la      $a0, m_done
        jal     puts
        li      $a0, 0
        j       halt

# putpte: " pte=0x........" and a newline.
putpte:
        move    $t5, $ra
        move    $t4, $a0
        la      $a0, m_pte
        jal     puts
        move    $a0, $t4
        jal     puthex
        jal     putnl
        jr      $t5

# putval: " 0x........".
putval:
        move    $t5, $ra
        move    $t4, $a0
        li      $a0, ' '
        jal     putc
        move    $a0, $t4
        jal     puthex
        jr      $t5

        .include "adv.inc"

        .kdata
m_title:  .asciiz "walker_selfref: page tables that map themselves\n"
m_1:      .asciiz "F1: "
m_2:      .asciiz "T[0] = F2 by the recursive map: "
m_3:      .asciiz "T[0] = F3 by kseg0: "
m_4:      .asciiz "R[2] = T by R as a page: "
m_5:      .asciiz "T[6] = F1 by T as its own page: "
m_6:      .asciiz "sb -> F2: "
m_7:      .asciiz "sh -> F3: "
m_8:      .asciiz "swr -> F1: "
m_9:      .asciiz "swl: "
m_10:     .asciiz "sw, then a store: "
m_11:     .asciiz "8 writes into T: "
m_pte:    .asciiz " pte="
m_done:   .asciiz "done\n"
