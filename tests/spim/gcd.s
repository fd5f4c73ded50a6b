# gcd.s -- an interactive homework loop: prompts for two numbers (read_int)
# until both are 0, prints gcd (Euclid with rem, signs dropped with abs) and
# lcm (divu first; a product too big for 32 bits wraps), and whether the
# first one is prime.  The first line holds two numbers: read_int takes the
# first and drops the rest of the line.
        .data
prompt: .asciiz "a b? "
gcdm:   .asciiz "gcd = "
lcmm:   .asciiz ", lcm = "
primem: .asciiz ", a is prime: "
bye:    .asciiz "bye\n"
        .text
main:
again:  li    $v0, 4
        la    $a0, prompt
        syscall
        li    $v0, 5
        syscall
        move  $s0, $v0
        li    $v0, 5
        syscall
        move  $s1, $v0
        li    $v0, 1            # echo them: the input is not a terminal
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        or    $t0, $s0, $s1
        beqz  $t0, quit

        abs   $a0, $s0
        abs   $a1, $s1
        jal   gcd
        move  $s2, $v0
        li    $v0, 4
        la    $a0, gcdm
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 4
        la    $a0, lcmm
        syscall
        li    $a0, 0            # lcm(0, x) = 0
        beqz  $s2, pr_lcm
        abs   $t0, $s0
        abs   $t1, $s1
        divu  $t0, $t0, $s2
        mul   $a0, $t0, $t1
pr_lcm: li    $v0, 1
        syscall
        li    $v0, 4
        la    $a0, primem
        syscall
        move  $a0, $s0
        jal   isprime
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        j     again

quit:   li    $v0, 4
        la    $a0, bye
        syscall
        li    $v0, 10
        syscall

# gcd(a, b), a, b >= 0: while b != 0: (a, b) = (b, a rem b)
gcd:    beqz  $a1, gcd_end
        rem   $t0, $a0, $a1
        move  $a0, $a1
        move  $a1, $t0
        j     gcd
gcd_end:
        move  $v0, $a0
        jr    $ra

# isprime(n): trial division by odd d while d * d <= n (unsigned)
isprime:
        li    $v0, 0
        blt   $a0, 2, ip_ret
        li    $v0, 1
        blt   $a0, 4, ip_ret
        andi  $t0, $a0, 1
        li    $v0, 0
        beqz  $t0, ip_ret
        li    $t1, 3
ip_lp:  mul   $t2, $t1, $t1
        li    $v0, 1
        bgtu  $t2, $a0, ip_ret   # unsigned: d * d may pass INT_MAX
        divu  $a0, $t1          # two operands: HI = remainder
        mfhi  $t3
        li    $v0, 0
        beqz  $t3, ip_ret
        addiu $t1, $t1, 2
        j     ip_lp
ip_ret: jr    $ra
