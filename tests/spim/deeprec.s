# deeprec.s -- deep recursion: the stack grows to 180 KB.  sum(n) =
# n + sum(n - 1) with a 12-byte frame for n = 1000, 10000, 15000 (15000
# frames = 180000 bytes: SPIM's stack cannot grow past 256 KiB without
# -lstack, and SPIM copies the environment onto it, so this leaves room for
# a large one); then a 16 KiB local array on the stack, filled and summed;
# then a recursive strlen of a 3000-byte string built on the heap.
        .data
summ:   .asciiz "sum(1.."
eqm:    .asciiz ") = "
arrm:   .asciiz "local int[4096] sum = "
strm:   .asciiz "recursive strlen = "
ns:     .word 1000, 10000, 15000
        .text
main:   addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $s0, 0($sp)
        li    $s0, 0
dr_lp:  sll   $t0, $s0, 2
        lw    $s1, ns($t0)
        li    $v0, 4
        la    $a0, summ
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 4
        la    $a0, eqm
        syscall
        move  $a0, $s1
        jal   sum
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        addiu $s0, $s0, 1
        blt   $s0, 3, dr_lp

        jal   local_array
        move  $t0, $v0
        li    $v0, 4
        la    $a0, arrm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $a0, 3001         # a 3000-byte string on the heap
        li    $v0, 9
        syscall
        move  $s1, $v0
        li    $t0, 0
mk:     addu  $t1, $s1, $t0
        li    $t2, 'x'
        sb    $t2, 0($t1)
        addiu $t0, $t0, 1
        blt   $t0, 3000, mk
        addu  $t1, $s1, $t0
        sb    $zero, 0($t1)
        move  $a0, $s1
        jal   rstrlen
        move  $t0, $v0
        li    $v0, 4
        la    $a0, strm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        lw    $s0, 0($sp)
        lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra

# int sum(n): n == 0 ? 0 : n + sum(n - 1)   (addu: no overflow trap)
sum:    addiu $sp, $sp, -12
        sw    $ra, 8($sp)
        sw    $a0, 4($sp)
        move  $v0, $zero
        beqz  $a0, sum_ret
        addiu $a0, $a0, -1
        jal   sum
        lw    $a0, 4($sp)
        addu  $v0, $v0, $a0
sum_ret:
        lw    $ra, 8($sp)
        addiu $sp, $sp, 12
        jr    $ra

# int local_array(): int a[4096] on the stack, a[i] = i ^ 0x55, sum
local_array:
        addiu $sp, $sp, -16384
        li    $t0, 0
        move  $t1, $sp
la_f:   xori  $t2, $t0, 0x55
        sw    $t2, 0($t1)
        addiu $t1, $t1, 4
        addiu $t0, $t0, 1
        blt   $t0, 4096, la_f
        li    $v0, 0
        move  $t1, $sp
        li    $t0, 0
la_s:   lw    $t2, 0($t1)
        addu  $v0, $v0, $t2
        addiu $t1, $t1, 4
        addiu $t0, $t0, 1
        blt   $t0, 4096, la_s
        addiu $sp, $sp, 16384
        jr    $ra

# int rstrlen(char *s): *s == 0 ? 0 : 1 + rstrlen(s + 1)
rstrlen:
        lbu   $t0, 0($a0)
        move  $v0, $zero
        beqz  $t0, rs_ret0
        addiu $sp, $sp, -4
        sw    $ra, 0($sp)
        addiu $a0, $a0, 1
        jal   rstrlen
        addiu $v0, $v0, 1
        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
rs_ret0:
        jr    $ra
