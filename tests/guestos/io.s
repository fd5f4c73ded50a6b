# io.s -- the corners of console input, checked against SPIM.
#
# read_int (5) on: a plain number, leading blanks and trailing text, a
# '+', an empty line, a word, a number too big for 32 bits (SPIM keeps the
# low 32 bits of the 64-bit value), -2^31, 2^31, hex (not understood: 0).
# read_string (8) with size 5 on a long line (the rest of the line stays
# for the next read), then size 1 (stores just the NUL, reads nothing).
# read_char (12): a byte >= 0x80 comes back sign-extended (SPIM's char).
# At the end of input: read_int 0, read_char 10, read_string "".
# And the kernel reading and writing user memory across page boundaries:
# print_string of a string that crosses from one data page to the next,
# and read_string into a heap buffer that crosses into a page nobody has
# touched yet (demand-zero, mapped by the kernel on the process's behalf).
# Expected output: io.out, which is SPIM's output for io.in.
        .data
buf:    .space  64
        .space  4022                # the string below starts at 0x10010ff6
cross:  .asciiz "this string crosses a page boundary\n"

        .text
        .globl main
main:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)
        sw      $s0, 0($sp)

        li      $s0, 9              # nine read_ints
ri:
        li      $v0, 5
        syscall
        move    $a0, $v0
        li      $v0, 1
        syscall
        li      $v0, 11
        li      $a0, '|'
        syscall
        addiu   $s0, $s0, -1
        bnez    $s0, ri
        li      $v0, 11
        li      $a0, 10
        syscall

        li      $s0, 3              # three read_strings of size 5
rs:
        li      $v0, 8
        la      $a0, buf
        li      $a1, 5
        syscall
        li      $v0, 4
        la      $a0, buf
        syscall
        li      $v0, 11
        li      $a0, '|'
        syscall
        addiu   $s0, $s0, -1
        bnez    $s0, rs
        li      $v0, 8              # size 1: just a NUL
        la      $a0, buf
        li      $a1, 1
        syscall
        lbu     $a0, buf
        li      $v0, 1
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        li      $s0, 3              # three read_chars
rc:
        li      $v0, 12
        syscall
        move    $a0, $v0
        li      $v0, 1
        syscall
        li      $v0, 11
        li      $a0, ' '
        syscall
        addiu   $s0, $s0, -1
        bnez    $s0, rc
        li      $v0, 11
        li      $a0, 10
        syscall

        li      $v0, 4              # a string across two data pages
        la      $a0, cross
        syscall

        li      $v0, 9              # a heap buffer across two fresh pages
        li      $a0, 8192
        syscall
        addiu   $s0, $v0, 4090      # 6 bytes before the end of the first
        li      $v0, 8
        move    $a0, $s0
        li      $a1, 40
        syscall
        li      $v0, 4
        move    $a0, $s0
        syscall

        li      $v0, 5              # end of input: 0, 10, ""
        syscall
        move    $a0, $v0
        li      $v0, 1
        syscall
        li      $v0, 11
        li      $a0, ' '
        syscall
        li      $v0, 12
        syscall
        move    $a0, $v0
        li      $v0, 1
        syscall
        li      $v0, 11
        li      $a0, ' '
        syscall
        li      $t0, 'x'
        sb      $t0, buf
        li      $v0, 8
        la      $a0, buf
        li      $a1, 10
        syscall
        lbu     $a0, buf
        li      $v0, 1
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        lw      $s0, 0($sp)
        lw      $ra, 4($sp)
        addiu   $sp, $sp, 8
        jr      $ra
