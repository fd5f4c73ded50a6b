# ackermann.s -- Ackermann's function A(m, n) for m <= 3, n <= 3 by plain
# recursion (deep: A(3,3) nests 63 frames and makes 2432 calls), with a
# global call counter in .data.
        .data
calls:  .word 0
lpar:   .asciiz "A("
comma:  .asciiz ", "
rpar:   .asciiz ") = "
ncalls: .asciiz "   calls: "
        .text
main:   addiu $sp, $sp, -12
        sw    $ra, 8($sp)
        sw    $s0, 4($sp)
        sw    $s1, 0($sp)
        li    $s0, 0            # m
mloop:  li    $s1, 0            # n
nloop:  sw    $zero, calls
        li    $v0, 4
        la    $a0, lpar
        syscall
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 4
        la    $a0, comma
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 4
        la    $a0, rpar
        syscall
        move  $a0, $s0
        move  $a1, $s1
        jal   ack
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, ncalls
        syscall
        li    $v0, 1
        lw    $a0, calls
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        addiu $s1, $s1, 1
        bleu  $s1, 3, nloop
        addiu $s0, $s0, 1
        bleu  $s0, 3, mloop
        lw    $s1, 0($sp)
        lw    $s0, 4($sp)
        lw    $ra, 8($sp)
        addiu $sp, $sp, 12
        jr    $ra

# A(0, n) = n + 1; A(m, 0) = A(m - 1, 1); A(m, n) = A(m - 1, A(m, n - 1))
ack:    lw    $t0, calls
        addiu $t0, $t0, 1
        sw    $t0, calls
        bnez  $a0, ack_m
        addiu $v0, $a1, 1
        jr    $ra
ack_m:  addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $a0, 0($sp)
        bnez  $a1, ack_mn
        addiu $a0, $a0, -1
        li    $a1, 1
        jal   ack
        b     ack_ret
ack_mn: addiu $a1, $a1, -1
        jal   ack               # A(m, n - 1)
        lw    $a0, 0($sp)
        addiu $a0, $a0, -1
        move  $a1, $v0
        jal   ack               # A(m - 1, that)
ack_ret:
        lw    $a0, 0($sp)
        lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra
