# datadirs.s -- the .data directives and the layout they make: .word lists
# and value:count, .half and .byte (signed and unsigned loads), .ascii
# (no NUL) running into .asciiz, .space, .align, automatic alignment of
# .word/.half (and of the label before them), .word holding addresses,
# a second .data section after some .text, and values separated by blanks
# instead of commas (".word 10 -5 3 -8", as SPIM reads it: four words).
# Prints each label's offset from the start of .data (0x10010000 in SPIM
# and tlbvisor) and the values.
        .data
base:
bytes:  .byte 1, 2, 3, -1, 127, -128, 'A', 0x7f
        .byte 9                 # bytes+8
halves: .half 1000, -1000, 32767, -32768, 0xffff
h3:     .half 7:3               # value:count
words:  .word 1, -1, 0x7fffffff, 0x80000000, 0xdeadbeef
w5:     .word 5:5
str1:   .ascii "abc"            # no NUL: runs into str2
str2:   .asciiz "def"
str3:   .asciiz "ghi"
gap:    .space 3
after:  .word 42                # aligned to 4 (label too)
        .align 3
dbl:    .word 8
        .byte 1
        .align 2
al2:    .word 99
ptrs:   .word str1, str2, after, ptrs
offm:   .asciiz " offset "

        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)

        # offsets of the labels
        la    $a0, bytes
        jal   off
        la    $a0, halves
        jal   off
        la    $a0, h3
        jal   off
        la    $a0, words
        jal   off
        la    $a0, w5
        jal   off
        la    $a0, str1
        jal   off
        la    $a0, str2
        jal   off
        la    $a0, str3
        jal   off
        la    $a0, gap
        jal   off
        la    $a0, after
        jal   off
        la    $a0, dbl
        jal   off
        la    $a0, al2
        jal   off
        la    $a0, ptrs
        jal   off
        la    $a0, second
        jal   off
        li    $a0, 10
        li    $v0, 11
        syscall

        # bytes: lb and lbu of each of the 9
        la    $s0, bytes
        li    $s1, 0
by_lp:  addu  $t0, $s0, $s1
        lb    $a0, 0($t0)
        li    $v0, 1
        syscall
        li    $a0, '/'
        li    $v0, 11
        syscall
        addu  $t0, $s0, $s1
        lbu   $a0, 0($t0)
        li    $v0, 1
        syscall
        li    $a0, ' '
        li    $v0, 11
        syscall
        addiu $s1, $s1, 1
        blt   $s1, 9, by_lp
        li    $a0, 10
        syscall

        # halves: lh and lhu of the 8
        la    $s0, halves
        li    $s1, 0
hf_lp:  sll   $t0, $s1, 1
        addu  $t0, $t0, $s0
        lh    $a0, 0($t0)
        li    $v0, 1
        syscall
        li    $a0, '/'
        li    $v0, 11
        syscall
        sll   $t0, $s1, 1
        addu  $t0, $t0, $s0
        lhu   $a0, 0($t0)
        li    $v0, 1
        syscall
        li    $a0, ' '
        li    $v0, 11
        syscall
        addiu $s1, $s1, 1
        blt   $s1, 8, hf_lp
        li    $a0, 10
        syscall

        # words: the 10 of words and w5
        la    $s0, words
        li    $s1, 0
wd_lp:  lw    $a0, 0($s0)
        li    $v0, 1
        syscall
        li    $a0, ' '
        li    $v0, 11
        syscall
        addiu $s0, $s0, 4
        addiu $s1, $s1, 1
        blt   $s1, 10, wd_lp
        li    $a0, 10
        syscall

        # strings: str1 prints "abcdef" (no NUL after abc), then str3
        li    $v0, 4
        la    $a0, str1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 4
        la    $a0, str3
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        # gap's last two bytes and the padding after them are zero
        la    $t0, after
        lw    $a0, -4($t0)
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        lw    $a0, after
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        lw    $a0, al2
        li    $v0, 1
        syscall
        li    $a0, 10
        li    $v0, 11
        syscall

        # through the pointer table: *ptrs[0], *ptrs[1], *ptrs[2], ptrs[3] == ptrs
        la    $s0, ptrs
        lw    $a0, 0($s0)
        li    $v0, 4
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        lw    $a0, 4($s0)
        li    $v0, 4
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        lw    $t0, 8($s0)
        lw    $a0, 0($t0)
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        lw    $t0, 12($s0)
        seq   $a0, $t0, $s0
        li    $v0, 1
        syscall
        li    $a0, 10
        li    $v0, 11
        syscall

        # the second .data section, and a word written there
        la    $t0, second
        lw    $t1, 0($t0)
        addiu $t1, $t1, 1
        sw    $t1, 4($t0)
        li    $v0, 4
        la    $a0, second+8
        syscall
        lw    $a0, second+4
        li    $v0, 1
        syscall
        li    $a0, 10
        li    $v0, 11
        syscall

        # values separated by blanks: how many, and each
        la    $t0, blanks
        la    $t1, bend
        subu  $a0, $t1, $t0
        srl   $a0, $a0, 2
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ':'
        syscall
blk_lp: li    $v0, 11
        li    $a0, ' '
        syscall
        lw    $a0, 0($t0)
        li    $v0, 1
        syscall
        addiu $t0, $t0, 4
        bne   $t0, $t1, blk_lp
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 4
        la    $a0, bend
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# off(address): print " offset N" where N = address - base
off:    la    $t0, base
        subu  $t1, $a0, $t0
        li    $v0, 4
        la    $a0, offm
        syscall
        li    $v0, 1
        move  $a0, $t1
        syscall
        jr    $ra

        .data
second: .word 41, 0
        .asciiz "second data section: "
blanks: .word 10 -5 3 -8        # SPIM: four values, blanks between them
bend:   .byte 'x' 'y' 0
