# proc.s -- processes: creation, the scheduler, exit, fork and wait.
#
# procs[0] is the idle process: it runs the idle loop in kernel mode when no
# process can run.  Every other slot holds a process or is free.  A
# process's pid is also its ASID, so the TLB can hold several address spaces
# at once; pids run from 1 to 255 and are reused once free (an exiting
# process's TLB entries are dropped first).
#
# Blocking is by restart: a system call that must wait (wait, a read with no
# input yet) leaves EPC on its syscall and marks the process not runnable;
# when it is woken it executes the syscall again.

        .ktext
# ---- proc_alloc: $v0 = a free slot, with a pid, or 0 ---------------------------------
proc_alloc:
        la      $v0, procs
        li      $t0, 1
        addiu   $v0, $v0, PROC_SIZE     # slot 0 is the idle process
1:      lw      $t1, P_STATE($v0)
        beqz    $t1, 2f
        addiu   $v0, $v0, PROC_SIZE
        addiu   $t0, $t0, 1
        li      $t1, NPROC
        bne     $t0, $t1, 1b
        li      $v0, 0
        jr      $ra
2:      move    $t2, $v0                # a free slot: clear it
        addiu   $t3, $v0, PROC_SIZE
3:      sw      $zero, 0($t2)
        addiu   $t2, $t2, 4
        bne     $t2, $t3, 3b
        # the next pid not in use (1..255)
4:      lw      $t0, next_pid
        addiu   $t1, $t0, 1
        li      $t2, 256
        bne     $t1, $t2, 5f
        li      $t1, 1
5:      sw      $t1, next_pid
        la      $t2, procs
        addiu   $t2, $t2, PROC_SIZE
        li      $t3, 1
6:      lw      $t4, P_STATE($t2)
        beqz    $t4, 7f
        lw      $t4, P_PID($t2)
        beq     $t4, $t0, 4b            # taken: try the next one
7:      addiu   $t2, $t2, PROC_SIZE
        addiu   $t3, $t3, 1
        li      $t4, NPROC
        bne     $t3, $t4, 6b
        sw      $t0, P_PID($v0)
        lw      $t0, stats_ptr
        lw      $t1, ST_PROCS($t0)
        addiu   $t1, $t1, 1
        sw      $t1, ST_PROCS($t0)
        jr      $ra

# proc_find: $v0 = the process with pid $a0 (not free), or 0.
proc_find:
        la      $v0, procs
        li      $t0, 0
1:      lw      $t1, P_STATE($v0)
        beqz    $t1, 2f
        lw      $t1, P_PID($v0)
        beq     $t1, $a0, 3f
2:      addiu   $v0, $v0, PROC_SIZE
        addiu   $t0, $t0, 1
        li      $t1, NPROC
        bne     $t0, $t1, 1b
        li      $v0, 0
3:      jr      $ra

# ---- proc_from_module: make a process of boot module $a0 ------------------------------
# Its pages were loaded by the boot loader: map them (text read-only), map
# the exit stub, give it a stack page with argc/argv, set its registers.
proc_from_module:
        addiu   $sp, $sp, -24
        sw      $ra, 20($sp)
        sw      $s0, 16($sp)
        sw      $s1, 12($sp)
        sw      $s2, 8($sp)
        sw      $s3, 4($sp)
        move    $s1, $a0
        jal     proc_alloc
        beqz    $v0, 9f
        move    $s0, $v0
        jal     frame_alloc_zero        # the root table
        beqz    $v0, 9f
        lui     $t0, 0x8000
        or      $v0, $v0, $t0
        sw      $v0, P_ROOT($s0)
        lw      $t2, M_NPAGES($s1)      # the loader's frames are the process's now
        jal     frames_used
        lw      $s2, M_PAGES($s1)       # the page list
        lw      $s3, M_NPAGES($s1)
1:      beqz    $s3, 2f
        lw      $a0, 4($s2)             # frame
        lw      $a1, 0($s2)
        andi    $a1, $a1, PG_WRITABLE
        jal     pte_make
        move    $a0, $s0
        lw      $a1, 0($s2)
        srl     $a1, $a1, 12
        sll     $a1, $a1, 12
        move    $a2, $v0
        jal     pt_map
        beqz    $v0, 9f
        addiu   $s2, $s2, PG_ENTRY_SIZE
        addiu   $s3, $s3, -1
        b       1b
