# fib.s -- Fibonacci numbers by naive recursion.
#
# What it shows
#   * The stack.  Every call of fib pushes a 12-byte frame ($ra, n and
#     fib(n-1)) below $sp and pops it on return, so the stack grows and
#     shrinks 20 frames deep.  The stack lives just below 0x80000000.  All
#     20 frames (240 bytes) fit in the stack page the OS set up for argc
#     and argv, so this program takes no page fault; stackgrow.s grows the
#     stack into pages the OS has to map on demand.
#   * A lot of TLB hits: about 60,000 calls touch only a handful of pages
#     (one text page, one data page, one or two stack pages), so after the
#     first few misses every translation hits in the TLB.
#   * The calling convention: argument in $a0, result in $v0, $ra saved by
#     the callee before it calls again.
#
# Output: fib(0) .. fib(20), one a line, then their sum.
#
# Runs unchanged under SPIM:   spim -quiet -file fib.s
# and under tlbvisor:          tlbvisor run fib.s

        .data
s_fib:  .asciiz "fib("
s_eq:   .asciiz ") = "
s_sum:  .asciiz "sum of fib(0..20) = "

        .text
        .globl main
main:
        addiu   $sp, $sp, -16       # main's frame: $s0, $ra, i, sum
        sw      $s0, 12($sp)
        sw      $ra, 8($sp)
        sw      $zero, 4($sp)       # i = 0
        sw      $zero, 0($sp)       # sum = 0
loop:
        lw      $a0, 4($sp)
        jal     fib                 # $v0 = fib(i)
        lw      $t0, 0($sp)         # sum += fib(i)
        addu    $t0, $t0, $v0
        sw      $t0, 0($sp)
        move    $s0, $v0

        li      $v0, 4              # print "fib(i) = value\n"
        la      $a0, s_fib
        syscall
        li      $v0, 1
        lw      $a0, 4($sp)
        syscall
        li      $v0, 4
        la      $a0, s_eq
        syscall
        li      $v0, 1
        move    $a0, $s0
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        lw      $t0, 4($sp)         # i++ while i <= 20
        addiu   $t0, $t0, 1
        sw      $t0, 4($sp)
        ble     $t0, 20, loop

        li      $v0, 4              # print the sum
        la      $a0, s_sum
        syscall
        li      $v0, 1
        lw      $a0, 0($sp)
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        lw      $ra, 8($sp)
        lw      $s0, 12($sp)
        addiu   $sp, $sp, 16
        jr      $ra

# fib(n): n in $a0, returns fib(n) in $v0 (fib(0) = 0, fib(1) = 1).
fib:
        slti    $t0, $a0, 2         # n < 2: fib(n) = n
        beqz    $t0, fib_rec
        move    $v0, $a0
        jr      $ra
fib_rec:
        addiu   $sp, $sp, -12       # frame: $ra, n, fib(n-1)
        sw      $ra, 8($sp)
        sw      $a0, 4($sp)
        addiu   $a0, $a0, -1
        jal     fib                 # fib(n-1)
        sw      $v0, 0($sp)
        lw      $a0, 4($sp)
        addiu   $a0, $a0, -2
        jal     fib                 # fib(n-2)
        lw      $t0, 0($sp)
        addu    $v0, $v0, $t0       # fib(n-1) + fib(n-2)
        lw      $ra, 8($sp)
        addiu   $sp, $sp, 12
        jr      $ra
