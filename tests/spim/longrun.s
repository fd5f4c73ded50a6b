# longrun.s -- a long computation (about 5.4 million instructions, so a
# preemptive OS interrupts it a few hundred times at varying places): a
# linear congruential generator (multu/mflo), histogram buckets by rem,
# running min/max with branches against immediates, and values kept in a
# .data word through lw/sw label (the pseudo-instructions lean on $at and
# HI/LO, which an interrupt must give back untouched).
        .data
seed:   .word 20240601
hist:   .word 0:10
acc:    .word 0
histm:  .asciiz "histogram of (x >> 16) rem 10:"
accm:   .asciiz "checksum: "
minm:   .asciiz "min/max of (x >> 8) rem 1000 - 500: "
        .text
main:   li    $s0, 0            # i
        li    $s1, 1000         # min
        li    $s2, -1000        # max
        li    $s3, 1103515245
loop:   lw    $t0, seed
        multu $t0, $s3
        mflo  $t0
        addiu $t0, $t0, 12345
        sw    $t0, seed
        srl   $t1, $t0, 16
        remu  $t2, $t1, 10      # bucket
        sll   $t2, $t2, 2
        lw    $t3, hist($t2)
        addiu $t3, $t3, 1
        sw    $t3, hist($t2)
        srl   $t4, $t0, 8
        remu  $t4, $t4, 1000
        addi  $t4, $t4, -500
        bge   $t4, $s1, nomin
        move  $s1, $t4
nomin:  ble   $t4, $s2, nomax
        move  $s2, $t4
nomax:  lw    $t5, acc          # acc = acc * 31 + (x >> 24), wrapping
        mul   $t5, $t5, 31
        srl   $t6, $t0, 24
        addu  $t5, $t5, $t6
        sw    $t5, acc
        addiu $s0, $s0, 1
        blt   $s0, 120000, loop

        li    $v0, 4
        la    $a0, histm
        syscall
        li    $t0, 0
ph:     li    $v0, 11
        li    $a0, ' '
        syscall
        lw    $a0, hist($t0)
        li    $v0, 1
        syscall
        addiu $t0, $t0, 4
        blt   $t0, 40, ph
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, minm
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, accm
        syscall
        li    $v0, 1
        lw    $a0, acc
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        jr    $ra
