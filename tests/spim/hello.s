# hello.s -- the first program of every course: print_string, print_int,
# print_char, argc in $a0 at entry, and "jr $ra" back to the startup code.
        .data
greet:  .asciiz "Hello, world!\n"
argmsg: .asciiz "argc = "
sum:    .asciiz "1 + 2 + ... + 10 = "

        .text
        .globl main
main:
        move  $s0, $a0          # argc (1: SPIM and tlbvisor pass no arguments)

        li    $v0, 4            # print_string
        la    $a0, greet
        syscall

        li    $v0, 4
        la    $a0, argmsg
        syscall
        li    $v0, 1            # print_int
        move  $a0, $s0
        syscall
        li    $v0, 11           # print_char
        li    $a0, 10          # newline (SPIM rejects '\n')
        syscall

        li    $t0, 1            # sum 1..10 in a loop
        li    $t1, 0
loop:   add   $t1, $t1, $t0
        addi  $t0, $t0, 1
        ble   $t0, 10, loop

        li    $v0, 4
        la    $a0, sum
        syscall
        li    $v0, 1
        move  $a0, $t1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        jr    $ra               # return to the startup code, which exits
