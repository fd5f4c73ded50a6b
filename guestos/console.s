# console.s -- the console driver: kernel output, and powering off.
#
# Output goes straight to the console's OUT register (it never waits).
# Input is read by the system calls (syscall.s: con_getc), which block the
# process when no byte is ready and let the console interrupt wake it.
# Every routine here uses only $t8, $t9, $a0, $v0 and $v1.

        .ktext
# kputc: print the byte $a0.
kputc:
        li      $t9, CONSOLE
        sb      $a0, 0($t9)
        jr      $ra

# kputs: print the NUL-terminated kernel string at $a0.
kputs:
        li      $t9, CONSOLE
1:      lbu     $t8, 0($a0)
        beqz    $t8, 2f
        sb      $t8, 0($t9)
        addiu   $a0, $a0, 1
        b       1b
2:      jr      $ra

kputnl:
        li      $t9, CONSOLE
        li      $t8, 10
        sb      $t8, 0($t9)
        jr      $ra

# kputhex: print $a0 as 0x and 8 hex digits.
kputhex:
        li      $t9, CONSOLE
        li      $t8, '0'
        sb      $t8, 0($t9)
        li      $t8, 'x'
        sb      $t8, 0($t9)
        li      $v1, 28
1:      srlv    $t8, $a0, $v1
        andi    $t8, $t8, 0xf
        sltiu   $v0, $t8, 10
        bnez    $v0, 2f
        addiu   $t8, $t8, 'a' - '0' - 10
2:      addiu   $t8, $t8, '0'
        sb      $t8, 0($t9)
        addiu   $v1, $v1, -4
        bgez    $v1, 1b
        jr      $ra

# kputdec: print $a0 as a signed decimal number (print_int).
kputdec:
        li      $t9, CONSOLE
        bgez    $a0, 1f
        li      $t8, '-'
        sb      $t8, 0($t9)
        subu    $a0, $zero, $a0         # (0x80000000 stays itself: fine as unsigned)
1:      la      $v1, numbuf + 12        # digits, least significant first, backwards
2:      li      $t8, 10
        divu    $a0, $t8
        mfhi    $t8
        mflo    $a0
        addiu   $t8, $t8, '0'
        addiu   $v1, $v1, -1
        sb      $t8, 0($v1)
        bnez    $a0, 2b
        la      $v0, numbuf + 12
3:      lbu     $t8, 0($v1)
        sb      $t8, 0($t9)
        addiu   $v1, $v1, 1
        bne     $v1, $v0, 3b
        jr      $ra

# power_off: end the machine with exit status $a0.
power_off:
        li      $t9, POWER
        sw      $a0, 0($t9)
1:      b       1b
