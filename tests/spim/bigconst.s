# bigconst.s -- li and la with constants that need lui + ori, negative
# constants, la of label+offset and offset($reg), loads and stores to
# label+offset and label($reg), lui/ori by hand, and address arithmetic
# on a 1000-word array (offsets past 32 KiB: la big+3996 needs %hi/%lo
# carry).  Values are printed in decimal and hex (a print_hex routine).
        .data
before: .word 0x11111111
big:    .word 0:9000            # 36000 bytes: labels after it are > 32 KiB away
after:  .word 0x22222222
hexdig: .ascii "0123456789abcdef"
pfx:    .asciiz "0x"
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)

        li    $a0, 0x12345678
        jal   both
        li    $a0, 0xffff8000
        jal   both
        li    $a0, 0x00018000
        jal   both
        li    $a0, -100000
        jal   both
        li    $a0, 0x7fff0000
        jal   both
        lui   $a0, 0xcafe
        ori   $a0, $a0, 0xf00d
        jal   both

        # addresses: after - before, big+35996 - big
        la    $t0, before
        la    $t1, after
        subu  $a0, $t1, $t0
        jal   both
        la    $t0, big+35996    # the last word of big
        la    $t1, big
        subu  $a0, $t0, $t1
        jal   both

        # store through label+offset, load back through label($reg)
        li    $t0, 0x0badf00d
        sw    $t0, big+20000
        li    $t1, 20000
        lw    $a0, big($t1)
        jal   both
        la    $t2, big
        la    $t3, 20000($t2)   # la with offset($reg)
        lw    $a0, 0($t3)
        jal   both
        li    $t4, 36000
        addu  $t4, $t4, $t2
        lw    $a0, 0($t4)       # after, through arithmetic
        jal   both
        lw    $a0, after
        jal   both
        lw    $a0, before
        jal   both

        # fill big with i*7, sum it back with a pointer walk
        la    $t0, big
        li    $t1, 0
fill:   mul   $t2, $t1, 7
        sw    $t2, 0($t0)
        addiu $t0, $t0, 4
        addiu $t1, $t1, 1
        blt   $t1, 9000, fill
        la    $t0, big
        la    $t3, after
        li    $a0, 0
sum:    lw    $t2, 0($t0)
        addu  $a0, $a0, $t2
        addiu $t0, $t0, 4
        bne   $t0, $t3, sum
        jal   both              # 7 * 9000 * 8999 / 2 = 283468500

        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# both(x): "x = 0x........\n"
both:   move  $t9, $a0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $a0, '='
        syscall
        li    $a0, ' '
        syscall
        li    $v0, 4
        la    $a0, pfx
        syscall
        li    $t8, 28           # shift: 28, 24, ..., 0
bh_lp:  srlv  $t7, $t9, $t8
        andi  $t7, $t7, 0xf
        lbu   $a0, hexdig($t7)
        li    $v0, 11
        syscall
        addi  $t8, $t8, -4
        bgez  $t8, bh_lp
        li    $a0, 10
        syscall
        jr    $ra
