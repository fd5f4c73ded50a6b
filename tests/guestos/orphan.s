# orphan.s -- a parent that ends before its child.
#
# pid 1 forks and exits at once with status 7; the child (pid 2) yields a
# few times so that its parent is surely gone, then finds that wait has
# nothing to wait for (-1), prints one line and exits.  tlbvisor's exit
# status is pid 1's (7), but the run lasts until the child has ended too.
        .data
s_child: .asciiz "child: still running after my parent ended; wait says "
        .text
        .globl main
main:
        li      $v0, 22             # fork
        syscall
        beqz    $v0, child
        li      $v0, 17             # the parent: exit2(7)
        li      $a0, 7
        syscall
child:
        li      $t0, 10
spin:
        li      $v0, 21             # yield
        syscall
        addiu   $t0, $t0, -1
        bnez    $t0, spin
        li      $v0, 23             # wait: no children
        syscall
        move    $t1, $v0
        li      $v0, 4
        la      $a0, s_child
        syscall
        li      $v0, 1
        move    $a0, $t1
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall
        li      $v0, 10
        syscall
