# readint.s -- read_int (syscall 5) on awkward input lines.  SPIM reads one
# line (fgets-like, up to 255 bytes) and converts it with the C library's
# atol: leading white space (blanks, tabs), one optional sign, decimal
# digits; anything after the digits is ignored and the rest of the line is
# consumed; no digits gives 0; the 64-bit result is truncated to 32 bits
# (99999999999 -> 1215752191).  SPIM reads at most 255 bytes of a line:
# a longer line is read in pieces, one read_int each (the last lines of
# readint.in).  The first line says how many read_ints follow.
        .data
open:   .asciiz "["
close:  .asciiz "]\n"
        .text
main:   li    $v0, 5
        syscall
        move  $s0, $v0          # number of reads
        li    $s1, 1
loop:   bgt   $s1, $s0, done
        li    $v0, 1            # line number
        move  $a0, $s1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 5
        syscall
        move  $t0, $v0
        li    $v0, 4
        la    $a0, open
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 4
        la    $a0, close
        syscall
        addi  $s1, $s1, 1
        j     loop
done:   jr    $ra
