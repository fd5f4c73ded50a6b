# regsave.s -- a system call changes no register but $v0, and $v0 only
# when the call returns something (read_int, sbrk, read_char): SPIM
# programs print several strings with one "li $v0, 4", keep loop counters
# in $t registers across syscalls, and print a quotient and then the
# remainder still in HI after a print_int.  Before each syscall every
# register a program can use (all but $zero, $at, $k0, $k1) and HI/LO get
# distinct values; afterwards the names of those that changed are printed.
# (Generated once by a small script; edit by hand.)
        .data
msg:    .asciiz "a string\n"
buf:    .space 16
names:  .asciiz "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "gp", "sp", "fp", "ra", "hi", "lo"
nregs:  .word 30
expect: .word 0x00030303, 0x5a040404, 0x00050505, 0x5a060606, 0x00070707, 0x5a080808, 0x00090909, 0x5a0a0a0a, 0x000b0b0b, 0x5a0c0c0c, 0x000d0d0d, 0x5a0e0e0e, 0x000f0f0f, 0x5a101010, 0x00111111, 0x5a121212, 0x00131313, 0x5a141414, 0x00151515, 0x5a161616, 0x00171717, 0x5a181818, 0x00191919, 0x5a1a1a1a, 0x001b1b1b, 0x5a1c1c1c, 0x001d1d1d, 0x5a1e1e1e, 0x001f1f1f, 0x5a202020
save:   .space 120
realra: .word 0
callm:  .asciiz "syscall "
okm:    .asciiz ": registers kept"
chm:    .asciiz ": changed"
v0m:    .asciiz ", $v0 = "
        .text
