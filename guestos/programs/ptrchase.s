# ptrchase.s -- a pointer chase through 4 MiB: a TLB stress test.
#
# What it shows
#   * TLB reach.  The TLB has 64 entries of one 4 KiB page each, so it maps
#     at most 256 KiB at a time.  This program allocates 4 MiB (1024 pages)
#     and links 65,536 nodes of 64 bytes (one cache line each) into ONE
#     cycle in a pseudo-random order, then follows the links.  Two
#     successive nodes are almost never on the same page, so nearly every
#     step misses in the TLB: with `--mmu soft` each miss runs the guest
#     OS's refill handler, with `--mmu walker` the hardware walks the page
#     table instead.  Compare `tlbvisor run --stats ptrchase.s` in both
#     modes, and with matmul.s, whose 12 pages fit in the TLB.
#   * Demand-zero paging of a large heap: sbrk(4 MiB) maps nothing; the
#     initialisation loop then touches the 1024 pages in order, and each
#     first touch is a page fault that maps a zeroed frame.
#   * Page tables for a big address space: 1024 mapped heap pages need
#     1024 PTEs (whole leaf tables of the walker's radix tree).
#
# How the cycle is made: node i starts linked to itself; Sattolo's
# algorithm (for i = N-1 down to 1: swap next[i] with next[j], j a random
# number in 0 .. i-1) turns that identity permutation into a single cycle
# through all N nodes.  The random numbers come from the linear
# congruential generator x = x * 1103515245 + 12345 (j = (x >> 8) mod i).
#
# Each node: word 0 = address of the next node, word 1 = the node's
# number.  The chase starts at node 0, walks the cycle 4 times (262,144
# steps), and hashes the node numbers it meets: h = 31h + number.
#
# Output: the cycle's length, the hash, and whether the chase ended back at
# node 0.  The output does not depend on where the heap is.
#
# Runs unchanged under SPIM, which needs a larger data segment limit for
# the 4 MiB heap:   spim -ldata 8000000 -quiet -file ptrchase.s
# and under tlbvisor:          tlbvisor run ptrchase.s
#
# N = 65536 nodes, 64 bytes each (SPIM has no .eqv: the constants are
# written out below: 65536, 64 = 1 << 6, 4194304 = N * 64).

        .data
s_len:  .asciiz "cycle length: "
s_hash: .asciiz "hash after 4 rounds: "
s_back: .asciiz "back at node 0: "
s_yes:  .asciiz "yes\n"
s_no:   .asciiz "no\n"

        .text
        .globl main
main:
        addiu   $sp, $sp, -12
        sw      $ra, 8($sp)
        sw      $s0, 4($sp)
        sw      $s1, 0($sp)

        li      $v0, 9              # $s0 = sbrk(4 MiB): the nodes
        li      $a0, 4194304
        syscall
        move    $s0, $v0

        # node[i].next = &node[i], node[i].number = i.  This loop touches the
        # 1024 heap pages in order: 1024 demand-zero page faults.
        li      $t0, 0              # i
        move    $t1, $s0            # &node[i]
init:
        sw      $t1, 0($t1)
        sw      $t0, 4($t1)
        addiu   $t0, $t0, 1
        addiu   $t1, $t1, 64
        blt     $t0, 65536, init

        # Sattolo: for i = N-1 down to 1, swap node[i].next and node[j].next
        # with j = (x >> 8) mod i.  Two random pages per step.
        li      $t0, 65535          # i
        li      $t1, 1              # x, the seed
        li      $t2, 1103515245
shuffle:
        mul     $t1, $t1, $t2       # x = x * 1103515245 + 12345 (mod 2^32)
        addiu   $t1, $t1, 12345
        srl     $t3, $t1, 8
        remu    $t3, $t3, $t0       # j = (x >> 8) mod i, in 0 .. i-1
        sll     $t4, $t0, 6         # $t4 = &node[i]
        addu    $t4, $s0, $t4
        sll     $t5, $t3, 6         # $t5 = &node[j]
        addu    $t5, $s0, $t5
        lw      $t6, 0($t4)         # swap their next links
        lw      $t7, 0($t5)
        sw      $t7, 0($t4)
        sw      $t6, 0($t5)
        addiu   $t0, $t0, -1
        bnez    $t0, shuffle

        # The cycle's length: follow the links from node 0 until back at it.
        li      $t0, 0
        move    $t1, $s0
length:
        lw      $t1, 0($t1)
        addiu   $t0, $t0, 1
        bne     $t1, $s0, length
        li      $v0, 4
        la      $a0, s_len
        syscall
        li      $v0, 1
        move    $a0, $t0
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall

        # The chase: 4 rounds of 65536 steps, hashing the node numbers.
        li      $t0, 262144         # steps to go
        move    $t1, $s0            # p = &node[0]
        li      $t2, 0              # h
        li      $t3, 31
chase:
        lw      $t4, 4($t1)         # h = 31h + p->number
        mul     $t2, $t2, $t3
        addu    $t2, $t2, $t4
        lw      $t1, 0($t1)         # p = p->next: almost always a TLB miss
        addiu   $t0, $t0, -1
        bnez    $t0, chase
        move    $s1, $t1

        li      $v0, 4
        la      $a0, s_hash
        syscall
        li      $v0, 1
        move    $a0, $t2
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall
        li      $v0, 4
        la      $a0, s_back
        syscall
        la      $a0, s_yes
        beq     $s1, $s0, back
        la      $a0, s_no
back:
        li      $v0, 4
        syscall

        lw      $s1, 0($sp)
        lw      $s0, 4($sp)
        lw      $ra, 8($sp)
        addiu   $sp, $sp, 12
        jr      $ra
