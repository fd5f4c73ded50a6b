# global_vms.s -- global (G) TLB entries while other VMs run (--vms 3).
#
# Sixty rounds, each under another ASID: in two rounds of three the kernel
# maps VA 0x00600000 with a global entry to one of its frames and reads it
# back; in every third it drops the entry (InvVA) first, and the load must
# take a TLB refill (printed by the handler and skipped).  With three VMs
# running the same kernel their rounds are out of step (slices of 1000 and
# 777 instructions), so a global entry that leaked into the real TLB of
# another VM would turn one of those refills into a silent hit.  A spin of
# varying length between rounds moves the slice boundaries around.
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
        li      $s0, 0                  # round
        li      $s1, 0                  # sum of what was read
        li      $s3, 0x00600000
round:
        andi    $t0, $s0, 0xff
        mtc0    $t0, $10                # ASID = round
        li      $t0, 3
        divu    $s0, $t0
        mfhi    $t1
        beqz    $t1, unmapped
        # map: global, PFN 0x800 + round % 4, which holds 1000 * (round % 4)
        andi    $t2, $s0, 3
        sll     $t3, $t2, 12
        li      $t4, 0x80800000
        addu    $t4, $t4, $t3
        li      $t5, 1000
        mul     $t5, $t5, $t2
        addu    $t5, $t5, $s0
        sw      $t5, 0($t4)
        mfc0    $t0, $10
        or      $t0, $t0, $s3
        mtc0    $t0, $10
        lui     $t0, 0x0080
        addu    $t0, $t0, $t3
        ori     $t0, $t0, 0x700         # D V G
        mtc0    $t0, $2
        li      $t0, 7
        mtc0    $t0, $0
        tlbwi
        b       access
unmapped:
        mtc0    $s3, $23                # InvVA: drop it
access:
        li      $s2, 0
        lw      $s2, 0($s3)             # skipped if it faults
        addu    $s1, $s1, $s2
        # spin 7 * round % 50 iterations
        li      $t0, 7
        mul     $t0, $t0, $s0
        li      $t1, 50
        divu    $t0, $t1
        mfhi    $t0
spin:
        addiu   $t0, $t0, -1
        bgez    $t0, spin
        addiu   $s0, $s0, 1
        li      $t0, 60
        bne     $s0, $t0, round
        la      $a0, m_sum
        jal     puts
        move    $a0, $s1
        jal     putdec
        jal     putnl
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
m_title:  .asciiz "global_vms: global entries must not leave their VM\n"
m_sum:    .asciiz "sum "