main:   sw    $ra, realra
        sw    $sp, expect+100     # $sp itself must survive too

        # --- 1 print_int
        li    $t0, 0x001f1f1f
        mthi  $t0
        li    $t0, 0x5a202020
        mtlo  $t0
        li    $v1, 0x5a040404
        li    $a0, 12345
        li    $a1, 0x5a060606
        li    $a2, 0x00070707
        li    $a3, 0x5a080808
        li    $t0, 0x00090909
        li    $t1, 0x5a0a0a0a
        li    $t2, 0x000b0b0b
        li    $t3, 0x5a0c0c0c
        li    $t4, 0x000d0d0d
        li    $t5, 0x5a0e0e0e
        li    $t6, 0x000f0f0f
        li    $t7, 0x5a101010
        li    $t8, 0x00111111
        li    $t9, 0x5a121212
        li    $s0, 0x00131313
        li    $s1, 0x5a141414
        li    $s2, 0x00151515
        li    $s3, 0x5a161616
        li    $s4, 0x00171717
        li    $s5, 0x5a181818
        li    $s6, 0x00191919
        li    $s7, 0x5a1a1a1a
        li    $gp, 0x001b1b1b
        li    $fp, 0x001d1d1d
        li    $ra, 0x5a1e1e1e
        li    $v0, 1
        syscall
        sw    $v0, save+0
        sw    $v1, save+4
        sw    $a0, save+8
        sw    $a1, save+12
        sw    $a2, save+16
        sw    $a3, save+20
        sw    $t0, save+24
        sw    $t1, save+28
        sw    $t2, save+32
        sw    $t3, save+36
        sw    $t4, save+40
        sw    $t5, save+44
        sw    $t6, save+48
        sw    $t7, save+52
        sw    $t8, save+56
        sw    $t9, save+60
        sw    $s0, save+64
        sw    $s1, save+68
        sw    $s2, save+72
        sw    $s3, save+76
        sw    $s4, save+80
        sw    $s5, save+84
        sw    $s6, save+88
        sw    $s7, save+92
        sw    $gp, save+96
        sw    $sp, save+100
        sw    $fp, save+104
        sw    $ra, save+108
        mfhi  $t0
        sw    $t0, save+112
        mflo  $t0
        sw    $t0, save+116
        lw    $ra, realra
        li    $gp, 0x10008000
        li    $t0, 12345
        sw    $t0, expect+8
        li    $a0, 1
        li    $a1, 0
        jal   check
        li    $t0, 0x00050505
        sw    $t0, expect+8

        # --- 4 print_string
        li    $t0, 0x001f1f1f
        mthi  $t0
        li    $t0, 0x5a202020
        mtlo  $t0
        li    $v1, 0x5a040404
        la    $a0, msg
        li    $a1, 0x5a060606
        li    $a2, 0x00070707
        li    $a3, 0x5a080808
        li    $t0, 0x00090909
        li    $t1, 0x5a0a0a0a
        li    $t2, 0x000b0b0b
        li    $t3, 0x5a0c0c0c
        li    $t4, 0x000d0d0d
        li    $t5, 0x5a0e0e0e
        li    $t6, 0x000f0f0f
        li    $t7, 0x5a101010
        li    $t8, 0x00111111
        li    $t9, 0x5a121212
        li    $s0, 0x00131313
        li    $s1, 0x5a141414
        li    $s2, 0x00151515
        li    $s3, 0x5a161616
        li    $s4, 0x00171717
        li    $s5, 0x5a181818
        li    $s6, 0x00191919
        li    $s7, 0x5a1a1a1a
        li    $gp, 0x001b1b1b
        li    $fp, 0x001d1d1d
        li    $ra, 0x5a1e1e1e
        li    $v0, 4
        syscall
        sw    $v0, save+0
        sw    $v1, save+4
        sw    $a0, save+8
        sw    $a1, save+12
        sw    $a2, save+16
        sw    $a3, save+20
        sw    $t0, save+24
        sw    $t1, save+28
        sw    $t2, save+32
        sw    $t3, save+36
        sw    $t4, save+40
        sw    $t5, save+44
        sw    $t6, save+48
        sw    $t7, save+52
        sw    $t8, save+56
        sw    $t9, save+60
        sw    $s0, save+64
        sw    $s1, save+68
        sw    $s2, save+72
        sw    $s3, save+76
        sw    $s4, save+80
        sw    $s5, save+84
        sw    $s6, save+88
        sw    $s7, save+92
        sw    $gp, save+96
        sw    $sp, save+100
        sw    $fp, save+104
        sw    $ra, save+108
        mfhi  $t0
        sw    $t0, save+112
        mflo  $t0
        sw    $t0, save+116
        lw    $ra, realra
        li    $gp, 0x10008000
        la    $t0, msg
        sw    $t0, expect+8
        li    $a0, 4
        li    $a1, 0
        jal   check
        li    $t0, 0x00050505
        sw    $t0, expect+8

        # --- 11 print_char
        li    $t0, 0x001f1f1f
        mthi  $t0
        li    $t0, 0x5a202020
        mtlo  $t0
        li    $v1, 0x5a040404
        li    $a0, 10
        li    $a1, 0x5a060606
        li    $a2, 0x00070707
        li    $a3, 0x5a080808
        li    $t0, 0x00090909
        li    $t1, 0x5a0a0a0a
        li    $t2, 0x000b0b0b
        li    $t3, 0x5a0c0c0c
        li    $t4, 0x000d0d0d
        li    $t5, 0x5a0e0e0e
        li    $t6, 0x000f0f0f
        li    $t7, 0x5a101010
        li    $t8, 0x00111111
        li    $t9, 0x5a121212
        li    $s0, 0x00131313
        li    $s1, 0x5a141414
        li    $s2, 0x00151515
        li    $s3, 0x5a161616
        li    $s4, 0x00171717
        li    $s5, 0x5a181818
        li    $s6, 0x00191919
        li    $s7, 0x5a1a1a1a
        li    $gp, 0x001b1b1b
        li    $fp, 0x001d1d1d
        li    $ra, 0x5a1e1e1e
        li    $v0, 11
        syscall
        sw    $v0, save+0
        sw    $v1, save+4
        sw    $a0, save+8
        sw    $a1, save+12
        sw    $a2, save+16
        sw    $a3, save+20
        sw    $t0, save+24
        sw    $t1, save+28
        sw    $t2, save+32
        sw    $t3, save+36
        sw    $t4, save+40
        sw    $t5, save+44
        sw    $t6, save+48
        sw    $t7, save+52
        sw    $t8, save+56
        sw    $t9, save+60
        sw    $s0, save+64
        sw    $s1, save+68
        sw    $s2, save+72
        sw    $s3, save+76
        sw    $s4, save+80
        sw    $s5, save+84
        sw    $s6, save+88
        sw    $s7, save+92
        sw    $gp, save+96
        sw    $sp, save+100
        sw    $fp, save+104
        sw    $ra, save+108
        mfhi  $t0
        sw    $t0, save+112
        mflo  $t0
        sw    $t0, save+116
        lw    $ra, realra
        li    $gp, 0x10008000
        li    $t0, 10
        sw    $t0, expect+8
        li    $a0, 11
        li    $a1, 0
        jal   check
        li    $t0, 0x00050505
        sw    $t0, expect+8

        # --- 9 sbrk
        li    $t0, 0x001f1f1f
        mthi  $t0
        li    $t0, 0x5a202020
        mtlo  $t0
        li    $v1, 0x5a040404
        li    $a0, 16
        li    $a1, 0x5a060606
        li    $a2, 0x00070707
        li    $a3, 0x5a080808
        li    $t0, 0x00090909
        li    $t1, 0x5a0a0a0a
        li    $t2, 0x000b0b0b
        li    $t3, 0x5a0c0c0c
        li    $t4, 0x000d0d0d
        li    $t5, 0x5a0e0e0e
        li    $t6, 0x000f0f0f
        li    $t7, 0x5a101010
        li    $t8, 0x00111111
        li    $t9, 0x5a121212
        li    $s0, 0x00131313
        li    $s1, 0x5a141414
        li    $s2, 0x00151515
        li    $s3, 0x5a161616
        li    $s4, 0x00171717
        li    $s5, 0x5a181818
        li    $s6, 0x00191919
        li    $s7, 0x5a1a1a1a
        li    $gp, 0x001b1b1b
        li    $fp, 0x001d1d1d
        li    $ra, 0x5a1e1e1e
        li    $v0, 9
        syscall
        sw    $v0, save+0
        sw    $v1, save+4
        sw    $a0, save+8
        sw    $a1, save+12
        sw    $a2, save+16
        sw    $a3, save+20
        sw    $t0, save+24
        sw    $t1, save+28
        sw    $t2, save+32
        sw    $t3, save+36
        sw    $t4, save+40
        sw    $t5, save+44
        sw    $t6, save+48
        sw    $t7, save+52
        sw    $t8, save+56
        sw    $t9, save+60
        sw    $s0, save+64
        sw    $s1, save+68
        sw    $s2, save+72
        sw    $s3, save+76
        sw    $s4, save+80
        sw    $s5, save+84
        sw    $s6, save+88
        sw    $s7, save+92
        sw    $gp, save+96
        sw    $sp, save+100
        sw    $fp, save+104
        sw    $ra, save+108
        mfhi  $t0
        sw    $t0, save+112
        mflo  $t0
        sw    $t0, save+116
        lw    $ra, realra
        li    $gp, 0x10008000
        li    $t0, 16
        sw    $t0, expect+8
        li    $a0, 9
        li    $a1, 1
        jal   check
        li    $t0, 0x00050505
        sw    $t0, expect+8

        # --- 5 read_int
        li    $t0, 0x001f1f1f
        mthi  $t0
        li    $t0, 0x5a202020
        mtlo  $t0
        li    $v1, 0x5a040404
        li    $a0, 0x00050505
        li    $a1, 0x5a060606
        li    $a2, 0x00070707
        li    $a3, 0x5a080808
        li    $t0, 0x00090909
        li    $t1, 0x5a0a0a0a
        li    $t2, 0x000b0b0b
        li    $t3, 0x5a0c0c0c
        li    $t4, 0x000d0d0d
        li    $t5, 0x5a0e0e0e
        li    $t6, 0x000f0f0f
        li    $t7, 0x5a101010
        li    $t8, 0x00111111
        li    $t9, 0x5a121212
        li    $s0, 0x00131313
        li    $s1, 0x5a141414
        li    $s2, 0x00151515
        li    $s3, 0x5a161616
        li    $s4, 0x00171717
        li    $s5, 0x5a181818
        li    $s6, 0x00191919
        li    $s7, 0x5a1a1a1a
        li    $gp, 0x001b1b1b
        li    $fp, 0x001d1d1d
        li    $ra, 0x5a1e1e1e
        li    $v0, 5
        syscall
        sw    $v0, save+0
        sw    $v1, save+4
        sw    $a0, save+8
        sw    $a1, save+12
        sw    $a2, save+16
        sw    $a3, save+20
        sw    $t0, save+24
        sw    $t1, save+28
        sw    $t2, save+32
        sw    $t3, save+36
        sw    $t4, save+40
        sw    $t5, save+44
        sw    $t6, save+48
        sw    $t7, save+52
        sw    $t8, save+56
        sw    $t9, save+60
        sw    $s0, save+64
        sw    $s1, save+68
        sw    $s2, save+72
        sw    $s3, save+76
        sw    $s4, save+80
        sw    $s5, save+84
        sw    $s6, save+88
        sw    $s7, save+92
        sw    $gp, save+96
        sw    $sp, save+100
        sw    $fp, save+104
        sw    $ra, save+108
        mfhi  $t0
        sw    $t0, save+112
        mflo  $t0
        sw    $t0, save+116
        lw    $ra, realra
        li    $gp, 0x10008000
        li    $a0, 5
        li    $a1, 1
        jal   check

        # --- 8 read_string
        li    $t0, 0x001f1f1f
        mthi  $t0
        li    $t0, 0x5a202020
        mtlo  $t0
        li    $v1, 0x5a040404
        la    $a0, buf
        li    $a1, 16
        li    $a2, 0x00070707
        li    $a3, 0x5a080808
        li    $t0, 0x00090909
        li    $t1, 0x5a0a0a0a
        li    $t2, 0x000b0b0b
        li    $t3, 0x5a0c0c0c
        li    $t4, 0x000d0d0d
        li    $t5, 0x5a0e0e0e
        li    $t6, 0x000f0f0f
        li    $t7, 0x5a101010
        li    $t8, 0x00111111
        li    $t9, 0x5a121212
        li    $s0, 0x00131313
        li    $s1, 0x5a141414
        li    $s2, 0x00151515
        li    $s3, 0x5a161616
        li    $s4, 0x00171717
        li    $s5, 0x5a181818
        li    $s6, 0x00191919
        li    $s7, 0x5a1a1a1a
        li    $gp, 0x001b1b1b
        li    $fp, 0x001d1d1d
        li    $ra, 0x5a1e1e1e
        li    $v0, 8
        syscall
        sw    $v0, save+0
        sw    $v1, save+4
        sw    $a0, save+8
        sw    $a1, save+12
        sw    $a2, save+16
        sw    $a3, save+20
        sw    $t0, save+24
        sw    $t1, save+28
        sw    $t2, save+32
        sw    $t3, save+36
        sw    $t4, save+40
        sw    $t5, save+44
        sw    $t6, save+48
        sw    $t7, save+52
        sw    $t8, save+56
        sw    $t9, save+60
        sw    $s0, save+64
        sw    $s1, save+68
        sw    $s2, save+72
        sw    $s3, save+76
        sw    $s4, save+80
        sw    $s5, save+84
        sw    $s6, save+88
        sw    $s7, save+92
        sw    $gp, save+96
        sw    $sp, save+100
        sw    $fp, save+104
        sw    $ra, save+108
        mfhi  $t0
        sw    $t0, save+112
        mflo  $t0
        sw    $t0, save+116
        lw    $ra, realra
        li    $gp, 0x10008000
        la    $t0, buf
        sw    $t0, expect+8
        li    $t0, 16
        sw    $t0, expect+12
        li    $a0, 8
        li    $a1, 0
        jal   check
        li    $t0, 0x00050505
        sw    $t0, expect+8
        li    $t0, 0x5a060606
        sw    $t0, expect+12

        # --- 12 read_char
        li    $t0, 0x001f1f1f
        mthi  $t0
        li    $t0, 0x5a202020
        mtlo  $t0
        li    $v1, 0x5a040404
        li    $a0, 0x00050505
        li    $a1, 0x5a060606
        li    $a2, 0x00070707
        li    $a3, 0x5a080808
        li    $t0, 0x00090909
        li    $t1, 0x5a0a0a0a
        li    $t2, 0x000b0b0b
        li    $t3, 0x5a0c0c0c
        li    $t4, 0x000d0d0d
        li    $t5, 0x5a0e0e0e
        li    $t6, 0x000f0f0f
        li    $t7, 0x5a101010
        li    $t8, 0x00111111
        li    $t9, 0x5a121212
        li    $s0, 0x00131313
        li    $s1, 0x5a141414
        li    $s2, 0x00151515
        li    $s3, 0x5a161616
        li    $s4, 0x00171717
        li    $s5, 0x5a181818
        li    $s6, 0x00191919
        li    $s7, 0x5a1a1a1a
        li    $gp, 0x001b1b1b
        li    $fp, 0x001d1d1d
        li    $ra, 0x5a1e1e1e
        li    $v0, 12
        syscall
        sw    $v0, save+0
        sw    $v1, save+4
        sw    $a0, save+8
        sw    $a1, save+12
        sw    $a2, save+16
        sw    $a3, save+20
        sw    $t0, save+24
        sw    $t1, save+28
        sw    $t2, save+32
        sw    $t3, save+36
        sw    $t4, save+40
        sw    $t5, save+44
        sw    $t6, save+48
        sw    $t7, save+52
        sw    $t8, save+56
        sw    $t9, save+60
        sw    $s0, save+64
        sw    $s1, save+68
        sw    $s2, save+72
        sw    $s3, save+76
        sw    $s4, save+80
        sw    $s5, save+84
        sw    $s6, save+88
        sw    $s7, save+92
        sw    $gp, save+96
        sw    $sp, save+100
        sw    $fp, save+104
        sw    $ra, save+108
        mfhi  $t0
        sw    $t0, save+112
        mflo  $t0
        sw    $t0, save+116
        lw    $ra, realra
        li    $gp, 0x10008000
        li    $a0, 12
        li    $a1, 1
        jal   check

        lw    $ra, realra
        jr    $ra

