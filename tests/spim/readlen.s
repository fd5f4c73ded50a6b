# readlen.s -- read_string lengths below 1 (a slip such as an unset $a1):
# SPIM's read_input takes the length as a C int and reads nothing, and
# stores nothing, unless it is at least 1; 0x80000000 is the most negative
# int, not a huge length.  After each call, read_char shows that no input
# was consumed; a huge positive length (0x7fffffff) reads one line.
        .data
lens:   .word 0, -1, -5, 0x80000000, 0x80000001, 0x7fffffff
buf:    .asciiz "#######"
        .space  24
lenm:   .asciiz "len "
bufm:   .asciiz ": buffer \""
nextm:  .asciiz "\", next input byte "
        .text
main:   la    $s0, lens
        li    $s1, 6
loop:   lw    $s2, 0($s0)
        la    $a0, buf
        move  $a1, $s2
        li    $v0, 8
        syscall
        li    $v0, 4
        la    $a0, lenm
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 4
        la    $a0, bufm
        syscall
        la    $a0, buf
        syscall
        la    $a0, nextm
        syscall
        li    $v0, 12
        syscall
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        addiu $s0, $s0, 4
        addiu $s1, $s1, -1
        bnez  $s1, loop
        jr    $ra
