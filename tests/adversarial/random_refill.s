# random_refill.s -- random words in every CP0 register, then TLB refills.
#
# Pseudo-random words go to CP0 registers 0..31 (Status keeps EXL), then
# Status is cleared and Context gets a real page table, but the rest of the
# garbage stays: a random ASID in EntryHi, a random Wired (tlbwr then uses
# entries Wired..63 only), random Index, EntryLo, PTBR, Count, Compare.
# A Context-based refill handler (tlbwr) maps 24 pages on demand, which
# the kernel writes and sums twice; the sums and the number of refills are
# the bare machine's.
#
# run:
# status: 0
# bare: same

        .ktext 0x80000000
        lui     $k1, %hi(nrefills)
        lw      $k0, %lo(nrefills)($k1)
        addiu   $k0, $k0, 1
        sw      $k0, %lo(nrefills)($k1)
        mfc0    $k0, $4
        lw      $k1, 0($k0)
        mtc0    $k1, $2
        tlbwr
        eret
        .ktext 0x80000180
        j       adv_general

        .ktext 0x80001000
__start:
        la      $a0, m_title
        jal     puts
        li      $s7, 0x1234567
        li      $s1, 0
garbage:
        li      $t0, 12
        beq     $s1, $t0, g_next
        jal     rand
        la      $t1, g_insn
        lui     $t2, 0x4082             # mtc0 $v0, $0
        sll     $t3, $s1, 11
        or      $t2, $t2, $t3
        sw      $t2, 0($t1)
g_insn:
        nop
g_next:
        addiu   $s1, $s1, 1
        li      $t0, 32
        bne     $s1, $t0, garbage
        mtc0    $zero, $12
        lui     $t0, 0x8060             # PTEBase: a linear table at PA 6 MiB
        mtc0    $t0, $4
        mfc0    $a0, $10
        jal     puthex                  # the random EntryHi: its ASID is ours now
        li      $a0, ' '
        jal     putc
        mfc0    $a0, $6
        jal     putdec                  # Wired
        jal     putnl
        # PTEs for VA 0x10000000 + 4K*i -> PA 8 MiB + 4K*i, D V
        li      $s0, 0
pte:
        sll     $t0, $s0, 12
        lui     $t1, 0x1000
        addu    $t1, $t1, $t0
        srl     $t1, $t1, 10
        li      $t2, 0x1ffffc
        and     $t1, $t1, $t2
        lui     $t2, 0x8060
        or      $t1, $t1, $t2
        lui     $t3, 0x0080
        addu    $t3, $t3, $t0
        ori     $t3, $t3, 0x600
        sw      $t3, 0($t1)
        addiu   $s0, $s0, 1
        li      $t0, 24
        bne     $s0, $t0, pte
        li      $s6, 2
pass:
        li      $s0, 0
        li      $s1, 0
touch:
        sll     $t0, $s0, 12
        lui     $t1, 0x1000
        addu    $t1, $t1, $t0
        lw      $t2, 0x100($t1)
        addu    $t2, $t2, $s0
        sw      $t2, 0x100($t1)
        addu    $s1, $s1, $t2
        addiu   $s0, $s0, 1
        li      $t0, 24
        bne     $s0, $t0, touch
        move    $a0, $s1
        jal     putdec
        li      $a0, ' '
        jal     putc
        addiu   $s6, $s6, -1
        bnez    $s6, pass
        lui     $t0, %hi(nrefills)
        lw      $a0, %lo(nrefills)($t0)
        jal     putdec
        jal     putnl
        li      $a0, 0
        j       halt

rand:
        li      $t0, 1103515245
        mul     $s7, $s7, $t0
        addiu   $s7, $s7, 12345
        srl     $t0, $s7, 16
        sll     $v0, $s7, 16
        xor     $v0, $v0, $t0
        jr      $ra

        .include "adv.inc"

        .kdata
nrefills: .word 0
m_title:  .asciiz "random_refill: garbage in CP0, then refills\n"
