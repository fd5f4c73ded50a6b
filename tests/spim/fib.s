# fib.s -- doubly recursive Fibonacci with stack frames (jal/jr, $ra and
# $s0 saved), fib(0..20), then an iterative check of fib(40) with addu.
# Ends with "li $v0, 10; syscall".
        .data
title:  .asciiz "fib(n), n = 0..20, by recursion:\n"
eq:     .asciiz ") = "
fibl:   .asciiz "fib("
iter:   .asciiz "fib(40) by iteration = "
        .text
main:
        li    $v0, 4
        la    $a0, title
        syscall
        li    $s0, 0            # n
mloop:  li    $v0, 4
        la    $a0, fibl
        syscall
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 4
        la    $a0, eq
        syscall
        move  $a0, $s0
        jal   fib
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10          # newline (SPIM rejects '\n')
        syscall
        addi  $s0, $s0, 1
        ble   $s0, 20, mloop

        # iterative fib(40) = 102334155
        li    $t0, 0            # fib(i)
        li    $t1, 1            # fib(i+1)
        li    $t2, 0            # i
iloop:  addu  $t3, $t0, $t1
        move  $t0, $t1
        move  $t1, $t3
        addiu $t2, $t2, 1
        blt   $t2, 40, iloop
        li    $v0, 4
        la    $a0, iter
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 11
        li    $a0, 10          # newline (SPIM rejects '\n')
        syscall

        li    $v0, 10           # exit
        syscall

# int fib(int n): n < 2 ? n : fib(n-1) + fib(n-2)
fib:
        addi  $sp, $sp, -12
        sw    $ra, 8($sp)
        sw    $s0, 4($sp)
        sw    $s1, 0($sp)
        move  $s0, $a0
        slti  $t0, $s0, 2
        beqz  $t0, fib_rec
        move  $v0, $s0
        j     fib_ret
fib_rec:
        addi  $a0, $s0, -1
        jal   fib
        move  $s1, $v0
        addi  $a0, $s0, -2
        jal   fib
        add   $v0, $v0, $s1
fib_ret:
        lw    $s1, 0($sp)
        lw    $s0, 4($sp)
        lw    $ra, 8($sp)
        addi  $sp, $sp, 12
        jr    $ra
