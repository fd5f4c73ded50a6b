# hanoi.s -- Towers of Hanoi by recursion: reads the number of disks,
# prints every move and the count (2^n - 1).  Four arguments in $a0-$a3,
# all saved in the frame across the recursive calls.
        .data
ask:    .asciiz "disks: "
move1:  .asciiz "move disk "
from:   .asciiz " from "
to:     .asciiz " to "
total:  .asciiz "moves: "
count:  .word 0
        .text
main:   addi  $sp, $sp, -4
        sw    $ra, 0($sp)
        li    $v0, 4
        la    $a0, ask
        syscall
        li    $v0, 5
        syscall
        move  $s0, $v0          # n
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        move  $a0, $s0
        li    $a1, 'A'
        li    $a2, 'C'
        li    $a3, 'B'
        jal   hanoi
        li    $v0, 4
        la    $a0, total
        syscall
        li    $v0, 1
        lw    $a0, count
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        lw    $ra, 0($sp)
        addi  $sp, $sp, 4
        jr    $ra

# hanoi(n, from, to, via)
hanoi:  beqz  $a0, h_ret
        addi  $sp, $sp, -20
        sw    $ra, 16($sp)
        sw    $a0, 12($sp)
        sw    $a1, 8($sp)
        sw    $a2, 4($sp)
        sw    $a3, 0($sp)
        addi  $a0, $a0, -1      # hanoi(n-1, from, via, to)
        move  $t0, $a2
        move  $a2, $a3
        move  $a3, $t0
        jal   hanoi
        lw    $a0, 12($sp)      # print the move of disk n
        lw    $a1, 8($sp)
        lw    $a2, 4($sp)
        jal   print_move
        lw    $a0, 12($sp)      # hanoi(n-1, via, to, from)
        addi  $a0, $a0, -1
        lw    $a1, 0($sp)
        lw    $a2, 4($sp)
        lw    $a3, 8($sp)
        jal   hanoi
        lw    $ra, 16($sp)
        addi  $sp, $sp, 20
h_ret:  jr    $ra

# print_move(disk, from, to): a leaf, uses only $t registers
print_move:
        move  $t0, $a0
        move  $t1, $a1
        move  $t2, $a2
        li    $v0, 4
        la    $a0, move1
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 4
        la    $a0, from
        syscall
        li    $v0, 11
        move  $a0, $t1
        syscall
        li    $v0, 4
        la    $a0, to
        syscall
        li    $v0, 11
        move  $a0, $t2
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        lw    $t3, count
        addiu $t3, $t3, 1
        sw    $t3, count
        jr    $ra