2:      lw      $t0, M_NAME($s1)
        sw      $t0, P_NAME($s0)
        lw      $t0, M_BRK($s1)
        sw      $t0, P_BRK0($s0)
        sw      $t0, P_BRK($s0)
        lw      $t0, M_ENTRY($s1)
        sw      $t0, P_EPC($s0)
        move    $a0, $s0
        jal     proc_setup_user
        beqz    $v0, 9f
        li      $t0, PS_RUNNABLE
        sw      $t0, P_STATE($s0)
        lw      $t0, nalive
        addiu   $t0, $t0, 1
        sw      $t0, nalive
        move    $v0, $s0
        b       10f
9:      la      $a0, msg_nomodule       # cannot happen with a sane --mem
        jal     kputs
        li      $a0, KILL_NOMEM
        j       power_off
10:     lw      $s3, 4($sp)
        lw      $s2, 8($sp)
        lw      $s1, 12($sp)
        lw      $s0, 16($sp)
        lw      $ra, 20($sp)
        addiu   $sp, $sp, 24
        jr      $ra

# proc_setup_user: the exit stub, the first stack page with argc/argv and
# the initial registers of process $a0.  $v0 = 1, or 0 if out of memory.
proc_setup_user:
        addiu   $sp, $sp, -16
        sw      $ra, 12($sp)
        sw      $s0, 8($sp)
        sw      $s1, 4($sp)
        move    $s0, $a0
        la      $a0, user_stub          # the exit stub, read-only, never freed
        lui     $t0, 0x1fff
        ori     $t0, $t0, 0xffff
        and     $a0, $a0, $t0
        li      $a1, 0
        jal     pte_make
        ori     $a2, $v0, PTE_NOFREE
        move    $a0, $s0
        li      $a1, USER_STUB
        jal     pt_map
        beqz    $v0, 9f
        move    $a0, $s0                # the stack: argc, argv[0], NULL, NULL, name
        li      $a1, USER_SP
        li      $a2, 1
        jal     user_addr
        beqz    $v0, 9f
        move    $s1, $v0
        li      $t0, 1
        sw      $t0, 0($s1)             # argc
        li      $t0, USER_SP + 16
        sw      $t0, 4($s1)             # argv[0]
        sw      $zero, 8($s1)           # argv[1]
        sw      $zero, 12($s1)          # envp[0]
        lw      $t0, P_NAME($s0)        # the name, at most 63 bytes
        addiu   $t1, $s1, 16
        addiu   $t3, $s1, 16 + 63
1:      lbu     $t2, 0($t0)
        sb      $t2, 0($t1)
        beqz    $t2, 2f
        addiu   $t0, $t0, 1
        addiu   $t1, $t1, 1
        bne     $t1, $t3, 1b
        sb      $zero, 0($t1)
2:      li      $t0, USER_SP
        sw      $t0, P_REGS+R_SP($s0)
        li      $t0, USER_GP
        sw      $t0, P_REGS+R_GP($s0)
        li      $t0, 1
        sw      $t0, P_REGS+R_A0($s0)
        li      $t0, USER_SP + 4
        sw      $t0, P_REGS+R_A1($s0)
        li      $t0, USER_STUB
        sw      $t0, P_REGS+R_RA($s0)
        li      $t0, USER_STATUS
        sw      $t0, P_STATUS($s0)
        li      $v0, 1
9:      lw      $s1, 4($sp)
        lw      $s0, 8($sp)
        lw      $ra, 12($sp)
        addiu   $sp, $sp, 16
        jr      $ra

# ---- the scheduler -----------------------------------------------------------------------
# schedule: make the next runnable process after curproc current (round
# robin; curproc itself if it is the only one), or the idle process if all
# are waiting for input.  When no process is left, power off with pid 1's
# exit status.
schedule:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)
        lw      $t0, nalive
        beqz    $t0, shutdown
        lw      $t0, curproc
        la      $t1, procs
        li      $t2, NPROC * PROC_SIZE
        addu    $t2, $t2, $t1           # the end of the table
        li      $t3, NPROC
1:      addiu   $t0, $t0, PROC_SIZE
        bne     $t0, $t2, 2f
        addiu   $t0, $t1, PROC_SIZE     # wrap, past the idle process
2:      lw      $t4, P_STATE($t0)
        li      $t5, PS_RUNNABLE
        beq     $t4, $t5, 3f
        addiu   $t3, $t3, -1
        bnez    $t3, 1b
        la      $t0, procs              # nothing runnable: idle
