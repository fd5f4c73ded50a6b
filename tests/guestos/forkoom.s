# forkoom.s -- fork runs out of memory, not out of processes.
#
# The parent takes 3 MiB of heap and touches all of it, then forks
# children that stay alive for a while (2000 yields; each is a full copy,
# 3 MiB and more) until fork returns -1 or 12 children.  The machine has
# 16 MiB (the default --mem): 12 copies cannot fit, so fork must fail --
# and fail by returning -1 to the parent, which must not be killed.
# A fork that fails half-way must give back what it took: the parent
# waits for every child and does the whole round again, which must make
# as many children as the first.  Then it checks its own heap.
        .data
s_fail: .asciiz "fork returned -1 before 12 children: "
s_all:  .asciiz "every child was waited for, with status 5: "
s_again: .asciiz "the second round made as many children as the first: "
s_heap: .asciiz "the parent's heap is intact: "
s_yes:  .asciiz "yes\n"
s_no:   .asciiz "no\n"

        .text
        .globl main
main:
        li      $v0, 9              # 3 MiB of heap, word k = k
        li      $a0, 3145728
        syscall
        move    $s5, $v0
        li      $t0, 0
fill:
        sll     $t1, $t0, 2
        addu    $t1, $s5, $t1
        sw      $t0, 0($t1)
        addiu   $t0, $t0, 1
        blt     $t0, 786432, fill

        jal     round
        move    $s7, $v0
        jal     round
        move    $t8, $v0            # children made in round 2
        li      $v0, 4
        la      $a0, s_again
        syscall
        la      $a0, s_yes
        beq     $t8, $s7, again_ok
        la      $a0, s_no
again_ok:
        li      $v0, 4
        syscall

        li      $t0, 0              # the heap: still word k = k?
        la      $a0, s_yes
check:
        sll     $t1, $t0, 2
        addu    $t1, $s5, $t1
        lw      $t2, 0($t1)
        beq     $t2, $t0, check_next
        la      $a0, s_no
check_next:
        addiu   $t0, $t0, 1
        blt     $t0, 786432, check
        move    $t3, $a0
        li      $v0, 4
        la      $a0, s_heap
        syscall
        li      $v0, 4
        move    $a0, $t3
        syscall
        li      $v0, 10
        syscall

# round: returns in $v0 the number of children made (prints two lines).
round:
        move    $s6, $ra
        li      $s0, 0
forks:
        li      $v0, 22
        syscall
        bltz    $v0, forks_done
        beqz    $v0, child
        addiu   $s0, $s0, 1
        blt     $s0, 12, forks
forks_done:
        li      $v0, 4
        la      $a0, s_fail
        syscall
        la      $a0, s_yes
        blt     $s0, 12, fail_ok
        la      $a0, s_no
fail_ok:
        li      $v0, 4
        syscall
        li      $s1, 0
        li      $s2, 1
waits:
        li      $v0, 23
        syscall
        bltz    $v0, waits_done
        addiu   $s1, $s1, 1
        beq     $v1, 5, waits
        li      $s2, 0
        b       waits
waits_done:
        li      $v0, 4
        la      $a0, s_all
        syscall
        la      $a0, s_no
        bne     $s1, $s0, all_print
        beqz    $s2, all_print
        la      $a0, s_yes
all_print:
        li      $v0, 4
        syscall
        move    $v0, $s0
        jr      $s6

child:
        li      $t0, 2000
child_yield:
        li      $v0, 21
        syscall
        addiu   $t0, $t0, -1
        bnez    $t0, child_yield
        li      $v0, 17
        li      $a0, 5
        syscall
