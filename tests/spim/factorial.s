# factorial.s -- reads a count and then that many n (read_int), prints n!
# by recursion (mul) and by a loop (multu/mflo), and says when n! does not
# fit in 32 bits (13! and up) by checking HI after multu.
        .data
prompt: .asciiz "how many? "
fact:   .asciiz "! = "
loopm:  .asciiz "  (loop: "
close:  .asciiz ")\n"
toobig: .asciiz " overflows 32 bits, low word "
        .text
main:
        addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $s0, 0($sp)

        li    $v0, 4
        la    $a0, prompt
        syscall
        li    $v0, 5            # read_int: the count
        syscall
        move  $s0, $v0
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

next:   blez  $s0, done
        li    $v0, 5            # read_int: n
        syscall
        move  $s1, $v0
        jal   show
        addi  $s0, $s0, -1
        b     next

done:   lw    $s0, 0($sp)
        lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra

# show(n in $s1): print "n! = r  (loop: r)" or the overflow message
show:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)
        li    $v0, 1
        move  $a0, $s1
        syscall
        # the loop version, watching HI for overflow
        li    $t0, 1            # product
        li    $t1, 2            # i
        li    $t3, 0            # overflowed?
floop:  bgt   $t1, $s1, fdone
        multu $t0, $t1
        mfhi  $t2
        mflo  $t0
        beqz  $t2, fnoov
        li    $t3, 1
fnoov:  addiu $t1, $t1, 1
        j     floop
fdone:  bnez  $t3, over
        move  $s2, $t0
        move  $a0, $s1
        jal   factr
        move  $t4, $v0
        li    $v0, 4
        la    $a0, fact
        syscall
        li    $v0, 1
        move  $a0, $t4
        syscall
        li    $v0, 4
        la    $a0, loopm
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 4
        la    $a0, close
        syscall
        j     sret
over:   move  $s2, $t0
        li    $v0, 4
        la    $a0, toobig
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
sret:   lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# int factr(int n): n <= 1 ? 1 : n * factr(n - 1)
factr:  addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $a0, 0($sp)
        li    $v0, 1
        ble   $a0, 1, fret
        addiu $a0, $a0, -1
        jal   factr
        lw    $a0, 0($sp)
        mul   $v0, $v0, $a0
fret:   lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra
