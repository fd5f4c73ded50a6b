# spin.s -- a process that computes for a long time without a system call.
#
# Run before worker.s (tlbvisor run spin.s worker.s): spin is pid 1 and
# runs first, but it never gives up the CPU by itself.  Only the timer's
# preemption lets worker.s run; worker needs about 2 million instructions,
# spin about 30 million, so under any round robin the worker's lines come
# first and spin's line last (preempt.out).
        .data
s_done: .asciiz "spin: done\n"
        .text
        .globl main
main:
        li      $t0, 10000000
loop:
        addiu   $t0, $t0, -1
        bnez    $t0, loop
        li      $v0, 4
        la      $a0, s_done
        syscall
        jr      $ra
