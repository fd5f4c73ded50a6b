# interactive.s -- console input: read_string, read_int and read_char.
#
# What it shows
#   * The three input system calls.  A process that asks for input it does
#     not have yet is blocked by the OS until the console delivers it; with
#     input from a pipe or file (as in the tests) it never waits long.
#       8  read_string($a0 = buffer, $a1 = size): at most size-1 bytes, up
#          to and including the newline, then a NUL (like C's fgets);
#       5  read_int: the number on the next line (the rest of the line is
#          consumed);
#       12 read_char: the next byte.
#   * The kernel writes into user memory: read_string stores the line into
#     the program's buffer in its data segment, through the process's own
#     page table.
#   * The stack as a stack: the last part pushes the letters of a word one
#     by one and pops them to print the word backwards.
#
# Dialogue: asks for a name and greets it; adds up integers until a 0
# (count, sum, smallest, largest); reverses a word.  See interactive.in.
#
# Runs unchanged under SPIM:   spim -quiet -file interactive.s < interactive.in
# and under tlbvisor:          tlbvisor run interactive.s < interactive.in

        .data
name:   .space  64
s_ask:  .asciiz "What is your name?\n"
s_hello: .asciiz "Hello, "
s_excl: .asciiz "!\n"
s_nums: .asciiz "Enter integers, one a line, 0 to finish:\n"
s_none: .asciiz "No numbers.\n"
s_cnt:  .asciiz "count "
s_sum:  .asciiz ", sum "
s_min:  .asciiz ", smallest "
s_max:  .asciiz ", largest "
s_word: .asciiz "Type a word:\n"
s_rev:  .asciiz "Backwards: "

        .text
        .globl main
main:
        addiu   $sp, $sp, -20
        sw      $ra, 16($sp)
        sw      $s0, 12($sp)
        sw      $s1, 8($sp)
        sw      $s2, 4($sp)
        sw      $s3, 0($sp)

        # --- read_string: the name ----------------------------------------
        li      $v0, 4
        la      $a0, s_ask
        syscall
        li      $v0, 8              # read_string(name, 64)
        la      $a0, name
        li      $a1, 64
        syscall
        la      $t0, name           # cut the line at its newline, if any
strip:
        lbu     $t1, 0($t0)
        beqz    $t1, stripped
        beq     $t1, 10, cut
        addiu   $t0, $t0, 1
        b       strip
cut:
        sb      $zero, 0($t0)
stripped:
        li      $v0, 4              # "Hello, NAME!"
        la      $a0, s_hello
        syscall
        li      $v0, 4
        la      $a0, name
        syscall
        li      $v0, 4
        la      $a0, s_excl
        syscall

        # --- read_int: numbers until 0 --------------------------------------
        li      $v0, 4
        la      $a0, s_nums
        syscall
        li      $s0, 0              # count
        li      $s1, 0              # sum
        li      $s2, 0              # smallest
        li      $s3, 0              # largest
numbers:
        li      $v0, 5              # read_int
        syscall
        beqz    $v0, numbers_done
        bnez    $s0, minmax         # the first number is both min and max
        move    $s2, $v0
        move    $s3, $v0
minmax:
        bge     $v0, $s2, not_min
        move    $s2, $v0
not_min:
        ble     $v0, $s3, not_max
        move    $s3, $v0
not_max:
        addiu   $s0, $s0, 1
        addu    $s1, $s1, $v0
        b       numbers
numbers_done:
        bnez    $s0, report
        li      $v0, 4
        la      $a0, s_none
        syscall
        b       word
report:
        li      $v0, 4              # "count C, sum S, smallest A, largest B"
        la      $a0, s_cnt
        syscall
        li      $v0, 1
        move    $a0, $s0
        syscall
        li      $v0, 4
        la      $a0, s_sum
        syscall
        li      $v0, 1
        move    $a0, $s1
        syscall
        li      $v0, 4
        la      $a0, s_min
        syscall
        li      $v0, 1
        move    $a0, $s2
        syscall
        li      $v0, 4
        la      $a0, s_max
        syscall
        li      $v0, 1
        move    $a0, $s3
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        # --- read_char: a word, backwards -----------------------------------
word:
        li      $v0, 4
        la      $a0, s_word
        syscall
        move    $s0, $sp            # push each byte up to the newline
push:
        li      $v0, 12             # read_char (10 at the end of input)
        syscall
        beq     $v0, 10, pushed
        addiu   $sp, $sp, -4
        sw      $v0, 0($sp)
        b       push
pushed:
        li      $v0, 4
        la      $a0, s_rev
        syscall
pop:
        beq     $sp, $s0, popped    # pop and print them: last in, first out
        lw      $a0, 0($sp)
        addiu   $sp, $sp, 4
        li      $v0, 11
        syscall
        b       pop
popped:
        li      $v0, 11
        li      $a0, 10
        syscall

        lw      $s3, 0($sp)
        lw      $s2, 4($sp)
        lw      $s1, 8($sp)
        lw      $s0, 12($sp)
        lw      $ra, 16($sp)
        addiu   $sp, $sp, 20
        jr      $ra
