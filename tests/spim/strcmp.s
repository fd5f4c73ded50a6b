# strcmp.s -- strcmp (result < 0, 0, > 0) on fixed pairs, then a word list
# read from input (read_int for the count, read_string per word, newline
# stripped) sorted with insertion sort on an array of pointers.
        .data
pairs:  .word p0a, p0b, p1a, p1b, p2a, p2b, p3a, p3b, p4a, p4b, p5a, p5b
p0a:    .asciiz "apple"
p0b:    .asciiz "apple"
p1a:    .asciiz "apple"
p1b:    .asciiz "apricot"
p2a:    .asciiz "banana"
p2b:    .asciiz "Banana"
p3a:    .asciiz "abc"
p3b:    .asciiz "abcd"
p4a:    .asciiz ""
p4b:    .asciiz "a"
p5a:    .asciiz "zebra"
p5b:    .asciiz "zeal"
cmpm:   .asciiz "strcmp(\""
midm:   .asciiz "\", \""
endm:   .asciiz "\") "
less:   .asciiz "< 0\n"
equal:  .asciiz "= 0\n"
more:   .asciiz "> 0\n"
sorted: .asciiz "sorted:\n"
        .align 2
words:  .space 320              # 10 words of 32 bytes
ptrs:   .space 40               # 10 pointers
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)
        li    $s0, 0
pair:   la    $t0, pairs
        sll   $t1, $s0, 3
        addu  $t0, $t0, $t1
        lw    $s1, 0($t0)
        lw    $s2, 4($t0)
        li    $v0, 4
        la    $a0, cmpm
        syscall
        move  $a0, $s1
        syscall
        la    $a0, midm
        syscall
        move  $a0, $s2
        syscall
        la    $a0, endm
        syscall
        move  $a0, $s1
        move  $a1, $s2
        jal   strcmp
        la    $a0, equal
        beqz  $v0, say
        la    $a0, less
        bltz  $v0, say
        la    $a0, more
say:    li    $v0, 4
        syscall
        addiu $s0, $s0, 1
        blt   $s0, 6, pair

        # read the words
        li    $v0, 5
        syscall
        move  $s0, $v0          # n
        li    $s1, 0
rd:     bge   $s1, $s0, rd_end
        la    $a0, words
        sll   $t0, $s1, 5
        addu  $a0, $a0, $t0
        la    $t1, ptrs
        sll   $t2, $s1, 2
        addu  $t1, $t1, $t2
        sw    $a0, 0($t1)
        li    $a1, 32
        li    $v0, 8
        syscall
        jal   chomp
        addiu $s1, $s1, 1
        j     rd
rd_end:
        # insertion sort of ptrs[0..n-1] by strcmp
        li    $s1, 1            # i
isort:  bge   $s1, $s0, is_end
        la    $t0, ptrs
        sll   $t1, $s1, 2
        addu  $t0, $t0, $t1
        lw    $s3, 0($t0)       # key
        addiu $s2, $s1, -1      # j
inner:  bltz  $s2, place
        la    $t0, ptrs
        sll   $t1, $s2, 2
        addu  $t0, $t0, $t1
        lw    $a0, 0($t0)
        move  $a1, $s3
        jal   strcmp
        blez  $v0, place        # ptrs[j] <= key: stop
        la    $t0, ptrs
        sll   $t1, $s2, 2
        addu  $t0, $t0, $t1
        lw    $t2, 0($t0)
        sw    $t2, 4($t0)
        addiu $s2, $s2, -1
        j     inner
place:  la    $t0, ptrs
        addiu $t1, $s2, 1
        sll   $t1, $t1, 2
        addu  $t0, $t0, $t1
        sw    $s3, 0($t0)
        addiu $s1, $s1, 1
        j     isort
is_end: li    $v0, 4
        la    $a0, sorted
        syscall
        li    $s1, 0
pr:     bge   $s1, $s0, done
        la    $t0, ptrs
        sll   $t1, $s1, 2
        addu  $t0, $t0, $t1
        lw    $a0, 0($t0)
        li    $v0, 4
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        addiu $s1, $s1, 1
        j     pr
done:   lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# int strcmp(char *a, char *b): the difference of the first differing bytes
strcmp: lbu   $t0, 0($a0)
        lbu   $t1, 0($a1)
        bne   $t0, $t1, sc_diff
        beqz  $t0, sc_diff      # both NUL: 0
        addiu $a0, $a0, 1
        addiu $a1, $a1, 1
        j     strcmp
sc_diff:
        subu  $v0, $t0, $t1
        jr    $ra

# void chomp(char *s): drop a trailing newline
chomp:  lbu   $t0, 0($a0)
        beqz  $t0, ch_end
        addiu $a0, $a0, 1
        bne   $t0, 10, chomp
        sb    $zero, -1($a0)
ch_end: jr    $ra
