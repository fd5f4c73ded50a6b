# walker_ptbr.s -- a PTBR outside the VM's memory (walker, shadow paging).
#
# The kernel (16 MiB, hardware walker with 2 levels) sets PTBR to
# guest-physical addresses where it has no memory: 0x01000000 (the first
# frame past its memory), 0x02fff000 (inside a three-VM machine, where
# another VM's frames are), 0x1fd00000 (the device window) and
# 0xfffff000, and each time loads, stores and jumps through a kuseg page.
# The walker cannot read the root table there: each access is a bus error
# (DBE, IBE for the fetch) with BadVAddr untouched, exactly as on the bare
# machine with 16 MiB, and PTBR reads back what was written (low bits too).
# Under the VMM a PTBR write traps and gets a shadow root that stays empty.
# Then a root table in its own memory works: the page it maps is read and
# written, and the walker's A and D bits appear in its entries.
#
# run: --mmu walker --paging shadow
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
        la      $s0, ptbrs
        li      $s1, 0
next:
        sll     $t0, $s1, 2
        addu    $t0, $t0, $s0
        lw      $s2, 0($t0)
        la      $a0, m_ptbr
        jal     puts
        move    $a0, $s2
        jal     puthex
        jal     putnl
        mtc0    $s2, $22                # PTBR
        mfc0    $a0, $22
        jal     puthex
        jal     putnl
        lui     $s4, 0x0040             # VA 0x00400000
        li      $s3, 0x5a5a5a5a
        lw      $s3, 0x10($s4)          # load: DBE
        la      $a0, m_loaded
        jal     puts
        move    $a0, $s3
        jal     puthex
        jal     putnl
        li      $t0, 0x1234
        sw      $t0, 0x20($s4)          # store: DBE
        sb      $t0, 0x21($s4)
        la      $t0, back
        lui     $t1, %hi(adv_resume)
        sw      $t0, %lo(adv_resume)($t1)
        jr      $s4                     # fetch: IBE
back:
        lui     $t1, %hi(adv_resume)
        sw      $zero, %lo(adv_resume)($t1)
        addiu   $s1, $s1, 1
        li      $t3, 5
        bne     $s1, $t3, next

        # A root table of its own at PA 0x00400000: VA 0x00400000 -> leaf
        # table 0x00401000 -> page 0x00500000 (P W U at both levels).
        li      $t0, 0x80400000
        li      $t1, 0x00401007
        sw      $t1, 4($t0)             # root[1]
        li      $t0, 0x80401000
        li      $t1, 0x00500007
        sw      $t1, 0($t0)             # leaf[0]
        li      $t0, 0x80500000
        li      $t1, 0xcafe0001
        sw      $t1, 0x10($t0)          # a marker in the page
        la      $a0, m_own
        jal     puts
        li      $t0, 0x00400000
        mtc0    $t0, $22
        lui     $s4, 0x0040
        lw      $a0, 0x10($s4)          # the marker, through the tables
        jal     puthex
        jal     putnl
        li      $t0, 0x80401000
        lw      $a0, 0($t0)             # leaf[0]: A set, not D
        jal     puthex
        jal     putnl
        li      $t0, 0xbeef0002
        sw      $t0, 0x14($s4)          # a store through the tables
        li      $t0, 0x80500000
        lw      $a0, 0x14($t0)
        jal     puthex
        jal     putnl
        li      $t0, 0x80401000
        lw      $a0, 0($t0)             # leaf[0]: A and D
        jal     puthex
        jal     putnl
        li      $t0, 0x80400000
        lw      $a0, 4($t0)             # root[1]: A
        jal     puthex
        jal     putnl
        la      $a0, m_done
        jal     puts
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
ptbrs:    .word 0x01000000, 0x02fff000, 0x1fd00000, 0xfffff000, 0x01000abc
m_title:  .asciiz "walker_ptbr: root tables outside the VM's memory\n"
m_ptbr:   .asciiz "PTBR "
m_loaded: .asciiz "  loaded "
m_own:    .asciiz "a root table of its own:\n"
m_done:   .asciiz "done\n"
