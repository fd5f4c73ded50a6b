# primes.s -- the sieve of Eratosthenes over a 100,000-byte heap array.
#
# What it shows
#   * sbrk (syscall 9): the program asks the OS for 100,000 bytes of heap.
#     The OS only moves the break; no memory is mapped yet.  The heap
#     starts at 0x10020000 (after the data), and its 25 pages are mapped
#     one by one as the sieve first touches them (demand-zero paging).
#   * Zero-filled memory is a promise the OS keeps: the sieve never clears
#     its array, it relies on every byte of fresh heap being 0 ("maybe
#     prime").  A frame handed out without being cleared would show up
#     here as missing primes.
#   * Strided access: crossing out multiples of 2, 3, 5... walks the whole
#     array again and again, touching every page per pass.
#
# Output: the primes below 1000, ten a line, then how many primes there
# are below 100,000 and the largest of them.
#
# Runs unchanged under SPIM:   spim -quiet -file primes.s
# and under tlbvisor:          tlbvisor run primes.s

# The sieve covers the numbers 0 .. N-1 with N = 100000, and the primes
# below SHOW = 1000 are printed.  (SPIM has no .eqv, so the two constants
# are written out where they are used.)

        .data
s_head: .asciiz "primes below 1000:\n"
s_cnt:  .asciiz "primes below 100000: "
s_big:  .asciiz "largest: "

        .text
        .globl main
main:
        addiu   $sp, $sp, -20       # save the callee-saved registers we use
        sw      $ra, 16($sp)
        sw      $s0, 12($sp)
        sw      $s1, 8($sp)
        sw      $s2, 4($sp)
        sw      $s3, 0($sp)

        li      $v0, 9              # $s0 = sbrk(N): the sieve, 1 byte a number
        li      $a0, 100000
        syscall
        move    $s0, $v0

        # Sieve: sieve[k] != 0 means k is composite.  Fresh heap is zero.
        li      $t0, 2              # p = 2
sieve_p:
        mul     $t1, $t0, $t0       # while p*p < N
        bge     $t1, 100000, sieve_done
        addu    $t2, $s0, $t0       # if sieve[p] == 0 (p is prime)
        lbu     $t2, 0($t2)
        bnez    $t2, sieve_next
        li      $t3, 1
cross:                              # for m = p*p; m < N; m += p: sieve[m] = 1
        addu    $t2, $s0, $t1
        sb      $t3, 0($t2)
        addu    $t1, $t1, $t0
        blt     $t1, 100000, cross
sieve_next:
        addiu   $t0, $t0, 1
        b       sieve_p
sieve_done:

        li      $v0, 4              # print the primes below SHOW, ten a line
        la      $a0, s_head
        syscall
        li      $s1, 2              # k
        li      $s2, 0              # how many printed on this line
show:
        addu    $t0, $s0, $s1
        lbu     $t0, 0($t0)
        bnez    $t0, show_next
        beqz    $s2, show_num       # a space before every number but the first
        li      $v0, 11
        li      $a0, ' '
        syscall
show_num:
        li      $v0, 1
        move    $a0, $s1
        syscall
        addiu   $s2, $s2, 1
        blt     $s2, 10, show_next
        li      $v0, 11             # ten on this line: newline
        li      $a0, 10
        syscall
        li      $s2, 0
show_next:
        addiu   $s1, $s1, 1
        blt     $s1, 1000, show
        beqz    $s2, counted        # end the last, partial line
        li      $v0, 11
        li      $a0, 10
        syscall
counted:

        li      $s1, 2              # count the primes below N, remember the largest
        li      $s2, 0              # count
        li      $s3, 0              # largest
count:
        addu    $t0, $s0, $s1
        lbu     $t0, 0($t0)
        bnez    $t0, count_next
        addiu   $s2, $s2, 1
        move    $s3, $s1
count_next:
        addiu   $s1, $s1, 1
        blt     $s1, 100000, count

        li      $v0, 4
        la      $a0, s_cnt
        syscall
        li      $v0, 1
        move    $a0, $s2
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall
        li      $v0, 4
        la      $a0, s_big
        syscall
        li      $v0, 1
        move    $a0, $s3
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        lw      $s3, 0($sp)
        lw      $s2, 4($sp)
        lw      $s1, 8($sp)
        lw      $s0, 12($sp)
        lw      $ra, 16($sp)
        addiu   $sp, $sp, 20
        jr      $ra
