# matmul.s -- C = A x B for 64 x 64 integer matrices.
#
# What it shows
#   * A working set of several pages: each matrix is 64 x 64 words =
#     16 KiB = 4 pages, so A, B and C take 12 pages of the data segment.
#     (They are zero-filled .space, part of the program's data: the OS
#     loads and maps them when the process starts, unlike the heap and
#     stack pages of primes.s and stackgrow.s, mapped at first touch.)
#   * Row-wise and column-wise access.  The inner loop walks a row of A
#     (4 bytes a step, one page) and a column of B (256 bytes a step, all 4
#     of B's pages), so its loads cross pages all the time.  12 pages fit
#     easily in the 64-entry TLB: after the first pass nearly every
#     translation is a hit.  Compare the TLB misses of this program with
#     those of ptrchase.s in `tlbvisor run --stats`.
#
#   A[i][j] = (i*j + 1) mod 7 - 3,   B[i][j] = (i + 2j + 1) mod 5 - 2
#
# Output: the top-left 4 x 4 corner of C, its trace, and a checksum of
# all of C: h = 31h + C[i][j] over the elements row by row, from h = 0,
# modulo 2^32, printed as a signed integer.
#
# Runs unchanged under SPIM:   spim -quiet -file matmul.s
# and under tlbvisor:          tlbvisor run matmul.s

        .data
A:      .space  16384
B:      .space  16384
C:      .space  16384
s_corner: .asciiz "C[0..3][0..3]:\n"
s_trace:  .asciiz "trace: "
s_sum:    .asciiz "checksum: "

        .text
        .globl main
main:
        addiu   $sp, $sp, -4
        sw      $ra, 0($sp)

        # Fill A and B; element (i, j) is at byte offset (64i + j) * 4.
        la      $t8, A
        la      $t9, B
        li      $t0, 0              # i
fill_i:
        li      $t1, 0              # j
fill_j:
        mul     $t2, $t0, $t1       # A[i][j] = (i*j + 1) mod 7 - 3
        addiu   $t2, $t2, 1
        rem     $t2, $t2, 7
        addiu   $t2, $t2, -3
        sll     $t3, $t0, 6         # offset = (64i + j) * 4
        addu    $t3, $t3, $t1
        sll     $t3, $t3, 2
        addu    $t4, $t8, $t3
        sw      $t2, 0($t4)
        sll     $t2, $t1, 1         # B[i][j] = (i + 2j + 1) mod 5 - 2
        addu    $t2, $t2, $t0
        addiu   $t2, $t2, 1
        rem     $t2, $t2, 5
        addiu   $t2, $t2, -2
        addu    $t4, $t9, $t3
        sw      $t2, 0($t4)
        addiu   $t1, $t1, 1
        blt     $t1, 64, fill_j
        addiu   $t0, $t0, 1
        blt     $t0, 64, fill_i

        # C[i][j] = sum over k of A[i][k] * B[k][j]
        la      $t7, C
        li      $t0, 0              # i
mm_i:
        li      $t1, 0              # j
mm_j:
        sll     $t4, $t0, 8         # $t4 = &A[i][0]
        addu    $t4, $t8, $t4
        sll     $t5, $t1, 2         # $t5 = &B[0][j]
        addu    $t5, $t9, $t5
        li      $t6, 0              # sum
        li      $t2, 0              # k
mm_k:
        lw      $t3, 0($t4)         # A[i][k]
        lw      $a0, 0($t5)         # B[k][j]
        mul     $t3, $t3, $a0
        addu    $t6, $t6, $t3
        addiu   $t4, $t4, 4         # next column of A: the next word
        addiu   $t5, $t5, 256       # next row of B: 256 bytes further
        addiu   $t2, $t2, 1
        blt     $t2, 64, mm_k
        sll     $t3, $t0, 6         # C[i][j] = sum
        addu    $t3, $t3, $t1
        sll     $t3, $t3, 2
        addu    $t3, $t7, $t3
        sw      $t6, 0($t3)
        addiu   $t1, $t1, 1
        blt     $t1, 64, mm_j
        addiu   $t0, $t0, 1
        blt     $t0, 64, mm_i

        li      $v0, 4              # the 4 x 4 corner
        la      $a0, s_corner
        syscall
        li      $t0, 0              # i
corner_i:
        li      $t1, 0              # j
corner_j:
        sll     $t3, $t0, 6
        addu    $t3, $t3, $t1
        sll     $t3, $t3, 2
        addu    $t3, $t7, $t3
        li      $v0, 1
        lw      $a0, 0($t3)
        syscall
        addiu   $t1, $t1, 1
        li      $a0, ' '
        blt     $t1, 4, corner_sep
        li      $a0, 10
corner_sep:
        li      $v0, 11
        syscall
        blt     $t1, 4, corner_j
        addiu   $t0, $t0, 1
        blt     $t0, 4, corner_i

        li      $t0, 0              # trace = sum of C[i][i]
        li      $t6, 0
trace:
        li      $t3, 65             # offset of C[i][i] = 65i * 4
        mul     $t3, $t3, $t0
        sll     $t3, $t3, 2
        addu    $t3, $t7, $t3
        lw      $t3, 0($t3)
        addu    $t6, $t6, $t3
        addiu   $t0, $t0, 1
        blt     $t0, 64, trace
        li      $v0, 4
        la      $a0, s_trace
        syscall
        li      $v0, 1
        move    $a0, $t6
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        li      $t0, 0              # checksum: h = 31h + C[i][j], row by row
        li      $t6, 0
        move    $t3, $t7
        li      $t5, 31
sum:
        lw      $t4, 0($t3)
        mul     $t6, $t6, $t5
        addu    $t6, $t6, $t4
        addiu   $t3, $t3, 4
        addiu   $t0, $t0, 1
        blt     $t0, 4096, sum
        li      $v0, 4
        la      $a0, s_sum
        syscall
        li      $v0, 1
        move    $a0, $t6
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        lw      $ra, 0($sp)
        addiu   $sp, $sp, 4
        jr      $ra
