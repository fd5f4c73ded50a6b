# regsinit.s -- students often use a register without setting it first and
# get away with it because SPIM starts main with it zero.  This prints, at
# the entry of main, every register a program could read by mistake and
# that SPIM sets to 0: $v1, $a3, $t0-$t9, $s0-$s7, $fp, HI, LO.  (Not
# printed: $at, $v0, $a1, $a2, $sp, $ra, which hold addresses or leftovers
# of the startup code, and $k0/$k1, which belong to the kernel: an OS's
# TLB refill handler may change them at any time.  $gp must be 0x10008000.)
        .data
names:  .asciiz "v1", "a3", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"
        .asciiz "t8", "t9", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"
        .asciiz "fp", "hi", "lo"
        .align 2
vals:   .space 92
gpm:    .asciiz "gp=0x10008000: "
        .text
main:   la    $v0, vals         # save before touching anything else
        sw    $v1, 0($v0)
        sw    $a3, 4($v0)
        sw    $t0, 8($v0)
        sw    $t1, 12($v0)
        sw    $t2, 16($v0)
        sw    $t3, 20($v0)
        sw    $t4, 24($v0)
        sw    $t5, 28($v0)
        sw    $t6, 32($v0)
        sw    $t7, 36($v0)
        sw    $t8, 40($v0)
        sw    $t9, 44($v0)
        sw    $s0, 48($v0)
        sw    $s1, 52($v0)
        sw    $s2, 56($v0)
        sw    $s3, 60($v0)
        sw    $s4, 64($v0)
        sw    $s5, 68($v0)
        sw    $s6, 72($v0)
        sw    $s7, 76($v0)
        sw    $fp, 80($v0)
        mfhi  $t0
        sw    $t0, 84($v0)
        mflo  $t0
        sw    $t0, 88($v0)
        move  $s7, $ra
        la    $s0, names
        la    $s1, vals
        li    $s2, 23
pr:     li    $v0, 4
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, '='
        syscall
        li    $v0, 1
        lw    $a0, 0($s1)
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        addiu $s0, $s0, 3       # each name is 2 letters + NUL
        addiu $s1, $s1, 4
        addiu $s2, $s2, -1
        bnez  $s2, pr
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, gpm
        syscall
        li    $t0, 0x10008000
        seq   $a0, $gp, $t0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        jr    $s7
