# boot.s -- from power-on to the first process.
#
# The boot loader (tlbvisor run) has put this kernel at PA 0, the boot-info
# block at BOOTINFO_PA and each program's pages after it, and starts us at
# __start in kernel mode.  We learn the memory size and the free frames from
# the boot-info block, the MMU from Config, set the page-table format, make
# one process per boot module, and eret into the first.

        .ktext
__start:
        la      $sp, kstack_top
        li      $t0, 1                  # the kernel is running (see general)
        sw      $t0, in_kernel
        la      $t0, procs              # curproc: the idle process, for now
        sw      $t0, curproc
        li      $t1, IDLE_STATUS
        sw      $t1, P_STATUS($t0)
        la      $t1, idle_loop
        sw      $t1, P_EPC($t0)

        lui     $s0, %hi(KTEXT_BASE | BOOTINFO_PA)   # the boot-info block, in kseg0
        lw      $t0, BI_MAGIC($s0)
        li      $t1, BOOT_MAGIC
        bne     $t0, $t1, no_bootinfo
        lw      $t0, BI_MEMSIZE($s0)
        sw      $t0, mem_top
        lw      $t0, BI_FREE($s0)
        sw      $t0, free_bump
        addiu   $t0, $s0, BI_STATS
        sw      $t0, stats_ptr

        # The MMU: Config.MT (bits 9:7) is 3 for the walker; its levels in bits 2:0.
        mfc0    $t0, $16
        srl     $t1, $t0, 7
        andi    $t1, $t1, 7
        li      $t2, 3
        beq     $t1, $t2, walker_mode
        # Soft TLB: two levels of 10 bits; leaves are EntryLo values; the
        # leaf tables are seen at PTEBASE in kseg2, where Context points.
        sw      $zero, mmu_walker
        li      $t0, 2
        la      $t1, split_2
        li      $t2, SOFT_V
        li      $t3, SOFT_D
        li      $t4, 0
        lui     $t5, %hi(PTEBASE)
        mtc0    $t5, $4                 # Context.PTEBase
        mtc0    $zero, $6               # Wired: none
        b       set_format
walker_mode:
        li      $t2, 1
        sw      $t2, mmu_walker
        andi    $t0, $t0, 7             # levels
        la      $t1, split_2
        li      $t2, 3
        bne     $t0, $t2, 1f
        la      $t1, split_3
1:      li      $t2, 4
        bne     $t0, $t2, 2f
        la      $t1, split_4
2:      li      $t2, WALK_P
        li      $t3, WALK_W
        li      $t4, WALK_U
set_format:
        sw      $t0, pt_levels
        sw      $t2, pte_valid
        sw      $t3, pte_write
        sw      $t4, pte_user
        la      $t2, pt_shift           # copy the split: 4 shifts, then 4 masks
        li      $t3, 8
3:      lw      $t4, 0($t1)
        sw      $t4, 0($t2)
        addiu   $t1, $t1, 4
        addiu   $t2, $t2, 4
        addiu   $t3, $t3, -1
        bnez    $t3, 3b

        # One process per boot module, pid 1 first.
        lw      $s1, BI_NMODS($s0)
        addiu   $s2, $s0, BI_MODS
4:      beqz    $s1, 5f
        move    $a0, $s2
        jal     proc_from_module
        addiu   $s2, $s2, MOD_SIZE
        addiu   $s1, $s1, -1
        b       4b
5:      jal     schedule                # the first runnable: pid 1
        j       trap_return

no_bootinfo:
        la      $a0, msg_nobootinfo
        jal     kputs
        li      $a0, 255
        j       power_off
