# remap.s -- the same page remapped over and over.
#
# 256 rounds map VA 0x00600000 to PFN 0x400 + round % 5 through entry 5
# (tlbwi, the same entry each time), alternating D and ASIDs 1..3, and read
# and write through it.  Then 256 rounds do the refill handler's job by
# hand: tlbp, and tlbwi where the page is, tlbwr where it is not.  At the
# end exactly one entry per ASID holds the page, and the frames hold the
# counts of the writes that went to them.
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
        li      $s3, 0x00600000
        li      $s0, 0
        li      $s1, 0
r1:
        li      $t0, 3
        divu    $s0, $t0
        mfhi    $t1
        addiu   $t1, $t1, 1             # ASID 1..3
        or      $t1, $t1, $s3
        mtc0    $t1, $10
        li      $t0, 5
        divu    $s0, $t0
        mfhi    $t2                     # round % 5
        addiu   $t2, $t2, 0x400
        sll     $t2, $t2, 12
        ori     $t2, $t2, 0x600         # D V
        mtc0    $t2, $2
        li      $t0, 5
        mtc0    $t0, $0
        tlbwi
        lw      $t3, 0x20($s3)
        addiu   $t3, $t3, 1
        sw      $t3, 0x20($s3)
        addu    $s1, $s1, $t3
        addiu   $s0, $s0, 1
        li      $t0, 256
        bne     $s0, $t0, r1
        la      $a0, m_sum
        jal     puts
        move    $a0, $s1
        jal     putdec
        jal     putnl
        # by hand: tlbp, then tlbwi or tlbwr
        li      $s0, 0
r2:
        andi    $t1, $s0, 3             # ASID 0..3
        or      $t1, $t1, $s3
        mtc0    $t1, $10
        tlbp
        li      $t0, 7
        divu    $s0, $t0
        mfhi    $t2
        addiu   $t2, $t2, 0x400
        sll     $t2, $t2, 12
        ori     $t2, $t2, 0x600
        mtc0    $t2, $2
        mfc0    $t0, $0
        bltz    $t0, r2_new
        tlbwi
        b       r2_use
r2_new:
        tlbwr
r2_use:
        lw      $t3, 0x40($s3)
        addiu   $t3, $t3, 1
        sw      $t3, 0x40($s3)
        addiu   $s0, $s0, 1
        li      $t0, 256
        bne     $s0, $t0, r2
        # entries holding the page, per ASID 0..3
        li      $s0, 0
count:
        li      $s1, 0
        li      $s2, 0
count_e:
        mtc0    $s2, $0
        tlbr
        mfc0    $t0, $10
        or      $t1, $s3, $s0
        bne     $t0, $t1, count_n
        addiu   $s1, $s1, 1
count_n:
        addiu   $s2, $s2, 1
        li      $t0, 64
        bne     $s2, $t0, count_e
        move    $a0, $s1
        jal     putdec
        li      $a0, ' '
        jal     putc
        addiu   $s0, $s0, 1
        li      $t0, 4
        bne     $s0, $t0, count
        jal     putnl
        # the frames
        li      $s0, 0
frames:
        sll     $t0, $s0, 12
        li      $t1, 0x80400000
        addu    $t1, $t1, $t0
        lw      $a0, 0x20($t1)
        jal     putdec
        li      $a0, '/'
        jal     putc
        sll     $t0, $s0, 12
        li      $t1, 0x80400000
        addu    $t1, $t1, $t0
        lw      $a0, 0x40($t1)
        jal     putdec
        li      $a0, ' '
        jal     putc
        addiu   $s0, $s0, 1
        li      $t0, 7
        bne     $s0, $t0, frames
        jal     putnl
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
m_title:  .asciiz "remap: one page remapped 512 times\n"
m_sum:    .asciiz "sum "
