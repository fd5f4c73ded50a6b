# churn.s -- page-table churn for the experiments: 40 times, fork a child
# that grows its heap by 32 pages and touches each one (a demand-zero
# fault: a new page-table entry) before it exits; the parent waits for it.
# Page tables are built, changed and torn down all the time, and the
# page-table root changes at every switch between parent and child: the
# work shadow paging pays for in VM exits and nested paging does not.
        .data
done:   .asciiz "churn: 40 children, 32 pages each\n"
        .text
main:   li      $s0, 40
loop:   li      $v0, 22                 # fork
        syscall
        beqz    $v0, child
        li      $v0, 23                 # wait
        syscall
        addiu   $s0, $s0, -1
        bnez    $s0, loop
        la      $a0, done
        li      $v0, 4                  # print_string
        syscall
        li      $v0, 10                 # exit
        syscall

child:  li      $a0, 131072             # 32 pages
        li      $v0, 9                  # sbrk
        syscall
        move    $t0, $v0
        li      $t1, 32
1:      sw      $t1, 0($t0)             # the first touch of a page
        addiu   $t0, $t0, 4096
        addiu   $t1, $t1, -1
        bnez    $t1, 1b
        li      $v0, 10
        syscall
