# strings.s -- string routines on .asciiz data: length, in-place reverse,
# palindrome test (ignoring case and non-letters), upper-case, count of
# vowels; a table of string pointers (.word label, ...) drives the loop.
        .data
s0:     .asciiz "racecar"
s1:     .asciiz "Hello, World"
s2:     .asciiz "A man, a plan, a canal: Panama!"
s3:     .asciiz ""
s4:     .asciiz "x"
s5:     .asciiz "MIPS assembly, 2024 edition"
s6:     .asciiz "Was it a car or a cat I saw?"
table:  .word s0, s1, s2, s3, s4, s5, s6
ntable: .word 7
quote:  .asciiz "\""
lenm:   .asciiz "\"  len="
vow:    .asciiz " vowels="
palm:   .asciiz " palindrome="
upm:    .asciiz "\n  upper:    \""
revm:   .asciiz "\"\n  reversed: \""
endq:   .asciiz "\"\n"
buf:    .space 64
        .text
main:   addi  $sp, $sp, -12
        sw    $ra, 8($sp)
        sw    $s0, 4($sp)
        sw    $s1, 0($sp)
        li    $s0, 0
each:   lw    $t0, ntable
        bge   $s0, $t0, fin
        la    $t1, table
        sll   $t2, $s0, 2
        add   $t1, $t1, $t2
        lw    $s1, 0($t1)       # the string
        li    $v0, 4
        la    $a0, quote
        syscall
        move  $a0, $s1
        syscall
        la    $a0, lenm
        syscall
        move  $a0, $s1
        jal   strlen
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, vow
        syscall
        move  $a0, $s1
        jal   vowels
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, palm
        syscall
        move  $a0, $s1
        jal   ispal
        move  $a0, $v0
        li    $v0, 1
        syscall
        # copy to buf, upper-case it
        la    $a0, buf
        move  $a1, $s1
        jal   strcpy
        la    $a0, buf
        jal   upper
        li    $v0, 4
        la    $a0, upm
        syscall
        la    $a0, buf
        syscall
        # reverse the original in place (the .data copy changes)
        move  $a0, $s1
        jal   reverse
        li    $v0, 4
        la    $a0, revm
        syscall
        move  $a0, $s1
        syscall
        la    $a0, endq
        syscall
        addi  $s0, $s0, 1
        j     each
fin:    lw    $s1, 0($sp)
        lw    $s0, 4($sp)
        lw    $ra, 8($sp)
        addi  $sp, $sp, 12
        jr    $ra

# int strlen(char *s)
strlen: move  $v0, $zero
sl_lp:  add   $t0, $a0, $v0
        lb    $t0, 0($t0)
        beqz  $t0, sl_end
        addi  $v0, $v0, 1
        j     sl_lp
sl_end: jr    $ra

# void strcpy(char *dst, char *src)
strcpy: lbu   $t0, 0($a1)
        sb    $t0, 0($a0)
        addiu $a0, $a0, 1
        addiu $a1, $a1, 1
        bnez  $t0, strcpy
        jr    $ra

# void upper(char *s): 'a'..'z' -> 'A'..'Z'
upper:  lbu   $t0, 0($a0)
        beqz  $t0, up_end
        blt   $t0, 'a', up_nx
        bgt   $t0, 'z', up_nx
        addi  $t0, $t0, -32
        sb    $t0, 0($a0)
up_nx:  addi  $a0, $a0, 1
        j     upper
up_end: jr    $ra

# void reverse(char *s), in place; calls strlen
reverse:
        addi  $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $a0, 0($sp)
        jal   strlen
        lw    $a0, 0($sp)
        add   $t1, $a0, $v0
        addi  $t1, $t1, -1      # last char
        move  $t0, $a0
rv_lp:  bge   $t0, $t1, rv_end
        lb    $t2, 0($t0)
        lb    $t3, 0($t1)
        sb    $t3, 0($t0)
        sb    $t2, 0($t1)
        addi  $t0, $t0, 1
        addi  $t1, $t1, -1
        j     rv_lp
rv_end: lw    $ra, 4($sp)
        addi  $sp, $sp, 8
        jr    $ra

# int tolower_letter(c): the lower-case letter, or 0 if c is not a letter
# (a leaf with no frame, result in $v1)
letter: move  $v1, $zero
        blt   $a1, 'A', lt_end
        ble   $a1, 'Z', lt_up
        blt   $a1, 'a', lt_end
        bgt   $a1, 'z', lt_end
        move  $v1, $a1
        jr    $ra
lt_up:  addi  $v1, $a1, 32
lt_end: jr    $ra

# int ispal(char *s): letters only, case ignored
ispal:  addi  $sp, $sp, -16
        sw    $ra, 12($sp)
        sw    $s0, 8($sp)
        sw    $s1, 4($sp)
        sw    $s2, 0($sp)
        move  $s0, $a0
        jal   strlen
        add   $s1, $s0, $v0
        addi  $s1, $s1, -1
ip_lp:  bge   $s0, $s1, ip_yes
        lbu   $a1, 0($s0)
        jal   letter
        bnez  $v1, ip_l
        addi  $s0, $s0, 1
        j     ip_lp
ip_l:   move  $s2, $v1
        lbu   $a1, 0($s1)
        jal   letter
        bnez  $v1, ip_r
        addi  $s1, $s1, -1
        j     ip_lp
ip_r:   bne   $s2, $v1, ip_no
        addi  $s0, $s0, 1
        addi  $s1, $s1, -1
        j     ip_lp
ip_yes: li    $v0, 1
        j     ip_ret
ip_no:  li    $v0, 0
ip_ret: lw    $s2, 0($sp)
        lw    $s1, 4($sp)
        lw    $s0, 8($sp)
        lw    $ra, 12($sp)
        addi  $sp, $sp, 16
        jr    $ra

# int vowels(char *s): a e i o u, either case
vowels: li    $v0, 0
vw_lp:  lbu   $t0, 0($a0)
        beqz  $t0, vw_end
        ori   $t0, $t0, 0x20    # fold case (harmless for the test below)
        beq   $t0, 'a', vw_yes
        beq   $t0, 'e', vw_yes
        beq   $t0, 'i', vw_yes
        beq   $t0, 'o', vw_yes
        bne   $t0, 'u', vw_nx
vw_yes: addi  $v0, $v0, 1
vw_nx:  addi  $a0, $a0, 1
        j     vw_lp
vw_end: jr    $ra
