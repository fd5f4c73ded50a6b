# exit2.s -- exit2 (syscall 17) ends the program with the status in $a0
# (SPIM exits with it; tlbvisor run exits with pid 1's status).  The last
# output has no newline, and nothing after the syscall may run.
# status: 3
        .data
msg:    .asciiz "checking three things... "
bad:    .asciiz "NOT REACHED\n"
        .text
main:   li    $v0, 4
        la    $a0, msg
        syscall
        li    $t0, 1
        li    $t1, 2
        add   $a0, $t0, $t1     # status 3
        li    $v0, 1
        syscall                 # prints 3, no newline
        li    $a0, 3
        li    $v0, 17
        syscall
        li    $v0, 4
        la    $a0, bad
        syscall
        jr    $ra
