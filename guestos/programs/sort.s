# sort.s -- merge sort of 100 pseudo-random integers.
#
# What it shows
#   * Three kinds of memory in one program: the array in the data segment
#     (0x10010000), the merge buffer from the heap (sbrk), and the
#     recursion's frames on the stack.  Each is its own region of the
#     process's address space with its own pages and page-table entries.
#   * The merge copies between the array and the buffer, so the working
#     set spans data and heap pages at once: both translations sit in the
#     TLB together, tagged with the process's ASID.
#   * A deterministic pseudo-random generator (a linear congruential
#     generator, x = x * 1103515245 + 12345, as in the C standard's
#     example rand()): the same numbers on every machine.
#
# Output: the 100 numbers before and after sorting (ten a line), and a
# check that the result is in order.
#
# Runs unchanged under SPIM:   spim -quiet -file sort.s
# and under tlbvisor:          tlbvisor run sort.s

        .data
array:  .space  400                 # 100 words
s_before: .asciiz "before:\n"
s_after:  .asciiz "after:\n"
s_ok:     .asciiz "sorted: yes\n"
s_bad:    .asciiz "sorted: NO\n"

        .text
        .globl main
main:
        addiu   $sp, $sp, -12
        sw      $ra, 8($sp)
        sw      $s0, 4($sp)
        sw      $s1, 0($sp)

        # Fill the array: a[i] = ((x >> 16) mod 2000) - 1000, x from the LCG.
        la      $s0, array
        li      $t0, 0              # i
        li      $t1, 2024           # x, the seed
        li      $t2, 1103515245
fill:
        mul     $t1, $t1, $t2       # x = x * 1103515245 + 12345 (mod 2^32)
        addiu   $t1, $t1, 12345
        srl     $t3, $t1, 16        # (x >> 16) in 0 .. 65535
        remu    $t3, $t3, 2000
        addiu   $t3, $t3, -1000     # -1000 .. 999
        sll     $t4, $t0, 2
        addu    $t4, $s0, $t4
        sw      $t3, 0($t4)
        addiu   $t0, $t0, 1
        blt     $t0, 100, fill

        li      $v0, 4
        la      $a0, s_before
        syscall
        jal     print_array

        li      $v0, 9              # the merge buffer: 400 bytes of heap
        li      $a0, 400
        syscall
        move    $s1, $v0

        move    $a0, $s0            # msort(array, 0, 100, buffer)
        li      $a1, 0
        li      $a2, 100
        move    $a3, $s1
        jal     msort

        li      $v0, 4
        la      $a0, s_after
        syscall
        jal     print_array

        la      $a0, s_ok           # check: a[i-1] <= a[i] for every i
        li      $t0, 1
check:
        sll     $t1, $t0, 2
        addu    $t1, $s0, $t1
        lw      $t2, -4($t1)
        lw      $t3, 0($t1)
        ble     $t2, $t3, check_next
        la      $a0, s_bad
check_next:
        addiu   $t0, $t0, 1
        blt     $t0, 100, check
        li      $v0, 4
        syscall

        lw      $s1, 0($sp)
        lw      $s0, 4($sp)
        lw      $ra, 8($sp)
        addiu   $sp, $sp, 12
        jr      $ra

# print_array: the 100 words of array, ten a line, separated by spaces.
print_array:
        la      $t0, array
        li      $t1, 0              # i
pa_loop:
        li      $v0, 1
        lw      $a0, 0($t0)
        syscall
        addiu   $t1, $t1, 1
        li      $a0, ' '
        rem     $t2, $t1, 10        # after every tenth number a newline
        bnez    $t2, pa_sep
        li      $a0, 10
pa_sep:
        li      $v0, 11
        syscall
        addiu   $t0, $t0, 4
        blt     $t1, 100, pa_loop
        jr      $ra

# msort(a, lo, hi, buf): sort a[lo .. hi-1] in place, using buf[lo .. hi-1].
#   $a0 = a, $a1 = lo, $a2 = hi, $a3 = buf
msort:
        subu    $t0, $a2, $a1       # fewer than two elements: nothing to do
        slti    $t0, $t0, 2
        beqz    $t0, ms_split
        jr      $ra
ms_split:
        addiu   $sp, $sp, -20       # frame: $ra, lo, hi, mid, a (buf is $a3,
        sw      $ra, 16($sp)        # never changed)
        sw      $a1, 12($sp)
        sw      $a2, 8($sp)
        sw      $a0, 0($sp)
        addu    $t0, $a1, $a2       # mid = (lo + hi) / 2
        srl     $t0, $t0, 1
        sw      $t0, 4($sp)

        move    $a2, $t0            # msort(a, lo, mid, buf)
        jal     msort
        lw      $a0, 0($sp)         # msort(a, mid, hi, buf)
        lw      $a1, 4($sp)
        lw      $a2, 8($sp)
        jal     msort

        # Merge a[lo..mid-1] and a[mid..hi-1] into buf[lo..hi-1].
        lw      $a0, 0($sp)
        lw      $t0, 12($sp)        # i = lo
        lw      $t1, 4($sp)         # j = mid
        lw      $t2, 8($sp)         # hi
        lw      $t3, 12($sp)        # k = lo
merge:
        lw      $t9, 4($sp)
        bge     $t0, $t9, take_j    # left half used up: take from the right
        bge     $t1, $t2, take_i    # right half used up: take from the left
        sll     $t4, $t0, 2
        addu    $t4, $a0, $t4
        lw      $t5, 0($t4)         # a[i]
        sll     $t6, $t1, 2
        addu    $t6, $a0, $t6
        lw      $t7, 0($t6)         # a[j]
        ble     $t5, $t7, take_i    # a[i] <= a[j]: left first (a stable sort)
take_j:
        bge     $t1, $t2, merged    # both halves used up
        sll     $t6, $t1, 2
        addu    $t6, $a0, $t6
        lw      $t7, 0($t6)
        addiu   $t1, $t1, 1
        b       put
take_i:
        sll     $t4, $t0, 2
        addu    $t4, $a0, $t4
        lw      $t7, 0($t4)
        addiu   $t0, $t0, 1
put:
        sll     $t8, $t3, 2         # buf[k++] = the element taken
        addu    $t8, $a3, $t8
        sw      $t7, 0($t8)
        addiu   $t3, $t3, 1
        b       merge
merged:
        lw      $t0, 12($sp)        # copy buf[lo..hi-1] back to a[lo..hi-1]
copy:
        sll     $t4, $t0, 2
        addu    $t5, $a3, $t4
        lw      $t6, 0($t5)
        addu    $t5, $a0, $t4
        sw      $t6, 0($t5)
        addiu   $t0, $t0, 1
        blt     $t0, $t2, copy

        lw      $a2, 8($sp)         # restore the arguments, the caller reuses them
        lw      $a1, 12($sp)
        lw      $ra, 16($sp)
        addiu   $sp, $sp, 20
        jr      $ra
