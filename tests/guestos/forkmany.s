# forkmany.s -- 300 children, one after the other: pids (= ASIDs) must be
# reused, since an ASID has 8 bits.  A reused ASID must not find the TLB
# entries (or frames) of the dead process that had it before.
#
# For child i the parent stores 7i + 1 into `value`, then forks.  The
# child checks that it sees 7i + 1, overwrites `value`, asks for a fresh
# heap page (sbrk) that must read as zero, scribbles its pid over it, and
# exits with status 0 if all was well, 1 if not.  The parent waits for it
# (wait must name the child fork named), checks that its own `value` is
# still 7i + 1, and counts what went wrong.  If a child with a recycled
# ASID hit a stale TLB entry, it would see an old child's value or page.
        .data
value:  .word   0
seen:   .space  1024                # seen[pid] = 1 once a child had that pid
s_done: .asciiz "300 children forked and waited for\n"
s_bad:  .asciiz "children that saw wrong data: "
s_wait: .asciiz "wait mismatches: "
s_mine: .asciiz "parent's data changed: "
s_reuse: .asciiz "some pid was given to two children: "
s_yes:  .asciiz "yes\n"
s_no:   .asciiz "no\n"
s_fail: .asciiz "fork failed\n"

        .text
        .globl main
main:
        li      $s0, 0              # i
        li      $s1, 0              # children that saw wrong data
        li      $s2, 0              # wait mismatches
        li      $s3, 0              # times the parent's value changed
        li      $s4, 0              # 1 once a pid comes back
loop:
        li      $t0, 7              # value = 7i + 1
        mul     $s5, $s0, $t0
        addiu   $s5, $s5, 1
        sw      $s5, value
        li      $v0, 22             # fork
        syscall
        bltz    $v0, fork_failed
        beqz    $v0, child
        move    $s6, $v0            # the parent: note the pid
        la      $t0, seen
        addu    $t0, $t0, $v0
        lbu     $t1, 0($t0)
        or      $s4, $s4, $t1
        li      $t1, 1
        sb      $t1, 0($t0)
        li      $v0, 23             # wait
        syscall
        beq     $v0, $s6, same_pid
        addiu   $s2, $s2, 1
same_pid:
        addu    $s1, $s1, $v1       # status 1 = the child saw wrong data
        lw      $t0, value
        beq     $t0, $s5, mine_ok
        addiu   $s3, $s3, 1
mine_ok:
        addiu   $s0, $s0, 1
        blt     $s0, 300, loop

        li      $v0, 4
        la      $a0, s_done
        syscall
        li      $v0, 4
        la      $a0, s_bad
        syscall
        li      $v0, 1
        move    $a0, $s1
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall
        li      $v0, 4
        la      $a0, s_wait
        syscall
        li      $v0, 1
        move    $a0, $s2
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall
        li      $v0, 4
        la      $a0, s_mine
        syscall
        li      $v0, 1
        move    $a0, $s3
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall
        li      $v0, 4
        la      $a0, s_reuse
        syscall
        la      $a0, s_yes
        bnez    $s4, reuse_print
        la      $a0, s_no
reuse_print:
        li      $v0, 4
        syscall
        li      $v0, 10
        syscall

fork_failed:
        li      $v0, 4
        la      $a0, s_fail
        syscall
        li      $v0, 17
        li      $a0, 1
        syscall

child:
        li      $t9, 0              # status
        lw      $t0, value          # the parent's value, copied by fork
        beq     $t0, $s5, c_value_ok
        li      $t9, 1
c_value_ok:
        li      $t0, 0xdead         # overwrite this copy
        sw      $t0, value
        li      $v0, 9              # a fresh heap page: must be zero
        li      $a0, 4096
        syscall
        move    $t1, $v0
        li      $v0, 20             # getpid
        syscall
        move    $t5, $v0
        li      $t2, 0              # OR of its 1024 words
        li      $t3, 1024
c_scan:
        lw      $t4, 0($t1)
        or      $t2, $t2, $t4
        sw      $t5, 0($t1)         # scribble the pid over it
        addiu   $t1, $t1, 4
        addiu   $t3, $t3, -1
        bnez    $t3, c_scan
        beqz    $t2, c_heap_ok
        li      $t9, 1
c_heap_ok:
        li      $v0, 17
        move    $a0, $t9
        syscall
