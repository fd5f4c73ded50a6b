# same.s -- stores that write the value already there, and one that does
# not, for watchpoints (they stop on a write, not only on a change).
        .data
flag:   .word   5
        .text
main:   li      $t0, 5
        sw      $t0, flag               # the same value
        li      $t0, 6
        sw      $t0, flag               # 5 -> 6
        li      $v0, 10
        syscall
