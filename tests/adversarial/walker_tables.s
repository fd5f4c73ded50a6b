# walker_tables.s -- page tables that point outside the VM's memory
# (walker, shadow paging).
#
# The kernel (16 MiB, hardware walker with 3 levels: 6/7/7, a level-0
# entry spans 64 MiB, a level-1 entry 512 KiB) builds a root table at PA
# 0x00400000 whose entries lead outside its memory, then loads, stores
# and jumps through each (under the VMM every entry is one the shadow must
# not follow into the machine):
#   VA 0x04000000: a level-1 table at 0x01000000, past its memory: DBE
#   VA 0x08000000: a level-1 table in the device window: DBE
#   VA 0x0c000000: leaves to frame 0x01000 (past its memory), 0x02fff
#     (another VM's, in a three-VM machine), 0xfffff: DBE, IBE; to the
#     console's frame 0x1fd00: a store prints "W", a load reads its
#     status; to its own last frame 0x00fff: that works
#   VA 0x10000000: a large page (L at level 0: 64 MiB from PA 0), half
#     inside its memory: its page at 8 MiB works, its page at 20 MiB is
#     DBE, as is a fetch there
#   VA 0x14000000: a large page at PA 0x1c000000 (the device window is at
#     +0x3d00000 in it): the console through a large page prints "L"
#   VA 0x18000000: a level-1 large page (512 KiB) at 0xfff80000: DBE
# Exactly as on the bare machine with 16 MiB.
#
# run: --mmu walker --paging shadow --levels 3
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
        # the tables, through kseg0
        li      $t0, 0x80400000         # root (64 entries)
        li      $t1, 0x01000007
        sw      $t1, 4($t0)             # [1] VA 0x04000000: table past memory
        li      $t1, 0x1fd00007
        sw      $t1, 8($t0)             # [2] VA 0x08000000: table in the devices
        li      $t1, 0x00401007
        sw      $t1, 12($t0)            # [3] VA 0x0c000000: level 1 at 0x00401000
        li      $t1, 0x00000087
        sw      $t1, 16($t0)            # [4] VA 0x10000000: large, PA 0
        li      $t1, 0x1c000087
        sw      $t1, 20($t0)            # [5] VA 0x14000000: large, PA 0x1c000000
        li      $t1, 0x00403007
        sw      $t1, 24($t0)            # [6] VA 0x18000000: level 1 at 0x00403000
        li      $t0, 0x80401000         # level 1 for VA 0x0c000000
        li      $t1, 0x00402007
        sw      $t1, 0($t0)             # [0] -> level 2 at 0x00402000
        li      $t0, 0x80403000         # level 1 for VA 0x18000000
        li      $t1, 0xfff80087
        sw      $t1, 0($t0)             # [0] large, 512 KiB at 0xfff80000
        li      $t0, 0x80402000         # level 2: the leaves
        la      $t2, leaves
        li      $t3, 5
1:      lw      $t1, 0($t2)
        sw      $t1, 0($t0)
        addiu   $t0, $t0, 4
        addiu   $t2, $t2, 4
        addiu   $t3, $t3, -1
        bnez    $t3, 1b
        li      $t0, 0x80fff000
        li      $t1, 0x0fff0fff
        sw      $t1, 0x10($t0)          # a marker in its last frame
        li      $t0, 0x80800000
        li      $t1, 0x00800800
        sw      $t1, 0x10($t0)          # a marker at 8 MiB
        li      $t0, 0x00400000
        mtc0    $t0, $22                # PTBR

        la      $s0, vas
        li      $s1, 0
touch:
        sll     $t0, $s1, 2
        addu    $t0, $t0, $s0
        lw      $s2, 0($t0)
        la      $a0, m_va
        jal     puts
        move    $a0, $s2
        jal     puthex
        jal     putnl
        li      $s3, 0x5a5a5a5a
        lw      $s3, 0x10($s2)          # load
        la      $a0, m_loaded
        jal     puts
        move    $a0, $s3
        jal     puthex
        jal     putnl
        li      $t0, 0x77
        sw      $t0, 0x20($s2)          # store
        la      $t0, back
        lui     $t1, %hi(adv_resume)
        sw      $t0, %lo(adv_resume)($t1)
        sll     $t0, $s1, 2
        la      $t1, fetch
        addu    $t0, $t0, $t1
        lw      $t0, 0($t0)
        beqz    $t0, back               # not into its own memory: it holds data
        jr      $s2                     # fetch
back:
        lui     $t1, %hi(adv_resume)
        sw      $zero, %lo(adv_resume)($t1)
        addiu   $s1, $s1, 1
        lw      $t3, nvas
        bne     $s1, $t3, touch

        # the console through a leaf and through a large page
        li      $t0, 0x0c003000         # leaf 3: frame 0x1fd00
        li      $t1, 'W'
        sb      $t1, 0($t0)
        li      $t1, '\n'
        sb      $t1, 0($t0)
        lw      $a0, 8($t0)             # its status
        jal     puthex
        jal     putnl
        li      $t0, 0x17d00000         # the large page at 0x1c000000, +0x3d00000
        li      $t1, 'L'
        sb      $t1, 0($t0)
        jal     putnl
        # the stores that worked
        li      $t0, 0x80fff000
        lw      $a0, 0x20($t0)
        jal     puthex
        jal     putnl
        li      $t0, 0x80800000
        lw      $a0, 0x20($t0)
        jal     puthex
        jal     putnl
        la      $a0, m_done
        jal     puts
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
leaves:   .word 0x01000007, 0x02fff007, 0xfffff007, 0x1fd00007, 0x00fff007
vas:      .word 0x04000000, 0x08000000, 0x0c000000, 0x0c001000, 0x0c002000
          .word 0x0c004000, 0x10800000, 0x11400000, 0x18000000
nvas:     .word 9
fetch:    .word 1, 1, 1, 1, 1, 0, 0, 1, 1   # jump there too (not into its own data)
m_title:  .asciiz "walker_tables: page tables that lead outside the VM's memory\n"
m_va:     .asciiz "VA "
m_loaded: .asciiz "  loaded "
m_done:   .asciiz "done\n"
