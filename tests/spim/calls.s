# calls.s -- MIPS calling conventions, the way courses teach them: procedures
# defined before main, six arguments (the fifth and sixth on the stack above
# the callee's frame), a frame pointer, $s registers saved and restored by
# the callee (checked by the caller), two results in $v0/$v1, a local array
# on the stack, and mutual recursion (is_even / is_odd).
        .data
sixm:   .asciiz "weighted(1..6) = "
savm:   .asciiz "callee-saved registers preserved: "
dvm:    .asciiz "divmod(100, 7) = "
locm:   .asciiz "local array squares sum = "
evm:    .asciiz "is_even(n) for n = 0..9:"
maxm:   .asciiz "max3 of (5, -2, 9), (-1, -7, -3): "
nl:     .asciiz "\n"
        .text

# int weighted(a, b, c, d, e, f) = a*1 + b*2 + c*3 + d*4 + e*5 + f*6
# e at 16($fp), f at 20($fp) (the caller's outgoing area), o32 style
weighted:
        addiu $sp, $sp, -8
        sw    $fp, 4($sp)
        sw    $ra, 0($sp)
        addiu $fp, $sp, 8       # $fp = the caller's $sp
        move  $v0, $a0
        sll   $t0, $a1, 1
        addu  $v0, $v0, $t0
        mul   $t0, $a2, 3
        addu  $v0, $v0, $t0
        sll   $t0, $a3, 2
        addu  $v0, $v0, $t0
        lw    $t1, 16($fp)      # e
        mul   $t0, $t1, 5
        addu  $v0, $v0, $t0
        lw    $t1, 20($fp)      # f
        mul   $t0, $t1, 6
        addu  $v0, $v0, $t0
        lw    $ra, 0($sp)
        lw    $fp, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra

# clobber: uses every $s register, restores them (callee-saved)
clobber:
        addiu $sp, $sp, -32
        sw    $s0, 0($sp)
        sw    $s1, 4($sp)
        sw    $s2, 8($sp)
        sw    $s3, 12($sp)
        sw    $s4, 16($sp)
        sw    $s5, 20($sp)
        sw    $s6, 24($sp)
        sw    $s7, 28($sp)
        li    $s0, -1
        li    $s1, -1
        li    $s2, -1
        li    $s3, -1
        li    $s4, -1
        li    $s5, -1
        li    $s6, -1
        li    $s7, -1
        li    $t0, -1           # $t registers need not survive
        lw    $s0, 0($sp)
        lw    $s1, 4($sp)
        lw    $s2, 8($sp)
        lw    $s3, 12($sp)
        lw    $s4, 16($sp)
        lw    $s5, 20($sp)
        lw    $s6, 24($sp)
        lw    $s7, 28($sp)
        addiu $sp, $sp, 32
        jr    $ra

# (q, r) = divmod(a, b): q in $v0, r in $v1
divmod: div   $a0, $a1
        mflo  $v0
        mfhi  $v1
        jr    $ra

# int squares(n): fills a local int[10] on the stack with i*i, returns the sum
squares:
        addiu $sp, $sp, -48     # 40 bytes of array + $ra + $fp
        sw    $ra, 44($sp)
        sw    $fp, 40($sp)
        move  $fp, $sp
        li    $t0, 0
sq_fill:
        mul   $t1, $t0, $t0
        sll   $t2, $t0, 2
        addu  $t2, $t2, $fp
        sw    $t1, 0($t2)
        addiu $t0, $t0, 1
        blt   $t0, $a0, sq_fill
        li    $v0, 0
        li    $t0, 0
sq_sum: sll   $t2, $t0, 2
        addu  $t2, $t2, $fp
        lw    $t1, 0($t2)
        addu  $v0, $v0, $t1
        addiu $t0, $t0, 1
        blt   $t0, $a0, sq_sum
        lw    $fp, 40($sp)
        lw    $ra, 44($sp)
        addiu $sp, $sp, 48
        jr    $ra

# is_even(n) = n == 0 ? 1 : is_odd(n - 1); is_odd(n) = n == 0 ? 0 : is_even(n - 1)
is_even:
        li    $v0, 1
        beqz  $a0, ie_ret
        addiu $sp, $sp, -4
        sw    $ra, 0($sp)
        addiu $a0, $a0, -1
        jal   is_odd
        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
ie_ret: jr    $ra
is_odd: li    $v0, 0
        beqz  $a0, io_ret
        addiu $sp, $sp, -4
        sw    $ra, 0($sp)
        addiu $a0, $a0, -1
        jal   is_even
        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
io_ret: jr    $ra

# max3(a, b, c), calling max2 twice
max2:   move  $v0, $a0
        bge   $a0, $a1, m2_ret
        move  $v0, $a1
m2_ret: jr    $ra
max3:   addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $a2, 0($sp)
        jal   max2
        move  $a0, $v0
        lw    $a1, 0($sp)
        jal   max2
        lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra

        .globl main
main:   addiu $sp, $sp, -32     # 24 bytes of outgoing arguments + $ra + pad
        sw    $ra, 28($sp)

        li    $a0, 1
        li    $a1, 2
        li    $a2, 3
        li    $a3, 4
        li    $t0, 5
        sw    $t0, 16($sp)
        li    $t0, 6
        sw    $t0, 20($sp)
        jal   weighted          # 1+4+9+16+25+36 = 91
        move  $t0, $v0
        li    $v0, 4
        la    $a0, sixm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 4
        la    $a0, nl
        syscall

        li    $s0, 10
        li    $s1, 11
        li    $s2, 12
        li    $s3, 13
        li    $s4, 14
        li    $s5, 15
        li    $s6, 16
        li    $s7, 17
        jal   clobber
        add   $t0, $s0, $s1     # 10+11+...+17 = 108 if all survived
        add   $t0, $t0, $s2
        add   $t0, $t0, $s3
        add   $t0, $t0, $s4
        add   $t0, $t0, $s5
        add   $t0, $t0, $s6
        add   $t0, $t0, $s7
        seq   $t1, $t0, 108
        li    $v0, 4
        la    $a0, savm
        syscall
        li    $v0, 1
        move  $a0, $t1
        syscall
        li    $v0, 4
        la    $a0, nl
        syscall

        li    $a0, 100
        li    $a1, 7
        jal   divmod
        move  $t0, $v0
        move  $t1, $v1
        li    $v0, 4
        la    $a0, dvm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 11
        li    $a0, ','
        syscall
        li    $v0, 1
        move  $a0, $t1
        syscall
        li    $v0, 4
        la    $a0, nl
        syscall

        li    $a0, 10
        jal   squares           # 0+1+4+...+81 = 285
        move  $t0, $v0
        li    $v0, 4
        la    $a0, locm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 4
        la    $a0, nl
        syscall

        li    $v0, 4
        la    $a0, evm
        syscall
        li    $s0, 0
ev_lp:  move  $a0, $s0
        jal   is_even
        move  $t0, $v0
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        addi  $s0, $s0, 1
        blt   $s0, 10, ev_lp
        li    $v0, 4
        la    $a0, nl
        syscall

        li    $v0, 4
        la    $a0, maxm
        syscall
        li    $a0, 5
        li    $a1, -2
        li    $a2, 9
        jal   max3
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $a0, -1
        li    $a1, -7
        li    $a2, -3
        jal   max3
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, nl
        syscall

        lw    $ra, 28($sp)
        addiu $sp, $sp, 32
        jr    $ra
