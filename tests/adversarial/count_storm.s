# count_storm.s -- a storm of timer interrupts, Count and Compare writes,
# and waits.
#
# The timer handler re-arms Compare 20 to 32 instructions ahead, and every
# seventh interrupt also rewrites Count (xor 0x55); the main loop computes
# a checksum and sleeps in wait every 50 rounds (Count jumps to Compare).
# Virtual time is the guest's own instruction count, so the interrupts land
# on the same instructions as on the bare machine: the same interrupt
# count, checksum and final Count, with one VM or three.
#
# run:
# status: 0
# bare: same

        .ktext 0x80000180
        mfc0    $k0, $13
        andi    $k0, $k0, 0x7c
        bnez    $k0, not_int
        lui     $k1, %hi(nints)
        lw      $k0, %lo(nints)($k1)
        addiu   $k0, $k0, 1
        sw      $k0, %lo(nints)($k1)
        andi    $k1, $k0, 7
        bnez    $k1, rearm
        mfc0    $k1, $9
        xori    $k1, $k1, 0x55
        mtc0    $k1, $9                 # Count ^= 0x55
rearm:
        andi    $k0, $k0, 0xf
        addiu   $k0, $k0, 20
        mfc0    $k1, $9
        addu    $k0, $k0, $k1
        mtc0    $k0, $11                # Compare = Count + 20 + nints % 16
        eret
not_int:
        j       adv_general

        .ktext 0x80001000
__start:
        la      $a0, m_title
        jal     puts
        li      $t0, 100
        mtc0    $t0, $11
        mtc0    $zero, $9
        li      $t0, 0x8001             # IE, IM7
        mtc0    $t0, $12
        li      $s0, 0                  # round
        li      $s1, 1                  # checksum
loop:
        li      $t0, 31
        mul     $s1, $s1, $t0
        addu    $s1, $s1, $s0
        mfc0    $t1, $9
        andi    $t1, $t1, 1
        addu    $s1, $s1, $t1           # Count's parity, at this very instruction
        li      $t0, 50
        divu    $s0, $t0
        mfhi    $t1
        bnez    $t1, next
        wait
next:
        addiu   $s0, $s0, 1
        li      $t0, 3000
        bne     $s0, $t0, loop
        mtc0    $zero, $12              # interrupts off
        la      $a0, m_ints
        jal     puts
        lui     $t0, %hi(nints)
        lw      $a0, %lo(nints)($t0)
        jal     putdec
        la      $a0, m_sum
        jal     puts
        move    $a0, $s1
        jal     puthex
        la      $a0, m_count
        jal     puts
        mfc0    $a0, $9
        jal     puthex
        jal     putnl
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
nints:    .word 0
m_title:  .asciiz "count_storm: timer interrupts every 20-35 instructions\n"
m_ints:   .asciiz "interrupts "
m_sum:    .asciiz " checksum "
m_count:  .asciiz " Count "
