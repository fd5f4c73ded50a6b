# mod.s -- copy-on-write style dirty tracking with the Mod exception.
#
# Four pages are mapped clean (V=1, D=0).  The first store to each raises
# Mod (code 1) at the general vector; the handler finds the PTE through
# Context, sets D in it, rewrites the TLB entry in place (tlbp + tlbwi) and
# returns.  A store in a branch delay slot checks Cause.BD and EPC.
#
# run:
# run: --stats
# status: 0

        .ktext 0x80000000
refill:
        mfc0    $k0, $4
        lw      $k1, 0($k0)
        mtc0    $k1, $2
        tlbwr
        eret

        .ktext 0x80000180
general:
        mfc0    $k0, $13                # Cause
        srl     $k1, $k0, 2
        andi    $k1, $k1, 0x1f
        li      $k0, 1
        bne     $k1, $k0, not_mod
        # Mod: the store was to a clean page.  Record it, then make it dirty.
        lui     $k0, %hi(nmods)
        lw      $k1, %lo(nmods)($k0)
        addiu   $k1, $k1, 1
        sw      $k1, %lo(nmods)($k0)
        mfc0    $k1, $8                 # BadVAddr, for the log
        sw      $k1, %lo(lastbad)($k0)
        mfc0    $k1, $13
        sw      $k1, %lo(lastcause)($k0)
        mfc0    $k1, $14
        sw      $k1, %lo(lastepc)($k0)
        mfc0    $k0, $4                 # &PTE
        lw      $k1, 0($k0)
        ori     $k1, $k1, 0x400         # D
        sw      $k1, 0($k0)
        mtc0    $k1, $2                 # EntryLo
        tlbp                            # EntryHi holds the faulting VPN and ASID
        tlbwi
        eret
not_mod:
        j       unexpected

        .ktext 0x80001000
__start:
        lui     $s0, 0x8060
        mtc0    $s0, $4                 # PTEBase (PA 6 MiB)
        li      $s7, 0x1ffffc
        # VA 0x00400000 + 4K*i -> PA 0x00900000 + 4K*i, V only (clean).
        li      $s1, 0
map:
        sll     $t0, $s1, 12
        lui     $t1, 0x0040
        addu    $t1, $t1, $t0
        srl     $t2, $t1, 10
        and     $t2, $t2, $s7
        or      $t2, $t2, $s0
        lui     $t3, 0x0090
        addu    $t3, $t3, $t0
        ori     $t3, $t3, 0x200         # V, not D
        sw      $t3, 0($t2)
        addiu   $s1, $s1, 1
        li      $t4, 4
        bne     $s1, $t4, map

        # Read every page first: refills, no Mod.
        lui     $s2, 0x0040
        lw      $t0, 0($s2)
        lw      $t0, 0x1000($s2)
        lw      $t0, 0x2000($s2)
        lw      $t0, 0x3000($s2)
        jal     report

        # Write pages 0 and 1 twice: one Mod each.
        li      $t0, 7
        sw      $t0, 0($s2)
        sw      $t0, 4($s2)
        sw      $t0, 0x1000($s2)
        sw      $t0, 0x1004($s2)
        jal     report

        # A store in a delay slot: EPC must be the branch, BD set.
        .set    noreorder
        beq     $zero, $zero, after
        sw      $t0, 0x2000($s2)
        nop
after:
        .set    reorder
        jal     report
        la      $a0, msg_bd
        jal     puts
        lui     $t0, %hi(lastcause)
        lw      $a0, %lo(lastcause)($t0)
        srl     $a0, $a0, 31
        jal     putdec
        la      $a0, msg_epc_ok
        jal     puts
        lui     $t0, %hi(lastepc)
        lw      $t1, %lo(lastepc)($t0)
        la      $t2, after
        addiu   $t2, $t2, -12           # the beq: after - 12 (beq, sw, nop)
        li      $a0, 0
        bne     $t1, $t2, 1f
        li      $a0, 1
1:      jal     putdec
        jal     putnl

        li      $a0, 0
        j       halt

# report: print the Mod count and the last faulting address.
report:
        move    $s6, $ra
        la      $a0, msg_mods
        jal     puts
        lui     $t0, %hi(nmods)
        lw      $a0, %lo(nmods)($t0)
        jal     putdec
        la      $a0, msg_last
        jal     puts
        lui     $t0, %hi(lastbad)
        lw      $a0, %lo(lastbad)($t0)
        jal     puthex
        jal     putnl
        jr      $s6

        .include "console.inc"

        .kdata
nmods:     .word 0
lastbad:   .word 0
lastcause: .word 0
lastepc:   .word 0
msg_mods:  .asciiz "Mod exceptions: "
msg_last:  .asciiz ", last BadVAddr "
msg_bd:    .asciiz "store in a delay slot: Cause.BD="
msg_epc_ok: .asciiz ", EPC is the branch: "
