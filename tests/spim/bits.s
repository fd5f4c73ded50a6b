# bits.s -- bit manipulation: binary printing, population count, rol/ror,
# and/or/xor/nor with registers and immediates, xor swap, sign extension
# with sll/sra, a byte swap, little-endian byte order seen through lbu/lhu
# after sw, shifts by a register amount written sll/srl/sra, powers of
# two, and print_char of values above 255.
        .data
vals:   .word 0, 1, 0x80000000, 0xf0f0f0f0, 12345, -2, 0x7fffffff
nvals:  .word 7
word:   .word 0
bm:     .asciiz " bits="
rolm:   .asciiz "rol/ror 0x80000001 by 1, 4, 31: "
logm:   .asciiz "and/or/xor/nor 0x0ff0, 0x3c3c: "
immm:   .asciiz "andi/ori/xori 0xabcd with 0x00ff: "
swpm:   .asciiz "xor swap 111, 222 -> "
sexm:   .asciiz "sign-extend the low byte 0x80, 0x7f, low half 0x8001: "
bswm:   .asciiz "byte swap 0x11223344 = "
endm:   .asciiz "bytes of 0x11223344 in memory: "
hlfm:   .asciiz "halves: "
shm:    .asciiz "sll/srl/sra of -200 by $t1 = 3: "
p2m:    .asciiz "powers of two among 0..20:"
pcm:    .asciiz "print_char takes the low byte: "
        .align 2
hiword: .ascii "Hi!?"
        .text
main:   addiu $sp, $sp, -4
        sw    $ra, 0($sp)

        la    $s0, vals
        lw    $s1, nvals
bv_lp:  lw    $a0, 0($s0)
        jal   binary
        li    $v0, 4
        la    $a0, bm
        syscall
        lw    $a0, 0($s0)
        jal   popcount
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        addiu $s0, $s0, 4
        addiu $s1, $s1, -1
        bnez  $s1, bv_lp

        li    $v0, 4
        la    $a0, rolm
        syscall
        li    $s0, 0x80000001
        rol   $a0, $s0, 1
        jal   hexsp
        rol   $a0, $s0, 4
        jal   hexsp
        ror   $a0, $s0, 31
        jal   hexsp
        li    $t0, 1
        ror   $a0, $s0, $t0
        jal   hexsp
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $v0, 4
        la    $a0, logm
        syscall
        li    $s0, 0x0ff0
        li    $s1, 0x3c3c
        and   $a0, $s0, $s1
        jal   hexsp
        or    $a0, $s0, $s1
        jal   hexsp
        xor   $a0, $s0, $s1
        jal   hexsp
        nor   $a0, $s0, $s1
        jal   hexsp
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $v0, 4
        la    $a0, immm
        syscall
        li    $s0, 0xabcd
        andi  $a0, $s0, 0x00ff
        jal   hexsp
        ori   $a0, $s0, 0x00ff
        jal   hexsp
        xori  $a0, $s0, 0x00ff
        jal   hexsp
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $v0, 4
        la    $a0, swpm
        syscall
        li    $t0, 111
        li    $t1, 222
        xor   $t0, $t0, $t1
        xor   $t1, $t0, $t1
        xor   $t0, $t0, $t1
        li    $v0, 1
        move  $a0, $t0
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $t1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $v0, 4
        la    $a0, sexm
        syscall
        li    $t0, 0x1280
        sll   $t0, $t0, 24
        sra   $a0, $t0, 24
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $t0, 0x127f
        sll   $t0, $t0, 24
        sra   $a0, $t0, 24
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $t0, 0x18001
        sll   $t0, $t0, 16
        sra   $a0, $t0, 16
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $v0, 4
        la    $a0, bswm
        syscall
        li    $t0, 0x11223344
        srl   $t1, $t0, 24
        srl   $t2, $t0, 8
        andi  $t2, $t2, 0xff00
        or    $t1, $t1, $t2
        andi  $t2, $t0, 0xff00
        sll   $t2, $t2, 8
        or    $t1, $t1, $t2
        sll   $t2, $t0, 24
        or    $a0, $t1, $t2
        jal   hexsp
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $v0, 4
        la    $a0, endm
        syscall
        li    $t0, 0x11223344
        sw    $t0, word
        la    $s0, word
        li    $s1, 0
