# readstr.s -- read_string (syscall 8, $a0 = buffer, $a1 = length) with
# fgets semantics: it reads at most length - 1 bytes, stops after a newline
# (which it keeps), then stores a NUL; whatever is left of a long line stays
# for the next read.  Length 1 reads nothing and stores just the NUL.
# Before each read the buffer is filled with '#', and afterwards it is
# dumped up to the NUL and one byte beyond, with \n, \r, \t and \0 spelled
# out, so exactly what was stored (and what was not) shows.
        .data
lens:   .word 1, 2, 5, 100, 6, 6, 7, 10, 200, 16, 16, 20, 4, 30, 64
nlens:  .word 15
lenm:   .asciiz "len "
colon:  .asciiz ": "
slen:   .asciiz "  strlen "
intm:   .asciiz "read_int after a partial read_string: "
        .align 2
buf:    .space 256
        .text
main:   addi  $sp, $sp, -4
        sw    $ra, 0($sp)
        la    $s0, lens
        lw    $s1, nlens
        li    $s3, 0            # index
loop:   lw    $s2, 0($s0)
        # fill buf with '#'
        la    $t0, buf
        li    $t1, 256
        li    $t2, '#'
fill:   sb    $t2, 0($t0)
        addi  $t0, $t0, 1
        addi  $t1, $t1, -1
        bnez  $t1, fill
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
        la    $a0, colon
        syscall
        la    $a0, buf
        addi  $a1, $s2, 1       # dump at most len + 1 bytes
        jal   dump
        li    $v0, 4
        la    $a0, slen
        syscall
        la    $a0, buf
        jal   strlen
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        addi  $s3, $s3, 1
        bne   $s3, 13, next     # after the 13th read (len 4 of "123456")
        li    $v0, 4
        la    $a0, intm
        syscall
        li    $v0, 5            # the rest of that line: "456"
        syscall
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
next:   addi  $s0, $s0, 4
        addi  $s1, $s1, -1
        bnez  $s1, loop
        lw    $ra, 0($sp)
        addi  $sp, $sp, 4
        jr    $ra

# dump(p, max): print bytes up to and including the first NUL, plus one
# more, but at most max bytes
dump:   move  $t0, $a0
        move  $t1, $a1
        li    $t3, 0            # NUL seen
dp_lp:  blez  $t1, dp_end
        lbu   $t2, 0($t0)
        bnez  $t3, dp_last      # the byte after the NUL, then stop
        beqz  $t2, dp_nul
        beq   $t2, 10, dp_nl
        beq   $t2, 13, dp_cr
        beq   $t2, 9, dp_tab
        li    $v0, 11
        move  $a0, $t2
        syscall
        j     dp_nx
dp_nul: li    $t3, 1
        li    $t4, '0'
        j     dp_esc
dp_nl:  li    $t4, 'n'
        j     dp_esc
dp_cr:  li    $t4, 'r'
        j     dp_esc
dp_tab: li    $t4, 't'
dp_esc: li    $v0, 11
        li    $a0, 92           # backslash
        syscall
        move  $a0, $t4
        syscall
dp_nx:  addi  $t0, $t0, 1
        addi  $t1, $t1, -1
        j     dp_lp
dp_last:
        li    $v0, 11           # must be an untouched '#'
        move  $a0, $t2
        syscall
dp_end: jr    $ra

strlen: move  $v0, $zero
sl_lp:  addu  $t0, $a0, $v0
        lbu   $t0, 0($t0)
        beqz  $t0, sl_end
        addiu $v0, $v0, 1
        j     sl_lp
sl_end: jr    $ra
