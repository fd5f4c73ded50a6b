# stackgrow.s -- deep recursion: the stack grows by 1.5 MiB on demand.
#
# What it shows
#   * Demand-zero paging of the stack.  The OS maps no stack page until the
#     program touches it.  sum(n) below recurses 50,000 calls deep with a
#     32-byte frame each, so the stack grows down by about 1.5 MiB: some
#     390 pages, each mapped at its first touch by a page fault that hands
#     out a zeroed frame.  (`tlbvisor run --stats stackgrow.s` counts them.)
#   * Zero-filled means zero-filled: each frame has words the program never
#     writes, and it checks that all of them read as 0.
#   * The way back up is all TLB hits and misses on pages that are already
#     mapped: no more page faults.
#
# Output: sum(50000) = 1 + 2 + ... + 50000, how far the stack grew, and
# whether every unwritten stack word read as zero.
#
# Runs unchanged under SPIM, which needs a larger stack limit:
#     spim -lstack 4000000 -quiet -file stackgrow.s
# and under tlbvisor (8 MiB of stack):   tlbvisor run stackgrow.s

        .data
lowest: .word   0                   # the lowest $sp seen
junk:   .word   0                   # OR of every unwritten stack word
s_sum:  .asciiz "sum(50000) = "
s_grew: .asciiz "the stack grew by "
s_bytes: .asciiz " bytes\n"
s_zero: .asciiz "unwritten stack words read as zero: "
s_yes:  .asciiz "yes\n"
s_no:   .asciiz "no\n"

        .text
        .globl main
main:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)
        sw      $s0, 0($sp)
        move    $s0, $sp            # where the recursion starts
        sw      $sp, lowest

        li      $a0, 50000
        jal     sum
        move    $t0, $v0

        li      $v0, 4
        la      $a0, s_sum
        syscall
        li      $v0, 1
        move    $a0, $t0
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        li      $v0, 4
        la      $a0, s_grew
        syscall
        lw      $t0, lowest         # $s0 - lowest
        subu    $a0, $s0, $t0
        li      $v0, 1
        syscall
        li      $v0, 4
        la      $a0, s_bytes
        syscall

        li      $v0, 4
        la      $a0, s_zero
        syscall
        lw      $t0, junk
        la      $a0, s_yes
        beqz    $t0, zero_ok
        la      $a0, s_no
zero_ok:
        li      $v0, 4
        syscall

        lw      $s0, 0($sp)
        lw      $ra, 4($sp)
        addiu   $sp, $sp, 8
        jr      $ra

# sum(n) = n + sum(n - 1), sum(0) = 0.  A 32-byte frame: $ra at 28, n at 24;
# the six words at 0 .. 20 are never written, and must read as 0.
sum:
        addiu   $sp, $sp, -32
        sw      $ra, 28($sp)
        sw      $a0, 24($sp)
        lw      $t0, lowest         # lowest = min(lowest, $sp)
        sltu    $t1, $sp, $t0
        beqz    $t1, sum_look
        sw      $sp, lowest
sum_look:
        lw      $t0, junk           # junk |= the unwritten words of the frame
        lw      $t1, 0($sp)
        or      $t0, $t0, $t1
        lw      $t1, 12($sp)
        or      $t0, $t0, $t1
        lw      $t1, 20($sp)
        or      $t0, $t0, $t1
        sw      $t0, junk

        li      $v0, 0
        beqz    $a0, sum_ret        # sum(0) = 0
        addiu   $a0, $a0, -1
        jal     sum                 # sum(n - 1)
        lw      $a0, 24($sp)
        addu    $v0, $v0, $a0       # + n
sum_ret:
        lw      $ra, 28($sp)
        addiu   $sp, $sp, 32
        jr      $ra
