# count.s -- a program for the debugger's golden sessions: a counter in
# .data that a function bumps, a loop that calls it, a string to print.
        .data
counter: .word  0
msg:    .asciiz "count done: "
        .text
main:   li      $s0, 3
loop:   jal     bump                    # counter++
        addiu   $s0, $s0, -1
        bnez    $s0, loop
        la      $a0, msg
        li      $v0, 4                  # print_string
        syscall
        lw      $a0, counter
        li      $v0, 1                  # print_int
        syscall
        li      $v0, 10                 # exit
        syscall

bump:   lw      $t0, counter
        addiu   $t0, $t0, 1
        sw      $t0, counter
        jr      $ra
