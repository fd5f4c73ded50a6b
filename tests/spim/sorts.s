# sorts.s -- bubble sort (with early exit), insertion sort and selection
# sort of copies of one .word array, each printing its result and how many
# swaps / shifts it made; then a descending bubble sort with unsigned
# comparisons (bgtu), where -1 is the largest value.
        .data
orig:   .word 34, -5, 0, 89, 12, 12, -40, 7, 1000000, -3, 56, 2, 0, 71, -99, 8
n:      .word 16
work:   .space 64
bubm:   .asciiz "bubble:    "
insm:   .asciiz "insertion: "
selm:   .asciiz "selection: "
unsm:   .asciiz "unsigned descending: "
cntm:   .asciiz "   moves="
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)

        jal   copy
        jal   bubble
        la    $a0, bubm
        jal   show

        jal   copy
        jal   insertion
        la    $a0, insm
        jal   show

        jal   copy
        jal   selection
        la    $a0, selm
        jal   show

        jal   copy
        jal   ububble
        la    $a0, unsm
        jal   show

        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# copy orig to work
copy:   la    $t0, orig
        la    $t1, work
        lw    $t2, n
cp_lp:  lw    $t3, 0($t0)
        sw    $t3, 0($t1)
        addiu $t0, $t0, 4
        addiu $t1, $t1, 4
        addiu $t2, $t2, -1
        bgtz  $t2, cp_lp
        jr    $ra

# show(label): print label, the work array and the move count in $v1
show:   move  $t9, $v1
        li    $v0, 4
        syscall
        la    $t0, work
        lw    $t1, n
sh_lp:  lw    $a0, 0($t0)
        li    $v0, 1
        syscall
        li    $a0, ' '
        li    $v0, 11
        syscall
        addiu $t0, $t0, 4
        addiu $t1, $t1, -1
        bnez  $t1, sh_lp
        la    $a0, cntm
        li    $v0, 4
        syscall
        move  $a0, $t9
        li    $v0, 1
        syscall
        li    $a0, 10
        li    $v0, 11
        syscall
        jr    $ra

# bubble sort, ascending; stops after a pass without swaps
bubble: li    $v1, 0
        lw    $t8, n
        addi  $t8, $t8, -1      # last index to compare against
bb_pass:
        li    $t7, 0            # swapped?
        la    $t0, work
        li    $t1, 0
bb_lp:  bge   $t1, $t8, bb_end
        lw    $t2, 0($t0)
        lw    $t3, 4($t0)
        ble   $t2, $t3, bb_ok
        sw    $t3, 0($t0)
        sw    $t2, 4($t0)
        li    $t7, 1
        addi  $v1, $v1, 1
bb_ok:  addiu $t0, $t0, 4
        addi  $t1, $t1, 1
        j     bb_lp
bb_end: addi  $t8, $t8, -1
        bnez  $t7, bb_pass
        jr    $ra

# insertion sort, ascending
insertion:
        li    $v1, 0
        la    $a0, work
        lw    $a1, n
        li    $t0, 1            # i
in_i:   bge   $t0, $a1, in_end
        sll   $t1, $t0, 2
        addu  $t1, $t1, $a0
        lw    $t2, 0($t1)       # key
        addi  $t3, $t0, -1      # j
in_j:   bltz  $t3, in_put
        sll   $t4, $t3, 2
        addu  $t4, $t4, $a0
        lw    $t5, 0($t4)
        ble   $t5, $t2, in_put
        sw    $t5, 4($t4)
        addi  $v1, $v1, 1
        addi  $t3, $t3, -1
        j     in_j
in_put: addi  $t3, $t3, 1
        sll   $t4, $t3, 2
        addu  $t4, $t4, $a0
        sw    $t2, 0($t4)
        addi  $t0, $t0, 1
        j     in_i
in_end: jr    $ra

# selection sort, ascending; counts real swaps
selection:
        li    $v1, 0
        la    $a0, work
        lw    $a1, n
        li    $t0, 0            # i
se_i:   addi  $t9, $a1, -1
        bge   $t0, $t9, se_end
        move  $t1, $t0          # index of min
        addi  $t2, $t0, 1       # j
se_j:   bge   $t2, $a1, se_sw
        sll   $t3, $t2, 2
        addu  $t3, $t3, $a0
        lw    $t4, 0($t3)
        sll   $t5, $t1, 2
        addu  $t5, $t5, $a0
        lw    $t6, 0($t5)
        bge   $t4, $t6, se_nx
        move  $t1, $t2
se_nx:  addi  $t2, $t2, 1
        j     se_j
se_sw:  beq   $t1, $t0, se_no
        sll   $t3, $t0, 2
        addu  $t3, $t3, $a0
        sll   $t5, $t1, 2
        addu  $t5, $t5, $a0
        lw    $t4, 0($t3)
        lw    $t6, 0($t5)
        sw    $t6, 0($t3)
        sw    $t4, 0($t5)
        addi  $v1, $v1, 1
se_no:  addi  $t0, $t0, 1
        j     se_i
se_end: jr    $ra

# bubble sort, descending as unsigned numbers
ububble:
        li    $v1, 0
        lw    $t8, n
ub_pass:
        addi  $t8, $t8, -1
        blez  $t8, ub_end
        la    $t0, work
        li    $t1, 0
ub_lp:  lw    $t2, 0($t0)
        lw    $t3, 4($t0)
        bgeu  $t2, $t3, ub_ok
        sw    $t3, 0($t0)
        sw    $t2, 4($t0)
        addi  $v1, $v1, 1
ub_ok:  addiu $t0, $t0, 4
        addi  $t1, $t1, 1
        bltu  $t1, $t8, ub_lp
        j     ub_pass
ub_end: jr    $ra
