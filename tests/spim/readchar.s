# readchar.s -- read_char (syscall 12) mixed with read_string and
# read_int on the same input: read_char takes exactly one byte (a newline
# is a byte like any other), read_string and read_int go on from there.
        .data
buf:    .space 32
chm:    .asciiz "char "
strm:   .asciiz "string \""
intm:   .asciiz "int "
qnl:    .asciiz "\"\n"
cntm:   .asciiz "letters, blanks: "
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)

        jal   getc              # line 1 "Hi there": 'H'
        la    $a0, buf          # then the rest of the line
        li    $a1, 20
        jal   gets
        jal   getc              # line 2, empty: 10
        jal   geti              # line 3 "  42": 42, the line is consumed
        jal   getc              # line 4 "x": 'x'
        jal   getc              #   and its newline

        # line 5: echo in upper case, counting letters and blanks
        li    $s0, 0
        li    $s1, 0
l5:     li    $v0, 12
        syscall
        beq   $v0, 10, l5_end
        move  $t0, $v0
        bne   $t0, ' ', l5_ltr
        addi  $s1, $s1, 1
        j     l5_out
l5_ltr: blt   $t0, 'a', l5_up
        bgt   $t0, 'z', l5_up
        addi  $t0, $t0, -32
l5_up:  addi  $s0, $s0, 1
l5_out: li    $v0, 11
        move  $a0, $t0
        syscall
        j     l5
l5_end: li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, cntm
        syscall
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        jal   getc              # line 6 "\t5 7": a tab (9)
        jal   geti              #   then read_int: 5
        la    $a0, buf          # line 7 "abc": read_string of 3 -> "ab"
        li    $a1, 3
        jal   gets
        jal   getc              #   'c'
        jal   getc              #   newline
        jal   getc              # line 8 "end": e n d and the newline
        jal   getc
        jal   getc
        jal   getc

        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# getc: read_char, print "char CODE 'c'" (c only if printable)
getc:   li    $v0, 12
        syscall
        move  $t0, $v0
        li    $v0, 4
        la    $a0, chm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        blt   $t0, 32, gc_nl
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $a0, 39           # '
        syscall
        move  $a0, $t0
        syscall
        li    $a0, 39
        syscall
gc_nl:  li    $v0, 11
        li    $a0, 10
        syscall
        jr    $ra

# gets(buf, len): read_string and print it quoted (its newline, if any,
# shows up before the closing quote)
gets:   move  $t0, $a0
        li    $v0, 8
        syscall
        li    $v0, 4
        la    $a0, strm
        syscall
        move  $a0, $t0
        syscall
        la    $a0, qnl
        syscall
        jr    $ra

# geti: read_int and print it
geti:   li    $v0, 5
        syscall
        move  $t0, $v0
        li    $v0, 4
        la    $a0, intm
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        jr    $ra
