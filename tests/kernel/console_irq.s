# console_irq.s -- console input by interrupt (line 2).
#
# The kernel enables the console's input interrupt and spins; the handler
# drains every ready byte into a buffer.  At the end of input IN reads
# 0xffffffff: the handler turns the interrupt off and the kernel prints what
# it received, upper-cased.
#
# run:
# status: 0

        .ktext 0x80000180
general:
        mfc0    $k0, $13
        andi    $k1, $k0, 0x7c
        bnez    $k1, bad
        andi    $k1, $k0, 0x0400        # IP2: console
        beqz    $k1, bad
drain:
        lui     $k0, 0xbfd0
        lw      $k1, 8($k0)             # CTRL: READY?
        andi    $k1, $k1, 1
        beqz    $k1, drained
        lw      $k1, 4($k0)             # IN
        bltz    $k1, at_eof             # 0xffffffff: end of input
        lui     $k0, %hi(save_t0)       # buf[len++] = byte, with $t0 borrowed
        sw      $t0, %lo(save_t0)($k0)
        lui     $k0, %hi(len)
        lw      $t0, %lo(len)($k0)
        addiu   $t0, $t0, 1
        sw      $t0, %lo(len)($k0)
        la      $k0, buf
        addu    $k0, $k0, $t0
        sb      $k1, -1($k0)
        lui     $k0, %hi(save_t0)
        lw      $t0, %lo(save_t0)($k0)
        b       drain
at_eof:
        sw      $zero, 8($k0)           # INTEN off
        lui     $k0, %hi(done)
        li      $k1, 1
        sw      $k1, %lo(done)($k0)
drained:
        lui     $k0, %hi(nirq)
        lw      $k1, %lo(nirq)($k0)
        addiu   $k1, $k1, 1
        sw      $k1, %lo(nirq)($k0)
        eret
bad:
        j       unexpected

        .ktext 0x80001000
__start:
        lui     $t0, 0xbfd0
        li      $t1, 2
        sw      $t1, 8($t0)             # console INTEN
        li      $t0, 0x0401             # IM2 | IE
        mtc0    $t0, $12
wait_eof:
        lui     $t0, %hi(done)
        lw      $t1, %lo(done)($t0)
        beqz    $t1, wait_eof
        mtc0    $zero, $12

        la      $a0, msg_got
        jal     puts
        lui     $t0, %hi(len)
        lw      $a0, %lo(len)($t0)
        jal     putdec
        la      $a0, msg_bytes
        jal     puts
        # upper-case and print the buffer
        lui     $t0, %hi(len)
        lw      $s1, %lo(len)($t0)
        la      $s0, buf
        lui     $t9, 0xbfd0
        li      $s2, 0
print:
        beq     $s2, $s1, printed
        addu    $t0, $s0, $s2
        lbu     $t1, 0($t0)
        sltiu   $t2, $t1, 'a'
        bnez    $t2, 1f
        sltiu   $t2, $t1, 'z' + 1
        beqz    $t2, 1f
        addiu   $t1, $t1, 'A' - 'a'
1:      sb      $t1, 0($t9)
        addiu   $s2, $s2, 1
        b       print
printed:
        li      $a0, 0
        j       halt

        .include "console.inc"

        .kdata
done:      .word 0
len:       .word 0
nirq:      .word 0
save_t0:   .word 0
msg_got:   .asciiz "console: received "
msg_bytes: .asciiz " bytes by interrupt:\n"
buf:       .space 4096
