# forklimit.s -- fork until the OS says no, twice.
#
# The parent forks children that stay alive (each yields 2000 times, then
# exits with status 3) until fork returns -1 ("out of processes or memory",
# docs/programs.md), or 300 children, which an 8-bit ASID cannot give.  It
# then waits until wait returns -1 (no children left), checking that it
# waited for as many children as it made and that each status was 3.
# It does all this twice: the second round must make exactly as many
# children as the first (the first round's processes were all freed).
        .data
s_fail: .asciiz "fork returned -1 before 300 children: "
s_all:  .asciiz "every child was waited for, with status 3: "
s_again: .asciiz "the second round made as many children as the first: "
s_yes:  .asciiz "yes\n"
s_no:   .asciiz "no\n"

        .text
        .globl main
main:
        jal     round
        move    $s7, $v0            # children made in round 1
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
        li      $v0, 10
        syscall

# round: returns in $v0 the number of children made (prints two lines).
round:
        move    $s6, $ra
        li      $s0, 0              # children made
forks:
        li      $v0, 22
        syscall
        bltz    $v0, forks_done
        beqz    $v0, child
        addiu   $s0, $s0, 1
        blt     $s0, 300, forks
forks_done:
        li      $v0, 4
        la      $a0, s_fail
        syscall
        la      $a0, s_yes
        blt     $s0, 300, fail_ok
        la      $a0, s_no
fail_ok:
        li      $v0, 4
        syscall

        li      $s1, 0              # waited for
        li      $s2, 1              # all statuses 3
waits:
        li      $v0, 23
        syscall
        bltz    $v0, waits_done
        addiu   $s1, $s1, 1
        beq     $v1, 3, waits
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
        li      $a0, 3
        syscall
