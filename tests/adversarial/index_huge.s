# index_huge.s -- huge and out-of-range values in Index for tlbwi and tlbr.
#
# Index keeps only bits 5:0 (and P, which only tlbp sets): a write of
# 0xffffffff reads back 0x3f; tlbwi and tlbr use the index bits even with
# P set.  The kernel writes entries through Index values 0xffffffc5,
# 0x7fffffc0, 0x80000000 | 63..., reads every entry back with tlbr through
# Index values 64 + i (bit 6 and up ignored), and checks each one.
#
# run:
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
        li      $t0, -1
        mtc0    $t0, $0
        mfc0    $a0, $0
        jal     puthex                  # 0x0000003f
        jal     putnl
        # tlbp miss sets P; writing Index keeps it
        li      $t0, 0x7ffff000
        mtc0    $t0, $10
        tlbp
        mfc0    $a0, $0
        jal     puthex                  # 0x80000000
        jal     putnl
        li      $t0, 0xffffffc5
        mtc0    $t0, $0
        mfc0    $a0, $0
        jal     puthex                  # 0x80000005
        jal     putnl
        # write all 64 entries, entry i through Index = i | 0xffffffc0 (and P)
        li      $s0, 0
wr:
        sll     $t0, $s0, 12
        lui     $t1, 0x1000
        addu    $t1, $t1, $t0
        ori     $t1, $t1, 0x11          # ASID 0x11
        mtc0    $t1, $10
        sll     $t2, $s0, 12
        lui     $t3, 0x0010
        addu    $t2, $t2, $t3           # PFN 0x100 + i
        ori     $t2, $t2, 0x600
        mtc0    $t2, $2
        li      $t3, 0xffffffc0
        or      $t3, $t3, $s0
        mtc0    $t3, $0
        tlbwi
        addiu   $s0, $s0, 1
        li      $t4, 64
        bne     $s0, $t4, wr
        # read them back through Index = 64 + i, 0x7fffff00 + i
        li      $s0, 0
        li      $s1, 0                  # mismatches
rd:
        addiu   $t0, $s0, 64
        andi    $t1, $s0, 1
        beqz    $t1, rd_idx
        li      $t0, 0x7fffff00
        or      $t0, $t0, $s0
rd_idx:
        mtc0    $t0, $0
        mtc0    $zero, $10
        mtc0    $zero, $2
        tlbr
        mfc0    $t1, $10
        sll     $t0, $s0, 12
        lui     $t2, 0x1000
        addu    $t2, $t2, $t0
        ori     $t2, $t2, 0x11
        beq     $t1, $t2, rd_hi_ok
        addiu   $s1, $s1, 1
rd_hi_ok:
        mfc0    $t1, $2
        lui     $t3, 0x0010
        addu    $t2, $t0, $t3
        ori     $t2, $t2, 0x600
        beq     $t1, $t2, rd_lo_ok
        addiu   $s1, $s1, 1
rd_lo_ok:
        addiu   $s0, $s0, 1
        li      $t4, 64
        bne     $s0, $t4, rd
        la      $a0, m_bad
        jal     puts
        move    $a0, $s1
        jal     putdec                  # 0
        jal     putnl
        # the entries map: ASID 0x11, page 5 -> PFN 0x105
        li      $t0, 0x11
        mtc0    $t0, $10
        li      $t0, 0x80105000
        li      $t1, 0xabcdef01
        sw      $t1, 8($t0)
        li      $t0, 0x10005000
        lw      $a0, 8($t0)
        jal     puthex
        jal     putnl
        # tlbwr with Wired = all ones (63): entry 63 every time
        li      $t0, -1
        mtc0    $t0, $6
        mfc0    $a0, $6
        jal     putdec                  # 63
        jal     putnl
        .set    noat
        mfc0    $a0, $1                 # Random (CP0 1)
        .set    at
        jal     putdec                  # 63
        jal     putnl
        li      $t0, 0x20000000
        mtc0    $t0, $10
        tlbwr
        tlbp
        mfc0    $a0, $0
        jal     putdec                  # 63
        jal     putnl
        la      $a0, m_done
        jal     puts
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
m_title:  .asciiz "index_huge: only the index bits count\n"
m_bad:    .asciiz "mismatches: "
m_done:   .asciiz "done\n"
