# bsearch.s -- binary search in a sorted .word array, iterative and
# recursive, for keys read from input (present, absent, below and above
# the range, negative); prints the index or -1 and the probe count.
        .data
sorted: .word -50, -20, -3, 0, 4, 9, 15, 22, 23, 41, 57, 58, 80, 99, 100, 512, 1024, 4096, 65536, 2000000000
count:  .word 20
probes: .word 0
keym:   .asciiz "key "
itm:    .asciiz ": iterative "
rcm:    .asciiz ", recursive "
prm:    .asciiz ", probes "
        .text
main:   addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $s0, 0($sp)
        li    $v0, 5            # how many keys
        syscall
        move  $s0, $v0
loop:   beqz  $s0, out
        li    $v0, 5
        syscall
        move  $s1, $v0          # key
        li    $v0, 4
        la    $a0, keym
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 4
        la    $a0, itm
        syscall
        la    $a0, sorted
        lw    $a1, count
        move  $a2, $s1
        jal   bsearch_it
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, rcm
        syscall
        sw    $zero, probes
        la    $a0, sorted
        move  $a1, $s1
        li    $a2, 0
        lw    $a3, count
        addi  $a3, $a3, -1
        jal   bsearch_rec
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, prm
        syscall
        li    $v0, 1
        lw    $a0, probes
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        addi  $s0, $s0, -1
        j     loop
out:    lw    $s0, 0($sp)
        lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra

# int bsearch_it(int *a, int n, int key): index or -1
bsearch_it:
        li    $t0, 0            # lo
        addi  $t1, $a1, -1      # hi
bi_lp:  bgt   $t0, $t1, bi_no
        addu  $t2, $t0, $t1
        sra   $t2, $t2, 1       # mid
        sll   $t3, $t2, 2
        addu  $t3, $t3, $a0
        lw    $t4, 0($t3)
        beq   $t4, $a2, bi_yes
        blt   $t4, $a2, bi_up
        addi  $t1, $t2, -1
        j     bi_lp
bi_up:  addi  $t0, $t2, 1
        j     bi_lp
bi_yes: move  $v0, $t2
        jr    $ra
bi_no:  li    $v0, -1
        jr    $ra

# int bsearch_rec(int *a, int key, int lo, int hi), counting probes
bsearch_rec:
        addiu $sp, $sp, -4
        sw    $ra, 0($sp)
        li    $v0, -1
        bgt   $a2, $a3, br_ret
        lw    $t0, probes
        addiu $t0, $t0, 1
        sw    $t0, probes
        add   $t2, $a2, $a3
        div   $t2, $t2, 2       # mid, with the div pseudo-instruction
        mul   $t3, $t2, 4
        add   $t3, $t3, $a0
        lw    $t4, 0($t3)
        move  $v0, $t2
        beq   $t4, $a1, br_ret
        bgt   $t4, $a1, br_left
        addi  $a2, $t2, 1
        jal   bsearch_rec
        j     br_ret
br_left:
        addi  $a3, $t2, -1
        jal   bsearch_rec
br_ret: lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra
