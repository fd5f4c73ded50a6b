# crlf.s -- a program saved by a Windows editor: every line of this file
# ends in CR LF.  Both assemblers must take the CR as white space (not as
# part of a label, a number or the last operand).  It prints a
# multiplication table with tabs.
        .data
head:   .asciiz "x\t1\t2\t3\t4\t5\n"
        .text
main:   li    $v0, 4
        la    $a0, head
        syscall
        li    $s0, 1            # row
row:    li    $v0, 1
        move  $a0, $s0
        syscall
        li    $s1, 1            # column
col:    li    $v0, 11
        li    $a0, 9            # tab
        syscall
        mul   $a0, $s0, $s1
        li    $v0, 1
        syscall
        addi  $s1, $s1, 1
        ble   $s1, 5, col
        li    $v0, 11
        li    $a0, 10
        syscall
        addi  $s0, $s0, 1
        ble   $s0, 5, row
        jr    $ra
