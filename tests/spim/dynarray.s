# dynarray.s -- the heap through sbrk (syscall 9): the break and its
# rounding to words (sbrk(0), sbrk(5), sbrk(1), sbrk(4)), a growable array
# that doubles its capacity (new block from sbrk, copy), and a sieve of
# Eratosthenes in 20001 sbrk'd bytes that relies on fresh heap memory
# being zero.
        .data
brkm:   .asciiz "break: "
deltm:  .asciiz "sbrk(n) for n = 5, 1, 4, 0 moved the break by:"
capm:   .asciiz "capacity "
grewm:  .asciiz ", grew "
summ:   .asciiz " times, sum of squares 1..300 = "
elm:    .asciiz "a[0] a[99] a[299] = "
zerom:  .asciiz "fresh heap words that are not zero: "
primm:  .asciiz "primes below 100:"
cntm:   .asciiz "primes below 20001: "
lastm:  .asciiz "largest: "
sizes:  .word 5, 1, 4, 0
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)

        li    $a0, 0
        li    $v0, 9
        syscall
        move  $s0, $v0
        li    $v0, 4
        la    $a0, brkm
        syscall
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $v0, 4
        la    $a0, deltm
        syscall
        la    $s1, sizes
        li    $s2, 4
dl_lp:  lw    $a0, 0($s1)
        li    $v0, 9
        syscall                 # returns the old break
        move  $t0, $v0
        li    $a0, 0
        li    $v0, 9
        syscall                 # the new break
        subu  $a0, $v0, $t0
        li    $v0, 11
        move  $t1, $a0
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $t1
        syscall
        addiu $s1, $s1, 4
        addiu $s2, $s2, -1
        bnez  $s2, dl_lp
        li    $v0, 11
        li    $a0, 10
        syscall

        # growable array of words: $s0 data, $s1 length, $s2 capacity, $s3 grows
        li    $s2, 2
        li    $a0, 8
        li    $v0, 9
        syscall
        move  $s0, $v0
        li    $s1, 0
        li    $s3, 0
push:   addiu $t0, $s1, 1       # the value i = length + 1; push i * i
        bne   $s1, $s2, room
        sll   $a0, $s2, 3       # new capacity 2 * cap words = 8 * cap bytes
        li    $v0, 9
        syscall
        move  $t1, $s0          # copy the old block
        move  $t2, $v0
        move  $t3, $s1
cp_lp:  lw    $t4, 0($t1)
        sw    $t4, 0($t2)
        addiu $t1, $t1, 4
        addiu $t2, $t2, 4
        addiu $t3, $t3, -1
        bnez  $t3, cp_lp
        move  $s0, $v0
        sll   $s2, $s2, 1
        addiu $s3, $s3, 1
room:   mul   $t5, $t0, $t0
        sll   $t6, $s1, 2
        addu  $t6, $t6, $s0
        sw    $t5, 0($t6)
        addiu $s1, $s1, 1
        blt   $s1, 300, push
        li    $t0, 0            # sum
        li    $t1, 0
        move  $t2, $s0
sq_lp:  lw    $t3, 0($t2)
        addu  $t0, $t0, $t3
        addiu $t2, $t2, 4
        addiu $t1, $t1, 1
        bne   $t1, $s1, sq_lp
        move  $s4, $t0
        li    $v0, 4
        la    $a0, capm
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 4
        la    $a0, grewm
        syscall
        li    $v0, 1
        move  $a0, $s3
        syscall
        li    $v0, 4
        la    $a0, summ
        syscall
        li    $v0, 1
        move  $a0, $s4
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, elm
        syscall
        li    $v0, 1
        lw    $a0, 0($s0)
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        lw    $a0, 396($s0)
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        lw    $a0, 1196($s0)
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        # sieve: 20001 bytes, 0 = maybe prime, 1 = composite
        li    $a0, 20001
        li    $v0, 9
        syscall
        move  $s0, $v0
        # first, check the fresh memory really is zero (word by word)
        li    $t0, 0
        move  $t1, $s0
        li    $t2, 5000
zr_lp:  lw    $t3, 0($t1)
        beqz  $t3, zr_ok
        addiu $t0, $t0, 1
zr_ok:  addiu $t1, $t1, 4
        addiu $t2, $t2, -1
        bnez  $t2, zr_lp
        move  $t9, $t0
        li    $v0, 4
        la    $a0, zerom
        syscall
        li    $v0, 1
        move  $a0, $t9
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $t0, 2            # p
        li    $t7, 1
sv_p:   mul   $t1, $t0, $t0
        bgt   $t1, 20000, sv_done
        addu  $t2, $s0, $t0
        lbu   $t3, 0($t2)
        bnez  $t3, sv_next
sv_m:   addu  $t2, $s0, $t1     # mark p*p, p*p+p, ...
        sb    $t7, 0($t2)
        addu  $t1, $t1, $t0
        ble   $t1, 20000, sv_m
sv_next:
        addiu $t0, $t0, 1
        j     sv_p
sv_done:
        li    $v0, 4
        la    $a0, primm
        syscall
        li    $t0, 2
        li    $t4, 0            # count
        li    $t5, 0            # last
pr_lp:  addu  $t2, $s0, $t0
        lbu   $t3, 0($t2)
        bnez  $t3, pr_nx
        addiu $t4, $t4, 1
        move  $t5, $t0
        bge   $t0, 100, pr_nx
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
pr_nx:  addiu $t0, $t0, 1
        ble   $t0, 20000, pr_lp
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, cntm
        syscall
        li    $v0, 1
        move  $a0, $t4
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, lastm
        syscall
        li    $v0, 1
        move  $a0, $t5
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra
