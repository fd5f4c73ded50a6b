# vm.s -- memory: frames, page tables, the TLB, and the kernel's access to
# user memory.
#
# Page tables are radix trees, the same code for both MMUs:
#   soft TLB: 2 levels, 10/10.  The leaf tables, seen through kseg2 at
#             PTEBASE, form the linear table Context indexes (R3000 style);
#             leaf entries are EntryLo values.
#   walker:   2, 3 or 4 levels as Config says (10/10, 6/7/7, 5/5/5/5),
#             leaf entries are the walker's PTEs.
# pt_levels, pt_shift[] and pt_mask[] (set at boot) describe the tree;
# pte_valid, pte_write and pte_user the leaf format.  Tables and pages are
# frames, reached by the kernel through kseg0.

        .ktext
# ---- frames ------------------------------------------------------------------------------
# frame_alloc: $v0 = the physical address of a free 4 KiB frame, or 0.
frame_alloc:
        lw      $v0, free_list
        beqz    $v0, 1f
        lui     $t0, 0x8000
        or      $t0, $t0, $v0
        lw      $t0, 0($t0)             # the next free frame
        sw      $t0, free_list
        b       2f
1:      lw      $v0, free_bump          # never used yet
        lw      $t0, mem_top
        sltu    $t1, $v0, $t0
        beqz    $t1, 3f
        addiu   $t0, $v0, 4096
        sw      $t0, free_bump
2:      li      $t2, 1
        j       frames_used             # (tail call: count it)
3:      li      $v0, 0
        jr      $ra

# frames_used: add $t2 to the frames in use (statistics, with the peak).
# Uses $t0, $t1 only.
frames_used:
        lw      $t0, stats_ptr
        lw      $t1, ST_FRAMES($t0)
        addu    $t1, $t1, $t2
        sw      $t1, ST_FRAMES($t0)
        lw      $t2, ST_FRAMES_PEAK($t0)
        sltu    $t2, $t2, $t1
        beqz    $t2, 1f
        sw      $t1, ST_FRAMES_PEAK($t0)
1:      jr      $ra

# frame_alloc_zero: the same, filled with zeros.
frame_alloc_zero:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)
        jal     frame_alloc
        beqz    $v0, 1f
        lui     $t0, 0x8000
        or      $t0, $t0, $v0           # its kseg0 address
        addiu   $t1, $t0, 4096
2:      sw      $zero, 0($t0)
        sw      $zero, 4($t0)
        sw      $zero, 8($t0)
        sw      $zero, 12($t0)
        sw      $zero, 16($t0)
        sw      $zero, 20($t0)
        sw      $zero, 24($t0)
        sw      $zero, 28($t0)
        addiu   $t0, $t0, 32
        bne     $t0, $t1, 2b
1:      lw      $ra, 4($sp)
        addiu   $sp, $sp, 8
        jr      $ra

# frame_free: give frame $a0 (physical) back.
frame_free:
        lui     $t0, 0x8000
        or      $t0, $t0, $a0
        lw      $t1, free_list
        sw      $t1, 0($t0)
        sw      $a0, free_list
        li      $t2, -1
        j       frames_used

# frame_copy: copy frame $a1 to frame $a0 (physical addresses).
frame_copy:
        lui     $t0, 0x8000
        or      $a0, $a0, $t0
        or      $a1, $a1, $t0
        addiu   $t2, $a1, 4096
1:      lw      $t0, 0($a1)
        lw      $t1, 4($a1)
        sw      $t0, 0($a0)
        sw      $t1, 4($a0)
        lw      $t0, 8($a1)
        lw      $t1, 12($a1)
        sw      $t0, 8($a0)
        sw      $t1, 12($a0)
        addiu   $a1, $a1, 16
        addiu   $a0, $a0, 16
        bne     $a1, $t2, 1b
        jr      $ra

# ---- page tables ----------------------------------------------------------------------------
# pt_index: $v0 = the index of VA $a1 at level $a0 (uses $t8, $t9).
pt_index:
        sll     $t8, $a0, 2
        lw      $t9, pt_shift($t8)
        srlv    $v0, $a1, $t9
        lw      $t9, pt_mask($t8)
        and     $v0, $v0, $t9
        jr      $ra

# pt_walk: $v0 = the kseg0 address of the leaf entry for VA $a1 in the tree
# whose root (kseg0) is $a0, creating missing tables if $a2 is nonzero.
# $v0 = 0 if a table is missing and $a2 = 0, or if memory ran out.
pt_walk:
        addiu   $sp, $sp, -24
        sw      $ra, 20($sp)
        sw      $s0, 16($sp)
        sw      $s1, 12($sp)
        sw      $s2, 8($sp)
        sw      $s3, 4($sp)
        move    $s0, $a0                # the table at this level
        move    $s1, $a1
        move    $s2, $a2
        li      $s3, 0                  # the level
1:      move    $a0, $s3
        move    $a1, $s1
        jal     pt_index
        sll     $v0, $v0, 2
        addu    $v0, $v0, $s0           # &entry
        lw      $t0, pt_levels
        addiu   $t0, $t0, -1
        beq     $s3, $t0, 9f            # the leaf level
        lw      $t1, 0($v0)
        andi    $t2, $t1, TBL_VALID
        bnez    $t2, 2f
        beqz    $s2, 8f                 # missing, and not asked to create it
        move    $s0, $v0                # (keep &entry across the call)
        jal     frame_alloc_zero
        beqz    $v0, 8f
        ori     $t1, $v0, TBL_BITS
        sw      $t1, 0($s0)
2:      srl     $t1, $t1, 12
        sll     $t1, $t1, 12
        lui     $t2, 0x8000
        or      $s0, $t1, $t2           # the next table, in kseg0
        addiu   $s3, $s3, 1
        b       1b
8:      li      $v0, 0
9:      lw      $s3, 4($sp)
        lw      $s2, 8($sp)
        lw      $s1, 12($sp)
        lw      $s0, 16($sp)
        lw      $ra, 20($sp)
        addiu   $sp, $sp, 24
        jr      $ra

# pte_make: $v0 = a leaf entry for frame $a0, writable if $a1 is nonzero.
pte_make:
        lw      $v0, pte_valid
        lw      $t0, pte_user
        or      $v0, $v0, $t0
        or      $v0, $v0, $a0
        beqz    $a1, 1f
        lw      $t0, pte_write
        or      $v0, $v0, $t0
1:      jr      $ra

# pt_map: in process $a0, map VA $a1 to leaf entry $a2.  $v0 = 1, or 0 if
# memory ran out.
pt_map:
        addiu   $sp, $sp, -16
        sw      $ra, 12($sp)
        sw      $s0, 8($sp)
        sw      $s1, 4($sp)
        sw      $s2, 0($sp)
        move    $s0, $a0
        move    $s1, $a1
        move    $s2, $a2
        lw      $a0, P_ROOT($s0)
        li      $a2, 1
        jal     pt_walk
        beqz    $v0, 1f
        sw      $s2, 0($v0)
        move    $a0, $s0
        move    $a1, $s1
        move    $a2, $s2
        jal     tlb_sync
        li      $v0, 1
1:      lw      $s2, 0($sp)
        lw      $s1, 4($sp)
        lw      $s0, 8($sp)
        lw      $ra, 12($sp)
        addiu   $sp, $sp, 16
        jr      $ra

# pt_visit: call $a3 for every valid leaf entry under the table $a0 (kseg0)
# at level $a1, whose first VA is $a2: $a3(&entry, VA, cookie), with the
# cookie in pt_cookie.  With pt_freeing set, the tables themselves are freed
# on the way out.  Recursive; the tree is at most 4 deep.  Most entries are
# empty (zero): the scan skips them in four instructions each.
pt_visit:
        addiu   $sp, $sp, -32
        sw      $ra, 28($sp)
        sw      $s0, 24($sp)
        sw      $s1, 20($sp)
        sw      $s2, 16($sp)
        sw      $s3, 12($sp)
        sw      $s4, 8($sp)
        sw      $s5, 4($sp)
        move    $s0, $a0
        move    $s1, $a1
        move    $s2, $a2
        move    $s3, $a3
        sll     $t0, $s1, 2
        lw      $s5, pt_mask($t0)
        addiu   $s5, $s5, 1             # entries in this table
        sll     $s5, $s5, 2
        addu    $s5, $s5, $s0           # the end of the table
        move    $s4, $s0                # the cursor
        .set    noreorder
1:      lw      $t1, 0($s4)
        bnez    $t1, 5f
        addiu   $s4, $s4, 4             # (delay slot) the entry is at $s4 - 4
4:      bne     $s4, $s5, 1b
        nop
        .set    reorder
        lw      $t0, pt_freeing
        beqz    $t0, 6f
        lui     $t0, 0x1fff             # the table's own frame
        ori     $t0, $t0, 0xffff
        and     $a0, $s0, $t0
        jal     frame_free
6:      lw      $s5, 4($sp)
        lw      $s4, 8($sp)
        lw      $s3, 12($sp)
        lw      $s2, 16($sp)
        lw      $s1, 20($sp)
        lw      $s0, 24($sp)
        lw      $ra, 28($sp)
        addiu   $sp, $sp, 32
        jr      $ra

5:      addiu   $t0, $s4, -4            # a non-empty entry: &entry
        subu    $t2, $t0, $s0
        srl     $t2, $t2, 2             # its index
        sll     $t3, $s1, 2
        lw      $t3, pt_shift($t3)
        sllv    $t2, $t2, $t3
        or      $t2, $t2, $s2           # its first VA
        lw      $t3, pt_levels
        addiu   $t3, $t3, -1
        beq     $s1, $t3, 7f
        andi    $t3, $t1, TBL_VALID     # an upper level: descend
        beqz    $t3, 4b
        srl     $a0, $t1, 12
        sll     $a0, $a0, 12
        lui     $t3, 0x8000
        or      $a0, $a0, $t3
        addiu   $a1, $s1, 1
        move    $a2, $t2
        move    $a3, $s3
        jal     pt_visit
        b       4b
7:      lw      $t3, pte_valid          # a leaf
        and     $t3, $t3, $t1
        beqz    $t3, 4b
        move    $a0, $t0
        move    $a1, $t2
        lw      $a2, pt_cookie
        jalr    $s3
        b       4b

# pt_free: free process $a0's address space: every page (but the kernel's
# exit stub), every table, and the process's TLB entries.
pt_free:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)
        sw      $s0, 0($sp)
        move    $s0, $a0
        li      $t0, 1
        sw      $t0, pt_freeing
        sw      $s0, pt_cookie
        lw      $a0, P_ROOT($s0)
        li      $a1, 0
        li      $a2, 0
        la      $a3, free_leaf
        jal     pt_visit
        sw      $zero, pt_freeing
        sw      $zero, P_ROOT($s0)
        move    $a0, $s0
        jal     tlb_flush_asid
        lw      $s0, 0($sp)
        lw      $ra, 4($sp)
        addiu   $sp, $sp, 8
        jr      $ra

free_leaf:                              # (&entry, VA, proc)
        lw      $t0, 0($a0)
        andi    $t1, $t0, PTE_NOFREE
        bnez    $t1, 1f
        srl     $a0, $t0, 12
        sll     $a0, $a0, 12
        j       frame_free              # (tail call)
1:      jr      $ra

# pt_copy: give process $a0 a copy of process $a1's address space: each
# page copied into a new frame (the exit stub is shared).  $v0 = 1, or 0 if
# memory ran out (what was copied stays in $a0's tables, to be freed).
pt_copy:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)
        sw      $zero, copy_failed
        sw      $a0, pt_cookie
        lw      $a0, P_ROOT($a1)
        li      $a1, 0
        li      $a2, 0
        la      $a3, copy_leaf
        jal     pt_visit
        lw      $v0, copy_failed
        xori    $v0, $v0, 1
        lw      $ra, 4($sp)
        addiu   $sp, $sp, 8
        jr      $ra

copy_leaf:                              # (&entry, VA, child)
        addiu   $sp, $sp, -24
        sw      $ra, 20($sp)
        sw      $s0, 16($sp)
        sw      $s1, 12($sp)
        sw      $s2, 8($sp)
        lw      $s0, 0($a0)             # the parent's entry
        move    $s1, $a1
        move    $s2, $a2
        lw      $t0, copy_failed
        bnez    $t0, 2f
        andi    $t0, $s0, PTE_NOFREE
        bnez    $t0, 1f                 # the exit stub: share it
        jal     frame_alloc
        beqz    $v0, 3f
        move    $a0, $v0
        srl     $a1, $s0, 12
        sll     $a1, $a1, 12
        andi    $s0, $s0, 0xfff
        or      $s0, $s0, $v0           # same bits, new frame
        jal     frame_copy
1:      move    $a0, $s2
        move    $a1, $s1
        move    $a2, $s0
        jal     pt_map
        bnez    $v0, 2f
3:      li      $t0, 1
        sw      $t0, copy_failed
2:      lw      $s2, 8($sp)
        lw      $s1, 12($sp)
        lw      $s0, 16($sp)
        lw      $ra, 20($sp)
        addiu   $sp, $sp, 24
        jr      $ra

# ---- the TLB ----------------------------------------------------------------------------------
# tlb_sync: after process $a0's entry for VA $a1 became $a2, make the TLB
# agree.  Soft TLB: rewrite the matching entry in place, if there is one.
# Walker: drop it (InvVA); the next access walks again.
tlb_sync:
        lw      $t0, mmu_walker
        beqz    $t0, 1f
        mtc0    $a1, $23                # InvVA
        jr      $ra
1:      srl     $t0, $a1, 12
        sll     $t0, $t0, 12
        lw      $t1, P_PID($a0)
        or      $t0, $t0, $t1
        mtc0    $t0, $10                # EntryHi = VPN | ASID
        tlbp
        mfc0    $t1, $0
        bltz    $t1, 2f                 # P: not in the TLB
        mtc0    $a2, $2
        tlbwi
2:      lw      $t0, curproc            # EntryHi's ASID is the running process's
        lw      $t0, P_PID($t0)
        mtc0    $t0, $10
        jr      $ra

# tlb_flush_asid: drop every TLB entry of process $a0's ASID.  Soft TLB
# only: the walker's entries are dropped page by page (InvVA) as the pages
# are freed.
tlb_flush_asid:
        lw      $t0, mmu_walker
        bnez    $t0, 3f
        lw      $t2, P_PID($a0)
        li      $t3, 0
1:      mtc0    $t3, $0                 # Index
        tlbr
        mfc0    $t0, $10
        andi    $t0, $t0, 0xff
        bne     $t0, $t2, 2f
        sll     $t0, $t3, 12            # an invalid entry no access can match:
        lui     $t1, 0x8000             # a kseg0 VPN of its own
        or      $t0, $t0, $t1
        mtc0    $t0, $10
        mtc0    $zero, $2
        tlbwi
2:      addiu   $t3, $t3, 1
        li      $t0, 64
        bne     $t3, $t0, 1b
        lw      $t0, curproc            # tlbr changed EntryHi's ASID: restore it
        lw      $t0, P_PID($t0)
        mtc0    $t0, $10
3:      jr      $ra

# ---- demand zero ---------------------------------------------------------------------------------
# zero_fill_region: $v0 = 1 if VA $a1 of process $a0 is in a region pages
# appear in on first touch: the stack, or the data segment up to the break.
zero_fill_region:
        lui     $t0, %hi(USER_STACK_MIN)
        sltu    $t1, $a1, $t0
        beqz    $t1, 2f                 # at or above the stack's lowest page
        lui     $t0, %hi(USER_DATA_SEG)
        sltu    $t1, $a1, $t0
        bnez    $t1, 1f
        lw      $t0, P_BRK($a0)
        addiu   $t0, $t0, 4095          # up to the break's page
        srl     $t0, $t0, 12
        sll     $t0, $t0, 12
        sltu    $v0, $a1, $t0
        jr      $ra
1:      li      $v0, 0
        jr      $ra
2:      li      $v0, 1
        jr      $ra

# map_zero_page: give VA $a1 of process $a0 a zeroed, writable page.
# $v0 = 1 done (or it was mapped already: the soft TLB held a stale entry,
# now refreshed), 0 out of memory, -1 mapped already on the walker (not a
# demand fault: the caller kills).
map_zero_page:
        addiu   $sp, $sp, -16
        sw      $ra, 12($sp)
        sw      $s0, 8($sp)
        sw      $s1, 4($sp)
        sw      $s2, 0($sp)
        move    $s0, $a0
        move    $s1, $a1
        lw      $a0, P_ROOT($s0)
        li      $a2, 1
        jal     pt_walk
        beqz    $v0, 9f
        move    $s2, $v0
        lw      $t0, 0($s2)
        lw      $t1, pte_valid
        and     $t1, $t1, $t0
        beqz    $t1, 1f
        li      $v0, -1                 # mapped already
        lw      $t1, mmu_walker
        bnez    $t1, 9f
        move    $a0, $s0
        move    $a1, $s1
        move    $a2, $t0
        jal     tlb_sync
        li      $v0, 1
        b       9f
1:      jal     frame_alloc_zero
        beqz    $v0, 9f
        move    $a0, $v0
        li      $a1, 1
        jal     pte_make
        sw      $v0, 0($s2)
        move    $a0, $s0
        move    $a1, $s1
        move    $a2, $v0
        jal     tlb_sync
        li      $v0, 1
9:      lw      $s2, 0($sp)
        lw      $s1, 4($sp)
        lw      $s0, 8($sp)
        lw      $ra, 12($sp)
        addiu   $sp, $sp, 16
        jr      $ra

# ---- the kernel's access to user memory -----------------------------------------------------------
# user_addr: $v0 = the kseg0 address of VA $a1 in process $a0 for reading
# ($a2 = 0) or writing ($a2 = 1), found in its page tables as the MMU would
# (a zero-fill page is created on first touch), or 0 if the process may not
# access it; then $v1 = 1 if the page is there but read-only, 0 if not.
# The kernel never touches user addresses directly: it runs with EXL set,
# where a TLB miss could not be taken the normal way.
user_addr:
        addiu   $sp, $sp, -20
        sw      $ra, 16($sp)
        sw      $s0, 12($sp)
        sw      $s1, 8($sp)
        sw      $s2, 4($sp)
        move    $s0, $a0
        move    $s1, $a1
        move    $s2, $a2
        bltz    $s1, 7f                 # not a user address
1:      lw      $a0, P_ROOT($s0)
        move    $a1, $s1
        li      $a2, 0
        jal     pt_walk
        beqz    $v0, 2f
        lw      $t0, 0($v0)
        lw      $t1, pte_valid
        and     $t1, $t1, $t0
        beqz    $t1, 2f
        beqz    $s2, 3f
        lw      $t1, pte_write
        and     $t1, $t1, $t0
        bnez    $t1, 3f
        li      $v1, 1                  # there, but read-only
        b       8f
3:      srl     $t0, $t0, 12
        sll     $t0, $t0, 12
        andi    $t1, $s1, 0xfff
        or      $v0, $t0, $t1
        lui     $t1, 0x8000
        or      $v0, $v0, $t1
        b       9f
2:      move    $a0, $s0                # not mapped: zero-fill?
        move    $a1, $s1
        jal     zero_fill_region
        beqz    $v0, 7f
        move    $a0, $s0
        move    $a1, $s1
        jal     map_zero_page
        blez    $v0, 7f
        b       1b
7:      li      $v1, 0                  # not there
8:      li      $v0, 0
9:      lw      $s2, 4($sp)
        lw      $s1, 8($sp)
        lw      $s0, 12($sp)
        lw      $ra, 16($sp)
        addiu   $sp, $sp, 20
        jr      $ra
