# bigio.s -- system calls on big buffers that cross page boundaries:
# print_string of a 10000-byte string built on the heap (one syscall), a
# .data string that straddles a 4 KiB boundary, and read_string of a
# 5000-byte input line into a heap buffer that starts 6 bytes before a page
# boundary (length 6000: the whole line and its newline fit), echoed back
# with its length and a checksum.
        .data
pad:    .space 4090             # the next string crosses 0x10011000
across: .asciiz "this string straddles a page boundary\n"
lenm:   .asciiz "read_string stored "
summ:   .asciiz " bytes, checksum "
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)

        # 125 lines of 79 letters and a newline: 10000 bytes + NUL
        li    $a0, 10001
        li    $v0, 9
        syscall
        move  $s0, $v0
        move  $t0, $s0
        li    $t1, 0            # line
bl_line:
        li    $t2, 26
        rem   $t3, $t1, $t2
        addiu $t3, $t3, 'A'     # this line's letter
        li    $t4, 79
bl_ch:  sb    $t3, 0($t0)
        addiu $t0, $t0, 1
        addiu $t4, $t4, -1
        bnez  $t4, bl_ch
        li    $t5, 10
        sb    $t5, 0($t0)
        addiu $t0, $t0, 1
        addiu $t1, $t1, 1
        blt   $t1, 125, bl_line
        sb    $zero, 0($t0)
        li    $v0, 4
        move  $a0, $s0
        syscall

        li    $v0, 4
        la    $a0, across
        syscall

        # a buffer from 6 bytes before a page boundary: round the break
        # up to a page, step back 6
        li    $a0, 0
        li    $v0, 9
        syscall
        addiu $t0, $v0, 4095
        li    $t1, -4096
        and   $t0, $t0, $t1
        subu  $a0, $t0, $v0     # bytes up to the boundary
        addiu $a0, $a0, 8192    # and two pages beyond
        li    $v0, 9
        syscall
        addiu $s1, $t0, -6
        move  $a0, $s1
        li    $a1, 6000
        li    $v0, 8
        syscall
        li    $v0, 4
        move  $a0, $s1
        syscall
        li    $t0, 0            # length and checksum
        li    $t1, 0
        move  $t2, $s1
ck_lp:  lbu   $t3, 0($t2)
        beqz  $t3, ck_end
        addu  $t1, $t1, $t3
        addiu $t0, $t0, 1
        addiu $t2, $t2, 1
        j     ck_lp
ck_end: move  $s2, $t0
        move  $s3, $t1
        li    $v0, 4
        la    $a0, lenm
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 4
        la    $a0, summ
        syscall
        li    $v0, 1
        move  $a0, $s3
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra
