# caesar.s -- reads a shift (read_int) and lines of text (read_string,
# 80 bytes) until a line holding just ".", encrypts letters with the Caesar
# cipher (rem 26, negative shifts normalised), leaves everything else
# alone, decrypts again and checks the round trip; counts the characters.
        .data
shiftm: .asciiz "shift "
encm:   .asciiz "enc: "
decm:   .asciiz "dec: "
okm:    .asciiz "round trip ok: "
totm:   .asciiz "characters: "
line:   .space 80
enc:    .space 80
dec:    .space 80
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)
        li    $v0, 5
        syscall
        move  $s0, $v0
        li    $v0, 4
        la    $a0, shiftm
        syscall
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $t0, 26           # normalise the shift to 0..25
        rem   $s0, $s0, $t0
        bgez  $s0, norm
        addi  $s0, $s0, 26
norm:   li    $s1, 0            # characters
next:   la    $a0, line
        li    $a1, 80
        li    $v0, 8
        syscall
        lbu   $t0, line
        lbu   $t1, line+1
        bne   $t0, '.', work
        beq   $t1, 10, done
work:   la    $a0, line
        la    $a1, enc
        move  $a2, $s0
        jal   caesar
        addu  $s1, $s1, $v0
        la    $a0, enc
        la    $a1, dec
        li    $t0, 26
        subu  $a2, $t0, $s0
        jal   caesar
        li    $v0, 4
        la    $a0, encm
        syscall
        la    $a0, enc          # keeps the line's newline
        syscall
        la    $a0, decm
        syscall
        la    $a0, dec
        syscall
        li    $v0, 4
        la    $a0, okm
        syscall
        la    $a0, line
        la    $a1, dec
        jal   streq
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        j     next
done:   li    $v0, 4
        la    $a0, totm
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# caesar(src, dst, k): copy src to dst shifting letters by k (0..26);
# returns the number of bytes before the NUL
caesar: li    $v0, 0
cz_lp:  lbu   $t0, 0($a0)
        beqz  $t0, cz_end
        li    $t2, 'a'
        blt   $t0, 'a', cz_upc
        ble   $t0, 'z', cz_rot
cz_upc: li    $t2, 'A'
        blt   $t0, 'A', cz_put
        bgt   $t0, 'Z', cz_put
cz_rot: sub   $t0, $t0, $t2
        add   $t0, $t0, $a2
        li    $t3, 26
        rem   $t0, $t0, $t3
        add   $t0, $t0, $t2
cz_put: sb    $t0, 0($a1)
        addiu $a0, $a0, 1
        addiu $a1, $a1, 1
        addiu $v0, $v0, 1
        j     cz_lp
cz_end: sb    $zero, 0($a1)
        jr    $ra

# streq(a, b): 1 if equal
streq:  lbu   $t0, 0($a0)
        lbu   $t1, 0($a1)
        bne   $t0, $t1, sq_no
        addiu $a0, $a0, 1
        addiu $a1, $a1, 1
        bnez  $t0, streq
        li    $v0, 1
        jr    $ra
sq_no:  li    $v0, 0
        jr    $ra