3:      move    $a0, $t0
        jal     switch_to
        lw      $ra, 4($sp)
        addiu   $sp, $sp, 8
        jr      $ra

# switch_to: make process $a0 current: its ASID in EntryHi, its page tables
# in PTBR (walker), a fresh quantum on the timer.
switch_to:
        lw      $t0, curproc
        beq     $t0, $a0, 1f
        sw      $a0, curproc
        lw      $t0, stats_ptr
        lw      $t1, ST_SWITCHES($t0)
        addiu   $t1, $t1, 1
        sw      $t1, ST_SWITCHES($t0)
        lw      $t0, P_PID($a0)
        mtc0    $t0, $10                # EntryHi: the ASID
        lw      $t0, mmu_walker
        beqz    $t0, 1f
        lw      $t0, P_ROOT($a0)
        beqz    $t0, 1f                 # the idle process has none
        lui     $t1, 0x1fff
        ori     $t1, $t1, 0xffff
        and     $t0, $t0, $t1
        mtc0    $t0, $22                # PTBR
1:      mfc0    $t0, $9                 # Count
        addiu   $t0, $t0, QUANTUM
        mtc0    $t0, $11                # Compare (also clears the timer interrupt)
        jr      $ra

# shutdown: every process has ended.
shutdown:
        lw      $a0, first_status
        j       power_off

# ---- proc_exit: process $a0 ends with status $a1 -----------------------------------------
# Frees its memory, hands its children to nobody, becomes a zombie for its
# parent (or disappears), wakes the parent if it waits, and schedules.
proc_exit:
        addiu   $sp, $sp, -16
        sw      $ra, 12($sp)
        sw      $s0, 8($sp)
        sw      $s1, 4($sp)
        move    $s0, $a0
        move    $s1, $a1
        lw      $t0, P_PID($s0)
        li      $t1, 1
        bne     $t0, $t1, 1f
        sw      $s1, first_status
1:      move    $a0, $s0
        jal     pt_free
        la      $t0, procs              # orphan the children
        li      $t1, NPROC
        lw      $t2, P_PID($s0)
2:      lw      $t3, P_STATE($t0)
        beqz    $t3, 4f
        lw      $t3, P_PPID($t0)
        bne     $t3, $t2, 4f
        sw      $zero, P_PPID($t0)
        lw      $t3, P_STATE($t0)
        li      $t4, PS_ZOMBIE
        bne     $t3, $t4, 4f
        sw      $zero, P_STATE($t0)     # a zombie nobody will wait for
4:      addiu   $t0, $t0, PROC_SIZE
        addiu   $t1, $t1, -1
        bnez    $t1, 2b
        sw      $s1, P_XSTATUS($s0)
        lw      $t0, nalive
        addiu   $t0, $t0, -1
        sw      $t0, nalive
        sw      $zero, P_STATE($s0)     # gone, unless a parent will wait
        lw      $a0, P_PPID($s0)
        beqz    $a0, 5f
        jal     proc_find
        beqz    $v0, 5f
        li      $t0, PS_ZOMBIE
        sw      $t0, P_STATE($s0)
        lw      $t0, P_STATE($v0)
        li      $t1, PS_WAITING
        bne     $t0, $t1, 5f
        li      $t0, PS_RUNNABLE        # the parent runs its wait again
        sw      $t0, P_STATE($v0)
5:      jal     schedule
        lw      $s1, 4($sp)
        lw      $s0, 8($sp)
        lw      $ra, 12($sp)
        addiu   $sp, $sp, 16
        jr      $ra

# ---- wake_readers: console input arrived ---------------------------------------------------
wake_readers:
        la      $t0, procs
        li      $t1, NPROC
        li      $t3, PS_READING
        li      $t4, PS_RUNNABLE
1:      lw      $t2, P_STATE($t0)
        bne     $t2, $t3, 2f
        sw      $t4, P_STATE($t0)
2:      addiu   $t0, $t0, PROC_SIZE
        addiu   $t1, $t1, -1
        bnez    $t1, 1b
        li      $t0, CONSOLE            # no one waits now: no more interrupts
        sw      $zero, 8($t0)
        jr      $ra

# ---- the idle process ---------------------------------------------------------------------------
# Runs in kernel mode with interrupts on (IDLE_STATUS) when every process
# waits for input: wait sleeps until the console interrupt.
idle_loop:
        wait
        b       idle_loop
