# timer.s -- the Count/Compare timer interrupt (line 7).
#
# Count advances once per retired instruction, so the ticks land on the
# same instructions on every run.  The kernel asks for an interrupt every
# 1000 instructions, counts loop iterations between ticks, and stops after
# three ticks.  A software interrupt (Cause.IP0) is raised and taken too.
#
# run:
# run: --mmu walker
# status: 0

        .ktext 0x80000180
general:
        mfc0    $k0, $13                # Cause
        andi    $k1, $k0, 0x7c
        bnez    $k1, not_int            # ExcCode != Int
        andi    $k1, $k0, 0x8000        # IP7: the timer
        bnez    $k1, tick
        andi    $k1, $k0, 0x0100        # IP0: software
        bnez    $k1, soft
        j       unexpected
not_int:
        j       unexpected
tick:
        lui     $k0, %hi(nticks)
        lw      $k1, %lo(nticks)($k0)
        addiu   $k1, $k1, 1
        sw      $k1, %lo(nticks)($k0)
        mfc0    $k1, $11                # Compare += 1000 (also clears IP7)
        addiu   $k1, $k1, 1000
        mtc0    $k1, $11
        eret
soft:
        mtc0    $zero, $13              # clear IP0
        lui     $k0, %hi(nsoft)
        li      $k1, 1
        sw      $k1, %lo(nsoft)($k0)
        eret

        .ktext 0x80001000
__start:
        la      $a0, hello
        jal     puts
        mtc0    $zero, $9               # Count = 0
        li      $t0, 1000
        mtc0    $t0, $11                # Compare = 1000
        li      $t0, 0x8101             # IM7 | IM0 | IE
        mtc0    $t0, $12

        li      $s0, 0                  # ticks seen
        li      $s1, 0                  # loop iterations
spin:
        addiu   $s1, $s1, 1
        lui     $t0, %hi(nticks)
        lw      $t1, %lo(nticks)($t0)
        beq     $t1, $s0, spin
        # a tick happened
        move    $s0, $t1
        la      $a0, msg_tick
        jal     puts
        move    $a0, $s0
        jal     putdec
        la      $a0, msg_iter
        jal     puts
        move    $a0, $s1
        jal     putdec
        la      $a0, msg_count
        jal     puts
        mfc0    $a0, $9
        jal     putdec
        jal     putnl
        li      $t2, 3
        bne     $s0, $t2, spin

        # Now a software interrupt: set Cause.IP0 with interrupts enabled.
        li      $t0, 0x100
        mtc0    $t0, $13
        nop
        lui     $t0, %hi(nsoft)
        lw      $a0, %lo(nsoft)($t0)
        la      $t1, msg_soft
        move    $s2, $a0
        move    $a0, $t1
        jal     puts
        move    $a0, $s2
        jal     putdec
        jal     putnl

        mtc0    $zero, $12              # interrupts off
        li      $a0, 0
        j       halt

        .include "console.inc"

        .kdata
nticks:    .word 0
nsoft:     .word 0
hello:     .asciiz "timer: an interrupt every 1000 instructions\n"
msg_tick:  .asciiz "tick "
msg_iter:  .asciiz ": loop iterations so far "
msg_count: .asciiz ", Count "
msg_soft:  .asciiz "software interrupts taken: "
