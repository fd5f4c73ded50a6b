# refill.s -- a TLB refill handler that uses Context, the R3000 way.
#
# The kernel keeps a linear page table in kseg0 at PTEBase 0x80600000: the
# 4-byte PTE of virtual page n (in EntryLo format) is at PTEBase + 4n, which
# is exactly what Context holds after a TLB miss.  The refill handler is
# five instructions and an eret.  The kernel maps 8 pages at 0x10000000 to
# frames at PA 0x00800000, writes through the mapping and reads the frames
# back through kseg0.
#
# run: --stats
# run: --mem 12M
# status: 0

        .ktext 0x80000000
refill:
        lui     $k1, %hi(nrefills)
        lw      $k0, %lo(nrefills)($k1)
        addiu   $k0, $k0, 1
        sw      $k0, %lo(nrefills)($k1)
        mfc0    $k0, $4                 # Context: PTEBase | BadVPN << 2
        lw      $k1, 0($k0)             # the PTE
        mtc0    $k1, $2                 # EntryLo
        tlbwr
        eret

        .ktext 0x80000180
general:
        j       unexpected

        .ktext 0x80001000
__start:
        lui     $s0, 0x8060             # PTEBase, a kseg0 address (PA 6 MiB)
        mtc0    $s0, $4
        li      $s7, 0x1ffffc           # Context.BadVPN mask

        # Map VA 0x10000000 + 4K*i to PA 0x00800000 + 4K*i, D|V, i = 0..7.
        li      $s1, 0
map:
        sll     $t0, $s1, 12
        lui     $t1, 0x1000
        addu    $t1, $t1, $t0           # VA
        srl     $t2, $t1, 10
        and     $t2, $t2, $s7
        or      $t2, $t2, $s0           # &PTE
        lui     $t3, 0x0080
        addu    $t3, $t3, $t0
        ori     $t3, $t3, 0x600         # PFN | D | V
        sw      $t3, 0($t2)
        addiu   $s1, $s1, 1
        li      $t4, 8
        bne     $s1, $t4, map

        la      $a0, hello
        jal     puts

        # Write i*i + 1 to the first word of each page through the TLB.
        li      $s1, 0
        lui     $s2, 0x1000
write:
        mul     $t0, $s1, $s1
        addiu   $t0, $t0, 1
        sll     $t1, $s1, 12
        addu    $t1, $t1, $s2
        sw      $t0, 0($t1)
        addiu   $s1, $s1, 1
        li      $t4, 8
        bne     $s1, $t4, write

        # Sum them through the TLB and through kseg0 (PA 0x800000 = 0x80800000).
        li      $s1, 0
        li      $s3, 0                  # sum via the TLB
        li      $s4, 0                  # sum via kseg0
        lui     $s5, 0x8080
sum:
        sll     $t1, $s1, 12
        addu    $t2, $t1, $s2
        lw      $t0, 0($t2)
        addu    $s3, $s3, $t0
        addu    $t2, $t1, $s5
        lw      $t0, 0($t2)
        addu    $s4, $s4, $t0
        addiu   $s1, $s1, 1
        li      $t4, 8
        bne     $s1, $t4, sum

        la      $a0, msg_tlb
        jal     puts
        move    $a0, $s3
        jal     putdec
        la      $a0, msg_kseg0
        jal     puts
        move    $a0, $s4
        jal     putdec
        jal     putnl

        la      $a0, msg_refills
        jal     puts
        lui     $t0, %hi(nrefills)
        lw      $a0, %lo(nrefills)($t0)
        jal     putdec
        jal     putnl

        li      $a0, 0
        j       halt

        .include "console.inc"

        .kdata
nrefills: .word 0
hello:    .asciiz "refill: 8 pages mapped at 0x10000000 by a Context-based refill handler\n"
msg_tlb:  .asciiz "sum through the TLB: "
msg_kseg0: .asciiz ", through kseg0: "
msg_refills: .asciiz "TLB refills taken: "
