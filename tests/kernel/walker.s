# walker.s -- demand paging on the hardware walker.
#
# The kernel reads Config to learn how many levels the walker uses, builds
# the radix table lazily: a page fault (TLBL/TLBS at the general vector)
# allocates the missing tables and a zeroed frame, and returns.  The walker
# sets A and D by itself; the kernel prints them.  Unmapping a page and
# writing its address to InvVA makes the next access fault again.
#
# run: --mmu walker
# run: --mmu walker --levels 3
# run: --mmu walker --levels 4 --stats
# status: 0

        .ktext 0x80000180
general:
        .set    noat
        lui     $k0, %hi(save)
        addiu   $k0, $k0, %lo(save)
        sw      $at, 0($k0)
        sw      $t0, 4($k0)
        sw      $t1, 8($k0)
        sw      $t2, 12($k0)
        sw      $t3, 16($k0)
        sw      $t4, 20($k0)
        sw      $t5, 24($k0)
        sw      $t6, 28($k0)
        sw      $t7, 32($k0)
        sw      $t8, 36($k0)
        sw      $t9, 40($k0)
        sw      $v0, 44($k0)
        sw      $v1, 48($k0)
        sw      $a0, 52($k0)
        sw      $ra, 56($k0)
        .set    at
        mfc0    $t0, $13
        srl     $t0, $t0, 2
        andi    $t0, $t0, 0x1f
        li      $t1, 2                  # TLBL
        beq     $t0, $t1, page_fault
        li      $t1, 3                  # TLBS
        beq     $t0, $t1, page_fault
        j       unexpected
page_fault:
        lui     $t0, %hi(nfaults)
        lw      $t1, %lo(nfaults)($t0)
        addiu   $t1, $t1, 1
        sw      $t1, %lo(nfaults)($t0)
        mfc0    $a0, $8                 # BadVAddr
        jal     pte_for                 # $v0 = &leaf PTE, tables allocated
        lw      $t0, 0($v0)
        andi    $t0, $t0, 1
        bnez    $t0, unexpected         # present: not a demand fault
        jal     alloc_frame
        ori     $t0, $v1, 7             # P | W | U
        sw      $t0, 0($v0)
        lui     $k0, %hi(save)
        addiu   $k0, $k0, %lo(save)
        .set    noat
        lw      $at, 0($k0)
        lw      $t0, 4($k0)
        lw      $t1, 8($k0)
        lw      $t2, 12($k0)
        lw      $t3, 16($k0)
        lw      $t4, 20($k0)
        lw      $t5, 24($k0)
        lw      $t6, 28($k0)
        lw      $t7, 32($k0)
        lw      $t8, 36($k0)
        lw      $t9, 40($k0)
        lw      $v0, 44($k0)
        lw      $v1, 48($k0)
        lw      $a0, 52($k0)
        lw      $ra, 56($k0)
        .set    at
        eret

# alloc_frame: $v1 = the PA of a fresh (zero) 4 KiB frame.  Clobbers $t9.
alloc_frame:
        lui     $t9, %hi(next_frame)
        lw      $v1, %lo(next_frame)($t9)
        addiu   $v1, $v1, 4096
        sw      $v1, %lo(next_frame)($t9)
        addiu   $v1, $v1, -4096
        jr      $ra

# pte_for: $v0 = the kseg0 address of the leaf PTE for VA $a0, allocating
# missing tables (P | W | U).  Clobbers $t0-$t9, $v1.
pte_for:
        move    $t6, $ra
        mfc0    $t0, $16
        andi    $t0, $t0, 7             # levels
        mfc0    $t1, $22                # PTBR
        lui     $t2, 0x8000
        or      $t1, $t1, $t2           # the root table, in kseg0
        srl     $t3, $a0, 12            # VPN
        la      $t4, splits
        sll     $t5, $t0, 5             # 8 words per level count
        addu    $t4, $t4, $t5
        li      $t5, 0
pte_level:
        lw      $t7, 0($t4)             # shift
        srlv    $t8, $t3, $t7
        lw      $t7, 16($t4)            # index mask
        and     $t8, $t8, $t7
        sll     $t8, $t8, 2
        addu    $v0, $t1, $t8           # &PTE at this level
        addiu   $t5, $t5, 1
        beq     $t5, $t0, pte_done
        lw      $t7, 0($v0)
        andi    $t8, $t7, 1
        bnez    $t8, pte_next
        jal     alloc_frame
        ori     $t7, $v1, 7
        sw      $t7, 0($v0)
