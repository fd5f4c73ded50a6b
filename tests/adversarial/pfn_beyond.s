# pfn_beyond.s -- TLB entries whose PFN is beyond the VM's memory.
#
# The kernel (16 MiB of memory, as a VM or a bare machine) maps pages to
# PFN 0x01000 (the first frame past its memory), 0x02fff (inside a
# three-VM machine, the last frame of another VM), 0xfffff (the top of the
# physical space) and 0x00fff (its own last frame), then loads, stores and
# jumps through them.  Beyond its memory it must see DBE (loads, stores)
# and IBE (the fetch), with BadVAddr untouched, exactly as the bare machine
# with 16 MiB; its own last frame works.  The entries stay in its TLB as
# written (tlbr, tlbp).
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
        li      $t0, 0xfeed0fff
        li      $t1, 0x80fff000         # our last frame, through kseg0
        sw      $t0, 0x800($t1)
        la      $s0, pfns
        li      $s1, 0                  # entry / page index
map:
        sll     $t0, $s1, 12
        lui     $t1, 0x0040
        addu    $t1, $t1, $t0
        mtc0    $t1, $10                # EntryHi: 0x00400000 + 4K*i, ASID 0
        sll     $t2, $s1, 2
        addu    $t2, $t2, $s0
        lw      $t2, 0($t2)
        sll     $t2, $t2, 12
        ori     $t2, $t2, 0x700         # D V G
        mtc0    $t2, $2
        mtc0    $s1, $0
        tlbwi
        addiu   $s1, $s1, 1
        li      $t3, 4
        bne     $s1, $t3, map

        li      $s1, 0
touch:
        la      $a0, m_page
        jal     puts
        move    $a0, $s1
        jal     putdec
        jal     putnl
        sll     $t0, $s1, 12
        lui     $s2, 0x0040
        addu    $s2, $s2, $t0
        li      $s3, 0x5a5a5a5a
        lw      $s3, 0x800($s2)         # load
        la      $a0, m_loaded
        jal     puts
        move    $a0, $s3
        jal     puthex
        jal     putnl
        li      $t0, 0x12345678
        sw      $t0, 0x10($s2)          # store
        sb      $t0, 0x11($s2)          # byte store
        la      $t0, back
        lui     $t1, %hi(adv_resume)
        sw      $t0, %lo(adv_resume)($t1)
        li      $t0, 3
        beq     $s1, $t0, back          # not into our own frame: it holds no code
        jr      $s2                     # fetch
back:
        lui     $t1, %hi(adv_resume)
        sw      $zero, %lo(adv_resume)($t1)
        addiu   $s1, $s1, 1
        li      $t3, 4
        bne     $s1, $t3, touch

        # our last frame got the stores through the mapping
        li      $t1, 0x80fff000
        lw      $a0, 0x10($t1)
        jal     puthex
        jal     putnl

        # the TLB holds what the kernel wrote
        li      $t0, 2
        mtc0    $t0, $0
        tlbr
        mfc0    $a0, $2
        jal     puthex
        jal     putnl
        mfc0    $a0, $10
        jal     puthex
        jal     putnl
        li      $t0, 0x00401000
        mtc0    $t0, $10
        tlbp
        mfc0    $a0, $0
        jal     putdec
        jal     putnl
        la      $a0, m_done
        jal     puts
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
pfns:     .word 0x01000, 0x02fff, 0xfffff, 0x00fff
m_title:  .asciiz "pfn_beyond: mappings past the VM's memory\n"
m_page:   .asciiz "page "
m_loaded: .asciiz "  loaded "
m_done:   .asciiz "done\n"
