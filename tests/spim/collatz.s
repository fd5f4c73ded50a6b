# collatz.s -- reads n, prints its Collatz sequence (n even: n / 2 by srl,
# odd: 3n + 1), ten numbers a line, and ends with exit2 whose status is the
# number of steps (27 takes 111).
# status: 111
        .data
ask:    .asciiz "n = "
steps:  .asciiz "steps: "
peak:   .asciiz ", peak: "
        .text
main:   li    $v0, 4
        la    $a0, ask
        syscall
        li    $v0, 5
        syscall
        move  $s0, $v0
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $s1, 0            # steps
        move  $s2, $s0          # peak
        li    $s3, 0            # numbers on this line
step:   li    $v0, 1
        move  $a0, $s0
        syscall
        addi  $s3, $s3, 1
        li    $a0, ' '
        blt   $s3, 10, sep
        li    $s3, 0
        li    $a0, 10
sep:    li    $v0, 11
        syscall
        beq   $s0, 1, done
        andi  $t0, $s0, 1
        beqz  $t0, even
        mul   $s0, $s0, 3
        addi  $s0, $s0, 1
        j     count
even:   srl   $s0, $s0, 1
count:  addi  $s1, $s1, 1
        ble   $s0, $s2, step
        move  $s2, $s0
        j     step
done:   beqz  $s3, nonl
        li    $v0, 11
        li    $a0, 10
        syscall
nonl:   li    $v0, 4
        la    $a0, steps
        syscall
        li    $v0, 1
        move  $a0, $s1
        syscall
        li    $v0, 4
        la    $a0, peak
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        move  $a0, $s1
        li    $v0, 17
        syscall