pte_next:
        srl     $t1, $t7, 12
        sll     $t1, $t1, 12
        lui     $t8, 0x8000
        or      $t1, $t1, $t8
        addiu   $t4, $t4, 4
        b       pte_level
pte_done:
        jr      $t6

        .ktext 0x80001000
__start:
        jal     alloc_frame
        mtc0    $v1, $22                # PTBR = an empty root table

        la      $a0, msg_hello
        jal     puts

        la      $s0, vas
        lw      $t0, 0($s0)
        lw      $s5, 0($t0)             # page 0: read only
        li      $s1, 1
        li      $s2, 0                  # expected sum
store:
        sll     $t0, $s1, 2
        addu    $t0, $t0, $s0
        lw      $t0, 0($t0)
        li      $t1, 11
        mul     $t1, $t1, $s1
        sw      $t1, 0($t0)
        addu    $s2, $s2, $t1
        addiu   $s1, $s1, 1
        li      $t2, 5
        bne     $s1, $t2, store

        li      $s1, 1
        li      $s3, 0
load:
        sll     $t0, $s1, 2
        addu    $t0, $t0, $s0
        lw      $t0, 0($t0)
        lw      $t1, 0($t0)
        addu    $s3, $s3, $t1
        addiu   $s1, $s1, 1
        li      $t2, 5
        bne     $s1, $t2, load

        la      $a0, msg_sum
        jal     puts
        move    $a0, $s3
        jal     putdec
        la      $a0, msg_read0
        jal     puts
        move    $a0, $s5
        jal     putdec
        jal     report_faults

        # A and D of the read page and of a written page.
        lw      $a0, 0($s0)
        jal     show_ad
        lw      $a0, 4($s0)
        jal     show_ad

        # Unmap page 1, drop it from the TLB, touch it again.
        lw      $a0, 4($s0)
        jal     pte_for
        sw      $zero, 0($v0)
        lw      $t0, 4($s0)
        mtc0    $t0, $23                # InvVA
        lw      $s4, 0($t0)
        la      $a0, msg_unmap
        jal     puts
        move    $a0, $s4
        jal     putdec
        jal     report_faults

        li      $a0, 0
        j       halt

report_faults:
        move    $s7, $ra
        la      $a0, msg_faults
        jal     puts
        lui     $t0, %hi(nfaults)
        lw      $a0, %lo(nfaults)($t0)
        jal     putdec
        jal     putnl
        jr      $s7

# show_ad: print "VA: A=x D=y" for the page at $a0.
show_ad:
        move    $s7, $ra
        move    $s6, $a0
        jal     pte_for
        lw      $s4, 0($v0)
        move    $a0, $s6
        jal     puthex
        la      $a0, msg_a
        jal     puts
        srl     $a0, $s4, 5
        andi    $a0, $a0, 1
        jal     putdec
        la      $a0, msg_d
        jal     puts
        srl     $a0, $s4, 6
        andi    $a0, $a0, 1
        jal     putdec
        jal     putnl
        jr      $s7

        .include "console.inc"

        .kdata
nfaults:    .word 0
next_frame: .word 0x00800000
save:       .space 64
vas:        .word 0x00400000, 0x00401000, 0x10000000, 0x7fffe000, 0xc0001000
# Per level count n (rows 0 and 1 unused): four shifts of the VPN, then
# four index masks, upper level first.
splits:
        .word 0, 0, 0, 0,      0, 0, 0, 0
        .word 0, 0, 0, 0,      0, 0, 0, 0
        .word 10, 0, 0, 0,     0x3ff, 0x3ff, 0, 0
        .word 14, 7, 0, 0,     0x3f, 0x7f, 0x7f, 0
        .word 15, 10, 5, 0,    0x1f, 0x1f, 0x1f, 0x1f
msg_hello:  .asciiz "walker: radix page tables (as deep as Config says), built on demand\n"
msg_sum:    .asciiz "sum of the written pages: "
msg_read0:  .asciiz ", read-only page reads "
msg_faults: .asciiz ", page faults: "
msg_a:      .asciiz ": A="
msg_d:      .asciiz " D="
msg_unmap:  .asciiz "after unmap + InvVA the page reads "
