# freshpage.s -- system calls whose buffers lie in heap pages the program
# has never touched, so the OS must fill them in (zeroed) on the way:
# print_string of an untouched page (an empty string), read_string into the
# last 6 bytes of an untouched page (the NUL goes to the first byte of the
# next, also untouched), and a read_string whose NUL is the last byte of a
# page.  '|' separates the pieces.
        .data
bar:    .asciiz "|"
        .text
main:   li    $a0, 12288        # three fresh pages from 0x10020000
        li    $v0, 9
        syscall
        move  $s0, $v0

        addiu $a0, $s0, 100     # page 0, never touched: ""
        li    $v0, 4
        syscall
        la    $a0, bar
        syscall

        addiu $s1, $s0, 4090    # "hello\n" in 4090..4095, NUL at 4096
        move  $a0, $s1
        li    $a1, 7
        li    $v0, 8
        syscall
        move  $a0, $s1
        li    $v0, 4
        syscall
        la    $a0, bar
        syscall
        lbu   $a0, 4096($s0)    # the NUL: 0
        li    $v0, 1
        syscall
        lbu   $a0, 4095($s0)    # the newline: 10
        syscall
        la    $a0, bar
        li    $v0, 4
        syscall

        addiu $s2, $s0, 8186    # "world" in 8186..8190, NUL at 8191
        move  $a0, $s2
        li    $a1, 6
        li    $v0, 8
        syscall
        move  $a0, $s2
        li    $v0, 4
        syscall
        la    $a0, bar
        syscall
        li    $v0, 12           # the newline left behind by the short read
        syscall
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        jr    $ra
