# forktree.s -- a binary tree of 15 processes made by fork, joined by wait.
#
# What it shows
#   * fork (syscall 22) copies the whole process: registers, data, heap and
#     stack.  The guest OS builds the child a page table of its own and
#     gives it copies of the parent's pages; the child gets the next pid,
#     which is also its ASID, so parent and child translations of the same
#     virtual page sit in the TLB side by side.
#   * Private memory: every process stores its own pid into the SAME
#     virtual address (the word `owner` in the data segment) before it
#     forks.  Its children and grandchildren overwrite `owner` in their
#     copies; when the parent reads it back after they have ended, it must
#     still find its own pid ("my data intact").
#   * exit2 (syscall 17) and wait (syscall 23): each process ends with a
#     status (the number of processes in its subtree); its parent's wait
#     returns the child's pid in $v0 and that status in $v1, and adds it up.
#   * Lots of page tables: 15 address spaces are built and torn down.
#
# The tree has depth 3: the root (depth 0) forks two children, each of
# those two, and so on; the 8 processes at depth 3 are leaves, which
# compute a Fibonacci number and exit with status 1.
#
# Deterministic order: a parent forks one child and waits for it before it
# forks the next, so at any time only one process can run (the others are
# waiting).  So the pids follow the order of creation, depth first:
#
#            1
#       2          9
#     3    6    10    13
#    4 5  7 8  11 12 14 15
#
# and the output below is forced by fork and wait alone, whatever the
# scheduler does.  A parent prints its line after its children have ended.
#
# tlbvisor only (SPIM has no fork):   tlbvisor run forktree.s

        .data
owner:  .word   0                   # the pid of whoever owns this copy
s_pid:  .asciiz "pid "
s_dep:  .asciiz " (depth "
s_start: .asciiz ") started\n"
s_leaf: .asciiz "): leaf, fib("
s_eq:   .asciiz ") = "
s_st1:  .asciiz ", exiting with status 1\n"
s_kids: .asciiz "): children "
s_and:  .asciiz " and "
s_with: .asciiz " exited with "
s_ok:   .asciiz ", my data intact"
s_bad:  .asciiz ", my data CHANGED"
s_exit: .asciiz ", exiting with status "
s_total: .asciiz "total: "
s_procs: .asciiz " processes\n"
s_ffail: .asciiz "): fork failed\n"
s_wbad: .asciiz "): wait returned the wrong pid\n"

        .text
        .globl main
# Registers, the same in every process (fork copies them):
#   $s0 my pid        $s1 my depth      $s2 processes in my subtree
#   $s3 left pid      $s4 left status   $s5 right pid    $s6 right status
main:
        li      $s1, 0              # the root is at depth 0

node:                               # every process starts here (children
                                    # jump here right after fork)
        li      $v0, 20             # getpid
        syscall
        move    $s0, $v0
        sw      $s0, owner          # this copy of `owner` is mine

        jal     print_me            # "pid P (depth D) started"
        li      $v0, 4
        la      $a0, s_start
        syscall

        blt     $s1, 3, inner

        # A leaf: fib(pid) by iteration, print it, exit with status 1.
        li      $t0, 0              # fib(0)
        li      $t1, 1              # fib(1)
        move    $t2, $s0
fib:
        addu    $t3, $t0, $t1
        move    $t0, $t1
        move    $t1, $t3
        addiu   $t2, $t2, -1
        bnez    $t2, fib            # $t0 = fib(pid)
        move    $s2, $t0
        jal     print_me            # "pid P (depth 3): leaf, fib(P) = F, ..."
        li      $v0, 4
        la      $a0, s_leaf
        syscall
        li      $v0, 1
        move    $a0, $s0
        syscall
        li      $v0, 4
        la      $a0, s_eq
        syscall
        li      $v0, 1
        move    $a0, $s2
        syscall
        li      $v0, 4
        la      $a0, s_st1
        syscall
        li      $v0, 17             # exit2(1)
        li      $a0, 1
        syscall

inner:
        li      $s2, 1              # my subtree: me, plus my children's

        li      $v0, 22             # fork the left child
        syscall
        bltz    $v0, fork_failed
        bnez    $v0, left_parent
        addiu   $s1, $s1, 1         # the child: one level deeper, start over
        b       node
left_parent:
        move    $s3, $v0            # the parent: wait for it (nothing else)
        li      $v0, 23
        syscall
        bne     $v0, $s3, wait_bad
        move    $s4, $v1
        addu    $s2, $s2, $v1

        li      $v0, 22             # fork the right child
        syscall
        bltz    $v0, fork_failed
        bnez    $v0, right_parent
        addiu   $s1, $s1, 1
        b       node
right_parent:
        move    $s5, $v0
        li      $v0, 23
        syscall
        bne     $v0, $s5, wait_bad
        move    $s6, $v1
        addu    $s2, $s2, $v1

        # "pid P (depth D): children L and R exited with A and B, my data
        #  intact, exiting with status N"
        jal     print_me
        li      $v0, 4
        la      $a0, s_kids
        syscall
        li      $v0, 1
        move    $a0, $s3
        syscall
        li      $v0, 4
        la      $a0, s_and
        syscall
        li      $v0, 1
        move    $a0, $s5
        syscall
        li      $v0, 4
        la      $a0, s_with
        syscall
        li      $v0, 1
        move    $a0, $s4
        syscall
        li      $v0, 4
        la      $a0, s_and
        syscall
        li      $v0, 1
        move    $a0, $s6
        syscall
        lw      $t0, owner          # did anyone else's write reach my copy?
        la      $a0, s_ok
        beq     $t0, $s0, owner_ok
        la      $a0, s_bad
owner_ok:
        li      $v0, 4
        syscall
        beqz    $s1, root_end

        li      $v0, 4              # not the root: exit with the subtree size
        la      $a0, s_exit
        syscall
        li      $v0, 1
        move    $a0, $s2
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall
        li      $v0, 17             # exit2(subtree size)
        move    $a0, $s2
        syscall

root_end:                           # the root prints the total, exits with 0
        li      $v0, 11
        li      $a0, 10
        syscall
        li      $v0, 4
        la      $a0, s_total
        syscall
        li      $v0, 1
        move    $a0, $s2
        syscall
        li      $v0, 4
        la      $a0, s_procs
        syscall
        li      $v0, 10             # exit
        syscall

fork_failed:                        # out of processes or memory
        jal     print_me
        li      $v0, 4
        la      $a0, s_ffail
        syscall
        li      $v0, 17
        li      $a0, 99
        syscall

wait_bad:
        jal     print_me
        li      $v0, 4
        la      $a0, s_wbad
        syscall
        li      $v0, 17
        li      $a0, 98
        syscall

# print_me: "pid P (depth D" for P = $s0, D = $s1.
print_me:
        li      $v0, 4
        la      $a0, s_pid
        syscall
        li      $v0, 1
        move    $a0, $s0
        syscall
        li      $v0, 4
        la      $a0, s_dep
        syscall
        li      $v0, 1
        move    $a0, $s1
        syscall
        jr      $ra
