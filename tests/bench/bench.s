# bench.s -- the interpreter benchmark run by "make bench".
#
# CPU-bound kernel work: 16 pages of kuseg are mapped through the TLB
# (tlbwi into wired entries), then 1600 passes each read, mix and write
# back all 16384 words through those mappings: ALU work plus a load and a
# store per 11 instructions.  It prints a checksum (so the work cannot be
# skipped or go wrong unnoticed) and powers off.

        .ktext 0x80000180
general:
        j       unexpected

        .ktext 0x80001000
__start:
        # Map VA 0x00400000-0x0040ffff -> PA 0x00400000-0x0040ffff, wired.
        li      $t0, 16
        mtc0    $t0, $6                 # Wired = 16
        li      $s0, 0
        lui     $s1, 0x0040
map:
        mtc0    $s0, $0                 # Index
        mtc0    $s1, $10                # EntryHi: VPN, ASID 0
        ori     $t1, $s1, 0x600         # D | V
        mtc0    $t1, $2
        tlbwi
        addiu   $s0, $s0, 1
        addiu   $s1, $s1, 4096
        li      $t0, 16
        bne     $s0, $t0, map

        li      $s3, 0x9e3779b9         # mixing constants
        li      $s4, 0x7f4a7c15
        li      $s5, 0                  # checksum
        li      $s6, 1600               # passes
pass:
        lui     $a0, 0x0040             # start of the array
        lui     $a1, 0x0041             # end
inner:
        lw      $t0, 0($a0)
        addu    $t1, $t0, $s3
        xor     $t1, $t1, $s4
        sll     $t2, $t1, 3
        srl     $t3, $t1, 7
        addu    $t1, $t2, $t3
        sw      $t1, 0($a0)
        addu    $s5, $s5, $t1
        addiu   $a0, $a0, 4
        bne     $a0, $a1, inner
        addiu   $s3, $s3, 1
        addiu   $s6, $s6, -1
        bnez    $s6, pass

        la      $a0, msg
        jal     puts
        move    $a0, $s5
        jal     puthex
        jal     putnl
        li      $a0, 0
        j       halt

        .include "../kernel/console.inc"

        .kdata
msg:    .asciiz "bench: checksum "
