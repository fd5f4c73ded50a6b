# branches.s -- every branch pseudo-instruction students use, as a truth
# table over pairs of values chosen to tell signed from unsigned and < from
# <=: register-register (beq bne blt bgt ble bge bltu bgtu bleu bgeu),
# against zero (beqz bnez bltz bgez bgtz blez), and against immediates
# (blt $t, 5 ...); then bgezal/bltzal, jalr through a table of procedure
# addresses, and a counted loop with bnez.  (Written out by a small script
# once; edit it by hand.)
        .data
pairs:  .word 1, 2,  2, 1,  2, 2,  -1, 1,  1, -1,  0x80000000, 0x7fffffff,  0, 0,  7, 7,  5, -3
npairs: .word 9
hdr2:   .asciiz "a, b:  beq bne blt bgt ble bge bltu bgtu bleu bgeu | a: beqz bnez bltz bgez bgtz blez | a: blt5 ble5 bgt-3 bge-3 bltu100 bgeu100 bgtuMAX beq7 bne-1 bleu1\n"
comma:  .asciiz ", "
colon:  .asciiz ": "
bar:    .asciiz " |"
calls:  .asciiz "bgezal/bltzal on -4, 0, 9: "
jt:     .word proc_a, proc_b, proc_c
jalrm:  .asciiz "jalr through a table: "
loopm:  .asciiz "countdown: "
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)
        li    $v0, 4
        la    $a0, hdr2
        syscall
        la    $s2, pairs
        lw    $s3, npairs
row:    lw    $s0, 0($s2)
        lw    $s1, 4($s2)
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 4
        la    $a0, comma
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 4
        la    $a0, colon
        syscall
        jal   table
        li    $v0, 11
        li    $a0, 10
        syscall
        addiu $s2, $s2, 8
        addiu $s3, $s3, -1
        bnez  $s3, row

        # bgezal / bltzal: conditional calls
        li    $v0, 4
        la    $a0, calls
        syscall
        li    $s0, -4
        jal   linkcalls
        li    $s0, 0
        jal   linkcalls
        li    $s0, 9
        jal   linkcalls
        li    $v0, 11
        li    $a0, 10
        syscall

        # jalr through a table of addresses, in reverse order
        li    $v0, 4
        la    $a0, jalrm
        syscall
        li    $s0, 2
jl_lp:  sll   $t0, $s0, 2
        lw    $t1, jt($t0)
        jalr  $t1
        addiu $s0, $s0, -1
        bgez  $s0, jl_lp
        li    $v0, 11
        li    $a0, 10
        syscall

        # a counted loop: 10 down to 1
        li    $v0, 4
        la    $a0, loopm
        syscall
        li    $s0, 10
cd_lp:  li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        addi  $s0, $s0, -1
        bnez  $s0, cd_lp
        li    $v0, 11
        li    $a0, 10
        syscall

        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# linkcalls($s0): calls mark_ge (prints G) if $s0 >= 0 and mark_lt (L) if
# $s0 < 0, by bgezal and bltzal, then prints a blank
linkcalls:
        move  $s7, $ra
        bgezal $s0, mark_ge
        bltzal $s0, mark_lt
        li    $v0, 11
        li    $a0, ' '
        syscall
        jr    $s7
mark_ge: li   $v0, 11
        li    $a0, 'G'
        syscall
        jr    $ra
mark_lt: li   $v0, 11
        li    $a0, 'L'
        syscall
        jr    $ra

proc_a: li    $v0, 11
        li    $a0, 'a'
        syscall
        jr    $ra
proc_b: li    $v0, 11
        li    $a0, 'b'
        syscall
        jr    $ra
proc_c: li    $v0, 11
        li    $a0, 'c'
        syscall
        jr    $ra

# bit($a0): print " 1" or " 0"
bit:    move  $t9, $a0
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $t9
        syscall
        jr    $ra

# table: one row of the truth table for a = $s0, b = $s1
table:  move  $s6, $ra
        li    $a0, 1
        beq   $s0, $s1, t_beq
        li    $a0, 0
t_beq:
        jal   bit
        li    $a0, 1
        bne   $s0, $s1, t_bne
        li    $a0, 0
t_bne:
        jal   bit
        li    $a0, 1
        blt   $s0, $s1, t_blt
        li    $a0, 0
t_blt:
        jal   bit
        li    $a0, 1
        bgt   $s0, $s1, t_bgt
        li    $a0, 0
t_bgt:
        jal   bit
        li    $a0, 1
        ble   $s0, $s1, t_ble
        li    $a0, 0
t_ble:
        jal   bit
        li    $a0, 1
        bge   $s0, $s1, t_bge
        li    $a0, 0
t_bge:
        jal   bit
        li    $a0, 1
        bltu  $s0, $s1, t_bltu
        li    $a0, 0
t_bltu:
        jal   bit
        li    $a0, 1
        bgtu  $s0, $s1, t_bgtu
        li    $a0, 0
t_bgtu:
        jal   bit
        li    $a0, 1
        bleu  $s0, $s1, t_bleu
        li    $a0, 0
t_bleu:
        jal   bit
        li    $a0, 1
        bgeu  $s0, $s1, t_bgeu
        li    $a0, 0
t_bgeu:
        jal   bit
        li    $v0, 4
        la    $a0, bar
        syscall
        li    $a0, 1
        beqz  $s0, z_beqz
        li    $a0, 0
z_beqz:
        jal   bit
        li    $a0, 1
        bnez  $s0, z_bnez
        li    $a0, 0
z_bnez:
        jal   bit
        li    $a0, 1
        bltz  $s0, z_bltz
        li    $a0, 0
z_bltz:
        jal   bit
        li    $a0, 1
        bgez  $s0, z_bgez
        li    $a0, 0
z_bgez:
        jal   bit
        li    $a0, 1
        bgtz  $s0, z_bgtz
        li    $a0, 0
z_bgtz:
        jal   bit
        li    $a0, 1
        blez  $s0, z_blez
        li    $a0, 0
z_blez:
        jal   bit
        li    $v0, 4
        la    $a0, bar
        syscall
        li    $a0, 1
        blt   $s0, 5, i_0
        li    $a0, 0
i_0:
        jal   bit
        li    $a0, 1
        ble   $s0, 5, i_1
        li    $a0, 0
i_1:
        jal   bit
        li    $a0, 1
        bgt   $s0, -3, i_2
        li    $a0, 0
i_2:
        jal   bit
        li    $a0, 1
        bge   $s0, -3, i_3
        li    $a0, 0
i_3:
        jal   bit
        li    $a0, 1
        bltu  $s0, 100, i_4
        li    $a0, 0
i_4:
        jal   bit
        li    $a0, 1
        bgeu  $s0, 100, i_5
        li    $a0, 0
i_5:
        jal   bit
        li    $a0, 1
        bgtu  $s0, 0x7fffffff, i_6
        li    $a0, 0
i_6:
        jal   bit
        li    $a0, 1
        beq   $s0, 7, i_7
        li    $a0, 0
i_7:
        jal   bit
        li    $a0, 1
        bne   $s0, -1, i_8
        li    $a0, 0
i_8:
        jal   bit
        li    $a0, 1
        bleu  $s0, 1, i_9
        li    $a0, 0
i_9:
        jal   bit
        jr    $s6
