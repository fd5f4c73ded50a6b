# matrix.s -- two-dimensional arrays in row-major order: address =
# base + (row * cols + col) * 4 with mul.  A (3x4) times B (4x3) into C
# (3x3), the transpose of A, row and column sums, the trace of C, and a
# 5x5 identity built in a .space block and checked.
        .data
A:      .word  1,  2,  3,  4
        .word  5,  6,  7,  8
        .word -9, 10, -11, 12
B:      .word  2,  0, -1
        .word  1,  3,  0
        .word  0, -2,  4
        .word  7,  1,  1
C:      .space 36
T:      .space 48
I5:     .space 100
cm:     .asciiz "C = A x B:\n"
tm:     .asciiz "transpose of A:\n"
rsm:    .asciiz "row sums of A:"
csm:    .asciiz "column sums of A:"
trm:    .asciiz "trace of C: "
idm:    .asciiz "identity 5x5 ok: "
        .text
main:   addi  $sp, $sp, -4
        sw    $ra, 0($sp)

        # C[i][j] = sum_k A[i][k] * B[k][j]
        li    $s0, 0                    # i
mi:     li    $s1, 0                    # j
mj:     li    $s3, 0                    # acc
        li    $s2, 0                    # k
mk:     mul   $t0, $s0, 4               # A[i][k]
        add   $t0, $t0, $s2
        sll   $t0, $t0, 2
        lw    $t1, A($t0)
        mul   $t2, $s2, 3               # B[k][j]
        add   $t2, $t2, $s1
        sll   $t2, $t2, 2
        lw    $t3, B($t2)
        mul   $t4, $t1, $t3
        add   $s3, $s3, $t4
        addi  $s2, $s2, 1
        blt   $s2, 4, mk
        mul   $t0, $s0, 3
        add   $t0, $t0, $s1
        sll   $t0, $t0, 2
        sw    $s3, C($t0)
        addi  $s1, $s1, 1
        blt   $s1, 3, mj
        addi  $s0, $s0, 1
        blt   $s0, 3, mi

        li    $v0, 4
        la    $a0, cm
        syscall
        la    $a0, C
        li    $a1, 3
        li    $a2, 3
        jal   print_matrix

        # T[j][i] = A[i][j]  (T is 4x3)
        li    $s0, 0
ti:     li    $s1, 0
tj:     mul   $t0, $s0, 4
        add   $t0, $t0, $s1
        sll   $t0, $t0, 2
        la    $t5, A
        add   $t0, $t0, $t5
        lw    $t1, 0($t0)
        mul   $t2, $s1, 3
        add   $t2, $t2, $s0
        sll   $t2, $t2, 2
        la    $t5, T
        add   $t2, $t2, $t5
        sw    $t1, 0($t2)
        addi  $s1, $s1, 1
        blt   $s1, 4, tj
        addi  $s0, $s0, 1
        blt   $s0, 3, ti
        li    $v0, 4
        la    $a0, tm
        syscall
        la    $a0, T
        li    $a1, 4
        li    $a2, 3
        jal   print_matrix

        # row sums, walking a pointer through A
        li    $v0, 4
        la    $a0, rsm
        syscall
        la    $t0, A
        li    $s0, 0
rs_i:   li    $t2, 0
        li    $s1, 0
rs_j:   lw    $t1, 0($t0)
        add   $t2, $t2, $t1
        addi  $t0, $t0, 4
        addi  $s1, $s1, 1
        bne   $s1, 4, rs_j
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $t2
        syscall
        addi  $s0, $s0, 1
        bne   $s0, 3, rs_i
        li    $v0, 11
        li    $a0, 10
        syscall

        # column sums: stride of one row (16 bytes)
        li    $v0, 4
        la    $a0, csm
        syscall
        li    $s1, 0
cs_j:   la    $t0, A
        sll   $t1, $s1, 2
        add   $t0, $t0, $t1
        lw    $t2, 0($t0)
        lw    $t3, 16($t0)
        add   $t2, $t2, $t3
        lw    $t3, 32($t0)
        add   $t2, $t2, $t3
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $t2
        syscall
        addi  $s1, $s1, 1
        bne   $s1, 4, cs_j
        li    $v0, 11
        li    $a0, 10
        syscall

        # trace of C
        lw    $t0, C
        lw    $t1, C+16
        add   $t0, $t0, $t1
        lw    $t1, C+32
        add   $t0, $t0, $t1
        li    $v0, 4
        la    $a0, trm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        # identity: I5[i][i] = 1 (the rest is .space zeros), then check
        la    $t0, I5
        li    $t1, 1
        li    $s0, 0
id_set: sw    $t1, 0($t0)
        addi  $t0, $t0, 24      # next row, next column
        addi  $s0, $s0, 1
        blt   $s0, 5, id_set
        li    $s2, 1            # ok
        li    $s0, 0
id_i:   li    $s1, 0
id_j:   mul   $t0, $s0, 5
        add   $t0, $t0, $s1
        sll   $t0, $t0, 2
        lw    $t1, I5($t0)
        seq   $t2, $s0, $s1     # expected value
        beq   $t1, $t2, id_ok
        li    $s2, 0
id_ok:  addi  $s1, $s1, 1
        blt   $s1, 5, id_j
        addi  $s0, $s0, 1
        blt   $s0, 5, id_i
        li    $v0, 4
        la    $a0, idm
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        lw    $ra, 0($sp)
        addi  $sp, $sp, 4
        jr    $ra

# print_matrix(base, rows, cols): one row a line, values right-aligned
# in 5 columns
print_matrix:
        move  $t0, $a0
        li    $t1, 0
pm_r:   li    $t2, 0
pm_c:   lw    $t3, 0($t0)
        # pad: width of the number (sign included), up to 5
        li    $t4, 1
        move  $t5, $t3
        bgez  $t5, pm_w
        addi  $t4, $t4, 1
        neg   $t5, $t5
pm_w:   blt   $t5, 10, pm_pad
        div   $t5, $t5, 10
        addi  $t4, $t4, 1
        j     pm_w
pm_pad: bge   $t4, 5, pm_num
        li    $v0, 11
        li    $a0, ' '
        syscall
        addi  $t4, $t4, 1
        j     pm_pad
pm_num: li    $v0, 1
        move  $a0, $t3
        syscall
        addiu $t0, $t0, 4
        addi  $t2, $t2, 1
        blt   $t2, $a2, pm_c
        li    $v0, 11
        li    $a0, 10
        syscall
        addi  $t1, $t1, 1
        blt   $t1, $a1, pm_r
        jr    $ra