en_lp:  addu  $t1, $s0, $s1
        lbu   $a0, 0($t1)
        jal   hexsp
        addiu $s1, $s1, 1
        blt   $s1, 4, en_lp
        li    $v0, 4
        la    $a0, hlfm
        syscall
        lhu   $a0, word
        jal   hexsp
        lhu   $a0, word+2
        jal   hexsp
        li    $v0, 11
        li    $a0, 10
        syscall

        # shifts by an amount in a register, spelled sll/srl/sra (SPIM and
        # GNU as take them for sllv/srlv/srav)
        li    $v0, 4
        la    $a0, shm
        syscall
        li    $t0, -200
        li    $t1, 3
        sll   $a0, $t0, $t1
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        srl   $a0, $t0, $t1
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        sra   $a0, $t0, $t1
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        li    $v0, 4
        la    $a0, p2m
        syscall
        li    $s0, 0
p2_lp:  beqz  $s0, p2_no        # x & (x - 1) == 0, x != 0
        addiu $t0, $s0, -1
        and   $t0, $t0, $s0
        bnez  $t0, p2_no
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $s0
        syscall
p2_no:  addiu $s0, $s0, 1
        ble   $s0, 20, p2_lp
        li    $v0, 11
        li    $a0, 10
        syscall

        # print_char of a whole word (a common slip) prints its low byte
        li    $v0, 4
        la    $a0, pcm
        syscall
        li    $v0, 11
        lw    $a0, hiword       # 0x3f216948: prints 'H'
        syscall
        li    $a0, 0x141        # prints 'A'
        syscall
        li    $a0, -246         # 0xffffff0a: a newline
        syscall

        lw    $ra, 0($sp)
        addiu $sp, $sp, 4
        jr    $ra

# binary(x): 32 binary digits, a '_' every 8
binary: move  $t0, $a0
        li    $t1, 31
bn_lp:  srlv  $t2, $t0, $t1
        andi  $t2, $t2, 1
        addi  $a0, $t2, '0'
        li    $v0, 11
        syscall
        beqz  $t1, bn_end
        andi  $t3, $t1, 7
        bnez  $t3, bn_nx
        li    $a0, '_'
        syscall
bn_nx:  addi  $t1, $t1, -1
        j     bn_lp
bn_end: jr    $ra

# popcount(x): clear the lowest set bit until none is left
popcount:
        li    $v0, 0
pc_lp:  beqz  $a0, pc_end
        addiu $t0, $a0, -1
        and   $a0, $a0, $t0
        addiu $v0, $v0, 1
        j     pc_lp
pc_end: jr    $ra

# hexsp(x): x in hex without leading zeros, then a blank
hexsp:  move  $t0, $a0
        li    $v0, 11
        li    $a0, '0'
        syscall
        li    $a0, 'x'
        syscall
        li    $t1, 28
        li    $t3, 0            # printed a digit yet?
hx_lp:  srlv  $t2, $t0, $t1
        andi  $t2, $t2, 0xf
        bnez  $t2, hx_pr
        bnez  $t3, hx_pr
        bnez  $t1, hx_nx        # skip leading zeros, never the last digit
hx_pr:  li    $t3, 1
        addi  $a0, $t2, '0'
        ble   $t2, 9, hx_out
        addi  $a0, $t2, 87      # 'a' - 10
hx_out: syscall
hx_nx:  addi  $t1, $t1, -4
        bgez  $t1, hx_lp
        li    $a0, ' '
        syscall
        jr    $ra
