# intedge.s -- integer edge cases: INT_MIN / INT_MAX / -1 printed, li with
# big and negative constants, wrap-around with addu/subu (never add: that
# would trap on overflow), div/rem/mul pseudo-instructions with every sign
# combination, two-operand div with mfhi/mflo, divu/remu on "negative"
# numbers, mult/multu high words, sra vs srl, neg/abs/not, slt vs sltu.
        .data
nl:     .asciiz "\n"
sp:     .asciiz " "
m1:     .asciiz "INT_MIN INT_MAX -1 0: "
m2:     .asciiz "li: "
m3:     .asciiz "INT_MAX+1 INT_MIN-1 -INT_MIN (addu/subu): "
m4:     .asciiz "div/rem of (+-7, +-2): "
m5:     .asciiz "div $t0,$t1 (HI/LO) of -17,5: lo="
m5b:    .asciiz " hi="
m6:     .asciiz "divu/remu 0xfffffff0,16 and 7,0xffffffff: "
m7:     .asciiz "mul: "
m8:     .asciiz "mult hi/lo of 0x40000000*8 and -3*5: "
m9:     .asciiz "multu hi of 0xffffffff*0xffffffff: "
m10:    .asciiz "sra/srl of -64 by 3: "
m11:    .asciiz "neg/abs/not: "
m12:    .asciiz "slt/sltu of -1,1: "
m13:    .asciiz "INT_MIN / 2, INT_MIN rem 10, INT_MAX / -1: "
m14:    .asciiz "sum of 1..100000 (addu) and its low 16 bits: "
        .text
main:
        la    $a0, m1
        li    $v0, 4
        syscall
        li    $a0, 0x80000000
        jal   pint
        li    $a0, 0x7fffffff
        jal   pint
        li    $a0, -1
        jal   pint
        li    $a0, 0
        jal   pintnl

        la    $a0, m2
        li    $v0, 4
        syscall
        li    $a0, 0xdeadbeef
        jal   pint
        li    $a0, 0x12345678
        jal   pint
        li    $a0, -32768
        jal   pint
        li    $a0, 32768
        jal   pint
        li    $a0, 65535
        jal   pint
        li    $a0, 65536
        jal   pint
        li    $a0, -65536
        jal   pint
        li    $a0, -2147483648
        jal   pint
        li    $a0, 2000000000
        jal   pintnl

        la    $a0, m3
        li    $v0, 4
        syscall
        li    $t0, 0x7fffffff
        addiu $a0, $t0, 1       # addiu never traps
        jal   pint
        li    $t0, 0x80000000
        li    $t1, 1
        subu  $a0, $t0, $t1
        jal   pint
        li    $t0, 0x80000000
        negu  $a0, $t0
        jal   pintnl

        la    $a0, m4
        li    $v0, 4
        syscall
        li    $s0, 7
        li    $s1, 2
        jal   divrem            # 7, 2
        li    $s0, -7
        jal   divrem            # -7, 2
        li    $s1, -2
        jal   divrem            # -7, -2
        li    $s0, 7
        jal   divrem            # 7, -2
        la    $a0, nl
        li    $v0, 4
        syscall

        la    $a0, m5
        li    $v0, 4
        syscall
        li    $t0, -17
        li    $t1, 5
        div   $t0, $t1
        mflo  $a0
        li    $v0, 1
        syscall
        la    $a0, m5b
        li    $v0, 4
        syscall
        mfhi  $a0
        jal   pintnl

        la    $a0, m6
        li    $v0, 4
        syscall
        li    $t0, 0xfffffff0
        li    $t1, 16
        divu  $a0, $t0, $t1
        jal   pint
        remu  $a0, $t0, $t1
        jal   pint
        li    $t0, 7
        li    $t1, 0xffffffff
        divu  $a0, $t0, $t1
        jal   pint
        remu  $a0, $t0, $t1
        jal   pintnl

        la    $a0, m7
        li    $v0, 4
        syscall
        li    $t0, -12
        li    $t1, 12
        mul   $a0, $t0, $t1
        jal   pint
        li    $t0, 46341        # 46341^2 = 2147488281 wraps
        mul   $a0, $t0, $t0
        jal   pint
        li    $t0, -3
        mul   $a0, $t0, -3      # immediate operand
        jal   pint
        li    $t0, 100000
        mul   $a0, $t0, 100000  # low word of 10^10
        jal   pintnl

        la    $a0, m8
        li    $v0, 4
        syscall
        li    $t0, 0x40000000
        li    $t1, 8
        mult  $t0, $t1
        mfhi  $a0
        jal   pint
        mflo  $a0
        jal   pint
        li    $t0, -3
        li    $t1, 5
        mult  $t0, $t1
        mfhi  $a0
        jal   pint
        mflo  $a0
        jal   pintnl

        la    $a0, m9
        li    $v0, 4
        syscall
        li    $t0, 0xffffffff
        multu $t0, $t0
        mfhi  $a0
        jal   pint
        mflo  $a0
        jal   pintnl

        la    $a0, m10
        li    $v0, 4
        syscall
        li    $t0, -64
        sra   $a0, $t0, 3
        jal   pint
        srl   $a0, $t0, 3
        jal   pint
        li    $t1, 3
        srav  $a0, $t0, $t1
        jal   pint
        sll   $a0, $t0, 26
        jal   pintnl

        la    $a0, m11
        li    $v0, 4
        syscall
        li    $t0, 25
        neg   $a0, $t0
        jal   pint
        li    $t0, -25
        abs   $a0, $t0
        jal   pint
        li    $t0, 25
        abs   $a0, $t0
        jal   pint
        li    $t0, 0
        not   $a0, $t0
        jal   pint
        li    $t0, 0x0f0f0f0f
        not   $a0, $t0
        jal   pintnl

        la    $a0, m12
        li    $v0, 4
        syscall
        li    $t0, -1
        li    $t1, 1
        slt   $a0, $t0, $t1
        jal   pint
        sltu  $a0, $t0, $t1
        jal   pint
        slti  $a0, $t0, 0
        jal   pint
        sltiu $a0, $t0, 5
        jal   pintnl

        la    $a0, m13
        li    $v0, 4
        syscall
        li    $t0, 0x80000000
        li    $t1, 2
        div   $a0, $t0, $t1
        jal   pint
        li    $t1, 10
        rem   $a0, $t0, $t1
        jal   pint
        li    $t0, 0x7fffffff
        li    $t1, -1
        div   $a0, $t0, $t1
        jal   pintnl

        la    $a0, m14
        li    $v0, 4
        syscall
        li    $t0, 0
        li    $t1, 1
sum_lp: addu  $t0, $t0, $t1
        addiu $t1, $t1, 1
        ble   $t1, 100000, sum_lp
        move  $a0, $t0
        jal   pint
        andi  $a0, $t0, 0xffff
        jal   pintnl

        li    $v0, 10
        syscall

# pint(x): print x and a blank; pintnl(x): x and a newline
pint:   li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, sp
        syscall
        jr    $ra
pintnl: li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, nl
        syscall
        jr    $ra

# divrem: print "s0/s1=q r=r; " with the three-operand pseudo-instructions
divrem: div   $t0, $s0, $s1
        rem   $t1, $s0, $s1
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, '/'
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 11
        li    $a0, '='
        syscall
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $a0, 'r'
        syscall
        li    $a0, '='
        syscall
        li    $v0, 1
        move  $a0, $t1
        syscall
        li    $v0, 11
        li    $a0, ';'
        syscall
        li    $a0, ' '
        syscall
        jr    $ra