# check(n, returns): compare save[] with expect[] ($v0 with n unless the call
# returns a value, which is printed instead) and print the result
check:  move  $t9, $a0
        move  $t8, $a1
        li    $v0, 4
        la    $a0, callm
        syscall
        li    $v0, 1
        move  $a0, $t9
        syscall
        # $v0 first
        lw    $t0, save
        bnez  $t8, ck_rest
        sw    $t9, expect       # a call without a result leaves $v0 = n
ck_rest:
        li    $t1, 0            # changed count
        li    $t2, 0            # index (skip $v0 when the call returns)
        beqz  $t8, ck_lp
        li    $t2, 1
ck_lp:  lw    $t3, nregs
        bge   $t2, $t3, ck_done
        sll   $t4, $t2, 2
        lw    $t5, save($t4)
        lw    $t6, expect($t4)
        beq   $t5, $t6, ck_nx
        bnez  $t1, ck_name
        li    $v0, 4
        la    $a0, chm
        syscall
ck_name:
        addiu $t1, $t1, 1
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $a0, '$'
        syscall
        li    $v0, 4
        la    $a0, names
        mul   $t7, $t2, 3
        addu  $a0, $a0, $t7
        syscall
ck_nx:  addiu $t2, $t2, 1
        j     ck_lp
ck_done:
        bnez  $t1, ck_v0
        li    $v0, 4
        la    $a0, okm
        syscall
ck_v0:  beqz  $t8, ck_end
        li    $v0, 4
        la    $a0, v0m
        syscall
        li    $v0, 1
        lw    $a0, save
        syscall
ck_end: li    $v0, 11
        li    $a0, 10
        syscall
        jr    $ra
