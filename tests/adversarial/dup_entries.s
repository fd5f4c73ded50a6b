# dup_entries.s -- duplicate TLB entries.
#
# Entries 5 and 9 both map VA 0x00600000 (5 to PFN 0x600, 9 to PFN 0x700).
# The machine uses the lower-numbered entry (docs/isa.md, a machine check),
# so the load reads PFN 0x600's word; then entry 5 becomes invalid (V = 0)
# and the load is a TLB-invalid exception.  This .out is the bare
# machine's.  The VMM must not let the later write of entry 9 replace
# entry 5's translation in the real TLB (vmm/tlb.c, vtlb_write installs
# an entry only if it is the one the machine would use for its page).
#
# run:
# status: 0
# bare: same

        .ktext 0x80000000
        j       adv_refill
        .ktext 0x80000180
        j       adv_general

        .ktext 0x80001000
__start:
        la      $a0, m_title
        jal     puts
        li      $t0, 0x80600000
        li      $t1, 0x600
        sw      $t1, 0($t0)
        li      $t0, 0x80700000
        li      $t1, 0x700
        sw      $t1, 0($t0)
        li      $s0, 0x00600000
        mtc0    $s0, $10
        li      $t0, 0x00600600
        mtc0    $t0, $2
        li      $t0, 5
        mtc0    $t0, $0
        tlbwi
        li      $t0, 0x00700600
        mtc0    $t0, $2
        li      $t0, 9
        mtc0    $t0, $0
        tlbwi
        li      $t1, 0
        lw      $t1, 0($s0)
        move    $a0, $t1
        jal     puthex
        jal     putnl
        li      $t0, 0x00600000         # entry 5: V = 0
        mtc0    $t0, $2
        li      $t0, 5
        mtc0    $t0, $0
        tlbwi
        li      $t1, 0
        lw      $t1, 0($s0)
        move    $a0, $t1
        jal     puthex
        jal     putnl
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
m_title:  .asciiz "dup_entries: the lowest-numbered entry wins\n"
