# arrays.s -- one-dimensional arrays of .word: sum, max and min (with their
# indices), average and remainder (div/rem pseudo-instructions on a
# negative sum), count of negatives, reverse into a second array, and a
# running prefix sum, by index (sll + add) and by pointer.
        .data
arr:    .word 12, -7, 45, 0, 3, -128, 99, 45, 7, -1, 64, 23
len:    .word 12
arr2:   .word 0:12              # SPIM's value:count
summ:   .asciiz "sum = "
maxm:   .asciiz "max = "
minm:   .asciiz "min = "
atm:    .asciiz " at index "
avgm:   .asciiz "average = "
remm:   .asciiz " remainder "
negm:   .asciiz "negatives = "
revm:   .asciiz "reversed:"
prem:   .asciiz "prefix sums:"
neg2:   .asciiz "sum of the negatives / 5 = "
nl:     .asciiz "\n"
        .text
main:
        # sum, by index
        la    $s0, arr
        lw    $s1, len
        li    $t0, 0            # i
        li    $s2, 0            # sum
sum_lp: sll   $t1, $t0, 2
        add   $t1, $s0, $t1
        lw    $t2, 0($t1)
        add   $s2, $s2, $t2
        addi  $t0, $t0, 1
        blt   $t0, $s1, sum_lp
        la    $a0, summ
        move  $a1, $s2
        jal   print_line

        # max and min with indices, by pointer
        lw    $t2, 0($s0)       # max
        lw    $t3, 0($s0)       # min
        li    $t4, 0            # index of max
        li    $t5, 0            # index of min
        li    $t0, 1
        addiu $t1, $s0, 4
mm_lp:  lw    $t6, 0($t1)
        ble   $t6, $t2, mm_nomax    # first maximum wins
        move  $t2, $t6
        move  $t4, $t0
mm_nomax:
        bge   $t6, $t3, mm_nomin
        move  $t3, $t6
        move  $t5, $t0
mm_nomin:
        addiu $t0, $t0, 1
        addiu $t1, $t1, 4
        bne   $t0, $s1, mm_lp
        move  $s3, $t3
        move  $s4, $t5
        li    $v0, 4
        la    $a0, maxm
        syscall
        li    $v0, 1
        move  $a0, $t2
        syscall
        la    $a0, atm
        move  $a1, $t4
        jal   print_line
        li    $v0, 4
        la    $a0, minm
        syscall
        li    $v0, 1
        move  $a0, $s3
        syscall
        la    $a0, atm
        move  $a1, $s4
        jal   print_line

        # average: sum / len and sum % len
        div   $t0, $s2, $s1
        rem   $t1, $s2, $s1
        li    $v0, 4
        la    $a0, avgm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        la    $a0, remm
        move  $a1, $t1
        jal   print_line

        # negatives: count and their sum divided by 5 (truncates toward 0)
        li    $t0, 0
        li    $t3, 0            # count
        li    $t4, 0            # sum of negatives
neg_lp: sll   $t1, $t0, 2
        addu  $t1, $t1, $s0
        lw    $t2, 0($t1)
        bgez  $t2, neg_nx
        addi  $t3, $t3, 1
        add   $t4, $t4, $t2
neg_nx: addi  $t0, $t0, 1
        blt   $t0, $s1, neg_lp
        move  $s5, $t4
        la    $a0, negm
        move  $a1, $t3
        jal   print_line
        li    $t0, 5
        div   $s5, $t0          # two operands: the machine instruction (HI/LO)
        mflo  $a1
        mfhi  $s6
        la    $a0, neg2
        jal   print_int_only
        la    $a0, remm
        move  $a1, $s6
        jal   print_line

        # reverse into arr2, then print it
        li    $t0, 0
        la    $t1, arr2
        sll   $t2, $s1, 2
        addu  $t2, $t2, $s0     # one past the end of arr
rv_lp:  addiu $t2, $t2, -4
        lw    $t3, 0($t2)
        sw    $t3, 0($t1)
        addiu $t1, $t1, 4
        addiu $t0, $t0, 1
        blt   $t0, $s1, rv_lp
        la    $a0, revm
        la    $a1, arr2
        move  $a2, $s1
        jal   print_array

        # prefix sums in place in arr2 (of the reversed array)
        la    $t1, arr2
        li    $t0, 1
ps_lp:  lw    $t2, 0($t1)
        lw    $t3, 4($t1)
        add   $t3, $t3, $t2
        sw    $t3, 4($t1)
        addiu $t1, $t1, 4
        addiu $t0, $t0, 1
        blt   $t0, $s1, ps_lp
        la    $a0, prem
        la    $a1, arr2
        move  $a2, $s1
        jal   print_array

        li    $v0, 10
        syscall

# print_line(label $a0, value $a1): "label value\n"
print_line:
        li    $v0, 4
        syscall
        li    $v0, 1
        move  $a0, $a1
        syscall
        li    $v0, 4
        la    $a0, nl
        syscall
        jr    $ra

# print_int_only(label $a0, value $a1): "label value"
print_int_only:
        li    $v0, 4
        syscall
        li    $v0, 1
        move  $a0, $a1
        syscall
        jr    $ra

# print_array(label $a0, array $a1, n $a2): "label v0 v1 ...\n"
print_array:
        li    $v0, 4
        syscall
        move  $t0, $a1
        li    $t1, 0
pa_lp:  li    $v0, 11
        li    $a0, ' '
        syscall
        lw    $a0, 0($t0)
        li    $v0, 1
        syscall
        addiu $t0, $t0, 4
        addiu $t1, $t1, 1
        blt   $t1, $a2, pa_lp
        li    $v0, 4
        la    $a0, nl
        syscall
        jr    $ra
